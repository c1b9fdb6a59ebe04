//! `framelens validate`: coded rows against the tool's mentions.
//!
//! A coded row joins the tool's mention with the same `path` (as the report writes it),
//! `start`, `end` and `frame`; a row with no term (a sentence with no mention, for recall)
//! joins the sentence with the same path and offsets that still holds no mention. A row that
//! does not join is counted and listed with the reason, never dropped in silence. Each coded
//! row is one judgement: a mention coded by two coders counts twice for precision and stance
//! (the intervals then treat the rows as independent), and is a unit of the agreement
//! between coders. The estimators are written down in `docs/validation.md`.

use super::agreement::{cohen_kappa, krippendorff_alpha_nominal};
use super::each_article;
use super::sheet::ReadRow;
use crate::model::Stance;
pub use crate::model::{
    FrameValidation, StanceValidation, TermValidation, Unjoined, UnjoinedRow, UnmatchedValidation,
    Validation,
};
use crate::score::Engine;
use crate::stats::{wilson, Z95};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// The schema tag of `validate --json`.
pub const SCHEMA: &str = "framelens/validation@1";

/// Precision below this on at least [`AUDIT_MIN_ROWS`] coded rows flags a term.
pub const AUDIT_PRECISION: f64 = 0.8;
/// Coded rows a term needs before its precision can flag it.
pub const AUDIT_MIN_ROWS: u64 = 10;

/// Rows that did not join listed in full (the count covers all of them).
const UNJOINED_LISTED: usize = 10;

/// Rounds a statistic for output: four decimals.
fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn ci(k: u64, n: u64) -> Option<[f64; 2]> {
    wilson(k, n, Z95).map(|(lo, hi)| [r4(lo), r4(hi)])
}

/// What the corpus holds for the join.
#[derive(Default)]
struct Tool {
    /// (path, start, end, frame) -> (term, stance), for the paths the sheets name.
    mentions: HashMap<(String, usize, usize, String), (String, Stance)>,
    /// (path, start, end) of sentences with no mention, for the paths the sheets name.
    blank: BTreeSet<(String, usize, usize)>,
    /// Every article path of the corpus.
    paths: BTreeSet<String>,
    /// Mentions per frame id in the whole corpus.
    per_frame: BTreeMap<String, u64>,
    /// Sentences with no mention in the whole corpus.
    blank_total: u64,
}

/// Reads the corpus (`paths`, or the config's) and validates `rows` against it.
pub fn validate(
    engine: &Engine,
    paths: &[PathBuf],
    options: &crate::RunOptions,
    rows: &[ReadRow],
) -> Validation {
    let wanted: BTreeSet<&str> = rows.iter().map(|r| r.row.path.as_str()).collect();
    let mut tool = Tool::default();
    each_article(engine, paths, options, |a| {
        let path = a.report.path.clone();
        tool.paths.insert(path.clone());
        for m in &a.report.mentions {
            *tool.per_frame.entry(m.frame.to_string()).or_default() += 1;
        }
        let unmatched = a.unmatched_sentences();
        tool.blank_total += unmatched.len() as u64;
        if !wanted.contains(path.as_str()) {
            return;
        }
        for m in &a.report.mentions {
            tool.mentions.insert(
                (path.clone(), m.start, m.end, m.frame.to_string()),
                (m.term.to_string(), m.stance),
            );
        }
        for i in unmatched {
            let r = a.source_range(&a.sentences[i]);
            tool.blank.insert((path.clone(), r.start, r.end));
        }
    });
    let frames: Vec<String> = engine.config.frames.iter().map(|f| f.id.clone()).collect();
    summarize(&frames, &tool, rows)
}

/// One coded judgement of a mention, joined.
struct Judged<'a> {
    frame: &'a str,
    term: &'a str,
    tool_stance: Stance,
    in_frame: Option<bool>,
    stance: Option<Stance>,
}

/// A coded unit: a mention (path, start, end, frame) or a sentence (frame empty).
type Unit<'a> = (&'a str, usize, usize, &'a str);

/// One coder's answers on a unit, and where they were read.
type Coding = (Option<bool>, Option<Stance>, String);

