//! Agreement statistics for the validation workflow: Cohen's kappa between the tool and the
//! coders, and Krippendorff's alpha (nominal) between coders. The Wilson interval that goes
//! with every proportion is [`crate::stats::wilson`].

use std::collections::BTreeMap;
use std::hash::Hash;

/// Cohen's kappa of paired labels (first rater, second rater): observed agreement corrected
/// for the agreement expected from each rater's own label frequencies. `None` when there are
/// no pairs, or when the expected agreement is 1 (both raters used one and the same label, so
/// kappa is undefined).
pub fn cohen_kappa<T: Ord + Copy>(pairs: &[(T, T)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let mut first: BTreeMap<T, f64> = BTreeMap::new();
    let mut second: BTreeMap<T, f64> = BTreeMap::new();
    let mut same = 0.0;
    for &(a, b) in pairs {
        *first.entry(a).or_default() += 1.0;
        *second.entry(b).or_default() += 1.0;
        if a == b {
            same += 1.0;
        }
    }
    let observed = same / n;
    let expected: f64 = first
        .iter()
        .map(|(label, k)| k / n * second.get(label).copied().unwrap_or(0.0) / n)
        .sum();
    if (1.0 - expected).abs() < 1e-12 {
        return None;
    }
    Some((observed - expected) / (1.0 - expected))
}

/// Krippendorff's alpha for nominal data, any number of coders, missing values allowed.
///
/// `units` holds, for each unit, the values its coders gave (a coder who did not code the
/// unit gives nothing). Units with fewer than two values are not pairable and are left out,
/// as the method prescribes. Computed from the coincidence matrix: each ordered pair of
/// values within a unit of `m` values adds `1 / (m - 1)`; then
/// `alpha = 1 - (n - 1) * (disagreeing coincidences) / (sum over c != k of n_c * n_k)`.
/// `None` when fewer than two values are pairable or every pairable value is the same (no
/// variation: alpha is undefined).
pub fn krippendorff_alpha_nominal<T: Ord + Hash + Clone>(units: &[Vec<T>]) -> Option<f64> {
    let mut coincidence: BTreeMap<(T, T), f64> = BTreeMap::new();
    for values in units.iter().filter(|v| v.len() >= 2) {
        let weight = 1.0 / (values.len() - 1) as f64;
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    *coincidence.entry((a.clone(), b.clone())).or_default() += weight;
                }
            }
        }
    }
    let mut margins: BTreeMap<T, f64> = BTreeMap::new();
    for ((c, _), o) in &coincidence {
        *margins.entry(c.clone()).or_default() += o;
    }
    let n: f64 = margins.values().sum();
    if n < 2.0 {
        return None;
    }
    let disagree: f64 = coincidence
        .iter()
        .filter(|((c, k), _)| c != k)
        .map(|(_, o)| o)
        .sum();
    let total: f64 =
        margins.values().sum::<f64>().powi(2) - margins.values().map(|m| m * m).sum::<f64>();
    if total <= 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * disagree / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "got {got}, want {want}");
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
    /// observers, twelve units, nominal values 1-5, with missing data. The paper gives
    /// alpha = 0.743 for nominal data.
    #[test]
    fn krippendorff_reliability_data_example() {
        let m = None;
        let coders: [[Option<u8>; 12]; 4] = [
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(1),
                Some(4),
                Some(1),
                Some(2),
                m,
                m,
                m,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(2),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                m,
                Some(3),
            ],
            [
                m,
                Some(3),
                Some(3),
                Some(3),
                Some(2),
                Some(3),
                Some(4),
                Some(2),
                Some(2),
                Some(5),
                Some(1),
                m,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(4),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                Some(1),
                m,
            ],
        ];
        let units: Vec<Vec<u8>> = (0..12)
            .map(|u| coders.iter().filter_map(|c| c[u]).collect())
            .collect();
        let alpha = krippendorff_alpha_nominal(&units).unwrap();
        close(alpha, 0.743, 0.0005);
    }

    /// Krippendorff (2011), section A: two observers, ten units, binary data; alpha = 0.095.
    #[test]
    fn krippendorff_two_coder_binary_example() {
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        let units: Vec<Vec<u8>> = a.iter().zip(b).map(|(&x, y)| vec![x, y]).collect();
        close(krippendorff_alpha_nominal(&units).unwrap(), 0.095, 0.0005);
    }

    #[test]
    fn alpha_is_one_for_perfect_agreement_and_undefined_without_variation() {
        let units = vec![vec!["a", "a"], vec!["b", "b", "b"], vec!["a"]];
        assert_eq!(krippendorff_alpha_nominal(&units), Some(1.0));
        assert_eq!(
            krippendorff_alpha_nominal(&[vec!["a", "a"], vec!["a", "a"]]),
            None
        );
        assert_eq!(krippendorff_alpha_nominal::<u8>(&[vec![1], vec![2]]), None);
    }

    /// The two-rater example of the Wikipedia article on Cohen's kappa: 50 proposals, both
    /// say yes 20 times, both no 15, A yes and B no 5, A no and B yes 10: p_o = 0.7, p_e =
    /// 0.5, kappa = 0.4.
    #[test]
    fn cohen_kappa_worked_example() {
        let mut pairs = Vec::new();
        pairs.extend(std::iter::repeat_n(("yes", "yes"), 20));
        pairs.extend(std::iter::repeat_n(("no", "no"), 15));
        pairs.extend(std::iter::repeat_n(("yes", "no"), 5));
        pairs.extend(std::iter::repeat_n(("no", "yes"), 10));
        close(cohen_kappa(&pairs).unwrap(), 0.4, 1e-12);
    }

    #[test]
    fn cohen_kappa_edges() {
        assert_eq!(cohen_kappa::<u8>(&[]), None);
        // One label throughout: expected agreement 1, kappa undefined.
        assert_eq!(cohen_kappa(&[(1, 1), (1, 1)]), None);
        assert_eq!(cohen_kappa(&[(1, 1), (2, 2)]), Some(1.0));
        // Systematic disagreement on two balanced labels.
        assert_eq!(cohen_kappa(&[(1, 2), (2, 1)]), Some(-1.0));
    }

    /// Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
    /// method 3 (Wilson score without continuity correction).
    #[test]
    fn wilson_matches_newcombe_table() {
        use crate::stats::{wilson, Z95};
        for (k, n, lo, hi) in [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ] {
            let (l, h) = wilson(k, n, Z95).unwrap();
            close(l, lo, 0.00005);
            close(h, hi, 0.00005);
        }
    }
}
