//! The comparison views of the HTML and Markdown reports: the outlet × frame heatmap, the
//! full numbers, keyness, contrasts with their intervals, headline and lead, the timeline, the
//! lexicon audit and the manifest.
//!
//! Like [`view`](super::view), every number is formatted here (no locale) and every chart is
//! laid out here as plain coordinates, so the templates only place them. Charts are inline SVG
//! or CSS; each comes with a table or a sentence that says the same in text.

use super::wording::{contrast_index, count_of, decimal, interval, is_thin};
use crate::audit::words_text;
use crate::model::{FrameInfo, Keyness, OutletFrameStats, OutletSummary, Report};

/// Heat levels: a rate is shown in one of `HEAT_LEVELS` shades (`h0` … `h8`).
pub const HEAT_LEVELS: u32 = 8;

/// `+5.55`, `−1.93`, `0.00`.
pub(crate) fn signed(v: f64) -> String {
    contrast_index(Some(v))
}

/// A p-value as `0.037`, or `<0.001`.
pub(crate) fn p_value(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_owned()
    } else {
        format!("{p:.3}")
    }
}

/// A share as a whole percentage: `67%`.
fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The outlet × frame heatmap: rows are outlets, columns frames.
pub struct Heatmap<'a> {
    /// Frame labels, the columns.
    pub frames: Vec<&'a str>,
    pub rows: Vec<HeatRow<'a>>,
    /// The highest rate in the map, formatted: the darkest shade.
    pub max: String,
}

pub struct HeatRow<'a> {
    pub name: &'a str,
    pub thin: bool,
    pub articles: u64,
    pub words: u64,
    /// `1 article · 391 words`.
    pub size: String,
    pub cells: Vec<HeatCell>,
}

pub struct HeatCell {
    /// The endorsed rate (asserted + quoted per 1,000 words), `2.51`: the base of keyness,
    /// contrasts and the lede, so the map and its ▲/▼ say the same thing.
    pub rate: String,
    /// Its 95% interval (clustered by article), `0.50–7.30`; empty without data.
    pub interval: String,
    /// The share of the cell's mentions negated or distanced, `25% neg./dist.`; empty when
    /// none is.
    pub not_endorsed: String,
    /// `ev-OUTLET-FRAME`, the anchor of the passages behind the cell; `None` without mentions.
    pub anchor: Option<String>,
    /// 0 (none) to [`HEAT_LEVELS`] (the highest rate in the map).
    pub level: u32,
    /// `▲` significantly over-used, `▼` under-used (endorsed keyness), or empty.
    pub key: &'static str,
    /// Everything about the cell in one sentence: the tooltip.
    pub detail: String,
}

/// Over- or under-use of a frame by one outlet: `Alliance (G2 +5.55, log ratio +3.00, p 0.037)`.
pub struct KeyFrame<'a> {
    pub label: &'a str,
    pub text: String,
}

/// One outlet's significant frames, each list ordered by G2 magnitude.
pub struct KeynessSummary<'a> {
    pub name: &'a str,
    pub thin: bool,
    /// The strongest [`KEY_FRAMES_SHOWN`] over-used frames.
    pub over: Vec<KeyFrame<'a>>,
    /// The strongest [`KEY_FRAMES_SHOWN`] under-used frames.
    pub under: Vec<KeyFrame<'a>>,
    /// Significant frames left out of `over` and `under` (the appendix's table has them).
    pub more: usize,
}

/// At most this many over- and this many under-used frames are listed per outlet, so the
/// list stays short with many frames.
pub const KEY_FRAMES_SHOWN: usize = 3;

/// One outlet × frame in the full-numbers table.
pub struct DetailRow<'a> {
    pub frame: &'a str,
    pub mentions: u64,
    pub endorsed: u64,
    /// `2.51 (0.81–5.83)`.
    pub rate: String,
    pub endorsed_rate: String,
    /// `2 of 3 (67%, 21–94%)`.
    pub articles: String,
    /// `2/3`: articles with an endorsed mention, of all.
    pub articles_short: String,
    /// The share of mentions negated or distanced, `25%`; `–` without mentions.
    pub not_endorsed: String,
    pub mean: String,
    pub headline: u64,
    pub lead: u64,
    /// `+5.55`, or `–` without keyness.
    pub g2: String,
    pub log_ratio: String,
    /// Holm-adjusted p, `0.037 *` when significant.
    pub p_holm: String,
}

