//! Within-cell covariance of respondents' domain scores (the halo: the same people answer
//! every domain, so the sampling noise of two team means is correlated). Change
//! correlations subtract the noise covariance this implies from the covariance of
//! changes, so two domains do not "move together" merely because they are answered by
//! the same respondents.

use std::collections::BTreeMap;

use super::scores::{Level, Scoring};
use crate::model::Quarter;

/// One team-quarter's sampling covariance of its domain means:
/// `mean_cov[a][b] = cov(mean_a, mean_b)`, from the respondents' scores.
#[derive(Debug, Clone, PartialEq)]
pub struct CellNoise {
    pub mean_cov: Vec<Vec<f64>>,
}

/// Team name -> quarter -> the noise covariance of that cell's domain means.
pub type Noise = BTreeMap<String, BTreeMap<Quarter, CellNoise>>;

/// `cov(mean_a, mean_b)` of two cell means over `n_a` and `n_b` respondents, from the
/// scores of the respondents who answered both: `n_ab * C_ab / (n_a * n_b)` with C_ab
/// their sample covariance (`s² / n` when a = b). `None` with fewer than 2 such pairs.
pub fn mean_covariance(both: &[(f64, f64)], n_a: usize, n_b: usize) -> Option<f64> {
    let mut sums = PairSums::default();
    for &(x, y) in both {
        sums.add(x, y);
    }
    let centre = sums.centre()?;
    for &(x, y) in both {
        sums.add_product(centre, x, y);
    }
    sums.mean_covariance(n_a, n_b)
}

/// The running sums of [`mean_covariance`], in two passes over the pairs (means, then
/// centred products), so many pairs of domains can be summed in the same two passes.
#[derive(Debug, Clone, Copy)]
struct PairSums {
    k: usize,
    sum_x: f64,
    sum_y: f64,
    products: f64,
}

impl Default for PairSums {
    /// Sums start at -0.0, as `Iterator::sum` of floats does, so every result is the
    /// one summing each pair's own list gives, to the bit (the sign of a zero included).
    fn default() -> PairSums {
        PairSums {
            k: 0,
            sum_x: -0.0,
            sum_y: -0.0,
            products: -0.0,
        }
    }
}

impl PairSums {
    fn add(&mut self, x: f64, y: f64) {
        self.k += 1;
        self.sum_x += x;
        self.sum_y += y;
    }

    /// The means of x and y once every pair is added; `None` with fewer than 2 pairs.
    fn centre(&self) -> Option<(f64, f64)> {
        let kf = self.k as f64;
        (self.k >= 2).then(|| (self.sum_x / kf, self.sum_y / kf))
    }

    fn add_product(&mut self, (mx, my): (f64, f64), x: f64, y: f64) {
        self.products += (x - mx) * (y - my);
    }

    fn mean_covariance(&self, n_a: usize, n_b: usize) -> Option<f64> {
        self.centre()?;
        let kf = self.k as f64;
        let c = self.products / (kf - 1.0);
        Some(kf * c / (n_a * n_b) as f64)
    }
}

/// A unit-quarter: level, unit name (team, group or organisation) and quarter.
pub type UnitKey = (Level, String, Quarter);

