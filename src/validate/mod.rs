//! Tables + schema -> typed responses and a list of every problem found.
//! Nothing is computed here beyond turning answers into scores; metrics come later.

pub mod adoption;
mod answers;
mod columns;
pub mod competency;
pub mod feedback;
pub mod hierarchy;
pub mod influence;
pub mod interventions;
mod item_scores;
mod known_teams;
pub mod people;
pub mod period;
mod records;
pub mod reflections;
mod rows;
pub mod ticks;

use crate::model::{FileSummary, Quarter, Shape};
use crate::text::compare_key;
use std::collections::BTreeMap;

use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::Schema;
pub use item_scores::ItemColumn;

/// Options that change how rows are judged.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Custom period labels (compared by [`compare_key`]) and the quarter each means.
    pub period_labels: BTreeMap<String, Quarter>,
    /// When set, the only units (compared by [`compare_key`]) a row may name, and what to
    /// say when it names another: a person's checklist must name someone on the list.
    pub units: Option<(std::collections::BTreeSet<String>, String)>,
}

/// A team as first seen in the data.
#[derive(Debug, Clone)]
pub struct Team {
    pub name: String,
    pub group: Option<String>,
}

/// Response-level answers, column-wise: one entry per accepted response row.
#[derive(Debug, Default)]
pub struct Responses {
    pub team: Vec<u32>,
    pub period: Vec<Quarter>,
    /// The submission date, when the period comes from a date column.
    pub date: Vec<Option<chrono::NaiveDate>>,
    /// Item-major: `items[i][r]` is item `i`'s score for response `r` (reverse coding
    /// applied), NaN when missing; a byte per answer.
    pub items: Vec<ItemColumn>,
    /// Checkbox-major: `checkboxes[c][r]` has bit `k` set when option `k` of checkbox
    /// question `c` was ticked in response `r`.
    pub checkboxes: Vec<Vec<u64>>,
    /// Free-text comments of kept responses, in response order.
    pub comments: Vec<Comment>,
}

/// One free-text comment of a kept response: its text, the topics the platform gave it
/// and whether the platform flagged it as sensitive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Index of the response.
    pub response: u32,
    /// Index into the schema's comment columns.
    pub column: u16,
    pub text: Box<str>,
    pub topics: Vec<Box<str>>,
    pub flagged: bool,
}

impl Responses {
    pub fn len(&self) -> usize {
        self.team.len()
    }

    pub fn is_empty(&self) -> bool {
        self.team.is_empty()
    }

    /// Add some responses of a piece of a file: for each its team, period and date and
    /// its place in the piece's item columns (`items[i]`: item `i`'s answers in the piece)
    /// and checkbox masks (row after row, `boxes` per row).
    pub fn extend_from_piece(
        &mut self,
        rows: &[PieceRow],
        items: &[ItemColumn],
        masks: &[u64],
        boxes: usize,
    ) {
        let at: Vec<usize> = rows.iter().map(|r| r.at).collect();
        for r in rows {
            self.team.push(r.team);
            self.period.push(r.period);
            self.date.push(r.date);
            for (col, m) in self
                .checkboxes
                .iter_mut()
                .zip(&masks[r.at * boxes..(r.at + 1) * boxes])
            {
                col.push(*m);
            }
        }
        for (col, piece) in self.items.iter_mut().zip(items) {
            col.extend_from(piece, &at);
        }
    }

    /// Keep the first `len` responses.
    pub fn truncate(&mut self, len: usize) {
        self.team.truncate(len);
        self.period.truncate(len);
        self.date.truncate(len);
        for col in &mut self.items {
            col.truncate(len);
        }
        for col in &mut self.checkboxes {
            col.truncate(len);
        }
        self.comments.retain(|c| (c.response as usize) < len);
    }
}

/// A response row of a piece of a file that is kept: its place in the piece, team,
/// period and date.
#[derive(Debug, Clone, Copy)]
pub struct PieceRow {
    pub at: usize,
    pub team: u32,
    pub period: Quarter,
    pub date: Option<chrono::NaiveDate>,
}

