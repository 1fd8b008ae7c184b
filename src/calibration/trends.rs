//! Trend flags: "improving", "declining" and "stuck", one team and domain at a time.

use super::sim::Draws;
use super::{Calibration, Rate, Size};
use crate::metrics::stats::mean_sd;
use crate::metrics::trends::{fit, Status};

/// The status of one simulated team: `quarters` cells of `n` respondents whose domain
/// score is the mean of 4 answers (1-5, spread `sd`) around `3.2 + slope * t`.
fn status(draws: &mut Draws, quarters: usize, n: usize, sd: f64, slope: f64) -> Status {
    simulate(draws, quarters, n, sd, slope).1
}

/// The fitted slope and status of one simulated team (see [`status`]).
fn simulate(
    draws: &mut Draws,
    quarters: usize,
    n: usize,
    sd: f64,
    slope: f64,
) -> (Option<crate::metrics::stats::Slope>, Status) {
    let mut means = Vec::with_capacity(quarters);
    let mut cells = Vec::with_capacity(quarters);
    for t in 0..quarters {
        let level = 3.2 + slope * t as f64;
        let scores: Vec<f64> = (0..n)
            .map(|_| (0..4).map(|_| draws.answer(level, sd)).sum::<f64>() / 4.0)
            .collect();
        let (mean, spread) = mean_sd(&scores).expect("n >= 1");
        means.push(mean);
        cells.push((spread, n as u32));
    }
    let x: Vec<f64> = (0..quarters).map(|t| t as f64).collect();
    fit(&x, &means, &cells)
}

/// A survey-shaped team (see `calibration::correlations::survey`): 3-12 people (drawn
/// once), each answer the mean of 3 items on 1-5 around `3.2 + slope * t` plus the
/// person's mood (sd `mood`, shared by every answer) and their own lean (sd 0.4), item
/// noise sd 0.5, rounded and clipped; an organisation-wide quarter shock (sd 0.1, no
/// trend); new people each quarter or the same (`panel`). Quarters with fewer than 5
/// respondents are hidden, as the report hides them, and the fit uses the shown ones.
fn survey_status(
    draws: &mut Draws,
    quarters: usize,
    (mood, panel): (f64, bool),
    slope: f64,
) -> Status {
    let n = draws.between(3, 12);
    let mut people: Vec<f64> = Vec::new();
    let (mut x, mut means, mut cells) = (Vec::new(), Vec::new(), Vec::new());
    for t in 0..quarters {
        if t == 0 || !panel {
            people = (0..n)
                .map(|_| mood * draws.normal() + 0.4 * draws.normal())
                .collect();
        }
        let level = 3.2 + slope * t as f64 + 0.1 * draws.normal();
        if n < 5 {
            continue;
        }
        let scores: Vec<f64> = people
            .iter()
            .map(|p| (0..3).map(|_| draws.answer(level + p, 0.5)).sum::<f64>() / 3.0)
            .collect();
        let (mean, spread) = mean_sd(&scores).expect("n >= 5");
        x.push(t as f64);
        means.push(mean);
        cells.push((spread, n as u32));
    }
    fit(&x, &means, &cells).1
}

/// Share of runs with status `target` on survey-shaped teams, at each setting; the worst.
fn survey_worst(size: Size, seed: u64, slope: f64, target: &[Status]) -> (Rate, String) {
    let mut worst = (Rate { hits: 0, runs: 1 }, String::new());
    let mut draws = Draws::new(seed);
    let runs = size.runs / 4;
    for quarters in [4, 6, 8] {
        for shape in [(0.3, false), (0.7, false), (0.3, true), (0.7, true)] {
            for t in target {
                let hits = (0..runs)
                    .filter(|_| survey_status(&mut draws, quarters, shape, slope) == *t)
                    .count();
                let r = Rate { hits, runs };
                if r.value() > worst.0.value() {
                    let people = if shape.1 { "the same" } else { "new" };
                    worst = (
                        r,
                        format!(
                            "{}: survey-shaped, {quarters} quarters, mood sd {}, {people} people",
                            t.as_str(),
                            shape.0
                        ),
                    );
                }
            }
        }
    }
    worst
}

