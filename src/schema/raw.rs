//! The schema file as written (TOML structures) and its check into a [`Schema`]: every
//! mistake is collected as a message, not just the first.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::{
    feedback, Aggregated, Checkbox, CheckboxColumns, ColumnRef, Columns, CommentColumn, DateOrder,
    Domain, Item, PeriodSource, Scale, Schema,
};
use crate::text::{compare_key, normalize_header};

#[derive(Deserialize)]
pub(super) struct RawSchema {
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
    /// Free-text comment columns of a survey.
    #[serde(default)]
    comments: Vec<RawComment>,
    #[serde(default)]
    feedback: Option<feedback::RawFeedback>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComment {
    id: String,
    header: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    topics: Option<String>,
    #[serde(default)]
    sensitive: Option<String>,
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
    /// The respondent's employee id, with `manager`: the hierarchy from the ids.
    #[serde(default)]
    employee: Option<RawColumnRef>,
    /// The respondent's manager's employee id: their team (in place of `team`).
    #[serde(default)]
    manager: Option<RawColumnRef>,
    /// Columns naming a person: never read, and no role or item may use them.
    #[serde(default)]
    identifying: Vec<String>,
    #[serde(default)]
    timestamp: Option<RawColumnRef>,
    #[serde(default)]
    quarter: Option<RawColumnRef>,
    #[serde(default)]
    respondent: Option<RawColumnRef>,
    #[serde(default)]
    date_order: Option<DateOrder>,
    /// The month a fiscal year starts in (1, 4, 7 or 10), for labels like `FY24 Q1`.
    #[serde(default)]
    fiscal_year_start: Option<u32>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum RawColumnRef {
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
    #[serde(default)]
    respondents: Option<RawColumnRef>,
    /// Rows carry no respondent count (a hand-kept sheet of means): said explicitly.
    #[serde(default)]
    respondents_unknown: bool,
}

#[derive(Deserialize)]
struct RawScoring {
    min_answered_share: f64,
}

pub(crate) fn column_ref(raw: &RawColumnRef, what: &str, problems: &mut Vec<String>) -> ColumnRef {
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
    pub(super) fn check(self) -> std::result::Result<Schema, Vec<String>> {
        let mut problems = Vec::new();
        let scale = check_scale(self.scale.as_ref(), !self.items.is_empty(), &mut problems);
        let feedback = self.feedback.as_ref().map(|f| f.check(&mut problems));
        let (domains, domain_ids) = check_domains(&self.domains, feedback.is_some(), &mut problems);
        let items = check_items(&self.items, &domain_ids, &mut problems);
        // A schema without any items reads only aggregated sheets (by domain columns).
        for (d, domain) in domains.iter().enumerate() {
            if !items.is_empty() && !items.iter().any(|it| it.domain == d) {
                problems.push(format!("domain \"{}\" has no items", domain.id));
            }
        }
        let columns = self.columns.check(self.feedback.is_some(), &mut problems);
        refuse_constants(&columns, &items, &mut problems);
        refuse_identifying(&columns, &items, &self.comments, &mut problems);
        let aggregated = check_aggregated(self.aggregated.as_ref(), &mut problems);
        let min_answered_share = self.scoring.map_or(0.5, |s| s.min_answered_share);
        if !(min_answered_share > 0.0 && min_answered_share <= 1.0) {
            problems.push(format!(
                "scoring.min_answered_share is {min_answered_share}; expected a share above 0 and at most 1"
            ));
        }
        let checkboxes = self
            .checkboxes
            .iter()
            .map(|c| c.check(&mut problems))
            .collect();
        let comments = check_comments(&self.comments, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Schema {
            comments,
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

/// The scale; without one, a placeholder 0-1 scale (a problem when items need one).
fn check_scale(raw: Option<&RawScale>, has_items: bool, problems: &mut Vec<String>) -> Scale {
    match raw {
        Some(raw) => raw.check(problems),
        None => {
            if has_items {
                problems
                    .push("[scale]: items are rated on a scale; give its min and max".to_string());
            }
            RawScale {
                min: 0.0,
                max: 1.0,
                labels: BTreeMap::new(),
                missing: Vec::new(),
            }
            .check(problems)
        }
    }
}

/// Where an aggregated sheet's respondent counts are: a column, or none when the rows
/// carry no count.
fn check_aggregated(raw: Option<&RawAggregated>, problems: &mut Vec<String>) -> Aggregated {
    Aggregated {
        respondents: match raw {
            Some(RawAggregated {
                respondents: Some(_),
                respondents_unknown: true,
            }) => {
                problems.push(
                    "aggregated: give `respondents` (the column of respondent counts) or `respondents_unknown = true`, not both"
                        .to_string(),
                );
                None
            }
            Some(RawAggregated {
                respondents_unknown: true,
                ..
            }) => None,
            Some(RawAggregated {
                respondents: Some(r),
                ..
            }) => Some(column_ref(r, "aggregated.respondents", problems)),
            _ => Some(ColumnRef::Header("Respondents".to_string())),
        },
    }
}

/// The free-text comment columns, each id once.
fn check_comments(raw: &[RawComment], problems: &mut Vec<String>) -> Vec<CommentColumn> {
    let mut comment_ids = BTreeSet::new();
    let mut comments = Vec::new();
    for c in raw {
        let what = format!("comment \"{}\"", c.id);
        if !comment_ids.insert(c.id.clone()) {
            problems.push(format!("{what} is defined twice"));
        }
        let mut header = |h: &String, part: &str| {
            column_ref(
                &RawColumnRef::Header(h.clone()),
                &format!("{what} {part}"),
                problems,
            )
        };
        comments.push(CommentColumn {
            id: c.id.clone(),
            name: c.name.clone().unwrap_or_else(|| c.header.clone()),
            column: header(&c.header, "header"),
            topics: c.topics.as_ref().map(|t| header(t, "topics")),
            sensitive: c.sensitive.as_ref().map(|t| header(t, "sensitive")),
        });
    }
    comments
}

/// The domains, and each id's index; a 360 instrument names the perspective asked.
fn check_domains(
    raw: &[RawDomain],
    is_feedback: bool,
    problems: &mut Vec<String>,
) -> (Vec<Domain>, BTreeMap<String, usize>) {
    let mut domains = Vec::new();
    let mut domain_ids = BTreeMap::new();
    for d in raw {
        if domain_ids.insert(d.id.clone(), domains.len()).is_some() {
            problems.push(format!("domain \"{}\" is defined twice", d.id));
        }
        let perspective =
            feedback::domain_perspective(&d.id, d.perspective.as_deref(), is_feedback, problems);
        if is_feedback && d.perspective.is_none() {
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
    (domains, domain_ids)
}

/// The items: unique ids and columns, a known domain, one column each.
fn check_items(
    raw: &[RawItem],
    domain_ids: &BTreeMap<String, usize>,
    problems: &mut Vec<String>,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut item_ids = BTreeSet::new();
    let mut item_columns = BTreeSet::new();
    for it in raw {
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
            (Some(h), None) => column_ref(&RawColumnRef::Header(h.clone()), &what, problems),
            (None, Some(p)) => column_ref(&RawColumnRef::Position(p), &what, problems),
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
    items
}

impl RawColumns {
    /// The unit (team, or the person of an individual's or 360 instrument), the period
    /// (a timestamp or a quarter label) and the optional columns.
    fn check(&self, is_feedback: bool, problems: &mut Vec<String>) -> Columns {
        let period = match (&self.timestamp, &self.quarter) {
            (Some(t), None) => {
                PeriodSource::Timestamp(column_ref(t, "columns.timestamp", problems))
            }
            (None, Some(q)) => PeriodSource::Quarter(column_ref(q, "columns.quarter", problems)),
            _ => {
                problems.push(
                    "columns: give exactly one of `timestamp` (a date column) or `quarter` (a quarter label column)"
                        .to_string(),
                );
                PeriodSource::Quarter(ColumnRef::Position(1))
            }
        };
        let employee = match (&self.employee, &self.manager, &self.team) {
            (None, None, _) => None,
            (Some(e), Some(_), None) if !is_feedback => {
                Some(column_ref(e, "columns.employee", problems))
            }
            _ => {
                problems.push(
                    "columns: `employee` and `manager` go together, in place of `team` (each respondent is in their manager's team)"
                        .to_string(),
                );
                None
            }
        };
        let unit = match (&self.team, &self.person, is_feedback) {
            (None, None, false) if employee.is_some() => column_ref(
                self.manager.as_ref().expect("checked with employee"),
                "columns.manager",
                problems,
            ),
            (Some(t), None, false) => column_ref(t, "columns.team", problems),
            (None, Some(p), _) => column_ref(p, "columns.person", problems),
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
        Columns {
            team: unit,
            employee,
            identifying: self.identifying.clone(),
            group: self
                .group
                .as_ref()
                .map(|g| column_ref(g, "columns.group", problems)),
            period,
            respondent: self
                .respondent
                .as_ref()
                .map(|r| column_ref(r, "columns.respondent", problems)),
            date_order: self.date_order,
            fiscal_year_start: match self.fiscal_year_start {
                None => 1,
                Some(m @ (1 | 4 | 7 | 10)) => m,
                Some(m) => {
                    problems.push(format!(
                        "columns.fiscal_year_start is {m}; expected the month a fiscal year starts in that also starts a calendar quarter: 1, 4, 7 or 10"
                    ));
                    1
                }
            },
        }
    }
}

/// An identifying column (a person's name or e-mail) may not be the team, the group,
/// an id column, an item or a comment.
fn refuse_identifying(
    columns: &Columns,
    items: &[Item],
    comments: &[RawComment],
    problems: &mut Vec<String>,
) {
    let identifying: BTreeSet<String> =
        columns.identifying.iter().map(|h| compare_key(h)).collect();
    let mut check = |what: &str, c: Option<&ColumnRef>| {
        if let Some(ColumnRef::Header(h)) = c {
            if identifying.contains(&compare_key(h)) {
                problems.push(format!(
                    "{what}: column \"{h}\" is listed under columns.identifying; a column naming a person is never read"
                ));
            }
        }
    };
    check("columns.team", Some(&columns.team));
    check("columns.group", columns.group.as_ref());
    check("columns.employee", columns.employee.as_ref());
    check("columns.respondent", columns.respondent.as_ref());
    for it in items {
        check(&format!("item \"{}\"", it.id), Some(&it.column));
    }
    for c in comments {
        check(
            &format!("comment \"{}\"", c.id),
            Some(&ColumnRef::Header(c.header.clone())),
        );
    }
}

/// A constant stands in only for the team and the quarter.
fn refuse_constants(columns: &Columns, items: &[Item], problems: &mut Vec<String>) {
    let mut constant_not_allowed = |what: &str, c: Option<&ColumnRef>| {
        if let Some(ColumnRef::Constant(_)) = c {
            problems.push(format!(
                "{what}: a constant is allowed only for columns.team and columns.quarter"
            ));
        }
    };
    constant_not_allowed("columns.group", columns.group.as_ref());
    constant_not_allowed("columns.employee", columns.employee.as_ref());
    constant_not_allowed("columns.respondent", columns.respondent.as_ref());
    if let PeriodSource::Timestamp(c) = &columns.period {
        constant_not_allowed("columns.timestamp", Some(c));
    }
    for it in items {
        constant_not_allowed(&format!("item \"{}\"", it.id), Some(&it.column));
    }
}

impl RawCheckbox {
    /// A checklist category: its options and one or both column layouts.
    fn check(&self, problems: &mut Vec<String>) -> Checkbox {
        let what = format!("checkbox \"{}\"", self.id);
        if self.options.is_empty() || self.options.len() > 64 {
            problems.push(format!("{what}: list its options (1 to 64)"));
        }
        let mut layouts = Vec::new();
        if let Some(h) = &self.header {
            layouts.push(CheckboxColumns::Joined(column_ref(
                &RawColumnRef::Header(h.clone()),
                &what,
                problems,
            )));
        }
        if let Some(cols) = &self.columns {
            if cols.len() != self.options.len() {
                problems.push(format!(
                    "{what}: {} columns for {} options; give one column per option, in the same order",
                    cols.len(),
                    self.options.len()
                ));
            }
            layouts.push(CheckboxColumns::PerOption(
                cols.iter()
                    .map(|r| column_ref(r, &what, problems))
                    .collect(),
            ));
        }
        if layouts.is_empty() {
            problems.push(format!(
                "{what}: give `header` (one cell listing the ticked options), `columns` (one per option), or both"
            ));
        }
        let constant = layouts.iter().any(|l| match l {
            CheckboxColumns::Joined(r) => matches!(r, ColumnRef::Constant(_)),
            CheckboxColumns::PerOption(rs) => {
                rs.iter().any(|r| matches!(r, ColumnRef::Constant(_)))
            }
        });
        if constant {
            problems.push(format!(
                "{what}: a constant is allowed only for columns.team and columns.quarter"
            ));
        }
        Checkbox {
            name: self
                .name
                .clone()
                .or_else(|| self.header.clone())
                .unwrap_or_else(|| self.id.clone()),
            id: self.id.clone(),
            options: self.options.clone(),
            layouts,
        }
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
