//! Instrument definitions: load a TOML schema file and check it, collecting every mistake.
//! It does not read data; `validate` applies a checked [`Schema`] to tables.

mod feedback;
mod measures;
mod raw;
mod record;

use crate::model::Perspective;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
pub use feedback::Feedback;
pub use measures::{Circle, Indicator, Measure, MeasuresSchema, Source};
use raw::RawSchema;
pub(crate) use raw::{column_ref, RawColumnRef};
pub(crate) use record::record_columns;
pub use record::RecordSchema;

/// The answer scale shared by every item of an instrument.
#[derive(Debug, Clone)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    /// Label compare key ([`compare_key`]) -> score.
    pub labels: BTreeMap<String, f64>,
    /// Label compare key -> the label as written in the schema (for messages).
    pub label_text: BTreeMap<String, String>,
    /// Normalised answers that mean "no answer".
    pub missing: BTreeSet<String>,
}

impl Scale {
    /// Lowest score that counts as favourable: the top two points of a 5-point scale,
    /// the top 40% of points (rounded) on other scales.
    pub fn favourable_from(&self) -> f64 {
        let points = (self.max - self.min + 1.0).round();
        let top = (0.4 * points).round().max(1.0);
        self.max - top + 1.0
    }

    /// Labels in scale order, as written in the schema (for messages).
    pub fn label_list(&self) -> Vec<String> {
        let mut labels: Vec<(&String, &f64)> = self.labels.iter().collect();
        labels.sort_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(b.0)));
        labels
            .into_iter()
            .map(|(k, _)| self.label_text[k].clone())
            .collect()
    }
}

/// How an item or a role column is found in a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    /// By header text (compared after normalisation).
    Header(String),
    /// By 1-based column position.
    Position(usize),
    /// No column: the same value for every row (a file from one team, or one quarter).
    /// Only the team and quarter roles accept this.
    Constant(String),
}

impl std::fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ColumnRef::Header(h) => write!(f, "\"{h}\""),
            ColumnRef::Position(p) => write!(f, "column {p}"),
            ColumnRef::Constant(v) => write!(f, "the constant \"{v}\""),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Domain {
    pub id: String,
    pub name: String,
    /// 360 instruments: the perspective asked about this dimension (self rates all).
    pub perspective: Option<Perspective>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub column: ColumnRef,
    /// Index into [`Schema::domains`].
    pub domain: usize,
    pub reverse: bool,
}

/// Day-month order of dates written as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    Mdy,
    Dmy,
    Ymd,
}

/// Where the survey period of a response comes from.
#[derive(Debug, Clone)]
pub enum PeriodSource {
    /// A submission date or timestamp, turned into a calendar quarter.
    Timestamp(ColumnRef),
    /// A column holding a quarter label such as `2024-Q3`.
    Quarter(ColumnRef),
}

#[derive(Debug, Clone)]
pub struct Columns {
    /// The team column; with manager ids, the manager id column.
    pub team: ColumnRef,
    /// The employee id column when the team is the manager's id (`columns.manager`):
    /// the hierarchy then comes from the ids.
    pub employee: Option<ColumnRef>,
    /// Headers of columns naming a person (`First Name`, `Email`): never read.
    pub identifying: Vec<String>,
    pub group: Option<ColumnRef>,
    pub period: PeriodSource,
    pub respondent: Option<ColumnRef>,
    /// Fixed day-month order, or `None` to decide per file from the data.
    pub date_order: Option<DateOrder>,
    /// The month fiscal quarter labels (`FY24 Q1`) count their year from: 1, 4, 7 or 10.
    pub fiscal_year_start: u32,
}

/// Columns of the already-aggregated shape: one row per team and quarter.
#[derive(Debug, Clone)]
pub struct Aggregated {
    /// The respondent count of each row; `None` when the schema says the rows carry
    /// none (`respondents_unknown = true`): their scores are "n unknown".
    pub respondents: Option<ColumnRef>,
}

