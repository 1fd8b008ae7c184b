//! Correlations centred within a group: leading -> lagging indicators (within person)
//! and the learning-velocity factors (within practice).

use super::sim::Draws;
use super::{worst, Calibration, Rate, Size};
use crate::metrics::stats::{centre_within_groups, pearson_within_groups};

/// Share of runs whose within-group correlation has p below 0.05.
fn significant(
    runs: usize,
    seed: u64,
    mut draw: impl FnMut(&mut Draws) -> Vec<(usize, f64, f64)>,
) -> Rate {
    let mut draws = Draws::new(seed);
    let hits = (0..runs)
        .filter(|_| {
            let pairs = draw(&mut draws);
            let (x, y, groups) = centre_within_groups(&pairs);
            pearson_within_groups(&x, &y, groups).is_some_and(|c| c.p < 0.05)
        })
        .count();
    Rate { hits, runs }
}

/// People whose leading and lagging levels differ (correlated 0.8 across people); within
/// a person the leading value at t moves the lagging value at t + 1 by `effect`.
fn people(
    draws: &mut Draws,
    persons: usize,
    quarters: usize,
    effect: f64,
) -> Vec<(usize, f64, f64)> {
    let mut pairs = Vec::new();
    for p in 0..persons {
        let lead_level = 2.0 * draws.normal();
        let lag_level = 0.8 * lead_level + 1.2 * draws.normal();
        let lead: Vec<f64> = (0..quarters).map(|_| draws.normal()).collect();
        for now in &lead[..quarters - 1] {
            let later = lag_level + effect * now + draws.normal();
            pairs.push((p, lead_level + now, later));
        }
    }
    pairs
}

pub fn leading_lagging(size: Size) -> Calibration {
    let settings = [5, 12, 30]
        .into_iter()
        .flat_map(|p| [4, 8, 12].map(|q| (p, q)))
        .enumerate()
        .map(|(i, (persons, quarters))| {
            let seed = 0x1ead + 1 + i as u64;
            let r = significant(size.runs / 4, seed, |d| people(d, persons, quarters, 0.0));
            (r, format!("{persons} people, {quarters} quarters"))
        });
    let worst = worst(settings);
    Calibration {
        flag: "leading -> lagging correlation (p < 0.05)",
        rule: "Pearson r of leading at t and lagging at t + 1, centred within person, on n - people - 1 df",
        null: "people differ in level on both measures (correlated 0.8 across people), no within-person link; 5-30 people, 4-12 quarters",
        nominal: 0.05,
        false_alarm: worst.0,
        worst_setting: worst.1,
        effect: "within-person effect 0.5 (r about 0.45), 12 people, 8 quarters",
        power: significant(size.runs, 0x1ead_0001, |d| people(d, 12, 8, 0.5)),
    }
}

/// Practices whose typical health at introduction and typical time to consistent use
/// differ together (a hard practice introduced in a low season); within a practice a
/// team's days move with its health by `effect` days a point.
fn practices(draws: &mut Draws, count: usize, teams: usize, effect: f64) -> Vec<(usize, f64, f64)> {
    let mut pairs = Vec::new();
    for p in 0..count {
        let health = 3.2 + 0.4 * draws.normal();
        let days = 100.0 - 60.0 * (health - 3.2) + 20.0 * draws.normal();
        for _ in 0..teams {
            let h = 0.3 * draws.normal();
            pairs.push((p, health + h, days + effect * h + 30.0 * draws.normal()));
        }
    }
    pairs
}

pub fn velocity_factors(size: Size) -> Calibration {
    let settings = [2, 3, 5]
        .into_iter()
        .flat_map(|c| [5, 10].map(|t| (c, t)))
        .chain([(5, 40)])
        .enumerate()
        .map(|(i, (count, teams))| {
            let seed = 0x7e10 + 1 + i as u64;
            let r = significant(size.runs / 4, seed, |d| practices(d, count, teams, 0.0));
            (r, format!("{count} practices of {teams} teams"))
        });
    let worst = worst(settings);
    Calibration {
        flag: "velocity factor (p < 0.05)",
        rule: "Pearson r of health at introduction and days to consistent use, centred within practice, on n - practices - 1 df",
        null: "practices differ in typical health and days together; no link within a practice; 2-5 practices of 5-10 teams, and 5 of 40 (200 teams)",
        nominal: 0.05,
        false_alarm: worst.0,
        worst_setting: worst.1,
        effect: "-60 days a point of health within practice, 3 practices of 10 teams",
        power: significant(size.runs, 0x7e10_0001, |d| practices(d, 3, 10, -60.0)),
    }
}
