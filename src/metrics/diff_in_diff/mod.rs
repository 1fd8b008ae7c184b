//! Difference-in-differences for interventions with staggered starts (Callaway and
//! Sant'Anna's idea): each start cohort is compared only with teams not treated by the
//! end of its window; cohort estimates are combined weighted by cohort size. Pure
//! functions on team-quarter means; reading intervention files and reporting come later.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::Quarter;

/// Team -> quarter -> mean score (of one domain), computed from responses.
pub type TeamMeans = BTreeMap<String, BTreeMap<Quarter, f64>>;

/// Quarters before and after a start that form the comparison window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub before: i32,
    pub after: i32,
}

impl Default for Window {
    fn default() -> Self {
        Window {
            before: 2,
            after: 2,
        }
    }
}

/// Mean of a team's means over quarters `from..=to`; `None` when it has none there.
fn mean_over(q: &BTreeMap<Quarter, f64>, from: i32, to: i32) -> Option<f64> {
    let v: Vec<f64> = q
        .range(Quarter(from)..=Quarter(to))
        .map(|(_, m)| *m)
        .collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// A team's change from the `before` quarters to the `after` quarters around `start`.
fn change(q: &BTreeMap<Quarter, f64>, start: Quarter, w: Window) -> Option<f64> {
    let pre = mean_over(q, start.0 - w.before, start.0 - 1)?;
    let post = mean_over(q, start.0, start.0 + w.after - 1)?;
    Some(post - pre)
}

/// Changes of one cohort's treated teams and of its comparison teams.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    pub start: Quarter,
    pub treated: Vec<f64>,
    pub comparison: Vec<f64>,
    /// The teams behind `treated` and `comparison`, in the same order.
    pub treated_teams: Vec<String>,
    pub comparison_teams: Vec<String>,
}

impl Cohort {
    /// The 2x2 estimate: mean treated change minus mean comparison change.
    pub fn estimate(&self) -> Option<f64> {
        let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        Some(mean(&self.treated)? - mean(&self.comparison)?)
    }
}

/// Build the cohorts: `starts` maps treated teams to their start quarter; every other
/// team in `means` is never treated. A team is a comparison for a cohort only if it has
/// not started by the end of that cohort's window.
pub fn cohorts(means: &TeamMeans, starts: &BTreeMap<String, Quarter>, w: Window) -> Vec<Cohort> {
    let mut by_start: BTreeMap<Quarter, Vec<&String>> = BTreeMap::new();
    for (team, start) in starts {
        by_start.entry(*start).or_default().push(team);
    }
    by_start
        .into_iter()
        .map(|(start, teams)| {
            let end = start.0 + w.after - 1;
            let (treated_teams, treated) = teams
                .iter()
                .filter_map(|t| {
                    let c = change(means.get(*t)?, start, w)?;
                    Some(((*t).clone(), c))
                })
                .unzip();
            let (comparison_teams, comparison) = means
                .iter()
                .filter(|(t, _)| starts.get(*t).is_none_or(|s| s.0 > end))
                .filter_map(|(t, q)| Some((t.clone(), change(q, start, w)?)))
                .unzip();
            Cohort {
                start,
                treated,
                comparison,
                treated_teams,
                comparison_teams,
            }
        })
        .collect()
}

/// Cohort estimates combined, weighted by the number of treated teams with a change.
pub fn combined(cohorts: &[Cohort]) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0usize);
    for c in cohorts {
        if let Some(e) = c.estimate() {
            sum += e * c.treated.len() as f64;
            weight += c.treated.len();
        }
    }
    (weight > 0).then(|| sum / weight as f64)
}

/// Hedges' g of treated against comparison changes:
/// `(mean_t - mean_c) / pooled sd * (1 - 3 / (4 (n_t + n_c) - 9))`.
pub fn hedges_g(treated: &[f64], comparison: &[f64]) -> Option<f64> {
    let (n1, n2) = (treated.len() as f64, comparison.len() as f64);
    if n1 < 2.0 || n2 < 2.0 {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let var =
        |v: &[f64], m: f64| v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0);
    let (m1, m2) = (mean(treated), mean(comparison));
    let pooled = (((n1 - 1.0) * var(treated, m1) + (n2 - 1.0) * var(comparison, m2))
        / (n1 + n2 - 2.0))
        .sqrt();
    if pooled == 0.0 {
        return None;
    }
    Some((m1 - m2) / pooled * (1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0)))
}

/// The cohorts with every treated change lowered by `delta` (the data as they would be
/// if the intervention's effect were `delta`), written over `out`'s buffers. Team names
/// are not copied: the test does not read them.
fn shift_into(out: &mut Vec<Cohort>, cohorts: &[Cohort], delta: f64) {
    out.resize_with(cohorts.len(), || Cohort {
        start: Quarter(0),
        treated: Vec::new(),
        comparison: Vec::new(),
        treated_teams: Vec::new(),
        comparison_teams: Vec::new(),
    });
    for (o, c) in out.iter_mut().zip(cohorts) {
        o.start = c.start;
        o.treated.clear();
        o.treated.extend(c.treated.iter().map(|v| v - delta));
        o.comparison.clear();
        o.comparison.extend_from_slice(&c.comparison);
    }
}