pub struct DetailGroup<'a> {
    pub name: &'a str,
    pub thin: bool,
    pub rows: Vec<DetailRow<'a>>,
}

/// A contrast: one diverging bar per outlet.
pub struct ContrastChart<'a> {
    pub id: &'a str,
    pub left: &'a str,
    pub right: &'a str,
    pub rows: Vec<ContrastBar<'a>>,
}

/// One outlet's contrast index as a bar from 0 and its interval as a whisker, in a
/// 0–200 wide box where 100 is 0, 0 is −1 and 200 is +1.
pub struct ContrastBar<'a> {
    pub name: &'a str,
    pub thin: bool,
    /// `+0.60`, or `–` when undefined.
    pub index: String,
    /// `−0.25 to +0.93`, or empty.
    pub interval: String,
    /// Endorsed counts, `4 vs 1`.
    pub counts: String,
    pub defined: bool,
    pub positive: bool,
    pub bar_x: String,
    pub bar_width: String,
    pub lo_x: String,
    pub hi_x: String,
    pub index_x: String,
}

impl ContrastBar<'_> {
    /// The bar in words, for screen readers.
    pub fn label(&self) -> String {
        if self.defined {
            format!(
                "{}: {} (95% interval {}), endorsed {}",
                self.name, self.index, self.interval, self.counts
            )
        } else {
            format!("{}: undefined, neither frame endorsed", self.name)
        }
    }
}

/// Mentions in headline and lead, per outlet (rows) and frame (columns).
pub struct HeadlineTable<'a> {
    pub frames: Vec<&'a str>,
    pub rows: Vec<HeadlineRow<'a>>,
    /// No mention is in a headline or lead.
    pub empty: bool,
    /// Articles without paragraph breaks or a headline, which the counts leave out.
    pub notes: Vec<String>,
}

pub struct HeadlineRow<'a> {
    pub name: &'a str,
    pub thin: bool,
    /// `headline + lead`, e.g. `1 + 2`; `–` when both are 0.
    pub cells: Vec<String>,
}

/// Endorsed rates over time: one small chart per frame, one line per outlet.
pub struct TimelineView<'a> {
    /// `week` or `month`.
    pub unit: &'a str,
    pub periods: &'a [String],
    /// Why there is no chart, when there is none.
    pub note: Option<String>,
    /// Outlet names with their line colour index.
    pub legend: Vec<(usize, &'a str)>,
    pub charts: Vec<TimelineChart<'a>>,
    /// Rows of the text alternative: outlet, frame, rate per period (`–` without articles).
    pub table: Vec<(&'a str, &'a str, Vec<String>)>,
}

/// One frame's chart in a `0 0 320 150` box.
pub struct TimelineChart<'a> {
    pub label: &'a str,
    /// The top of the y axis, formatted.
    pub y_max: String,
    pub lines: Vec<TimelineLine>,
    /// Period labels under the axis: (x, text-anchor, text), first and last (and the middle
    /// when there are many).
    pub ticks: Vec<(String, &'static str, &'a str)>,
    pub summary: String,
}

/// One outlet's line: segments join neighbouring periods that both have text.
pub struct TimelineLine {
    pub colour: usize,
    pub points: Vec<(String, String)>,
    pub segments: Vec<String>,
}

/// The lexicon audit, formatted.
pub struct AuditView<'a> {
    /// (frame label, term, hits, endorsed, articles, words a stem matched).
    pub terms: Vec<(&'a str, &'a str, u64, u64, u64, String)>,
    pub unused: Vec<String>,
    pub shared: Vec<String>,
    pub idle_exclusions: Vec<String>,
    pub exclusions: Vec<(&'a str, &'a str, u64)>,
}

/// The manifest, formatted.
pub struct ManifestView<'a> {
    pub version: &'a str,
    pub config_path: &'a str,
    pub config_sha256: &'a str,
    /// (path, sha256 or `–`, status): the first [`super::ARTICLES_SHOWN`].
    pub inputs: Vec<(&'a str, &'a str, &'a str)>,
    /// Every input of the report.
    pub total: usize,
}

