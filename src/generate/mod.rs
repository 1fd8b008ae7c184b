//! A seeded, synthetic organisation answering the team-health survey, with planted
//! structure (see [`DOMAIN_SLOPES`] and [`SHARED_SHOCK`]) so reports have something true to find.
//! It writes files; it never reads survey data.

mod development;
mod exports;
mod people;
mod records;
mod write;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::Quarter;
use crate::schema::Schema;
pub use development::{GROWING, RISING};
pub use exports::{write_export, ExportShape, EXPORT_CSV, EXPORT_SCHEMA};
pub use people::{BLIND_SPOT, MERGED, SUPPRESSED, SUPPRESSED_PHRASE};
pub use write::write_organisation;

/// Planted change per quarter of each team-health domain, in schema order:
/// Psychological Safety and Technical Excellence improve, Communication barely moves,
/// Goal Alignment declines, Growth & Development improves slowly, Operational
/// Excellence is flat (stuck).
pub const DOMAIN_SLOPES: [f64; 6] = [0.07, 0.10, 0.02, -0.08, 0.05, 0.0];
/// Domains that share one random shock per team and quarter, so their quarter-to-quarter
/// changes move together: Communication and Goal Alignment.
pub const SHARED_SHOCK: (usize, usize) = (2, 3);
/// Standard deviation of that shared shock.
const SHOCK_SD: f64 = 0.3;
/// The intervention that truly helps: it lifts [`HELPFUL_DOMAIN`] by [`HELPFUL_EFFECT`]
/// in every treated team from its start quarter on. The other intervention does nothing.
pub const HELPFUL: &str = "Pair programming rotation";
pub const NULL_INTERVENTION: &str = "Team offsite";
/// Technical Excellence.
pub const HELPFUL_DOMAIN: usize = 1;
pub const HELPFUL_EFFECT: f64 = 0.5;
/// Last quarter generated: 2026-Q3.
pub const LAST_QUARTER: Quarter = Quarter(2026 * 4 + 2);

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    pub teams: usize,
    pub groups: usize,
    pub quarters: usize,
    pub respondents: usize,
    pub numeric: bool,
    pub xlsx_latest: bool,
    /// Every team member answers every quarter (exact sizes for benchmarks).
    pub all_respond: bool,
}

/// A generated team.
#[derive(Debug, Clone)]
pub struct TeamPlan {
    pub name: String,
    pub group: String,
    pub size: usize,
    /// Kept by hand as aggregated scores instead of survey responses.
    pub aggregated: bool,
    base: [f64; 6],
}

/// One generated response.
pub struct Response {
    pub id: String,
    pub team: usize,
    pub submitted: NaiveDateTime,
    /// Raw answers as the respondent ticked them (before reverse coding), `None` = skipped.
    pub answers: Vec<Option<u8>>,
}

/// One team's start of an intervention.
#[derive(Debug, Clone)]
pub struct Start {
    pub intervention: &'static str,
    pub team: usize,
    /// Index into the generated quarters.
    pub quarter: usize,
}

/// Everything generated, before it is written out.
pub struct Organisation {
    pub teams: Vec<TeamPlan>,
    pub quarters: Vec<Quarter>,
    pub starts: Vec<Start>,
    /// Per quarter, its responses.
    pub responses: Vec<Vec<Response>>,
    /// Per aggregated team and quarter: (team, quarter index, respondents, domain means).
    pub aggregated: Vec<(usize, usize, usize, [f64; 6])>,
}

