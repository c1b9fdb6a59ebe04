//! The data that flows between the pipeline stages and out to the renderers.
//!
//! `Report` is the stable JSON contract of docs/design.md (`framelens/report@1`): renderers read
//! nothing else, and `report --scores` / "since the last report" read it back, so every type
//! here is both `Serialize` and `Deserialize`. Maps are `BTreeMap` so that output is
//! byte-for-byte deterministic.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The schema tag written into every `report.json`.
pub const SCHEMA: &str = "framelens/report@1";

/// How an outlet uses one mention of a frame. Precedence when several rules apply:
/// negated, then distanced, then quoted, then asserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// The outlet's own voice.
    Asserted,
    /// Inside a quotation longer than `scare_quote_max_words`: someone else's words.
    Quoted,
    /// A negator before it in the same clause, `non-`, or "Y rather than X".
    Negated,
    /// A distancer ("so-called") right before it, or scare quotes around it.
    Distanced,
}

impl Stance {
    /// All stances in the order the report lists them.
    pub const ALL: [Stance; 4] = [
        Stance::Asserted,
        Stance::Quoted,
        Stance::Negated,
        Stance::Distanced,
    ];

    /// The lowercase name used in JSON, CSV and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Asserted => "asserted",
            Stance::Quoted => "quoted",
            Stance::Negated => "negated",
            Stance::Distanced => "distanced",
        }
    }

    /// Endorsed mentions are the ones an outlet voices or reports without pushing back.
    pub fn is_endorsed(self) -> bool {
        matches!(self, Stance::Asserted | Stance::Quoted)
    }
}

/// Whose words a mention stands in: someone else's, in quotation marks (`direct`) or reported
/// without them (`reported`: a speech or cognition verb with its source, "according to", a
/// document as source). A mention in the outlet's own voice, or in scare quotes, has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attribution {
    Direct,
    Reported,
}

impl Attribution {
    /// The lowercase name used in JSON and the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribution::Direct => "direct",
            Attribution::Reported => "reported",
        }
    }
}

/// Counts of mentions per stance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StanceCounts {
    pub asserted: u64,
    pub quoted: u64,
    pub negated: u64,
    pub distanced: u64,
}

impl StanceCounts {
    pub fn add(&mut self, stance: Stance) {
        *self.get_mut(stance) += 1;
    }

    pub fn get(&self, stance: Stance) -> u64 {
        match stance {
            Stance::Asserted => self.asserted,
            Stance::Quoted => self.quoted,
            Stance::Negated => self.negated,
            Stance::Distanced => self.distanced,
        }
    }

    fn get_mut(&mut self, stance: Stance) -> &mut u64 {
        match stance {
            Stance::Asserted => &mut self.asserted,
            Stance::Quoted => &mut self.quoted,
            Stance::Negated => &mut self.negated,
            Stance::Distanced => &mut self.distanced,
        }
    }

    pub fn total(&self) -> u64 {
        self.asserted + self.quoted + self.negated + self.distanced
    }

    pub fn endorsed(&self) -> u64 {
        self.asserted + self.quoted
    }

    pub fn merge(&mut self, other: &StanceCounts) {
        for s in Stance::ALL {
            *self.get_mut(s) += other.get(s);
        }
    }
}

/// The whole report: what every renderer draws from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub title: String,
    /// The `[report].description` Markdown, as written in the config.
    #[serde(default)]
    pub description: Option<String>,
    pub frames: Vec<FrameInfo>,
    #[serde(default)]
    pub contrasts: Vec<ContrastInfo>,
    #[serde(default)]
    pub actors: Vec<ActorInfo>,
    pub outlets: Vec<OutletSummary>,
    pub articles: Articles,
    pub inputs: Inputs,
    /// What changed since the previous report in the output folder, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    /// Endorsed rates per outlet and frame over time, when articles carry dates.
    #[serde(default)]
    pub timeline: Timeline,
    /// How each term of the lexicon fared on this corpus.
    #[serde(default)]
    pub audit: LexiconAudit,
    /// How the passages in `articles[].mentions` were chosen from all the mentions counted.
    #[serde(default)]
    pub evidence: EvidenceSample,
    /// What produced this report: framelens version, config and input hashes.
    #[serde(default)]
    pub manifest: Manifest,
    /// The lexicon against hand coding (`[validation] coded`), as `framelens validate --json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
}

/// The passages a report keeps. Every mention is counted; at most `per_outlet_frame`
/// of them per outlet and frame keep their passage in `articles[].mentions`, chosen by a hash
/// of (path, offsets, frame): a uniform sample that is the same whatever the input order,
/// thread count or sharding. `framelens score` writes every mention with its passage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceSample {
    /// `[report].evidence_per_frame`; 0 keeps every passage.
    pub per_outlet_frame: u64,
    /// Mentions counted in the report.
    pub mentions: u64,
    /// Mentions kept with their passage.
    pub kept: u64,
}