fn frame_label<'a>(report: &'a Report, id: &'a str) -> &'a str {
    report
        .frames
        .iter()
        .find(|f| f.id == id)
        .map_or(id, |f| f.label.as_str())
}

fn keyness_text(k: &Keyness) -> String {
    format!(
        "G2 {}, log ratio {}, Holm p {}",
        signed(k.g2),
        signed(k.log_ratio),
        p_value(k.p_holm)
    )
}

pub fn heatmap(report: &Report) -> Heatmap<'_> {
    let max = report
        .outlets
        .iter()
        .flat_map(|o| o.frames.values().map(|s| s.endorsed_rate_per_1k))
        .fold(0.0_f64, f64::max);
    let multilingual = crate::lang::multilingual(&report.outlets);
    let rows = report
        .outlets
        .iter()
        .map(|o| HeatRow {
            name: &o.name,
            thin: is_thin(o),
            articles: o.articles,
            words: o.words,
            size: if multilingual {
                format!(
                    "{} · {} · {}",
                    count_of(o.articles, "article", "articles"),
                    count_of(o.words, "word", "words"),
                    crate::lang::languages_text(&o.languages)
                )
            } else {
                format!(
                    "{} · {}",
                    count_of(o.articles, "article", "articles"),
                    count_of(o.words, "word", "words")
                )
            },
            cells: report
                .frames
                .iter()
                .map(|f| heat_cell(o, f, o.frames.get(&f.id), max))
                .collect(),
        })
        .collect();
    Heatmap {
        frames: report.frames.iter().map(|f| f.label.as_str()).collect(),
        rows,
        max: decimal(max),
    }
}

/// The share of an outlet × frame's mentions that are negated or distanced, `25%`; `None`
/// without mentions.
fn not_endorsed_share(s: &OutletFrameStats) -> Option<String> {
    (s.mentions > 0).then(|| {
        let not = s.stance.negated + s.stance.distanced;
        percent(not as f64 / s.mentions as f64)
    })
}

fn heat_cell(
    o: &OutletSummary,
    frame: &FrameInfo,
    s: Option<&OutletFrameStats>,
    max: f64,
) -> HeatCell {
    let label = &frame.label;
    let Some(s) = s else {
        return HeatCell {
            rate: "–".into(),
            interval: String::new(),
            not_endorsed: String::new(),
            anchor: None,
            level: 0,
            key: "",
            detail: format!("{} × {label}: no data", o.name),
        };
    };
    let level = if s.endorsed == 0 || max <= 0.0 {
        0
    } else {
        ((s.endorsed_rate_per_1k / max * HEAT_LEVELS as f64).ceil() as u32).clamp(1, HEAT_LEVELS)
    };
    let key = match s.keyness {
        Some(k) if k.significant && k.g2 > 0.0 => "▲",
        Some(k) if k.significant && k.g2 < 0.0 => "▼",
        _ => "",
    };
    let mut detail = format!(
        "{} × {label}: endorsed {} per 1,000 words ({}); all mentions {} ({}); {} mentions, {} endorsed",
        o.name,
        decimal(s.endorsed_rate_per_1k),
        interval(s.endorsed_rate_ci95),
        decimal(s.rate_per_1k),
        interval(s.rate_ci95),
        s.mentions,
        s.endorsed
    );
    if let Some(k) = &s.keyness {
        detail.push_str(&format!("; keyness {}", keyness_text(k)));
    }
    if is_thin(o) {
        detail.push_str("; thin evidence");
    }
    let not = s.stance.negated + s.stance.distanced;
    HeatCell {
        rate: decimal(s.endorsed_rate_per_1k),
        interval: interval(s.endorsed_rate_ci95),
        not_endorsed: if not == 0 {
            String::new()
        } else {
            format!("{} neg./dist.", not_endorsed_share(s).unwrap_or_default())
        },
        anchor: (s.mentions > 0).then(|| super::findings::evidence_anchor(&o.id, &frame.id)),
        level,
        key,
        detail,
    }
}

