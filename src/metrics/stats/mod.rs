//! The statistics every metric is built from: intervals, least squares, correlation,
//! ranks, Benjamini-Hochberg and Cronbach's alpha. Pure functions on slices; no tables.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The standard normal 0.975 quantile (the half-width of a 95% interval in standard
/// errors).
const Z_975: f64 = 1.959_963_984_540_054;

/// `t(p, df)`: the p-quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    // Reports ask for a few quantiles (0.975 mostly) at a few hundred degrees of
    // freedom, tens of thousands of times: each is worked out once per thread (the same
    // value, so the same bits).
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<(u64, u64), f64>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    CACHE.with(|cache| {
        *cache
            .borrow_mut()
            .entry((p.to_bits(), df.to_bits()))
            .or_insert_with(|| {
                StudentsT::new(0.0, 1.0, df)
                    .expect("positive degrees of freedom")
                    .inverse_cdf(p)
            })
    })
}

/// The smallest true effect a test would find with probability `power` (two-sided, at
/// 5%), from its 95% interval's half-width: the standard error `half / z_0.975` times
/// `z_(1 - 0.025 / tests) + z_power`. `tests` is the size of the family the p-value is
/// adjusted in (Benjamini-Hochberg): an effect that is the only real one of its family
/// must pass `0.05 / tests`, so the figure holds for it whatever the others do (1: a test
/// on its own). Normal quantiles: for a t or permutation interval on few units it errs on
/// the large side, so it never promises more than the data can give.
pub fn detectable_from_interval(half: f64, tests: usize, power: f64) -> f64 {
    use statrs::distribution::Normal;
    const Z_80: f64 = 0.8416212335729143;
    let normal = Normal::standard();
    let level = match tests {
        0 | 1 => Z_975,
        m => normal.inverse_cdf(1.0 - 0.025 / m as f64),
    };
    let beta = if power == 0.8 {
        Z_80
    } else {
        normal.inverse_cdf(power)
    };
    half / Z_975 * (level + beta)
}

/// The smallest real correlation a test finds four times in five with `tests` adjusted
/// together (see [`detectable_from_interval`]): for independent pairs on Fisher's z
/// scale, `tanh((z_(1 - 0.025 / tests) + z_0.80) / sqrt(n - 3))`; for a test across
/// clusters `se · t(0.975, df) / z_0.975 · (z_(1 - 0.025 / tests) + z_0.80)`, `None` above 1. `None` without an interval or error.
pub fn detectable_correlation(c: &Correlation, tests: usize) -> Option<f64> {
    if let Some((se, df)) = c.se {
        // A test across clusters: the t interval's half-width on r's own scale (so the
        // normal quantiles after it err on the large side, as for few clusters they
        // must); above 1, none.
        let half = t_quantile(0.975, df) * se;
        return Some(detectable_from_interval(half, tests, 0.8)).filter(|d| *d <= 1.0);
    }
    let (lo, hi) = c.ci?;
    let half = (hi.atanh() - lo.atanh()) / 2.0;
    half.is_finite()
        .then(|| detectable_from_interval(half, tests, 0.8).tanh())
}

/// The adjusted p-value and detectable r of each correlation of a family (one per row,
/// `None` where the row has no test): Benjamini-Hochberg across the tested rows, and
/// the smallest r each would find four times in five, were it the only real one of them
/// (see [`detectable_correlation`]).
pub fn adjust_family(results: &[Option<Correlation>]) -> Vec<(Option<f64>, Option<f64>)> {
    let ps: Vec<f64> = results.iter().flatten().map(|c| c.p).collect();
    let mut adjusted = benjamini_hochberg(&ps).into_iter();
    results
        .iter()
        .map(|r| match r {
            Some(c) => (adjusted.next(), detectable_correlation(c, ps.len())),
            None => (None, None),
        })
        .collect()
}

/// Two-sided p-value of a t statistic.
pub fn t_two_sided_p(t: f64, df: f64) -> f64 {
    let dist = StudentsT::new(0.0, 1.0, df).expect("positive degrees of freedom");
    (2.0 * dist.cdf(-t.abs())).min(1.0)
}

/// Mean and sample standard deviation (n - 1); `None` sd for fewer than two values.
pub fn mean_sd(values: &[f64]) -> Option<(f64, Option<f64>)> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return Some((mean, None));
    }
    let ss: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    Some((mean, Some((ss / (n - 1.0)).sqrt())))
}