/// Joins the coded `rows` to what the corpus holds (`tool`) and computes every statistic of
/// the validation: per frame, per term, of stance, and between coders.
fn summarize(frames: &[String], tool: &Tool, rows: &[ReadRow]) -> Validation {
    let coded = Coded::join(frames, tool, rows);
    let per_frame = frame_validations(frames, tool, &coded);
    let (terms, low_precision_terms) = term_precision(&coded.judged);
    let stance = stance_validation(&coded.judged);
    let between = BetweenCoders::of(&coded.units);
    Validation {
        schema: SCHEMA.into(),
        rows: rows.len() as u64,
        coders: coded.coders.into_iter().collect(),
        frames: per_frame,
        terms,
        stance,
        coders_alpha: between.stance_alpha,
        coders_alpha_in_frame: between.in_frame_alpha,
        units_multiply_coded: between.units,
        uncoded: coded.uncoded,
        unmatched: UnmatchedValidation {
            sentences: tool.blank_total,
            coded: coded.sentence_rows.len() as u64,
        },
        unjoined: coded.unjoined,
        low_precision_terms,
    }
}

/// The coded rows joined to the corpus: what the statistics are computed from.
#[derive(Default)]
struct Coded<'a> {
    /// Each coded row of a mention with `in_frame` or `stance` filled in.
    judged: Vec<Judged<'a>>,
    /// Each sentence row coded `in_frame`: the frames the coder saw in the sentence.
    sentence_rows: Vec<Vec<&'a str>>,
    /// Per unit (mention or sentence), each coder's first row: for duplicates and alpha.
    units: BTreeMap<Unit<'a>, BTreeMap<&'a str, Coding>>,
    /// The coders named in the rows, joined or not.
    coders: BTreeSet<String>,
    /// Joined rows with neither `in_frame` nor `stance` filled in.
    uncoded: u64,
    /// Rows that did not join, and why.
    unjoined: Unjoined,
}

/// What a row joins: the tool's mention (its term and stance), or a sentence with no
/// mention (the frames the coder named in it).
enum JoinedTo<'a> {
    Mention(&'a str, Stance),
    Sentence(Vec<&'a str>),
}

impl<'a> Coded<'a> {
    /// Joins every row, in sheet order.
    fn join(frames: &[String], tool: &'a Tool, rows: &'a [ReadRow]) -> Coded<'a> {
        let mut coded = Coded::default();
        for r in rows {
            coded.add(frames, tool, r);
        }
        coded
    }

    /// Joins one row and files it: as a judgement, a coded sentence, an uncoded row, or a
    /// row that did not join (a coder's second row on the same unit is one of those).
    fn add(&mut self, frames: &[String], tool: &'a Tool, r: &'a ReadRow) {
        let row = &r.row;
        if !row.coder.is_empty() {
            self.coders.insert(row.coder.clone());
        }
        let joined_to = match join_row(frames, tool, r) {
            Ok(joined_to) => joined_to,
            Err(reason) => {
                self.unjoined.add(r, reason);
                return;
            }
        };
        let unit_frame: &str = if row.is_unmatched() { "" } else { &row.frame };
        let unit = self
            .units
            .entry((row.path.as_str(), row.start, row.end, unit_frame))
            .or_default();
        if let Some((_, _, at)) = unit.get(row.coder.as_str()) {
            let reason = format!("the same coder coded this row already ({at})");
            self.unjoined.add(r, reason);
            return;
        }
        unit.insert(
            row.coder.as_str(),
            (
                row.in_frame,
                row.stance,
                format!("{}, line {}", r.file, r.line),
            ),
        );
        if row.in_frame.is_none() && row.stance.is_none() {
            self.uncoded += 1;
            return;
        }
        match joined_to {
            JoinedTo::Sentence(named) => {
                if row.in_frame.is_some() {
                    self.sentence_rows.push(named);
                }
            }
            JoinedTo::Mention(term, tool_stance) => self.judged.push(Judged {
                frame: &row.frame,
                term,
                tool_stance,
                in_frame: row.in_frame,
                stance: row.stance,
            }),
        }
    }
}