pub fn keyness<'a>(report: &'a Report) -> Vec<KeynessSummary<'a>> {
    report
        .outlets
        .iter()
        .filter(|o| o.frames.values().any(|s| s.keyness.is_some()))
        .map(|o| {
            let mut key: Vec<(&'a str, Keyness)> = report
                .frames
                .iter()
                .filter_map(|f| {
                    let k = o.frames.get(&f.id)?.keyness?;
                    k.significant.then_some((f.label.as_str(), k))
                })
                .collect();
            key.sort_by(|a, b| b.1.g2.abs().total_cmp(&a.1.g2.abs()));
            let item = |(label, k): &(&'a str, Keyness)| KeyFrame {
                label,
                text: keyness_text(k),
            };
            let over: Vec<KeyFrame> = key.iter().filter(|(_, k)| k.g2 > 0.0).map(item).collect();
            let under: Vec<KeyFrame> = key.iter().filter(|(_, k)| k.g2 < 0.0).map(item).collect();
            let more = over.len().saturating_sub(KEY_FRAMES_SHOWN)
                + under.len().saturating_sub(KEY_FRAMES_SHOWN);
            let shown = |mut v: Vec<KeyFrame<'a>>| {
                v.truncate(KEY_FRAMES_SHOWN);
                v
            };
            KeynessSummary {
                name: &o.name,
                thin: is_thin(o),
                over: shown(over),
                under: shown(under),
                more,
            }
        })
        .collect()
}

pub fn details(report: &Report) -> Vec<DetailGroup<'_>> {
    report
        .outlets
        .iter()
        .map(|o| DetailGroup {
            name: &o.name,
            thin: is_thin(o),
            rows: report
                .frames
                .iter()
                .filter_map(|f| {
                    let s = o.frames.get(&f.id)?;
                    let k = s.keyness.as_ref();
                    Some(DetailRow {
                        frame: &f.label,
                        mentions: s.mentions,
                        endorsed: s.endorsed,
                        rate: format!("{} ({})", decimal(s.rate_per_1k), interval(s.rate_ci95)),
                        endorsed_rate: format!(
                            "{} ({})",
                            decimal(s.endorsed_rate_per_1k),
                            interval(s.endorsed_rate_ci95)
                        ),
                        articles: format!(
                            "{} of {} ({}, {}–{})",
                            s.articles_endorsing,
                            o.articles,
                            percent(s.articles_endorsing_share),
                            percent(s.articles_endorsing_share_ci95[0]).trim_end_matches('%'),
                            percent(s.articles_endorsing_share_ci95[1])
                        ),
                        articles_short: format!("{}/{}", s.articles_endorsing, o.articles),
                        not_endorsed: not_endorsed_share(s).unwrap_or_else(|| "–".into()),
                        mean: decimal(s.mean_per_article),
                        headline: s.headline_mentions,
                        lead: s.lead_mentions,
                        g2: k.map_or("–".into(), |k| signed(k.g2)),
                        log_ratio: k.map_or("–".into(), |k| signed(k.log_ratio)),
                        p_holm: k.map_or("–".into(), |k| {
                            let p = p_value(k.p_holm);
                            if k.significant {
                                format!("{p} *")
                            } else {
                                p
                            }
                        }),
                    })
                })
                .collect(),
        })
        .collect()
}

/// One frame's endorsed rates as dots with their intervals as lines, outlets sorted by rate
/// (highest first), on an x-scale shared by every frame.
pub struct IntervalChart<'a> {
    pub label: &'a str,
    pub rows: Vec<IntervalRow<'a>>,
    /// `Frame: outlets from highest to lowest endorsed rate, …`: the SVG's text alternative.
    pub summary: String,
}

/// One outlet in an [`IntervalChart`]: x positions in a 0–200 box.
pub struct IntervalRow<'a> {
    pub name: &'a str,
    pub thin: bool,
    /// `0.67 (0.16–4.82)`.
    pub text: String,
    pub x: String,
    pub lo_x: String,
    pub hi_x: String,
    /// The y of the row in the chart's box (rows are 14 apart).
    pub y: String,
}

