//! The lede: the report's findings as sentences written from the numbers, before any chart.
//!
//! A finding is an outlet × frame whose endorsed use differs significantly from the other
//! outlets together (keyness with clustering by article, see [`crate::aggregate::add_keyness`]:
//! a difference resting on fewer than 3 articles, or carried by one article, is not
//! significant, so it is never a finding). Each sentence gives the outlet's endorsed rate with
//! its interval, how many times the other outlets' rate it is, and in how many of the outlet's
//! articles, and links to the passages behind it. The wording is fixed and the order is by the
//! size of the (clustered) G2, so the same report gives the same lede.
//!
//! Also here: the data-quality note, said at the top when a section rests on missing data.

use super::wording::{decimal, interval};
use crate::model::Report;

/// At most this many findings lead the report; the keyness list has every one.
pub const FINDINGS_SHOWN: usize = 6;

/// One sentence of the lede.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The sentence, plain text (escaped by each renderer).
    pub text: String,
    /// The anchor of the passages behind it, without `#` ([`evidence_anchor`]).
    pub anchor: String,
}

/// The anchor of an outlet × frame's passages in the evidence: `ev-OUTLET-FRAME` (ids are
/// `[a-z0-9_-]`, so the anchor needs no escaping; askama escapes it anyway).
#[must_use]
pub fn evidence_anchor(outlet: &str, frame: &str) -> String {
    format!("ev-{outlet}-{frame}")
}

/// `3.6×`, `0.28×`: two significant figures below 10, whole numbers above.
fn times(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{ratio:.0}×")
    } else if ratio >= 1.0 {
        format!("{ratio:.1}×")
    } else {
        format!("{ratio:.2}×")
    }
}

/// The findings, strongest first, at most [`FINDINGS_SHOWN`].
#[must_use]
pub fn findings(report: &Report) -> Vec<Finding> {
    let mut found: Vec<(f64, usize, usize, Finding)> = Vec::new();
    for (oi, o) in report.outlets.iter().enumerate() {
        for (fi, f) in report.frames.iter().enumerate() {
            let Some(s) = o.frames.get(&f.id) else {
                continue;
            };
            let Some(k) = s.keyness.filter(|k| k.significant) else {
                continue;
            };
            let (others_endorsed, others_words) = report
                .outlets
                .iter()
                .filter(|p| p.id != o.id)
                .fold((0_u64, 0_u64), |(e, w), p| {
                    (
                        e + p.frames.get(&f.id).map_or(0, |s| s.endorsed),
                        w + p.words,
                    )
                });
            if others_words == 0 {
                continue;
            }
            let others_rate = others_endorsed as f64 * 1000.0 / others_words as f64;
            let compared = if others_endorsed == 0 {
                "where the other outlets endorse it nowhere".to_owned()
            } else {
                let own = s.endorsed as f64 * 1000.0 / o.words.max(1) as f64;
                format!(
                    "{} the other outlets' {}",
                    times(own / others_rate),
                    decimal(others_rate)
                )
            };
            let text = format!(
                "{} endorses {} at {} per 1,000 words ({}), {}, in {} of {} articles.",
                o.name,
                f.label,
                decimal(s.endorsed_rate_per_1k),
                interval(s.endorsed_rate_ci95),
                compared,
                s.articles_endorsing,
                o.articles
            );
            found.push((
                k.g2.abs(),
                oi,
                fi,
                Finding {
                    text,
                    anchor: evidence_anchor(&o.id, &f.id),
                },
            ));
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    found
        .into_iter()
        .take(FINDINGS_SHOWN)
        .map(|(.., f)| f)
        .collect()
}

/// Why the lede may be empty, in one sentence.
#[must_use]
pub fn no_findings(report: &Report) -> &'static str {
    if report.outlets.len() < 2 {
        "With one outlet there is nothing to compare: the tables below describe it alone."
    } else {
        "No outlet endorses any frame significantly more or less than the other outlets \
         together, once mentions are counted by article and differences that rest on fewer \
         than 3 articles, or on one article, are set aside."
    }
}

/// The data-quality notes: sections that rest on data the inputs lack. Empty when all is well.
#[must_use]
pub fn data_quality(report: &Report) -> Vec<String> {
    let mut notes = Vec::new();
    let total = report.articles.len() as u64;
    let undated = report.timeline.undated_articles;
    if total > 0 && undated > 0 {
        let share = undated as f64 / total as f64;
        let what = if report.timeline.periods.len() < 2 {
            "so there is no timeline"
        } else {
            "the timeline leaves them out and covers the others only"
        };
        notes.push(format!(
            "{undated} of {total} articles ({:.0}%) have no date framelens could read, {what}.",
            share * 100.0
        ));
    }
    notes.extend(sections_notes(report));
    notes
}

/// The notes on headline and lead numbers: how many articles are long texts with no
/// paragraph breaks (their mentions are in no lead) or have no headline (in no headline).
#[must_use]
pub fn sections_notes(report: &Report) -> Vec<String> {
    let total = report.articles.len() as u64;
    let mut notes = Vec::new();
    let share = |n: u64| n as f64 * 100.0 / total as f64;
    let n = report.inputs.without_paragraphs;
    if total > 0 && n > 0 {
        notes.push(format!(
            "{n} of {total} articles ({:.0}%) are long texts with no paragraph breaks: their lead \
             cannot be told from the rest, so none of their mentions counts as in the lead.",
            share(n)
        ));
    }
    let n = report.inputs.without_headline;
    if total > 0 && n > 0 {
        notes.push(format!(
            "{n} of {total} articles ({:.0}%) have no headline in their text, so none of their \
             mentions counts as in the headline.",
            share(n)
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Keyness;

    #[test]
    fn ratios_read_naturally() {
        assert_eq!(times(3.6), "3.6×");
        assert_eq!(times(12.4), "12×");
        assert_eq!(times(0.284), "0.28×");
    }

    #[test]
    fn a_significant_frame_is_one_sentence_with_its_numbers() {
        let mut report = crate::render::tests::sample_report();
        assert!(
            findings(&report).is_empty(),
            "the sample has no significant frame"
        );
        let o = &mut report.outlets[0];
        let (oid, name, articles) = (o.id.clone(), o.name.clone(), o.articles);
        let s = o.frames.get_mut("alliance").unwrap();
        s.keyness = Some(Keyness {
            g2: 9.0,
            significant: true,
            ..Default::default()
        });
        let found = findings(&report);
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(f.anchor, format!("ev-{oid}-alliance"));
        assert!(
            f.text.starts_with(&format!("{name} endorses ")),
            "{}",
            f.text
        );
        assert!(
            f.text.ends_with(&format!(" of {articles} articles.")),
            "{}",
            f.text
        );
        assert!(f.text.contains(" per 1,000 words ("), "{}", f.text);
    }
}
