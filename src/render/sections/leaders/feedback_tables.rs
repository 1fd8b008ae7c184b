//! 360 tables: `feedback_360.csv` (rater groups per dimension, with what is hidden),
//! `feedback_others.csv`, `feedback_gaps.csv` and `feedback_themes.csv`.

use crate::error::Result;
use crate::metrics::feedback::FeedbackResults;
use crate::model::GroupStatus;
use crate::render::tables::{table, Field, Table, TableSpec};
use crate::render::Results;

pub const FEEDBACK_360_COLUMNS: &[&str] = &[
    "person",
    "quarter",
    "perspective",
    "dimension",
    "raters",
    "mean",
    "sd",
    "agreement_rwg",
    "change",
    "status",
];

fn or_empty<'a>(r: &'a Results<'_>) -> &'a FeedbackResults {
    static EMPTY: std::sync::OnceLock<FeedbackResults> = std::sync::OnceLock::new();
    r.sections
        .feedback
        .as_ref()
        .unwrap_or_else(|| EMPTY.get_or_init(FeedbackResults::default))
}

pub fn feedback_360(r: &Results) -> Result<Table> {
    let f = or_empty(r);
    let mut rows: Vec<Vec<Field>> = f
        .groups
        .iter()
        .map(|g| {
            vec![
                Field::text(g.person.as_str()),
                Field::text(g.quarter.label()),
                Field::text(g.perspective.as_str()),
                Field::text(f.dimensions[g.dimension].0.as_str()),
                Field::Int(Some(g.raters as u64)),
                Field::Num(Some(g.mean)),
                Field::Num(g.sd),
                Field::Num(g.agreement),
                Field::Num(g.change),
                Field::text(GroupStatus::Shown.as_str()),
            ]
        })
        .collect();
    // Hidden groups: one row each, no dimension, no count, no value.
    for ((person, quarter, perspective), (_, status)) in &f.screen {
        if *status != GroupStatus::Shown {
            rows.push(vec![
                Field::text(person.as_str()),
                Field::text(quarter.label()),
                Field::text(perspective.as_str()),
                Field::text(""),
                Field::Int(None),
                Field::Num(None),
                Field::Num(None),
                Field::Num(None),
                Field::Num(None),
                // A suppressed group's row is hidden; a merged one is shown in the
                // "others" pool, and its own row is simply empty.
                match status {
                    GroupStatus::Suppressed => Field::Hidden(Some(status.as_str())),
                    _ => Field::text(status.as_str()),
                },
            ]);
        }
    }
    table(FEEDBACK_360_COLUMNS, rows)
}

pub const FEEDBACK_OTHERS_COLUMNS: &[&str] = &["person", "quarter", "perspectives", "mean"];

pub fn feedback_others(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = or_empty(r)
        .others
        .iter()
        .map(|o| {
            vec![
                Field::text(o.person.as_str()),
                Field::text(o.quarter.label()),
                Field::text(
                    o.perspectives
                        .iter()
                        .map(|p| p.as_str())
                        .collect::<Vec<_>>()
                        .join(";"),
                ),
                Field::Num(Some(o.mean)),
            ]
        })
        .collect();
    table(FEEDBACK_OTHERS_COLUMNS, rows)
}

pub const FEEDBACK_GAPS_COLUMNS: &[&str] = &[
    "person",
    "quarter",
    "dimension",
    "compared_with",
    "self",
    "others",
    "gap",
    "threshold",
    "finding",
    "detectable_gap",
    "note",
];

pub fn feedback_gaps(r: &Results) -> Result<Table> {
    let f = or_empty(r);
    let rows: Vec<Vec<Field>> = f
        .gaps
        .iter()
        .map(|g| {
            vec![
                Field::text(g.person.as_str()),
                Field::text(g.quarter.label()),
                Field::text(f.dimensions[g.dimension].0.as_str()),
                Field::text(g.perspective.as_str()),
                Field::Num(Some(g.self_score)),
                Field::Num(Some(g.others)),
                Field::Num(Some(g.gap)),
                Field::Num(g.threshold),
                Field::text(g.finding.as_str()),
                Field::Num(g.detectable),
                Field::text(if g.detectable.is_none() && g.threshold.is_some() {
                    "no gap the scale allows would show four times in five"
                } else {
                    ""
                }),
            ]
        })
        .collect();
    table(FEEDBACK_GAPS_COLUMNS, rows)
}

pub const FEEDBACK_THEMES_COLUMNS: &[&str] = &["quarter", "group", "term", "count"];

pub fn feedback_themes(r: &Results) -> Result<Table> {
    let rows: Vec<Vec<Field>> = or_empty(r)
        .themes
        .iter()
        .map(|t| {
            vec![
                Field::text(t.quarter.label()),
                Field::text(t.group.as_str()),
                Field::text(t.term.as_str()),
                Field::Int(Some(t.count as u64)),
            ]
        })
        .collect();
    table(FEEDBACK_THEMES_COLUMNS, rows)
}

pub const COMPETENCY_COLUMNS: &[&str] = &[
    "person",
    "competency",
    "assessments",
    "stage_six_months_ago",
    "current_stage",
    "current_stage_name",
    "evidence",
    "next_target",
    "stuck",
];

/// `competency.csv`: the tracking table managers know, one row per person and competency.
pub fn competency(r: &Results) -> Result<Table> {
    use crate::model::STAGES;
    let rows: Vec<Vec<Field>> = r
        .tracks()
        .iter()
        .map(|t| {
            vec![
                Field::text(t.person.as_str()),
                Field::text(t.competency.as_str()),
                Field::Int(Some(t.history.len() as u64)),
                Field::Int(t.six_months_ago.map(u64::from)),
                Field::Int(Some(u64::from(t.current))),
                Field::text(STAGES[usize::from(t.current) - 1]),
                Field::text(t.evidence.clone().unwrap_or_default()),
                Field::text(t.next_target.clone().unwrap_or_default()),
                Field::text(if t.stuck { "yes" } else { "no" }),
            ]
        })
        .collect();
    table(COMPETENCY_COLUMNS, rows)
}

/// The competency section's table.
pub const COMPETENCY_TABLES: &[TableSpec] = &[TableSpec {
    name: "competency",
    about: "competency stages per person",
    columns: COMPETENCY_COLUMNS,
    applies: |r| r.sections.competency.is_some(),
    write: competency,
}];

/// The 360 feedback section's tables.
pub const FEEDBACK_TABLES: &[TableSpec] = &[
    TableSpec {
        name: "feedback_360",
        about: "360 feedback per person, quarter, dimension and rater group",
        columns: FEEDBACK_360_COLUMNS,
        applies: |r| r.sections.feedback.is_some(),
        write: feedback_360,
    },
    TableSpec {
        name: "feedback_others",
        about: "small rater groups pooled as others",
        columns: FEEDBACK_OTHERS_COLUMNS,
        applies: |r| r.sections.feedback.is_some(),
        write: feedback_others,
    },
    TableSpec {
        name: "feedback_gaps",
        about: "self against others: blind spots and hidden strengths",
        columns: FEEDBACK_GAPS_COLUMNS,
        applies: |r| r.sections.feedback.is_some(),
        write: feedback_gaps,
    },
    TableSpec {
        name: "feedback_themes",
        about: "frequent comment terms per perspective and quarter",
        columns: FEEDBACK_THEMES_COLUMNS,
        applies: |r| r.sections.feedback.is_some(),
        write: feedback_themes,
    },
];
