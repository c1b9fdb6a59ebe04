//! From scored articles to the report: per-outlet sums, rates, intervals, contrasts,
//! keyness, the timeline and the manifest.
//!
//! Everything here is a pure function of the scored articles and the config, in a fixed
//! order (articles by path, outlets in config order, maps sorted by key), so the same inputs
//! always give the same report whatever order the files were read in.

use crate::config::{Config, UNASSIGNED};
use crate::model::{
    ActorInfo, ArticleReport, Articles, ContrastInfo, EvidenceSample, FrameInfo, InputHash,
    InputList, Inputs, Keyness, Manifest, MentionReport, OutletFrameStats, OutletSummary,
    OutletTimeline, Report, Skipped, StanceCounts, Timeline, SCHEMA,
};
use crate::spill::EvidenceArticle;
use crate::stats;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

/// At most this many passages per outlet and frame are shown in the HTML and Markdown
/// reports; a page of a hundred thousand passages helps no reader. `report.json` keeps
/// `[report].evidence_per_frame` of them (100 unless set), and every count is over all.
pub const EVIDENCE_PER_FRAME: usize = 100;

/// An outlet with fewer articles than this is thin evidence.
pub const THIN_MIN_ARTICLES: u64 = 3;
/// An outlet with fewer words than this is thin evidence.
pub const THIN_MIN_WORDS: u64 = 1000;
/// Keyness is significant when its Holm-adjusted p-value is below this.
pub const ALPHA: f64 = 0.05;
/// Dates spanning more than this many days are grouped by month, else by ISO week.
pub const WEEKS_UP_TO_DAYS: i64 = 70;

/// Too little text for its rates to mean much: fewer than 3 articles or 1,000 words.
pub fn is_thin(articles: u64, words: u64) -> bool {
    articles < THIN_MIN_ARTICLES || words < THIN_MIN_WORDS
}

/// Rounds to four significant digits (p-values span many orders of magnitude).
pub fn round_sig4(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{x:.3e}").parse().unwrap_or(x)
}

/// Rounds to two decimals, as the report shows numbers.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The contrast index `(left - right) / (left + right)`, undefined when both are 0.
pub fn contrast_index(left: u64, right: u64) -> Option<f64> {
    let total = left + right;
    (total > 0).then(|| (left as f64 - right as f64) / total as f64)
}

/// Builds the report. `articles` may come in any order.
pub fn build_report(config: &Config, articles: Vec<ArticleReport>, inputs: Inputs) -> Report {
    let mut acc = Accumulator::new(config);
    for a in articles {
        acc.add(a);
    }
    for s in inputs.skipped.into_vec() {
        acc.skip(s);
    }
    acc.finish().expect("a report kept in memory does no I/O")
}

/// One outlet's sums over its articles, gathered one article at a time.
#[derive(Debug, Default)]
struct OutletTally {
    articles: u64,
    words: u64,
    /// Articles per language code.
    languages: BTreeMap<String, u64>,
    /// By frame id.
    frames: HashMap<String, FrameTally>,
    /// Dated articles by day number.
    days: BTreeMap<i64, DayTally>,
    /// Whose words the outlet's counted mentions stand in.
    voices: VoiceTally,
}

/// One outlet's voices, gathered mention by mention ([`crate::model::Voices`]).
#[derive(Debug, Default)]
struct VoiceTally {
    /// Own-voice mentions by frame id.
    own: BTreeMap<String, u64>,
    attributed: u64,
    unknown_speaker: u64,
    /// By speaker: mentions by frame id.
    speakers: HashMap<String, BTreeMap<String, u64>>,
}

impl VoiceTally {
    fn add(&mut self, m: &MentionReport) {
        if m.attribution.is_none() {
            *self.own.entry(m.frame.to_string()).or_default() += 1;
            return;
        }
        self.attributed += 1;
        match &m.speaker {
            None => self.unknown_speaker += 1,
            Some(s) => {
                let frames = self.speakers.entry(s.to_string()).or_default();
                *frames.entry(m.frame.to_string()).or_default() += 1;
            }
        }
    }

    /// The report's form: every frame in `own`; actors and the most frequent other sources,
    /// most mentions first, each with its share of the attributed mentions.
    fn finish(self, config: &Config) -> crate::model::Voices {
        use crate::model::{SpeakerVoice, Voices, VOICES_MAX_SOURCES};
        let mut own: BTreeMap<String, u64> =
            config.frames.iter().map(|f| (f.id.clone(), 0)).collect();
        for (f, n) in self.own {
            *own.entry(f).or_default() += n;
        }
        let mut speakers: Vec<SpeakerVoice> = self
            .speakers
            .into_iter()
            .map(|(speaker, frames)| {
                let mentions = frames.values().sum();
                let (lo, hi) =
                    stats::wilson(mentions, self.attributed, stats::Z95).unwrap_or((0.0, 0.0));
                SpeakerVoice {
                    actor: config.actors.iter().any(|a| a.id == speaker),
                    speaker,
                    mentions,
                    share: round2(mentions as f64 / self.attributed.max(1) as f64),
                    share_ci95: [round2(lo), round2(hi)],
                    frames,
                }
            })
            .collect();
        speakers.sort_by(|a, b| (b.mentions, &a.speaker).cmp(&(a.mentions, &b.speaker)));
        let mut sources = 0;
        let mut other_sources = 0;
        speakers.retain(|s| {
            if s.actor {
                return true;
            }
            sources += 1;
            if sources > VOICES_MAX_SOURCES {
                other_sources += s.mentions;
                return false;
            }
            true
        });
        Voices {
            own,
            attributed: self.attributed,
            unknown_speaker: self.unknown_speaker,
            speakers,
            other_sources,
        }
    }
}

/// One outlet × frame.
#[derive(Debug, Default)]
struct FrameTally {
    stance: StanceCounts,
    /// Mentions left out by the frame's `about`.
    out_of_scope: u64,
    /// Articles with at least one endorsed mention.
    endorsing: u64,
    /// Endorsed mentions by actor id.
    actors: BTreeMap<String, u64>,
    headline: u64,
    lead: u64,
    /// All mentions, article by article (only articles with a mention are added; the
    /// outlet's articles and words are filled in at the end).
    mentions_by_article: stats::ArticleCounts,
    /// Endorsed mentions, article by article (likewise).
    endorsed_by_article: stats::ArticleCounts,
}

/// One outlet's dated articles of one day.
#[derive(Debug, Default, Clone)]
struct DayTally {
    articles: u64,
    words: u64,
    /// Endorsed mentions by frame id.
    endorsed: BTreeMap<String, u64>,
}

/// A mention kept as evidence, ordered by its sample key (ties by place, so the order is
/// total and the sample the same whatever order the mentions arrive in).
#[derive(Debug)]
struct Sampled {
    key: u64,
    /// Shared by the article's mentions in the sample.
    article: Arc<EvidenceArticle>,
    mention: MentionReport,
}

impl Sampled {
    fn rank(&self) -> (u64, &str, usize, usize, &str) {
        let m = &self.mention;
        (self.key, &self.article.path, m.start, m.end, &m.term)
    }
}

