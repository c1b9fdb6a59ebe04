//! Statistics behind the framing report.
//!
//! This module owns every number in the report that carries uncertainty or
//! significance: exact Poisson intervals for frame rates, Wilson intervals for
//! proportions and the contrast index, corpus keyness (log-likelihood G2 and
//! Log Ratio), G2 p-values and Holm–Bonferroni adjustment. It also owns the
//! special functions they rest on (`ln_gamma`, the regularized incomplete
//! gamma, `erfc`, the chi-square quantile), written here so the crate needs no
//! numerics dependency.
//!
//! Every function is pure and deterministic: the same inputs give bit-identical
//! outputs on a given platform, so reports are reproducible and diffable.

/// z for a two-sided 95% interval (the 0.975 standard-normal quantile).
pub const Z95: f64 = 1.959_963_984_540_054;

/// Below this, continued-fraction denominators are nudged away from zero.
const TINY: f64 = 1e-300;
/// Series/continued fraction stop once a term changes the result by less than this.
const EPS: f64 = 1e-16;
/// Generous: near x ≈ a the series needs O(sqrt(a)) terms, a few thousand at `a = 5_000`.
const MAX_ITER: usize = 100_000;

/// Natural log of the gamma function for `x > 0` (Lanczos, g = 7, n = 9),
/// relative accuracy around 1e-15. Reflection covers `x < 0.5`.
#[must_use]
pub fn ln_gamma(x: f64) -> f64 {
    // Godfrey's published coefficients for g = 7.
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // The Lanczos sum loses accuracy for small x; Γ(x)Γ(1-x) = π / sin(πx) avoids it.
        let s = (std::f64::consts::PI * x).sin().abs();
        return std::f64::consts::PI.ln() - s.ln() - ln_gamma(1.0 - x);
    }
    let z = x - 1.0;
    let mut sum = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        sum += c / (z + i as f64);
    }
    let t = z + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (z + 0.5) * t.ln() - t + sum.ln()
}

/// Regularized incomplete gamma pair `(P(a, x), Q(a, x))` with `P + Q = 1`.
///
/// The series (for P, when `x < a + 1`) and the continued fraction (for Q,
/// otherwise) each converge quickly in their own region, and the branch's tail is
/// computed directly, so it keeps full relative accuracy where the other tail is near 1.
#[must_use]
pub fn gamma_pq(a: f64, x: f64) -> (f64, f64) {
    if a.is_nan() || x.is_nan() || a <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    if x <= 0.0 || x.is_infinite() {
        return if x > 0.0 { (1.0, 0.0) } else { (0.0, 1.0) };
    }
    // Common factor x^a e^-x / Γ(a), in logs so large a does not overflow.
    let ln_prefactor = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        // P = prefactor * Σ x^n / (a (a+1) … (a+n)); terms shrink since x < a + n.
        let mut term = 1.0 / a;
        let mut sum = term;
        for n in 1..MAX_ITER {
            term *= x / (a + n as f64);
            sum += term;
            if term.abs() < sum.abs() * EPS {
                break;
            }
        }
        let p = (sum * ln_prefactor.exp()).min(1.0);
        (p, 1.0 - p)
    } else {
        // Q via the Legendre continued fraction, evaluated with modified Lentz.
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..MAX_ITER {
            let fi = i as f64;
            let an = -fi * (fi - a);
            b += 2.0;
            d = 1.0 / away_from_zero(an * d + b);
            c = away_from_zero(b + an / c);
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < EPS {
                break;
            }
        }
        let q = (h * ln_prefactor.exp()).min(1.0);
        (1.0 - q, q)
    }
}

/// Keeps Lentz's recurrences from dividing by an exact (or near) zero.
fn away_from_zero(v: f64) -> f64 {
    if v.abs() < TINY {
        TINY
    } else {
        v
    }
}

/// Complementary error function; within 1e-14 relative of mpmath at the points checked.
/// Uses erfc(x) = Q(1/2, x²) for x ≥ 0 and erfc(-x) = 2 - erfc(x).
#[must_use]
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let q = gamma_pq(0.5, x * x).1;
    if x >= 0.0 {
        q
    } else {
        2.0 - q
    }
}

/// Density of the chi-square distribution with `df` degrees of freedom at `x > 0`.
fn chi2_pdf(x: f64, df: f64) -> f64 {
    let a = 0.5 * df;
    let half = 0.5 * x;
    (0.5 * ((a - 1.0) * half.ln() - half - ln_gamma(a)).exp()).max(0.0)
}

