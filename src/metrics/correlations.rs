//! Correlations between domains across team-quarters, of levels and of quarter-to-quarter
//! changes, with Benjamini-Hochberg adjustment. Only shown (publishable) cells are used.

use std::collections::BTreeMap;

use serde::Serialize;

use super::halo::Noise;
use super::scores::{Cell, Level};
use super::stats::{
    adjust_family, mean_t, spearman, t_two_sided_p, test_across_units, Correlation,
};
use crate::model::{Quarter, Screened};

/// Fewer observations than this get a small-sample warning.
pub const SMALL_N: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Team levels: every shown team-quarter, each with its own cell's noise (a team's
    /// quarters are one unit in the tests).
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

/// Why a row has no r, or no p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// Fewer than 3 observations, or no spread in one of the domains.
    TooFew,
    /// The domain's spread across observations cannot be told from its sampling noise
    /// (the excess over the noise is not above zero at the 5% level, one-sided): there
    /// is nothing real left to correlate.
    WithinNoise(usize),
    /// The noise-corrected r falls outside -1 to 1: the noise is too uncertain to give r.
    Unstable,
    /// A rank correlation of the raw values: the same people answer both domains, so it
    /// includes their shared noise and no test of it holds its level.
    Descriptive,
    /// Tested, but even r = 1 would be found less than four times in five: the row has
    /// r and p, and no detectable r.
    Underpowered,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PairCorrelation {
    pub kind: Kind,
    pub method: Method,
    pub a: usize,
    pub b: usize,
    pub n: usize,
    /// The estimate, with a p-value only where the test holds its level (Pearson rows
    /// with the noise removed); `None` with the reason in `note`.
    pub result: Option<Correlation>,
    /// Benjamini-Hochberg adjusted p across the tested pairs of the same kind.
    pub p_adjusted: Option<f64>,
    /// Why there is no r, or (rank rows) no test, or no detectable r.
    pub note: Option<Note>,
    /// On tested rows: the smallest real r this data would find four times in five, were
    /// it the only related pair of its kind (see [`detectable_correlation`]).
    pub detectable: Option<f64>,
}

impl PairCorrelation {
    /// The two-sided p of the test of no relation, where the row has one.
    pub fn p(&self) -> Option<f64> {
        self.result
            .filter(|_| self.method == Method::Pearson)
            .map(|c| c.p)
    }
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

/// The expected sampling covariance matrix `[aa, bb, ab]` of one observation (a
/// team-quarter, or a change: the sum of its two cells'), from its cells' noise (zero
/// where a cell has none, as for hand-kept aggregated rows).
type ChangeNoise = [f64; 3];

/// Observations of one pair of domains: x, y, each one's noise, the team it belongs to
/// (observations of one team are not independent, so tests are across teams) and its
/// period (a quarter, or the two quarters of a change): each is compared with the other
/// teams' observations of the same period, so a shift of the whole organisation (both
/// domains improving over the year) is not read as a relation between teams.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observations {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub noise: Vec<ChangeNoise>,
    pub team: Vec<usize>,
    pub period: Vec<(Quarter, Quarter)>,
}

impl Observations {
    fn push(
        &mut self,
        (x, y): (f64, f64),
        noise: ChangeNoise,
        team: usize,
        period: (Quarter, Quarter),
    ) {
        self.x.push(x);
        self.y.push(y);
        self.noise.push(noise);
        self.team.push(team);
        self.period.push(period);
    }
}

/// Observations for one pair of domains, each with its expected noise.
fn observations_with_noise(
    series: &TeamSeries,
    noise: &Noise,
    kind: Kind,
    a: usize,
    b: usize,
) -> Observations {
    let mut out = Observations::default();
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
            Kind::Levels => {
                // Every shown team-quarter with its own cell's noise: a cell's noise is
                // known exactly from its respondents, whoever answered other quarters.
                for p in &both {
                    out.push((p.1, p.2), of(p.0), t, (p.0, p.0));
                }
            }
            Kind::Changes => {
                for w in both.windows(2) {
                    let (n0, n1) = (of(w[0].0), of(w[1].0));
                    let n = [n0[0] + n1[0], n0[1] + n1[1], n0[2] + n1[2]];
                    out.push((w[1].1 - w[0].1, w[1].2 - w[0].2), n, t, (w[0].0, w[1].0));
                }
            }
        }
    }
    out
}

