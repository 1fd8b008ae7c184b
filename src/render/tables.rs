//! CSV tables and `summary.json`: documented columns, fixed number formats, and text
//! cells that a spreadsheet would run as a formula neutralised. Hidden values stay empty.

mod feedback;
mod influence;
mod interventions;
mod milestones;
mod registry;
mod summary;
mod velocity;

use super::format::{fixed, p_value};
use super::Results;
use crate::error::Result;
use crate::metrics::correlations::{Kind, Method, SMALL_N};

pub use feedback::{
    competency, feedback_360, feedback_gaps, feedback_others, feedback_themes, COMPETENCY_COLUMNS,
    FEEDBACK_360_COLUMNS, FEEDBACK_GAPS_COLUMNS, FEEDBACK_OTHERS_COLUMNS, FEEDBACK_THEMES_COLUMNS,
};
pub use influence::{influence, leading_lagging, INFLUENCE_COLUMNS, LEADING_LAGGING_COLUMNS};
pub use interventions::{interventions, INTERVENTIONS_COLUMNS};
pub use milestones::{
    growth_checklist, growth_summary, growth_trend, milestone_health, milestones,
    milestones_summary, GROWTH_TREND_COLUMNS, MONTH_COLUMNS, SUMMARY_COLUMNS,
};
pub use registry::{TableSpec, REGISTRY};
pub use summary::summary_json;
pub use velocity::{
    adaptations, learning_velocity, practice_adoption, velocity_factors, ADAPTATIONS_COLUMNS,
    LEARNING_VELOCITY_COLUMNS, PRACTICE_ADOPTION_COLUMNS,
};

/// One CSV cell: text (neutralised) or a number (written as a number).
pub enum Field {
    Text(String),
    Num(Option<f64>),
    P(Option<f64>),
    Int(Option<u64>),
    /// Why the row's values are withheld (`None`: they are shown). The only way a table
    /// marks a row hidden: writers never look at column names.
    Hidden(Option<&'static str>),
}

impl Field {
    pub(crate) fn text(s: impl Into<String>) -> Field {
        Field::Text(s.into())
    }

    /// The privacy decision of a row's values.
    pub(crate) fn hidden(h: Option<crate::model::Hidden>) -> Field {
        Field::Hidden(h.map(crate::model::Hidden::as_str))
    }

    pub(crate) fn render(&self) -> String {
        match self {
            Field::Text(s) => neutralise_formula(s),
            Field::Num(v) => v.filter(|v| v.is_finite()).map(fixed).unwrap_or_default(),
            Field::P(v) => v.filter(|v| v.is_finite()).map(p_value).unwrap_or_default(),
            Field::Int(v) => v.map(|v| v.to_string()).unwrap_or_default(),
            Field::Hidden(why) => why.unwrap_or_default().to_string(),
        }
    }
}

/// The columns `n, r, ci_low, ci_high, p, p_adjusted, small_sample` of a correlation.
pub(crate) fn correlation_fields(
    n: usize,
    result: Option<crate::metrics::stats::Correlation>,
    p_adjusted: Option<f64>,
    small_n: usize,
) -> Vec<Field> {
    vec![
        Field::Int(Some(n as u64)),
        Field::Num(result.map(|c| c.r)),
        Field::Num(result.and_then(|c| c.ci).map(|c| c.0)),
        Field::Num(result.and_then(|c| c.ci).map(|c| c.1)),
        Field::P(result.map(|c| c.p)),
        Field::P(p_adjusted),
        Field::text(if n < small_n { "yes" } else { "no" }),
    ]
}

/// Columns of the per-domain correlation tables (`velocity_factors.csv`,
/// `milestone_health.csv`).
pub const DOMAIN_CORRELATION_COLUMNS: &[&str] = &[
    "domain",
    "n",
    "r",
    "ci_low",
    "ci_high",
    "p",
    "p_adjusted",
    "small_sample",
];

/// A table of one correlation per domain: (domain, n, result, adjusted p) rows.
pub(crate) fn domain_correlations(
    r: &Results,
    rows: impl Iterator<
        Item = (
            usize,
            usize,
            Option<crate::metrics::stats::Correlation>,
            Option<f64>,
        ),
    >,
    small_n: usize,
) -> Result<Table> {
    let rows: Vec<Vec<Field>> = rows
        .map(|(domain, n, result, p_adjusted)| {
            let mut row = vec![Field::text(r.domain_name(domain))];
            row.extend(correlation_fields(n, result, p_adjusted, small_n));
            row
        })
        .collect();
    table(DOMAIN_CORRELATION_COLUMNS, rows)
}

/// Prefix text a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, carriage return
/// first) with an apostrophe so it is shown as text. Numbers never pass through here.
pub fn neutralise_formula(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// One output table: its header and typed rows, written as `metrics/<name>.csv` and as a
/// sheet of `metrics/leadpulse.xlsx`.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Field>>,
}

/// A table with these columns and rows.
pub fn table(header: &[impl AsRef<str>], rows: Vec<Vec<Field>>) -> Result<Table> {
    Ok(Table {
        header: header.iter().map(|h| h.as_ref().to_string()).collect(),
        rows,
    })
}

impl Table {
    /// The CSV: a header row, then one line per row.
    pub fn csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(&self.header)
            .map_err(std::io::Error::other)?;
        for row in &self.rows {
            w.write_record(row.iter().map(Field::render))
                .map_err(std::io::Error::other)?;
        }
        w.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()).into())
    }
}

