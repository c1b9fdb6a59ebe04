//! `report.html`: the shareable report, one self-contained page.
//!
//! [`HtmlReportPage`] renders `templates/report.html` (which extends `base.html` and includes
//! `partials/*`). Every value reaches the page through askama's HTML escaper; the only `|safe`
//! values are [`SafeHtml`] made by [`escape::markdown_to_safe_html`] from config Markdown. The
//! page loads nothing and runs nothing: CSS is inline, and a Content-Security-Policy forbids
//! scripts and remote resources should anything slip through.

use super::escape::{self, SafeHtml};
use super::view::{ReportView, METHOD, THIN_NOTE};
use crate::model::Report;
use askama::Template;

/// The whole HTML report.
#[derive(Template)]
#[template(path = "report.html")]
pub struct HtmlReportPage<'a> {
    pub view: ReportView<'a>,
    /// `[report].description`, rendered.
    pub description: Option<SafeHtml>,
    /// The frames with their terms and rendered descriptions.
    pub frames: Vec<FrameNote<'a>>,
    pub thin_note: &'static str,
    pub method: &'static [(&'static str, &'static str)],
}

/// A frame in the "Frames" list.
pub struct FrameNote<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub terms: &'a [String],
    pub description: Option<SafeHtml>,
}

impl<'a> HtmlReportPage<'a> {
    pub fn new(report: &'a Report) -> HtmlReportPage<'a> {
        HtmlReportPage {
            view: ReportView::new(report),
            description: report
                .description
                .as_deref()
                .map(escape::markdown_to_safe_html),
            frames: report
                .frames
                .iter()
                .map(|f| FrameNote {
                    id: &f.id,
                    label: &f.label,
                    terms: &f.terms,
                    description: f.description.as_deref().map(escape::markdown_to_safe_html),
                })
                .collect(),
            thin_note: THIN_NOTE,
            method: METHOD,
        }
    }
}

/// Renders the HTML report.
pub fn render(report: &Report) -> anyhow::Result<String> {
    let mut html = HtmlReportPage::new(report).render()?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::{hostile_everything, sample_report, HOSTILE_TITLE};

    #[test]
    fn hostile_title_is_text() {
        let html = render(&sample_report()).unwrap();
        assert!(
            html.contains("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; | # pipe"),
            "{html}"
        );
        assert!(!html.contains("<script"), "raw <script> in the page");
        assert!(!html.contains(HOSTILE_TITLE));
    }

    #[test]
    fn no_text_field_escapes_into_markup() {
        let html = render(&hostile_everything()).unwrap();
        assert!(!html.contains("<x>"), "{html}");
        assert!(html.contains("&#60;x&#62;|*_`[a](b)\n# h &#38; ~"));
    }

    #[test]
    fn description_markdown_is_rendered_without_raw_html() {
        let html = render(&sample_report()).unwrap();
        assert!(
            html.contains("<p>Five outlets, <em>one</em> summit. </p>"),
            "{html}"
        );
        assert!(!html.contains("<img"));
        assert!(!html.contains("onerror"));
    }

    #[test]
    fn highlight_wraps_exactly_the_term() {
        let html = render(&sample_report()).unwrap();
        assert!(
            html.contains("Washington leads the <mark>alliance</mark>."),
            "{html}"
        );
        // The snippet's own markup is text, and the mark is around the match only.
        assert!(html.contains(
            "Moscow rejects the **so-called** <mark>alliance</mark> | &#60;b&#62;bold&#60;/b&#62;."
        ));
        assert_eq!(html.matches("<mark>").count(), 5);
    }

    #[test]
    fn null_contrast_and_thin_marker() {
        let html = render(&sample_report()).unwrap();
        let courier_row = html.split("<th scope=\"row\">The Courier").nth(1).unwrap();
        let courier_row = &courier_row[..courier_row.find("</tr>").unwrap()];
        assert!(courier_row.contains("href=\"#thin-note\""), "{courier_row}");
        assert!(
            courier_row.contains("<td class=\"num\">–</td>"),
            "{courier_row}"
        );
        let ledger_row = html.split("<th scope=\"row\">Daily Ledger").nth(1).unwrap();
        assert!(!ledger_row[..ledger_row.find("</tr>").unwrap()].contains("thin-note"));
        assert!(html.contains("id=\"thin-note\""));
    }

    #[test]
    fn rate_cells_read_as_one_line_of_text() {
        let html = render(&sample_report()).unwrap();
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        assert!(text.contains("1.33 (0.16–4.82) · endorsed 0.67"), "{text}");
    }

    #[test]
    fn evidence_traces_back_to_bytes() {
        let html = render(&sample_report()).unwrap();
        assert!(
            html.contains("bytes 120–128 of <code>corpus/ledger/one.txt</code>"),
            "{html}"
        );
        assert_eq!(html.matches("<details").count(), 2);
        assert_eq!(html.matches("<details open>").count(), 1);
        assert!(html.contains("actors: US / West, Russia"));
    }

    #[test]
    fn actor_tables_skip_all_zero_outlets() {
        let mut report = sample_report();
        report.outlets[0]
            .frames
            .values_mut()
            .for_each(|s| s.actors.clear());
        let html = render(&report).unwrap();
        assert!(html.contains("no endorsed mentions name an actor"));
        assert_eq!(
            html.matches("endorsed mentions by frame and actor").count(),
            1
        );
    }

    #[test]
    fn is_self_contained_and_deterministic() {
        let report = sample_report();
        let html = render(&report).unwrap();
        assert_eq!(html, render(&report).unwrap());
        assert!(html.contains("<meta name=\"viewport\""));
        assert!(html.contains("@media (prefers-color-scheme: dark)"));
        assert!(html.contains("@media print"));
        assert!(!html.contains("<link") && !html.contains("src=") && !html.contains("@import"));
        // The article URL is linked; nothing is fetched.
        assert!(html.contains("<a href=\"https://courier.test/x\">"));
    }
}