impl PartialEq for Sampled {
    fn eq(&self, other: &Self) -> bool {
        self.rank() == other.rank()
    }
}
impl Eq for Sampled {}
impl PartialOrd for Sampled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Sampled {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// The sample key of a mention: a hash of its path, offsets and frame (FNV-1a, then a
/// SplitMix64 finaliser), fixed across platforms and releases so that the same corpus always
/// keeps the same passages.
pub fn sample_key(path: &str, start: usize, end: usize, frame: &str) -> u64 {
    SampleKeys::new(path).key(start, end, frame)
}

/// The sample keys of one article's mentions: the hash of the path, which every key of the
/// article starts with, is taken once.
#[derive(Debug, Clone, Copy)]
pub struct SampleKeys(u64);

impl SampleKeys {
    pub fn new(path: &str) -> SampleKeys {
        SampleKeys(fnv1a(
            fnv1a(0xcbf2_9ce4_8422_2325, path.as_bytes()),
            &[0xff],
        ))
    }

    /// [`sample_key`] of a mention of this article.
    pub fn key(self, start: usize, end: usize, frame: &str) -> u64 {
        let mut h = fnv1a_u64(self.0, start as u64);
        h = fnv1a_u64(h, end as u64);
        h = fnv1a(h, frame.as_bytes());
        let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The FNV-1a prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of `bytes`, going on from the hash `h`.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// `FNV_PRIME` to the powers 0 to 8.
const FNV_POWERS: [u64; 9] = {
    let mut p = [1u64; 9];
    let mut k = 1;
    while k < 9 {
        p[k] = p[k - 1].wrapping_mul(FNV_PRIME);
        k += 1;
    }
    p
};

/// [`fnv1a`] of the eight little-endian bytes of `v`. A zero byte leaves the hash as it is
/// before the multiply (`h ^ 0 == h`), so the zero bytes at the top of an offset are one
/// multiply by a power of the prime: the same hash, in three or four steps instead of eight.
fn fnv1a_u64(h: u64, v: u64) -> u64 {
    let significant = 8 - (v.leading_zeros() / 8) as usize;
    fnv1a(h, &v.to_le_bytes()[..significant]).wrapping_mul(FNV_POWERS[8 - significant])
}

/// Offers mention `m` of article `a` (whose keys are `keys`) to the heap of its frame in
/// `by_frame`, which keeps the `cap` mentions with the smallest sample keys. `article` is
/// what the pages show of `a`, made for its first mention kept.
fn offer(
    by_frame: &mut HashMap<String, BinaryHeap<Sampled>>,
    cap: usize,
    keys: SampleKeys,
    article: &mut Option<Arc<EvidenceArticle>>,
    a: &ArticleReport,
    m: &MentionReport,
) {
    let key = keys.key(m.start, m.end, &m.frame);
    let heap = match by_frame.get_mut(&*m.frame) {
        Some(heap) => heap,
        None => by_frame.entry(m.frame.to_string()).or_default(),
    };
    // Most mentions of a large corpus lose to the sample's largest key: they are dropped
    // before anything is copied.
    let full = heap.len() >= cap;
    if full && heap.peek().is_some_and(|top| key > top.key) {
        return;
    }
    // Kept for the whole run: with texts of its own, not its article's buffer.
    let m = m.clone();
    let mention = MentionReport {
        text: m.text.detached(),
        snippet: m.snippet.detached(),
        actors: m.actors.detached(),
        ..m
    };
    let candidate = Sampled {
        key,
        article: article
            .get_or_insert_with(|| Arc::new(EvidenceArticle::of(a)))
            .clone(),
        mention,
    };
    if !full {
        heap.push(candidate);
    } else if heap.peek().is_some_and(|top| candidate < *top) {
        heap.pop();
        heap.push(candidate);
    }
}

/// Sampled mentions: outlet id -> frame id -> the kept mentions, largest key on top.
type Heaps = HashMap<String, HashMap<String, BinaryHeap<Sampled>>>;

/// Every mention kept in `heaps`, in no particular order.
fn all_kept(heaps: Heaps) -> impl Iterator<Item = Sampled> {
    heaps
        .into_values()
        .flat_map(HashMap::into_values)
        .flat_map(BinaryHeap::into_vec)
}

/// The tally of one frame, made on first use (looked up without allocating after that).
macro_rules! tally_of {
    ($frames:expr, $id:expr) => {
        match $frames.get_mut($id) {
            Some(t) => t,
            None => $frames.entry($id.to_string()).or_default(),
        }
    };
}

impl OutletTally {
    /// Counts article `a` of the outlet: the article, its words and its language, its counts
    /// per frame, and its mentions that count.
    fn add_article(&mut self, a: &ArticleReport) {
        self.articles += 1;
        self.words += a.words;
        if !a.language.is_empty() {
            match self.languages.get_mut(a.language.as_str()) {
                Some(n) => *n += 1,
                None => {
                    self.languages.insert(a.language.clone(), 1);
                }
            }
        }
        self.add_frames(a);
        self.add_mentions(a);
    }

    /// Adds the counts of article `a` per frame: mentions by stance and left out by scope,
    /// whether it endorses the frame, and its mentions and endorsed mentions with its words
    /// (for the rates clustered by article).
    fn add_frames(&mut self, a: &ArticleReport) {
        for (id, c) in &a.frames {
            let t: &mut FrameTally = tally_of!(self.frames, id.as_str());
            t.stance.merge(&c.stance);
            t.out_of_scope += c.out_of_scope;
            t.endorsing += u64::from(c.endorsed > 0);
            if c.mentions > 0 {
                t.mentions_by_article.add(c.mentions, a.words);
            }
            if c.endorsed > 0 {
                t.endorsed_by_article.add(c.endorsed, a.words);
            }
        }
    }

    /// Adds the mentions of article `a` that count: whose voice each stands in, those in the
    /// headline and the lead, and the actors named with each endorsed one.
    fn add_mentions(&mut self, a: &ArticleReport) {
        for m in &a.mentions {
            if !m.counts() {
                continue;
            }
            self.voices.add(m);
            let t: &mut FrameTally = tally_of!(self.frames, &*m.frame);
            t.headline += u64::from(m.headline);
            t.lead += u64::from(m.lead);
            if m.stance.is_endorsed() {
                for actor in &m.actors {
                    match t.actors.get_mut(&**actor) {
                        Some(n) => *n += 1,
                        None => {
                            t.actors.insert(actor.to_string(), 1);
                        }
                    }
                }
            }
        }
    }

    /// Adds article `a`, dated day number `day`, to its day: the article, its words and its
    /// endorsed mentions per frame.
    fn add_day(&mut self, day: i64, a: &ArticleReport) {
        let d = self.days.entry(day).or_default();
        d.articles += 1;
        d.words += a.words;
        for (id, c) in &a.frames {
            match d.endorsed.get_mut(id.as_str()) {
                Some(n) => *n += c.endorsed,
                None => {
                    d.endorsed.insert(id.clone(), c.endorsed);
                }
            }
        }
    }
}

/// Builds a report from scored articles fed one at a time, in any order. Memory holds the
/// per-article rows (without their mentions), the tallies, and at most
/// `[report].evidence_per_frame` mentions per outlet and frame: not every mention of the
/// corpus.
pub struct Accumulator<'c> {
    config: &'c Config,
    /// Each article's row, in memory or in the spill file.
    rows: Rows,
    skipped: Vec<crate::model::Skipped>,
    tallies: Tallies,
    audit: crate::audit::AuditTally,
    samples: Samples,
}

/// The articles' rows: in memory, or, past `spill_after` of them, in a temporary file (see
/// [`crate::spill`]).
struct Rows {
    in_memory: Vec<ArticleReport>,
    spill: Option<crate::spill::SpillWriter>,
    spill_after: usize,
    /// The first error writing the spill file; `finish` returns it.
    spill_error: Option<std::io::Error>,
}

/// The counts kept of every article.
#[derive(Default)]
struct Tallies {
    /// By outlet id.
    by_outlet: HashMap<String, OutletTally>,
    /// Articles without a (readable) date.
    undated: u64,
    /// Articles that are long texts without paragraph breaks (so without a lead), and
    /// articles with no headline in their text.
    without_paragraphs: u64,
    without_headline: u64,
    mentions: u64,
}

/// The mentions kept for the outputs' evidence, by outlet and frame.
#[derive(Default)]
struct Samples {
    /// The evidence sample.
    sample: Heaps,
    /// When every mention is kept on its row (`evidence_per_frame = 0`) and the rows may
    /// be spilled: as `sample`, the mentions the HTML and Markdown pages may show
    /// ([`EVIDENCE_PER_FRAME`] an outlet and frame).
    pages: Heaps,
}

impl<'c> Accumulator<'c> {
    /// An accumulator that keeps every row in memory (for small reports and tests).
    pub fn new(config: &'c Config) -> Self {
        Accumulator::spilling(config, usize::MAX)
    }