/// One row of an already-aggregated file: a team's domain means for a quarter.
#[derive(Debug, Clone)]
pub struct AggregatedRow {
    pub team: u32,
    pub period: Quarter,
    /// `None`: the sheet gives no respondent count ("n unknown"; the schema says so).
    pub respondents: Option<u32>,
    /// One per schema domain, `None` when blank.
    pub means: Vec<Option<f64>>,
}

/// What loading found besides the data: every file read, with its counts, and every
/// problem. Kept apart from the [`Dataset`], so the stages after validation read data
/// only; the problems are sorted once, when loading ends ([`Diagnostics::sort`]).
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub files: Vec<FileSummary>,
    pub problems: Vec<Problem>,
}

impl Diagnostics {
    /// Number of rows with at least one error (refused, or skipped when asked).
    pub fn rows_with_errors(&self) -> usize {
        self.files.iter().map(|f| f.rows_with_errors).sum()
    }

    pub fn rows_read(&self) -> usize {
        self.files.iter().map(|f| f.rows).sum()
    }

    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    /// Record a file that could not be read into a table.
    pub fn add_unreadable(&mut self, file: String, problems: Vec<Problem>) {
        self.problems.extend(problems);
        self.files.push(FileSummary {
            file,
            shape: Shape::Unreadable,
            read_as: String::new(),
            rows: 0,
            rows_with_errors: 0,
            responses: 0..0,
        });
    }

    /// Put problems in file, row, column order (each once) so output is deterministic.
    pub fn sort(&mut self) {
        self.problems.sort();
        self.problems.dedup();
    }
}

/// Everything the input held, typed. What loading found besides (files, problems) is
/// in [`Diagnostics`].
#[derive(Debug, Default)]
pub struct Dataset {
    pub teams: Vec<Team>,
    pub responses: Responses,
    pub aggregated: Vec<AggregatedRow>,
    /// Roll-up units above groups: a group's parent group, when a hierarchy is given.
    pub group_parents: BTreeMap<String, String>,
    /// The employee and manager ids of every row, when the schema names them.
    pub reporting: Vec<hierarchy::Link>,
    team_ids: BTreeMap<String, u32>,
    /// Raw team cell text -> (raw group text, id) of the last lookup, so an exact repeat
    /// skips normalising the name.
    team_cache: std::collections::HashMap<String, (Option<String>, u32)>,
}

impl Dataset {
    pub fn new(schema: &Schema) -> Dataset {
        Dataset {
            responses: Responses {
                items: vec![ItemColumn::default(); schema.items.len()],
                checkboxes: vec![Vec::new(); schema.checkboxes.len()],
                ..Responses::default()
            },
            ..Dataset::default()
        }
    }

    /// Check one table against the schema and add its good rows; its file and problems
    /// go into `diag`.
    pub fn add_table(
        &mut self,
        diag: &mut Diagnostics,
        table: &Table,
        schema: &Schema,
        options: &Options,
    ) {
        rows::add_table(self, diag, table, schema, options);
    }

    /// The id of a team, registering it on first sight. Returns an error message when
    /// the team was seen before in another group.
    fn team_id(&mut self, name: &str, group: Option<&str>) -> Result<u32, String> {
        if let Some((g, id)) = self.team_cache.get(name) {
            if g.as_deref() == group {
                return Ok(*id);
            }
        }
        let id = self.team_id_uncached(name, group)?;
        self.team_cache
            .insert(name.to_string(), (group.map(str::to_string), id));
        Ok(id)
    }

