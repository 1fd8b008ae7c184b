//! 360 flags: blind spots and hidden strengths.

use super::sim::Draws;
use super::{Calibration, Rate, Size};
use crate::metrics::feedback::{judge_gap, Finding};
use crate::metrics::stats::mean_sd;

/// Share of dimensions flagged when self and `k` others answer around the same level.
fn flagged(k: usize, level: f64, sd: f64, self_shift: f64, runs: usize, seed: u64) -> Rate {
    let mut draws = Draws::new(seed);
    let mut hits = 0;
    let mut others = vec![0.0; k];
    for _ in 0..runs {
        let own = draws.answer(level + self_shift, sd);
        for o in &mut others {
            *o = draws.answer(level, sd);
        }
        let (mean, spread) = mean_sd(&others).expect("k >= 2");
        let (_, finding) = judge_gap(own - mean, k, spread, 4.0);
        let hit = if self_shift > 0.0 {
            finding == Finding::BlindSpot
        } else {
            matches!(finding, Finding::BlindSpot | Finding::HiddenStrength)
        };
        hits += usize::from(hit);
    }
    Rate { hits, runs }
}

/// Share of dimensions flagged on survey-shaped 360s: self and `k` others each give the
/// mean of 3 items (whole points, clipped to 1-5) around `level` plus their own leniency
/// (sd `lenient`), item noise sd 0.6; self is one more rater like the others.
fn flagged_items(k: usize, level: f64, lenient: f64, runs: usize, seed: u64) -> Rate {
    let mut draws = Draws::new(seed);
    let rater = |d: &mut Draws| {
        let own = level + lenient * d.normal();
        (0..3).map(|_| d.answer(own, 0.6)).sum::<f64>() / 3.0
    };
    let hits = (0..runs)
        .filter(|_| {
            let own = rater(&mut draws);
            let others: Vec<f64> = (0..k).map(|_| rater(&mut draws)).collect();
            let (mean, spread) = mean_sd(&others).expect("k >= 2");
            let (_, finding) = judge_gap(own - mean, k, spread, 4.0);
            matches!(finding, Finding::BlindSpot | Finding::HiddenStrength)
        })
        .count();
    Rate { hits, runs }
}

pub fn blind_spots(size: Size) -> Calibration {
    let mut worst = (Rate { hits: 0, runs: 1 }, String::new());
    let mut seed = 0x0b1d;
    for k in [2, 3, 4, 5, 8] {
        for level in [3.0, 3.5, 4.0, 4.5] {
            for sd in [0.6, 0.8, 1.1] {
                seed += 1;
                let r = flagged(k, level, sd, 0.0, size.runs, seed);
                if r.value() > worst.0.value() {
                    worst = (r, format!("{k} raters, level {level}, sd {sd}"));
                }
            }
        }
    }
    for k in [3, 5, 8] {
        for level in [3.0, 4.5] {
            for lenient in [0.3, 0.6] {
                seed += 1;
                let r = flagged_items(k, level, lenient, size.runs, seed);
                if r.value() > worst.0.value() {
                    worst = (
                        r,
                        format!("survey-shaped: {k} raters, level {level}, leniency sd {lenient}"),
                    );
                }
            }
        }
    }
    Calibration {
        flag: "blind spot / hidden strength",
        rule: "self minus others beyond t(0.975, k-1) * max(sd, 0.6) * sqrt(1 + 1/k), k >= 3",
        null: "self and 2-8 others (with 2 the rule makes no finding) answer 1-5 around the same level (3-4.5), sd 0.6-1.1, per dimension; and survey-shaped: each the mean of 3 items (whole points) with a leniency of their own (sd 0.3-0.6), 3-8 others",
        nominal: 0.05,
        false_alarm: worst.0,
        worst_setting: worst.1,
        effect: "self 2 points above 5 others (sd 0.8)",
        power: flagged(5, 3.0, 0.8, 2.0, size.runs, 0x0b1d_0001),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::feedback::detectable_gap;

    /// The detectable gap is what it says: with 8 others answering around 2.0 (sd 0.8)
    /// it averages some d; a self-rating d higher is called a blind spot about four times
    /// in five, and half of it far less often (answers are whole points, clipped to 1-5).
    #[test]
    fn the_detectable_gap_is_found_four_times_in_five() {
        let mut draws = Draws::new(0x00de_7eb1);
        let (k, level, sd, runs) = (8, 2.0, 0.8, 2000);
        let mut sizes = Vec::new();
        for _ in 0..runs {
            let others: Vec<f64> = (0..k).map(|_| draws.answer(level, sd)).collect();
            let spread = mean_sd(&others).and_then(|(_, s)| s);
            sizes.extend(detectable_gap(k, spread, 4.0));
        }
        assert!(sizes.len() > runs * 9 / 10, "{} of {runs}", sizes.len());
        let d = sizes.iter().sum::<f64>() / sizes.len() as f64;
        let full = flagged(k, level, sd, d, runs, 0x00de_7eb2).value();
        assert!((0.72..=0.97).contains(&full), "gap {d:.3}: found {full:.3}");
        let half = flagged(k, level, sd, d / 2.0, runs, 0x00de_7eb3).value();
        assert!(half < 0.5, "half the gap: found {half:.3}");
    }
}