/// What produced a report, so a reader can tell whether two reports rest on the same inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// `CARGO_PKG_VERSION` of the framelens that wrote the report.
    pub framelens_version: String,
    /// The config file, as reports show paths.
    pub config_path: String,
    /// SHA-256 of the config file's bytes, lower-case hex.
    pub config_sha256: String,
    /// Every input (used and skipped), by path.
    pub inputs: InputList,
}

/// One input file and the SHA-256 of its bytes (empty when the file could not be read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputHash {
    pub path: String,
    pub sha256: String,
    /// `used` or `skipped`.
    pub status: String,
}

impl InputHash {
    /// A skipped input as the manifest lists it.
    pub fn skipped(s: &Skipped) -> InputHash {
        InputHash {
            path: s.path.clone(),
            sha256: s.sha256.clone(),
            status: "skipped".into(),
        }
    }
}

/// Endorsed mentions over time: one series per outlet and frame.
///
/// Periods run without gaps from the first dated article to the last: calendar months
/// (`2021-12`) when the dates span more than ten weeks, else ISO weeks (`2021-W50`). A period
/// in which an outlet has no article has no rate (`null`), not a zero.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// `month` or `week`; empty when no article is dated.
    pub unit: String,
    pub periods: Vec<String>,
    /// Articles without a date, left out of the timeline.
    pub undated_articles: u64,
    pub outlets: Vec<OutletTimeline>,
}

/// One outlet's words and endorsed mentions per period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutletTimeline {
    pub outlet: String,
    /// Articles per period.
    pub articles: Vec<u64>,
    /// Words per period.
    pub words: Vec<u64>,
    /// Endorsed mentions per period, by frame id.
    pub endorsed: BTreeMap<String, Vec<u64>>,
    /// Endorsed mentions per 1,000 words per period, by frame id; `null` with no words.
    pub endorsed_rate_per_1k: BTreeMap<String, Vec<Option<f64>>>,
}

/// The lexicon against the corpus: which terms fire, on what, and which never do.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LexiconAudit {
    /// Every term of every frame, in config order, with its hits.
    pub terms: Vec<TermAudit>,
    /// Terms (compared case-insensitively) that more than one frame lists.
    pub shared_terms: Vec<SharedTerm>,
    /// Every `exclude` phrase, in config order, with how often it removed a match.
    pub exclusions: Vec<ExclusionAudit>,
    /// Terms whose precision against hand coding (`[validation] coded`) is below 0.8 on at
    /// least 10 coded rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub low_precision: Vec<LowPrecisionTerm>,
}

/// A term that hand coding found imprecise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LowPrecisionTerm {
    pub frame: String,
    pub term: String,
    pub precision: f64,
    pub coded: u64,
}

/// One term of one frame.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TermAudit {
    pub frame: String,
    pub term: String,
    /// Mentions this term produced (all stances).
    pub hits: u64,
    /// Endorsed mentions among them.
    pub endorsed: u64,
    /// Articles with at least one hit.
    pub articles: u64,
    /// For a stem (`interfer*`): each word it matched, lower-cased, with its count.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub words: BTreeMap<String, u64>,
}

/// A term listed by several frames: every match counts for each of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedTerm {
    pub term: String,
    pub frames: Vec<String>,
}

/// One `exclude` phrase of one frame.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusionAudit {
    pub frame: String,
    pub term: String,
    /// Times it matched in the corpus (each removes the frame's matches inside it).
    pub fired: u64,
}

/// "Since the last report": articles added and removed, and rates that moved by more than
/// their interval.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// Articles in the previous report.
    pub previous_articles: u64,
    /// Paths of articles new in this report.
    pub added: Vec<String>,
    /// Paths of articles that were in the previous report and are not in this one.
    pub removed: Vec<String>,
    /// Outlet × frame rates whose new value lies outside the old 95% interval.
    pub moved: Vec<RateMove>,
}

/// One outlet × frame rate that moved by more than its interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateMove {
    pub outlet: String,
    pub frame: String,
    pub old_rate_per_1k: f64,
    pub old_rate_ci95: [f64; 2],
    pub new_rate_per_1k: f64,
    pub new_rate_ci95: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameInfo {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The terms as written in the config (stems keep their `*`).
    #[serde(default)]
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContrastInfo {
    pub id: String,
    pub left: String,
    pub right: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorInfo {
    pub id: String,
    pub label: String,
}

/// One outlet's numbers, over all of its articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutletSummary {
    pub id: String,
    pub name: String,
    pub articles: u64,
    pub words: u64,
    /// Articles per language (ISO 639-1 code).
    #[serde(default)]
    pub languages: BTreeMap<String, u64>,
    /// Keyed by frame id; every configured frame is present.
    pub frames: BTreeMap<String, OutletFrameStats>,
    /// Contrast index per contrast id; `null` when both sides have no endorsed mention.
    pub contrasts: BTreeMap<String, Option<f64>>,
    /// 95% interval of each contrast index (Wilson on left / (left + right), mapped to
    /// [-1, 1]); `null` where the index is.
    #[serde(default)]
    pub contrasts_ci95: BTreeMap<String, Option<[f64; 2]>>,
    /// Fewer than 3 articles or 1,000 words: the numbers rest on little text.
    #[serde(default)]
    pub thin_evidence: bool,
    /// Whose words the outlet relays, against its own voice (counted mentions only).
    #[serde(default)]
    pub voices: Voices,
}

/// One outlet's voices: the sources of its attributed mentions and the frames their words
/// carry, beside the frames of its own voice. Only mentions that count (in scope) are here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Voices {
    /// Mentions in the outlet's own voice (no attribution), by frame id; every frame present.
    pub own: BTreeMap<String, u64>,
    /// Attributed mentions (direct or reported).
    pub attributed: u64,
    /// Attributed mentions whose source was not found (speaker `null`).
    pub unknown_speaker: u64,
    /// Speakers, most mentions first (ties by name): every actor that speaks, and the
    /// [`VOICES_MAX_SOURCES`] most frequent other sources.
    pub speakers: Vec<SpeakerVoice>,
    /// Attributed mentions of the other sources, beyond those listed.
    pub other_sources: u64,
}

