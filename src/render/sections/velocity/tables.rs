//! Learning-velocity tables: `learning_velocity.csv` (team x practice rows, then
//! practice and team roll-ups), `practice_adoption.csv` (spread by month since
//! introduction) and `velocity_factors.csv` (what goes with faster adoption).

use crate::error::Result;
use crate::metrics::velocity::{PracticeSummary, TeamPractice, TeamSummary, Velocity, SMALL_N};
use crate::render::tables::{table, Field, Table, TableSpec, DOMAIN_CORRELATION_COLUMNS};
use crate::render::Results;

pub const LEARNING_VELOCITY_COLUMNS: &[&str] = &[
    "level",
    "practice",
    "team",
    "introduced",
    "teams",
    "practices",
    "observations",
    "days_to_first_use",
    "days_to_consistent_use",
    "reached_consistent_use",
    "censored_at_days",
    "median_days_to_consistent_use",
    "median_ci_low",
    "median_ci_high",
    "median_days_to_first_use",
    "stick_3_months_share",
    "stick_3_months_teams",
    "stick_6_months_share",
    "stick_6_months_teams",
    "faded_teams",
    "adaptations",
];

fn days(v: Option<f64>) -> Field {
    Field::Int(v.map(|d| d.round() as u64))
}

pub fn learning_velocity(r: &Results) -> Result<Table> {
    let Some(v) = &r.sections.velocity else {
        return table(LEARNING_VELOCITY_COLUMNS, Vec::new());
    };
    let rows: Vec<Vec<Field>> = v
        .team_practices
        .iter()
        .map(team_practice_row)
        .chain(v.practices.iter().map(practice_row))
        .chain(v.teams.iter().map(team_row))
        .collect();
    table(LEARNING_VELOCITY_COLUMNS, rows)
}

/// One team and practice.
fn team_practice_row(t: &TeamPractice) -> Vec<Field> {
    let share_of = |b: Option<bool>| Field::Num(b.map(|b| if b { 1.0 } else { 0.0 }));
    vec![
        Field::text("team_practice"),
        Field::text(t.practice.as_str()),
        Field::text(t.team.as_str()),
        Field::text(t.introduced.to_string()),
        Field::Int(Some(1)),
        Field::Int(Some(1)),
        Field::Int(Some(t.observations as u64)),
        days(t.first_use_days),
        days(t.consistent_days),
        Field::Int(Some(u64::from(t.consistent_days.is_some()))),
        days(t.consistent_days.is_none().then_some(t.followed_days)),
        Field::Num(None),
        Field::Num(None),
        Field::Num(None),
        Field::Num(None),
        share_of(t.still_used[0]),
        Field::Int(t.still_used[0].map(|_| 1)),
        share_of(t.still_used[1]),
        Field::Int(t.still_used[1].map(|_| 1)),
        Field::text(if t.still_used.contains(&Some(false)) {
            t.team.as_str()
        } else {
            ""
        }),
        Field::Int(Some(t.adaptations as u64)),
    ]
}

/// One practice over its teams.
fn practice_row(p: &PracticeSummary) -> Vec<Field> {
    vec![
        Field::text("practice"),
        Field::text(p.practice.as_str()),
        Field::text(""),
        Field::text(""),
        Field::Int(Some(p.teams as u64)),
        Field::Int(Some(1)),
        Field::Int(None),
        Field::Int(None),
        Field::Int(None),
        Field::Int(Some(p.reached as u64)),
        Field::Int(None),
        days(p.consistent.days),
        days(p.consistent.ci.0),
        days(p.consistent.ci.1),
        days(p.first_use.days),
        Field::Num(p.stick[0].map(|s| s.0)),
        Field::Int(p.stick[0].map(|s| s.1 as u64)),
        Field::Num(p.stick[1].map(|s| s.0)),
        Field::Int(p.stick[1].map(|s| s.1 as u64)),
        Field::text(p.faded.join("; ")),
        Field::Int(Some(p.adaptations.len() as u64)),
    ]
}

/// One team over its practices.
fn team_row(t: &TeamSummary) -> Vec<Field> {
    vec![
        Field::text("team"),
        Field::text(""),
        Field::text(t.team.as_str()),
        Field::text(""),
        Field::Int(Some(1)),
        Field::Int(Some(t.practices as u64)),
        Field::Int(None),
        Field::Int(None),
        Field::Int(None),
        Field::Int(Some(t.reached as u64)),
        Field::Int(None),
        days(t.median_consistent_days),
        Field::Int(None),
        Field::Int(None),
        Field::Int(None),
        Field::Num(None),
        Field::Int(None),
        Field::Num(None),
        Field::Int(None),
        Field::text(""),
        Field::Int(Some(t.adaptations as u64)),
    ]
}

pub const PRACTICE_ADOPTION_COLUMNS: &[&str] = &[
    "practice",
    "months_since_introduction",
    "teams_observed",
    "mean_share_using",
    "share_of_teams_consistent",
];

pub fn practice_adoption(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .sections
        .velocity
        .iter()
        .flat_map(|v| &v.spread)
        .map(|s| {
            vec![
                Field::text(s.practice.as_str()),
                Field::Int(Some(s.month as u64)),
                Field::Int(Some(s.teams_observed as u64)),
                Field::Num(s.mean_share),
                Field::Num(Some(s.teams_consistent)),
            ]
        })
        .collect();
    table(PRACTICE_ADOPTION_COLUMNS, rows)
}

pub fn velocity_factors(r: &Results) -> Result<Table> {
    let empty = Velocity::default();
    let v = r.sections.velocity.as_ref().unwrap_or(&empty);
    let rows = v
        .factors
        .iter()
        .map(|f| (f.measure, f.n, f.result, f.p_adjusted, f.detectable));
    crate::render::tables::domain_correlations(r, rows, SMALL_N)
}

pub const ADAPTATIONS_COLUMNS: &[&str] = &["practice", "team", "recorded", "note"];

/// Every adaptation note of the adoption log (the page lists the first ones).
pub fn adaptations(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .sections
        .velocity
        .iter()
        .flat_map(|v| &v.practices)
        .flat_map(|p| {
            p.adaptations.iter().map(|(team, date, note)| {
                vec![
                    Field::text(p.practice.as_str()),
                    Field::text(team.as_str()),
                    Field::text(date.to_string()),
                    Field::text(note.as_str()),
                ]
            })
        })
        .collect();
    table(ADAPTATIONS_COLUMNS, rows)
}

/// The tables of this section, in the order the report writes them.
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "learning_velocity",
        about: "time to consistent use per practice",
        columns: LEARNING_VELOCITY_COLUMNS,
        applies: |r| r.sections.velocity.is_some(),
        write: learning_velocity,
    },
    TableSpec {
        name: "practice_adoption",
        about: "each team's path with each practice",
        columns: PRACTICE_ADOPTION_COLUMNS,
        applies: |r| r.sections.velocity.is_some(),
        write: practice_adoption,
    },
    TableSpec {
        name: "velocity_factors",
        about: "what goes with faster adoption",
        columns: DOMAIN_CORRELATION_COLUMNS,
        applies: |r| r.sections.velocity.is_some(),
        write: velocity_factors,
    },
    TableSpec {
        name: "adaptations",
        about: "how teams changed the practices they adopted",
        columns: ADAPTATIONS_COLUMNS,
        applies: |r| r.sections.velocity.is_some(),
        write: adaptations,
    },
];