/// Share of runs with status `target`, at each setting; the worst and its setting.
fn worst_rate(size: Size, seed: u64, slope: f64, target: &[Status]) -> (Rate, String) {
    let mut worst = (Rate { hits: 0, runs: 1 }, String::new());
    let mut draws = Draws::new(seed);
    for quarters in [3, 4, 6, 12] {
        for n in [4, 8, 15] {
            for sd in [0.6, 1.1] {
                for t in target {
                    let hits = (0..size.runs / 4)
                        .filter(|_| status(&mut draws, quarters, n, sd, slope) == *t)
                        .count();
                    let r = Rate {
                        hits,
                        runs: size.runs / 4,
                    };
                    if r.value() > worst.0.value() {
                        let what = t.as_str();
                        worst = (r, format!("{what}: {quarters} quarters, n {n}, sd {sd}"));
                    }
                }
            }
        }
    }
    worst
}

fn power(size: Size, seed: u64, quarters: usize, n: usize, slope: f64, target: Status) -> Rate {
    let mut draws = Draws::new(seed);
    let hits = (0..size.runs)
        .filter(|_| status(&mut draws, quarters, n, 0.8, slope) == target)
        .count();
    Rate {
        hits,
        runs: size.runs,
    }
}

pub fn improving_or_declining(size: Size) -> Calibration {
    let both = [Status::Improving, Status::Declining];
    let (false_alarm, worst_setting) = super::worst([
        worst_rate(size, 0x7e4d, 0.0, &both),
        survey_worst(size, 0x7e4e, 0.0, &both),
    ]);
    Calibration {
        flag: "improving / declining (each)",
        rule: "slope 95% CI (the wider of the t interval and slope ± 1.96 × the means' sampling noise) above (below) 0, or every change above (below) one standard error of itself",
        null: "a flat team: 3-12 quarters, 4-15 respondents, answers 1-5 with sd 0.6-1.1; and survey-shaped: 3 items, a shared mood sd 0.3 or 0.7, teams of 3-12 (small cells hidden), an organisation-wide quarter shock sd 0.1, new or the same people, 4-8 quarters",
        nominal: 0.05,
        false_alarm,
        worst_setting,
        effect: "+0.15 a quarter, 4 quarters, 8 respondents (sd 0.8)",
        power: power(size, 0x7e4d_0001, 4, 8, 0.15, Status::Improving),
    }
}

pub fn stuck(size: Size) -> Calibration {
    let (false_alarm, worst_setting) = super::worst([
        worst_rate(size, 0x57cc, 0.15, &[Status::Stuck]),
        survey_worst(size, 0x57cd, 0.15, &[Status::Stuck]),
    ]);
    Calibration {
        flag: "stuck",
        rule: "the same slope 95% CI within +/-0.1 a quarter and means within 0.4 points",
        null: "a team moving +0.15 a quarter (just beyond the flat band): 3-12 quarters, 4-15 respondents, sd 0.6-1.1; and survey-shaped as for improving",
        nominal: 0.05,
        false_alarm,
        worst_setting,
        effect: "a flat team, 6 quarters, 8 respondents (sd 0.8)",
        power: power(size, 0x57cc_0001, 6, 8, 0.0, Status::Stuck),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The detectable slope is what it says: on flat teams of 6 quarters and 8
    /// respondents (sd 0.8) it averages some value d; teams planted with a slope of d are
    /// then called improving about four times in five (at least, as the normal quantiles
    /// err on the large side and "every change up" adds power).
    #[test]
    fn the_detectable_slope_is_found_four_times_in_five() {
        let mut draws = Draws::new(0xde7e);
        let runs = 400;
        let d: f64 = (0..runs)
            .filter_map(|_| simulate(&mut draws, 6, 8, 0.8, 0.0).0)
            .map(|s| s.detectable())
            .sum::<f64>()
            / runs as f64;
        let found = (0..runs)
            .filter(|_| simulate(&mut draws, 6, 8, 0.8, d).1 == Status::Improving)
            .count() as f64
            / runs as f64;
        assert!(
            (0.75..=0.97).contains(&found),
            "slope {d:.3}: found {found:.3}"
        );
        // Half of it is found far less often: the figure is not a generous bound.
        let half = (0..runs)
            .filter(|_| simulate(&mut draws, 6, 8, 0.8, d / 2.0).1 == Status::Improving)
            .count() as f64
            / runs as f64;
        assert!(half < 0.5, "half the slope: found {half:.3}");
    }
}
