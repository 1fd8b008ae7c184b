//! The survey's tables: domain scores, the organisation tree, trends, correlations,
//! participation, reliability and the question-level tables.

use super::registry::always;
use super::{table, Field, Table, TableSpec};
use crate::error::Result;
use crate::metrics::correlations::{Kind, Method, SMALL_N};
use crate::render::Results;

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
                Field::text(r.measure_name(key.measure)),
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
    "detectable_slope",
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
                Field::text(r.measure_name(t.measure)),
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
        Field::Num(t.slope.map(|s| s.detectable())),
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
    "detectable_slope",
];

pub fn item_trends(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .survey
        .item_trends
        .iter()
        .filter_map(|t| Some((t, t.measure.item()?)))
        .map(|(t, i)| {
            let item = &r.meta.schema.items[i];
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
        .filter_map(|s| Some((s, s.key().measure.item()?)))
        .map(|(s, i)| {
            let key = s.key();
            let it = s.shown();
            let item = &r.meta.schema.items[i];
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
                Field::text(r.question(i)),
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
    "note",
    "detectable_r",
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
                Field::P(c.p()),
                Field::P(c.p_adjusted),
                Field::Num(c.result.and_then(|x| x.ci).map(|ci| ci.0)),
                Field::Num(c.result.and_then(|x| x.ci).map(|ci| ci.1)),
                Field::text(if c.n < SMALL_N { "true" } else { "false" }),
                Field::text(r.correlation_note(c)),
                Field::Num(c.detectable),
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

/// The tables of this section, in the order the report writes them.
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "domain_scores",
        about: "scores per level, unit, quarter and domain",
        columns: DOMAIN_SCORES_COLUMNS,
        applies: always,
        write: domain_scores,
    },
    TableSpec {
        name: "org_tree",
        about: "every unit's Overall in the latest quarter and its change, as the organisation tree",
        columns: ORG_TREE_COLUMNS,
        applies: always,
        write: org_tree,
    },
    TableSpec {
        name: "trends",
        about: "direction, slope and latest change per unit and domain",
        columns: TRENDS_COLUMNS,
        applies: always,
        write: trends,
    },
    TableSpec {
        name: "correlations",
        about: "how domains go together, in levels and in changes",
        columns: CORRELATIONS_COLUMNS,
        applies: always,
        write: correlations,
    },
    TableSpec {
        name: "participation",
        about: "responses and response rate per unit and quarter",
        columns: PARTICIPATION_COLUMNS,
        applies: always,
        write: participation,
    },
    TableSpec {
        name: "reliability",
        about: "Cronbach's alpha per domain",
        columns: RELIABILITY_COLUMNS,
        applies: always,
        write: reliability,
    },
    TableSpec {
        name: "item_reliability",
        about: "Cronbach's alpha without each item, and each item's correlation with the rest of its domain",
        columns: ITEM_RELIABILITY_COLUMNS,
        applies: always,
        write: item_reliability,
    },
    TableSpec {
        name: "items",
        about: "every question per unit and quarter: n, mean, favourable, neutral and unfavourable shares, answer distribution",
        columns: ITEMS_COLUMNS,
        applies: always,
        write: items,
    },
    TableSpec {
        name: "item_trends",
        about: "direction, slope and latest change per unit and question",
        columns: ITEM_TRENDS_COLUMNS,
        applies: always,
        write: item_trends,
    },
];
