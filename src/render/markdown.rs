//! `report.md`: the report to paste into an issue, a wiki or a pull request (GitHub-flavoured).
//!
//! askama does not escape `.md` templates, so every piece of article or config text on the page
//! goes through [`markdown_inline`](super::escape::markdown_inline) or
//! [`markdown_table_cell`](super::escape::markdown_table_cell): here, for the `String`s of
//! [`MarkdownReportPage`], or in the template, through the filters `inline` and `cell`
//! ([`markdown_filters`](super::escape::markdown_filters)), for the sections fed by a view
//! struct (`templates/partials/*.md`). The exceptions are `[report].description` and the
//! frames' descriptions, which *are* Markdown: they keep their markup, with raw HTML, images,
//! script links, `@name` and control characters taken out ([`markdown_to_safe_markdown`]).

use super::changes::ChangesView;
use super::escape::markdown_filters as filters;
use super::escape::{
    article_link, markdown_inline as inline, markdown_table_cell as cell, markdown_to_safe_markdown,
};
pub use super::markdown_compare::MarkdownComparison;
use super::markdown_table::{column, thin, MarkdownTable};
use super::view::{method, ReportView};
use super::wording::{count_of, THIN_NOTE};
use crate::model::Report;
use askama::Template;

/// The whole Markdown report. Every `String` here is Markdown, already escaped; the view
/// structs' text is escaped by the template's filters.
#[derive(Template)]
#[template(path = "report.md")]
pub struct MarkdownReportPage<'a> {
    pub title: String,
    /// `[report].description`, as written in the config.
    pub description: Option<String>,
    /// Outlets, articles, mentions and frames.
    pub totals: String,
    /// Each outlet's name and its articles per language, when the report is not English
    /// only; empty otherwise.
    pub languages: Vec<(&'a str, String)>,
    /// "Since the last report", when there was one (`partials/changes.md`).
    pub changes: Option<ChangesView>,
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
    /// Every mention behind the numbers, per outlet and frame (`partials/evidence.md`).
    pub evidence: Vec<super::view::EvidenceGroup<'a>>,
    pub frames: Vec<FrameParagraph>,
    pub inputs: String,
    pub skipped: Option<MarkdownTable>,
    pub method: Vec<(String, String)>,
    /// The Validation section, when the config has coded sheets (`partials/validation.md`).
    pub validation: Option<super::validation::ValidationView>,
    /// What the Validation section says about its method.
    pub validation_intro: &'static str,
    /// This is the second file ([`TABLES_FILE`]: every table, article and passage), not the
    /// brief.
    pub appendix: bool,
    /// The brief leaves out the outlet × frame tables, which would make it too long.
    pub too_wide: bool,
    /// The findings, escaped, each with its link to the passages.
    pub findings: Vec<String>,
    /// What the lede says without findings.
    pub no_findings: &'static str,
    /// Data-quality notes, escaped.
    pub quality: Vec<String>,
    /// [`TABLES_FILE`], for the brief's links.
    pub tables_file: &'static str,
    /// Whose words each outlet relays; what `about` left out (`partials/voices.md`).
    pub voices: super::voices::VoicesView<'a>,
}

pub use crate::format::TABLES_FILE;

/// GitHub's limit on the body of an issue or a comment: `report.md` stays under it.
pub const BRIEF_LIMIT: usize = 65_536;

/// One outlet's frame × actor table, or `None` when every cell is zero.
pub struct ActorSection {
    pub heading: String,
    pub table: Option<MarkdownTable>,
}

pub struct FrameParagraph {
    pub heading: String,
    pub description: Option<String>,
}