/// How many sources that are not actors [`Voices::speakers`] lists per outlet.
pub const VOICES_MAX_SOURCES: usize = 12;

/// One speaker in an outlet's coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SpeakerVoice {
    /// An actor id, or the source as written.
    pub speaker: String,
    /// True when `speaker` is an actor id.
    pub actor: bool,
    /// Attributed mentions with this speaker.
    pub mentions: u64,
    /// `mentions` / the outlet's attributed mentions, and its Wilson 95% interval.
    pub share: f64,
    pub share_ci95: [f64; 2],
    /// The speaker's mentions by frame id (only frames with any).
    pub frames: BTreeMap<String, u64>,
}

/// One outlet × one frame.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutletFrameStats {
    /// All mentions, whatever their stance.
    pub mentions: u64,
    /// Mentions left out by the frame's `about` (not in `mentions`, nor anywhere else).
    #[serde(default)]
    pub out_of_scope: u64,
    /// `asserted + quoted`.
    pub endorsed: u64,
    /// Mentions per 1,000 words (all stances).
    pub rate_per_1k: f64,
    /// 95% interval of `rate_per_1k`, with clustering by article
    /// (`stats::clustered_rate_per_1k_ci95`).
    pub rate_ci95: [f64; 2],
    /// Endorsed mentions per 1,000 words.
    pub endorsed_rate_per_1k: f64,
    /// 95% interval of `endorsed_rate_per_1k`, with clustering by article.
    #[serde(default)]
    pub endorsed_rate_ci95: [f64; 2],
    pub stance: StanceCounts,
    /// Endorsed mentions by actor id (a mention with two actors counts for both).
    #[serde(default)]
    pub actors: BTreeMap<String, u64>,
    /// Articles with at least one endorsed mention.
    #[serde(default)]
    pub articles_endorsing: u64,
    /// `articles_endorsing` / the outlet's articles.
    #[serde(default)]
    pub articles_endorsing_share: f64,
    /// Wilson 95% interval of `articles_endorsing_share`.
    #[serde(default)]
    pub articles_endorsing_share_ci95: [f64; 2],
    /// Mentions (all stances) per article.
    #[serde(default)]
    pub mean_per_article: f64,
    /// Mentions in the headline.
    #[serde(default)]
    pub headline_mentions: u64,
    /// Mentions in the lead (the first paragraph after the headline).
    #[serde(default)]
    pub lead_mentions: u64,
    /// This outlet's endorsed use of the frame against all other outlets together; absent when
    /// the report has a single outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyness: Option<Keyness>,
}

/// Keyness of a frame for one outlet against all the other outlets, on endorsed counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Keyness {
    /// Signed log-likelihood G2: positive when the outlet uses the frame relatively more.
    pub g2: f64,
    /// log2 of the ratio of relative frequencies (0.5 stands in for a zero count).
    pub log_ratio: f64,
    /// p-value of G2 (chi-square, 1 degree of freedom).
    pub p: f64,
    /// `p` after Holm correction over the outlet's frames.
    pub p_holm: f64,
    /// `p_holm < 0.05`, and not carried by one article (see `aggregate::add_keyness`).
    pub significant: bool,
    /// The article-level dispersion G2 was divided by (1: no more variation than Poisson).
    #[serde(default = "one")]
    pub dispersion: f64,
}

/// Serde default of [`Keyness::dispersion`] in reports written before it existed.
fn one() -> f64 {
    1.0
}

/// Per-article counts of one frame.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrameCounts {
    pub mentions: u64,
    pub endorsed: u64,
    pub stance: StanceCounts,
    /// Mentions of a frame with `about` that are not about those actors: counted nowhere else.
    #[serde(default)]
    pub out_of_scope: u64,
}

