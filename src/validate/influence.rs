//! Quarterly influence and pipeline records: one row per person and quarter, a count per
//! measure of a measures schema. Counts are whole or fractional numbers of 0 or more;
//! blank means not recorded.

use std::collections::BTreeMap;

use super::people::KnownPeople;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use super::records::{RecordFile, Row};
use crate::ingest::Table;
use crate::model::Quarter;
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

/// The row's count measures: blank is no value, anything but a count of 0 or more is a
/// problem. Measures not read from the file (team health) stay `None`.
fn counts(row: &mut Row, columns: &[Option<usize>]) -> Vec<Option<f64>> {
    columns
        .iter()
        .map(|c| {
            let c = (*c)?;
            let t = row.cell(c);
            if t.is_empty() {
                return None;
            }
            match t.parse::<f64>() {
                Ok(v) if v >= 0.0 && v.is_finite() => Some(v),
                _ => {
                    row.problem(c, "a count of 0 or more, or blank");
                    None
                }
            }
        })
        .collect()
}

/// Read and check influence records: a person on the list, a quarter, counts.
pub fn read_influence(
    table: &Table,
    schema: &MeasuresSchema,
    people: &KnownPeople,
) -> (Vec<Record>, Vec<Problem>) {
    let mut f = RecordFile::new(table);
    let person_c = f.need("the person", &schema.person);
    let quarter_c = f.need("the quarter", &schema.quarter);
    let columns: Vec<Option<usize>> = schema
        .measures
        .iter()
        .map(|m| match &m.source {
            Source::Column(c) => f.need(&format!("measure {}", m.id), c),
            Source::TeamHealth => None,
        })
        .collect();
    let missing = schema
        .measures
        .iter()
        .zip(&columns)
        .any(|(m, c)| matches!(m.source, Source::Column(_)) && c.is_none());
    let (Some(person_c), Some(quarter_c), false) = (person_c, quarter_c, missing) else {
        return f.finish(Vec::new());
    };
    let order = OrderEvidence::of_columns(table, &[quarter_c])
        .decide(None)
        .unwrap_or(None);
    let mut seen: BTreeMap<(String, Quarter), usize> = BTreeMap::new();
    let mut out = Vec::new();
    f.rows(|row| {
        let person = row.check(person_c, people.find(row.cell(person_c)));
        let text = row.cell(quarter_c);
        let quarter = Quarter::parse(text).or_else(|| {
            parse_date_cell(text)
                .and_then(|d| resolve(d, order))
                .map(Quarter::from_date)
        });
        if quarter.is_none() {
            row.problem(quarter_c, "a quarter such as 2026-Q1 (or a date in it)");
        }
        let values = counts(row, &columns);
        let (Some(person), Some(quarter)) = (person, quarter) else {
            return;
        };
        if row.has_problems() {
            return;
        }
        if let Some(first) = seen.insert((person.clone(), quarter), row.number) {
            row.problem(
                person_c,
                format!(
                    "one row per person and quarter (row {first} is {person} in {})",
                    quarter.label()
                ),
            );
            return;
        }
        out.push(Record {
            person,
            quarter,
            values,
        });
    });
    f.finish(out)
}
