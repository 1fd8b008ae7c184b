//! Instrument definitions: load a TOML schema file and check it, collecting every mistake.
//! It does not read data; `validate` applies a checked [`Schema`] to tables.

mod feedback;
mod measures;
mod record;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
pub use feedback::{Feedback, Perspective};
pub use measures::{Circle, Indicator, Measure, MeasuresSchema, Source};
pub(crate) use record::record_columns;
pub use record::RecordSchema;
pub use text::{collapse_whitespace, compare_key, normalize_header};

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
    pub team: ColumnRef,
    pub group: Option<ColumnRef>,
    pub period: PeriodSource,
    pub respondent: Option<ColumnRef>,
    /// Fixed day-month order, or `None` to decide per file from the data.
    pub date_order: Option<DateOrder>,
}

/// Columns of the already-aggregated shape: one row per team and quarter.
#[derive(Debug, Clone)]
pub struct Aggregated {
    pub respondents: ColumnRef,
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
    /// 360 instruments: perspectives and comments.
    pub feedback: Option<Feedback>,
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

#[derive(Deserialize)]
struct RawSchema {
    instrument: RawInstrument,
    /// A checklist-only instrument (no rated items) may leave the scale out.
    #[serde(default)]
    scale: Option<RawScale>,
    columns: RawColumns,
    #[serde(default)]
    domains: Vec<RawDomain>,
    #[serde(default)]
    items: Vec<RawItem>,
    #[serde(default)]
    aggregated: Option<RawAggregated>,
    #[serde(default)]
    scoring: Option<RawScoring>,
    #[serde(default)]
    checkboxes: Vec<RawCheckbox>,
    #[serde(default)]
    feedback: Option<feedback::RawFeedback>,
}

#[derive(Deserialize)]
struct RawInstrument {
    name: String,
    #[serde(default)]
    title: Option<String>,
}

#[derive(Deserialize)]
struct RawScale {
    min: f64,
    max: f64,
    #[serde(default)]
    labels: BTreeMap<String, f64>,
    #[serde(default)]
    missing: Vec<String>,
}

#[derive(Deserialize)]
struct RawColumns {
    #[serde(default)]
    team: Option<RawColumnRef>,
    /// The person rated, in a 360 instrument (in place of `team`).
    #[serde(default)]
    person: Option<RawColumnRef>,
    #[serde(default)]
    group: Option<RawColumnRef>,
    #[serde(default)]
    timestamp: Option<RawColumnRef>,
    #[serde(default)]
    quarter: Option<RawColumnRef>,
    #[serde(default)]
    respondent: Option<RawColumnRef>,
    #[serde(default)]
    date_order: Option<DateOrder>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawColumnRef {
    Header(String),
    Position(i64),
    Constant { constant: String },
}

#[derive(Deserialize)]
struct RawDomain {
    id: String,
    name: String,
    #[serde(default)]
    perspective: Option<String>,
}

#[derive(Deserialize)]
struct RawItem {
    id: String,
    domain: String,
    #[serde(default)]
    header: Option<String>,
    #[serde(default)]
    position: Option<i64>,
    #[serde(default)]
    reverse: bool,
}

#[derive(Deserialize)]
struct RawCheckbox {
    id: String,
    #[serde(default)]
    name: Option<String>,
    options: Vec<String>,
    #[serde(default)]
    header: Option<String>,
    #[serde(default)]
    columns: Option<Vec<RawColumnRef>>,
}

#[derive(Deserialize)]
struct RawAggregated {
    respondents: RawColumnRef,
}

#[derive(Deserialize)]
struct RawScoring {
    min_answered_share: f64,
}

fn column_ref(raw: &RawColumnRef, what: &str, problems: &mut Vec<String>) -> ColumnRef {
    match raw {
        RawColumnRef::Header(h) if normalize_header(h).is_empty() => {
            problems.push(format!("{what}: the header is empty"));
            ColumnRef::Header(String::new())
        }
        RawColumnRef::Header(h) => ColumnRef::Header(h.clone()),
        RawColumnRef::Position(p) if *p < 1 => {
            problems.push(format!(
                "{what}: position {p} is not a column (columns count from 1)"
            ));
            ColumnRef::Position(1)
        }
        RawColumnRef::Position(p) => ColumnRef::Position(*p as usize),
        RawColumnRef::Constant { constant } if constant.trim().is_empty() => {
            problems.push(format!("{what}: the constant is empty"));
            ColumnRef::Constant(String::new())
        }
        RawColumnRef::Constant { constant } => ColumnRef::Constant(constant.trim().to_string()),
    }
}

impl RawSchema {
    fn check(self) -> std::result::Result<Schema, Vec<String>> {
        let mut problems = Vec::new();
        let scale = match self.scale {
            Some(raw) => raw.check(&mut problems),
            None => {
                if !self.items.is_empty() {
                    problems.push(
                        "[scale]: items are rated on a scale; give its min and max".to_string(),
                    );
                }
                RawScale {
                    min: 0.0,
                    max: 1.0,
                    labels: BTreeMap::new(),
                    missing: Vec::new(),
                }
                .check(&mut problems)
            }
        };

        let feedback = self.feedback.as_ref().map(|f| f.check(&mut problems));
        let mut domains = Vec::new();
        let mut domain_ids = BTreeMap::new();
        for d in &self.domains {
            if domain_ids.insert(d.id.clone(), domains.len()).is_some() {
                problems.push(format!("domain \"{}\" is defined twice", d.id));
            }
            let perspective = feedback::domain_perspective(
                &d.id,
                d.perspective.as_deref(),
                feedback.is_some(),
                &mut problems,
            );
            if feedback.is_some() && d.perspective.is_none() {
                problems.push(format!(
                    "domain \"{}\": give the `perspective` asked about it (manager, peer, team_member or cross_functional)",
                    d.id
                ));
            }
            domains.push(Domain {
                id: d.id.clone(),
                name: d.name.clone(),
                perspective,
            });
        }

        let mut items = Vec::new();
        let mut item_ids = BTreeSet::new();
        let mut item_columns = BTreeSet::new();
        for it in &self.items {
            if !item_ids.insert(it.id.clone()) {
                problems.push(format!("item \"{}\" is defined twice", it.id));
            }
            let domain = match domain_ids.get(&it.domain) {
                Some(d) => *d,
                None => {
                    let known: Vec<&str> = domain_ids.keys().map(String::as_str).collect();
                    problems.push(format!(
                        "item \"{}\": unknown domain \"{}\" (known domains: {})",
                        it.id,
                        it.domain,
                        known.join(", ")
                    ));
                    0
                }
            };
            let what = format!("item \"{}\"", it.id);
            let column = match (&it.header, it.position) {
                (Some(h), None) => {
                    column_ref(&RawColumnRef::Header(h.clone()), &what, &mut problems)
                }
                (None, Some(p)) => column_ref(&RawColumnRef::Position(p), &what, &mut problems),
                _ => {
                    problems.push(format!(
                        "{what}: give exactly one of `header` or `position`"
                    ));
                    ColumnRef::Position(1)
                }
            };
            let key = match &column {
                ColumnRef::Header(h) => compare_key(h),
                ColumnRef::Position(p) => format!("#{p}"),
                ColumnRef::Constant(v) => format!("={v}"),
            };
            if !item_columns.insert(key) {
                problems.push(format!(
                    "{what}: column {column} is used by another item too"
                ));
            }
            items.push(Item {
                id: it.id.clone(),
                column,
                domain,
                reverse: it.reverse,
            });
        }
        for (d, domain) in domains.iter().enumerate() {
            if !items.iter().any(|it| it.domain == d) {
                problems.push(format!("domain \"{}\" has no items", domain.id));
            }
        }

        let c = &self.columns;
        let period = match (&c.timestamp, &c.quarter) {
            (Some(t), None) => {
                PeriodSource::Timestamp(column_ref(t, "columns.timestamp", &mut problems))
            }
            (None, Some(q)) => {
                PeriodSource::Quarter(column_ref(q, "columns.quarter", &mut problems))
            }
            _ => {
                problems.push(
                    "columns: give exactly one of `timestamp` (a date column) or `quarter` (a quarter label column)"
                        .to_string(),
                );
                PeriodSource::Quarter(ColumnRef::Position(1))
            }
        };
        let unit = match (&c.team, &c.person, self.feedback.is_some()) {
            (Some(t), None, false) => column_ref(t, "columns.team", &mut problems),
            (None, Some(p), _) => column_ref(p, "columns.person", &mut problems),
            (_, _, false) => {
                problems.push(
                    "columns: give exactly one of `team` (the team column) or `person` (for an individual's instrument)"
                        .to_string(),
                );
                ColumnRef::Position(1)
            }
            (_, _, true) => {
                problems.push(
                    "columns.person: a 360 instrument names the column of the person rated (and no columns.team)"
                        .to_string(),
                );
                ColumnRef::Position(1)
            }
        };
        let columns = Columns {
            team: unit,
            group: c
                .group
                .as_ref()
                .map(|g| column_ref(g, "columns.group", &mut problems)),
            period,
            respondent: c
                .respondent
                .as_ref()
                .map(|r| column_ref(r, "columns.respondent", &mut problems)),
            date_order: c.date_order,
        };
        let mut constant_not_allowed = |what: &str, c: Option<&ColumnRef>| {
            if let Some(ColumnRef::Constant(_)) = c {
                problems.push(format!(
                    "{what}: a constant is allowed only for columns.team and columns.quarter"
                ));
            }
        };
        constant_not_allowed("columns.group", columns.group.as_ref());
        constant_not_allowed("columns.respondent", columns.respondent.as_ref());
        if let PeriodSource::Timestamp(c) = &columns.period {
            constant_not_allowed("columns.timestamp", Some(c));
        }
        for it in &items {
            constant_not_allowed(&format!("item \"{}\"", it.id), Some(&it.column));
        }
        let aggregated = Aggregated {
            respondents: match &self.aggregated {
                Some(a) => column_ref(&a.respondents, "aggregated.respondents", &mut problems),
                None => ColumnRef::Header("Respondents".to_string()),
            },
        };
        let min_answered_share = self.scoring.map_or(0.5, |s| s.min_answered_share);
        if !(min_answered_share > 0.0 && min_answered_share <= 1.0) {
            problems.push(format!(
                "scoring.min_answered_share is {min_answered_share}; expected a share above 0 and at most 1"
            ));
        }

        let mut checkboxes = Vec::new();
        for c in &self.checkboxes {
            let what = format!("checkbox \"{}\"", c.id);
            if c.options.is_empty() || c.options.len() > 64 {
                problems.push(format!("{what}: list its options (1 to 64)"));
            }
            let mut layouts = Vec::new();
            if let Some(h) = &c.header {
                layouts.push(CheckboxColumns::Joined(column_ref(
                    &RawColumnRef::Header(h.clone()),
                    &what,
                    &mut problems,
                )));
            }
            if let Some(cols) = &c.columns {
                if cols.len() != c.options.len() {
                    problems.push(format!(
                        "{what}: {} columns for {} options; give one column per option, in the same order",
                        cols.len(),
                        c.options.len()
                    ));
                }
                layouts.push(CheckboxColumns::PerOption(
                    cols.iter()
                        .map(|r| column_ref(r, &what, &mut problems))
                        .collect(),
                ));
            }
            if layouts.is_empty() {
                problems.push(format!(
                    "{what}: give `header` (one cell listing the ticked options), `columns` (one per option), or both"
                ));
            }
            let refs: Vec<&ColumnRef> = layouts
                .iter()
                .flat_map(|l| match l {
                    CheckboxColumns::Joined(r) => vec![r],
                    CheckboxColumns::PerOption(rs) => rs.iter().collect(),
                })
                .collect();
            if refs.iter().any(|r| matches!(r, ColumnRef::Constant(_))) {
                problems.push(format!(
                    "{what}: a constant is allowed only for columns.team and columns.quarter"
                ));
            }
            checkboxes.push(Checkbox {
                name: c
                    .name
                    .clone()
                    .or_else(|| c.header.clone())
                    .unwrap_or_else(|| c.id.clone()),
                id: c.id.clone(),
                options: c.options.clone(),
                layouts,
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Schema {
            title: self
                .instrument
                .title
                .unwrap_or_else(|| self.instrument.name.clone()),
            name: self.instrument.name,
            scale,
            columns,
            domains,
            items,
            aggregated,
            min_answered_share,
            checkboxes,
            feedback,
        })
    }
}

impl RawScale {
    fn check(&self, problems: &mut Vec<String>) -> Scale {
        if !(self.min.is_finite() && self.max.is_finite()) || self.min >= self.max {
            problems.push(format!(
                "scale: min ({}) must be below max ({})",
                self.min, self.max
            ));
        }
        let mut labels = BTreeMap::new();
        let mut label_text = BTreeMap::new();
        for (label, score) in &self.labels {
            label_text.insert(compare_key(label), label.trim().to_string());
            let key = compare_key(label);
            if *score < self.min || *score > self.max {
                problems.push(format!(
                    "scale.labels: \"{label}\" = {score} is outside the scale {}..{}",
                    self.min, self.max
                ));
            }
            if labels.insert(key, *score).is_some() {
                problems.push(format!(
                    "scale.labels: \"{label}\" is given twice (labels are compared ignoring case and spacing)"
                ));
            }
        }
        let missing: BTreeSet<String> = self.missing.iter().map(|m| compare_key(m)).collect();
        for m in &missing {
            if labels.contains_key(m) {
                problems.push(format!("scale: \"{m}\" is both a label and a missing code"));
            }
        }
        Scale {
            min: self.min,
            max: self.max,
            labels,
            label_text,
            missing,
        }
    }
}

#[cfg(test)]
mod tests;