impl Unjoined {
    /// Counts a row that did not join, and lists it while fewer than [`UNJOINED_LISTED`]
    /// are listed.
    fn add(&mut self, r: &ReadRow, reason: String) {
        self.count += 1;
        if self.first.len() < UNJOINED_LISTED {
            self.first.push(UnjoinedRow {
                file: r.file.clone(),
                line: r.line,
                reason,
            });
        }
    }
}

/// Joins a row to what the corpus holds at its path and offsets, or says why it does not
/// join.
fn join_row<'a>(frames: &[String], tool: &'a Tool, r: &'a ReadRow) -> Result<JoinedTo<'a>, String> {
    let row = &r.row;
    if !tool.paths.contains(&row.path) {
        return Err(format!(
            "no article `{}` in the corpus (paths are as the report writes them; a sheet sampled from other paths needs --corpus)",
            row.path
        ));
    }
    if row.is_unmatched() {
        join_sentence(frames, tool, r).map(JoinedTo::Sentence)
    } else {
        join_mention(frames, tool, r).map(|(term, stance)| JoinedTo::Mention(term, stance))
    }
}

/// Joins a row with no term to a sentence with no mention, and gives the frames the coder
/// named; the frames must be the config's, and `in_frame` must say yes exactly when a
/// frame is named.
fn join_sentence<'a>(
    frames: &[String],
    tool: &Tool,
    r: &'a ReadRow,
) -> Result<Vec<&'a str>, String> {
    let row = &r.row;
    let named: Vec<&str> = row
        .frame
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(unknown) = named.iter().find(|f| !frames.iter().any(|x| x == *f)) {
        return Err(format!("frame `{unknown}` is not a frame of the config"));
    }
    if !tool.blank.contains(&(row.path.clone(), row.start, row.end)) {
        return Err(format!(
            "no sentence without a mention at {}–{} (the text or the lexicon changed since sampling?)",
            row.start, row.end
        ));
    }
    if row.in_frame == Some(true) && named.is_empty() {
        return Err("in_frame is yes but the frame column names no frame".into());
    }
    if row.in_frame == Some(false) && !named.is_empty() {
        return Err("in_frame is no but the frame column names a frame".into());
    }
    Ok(named)
}

/// Joins a row with a term to the tool's mention of its frame at its offsets, and gives the
/// mention's term and stance.
fn join_mention<'a>(
    frames: &[String],
    tool: &'a Tool,
    r: &ReadRow,
) -> Result<(&'a str, Stance), String> {
    let row = &r.row;
    if !frames.contains(&row.frame) {
        return Err(format!(
            "frame `{}` is not a frame of the config",
            row.frame
        ));
    }
    let key = (row.path.clone(), row.start, row.end, row.frame.clone());
    match tool.mentions.get(&key) {
        Some((term, stance)) => Ok((term.as_str(), *stance)),
        None => Err(format!(
            "no mention of `{}` at {}–{} (the text or the lexicon changed since sampling?)",
            row.frame, row.start, row.end
        )),
    }
}

