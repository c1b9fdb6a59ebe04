//! The words and numbers both reports write the same way: decimals, intervals, contrast
//! indexes, counted nouns, and the thin-evidence flag. A leaf of [`crate::render`], so that the
//! view, its charts and its findings can all use it.

use crate::model::OutletSummary;

/// Too little text for its rates to mean much: fewer than 3 articles or 1,000 words (computed
/// from the counts, so a report read back from older JSON is flagged too).
pub fn is_thin(outlet: &OutletSummary) -> bool {
    outlet.thin_evidence || crate::aggregate::is_thin(outlet.articles, outlet.words)
}

/// The footnote of the † thin-evidence marker.
pub const THIN_NOTE: &str =
    "Thin evidence: fewer than 3 articles or fewer than 1,000 words, so these numbers rest on little text.";

/// A number with two decimals; `–` when it is not a number.
pub(crate) fn decimal(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.2}")
    } else {
        "–".to_owned()
    }
}

/// A 95% interval as `0.50–7.30`.
pub(crate) fn interval(ci: [f64; 2]) -> String {
    format!("{}–{}", decimal(ci[0]), decimal(ci[1]))
}

/// A contrast index as `+0.33`, `−0.50` (a true minus sign) or `0.00`; `–` when undefined.
pub(crate) fn contrast_index(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => {
            let magnitude = format!("{:.2}", v.abs());
            if magnitude == "0.00" {
                magnitude
            } else if v > 0.0 {
                format!("+{magnitude}")
            } else {
                format!("−{magnitude}")
            }
        }
        _ => "–".to_owned(),
    }
}

/// `1 line`, `2 lines`.
pub(crate) fn count_of(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}
