//! Checklist flags: the milestone-health link (completion against the next quarter's
//! change in team health) and the growth-indicator trend of a leader.

use super::sim::Draws;
use super::{worst, Calibration, Rate, Size};
use crate::metrics::growth::{monthly_slope, MIN_MONTHS};
use crate::metrics::stats::pearson;

/// One organisation's points: per team and quarter, the checklist completion share and
/// the change in the team's mean to the next quarter. Teams have a lasting completion
/// habit (sd 0.2 around 0.5) and team means with sampling noise (sd 0.2); the change
/// moves with completion by `effect` points per unit share.
fn milestone_points(
    draws: &mut Draws,
    teams: usize,
    quarters: usize,
    effect: f64,
) -> (Vec<f64>, Vec<f64>) {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for _ in 0..teams {
        let habit = 0.5 + 0.2 * draws.normal();
        let share: Vec<f64> = (0..quarters)
            .map(|_| (habit + 0.1 * draws.normal()).clamp(0.0, 1.0))
            .collect();
        let mut level = 3.2;
        let mut means = Vec::with_capacity(quarters);
        for s in &share {
            means.push(level + 0.2 * draws.normal());
            level += effect * (s - 0.5);
        }
        for q in 0..quarters - 1 {
            x.push(share[q]);
            y.push(means[q + 1] - means[q]);
        }
    }
    (x, y)
}

fn milestone_rate(runs: usize, seed: u64, teams: usize, quarters: usize, effect: f64) -> Rate {
    let mut draws = Draws::new(seed);
    let hits = (0..runs)
        .filter(|_| {
            let (x, y) = milestone_points(&mut draws, teams, quarters, effect);
            pearson(&x, &y).is_some_and(|c| c.p < 0.05)
        })
        .count();
    Rate { hits, runs }
}

pub fn milestone_health(size: Size) -> Calibration {
    let worst = worst(
        [(5, 4), (10, 8), (30, 4), (30, 12), (200, 3)]
            .into_iter()
            .enumerate()
            .map(|(i, (teams, quarters))| {
                let r = milestone_rate(size.runs / 4, 0x3170 + i as u64, teams, quarters, 0.0);
                (r, format!("{teams} teams, {quarters} quarters"))
            }),
    );
    Calibration {
        flag: "milestone-health link (p < 0.05, before BH across domains)",
        rule: "Pearson r of a team's completion share in a quarter with its shown score change to the next",
        null: "completion habits differ by team; team means with sampling noise sd 0.2 and no link; 5-200 teams, 3-12 quarters",
        nominal: 0.05,
        false_alarm: worst.0,
        worst_setting: worst.1,
        effect: "+1 point per unit of completion share, 30 teams, 4 quarters",
        power: milestone_rate(size.runs / 4, 0x3170_0001, 30, 4, 1.0),
    }
}

/// A leader's indicators ticked per month: Poisson-like counts around 6 plus `slope` a
/// month; the flag is a least-squares slope whose 95% interval excludes 0.
/// Share of people whose monthly counts (about `mean` a month, sd `sd`, whole and not
/// negative) over `months` get a trend interval excluding 0.
fn growth_rate(runs: usize, seed: u64, months: usize, slope: f64, (mean, sd): (f64, f64)) -> Rate {
    let mut draws = Draws::new(seed);
    let hits = (0..runs)
        .filter(|_| {
            let x: Vec<f64> = (0..months).map(|m| m as f64).collect();
            let y: Vec<f64> = x
                .iter()
                .map(|m| (mean + slope * m + sd * draws.normal()).round().max(0.0))
                .collect();
            monthly_slope(&x, &y).is_some_and(|s| s.ci_low > 0.0 || s.ci_high < 0.0)
        })
        .count();
    Rate { hits, runs }
}

pub fn growth_trend(size: Size) -> Calibration {
    let settings = [(6.0, 2.0), (1.0, 1.0)]
        .into_iter()
        .flat_map(|counts| [MIN_MONTHS, 12, 24].map(|months| (months, counts)));
    let worst = worst(settings.enumerate().map(|(i, (months, counts))| {
        let r = growth_rate(size.runs / 4, 0x96a0 + i as u64, months, 0.0, counts);
        (r, format!("{months} months, about {} a month", counts.0))
    }));
    Calibration {
        flag: "growth-indicator trend (slope interval excludes 0)",
        rule: "least-squares slope of indicators ticked per month over at least 6 months, 95% interval (the wider of the t interval and the counts' Poisson noise)",
        null: "about 6 indicators a month (sd 2), or about 1 (sd 1, mostly 0-2), no trend; 6-24 months",
        nominal: 0.05,
        false_alarm: worst.0,
        worst_setting: worst.1,
        effect: "+0.5 indicators a month over 12 months",
        power: growth_rate(size.runs / 4, 0x96a0_0001, 12, 0.5, (6.0, 2.0)),
    }
}