/// Counts the judgements coded `in_frame` per key, as (coded yes, coded).
fn in_frame_tally<'a, K: Ord>(
    judged: &[Judged<'a>],
    key: impl Fn(&Judged<'a>) -> K,
) -> BTreeMap<K, (u64, u64)> {
    let mut tally: BTreeMap<K, (u64, u64)> = BTreeMap::new();
    for j in judged {
        if let Some(yes) = j.in_frame {
            let counts = tally.entry(key(j)).or_default();
            counts.0 += u64::from(yes);
            counts.1 += 1;
        }
    }
    tally
}

/// Precision of each term with a row coded `in_frame`, keyed `frame/term`, and the keys of
/// the terms it flags for audit (below [`AUDIT_PRECISION`] on [`AUDIT_MIN_ROWS`] or more).
fn term_precision(judged: &[Judged]) -> (BTreeMap<String, TermValidation>, Vec<String>) {
    let mut terms = BTreeMap::new();
    let mut low_precision = Vec::new();
    for (key, (yes, n)) in in_frame_tally(judged, |j| format!("{}/{}", j.frame, j.term)) {
        let precision = (n > 0).then(|| yes as f64 / n as f64);
        if n >= AUDIT_MIN_ROWS && precision.is_some_and(|p| p < AUDIT_PRECISION) {
            low_precision.push(key.clone());
        }
        terms.insert(
            key,
            TermValidation {
                coded: n,
                precision: precision.map(r4),
                precision_ci95: ci(yes, n),
            },
        );
    }
    (terms, low_precision)
}

/// Precision and recall of every configured frame, recall estimated from the coded
/// sentences with no mention.
fn frame_validations(
    frames: &[String],
    tool: &Tool,
    coded: &Coded,
) -> BTreeMap<String, FrameValidation> {
    let per_frame = in_frame_tally(&coded.judged, |j| j.frame);
    let m = coded.sentence_rows.len() as u64;
    frames
        .iter()
        .map(|f| {
            let (yes, n) = per_frame.get(f.as_str()).copied().unwrap_or_default();
            let mentions = tool.per_frame.get(f).copied().unwrap_or(0);
            let missed = coded
                .sentence_rows
                .iter()
                .filter(|s| s.contains(&f.as_str()))
                .count() as u64;
            let (recall, recall_ci95) = recall(yes, n, mentions, missed, m, tool.blank_total);
            let frame = FrameValidation {
                coded: n,
                precision: (n > 0).then(|| r4(yes as f64 / n as f64)),
                precision_ci95: ci(yes, n),
                recall: recall.map(r4),
                recall_ci95: recall_ci95.map(|[a, b]| [r4(a), r4(b)]),
                mentions,
                missed,
            };
            (f.clone(), frame)
        })
        .collect()
}

/// The tool's stance against each coder's row that gives one: agreement, kappa and the
/// confusion table.
fn stance_validation(judged: &[Judged]) -> StanceValidation {
    let pairs: Vec<(Stance, Stance)> = judged
        .iter()
        .filter_map(|j| j.stance.map(|s| (s, j.tool_stance)))
        .collect();
    let same = pairs.iter().filter(|(c, t)| c == t).count() as u64;
    let n = pairs.len() as u64;
    let mut confusion: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (c, t) in &pairs {
        *confusion
            .entry(c.as_str().into())
            .or_default()
            .entry(t.as_str().into())
            .or_default() += 1;
    }
    StanceValidation {
        coded: n,
        agreement: (n > 0).then(|| r4(same as f64 / n as f64)),
        agreement_ci95: ci(same, n),
        kappa: cohen_kappa(&pairs).map(r4),
        confusion,
    }
}

/// Agreement between coders, over the units coded by more than one.
struct BetweenCoders {
    /// Units coded by more than one coder.
    units: u64,
    /// Krippendorff's alpha (nominal) of their stances.
    stance_alpha: Option<f64>,
    /// Krippendorff's alpha (nominal) of their `in_frame`.
    in_frame_alpha: Option<f64>,
}

impl BetweenCoders {
    /// Measures the agreement on the units that more than one coder coded.
    fn of(units: &BTreeMap<Unit, BTreeMap<&str, Coding>>) -> BetweenCoders {
        let multi: Vec<_> = units.values().filter(|c| c.len() > 1).collect();
        let stances: Vec<Vec<Stance>> = multi
            .iter()
            .map(|c| c.values().filter_map(|v| v.1).collect())
            .collect();
        let in_frame: Vec<Vec<bool>> = multi
            .iter()
            .map(|c| c.values().filter_map(|v| v.0).collect())
            .collect();
        BetweenCoders {
            units: multi.len() as u64,
            stance_alpha: krippendorff_alpha_nominal(&stances).map(r4),
            in_frame_alpha: krippendorff_alpha_nominal(&in_frame).map(r4),
        }
    }
}

/// Recall of a frame and its interval (see `docs/validation.md`): true mentions found,
/// `p * N` (precision `yes / coded` times the tool's `N` mentions), against those plus the
/// uses missed, `U * x / m` (of `m` coded sentences with no mention, `x` hold the frame; the
/// corpus has `U` such sentences). The interval puts the Wilson bounds of both proportions
/// at their least and most favourable ends. `None` without coded mentions of the frame or
/// coded sentences, or when nothing was found or missed.
pub fn recall(
    yes: u64,
    coded: u64,
    mentions: u64,
    missed: u64,
    m: u64,
    blank: u64,
) -> (Option<f64>, Option<[f64; 2]>) {
    if coded == 0 || m == 0 {
        return (None, None);
    }
    let n = mentions as f64;
    let u = blank as f64;
    let est = |p: f64, q: f64| {
        let found = p * n;
        let lost = q * u;
        (found + lost > 0.0).then(|| found / (found + lost))
    };
    let point = est(yes as f64 / coded as f64, missed as f64 / m as f64);
    let (Some((plo, phi)), Some((qlo, qhi))) = (wilson(yes, coded, Z95), wilson(missed, m, Z95))
    else {
        return (point, None);
    };
    let interval = match (est(plo, qhi), est(phi, qlo)) {
        (Some(lo), Some(hi)) => Some([lo, hi]),
        _ => None,
    };
    (point, interval)
}

/// `x` as a share with its interval: `0.900 [0.700, 0.970]`, or `–`.
fn share(x: Option<f64>, ci: Option<[f64; 2]>) -> String {
    match (x, ci) {
        (Some(x), Some([lo, hi])) => format!("{x:.3} [{lo:.3}, {hi:.3}]"),
        (Some(x), None) => format!("{x:.3}"),
        _ => "–".into(),
    }
}

/// The validation for a terminal (`framelens validate` without `--json`).
pub fn to_text(v: &Validation) -> String {
    let mut out = String::new();
    rows_text(&mut out, v);
    frames_text(&mut out, v);
    terms_text(&mut out, v);
    stance_text(&mut out, &v.stance);
    coders_text(&mut out, v);
    out
}

/// Writes the rows read and from which coders, how many were not coded or did not join,
/// and the first rows that did not join, with why.
fn rows_text(out: &mut String, v: &Validation) {
    use std::fmt::Write;
    let coders = if v.coders.is_empty() {
        "no coder named".to_string()
    } else {
        v.coders.join(", ")
    };
    let _ = writeln!(
        out,
        "{} rows read ({coders}); {} not coded yet; {} did not join",
        v.rows, v.uncoded, v.unjoined.count
    );
    for u in &v.unjoined.first {
        let _ = writeln!(
            out,
            "  not joined: {}, line {}: {}",
            u.file, u.line, u.reason
        );
    }
    if v.unjoined.count > v.unjoined.first.len() as u64 {
        let _ = writeln!(
            out,
            "  ... and {} more (--json lists the first {UNJOINED_LISTED})",
            v.unjoined.count - v.unjoined.first.len() as u64
        );
    }
}

/// Writes each frame's precision and recall with their intervals, its coded rows and its
/// mentions.
fn frames_text(out: &mut String, v: &Validation) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "\nprecision and recall per frame (95% Wilson intervals):"
    );
    for (id, f) in &v.frames {
        let _ = writeln!(
            out,
            "  {id}: precision {} on {} coded rows; recall {} ({} of {} coded sentences without a mention hold it); {} mentions",
            share(f.precision, f.precision_ci95),
            f.coded,
            share(f.recall, f.recall_ci95),
            f.missed,
            v.unmatched.coded,
            f.mentions
        );
    }
}

