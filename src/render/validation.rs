//! The report's "Validation" section: the lexicon against hand coding (`[validation] coded`),
//! drawn from `report.validation` (the same numbers as `framelens validate --json`).
//!
//! [`ValidationView`] holds the section's text, made once for both pages: the HTML partial
//! (`templates/partials/validation.html`, escaped by askama) and the Markdown one
//! (`templates/partials/validation.md`, escaped by its `inline` and `cell` filters).

use crate::model::{Report, Stance};
use crate::validation::Validation;

/// The Validation section, as text.
pub struct ValidationView {
    /// Rows, coders, rows not coded, rows that did not join.
    pub summary: String,
    /// Per frame: label, coded rows, precision, recall, the tool's mentions.
    pub frames: Vec<[String; 5]>,
    /// Per coded term: frame, term, coded rows, precision, flagged by the audit.
    pub terms: Vec<(String, String, u64, String, bool)>,
    pub stance: String,
    /// Per coder's stance: the rows by the tool's stance, in [`Stance::ALL`] order.
    pub confusion: Vec<(&'static str, Vec<u64>)>,
    pub coders: String,
    /// The first rows that did not join, with why.
    pub unjoined: Vec<String>,
    pub flagged: Vec<String>,
}

fn share(x: Option<f64>, ci: Option<[f64; 2]>) -> String {
    match (x, ci) {
        (Some(x), Some([lo, hi])) => format!("{x:.2} ({lo:.2}–{hi:.2})"),
        (Some(x), None) => format!("{x:.2}"),
        _ => "–".into(),
    }
}

impl ValidationView {
    /// The section's text for validation `v` of `report`.
    pub fn new(report: &Report, v: &Validation) -> ValidationView {
        ValidationView {
            summary: summary(v),
            frames: frame_rows(report, v),
            terms: term_rows(report, v),
            stance: stance(&v.stance),
            confusion: confusion(&v.stance),
            coders: between_coders(v),
            unjoined: v
                .unjoined
                .first
                .iter()
                .map(|u| format!("{}, line {}: {}", u.file, u.line, u.reason))
                .collect(),
            flagged: v.low_precision_terms.clone(),
        }
    }
}

/// The label of frame `id` in the report; the id itself when the report has no such frame.
fn frame_label(report: &Report, id: &str) -> String {
    report
        .frames
        .iter()
        .find(|f| f.id == id)
        .map_or(id.to_string(), |f| f.label.clone())
}

/// The rows read, from which coders, and how many were not coded or did not join.
fn summary(v: &Validation) -> String {
    let coders = match v.coders.len() {
        0 => "no coder named".to_string(),
        1 => format!("1 coder ({})", v.coders[0]),
        n => format!("{n} coders ({})", v.coders.join(", ")),
    };
    format!(
        "{} coded rows read, from {coders}; {} not coded yet; {} did not join a mention or sentence of this corpus.",
        v.rows, v.uncoded, v.unjoined.count
    )
}

/// One row per frame of the report that the validation has, in the report's order: label,
/// coded rows, precision, recall and the tool's mentions.
fn frame_rows(report: &Report, v: &Validation) -> Vec<[String; 5]> {
    report
        .frames
        .iter()
        .filter_map(|f| v.frames.get(&f.id).map(|fv| (f, fv)))
        .map(|(f, fv)| {
            [
                frame_label(report, &f.id),
                fv.coded.to_string(),
                share(fv.precision, fv.precision_ci95),
                share(fv.recall, fv.recall_ci95),
                fv.mentions.to_string(),
            ]
        })
        .collect()
}

/// One row per coded term (keyed `frame/term`): frame label, term, coded rows, precision,
/// and whether the audit flags it.
fn term_rows(report: &Report, v: &Validation) -> Vec<(String, String, u64, String, bool)> {
    v.terms
        .iter()
        .filter_map(|(key, t)| {
            let (frame, term) = key.split_once('/')?;
            Some((
                frame_label(report, frame),
                term.to_string(),
                t.coded,
                share(t.precision, t.precision_ci95),
                v.low_precision_terms.contains(key),
            ))
        })
        .collect()
}

/// How often the tool's stance is the coder's, with the agreement and Cohen's κ.
fn stance(s: &crate::validation::validate::StanceValidation) -> String {
    if s.coded == 0 {
        return "No row was coded with a stance.".to_string();
    }
    format!(
        "The tool's stance is the coder's on {} of {} rows: agreement {}; Cohen's κ {}.",
        s.confusion
            .iter()
            .map(|(c, row)| row.get(c).copied().unwrap_or(0))
            .sum::<u64>(),
        s.coded,
        share(s.agreement, s.agreement_ci95),
        s.kappa.map_or("–".into(), |k| format!("{k:.2}"))
    )
}

/// Per coder's stance that occurs, in [`Stance::ALL`] order: the rows by the tool's stance.
fn confusion(s: &crate::validation::validate::StanceValidation) -> Vec<(&'static str, Vec<u64>)> {
    Stance::ALL
        .iter()
        .filter_map(|c| {
            let row = s.confusion.get(c.as_str())?;
            Some((
                c.as_str(),
                Stance::ALL
                    .iter()
                    .map(|t| row.get(t.as_str()).copied().unwrap_or(0))
                    .collect(),
            ))
        })
        .collect()
}

/// The agreement between coders (Krippendorff's α on stance and on in frame), or why it is
/// not measured.
fn between_coders(v: &Validation) -> String {
    if v.units_multiply_coded == 0 {
        return "No mention or sentence was coded by more than one coder, so agreement between coders is not measured.".to_string();
    }
    let alpha = |a: Option<f64>| a.map_or("–".into(), |a| format!("{a:.2}"));
    format!(
        "{} mentions and sentences were coded by more than one coder: Krippendorff's α (nominal) {} on stance, {} on in frame.",
        v.units_multiply_coded,
        alpha(v.coders_alpha),
        alpha(v.coders_alpha_in_frame)
    )
}

/// What the section says about its method, on both pages.
pub const INTRO: &str = "The lexicon against hand coding: coders read sampled mentions (drawn by framelens sample) and said whether each is a real use of the frame and in what stance. Precision is the share of coded mentions that are the frame; recall is estimated from coded sentences where the tool found nothing (see docs/validation.md). Intervals are 95% Wilson intervals.";

#[cfg(test)]
mod tests {
    use crate::render::tests::sample_report;
    use crate::validation::validate::{Unjoined, UnjoinedRow};
    use crate::validation::Validation;

