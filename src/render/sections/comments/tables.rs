//! The comments tables: comments per unit, listed by text, and their summary.

use crate::error::Result;
use crate::render::tables::{table, Field, Table, TableSpec};
use crate::render::Results;

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

/// The tables of this section, in the order the report writes them.
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "comments",
        about: "free-text comments of the units large enough to show them, in the order of their text, without who or when",
        columns: COMMENTS_COLUMNS,
        applies: |r| r.sections.comments.is_some(),
        write: comments,
    },
    TableSpec {
        name: "comment_summary",
        about: "comments, flagged comments and topics per unit and quarter",
        columns: COMMENT_SUMMARY_COLUMNS,
        applies: |r| r.sections.comments.is_some(),
        write: comment_summary,
    },
];