    /// An accumulator that moves the rows to a temporary file once there are more than
    /// `after` of them ([`crate::spill::SPILL_AFTER`] in a run), so memory stays flat.
    pub fn spilling(config: &'c Config, after: usize) -> Self {
        Accumulator {
            config,
            rows: Rows {
                in_memory: Vec::new(),
                spill: None,
                spill_after: after,
                spill_error: None,
            },
            skipped: Vec::new(),
            tallies: Tallies::default(),
            audit: Default::default(),
            samples: Samples::default(),
        }
    }

    /// The row the spill files would hold for `a` (see [`crate::spill`]): `a` without the
    /// mentions the sample takes out (all of them, unless `evidence_per_frame` is 0), as the
    /// output files need it. Made on a scoring thread, so the in-order step only appends it.
    pub fn row_line(config: &Config, a: &mut ArticleReport) -> crate::spill::Row {
        let mentions = if config.evidence_per_frame > 0 {
            std::mem::take(&mut a.mentions)
        } else {
            Vec::new()
        };
        let frames: Vec<&str> = config.frames.iter().map(|f| f.id.as_str()).collect();
        let row = crate::spill::Row::new(a, &frames);
        if !mentions.is_empty() {
            a.mentions = mentions;
        }
        row
    }

    /// Counts one scored article, keeping its mentions only where they enter the sample.
    pub fn add(&mut self, a: ArticleReport) {
        self.add_with_line(a, None);
    }

    /// [`Accumulator::add`] with the article's spill row made already ([`Self::row_line`]).
    pub fn add_with_line(&mut self, mut a: ArticleReport, line: Option<crate::spill::Row>) {
        self.audit.add(&a);
        self.tallies.add(&a);
        let may_spill = self.rows.spill_after != usize::MAX;
        self.samples
            .offer(self.config.evidence_per_frame, may_spill, &mut a);
        self.rows.keep(self.config, a, line);
    }

    /// Counts one outcome of a run or one line of a score file.
    pub fn add_outcome(&mut self, o: crate::model::Outcome) {
        self.add_outcome_with_line(o, None);
    }

    /// [`Accumulator::add_outcome`] with an article's spill row made already.
    pub fn add_outcome_with_line(
        &mut self,
        o: crate::model::Outcome,
        line: Option<crate::spill::Row>,
    ) {
        match o {
            crate::model::Outcome::Article(a) => self.add_with_line(*a, line),
            crate::model::Outcome::Skipped(s) => self.skip(s),
        }
    }

    /// Records an input that was not used (a duplicate names the article it repeats).
    pub fn skip(&mut self, s: crate::model::Skipped) {
        self.skipped.push(s);
    }

