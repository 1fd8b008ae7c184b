//! Correlation flags between domains: level correlations (one point per team).

use super::sim::Draws;
use super::{Calibration, Rate, Size};
use crate::metrics::correlations::{correlations, Kind, Method};
use crate::metrics::scores::{Cell, Level};
use crate::metrics::stats::mean_sd;
use crate::privacy::Screened;
use crate::validate::Quarter;

/// One simulated organisation of two domains: `teams` teams over `quarters` quarters,
/// `n` respondents each, team levels with sd 0.3 correlated `team_r` across domains,
/// respondents' noise sd 0.7 correlated 0.5 across domains (the usual halo).
fn organisation(
    draws: &mut Draws,
    teams: usize,
    quarters: usize,
    n: usize,
    team_r: f64,
) -> Vec<Screened<Cell>> {
    let mut cells = Vec::new();
    for t in 0..teams {
        let (z1, z2) = (draws.normal(), draws.normal());
        let level = [
            0.3 * z1,
            0.3 * (team_r * z1 + (1.0 - team_r * team_r).sqrt() * z2),
        ];
        for q in 0..quarters {
            let mut scores = [Vec::with_capacity(n), Vec::with_capacity(n)];
            for _ in 0..n {
                let (e1, e2) = (draws.normal(), draws.normal());
                let noise = [e1, 0.5 * e1 + 0.75f64.sqrt() * e2];
                for d in 0..2 {
                    scores[d].push(3.2 + level[d] + 0.7 * noise[d]);
                }
            }
            for (d, s) in scores.iter().enumerate() {
                let (mean, sd) = mean_sd(s).expect("n >= 1");
                cells.push(Screened {
                    item: Cell {
                        level: Level::Team,
                        unit: format!("T{t:03}"),
                        group: None,
                        period: Quarter(2024 * 4 + q as i32),
                        domain: d,
                        n: n as u32,
                        mean,
                        sd,
                        ci: None,
                        favourable: None,
                    },
                    hidden: None,
                });
            }
        }
    }
    cells
}

/// Share of organisations whose Pearson `kind` correlation has adjusted p below 0.05.
fn significant(
    size: Size,
    seed: u64,
    kind: Kind,
    teams: usize,
    quarters: usize,
    n: usize,
    team_r: f64,
) -> Rate {
    let mut draws = Draws::new(seed);
    let runs = size.runs / 10;
    let hits = (0..runs)
        .filter(|_| {
            let cells = organisation(&mut draws, teams, quarters, n, team_r);
            correlations(&cells, 2)
                .iter()
                .find(|c| c.kind == kind && c.method == Method::Pearson)
                .and_then(|c| c.p_adjusted)
                .is_some_and(|p| p < 0.05)
        })
        .count();
    Rate { hits, runs }
}

pub fn level_correlations(size: Size) -> Calibration {
    let mut worst = (Rate { hits: 0, runs: 1 }, String::new());
    let mut seed = 0x1e7e;
    for (teams, quarters, n) in [(5, 6, 8), (15, 6, 8), (15, 12, 4), (50, 4, 15)] {
        seed += 1;
        let r = significant(size, seed, Kind::Levels, teams, quarters, n, 0.0);
        if r.value() > worst.0.value() {
            worst = (r, format!("{teams} teams, {quarters} quarters, n {n}"));
        }
    }
    Calibration {
        flag: "level correlation (adjusted p < 0.05)",
        rule: "Pearson r of team levels (one point per team, its mean over shown quarters)",
        null: "team levels unrelated across two domains (sd 0.3); respondents' noise sd 0.7 with halo 0.5; 5-50 teams, 4-12 quarters, 4-15 respondents",
        nominal: 0.05,
        false_alarm: worst.0,
        worst_setting: worst.1,
        effect: "team levels correlated 0.6, 15 teams, 6 quarters, n 8",
        power: significant(size, 0x1e7e_0001, Kind::Levels, 15, 6, 8, 0.6),
    }
}
