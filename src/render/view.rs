//! The view model of the HTML and Markdown reports: what they show, in display order, with
//! every number formatted (two decimals, `0.50–7.30` intervals, `+0.33` / `−0.50` contrasts,
//! no locale), thin-evidence flags, stance bars and the evidence grouped and ordered.
//!
//! Text here is raw, as the article or config wrote it: the HTML template escapes it on output,
//! the Markdown renderer escapes it before layout.

use super::charts::{
    self, AuditView, ContrastChart, DetailGroup, HeadlineTable, Heatmap, KeynessSummary,
    ManifestView, TimelineView,
};
use super::escape;
use super::wording::{contrast_index, count_of, decimal, interval, is_thin};
use crate::model::{
    ArticleReport, Inputs, MentionReport, OutletFrameStats, OutletSummary, Removed, Report, Stance,
    StanceCounts,
};
use std::collections::{BTreeMap, HashMap};

use crate::aggregate::{sample_key, EVIDENCE_PER_FRAME};
pub use crate::aggregate::{THIN_MIN_ARTICLES, THIN_MIN_WORDS};

/// The "Method" section of both reports, as (term, plain-text explanation) pairs: the list
/// under "The report's Method section" in docs/method.md, the one written source of the
/// rules, compiled in. The text holds no Markdown syntax, so both reports print it as is.
pub fn method() -> &'static [(&'static str, String)] {
    static METHOD: std::sync::LazyLock<Vec<(&'static str, String)>> =
        std::sync::LazyLock::new(|| method_from(include_str!("../../docs/method.md")));
    &METHOD
}

/// The items of the "The report's Method section" list in `doc`: `- **Term**: text`, the
/// text going on over lines indented by two spaces (joined with one space).
fn method_from(doc: &'static str) -> Vec<(&'static str, String)> {
    let Some(at) = doc.find("\n## The report's Method section\n") else {
        return Vec::new();
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for line in doc[at + 1..].lines().skip(1) {
        if line.starts_with("## ") {
            break;
        }
        if let Some(item) = line.strip_prefix("- **") {
            if let Some((term, text)) = item.split_once("**: ") {
                out.push((term, text.to_owned()));
                continue;
            }
        }
        if let (Some(more), Some((_, text))) = (line.strip_prefix("  "), out.last_mut()) {
            text.push(' ');
            text.push_str(more.trim());
        }
    }
    out
}

/// Everything the HTML and Markdown reports show, in display order, numbers formatted.
pub struct ReportView<'a> {
    pub title: &'a str,
    pub frames: Vec<FrameColumn<'a>>,
    pub contrasts: Vec<ContrastColumn<'a>>,
    /// Actor labels, in config order: the columns of the frame × actor tables.
    pub actors: Vec<&'a str>,
    pub outlets: Vec<OutletRow<'a>>,
    pub stances: Vec<OutletStances<'a>>,
    /// The most mentions of any outlet × frame: the length of a full stance bar, which all
    /// bars share.
    pub stance_scale: u64,
    pub actor_tables: Vec<ActorTable<'a>>,
    /// The first [`super::ARTICLES_SHOWN`] articles, in report (path) order.
    pub articles: Vec<ArticleRow<'a>>,
    /// All the articles of the report.
    pub articles_total: usize,
    pub evidence: Vec<EvidenceGroup<'a>>,
    pub inputs: &'a Inputs,
    /// Some outlet is thin evidence, so the † footnote is needed.
    pub any_thin: bool,
    /// Mentions over all articles.
    pub mentions: usize,
    pub heatmap: Heatmap<'a>,
    /// Per outlet, its significantly over- and under-used frames.
    pub keyness: Vec<KeynessSummary<'a>>,
    /// The full numbers, per outlet and frame.
    pub details: Vec<DetailGroup<'a>>,
    pub contrast_charts: Vec<ContrastChart<'a>>,
    pub headline: HeadlineTable<'a>,
    pub timeline: TimelineView<'a>,
    pub audit: AuditView<'a>,
    pub manifest: ManifestView<'a>,
    /// Endorsed rates with their intervals, one chart per frame, and the axis end.
    pub intervals: (Vec<charts::IntervalChart<'a>>, String),
    /// The lede: findings, strongest first.
    pub findings: Vec<super::findings::Finding>,
    /// What the lede says when there is no finding.
    pub no_findings: &'static str,
    /// Data-quality notes for the top of the report.
    pub quality: Vec<String>,
}

pub struct FrameColumn<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// The config terms, comma-separated.
    pub terms: String,
    /// Markdown, as written in the config.
    pub description: Option<&'a str>,
}

pub struct ContrastColumn<'a> {
    pub id: &'a str,
    /// `Alliance vs Partnership`, from the frame labels.
    pub label: String,
}

