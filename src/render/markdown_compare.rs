//! The comparison sections of `report.md`, laid out for GitHub: wide outlet × frame data is
//! transposed (frames as rows, outlets as columns), so a table stays readable however many
//! frames a config has.
//!
//! Every string here is Markdown, escaped from the [`ReportView`]'s raw text.

use super::escape::{markdown_inline as inline, markdown_table_cell as cell};
use super::markdown_table::{column, thin, MarkdownTable};
use super::view::ReportView;

/// The comparison sections, ready to print.
pub struct MarkdownComparison {
    /// Articles, words and the endorsed rate per frame: frames as rows, outlets as columns.
    pub rates: Option<MarkdownTable>,
    /// The share of mentions negated or distanced and the articles endorsing, per frame and
    /// outlet.
    pub endorsed: Option<MarkdownTable>,
    /// One list item per outlet: its significantly over- and under-used frames.
    pub keyness: Vec<String>,
    /// Contrast indices with intervals: contrasts as rows, outlets as columns.
    pub contrasts: Option<MarkdownTable>,
    /// Headline + lead mentions: frames as rows, outlets as columns; `None` when all are 0.
    pub headline: Option<MarkdownTable>,
    pub timeline_note: Option<String>,
    pub timeline: Option<MarkdownTable>,
    /// Lexicon audit findings, one list item each.
    pub audit: Vec<String>,
    pub audit_terms: MarkdownTable,
    /// framelens version and config hash, one list item each.
    pub manifest: Vec<String>,
    pub manifest_inputs: MarkdownTable,
    /// Said when the table lists only the first inputs.
    pub manifest_note: Option<String>,
}

fn outlet_columns(view: &ReportView, first: &str) -> Vec<(String, bool)> {
    let mut columns = vec![column(first, false)];
    columns.extend(
        view.heatmap
            .rows
            .iter()
            .map(|r| (format!("{}{}", cell(r.name), thin(r.thin)), true)),
    );
    columns
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        inline(&items.join("; "))
    }
}

impl MarkdownComparison {
    /// Every comparison section of `view`; a table whose data is absent is `None`.
    pub fn new(view: &ReportView) -> MarkdownComparison {
        let has_outlets = !view.heatmap.rows.is_empty();
        let timeline = &view.timeline;
        MarkdownComparison {
            rates: has_outlets.then(|| rates_table(view)),
            endorsed: has_outlets.then(|| endorsed_table(view)),
            keyness: view.keyness.iter().map(keyness_item).collect(),
            contrasts: (has_outlets && !view.contrast_charts.is_empty())
                .then(|| contrasts_table(view)),
            headline: (has_outlets && !view.headline.empty).then(|| headline_table(view)),
            timeline_note: timeline.note.as_deref().map(inline),
            timeline: (!timeline.table.is_empty()).then(|| timeline_table(timeline)),
            audit: audit_items(&view.audit),
            audit_terms: audit_terms_table(&view.audit),
            manifest: manifest_items(&view.manifest),
            manifest_inputs: manifest_inputs_table(&view.manifest),
            manifest_note: manifest_note(&view.manifest),
        }
    }
}

/// Articles, words and the endorsed rate (with its keyness mark) per frame: frames as rows,
/// outlets as columns.
fn rates_table(view: &ReportView) -> MarkdownTable {
    let mut table = MarkdownTable::new(outlet_columns(view, "Frame"));
    let mut articles = vec![cell("Articles")];
    articles.extend(view.heatmap.rows.iter().map(|r| r.articles.to_string()));
    table.push(articles);
    let mut words = vec![cell("Words")];
    words.extend(view.heatmap.rows.iter().map(|r| r.words.to_string()));
    table.push(words);
    for (i, frame) in view.frames.iter().enumerate() {
        let mut row = vec![format!("**{}**", cell(frame.label))];
        for (group, heat) in view.details.iter().zip(&view.heatmap.rows) {
            let key = heat.cells.get(i).map_or("", |c| c.key);
            row.push(match group.rows.get(i) {
                Some(d) if key.is_empty() => d.endorsed_rate.clone(),
                Some(d) => format!("{} {key}", d.endorsed_rate),
                None => "–".to_owned(),
            });
        }
        table.push(row);
    }
    table
}

/// The share of mentions negated or distanced and the articles endorsing: frames as rows,
/// outlets as columns.
fn endorsed_table(view: &ReportView) -> MarkdownTable {
    let mut table = MarkdownTable::new(outlet_columns(view, "Frame"));
    for (i, frame) in view.frames.iter().enumerate() {
        let mut row = vec![format!("**{}**", cell(frame.label))];
        row.extend(view.details.iter().map(|g| match g.rows.get(i) {
            Some(d) => format!("{} · {}", d.not_endorsed, d.articles_short),
            None => "–".to_owned(),
        }));
        table.push(row);
    }
    table
}

