//! The data that flows between the pipeline stages and out to the renderers.
//!
//! `Report` is the stable JSON contract of DESIGN.md (`framelens/report@1`): renderers read
//! nothing else, and `report --scores` / "since the last report" read it back, so every type
//! here is both `Serialize` and `Deserialize`. Maps are `BTreeMap` so that output is
//! byte-for-byte deterministic.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub articles: Vec<ArticleReport>,
    pub inputs: Inputs,
    /// What changed since the previous report in the output folder, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletSummary {
    pub id: String,
    pub name: String,
    pub articles: u64,
    pub words: u64,
    /// Keyed by frame id; every configured frame is present.
    pub frames: BTreeMap<String, OutletFrameStats>,
    /// Contrast index per contrast id; `null` when both sides have no endorsed mention.
    pub contrasts: BTreeMap<String, Option<f64>>,
}

/// One outlet × one frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletFrameStats {
    /// All mentions, whatever their stance.
    pub mentions: u64,
    /// `asserted + quoted`.
    pub endorsed: u64,
    /// Mentions per 1,000 words (all stances).
    pub rate_per_1k: f64,
    /// Exact Poisson 95% interval of `rate_per_1k`.
    pub rate_ci95: [f64; 2],
    /// Endorsed mentions per 1,000 words.
    pub endorsed_rate_per_1k: f64,
    pub stance: StanceCounts,
    /// Endorsed mentions by actor id (a mention with two actors counts for both).
    #[serde(default)]
    pub actors: BTreeMap<String, u64>,
}

/// Per-article counts of one frame.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrameCounts {
    pub mentions: u64,
    pub endorsed: u64,
    pub stance: StanceCounts,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Unicode words (UAX #29) of the cleaned text.
    pub words: u64,
    pub removed: Removed,
    /// Keyed by frame id; only frames with at least one mention.
    pub frames: BTreeMap<String, FrameCounts>,
    pub mentions: Vec<MentionReport>,
    /// How the file was read, when the reader should know (a legacy encoding decoded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Paths of later inputs skipped as copies of this article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub twins: Vec<String>,
}

/// One mention: the evidence behind every number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionReport {
    pub frame: String,
    /// The term of the config that matched, as written there (`interfer*`).
    pub term: String,
    /// The matched text as it stands in the article.
    pub text: String,
    pub stance: Stance,
    /// Actor ids named in the same sentence, in config order.
    pub actors: Vec<String>,
    /// Byte offsets of the match in the original file (for a file not in UTF-8, in its
    /// UTF-8 decoding; for a CSV/JSONL row, in the row's text field).
    pub start: usize,
    pub end: usize,
    /// The sentence that holds the mention, in the original text (whitespace runs folded to one space).
    pub snippet: String,
    /// Byte range of the matched text inside `snippet`.
    pub highlight: [usize; 2],
    /// True when the mention is in the headline.
    #[serde(default)]
    pub headline: bool,
}

/// Accounting of every input path: each is used or skipped with a reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    pub read: u64,
    pub used: u64,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}