/// One outlet in the side-by-side table.
pub struct OutletRow<'a> {
    pub name: &'a str,
    pub articles: u64,
    pub words: u64,
    pub thin: bool,
    /// One per frame, in frame order.
    pub cells: Vec<RateCell>,
    /// One formatted contrast index per contrast, in contrast order.
    pub contrasts: Vec<String>,
}

/// One outlet × frame rate: `2.51 (0.50–7.30) · endorsed 1.26`.
pub struct RateCell {
    pub rate: String,
    pub interval: String,
    pub endorsed: String,
}

impl RateCell {
    fn new(stats: Option<&OutletFrameStats>) -> RateCell {
        match stats {
            Some(s) => RateCell {
                rate: decimal(s.rate_per_1k),
                interval: interval(s.rate_ci95),
                endorsed: decimal(s.endorsed_rate_per_1k),
            },
            None => RateCell {
                rate: "–".into(),
                interval: "–".into(),
                endorsed: "–".into(),
            },
        }
    }

    /// The whole cell on one line.
    pub fn text(&self) -> String {
        format!(
            "{} ({}) · endorsed {}",
            self.rate, self.interval, self.endorsed
        )
    }
}

/// The stance breakdown of one outlet, one row per frame.
pub struct OutletStances<'a> {
    pub name: &'a str,
    pub thin: bool,
    pub rows: Vec<StanceRow<'a>>,
}

pub struct StanceRow<'a> {
    pub frame: &'a str,
    pub counts: StanceCounts,
    pub total: u64,
    /// Bar segments of the stances with mentions, left to right.
    pub segments: Vec<StanceSegment>,
}

/// `asserted 1 · quoted 1 · negated 0 · distanced 1`.
pub(crate) fn stance_counts_text(counts: &StanceCounts) -> String {
    let parts: Vec<String> = Stance::ALL
        .iter()
        .map(|s| format!("{} {}", s.as_str(), counts.get(*s)))
        .collect();
    parts.join(" · ")
}

/// One stance's share of a bar, as percentages of the bar's width (two decimals).
pub struct StanceSegment {
    pub stance: &'static str,
    pub x: String,
    pub width: String,
}

/// The bar of `counts` on a scale where `scale` mentions fill the bar: bars of different
/// totals are drawn to one scale, so that 3 mentions look like 3, not like 207.
fn stance_segments(counts: &StanceCounts, scale: u64) -> Vec<StanceSegment> {
    let total = scale.max(counts.total());
    let mut segments = Vec::new();
    let mut before = 0;
    for stance in Stance::ALL {
        let count = counts.get(stance);
        if count == 0 {
            continue;
        }
        let percent = |n: u64| format!("{:.2}", n as f64 * 100.0 / total as f64);
        segments.push(StanceSegment {
            stance: stance.as_str(),
            x: percent(before),
            width: percent(count),
        });
        before += count;
    }
    segments
}

/// "Who is called what": one outlet's endorsed mentions per frame (rows) and actor (columns).
pub struct ActorTable<'a> {
    pub name: &'a str,
    pub thin: bool,
    pub rows: Vec<ActorRow<'a>>,
    /// Every cell is zero: show a sentence instead of the table.
    pub empty: bool,
}

