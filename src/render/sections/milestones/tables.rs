//! Milestone tables: `milestones.csv` (team x month x category), `milestones_summary.csv`
//! (team x category: streaks, items never reached) and `milestone_health.csv`.

use crate::error::Result;
use crate::metrics::growth::MIN_MONTHS;
use crate::metrics::milestones::{Milestones, SMALL_N};
use crate::render::tables::{table, Field, Table, TableSpec, DOMAIN_CORRELATION_COLUMNS};
use crate::render::Results;

/// Columns of `milestones.csv` and `growth_checklist.csv` after the unit (`team` or
/// `person`).
pub const MONTH_COLUMNS: &[&str] = &[
    "month",
    "category",
    "completed",
    "items",
    "completion",
    "streak_months",
    "ticked_items",
];

fn ticked_names(m: &Milestones, category: usize, mask: u64) -> String {
    m.categories[category]
        .1
        .iter()
        .enumerate()
        .filter(|(k, _)| mask & (1 << k) != 0)
        .map(|(_, name)| name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn milestones(r: &Results) -> Result<Table> {
    let empty = Milestones::default();
    months_csv(r.sections.milestones.as_ref().unwrap_or(&empty), "team")
}

/// `growth_checklist.csv`: as `milestones.csv`, per person.
pub fn growth_checklist(r: &Results) -> Result<Table> {
    let empty = Milestones::default();
    let growth = r.sections.growth.as_ref().map(|g| &g.checklists);
    months_csv(growth.unwrap_or(&empty), "person")
}

/// The unit's column, then `columns`.
fn header<'a>(unit: &'a str, columns: &[&'a str]) -> Vec<&'a str> {
    std::iter::once(unit)
        .chain(columns.iter().copied())
        .collect()
}

fn months_csv(m: &Milestones, unit: &str) -> Result<Table> {
    let rows: Vec<Vec<Field>> = m
        .months
        .iter()
        .map(|row| {
            vec![
                Field::text(row.team.as_str()),
                Field::text(row.month.label()),
                Field::text(m.categories[row.category].0.as_str()),
                Field::Int(Some(row.completed as u64)),
                Field::Int(Some(row.items as u64)),
                Field::Num(Some(row.completed as f64 / row.items.max(1) as f64)),
                Field::Int(Some(row.streak as u64)),
                Field::text(ticked_names(m, row.category, row.ticked)),
            ]
        })
        .collect();
    table(&header(unit, MONTH_COLUMNS), rows)
}

/// Columns of `milestones_summary.csv` and `growth_summary.csv` after the unit.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "category",
    "months",
    "mean_completion",
    "longest_streak",
    "current_streak",
    "never_reached",
];

pub fn milestones_summary(r: &Results) -> Result<Table> {
    let empty = Milestones::default();
    summary_csv(r.sections.milestones.as_ref().unwrap_or(&empty), "team")
}

/// `growth_summary.csv`: as `milestones_summary.csv`, per person.
pub fn growth_summary(r: &Results) -> Result<Table> {
    let empty = Milestones::default();
    let growth = r.sections.growth.as_ref().map(|g| &g.checklists);
    summary_csv(growth.unwrap_or(&empty), "person")
}

pub const GROWTH_TREND_COLUMNS: &[&str] = &[
    "person",
    "months",
    "slope_per_month",
    "slope_ci_low",
    "slope_ci_high",
    "slope_p",
    "best_months",
    "note",
    "detectable_slope",
];

/// `growth_trend.csv`: indicators ticked per month, its trend and the best months.
pub fn growth_trend(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = r
        .sections
        .growth
        .iter()
        .flat_map(|g| &g.trends)
        .map(|t| {
            vec![
                Field::text(t.person.as_str()),
                Field::Int(Some(t.months as u64)),
                Field::Num(t.slope.map(|s| s.slope)),
                Field::Num(t.slope.map(|s| s.ci_low)),
                Field::Num(t.slope.map(|s| s.ci_high)),
                Field::P(t.slope.map(|s| s.p)),
                Field::text(
                    t.best_months
                        .iter()
                        .map(|(m, n)| format!("{} ({n})", m.label()))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                Field::text(if t.slope.is_none() {
                    format!("a trend needs at least {MIN_MONTHS} months")
                } else {
                    String::new()
                }),
                Field::Num(t.slope.map(|s| s.detectable())),
            ]
        })
        .collect();
    table(GROWTH_TREND_COLUMNS, rows)
}

fn summary_csv(m: &Milestones, unit: &str) -> Result<Table> {
    let rows: Vec<Vec<Field>> = m
        .teams
        .iter()
        .map(|t| {
            let never = t.never.iter().fold(0u64, |acc, k| acc | 1 << k);
            vec![
                Field::text(t.team.as_str()),
                Field::text(m.categories[t.category].0.as_str()),
                Field::Int(Some(t.months as u64)),
                Field::Num(Some(t.mean_share)),
                Field::Int(Some(t.longest_streak as u64)),
                Field::Int(Some(t.current_streak as u64)),
                Field::text(ticked_names(m, t.category, never)),
            ]
        })
        .collect();
    table(&header(unit, SUMMARY_COLUMNS), rows)
}

pub fn milestone_health(r: &Results) -> Result<Table> {
    let empty = Milestones::default();
    let m = r.sections.milestones.as_ref().unwrap_or(&empty);
    let rows = m
        .health
        .iter()
        .map(|h| (h.measure, h.n, h.result, h.p_adjusted, h.detectable));
    crate::render::tables::domain_correlations(r, rows, SMALL_N)
}

/// The team milestone checklists' tables.
pub const MILESTONE_TABLES: &[TableSpec] = &[
    TableSpec {
        name: "milestones",
        about: "milestone completion per team, month and category",
        columns: MONTH_COLUMNS,
        applies: |r| r.sections.milestones.is_some(),
        write: milestones,
    },
    TableSpec {
        name: "milestones_summary",
        about: "milestone completion per team and category",
        columns: SUMMARY_COLUMNS,
        applies: |r| r.sections.milestones.is_some(),
        write: milestones_summary,
    },
    TableSpec {
        name: "milestone_health",
        about: "milestone completion against the next quarter's change in health",
        columns: DOMAIN_CORRELATION_COLUMNS,
        applies: |r| r.sections.milestones.is_some(),
        write: milestone_health,
    },
];

/// The growth-indicator checklists' tables.
pub const GROWTH_TABLES: &[TableSpec] = &[
    TableSpec {
        name: "growth_checklist",
        about: "growth indicators per person, month and category",
        columns: MONTH_COLUMNS,
        applies: |r| r.sections.growth.is_some(),
        write: growth_checklist,
    },
    TableSpec {
        name: "growth_summary",
        about: "growth indicators per person and category",
        columns: SUMMARY_COLUMNS,
        applies: |r| r.sections.growth.is_some(),
        write: growth_summary,
    },
    TableSpec {
        name: "growth_trend",
        about: "the monthly trend of each person's growth indicators",
        columns: GROWTH_TREND_COLUMNS,
        applies: |r| r.sections.growth.is_some(),
        write: growth_trend,
    },
];