/// The endorsed rates of every frame with their intervals, one small chart per frame; the
/// x-axis runs from 0 to the highest upper bound of any interval.
pub fn intervals(report: &Report) -> (Vec<IntervalChart<'_>>, String) {
    let top = report
        .outlets
        .iter()
        .flat_map(|o| o.frames.values().map(|s| s.endorsed_rate_ci95[1]))
        .fold(0.0_f64, f64::max);
    let x = |v: f64| {
        if top > 0.0 {
            format!("{:.1}", 200.0 * v.clamp(0.0, top) / top)
        } else {
            "0.0".to_owned()
        }
    };
    let charts = report
        .frames
        .iter()
        .map(|f| {
            let mut rows: Vec<(&OutletSummary, &OutletFrameStats)> = report
                .outlets
                .iter()
                .filter_map(|o| Some((o, o.frames.get(&f.id)?)))
                .collect();
            rows.sort_by(|a, b| {
                b.1.endorsed_rate_per_1k
                    .total_cmp(&a.1.endorsed_rate_per_1k)
                    .then(a.0.name.cmp(&b.0.name))
            });
            let summary = format!(
                "{}: endorsed mentions per 1,000 words, highest first: {}",
                f.label,
                rows.iter()
                    .map(|(o, s)| format!(
                        "{} {} ({})",
                        o.name,
                        decimal(s.endorsed_rate_per_1k),
                        interval(s.endorsed_rate_ci95)
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            IntervalChart {
                label: &f.label,
                rows: rows
                    .iter()
                    .enumerate()
                    .map(|(i, (o, s))| IntervalRow {
                        name: &o.name,
                        thin: is_thin(o),
                        text: format!(
                            "{} ({})",
                            decimal(s.endorsed_rate_per_1k),
                            interval(s.endorsed_rate_ci95)
                        ),
                        x: x(s.endorsed_rate_per_1k),
                        lo_x: x(s.endorsed_rate_ci95[0]),
                        hi_x: x(s.endorsed_rate_ci95[1]),
                        y: format!("{}", 7 + 14 * i),
                    })
                    .collect(),
                summary,
            }
        })
        .collect();
    (charts, decimal(top))
}

/// x in the 0–200 box of a value in [-1, 1].
fn contrast_x(v: f64) -> f64 {
    100.0 + 100.0 * v.clamp(-1.0, 1.0)
}

pub fn contrasts(report: &Report) -> Vec<ContrastChart<'_>> {
    report
        .contrasts
        .iter()
        .map(|c| ContrastChart {
            id: &c.id,
            left: frame_label(report, &c.left),
            right: frame_label(report, &c.right),
            rows: report
                .outlets
                .iter()
                .map(|o| {
                    let index = o.contrasts.get(&c.id).copied().flatten();
                    let ci = o.contrasts_ci95.get(&c.id).copied().flatten();
                    let endorsed = |f: &str| o.frames.get(f).map_or(0, |s| s.endorsed);
                    let v = index.unwrap_or(0.0);
                    let [lo, hi] = ci.unwrap_or([v, v]);
                    let x = contrast_x(v);
                    ContrastBar {
                        name: &o.name,
                        thin: is_thin(o),
                        index: contrast_index(index),
                        interval: ci.map_or(String::new(), |[lo, hi]| {
                            format!(
                                "{} to {}",
                                contrast_index(Some(lo)),
                                contrast_index(Some(hi))
                            )
                        }),
                        counts: format!("{} vs {}", endorsed(&c.left), endorsed(&c.right)),
                        defined: index.is_some(),
                        positive: v >= 0.0,
                        bar_x: format!("{:.1}", x.min(100.0)),
                        bar_width: format!("{:.1}", (x - 100.0).abs()),
                        lo_x: format!("{:.1}", contrast_x(lo)),
                        hi_x: format!("{:.1}", contrast_x(hi)),
                        index_x: format!("{x:.1}"),
                    }
                })
                .collect(),
        })
        .collect()
}

pub fn headline(report: &Report) -> HeadlineTable<'_> {
    let rows: Vec<HeadlineRow> = report
        .outlets
        .iter()
        .map(|o| HeadlineRow {
            name: &o.name,
            thin: is_thin(o),
            cells: report
                .frames
                .iter()
                .map(|f| match o.frames.get(&f.id) {
                    Some(s) if s.headline_mentions + s.lead_mentions > 0 => {
                        format!("{} + {}", s.headline_mentions, s.lead_mentions)
                    }
                    _ => "–".to_owned(),
                })
                .collect(),
        })
        .collect();
    HeadlineTable {
        frames: report.frames.iter().map(|f| f.label.as_str()).collect(),
        empty: rows.iter().all(|r| r.cells.iter().all(|c| c == "–")),
        rows,
        notes: super::findings::sections_notes(report),
    }
}

/// Colours for outlet lines; outlets beyond these reuse them (the legend and table still tell
/// them apart).
pub const LINE_COLOURS: usize = 8;

/// Endorsed rates over time: a chart per frame with a rate above 0, a table row per outlet and
/// frame with one, and a note when there is nothing to draw or articles are undated.
pub fn timeline(report: &Report) -> TimelineView<'_> {
    let t = &report.timeline;
    let mut view = TimelineView {
        unit: t.unit.as_str(),
        periods: &t.periods,
        note: None,
        legend: Vec::new(),
        charts: Vec::new(),
        table: Vec::new(),
    };
    let undated = undated_note(t.undated_articles);
    if t.periods.len() < 2 {
        view.note = Some(format!("{}{undated}", no_timeline_note(t)));
        return view;
    }
    if !undated.is_empty() {
        view.note = Some(undated.trim_start().to_owned());
    }
    view.legend = t
        .outlets
        .iter()
        .enumerate()
        .map(|(i, o)| (i % LINE_COLOURS, outlet_name(report, &o.outlet)))
        .collect();
    let layout = TimelineLayout::new(t);
    for f in &report.frames {
        let series = frame_series(t, &f.id);
        push_rate_rows(&mut view.table, report, f, &series);
        if let Some(chart) = layout.chart(f, &series) {
            view.charts.push(chart);
        }
    }
    view
}