/// Each observation's deviations from its period's means and the factor `T/(T-1)` that
/// makes their product unbiased for the covariance (`T` observations in the period);
/// observations alone in their period carry no comparison and get factor 0.
fn centred(obs: &Observations) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut by_period: BTreeMap<(Quarter, Quarter), (f64, f64, usize)> = BTreeMap::new();
    for i in 0..obs.x.len() {
        let e = by_period.entry(obs.period[i]).or_insert((-0.0, -0.0, 0));
        e.0 += obs.x[i];
        e.1 += obs.y[i];
        e.2 += 1;
    }
    let (mut du, mut dv, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..obs.x.len() {
        let (sx, sy, k) = by_period[&obs.period[i]];
        let kf = k as f64;
        du.push(obs.x[i] - sx / kf);
        dv.push(obs.y[i] - sy / kf);
        w.push(if k > 1 { kf / (kf - 1.0) } else { 0.0 });
    }
    (du, dv, w)
}

/// Per team, the sum over its observations of `du * dv * w - noise[k]` (`w` 0: not
/// compared, no term): each observation's product beyond its expected sampling noise.
/// Its mean over teams estimates the real (co)variance between teams; teams are the
/// independent units of the tests.
fn team_excess(du: &[f64], dv: &[f64], w: &[f64], obs: &Observations, k: usize) -> Vec<f64> {
    let mut by_team: BTreeMap<usize, f64> = BTreeMap::new();
    for i in (0..du.len()).filter(|&i| w[i] > 0.0) {
        *by_team.entry(obs.team[i]).or_default() += du[i] * dv[i] * w[i] - obs.noise[i][k];
    }
    by_team.into_values().collect()
}

/// Pearson r with the expected sampling noise removed: each observation is compared
/// with the others of its period (see [`Observations`]), and its product of deviations,
/// made unbiased by `T/(T-1)`, less its noise covariance is its share of the real
/// covariance between teams (`e`, summed within each team). Each domain's variance beyond
/// its noise must be above zero (one-sided t-test of the teams' `e_aa` at 5%), or there
/// is nothing real to correlate ([`Note::WithinNoise`]); r is `mean e_ab / sqrt(mean
/// e_aa * mean e_bb)`, and one outside -1 to 1 is never printed, clamped or not
/// ([`Note::Unstable`]). The test of no relation is the t-test of the teams' `e_ab` on
/// T - 1 df; no interval is given, but r's standard error (that of the mean `e_ab`, on
/// r's scale), which gives the detectable r.
pub fn halo_corrected(obs: &Observations) -> Result<Correlation, Note> {
    let (du, dv, w) = centred(obs);
    let compared = w.iter().filter(|w| **w > 0.0).count();
    let spread = |d: &[f64]| d.iter().zip(&w).any(|(v, w)| *w > 0.0 && *v != 0.0);
    if compared < 3 || !spread(&du) || !spread(&dv) {
        return Err(Note::TooFew);
    }
    let mean = |e: &[f64]| e.iter().sum::<f64>() / e.len().max(1) as f64;
    let real = |e: &[f64]| {
        mean_t(e).is_some_and(|t| t > 0.0 && t_two_sided_p(t, e.len() as f64 - 1.0) / 2.0 < 0.05)
    };
    let ea = team_excess(&du, &du, &w, obs, 0);
    if !real(&ea) {
        return Err(Note::WithinNoise(0));
    }
    let eb = team_excess(&dv, &dv, &w, obs, 1);
    if !real(&eb) {
        return Err(Note::WithinNoise(1));
    }
    let e = team_excess(&du, &dv, &w, obs, 2);
    let r = mean(&e) / (mean(&ea) * mean(&eb)).sqrt();
    if !(-1.0..=1.0).contains(&r) {
        return Err(Note::Unstable);
    }
    // The same teams as e_aa's test, so at least 2 of them.
    let (p, se, df) = test_across_units(&e).ok_or(Note::TooFew)?;
    Ok(Correlation {
        r,
        n: compared,
        p,
        ci: None,
        se: Some((se / (mean(&ea) * mean(&eb)).sqrt(), df)),
    })
}

