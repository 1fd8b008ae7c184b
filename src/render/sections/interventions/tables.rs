//! `metrics/interventions.csv`: one row per intervention and domain, ranked.

use crate::error::Result;
use crate::metrics::interventions::ranked;
use crate::render::tables::{table, Field, Table, TableSpec};
use crate::render::Results;

pub const INTERVENTIONS_COLUMNS: &[&str] = &[
    "rank",
    "intervention",
    "category",
    "domain",
    "teams_treated",
    "comparison_teams",
    "cohorts",
    "treated_change",
    "comparison_change",
    "estimate",
    "ci_low",
    "ci_high",
    "p",
    "p_adjusted",
    "hedges_g",
    "lead",
    "lead_ci_low",
    "lead_ci_high",
    "flags",
    "reliable_improvement",
    "detectable_effect",
];

pub fn interventions(r: &Results) -> Result<Table> {
    let category = |name: &str| {
        r.studies()
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.category.clone())
            .unwrap_or_default()
    };
    let rows: Vec<Vec<Field>> = ranked(r.studies())
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            vec![
                Field::Int(Some(i as u64 + 1)),
                Field::text(e.intervention.as_str()),
                Field::text(category(&e.intervention)),
                Field::text(r.measure_name(e.measure)),
                Field::Int(Some(e.treated as u64)),
                Field::Int(Some(e.comparison as u64)),
                Field::Int(Some(e.cohorts as u64)),
                Field::Num(e.treated_change),
                Field::Num(e.comparison_change),
                Field::Num(e.estimate),
                Field::Num(e.ci.map(|c| c.0)),
                Field::Num(e.ci.map(|c| c.1)),
                Field::P(e.p),
                Field::P(e.p_adjusted),
                Field::Num(e.hedges_g),
                Field::Num(e.lead),
                Field::Num(e.lead_ci.map(|c| c.0)),
                Field::Num(e.lead_ci.map(|c| c.1)),
                Field::text(
                    e.flags
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(";"),
                ),
                Field::text(if e.is_reliable_improvement() {
                    "yes"
                } else {
                    "no"
                }),
                Field::Num(e.detectable),
            ]
        })
        .collect();
    table(INTERVENTIONS_COLUMNS, rows)
}

/// The tables of this section, in the order the report writes them.
pub const TABLES: &[TableSpec] = &[TableSpec {
    name: "interventions",
    about: "difference-in-differences estimates per intervention and domain",
    columns: INTERVENTIONS_COLUMNS,
    applies: |r| r.sections.interventions.is_some(),
    write: interventions,
}];