/// ` N undated articles are left out.`, with its leading space; empty when none is undated.
fn undated_note(undated: u64) -> String {
    if undated > 0 {
        format!(
            " {} undated {} left out.",
            undated,
            if undated == 1 {
                "article is"
            } else {
                "articles are"
            }
        )
    } else {
        String::new()
    }
}

/// Why a timeline with fewer than two periods has no chart.
fn no_timeline_note(t: &crate::model::Timeline) -> String {
    if t.periods.is_empty() {
        "No article carries a date, so there is no timeline.".to_owned()
    } else {
        format!(
            "All dated articles fall in one {} ({}), so there is no timeline to draw.",
            t.unit, t.periods[0]
        )
    }
}

/// The name of outlet `id`; `?` when the report lists no such outlet.
fn outlet_name<'a>(report: &'a Report, id: &str) -> &'a str {
    report
        .outlets
        .iter()
        .find(|o| o.id == id)
        .map_or("?", |o| o.name.as_str())
}

/// One frame's rates per period for each outlet that has them, with the outlet's index.
fn frame_series<'a>(
    t: &'a crate::model::Timeline,
    frame_id: &str,
) -> Vec<(usize, &'a Vec<Option<f64>>)> {
    t.outlets
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Some((i, o.endorsed_rate_per_1k.get(frame_id)?)))
        .collect()
}

/// Appends the text alternative's rows of frame `f`: one per outlet of `series` with a rate
/// above 0, its rate per period (`–` for a period without words).
fn push_rate_rows<'a>(
    table: &mut Vec<(&'a str, &'a str, Vec<String>)>,
    report: &'a Report,
    f: &'a FrameInfo,
    series: &[(usize, &Vec<Option<f64>>)],
) {
    let t = &report.timeline;
    for (i, rates) in series {
        if !rates.iter().flatten().any(|&v| v > 0.0) {
            continue;
        }
        table.push((
            outlet_name(report, &t.outlets[*i].outlet),
            f.label.as_str(),
            rates
                .iter()
                .map(|r| r.map_or("–".into(), decimal))
                .collect(),
        ));
    }
}

/// What every panel of the timeline shares: the periods along x, and one y scale (up to the
/// highest rate of any frame) so that panels compare.
struct TimelineLayout<'a> {
    unit: &'a str,
    periods: &'a [String],
    shared_max: f64,
}