impl FrameCounts {
    /// Counts one mention with `stance`; one that is out of its frame's scope (`in_scope`
    /// false) counts only as that.
    pub fn count(&mut self, stance: Stance, in_scope: Option<bool>) {
        if in_scope == Some(false) {
            self.out_of_scope += 1;
        } else {
            self.mentions += 1;
            self.stance.add(stance);
            self.endorsed += u64::from(stance.is_endorsed());
        }
    }
}

/// What cleaning removed from one article before counting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// Lines cut by an outlet boilerplate marker (the marker line and everything after it).
    pub boilerplate_lines: u64,
    /// Paragraphs dropped because they repeat an earlier paragraph word for word.
    pub duplicate_paragraphs: u64,
    /// The first words of the cut boilerplate, so a reader can see what went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boilerplate_preview: Option<String>,
    /// Photo caption paragraphs dropped (`[cleaning] captions`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub captions: u64,
    /// Subscription and sharing prompt lines dropped (`[cleaning] prompts`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub prompts: u64,
    /// Short non-sentence lines dropped from the end (`[cleaning] trailing_short_lines`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub trailing_lines: u64,
    /// The first words of each block the `[cleaning]` rules removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_preview: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleReport {
    /// The input path as given (relative to the working directory when possible, `/` separators).
    pub path: String,
    pub outlet: String,
    pub title: String,
    /// ISO `YYYY-MM-DD`, when the article carries a date.
    pub date: Option<String>,
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unicode words (UAX #29) of the cleaned text; Chinese and Japanese text counts its
    /// segmented words ([`crate::score::cjk`]).
    pub words: u64,
    /// ISO 639-1 code of the language the article was read in ([`crate::lang`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// What of the article's structure its text showed: a headline, paragraph breaks. None
    /// in score files written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<Sections>,
    pub removed: Removed,
    /// Keyed by frame id; only frames with at least one mention.
    pub frames: BTreeMap<String, FrameCounts>,
    pub mentions: Vec<MentionReport>,
    /// SHA-256 of the input file's bytes, lower-case hex.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// How often each `exclude` phrase matched, keyed `frame/term`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exclusions_fired: BTreeMap<String, u64>,
    /// How the file was read, when the reader should know (a legacy encoding decoded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Paths of later inputs skipped as copies of this article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub twins: Vec<String>,
}

/// The structure an article's text showed, on which its headline and lead numbers rest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sections {
    /// A headline stands in the text (the title as its first line, or a marked heading).
    pub headline: bool,
    /// Paragraphs of the body, the headline not counted.
    pub paragraphs: u64,
    /// A lead could be told from the rest of the body: two paragraphs or more, or one short
    /// enough to be all lead (a brief of at most [`crate::score::LEAD_MAX_WORDS`] words).
    /// False for a long text without paragraph breaks: no mention of it is in a lead.
    pub lead: bool,
}

/// The articles of a report, in path order.
///
/// A small report, or one read back from JSON, holds them in memory ([`Articles::in_memory`],
/// [`Articles::iter`], indexing). A large run moves them to a temporary file as it goes (see
/// [`crate::spill`]): then only [`Articles::each`], [`Articles::paths`], [`Articles::len`] and
/// the store itself ([`Articles::store`], from which `report.json` and `report.csv` are
/// written) see them, and asking for them in memory is a bug that panics, never an empty list.
#[derive(Debug, Clone, Default)]
pub struct Articles {
    rows: Vec<ArticleReport>,
    store: Option<Arc<dyn ArticleStore>>,
}

/// Where a large run keeps its articles instead of in memory: rows in path order, read back
/// on demand. [`crate::spill::Spill`] is the one kept in temporary files; the model knows
/// only this interface, so it depends on no storage.
pub trait ArticleStore: std::fmt::Debug + Send + Sync {
    /// The number of articles.
    fn len(&self) -> usize;
    /// No articles.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Every article in path order. Each call reads the store anew.
    fn rows(&self) -> Box<dyn Iterator<Item = std::io::Result<ArticleReport>> + '_>;
    /// Every article's path in path order, without reading back the rest of its row.
    fn paths(&self) -> Box<dyn Iterator<Item = std::io::Result<String>> + '_>;
    /// (path, SHA-256) of every article in path order, for the manifest.
    fn hashes(&self) -> Box<dyn Iterator<Item = std::io::Result<(String, String)>> + '_>;
    /// The articles an HTML or Markdown page lists (see [`Articles::shown`]).
    fn shown(&self, first: usize) -> std::io::Result<Vec<ArticleReport>>;
    /// The store as [`std::any::Any`], for a writer that knows a store's own format.
    fn as_any(&self) -> &dyn std::any::Any;
}

impl Articles {
    /// Articles kept in a store instead of memory.
    pub fn stored(store: impl ArticleStore + 'static) -> Articles {
        Articles {
            rows: Vec::new(),
            store: Some(Arc::new(store)),
        }
    }