/// Writes each coded term's precision on its coded rows, marking the terms of low precision.
fn terms_text(out: &mut String, v: &Validation) {
    use std::fmt::Write;
    let _ = writeln!(out, "\nprecision per term:");
    if v.terms.is_empty() {
        let _ = writeln!(out, "  (no row coded in_frame)");
    }
    for (key, t) in &v.terms {
        let flag = if v.low_precision_terms.contains(key) {
            "  << below 0.8 on 10+ rows"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {key}: {} on {} rows{flag}",
            share(t.precision, t.precision_ci95),
            t.coded
        );
    }
}

/// Writes the agreement of the tool's stance with the coders' and Cohen's kappa, and the
/// rows by the coder's stance and the tool's, when any row was coded with a stance.
fn stance_text(out: &mut String, s: &StanceValidation) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "\nstance: agreement {} on {} rows; Cohen's kappa {}",
        share(s.agreement, s.agreement_ci95),
        s.coded,
        s.kappa.map_or("–".into(), |k| format!("{k:.3}"))
    );
    if s.confusion.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  coder \\ tool   asserted   quoted  negated distanced"
    );
    for coder in Stance::ALL {
        let row = s.confusion.get(coder.as_str());
        let cells: Vec<String> = Stance::ALL
            .iter()
            .map(|t| {
                format!(
                    "{:>8}",
                    row.and_then(|r| r.get(t.as_str())).copied().unwrap_or(0)
                )
            })
            .collect();
        let _ = writeln!(out, "  {:<12} {}", coder.as_str(), cells.join(" "));
    }
}