impl<'a> TimelineLayout<'a> {
    /// The layout of timeline `t`, which has at least two periods.
    fn new(t: &'a crate::model::Timeline) -> TimelineLayout<'a> {
        let shared_max = t
            .outlets
            .iter()
            .flat_map(|o| o.endorsed_rate_per_1k.values().flatten().flatten())
            .fold(0.0_f64, |a, &b| a.max(b));
        TimelineLayout {
            unit: t.unit.as_str(),
            periods: &t.periods,
            shared_max,
        }
    }

    /// The x of period `i`: the periods spread evenly from 30 to 310.
    fn x(&self, i: usize) -> f64 {
        30.0 + 280.0 * i as f64 / (self.periods.len() - 1) as f64
    }

    /// The y of rate `v`: 0 at 120, the shared maximum at 15.
    fn y(&self, v: f64) -> f64 {
        120.0 - 105.0 * v / self.shared_max
    }

    /// The point of rate `v` in period `j`, each coordinate to one decimal.
    fn point(&self, j: usize, v: f64) -> (String, String) {
        (format!("{:.1}", self.x(j)), format!("{:.1}", self.y(v)))
    }

    /// The chart of frame `f` from its `series` (outlet index, rates); `None` when no rate
    /// is above 0.
    fn chart(
        &self,
        f: &'a FrameInfo,
        series: &[(usize, &Vec<Option<f64>>)],
    ) -> Option<TimelineChart<'a>> {
        let max = series
            .iter()
            .flat_map(|(_, r)| r.iter().flatten())
            .fold(0.0_f64, |a, &b| a.max(b));
        if max <= 0.0 {
            return None;
        }
        let (unit, periods) = (self.unit, self.periods);
        Some(TimelineChart {
            label: &f.label,
            y_max: decimal(self.shared_max),
            lines: series
                .iter()
                .map(|(i, rates)| self.line(*i, rates))
                .collect(),
            ticks: self.ticks(),
            summary: format!(
                "{}: endorsed mentions per 1,000 words per {unit}, {} to {}, highest {}",
                f.label,
                periods[0],
                periods[periods.len() - 1],
                decimal(max)
            ),
        })
    }

    /// Outlet `i`'s line: a point per period with a rate, and a segment between
    /// neighbouring periods that both have one.
    fn line(&self, i: usize, rates: &[Option<f64>]) -> TimelineLine {
        TimelineLine {
            colour: i % LINE_COLOURS,
            points: rates
                .iter()
                .enumerate()
                .filter_map(|(j, r)| r.map(|v| self.point(j, v)))
                .collect(),
            segments: rates
                .windows(2)
                .enumerate()
                .filter_map(|(j, w)| {
                    let (a, b) = (w[0]?, w[1]?);
                    let (p, q) = (self.point(j, a), self.point(j + 1, b));
                    Some(format!("M{} {}L{} {}", p.0, p.1, q.0, q.1))
                })
                .collect(),
        }
    }

    /// The period labels under the axis: (x, text-anchor, label) for the first and the last
    /// period, and the middle one when there are more than four.
    fn ticks(&self) -> Vec<(String, &'static str, &'a str)> {
        let n = self.periods.len();
        let mut at = vec![0, n - 1];
        if n > 4 {
            at.insert(1, (n - 1) / 2);
        }
        at.into_iter()
            .map(|i| {
                let anchor = match i {
                    0 => "start",
                    i if i == n - 1 => "end",
                    _ => "middle",
                };
                (
                    format!("{:.1}", self.x(i)),
                    anchor,
                    self.periods[i].as_str(),
                )
            })
            .collect()
    }
}

pub fn audit<'a>(report: &'a Report) -> AuditView<'a> {
    let a = &report.audit;
    let label = |id: &'a str| frame_label(report, id);
    AuditView {
        terms: a
            .terms
            .iter()
            .map(|t| {
                (
                    label(&t.frame),
                    t.term.as_str(),
                    t.hits,
                    t.endorsed,
                    t.articles,
                    words_text(&t.words),
                )
            })
            .collect(),
        unused: a
            .unused_terms()
            .map(|t| format!("{} ({})", t.term, label(&t.frame)))
            .collect(),
        shared: a
            .shared_terms
            .iter()
            .map(|s| {
                let frames: Vec<&str> = s.frames.iter().map(|f| label(f)).collect();
                format!("{} ({})", s.term, frames.join(", "))
            })
            .collect(),
        idle_exclusions: a
            .idle_exclusions()
            .map(|e| format!("{} ({})", e.term, label(&e.frame)))
            .collect(),
        exclusions: a
            .exclusions
            .iter()
            .map(|e| (label(&e.frame), e.term.as_str(), e.fired))
            .collect(),
    }
}