/// 95% interval of a mean: `mean +/- t(0.975, n-1) * sd / sqrt(n)`; needs n >= 2.
pub fn mean_ci95(mean: f64, sd: f64, n: usize) -> Option<(f64, f64)> {
    if n < 2 {
        return None;
    }
    let half = t_quantile(0.975, (n - 1) as f64) * sd / (n as f64).sqrt();
    Some((mean - half, mean + half))
}

/// 95% interval of the difference of two means, `later - earlier`, each given as (mean,
/// sd, n), by Welch's t with Welch-Satterthwaite degrees of freedom. `None` without an
/// sd on either side or with no spread at all.
pub fn welch_diff_ci95(earlier: (f64, f64, usize), later: (f64, f64, usize)) -> Option<(f64, f64)> {
    let ((m1, s1, n1), (m2, s2, n2)) = (earlier, later);
    if n1 < 2 || n2 < 2 {
        return None;
    }
    let (v1, v2) = (s1 * s1 / n1 as f64, s2 * s2 / n2 as f64);
    let se2 = v1 + v2;
    if se2 <= 0.0 {
        return None;
    }
    let df = se2 * se2 / (v1 * v1 / (n1 - 1) as f64 + v2 * v2 / (n2 - 1) as f64);
    let half = t_quantile(0.975, df) * se2.sqrt();
    let d = m2 - m1;
    Some((d - half, d + half))
}

/// Ordinary least squares of `y` on `x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slope {
    pub slope: f64,
    pub intercept: f64,
    /// Standard error of the slope on n - 2 degrees of freedom.
    pub se: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub p: f64,
}

/// Least-squares slope with its 95% interval and two-sided p; needs 3 points and
/// some spread in x.
pub fn ols(x: &[f64], y: &[f64]) -> Option<Slope> {
    let (nf, mx, my) = paired_means(x, y)?;
    let sxx: f64 = x.iter().map(|v| (v - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let sse: f64 = x
        .iter()
        .zip(y)
        .map(|(a, b)| (b - intercept - slope * a).powi(2))
        .sum();
    let df = nf - 2.0;
    let se = (sse / df / sxx).sqrt();
    let half = t_quantile(0.975, df) * se;
    let p = if se == 0.0 {
        if slope == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        t_two_sided_p(slope / se, df)
    };
    Some(Slope {
        slope,
        intercept,
        se,
        ci_low: slope - half,
        ci_high: slope + half,
        p,
    })
}

impl Slope {
    /// The slope judged against the sampling noise of its means as well: with `floor` the
    /// slope's standard error from that noise alone (a known variance, so a normal
    /// interval), the interval is the wider of the least-squares t interval and
    /// `slope ± 1.96 · floor`, and p the larger of the two tests' p. The slope is called
    /// different from 0 only when both tests say so, so the rule keeps its 5% level; a
    /// slope through a few noisy means that lie on a line by chance (a least-squares
    /// interval of zero width) no longer counts as certain.
    pub fn with_noise_floor(self, floor: f64) -> Slope {
        let normal = statrs::distribution::Normal::standard();
        let z_half = normal.inverse_cdf(0.975) * floor;
        let t_half = (self.ci_high - self.ci_low) / 2.0;
        if floor.is_nan() || floor <= 0.0 || z_half <= t_half {
            return Slope {
                p: self.p.max(self.z_p(floor, &normal)),
                ..self
            };
        }
        Slope {
            ci_low: self.slope - z_half,
            ci_high: self.slope + z_half,
            p: self.p.max(self.z_p(floor, &normal)),
            ..self
        }
    }

    /// The smallest slope this data would have called different from 0 four times in
    /// five (80% power, two-sided 5% test): the 95% interval's half-width times
    /// `(z_0.975 + z_0.80) / z_0.975`. Normal quantiles: for a t interval on few points
    /// it errs on the large side, so it never promises more than the data can give.
    pub fn detectable(&self) -> f64 {
        detectable_from_interval((self.ci_high - self.ci_low) / 2.0, 1, 0.8)
    }

    /// Two-sided normal p of the slope against a known standard error (1 without one).
    fn z_p(&self, se: f64, normal: &statrs::distribution::Normal) -> f64 {
        if se.is_nan() || se <= 0.0 {
            return if self.slope == 0.0 { 1.0 } else { 0.0 };
        }
        2.0 * (1.0 - normal.cdf((self.slope / se).abs()))
    }
}

/// n (as a float) and the means of two paired samples of at least 3 points.
fn paired_means(x: &[f64], y: &[f64]) -> Option<(f64, f64, f64)> {
    let n = x.len();
    if n < 3 || y.len() != n {
        return None;
    }
    let nf = n as f64;
    Some((nf, x.iter().sum::<f64>() / nf, y.iter().sum::<f64>() / nf))
}

/// A correlation coefficient with its test and interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correlation {
    pub r: f64,
    pub n: usize,
    /// Two-sided p: from `t = r sqrt((n-2)/(1-r^2))` on n - 2 df for independent pairs;
    /// from a t-test across clusters where pairs come in clusters.
    pub p: f64,
    /// 95% interval by Fisher's z (independent pairs); `None` for n <= 3, and for
    /// clustered tests.
    pub ci: Option<(f64, f64)>,
    /// r's standard error and its degrees of freedom where the test is a t-test across
    /// clusters (no Fisher interval).
    pub se: Option<(f64, f64)>,
}

/// Pearson's r; needs n >= 4 (2 df for the test) and spread in both variables.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<Correlation> {
    pearson_controlling(x, y, 0)
}

