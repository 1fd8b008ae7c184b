//! `leadpulse schema init`: draft a schema for an export. Columns are matched to the
//! instrument's items by header text; every guess is marked `# CONFIRM` for the user.

pub(crate) mod adoption;
pub(crate) mod aggregated;
mod draft;
mod scale;
mod suggest;

use super::inspect::read_table;
use crate::atomic_write::write_file_atomically;
use crate::cli::SchemaInitArgs;
use crate::column_profile::{profile, ColumnProfile, TableProfile};
use crate::error::{Error, ExitCode, Result};
use crate::schema::{compare_key, RecordSchema, Schema};
use crate::validate::adoption::AdoptionColumns;

/// Instruments shipped with leadpulse, by name.
const INSTRUMENTS: &[(&str, &str)] = &[(
    "team-health",
    include_str!("../../../schemas/team-health.toml"),
)];

/// Header similarity (normalised Levenshtein) needed to match a column to an item.
const MATCH: f64 = 0.8;

pub(crate) fn instrument(name: &str) -> Result<Schema> {
    if let Some((_, text)) = INSTRUMENTS.iter().find(|(n, _)| *n == name) {
        return Schema::parse(text).map_err(|problems| Error::Schema {
            path: format!("schemas/{name}.toml").into(),
            problems,
        });
    }
    let path = std::path::Path::new(name);
    if path.exists() {
        return Schema::load(path);
    }
    let known: Vec<&str> = INSTRUMENTS.iter().map(|(n, _)| *n).collect();
    Err(Error::Usage(format!(
        "unknown instrument \"{name}\"; give one of {} or a schema file",
        known.join(", ")
    )))
}

pub(super) fn q(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

pub(super) fn header_matches(c: &ColumnProfile, words: &[&str]) -> bool {
    let h = compare_key(&c.header);
    words.iter().any(|w| h.contains(w))
}

/// How to refer to a column in the draft: by header when unique, else by position.
pub(super) enum Ref {
    Header(String),
    Position(usize),
}

pub(super) fn column_ref(p: &TableProfile, c: &ColumnProfile) -> Ref {
    let key = compare_key(&c.header);
    let same = p
        .columns
        .iter()
        .filter(|o| compare_key(&o.header) == key)
        .count();
    if key.is_empty() || same > 1 {
        Ref::Position(c.position)
    } else {
        Ref::Header(q(&c.header))
    }
}

/// The value of a role key (`team = ...`): a quoted header or a position.
pub(super) fn ref_text(p: &TableProfile, c: &ColumnProfile) -> String {
    match column_ref(p, c) {
        Ref::Header(h) => h,
        Ref::Position(n) => n.to_string(),
    }
}

pub fn run(args: SchemaInitArgs, talk: super::Talk) -> Result<ExitCode> {
    let inst = instrument(&args.instrument)?;
    let quarter = match &args.quarter {
        Some(text) => crate::validate::Quarter::parse(text).ok_or_else(|| {
            Error::Usage(format!(
                "--quarter \"{text}\" is not a quarter such as 2024-Q3"
            ))
        })?,
        None => crate::validate::Quarter::from_date(chrono::Utc::now().date_naive()),
    };
    let table = read_table(&args.from, args.sheet.as_deref(), talk)?;
    let p = profile(&table);
    // An adoption log gets a record schema for [adoption]; anything else an instrument.
    let (text, checked) = match adoption::find(&p) {
        Some(log) => {
            let text = adoption::draft(&p, &log);
            let checked = RecordSchema::parse(&text, AdoptionColumns::ROLES).map(|_| ());
            (text, checked)
        }
        None => {
            let text = draft::draft(&p, &table, &inst, &quarter.label());
            let checked = Schema::parse(&text).map(|_| ());
            (text, checked)
        }
    };
    // The draft must be a schema leadpulse accepts; a failure here is a bug worth hearing about.
    if let Err(problems) = checked {
        return Err(Error::Schema {
            path: args.out.clone().unwrap_or_else(|| "(draft)".into()),
            problems,
        });
    }
    match &args.out {
        Some(path) => {
            write_file_atomically(path, text.as_bytes())?;
            talk.say(format_args!(
                "draft schema written to {}; check every CONFIRM line",
                path.display()
            ));
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::Ok)
}