/// The sample organisation. The two small teams share a group, so hiding them needs no
/// complementary suppression of a sibling. Estimates use shown teams only, so the
/// helpful intervention's first cohort has three shown teams besides the small one.
const SAMPLE_TEAMS: [(&str, &str, usize); 11] = [
    ("Payments", "Product", 11),
    ("Checkout", "Product", 9),
    ("Search", "Product", 10),
    ("Mobile", "Product", 8),
    ("Identity", "Platform", 9),
    ("Developer Tools", "Infrastructure", 3),
    ("Data Platform", "Platform", 12),
    ("Site Reliability", "Infrastructure", 10),
    ("Networking", "Infrastructure", 4),
    ("Observability", "Platform", 9),
    ("Analytics", "Platform", 8),
];

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    // Box-Muller: portable and enough for synthetic data.
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn plan_teams(spec: &Spec, rng: &mut ChaCha8Rng) -> Vec<TeamPlan> {
    let sample = spec.teams <= SAMPLE_TEAMS.len() && spec.groups <= 3;
    (0..spec.teams)
        .map(|t| {
            let (name, group, size) = if sample {
                let (n, g, s) = SAMPLE_TEAMS[t];
                (n.to_string(), g.to_string(), s)
            } else {
                let size = if t % 25 == 7 { 4 } else { spec.respondents };
                (
                    format!("Team {:03}", t + 1),
                    format!("Group {:02}", t % spec.groups.max(1) + 1),
                    size,
                )
            };
            let mut base = [0.0; 6];
            for b in &mut base {
                *b = 3.1 + 0.3 * normal(rng);
            }
            TeamPlan {
                aggregated: sample && name == "Mobile",
                name,
                group,
                size,
                base,
            }
        })
        .collect()
}

/// Who starts which intervention when. The sample staggers the helpful one over two
/// cohorts (a small team among them) and gives the null one to four teams; larger
/// organisations get the same pattern by team number.
fn plan_starts(spec: &Spec, teams: &[TeamPlan]) -> Vec<Start> {
    let q = spec.quarters;
    let start = |intervention, team, quarter: usize| Start {
        intervention,
        team,
        quarter,
    };
    let sample = [
        (HELPFUL, "Payments", 3),
        (HELPFUL, "Search", 3),
        (HELPFUL, "Developer Tools", 3),
        (HELPFUL, "Observability", 3),
        (HELPFUL, "Identity", 5),
        (HELPFUL, "Data Platform", 5),
        (NULL_INTERVENTION, "Mobile", 2),
        (NULL_INTERVENTION, "Checkout", 4),
        (NULL_INTERVENTION, "Site Reliability", 4),
        (NULL_INTERVENTION, "Networking", 5),
    ];
    let by_name: Vec<Start> = sample
        .iter()
        .filter_map(|(i, name, qi)| {
            let t = teams.iter().position(|t| t.name == *name)?;
            (*qi + 2 < q).then(|| start(*i, t, *qi))
        })
        .collect();
    if !by_name.is_empty() || q < 4 {
        return by_name;
    }
    (0..teams.len())
        .filter_map(|t| {
            let qi = 2 + t % (q - 3);
            match t % 3 {
                0 => Some(start(HELPFUL, t, qi)),
                1 => Some(start(NULL_INTERVENTION, t, qi)),
                _ => None,
            }
        })
        .collect()
}

fn quarter_start(q: Quarter) -> NaiveDate {
    let year = q.0.div_euclid(4);
    let month = (q.0.rem_euclid(4) * 3 + 1) as u32;
    NaiveDate::from_ymd_opt(year, month, 1).expect("valid quarter start")
}

/// One respondent of a team with `latent` domain levels: answers to every item (3% left
/// blank; `reverse` items written reversed) and a submission time in the survey
/// `window` (after the 12th when `first`).
fn respondent(
    rng: &mut ChaCha8Rng,
    latent: &[f64; 6],
    item_domain: &[usize],
    reverse: &[bool],
    window: NaiveDate,
    first: bool,
) -> (Vec<Option<u8>>, NaiveDateTime) {
    // Mostly domain-specific personal leanings plus a small general one, so sampling
    // noise does not make every domain move together.
    let general = 0.15 * normal(rng);
    let person: [f64; 6] = std::array::from_fn(|_| general + 0.55 * normal(rng));
    let answers = item_domain
        .iter()
        .zip(reverse)
        .map(|(&d, &rev)| {
            if rng.random::<f64>() < 0.03 {
                return None;
            }
            let v = (latent[d] + person[d] + 0.6 * normal(rng))
                .round()
                .clamp(1.0, 5.0) as u8;
            Some(if rev { 6 - v } else { v })
        })
        .collect();
    let day = if first {
        14 + rng.random_range(0..10)
    } else {
        rng.random_range(0..28)
    };
    let submitted = (window + Duration::days(day))
        .and_hms_opt(
            rng.random_range(8..19),
            rng.random_range(0..60),
            rng.random_range(0..60),
        )
        .expect("valid time");
    (answers, submitted)
}