    /// The number of articles, wherever they are kept.
    pub fn len(&self) -> usize {
        self.store.as_ref().map_or(self.rows.len(), |s| s.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The articles of a report held in memory.
    ///
    /// # Panics
    /// When the articles were spilled to a file: read them with [`Articles::each`].
    pub fn in_memory(&self) -> &[ArticleReport] {
        assert!(
            self.store.is_none(),
            "the articles are in a spill file: read them with Articles::each"
        );
        &self.rows
    }

    /// [`Articles::in_memory`], to change them.
    pub fn in_memory_mut(&mut self) -> &mut Vec<ArticleReport> {
        assert!(
            self.store.is_none(),
            "the articles are in a spill file: read them with Articles::each"
        );
        &mut self.rows
    }

    /// The articles of a report held in memory ([`Articles::in_memory`]).
    pub fn iter(&self) -> std::slice::Iter<'_, ArticleReport> {
        self.in_memory().iter()
    }

    /// The articles an HTML or Markdown page lists: the first `first` by path and those that
    /// hold evidence (for articles in memory, all of them).
    pub fn shown(&self, first: usize) -> std::io::Result<Vec<ArticleReport>> {
        match &self.store {
            Some(store) => store.shown(first),
            None => Ok(self.rows.clone()),
        }
    }

    /// True when the articles are in a spill file rather than in memory.
    pub fn is_spilled(&self) -> bool {
        self.store.is_some()
    }

    /// The store that holds the articles, when they are not in memory.
    pub fn store(&self) -> Option<&dyn ArticleStore> {
        self.store.as_deref()
    }

    /// Every article's path in path order, without reading back the rest of a spilled row.
    pub fn paths(&self) -> Box<dyn Iterator<Item = std::io::Result<Cow<'_, str>>> + '_> {
        match &self.store {
            Some(store) => Box::new(store.paths().map(|r| r.map(Cow::Owned))),
            None => Box::new(self.rows.iter().map(|a| Ok(Cow::Borrowed(a.path.as_str())))),
        }
    }

    /// Every article in path order, borrowed from memory or read back from the spill file.
    pub fn each(&self) -> Box<dyn Iterator<Item = std::io::Result<Cow<'_, ArticleReport>>> + '_> {
        match &self.store {
            Some(store) => Box::new(store.rows().map(|r| r.map(Cow::Owned))),
            None => Box::new(self.rows.iter().map(|a| Ok(Cow::Borrowed(a)))),
        }
    }
}

impl FromIterator<ArticleReport> for Articles {
    fn from_iter<I: IntoIterator<Item = ArticleReport>>(iter: I) -> Articles {
        Articles::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl From<Vec<ArticleReport>> for Articles {
    fn from(rows: Vec<ArticleReport>) -> Articles {
        Articles { rows, store: None }
    }
}

impl std::ops::Index<usize> for Articles {
    type Output = ArticleReport;
    /// The `i`th article of a report held in memory ([`Articles::in_memory`]).
    fn index(&self, i: usize) -> &ArticleReport {
        &self.in_memory()[i]
    }
}

impl std::ops::IndexMut<usize> for Articles {
    fn index_mut(&mut self, i: usize) -> &mut ArticleReport {
        &mut self.in_memory_mut()[i]
    }
}

impl PartialEq for Articles {
    fn eq(&self, other: &Articles) -> bool {
        self.len() == other.len() && same_items(self.each(), other.each())
    }
}

impl Serialize for Articles {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_items(s, self.len(), self.each())
    }
}

impl<'de> Deserialize<'de> for Articles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Articles, D::Error> {
        Vec::deserialize(d).map(Articles::from)
    }
}

/// Two streams of items are equal item for item (a read error is never equal).
fn same_items<'a, 'b, T: PartialEq + Clone + 'a + 'b>(
    a: impl Iterator<Item = std::io::Result<Cow<'a, T>>>,
    b: impl Iterator<Item = std::io::Result<Cow<'b, T>>>,
) -> bool {
    a.zip(b)
        .all(|(a, b)| matches!((a, b), (Ok(a), Ok(b)) if a == b))
}

/// Serialises a stream of items as a sequence of `len`, as it is read.
fn serialize_items<'a, S: serde::Serializer, T: Serialize + Clone + 'a>(
    s: S,
    len: usize,
    items: impl Iterator<Item = std::io::Result<Cow<'a, T>>>,
) -> Result<S::Ok, S::Error> {
    use serde::ser::{Error, SerializeSeq};
    let mut seq = s.serialize_seq(Some(len))?;
    for item in items {
        seq.serialize_element(&*item.map_err(S::Error::custom)?)?;
    }
    seq.end()
}

/// Every input of a report with its hash, by path: in memory, or made as it is read from the
/// used articles (in a spill file) and the skipped inputs.
#[derive(Debug, Clone, Default)]
pub struct InputList {
    rows: Vec<InputHash>,
    /// The stored articles (all used) and the skipped inputs, both by path.
    spill: Option<(Arc<dyn ArticleStore>, SkippedList)>,
}

impl InputList {
    /// The inputs of spilled articles and `skipped` (skipped inputs, by path), merged by path.
    pub fn spilled(articles: &Articles, skipped: &SkippedList) -> InputList {
        InputList {
            rows: Vec::new(),
            spill: articles.store.clone().map(|s| (s, skipped.clone())),
        }
    }

