//! `leadpulse inspect`: what a survey export holds, for a person (text) or a tool (JSON).

use std::io::Write;

use crate::cli::{InspectArgs, OutputFormat};
use crate::column_profile::{profile, ColumnProfile, Kind, LabelCount, ScalePoint, TableProfile};
use crate::error::{Error, ExitCode, Result};
use crate::ingest;

/// Read one file into a table, printing its problems; `Err` when it cannot be read at all.
pub(crate) fn read_table(
    path: &std::path::Path,
    sheet: Option<&str>,
    talk: super::Talk,
) -> Result<ingest::Table> {
    let options = ingest::ReadOptions {
        sheet: sheet.map(str::to_string),
    };
    let read = ingest::read_with(path, &options)?;
    for p in &read.problems {
        if p.is_error() {
            eprintln!("{p}");
        } else {
            talk.say(p);
        }
    }
    if let Some(t) = &read.table {
        // Rows that do not line up with the header are found by a pass over the rows.
        for p in &t.count_rows().problems {
            talk.say(p);
        }
    }
    match read.table {
        Some(t) if !t.headers.iter().all(|h| h.trim().is_empty()) => Ok(t),
        _ => Err(Error::DataProblems {
            count: read.problems.iter().filter(|p| p.is_error()).count().max(1),
        }),
    }
}

fn describe(c: &ColumnProfile) -> String {
    match &c.kind {
        Kind::Empty => "empty".to_string(),
        Kind::Boolean => "yes/no".to_string(),
        Kind::Number {
            min,
            max,
            integer,
            codes,
        } => {
            let what = if *integer { "whole number" } else { "number" };
            let codes = if codes.is_empty() {
                String::new()
            } else {
                format!("; negative codes {}", codes.join(", "))
            };
            format!("{what} {min}..{max}{codes}")
        }
        Kind::Date {
            format,
            day_month_order,
            earliest,
            latest,
        } => match day_month_order.as_deref() {
            Some("undecidable") => {
                format!("date {format} (day-month order cannot be told from the data)")
            }
            _ => format!(
                "date {format}, {} to {}",
                earliest.as_deref().unwrap_or("?"),
                latest.as_deref().unwrap_or("?")
            ),
        },
        Kind::Labels {
            labels,
            scale,
            no_answer,
        } => describe_labels(labels, scale.as_deref(), no_answer),
        Kind::MultiSelect { separator, options } => {
            let list: Vec<String> = options
                .iter()
                .map(|o| format!("{} ({})", o.label, o.count))
                .collect();
            format!("multi-select joined by {separator:?}: {}", list.join(", "))
        }
        Kind::Text { distinct } => format!("free text ({distinct} distinct)"),
        Kind::Quarter {
            distinct,
            earliest,
            latest,
            fiscal,
        } => {
            let fiscal = if *fiscal {
                "; fiscal labels read for a January start (schema: columns.fiscal_year_start)"
            } else {
                ""
            };
            format!("quarter labels ({distinct} distinct), {earliest} to {latest}{fiscal}")
        }
    }
}

/// The shape of the file against the shipped team-health instrument: an aggregated
/// sheet of domain means, or responses.
fn shape(p: &TableProfile) -> Result<Option<(&'static str, String)>> {
    use crate::draft::{adoption, aggregated};
    if let Some(log) = adoption::find(p) {
        let kind = match log.shape {
            adoption::LogShape::Observations => "adoption_observations",
            adoption::LogShape::MilestoneDates => "adoption_milestone_dates",
        };
        return Ok(Some((kind, adoption::describe(&log))));
    }
    let inst = crate::draft::instrument("team-health")?;
    Ok(aggregated::find(p, &inst).map(|sheet| ("aggregated", aggregated::describe(&sheet, &inst))))
}

fn print_text(p: &TableProfile, shape: Option<&str>, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "file: {}", p.file)?;
    writeln!(out, "layout: {} ({} header row(s))", p.tool, p.header_rows)?;
    writeln!(out, "format: {}", p.format)?;
    if let Some(e) = &p.encoding {
        writeln!(out, "encoding: {e}")?;
    }
    if let Some(d) = &p.delimiter {
        writeln!(out, "delimiter: {d}")?;
    }
    writeln!(out, "responses: {}", p.responses)?;
    if let Some(shape) = shape {
        writeln!(out, "shape: {shape}")?;
    }
    writeln!(out, "columns: {}", p.columns.len())?;
    for c in &p.columns {
        let header: String = c.header.chars().take(60).collect();
        writeln!(
            out,
            "  {:>3} {:<4} {:<60}  {}",
            c.position,
            c.letter,
            header,
            describe(c)
        )?;
        for alt in &c.also_named {
            let alt: String = alt.chars().take(100).collect();
            writeln!(out, "           also: {alt}")?;
        }
    }
    Ok(())
}

pub fn run(args: InspectArgs, talk: super::Talk) -> Result<ExitCode> {
    let table = read_table(&args.file, args.sheet.as_deref(), talk)?;
    let p = profile(&table);
    let shape = shape(&p)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        OutputFormat::Text => print_text(&p, shape.as_ref().map(|s| s.1.as_str()), &mut out)?,
        OutputFormat::Json => {
            let mut value = serde_json::to_value(&p).map_err(std::io::Error::other)?;
            value["shape"] = match &shape {
                Some((kind, s)) => serde_json::json!({ "kind": kind, "description": s }),
                None => serde_json::json!({ "kind": "responses" }),
            };
            serde_json::to_writer_pretty(&mut out, &value).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::Ok)
}

/// A label column: rating labels in rating order (the README's promise), others by
/// count, then the no-answer labels.
fn describe_labels(
    labels: &[LabelCount],
    scale: Option<&[ScalePoint]>,
    no_answer: &[String],
) -> String {
    let count_of = |label: &str| {
        labels
            .iter()
            .find(|l| l.label == label)
            .map_or(0, |l| l.count)
    };
    let list: Vec<String> = match scale {
        Some(points) => points
            .iter()
            .map(|p| format!("{} = {} ({})", p.label, p.score, count_of(&p.label)))
            .collect(),
        None => labels
            .iter()
            .map(|l| format!("{} ({})", l.label, l.count))
            .collect(),
    };
    let kind = if scale.is_some() {
        "rating labels"
    } else {
        "labels"
    };
    let na = if no_answer.is_empty() {
        String::new()
    } else {
        format!("; no-answer: {}", no_answer.join(", "))
    };
    format!("{kind}: {}{na}", list.join(", "))
}
