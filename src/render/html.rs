//! `report.html`: the shareable report, one self-contained page.
//!
//! [`HtmlReportPage`] renders `templates/report.html` (which extends `base.html` and includes
//! `partials/*`). Every value reaches the page through askama's HTML escaper; the only `|safe`
//! values are [`SafeHtml`] made by [`escape::markdown_to_safe_html`] from config Markdown. The
//! page loads nothing and runs nothing: CSS is inline, and a Content-Security-Policy forbids
//! scripts and remote resources should anything slip through.

use super::changes::ChangesView;
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
    /// "Since the last report", when there was one.
    pub changes: Option<ChangesView>,
    /// Whose words each outlet relays; what `about` left out.
    pub voices: super::voices::VoicesView<'a>,
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
        HtmlReportPage::shown(report, report)
    }

    /// The page of `report`, listing articles and inputs from `shown` (see
    /// [`ReportView::shown`]).
    pub fn shown(report: &'a Report, shown: &'a Report) -> HtmlReportPage<'a> {
        HtmlReportPage {
            voices: super::voices::VoicesView::new(report),
            view: ReportView::shown(report, shown),
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
            changes: ChangesView::new(report),
        }
    }
}

/// Renders the HTML report.
pub fn render(report: &Report) -> anyhow::Result<String> {
    page(report, &*super::displayable(report)?)
}

/// [`render`] with the articles and inputs the page lists made already
/// ([`super::displayable`] of `report`).
pub fn page(report: &Report, shown: &Report) -> anyhow::Result<String> {
    let mut html = HtmlReportPage::shown(report, shown).render()?;
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

    /// The text of the first element that starts with `open` (up to its closing `close`).
    fn element<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
        let from = html
            .find(open)
            .unwrap_or_else(|| panic!("{open} in {html}"));
        let rest = &html[from..];
        &rest[..rest.find(close).expect("closed") + close.len()]
    }

    #[test]
    fn null_contrast_and_thin_marker() {
        let html = render(&sample_report()).unwrap();
        let heatmap = element(&html, "<table id=\"heatmap\"", "</table>");
        let courier_row = element(
            heatmap,
            "<tr class=\"thin\"><th scope=\"row\">The Courier",
            "</tr>",
        );
        assert!(courier_row.contains("href=\"#thin-note\""), "{courier_row}");
        let ledger_row = element(heatmap, "<tr><th scope=\"row\">Daily Ledger", "</tr>");
        assert!(!ledger_row.contains("thin-note"));
        assert!(html.contains("id=\"thin-note\""));
        let chart = element(&html, "<div id=\"contrast-chart\"", "</table>");
        let courier_bar = element(chart, "<th scope=\"row\">The Courier", "</tr>");
        assert!(
            courier_bar.contains("<td class=\"num\">–</td>"),
            "{courier_bar}"
        );
        assert!(courier_bar.contains("aria-label=\"The Courier: undefined"));
        let ledger_bar = element(chart, "<th scope=\"row\">Daily Ledger", "</tr>");
        assert!(ledger_bar.contains("role=\"img\""));
        assert!(ledger_bar.contains("0.00 <span class=\"ci\">(−0.89 to +0.89)</span>"));
    }

    #[test]
    fn heatmap_cells_carry_their_numbers_as_text() {
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
        // The full-numbers table: rate and endorsed rate with their intervals.
        assert!(text.contains("1.33 (0.16–4.82)0.67 (0.16–4.82)"), "{text}");
        // The heatmap cell: the rate, and every number in its tooltip.
        assert!(html.contains(
            "title=\"Daily Ledger × Alliance / bloc: 1.33 mentions per 1,000 words (0.16–4.82), endorsed 0.67 (0.16–4.82); 2 mentions, 1 endorsed\">1.33</td>"
        ), "{html}");
    }

    #[test]
    fn evidence_traces_back_to_bytes() {
        let html = render(&sample_report()).unwrap();
        assert!(
            html.contains("bytes 120–128 of <code>corpus/ledger/one.txt</code>"),
            "{html}"
        );
        let evidence = element(&html, "<section id=\"evidence\"", "</section>");
        assert_eq!(evidence.matches("<details").count(), 2);
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
