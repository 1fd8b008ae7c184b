//! Influence tables: `influence.csv` (per person and quarter: every measure, the circle
//! sums and the leading/lagging balance) and `leading_lagging.csv`.

use crate::error::Result;
use crate::metrics::influence::SMALL_N;
use crate::render::tables::{table, Field, Table, TableSpec};
use crate::render::Results;
use crate::schema::Circle;

/// The columns of `influence.csv` besides a column per measure (which come after
/// `quarter`).
pub const INFLUENCE_COLUMNS: &[&str] = &[
    "person",
    "quarter",
    "circle_direct",
    "circle_indirect",
    "circle_organisational",
    "circle_pipeline",
    "leading_total",
    "lagging_total",
    "leading_share",
];

pub fn influence(r: &Results) -> Result<Table> {
    let Some(inf) = &r.sections.influence else {
        return table(&["person", "quarter"], Vec::new());
    };
    let mut header: Vec<String> = vec!["person".into(), "quarter".into()];
    header.extend(inf.measures.iter().map(|(name, _, _)| name.clone()));
    header.extend(Circle::ALL.iter().map(|c| format!("circle_{}", c.as_str())));
    header.extend(["leading_total", "lagging_total", "leading_share"].map(String::from));
    let rows: Vec<Vec<Field>> = inf
        .quarters
        .iter()
        .map(|q| {
            let mut row = vec![
                Field::text(q.person.as_str()),
                Field::text(q.quarter.label()),
            ];
            row.extend(q.values.iter().map(|v| Field::Num(*v)));
            row.extend(q.circles.iter().map(|v| Field::Num(*v)));
            row.push(Field::Num(Some(q.leading)));
            row.push(Field::Num(Some(q.lagging)));
            row.push(Field::Num(q.leading_share()));
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    table(&header, rows)
}

pub const LEADING_LAGGING_COLUMNS: &[&str] = &[
    "leading",
    "lagging",
    "lag_quarters",
    "n",
    "r",
    "ci_low",
    "ci_high",
    "p",
    "p_adjusted",
    "small_sample",
    "reverse_r",
    "reverse_p",
    "detectable_r",
    "note",
];

pub fn leading_lagging(r: &Results) -> Result<Table> {
    let Some(inf) = &r.sections.influence else {
        return table(LEADING_LAGGING_COLUMNS, Vec::new());
    };
    let rows: Vec<Vec<Field>> = inf
        .lagged
        .iter()
        .map(|l| {
            let mut row = vec![
                Field::text(inf.measures[l.leading].0.as_str()),
                Field::text(inf.measures[l.lagging].0.as_str()),
                Field::Int(Some(l.lag as u64)),
            ];
            row.extend(crate::render::tables::correlation_fields(
                l.n,
                l.result,
                l.p_adjusted,
                SMALL_N,
            ));
            row.push(Field::Num(l.reverse.map(|c| c.r)));
            row.push(Field::P(l.reverse.map(|c| c.p)));
            row.extend(crate::render::tables::power_fields(l.result, l.detectable));
            row
        })
        .collect();
    table(LEADING_LAGGING_COLUMNS, rows)
}

/// The tables of this section, in the order the report writes them.
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "influence",
        about: "influence and mentoring measures per person and quarter",
        columns: INFLUENCE_COLUMNS,
        applies: |r| r.sections.influence.is_some(),
        write: influence,
    },
    TableSpec {
        name: "leading_lagging",
        about: "lagged correlations of leading and lagging indicators",
        columns: LEADING_LAGGING_COLUMNS,
        applies: |r| r.sections.influence.is_some(),
        write: leading_lagging,
    },
];