pub struct ActorRow<'a> {
    pub frame: &'a str,
    pub cells: Vec<u64>,
}

pub struct ArticleRow<'a> {
    pub outlet: &'a str,
    pub title: &'a str,
    /// An http(s) URL safe to link to.
    pub url: Option<&'a str>,
    /// `YYYY-MM-DD` or `—`.
    pub date: &'a str,
    /// The author or `—`.
    pub author: &'a str,
    pub words: u64,
    pub path: &'a str,
    /// What cleaning removed, in words:
    /// `3 lines of boilerplate (“Leave a Reply”); 1 duplicate paragraph`, or `nothing`.
    pub removed: String,
    /// How the file was read (an encoding decoded) and the later copies of this article that
    /// were skipped as its twins, one sentence each.
    pub notes: Vec<String>,
}

/// The notes of an article row: its warnings, then its twins.
fn article_notes(a: &ArticleReport) -> Vec<String> {
    let mut notes = a.warnings.clone();
    if !a.twins.is_empty() {
        notes.push(format!(
            "also published as (skipped as duplicate): {}",
            a.twins.join(", ")
        ));
    }
    notes
}

/// The evidence of one outlet: its mentions, grouped by frame.
pub struct EvidenceGroup<'a> {
    pub name: &'a str,
    pub thin: bool,
    pub counts: StanceCounts,
    pub frames: Vec<EvidenceFrame<'a>>,
}

impl EvidenceGroup<'_> {
    pub fn counts_text(&self) -> String {
        stance_counts_text(&self.counts)
    }

    pub fn passages_text(&self) -> String {
        count_of(self.counts.total(), "passage", "passages")
    }
}

pub struct EvidenceFrame<'a> {
    pub label: &'a str,
    /// `ev-OUTLET-FRAME`: what the heatmap and the lede link to.
    pub anchor: String,
    /// The config terms that matched in the passages shown, most frequent first, `alliance (3), pact* (1)`.
    pub terms: String,
    pub passages: Vec<Passage<'a>>,
    /// Mentions counted but not shown (`framelens score` writes every one with its passage).
    pub more: usize,
}

/// One mention in context: the snippet split around the matched text, and where it came from.
pub struct Passage<'a> {
    pub before: &'a str,
    pub term: &'a str,
    pub after: &'a str,
    pub stance: &'static str,
    /// The config term that matched (`interfer*`).
    pub matched_term: &'a str,
    /// Actor labels, comma-separated; empty when the sentence names none.
    pub actors: String,
    pub headline: bool,
    /// In the lead: the first paragraph after the headline.
    pub lead: bool,
    pub title: &'a str,
    /// The article's date, when it has one.
    pub date: Option<&'a str>,
    pub path: &'a str,
    pub start: usize,
    pub end: usize,
    /// The article's URL when it has a safe one (http or https, see [`escape::article_link`]).
    pub url: Option<&'a str>,
}

/// Splits a snippet around the highlighted byte range; the whole snippet comes first when the
/// range does not fit it (no highlight rather than a panic or a wrong one).
pub(crate) fn split_highlight(snippet: &str, range: [usize; 2]) -> (&str, &str, &str) {
    let [a, b] = range;
    if a <= b && b <= snippet.len() && snippet.is_char_boundary(a) && snippet.is_char_boundary(b) {
        (&snippet[..a], &snippet[a..b], &snippet[b..])
    } else {
        (snippet, "", "")
    }
}

