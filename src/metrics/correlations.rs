//! Correlations between domains across team-quarters, of levels and of quarter-to-quarter
//! changes, with Benjamini-Hochberg adjustment. Only shown (publishable) cells are used.

use std::collections::BTreeMap;

use serde::Serialize;

use super::halo::Noise;
use super::scores::{Cell, Level};
use super::stats::{benjamini_hochberg, spearman, t_two_sided_p, Correlation};
use crate::model::{Quarter, Screened};

/// Fewer observations than this get a small-sample warning.
pub const SMALL_N: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Team levels: one point per team, its mean over the shown quarters where both
    /// domains exist (a team's quarters are not independent points).
    Levels,
    /// Changes from one observed quarter to the next within a team.
    Changes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Pearson,
    Spearman,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PairCorrelation {
    pub kind: Kind,
    pub method: Method,
    pub a: usize,
    pub b: usize,
    pub n: usize,
    /// `None` when undefined (fewer than 3 observations or no spread).
    pub result: Option<Correlation>,
    /// Benjamini-Hochberg adjusted p across the pairs of the same kind and method.
    pub p_adjusted: Option<f64>,
}

/// Team-quarter means of the shown domain cells: team -> quarter -> domain -> mean.
type TeamSeries = BTreeMap<String, BTreeMap<Quarter, BTreeMap<usize, f64>>>;

fn team_series(cells: &[Screened<Cell>]) -> TeamSeries {
    let mut out: TeamSeries = BTreeMap::new();
    let domain_cells = cells
        .iter()
        .filter_map(|c| c.shown())
        .filter(|c| c.level == Level::Team)
        .filter_map(|c| Some((c, c.measure.domain()?)));
    for (c, domain) in domain_cells {
        out.entry(c.unit.clone())
            .or_default()
            .entry(c.period)
            .or_default()
            .insert(domain, c.mean);
    }
    out
}

/// The expected sampling covariance matrix `[aa, bb, ab]` of one observation (a change,
/// or a team's mean level), from its cells' noise (zero where a cell has none, as for
/// hand-kept aggregated rows).
type ChangeNoise = [f64; 3];

/// Observations of one pair of domains: x, y, each one's noise, and the team it belongs
/// to (observations of one team are not independent).
type Observations = (Vec<f64>, Vec<f64>, Vec<ChangeNoise>, Vec<usize>);

/// Observations for one pair of domains, each change with its expected noise.
fn observations_with_noise(
    series: &TeamSeries,
    noise: &Noise,
    kind: Kind,
    a: usize,
    b: usize,
) -> Observations {
    let (mut xs, mut ys, mut ns, mut teams) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (t, (team, quarters)) in series.iter().enumerate() {
        let both: Vec<(Quarter, f64, f64)> = quarters
            .iter()
            .filter_map(|(q, d)| Some((*q, *d.get(&a)?, *d.get(&b)?)))
            .collect();
        let cell = |q: Quarter| noise.get(team).and_then(|t| t.get(&q));
        let of = |q: Quarter| -> ChangeNoise {
            cell(q).map_or([0.0; 3], |c| {
                [c.mean_cov[a][a], c.mean_cov[b][b], c.mean_cov[a][b]]
            })
        };
        match kind {
            Kind::Levels if !both.is_empty() => {
                let k = both.len() as f64;
                xs.push(both.iter().map(|p| p.1).sum::<f64>() / k);
                ys.push(both.iter().map(|p| p.2).sum::<f64>() / k);
                // The noise of a mean over k quarters: the cells' noise summed, over k².
                let mut n = [0.0; 3];
                for p in &both {
                    for (acc, v) in n.iter_mut().zip(of(p.0)) {
                        *acc += v / (k * k);
                    }
                }
                ns.push(n);
                teams.push(t);
            }
            Kind::Levels => {}
            Kind::Changes => {
                for w in both.windows(2) {
                    xs.push(w[1].1 - w[0].1);
                    ys.push(w[1].2 - w[0].2);
                    let (n0, n1) = (of(w[0].0), of(w[1].0));
                    ns.push([n0[0] + n1[0], n0[1] + n1[1], n0[2] + n1[2]]);
                    teams.push(t);
                }
            }
        }
    }
    (xs, ys, ns, teams)
}

