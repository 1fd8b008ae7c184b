//! Instrument flags: Cronbach's alpha below 0.7.

use super::sim::Draws;
use super::{worst, Calibration, Rate, Size};
use crate::metrics::reliability::{alpha_upper_bound, ALPHA_FLAG};
use crate::metrics::stats::cronbach_alpha;

/// Share of domains flagged: `respondents` answer 4 items (1-5) that share a trait with
/// loading `loading` (item noise sd 0.8).
fn flagged(runs: usize, seed: u64, respondents: usize, loading: f64) -> Rate {
    let mut draws = Draws::new(seed);
    let hits = (0..runs)
        .filter(|_| {
            let mut items: Vec<Vec<f32>> =
                (0..4).map(|_| Vec::with_capacity(respondents)).collect();
            for _ in 0..respondents {
                let trait_ = draws.normal();
                for item in &mut items {
                    item.push(draws.answer(3.2 + loading * trait_, 0.8) as f32);
                }
            }
            let cols: Vec<&[f32]> = items.iter().map(Vec::as_slice).collect();
            cronbach_alpha(&cols)
                .and_then(|(a, n)| alpha_upper_bound(a, n, cols.len()))
                .is_some_and(|u| u < ALPHA_FLAG)
        })
        .count();
    Rate { hits, runs }
}

pub fn low_alpha(size: Size) -> Calibration {
    let worst = worst(
        [30, 100, 500]
            .into_iter()
            .enumerate()
            .map(|(i, respondents)| {
                let r = flagged(size.runs / 10, 0xa1fa + i as u64, respondents, 0.8);
                (r, format!("{respondents} respondents"))
            }),
    );
    Calibration {
        flag: "Cronbach's alpha below 0.7",
        rule: "Feldt's one-sided 95% upper bound of alpha (respondents with every item, org-wide) below 0.7",
        null: "a sound domain: 4 items (1-5) loading 0.8 on one trait, item noise sd 0.8 (true alpha about 0.77); 30-500 respondents",
        nominal: 0.05,
        false_alarm: worst.0,
        worst_setting: worst.1,
        effect: "a weak domain (loading 0.4, true alpha about 0.47), 100 respondents",
        power: flagged(size.runs / 10, 0xa1fa_0001, 100, 0.4),
    }
}