/// A checked instrument definition.
#[derive(Debug, Clone)]
pub struct Schema {
    pub name: String,
    pub title: String,
    pub scale: Scale,
    pub columns: Columns,
    pub domains: Vec<Domain>,
    pub items: Vec<Item>,
    pub aggregated: Aggregated,
    /// A respondent's domain score needs at least this share of the domain's items.
    pub min_answered_share: f64,
    /// Checkbox (multi-select) questions: read and checked, not scored on the scale.
    pub checkboxes: Vec<Checkbox>,
    /// Free-text comment columns (optional in a file: one without them has no comments).
    pub comments: Vec<CommentColumn>,
    /// 360 instruments: perspectives and comments.
    pub feedback: Option<Feedback>,
}

/// A free-text comment column, with the platform's topic and sensitive-flag columns
/// when it writes them (Viva Glint: `<question>_COMMENT_TOPICS`,
/// `<question>_SENSITIVE_COMMENT_FLAG`).
#[derive(Debug, Clone)]
pub struct CommentColumn {
    pub id: String,
    /// Shown in reports: `name`, else the header.
    pub name: String,
    pub column: ColumnRef,
    pub topics: Option<ColumnRef>,
    pub sensitive: Option<ColumnRef>,
}

/// Where a checkbox question's answers are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckboxColumns {
    /// One cell listing the ticked options (`a; b` or `a, b`).
    Joined(ColumnRef),
    /// One column per option, in the order of `options`.
    PerOption(Vec<ColumnRef>),
}

/// A multi-select question (a checklist item set, "tools used", ...).
#[derive(Debug, Clone)]
pub struct Checkbox {
    pub id: String,
    /// Shown in reports: `name`, else the joined-cell header, else the id.
    pub name: String,
    pub options: Vec<String>,
    /// Accepted layouts, tried in order (`header` first when both are given, so one
    /// schema reads exports from tools that write either).
    pub layouts: Vec<CheckboxColumns>,
}

impl Schema {
    /// Items of domain `d`, as indices into `items`.
    pub fn items_of(&self, d: usize) -> impl Iterator<Item = usize> + '_ {
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, it)| it.domain == d)
            .map(|(i, _)| i)
    }

    /// Least number of answered items that gives a domain score.
    pub fn min_answered(&self, d: usize) -> usize {
        let k = self.items_of(d).count();
        ((k as f64 * self.min_answered_share).ceil() as usize).max(1)
    }

    /// Read and check a schema file.
    pub fn load(path: &Path) -> Result<Schema> {
        let text = fs_err::read_to_string(path)?;
        Schema::parse(&text).map_err(|problems| Error::Schema {
            path: path.to_path_buf(),
            problems,
        })
    }

    /// Parse and check schema text; every mistake is returned, not just the first.
    pub fn parse(text: &str) -> std::result::Result<Schema, Vec<String>> {
        let (raw, unknown) = parse_toml::<RawSchema>(text)?;
        with_unknown_keys(raw.check(), unknown)
    }
}

/// Deserialize schema TOML, collecting every unknown key as a problem instead of
/// stopping at the first (a misspelt key would otherwise hide every other mistake).
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
) -> std::result::Result<(T, Vec<String>), Vec<String>> {
    let de = toml::Deserializer::parse(text).map_err(|e| vec![e.to_string()])?;
    let mut unknown = Vec::new();
    let value = serde_ignored::deserialize(de, |path| {
        unknown.push(format!(
            "unknown key `{path}`: not part of the schema format (misspelt?)"
        ))
    })
    .map_err(|e: toml::de::Error| vec![e.to_string()])?;
    Ok((value, unknown))
}

/// The checked value, or every problem: unknown keys first, then the checks' own.
pub(crate) fn with_unknown_keys<T>(
    checked: std::result::Result<T, Vec<String>>,
    mut unknown: Vec<String>,
) -> std::result::Result<T, Vec<String>> {
    match checked {
        Ok(v) if unknown.is_empty() => Ok(v),
        Ok(_) => Err(unknown),
        Err(problems) => {
            unknown.extend(problems);
            Err(unknown)
        }
    }
}

#[cfg(test)]
mod tests;