fn removed_text(removed: &Removed) -> String {
    let mut parts = Vec::new();
    if removed.boilerplate_lines > 0 {
        let lines = count_of(removed.boilerplate_lines, "line", "lines");
        parts.push(match &removed.boilerplate_preview {
            Some(preview) => format!("{lines} of boilerplate (“{preview}”)"),
            None => format!("{lines} of boilerplate"),
        });
    }
    if removed.duplicate_paragraphs > 0 {
        parts.push(count_of(
            removed.duplicate_paragraphs,
            "duplicate paragraph",
            "duplicate paragraphs",
        ));
    }
    for (n, one, many) in [
        (removed.captions, "photo caption", "photo captions"),
        (removed.prompts, "prompt line", "prompt lines"),
        (
            removed.trailing_lines,
            "trailing short line",
            "trailing short lines",
        ),
    ] {
        if n > 0 {
            parts.push(count_of(n, one, many));
        }
    }
    if !removed.removed_preview.is_empty() {
        let previews: Vec<String> = removed
            .removed_preview
            .iter()
            .map(|p| format!("“{p}”"))
            .collect();
        parts.push(format!("cut: {}", previews.join(", ")));
    }
    if parts.is_empty() {
        "nothing".to_owned()
    } else {
        parts.join("; ")
    }
}

/// Labels and names by id, for ids the report refers to (an unknown id shows as itself).
struct Names<'a> {
    frames: HashMap<&'a str, &'a str>,
    actors: HashMap<&'a str, &'a str>,
    outlets: HashMap<&'a str, &'a OutletSummary>,
}