    pub fn len(&self) -> usize {
        self.spill
            .as_ref()
            .map_or(self.rows.len(), |(a, s)| a.len() + s.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every input, by path (a used article before a skipped input of the same path).
    pub fn each(&self) -> Box<dyn Iterator<Item = std::io::Result<Cow<'_, InputHash>>> + '_> {
        let Some((spill, skipped)) = &self.spill else {
            return Box::new(self.rows.iter().map(|i| Ok(Cow::Borrowed(i))));
        };
        let used = spill.hashes().map(|r| {
            r.map(|(path, sha256)| InputHash {
                path,
                sha256,
                status: "used".into(),
            })
        });
        let skipped = skipped.iter().map(InputHash::skipped);
        let mut used = used.peekable();
        let mut skipped = skipped.peekable();
        Box::new(std::iter::from_fn(move || {
            let take_used = match (used.peek(), skipped.peek()) {
                (None, None) => return None,
                (Some(Err(_)), _) | (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(Ok(u)), Some(s)) => (&u.path, &u.status) <= (&s.path, &s.status),
            };
            if take_used {
                used.next().map(|r| r.map(Cow::Owned))
            } else {
                skipped.next().map(|i| Ok(Cow::Owned(i)))
            }
        }))
    }
}

impl From<Vec<InputHash>> for InputList {
    fn from(rows: Vec<InputHash>) -> InputList {
        InputList { rows, spill: None }
    }
}

impl std::ops::Deref for InputList {
    type Target = Vec<InputHash>;
    fn deref(&self) -> &Vec<InputHash> {
        &self.rows
    }
}

impl PartialEq for InputList {
    fn eq(&self, other: &InputList) -> bool {
        self.len() == other.len() && same_items(self.each(), other.each())
    }
}

impl Serialize for InputList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_items(s, self.len(), self.each())
    }
}

impl<'de> Deserialize<'de> for InputList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<InputList, D::Error> {
        Vec::deserialize(d).map(InputList::from)
    }
}

/// A name from the config (a frame's or an actor's id, a term) as a mention carries it. A run
/// borrows the one copy of each name ([`intern`]), so a mention costs no allocation for its
/// names, nor a free on the thread that drops it; a mention read back from JSON owns its
/// copy. Both serialise the same.
pub type Name = std::borrow::Cow<'static, str>;

/// The one `'static` copy of `name`, made the first time it is asked for and kept for the
/// rest of the process: names come from configs, so there are few of them, and loading the
/// same config again (as tests do) adds none.
pub fn intern(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    match names.get(name) {
        Some(&kept) => kept,
        None => {
            let kept: &'static str = Box::leak(name.into());
            names.insert(kept);
            kept
        }
    }
}

/// Part of what a mention carries (its matched text, its snippet, its actor ids), either a
/// value of its own or a range of a buffer that all of an article's mentions share. A run
/// puts the texts of all of an article's mentions in one `Arc<str>`, and their actor ids in
/// one `Arc<[Name]>`, so that making a mention allocates nothing, and dropping the article
/// frees two buffers, not three values a mention. A mention read back from JSON, or made by
/// hand, owns its values. Either way it is a `T` ([`Deref`](std::ops::Deref)), compares and
/// serialises as one.
pub struct Shared<T: ?Sized + ToOwned>(SharedRepr<T>);

enum SharedRepr<T: ?Sized + ToOwned> {
    Own(T::Owned),
    /// `buf[start..end]`.
    Part(std::sync::Arc<T>, usize, usize),
}

/// A mention's matched text or snippet.
pub type Excerpt = Shared<str>;

/// A mention's actor ids.
pub type ActorIds = Shared<[Name]>;