/// Writes how many units more than one coder coded, and Krippendorff's alpha on stance and
/// on in_frame.
fn coders_text(out: &mut String, v: &Validation) {
    use std::fmt::Write;
    let alpha = |a: Option<f64>| a.map_or("–".into(), |a| format!("{a:.3}"));
    let _ = writeln!(
        out,
        "\nbetween coders: {} units coded more than once; Krippendorff's alpha (nominal) {} on stance, {} on in_frame",
        v.units_multiply_coded,
        alpha(v.coders_alpha),
        alpha(v.coders_alpha_in_frame)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::sheet::SheetRow;

    fn tool() -> Tool {
        let mut t = Tool::default();
        t.paths.insert("corpus/a.txt".into());
        t.paths.insert("corpus/b.txt".into());
        let m = |p: &str, s, e, f: &str| (p.to_string(), s, e, f.to_string());
        t.mentions.insert(
            m("corpus/a.txt", 10, 18, "alliance"),
            ("alliance".into(), Stance::Asserted),
        );
        t.mentions.insert(
            m("corpus/a.txt", 40, 45, "alliance"),
            ("bloc".into(), Stance::Negated),
        );
        t.mentions.insert(
            m("corpus/b.txt", 10, 18, "alliance"),
            ("alliance".into(), Stance::Quoted),
        );
        // The same offsets as a mention of another frame (a term in two frames).
        t.mentions.insert(
            m("corpus/b.txt", 10, 18, "partnership"),
            ("alliance".into(), Stance::Quoted),
        );
        t.blank.insert(("corpus/b.txt".into(), 100, 160));
        t.blank.insert(("corpus/b.txt".into(), 161, 200));
        t.per_frame.insert("alliance".into(), 30);
        t.per_frame.insert("partnership".into(), 10);
        t.blank_total = 200;
        t
    }

    #[allow(clippy::too_many_arguments)]
    fn coded(
        line: u64,
        path: &str,
        start: usize,
        end: usize,
        frame: &str,
        term: &str,
        in_frame: Option<bool>,
        stance: Option<Stance>,
        coder: &str,
    ) -> ReadRow {
        ReadRow {
            file: "coded.csv".into(),
            line,
            row: SheetRow {
                path: path.into(),
                start,
                end,
                frame: frame.into(),
                term: term.into(),
                in_frame,
                stance,
                coder: coder.into(),
                ..Default::default()
            },
        }
    }

    fn frames() -> Vec<String> {
        vec!["alliance".into(), "partnership".into()]
    }

    #[test]
    fn rows_join_by_path_offsets_and_frame_and_the_rest_are_listed() {
        use Stance::*;
        let rows = vec![
            coded(
                2,
                "corpus/a.txt",
                10,
                18,
                "alliance",
                "alliance",
                Some(true),
                Some(Asserted),
                "ana",
            ),
            // Off by one byte: does not join.
            coded(
                3,
                "corpus/a.txt",
                11,
                18,
                "alliance",
                "alliance",
                Some(true),
                Some(Asserted),
                "ana",
            ),
            // Right offsets, the other frame: joins the other frame's mention.
            coded(
                4,
                "corpus/b.txt",
                10,
                18,
                "partnership",
                "alliance",
                Some(false),
                Some(Quoted),
                "ana",
            ),
            coded(
                5,
                "corpus/c.txt",
                10,
                18,
                "alliance",
                "alliance",
                Some(true),
                None,
                "ana",
            ),
            coded(
                6,
                "corpus/a.txt",
                40,
                45,
                "threat",
                "bloc",
                Some(true),
                None,
                "ana",
            ),
            // The same coder again on the mention of line 2.
            coded(
                7,
                "corpus/a.txt",
                10,
                18,
                "alliance",
                "alliance",
                Some(false),
                None,
                "ana",
            ),
            // Joined but not coded yet.
            coded(
                8,
                "corpus/a.txt",
                40,
                45,
                "alliance",
                "bloc",
                None,
                None,
                "ana",
            ),
        ];
        let v = summarize(&frames(), &tool(), &rows);
        assert_eq!(v.rows, 7);
        assert_eq!(v.uncoded, 1);
        assert_eq!(v.unjoined.count, 4);
        let reasons: Vec<(u64, &str)> = v
            .unjoined
            .first
            .iter()
            .map(|u| (u.line, u.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (3, "no mention of `alliance` at 11–18 (the text or the lexicon changed since sampling?)"),
                (5, "no article `corpus/c.txt` in the corpus (paths are as the report writes them; a sheet sampled from other paths needs --corpus)"),
                (6, "frame `threat` is not a frame of the config"),
                (7, "the same coder coded this row already (coded.csv, line 2)"),
            ]
        );
        assert_eq!(v.frames["alliance"].coded, 1);
        assert_eq!(v.frames["partnership"].coded, 1);
        assert_eq!(v.frames["partnership"].precision, Some(0.0));
        assert_eq!(v.terms["partnership/alliance"].coded, 1);
        assert_eq!(v.stance.coded, 2);
        assert_eq!(v.stance.agreement, Some(1.0));
    }

    #[test]
    #[allow(clippy::vec_init_then_push)]
    fn precision_stance_and_coders_by_hand() {
        use Stance::*;
        let mut rows = Vec::new();
        // Mention 1: ana and ben agree (asserted, in frame); the tool says asserted.
        rows.push(coded(
            2,
            "corpus/a.txt",
            10,
            18,
            "alliance",
            "alliance",
            Some(true),
            Some(Asserted),
            "ana",
        ));
        rows.push(coded(
            3,
            "corpus/a.txt",
            10,
            18,
            "alliance",
            "alliance",
            Some(true),
            Some(Asserted),
            "ben",
        ));
        // Mention 2: the tool says negated; ana says negated, ben distanced, ben out of frame.
        rows.push(coded(
            4,
            "corpus/a.txt",
            40,
            45,
            "alliance",
            "bloc",
            Some(true),
            Some(Negated),
            "ana",
        ));
        rows.push(coded(
            5,
            "corpus/a.txt",
            40,
            45,
            "alliance",
            "bloc",
            Some(false),
            Some(Distanced),
            "ben",
        ));
        // Mention 3: the tool says quoted; ana says asserted.
        rows.push(coded(
            6,
            "corpus/b.txt",
            10,
            18,
            "alliance",
            "alliance",
            Some(true),
            Some(Asserted),
            "ana",
        ));
        let v = summarize(&frames(), &tool(), &rows);
        assert_eq!(v.coders, vec!["ana", "ben"]);
        let f = &v.frames["alliance"];
        assert_eq!((f.coded, f.precision), (5, Some(0.8)));
        assert_eq!(f.precision_ci95, ci(4, 5));
        assert_eq!(v.terms["alliance/bloc"].precision, Some(0.5));
        assert_eq!(v.terms["alliance/alliance"].precision, Some(1.0));
        // Stance: 3 of 5 rows agree with the tool.
        assert_eq!(v.stance.coded, 5);
        assert_eq!(v.stance.agreement, Some(0.6));
        assert_eq!(v.stance.confusion["asserted"]["asserted"], 2);
        assert_eq!(v.stance.confusion["asserted"]["quoted"], 1);
        assert_eq!(v.stance.confusion["negated"]["negated"], 1);
        assert_eq!(v.stance.confusion["distanced"]["negated"], 1);
        // Kappa by hand: coder margins A3 N1 D1, tool A2 Q1 N2 over 5:
        // p_e = (3*2 + 1*2) / 25 = 0.32; kappa = (0.6 - 0.32) / 0.68.
        assert_eq!(v.stance.kappa, Some(r4(0.28 / 0.68)));
        // Two units coded twice: stances (A, A) and (N, D); in_frame (y, y) and (y, n).
        assert_eq!(v.units_multiply_coded, 2);
        assert_eq!(
            v.coders_alpha,
            krippendorff_alpha_nominal(&[vec![Asserted, Asserted], vec![Negated, Distanced]])
                .map(r4)
        );
        // With 4 values: o(A,A)=2, o(N,D)=o(D,N)=1; n=4, margins A2 N1 D1:
        // alpha = 1 - 3 * 2 / (16 - 6) = 0.4.
        assert_eq!(v.coders_alpha, Some(0.4));
        assert!(
            v.low_precision_terms.is_empty(),
            "fewer than 10 rows flag nothing"
        );
    }

    #[test]
    fn recall_from_coded_sentences_without_mentions() {
        let rows = vec![
            coded(
                2,
                "corpus/a.txt",
                10,
                18,
                "alliance",
                "alliance",
                Some(true),
                None,
                "ana",
            ),
            coded(
                3,
                "corpus/b.txt",
                100,
                160,
                "alliance",
                "",
                Some(true),
                None,
                "ana",
            ),
            coded(
                4,
                "corpus/b.txt",
                161,
                200,
                "",
                "",
                Some(false),
                None,
                "ana",
            ),
            coded(
                5,
                "corpus/b.txt",
                161,
                201,
                "",
                "",
                Some(false),
                None,
                "ana",
            ),
            coded(
                6,
                "corpus/b.txt",
                161,
                200,
                "nothing",
                "",
                Some(true),
                None,
                "ana",
            ),
        ];
        let v = summarize(&frames(), &tool(), &rows);
        assert_eq!(v.unjoined.count, 2);
        assert_eq!(
            v.unmatched,
            UnmatchedValidation {
                sentences: 200,
                coded: 2
            }
        );
        let f = &v.frames["alliance"];
        assert_eq!(f.missed, 1);
        // Found: 1.0 * 30 mentions; missed: 200 * 1/2 = 100 sentences; recall 30 / 130.
        assert_eq!(f.recall, Some(r4(30.0 / 130.0)));
        let [lo, hi] = f.recall_ci95.unwrap();
        assert!(lo < 30.0 / 130.0 && 30.0 / 130.0 < hi);
        // Partnership: no coded mention, so no precision and no recall.
        assert_eq!(v.frames["partnership"].recall, None);
    }

    #[test]
    fn recall_estimator_by_hand() {
        // Precision 8/10 of 50 mentions: 40 found; 2 of 40 coded sentences of 400: 20 missed.
        let (r, ci) = recall(8, 10, 50, 2, 40, 400);
        assert_eq!(r, Some(40.0 / 60.0));
        let (plo, phi) = wilson(8, 10, Z95).unwrap();
        let (qlo, qhi) = wilson(2, 40, Z95).unwrap();
        let lo = plo * 50.0 / (plo * 50.0 + qhi * 400.0);
        let hi = phi * 50.0 / (phi * 50.0 + qlo * 400.0);
        assert_eq!(ci, Some([lo, hi]));
        // Nothing missed: recall 1, the interval still open below.
        let (r, ci) = recall(5, 5, 20, 0, 30, 300);
        assert_eq!(r, Some(1.0));
        assert!(ci.unwrap()[0] < 1.0);
        assert_eq!(recall(0, 0, 20, 0, 30, 300), (None, None));
    }

    #[test]
    fn a_term_below_point_eight_on_ten_rows_is_flagged() {
        let mut rows = Vec::new();
        for i in 0..10 {
            let coder = format!("c{i}");
            rows.push(coded(
                2 + i,
                "corpus/a.txt",
                40,
                45,
                "alliance",
                "bloc",
                Some(i < 7),
                None,
                &coder,
            ));
            rows.push(coded(
                20 + i,
                "corpus/a.txt",
                10,
                18,
                "alliance",
                "alliance",
                Some(i < 8),
                None,
                &coder,
            ));
        }
        let v = summarize(&frames(), &tool(), &rows);
        assert_eq!(v.low_precision_terms, vec!["alliance/bloc"]);
    }
}