/// One outlet's list item: the frames it over- and under-uses, or that none differs.
fn keyness_item(k: &super::charts::KeynessSummary) -> String {
    let mut parts = Vec::new();
    if !k.over.is_empty() {
        parts.push(format!("over-uses {}", key_frames(&k.over)));
    }
    if !k.under.is_empty() {
        parts.push(format!("under-uses {}", key_frames(&k.under)));
    }
    if k.more > 0 {
        parts.push(format!("{} more in the full tables", k.more));
    }
    let body = if parts.is_empty() {
        "no frame differs significantly from the other outlets".to_owned()
    } else {
        parts.join("; ")
    };
    format!("**{}**{}: {body}.", inline(k.name), thin(k.thin))
}

/// Key frames as `**label** (statistic)`, comma-separated.
fn key_frames(frames: &[super::charts::KeyFrame]) -> String {
    frames
        .iter()
        .map(|f| format!("**{}** ({})", inline(f.label), inline(&f.text)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Contrast indices with their intervals: contrasts as rows, outlets as columns.
fn contrasts_table(view: &ReportView) -> MarkdownTable {
    let mut table = MarkdownTable::new(outlet_columns(view, "Contrast (left vs right)"));
    for chart in &view.contrast_charts {
        let mut row = vec![format!(
            "**{}** vs **{}**",
            cell(chart.left),
            cell(chart.right)
        )];
        row.extend(chart.rows.iter().map(|b| {
            if b.interval.is_empty() {
                b.index.clone()
            } else {
                format!("{} ({})", b.index, b.interval)
            }
        }));
        table.push(row);
    }
    table
}

/// Headline and lead mentions: frames as rows, outlets as columns.
fn headline_table(view: &ReportView) -> MarkdownTable {
    let mut table = MarkdownTable::new(outlet_columns(view, "Frame"));
    for (i, frame) in view.headline.frames.iter().enumerate() {
        let mut row = vec![cell(frame)];
        row.extend(view.headline.rows.iter().map(|r| r.cells[i].clone()));
        table.push(row);
    }
    table
}

/// The rate per period: one row per outlet and frame, periods as columns.
fn timeline_table(t: &super::charts::TimelineView) -> MarkdownTable {
    let mut columns = vec![column("Outlet", false), column("Frame", false)];
    columns.extend(t.periods.iter().map(|p| (cell(p), true)));
    let mut table = MarkdownTable::new(columns);
    for (outlet, frame, rates) in &t.table {
        let mut row = vec![cell(outlet), cell(frame)];
        row.extend(rates.iter().cloned());
        table.push(row);
    }
    table
}

/// The lexicon audit's findings, one list item each: unused terms, shared terms and idle
/// exclusions.
fn audit_items(a: &super::charts::AuditView) -> Vec<String> {
    vec![
        format!("**Terms with no hits**: {}", list_or_none(&a.unused)),
        format!(
            "**Terms in more than one frame** (each match counts for each frame): {}",
            list_or_none(&a.shared)
        ),
        format!(
            "**Exclusions that never fired**: {}",
            if a.exclusions.is_empty() {
                "no exclusions are configured".to_owned()
            } else {
                list_or_none(&a.idle_exclusions)
            }
        ),
    ]
}

/// Hits, endorsed hits, articles and the words matched per term.
fn audit_terms_table(a: &super::charts::AuditView) -> MarkdownTable {
    let mut table = MarkdownTable::new(vec![
        column("Frame", false),
        column("Term", false),
        column("Hits", true),
        column("Endorsed", true),
        column("Articles", true),
        column("Words matched", false),
    ]);
    for (frame, term, hits, endorsed, articles, words) in &a.terms {
        table.push(vec![
            cell(frame),
            cell(term),
            hits.to_string(),
            endorsed.to_string(),
            articles.to_string(),
            cell(words),
        ]);
    }
    table
}

/// The framelens version and the config's path and hash, one list item each.
fn manifest_items(m: &super::charts::ManifestView) -> Vec<String> {
    vec![
        format!("framelens {}", inline(m.version)),
        format!(
            "config {}, SHA-256 {}",
            inline(m.config_path),
            inline(m.config_sha256)
        ),
    ]
}

/// The inputs listed in the manifest, with their status and hash.
fn manifest_inputs_table(m: &super::charts::ManifestView) -> MarkdownTable {
    let mut table = MarkdownTable::new(vec![
        column("Path", false),
        column("Status", false),
        column("SHA-256", false),
    ]);
    for (path, hash, status) in &m.inputs {
        table.push(vec![cell(path), cell(status), cell(hash)]);
    }
    table
}

/// Says where the full list is when the manifest lists only the first inputs.
fn manifest_note(m: &super::charts::ManifestView) -> Option<String> {
    (m.total > m.inputs.len()).then(|| {
        format!(
            "The first {} of {} inputs by path; `report.manifest.csv` and `report.json` list every one.",
            m.inputs.len(),
            m.total
        )
    })
}
