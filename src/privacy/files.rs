//! Which input files' row counts may be listed. A file's row count is a sum of team
//! counts like any roll-up: one export per team would print a hidden team's n, and then
//! its complement's. A count is listed only when it adds nothing to what the shown
//! tables already say. It never changes a count.

use std::collections::{BTreeMap, BTreeSet};

use crate::metrics::participation::Participation;
use crate::metrics::scores::Level;
use crate::model::Quarter;
use crate::model::{FileSummary, GroupStatus, ListedFile, Screened, Shape};
use crate::problem::{Problem, Severity};

/// The file list as the report shows it, with the totals of rows read and skipped.
#[derive(Debug, Clone, Default)]
pub struct FileList {
    pub files: Vec<ListedFile>,
    /// None when any file's counts are withheld (the total less the listed ones would
    /// give them back).
    pub rows_read: Option<usize>,
    pub rows_skipped: Option<usize>,
}

/// The team-quarters whose participation is hidden, by team index in `team_names`.
fn hidden_team_quarters(
    team_names: &[&str],
    participation: &[Screened<Participation>],
) -> BTreeSet<(u32, Quarter)> {
    let team_index: BTreeMap<&str, u32> = team_names
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as u32))
        .collect();
    participation
        .iter()
        .filter(|p| p.unscreened().level == Level::Team && !p.is_shown())
        .filter_map(|p| {
            Some((
                *team_index.get(p.unscreened().unit.as_str())?,
                p.unscreened().period,
            ))
        })
        .collect()
}

/// Decide which files' counts are listed. A survey file's counts are listed when, in
/// every quarter, its responses in hidden team-quarters are none or all of that
/// quarter's (whose total is the shown organisation less the shown teams). A 360 file's
/// counts are listed only when no rater group is merged or suppressed. A survey file
/// with responses in a quarter whose published figures were kept (`kept`) is not counted
/// either: its count less the last report's would tell how many rows changed.
/// `team_names[response_team[r]]` and `response_period[r]` place response `r`.
pub fn list_files(
    files: &[FileSummary],
    (team_names, response_team): (&[&str], &[u32]),
    response_period: &[Quarter],
    participation: &[Screened<Participation>],
    rater_groups: impl Iterator<Item = GroupStatus>,
    kept: &BTreeSet<Quarter>,
) -> FileList {
    let hidden_teams = hidden_team_quarters(team_names, participation);
    let org_shown: BTreeSet<Quarter> = participation
        .iter()
        .filter(|p| p.unscreened().level == Level::Organisation && p.is_shown())
        .map(|p| p.unscreened().period)
        .collect();
    let hidden_in = |range: std::ops::Range<usize>| {
        let mut per_quarter: BTreeMap<Quarter, usize> = BTreeMap::new();
        for r in range {
            if hidden_teams.contains(&(response_team[r], response_period[r])) {
                *per_quarter.entry(response_period[r]).or_default() += 1;
            }
        }
        per_quarter
    };
    // Each file's responses are a range of its own: the quarters' totals are their sums.
    let per_file: Vec<BTreeMap<Quarter, usize>> = files
        .iter()
        .map(|f| hidden_in(f.responses.clone()))
        .collect();
    let mut all_hidden: BTreeMap<Quarter, usize> = BTreeMap::new();
    for (q, n) in per_file.iter().flatten() {
        *all_hidden.entry(*q).or_default() += n;
    }
    let raters_hidden = {
        let mut statuses = rater_groups;
        statuses.any(|s| s != GroupStatus::Shown)
    };
    let listed: Vec<ListedFile> = files
        .iter()
        .zip(&per_file)
        .map(|(f, hidden)| {
            let show = match f.shape {
                Shape::Responses => {
                    hidden.iter().all(|(q, n)| {
                        *n == 0 || (all_hidden.get(q) == Some(n) && org_shown.contains(q))
                    }) && (kept.is_empty()
                        || !f
                            .responses
                            .clone()
                            .any(|r| kept.contains(&response_period[r])))
                }
                Shape::Feedback => !raters_hidden,
                _ => true,
            };
            ListedFile {
                file: f.file.clone(),
                shape: f.shape,
                read_as: f.read_as.clone(),
                rows: show.then_some(f.rows),
                rows_with_errors: show.then_some(f.rows_with_errors),
            }
        })
        .collect();
    let every = listed.iter().all(|f| f.rows.is_some());
    FileList {
        rows_read: every.then(|| files.iter().map(|f| f.rows).sum()),
        rows_skipped: every.then(|| files.iter().map(|f| f.rows_with_errors).sum()),
        files: listed,
    }
}