pub const DOMAIN_SCORES_COLUMNS: &[&str] = &[
    "level",
    "unit",
    "group",
    "quarter",
    "domain",
    "n",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "favourable_share",
    "suppressed",
];

/// A score cell's n, mean, sd, CI and favourable share, empty when it is hidden.
fn score_fields(cell: Option<&crate::metrics::scores::Cell>) -> [Field; 6] {
    let v = |x: &dyn Fn(&crate::metrics::scores::Cell) -> Option<f64>| Field::Num(cell.and_then(x));
    [
        Field::Int(cell.filter(|c| !c.n_unknown).map(|c| c.n as u64)),
        v(&|c| Some(c.mean)),
        v(&|c| c.sd),
        v(&|c| c.ci.map(|c| c.0)),
        v(&|c| c.ci.map(|c| c.1)),
        v(&|c| c.favourable),
    ]
}

pub fn domain_scores(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .cells
        .iter()
        .map(|c| {
            let key = c.key();
            let mut row = vec![
                Field::text(key.level.as_str()),
                Field::text(key.unit),
                Field::text(key.group.unwrap_or_default()),
                Field::text(key.period.label()),
                Field::text(r.domain_name(key.domain)),
            ];
            row.extend(score_fields(c.shown()));
            row.push(Field::hidden(c.hidden()));
            row
        })
        .collect();
    table(DOMAIN_SCORES_COLUMNS, rows)
}

pub const TRENDS_COLUMNS: &[&str] = &[
    "level",
    "unit",
    "domain",
    "quarters",
    "first_quarter",
    "first_mean",
    "latest_quarter",
    "latest_mean",
    "latest_change",
    "latest_change_from",
    "slope_per_quarter",
    "slope_ci_low",
    "slope_ci_high",
    "slope_p",
    "consistency",
    "status",
];

pub fn trends(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .trends
        .iter()
        .map(|t| {
            let mut row = vec![
                Field::text(t.level.as_str()),
                Field::text(t.unit.as_str()),
                Field::text(r.domain_name(t.domain)),
            ];
            row.extend(trend_fields(t));
            row
        })
        .collect();
    table(TRENDS_COLUMNS, rows)
}

/// A trend's fields after its unit and what it is about (domain, or domain and item).
fn trend_fields(t: &crate::metrics::trends::Trend) -> Vec<Field> {
    let first = t.first();
    let latest = t.latest();
    vec![
        Field::Int(Some(t.series.len() as u64)),
        Field::text(first.map(|f| f.0.label()).unwrap_or_default()),
        Field::Num(first.map(|f| f.1)),
        Field::text(latest.map(|f| f.0.label()).unwrap_or_default()),
        Field::Num(latest.map(|f| f.1)),
        Field::Num(t.latest_change),
        Field::text(
            t.latest_change_from()
                .map(|q| q.label())
                .unwrap_or_default(),
        ),
        Field::Num(t.slope.map(|s| s.slope)),
        Field::Num(t.slope.map(|s| s.ci_low)),
        Field::Num(t.slope.map(|s| s.ci_high)),
        Field::P(t.slope.map(|s| s.p)),
        Field::Num(t.consistency),
        Field::text(t.status.as_str()),
    ]
}

