//! Drafting a schema for an export nobody described: the columns profiled
//! (`column_profile`), each matched to the instrument's items or given a suggested domain,
//! scale and roles, and written as TOML with every guess marked `# CONFIRM`. `schema
//! init` writes the draft; `inspect` names the shape it would draft.

pub mod adoption;
pub mod aggregated;
mod scale;
mod suggest;
mod survey;

use crate::column_profile::{ColumnProfile, TableProfile};
use crate::error::{Error, Result};
use crate::ingest::Table;
use crate::schema::{RecordSchema, Schema};
use crate::text::compare_key;
use crate::validate::adoption::AdoptionColumns;
/// Instruments shipped with leadpulse, by name.
const INSTRUMENTS: &[(&str, &str)] = &[(
    "team-health",
    include_str!("../../schemas/team-health.toml"),
)];

/// Header similarity (normalised Levenshtein) needed to match a column to an item.
const MATCH: f64 = 0.8;

pub fn instrument(name: &str) -> Result<Schema> {
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

fn q(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn header_matches(c: &ColumnProfile, words: &[&str]) -> bool {
    let h = compare_key(&c.header);
    words.iter().any(|w| h.contains(w))
}

/// How to refer to a column in the draft: by header when unique, else by position.
enum Ref {
    Header(String),
    Position(usize),
}

fn column_ref(p: &TableProfile, c: &ColumnProfile) -> Ref {
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
fn ref_text(p: &TableProfile, c: &ColumnProfile) -> String {
    match column_ref(p, c) {
        Ref::Header(h) => h,
        Ref::Position(n) => n.to_string(),
    }
}

/// The draft for an export: a record schema for `[adoption]` when the file is an
/// adoption log, else a schema for the instrument `inst` (responses dated `quarter` when
/// the file gives no period); with the problems leadpulse finds reading it back, which
/// should be none.
pub fn draft(
    p: &TableProfile,
    table: &Table,
    inst: &Schema,
    quarter: &str,
) -> (String, std::result::Result<(), Vec<String>>) {
    match adoption::find(p) {
        Some(log) => {
            let text = adoption::draft(p, &log);
            let checked = RecordSchema::parse(&text, AdoptionColumns::ROLES).map(|_| ());
            (text, checked)
        }
        None => {
            let text = survey::draft(p, table, inst, quarter);
            let checked = Schema::parse(&text).map(|_| ());
            (text, checked)
        }
    }
}