/// The problems a report lists. A survey file's rows are respondents: a problem's row
/// number and the value found in it (text typed into a rating column, say) single one
/// out, and a file's count of problems is a count of its rows. So a survey file's
/// problems are listed once per column and kind, without row or value, with how many
/// rows only where the file's counts are listed. Other files' problems are listed as
/// they are (org files, people lists and records are not anonymous answers).
pub fn listed_problems(
    problems: &[Problem],
    files: &[FileSummary],
    listed: &[ListedFile],
) -> Vec<Problem> {
    let counted: BTreeMap<&str, bool> = files
        .iter()
        .zip(listed)
        .filter(|(f, _)| f.shape == Shape::Responses)
        .map(|(f, l)| (f.file.as_str(), l.rows.is_some()))
        .collect();
    let mut grouped: BTreeMap<(String, Option<String>, String, Severity), usize> = BTreeMap::new();
    let mut out = Vec::new();
    for p in problems {
        match counted.get(p.file.as_str()) {
            Some(_) if p.row.is_some() || p.value.is_some() => {
                *grouped
                    .entry((
                        p.file.clone(),
                        p.column.clone(),
                        p.expected.clone(),
                        p.severity,
                    ))
                    .or_default() += 1;
            }
            _ => out.push(p.clone()),
        }
    }
    for ((file, column, expected, severity), n) in grouped {
        let expected = if counted[file.as_str()] {
            format!("{expected} ({n} row(s))")
        } else {
            expected
        };
        out.push(Problem {
            file,
            row: None,
            column,
            value: None,
            expected,
            severity,
        });
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Hidden;

    fn file(name: &str, responses: std::ops::Range<usize>) -> FileSummary {
        FileSummary {
            file: name.into(),
            shape: Shape::Responses,
            read_as: String::new(),
            rows: responses.len(),
            rows_with_errors: 0,
            responses,
        }
    }

    fn part(level: Level, unit: &str, n: u32, hidden: bool) -> Screened<Participation> {
        Screened::new(
            Participation {
                level,
                unit: unit.into(),
                group: None,
                period: Quarter(8100),
                responses: n,
                size: None,
            },
            hidden.then_some(Hidden::SmallGroup),
        )
    }

    /// Case 9 of the privacy review, by hand: one export per team. A (8) and B (7) are
    /// shown, S (3) and its complement T (6) hidden. S's and T's files would print 3 and
    /// 6; A's and B's add nothing. A file of the whole quarter prints the organisation's
    /// 24, shown anyway; and with S's count withheld, so is the total read.
    #[test]
    fn one_export_per_team_lists_no_hidden_teams_count() {
        let names = ["A", "B", "S", "T"];
        let ids: Vec<u32> = [[0; 8].as_slice(), &[1; 7], &[2; 3], &[3; 6]].concat();
        let periods = vec![Quarter(8100); ids.len()];
        let parts = vec![
            part(Level::Organisation, "Organisation", 24, false),
            part(Level::Team, "A", 8, false),
            part(Level::Team, "B", 7, false),
            part(Level::Team, "S", 3, true),
            part(Level::Team, "T", 6, true),
        ];
        let files = vec![
            file("a.csv", 0..8),
            file("b.csv", 8..15),
            file("s.csv", 15..18),
            file("t.csv", 18..24),
        ];
        let list = list_files(
            &files,
            (&names, &ids),
            &periods,
            &parts,
            std::iter::empty(),
            &BTreeSet::new(),
        );
        let rows: Vec<Option<usize>> = list.files.iter().map(|f| f.rows).collect();
        assert_eq!(rows, [Some(8), Some(7), None, None]);
        assert_eq!(list.rows_read, None);
        let whole = list_files(
            &[file("all.csv", 0..24)],
            (&names, &ids),
            &periods,
            &parts,
            std::iter::empty(),
            &BTreeSet::new(),
        );
        assert_eq!(whole.files[0].rows, Some(24));
        assert_eq!(whole.rows_read, Some(24));
        // S and T in one file, the rest in another: S + T is all the quarter's hidden.
        let split = list_files(
            &[file("ab.csv", 0..15), file("st.csv", 15..24)],
            (&names, &ids),
            &periods,
            &parts,
            std::iter::empty(),
            &BTreeSet::new(),
        );
        assert_eq!(split.rows_read, Some(24));
        // S with A: 11 less A's 8 would be S's 3.
        let mixed = list_files(
            &[file("as.csv", 0..18), file("bt.csv", 18..24)],
            (&names, &ids),
            &periods,
            &parts,
            std::iter::empty(),
            &BTreeSet::new(),
        );
        assert!(
            mixed.files.iter().all(|f| f.rows.is_none()),
            "{:?}",
            mixed.files
        );
    }

    #[test]
    fn a_360_files_count_is_withheld_when_a_rater_group_is_not_shown() {
        let mut f = file("360.csv", 0..0);
        f.shape = Shape::Feedback;
        f.rows = 9;
        let list = list_files(
            &[f.clone()],
            (&[], &[]),
            &[],
            &[],
            [GroupStatus::Shown, GroupStatus::MergedIntoOthers].into_iter(),
            &BTreeSet::new(),
        );
        assert_eq!(list.files[0].rows, None);
        let list = list_files(
            &[f],
            (&[], &[]),
            &[],
            &[],
            [GroupStatus::Shown].into_iter(),
            &BTreeSet::new(),
        );
        assert_eq!(list.files[0].rows, Some(9));
    }

    /// A rating cell holding a respondent's own words is never printed in the report,
    /// nor its row; the file's problems are counted per column unless its counts are
    /// withheld.
    #[test]
    fn survey_problems_are_listed_without_rows_or_values() {
        let files = vec![file("a.csv", 0..8), file("s.csv", 8..11)];
        let problems = vec![
            Problem::cell(
                "a.csv",
                3,
                "E \"a1\"".into(),
                "my lead shouts",
                "a rating 1-5",
            ),
            Problem::cell("a.csv", 5, "E \"a1\"".into(), "6", "a rating 1-5"),
            Problem::cell("s.csv", 2, "E \"a1\"".into(), "7", "a rating 1-5"),
            Problem::file("org.csv", "a parent per unit"),
        ];
        let listed = vec![
            ListedFile {
                file: "a.csv".into(),
                shape: Shape::Responses,
                read_as: String::new(),
                rows: Some(8),
                rows_with_errors: Some(2),
            },
            ListedFile {
                file: "s.csv".into(),
                shape: Shape::Responses,
                read_as: String::new(),
                rows: None,
                rows_with_errors: None,
            },
        ];
        let shown: Vec<String> = listed_problems(&problems, &files, &listed)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "a.csv: error: column E \"a1\": expected a rating 1-5 (2 row(s))",
                "org.csv: error: expected a parent per unit",
                "s.csv: error: column E \"a1\": expected a rating 1-5",
            ]
        );
    }
}
