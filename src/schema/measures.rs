//! Measures schemas: a per-person, per-quarter record of counts (influence, pipeline),
//! each measure with its circle and whether it is a leading or a lagging indicator.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{column_ref, ColumnRef, RawColumnRef};
use crate::error::{Error, Result};

/// Where a measure sits: the three circles of influence, or the leadership pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Circle {
    Direct,
    Indirect,
    Organisational,
    Pipeline,
}

impl Circle {
    pub const ALL: [Circle; 4] = [
        Circle::Direct,
        Circle::Indirect,
        Circle::Organisational,
        Circle::Pipeline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Circle::Direct => "direct",
            Circle::Indirect => "indirect",
            Circle::Organisational => "organisational",
            Circle::Pipeline => "pipeline",
        }
    }
}

/// Leading indicators are activities; lagging ones are outcomes that follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    Leading,
    Lagging,
}

/// Where a measure's values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A column of the records file.
    Column(ColumnRef),
    /// The Overall team-health score of the person's team (shown cells only).
    TeamHealth,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub id: String,
    pub name: String,
    pub circle: Option<Circle>,
    pub indicator: Indicator,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct MeasuresSchema {
    pub name: String,
    pub person: ColumnRef,
    /// A quarter label (`2026-Q1`) or a date column.
    pub quarter: ColumnRef,
    pub measures: Vec<Measure>,
}

#[derive(Deserialize)]
struct RawMeasures {
    instrument: RawName,
    columns: RawColumns,
    measures: Vec<RawMeasure>,
}

#[derive(Deserialize)]
struct RawName {
    name: String,
    #[serde(default)]
    #[allow(dead_code)] // Accepted for documentation; records are not titled.
    title: Option<String>,
}

#[derive(Deserialize)]
struct RawColumns {
    person: RawColumnRef,
    quarter: RawColumnRef,
}

#[derive(Deserialize)]
struct RawMeasure {
    id: String,
    name: String,
    #[serde(default)]
    header: Option<String>,
    #[serde(default)]
    circle: Option<Circle>,
    indicator: Indicator,
    /// `"team_health"` for the person's team's Overall score.
    #[serde(default)]
    source: Option<String>,
}

impl MeasuresSchema {
    pub fn load(path: &Path) -> Result<MeasuresSchema> {
        let text = fs_err::read_to_string(path)?;
        MeasuresSchema::parse(&text).map_err(|problems| Error::Schema {
            path: path.to_path_buf(),
            problems,
        })
    }

    pub fn parse(text: &str) -> std::result::Result<MeasuresSchema, Vec<String>> {
        let (raw, mut problems) = super::parse_toml::<RawMeasures>(text)?;
        let mut ids = std::collections::BTreeSet::new();
        let mut measures = Vec::new();
        for m in &raw.measures {
            let what = format!("measure \"{}\"", m.id);
            if !ids.insert(m.id.clone()) {
                problems.push(format!("{what} is defined twice"));
            }
            let source = match (m.source.as_deref(), &m.header) {
                (Some("team_health"), None) => Source::TeamHealth,
                (None, Some(h)) => Source::Column(column_ref(
                    &RawColumnRef::Header(h.clone()),
                    &what,
                    &mut problems,
                )),
                (Some(other), _) if other != "team_health" => {
                    problems.push(format!(
                        "{what}: source \"{other}\"; expected \"team_health\" or a `header`"
                    ));
                    Source::TeamHealth
                }
                _ => {
                    problems.push(format!(
                        "{what}: give exactly one of `header` (its column) or `source = \"team_health\"`"
                    ));
                    Source::TeamHealth
                }
            };
            measures.push(Measure {
                id: m.id.clone(),
                name: m.name.clone(),
                circle: m.circle,
                indicator: m.indicator,
                source,
            });
        }
        if measures.is_empty() {
            problems.push("[[measures]]: list at least one measure".into());
        }
        let person = column_ref(&raw.columns.person, "columns.person", &mut problems);
        let quarter = column_ref(&raw.columns.quarter, "columns.quarter", &mut problems);
        if problems.is_empty() {
            Ok(MeasuresSchema {
                name: raw.instrument.name,
                person,
                quarter,
                measures,
            })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_influence_schema_and_its_mistakes() {
        let s = MeasuresSchema::parse(include_str!("../../schemas/influence.toml")).unwrap();
        assert!(s.measures.iter().any(|m| m.source == Source::TeamHealth));
        for c in Circle::ALL {
            assert!(s.measures.iter().any(|m| m.circle == Some(c)), "{c:?}");
        }
        let bad = "[instrument]\nname = \"x\"\n[columns]\nperson = \"P\"\nquarter = \"Q\"\n\
            [[measures]]\nid = \"a\"\nname = \"A\"\nindicator = \"leading\"\n\
            [[measures]]\nid = \"a\"\nname = \"A\"\nheader = \"A\"\nindicator = \"lagging\"\nsource = \"hr\"\n";
        let problems = MeasuresSchema::parse(bad).unwrap_err().join("\n");
        assert!(
            problems.contains("measure \"a\": give exactly one of `header`"),
            "{problems}"
        );
        assert!(
            problems.contains("measure \"a\" is defined twice"),
            "{problems}"
        );
        assert!(problems.contains("source \"hr\""), "{problems}");
    }
}
