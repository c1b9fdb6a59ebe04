//! `report.md`: the report to paste into an issue, a wiki or a pull request (GitHub-flavoured).
//!
//! askama does not escape `.md` templates, so [`MarkdownReportPage`] holds only Markdown that is
//! ready to print: every piece of article or config text in it went through
//! [`markdown_inline`](super::escape::markdown_inline) or
//! [`markdown_table_cell`](super::escape::markdown_table_cell) here, and the template only lays
//! it out. The one exception is `[report].description`, which *is* Markdown and is included
//! as written.

use super::changes::ChangesView;
use super::escape::{article_link, markdown_inline as inline, markdown_table_cell as cell};
pub use super::markdown_compare::MarkdownComparison;
use super::view::{count_of, ReportView, METHOD, THIN_NOTE};
use crate::model::Report;
use askama::Template;
use std::fmt;

/// The whole Markdown report. Every `String` here is Markdown, already escaped.
#[derive(Template)]
#[template(path = "report.md")]
pub struct MarkdownReportPage {
    pub title: String,
    /// `[report].description`, as written in the config.
    pub description: Option<String>,
    pub totals: String,
    /// "Since the last report", already escaped.
    pub changes: Option<String>,
    /// The comparison sections: rates, keyness, contrasts, headline and lead, timeline,
    /// lexicon audit and manifest.
    pub compare: MarkdownComparison,
    pub thin_note: Option<&'static str>,
    pub stances: Option<MarkdownTable>,
    /// `None` when no actors are configured.
    pub actors: Option<Vec<ActorSection>>,
    pub articles: Option<MarkdownTable>,
    /// Said when the table lists only the first articles.
    pub articles_note: Option<String>,
    pub evidence: Vec<EvidenceSection>,
    pub frames: Vec<FrameParagraph>,
    pub inputs: String,
    pub skipped: Option<MarkdownTable>,
    pub method: Vec<(String, String)>,
    /// The Voices section, escaped ([`super::voices`]).
    pub voices: String,
}

/// One outlet's frame × actor table, or `None` when every cell is zero.
pub struct ActorSection {
    pub heading: String,
    pub table: Option<MarkdownTable>,
}

/// One outlet's evidence.
pub struct EvidenceSection {
    pub heading: String,
    pub counts: String,
    pub frames: Vec<EvidenceFrameList>,
}

pub struct EvidenceFrameList {
    pub heading: String,
    pub passages: Vec<PassageItem>,
    /// "… and 12 more: …", when passages were left out.
    pub more: Option<String>,
}

/// A passage: the snippet with `**term**`, its stance line and its source line.
pub struct PassageItem {
    pub text: String,
    pub stance: String,
    pub source: String,
}

pub struct FrameParagraph {
    pub heading: String,
    pub description: Option<String>,
}

/// A GitHub-flavoured Markdown table. Cells are Markdown: escape text with
/// [`markdown_table_cell`](super::escape::markdown_table_cell) before pushing it; numbers we
/// format ourselves go in as they are.
pub struct MarkdownTable {
    header: Vec<String>,
    right_aligned: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl MarkdownTable {
    /// Columns as (escaped header, right-aligned).
    pub(super) fn new(columns: Vec<(String, bool)>) -> MarkdownTable {
        let (header, right_aligned) = columns.into_iter().unzip();
        MarkdownTable {
            header,
            right_aligned,
            rows: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, row: Vec<String>) {
        assert_eq!(
            row.len(),
            self.header.len(),
            "a Markdown row must fill every column"
        );
        self.rows.push(row);
    }
}

impl fmt::Display for MarkdownTable {
    /// The table's lines, joined by `\n` (no line end after the last).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |f: &mut fmt::Formatter<'_>, cells: &[String]| -> fmt::Result {
            write!(f, "| {} |", cells.join(" | "))
        };
        line(f, &self.header)?;
        let rule: Vec<String> = self
            .right_aligned
            .iter()
            .map(|&r| if r { "---:" } else { "---" }.to_owned())
            .collect();
        f.write_str("\n")?;
        line(f, &rule)?;
        for row in &self.rows {
            f.write_str("\n")?;
            line(f, row)?;
        }
        Ok(())
    }
}

/// Text and right-alignment of a column whose header is our own words.
pub(super) fn column(header: &str, right: bool) -> (String, bool) {
    (cell(header), right)
}