/// Pearson r with the expected sampling noise removed: the mean noise covariance (and
/// variances) of the observations is subtracted before r is formed. The test of no
/// relation is a t-test on `e = (dx - mean)(dy - mean) * m/(m-1) - noise_ab`, summed
/// within each team (`team[i]`; a team's changes share cells, so they are not
/// independent) and tested across the T teams on T - 1 df; no interval is given.
pub fn halo_corrected(
    dx: &[f64],
    dy: &[f64],
    noise: &[ChangeNoise],
    team: &[usize],
) -> Option<Correlation> {
    let m = dx.len();
    if m < 3 || dy.len() != m || noise.len() != m || team.len() != m {
        return None;
    }
    let mf = m as f64;
    let (mx, my) = (dx.iter().sum::<f64>() / mf, dy.iter().sum::<f64>() / mf);
    let mean_noise = |k: usize| noise.iter().map(|n| n[k]).sum::<f64>() / mf;
    let cov = |u: &[f64], mu: f64, v: &[f64], mv: f64| {
        u.iter()
            .zip(v)
            .map(|(a, b)| (a - mu) * (b - mv))
            .sum::<f64>()
            / (mf - 1.0)
    };
    let va = cov(dx, mx, dx, mx) - mean_noise(0);
    let vb = cov(dy, my, dy, my) - mean_noise(1);
    if va <= 0.0 || vb <= 0.0 {
        return None;
    }
    let r = ((cov(dx, mx, dy, my) - mean_noise(2)) / (va * vb).sqrt()).clamp(-1.0, 1.0);
    let mut by_team: BTreeMap<usize, f64> = BTreeMap::new();
    for i in 0..m {
        *by_team.entry(team[i]).or_default() +=
            (dx[i] - mx) * (dy[i] - my) * mf / (mf - 1.0) - noise[i][2];
    }
    let e: Vec<f64> = by_team.into_values().collect();
    let tf = e.len() as f64;
    if tf < 2.0 {
        return None;
    }
    let me = e.iter().sum::<f64>() / tf;
    let se = (e.iter().map(|v| (v - me).powi(2)).sum::<f64>() / (tf - 1.0) / tf).sqrt();
    let p = if se > 0.0 {
        t_two_sided_p(me / se, tf - 1.0)
    } else {
        1.0
    };
    Some(Correlation {
        r,
        n: m,
        p,
        ci: None,
    })
}

