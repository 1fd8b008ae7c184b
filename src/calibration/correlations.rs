//! Correlation flags between domains: level correlations (team-quarters) and
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
            let scores: Vec<[f64; 2]> = (0..n)
                .map(|_| {
                    let e = pair(draws, 0.5);
                    [3.2 + level[0] + 0.7 * e[0], 3.2 + level[1] + 0.7 * e[1]]
                })
                .collect();
            let period = Quarter(2024 * 4 + q as i32);
            push_cell(&mut cells, &mut noise, (&team, period), &scores, 0);
        }
    }
    (cells, noise)
}

/// A simulated organisation: the estimator's own model, or survey-shaped.
#[derive(Debug, Clone, Copy)]
enum World {
    Model(Shape),
    Survey(Survey),
}

impl World {
    fn draw(self, draws: &mut Draws, r: (f64, f64)) -> (Vec<Screened<Cell>>, Noise) {
        match self {
            World::Model(shape) => organisation(draws, shape, r),
            World::Survey(s) => survey(draws, s, r),
        }
    }

    fn describe(self) -> String {
        match self {
            World::Model((teams, quarters, n)) => {
                format!("{teams} teams, {quarters} quarters, n {n}")
            }
            World::Survey(s) => format!(
                "survey-shaped: {} teams of {}-{}, {} quarters, mood sd {}, {}",
                s.teams,
                s.sizes.0,
                s.sizes.1,
                s.quarters,
                s.mood,
                if s.panel {
                    "same people each quarter"
                } else {
                    "new people each quarter"
                }
            ),
        }
    }
}