impl<'a> MarkdownReportPage<'a> {
    pub fn new(report: &'a Report) -> MarkdownReportPage<'a> {
        MarkdownReportPage::shown(report, report)
    }

    /// The page of `report`, listing articles and inputs from `shown` (see
    /// [`ReportView::shown`]).
    pub fn shown(report: &'a Report, shown: &'a Report) -> MarkdownReportPage<'a> {
        let view = ReportView::shown(report, shown);
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
                .map(|d| markdown_to_safe_markdown(d.trim_start_matches(['\r', '\n']).trim_end())),
            totals: format!(
                "{} · {} · {} · {}",
                count_of(view.outlets.len() as u64, "outlet", "outlets"),
                count_of(view.articles_total as u64, "article", "articles"),
                count_of(view.mentions as u64, "mention", "mentions"),
                count_of(view.frames.len() as u64, "frame", "frames"),
            ),
            languages: languages(&report.outlets),
            changes: ChangesView::new(report),
            voices: super::voices::VoicesView::new(report, shown),
            compare: MarkdownComparison::new(&view),
            thin_note: view.any_thin.then_some(THIN_NOTE),
            stances: stances_table(&view),
            actors: actor_sections(&view),
            articles: articles_table(&view),
            articles_note: (view.articles_total > view.articles.len()).then(|| {
                format!(
                    "The first {} of {} articles by path; `report.csv` and `report.json` list every one.",
                    view.articles.len(),
                    view.articles_total
                )
            }),
            frames: frame_paragraphs(&view),
            validation: report
                .validation
                .as_ref()
                .map(|v| super::validation::ValidationView::new(report, v)),
            validation_intro: super::validation::INTRO,
            inputs: format!(
                "Read {} inputs (files, and rows of CSV/JSONL exports), used {}, skipped {}. Every input is an article above or listed here with its reason.",
                inputs.read,
                inputs.used,
                inputs.skipped.len()
            ),
            skipped,
            method: method()
                .iter()
                .map(|(term, text)| (inline(term), inline(text)))
                .collect(),
            appendix: false,
            too_wide: false,
            findings: view
                .findings
                .iter()
                .map(|f| format!("{} [Passages]({TABLES_FILE}#{})", inline(&f.text), f.anchor))
                .collect(),
            no_findings: view.no_findings,
            quality: view.quality.iter().map(|q| inline(q)).collect(),
            tables_file: TABLES_FILE,
            // Last: moved out of the view, which the fields above read.
            evidence: view.evidence,
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
    let mut page = MarkdownReportPage::shown(report, shown);
    let mut markdown = finish(page.render()?);
    if markdown.len() >= BRIEF_LIMIT {
        // A config with very many outlets and frames: the tables go to the second file only.
        page.too_wide = true;
        markdown = finish(page.render()?);
    }
    Ok(markdown)
}

/// The second Markdown file ([`TABLES_FILE`]): the full tables, the articles and the evidence.
pub fn tables(report: &Report, shown: &Report) -> anyhow::Result<String> {
    let mut page = MarkdownReportPage::shown(report, shown);
    page.appendix = true;
    Ok(finish(page.render()?))
}

fn finish(mut markdown: String) -> String {
    if !markdown.ends_with('\n') {
        markdown.push('\n');
    }
    markdown
}

/// Each outlet's name and its articles per language, when the report is not English only
/// (`partials/totals.md`); empty otherwise.
fn languages(outlets: &[crate::model::OutletSummary]) -> Vec<(&str, String)> {
    if !crate::lang::multilingual(outlets) {
        return Vec::new();
    }
    outlets
        .iter()
        .map(|o| (o.name.as_str(), crate::lang::languages_text(&o.languages)))
        .collect()
}

/// The stances table of the full tables: mentions by stance per outlet and frame.
fn stances_table(view: &ReportView) -> Option<MarkdownTable> {
    (!view.stances.is_empty()).then(|| {
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
    })
}

/// One frame × actor table per outlet.
fn actor_sections(view: &ReportView) -> Option<Vec<ActorSection>> {
    (!view.actors.is_empty()).then(|| {
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
    })
}

/// The list of the articles shown.
fn articles_table(view: &ReportView) -> Option<MarkdownTable> {
    (!view.articles.is_empty()).then(|| {
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
    })
}

/// The frames as configured, with their terms and descriptions.
fn frame_paragraphs(view: &ReportView) -> Vec<FrameParagraph> {
    view.frames
        .iter()
        .map(|f| FrameParagraph {
            heading: format!(
                "**{}** ({}): {}",
                inline(f.label),
                inline(f.id),
                inline(&f.terms)
            ),
            description: f.description.map(markdown_to_safe_markdown),
        })
        .collect()
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

    /// The brief and the full tables, one after the other.
    fn pages(report: &Report) -> String {
        render(report).unwrap() + &tables(report, report).unwrap()
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
            let markdown = pages(&report);
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
            // The brief: rates, not endorsed, contrasts. The full tables: the same three, and
            // headline, stances, two actor tables, articles, audit, skipped, manifest.
            assert_eq!(tables, 13, "{markdown}");
            assert_eq!(to_html(&markdown).matches("<table>").count(), 13);
        }
    }

    #[test]
    fn hostile_title_is_escaped_everywhere() {
        let markdown = pages(&sample_report());
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
        let markdown = pages(&hostile_everything());
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
        let markdown = pages(&sample_report());
        assert!(markdown.contains("- Washington leads the **alliance**.\n"));
        assert!(markdown
            .contains(r"- Moscow rejects the \*\*so-called\*\* **alliance** \| \<b\>bold\</b\>."));
        let html = to_html(&markdown);
        assert!(html.contains("Moscow rejects the **so-called** <strong>alliance</strong> | &lt;b&gt;bold&lt;/b&gt;."), "{html}");
    }