    fn team_id_uncached(&mut self, name: &str, group: Option<&str>) -> Result<u32, String> {
        let key = compare_key(name);
        if let Some(&id) = self.team_ids.get(&key) {
            let known = &self.teams[id as usize].group;
            return match (known, group) {
                (Some(k), Some(g)) if compare_key(k) != compare_key(g) => Err(format!(
                    "the group \"{k}\" given for team \"{}\" elsewhere (a team belongs to one group)",
                    self.teams[id as usize].name
                )),
                (None, Some(g)) => {
                    // A row with the group names it for the team's earlier ungrouped rows.
                    self.teams[id as usize].group = Some(crate::text::collapse_whitespace(g));
                    Ok(id)
                }
                _ => Ok(id),
            };
        }
        let id = self.teams.len() as u32;
        self.team_ids.insert(key, id);
        self.teams.push(Team {
            name: crate::text::collapse_whitespace(name),
            group: group.map(crate::text::collapse_whitespace),
        });
        Ok(id)
    }

    /// The groups a team rolls up into, its own group first, up to the top.
    pub fn groups_above(&self, team: &Team) -> Vec<String> {
        let mut out: Vec<String> = team.group.iter().cloned().collect();
        while let Some(parent) = out.last().and_then(|g| self.group_parents.get(g)) {
            if out.contains(parent) {
                break; // a checked tree has no loop; never spin on one
            }
            out.push(parent.clone());
        }
        out
    }
}

impl Dataset {
    /// A team-quarter given both as responses and as an aggregated row would count
    /// twice: the aggregated row is dropped and reported as a problem.
    pub fn check_overlaps(&mut self) -> Vec<Problem> {
        let from_responses: std::collections::BTreeSet<(u32, Quarter)> = self
            .responses
            .team
            .iter()
            .copied()
            .zip(self.responses.period.iter().copied())
            .collect();
        let mut problems = Vec::new();
        self.aggregated.retain(|row| {
            let overlap = from_responses.contains(&(row.team, row.period));
            if overlap {
                problems.push(Problem::file(
                    "(all files)",
                    format!(
                        "each team-quarter once, but team \"{}\" in {} has both survey responses and an aggregated score row",
                        self.teams[row.team as usize].name,
                        row.period.label()
                    ),
                ));
            }
            !overlap
        });
        problems
    }
}

/// Build a dataset from CSV text in tests, through the real ingest and validation.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    pub const MINI_SCHEMA: &str = r#"
[instrument]
name = "mini"
[scale]
min = 1
max = 5
missing = ["N/A"]
[scale.labels]
"Disagree" = 2
"Agree" = 4
[columns]
team = "Team"
group = "Group"
quarter = "Quarter"
[[domains]]
id = "a"
name = "Alpha"
[[domains]]
id = "b"
name = "Beta"
[[items]]
id = "a1"
domain = "a"
header = "a1"
[[items]]
id = "a2"
domain = "a"
header = "a2"
[[items]]
id = "b1"
domain = "b"
header = "b1"
[[items]]
id = "b2"
domain = "b"
header = "b2"
reverse = true
"#;

    pub fn schema() -> Schema {
        Schema::parse(MINI_SCHEMA).unwrap()
    }

    /// A CSV text read as a table named `name`, as ingest reads a file.
    pub fn table(name: &str, csv_text: &str) -> Table {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, csv_text).unwrap();
        crate::ingest::read(&path).unwrap().table.unwrap()
    }

    /// The dataset of a CSV text and what loading it found.
    pub fn loaded(schema: &Schema, csv_text: &str) -> (Dataset, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.csv");
        std::fs::write(&path, csv_text).unwrap();
        validated(schema, crate::ingest::read(&path).unwrap())
    }

    /// A file as ingest read it, validated as one survey file (problems unsorted).
    pub fn validated(schema: &Schema, read: crate::ingest::Read) -> (Dataset, Diagnostics) {
        let mut ds = Dataset::new(schema);
        let mut diag = Diagnostics {
            problems: read.problems,
            ..Diagnostics::default()
        };
        ds.add_table(
            &mut diag,
            read.table.as_ref().unwrap(),
            schema,
            &Options::default(),
        );
        (ds, diag)
    }

    /// The dataset of a CSV text that must load without a problem.
    pub fn dataset(schema: &Schema, csv_text: &str) -> Dataset {
        let (ds, diag) = loaded(schema, csv_text);
        assert!(diag.problems.is_empty(), "{:?}", diag.problems);
        ds
    }
}