/// Share of organisations whose Pearson `kind` correlation has adjusted p below 0.05.
fn significant(size: Size, seed: u64, kind: Kind, world: World, r: (f64, f64)) -> Rate {
    let mut draws = Draws::new(seed);
    let runs = size.runs / 10;
    let hits = (0..runs)
        .filter(|_| {
            let (cells, noise) = world.draw(&mut draws, r);
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

/// The survey-shaped nulls: new or the same people each quarter, a mild or a strong
/// shared mood, 40 teams over 4, 6 and 8 quarters and (at full size; they cost five times
/// as much) 200 over 6; teams of 3-12, so about a fifth of the cells are under the
/// minimum and hidden.
fn survey_worlds(size: Size) -> Vec<World> {
    let mut shapes = vec![(40, 4), (40, 6), (40, 8)];
    if size.runs >= Size::FULL.runs {
        shapes.push((200, 6));
    }
    let mut out = Vec::new();
    for panel in [false, true] {
        for mood in [0.3, 0.7] {
            for &(teams, quarters) in &shapes {
                out.push(World::Survey(Survey {
                    teams,
                    quarters,
                    sizes: (3, 12),
                    mood,
                    panel,
                }));
            }
        }
    }
    out
}

/// The survey world the power is stated for.
const POWER_SURVEY: Survey = Survey {
    teams: 40,
    quarters: 6,
    sizes: (3, 12),
    mood: 0.5,
    panel: false,
};

/// The worst rate over the model's [`SHAPES`] and the survey-shaped worlds, with nothing
/// related across domains.
fn worst_null(size: Size, seed: u64, kind: Kind) -> (Rate, String) {
    let worlds = SHAPES
        .iter()
        .map(|s| World::Model(*s))
        .chain(survey_worlds(size));
    super::worst(worlds.enumerate().map(|(i, w)| {
        (
            significant(size, seed + i as u64, kind, w, (0.0, 0.0)),
            w.describe(),
        )
    }))
}

pub fn level_correlations(size: Size) -> Calibration {
    let (false_alarm, worst_setting) = worst_null(size, 0x1e7e, Kind::Levels);
    Calibration {
        flag: "level correlation (adjusted p < 0.05)",
        rule: "Pearson r of shown team-quarter levels, each against the other teams of its quarter, with each cell's noise (halo) removed, where both domains' spread exceeds it; t-test of the corrected covariance summed within teams, across teams; BH-adjusted p < 0.05",
        null: "team levels unrelated across two domains (sd 0.3); respondents' noise sd 0.7 with halo 0.5, 5-200 teams, 3-12 quarters, 4-15 respondents; and survey-shaped: 3 items a domain answered 1-5 (rounded, clipped), a shared mood sd 0.3 or 0.7, teams of 3-12 (small cells hidden), new or the same people each quarter, 40 or 200 teams, 4-8 quarters",
        nominal: 0.05,
        false_alarm,
        worst_setting,
        effect: "team levels correlated 0.5, survey-shaped, 40 teams of 3-12, 6 quarters, mood sd 0.5",
        power: significant(size, 0x1e7e_0001, Kind::Levels, World::Survey(POWER_SURVEY), (0.5, 0.0)),
    }
}

pub fn moving_together(size: Size) -> Calibration {
    let (false_alarm, worst_setting) = worst_null(size, 0xc0c0, Kind::Changes);
    Calibration {
        flag: "domains whose changes move together",
        rule: "Pearson r of changes, each against the other teams' over the same quarters, with the expected sampling covariance (halo) removed, where both domains' changes exceed their noise; t-test of the corrected covariance summed within teams, across teams; BH-adjusted p < 0.05",
        null: "teams' quarter-to-quarter moves unrelated across two domains (sd 0.15); respondents' noise sd 0.7 with halo 0.5, 5-200 teams, 3-12 quarters, 4-15 respondents; and the survey-shaped worlds of the level row",
        nominal: 0.05,
        false_alarm,
        worst_setting,
        effect: "team moves correlated 0.5, survey-shaped, 40 teams of 3-12, 6 quarters, mood sd 0.5",
        power: significant(size, 0xc0c0_0001, Kind::Changes, World::Survey(POWER_SURVEY), (0.0, 0.5)),
    }
}

/// An organisation shaped like real exports rather than like the estimator's model.
#[derive(Debug, Clone, Copy)]
pub(super) struct Survey {
    pub teams: usize,
    pub quarters: usize,
    /// Team sizes are drawn from this range, once per team (unequal teams).
    pub sizes: (usize, usize),
    /// Sd of a person's mood, shared by every answer they give.
    pub mood: f64,
    /// The same people answer every quarter (with the same mood); otherwise new
    /// respondents each quarter.
    pub panel: bool,
}

/// Items per domain in [`survey`].
const ITEMS: usize = 3;

/// One simulated survey of two domains of [`ITEMS`] items each. Team levels differ (sd
/// 0.3, correlated `team_r` across domains); team-quarter moves have sd 0.15 and correlate
/// `move_r` across domains; each person has a mood (sd `mood`) in every answer, their own
/// lean per domain (sd 0.4) and item noise (sd 0.5); answers are rounded and clipped to
/// 1-5, and a domain's score is the mean of its items. Cells under the minimum group (5)
/// are hidden, as the report hides them; the shown cells and the noise of their means
/// come from the report's own formulas.
pub(super) fn survey(
    draws: &mut Draws,
    s: Survey,
    (team_r, move_r): (f64, f64),
) -> (Vec<Screened<Cell>>, Noise) {
    let mut cells = Vec::new();
    let mut noise = Noise::new();
    for t in 0..s.teams {
        let team = format!("T{t:03}");
        let z = pair(draws, team_r);
        let base = [0.3 * z[0], 0.3 * z[1]];
        let n = draws.between(s.sizes.0, s.sizes.1);
        let mut people: Vec<[f64; 3]> = Vec::new();
        for q in 0..s.quarters {
            if q == 0 || !s.panel {
                people = (0..n)
                    .map(|_| {
                        [
                            s.mood * draws.normal(),
                            0.4 * draws.normal(),
                            0.4 * draws.normal(),
                        ]
                    })
                    .collect();
            }
            let m = pair(draws, move_r);
            let level = [3.2 + base[0] + 0.15 * m[0], 3.2 + base[1] + 0.15 * m[1]];
            let scores: Vec<[f64; 2]> = people
                .iter()
                .map(|p| {
                    let mut out = [0.0; 2];
                    for (d, o) in out.iter_mut().enumerate() {
                        let sum: f64 = (0..ITEMS)
                            .map(|_| draws.answer(level[d] + p[0] + p[d + 1], 0.5))
                            .sum();
                        *o = sum / ITEMS as f64;
                    }
                    out
                })
                .collect();
            let period = Quarter(2024 * 4 + q as i32);
            push_cell(&mut cells, &mut noise, (&team, period), &scores, 5);
        }
    }
    (cells, noise)
}

/// One team-quarter's two domain cells (hidden under `min` respondents, as the report
/// hides them) and the noise of their means, by the report's own formula.
fn push_cell(
    cells: &mut Vec<Screened<Cell>>,
    noise: &mut Noise,
    (team, period): (&str, Quarter),
    scores: &[[f64; 2]],
    min: usize,
) {
    let n = scores.len();
    let mut mean_cov = vec![vec![0.0; 2]; 2];
    for (a, row) in mean_cov.iter_mut().enumerate() {
        for (b, v) in row.iter_mut().enumerate() {
            let both: Vec<(f64, f64)> = scores.iter().map(|s| (s[a], s[b])).collect();
            *v = mean_covariance(&both, n, n).unwrap_or(0.0);
        }
    }
    let hidden = (n < min).then_some(crate::model::Hidden::SmallGroup);
    for d in 0..2 {
        let values: Vec<f64> = scores.iter().map(|s| s[d]).collect();
        let (mean, sd) = mean_sd(&values).expect("n >= 1");
        cells.push(Screened::new(
            Cell {
                level: Level::Team,
                unit: team.to_string(),
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
            hidden,
        ));
    }
    noise
        .entry(team.to_string())
        .or_default()
        .insert(period, CellNoise { mean_cov });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The change row of a two-domain organisation.
    fn change_row(world: World, draws: &mut Draws, move_r: f64) -> PairOutcome {
        let (cells, noise) = world.draw(draws, (0.0, move_r));
        let row = correlations(&cells, 2, &noise)
            .into_iter()
            .find(|c| c.kind == Kind::Changes && c.method == Method::Pearson)
            .expect("a change row");
        PairOutcome {
            detectable: row.detectable,
            found: row.p_adjusted.is_some_and(|p| p < 0.05),
        }
    }

    struct PairOutcome {
        detectable: Option<f64>,
        found: bool,
    }

    /// The detectable r is what it says: on organisations with unrelated moves (the
    /// model's 200 teams of 15 over 4 quarters, and a survey-shaped one of 200 teams of
    /// 3-12 over 6) it averages some d; moves planted with correlation d are then found
    /// about four times in five, and half of it far less often.
    #[test]
    fn the_detectable_correlation_is_found_four_times_in_five() {
        let survey = World::Survey(Survey {
            teams: 200,
            ..POWER_SURVEY
        });
        for (i, world) in [World::Model((200, 4, 15)), survey].into_iter().enumerate() {
            let mut draws = Draws::new(0x00de_7ec0 + i as u64);
            let runs = 120;
            let null: Vec<f64> = (0..runs)
                .filter_map(|_| change_row(world, &mut draws, 0.0).detectable)
                .collect();
            assert!(null.len() > runs * 9 / 10, "{} of {runs}", null.len());
            let d = null.iter().sum::<f64>() / null.len() as f64;
            let found = |draws: &mut Draws, r: f64| {
                (0..runs)
                    .filter(|_| change_row(world, draws, r).found)
                    .count() as f64
                    / runs as f64
            };
            let full = found(&mut draws, d);
            let half = found(&mut draws, d / 2.0);
            let setting = world.describe();
            assert!(
                (0.7..=0.97).contains(&full),
                "{setting}: r {d:.3} found {full:.3}"
            );
            assert!(half < 0.5, "{setting}: half the r found {half:.3}");
        }
    }
}
