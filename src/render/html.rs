//! `report.html`: the shareable report, one self-contained page.
//!
//! [`HtmlReportPage`] renders `templates/report.html` (which extends `base.html` and includes
//! `partials/*`). Every value reaches the page through askama's HTML escaper; the only `|safe`
//! values are [`SafeHtml`] made by [`escape::markdown_to_safe_html`] from config Markdown. The
//! page loads nothing and runs nothing: CSS is inline, and a Content-Security-Policy forbids
//! scripts and remote resources should anything slip through.

use super::changes::ChangesView;
use super::escape::{self, SafeHtml};
use super::view::{method, ReportView};
use super::wording::THIN_NOTE;
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
    pub method: &'static [(&'static str, String)],
    /// "Since the last report", when there was one.
    pub changes: Option<ChangesView>,
    /// The Validation section, when the config has coded sheets.
    pub validation: Option<super::validation::ValidationView>,
    pub validation_intro: &'static str,
    /// This is the appendix page (every number, article and passage), not the brief.
    pub appendix: bool,
    /// The appendix's file name, which the brief links to ([`APPENDIX_FILE`]).
    pub appendix_file: &'static str,
    /// The brief's file name, which the appendix links back to.
    pub brief_file: &'static str,
    /// Whose words each outlet relays; what `about` left out.
    pub voices: super::voices::VoicesView<'a>,
}

pub use crate::format::APPENDIX_FILE;

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
            voices: super::voices::VoicesView::new(report, shown),
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
            method: method(),
            changes: ChangesView::new(report),
            validation: report
                .validation
                .as_ref()
                .map(|v| super::validation::ValidationView::new(report, v)),
            validation_intro: super::validation::INTRO,
            appendix: false,
            appendix_file: APPENDIX_FILE,
            brief_file: "report.html",
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
    finish(HtmlReportPage::shown(report, shown).render()?)
}

/// The appendix page of `report` ([`APPENDIX_FILE`]): every number, article and passage; its
/// own links stay on the page.
pub fn appendix(report: &Report, shown: &Report) -> anyhow::Result<String> {
    let mut page = HtmlReportPage::shown(report, shown);
    page.appendix = true;
    page.appendix_file = "";
    finish(page.render()?)
}

fn finish(mut html: String) -> anyhow::Result<String> {
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::{hostile_everything, sample_report, HOSTILE_TITLE};

    /// The brief and the appendix, one after the other.
    fn pages(report: &Report) -> String {
        render(report).unwrap() + &appendix(report, report).unwrap()
    }

    #[test]
    fn hostile_title_is_text() {
        let html = pages(&sample_report());
        assert!(
            html.contains("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; | # pipe"),
            "{html}"
        );
        assert!(!html.contains("<script"), "raw <script> in the page");
        assert!(!html.contains(HOSTILE_TITLE));
    }

    #[test]
    fn no_text_field_escapes_into_markup() {
        let html = pages(&hostile_everything());
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
        let html = pages(&sample_report());
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
        let report = sample_report();
        let html = pages(&report);
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
        // The full-numbers table (appendix): both rates with their intervals, and the share
        // negated or distanced.
        assert!(
            text.contains("1.33 (0.16–4.82)0.67 (0.16–4.82)50%"),
            "{text}"
        );
        // The heatmap cell: the endorsed rate linked to its passages, its interval and the
        // share not endorsed on screen, and every number in the tooltip.
        let brief = render(&report).unwrap();
        let cell = "title=\"Daily Ledger × Alliance / bloc: endorsed 0.67 per 1,000 words (0.16–4.82); all mentions 1.33 (0.16–4.82); 2 mentions, 1 endorsed\"><a href=\"report-appendix.html#ev-ledger-alliance\">0.67</a><span class=\"ci\">0.16–4.82</span><span class=\"nd\">50% neg./dist.</span></td>";
        let heatmap = element(&brief, "<table id=\"heatmap\"", "</table>");
        assert!(heatmap.contains(cell), "{heatmap}");
    }

    #[test]
    fn evidence_traces_back_to_bytes() {
        let html = pages(&sample_report());
        assert!(
            html.contains("bytes 120–128 of <code>corpus/ledger/one.txt</code>"),
            "{html}"
        );
        let evidence = element(&html, "<section id=\"evidence\"", "</section>");
        assert_eq!(evidence.matches("<details").count(), 2);
        // In the appendix every outlet's evidence is open, so a link to a cell's passages lands
        // on them.
        assert_eq!(evidence.matches("<details open>").count(), 2);
        assert!(
            evidence.contains("<h3 id=\"ev-ledger-alliance\">"),
            "{evidence}"
        );
        assert!(
            evidence.contains("Terms behind these passages: alliance (2)"),
            "{evidence}"
        );
        assert!(html.contains("actors: US / West, Russia"));
    }

    #[test]
    fn actor_tables_skip_all_zero_outlets() {
        let mut report = sample_report();
        report.outlets[0]
            .frames
            .values_mut()
            .for_each(|s| s.actors.clear());
        let html = pages(&report);
        assert!(html.contains("no endorsed mentions name an actor"));
        assert_eq!(
            html.matches("endorsed mentions by frame and actor").count(),
            1
        );
    }

    #[test]
    fn is_self_contained_and_deterministic() {
        let report = sample_report();
        let html = pages(&report);
        assert_eq!(html, pages(&report));
        assert!(html.contains("<meta name=\"viewport\""));
        assert!(html.contains("@media (prefers-color-scheme: dark)"));
        assert!(html.contains("@media print"));
        assert!(!html.contains("<link") && !html.contains("src=") && !html.contains("@import"));
        // The article URL is linked; nothing is fetched.
        assert!(html.contains("<a href=\"https://courier.test/x\">"));
    }
}
