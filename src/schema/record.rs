//! Record-file schemas: the column layout of a side file that is not a survey (an
//! interventions list, a practice-adoption log). Only `[instrument]` and `[columns]`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{column_ref, ColumnRef, RawColumnRef};
use crate::error::{Error, Result};

/// A checked record schema: which column holds each role.
#[derive(Debug, Clone)]
pub struct RecordSchema {
    pub name: String,
    pub columns: BTreeMap<String, ColumnRef>,
}

#[derive(Deserialize)]
struct RawRecord {
    instrument: RawRecordInstrument,
    columns: BTreeMap<String, RawColumnRef>,
}

#[derive(Deserialize)]
struct RawRecordInstrument {
    name: String,
    #[serde(default)]
    #[allow(dead_code)] // Read so that a title is accepted; records are not titled in reports.
    title: Option<String>,
}

impl RecordSchema {
    /// Read a record schema whose `[columns]` may name only `roles`.
    pub fn load(path: &Path, roles: &[&str]) -> Result<RecordSchema> {
        let text = fs_err::read_to_string(path)?;
        RecordSchema::parse(&text, roles).map_err(|problems| Error::Schema {
            path: path.to_path_buf(),
            problems,
        })
    }

    pub fn parse(text: &str, roles: &[&str]) -> std::result::Result<RecordSchema, Vec<String>> {
        let (raw, mut problems) = super::parse_toml::<RawRecord>(text)?;
        let mut columns = BTreeMap::new();
        for (role, r) in &raw.columns {
            if !roles.contains(&role.as_str()) {
                problems.push(format!(
                    "columns.{role}: not a column of this record; expected one of {}",
                    roles.join(", ")
                ));
                continue;
            }
            let c = column_ref(r, &format!("columns.{role}"), &mut problems);
            if matches!(c, ColumnRef::Constant(_)) {
                problems.push(format!(
                    "columns.{role}: a record column cannot be a constant"
                ));
            }
            columns.insert(role.clone(), c);
        }
        if problems.is_empty() {
            Ok(RecordSchema {
                name: raw.instrument.name,
                columns,
            })
        } else {
            Err(problems)
        }
    }

    /// The column of `role`, or `default` when the schema does not say.
    pub fn column(&self, role: &str, default: &ColumnRef) -> ColumnRef {
        self.columns
            .get(role)
            .cloned()
            .unwrap_or_else(|| default.clone())
    }
}

/// Declares where a record file keeps each field, from one list of
/// `field: "role" = "Default header"`: the struct of columns, its defaults, the roles a
/// record schema may name (`ROLES`), and the resolution from a record schema
/// (`from_record`) or from an optional record-schema file (`load`).
macro_rules! record_columns {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($(#[$field_meta:meta])* $field:ident : $role:literal = $header:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $crate::schema::ColumnRef,)+
        }

        impl Default for $name {
            fn default() -> Self {
                $name {
                    $($field: $crate::schema::ColumnRef::Header($header.to_string()),)+
                }
            }
        }

        impl $name {
            /// Roles a record schema for this file may name.
            pub const ROLES: &'static [&'static str] = &[$($role),+];

            /// The columns a record schema names, with the defaults for the rest.
            pub fn from_record(record: Option<&$crate::schema::RecordSchema>) -> $name {
                let d = $name::default();
                let Some(r) = record else { return d };
                $name {
                    $($field: r.column($role, &d.$field),)+
                }
            }

            /// The columns of a record-schema file, or the defaults without one.
            pub fn load(path: Option<&std::path::Path>) -> $crate::error::Result<$name> {
                let record = path
                    .map(|p| $crate::schema::RecordSchema::load(p, Self::ROLES))
                    .transpose()?;
                Ok($name::from_record(record.as_ref()))
            }
        }
    };
}
pub(crate) use record_columns;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_roles_and_constants_are_reported_together() {
        let text = "[instrument]\nname = \"x\"\n[columns]\nteam = \"Squad\"\nwho = \"A\"\nstart = { constant = \"2025-01-01\" }\n";
        let problems = RecordSchema::parse(text, &["team", "start"]).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("columns.start: a record column cannot be a constant"));
        assert!(problems[1]
            .contains("columns.who: not a column of this record; expected one of team, start"));
        let ok = RecordSchema::parse(
            "[instrument]\nname = \"x\"\n[columns]\nteam = 2\n",
            &["team"],
        )
        .unwrap();
        assert_eq!(
            ok.column("team", &ColumnRef::Position(9)),
            ColumnRef::Position(2)
        );
        assert_eq!(
            ok.column("start", &ColumnRef::Position(9)),
            ColumnRef::Position(9)
        );
    }
}