    /// Coder names and sheet file names come from the sheets: text, never markup.
    #[test]
    fn sheet_text_is_escaped_on_both_pages() {
        let mut report = sample_report();
        report.validation = Some(Validation {
            schema: "framelens/validation@1".into(),
            rows: 3,
            coders: vec!["<script>alert(1)</script>|x".into()],
            unjoined: Unjoined {
                count: 1,
                first: vec![UnjoinedRow {
                    file: "# sheet <b>.csv".into(),
                    line: 2,
                    reason: "no article `x` in the corpus".into(),
                }],
            },
            ..Default::default()
        });
        let html = crate::render::html::render(&report).unwrap();
        assert!(html.contains("<section id=\"validation\">"));
        assert!(!html.contains("<script>alert"), "raw markup in the page");
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;|x"));
        assert!(html.contains("Not joined: # sheet &#60;b&#62;.csv, line 2"));
        // In Markdown the section goes with the full tables, whose length has no limit.
        let md = crate::render::markdown::tables(&report, &report).unwrap();
        assert!(md.contains("\n## Validation\n"));
        assert!(!md.contains("<script>"), "{md}");
        assert!(!md.contains("<b>"), "{md}");
    }

    #[test]
    fn no_section_without_coded_sheets() {
        let report = sample_report();
        let html = crate::render::html::render(&report).unwrap();
        assert!(!html.contains("id=\"validation\""));
        let md = crate::render::markdown::render(&report).unwrap();
        assert!(!md.contains("## Validation"));
    }
}