/// Pearson's r of values already centred within `groups` groups (a partial correlation
/// controlling for group membership): the test has `n - groups - 1` df and the Fisher
/// interval `1/sqrt(n - groups - 2)`, not the `n - 2` of independent points.
pub fn pearson_within_groups(x: &[f64], y: &[f64], groups: usize) -> Option<Correlation> {
    pearson_controlling(x, y, groups.saturating_sub(1))
}

/// Pairs `(group, cluster, x, y)` centred on each group's own means (a person, a
/// practice); groups with a single pair (nothing left after centring) are dropped.
/// Returns x, y, each pair's cluster (for [`clustered_correlation`]) and the number of
/// groups kept (for [`pearson_within_groups`]).
pub fn centre_within_groups<K: Ord + Copy, C: Copy>(
    pairs: &[(K, C, f64, f64)],
) -> (Vec<f64>, Vec<f64>, Vec<C>, usize) {
    let mut by_group: std::collections::BTreeMap<K, Vec<(C, f64, f64)>> = Default::default();
    for (g, c, x, y) in pairs {
        by_group.entry(*g).or_default().push((*c, *x, *y));
    }
    let (mut xs, mut ys, mut cs, mut groups) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for v in by_group.values().filter(|v| v.len() >= 2) {
        groups += 1;
        let n = v.len() as f64;
        let mx = v.iter().map(|p| p.1).sum::<f64>() / n;
        let my = v.iter().map(|p| p.2).sum::<f64>() / n;
        for (c, x, y) in v {
            xs.push(x - mx);
            ys.push(y - my);
            cs.push(*c);
        }
    }
    (xs, ys, cs, groups)
}

/// Pairs `(group, unit, x, y)` centred within their group (see
/// [`centre_within_groups`]) and correlated: the number of pairs kept, and r with its
/// test. When every unit gives one pair the pairs are independent (Pearson on
/// `n - groups - 1` df); when a unit gives several (a team over several practices, a
/// person over quarters) it is one unit of the test ([`clustered_correlation`]).
pub fn within_groups<K: Ord + Copy, C: Ord + Copy>(
    pairs: &[(K, C, f64, f64)],
) -> (usize, Option<Correlation>) {
    let (x, y, units, groups) = centre_within_groups(pairs);
    let distinct: std::collections::BTreeSet<C> = units.iter().copied().collect();
    let result = if distinct.len() == units.len() {
        pearson_within_groups(&x, &y, groups)
    } else {
        clustered_correlation(&x, &y, &units)
    };
    (x.len(), result)
}

/// The t statistic of the mean of `e` on `e.len() - 1` df; `None` with fewer than 2
/// values or no spread and a zero mean (every value alike and non-zero: infinite, the
/// mean is exact).
pub fn mean_t(e: &[f64]) -> Option<f64> {
    let (me, sd) = mean_sd(e)?;
    let se = sd? / (e.len() as f64).sqrt();
    match (se > 0.0, me) {
        (true, _) => Some(me / se),
        (false, m) if m != 0.0 => Some(m.signum() * f64::INFINITY),
        _ => None,
    }
}

/// The t-test across units of the mean of `e` (one value per unit): its two-sided p on
/// `units - 1` df (1 when there is no statistic: no spread and a zero mean), the mean's
/// standard error and the df; `None` with fewer than 2 units.
pub fn test_across_units(e: &[f64]) -> Option<(f64, f64, f64)> {
    let sd = mean_sd(e)?.1?;
    let df = e.len() as f64 - 1.0;
    let p = mean_t(e).map_or(1.0, |t| t_two_sided_p(t, df));
    Some((p, sd / (e.len() as f64).sqrt(), df))
}