    #[test]
    fn null_contrast_is_a_dash_and_thin_outlets_are_marked() {
        let markdown = pages(&sample_report());
        // Outlets are columns: frames as rows keep the table narrow.
        assert!(markdown.contains("| Frame | Daily Ledger | The Courier † |\n| --- | ---: | ---: |\n| Articles | 3 | 1 |\n| Words | 1500 | 796 |\n"), "{markdown}");
        // Endorsed rates lead; the share negated or distanced is beside them.
        assert!(markdown.contains("| **Alliance / bloc** | 0.67 (0.16–4.82) | 0.00 (0.03–7.00) |"));
        assert!(markdown.contains("| **Alliance / bloc** | 50% · 1/3 | 100% · 0/1 |"));
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
    fn description_keeps_its_markup() {
        let markdown = render(&sample_report()).unwrap();
        assert!(markdown.starts_with("# Summit coverage\n\nFive outlets, *one* summit."));
    }

    /// Issue 20, item 10: file names and the config's description break out of nothing.
    #[test]
    fn hostile_names_and_description_stay_text() {
        let mut report = sample_report();
        report.description = Some(
            "Read <b onclick=\"x\">me</b>, [here](javascript:alert(1)), cc @maintainer.\n\n<!-- hide".into(),
        );
        let mut removed =
            vec!["gone\n\n# Injected heading\n\n<img src=x onerror=alert(1)>".to_string()];
        removed.push("tick`s @someone \u{1b}[2J.txt".into());
        removed.extend((0..60).map(|i| format!("old/{i:02}.txt")));
        report.changes = Some(crate::model::Changes {
            previous_articles: 62,
            added: vec!["#new.txt".into()],
            removed,
            moved: Vec::new(),
        });
        let markdown = render(&report).unwrap();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            Parser::new_ext(&markdown, Options::ENABLE_TABLES),
        );
        for bad in [
            "<img",
            "<b ",
            "Injected heading</h1>",
            "href=\"javascript:",
            "<!--",
            "\u{1b}",
        ] {
            assert!(!html.contains(bad), "{bad:?} in {html}");
        }
        assert!(!markdown.contains("@maintainer") && !markdown.contains("@someone"));
        assert!(
            markdown.contains("- gone  \\# Injected heading  \\<img src=x onerror=alert(1)\\>\n"),
            "{markdown}"
        );
        assert!(markdown.contains("- tick\\`s @\u{200B}someone ␛\\[2J.txt\n"));
        assert!(markdown.contains("- \\#new.txt\n"));
        assert!(markdown.contains("1 added, 62 removed"), "{markdown}");
        // The first 50 removed, then a count of the rest.
        assert!(markdown.contains("- old/47.txt\n- and 12 more (`report.json` lists every one)\n"));
        assert!(!markdown.contains("old/48.txt"));
    }

    #[test]
    fn actor_table_of_zeros_becomes_a_sentence() {
        let mut report = sample_report();
        report.outlets[1]
            .frames
            .values_mut()
            .for_each(|s| s.actors.clear());
        let markdown = pages(&report);
        assert!(markdown.contains("### The Courier †\n\nNo endorsed mentions name an actor.\n"));
    }

    #[test]
    fn a_config_too_wide_for_the_brief_leaves_its_tables_to_the_second_file() {
        // 400 outlets: their tables alone would pass GitHub's limit.
        let mut report = sample_report();
        let outlet = report.outlets[0].clone();
        report.outlets = (0..400)
            .map(|i| {
                let mut o = outlet.clone();
                o.id = format!("outlet-{i}");
                o.name = format!("Outlet number {i}");
                o
            })
            .collect();
        let brief = render(&report).unwrap();
        assert!(brief.len() < BRIEF_LIMIT, "{} bytes", brief.len());
        assert!(brief.contains("too long for this page: see [report-tables.md](report-tables.md)"));
        assert!(brief.contains("## Findings") && brief.contains("## Method"));
        let tables = tables(&report, &report).unwrap();
        assert!(tables.len() > BRIEF_LIMIT);
        assert!(tables.contains("| Outlet number 399 |"));
    }

    #[test]
    fn is_deterministic_and_ends_with_one_newline() {
        let report = sample_report();
        let markdown = render(&report).unwrap();
        assert_eq!(markdown, render(&report).unwrap());
        assert!(markdown.ends_with(".\n") && !markdown.ends_with("\n\n"));
    }
}