/// Quantile of the chi-square distribution (p in (0,1), df > 0), via the regularized lower incomplete gamma and a
/// robust root finder (bisection/Newton): accurate to at least 1e-9 relative for `df` up to `10_000`.
///
/// Edge cases: `p <= 0` gives 0, `p >= 1` gives infinity, NaN inputs or `df <= 0` give NaN.
#[must_use]
pub fn chi2_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if p <= 0.0 || p >= 1.0 {
        return if p <= 0.0 { 0.0 } else { f64::INFINITY };
    }
    let a = 0.5 * df;
    // Above the median, match the upper tail Q = 1 - p instead (exact in floating
    // point for p >= 0.5), so upper quantiles are not limited by rounding of P near 1.
    let upper = p > 0.5;
    let q_target = 1.0 - p;
    // Increasing in x, zero at the quantile.
    let f = |x: f64| {
        let (pp, qq) = gamma_pq(a, 0.5 * x);
        if upper {
            q_target - qq
        } else {
            pp - p
        }
    };

    let mut lo = 0.0_f64;
    let mut hi = df.max(1.0);
    while f(hi) < 0.0 {
        lo = hi;
        hi *= 2.0;
        if !hi.is_finite() {
            return f64::INFINITY;
        }
    }

    // Safeguarded Newton: take the Newton step when it stays inside the bracket,
    // otherwise bisect. The bracket always holds the root, so this cannot diverge.
    let mut x = 0.5 * (lo + hi);
    for _ in 0..2_000 {
        let fx = f(x);
        if fx == 0.0 {
            return x;
        }
        if fx < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let pdf = chi2_pdf(x, df);
        let newton = x - fx / pdf;
        let inside = pdf > 0.0 && newton > lo && newton < hi;
        let next = if inside { newton } else { 0.5 * (lo + hi) };
        let converged = (next - x).abs() <= 1e-15 * x || hi - lo <= 4.0 * f64::EPSILON * hi;
        x = next;
        if converged {
            break;
        }
    }
    x
}

/// Exact (Garwood) two-sided 95% confidence interval for a Poisson mean given an observed count.
/// lower = 0 when count == 0; otherwise `chi2_quantile(0.025, 2k)/2`; upper = `chi2_quantile(0.975, 2k+2)/2`.
#[must_use]
pub fn poisson_ci95(count: u64) -> (f64, f64) {
    let k = count as f64;
    let upper = 0.5 * chi2_quantile(0.975, 2.0 * k + 2.0);
    if count == 0 {
        return (0.0, upper);
    }
    (0.5 * chi2_quantile(0.025, 2.0 * k), upper)
}

/// Rate per 1,000 words with its exact Poisson 95% interval: (rate, lo, hi). None when words == 0.
///
/// Word count is treated as fixed exposure, so the count interval scales directly.
#[must_use]
pub fn rate_per_1k_ci95(count: u64, words: u64) -> Option<(f64, f64, f64)> {
    if words == 0 {
        return None;
    }
    let scale = 1000.0 / words as f64;
    let (lo, hi) = poisson_ci95(count);
    Some((count as f64 * scale, lo * scale, hi * scale))
}

/// Article-level sums of one count (a frame's mentions, or its endorsed mentions) over a
/// set of articles: what the clustered interval and keyness need, gathered one article at a
/// time. Everything is an integer (the per-article `y² / w` in fixed point), so the sums do
/// not depend on the order the articles are added in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleCounts {
    /// Articles added (with or without the count).
    pub articles: u64,
    /// Articles with a count above 0.
    pub with_count: u64,
    /// Σ y, the count over all articles.
    pub count: u64,
    /// Σ w, the words of all articles.
    pub words: u64,
    /// Σ y² / w in units of 2^-[`FIXED_BITS`].
    pub sq_per_word: u128,
    /// The article with the highest count, `(y, w)` (the longer one on a tie): what
    /// [`ArticleCounts::without_top`] takes out.
    pub top: (u64, u64),
}

/// Fractional bits of [`ArticleCounts::sq_per_word`].
pub const FIXED_BITS: u32 = 40;

/// `y² / w` in fixed point, 0 without words.
fn sq_per_word(count: u64, words: u64) -> u128 {
    if count == 0 || words == 0 {
        return 0;
    }
    let sq = u128::from(count) * u128::from(count);
    (sq << FIXED_BITS) / u128::from(words)
}