pub const ITEM_TRENDS_COLUMNS: &[&str] = &[
    "level",
    "unit",
    "domain",
    "item",
    "quarters",
    "first_quarter",
    "first_mean",
    "latest_quarter",
    "latest_mean",
    "latest_change",
    "latest_change_from",
    "slope_per_quarter",
    "slope_ci_low",
    "slope_ci_high",
    "slope_p",
    "consistency",
    "status",
];

pub fn item_trends(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .item_trends
        .iter()
        .map(|t| {
            let item = &r.meta.schema.items[t.domain];
            let mut row = vec![
                Field::text(t.level.as_str()),
                Field::text(t.unit.as_str()),
                Field::text(r.domain_name(item.domain)),
                Field::text(item.id.as_str()),
            ];
            row.extend(trend_fields(t));
            row
        })
        .collect();
    table(ITEM_TRENDS_COLUMNS, rows)
}

pub const ITEMS_COLUMNS: &[&str] = &[
    "level",
    "unit",
    "group",
    "quarter",
    "domain",
    "item",
    "question",
    "n",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "favourable_share",
    "neutral_share",
    "unfavourable_share",
    "distribution",
    "suppressed",
];

pub fn items(r: &Results) -> Result<Table> {
    let points = crate::metrics::scores::scale_points(&r.meta.schema.scale);
    let rows: Vec<Vec<Field>> = r
        .survey
        .items
        .iter()
        .map(|s| {
            let key = s.key();
            let it = s.shown();
            let item = &r.meta.schema.items[key.domain];
            let distribution = match it {
                Some(it) if !it.counts.is_empty() => points
                    .iter()
                    .zip(&it.counts)
                    .map(|(p, c)| format!("{p}={c}"))
                    .collect::<Vec<_>>()
                    .join(";"),
                _ => String::new(),
            };
            let mut row = vec![
                Field::text(key.level.as_str()),
                Field::text(key.unit),
                Field::text(key.group.unwrap_or_default()),
                Field::text(key.period.label()),
                Field::text(r.domain_name(item.domain)),
                Field::text(item.id.as_str()),
                Field::text(r.question(key.domain)),
            ];
            row.extend(score_fields(it.map(|i| &i.cell)));
            row.extend([
                Field::Num(it.map(|i| i.neutral)),
                Field::Num(it.map(|i| i.unfavourable)),
                Field::text(distribution),
                Field::hidden(s.hidden()),
            ]);
            row
        })
        .collect();
    table(ITEMS_COLUMNS, rows)
}

pub const CORRELATIONS_COLUMNS: &[&str] = &[
    "kind",
    "method",
    "domain_a",
    "domain_b",
    "n",
    "r",
    "p",
    "p_adjusted",
    "ci_low",
    "ci_high",
    "small_sample",
];

pub fn kind_str(k: Kind) -> &'static str {
    match k {
        Kind::Levels => "levels",
        Kind::Changes => "changes",
    }
}

pub fn method_str(m: Method) -> &'static str {
    match m {
        Method::Pearson => "pearson",
        Method::Spearman => "spearman",
    }
}

pub fn correlations(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .correlations
        .iter()
        .map(|c| {
            vec![
                Field::text(kind_str(c.kind)),
                Field::text(method_str(c.method)),
                Field::text(r.domain_name(c.a)),
                Field::text(r.domain_name(c.b)),
                Field::Int(Some(c.n as u64)),
                Field::Num(c.result.map(|x| x.r)),
                Field::P(c.result.map(|x| x.p)),
                Field::P(c.p_adjusted),
                Field::Num(c.result.and_then(|x| x.ci).map(|ci| ci.0)),
                Field::Num(c.result.and_then(|x| x.ci).map(|ci| ci.1)),
                Field::text(if c.n < SMALL_N { "true" } else { "false" }),
            ]
        })
        .collect();
    table(CORRELATIONS_COLUMNS, rows)
}

pub const ORG_TREE_COLUMNS: &[&str] = &[
    "level",
    "unit",
    "group",
    "depth",
    "quarter",
    "n",
    "overall",
    "change",
    "suppressed",
];

pub fn org_tree(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .org_tree
        .iter()
        .map(|t| {
            vec![
                Field::text(t.level.as_str()),
                Field::text(t.unit.as_str()),
                Field::text(t.parent.clone().unwrap_or_default()),
                Field::Int(Some(t.depth as u64)),
                Field::text(t.quarter.label()),
                Field::Int(t.n.map(u64::from)),
                Field::Num(t.overall),
                Field::Num(t.change),
                Field::hidden(t.hidden),
            ]
        })
        .collect();
    table(ORG_TREE_COLUMNS, rows)
}

