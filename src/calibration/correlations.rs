//! Correlation flags between domains: level correlations (one point per team) and
//! "domains whose changes move together" (change correlations corrected for the halo).

use super::sim::Draws;
use super::{Calibration, Rate, Size};
use crate::metrics::correlations::{correlations, Kind, Method};
use crate::metrics::halo::{mean_covariance, CellNoise, Noise};
use crate::metrics::scores::{Cell, Level};
use crate::metrics::stats::mean_sd;
use crate::model::{Measure, Quarter, Screened};

/// A pair of standard normals correlated `r`.
fn pair(draws: &mut Draws, r: f64) -> [f64; 2] {
    let (z1, z2) = (draws.normal(), draws.normal());
    [z1, r * z1 + (1.0 - r * r).sqrt() * z2]
}

/// The shape of a simulated organisation: teams, quarters, respondents per cell.
type Shape = (usize, usize, usize);

/// One simulated organisation of two domains: team levels with sd 0.3 correlated
/// `team_r` across domains, team-quarter moves with sd 0.15 correlated `move_r`,
/// respondents' noise sd 0.7 correlated 0.5 across domains (the usual halo). Returns the
/// cells and the noise covariance of their means, as the report computes it.
fn organisation(
    draws: &mut Draws,
    (teams, quarters, n): Shape,
    (team_r, move_r): (f64, f64),
) -> (Vec<Screened<Cell>>, Noise) {
    let mut cells = Vec::new();
    let mut noise = Noise::new();
    for t in 0..teams {
        let z = pair(draws, team_r);
        let team = format!("T{t:03}");
        for q in 0..quarters {
            let m = pair(draws, move_r);
            let level = [0.3 * z[0] + 0.15 * m[0], 0.3 * z[1] + 0.15 * m[1]];
            let mut scores = [Vec::with_capacity(n), Vec::with_capacity(n)];
            for _ in 0..n {
                let e = pair(draws, 0.5);
                for d in 0..2 {
                    scores[d].push(3.2 + level[d] + 0.7 * e[d]);
                }
            }
            let period = Quarter(2024 * 4 + q as i32);
            // The noise of the cell means, by the report's own formula.
            let mut mean_cov = vec![vec![0.0; 2]; 2];
            for (a, row) in mean_cov.iter_mut().enumerate() {
                for (b, v) in row.iter_mut().enumerate() {
                    let both: Vec<(f64, f64)> = scores[a]
                        .iter()
                        .copied()
                        .zip(scores[b].iter().copied())
                        .collect();
                    *v = mean_covariance(&both, n, n).unwrap_or(0.0);
                }
            }
            for (d, s) in scores.iter().enumerate() {
                let (mean, sd) = mean_sd(s).expect("n >= 1");
                cells.push(Screened::new(
                    Cell {
                        level: Level::Team,
                        unit: team.clone(),
                        group: None,
                        period,
                        measure: Measure::Domain(d),
                        n: n as u32,
                        mean,
                        sd,
                        ci: None,
                        favourable: None,
                        n_unknown: false,
                    },
                    None,
                ));
            }
            noise
                .entry(team.clone())
                .or_default()
                .insert(period, CellNoise { mean_cov });
        }
    }
    (cells, noise)
}

/// Share of organisations whose Pearson `kind` correlation has adjusted p below 0.05.
fn significant(size: Size, seed: u64, kind: Kind, shape: Shape, r: (f64, f64)) -> Rate {
    let mut draws = Draws::new(seed);
    let runs = size.runs / 10;
    let hits = (0..runs)
        .filter(|_| {
            let (cells, noise) = organisation(&mut draws, shape, r);
            correlations(&cells, 2, &noise)
                .iter()
                .find(|c| c.kind == kind && c.method == Method::Pearson)
                .and_then(|c| c.p_adjusted)
                .is_some_and(|p| p < 0.05)
        })
        .count();
    Rate { hits, runs }
}

const SHAPES: [Shape; 5] = [(5, 6, 8), (15, 6, 8), (15, 12, 4), (50, 4, 15), (200, 3, 6)];

/// The worst rate over [`SHAPES`] with nothing related across domains.
fn worst_null(size: Size, seed: u64, kind: Kind) -> (Rate, String) {
    let mut worst = (Rate { hits: 0, runs: 1 }, String::new());
    for (i, shape) in SHAPES.iter().enumerate() {
        let r = significant(size, seed + i as u64, kind, *shape, (0.0, 0.0));
        if r.value() > worst.0.value() {
            let (teams, quarters, n) = shape;
            worst = (r, format!("{teams} teams, {quarters} quarters, n {n}"));
        }
    }
    worst
}

pub fn level_correlations(size: Size) -> Calibration {
    let (false_alarm, worst_setting) = worst_null(size, 0x1e7e, Kind::Levels);
    Calibration {
        flag: "level correlation (adjusted p < 0.05)",
        rule: "Pearson r of team levels (one point per team, its mean over shown quarters) with the halo's noise removed; t-test across teams",
        null: "team levels unrelated across two domains (sd 0.3); respondents' noise sd 0.7 with halo 0.5; 5-200 teams, 3-12 quarters, 4-15 respondents",
        nominal: 0.05,
        false_alarm,
        worst_setting,
        effect: "team levels correlated 0.6, 15 teams, 6 quarters, n 8",
        power: significant(size, 0x1e7e_0001, Kind::Levels, (15, 6, 8), (0.6, 0.0)),
    }
}

pub fn moving_together(size: Size) -> Calibration {
    let (false_alarm, worst_setting) = worst_null(size, 0xc0c0, Kind::Changes);
    Calibration {
        flag: "domains whose changes move together",
        rule: "Pearson r of changes with the expected sampling covariance (halo) removed; t-test of the corrected covariance summed within teams, across teams; BH-adjusted p < 0.05",
        null: "teams' quarter-to-quarter moves unrelated across two domains (sd 0.15); respondents' noise sd 0.7 with halo 0.5; 5-200 teams, 3-12 quarters, 4-15 respondents",
        nominal: 0.05,
        false_alarm,
        worst_setting,
        effect: "team moves correlated 0.6, 15 teams, 6 quarters, n 8",
        power: significant(size, 0xc0c0_0001, Kind::Changes, (15, 6, 8), (0.0, 0.6)),
    }
}