/// The noise covariance of every unit-quarter's domain means (teams, groups and the
/// organisation), from responses, with the respondents who have at least one domain
/// score. Cells made only of hand-kept aggregated rows have none. For domains a and b
/// with respondents n_a, n_b and n_ab answering both, `cov(mean_a, mean_b) = n_ab * C_ab /
/// (n_a * n_b)` where C_ab is the sample covariance over the n_ab respondents; for a = b
/// this is the familiar `s² / n`. A pair with fewer than two respondents in common
/// counts 0 off the diagonal.
///
/// `units`: every unit-quarter with its respondents (rows of `ds.responses`) in file
/// order. Their scores are worked out unit by unit (those with no domain score left
/// out), so no copy of every respondent's scores is held.
pub(crate) fn unit_noise(
    scoring: &Scoring,
    units: Vec<(UnitKey, Vec<u32>)>,
) -> BTreeMap<UnitKey, UnitNoise> {
    use rayon::prelude::*;
    let d_count = scoring.domains();
    units
        .into_par_iter()
        .filter_map(|(key, rows)| {
            // Respondents without any domain score are left out (a unit of only such
            // respondents has no noise).
            let mut scores = Vec::with_capacity(rows.len() * d_count);
            for &r in &rows {
                let at = scores.len();
                scoring.scores(r as usize, &mut scores);
                if scores[at..].iter().all(Option::is_none) {
                    scores.truncate(at);
                }
            }
            drop(rows);
            let rows: Vec<&[Option<f64>]> = scores.chunks(d_count.max(1)).collect();
            (!rows.is_empty()).then(|| (key, noise_of(&rows, d_count)))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// One unit-quarter's noise: respondents with any domain score and the covariance of
/// the domain means.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitNoise {
    pub respondents: usize,
    /// Respondents with a score, per domain.
    pub answered: Vec<usize>,
    pub noise: CellNoise,
}

fn noise_of(rows: &[&[Option<f64>]], d_count: usize) -> UnitNoise {
    if rows.iter().all(|r| r.iter().all(Option::is_some)) {
        complete_noise(rows, d_count)
    } else {
        pairwise_noise(rows, d_count)
    }
}

/// [`pairwise_noise`] when every respondent has every domain score: each pair's sums
/// are then the sums of its two domains, so each domain is summed and centred once per
/// respondent. The additions happen in the same order, so the result is the same to the
/// bit.
fn complete_noise(rows: &[&[Option<f64>]], d_count: usize) -> UnitNoise {
    let k = rows.len();
    let mut sums = vec![-0.0f64; d_count];
    for r in rows {
        for (s, v) in sums.iter_mut().zip(r.iter().flatten()) {
            *s += v;
        }
    }
    let centres: Vec<f64> = sums.iter().map(|s| s / k as f64).collect();
    let mut products = vec![vec![-0.0f64; d_count]; d_count];
    let mut centred = vec![0.0; d_count];
    for r in rows {
        for ((c, v), m) in centred.iter_mut().zip(r.iter().flatten()).zip(&centres) {
            *c = v - m;
        }
        for a in 0..d_count {
            for b in a..d_count {
                products[a][b] += centred[a] * centred[b];
            }
        }
    }
    let mut mean_cov = vec![vec![0.0; d_count]; d_count];
    for a in 0..d_count {
        for b in a..d_count {
            let pair = PairSums {
                k,
                sum_x: sums[a],
                sum_y: sums[b],
                products: products[a][b],
            };
            if let Some(v) = pair.mean_covariance(k, k) {
                mean_cov[a][b] = v;
                mean_cov[b][a] = v;
            }
        }
    }
    UnitNoise {
        respondents: k,
        answered: vec![k; d_count],
        noise: CellNoise { mean_cov },
    }
}

/// Every pair of domains over the respondents who have both scores.
fn pairwise_noise(rows: &[&[Option<f64>]], d_count: usize) -> UnitNoise {
    let mut mean_cov = vec![vec![0.0; d_count]; d_count];
    let mut n = vec![0usize; d_count];
    // Every pair of domains (a <= b) summed in the same two passes over the rows.
    let pairs: Vec<(usize, usize)> = (0..d_count)
        .flat_map(|a| (a..d_count).map(move |b| (a, b)))
        .collect();
    let mut sums = vec![PairSums::default(); pairs.len()];
    for r in rows {
        for (d, v) in r.iter().enumerate() {
            n[d] += usize::from(v.is_some());
        }
        for (s, &(a, b)) in sums.iter_mut().zip(&pairs) {
            if let (Some(x), Some(y)) = (r[a], r[b]) {
                s.add(x, y);
            }
        }
    }
    let centres: Vec<Option<(f64, f64)>> = sums.iter().map(PairSums::centre).collect();
    for r in rows {
        for ((s, &(a, b)), centre) in sums.iter_mut().zip(&pairs).zip(&centres) {
            if let (Some(x), Some(y), Some(centre)) = (r[a], r[b], centre) {
                s.add_product(*centre, x, y);
            }
        }
    }
    for (s, &(a, b)) in sums.iter().zip(&pairs) {
        if let Some(v) = s.mean_covariance(n[a], n[b]) {
            mean_cov[a][b] = v;
            mean_cov[b][a] = v;
        }
    }
    UnitNoise {
        respondents: rows.len(),
        answered: n,
        noise: CellNoise { mean_cov },
    }
}

impl UnitNoise {
    /// The standard error of the mean of the domain means: `sqrt(sum_ab cov(mean_a,
    /// mean_b)) / D`. `None` when a domain has fewer than two respondents (its variance
    /// is unknown).
    pub fn overall_standard_error(&self) -> Option<f64> {
        let d = self.answered.len();
        if d == 0 || self.answered.iter().any(|&n| n < 2) {
            return None;
        }
        let total: f64 = self.noise.mean_cov.iter().flatten().sum();
        Some(total.max(0.0).sqrt() / d as f64)
    }
}

/// The team-quarters of [`unit_noise`], keyed by team name.
pub fn team_noise(units: &BTreeMap<UnitKey, UnitNoise>) -> Noise {
    let mut out = Noise::new();
    for ((level, unit, quarter), u) in units {
        if *level == Level::Team {
            out.entry(unit.clone())
                .or_default()
                .insert(*quarter, u.noise.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::close;
    use crate::validate::testing::{dataset, schema};

    /// By hand: Alpha = (a1 + a2) / 2, Beta = (b1 + (6 - b2)) / 2. Respondents: (4, 3),
    /// (3, 4), (5, 4.5). Alpha mean 4, Beta mean 3.8333; C_aa = 1, C_bb = 0.5833,
    /// C_ab = ((0)(-0.8333) + (-1)(0.1667) + (1)(0.6667)) / 2 = 0.25; n = 3 throughout.
    #[test]
    fn noise_covariance_of_cell_means_by_hand() {
        let s = schema();
        let ds = dataset(
            &s,
            "Team,Group,Quarter,a1,a2,b1,b2\n\
T,G,2024-Q1,4,4,3,3\n\
T,G,2024-Q1,3,3,4,2\n\
T,G,2024-Q1,5,5,5,2\n",
        );
        // Through the one pass the report uses.
        let (_, noise) = crate::metrics::scores::domain_scores_and_noise(&ds, &s).unwrap();
        let cell = &noise["T"][&Quarter::parse("2024-Q1").unwrap()];
        close(cell.mean_cov[0][0], 1.0 / 3.0, 1e-12);
        close(cell.mean_cov[1][1], 0.5833333333333334 / 3.0, 1e-12);
        close(cell.mean_cov[0][1], 0.25 / 3.0, 1e-12);
        close(cell.mean_cov[1][0], 0.25 / 3.0, 1e-12);
    }

    /// Respondents with every score take the shortcut, and it gives the pairwise
    /// result to the bit (pseudo-random scores on a 1-5 scale, three domains).
    #[test]
    fn complete_respondents_give_the_pairwise_noise_to_the_bit() {
        let mut x: u64 = 7;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            1.0 + ((x >> 33) % 17) as f64 / 4.0
        };
        let rows: Vec<Vec<Option<f64>>> = (0..41)
            .map(|_| (0..3).map(|_| Some(next())).collect())
            .collect();
        let refs: Vec<&[Option<f64>]> = rows.iter().map(Vec::as_slice).collect();
        let fast = complete_noise(&refs, 3);
        let slow = pairwise_noise(&refs, 3);
        assert_eq!(noise_of(&refs, 3), fast);
        assert_eq!(
            (fast.respondents, &fast.answered),
            (slow.respondents, &slow.answered)
        );
        for a in 0..3 {
            for b in 0..3 {
                let (f, s) = (fast.noise.mean_cov[a][b], slow.noise.mean_cov[a][b]);
                assert_eq!(f.to_bits(), s.to_bits(), "{a} {b}: {f} {s}");
            }
        }
        // Sanity against the plain formula: var(mean_0) = s^2 / n.
        let first: Vec<f64> = rows.iter().map(|r| r[0].unwrap()).collect();
        let m: f64 = first.iter().sum::<f64>() / 41.0;
        let s2: f64 = first.iter().map(|v| (v - m).powi(2)).sum::<f64>() / 40.0;
        close(fast.noise.mean_cov[0][0], s2 / 41.0, 1e-12);
    }
}
