//! Trends per unit and domain over the quarters it has shown (publishable) scores for:
//! least-squares slope, consistency and a plain status. Hidden cells are never used.

use std::collections::BTreeMap;

use serde::Serialize;

use super::scores::{Cell, Level};
use super::stats::{ols, Slope};
use crate::model::{Measure, Quarter, Screened};

/// Where a change's standard error is known, it counts as a clear move when it exceeds
/// this many standard errors (chosen by the calibration suite: a flat team is then
/// called improving, or declining, in at most about 3% of runs).
pub const CHANGE_SE: f64 = 1.0;
/// Where no sd exists (hand-kept aggregated rows), a change of less than this many
/// scale points counts as no movement.
pub const STEP: f64 = 0.05;
/// A slope whose whole 95% interval lies within +/- this many points per quarter is flat.
pub const FLAT_BAND: f64 = 0.1;
/// A flat series must also keep its means within this range to be called stuck.
pub const FLAT_RANGE: f64 = 0.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Improving,
    Declining,
    Stuck,
    NoClearTrend,
    NotEnoughData,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Improving => "improving",
            Status::Declining => "declining",
            Status::Stuck => "stuck",
            Status::NoClearTrend => "no clear trend",
            Status::NotEnoughData => "not enough data",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub level: Level,
    pub unit: String,
    pub measure: Measure,
    /// Shown quarters, oldest first, with their means.
    pub series: Vec<(Quarter, f64)>,
    pub latest_change: Option<f64>,
    pub slope: Option<Slope>,
    /// Share of quarter-to-quarter changes with the slope's sign.
    pub consistency: Option<f64>,
    pub status: Status,
}

impl Trend {
    /// The quarter the latest change is measured from (the previous shown quarter, which
    /// is not the calendar's previous quarter when one between is hidden or missing).
    pub fn latest_change_from(&self) -> Option<Quarter> {
        let n = self.series.len();
        (n >= 2).then(|| self.series[n - 2].0)
    }

    /// The latest change spans a quarter that is hidden or missing.
    pub fn latest_change_spans_a_gap(&self) -> bool {
        match (self.latest_change_from(), self.latest()) {
            (Some(from), Some((to, _))) => to.0 - from.0 > 1,
            _ => false,
        }
    }

    pub fn first(&self) -> Option<(Quarter, f64)> {
        self.series.first().copied()
    }

    pub fn latest(&self) -> Option<(Quarter, f64)> {
        self.series.last().copied()
    }
}

/// The standard error of each quarter-to-quarter change, `sqrt(sd_a²/n_a + sd_b²/n_b)`,
/// where both cells have an sd (none for aggregated rows).
pub fn change_ses(cells: &[(Option<f64>, u32)]) -> Vec<Option<f64>> {
    cells
        .windows(2)
        .map(|w| match (w[0], w[1]) {
            ((Some(a), na), (Some(b), nb)) if na > 0 && nb > 0 => {
                Some((a * a / na as f64 + b * b / nb as f64).sqrt())
            }
            _ => None,
        })
        .collect()
}

/// A series' slope and status: least squares of the `means` on the quarter index `x`,
/// judged also against the means' own sampling noise ([`sampling_se`],
/// [`Slope::with_noise_floor`]), and the status rule with each change's standard error.
/// `cells` holds each mean's sd and n.
pub fn fit(x: &[f64], means: &[f64], cells: &[(Option<f64>, u32)]) -> (Option<Slope>, Status) {
    let slope = ols(x, means).map(|s| match sampling_se(x, cells) {
        Some(floor) => s.with_noise_floor(floor),
        None => s,
    });
    let status = classify(means, &change_ses(cells), slope.as_ref());
    (slope, status)
}