impl ArticleCounts {
    /// Adds one article with `count` of its `words`.
    pub fn add(&mut self, count: u64, words: u64) {
        self.articles += 1;
        self.with_count += u64::from(count > 0);
        self.count += count;
        self.words += words;
        self.sq_per_word += sq_per_word(count, words);
        self.top = self.top.max((count, words));
    }

    /// These articles without the one with the highest count: a difference that is gone
    /// without it was carried by one article.
    #[must_use]
    pub fn without_top(self) -> ArticleCounts {
        let (y, w) = self.top;
        if self.articles == 0 {
            return self;
        }
        ArticleCounts {
            articles: self.articles - 1,
            with_count: self.with_count - u64::from(y > 0),
            count: self.count - y,
            words: self.words - w,
            sq_per_word: self.sq_per_word - sq_per_word(y, w),
            top: (0, 0),
        }
    }

    /// The sums of two disjoint sets of articles together.
    #[must_use]
    pub fn plus(self, other: ArticleCounts) -> ArticleCounts {
        ArticleCounts {
            articles: self.articles + other.articles,
            with_count: self.with_count + other.with_count,
            count: self.count + other.count,
            words: self.words + other.words,
            sq_per_word: self.sq_per_word + other.sq_per_word,
            top: self.top.max(other.top),
        }
    }

    /// Pearson's X² of the articles around one common rate `count / words` (the fitted
    /// mean of article i is `rate · w_i`): Σ (y_i − r w_i)² / (r w_i) = Σ(y_i²/w_i) / r − Σ y_i.
    /// 0 when the count is 0.
    #[must_use]
    pub fn pearson_x2(&self) -> f64 {
        if self.count == 0 || self.words == 0 {
            return 0.0;
        }
        let s2 = self.sq_per_word as f64 / (1_u128 << FIXED_BITS) as f64;
        let rate = self.count as f64 / self.words as f64;
        (s2 / rate - self.count as f64).max(0.0)
    }

    /// The overdispersion φ of the count across articles (quasi-Poisson: the variance of an
    /// article's count is φ times its mean): Pearson's X² over its `articles − 1` degrees of
    /// freedom, never below 1 (fewer than two articles, or less variation than Poisson,
    /// give 1: the words are then taken as independent).
    #[must_use]
    pub fn dispersion(&self) -> f64 {
        if self.articles < 2 {
            return 1.0;
        }
        (self.pearson_x2() / (self.articles - 1) as f64).max(1.0)
    }
}

/// Garwood's interval for a Poisson mean at a real-valued count `k ≥ 0` (the chi-square
/// quantiles take any degrees of freedom).
fn garwood(k: f64) -> (f64, f64) {
    let upper = 0.5 * chi2_quantile(0.975, 2.0 * k + 2.0);
    if k <= 0.0 {
        return (0.0, upper);
    }
    (0.5 * chi2_quantile(0.025, 2.0 * k), upper)
}

/// Rate per 1,000 words with a 95% interval that accounts for mentions clustering within
/// articles: (rate, lo, hi), None when there are no words.
///
/// The count `k` is taken as quasi-Poisson with the dispersion φ of
/// [`ArticleCounts::dispersion`]: its information is that of a Poisson count of `k / φ`, so
/// the interval is Garwood's for `k / φ`, scaled back by φ (the scaled-Poisson interval).
/// With φ = 1 it is exactly [`rate_per_1k_ci95`]; with one article carrying most mentions,
/// φ is large and the interval wide.
#[must_use]
pub fn clustered_rate_per_1k_ci95(c: &ArticleCounts) -> Option<(f64, f64, f64)> {
    if c.words == 0 {
        return None;
    }
    let phi = c.dispersion();
    let scale = 1000.0 / c.words as f64;
    let k = c.count as f64;
    let (lo, hi) = if phi == 1.0 {
        poisson_ci95(c.count)
    } else {
        let (lo, hi) = garwood(k / phi);
        (lo * phi, hi * phi)
    };
    Some((k * scale, lo * scale, hi * scale))
}