    /// The report: rows by path, twins linked from the duplicates' `duplicate_of`, sampled
    /// mentions back on their articles. Fails only when the spill file cannot be written or
    /// read back.
    pub fn finish(self) -> std::io::Result<Report> {
        let Accumulator {
            config,
            rows:
                Rows {
                    in_memory: rows,
                    spill,
                    spill_after: _,
                    spill_error,
                },
            mut skipped,
            tallies:
                Tallies {
                    by_outlet: tallies,
                    undated,
                    without_paragraphs,
                    without_headline,
                    mentions,
                },
            audit,
            samples: Samples { sample, pages },
        } = self;
        if let Some(e) = spill_error {
            return Err(spill_failed(e));
        }
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        // One list for `inputs.skipped` and the manifest's inputs.
        let skipped = crate::model::SkippedList::from(skipped);
        let sampled: Vec<Sampled> = all_kept(sample).collect();
        let kept = if config.evidence_per_frame > 0 {
            sampled.len() as u64
        } else {
            mentions
        };
        let (articles, input_list) = match spill {
            Some(writer) => spilled(writer, sampled, pages, &skipped)?,
            None => kept_in_memory(rows, &skipped, sampled),
        };
        let (outlets, timeline) = outlet_summaries(config, tallies, undated);
        let inputs = Inputs {
            read: articles.len() as u64 + skipped.len() as u64,
            used: articles.len() as u64,
            skipped,
            without_paragraphs,
            without_headline,
        };
        let (frames, contrasts, actors) = config_lists(config);
        Ok(Report {
            schema: SCHEMA.to_string(),
            title: config.title.clone(),
            description: config.description.clone(),
            frames,
            contrasts,
            actors,
            outlets,
            articles,
            inputs,
            changes: None,
            timeline,
            audit: audit.finish(config),
            evidence: EvidenceSample {
                per_outlet_frame: config.evidence_per_frame as u64,
                mentions,
                kept,
            },
            manifest: manifest(config, input_list),
            validation: None,
        })
    }
}

impl Rows {
    /// Keeps one row: in memory, or in the spill files once there are enough. `line` is its
    /// spill row when a scoring thread made it already.
    fn keep(&mut self, config: &Config, row: ArticleReport, line: Option<crate::spill::Row>) {
        if self.spill.is_none()
            && self.spill_error.is_none()
            && self.in_memory.len() >= self.spill_after
        {
            let frames = config.frames.iter().map(|f| f.id.clone()).collect();
            match crate::spill::SpillWriter::new(frames) {
                Ok(mut w) => {
                    // Rows so far go first, in the order they came.
                    for r in std::mem::take(&mut self.in_memory) {
                        if let Err(e) = w.push(&r) {
                            self.spill_error.get_or_insert(e);
                        }
                    }
                    self.spill = Some(w);
                }
                Err(e) => self.spill_error = Some(e),
            }
        }
        match &mut self.spill {
            Some(w) => {
                let pushed = match line {
                    Some(line) => w.push_row(&line),
                    None => w.push(&row),
                };
                if let Err(e) = pushed {
                    self.spill_error.get_or_insert(e);
                }
            }
            None => self.in_memory.push(row),
        }
    }
}

impl Tallies {
    /// Counts article `a`: its outlet's tallies, its date, its sections and its mentions.
    fn add(&mut self, a: &ArticleReport) {
        self.mentions += a.mentions.len() as u64;
        let outlet = match self.by_outlet.get_mut(a.outlet.as_str()) {
            Some(t) => t,
            None => self.by_outlet.entry(a.outlet.clone()).or_default(),
        };
        outlet.add_article(a);
        match a.date.as_deref().and_then(day_number) {
            Some(day) => outlet.add_day(day, a),
            None => self.undated += 1,
        }
        if let Some(s) = a.sections {
            self.without_paragraphs += u64::from(!s.lead);
            self.without_headline += u64::from(!s.headline);
        }
    }
}

impl Samples {
    /// Offers the mentions of article `a` to the evidence sample (`cap` an outlet and frame,
    /// `[report].evidence_per_frame`), taking them off its row; with no sample (`cap` 0) but
    /// rows that may be spilled (`may_spill`), offers them to the pages' own sample and
    /// leaves them on the row. With every mention kept on its row, a spilled report's pages
    /// read back only the first rows: the mentions they may show of the others are kept
    /// apart.
    fn offer(&mut self, cap: usize, may_spill: bool, a: &mut ArticleReport) {
        let (heaps, cap, taken) = match (cap, may_spill) {
            (0, false) => return,
            (0, true) => (&mut self.pages, EVIDENCE_PER_FRAME, Vec::new()),
            _ => (&mut self.sample, cap, std::mem::take(&mut a.mentions)),
        };
        let by_frame = match heaps.get_mut(a.outlet.as_str()) {
            Some(s) => s,
            None => heaps.entry(a.outlet.clone()).or_default(),
        };
        let keys = SampleKeys::new(&a.path);
        let mut article: Option<Arc<EvidenceArticle>> = None;
        for m in taken.iter().chain(&a.mentions) {
            offer(by_frame, cap, keys, &mut article, a, m);
        }
    }
}

/// The error of a run whose rows could not be spilled: what failed, and how to make room.
fn spill_failed(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(
        e.kind(),
        format!(
            "cannot write the temporary file that holds the article rows ({e}); \
             set TMPDIR to a folder with room"
        ),
    )
}

/// The rows of a spilled report, read back from the spill file with the sampled mentions,
/// the pages' own mentions and the duplicates' twins put on them, and the manifest's list
/// of every input.
fn spilled(
    writer: crate::spill::SpillWriter,
    sampled: Vec<Sampled>,
    pages: Heaps,
    skipped: &crate::model::SkippedList,
) -> std::io::Result<(Articles, InputList)> {
    let sampled = sampled
        .into_iter()
        .map(|s| (s.article, s.mention))
        .collect();
    let pages = all_kept(pages).map(|s| (s.article, s.mention)).collect();
    let twins = skipped
        .iter()
        .filter_map(|d| Some((d.duplicate_of.as_deref()?, d.path.as_str())))
        .collect();
    let articles = Articles::stored(writer.finish(sampled, pages, twins)?);
    let list = InputList::spilled(&articles, skipped);
    Ok((articles, list))
}

/// The manifest: the framelens version, the config's path and hash, and `inputs`.
fn manifest(config: &Config, inputs: InputList) -> Manifest {
    Manifest {
        framelens_version: env!("CARGO_PKG_VERSION").to_string(),
        config_path: crate::ingest::display_path(&config.path),
        config_sha256: crate::score::sha256_hex(config.source.as_bytes()),
        inputs,
    }
}

/// The rows of a report kept in memory, by path, with their twins and sampled mentions back
/// on them, and the manifest's list of every input.
fn kept_in_memory(
    mut rows: Vec<ArticleReport>,
    skipped: &[Skipped],
    sampled: Vec<Sampled>,
) -> (Articles, InputList) {
    rows.sort_by(|a, b| a.path.cmp(&b.path));
    let find = |rows: &[ArticleReport], path: &str| {
        rows.binary_search_by(|a| a.path.as_str().cmp(path)).ok()
    };
    for a in &mut rows {
        a.twins.clear();
    }
    for d in skipped {
        if let Some(i) = d.duplicate_of.as_deref().and_then(|of| find(&rows, of)) {
            rows[i].twins.push(d.path.clone());
        }
    }
    for s in sampled {
        if let Some(i) = find(&rows, &s.article.path) {
            rows[i].mentions.push(s.mention);
        }
    }
    for a in &mut rows {
        a.mentions
            .sort_by(|x, y| (x.start, x.end, &x.frame).cmp(&(y.start, y.end, &y.frame)));
    }
    let list = manifest_inputs(&rows, skipped).into();
    (Articles::from(rows), list)
}

/// The outlets' numbers in config order (the unassigned articles last), with keyness, and
/// the timeline of their endorsed rates.
fn outlet_summaries(
    config: &Config,
    mut tallies: HashMap<String, OutletTally>,
    undated: u64,
) -> (Vec<OutletSummary>, Timeline) {
    let mut outlet_order: Vec<(String, String)> = config
        .outlets
        .iter()
        .map(|o| (o.id.clone(), o.name.clone()))
        .collect();
    outlet_order.push((UNASSIGNED.to_string(), "Unassigned".to_string()));
    let mut days = Vec::new();
    let mut outlets: Vec<OutletSummary> = Vec::new();
    let mut clusters = Vec::new();
    for (id, name) in outlet_order {
        let Some(mut tally) = tallies.remove(&id) else {
            continue;
        };
        days.push(std::mem::take(&mut tally.days));
        let (summary, endorsed) = summarize(config, id, name, tally);
        outlets.push(summary);
        clusters.push(endorsed);
    }
    add_keyness(&mut outlets, &clusters);
    let frame_ids: Vec<&str> = config.frames.iter().map(|f| f.id.as_str()).collect();
    let timeline = timeline(&frame_ids, &outlets, &days, undated);
    (outlets, timeline)
}

/// The config's frames, contrasts and actors as the report lists them.
fn config_lists(config: &Config) -> (Vec<FrameInfo>, Vec<ContrastInfo>, Vec<ActorInfo>) {
    let frames = config
        .frames
        .iter()
        .map(|f| FrameInfo {
            id: f.id.clone(),
            label: f.label.clone(),
            description: f.description.clone(),
            terms: f.terms.iter().map(|t| t.text.clone()).collect(),
        })
        .collect();
    let contrasts = config
        .contrasts
        .iter()
        .map(|c| ContrastInfo {
            id: c.id.clone(),
            left: config.frames[c.left].id.clone(),
            right: config.frames[c.right].id.clone(),
        })
        .collect();
    let actors = config
        .actors
        .iter()
        .map(|a| ActorInfo {
            id: a.id.clone(),
            label: a.label.clone(),
        })
        .collect();
    (frames, contrasts, actors)
}

/// An outlet's numbers, and its endorsed counts article by article by frame id (for keyness).
fn summarize(
    config: &Config,
    id: String,
    name: String,
    mut tally: OutletTally,
) -> (OutletSummary, BTreeMap<String, stats::ArticleCounts>) {
    let (n, words) = (tally.articles, tally.words);
    let mut frames = BTreeMap::new();
    let mut clusters = BTreeMap::new();
    for f in &config.frames {
        let t = tally.frames.remove(&f.id).unwrap_or_default();
        let (stats, endorsed_by_article) = frame_stats(config, t, n, words);
        clusters.insert(f.id.clone(), endorsed_by_article);
        frames.insert(f.id.clone(), stats);
    }
    let (contrasts, contrasts_ci95) = contrasts_of(config, &frames);
    let summary = OutletSummary {
        id,
        name,
        articles: n,
        words,
        languages: std::mem::take(&mut tally.languages),
        frames,
        contrasts,
        contrasts_ci95,
        thin_evidence: is_thin(n, words),
        voices: std::mem::take(&mut tally.voices).finish(config),
    };
    (summary, clusters)
}

/// One frame's numbers for an outlet of `n` articles and `words` words, from its tally `t`:
/// counts by stance, rates per 1,000 words with their clustered intervals, the articles
/// endorsing it, mentions per actor (every configured actor present), headline and lead
/// mentions; and its endorsed counts article by article (for keyness). Every article of the
/// outlet counts, those without a mention too.
fn frame_stats(
    config: &Config,
    t: FrameTally,
    n: u64,
    words: u64,
) -> (OutletFrameStats, stats::ArticleCounts) {
    let whole = |mut c: stats::ArticleCounts| {
        c.articles = n;
        c.words = words;
        c
    };
    let (by_article, endorsed_by_article) =
        (whole(t.mentions_by_article), whole(t.endorsed_by_article));
    let mut actors: BTreeMap<String, u64> =
        config.actors.iter().map(|a| (a.id.clone(), 0)).collect();
    for (actor, k) in t.actors {
        *actors.entry(actor).or_default() += k;
    }
    let stance = t.stance;
    let mentions = stance.total();
    let endorsed = stance.endorsed();
    let (rate, lo, hi) = stats::clustered_rate_per_1k_ci95(&by_article).unwrap_or((0.0, 0.0, 0.0));
    let (e_rate, e_lo, e_hi) =
        stats::clustered_rate_per_1k_ci95(&endorsed_by_article).unwrap_or((0.0, 0.0, 0.0));
    let endorsing = t.endorsing;
    let (s_lo, s_hi) = stats::wilson(endorsing, n, stats::Z95).unwrap_or((0.0, 0.0));
    let stats = OutletFrameStats {
        mentions,
        out_of_scope: t.out_of_scope,
        endorsed,
        rate_per_1k: round2(rate),
        rate_ci95: [round2(lo), round2(hi)],
        endorsed_rate_per_1k: round2(e_rate),
        endorsed_rate_ci95: [round2(e_lo), round2(e_hi)],
        stance,
        actors,
        articles_endorsing: endorsing,
        articles_endorsing_share: if n == 0 {
            0.0
        } else {
            round2(endorsing as f64 / n as f64)
        },
        articles_endorsing_share_ci95: [round2(s_lo), round2(s_hi)],
        mean_per_article: if n == 0 {
            0.0
        } else {
            round2(mentions as f64 / n as f64)
        },
        headline_mentions: t.headline,
        lead_mentions: t.lead,
        keyness: None,
    };
    (stats, endorsed_by_article)
}

/// Contrast indexes and their 95% intervals, each by contrast id.
type ContrastsById = (
    BTreeMap<String, Option<f64>>,
    BTreeMap<String, Option<[f64; 2]>>,
);

/// Each configured contrast's index on the outlet's endorsed mentions of its two frames,
/// and its 95% interval, by contrast id.
fn contrasts_of(config: &Config, frames: &BTreeMap<String, OutletFrameStats>) -> ContrastsById {
    let mut contrasts = BTreeMap::new();
    let mut contrasts_ci95 = BTreeMap::new();
    for c in &config.contrasts {
        let left = frames[&config.frames[c.left].id].endorsed;
        let right = frames[&config.frames[c.right].id].endorsed;
        contrasts.insert(c.id.clone(), contrast_index(left, right).map(round2));
        contrasts_ci95.insert(
            c.id.clone(),
            stats::contrast_index_ci95(left, right).map(|(_, lo, hi)| [round2(lo), round2(hi)]),
        );
    }
    (contrasts, contrasts_ci95)
}

/// Keyness of every frame for every outlet against all the other outlets together, on
/// endorsed counts, with clustering by article ([`stats::clustered_g2`]): signed G2 over the
/// dispersion, log ratio, and the p-value Holm-adjusted over the outlet's frames. `clusters`
/// holds each outlet's endorsed counts article by article, by frame id, in `outlets` order.
///
/// A difference is significant only when, besides `p_holm < ALPHA`, it is not carried by one
/// article: the side that uses the frame more has at least [`THIN_MIN_ARTICLES`] articles
/// endorsing it, and without its article with the most endorsed mentions the difference
/// keeps its direction with an unadjusted p below `ALPHA`. Left as `None` when there is no
/// other outlet (or it has no words) to compare with.
pub fn add_keyness(
    outlets: &mut [OutletSummary],
    clusters: &[BTreeMap<String, stats::ArticleCounts>],
) {
    for (i, o) in outlets.iter_mut().enumerate() {
        let raw: Vec<(String, f64, f64, f64, f64, bool)> = o
            .frames
            .keys()
            .filter_map(|id| {
                let target = *clusters[i].get(id)?;
                let reference = clusters
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .filter_map(|(_, c)| c.get(id))
                    .fold(stats::ArticleCounts::default(), |sum, c| sum.plus(*c));
                if target.words == 0 || reference.words == 0 {
                    return None;
                }
                let (g2, phi) = stats::clustered_g2(&target, &reference);
                let lr =
                    stats::log_ratio(target.count, reference.count, target.words, reference.words);
                let p = stats::chi2_1df_p(g2);
                let more = if g2 >= 0.0 { target } else { reference };
                let (t, r) = if g2 >= 0.0 {
                    (more.without_top(), reference)
                } else {
                    (target, more.without_top())
                };
                let (g2_rest, _) = stats::clustered_g2(&t, &r);
                let broad = more.with_count >= THIN_MIN_ARTICLES
                    && g2_rest.signum() == g2.signum()
                    && stats::chi2_1df_p(g2_rest) < ALPHA;
                Some((id.clone(), g2, lr, p, phi, broad))
            })
            .collect();
        let p: Vec<f64> = raw.iter().map(|r| r.3).collect();
        let adjusted = stats::holm_adjust(&p);
        for ((id, g2, lr, p, phi, broad), p_holm) in raw.into_iter().zip(adjusted) {
            let stats = o.frames.get_mut(&id).expect("frame of this outlet");
            stats.keyness = Some(Keyness {
                g2: round2(g2),
                log_ratio: round2(lr),
                p: round_sig4(p),
                p_holm: round_sig4(p_holm),
                significant: p_holm < ALPHA && broad,
                dispersion: round2(phi),
            });
        }
    }
}

/// A calendar date as a day number (days since 1970-01-01), from `YYYY-MM-DD`.
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The civil date of a day number: (year, month, day).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// The ISO week of a day number, as `2021-W50`, and the day number of that week's Monday.
fn iso_week(days: i64) -> (String, i64) {
    // 1970-01-01 was a Thursday; Monday = 0.
    let weekday = (days + 3).rem_euclid(7);
    let monday = days - weekday;
    let thursday = monday + 3;
    let (year, _, _) = civil(thursday);
    let jan1 = day_number(&format!("{year:04}-01-01")).expect("valid date");
    let week = (thursday - jan1) / 7 + 1;
    (format!("{year:04}-W{week:02}"), monday)
}

/// The period label of a day number.
fn period_of(days: i64, monthly: bool) -> String {
    if monthly {
        let (y, m, _) = civil(days);
        format!("{y:04}-{m:02}")
    } else {
        iso_week(days).0
    }
}

/// Endorsed counts and rates per outlet, frame and period (see [`Timeline`]), from each
/// outlet's dated articles summed by day (`days[i]` belongs to `outlets[i]`).
fn timeline(
    frames: &[&str],
    outlets: &[OutletSummary],
    days: &[BTreeMap<i64, DayTally>],
    undated_articles: u64,
) -> Timeline {
    let all_days = || days.iter().flat_map(|d| d.keys().copied());
    let (Some(first), Some(last)) = (all_days().min(), all_days().max()) else {
        return Timeline {
            undated_articles,
            ..Timeline::default()
        };
    };
    let monthly = last - first > WEEKS_UP_TO_DAYS;
    let mut periods = Vec::new();
    if monthly {
        let (mut y, mut m, _) = civil(first);
        let end = period_of(last, true);
        loop {
            let label = format!("{y:04}-{m:02}");
            let done = label == end;
            periods.push(label);
            if done {
                break;
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    } else {
        let mut monday = iso_week(first).1;
        while monday <= last {
            periods.push(iso_week(monday).0);
            monday += 7;
        }
    }
    let index: BTreeMap<&str, usize> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let n = periods.len();
    let mut series = Vec::new();
    for (o, mine) in outlets.iter().zip(days) {
        if mine.is_empty() {
            continue;
        }
        let mut row = OutletTimeline {
            outlet: o.id.clone(),
            articles: vec![0; n],
            words: vec![0; n],
            endorsed: frames.iter().map(|f| (f.to_string(), vec![0; n])).collect(),
            endorsed_rate_per_1k: BTreeMap::new(),
        };
        for (day, d) in mine {
            let i = index[period_of(*day, monthly).as_str()];
            row.articles[i] += d.articles;
            row.words[i] += d.words;
            for (f, counts) in row.endorsed.iter_mut() {
                counts[i] += d.endorsed.get(f).copied().unwrap_or(0);
            }
        }
        row.endorsed_rate_per_1k = row
            .endorsed
            .iter()
            .map(|(f, counts)| {
                let rates = counts
                    .iter()
                    .zip(&row.words)
                    .map(|(&k, &w)| (w > 0).then(|| round2(k as f64 * 1000.0 / w as f64)))
                    .collect();
                (f.clone(), rates)
            })
            .collect();
        series.push(row);
    }
    Timeline {
        unit: if monthly { "month" } else { "week" }.to_string(),
        periods,
        undated_articles,
        outlets: series,
    }
}

/// Every input with its hash, by path (then status): the used articles and the skipped inputs.
fn manifest_inputs(articles: &[ArticleReport], skipped: &[Skipped]) -> Vec<InputHash> {
    let mut hashes: Vec<InputHash> = articles
        .iter()
        .map(|a| InputHash {
            path: a.path.clone(),
            sha256: a.sha256.clone(),
            status: "used".into(),
        })
        .chain(skipped.iter().map(InputHash::skipped))
        .collect();
    hashes.sort_by(|a, b| (&a.path, &a.status).cmp(&(&b.path, &b.status)));
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FrameCounts, MentionReport, Stance};
    use std::path::Path;

    const CONFIG: &str = r#"
[report]
title = "Hand-built"
[corpus]
paths = []
[[outlet]]
id = "a"
name = "Outlet A"
[[outlet]]
id = "b"
name = "Outlet B"
[[frame]]
id = "alliance"
label = "Alliance"
terms = ["alliance"]
[[frame]]
id = "partnership"
label = "Partnership"
terms = ["partnership"]
[[contrast]]
id = "a-vs-p"
left = "alliance"
right = "partnership"
"#;

    /// One mention; `place` is "" or "headline" or "lead".
    fn mention(frame: &str, stance: Stance, place: &str) -> MentionReport {
        MentionReport {
            frame: frame.to_string().into(),
            term: frame.to_string().into(),
            text: frame.into(),
            stance,
            actors: Default::default(),
            start: 0,
            end: 0,
            snippet: Default::default(),
            highlight: [0, 0],
            headline: place == "headline",
            lead: place == "lead",
            attribution: None,
            speaker: None,
            in_scope: None,
        }
    }

    fn article(
        path: &str,
        outlet: &str,
        date: &str,
        words: u64,
        mentions: Vec<MentionReport>,
    ) -> ArticleReport {
        let mut frames: BTreeMap<String, FrameCounts> = BTreeMap::new();
        for m in &mentions {
            let c = frames.entry(m.frame.to_string()).or_default();
            c.mentions += 1;
            c.stance.add(m.stance);
            c.endorsed = c.stance.endorsed();
        }
        ArticleReport {
            path: path.into(),
            outlet: outlet.into(),
            title: path.into(),
            date: Some(date.into()),
            words,
            frames,
            mentions,
            sha256: format!("hash-of-{path}"),
            ..Default::default()
        }
    }

    /// Outlet A: two articles, 2,000 words; alliance 3 asserted + 1 negated + 1 asserted,
    /// partnership 1 quoted. Outlet B: one article, 2,000 words; partnership 4 asserted,
    /// alliance 1 distanced.
    fn hand_built() -> Report {
        use Stance::*;
        let config = Config::parse(Path::new("hand.toml"), CONFIG).unwrap();
        let a1 = article(
            "a1.txt",
            "a",
            "2021-12-15",
            1000,
            vec![
                mention("alliance", Asserted, "headline"),
                mention("alliance", Asserted, "lead"),
                mention("alliance", Asserted, ""),
                mention("alliance", Negated, ""),
                mention("partnership", Quoted, ""),
            ],
        );
        let a2 = article(
            "a2.txt",
            "a",
            "2021-12-20",
            1000,
            vec![mention("alliance", Asserted, "")],
        );
        let mut b1_mentions = vec![mention("partnership", Asserted, ""); 4];
        b1_mentions.push(mention("alliance", Distanced, ""));
        let b1 = article("b1.txt", "b", "2021-12-16", 2000, b1_mentions);
        // Given out of order: the report sorts by path.
        build_report(&config, vec![b1, a2, a1], Inputs::default())
    }

    #[test]
    fn sample_keys_are_the_fnv_of_the_whole_mention() {
        // The hash of path, separator, offsets and frame in one pass, as it was first defined.
        fn whole(path: &str, start: usize, end: usize, frame: &str) -> u64 {
            let mut bytes = path.as_bytes().to_vec();
            bytes.push(0xff);
            bytes.extend_from_slice(&(start as u64).to_le_bytes());
            bytes.extend_from_slice(&(end as u64).to_le_bytes());
            bytes.extend_from_slice(frame.as_bytes());
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in bytes {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
            let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        for path in ["", "a.txt", "news/2024/é-北.md"] {
            let keys = SampleKeys::new(path);
            for (start, end) in [
                (0, 0),
                (3, 17),
                (255, 256),
                (65_535, 1 << 24),
                (1 << 40, usize::MAX),
            ] {
                for frame in ["", "threat", "cold_war"] {
                    let want = whole(path, start, end, frame);
                    assert_eq!(keys.key(start, end, frame), want);
                    assert_eq!(sample_key(path, start, end, frame), want);
                }
            }
        }
    }

    #[test]
    fn the_evidence_sample_keeps_a_few_passages_and_every_count() {
        let full = hand_built();
        let mentions = |r: &Report| r.articles.iter().map(|a| a.mentions.len()).sum::<usize>();
        assert_eq!(
            mentions(&full),
            11,
            "11 mentions fit under the default of 100"
        );
        assert_eq!(
            full.evidence,
            EvidenceSample {
                per_outlet_frame: 100,
                mentions: 11,
                kept: 11
            }
        );
        let one = CONFIG.replacen("[report]", "[report]\nevidence_per_frame = 1", 1);
        let config = Config::parse(Path::new("hand.toml"), &one).unwrap();
        let sampled = build_report(
            &config,
            full.articles.in_memory().to_vec(),
            Inputs::default(),
        );
        // One per outlet × frame: A alliance, A partnership, B alliance, B partnership.
        assert_eq!(mentions(&sampled), 4);
        assert_eq!(
            sampled.evidence,
            EvidenceSample {
                per_outlet_frame: 1,
                mentions: 11,
                kept: 4
            }
        );
        // Every number is over all the mentions, kept or not.
        assert_eq!(sampled.outlets, full.outlets);
        assert_eq!(sampled.audit, full.audit);
        assert_eq!(sampled.timeline, full.timeline);
        let all = CONFIG.replacen("[report]", "[report]\nevidence_per_frame = 0", 1);
        let config = Config::parse(Path::new("hand.toml"), &all).unwrap();
        let every = build_report(
            &config,
            full.articles.in_memory().to_vec(),
            Inputs::default(),
        );
        assert_eq!(mentions(&every), 11);
        assert_eq!(every.evidence.per_outlet_frame, 0);
    }

    #[test]
    fn outlet_numbers_by_hand() {
        let report = hand_built();
        let paths: Vec<&str> = report.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["a1.txt", "a2.txt", "b1.txt"]);
        let a = &report.outlets[0];
        assert_eq!((a.articles, a.words, a.thin_evidence), (2, 2000, true));
        let al = &a.frames["alliance"];
        assert_eq!((al.mentions, al.endorsed), (5, 4));
        // 5 and 4 per 2,000 words. All mentions sit 4 and 1 in two articles of 1,000 words:
        // around the rate 2.5 per 1,000 (2.5 expected in each), Pearson's X² is
        // (1.5² + 1.5²) / 2.5 = 1.8 on 1 degree of freedom, so φ = 1.8 and the interval is
        // Garwood's for 5 / 1.8 = 2.778 (0.52523–8.43138, by the incomplete gamma) times 1.8,
        // per 2,000 words.
        assert_eq!(al.rate_per_1k, 2.5);
        assert_eq!(al.rate_ci95, [0.47, 7.59]);
        // Endorsed, 3 and 1: X² = (1² + 1²) / 2 = 1, φ = 1: the exact Poisson interval,
        // Garwood for 4 (1.089865–10.241589, Poisson tables) halved.
        assert_eq!(al.endorsed_rate_per_1k, 2.0);
        assert_eq!(al.endorsed_rate_ci95, [0.54, 5.12]);
        // Both articles endorse it: 2/2, Wilson lower bound (1 + z²/4 - z·sqrt(z²/16)·…)
        // = (1.96037 - 0.96036) / 2.92073 = 0.3424.
        assert_eq!(al.articles_endorsing, 2);
        assert_eq!(al.articles_endorsing_share, 1.0);
        assert_eq!(al.articles_endorsing_share_ci95, [0.34, 1.0]);
        assert_eq!(al.mean_per_article, 2.5);
        assert_eq!((al.headline_mentions, al.lead_mentions), (1, 1));
        // Contrast 4 vs 1: (4 - 1) / 5 = 0.6; Wilson(4, 5) = 0.37553–0.96379, mapped by 2p - 1.
        assert_eq!(a.contrasts["a-vs-p"], Some(0.6));
        assert_eq!(a.contrasts_ci95["a-vs-p"], Some([-0.25, 0.93]));
        let b = &report.outlets[1];
        assert_eq!(b.contrasts["a-vs-p"], Some(-1.0));
        assert_eq!(b.frames["alliance"].endorsed, 0);
        assert_eq!(b.frames["alliance"].articles_endorsing_share, 0.0);
    }

    #[test]
    fn keyness_by_hand() {
        let report = hand_built();
        let (a, b) = (&report.outlets[0], &report.outlets[1]);
        // A's alliance: 4 endorsed in 2,000 words against 0 in 2,000. E1 = E2 = 2,
        // G2 = 2 · 4 ln(4/2) = 8 ln 2 = 5.545; log ratio log2((4/2000) / (0.5/2000)) = 3.
        let k = a.frames["alliance"].keyness.unwrap();
        assert_eq!((k.g2, k.log_ratio), (5.55, 3.0));
        // p = erfc(sqrt(G2 / 2)) = erfc(sqrt(4 ln 2)) = erfc(1.66511) = 0.018532.
        assert_eq!(k.p, 0.01853);
        // A's partnership: 1 against 4, E = 2.5 each: G2 = 2 (ln 0.4 + 4 ln 1.6) = 1.927448,
        // negative (under-used); log ratio log2(1/4) = -2; p = erfc(0.981717) = 0.16504.
        let kp = a.frames["partnership"].keyness.unwrap();
        assert_eq!((kp.g2, kp.log_ratio, kp.p), (-1.93, -2.0, 0.165));
        // Endorsed counts 3 and 1 in A's two articles vary no more than Poisson (φ = 1).
        assert_eq!(k.dispersion, 1.0);
        // Holm, m = 2: the smaller p doubles (0.03706 < 0.05), the larger stays. Yet two
        // articles endorsing are too few for a finding: not significant.
        assert_eq!(k.p_holm, 0.03706);
        assert!(!k.significant);
        assert_eq!(kp.p_holm, 0.165);
        assert!(!kp.significant);
        // B mirrors A (two outlets of equal words).
        let kb = b.frames["alliance"].keyness.unwrap();
        assert_eq!((kb.g2, kb.log_ratio), (-5.55, -3.0));
        assert_eq!(b.frames["partnership"].keyness.unwrap().g2, 1.93);
    }

    /// Outlet A: ten articles of 1,000 words, `a_alliance` alliance mentions each; outlet B:
    /// ten articles of 1,000 words, three with one alliance mention.
    fn spread(a_alliance: [u64; 10]) -> Report {
        let config = Config::parse(Path::new("hand.toml"), CONFIG).unwrap();
        let mut articles = Vec::new();
        for (i, n) in a_alliance.into_iter().enumerate() {
            let m = vec![mention("alliance", Stance::Asserted, ""); n as usize];
            articles.push(article(&format!("a{i}.txt"), "a", "2021-12-15", 1000, m));
            let m = vec![mention("alliance", Stance::Asserted, ""); usize::from(i < 3)];
            articles.push(article(&format!("b{i}.txt"), "b", "2021-12-15", 1000, m));
        }
        build_report(&config, articles, Inputs::default())
    }

    #[test]
    fn a_difference_carried_by_one_article_is_not_significant() {
        // 12 against 3 per 10,000 words: plain G2 = 2 (12 ln(12/7.5) + 3 ln(3/7.5)) = 5.78.
        // Spread 2 by 2 over six articles, A's counts vary less than Poisson (φ = 1): p 0.01619,
        // Holm over 2 frames (partnership p = 1) 0.03238, and without A's top article (10 in
        // 9,000 words against 3 in 10,000) the difference stands: over-used.
        let broad = spread([2, 2, 2, 2, 2, 2, 0, 0, 0, 0]);
        let k = broad.outlets[0].frames["alliance"].keyness.unwrap();
        assert_eq!((k.g2, k.dispersion, k.p_holm), (5.78, 1.0, 0.03238));
        assert!(k.significant);
        let al = &broad.outlets[0].frames["alliance"];
        assert_eq!(al.endorsed_rate_ci95, al.rate_ci95);
        // All 12 in one article: X² = 144/1000 / 0.0012 − 12 = 108 on 9 df, φ_A = 12, φ_B = 1,
        // weighed by words (equal) φ = 6.5: G2 5.78 / 6.5 = 0.89, not significant; and its
        // interval is wider than the spread outlet's.
        let one = spread([12, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let k1 = one.outlets[0].frames["alliance"].keyness.unwrap();
        assert_eq!((k1.g2, k1.dispersion), (0.89, 6.5));
        assert!(!k1.significant);
        let ci = one.outlets[0].frames["alliance"].endorsed_rate_ci95;
        assert!(ci[1] - ci[0] > 2.0 * (al.endorsed_rate_ci95[1] - al.endorsed_rate_ci95[0]));
    }

    #[test]
    fn keyness_needs_another_outlet() {
        let config = Config::parse(Path::new("hand.toml"), CONFIG).unwrap();
        let one = article("a.txt", "a", "2021-12-15", 500, vec![]);
        let report = build_report(&config, vec![one], Inputs::default());
        assert!(report.outlets[0].frames["alliance"].keyness.is_none());
        assert_eq!(report.outlets[0].contrasts_ci95["a-vs-p"], None);
    }

    #[test]
    fn timeline_by_iso_week() {
        let t = hand_built().timeline;
        // 2021-12-15 and -16 are in ISO week 50 (Mon 13 – Sun 19), 2021-12-20 in week 51.
        assert_eq!(t.unit, "week");
        assert_eq!(t.periods, ["2021-W50", "2021-W51"]);
        let a = &t.outlets[0];
        assert_eq!(
            (a.articles.clone(), a.words.clone()),
            (vec![1, 1], vec![1000, 1000])
        );
        assert_eq!(a.endorsed["alliance"], [3, 1]);
        assert_eq!(a.endorsed_rate_per_1k["alliance"], [Some(3.0), Some(1.0)]);
        let b = &t.outlets[1];
        assert_eq!(b.endorsed_rate_per_1k["partnership"], [Some(2.0), None]);
    }

    #[test]
    fn timeline_by_month_when_dates_span_more_than_ten_weeks() {
        let config = Config::parse(Path::new("hand.toml"), CONFIG).unwrap();
        let mut undated = article("c.txt", "b", "", 100, vec![]);
        undated.date = None;
        let articles = vec![
            article("a.txt", "a", "2021-12-15", 100, vec![]),
            article("b.txt", "b", "2022-03-01", 100, vec![]),
            undated,
        ];
        let t = build_report(&config, articles, Inputs::default()).timeline;
        assert_eq!(t.unit, "month");
        assert_eq!(t.periods, ["2021-12", "2022-01", "2022-02", "2022-03"]);
        assert_eq!(t.undated_articles, 1);
    }

    #[test]
    fn iso_weeks_at_year_ends() {
        let week = |d: &str| iso_week(day_number(d).unwrap()).0;
        assert_eq!(week("2021-01-01"), "2020-W53");
        assert_eq!(week("2024-12-30"), "2025-W01");
        assert_eq!(week("2021-12-15"), "2021-W50");
        assert_eq!(civil(day_number("2000-02-29").unwrap()), (2000, 2, 29));
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2021-13-01"), None);
    }

    #[test]
    fn manifest_lists_every_input_by_path() {
        let mut inputs = Inputs::default();
        inputs.skipped.push(crate::model::Skipped {
            path: "a0.bin".into(),
            reason: "binary".into(),
            sha256: String::new(),
            duplicate_of: None,
        });
        let config = Config::parse(Path::new("hand.toml"), CONFIG).unwrap();
        let report = build_report(
            &config,
            vec![article("b.txt", "b", "2021-12-15", 10, vec![])],
            inputs,
        );
        let m = &report.manifest;
        assert_eq!(m.framelens_version, env!("CARGO_PKG_VERSION"));
        assert_eq!(m.config_sha256, crate::score::sha256_hex(CONFIG.as_bytes()));
        let rows: Vec<(&str, &str, &str)> = m
            .inputs
            .iter()
            .map(|i| (i.path.as_str(), i.sha256.as_str(), i.status.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("a0.bin", "", "skipped"),
                ("b.txt", "hash-of-b.txt", "used")
            ]
        );
    }

    #[test]
    fn contrast_index_is_signed_and_undefined_at_zero() {
        assert_eq!(contrast_index(3, 1), Some(0.5));
        assert_eq!(contrast_index(0, 2), Some(-1.0));
        assert_eq!(contrast_index(0, 0), None);
    }

    #[test]
    fn rounding_to_two_decimals() {
        assert_eq!(round2(2.514_9), 2.51);
        assert_eq!(round2(7.306), 7.31);
    }
}