/// The standard error the slope has from the sampling noise of its means alone,
/// `sqrt(Σ (t - t̄)² sd²/n) / Σ (t - t̄)²`: a floor under the least-squares one. None
/// when a cell has no sd (hand-kept aggregated rows).
pub fn sampling_se(x: &[f64], cells: &[(Option<f64>, u32)]) -> Option<f64> {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let sxx: f64 = x.iter().map(|t| (t - mean).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let mut var = 0.0;
    for (t, (sd, k)) in x.iter().zip(cells) {
        let sd = (*sd)?;
        if *k == 0 {
            return None;
        }
        var += (t - mean).powi(2) * sd * sd / *k as f64;
    }
    Some(var.sqrt() / sxx)
}

/// The documented status rule (README, "Trend status"). `ses` holds each change's
/// standard error (see [`change_ses`]).
pub fn classify(means: &[f64], ses: &[Option<f64>], slope: Option<&Slope>) -> Status {
    let Some(slope) = slope.filter(|_| means.len() >= 3) else {
        return Status::NotEnoughData;
    };
    let changes: Vec<f64> = means.windows(2).map(|w| w[1] - w[0]).collect();
    let bar = |i: usize| {
        ses.get(i)
            .copied()
            .flatten()
            .map_or(STEP, |se| CHANGE_SE * se)
    };
    let all_up = changes.iter().enumerate().all(|(i, c)| *c > bar(i));
    let all_down = changes.iter().enumerate().all(|(i, c)| *c < -bar(i));
    if slope.ci_low > 0.0 || all_up {
        return Status::Improving;
    }
    if slope.ci_high < 0.0 || all_down {
        return Status::Declining;
    }
    let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if slope.ci_low >= -FLAT_BAND && slope.ci_high <= FLAT_BAND && hi - lo <= FLAT_RANGE {
        return Status::Stuck;
    }
    Status::NoClearTrend
}

/// Share of changes with the same sign as `slope` (a zero change matches a zero slope).
pub fn consistency(means: &[f64], slope: f64) -> Option<f64> {
    let changes: Vec<f64> = means.windows(2).map(|w| w[1] - w[0]).collect();
    if changes.is_empty() {
        return None;
    }
    let same = changes
        .iter()
        .filter(|c| c.signum() == slope.signum() && (**c != 0.0 || slope == 0.0))
        .count();
    Some(same as f64 / changes.len() as f64)
}

/// One trend per (level, unit, measure) from the shown cells.
pub fn trends(cells: &[Screened<Cell>]) -> Vec<Trend> {
    type Point = (Quarter, f64, Option<f64>, u32);
    let mut series: BTreeMap<(Level, String, Measure), Vec<Point>> = BTreeMap::new();
    for c in cells.iter().filter_map(|c| c.shown()) {
        series
            .entry((c.level, c.unit.clone(), c.measure))
            .or_default()
            .push((c.period, c.mean, c.sd, c.n));
    }
    series
        .into_iter()
        .map(|((level, unit, measure), mut full)| {
            full.sort_by_key(|p| p.0);
            let points: Vec<(Quarter, f64)> = full.iter().map(|p| (p.0, p.1)).collect();
            let first = points[0].0;
            let x: Vec<f64> = points.iter().map(|p| (p.0 .0 - first.0) as f64).collect();
            let y: Vec<f64> = points.iter().map(|p| p.1).collect();
            let noise: Vec<(Option<f64>, u32)> = full.iter().map(|p| (p.2, p.3)).collect();
            let (slope, status) = fit(&x, &y, &noise);
            let latest_change = (y.len() >= 2).then(|| y[y.len() - 1] - y[y.len() - 2]);
            Trend {
                level,
                unit,
                measure,
                latest_change,
                consistency: slope.as_ref().and_then(|s| consistency(&y, s.slope)),
                slope,
                status,
                series: points,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Status of means without an sd (as in a hand-kept sheet): the fixed step applies.
    fn status_of(means: &[f64]) -> Status {
        let x: Vec<f64> = (0..means.len()).map(|i| i as f64).collect();
        classify(means, &[], ols(&x, means).as_ref())
    }

    fn status_with(means: &[f64], sd: f64, n: u32) -> Status {
        let x: Vec<f64> = (0..means.len()).map(|i| i as f64).collect();
        let ses = change_ses(&vec![(Some(sd), n); means.len()]);
        classify(means, &ses, ols(&x, means).as_ref())
    }

    /// Regression: every change above a fixed 0.05 called flat teams improving in 9-12%
    /// of runs; a change must now exceed its own standard error.
    #[test]
    fn rises_within_the_noise_are_not_improving() {
        // Changes +0.35, +0.10; the 1-df slope interval (0.225 +/- 12.71 * 0.075) holds 0.
        // sd 0.9 and n 6 per cell: each change's se is sqrt(2 * 0.81 / 6) = 0.5196.
        assert_eq!(
            status_with(&[3.0, 3.35, 3.45], 0.9, 6),
            Status::NoClearTrend
        );
        // Without an sd the fixed 0.05 step applied, and it read as improving.
        assert_eq!(status_of(&[3.0, 3.35, 3.45]), Status::Improving);
        // The same rises with n 400: se 0.0636, both changes exceed it.
        assert_eq!(status_with(&[3.0, 3.35, 3.45], 0.9, 400), Status::Improving);
        assert_eq!(status_with(&[3.45, 3.1, 3.0], 0.9, 400), Status::Declining);
    }

    /// Regression: three means of three respondents lying exactly on a line (2.3333,
    /// 2.5, 2.6667, the tiny fixture's team B) gave a slope interval of zero width and
    /// "improving". By hand: sd²/n = 0.0833/3, 0.25/3, 0.0833/3 at t = 0, 1, 2;
    /// Σ (t - 1)² sd²/n = 2 × 0.027778 = 0.055556; Sxx = 2; the noise alone gives the
    /// slope a standard error of sqrt(0.055556) / 2 = 0.117851, so the interval is
    /// 0.1667 ± 1.96 × 0.117851 = ± 0.2310 and p = 0.1573 (SciPy:
    /// `stats.norm.ppf(0.975) * 0.117851`, `2 * stats.norm.sf(0.16667 / 0.117851)`).
    #[test]
    fn a_slope_through_noisy_means_keeps_their_noise() {
        let x = [0.0, 1.0, 2.0];
        let means = [7.0 / 3.0, 2.5, 8.0 / 3.0];
        let cells = [(Some(0.288675), 3), (Some(0.5), 3), (Some(0.288675), 3)];
        let floor = sampling_se(&x, &cells).unwrap();
        assert!((floor - 0.117851).abs() < 1e-5, "{floor}");
        let slope = ols(&x, &means).unwrap();
        assert!(slope.se < 1e-12, "an exact fit");
        let judged = slope.with_noise_floor(floor);
        assert!(
            (judged.ci_high - judged.slope - 0.2310).abs() < 1e-3,
            "{judged:?}"
        );
        assert!((judged.p - 0.1573).abs() < 1e-3, "{judged:?}");
        let ses = change_ses(&cells);
        assert_eq!(classify(&means, &ses, Some(&judged)), Status::NoClearTrend);
        assert_eq!(
            classify(&means, &ses, Some(&slope)),
            Status::Improving,
            "as before"
        );
        // Aggregated rows have no sd: no floor.
        assert_eq!(
            sampling_se(&x, &[(None, 3), (Some(0.5), 3), (Some(0.5), 3)]),
            None
        );
    }

    /// A wider least-squares interval is kept as it is; its p stays the larger one.
    #[test]
    fn a_wide_least_squares_interval_is_kept() {
        let x = [0.0, 1.0, 2.0];
        let slope = ols(&x, &[3.1667, 4.1667, 4.6667]).unwrap();
        let judged = slope.with_noise_floor(0.2357);
        assert_eq!(
            (judged.ci_low, judged.ci_high),
            (slope.ci_low, slope.ci_high)
        );
        assert_eq!(judged.p, slope.p);
    }

    #[test]
    fn change_standard_errors_by_hand() {
        let ses = change_ses(&[(Some(0.9), 6), (Some(0.6), 9), (None, 12)]);
        // sqrt(0.81/6 + 0.36/9) = sqrt(0.135 + 0.04)
        assert!((ses[0].unwrap() - 0.175f64.sqrt()).abs() < 1e-12);
        assert_eq!(ses[1], None);
    }

    #[test]
    fn three_rising_quarters_read_as_improving_despite_a_wide_interval() {
        // 1 df: the slope interval is wide (0.35 +/- 12.7 * se) but every change is up.
        let x = [0.0, 1.0, 2.0];
        let s = ols(&x, &[2.8, 3.1, 3.5]).unwrap();
        assert!(s.ci_low < 0.0, "the interval alone would not say improving");
        assert_eq!(status_of(&[2.8, 3.1, 3.5]), Status::Improving);
    }

    #[test]
    fn steady_fall_is_declining() {
        assert_eq!(status_of(&[3.9, 3.7, 3.6, 3.3]), Status::Declining);
    }

    #[test]
    fn significant_slope_with_a_dip_is_still_improving() {
        // Slope CI above 0 (SciPy linregress: slope 0.2065, p = 5.6e-6) though one change is down.
        assert_eq!(
            status_of(&[3.0, 3.3, 3.25, 3.6, 3.9, 4.0, 4.3, 4.4]),
            Status::Improving
        );
    }

    #[test]
    fn flat_series_with_a_tight_interval_is_stuck() {
        assert_eq!(
            status_of(&[3.40, 3.42, 3.39, 3.41, 3.40, 3.42]),
            Status::Stuck
        );
    }

    #[test]
    fn noisy_series_has_no_clear_trend() {
        assert_eq!(status_of(&[3.0, 3.8, 3.1, 3.9, 3.0]), Status::NoClearTrend);
    }

    #[test]
    fn two_quarters_are_not_enough() {
        assert_eq!(status_of(&[3.0, 3.5]), Status::NotEnoughData);
    }

    #[test]
    fn consistency_counts_changes_in_the_slope_direction() {
        // Changes +0.3, -0.05, +0.35, +0.3: three of four are up.
        assert_eq!(consistency(&[3.0, 3.3, 3.25, 3.6, 3.9], 0.2), Some(0.75));
    }

    /// Regression: the latest change silently spanned a hidden quarter.
    #[test]
    fn the_latest_change_says_which_quarter_it_is_from() {
        let q = |l: &str| Quarter::parse(l).unwrap();
        let cell = |period: Quarter, mean: f64| {
            Screened::new(
                Cell {
                    level: Level::Team,
                    unit: "T".into(),
                    group: None,
                    period,
                    measure: Measure::Domain(0),
                    n: 9,
                    mean,
                    sd: Some(0.5),
                    ci: None,
                    favourable: None,
                    n_unknown: false,
                },
                None,
            )
        };
        let mut cells = vec![
            cell(q("2025-Q1"), 3.0),
            cell(q("2025-Q2"), 3.2),
            cell(q("2025-Q3"), 9.9),
            cell(q("2025-Q4"), 3.5),
        ];
        cells[2].hide(crate::model::Hidden::SmallGroup);
        let t = &trends(&cells)[0];
        assert_eq!(t.latest_change_from(), Some(q("2025-Q2")));
        assert!(t.latest_change_spans_a_gap());
        assert!((t.latest_change.unwrap() - 0.3).abs() < 1e-12);
    }
}
