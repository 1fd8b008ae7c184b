//! Quarterly influence and pipeline records: one row per person and quarter, a count per
//! measure of a measures schema. Counts are whole or fractional numbers of 0 or more;
//! blank means not recorded.

use std::collections::BTreeMap;

use super::columns::HeaderIndex;
use super::people::KnownPeople;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use super::Quarter;
use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::{MeasuresSchema, Source};

/// One person's record for one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub person: String,
    pub quarter: Quarter,
    /// Per schema measure; `None` when blank or not from the file (team health).
    pub values: Vec<Option<f64>>,
}

pub fn read_influence(
    table: &Table,
    schema: &MeasuresSchema,
    people: &KnownPeople,
) -> (Vec<Record>, Vec<Problem>) {
    let file = table.name();
    let index = HeaderIndex::with_alternates(&table.headers, &table.alternates);
    let mut problems = Vec::new();
    let mut need =
        |role: &str, c: &crate::schema::ColumnRef| index.need(&file, role, c, &mut problems);
    let person_c = need("the person", &schema.person);
    let quarter_c = need("the quarter", &schema.quarter);
    let columns: Vec<Option<usize>> = schema
        .measures
        .iter()
        .map(|m| match &m.source {
            Source::Column(c) => need(&format!("measure {}", m.id), c),
            Source::TeamHealth => None,
        })
        .collect();
    let missing = schema
        .measures
        .iter()
        .zip(&columns)
        .any(|(m, c)| matches!(m.source, Source::Column(_)) && c.is_none());
    let (Some(person_c), Some(quarter_c), false) = (person_c, quarter_c, missing) else {
        return (Vec::new(), problems);
    };
    let order = OrderEvidence::of_columns(table, &[quarter_c])
        .decide(None)
        .unwrap_or(None);
    let mut seen: BTreeMap<(String, Quarter), usize> = BTreeMap::new();
    let mut out = Vec::new();
    table.for_each_row(|row, cells| {
        let cell = |c: usize| cells.get(c).copied().unwrap_or("").trim();
        let problem = |c: usize, expected: String| {
            Problem::cell(&file, row, index.describe(c), cell(c), expected)
        };
        let before = problems.len();
        let person = people
            .find(cell(person_c))
            .map_err(|e| problems.push(problem(person_c, e)))
            .ok();
        let text = cell(quarter_c);
        let quarter = Quarter::parse(text).or_else(|| {
            parse_date_cell(text)
                .and_then(|d| resolve(d, order))
                .map(Quarter::from_date)
        });
        if quarter.is_none() {
            problems.push(problem(
                quarter_c,
                "a quarter such as 2026-Q1 (or a date in it)".into(),
            ));
        }
        let values: Vec<Option<f64>> = columns
            .iter()
            .map(|c| {
                let c = (*c)?;
                let t = cell(c);
                if t.is_empty() {
                    return None;
                }
                match t.parse::<f64>() {
                    Ok(v) if v >= 0.0 && v.is_finite() => Some(v),
                    _ => {
                        problems.push(problem(c, "a count of 0 or more, or blank".into()));
                        None
                    }
                }
            })
            .collect();
        let (Some(person), Some(quarter)) = (person, quarter) else {
            return;
        };
        if problems.len() > before {
            return;
        }
        if let Some(first) = seen.insert((person.clone(), quarter), row) {
            problems.push(problem(
                person_c,
                format!(
                    "one row per person and quarter (row {first} is {person} in {})",
                    quarter.label()
                ),
            ));
            return;
        }
        out.push(Record {
            person,
            quarter,
            values,
        });
    });
    (out, problems)
}