/// The manifest, with the first [`super::ARTICLES_SHOWN`] inputs of `shown` listed.
pub fn manifest<'a>(report: &'a Report, shown: &'a Report) -> ManifestView<'a> {
    let m = &report.manifest;
    ManifestView {
        version: &m.framelens_version,
        config_path: &m.config_path,
        config_sha256: &m.config_sha256,
        total: m.inputs.len(),
        inputs: shown
            .manifest
            .inputs
            .iter()
            .take(super::ARTICLES_SHOWN)
            .map(|i| {
                let hash = if i.sha256.is_empty() {
                    "–"
                } else {
                    &i.sha256
                };
                (i.path.as_str(), hash, i.status.as_str())
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample_report;

    #[test]
    fn formats() {
        assert_eq!(signed(5.549), "+5.55");
        assert_eq!(signed(-1.93), "−1.93");
        assert_eq!(p_value(0.0004), "<0.001");
        assert_eq!(p_value(0.03706), "0.037");
    }

    #[test]
    fn heat_levels_scale_to_the_highest_rate() {
        let report = sample_report();
        let map = heatmap(&report);
        // Shading is on endorsed rates, the base of keyness. Highest: the Courier's aggressive
        // rhetoric, 1 endorsed in 796 words.
        assert_eq!(map.max, "1.26");
        let levels: Vec<Vec<u32>> = map
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.level).collect())
            .collect();
        // Levels round up: 0.67 / 1.26 of 8 is 4.2, so 5; no endorsed mention, no shade (the
        // Courier's alliance is only distanced: 0.00, however many mentions).
        assert_eq!(levels, [[5, 5, 0], [0, 0, 8]]);
        let courier_alliance = &map.rows[1].cells[0];
        assert_eq!(courier_alliance.rate, "0.00");
        assert_eq!(courier_alliance.not_endorsed, "100% neg./dist.");
        assert!(levels.iter().flatten().all(|&l| l <= HEAT_LEVELS));
        assert!(map.rows[1].cells[0].detail.contains("thin evidence"));
    }

    #[test]
    fn interval_charts_sort_outlets_and_share_one_scale() {
        let report = sample_report();
        let (charts, top) = intervals(&report);
        assert_eq!(charts.len(), report.frames.len());
        // The highest upper bound of any endorsed interval is the end of every axis.
        assert_eq!(top, "7.00");
        // Aggressive rhetoric: the Courier (1.26) before the Ledger (0.00).
        let rhetoric = &charts[2];
        let names: Vec<&str> = rhetoric.rows.iter().map(|r| r.name).collect();
        assert_eq!(names, ["The Courier", "Daily Ledger"]);
        let courier = &rhetoric.rows[0];
        assert_eq!(courier.text, "1.26 (0.03–7.00)");
        // 1 in 796 words is 1.256 per 1,000: 1.256 / 7.00 of the 200-wide box.
        assert_eq!(
            (courier.x.as_str(), courier.hi_x.as_str()),
            ("35.9", "200.0")
        );
        assert!(rhetoric
            .summary
            .starts_with("Aggressive rhetoric: endorsed mentions"));
    }

    #[test]
    fn contrast_bars_map_minus_one_to_plus_one_onto_the_box() {
        let report = sample_report();
        let charts = contrasts(&report);
        let ledger = &charts[0].rows[0];
        assert_eq!(ledger.index, "0.00");
        assert_eq!(
            (ledger.lo_x.as_str(), ledger.hi_x.as_str()),
            ("11.0", "189.0")
        );
        assert_eq!(ledger.interval, "−0.89 to +0.89");
        let courier = &charts[0].rows[1];
        assert!(!courier.defined && courier.index == "–");
        assert!(courier.label().contains("undefined"));
    }
}