/// Pearson's r of values already centred within groups, tested across clusters: pairs of
/// one cluster (a team over several practices, a person over quarters) are not
/// independent, so each cluster's sum of products `e_c = sum x y` is one observation,
/// and the test is the t-test of their mean on `clusters - 1` df (at least 2). r's
/// standard error is that mean's, on r's scale; there is no Fisher interval. `None` with
/// fewer than 3 clusters, or no spread (in x, in y, or in the clusters' sums).
pub fn clustered_correlation<C: Ord + Copy>(
    x: &[f64],
    y: &[f64],
    cluster: &[C],
) -> Option<Correlation> {
    let (sxx, syy): (f64, f64) = (x.iter().map(|v| v * v).sum(), y.iter().map(|v| v * v).sum());
    if x.len() != y.len() || x.len() != cluster.len() || sxx == 0.0 || syy == 0.0 {
        return None;
    }
    let mut by: std::collections::BTreeMap<C, f64> = Default::default();
    for ((a, b), c) in x.iter().zip(y).zip(cluster) {
        *by.entry(*c).or_default() += a * b;
    }
    let e: Vec<f64> = by.into_values().collect();
    if e.len() < 3 {
        return None;
    }
    let scale = (sxx * syy).sqrt() / e.len() as f64;
    let r = (e.iter().sum::<f64>() / e.len() as f64 / scale).clamp(-1.0, 1.0);
    let (p, se, df) = test_across_units(&e)?;
    // Every unit's sum alike (all zero, say): nothing to judge the noise by, no test.
    if se == 0.0 {
        return None;
    }
    Some(Correlation {
        r,
        n: x.len(),
        p,
        ci: None,
        se: Some((se / scale, df)),
    })
}

/// Pearson's r with `controls` parameters already removed from both variables; `None`
/// with fewer than 2 degrees of freedom left (4 points beyond the controls): on 1 df
/// whole-number data lie on a line by chance often, and an exact fit would print r = 1
/// with p = 0.
fn pearson_controlling(x: &[f64], y: &[f64], controls: usize) -> Option<Correlation> {
    let (nf, mx, my) = paired_means(x, y)?;
    let nf = nf - controls as f64;
    if nf < 4.0 {
        return None;
    }
    let n = x.len();
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    let r = (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0);
    let df = nf - 2.0;
    let p = if r.abs() >= 1.0 {
        0.0
    } else {
        t_two_sided_p(r * (df / (1.0 - r * r)).sqrt(), df)
    };
    let ci = (nf > 3.0 && r.abs() < 1.0).then(|| {
        let z = r.atanh();
        let half = Z_975 / (nf - 3.0).sqrt();
        ((z - half).tanh(), (z + half).tanh())
    });
    Some(Correlation {
        r,
        n,
        p,
        ci,
        se: None,
    })
}

/// Ranks 1..n with ties given their average rank.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's rho: Pearson's r on average ranks (same test and interval).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<Correlation> {
    pearson(&average_ranks(x), &average_ranks(y))
}

/// Benjamini-Hochberg adjusted p-values, in the input order:
/// `p_adj(i) = min over j >= i of (m * p(j) / j)`, capped at 1.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut adjusted = vec![0.0; m];
    let mut running = 1.0_f64;
    for (rank0, &i) in order.iter().enumerate().rev() {
        let value = (m as f64 * p[i] / (rank0 + 1) as f64).min(1.0);
        running = running.min(value);
        adjusted[i] = running;
    }
    adjusted
}

/// A column of item scores however it is stored, NaN for no answer.
pub trait Scores {
    fn count(&self) -> usize;
    fn score(&self, r: usize) -> f32;
}

impl Scores for [f32] {
    fn count(&self) -> usize {
        self.len()
    }

    fn score(&self, r: usize) -> f32 {
        self[r]
    }
}

impl Scores for crate::validate::ItemColumn {
    fn count(&self) -> usize {
        self.len()
    }

    fn score(&self, r: usize) -> f32 {
        self[r]
    }
}

/// The sample variance of `n >= 2` values as [`mean_sd`] gives it (its sd squared), read
/// twice from `values` instead of from a copy of them.
fn sample_variance<I: Iterator<Item = f64>>(n: usize, values: impl Fn() -> I) -> f64 {
    let nf = n as f64;
    let mean = values().sum::<f64>() / nf;
    let ss: f64 = values().map(|v| (v - mean).powi(2)).sum();
    let sd = (ss / (nf - 1.0)).sqrt();
    sd * sd
}

/// The rows (respondents) with every item answered.
pub fn complete_rows<C: Scores + ?Sized>(items: &[&C]) -> Vec<u32> {
    let rows = items.first().map_or(0, |c| c.count());
    (0..rows)
        .filter(|&r| items.iter().all(|col| !col.score(r).is_nan()))
        .map(|r| r as u32)
        .collect()
}