/// Keyness of a frame in one set of articles (the target) against another (the reference),
/// with clustering by article: the signed G2 of [`log_likelihood_g2`] divided by a
/// dispersion φ, as in a quasi-Poisson likelihood-ratio test. Returns `(g2 / φ, φ)`.
///
/// Each set has its own dispersion ([`ArticleCounts::dispersion`], around its own rate),
/// and φ weighs them as they weigh in the variance of the difference of the two rates
/// (`φ_t / W_t + φ_r / W_r` over `1 / W_t + 1 / W_r`, W the words): a small outlet whose
/// mentions sit in a few articles cannot borrow the steadiness of a large reference.
#[must_use]
pub fn clustered_g2(target: &ArticleCounts, reference: &ArticleCounts) -> (f64, f64) {
    let g2 = log_likelihood_g2(target.count, reference.count, target.words, reference.words);
    if target.words == 0 || reference.words == 0 {
        return (g2, 1.0);
    }
    let (wt, wr) = (1.0 / target.words as f64, 1.0 / reference.words as f64);
    let phi = ((target.dispersion() * wt + reference.dispersion() * wr) / (wt + wr)).max(1.0);
    (g2 / phi, phi)
}

/// Wilson score interval for a proportion k/n at z (1.959963984540054 for 95%). None when n == 0.
///
/// Also `None` when `k > n` (not a proportion). Bounds are clamped to [0, 1], and
/// are exactly 0 when `k == 0` and exactly 1 when `k == n` (where the formula is
/// analytically exact but rounding could leave a tiny residue).
#[must_use]
pub fn wilson(k: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 || k > n {
        return None;
    }
    let nf = n as f64;
    let phat = k as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (phat + z2 / (2.0 * nf)) / denom;
    let half = z / denom * (phat * (1.0 - phat) / nf + z2 / (4.0 * nf * nf)).sqrt();
    let (lo, hi) = ((centre - half).max(0.0), (centre + half).min(1.0));
    Some((if k == 0 { 0.0 } else { lo }, if k == n { 1.0 } else { hi }))
}

/// Contrast index (left-right)/(left+right) in [-1,1] with a 95% interval: Wilson on left/(left+right) mapped by p -> 2p-1.
/// None when left + right == 0.
///
/// Returns `(index, lo, hi)`. Also `None` if `left + right` overflows `u64`.
#[must_use]
pub fn contrast_index_ci95(left: u64, right: u64) -> Option<(f64, f64, f64)> {
    let n = left.checked_add(right)?;
    let (lo, hi) = wilson(left, n, Z95)?;
    let index = (left as f64 - right as f64) / n as f64;
    Some((index, 2.0 * lo - 1.0, 2.0 * hi - 1.0))
}

/// Keyness of one term/frame in a target corpus against a reference corpus (Rayson & Garside log-likelihood G2,
/// signed: positive when relatively more frequent in the target). a = count in target, b = count in reference,
/// c = words in target, d = words in reference. Returns 0.0 when both counts are 0 or a corpus is empty.
#[must_use]
pub fn log_likelihood_g2(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if (a == 0 && b == 0) || c == 0 || d == 0 {
        return 0.0;
    }
    let (af, bf, cf, df) = (a as f64, b as f64, c as f64, d as f64);
    let e1 = cf * (af + bf) / (cf + df);
    let e2 = df * (af + bf) / (cf + df);
    // O ln(O/E) → 0 as O → 0, so an absent cell contributes nothing.
    let term = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
    // G2 >= 0 analytically; clamp rounding noise so the sign comes only from the comparison.
    let g2 = (2.0 * (term(af, e1) + term(bf, e2))).max(0.0);
    // Decide direction exactly in integers: a/c vs b/d  <=>  a*d vs b*c.
    match (u128::from(a) * u128::from(d)).cmp(&(u128::from(b) * u128::from(c))) {
        std::cmp::Ordering::Less => -g2,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => g2,
    }
}

/// Hardie's Log Ratio: log2 of the ratio of relative frequencies, with 0.5 added to a zero count so it stays finite.
///
/// Returns 0.0 when a corpus is empty or both counts are 0 (no evidence either way),
/// matching [`log_likelihood_g2`].
#[must_use]
pub fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if (a == 0 && b == 0) || c == 0 || d == 0 {
        return 0.0;
    }
    let adj = |n: u64| if n == 0 { 0.5 } else { n as f64 };
    ((adj(a) / c as f64) / (adj(b) / d as f64)).log2()
}

/// p-value of a G2 (chi-square, 1 degree of freedom): erfc(sqrt(|g2|/2)).
///
/// Evaluated as Q(1/2, |g2|/2), which is the same quantity without the square root.
#[must_use]
pub fn chi2_1df_p(g2: f64) -> f64 {
    gamma_pq(0.5, 0.5 * g2.abs()).1
}