/// Generate the organisation described by `spec`.
pub fn generate(spec: &Spec, schema: &Schema) -> Organisation {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let teams = plan_teams(spec, &mut rng);
    let quarters: Vec<Quarter> = (0..spec.quarters)
        .map(|i| Quarter(LAST_QUARTER.0 - (spec.quarters - 1 - i) as i32))
        .collect();
    let starts = plan_starts(spec, &teams);
    let helped = |team: usize, qi: usize| {
        starts
            .iter()
            .any(|s| s.intervention == HELPFUL && s.team == team && qi >= s.quarter)
    };
    let item_domain: Vec<usize> = schema.items.iter().map(|i| i.domain).collect();
    let reverse: Vec<bool> = schema.items.iter().map(|i| i.reverse).collect();
    let mut responses = Vec::new();
    let mut aggregated = Vec::new();
    let mut serial = 0usize;
    for (qi, q) in quarters.iter().enumerate() {
        let mut quarter_rows = Vec::new();
        // The survey runs over the quarter's second month.
        let window = quarter_start(*q) + Duration::days(31);
        for (ti, team) in teams.iter().enumerate() {
            let shock = SHOCK_SD * normal(&mut rng);
            let mut latent = [0.0; 6];
            for d in 0..6 {
                latent[d] = team.base[d] + DOMAIN_SLOPES[d] * qi as f64 + 0.05 * normal(&mut rng);
                if d == SHARED_SHOCK.0 || d == SHARED_SHOCK.1 {
                    latent[d] += shock;
                }
                if d == HELPFUL_DOMAIN && helped(ti, qi) {
                    latent[d] += HELPFUL_EFFECT;
                }
            }
            let share = if spec.all_respond {
                1.0
            } else {
                0.75 + 0.25 * rng.random::<f64>()
            };
            let present = ((team.size as f64) * share).round().max(1.0) as usize;
            let present = present.min(team.size);
            if team.aggregated {
                let means = latent.map(|v| (v + 0.1 * normal(&mut rng)).clamp(1.0, 5.0));
                aggregated.push((ti, qi, present, means));
                continue;
            }
            for k in 0..present {
                // The first response of a file falls after the 12th, so the file's
                // month/day order can be told from its dates.
                let (answers, submitted) = respondent(
                    &mut rng,
                    &latent,
                    &item_domain,
                    &reverse,
                    window,
                    k == 0 && ti == 0,
                );
                serial += 1;
                quarter_rows.push(Response {
                    id: format!("R_{serial:07}"),
                    team: ti,
                    submitted,
                    answers,
                });
            }
        }
        quarter_rows.sort_by_key(|r| (r.submitted, r.id.clone()));
        responses.push(quarter_rows);
    }
    Organisation {
        teams,
        quarters,
        starts,
        responses,
        aggregated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        Spec {
            seed: 7,
            teams: 11,
            groups: 3,
            quarters: 8,
            respondents: 9,
            numeric: false,
            xlsx_latest: true,
            all_respond: false,
        }
    }

    #[test]
    fn same_seed_same_organisation() {
        let schema = Schema::parse(include_str!("../../schemas/team-health.toml")).unwrap();
        let a = generate(&spec(), &schema);
        let b = generate(&spec(), &schema);
        assert_eq!(a.responses.len(), 8);
        let flat = |o: &Organisation| -> Vec<(String, Vec<Option<u8>>)> {
            o.responses
                .iter()
                .flatten()
                .map(|r| (r.id.clone(), r.answers.clone()))
                .collect()
        };
        assert_eq!(flat(&a), flat(&b));
        assert_eq!(a.quarters.last().unwrap().label(), "2026-Q3");
        assert_eq!(a.quarters[0].label(), "2024-Q4");
    }

    #[test]
    fn small_teams_stay_below_the_default_minimum() {
        let schema = Schema::parse(include_str!("../../schemas/team-health.toml")).unwrap();
        let org = generate(&spec(), &schema);
        let small: Vec<&str> = org
            .teams
            .iter()
            .filter(|t| t.size < 5)
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(small, ["Developer Tools", "Networking"]);
    }
}