/// Every pair of domains, for both kinds and both methods, sorted by kind, method, pair.
/// Pearson change correlations are corrected for the halo with `noise` (see
/// [`halo_corrected`]); Spearman's are of the raw changes.
pub fn correlations(
    cells: &[Screened<Cell>],
    d_count: usize,
    noise: &Noise,
) -> Vec<PairCorrelation> {
    let series = team_series(cells);
    let mut out = Vec::new();
    for kind in [Kind::Levels, Kind::Changes] {
        for method in [Method::Pearson, Method::Spearman] {
            let start = out.len();
            for a in 0..d_count {
                for b in a + 1..d_count {
                    let (x, y, ns, teams) = observations_with_noise(&series, noise, kind, a, b);
                    let result = match method {
                        Method::Pearson => halo_corrected(&x, &y, &ns, &teams),
                        Method::Spearman => spearman(&x, &y),
                    };
                    out.push(PairCorrelation {
                        kind,
                        method,
                        a,
                        b,
                        n: x.len(),
                        result,
                        p_adjusted: None,
                    });
                }
            }
            let family: Vec<usize> = (start..out.len())
                .filter(|&i| out[i].result.is_some())
                .collect();
            let ps: Vec<f64> = family
                .iter()
                .map(|&i| out[i].result.map_or(1.0, |r| r.p))
                .collect();
            for (&i, adj) in family.iter().zip(benjamini_hochberg(&ps)) {
                out[i].p_adjusted = Some(adj);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Measure;

    fn cell(team: &str, q: i32, domain: usize, mean: f64) -> Screened<Cell> {
        Screened::new(
            Cell {
                level: Level::Team,
                unit: team.into(),
                group: None,
                period: Quarter(q),
                measure: Measure::Domain(domain),
                n: 9,
                mean,
                sd: None,
                ci: None,
                favourable: None,
                n_unknown: false,
            },
            None,
        )
    }

    #[test]
    fn changes_are_taken_within_each_team_between_observed_quarters() {
        let mut cells = Vec::new();
        // Team X: domain 0 goes 3.0 -> 3.5 -> 3.4, domain 1 goes 2.0 -> 2.6 -> 2.4.
        for (q, a, b) in [(0, 3.0, 2.0), (1, 3.5, 2.6), (2, 3.4, 2.4)] {
            cells.push(cell("X", q, 0, a));
            cells.push(cell("X", q, 1, b));
        }
        // Team Y: 4.0 -> 3.0, 4.0 -> 3.5; a hidden cell in quarter 2 is not used.
        for (q, a, b) in [(0, 4.0, 4.0), (1, 3.0, 3.5)] {
            cells.push(cell("Y", q, 0, a));
            cells.push(cell("Y", q, 1, b));
        }
        let mut hidden = cell("Y", 2, 0, 1.0);
        hidden.hide(crate::model::Hidden::SmallGroup);
        cells.push(hidden);
        cells.push(cell("Y", 2, 1, 1.0));
        let series = team_series(&cells);
        let (x, y, _, _) = observations_with_noise(&series, &Noise::new(), Kind::Changes, 0, 1);
        let rounded = |v: Vec<f64>| {
            v.iter()
                .map(|f| (f * 100.0).round() / 100.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(rounded(x), vec![0.5, -0.1, -1.0]);
        assert_eq!(rounded(y), vec![0.6, -0.2, -0.5]);
        // Levels: one point per team, its mean over the quarters with both domains:
        // X (3.0 + 3.5 + 3.4) / 3 = 3.3; Y (4.0 + 3.0) / 2 = 3.5 (quarter 2 is hidden).
        let (lx, ly, _, _) = observations_with_noise(&series, &Noise::new(), Kind::Levels, 0, 1);
        assert_eq!(rounded(lx), vec![3.3, 3.5]);
        assert_eq!(rounded(ly), vec![2.33, 3.75]);
    }

    #[test]
    fn each_family_of_pairs_is_adjusted_together() {
        let mut cells = Vec::new();
        let values = [
            (3.0, 2.9, 3.3),
            (3.4, 3.5, 2.8),
            (2.8, 2.6, 3.9),
            (4.1, 4.0, 3.0),
            (3.6, 3.8, 3.1),
        ];
        for (t, (a, b, c)) in values.iter().enumerate() {
            let team = format!("T{t}");
            cells.push(cell(&team, 0, 0, *a));
            cells.push(cell(&team, 0, 1, *b));
            cells.push(cell(&team, 0, 2, *c));
        }
        let out = correlations(&cells, 3, &Noise::new());
        let levels: Vec<&PairCorrelation> = out
            .iter()
            .filter(|c| c.kind == Kind::Levels && c.method == Method::Pearson)
            .collect();
        assert_eq!(levels.len(), 3);
        let raw: Vec<f64> = levels.iter().map(|c| c.result.unwrap().p).collect();
        let adj = benjamini_hochberg(&raw);
        for (c, a) in levels.iter().zip(adj) {
            assert_eq!(c.p_adjusted, Some(a));
        }
        // One quarter per team: no changes at all.
        assert!(out
            .iter()
            .filter(|c| c.kind == Kind::Changes)
            .all(|c| c.n == 0 && c.result.is_none()));
    }

    /// The halo correction by hand (numpy/scipy): dx = [0.3, -0.1, 0.2, -0.4, 0.1],
    /// dy = [0.1, 0.05, 0.2, -0.3, -0.1], each change's noise var 0.01, cov 0.008.
    /// `C = np.cov(dx, dy)`; r = (C[0,1] - 0.008) / sqrt((C[0,0] - 0.01) * (C[1,1] -
    /// 0.01)) = 0.8311627737712982; p = `stats.ttest_1samp((dx - dx.mean()) * (dy -
    /// dy.mean()) * 5/4 - 0.008, 0).pvalue` = 0.28902289397474024. The raw r is 0.813
    /// with p 0.094: most of the apparent co-movement is shared noise.
    #[test]
    fn halo_corrected_change_correlation_by_hand() {
        let dx = [0.3, -0.1, 0.2, -0.4, 0.1];
        let dy = [0.1, 0.05, 0.2, -0.3, -0.1];
        let noise = [[0.01, 0.01, 0.008]; 5];
        // Each change its own team: the test is then over the five changes.
        let c = halo_corrected(&dx, &dy, &noise, &[0, 1, 2, 3, 4]).unwrap();
        assert!((c.r - 0.8311627737712982).abs() < 1e-12, "{}", c.r);
        assert!((c.p - 0.28902289397474024).abs() < 1e-9, "{}", c.p);
        assert!(crate::metrics::stats::pearson(&dx, &dy).unwrap().p < c.p);
        // Noise larger than the changes' own spread leaves no co-movement to measure.
        assert_eq!(
            halo_corrected(&dx, &dy, &[[1.0, 1.0, 0.5]; 5], &[0, 1, 2, 3, 4]),
            None
        );
        // The first three changes one team's, the last two another's: the test runs on
        // the two team sums of e (1 df). scipy: `stats.ttest_1samp([e[:3].sum(),
        // e[3:].sum()], 0).pvalue` = 0.24982355576196905.
        let two = halo_corrected(&dx, &dy, &noise, &[0, 0, 0, 1, 1]).unwrap();
        assert!((two.p - 0.24982355576196905).abs() < 1e-9, "{}", two.p);
    }
}
