//! A generated organisation's responses as one survey tool's single export (every
//! quarter in one file), with the schema that reads it: the shapes the benchmarks
//! compare on. A Google Forms sheet (answer labels, `M/D/YYYY H:MM:SS` timestamps, no
//! group column) or a Qualtrics CSV (three header rows, numeric answers, a department).

use std::path::Path;

use super::write::{csv_of, LABELS};
use super::{Organisation, Response};
use crate::atomic_write::write_file_atomically;
use crate::error::Result;
use crate::schema::{ColumnRef, Schema};

/// Which survey tool's single export to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportShape {
    /// Google Forms "Download responses (.csv)": Timestamp, Team, then each question
    /// answered with its label; no group column.
    GoogleForms,
    /// Qualtrics "CSV, choice values": tags, question text and ImportId rows, then
    /// numeric answers, with a Department column.
    Qualtrics,
}

/// The file names written, relative to the output folder.
pub const EXPORT_CSV: &str = "export.csv";
pub const EXPORT_SCHEMA: &str = "team-health.toml";

/// Every quarter's responses in one file, in submission order.
fn all_responses(org: &Organisation) -> Vec<&Response> {
    let mut all: Vec<&Response> = org.responses.iter().flatten().collect();
    all.sort_by(|a, b| (a.submitted, &a.id).cmp(&(b.submitted, &b.id)));
    all
}

fn item_texts(schema: &Schema) -> Vec<String> {
    schema
        .items
        .iter()
        .map(|item| match &item.column {
            ColumnRef::Header(text) => text.clone(),
            ColumnRef::Position(p) => format!("Q{p}"),
            ColumnRef::Constant(v) => v.clone(),
        })
        .collect()
}

fn google_forms(org: &Organisation, schema: &Schema) -> Result<Vec<u8>> {
    let mut header = vec!["Timestamp".to_string(), "Team".into()];
    header.extend(item_texts(schema));
    let rows = all_responses(org).into_iter().map(|r| {
        let mut cells = vec![
            r.submitted.format("%-m/%-d/%Y %-H:%M:%S").to_string(),
            org.teams[r.team].name.clone(),
        ];
        // Google Forms leaves a skipped question blank.
        cells.extend(r.answers.iter().map(|a| match a {
            Some(v) => LABELS[(*v - 1) as usize].to_string(),
            None => String::new(),
        }));
        cells
    });
    csv_of(&header, rows)
}

const QUALTRICS_META: [(&str, &str, &str); 6] = [
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Progress", "Progress", "progress"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
];

fn qualtrics(org: &Organisation, schema: &Schema) -> Result<Vec<u8>> {
    let mut tags: Vec<String> = QUALTRICS_META.iter().map(|m| m.0.to_string()).collect();
    let mut texts: Vec<String> = QUALTRICS_META.iter().map(|m| m.1.to_string()).collect();
    let mut ids: Vec<String> = QUALTRICS_META
        .iter()
        .map(|m| format!("{{\"ImportId\":\"{}\",\"timeZone\":\"UTC\"}}", m.2))
        .collect();
    for (tag, text) in [
        ("Team", "Which team are you on?"),
        ("Department", "Department"),
    ] {
        tags.push(tag.into());
        texts.push(text.into());
        ids.push(format!("{{\"ImportId\":\"{}\"}}", tag.to_lowercase()));
    }
    for (k, text) in item_texts(schema).into_iter().enumerate() {
        tags.push(format!("Q{}", k + 1));
        texts.push(text);
        ids.push(format!("{{\"ImportId\":\"QID{}\"}}", k + 1));
    }
    let rows = all_responses(org).into_iter().map(|r| {
        let stamp = r.submitted.format("%Y-%m-%d %H:%M:%S").to_string();
        let team = &org.teams[r.team];
        let mut cells = vec![
            stamp.clone(),
            stamp.clone(),
            "100".into(),
            "1".into(),
            stamp,
            r.id.clone(),
            team.name.clone(),
            team.group.clone(),
        ];
        // Choice values; a skipped question is blank.
        cells.extend(
            r.answers
                .iter()
                .map(|a| a.map_or(String::new(), |v| v.to_string())),
        );
        cells
    });
    csv_of(&tags, [texts, ids].into_iter().chain(rows))
}

/// The team-health schema with its `[columns]` pointed at the export's columns.
fn schema_text(team_health: &str, shape: ExportShape) -> String {
    let columns = match shape {
        ExportShape::GoogleForms => "team = \"Team\"\ntimestamp = \"Timestamp\"\n",
        ExportShape::Qualtrics => {
            "team = \"Team\"\ngroup = \"Department\"\ntimestamp = \"RecordedDate\"\nrespondent = \"ResponseId\"\n"
        }
    };
    let start = team_health
        .find("[columns]\n")
        .map(|i| i + "[columns]\n".len());
    let end = start.and_then(|s| team_health[s..].find("\n[").map(|e| s + e + 1));
    match (start, end) {
        (Some(s), Some(e)) => format!("{}{columns}\n{}", &team_health[..s], &team_health[e..]),
        _ => team_health.to_string(),
    }
}

/// Write the export and its schema into `out`; returns the names written.
pub fn write_export(
    org: &Organisation,
    schema: &Schema,
    team_health: &str,
    shape: ExportShape,
    out: &Path,
) -> Result<Vec<String>> {
    let bytes = match shape {
        ExportShape::GoogleForms => google_forms(org, schema)?,
        ExportShape::Qualtrics => qualtrics(org, schema)?,
    };
    write_file_atomically(&out.join(EXPORT_CSV), &bytes)?;
    let schema_file = schema_text(team_health, shape);
    write_file_atomically(&out.join(EXPORT_SCHEMA), schema_file.as_bytes())?;
    Ok(vec![EXPORT_CSV.into(), EXPORT_SCHEMA.into()])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAM_HEALTH: &str = include_str!("../../schemas/team-health.toml");

    #[test]
    fn the_schema_keeps_everything_but_its_columns() {
        let text = schema_text(TEAM_HEALTH, ExportShape::GoogleForms);
        let schema = Schema::parse(&text).unwrap();
        assert!(schema.columns.group.is_none());
        assert!(!text.contains("Department"));
        assert!(text.contains("timestamp = \"Timestamp\""));
        let full = Schema::parse(TEAM_HEALTH).unwrap();
        assert_eq!(schema.items.len(), full.items.len());
        assert_eq!(schema.domains.len(), full.domains.len());
    }
}