pub const COMMENTS_COLUMNS: &[&str] = &["level", "unit", "quarter", "question", "comment"];

pub fn comments(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .comments()
        .iter()
        .flat_map(|u| {
            u.comments.iter().map(move |(column, text)| {
                vec![
                    Field::text(u.level.as_str()),
                    Field::text(u.unit.as_str()),
                    Field::text(u.period.label()),
                    Field::text(r.meta.schema.comments[*column as usize].name.as_str()),
                    Field::text(text.as_str()),
                ]
            })
        })
        .collect();
    table(COMMENTS_COLUMNS, rows)
}

pub const COMMENT_SUMMARY_COLUMNS: &[&str] = &[
    "level",
    "unit",
    "group",
    "quarter",
    "comments",
    "flagged_not_shown",
    "topics",
];

pub fn comment_summary(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .comments()
        .iter()
        .map(|u| {
            vec![
                Field::text(u.level.as_str()),
                Field::text(u.unit.as_str()),
                Field::text(u.group.clone().unwrap_or_default()),
                Field::text(u.period.label()),
                Field::Int(Some(u.comments.len() as u64)),
                Field::Int(Some(u64::from(u.flagged))),
                Field::text(
                    u.topics
                        .iter()
                        .map(|(t, n)| format!("{t}={n}"))
                        .collect::<Vec<_>>()
                        .join(";"),
                ),
            ]
        })
        .collect();
    table(COMMENT_SUMMARY_COLUMNS, rows)
}

pub const PARTICIPATION_COLUMNS: &[&str] = &[
    "level",
    "unit",
    "group",
    "quarter",
    "responses",
    "team_size",
    "response_rate",
    "suppressed",
];

pub fn participation(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .participation
        .iter()
        .map(|p| {
            let key = p.key();
            vec![
                Field::text(key.level.as_str()),
                Field::text(key.unit),
                Field::text(key.group.unwrap_or_default()),
                Field::text(key.period.label()),
                Field::Int(p.shown().map(|row| row.responses as u64)),
                Field::Int(key.size.map(u64::from)),
                Field::Num(p.shown().and_then(|row| row.rate())),
                Field::hidden(p.hidden()),
            ]
        })
        .collect();
    table(PARTICIPATION_COLUMNS, rows)
}

pub const RELIABILITY_COLUMNS: &[&str] = &[
    "domain",
    "items",
    "complete_responses",
    "cronbach_alpha",
    "alpha_upper_95",
    "below_0_7",
];

pub fn reliability(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .reliability
        .iter()
        .map(|x| {
            vec![
                Field::text(r.domain_name(x.domain)),
                Field::Int(Some(x.items as u64)),
                Field::Int(x.complete.map(|n| n as u64)),
                Field::Num(x.alpha),
                Field::Num(x.upper),
                Field::text(if x.flagged() { "true" } else { "false" }),
            ]
        })
        .collect();
    table(RELIABILITY_COLUMNS, rows)
}

pub const ITEM_RELIABILITY_COLUMNS: &[&str] = &[
    "domain",
    "item",
    "complete_responses",
    "cronbach_alpha",
    "alpha_if_deleted",
    "item_rest_r",
];

pub fn item_reliability(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .reliability
        .iter()
        .flat_map(|x| {
            x.per_item.iter().map(move |(id, item)| {
                vec![
                    Field::text(r.domain_name(x.domain)),
                    Field::text(id.as_str()),
                    Field::Int(x.complete.map(|n| n as u64)),
                    Field::Num(x.alpha),
                    Field::Num(item.alpha_if_deleted),
                    Field::Num(item.item_rest_r),
                ]
            })
        })
        .collect();
    table(ITEM_RELIABILITY_COLUMNS, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_text_is_neutralised_and_plain_text_is_not() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("+1"), "'+1");
        assert_eq!(neutralise_formula("-2+3"), "'-2+3");
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("Payments"), "Payments");
    }

    #[test]
    fn numbers_stay_numbers_even_when_negative() {
        let bytes = table(
            &["x", "y"],
            vec![vec![Field::Num(Some(-0.25)), Field::text("-team")]],
        )
        .and_then(|t| t.csv())
        .unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "x,y\n-0.2500,'-team\n");
    }
}