impl<T> Shared<T>
where
    T: ?Sized + ToOwned + std::ops::Index<std::ops::Range<usize>, Output = T>,
{
    /// `buf[range]` (for a `str`, on character boundaries, as `&buf[range]` needs).
    pub fn part(buf: &std::sync::Arc<T>, range: std::ops::Range<usize>) -> Self {
        let _ = &buf[range.clone()];
        Shared(SharedRepr::Part(buf.clone(), range.start, range.end))
    }

    /// The same value, owned: a mention kept long after its article (in the evidence sample)
    /// should not keep the whole article's buffer.
    pub fn detached(self) -> Self {
        match self.0 {
            SharedRepr::Own(_) => self,
            SharedRepr::Part(..) => Shared(SharedRepr::Own((*self).to_owned())),
        }
    }

    /// A part of a shared buffer.
    #[cfg(test)]
    pub(crate) fn is_shared(&self) -> bool {
        matches!(self.0, SharedRepr::Part(..))
    }

    /// Both are parts of one shared buffer.
    #[cfg(test)]
    pub(crate) fn same_buffer(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (SharedRepr::Part(a, ..), SharedRepr::Part(b, ..)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Shared<str> {
    pub fn as_str(&self) -> &str {
        self
    }
}

impl<T> std::ops::Deref for Shared<T>
where
    T: ?Sized + ToOwned + std::ops::Index<std::ops::Range<usize>, Output = T>,
{
    type Target = T;
    fn deref(&self) -> &T {
        use std::borrow::Borrow;
        match &self.0 {
            SharedRepr::Own(v) => v.borrow(),
            SharedRepr::Part(buf, start, end) => &buf[*start..*end],
        }
    }
}

impl<T: ?Sized + ToOwned> Clone for Shared<T>
where
    T::Owned: Clone,
{
    fn clone(&self) -> Self {
        Shared(match &self.0 {
            SharedRepr::Own(v) => SharedRepr::Own(v.clone()),
            SharedRepr::Part(buf, start, end) => SharedRepr::Part(buf.clone(), *start, *end),
        })
    }
}

impl<T: ?Sized + ToOwned> Default for Shared<T>
where
    T::Owned: Default,
{
    fn default() -> Self {
        Shared(SharedRepr::Own(Default::default()))
    }
}

impl AsRef<str> for Excerpt {
    fn as_ref(&self) -> &str {
        self
    }
}

impl From<String> for Excerpt {
    fn from(s: String) -> Self {
        Shared(SharedRepr::Own(s))
    }
}

impl From<&str> for Excerpt {
    fn from(s: &str) -> Self {
        Shared(SharedRepr::Own(s.to_string()))
    }
}

impl From<Vec<Name>> for ActorIds {
    fn from(v: Vec<Name>) -> Self {
        Shared(SharedRepr::Own(v))
    }
}

impl FromIterator<Name> for ActorIds {
    fn from_iter<I: IntoIterator<Item = Name>>(iter: I) -> Self {
        Shared(SharedRepr::Own(iter.into_iter().collect()))
    }
}

impl<'a> IntoIterator for &'a ActorIds {
    type Item = &'a Name;
    type IntoIter = std::slice::Iter<'a, Name>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> std::fmt::Debug for Shared<T>
where
    T: ?Sized + ToOwned + std::ops::Index<std::ops::Range<usize>, Output = T> + std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl std::fmt::Display for Excerpt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T> PartialEq for Shared<T>
where
    T: ?Sized + ToOwned + std::ops::Index<std::ops::Range<usize>, Output = T> + PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T> Eq for Shared<T> where
    T: ?Sized + ToOwned + std::ops::Index<std::ops::Range<usize>, Output = T> + Eq
{
}

impl PartialEq<str> for Excerpt {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Excerpt {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Excerpt> for str {
    fn eq(&self, other: &Excerpt) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Excerpt> for &str {
    fn eq(&self, other: &Excerpt) -> bool {
        *self == other.as_str()
    }
}

impl<T> Serialize for Shared<T>
where
    T: ?Sized + ToOwned + std::ops::Index<std::ops::Range<usize>, Output = T> + Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de, T> Deserialize<'de> for Shared<T>
where
    T: ?Sized + ToOwned,
    T::Owned: Deserialize<'de>,
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::Owned::deserialize(d).map(|v| Shared(SharedRepr::Own(v)))
    }
}

/// One mention: the evidence behind every number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionReport {
    pub frame: Name,
    /// The term of the config that matched, as written there (`interfer*`).
    pub term: Name,
    /// The matched text as it stands in the article.
    pub text: Excerpt,
    pub stance: Stance,
    /// Actor ids named in the same sentence, in config order.
    pub actors: ActorIds,
    /// Byte offsets of the match in the original file (for a file not in UTF-8, in its
    /// UTF-8 decoding; for a CSV/JSONL row, in the row's text field).
    pub start: usize,
    pub end: usize,
    /// The sentence that holds the mention, in the original text (whitespace runs folded to one space).
    pub snippet: Excerpt,
    /// Byte range of the matched text inside `snippet`.
    pub highlight: [usize; 2],
    /// True when the mention is in the headline.
    #[serde(default)]
    pub headline: bool,
    /// True when the mention is in the lead: the first paragraph after the headline.
    #[serde(default)]
    pub lead: bool,
    /// Whose words the mention stands in; `None` (JSON `null`): the outlet's own voice.
    #[serde(default)]
    pub attribution: Option<Attribution>,
    /// Who speaks an attributed mention: an actor id, else the source as written; `None` when
    /// the mention is not attributed or its source cannot be found.
    #[serde(default)]
    pub speaker: Option<Name>,
    /// Only for a frame with `about`: whether the mention is about one of those actors. A
    /// mention out of scope (`Some(false)`) is kept here but counted nowhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_scope: Option<bool>,
}

impl MentionReport {
    /// Counted in the numbers: not left out by its frame's `about`.
    pub fn counts(&self) -> bool {
        self.in_scope != Some(false)
    }
}

/// The skipped inputs, by path: one list that `inputs.skipped` and the manifest's inputs
/// ([`InputList`]) share, so that a run with many duplicates holds each entry once. Read as a
/// slice; [`SkippedList::push`] copies the list only while it is shared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SkippedList(Arc<Vec<Skipped>>);

impl SkippedList {
    pub fn push(&mut self, s: Skipped) {
        Arc::make_mut(&mut self.0).push(s);
    }

    /// The entries, copied only when the list is still shared.
    pub fn into_vec(self) -> Vec<Skipped> {
        Arc::unwrap_or_clone(self.0)
    }
}

impl From<Vec<Skipped>> for SkippedList {
    fn from(list: Vec<Skipped>) -> SkippedList {
        SkippedList(Arc::new(list))
    }
}

impl std::ops::Deref for SkippedList {
    type Target = [Skipped];
    fn deref(&self) -> &[Skipped] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a SkippedList {
    type Item = &'a Skipped;
    type IntoIter = std::slice::Iter<'a, Skipped>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Serialize for SkippedList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for SkippedList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SkippedList, D::Error> {
        Vec::deserialize(d).map(SkippedList::from)
    }
}

/// Accounting of every input path: each is used or skipped with a reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    pub read: u64,
    pub used: u64,
    pub skipped: SkippedList,
    /// Used articles whose long text had no paragraph breaks: no mention of theirs is in a
    /// lead.
    #[serde(default)]
    pub without_paragraphs: u64,
    /// Used articles with no headline in their text: none of theirs is in a headline.
    #[serde(default)]
    pub without_headline: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
    /// SHA-256 of the file's bytes when it was read; empty when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// The path of the earlier article this one repeats, when skipped as a duplicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// What became of one input (a file, or a row of an export).
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `{"skipped": {...}}` in a score file.
    Skipped(Skipped),
    /// A scored article: one line of a score file.
    Article(Box<ArticleReport>),
}
// Validation against hand coding (`framelens validate`, and a report's `validation`).

/// Everything `validate --json` writes; the report's `validation` has the same shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    pub schema: String,
    /// Rows read from the coded sheets (blank rows aside).
    pub rows: u64,
    /// The coders named in the sheets, sorted.
    pub coders: Vec<String>,
    /// Every configured frame, by id.
    pub frames: BTreeMap<String, FrameValidation>,
    /// Terms with at least one row coded `in_frame`, keyed `frame/term`.
    pub terms: BTreeMap<String, TermValidation>,
    pub stance: StanceValidation,
    /// Krippendorff's alpha (nominal) of the coders' stances, over mentions with a stance
    /// from more than one coder; `null` when there are none (or no variation).
    pub coders_alpha: Option<f64>,
    /// The same for `in_frame`.
    #[serde(default)]
    pub coders_alpha_in_frame: Option<f64>,
    /// Mentions and sentences coded by more than one coder.
    #[serde(default)]
    pub units_multiply_coded: u64,
    /// Joined rows with neither `in_frame` nor `stance` filled in: not coded yet.
    #[serde(default)]
    pub uncoded: u64,
    /// Sentences with no mention: in the corpus, and coded rows of them.
    #[serde(default)]
    pub unmatched: UnmatchedValidation,
    /// Rows that did not join, with the first few and why.
    #[serde(default)]
    pub unjoined: Unjoined,
    /// `frame/term` of terms whose precision is below 0.8 on at least 10 coded rows.
    #[serde(default)]
    pub low_precision_terms: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrameValidation {
    /// Rows of the frame's mentions coded `in_frame` yes or no.
    pub coded: u64,
    /// Share of them coded yes.
    pub precision: Option<f64>,
    pub precision_ci95: Option<[f64; 2]>,
    /// Estimated share of the frame's uses in the corpus that the tool finds.
    pub recall: Option<f64>,
    pub recall_ci95: Option<[f64; 2]>,
    /// The tool's mentions of the frame in the corpus.
    #[serde(default)]
    pub mentions: u64,
    /// Coded sentences with no mention that coders marked with this frame.
    #[serde(default)]
    pub missed: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TermValidation {
    pub coded: u64,
    pub precision: Option<f64>,
    #[serde(default)]
    pub precision_ci95: Option<[f64; 2]>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StanceValidation {
    /// Joined mention rows with a coder's stance.
    pub coded: u64,
    /// Share of them where the tool's stance is the coder's.
    pub agreement: Option<f64>,
    pub agreement_ci95: Option<[f64; 2]>,
    /// Cohen's kappa between the tool and the coders.
    pub kappa: Option<f64>,
    /// Rows by the coder's stance, then the tool's.
    pub confusion: BTreeMap<String, BTreeMap<String, u64>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnmatchedValidation {
    /// Sentences with no mention of any frame in the corpus.
    pub sentences: u64,
    /// Coded rows of such sentences (`in_frame` yes or no).
    pub coded: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Unjoined {
    pub count: u64,
    /// The first rows that did not join, in sheet order.
    pub first: Vec<UnjoinedRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnjoinedRow {
    pub file: String,
    pub line: u64,
    pub reason: String,
}