/// Every pair of domains, for both kinds and both methods, sorted by kind, method, pair.
/// Pearson rows have the halo removed (see [`halo_corrected`]) and are tested, with
/// Benjamini-Hochberg across the pairs of a kind; Spearman rows rank the raw values and
/// carry no test ([`Note::Descriptive`]).
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
                    let obs = observations_with_noise(&series, noise, kind, a, b);
                    let (result, note) = match method {
                        Method::Pearson => match halo_corrected(&obs) {
                            Ok(c) => (Some(c), None),
                            Err(Note::WithinNoise(0)) => (None, Some(Note::WithinNoise(a))),
                            Err(Note::WithinNoise(_)) => (None, Some(Note::WithinNoise(b))),
                            Err(why) => (None, Some(why)),
                        },
                        Method::Spearman => match spearman(&obs.x, &obs.y) {
                            Some(c) => (Some(c), Some(Note::Descriptive)),
                            None => (None, Some(Note::TooFew)),
                        },
                    };
                    out.push(PairCorrelation {
                        kind,
                        method,
                        a,
                        b,
                        n: obs.x.len(),
                        result,
                        p_adjusted: None,
                        note,
                        detectable: None,
                    });
                }
            }
            // Adjusted over the tested pairs of the kind. Which pairs are tested depends on
            // each domain's variance beyond its noise, not on the covariance (a filter in
            // the sense of Bourgon, Gentleman and Huber 2010); the calibration suite counts
            // false alarms with this filter in place.
            let tested: Vec<_> = out[start..]
                .iter()
                .map(|c| c.result.filter(|_| c.p().is_some()))
                .collect();
            for (c, (p_adjusted, detectable)) in out[start..].iter_mut().zip(adjust_family(&tested))
            {
                (c.p_adjusted, c.detectable) = (p_adjusted, detectable);
                if p_adjusted.is_some() && detectable.is_none() {
                    c.note = Some(Note::Underpowered);
                }
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
        let changes = observations_with_noise(&series, &Noise::new(), Kind::Changes, 0, 1);
        let rounded = |v: Vec<f64>| {
            v.iter()
                .map(|f| (f * 100.0).round() / 100.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(rounded(changes.x), vec![0.5, -0.1, -1.0]);
        assert_eq!(rounded(changes.y), vec![0.6, -0.2, -0.5]);
        // Each change is compared with the other teams' changes over the same quarters.
        let q = Quarter;
        assert_eq!(
            changes.period,
            vec![(q(0), q(1)), (q(1), q(2)), (q(0), q(1))]
        );
        // Levels: every shown team-quarter with both domains (Y's quarter 2 is hidden),
        // each with its team for the test.
        let levels = observations_with_noise(&series, &Noise::new(), Kind::Levels, 0, 1);
        assert_eq!(rounded(levels.x), vec![3.0, 3.5, 3.4, 4.0, 3.0]);
        assert_eq!(rounded(levels.y), vec![2.0, 2.6, 2.4, 4.0, 3.5]);
        assert_eq!(levels.team, vec![0, 0, 0, 1, 1]);
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
            (2.5, 2.7, 3.6),
            (3.9, 3.6, 2.7),
            (3.2, 3.1, 3.4),
        ];
        // Eight teams: each domain's spread is real (scipy `ttest_1samp` of the squared
        // deviations, one-sided: p 0.013, 0.004, 0.018), so every pair is tested.
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
        let raw: Vec<f64> = levels.iter().map(|c| c.p().unwrap()).collect();
        let adj = crate::metrics::stats::benjamini_hochberg(&raw);
        for (c, a) in levels.iter().zip(adj) {
            assert_eq!(c.p_adjusted, Some(a));
        }
        // Rank rows are described, never tested.
        assert!(out
            .iter()
            .filter(|c| c.method == Method::Spearman)
            .all(|c| c.p().is_none() && c.p_adjusted.is_none()));
        assert!(out
            .iter()
            .filter(|c| c.method == Method::Spearman && c.kind == Kind::Levels)
            .all(|c| c.note == Some(Note::Descriptive) && c.result.is_some()));
        // One quarter per team: no changes at all.
        assert!(out
            .iter()
            .filter(|c| c.kind == Kind::Changes)
            .all(|c| c.n == 0 && c.result.is_none()));
    }

    /// Observations of one period (so centred on their overall means), `team[i]`'s.
    fn one_period(x: &[f64], y: &[f64], noise: ChangeNoise, team: &[usize]) -> Observations {
        let mut o = Observations::default();
        for i in 0..x.len() {
            o.push((x[i], y[i]), noise, team[i], (Quarter(0), Quarter(1)));
        }
        o
    }

    /// The halo correction by hand (numpy/scipy), eight changes of one period, each its
    /// own team: dx = [0.5, -0.4, 0.3, -0.6, 0.2, 0.45, -0.35, 0.1], dy = [0.3, -0.2, 0.35,
    /// -0.5, 0.05, 0.2, -0.3, 0.15], each change's noise var 0.01, cov 0.008. `C =
    /// np.cov(dx, dy)`; r = (C[0,1] - 0.008) / sqrt((C[0,0] - 0.01) * (C[1,1] - 0.01)) =
    /// 0.9666058458940479; p = `stats.ttest_1samp((dx - dx.mean()) * (dy - dy.mean()) *
    /// 8/7 - 0.008, 0).pvalue` = 0.022287072862177078. Each variance is real:
    /// `ttest_1samp((dx - dx.mean())**2 * 8/7 - 0.01, 0, alternative='greater')` gives
    /// 0.0063 (dy: 0.018).
    #[test]
    fn halo_corrected_change_correlation_by_hand() {
        let dx = [0.5, -0.4, 0.3, -0.6, 0.2, 0.45, -0.35, 0.1];
        let dy = [0.3, -0.2, 0.35, -0.5, 0.05, 0.2, -0.3, 0.15];
        let own: Vec<usize> = (0..8).collect();
        let c = halo_corrected(&one_period(&dx, &dy, [0.01, 0.01, 0.008], &own)).unwrap();
        let (se, df) = c.se.unwrap();
        assert_eq!(df, 7.0);
        assert!((c.r - 0.9666058458940479).abs() < 1e-12, "{}", c.r);
        assert!((c.p - 0.022287072862177078).abs() < 1e-9, "{}", c.p);
        // r's standard error: with e, e_aa, e_bb the products above less their noise,
        // `e.std(ddof=1) / sqrt(8) / sqrt(e_aa.mean() * e_bb.mean())` = 0.33084058594068927,
        // on 7 df; the detectable r, se * t.ppf(0.975, 7) / norm.ppf(0.975) *
        // (norm.ppf(0.975) + norm.ppf(0.8)) = 1.118, is above 1: none.
        assert!((se - 0.33084058594068927).abs() < 1e-12, "{se}");
        assert_eq!(crate::metrics::stats::detectable_correlation(&c, 1), None);
        // A noise covariance of -0.01 would give r = 1.119 (numpy, as above): no r,
        // not a clamped 1.
        assert_eq!(
            halo_corrected(&one_period(&dx, &dy, [0.01, 0.01, -0.01], &own)),
            Err(Note::Unstable)
        );
        // Noise larger than the changes' own spread leaves nothing to correlate.
        assert_eq!(
            halo_corrected(&one_period(&dx, &dy, [1.0, 1.0, 0.5], &own)),
            Err(Note::WithinNoise(0))
        );
        // The first five changes one team's, the last three another's: on 1 df the
        // excess variance of dx is not above zero (one-sided p 0.143 by the same
        // ttest_1samp on the two team sums), so there is no r.
        let two = one_period(&dx, &dy, [0.01, 0.01, 0.008], &[0, 0, 0, 0, 0, 1, 1, 1]);
        assert_eq!(halo_corrected(&two), Err(Note::WithinNoise(0)));
        // Five changes of spread close to the noise: one-sided p 0.081 for dx's excess.
        let small = [0.3, -0.1, 0.2, -0.4, 0.1];
        let five = one_period(&small, &small, [0.01, 0.01, 0.008], &[0, 1, 2, 3, 4]);
        assert_eq!(halo_corrected(&five), Err(Note::WithinNoise(0)));
    }

    /// Two periods whose means differ (the whole organisation moved) by 1 point in both
    /// domains: centred within its period, each observation keeps only how it differs
    /// from the other teams, so the shift adds nothing. The second period is the first
    /// plus 1 in both domains, so r equals the one-period r of the same deviations:
    /// numpy over the 16 deviations `np.r_[dx - dx.mean(), dx - dx.mean()]` (and dy) with
    /// weights 8/7 gives the same 0.9666058458940479 as above.
    #[test]
    fn a_shift_of_the_whole_organisation_is_not_a_relation() {
        let dx = [0.5, -0.4, 0.3, -0.6, 0.2, 0.45, -0.35, 0.1];
        let dy = [0.3, -0.2, 0.35, -0.5, 0.05, 0.2, -0.3, 0.15];
        let mut o = Observations::default();
        for (period, shift) in [
            ((Quarter(0), Quarter(0)), 0.0),
            ((Quarter(1), Quarter(1)), 1.0),
        ] {
            for i in 0..8 {
                o.push(
                    (dx[i] + shift, dy[i] + shift),
                    [0.01, 0.01, 0.008],
                    i,
                    period,
                );
            }
        }
        let c = halo_corrected(&o).unwrap();
        assert!((c.r - 0.9666058458940479).abs() < 1e-12, "{}", c.r);
        // Uncentred, the shift pulls the plain r of the 16 points up to 0.9741 (numpy
        // `np.corrcoef(np.r_[dx, dx + 1], np.r_[dy, dy + 1])`).
        let raw = crate::metrics::stats::pearson(&o.x, &o.y).unwrap();
        assert!((raw.r - 0.97410004398142).abs() < 1e-9, "{}", raw.r);
    }
}