impl<'a> Names<'a> {
    fn new(report: &'a Report) -> Names<'a> {
        Names {
            frames: report.frames.iter().map(|f| (&*f.id, &*f.label)).collect(),
            actors: report.actors.iter().map(|a| (&*a.id, &*a.label)).collect(),
            outlets: report.outlets.iter().map(|o| (&*o.id, o)).collect(),
        }
    }

    fn frame(&self, id: &'a str) -> &'a str {
        self.frames.get(id).copied().unwrap_or(id)
    }

    fn actor(&self, id: &'a str) -> &'a str {
        self.actors.get(id).copied().unwrap_or(id)
    }

    fn outlet(&self, id: &'a str) -> &'a str {
        self.outlets.get(id).map_or(id, |o| &*o.name)
    }
}

impl<'a> ReportView<'a> {
    pub fn new(report: &'a Report) -> ReportView<'a> {
        ReportView::shown(report, report)
    }

    /// The view of `report` with its articles and inputs listed from `shown`: the report
    /// itself, or for a spilled report the rows read back to be shown (see
    /// [`crate::render::displayable`]). Totals are always `report`'s.
    pub fn shown(report: &'a Report, shown: &'a Report) -> ReportView<'a> {
        let names = Names::new(report);
        let scale = stance_scale(report);
        ReportView {
            title: &report.title,
            frames: report
                .frames
                .iter()
                .map(|f| FrameColumn {
                    id: &f.id,
                    label: &f.label,
                    terms: f.terms.join(", "),
                    description: f.description.as_deref(),
                })
                .collect(),
            contrasts: report
                .contrasts
                .iter()
                .map(|c| ContrastColumn {
                    id: &c.id,
                    label: format!("{} vs {}", names.frame(&c.left), names.frame(&c.right)),
                })
                .collect(),
            actors: report.actors.iter().map(|a| a.label.as_str()).collect(),
            outlets: report
                .outlets
                .iter()
                .map(|o| outlet_row(report, o))
                .collect(),
            stances: report
                .outlets
                .iter()
                .map(|o| outlet_stances(report, o, scale))
                .collect(),
            stance_scale: scale,
            actor_tables: report
                .outlets
                .iter()
                .map(|o| actor_table(report, o))
                .collect(),
            articles_total: report.articles.len(),
            articles: natural_order(
                shown
                    .articles
                    .iter()
                    .take(super::ARTICLES_SHOWN)
                    .map(|a| ArticleRow {
                        outlet: names.outlet(&a.outlet),
                        title: &a.title,
                        url: a.url.as_deref().and_then(escape::article_link),
                        date: a.date.as_deref().unwrap_or("—"),
                        author: a.author.as_deref().unwrap_or("—"),
                        words: a.words,
                        path: &a.path,
                        removed: removed_text(&a.removed),
                        notes: article_notes(a),
                    })
                    .collect(),
            ),
            evidence: evidence(report, shown, &names),
            inputs: &report.inputs,
            any_thin: report.outlets.iter().any(is_thin),
            mentions: (report.evidence.mentions as usize)
                .max(shown.articles.iter().map(|a| a.mentions.len()).sum()),
            heatmap: charts::heatmap(report),
            keyness: charts::keyness(report),
            details: charts::details(report),
            contrast_charts: charts::contrasts(report),
            headline: charts::headline(report),
            timeline: charts::timeline(report),
            audit: charts::audit(report),
            manifest: charts::manifest(report, shown),
            intervals: charts::intervals(report),
            findings: super::findings::findings(report),
            no_findings: super::findings::no_findings(report),
            quality: super::findings::data_quality(report),
        }
    }
}

fn outlet_row<'a>(report: &'a Report, o: &'a OutletSummary) -> OutletRow<'a> {
    OutletRow {
        name: &o.name,
        articles: o.articles,
        words: o.words,
        thin: is_thin(o),
        cells: report
            .frames
            .iter()
            .map(|f| RateCell::new(o.frames.get(&f.id)))
            .collect(),
        contrasts: report
            .contrasts
            .iter()
            .map(|c| contrast_index(o.contrasts.get(&c.id).copied().flatten()))
            .collect(),
    }
}

/// The most mentions of any outlet × frame (at least 1).
fn stance_scale(report: &Report) -> u64 {
    let totals = report.outlets.iter().flat_map(|o| o.frames.values());
    totals.map(|s| s.stance.total()).max().unwrap_or(0).max(1)
}

fn outlet_stances<'a>(report: &'a Report, o: &'a OutletSummary, scale: u64) -> OutletStances<'a> {
    let rows = report.frames.iter().map(|f| {
        let counts = o.frames.get(&f.id).map(|s| s.stance).unwrap_or_default();
        StanceRow {
            frame: &f.label,
            counts,
            total: counts.total(),
            segments: stance_segments(&counts, scale),
        }
    });
    OutletStances {
        name: &o.name,
        thin: is_thin(o),
        rows: rows.collect(),
    }
}

fn actor_table<'a>(report: &'a Report, o: &'a OutletSummary) -> ActorTable<'a> {
    let count = |frame: &str, actor: &str| {
        o.frames
            .get(frame)
            .and_then(|s| s.actors.get(actor))
            .copied()
            .unwrap_or(0)
    };
    let rows: Vec<ActorRow> = report
        .frames
        .iter()
        .map(|f| ActorRow {
            frame: &f.label,
            cells: report.actors.iter().map(|a| count(&f.id, &a.id)).collect(),
        })
        .collect();
    let empty = rows.iter().all(|r| r.cells.iter().all(|&n| n == 0));
    ActorTable {
        name: &o.name,
        thin: is_thin(o),
        rows,
        empty,
    }
}

/// Outlets in report order, frames in report order, mentions in article order then offset
/// order. An outlet or frame id that only articles name comes after the known ones rather than
/// being dropped. The counts are the outlet's totals (every mention counted), not just the
/// passages `report.json` keeps; past [`EVIDENCE_PER_FRAME`] the passages with the smallest
/// sample keys are shown, the same rule that chose `report.json`'s sample.
fn evidence<'a>(
    report: &'a Report,
    shown: &'a Report,
    names: &Names<'a>,
) -> Vec<EvidenceGroup<'a>> {
    let mut outlet_ids: Vec<&str> = report.outlets.iter().map(|o| o.id.as_str()).collect();
    let mut frame_ids: Vec<&str> = report.frames.iter().map(|f| f.id.as_str()).collect();
    // (outlet id, frame id) -> (article index, mention), in article order.
    let mut found: HashMap<(&str, &str), Vec<(usize, &MentionReport)>> = HashMap::new();
    let articles = &shown.articles;
    for (i, article) in articles.iter().enumerate() {
        if !outlet_ids.contains(&article.outlet.as_str()) {
            outlet_ids.push(&article.outlet);
        }
        for m in &article.mentions {
            if !frame_ids.contains(&&*m.frame) {
                frame_ids.push(&m.frame);
            }
            found
                .entry((&article.outlet, &m.frame))
                .or_default()
                .push((i, m));
        }
    }
    let mut groups = Vec::new();
    for &outlet_id in &outlet_ids {
        let outlet = names.outlets.get(outlet_id);
        let mut counts = StanceCounts::default();
        let mut frames = Vec::new();
        for &frame_id in &frame_ids {
            let Some(mut mentions) = found.remove(&(outlet_id, frame_id)) else {
                continue;
            };
            let mut total = StanceCounts::default();
            mentions.iter().for_each(|(_, m)| total.add(m.stance));
            if let Some(stats) = outlet.and_then(|o| o.frames.get(frame_id)) {
                total = stats.stance;
            }
            counts.merge(&total);
            if mentions.len() > EVIDENCE_PER_FRAME {
                let key = |(i, m): &(usize, &MentionReport)| {
                    let path = &articles[*i].path;
                    (
                        sample_key(path, m.start, m.end, &m.frame),
                        *i,
                        m.start,
                        m.end,
                    )
                };
                mentions.sort_by_cached_key(key);
                mentions.truncate(EVIDENCE_PER_FRAME);
            }
            mentions.sort_by_key(|(i, m)| (*i, m.start, m.end));
            let more = (total.total() as usize).saturating_sub(mentions.len());
            let passages: Vec<Passage> = mentions
                .into_iter()
                .map(|(i, m)| passage(&articles[i], m, names))
                .collect();
            frames.push(EvidenceFrame {
                label: names.frame(frame_id),
                anchor: super::findings::evidence_anchor(outlet_id, frame_id),
                terms: terms_text(&passages),
                passages,
                more,
            });
        }
        if !frames.is_empty() {
            groups.push(EvidenceGroup {
                name: names.outlet(outlet_id),
                thin: outlet.is_some_and(|o| is_thin(o)),
                counts,
                frames,
            });
        }
    }
    groups
}

/// Articles by path in natural order: `row-2` before `row-10`, as a reader counts.
fn natural_order(mut rows: Vec<ArticleRow<'_>>) -> Vec<ArticleRow<'_>> {
    rows.sort_by(|a, b| natural_cmp(a.path, b.path));
    rows
}

/// Compares two strings with runs of ASCII digits as numbers (then by their text, so that
/// `07` and `7` still order the same way on every run).
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let ord = match (x.0, y.0) {
            (true, true) => {
                let (tx, ty) = (x.1.trim_start_matches('0'), y.1.trim_start_matches('0'));
                tx.len().cmp(&ty.len()).then(tx.cmp(ty))
            }
            _ => x.1.cmp(y.1),
        };
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    pa.len().cmp(&pb.len()).then(a.cmp(b))
}

/// The matched config terms of some passages with their counts, most frequent first (then
/// by term), `alliance (3), pact* (1)`.
fn terms_text(passages: &[Passage]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in passages {
        *counts.entry(p.matched_term).or_default() += 1;
    }
    let mut terms: Vec<(&str, usize)> = counts.into_iter().collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    terms
        .iter()
        .map(|(t, n)| format!("{t} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn passage<'a>(article: &'a ArticleReport, m: &'a MentionReport, names: &Names<'a>) -> Passage<'a> {
    let (before, term, after) = split_highlight(&m.snippet, m.highlight);
    let actors: Vec<&str> = m.actors.iter().map(|id| names.actor(id)).collect();
    Passage {
        before,
        term,
        after,
        stance: m.stance.as_str(),
        matched_term: &m.term,
        actors: actors.join(", "),
        headline: m.headline,
        lead: m.lead,
        title: &article.title,
        date: article.date.as_deref(),
        path: &article.path,
        start: m.start,
        end: m.end,
        url: article.url.as_deref().and_then(escape::article_link),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample_report;

    #[test]
    fn numbers_are_formatted_without_locale() {
        assert_eq!(decimal(2.5071), "2.51");
        assert_eq!(interval([0.5, 7.3]), "0.50–7.30");
        assert_eq!(contrast_index(Some(1.0 / 3.0)), "+0.33");
        assert_eq!(contrast_index(Some(-0.5)), "−0.50");
        assert_eq!(contrast_index(Some(-0.001)), "0.00");
        assert_eq!(contrast_index(None), "–");
        assert_eq!(decimal(f64::NAN), "–");
    }

    /// The report's method text is docs/method.md's list, every item whole, in order.
    #[test]
    fn the_method_section_is_read_from_the_method_document() {
        let terms: Vec<&str> = method().iter().map(|(term, _)| *term).collect();
        assert_eq!(
            terms,
            [
                "Words",
                "Mentions",
                "Stance",
                "Endorsed",
                "Whose words",
                "Scope",
                "Contrast index",
                "Interval",
                "Articles endorsing",
                "Keyness",
                "Findings",
                "Contrast interval",
                "Headline and lead",
                "Over time",
                "Lexicon audit",
                "Removed from the inputs",
                "Manifest",
                "Thin evidence",
            ]
        );
        for (term, text) in method() {
            assert!(text.ends_with('.'), "{term}: {text}");
            assert!(
                !text.contains("  ") && !text.contains('\n'),
                "{term}: {text}"
            );
            for syntax in ["`", "**", "](", "<"] {
                assert!(!text.contains(syntax), "{term} holds Markdown: {text}");
            }
        }
        let words = &method()[0].1;
        assert!(words.starts_with("An article's words are its Unicode words (UAX 29), counted"));
        assert!(words.ends_with("words of all of an outlet's articles."));
        // A list that starts and ends where the document says, items over several lines.
        let doc = "# x\n\n## The report's Method section\n\nIntro.\n\n- **A**: one\n  two.\n- **B**: three.\n\n## Next\n- **C**: no.\n";
        assert_eq!(
            method_from(doc),
            [("A", "one two.".to_owned()), ("B", "three.".to_owned())]
        );
    }

    #[test]
    fn thin_evidence_thresholds() {
        let report = sample_report();
        assert!(!is_thin(&report.outlets[0]));
        assert!(is_thin(&report.outlets[1]));
        let method = &method()
            .iter()
            .find(|(term, _)| *term == "Thin evidence")
            .unwrap()
            .1;
        assert!(method.contains(&format!("fewer than {THIN_MIN_ARTICLES} articles")));
        assert!(method.contains("fewer than 1,000 words") && THIN_MIN_WORDS == 1000);
    }

    #[test]
    fn view_orders_evidence_by_outlet_frame_article_offset() {
        let report = sample_report();
        let view = ReportView::new(&report);
        let order: Vec<(&str, &str, usize)> = view
            .evidence
            .iter()
            .flat_map(|g| {
                g.frames
                    .iter()
                    .flat_map(move |f| f.passages.iter().map(move |p| (g.name, f.label, p.start)))
            })
            .collect();
        assert_eq!(
            order,
            [
                ("Daily Ledger", "Alliance / bloc", 120),
                ("Daily Ledger", "Alliance / bloc", 88),
                ("Daily Ledger", "Partnership", 410),
                ("The Courier", "Alliance / bloc", 300),
                ("The Courier", "Aggressive rhetoric", 512),
            ]
        );
        assert_eq!(
            view.evidence[1].counts_text(),
            "asserted 1 · quoted 0 · negated 0 · distanced 1"
        );
        assert_eq!(
            view.outlets[0].cells[0].text(),
            "1.33 (0.16–4.82) · endorsed 0.67"
        );
        assert_eq!(view.outlets[1].contrasts, ["–"]);
        // Articles in natural path order: the Courier's first.
        let paths: Vec<&str> = view.articles.iter().map(|a| a.path).collect();
        assert_eq!(
            paths[..2],
            ["corpus/courier/x.txt", "corpus/ledger/one.txt"]
        );
        assert_eq!(
            view.articles[1].removed,
            "3 lines of boilerplate (“Leave a Reply”); 1 duplicate paragraph"
        );
    }

    #[test]
    fn evidence_shows_a_hash_sample_and_counts_every_mention() {
        let mut report = sample_report();
        let i = report
            .articles
            .iter()
            .position(|a| !a.mentions.is_empty())
            .unwrap();
        let article = &mut report.articles[i];
        let (path, outlet) = (article.path.clone(), article.outlet.clone());
        let first = article.mentions[0].clone();
        let frame = first.frame.clone();
        let mut added = Vec::new();
        for k in 0..EVIDENCE_PER_FRAME + 20 {
            let mut m = first.clone();
            m.start = 10_000 + k;
            m.end = m.start + 1;
            added.push((sample_key(&path, m.start, m.end, &frame), m.start));
            article.mentions.push(m);
        }
        // The outlet's totals count 120 more mentions than it had.
        let stats = report
            .outlets
            .iter_mut()
            .find(|o| o.id == outlet)
            .unwrap()
            .frames
            .get_mut(&*frame)
            .unwrap();
        for _ in 0..EVIDENCE_PER_FRAME + 20 {
            stats.stance.add(first.stance);
        }
        let total = stats.stance.total() as usize;
        let view = ReportView::new(&report);
        let f = view
            .evidence
            .iter()
            .flat_map(|g| &g.frames)
            .find(|f| f.passages.len() == EVIDENCE_PER_FRAME)
            .unwrap();
        assert_eq!(f.more, total - EVIDENCE_PER_FRAME);
        // Shown: the passages with the smallest sample keys, in article then offset order.
        let before = report.articles[i]
            .mentions
            .iter()
            .filter(|m| m.frame == frame && m.start < 10_000)
            .map(|m| (sample_key(&path, m.start, m.end, &frame), m.start));
        let mut keys: Vec<(u64, usize)> = before.chain(added).collect();
        keys.sort();
        let mut expected: Vec<usize> = keys[..EVIDENCE_PER_FRAME].iter().map(|k| k.1).collect();
        expected.sort();
        let shown: Vec<usize> = f.passages.iter().map(|p| p.start).collect();
        assert_eq!(shown, expected);
    }

    #[test]
    fn stance_bars_share_one_scale() {
        let counts = StanceCounts {
            asserted: 1,
            quoted: 1,
            negated: 0,
            distanced: 1,
        };
        let spans = |scale| {
            stance_segments(&counts, scale)
                .iter()
                .map(|s| (s.stance, s.x.clone(), s.width.clone()))
                .collect::<Vec<_>>()
        };
        let span = |stance, x: &str, width: &str| (stance, x.to_string(), width.to_string());
        // The largest cell fills the bar.
        assert_eq!(
            spans(3),
            [
                span("asserted", "0.00", "33.33"),
                span("quoted", "33.33", "33.33"),
                span("distanced", "66.67", "33.33")
            ]
        );
        // Beside a cell of 300 mentions, 3 fill 1% of the bar.
        assert_eq!(
            spans(300),
            [
                span("asserted", "0.00", "0.33"),
                span("quoted", "0.33", "0.33"),
                span("distanced", "0.67", "0.33")
            ]
        );
    }

    #[test]
    fn paths_sort_as_a_reader_counts() {
        let mut paths = [
            "x.csv#row-10",
            "x.csv#row-2",
            "x.csv#row-1",
            "a/b9.txt",
            "a/b10.txt",
            "x.csv#row-02",
        ];
        paths.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            paths,
            [
                "a/b9.txt",
                "a/b10.txt",
                "x.csv#row-1",
                "x.csv#row-02",
                "x.csv#row-2",
                "x.csv#row-10"
            ]
        );
    }

    #[test]
    fn highlight_out_of_range_shows_the_whole_snippet() {
        assert_eq!(
            split_highlight("an alliance", [3, 11]),
            ("an ", "alliance", "")
        );
        assert_eq!(
            split_highlight("an alliance", [3, 99]),
            ("an alliance", "", "")
        );
        assert_eq!(split_highlight("é", [1, 2]), ("é", "", ""));
    }
}