/// A cohort's sizes (pooled, treated) and every treated set of that many.
type Relabellings = ((usize, usize), Vec<Vec<usize>>);

/// Buffers a permutation test reuses from one call to the next: the interval search runs
/// the test about seventy times on the same cohorts, shifted.
#[derive(Default)]
struct Scratch {
    shifted: Vec<Cohort>,
    /// Per cohort: its treated and comparison changes pooled, and how many are treated.
    pools: Vec<(Vec<f64>, usize)>,
    totals: Vec<f64>,
    /// Per cohort: every relabelling (exact test), for the cohort sizes they were made for.
    combinations: Vec<Relabellings>,
    /// Per cohort: the places a random relabelling shuffles.
    places: Vec<Vec<usize>>,
}

/// The 95% interval of the combined estimate by inverting the permutation test: every
/// effect `delta` whose shifted data the test does not reject (p > 0.05). Exact under a
/// constant effect whatever the number of teams, where a bootstrap over three treated
/// teams covered the truth only about 90% of the time. `None` when the test cannot
/// reject any effect (too few relabellings for p to reach 0.05): no honest interval.
pub fn permutation_interval(
    cohorts: &[Cohort],
    max_exact: usize,
    draws: usize,
    seed: u64,
) -> Option<(f64, f64)> {
    let estimate = combined(cohorts)?;
    // Enumerated exactly, p is at least 1 / (relabellings): with 20 or fewer the test
    // rejects nothing, whatever the shift (checked here rather than searched for, since
    // a search far out only meets rounding).
    if relabellings(cohorts).is_some_and(|w| w <= max_exact && w as f64 * 0.05 < 1.0 + 1e-12) {
        return None;
    }
    let mut scratch = Scratch::default();
    let mut accepted = |delta: f64| {
        let mut shifted = std::mem::take(&mut scratch.shifted);
        shift_into(&mut shifted, cohorts, delta);
        let p = p_value(&mut scratch, &shifted, max_exact, draws, seed);
        scratch.shifted = shifted;
        p.is_some_and(|p| p > 0.05)
    };
    let values: Vec<f64> = cohorts
        .iter()
        .flat_map(|c| c.treated.iter().chain(&c.comparison))
        .copied()
        .collect();
    let scale = super::stats::mean_sd(&values)
        .and_then(|(_, sd)| sd)
        .filter(|sd| *sd > 0.0)
        .unwrap_or(1.0);
    let mut bound = |direction: f64| -> Option<f64> {
        let (mut inside, mut step) = (estimate, scale);
        let mut outside = estimate + direction * step;
        let mut widenings = 0;
        while accepted(outside) {
            inside = outside;
            step *= 2.0;
            outside = estimate + direction * step;
            widenings += 1;
            if widenings > 30 {
                return None;
            }
        }
        for _ in 0..40 {
            let mid = (inside + outside) / 2.0;
            if accepted(mid) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        Some((inside + outside) / 2.0)
    };
    Some((bound(-1.0)?, bound(1.0)?))
}

/// Two-sided permutation p-value of the combined estimate: treatment labels are permuted
/// within each cohort (its treated and comparison changes pooled). Every relabelling is
/// enumerated when there are at most `max_exact` of them, else `draws` seeded random
/// relabellings with the `(k + 1) / (n + 1)` correction.
pub fn permutation_p(cohorts: &[Cohort], max_exact: usize, draws: usize, seed: u64) -> Option<f64> {
    p_value(&mut Scratch::default(), cohorts, max_exact, draws, seed)
}

/// [`permutation_p`] in `scratch`'s buffers.
fn p_value(
    scratch: &mut Scratch,
    cohorts: &[Cohort],
    max_exact: usize,
    draws: usize,
    seed: u64,
) -> Option<f64> {
    let observed = combined(cohorts)?.abs();
    let Scratch {
        pools,
        totals,
        combinations: combos,
        places,
        ..
    } = scratch;
    pools.resize_with(cohorts.len(), Default::default);
    for ((pooled, k), c) in pools.iter_mut().zip(cohorts) {
        pooled.clear();
        pooled.extend(c.treated.iter().chain(&c.comparison));
        *k = c.treated.len();
    }
    // A relabelling's combined estimate from the sum of the chosen values only: a
    // cohort's estimate is s / k - (total - s) / (n - k), weighted by k as in `combined`.
    totals.clear();
    totals.extend(pools.iter().map(|(p, _)| p.iter().sum::<f64>()));
    let (pools, totals) = (&*pools, &*totals);
    let relabelled = |chosen: &mut dyn Iterator<Item = &[usize]>| -> Option<f64> {
        let (mut sum, mut weight) = (0.0, 0usize);
        for (((pooled, k), pick), total) in pools.iter().zip(chosen).zip(totals) {
            let (n, k) = (pooled.len(), *k);
            if k == 0 || n == k {
                continue;
            }
            let s: f64 = pick.iter().map(|&i| pooled[i]).sum();
            sum += (s / k as f64 - (total - s) / (n - k) as f64) * k as f64;
            weight += k;
        }
        (weight > 0).then(|| sum / weight as f64)
    };
    // Ties within rounding count as extreme; the tolerance grows with the estimate so a
    // large shift's rounding does not break a tie (the observed labelling itself).
    let tolerance = 1e-12 * observed.max(1.0);
    let extreme = |e: Option<f64>| e.is_some_and(|e| e.abs() >= observed - tolerance);
    let is_extreme = |chosen: &mut dyn Iterator<Item = &[usize]>| extreme(relabelled(chosen));
    if relabellings(cohorts).is_some_and(|w| w <= max_exact) {
        Some(exact_share(pools, combos, is_extreme))
    } else {
        Some(drawn_share(pools, places, (draws, seed), is_extreme))
    }
}

/// The share of every relabelling (each cohort's treated sets, all combined) that is
/// extreme: the exact permutation p.
fn exact_share(
    pools: &[(Vec<f64>, usize)],
    combos: &mut Vec<Relabellings>,
    is_extreme: impl Fn(&mut dyn Iterator<Item = &[usize]>) -> bool,
) -> f64 {
    combos.resize_with(pools.len(), Default::default);
    for ((pooled, k), (sizes, all)) in pools.iter().zip(combos.iter_mut()) {
        if *sizes != (pooled.len(), *k) || all.is_empty() {
            *sizes = (pooled.len(), *k);
            *all = combinations(pooled.len(), *k);
        }
    }
    let per_cohort = &combos[..pools.len()];
    let (mut hits, mut total) = (0usize, 0usize);
    let mut index = vec![0usize; per_cohort.len()];
    loop {
        let mut chosen = index
            .iter()
            .zip(per_cohort)
            .map(|(&i, (_, all))| all[i].as_slice());
        total += 1;
        hits += usize::from(is_extreme(&mut chosen));
        // Odometer step over the cohorts' relabellings.
        let mut pos = 0;
        loop {
            if pos == index.len() {
                return hits as f64 / total as f64;
            }
            index[pos] += 1;
            if index[pos] < per_cohort[pos].1.len() {
                break;
            }
            index[pos] = 0;
            pos += 1;
        }
    }
}

/// The share of `draws` seeded random relabellings that are extreme, with the
/// `(k + 1) / (n + 1)` correction.
fn drawn_share(
    pools: &[(Vec<f64>, usize)],
    places: &mut Vec<Vec<usize>>,
    (draws, seed): (usize, u64),
    is_extreme: impl Fn(&mut dyn Iterator<Item = &[usize]>) -> bool,
) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    places.resize_with(pools.len(), Vec::new);
    let mut hits = 0usize;
    for _ in 0..draws {
        for ((pooled, k), idx) in pools.iter().zip(places.iter_mut()) {
            // The first k places of a Fisher-Yates shuffle of 0..n: a uniform k-subset.
            let n = pooled.len();
            idx.clear();
            idx.extend(0..n);
            for i in 0..*k {
                idx.swap(i, rng.random_range(i..n));
            }
        }
        let mut chosen = pools
            .iter()
            .zip(places.iter())
            .map(|((_, k), idx)| &idx[..*k]);
        hits += usize::from(is_extreme(&mut chosen));
    }
    (hits + 1) as f64 / (draws + 1) as f64
}

/// The number of relabellings (treated sets within each cohort); `None` beyond `usize`.
fn relabellings(cohorts: &[Cohort]) -> Option<usize> {
    cohorts.iter().try_fold(1usize, |acc, c| {
        acc.checked_mul(binomial(
            c.treated.len() + c.comparison.len(),
            c.treated.len(),
        )?)
    })
}

fn binomial(n: usize, k: usize) -> Option<usize> {
    let mut r: usize = 1;
    for i in 0..k.min(n - k.min(n)) {
        r = r.checked_mul(n - i)? / (i + 1);
    }
    Some(r)
}

/// All k-element index sets of 0..n, in lexicographic order.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut current = Vec::with_capacity(k);
    fn walk(start: usize, n: usize, k: usize, current: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if current.len() == k {
            out.push(current.clone());
            return;
        }
        for i in start..n {
            current.push(i);
            walk(i + 1, n, k, current, out);
            current.pop();
        }
    }
    walk(0, n, k, &mut current, &mut out);
    out
}

#[cfg(test)]
mod tests;