/// ` †` after a thin outlet's name.
pub(super) fn thin(is_thin: bool) -> &'static str {
    if is_thin {
        " †"
    } else {
        ""
    }
}

impl MarkdownReportPage {
    pub fn new(report: &Report) -> MarkdownReportPage {
        MarkdownReportPage::shown(report, report)
    }

    /// The page of `report`, listing articles and inputs from `shown` (see
    /// [`ReportView::shown`]).
    pub fn shown(report: &Report, shown: &Report) -> MarkdownReportPage {
        let view = ReportView::shown(report, shown);

        let stances = (!view.stances.is_empty()).then(|| {
            let mut table = MarkdownTable::new(vec![
                column("Outlet", false),
                column("Frame", false),
                column("Asserted", true),
                column("Quoted", true),
                column("Negated", true),
                column("Distanced", true),
                column("All", true),
            ]);
            for outlet in &view.stances {
                for row in &outlet.rows {
                    let c = &row.counts;
                    table.push(vec![
                        format!("{}{}", cell(outlet.name), thin(outlet.thin)),
                        cell(row.frame),
                        c.asserted.to_string(),
                        c.quoted.to_string(),
                        c.negated.to_string(),
                        c.distanced.to_string(),
                        row.total.to_string(),
                    ]);
                }
            }
            table
        });

        let actors = (!view.actors.is_empty()).then(|| {
            view.actor_tables
                .iter()
                .map(|t| ActorSection {
                    heading: format!("{}{}", inline(t.name), thin(t.thin)),
                    table: (!t.empty).then(|| {
                        let mut columns = vec![column("Frame", false)];
                        columns.extend(view.actors.iter().map(|a| (cell(a), true)));
                        let mut table = MarkdownTable::new(columns);
                        for row in &t.rows {
                            let mut cells = vec![cell(row.frame)];
                            cells.extend(row.cells.iter().map(u64::to_string));
                            table.push(cells);
                        }
                        table
                    }),
                })
                .collect()
        });

        let articles = (!view.articles.is_empty()).then(|| {
            let mut table = MarkdownTable::new(vec![
                column("Outlet", false),
                column("Title", false),
                column("Date", false),
                column("Author", false),
                column("Words", true),
                column("Removed by cleaning", false),
                column("Path", false),
            ]);
            for a in &view.articles {
                let title = match a.url.and_then(article_link) {
                    // `article_link` lets no `<`, `>`, space or backslash through; a pipe would
                    // still end the cell, so it is percent-encoded.
                    Some(url) => format!("[{}](<{}>)", cell(a.title), url.replace('|', "%7C")),
                    None => cell(a.title),
                };
                table.push(vec![
                    cell(a.outlet),
                    title,
                    cell(a.date),
                    cell(a.author),
                    a.words.to_string(),
                    cell(&if a.notes.is_empty() {
                        a.removed.clone()
                    } else {
                        format!("{} ({})", a.removed, a.notes.join("; "))
                    }),
                    cell(a.path),
                ]);
            }
            table
        });

        let evidence = view
            .evidence
            .iter()
            .map(|group| EvidenceSection {
                heading: format!(
                    "{}{} — {}",
                    inline(group.name),
                    thin(group.thin),
                    group.passages_text()
                ),
                counts: group.counts_text(),
                frames: group
                    .frames
                    .iter()
                    .map(|frame| EvidenceFrameList {
                        more: (frame.more > 0).then(|| {
                            format!(
                                "… and {} more: the report shows a sample of {}, spread evenly over the articles and the same on every run; `framelens score` writes every passage.",
                                frame.more,
                                frame.passages.len()
                            )
                        }),
                        heading: inline(frame.label),
                        passages: frame
                            .passages
                            .iter()
                            .map(|p| {
                                let term = if p.term.is_empty() {
                                    String::new()
                                } else {
                                    format!("**{}**", inline(p.term))
                                };
                                let mut stance = p.stance.to_owned();
                                if !p.actors.is_empty() {
                                    stance.push_str(&format!(" · actors: {}", inline(&p.actors)));
                                }
                                if p.headline {
                                    stance.push_str(" · in the headline");
                                }
                                stance.push_str(&format!(" · term: {}", inline(p.matched_term)));
                                PassageItem {
                                    text: format!(
                                        "{}{}{}",
                                        inline(p.before),
                                        term,
                                        inline(p.after)
                                    ),
                                    stance,
                                    source: format!(
                                        "{}{} · bytes {}–{} of {}",
                                        inline(p.title),
                                        p.date
                                            .map(|d| format!(", {}", inline(d)))
                                            .unwrap_or_default(),
                                        p.start,
                                        p.end,
                                        inline(p.path)
                                    ),
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();

        let frames = view
            .frames
            .iter()
            .map(|f| FrameParagraph {
                heading: format!(
                    "**{}** ({}): {}",
                    inline(f.label),
                    inline(f.id),
                    inline(&f.terms)
                ),
                description: f.description.map(str::to_owned),
            })
            .collect();

        let inputs = &view.inputs;
        let skipped = (!inputs.skipped.is_empty()).then(|| {
            let mut table =
                MarkdownTable::new(vec![column("Path", false), column("Reason", false)]);
            for s in &inputs.skipped {
                table.push(vec![cell(&s.path), cell(&s.reason)]);
            }
            table
        });

        MarkdownReportPage {
            title: inline(view.title),
            description: report
                .description
                .as_deref()
                .map(|d| d.trim_start_matches(['\r', '\n']).trim_end().to_owned()),
            totals: format!(
                "{} · {} · {} · {}",
                count_of(view.outlets.len() as u64, "outlet", "outlets"),
                count_of(view.articles_total as u64, "article", "articles"),
                count_of(view.mentions as u64, "mention", "mentions"),
                count_of(view.frames.len() as u64, "frame", "frames"),
            ),
            changes: ChangesView::new(report).map(|c| changes_section(&c)),
            voices: super::voices::VoicesView::new(report).markdown(),
            compare: MarkdownComparison::new(&view),
            thin_note: view.any_thin.then_some(THIN_NOTE),
            stances,
            actors,
            articles,
            articles_note: (view.articles_total > view.articles.len()).then(|| {
                format!(
                    "The first {} of {} articles by path; `report.csv` and `report.json` list every one.",
                    view.articles.len(),
                    view.articles_total
                )
            }),
            evidence,
            frames,
            inputs: format!(
                "Read {} inputs (files, and rows of CSV/JSONL exports), used {}, skipped {}. Every input is an article above or listed here with its reason.",
                inputs.read,
                inputs.used,
                inputs.skipped.len()
            ),
            skipped,
            method: METHOD
                .iter()
                .map(|(term, text)| (inline(term), inline(text)))
                .collect(),
        }
    }
}

/// Renders the Markdown report.
pub fn render(report: &Report) -> anyhow::Result<String> {
    page(report, &*super::displayable(report)?)
}

/// [`render`] with the articles and inputs the page lists made already
/// ([`super::displayable`] of `report`).
pub fn page(report: &Report, shown: &Report) -> anyhow::Result<String> {
    let mut markdown = MarkdownReportPage::shown(report, shown).render()?;
    if !markdown.ends_with('\n') {
        markdown.push('\n');
    }
    Ok(markdown)
}

/// The "Since the last report" section's body, escaped.
fn changes_section(c: &ChangesView) -> String {
    let mut out = inline(&c.summary());
    for (label, paths) in [("Added", &c.added), ("Removed", &c.removed)] {
        if !paths.is_empty() {
            out.push_str(&format!("\n\n{label}:\n"));
            for p in paths {
                out.push_str(&format!("\n- `{}`", p.replace('`', "'")));
            }
        }
    }
    if !c.moved.is_empty() {
        let mut t = MarkdownTable::new(vec![
            ("Outlet".into(), false),
            ("Frame".into(), false),
            ("Before".into(), true),
            ("Now".into(), true),
        ]);
        for m in &c.moved {
            let arrow = if m.direction == "up" { "▲" } else { "▼" };
            t.push(vec![
                cell(&m.outlet),
                cell(&m.frame),
                cell(&m.old),
                format!("{} {arrow}", cell(&m.new)),
            ]);
        }
        out.push_str(&format!("\n\n{t}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::{hostile_everything, sample_report};
    use pulldown_cmark::{Options, Parser};

    /// Pipes that separate cells: not preceded by an odd run of backslashes.
    fn unescaped_pipes(line: &str) -> usize {
        let mut backslashes = 0;
        let mut pipes = 0;
        for c in line.chars() {
            if c == '|' && backslashes % 2 == 0 {
                pipes += 1;
            }
            backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        }
        pipes
    }

    /// What GitHub would show, roughly: GFM tables and strikethrough on.
    fn to_html(markdown: &str) -> String {
        let mut html = String::new();
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options));
        html
    }

    #[test]
    fn table_rows_have_one_cell_per_column() {
        for report in [sample_report(), hostile_everything()] {
            let markdown = render(&report).unwrap();
            let mut tables = 0;
            let mut columns = None;
            for line in markdown.lines() {
                if !line.starts_with('|') {
                    columns = None;
                    continue;
                }
                let pipes = unescaped_pipes(line);
                match columns {
                    None => {
                        tables += 1;
                        columns = Some(pipes);
                    }
                    Some(expected) => assert_eq!(pipes, expected, "{line}"),
                }
            }
            // Rates, endorsed, contrasts, stances, two actor tables, articles, audit, skipped,
            // manifest.
            assert_eq!(tables, 10, "{markdown}");
            assert_eq!(to_html(&markdown).matches("<table>").count(), 10);
        }
    }

    #[test]
    fn hostile_title_is_escaped_everywhere() {
        let markdown = render(&sample_report()).unwrap();
        assert!(!markdown.contains("<script>"));
        assert!(markdown
            .contains(r#"[\<script\>alert("x")\</script\> \| \# pipe](<https://courier.test/x>)"#));
        let html = to_html(&markdown);
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn no_text_field_escapes_into_markup() {
        let markdown = render(&hostile_everything()).unwrap();
        let html = to_html(&markdown);
        for raw in ["<x>", "<a href=\"b\"", "<code>", "<del>"] {
            assert!(!html.contains(raw), "{raw} in {html}");
        }
        // The only emphasis is ours: bold labels and highlighted terms, never `*` or `_` from text.
        assert!(!html.contains("<em>"), "{html}");
        assert!(markdown.lines().all(|l| !l.starts_with("# h")));
    }

    #[test]
    fn highlight_wraps_exactly_the_term() {
        let markdown = render(&sample_report()).unwrap();
        assert!(markdown.contains("- Washington leads the **alliance**.\n"));
        assert!(markdown
            .contains(r"- Moscow rejects the \*\*so-called\*\* **alliance** \| \<b\>bold\</b\>."));
        let html = to_html(&markdown);
        assert!(html.contains("Moscow rejects the **so-called** <strong>alliance</strong> | &lt;b&gt;bold&lt;/b&gt;."), "{html}");
    }

    #[test]
    fn null_contrast_is_a_dash_and_thin_outlets_are_marked() {
        let markdown = render(&sample_report()).unwrap();
        // Outlets are columns: frames as rows keep the table narrow.
        assert!(markdown.contains("| Frame | Daily Ledger | The Courier † |\n| --- | ---: | ---: |\n| Articles | 3 | 1 |\n| Words | 1500 | 796 |\n"), "{markdown}");
        assert!(markdown.contains("| **Alliance / bloc** | 1.33 (0.16–4.82) | 1.26 (0.03–7.00) |"));
        assert!(markdown
            .contains("| **Alliance / bloc** | 0.67 (0.16–4.82) · 1/3 | 0.00 (0.03–7.00) · 0/1 |"));
        // The contrast the Courier cannot have is a dash; the Ledger's has its interval.
        assert!(
            markdown
                .contains("| **Alliance / bloc** vs **Partnership** | 0.00 (−0.89 to +0.89) | – |"),
            "{markdown}"
        );
        assert!(markdown.contains("\n† Thin evidence"));
        assert!(markdown.contains("### The Courier † — 2 passages"));
    }

    #[test]
    fn description_is_included_as_written() {
        let markdown = render(&sample_report()).unwrap();
        assert!(markdown.starts_with("# Summit coverage\n\nFive outlets, *one* summit."));
    }

    #[test]
    fn actor_table_of_zeros_becomes_a_sentence() {
        let mut report = sample_report();
        report.outlets[1]
            .frames
            .values_mut()
            .for_each(|s| s.actors.clear());
        let markdown = render(&report).unwrap();
        assert!(markdown.contains("### The Courier †\n\nNo endorsed mentions name an actor.\n"));
    }

    #[test]
    fn is_deterministic_and_ends_with_one_newline() {
        let report = sample_report();
        let markdown = render(&report).unwrap();
        assert_eq!(markdown, render(&report).unwrap());
        assert!(markdown.ends_with(".\n") && !markdown.ends_with("\n\n"));
    }
}