/// Cronbach's alpha over respondents with every item answered:
/// `k/(k-1) * (1 - sum(item variances) / variance(sum of items))`.
/// `items[i][r]` is item i for respondent r; NaN is missing. Returns alpha and the
/// number of complete respondents.
pub fn cronbach_alpha<C: Scores + ?Sized>(items: &[&C]) -> Option<(f64, usize)> {
    cronbach_alpha_over(items, &complete_rows(items))
}

/// [`cronbach_alpha`] over the `complete` rows ([`complete_rows`] of the same items).
pub fn cronbach_alpha_over<C: Scores + ?Sized>(
    items: &[&C],
    complete: &[u32],
) -> Option<(f64, usize)> {
    let k = items.len();
    if k < 2 {
        return None;
    }
    let n = complete.len();
    if n < 2 {
        return None;
    }
    let item_var: f64 = items
        .iter()
        .map(|col| sample_variance(n, || complete.iter().map(|&r| col.score(r as usize) as f64)))
        .sum();
    let total_var = sample_variance(n, || {
        complete.iter().map(|&r| {
            items
                .iter()
                .map(|col| col.score(r as usize) as f64)
                .sum::<f64>()
        })
    });
    if total_var == 0.0 {
        return None;
    }
    let kf = k as f64;
    Some((kf / (kf - 1.0) * (1.0 - item_var / total_var), n))
}

/// One item of a scale: Cronbach's alpha of the scale without it, and its Pearson
/// correlation with the sum of the other items (item-rest r).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemAnalysis {
    pub alpha_if_deleted: Option<f64>,
    pub item_rest_r: Option<f64>,
}

/// [`ItemAnalysis`] of every item, over the `complete` rows ([`complete_rows`] of the same
/// items: the respondents of the scale's alpha, so the figures compare with it). Both come
/// from the items' covariance matrix C over those respondents: alpha of a subset S is
/// `|S|/(|S|-1) · (1 - Σ_S C_ii / Σ_S Σ_S C_ij)`, and item-rest r of item i is
/// `Σ_{j≠i} C_ij / sqrt(C_ii · Σ_{j,l≠i} C_jl)`. `None` where a figure is undefined
/// (fewer than 2 items left, fewer than 3 respondents, no spread).
pub fn item_analysis<C: Scores + ?Sized>(items: &[&C], complete: &[u32]) -> Vec<ItemAnalysis> {
    let k = items.len();
    let none = ItemAnalysis {
        alpha_if_deleted: None,
        item_rest_r: None,
    };
    let n = complete.len();
    if k < 2 || n < 3 {
        return vec![none; k];
    }
    let nf = n as f64;
    let means: Vec<f64> = items
        .iter()
        .map(|col| {
            complete
                .iter()
                .map(|&r| col.score(r as usize) as f64)
                .sum::<f64>()
                / nf
        })
        .collect();
    // Cross-products of the centred answers, upper triangle.
    let mut sums = vec![vec![0.0; k]; k];
    let mut centred = vec![0.0; k];
    for &r in complete {
        for ((c, col), m) in centred.iter_mut().zip(items).zip(&means) {
            *c = col.score(r as usize) as f64 - m;
        }
        for (i, row) in sums.iter_mut().enumerate() {
            for (j, s) in row.iter_mut().enumerate().skip(i) {
                *s += centred[i] * centred[j];
            }
        }
    }
    let cov: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| sums[i.min(j)][i.max(j)] / (nf - 1.0))
                .collect()
        })
        .collect();
    (0..k)
        .map(|i| {
            let rest = || (0..k).filter(move |&j| j != i);
            let rest_var: f64 = rest()
                .flat_map(|j| rest().map(move |l| (j, l)))
                .map(|(j, l)| cov[j][l])
                .sum();
            let rest_items = (k - 1) as f64;
            let alpha_if_deleted = (k >= 3 && rest_var > 0.0).then(|| {
                let item_var: f64 = rest().map(|j| cov[j][j]).sum();
                rest_items / (rest_items - 1.0) * (1.0 - item_var / rest_var)
            });
            let with_rest: f64 = rest().map(|j| cov[i][j]).sum();
            let item_rest_r = (cov[i][i] > 0.0 && rest_var > 0.0)
                .then(|| (with_rest / (cov[i][i] * rest_var).sqrt()).clamp(-1.0, 1.0));
            ItemAnalysis {
                alpha_if_deleted,
                item_rest_r,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
