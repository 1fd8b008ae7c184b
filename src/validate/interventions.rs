//! The interventions file: which team started which change (a practice, a reorg, an
//! offsite) when. Read with the shared ingest and checked against the survey data's
//! teams and quarters; estimating effects is `metrics::did`'s job.

use chrono::NaiveDate;

use super::known_teams::KnownTeams;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use super::records::{RecordFile, Row};
use super::Team;
use crate::ingest::Table;
use crate::model::Quarter;
use crate::problem::Problem;
use crate::schema::record_columns;

record_columns! {
    /// Where an interventions file keeps each field (headers by default).
    InterventionColumns {
        team: "team" = "Team",
        name: "intervention" = "Intervention",
        start: "start" = "Start",
        end: "end" = "End",
        category: "category" = "Category",
        note: "note" = "Note",
    }
}

/// One team's intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct Intervention {
    /// The team's name as the survey data spells it.
    pub team: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub category: Option<String>,
    pub note: Option<String>,
}

impl Intervention {
    pub fn start_quarter(&self) -> Quarter {
        Quarter::from_date(self.start)
    }
}

/// Read and check an interventions table. `teams` are the survey data's teams and
/// `quarters` its first and last quarter; an intervention must name a known team and
/// start within the data.
pub fn read_interventions(
    table: &Table,
    cols: &InterventionColumns,
    teams: &[Team],
    quarters: (Quarter, Quarter),
) -> (Vec<Intervention>, Vec<Problem>) {
    let mut f = RecordFile::new(table);
    let (team_c, name_c, start_c) = (
        f.need("the team", &cols.team),
        f.need("the intervention name", &cols.name),
        f.need("the start date", &cols.start),
    );
    let (end_c, cat_c, note_c) = (
        f.optional(&cols.end),
        f.optional(&cols.category),
        f.optional(&cols.note),
    );
    let (Some(team_c), Some(name_c), Some(start_c)) = (team_c, name_c, start_c) else {
        return f.finish(Vec::new());
    };
    // One day-month order for the file, from both date columns.
    let date_columns: Vec<usize> = [Some(start_c), end_c].into_iter().flatten().collect();
    let order = match OrderEvidence::of_columns(table, &date_columns).decide(None) {
        Ok(o) => o,
        Err(msg) => {
            f.file_problem(start_c, msg);
            return f.finish(Vec::new());
        }
    };
    let known = KnownTeams::new(teams);
    let mut out = Vec::new();
    f.rows(|row| {
        let team = row.check(team_c, known.find(row.cell(team_c)));
        if row.cell(name_c).is_empty() {
            row.problem(name_c, "the intervention's name");
        }
        let date = |row: &Row, c: usize| parse_date_cell(row.cell(c)).and_then(|d| resolve(d, order));
        let start = date(row, start_c);
        match start {
            None => row.problem(start_c, "a start date such as 2025-02-03"),
            Some(d) if Quarter::from_date(d) < quarters.0 || Quarter::from_date(d) > quarters.1 => {
                row.problem(
                    start_c,
                    format!(
                        "a start within the survey data ({} to {}), so there are quarters to compare",
                        quarters.0.label(),
                        quarters.1.label()
                    ),
                )
            }
            Some(_) => {}
        }
        let end = end_c
            .filter(|c| !row.cell(*c).is_empty())
            .and_then(|c| match (date(row, c), start) {
                (Some(e), Some(s)) if e < s => {
                    row.problem(c, format!("an end on or after the start ({s})"));
                    None
                }
                (Some(e), _) => Some(e),
                (None, _) => {
                    row.problem(c, "an end date such as 2025-06-30, or blank");
                    None
                }
            });
        if let (Some(team), Some(start), false) = (team, start, row.has_problems()) {
            out.push(Intervention {
                team,
                name: row.cell(name_c).to_string(),
                start,
                end,
                category: row.text(cat_c),
                note: row.text(note_c),
            });
        }
    });
    f.finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Intervention>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("interventions.csv");
        std::fs::write(&path, text).unwrap();
        let table = crate::ingest::read(&path).unwrap().table.unwrap();
        let teams: Vec<Team> = ["Payments", "Search"]
            .iter()
            .map(|n| Team {
                name: n.to_string(),
                group: None,
            })
            .collect();
        let quarters = (
            Quarter::parse("2025-Q1").unwrap(),
            Quarter::parse("2026-Q2").unwrap(),
        );
        let (found, problems) =
            read_interventions(&table, &InterventionColumns::default(), &teams, quarters);
        (
            found,
            problems
                .iter()
                .map(|p| p.to_string().replace(&format!("{}", path.display()), "f"))
                .collect(),
        )
    }

    #[test]
    fn good_rows_become_interventions_with_their_quarter() {
        let (found, problems) = read(
            "Team,Intervention,Start,End,Category,Note\n\
             payments,Pair programming,2025-04-07,,practice,Twice a week\n\
             Search,Team offsite,2025-09-15,2025-09-16,event,\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].team, "Payments", "spelt as in the survey data");
        assert_eq!(found[0].start_quarter().label(), "2025-Q2");
        assert_eq!(found[0].category.as_deref(), Some("practice"));
        assert_eq!(found[1].end, NaiveDate::from_ymd_opt(2025, 9, 16));
        assert_eq!(found[1].note, None);
    }

    #[test]
    fn unknown_team_and_start_outside_the_data_are_problems() {
        let (found, problems) = read(
            "Team,Intervention,Start\n\
             Paymnts,Pairing,2025-04-07\n\
             Search,Offsite,2024-06-01\n\
             Search,,2025-05-01\n",
        );
        assert!(found.is_empty());
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("f:2: error: column A \"Team\": found \"Paymnts\"; expected a team that appears in the survey data (did you mean \"Payments\"?)"), "{problems:?}");
        assert!(problems[1].contains("f:3: error: column C \"Start\": found \"2024-06-01\"; expected a start within the survey data (2025-Q1 to 2026-Q2)"), "{problems:?}");
        assert!(
            problems[2].contains(
                "column B \"Intervention\": found \"\"; expected the intervention's name"
            ),
            "{problems:?}"
        );
    }

    #[test]
    fn end_before_start_and_missing_columns() {
        let (_, problems) =
            read("Team,Intervention,Start,End\nSearch,Offsite,2025-09-15,2025-09-01\n");
        assert!(
            problems[0].contains("expected an end on or after the start (2025-09-15)"),
            "{problems:?}"
        );
        let (_, problems) = read("Team,What,When\nSearch,Offsite,2025-09-15\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0]
                .contains("expected a column headed \"Intervention\" for the intervention name"),
            "{problems:?}"
        );
    }
}