/// Holm–Bonferroni: for p-values in any order, the adjusted p-values (same order, monotone, capped at 1).
///
/// Ties keep input order (stable sort), so output is deterministic. A NaN input
/// yields NaN at its position; it still counts towards m (conservative) and is
/// ranked last, so it never changes another value's multiplier.
#[must_use]
pub fn holm_adjust(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| (p[i].is_nan().cmp(&p[j].is_nan())).then(p[i].total_cmp(&p[j])));
    let mut out = vec![f64::NAN; m];
    let mut running = 0.0_f64;
    for (rank, &i) in order.iter().enumerate() {
        if p[i].is_nan() {
            continue;
        }
        // Step-down: the adjusted value may never fall below an earlier (smaller-p) one.
        running = running.max((m - rank) as f64 * p[i]);
        out[i] = running.min(1.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::LN_2;

    #[track_caller]
    fn close(got: f64, want: f64, tol: f64) {
        let diff = (got - want).abs();
        assert!(diff <= tol, "got {got}, want {want}, |diff| {diff} > {tol}");
    }

    #[track_caller]
    fn rel(got: f64, want: f64, tol: f64) {
        close(got, want, tol * want.abs());
    }

    #[test]
    fn special_functions() {
        // lnΓ(1/2) = ln √π and lnΓ(10) = ln 9!; erfc values from A&S tables; P(1, x) = 1 - e^-x.
        close(ln_gamma(0.5), 0.5 * std::f64::consts::PI.ln(), 1e-14);
        close(ln_gamma(10.0), 362_880.0_f64.ln(), 1e-13);
        rel(erfc(1.0), 0.157_299_207_050_285_13, 1e-12);
        rel(erfc(3.0), 2.209_049_699_858_544e-5, 1e-12);
        rel(erfc(-1.0), 1.842_700_792_949_715, 1e-13);
        rel(gamma_pq(1.0, 0.3).0, 1.0 - (-0.3_f64).exp(), 1e-13);
        rel(gamma_pq(1.0, 5.0).1, (-5.0_f64).exp(), 1e-13);
    }

    #[test]
    fn chi2_quantile_values_and_round_trip() {
        rel(chi2_quantile(0.95, 1.0), 3.841_458_820_694_124, 1e-12);
        rel(chi2_quantile(0.975, 2.0), 7.377_758_908_227_871, 1e-12);
        rel(chi2_quantile(0.025, 10.0), 3.246_972_780_236_841, 1e-12);
        assert_eq!(chi2_quantile(0.0, 3.0), 0.0);
        assert!(chi2_quantile(1.0, 3.0).is_infinite() && chi2_quantile(0.5, 0.0).is_nan());
        // Re-evaluating the CDF at the quantile must give back p; the implied
        // relative error in x is |ΔP| / (pdf · x), required below 1e-9.
        for df in [0.5, 1.0, 2.0, 7.0, 30.0, 200.0, 1_000.0, 10_000.0] {
            for p in [1e-10, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999_999] {
                let x = chi2_quantile(p, df);
                let (pp, qq) = gamma_pq(0.5 * df, 0.5 * x);
                let dp = if p > 0.5 { qq - (1.0 - p) } else { pp - p };
                let rel_err_x = dp.abs() / (chi2_pdf(x, df) * x);
                assert!(rel_err_x < 1e-9, "df={df} p={p} x={x} err={rel_err_x}");
            }
        }
    }

    #[test]
    fn poisson_ci95_values() {
        // k = 0: upper solves e^-u = 0.025, so u = ln 40. k = 1: lower solves 1 - e^-l = 0.025.
        assert_eq!(poisson_ci95(0).0, 0.0);
        close(poisson_ci95(0).1, 40.0_f64.ln(), 1e-12);
        close(poisson_ci95(1).0, -(0.975_f64.ln()), 1e-12);
        let table = [
            (0, 0.0, 3.688_879),
            (1, 0.025_317_8, 5.571_643),
            (5, 1.623_486, 11.668_332),
            (10, 4.795_389, 18.390_356),
        ];
        for (k, lo, hi) in table {
            close(poisson_ci95(k).0, lo, 1e-6);
            close(poisson_ci95(k).1, hi, 1e-6);
        }
        // Garwood bounds are where the Poisson tails equal 2.5%:
        // P(X >= k | lo) = 0.025 and P(X <= k | hi) = 0.025.
        let cdf = |k: u64, mu: f64| {
            let mut term = (-mu).exp();
            (1..=k).fold(term, |sum, i| {
                term *= mu / i as f64;
                sum + term
            })
        };
        for k in [1_u64, 2, 3, 8, 25, 60] {
            let (lo, hi) = poisson_ci95(k);
            close(1.0 - cdf(k - 1, lo), 0.025, 1e-12);
            close(cdf(k, hi), 0.025, 1e-12);
        }
        assert_eq!(rate_per_1k_ci95(3, 0), None);
        let (rate, lo, hi) = rate_per_1k_ci95(5, 2_000).unwrap();
        assert!(rate == 2.5 && lo == poisson_ci95(5).0 / 2.0 && hi == poisson_ci95(5).1 / 2.0);
    }

    #[test]
    fn wilson_and_contrast() {
        // k=8, n=10, z=1.96: p̂ = 0.8, z² = 3.8416, z²/n = 0.38416, denom = 1.38416.
        // centre = (0.8 + 0.19208) / 1.38416 = 0.716738...
        // half = 1.96/1.38416 * sqrt(0.8*0.2/10 + 3.8416/400) = 1.416021 * sqrt(0.025604) = 0.226581...
        // => (0.490157, 0.943319).
        let (lo, hi) = wilson(8, 10, 1.96).unwrap();
        close(lo, 0.490_157, 1e-6);
        close(hi, 0.943_319, 1e-6);
        // k = 0: lower is exactly 0, upper = (z²/n) / (1 + z²/n) = 0.384146/1.384146 = 0.277533.
        assert_eq!(wilson(0, 10, Z95).unwrap().0, 0.0);
        close(wilson(0, 10, Z95).unwrap().1, 0.277_533, 1e-6);
        assert_eq!(wilson(10, 10, Z95).unwrap().1, 1.0);
        assert!(wilson(0, 0, Z95).is_none() && wilson(1, 0, Z95).is_none());
        // Contrast (3, 1): index (3-1)/4 = 0.5; interval is Wilson(3, 4) mapped by p -> 2p - 1.
        let (index, lo, hi) = contrast_index_ci95(3, 1).unwrap();
        let (wlo, whi) = wilson(3, 4, Z95).unwrap();
        close(index, 0.5, 1e-15);
        close(lo, 2.0 * wlo - 1.0, 1e-15);
        close(hi, 2.0 * whi - 1.0, 1e-15);
        assert!(-1.0 <= lo && lo < index && index < hi && hi <= 1.0);
        assert_eq!(contrast_index_ci95(0, 0), None);
        assert_eq!(contrast_index_ci95(0, 5).unwrap().1, -1.0);
    }

    #[test]
    fn keyness() {
        // a=10, b=5, c=1000, d=2000: a+b = 15, c+d = 3000.
        // E1 = c(a+b)/(c+d) = 1000*15/3000 = 5;  E2 = d(a+b)/(c+d) = 2000*15/3000 = 10.
        // G2 = 2 (10 ln(10/5) + 5 ln(5/10)) = 2 (10 ln 2 - 5 ln 2) = 10 ln 2 = 6.931471805599453,
        // positive because the target rate 10/1000 exceeds the reference rate 5/2000.
        close(log_likelihood_g2(10, 5, 1000, 2000), 10.0 * LN_2, 1e-12);
        // Roles swapped, so the target is under-represented: same magnitude, negative.
        close(log_likelihood_g2(5, 10, 2000, 1000), -10.0 * LN_2, 1e-12);
        // a = 0: E1 = 5/3, E2 = 10/3, G2 = 2 * 5 ln(5 / (10/3)) = 10 ln 1.5, negative.
        close(
            log_likelihood_g2(0, 5, 1000, 2000),
            -10.0 * 1.5_f64.ln(),
            1e-12,
        );
        assert_eq!(log_likelihood_g2(5, 10, 1000, 2000), 0.0); // equal relative frequencies
        assert_eq!(log_likelihood_g2(0, 0, 1000, 2000), 0.0);
        assert_eq!(log_likelihood_g2(3, 4, 0, 2000), 0.0);
        // log2((10/1000) / (5/2000)) = log2 4 = 2; zero reference -> 0.5: log2((4/1000)/(0.5/1000)) = 3.
        close(log_ratio(10, 5, 1000, 2000), 2.0, 1e-15);
        close(log_ratio(5, 10, 2000, 1000), -2.0, 1e-15);
        close(log_ratio(4, 0, 1000, 1000), 3.0, 1e-15);
        assert_eq!(log_ratio(0, 0, 1000, 1000), 0.0);
    }

    #[test]
    fn p_values_and_holm() {
        // 3.841458820694124 and 6.634896601021214 are the 0.95 and 0.99 quantiles of chi-square(1).
        close(chi2_1df_p(3.841_458_820_694_124), 0.05, 1e-12);
        close(chi2_1df_p(6.634_896_601_021_214), 0.01, 1e-12);
        close(chi2_1df_p(0.0), 1.0, 1e-15);
        close(chi2_1df_p(-6.0), erfc(3.0_f64.sqrt()), 1e-15);
        // Sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> max(0.06) = 0.06.
        let adj = holm_adjust(&[0.01, 0.04, 0.03, 0.005]);
        assert_eq!(adj.len(), 4);
        for (g, w) in adj.iter().zip([0.03, 0.06, 0.06, 0.02]) {
            close(*g, w, 1e-12);
        }
        assert_eq!(holm_adjust(&[0.5, 0.6]), vec![1.0, 1.0]);
        assert!(holm_adjust(&[]).is_empty());
        let with_nan = holm_adjust(&[-f64::NAN, 0.01]);
        assert!(with_nan[0].is_nan() && with_nan[1] == 0.02);
    }
    /// SplitMix64: a seeded generator for the simulations below, so they are deterministic.
    struct SplitMix(u64);

    impl SplitMix {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1_u64 << 53) as f64
        }
        /// Knuth's method; the means here are small.
        fn poisson(&mut self, mean: f64) -> u64 {
            let limit = (-mean).exp();
            let (mut k, mut p) = (0, 1.0);
            loop {
                p *= self.unit();
                if p <= limit {
                    return k;
                }
                k += 1;
            }
        }
        /// The counts and words of `n` articles of 300–1,500 words; an article's rate per
        /// word is `rate(rng)`.
        fn articles(&mut self, n: usize, rate: impl Fn(&mut Self) -> f64) -> ArticleCounts {
            let mut c = ArticleCounts::default();
            for _ in 0..n {
                let words = 300 + self.next() % 1_201;
                let r = rate(self);
                let y = self.poisson(r * words as f64);
                c.add(y, words);
            }
            c
        }
    }

    /// Articles whose rate is 10 per 1,000 words with probability 0.15, else 0.4: a frame
    /// some articles are about and most only touch. Mean rate 1.84 per 1,000 words.
    fn clustered_rate(rng: &mut SplitMix) -> f64 {
        if rng.unit() < 0.15 {
            0.010
        } else {
            0.000_4
        }
    }

    #[test]
    fn dispersion_by_hand() {
        // (y, w) = (0, 1000), (4, 1000), (2, 1000): rate 2 per 1,000, fitted 2 each,
        // X² = 4/2 + 4/2 + 0 = 4 over 2 degrees of freedom: φ = 2.
        let mut c = ArticleCounts::default();
        for (y, w) in [(0, 1000), (4, 1000), (2, 1000)] {
            c.add(y, w);
        }
        close(c.pearson_x2(), 4.0, 1e-9);
        close(c.dispersion(), 2.0, 1e-9);
        // The interval is Garwood's for 6 / 2 = 3, times 2, per 3,000 words.
        let (rate, lo, hi) = clustered_rate_per_1k_ci95(&c).unwrap();
        let (plo, phi) = poisson_ci95(3);
        close(rate, 2.0, 1e-12);
        close(lo, plo * 2.0 / 3.0, 1e-9);
        close(hi, phi * 2.0 / 3.0, 1e-9);
        // Even counts: less variation than Poisson, φ = 1 and the plain exact interval.
        let mut even = ArticleCounts::default();
        for _ in 0..3 {
            even.add(2, 1000);
        }
        assert_eq!(even.dispersion(), 1.0);
        assert_eq!(clustered_rate_per_1k_ci95(&even), rate_per_1k_ci95(6, 3000));
        // One article: no article-level variation to see.
        let mut one = ArticleCounts::default();
        one.add(9, 500);
        assert_eq!(one.dispersion(), 1.0);
        assert_eq!(clustered_rate_per_1k_ci95(&ArticleCounts::default()), None);
        // Sums do not depend on order; the top article is the one with the most mentions.
        let mut rev = ArticleCounts::default();
        for (y, w) in [(2, 1000), (4, 1000), (0, 1000)] {
            rev.add(y, w);
        }
        assert_eq!(rev, c);
        assert_eq!(c.plus(one).top, (9, 500));
        assert_eq!(c.without_top().count, 2);
    }

    #[test]
    fn clustered_intervals_cover_the_rate_in_simulation() {
        // 1,000 outlets of 100 articles each with clustered mentions: the exact Poisson
        // interval, which takes words as independent, misses the true rate far more often
        // than 5%; the clustered one covers it about 95% of the time.
        let mut rng = SplitMix(23);
        let truth = 0.15 * 10.0 + 0.85 * 0.4;
        let (mut poisson_hits, mut clustered_hits, reps) = (0, 0, 1_000);
        for _ in 0..reps {
            let c = rng.articles(100, clustered_rate);
            let (_, lo, hi) = rate_per_1k_ci95(c.count, c.words).unwrap();
            poisson_hits += u32::from(lo <= truth && truth <= hi);
            let (_, lo, hi) = clustered_rate_per_1k_ci95(&c).unwrap();
            clustered_hits += u32::from(lo <= truth && truth <= hi);
        }
        let poisson = f64::from(poisson_hits) / f64::from(reps);
        let clustered = f64::from(clustered_hits) / f64::from(reps);
        assert!(poisson < 0.8, "Poisson coverage {poisson}");
        assert!(
            (0.925..=0.975).contains(&clustered),
            "clustered coverage {clustered}"
        );
    }

    #[test]
    fn without_clustering_the_interval_stays_exact_poisson() {
        // Mentions independent of the article (2 per 1,000 words everywhere): the clustered
        // interval covers at least 95% and is barely wider than the exact one.
        let mut rng = SplitMix(7);
        let (mut hits, mut ratio, reps) = (0, 0.0, 1_000);
        for _ in 0..reps {
            let c = rng.articles(100, |_| 0.002);
            let (_, lo, hi) = clustered_rate_per_1k_ci95(&c).unwrap();
            hits += u32::from(lo <= 2.0 && 2.0 <= hi);
            let (_, plo, phi) = rate_per_1k_ci95(c.count, c.words).unwrap();
            ratio += (hi - lo) / (phi - plo) / f64::from(reps);
        }
        let coverage = f64::from(hits) / f64::from(reps);
        assert!((0.94..=0.99).contains(&coverage), "coverage {coverage}");
        assert!((1.0..1.1).contains(&ratio), "mean width ratio {ratio}");
    }

    #[test]
    fn clustered_keyness_holds_its_level_and_ignores_one_article() {
        // Two outlets drawn from the same clustered process: plain G2 calls a difference
        // far more often than 5% of the time, the clustered G2 about 5%.
        let mut rng = SplitMix(2023);
        let (mut plain, mut clustered, reps) = (0, 0, 1_000);
        for _ in 0..reps {
            let a = rng.articles(60, clustered_rate);
            let b = rng.articles(240, clustered_rate);
            let g2 = log_likelihood_g2(a.count, b.count, a.words, b.words);
            plain += u32::from(chi2_1df_p(g2) < 0.05);
            clustered += u32::from(chi2_1df_p(clustered_g2(&a, &b).0) < 0.05);
        }
        let plain = f64::from(plain) / f64::from(reps);
        let clustered = f64::from(clustered) / f64::from(reps);
        assert!(plain > 0.2, "plain false positives {plain}");
        assert!(clustered < 0.08, "clustered false positives {clustered}");

        // One op-ed of 1,675 words with 12 mentions among 20 articles that have none, against
        // 400 articles at an even 0.2 per 1,000 words: plain G2 says "over-used", p < 0.001;
        // with the article-level variation it is no longer significant.
        let mut target = ArticleCounts::default();
        target.add(12, 1_675);
        for _ in 0..20 {
            target.add(0, 800);
        }
        let reference = rng.articles(400, |_| 0.000_2);
        let g2 = log_likelihood_g2(target.count, reference.count, target.words, reference.words);
        assert!(chi2_1df_p(g2) < 0.001, "plain G2 {g2}");
        let (g2c, phi) = clustered_g2(&target, &reference);
        assert!(
            phi > 1.0 && g2c > 0.0 && chi2_1df_p(g2c) > 0.05,
            "G2 {g2c}, φ {phi}"
        );
        // Without that article the outlet uses the frame less than the reference.
        let rest = target.without_top();
        assert_eq!((rest.articles, rest.count, rest.words), (20, 0, 16_000));
        assert!(clustered_g2(&rest, &reference).0 < 0.0);
    }
}
