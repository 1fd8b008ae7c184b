//! The practice-adoption log: per team (or per team member), per practice, per
//! observation, whether the practice was used. Read with the shared ingest and checked;
//! the learning-velocity metrics are `metrics::velocity`'s job.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::known_teams::KnownTeams;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use super::records::{RecordFile, Row};
use super::ticks::parse_tick;
use super::Team;
use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::{record_columns, DateOrder};

record_columns! {
    /// Where an adoption log keeps each field (headers by default).
    AdoptionColumns {
        team: "team" = "Team",
        practice: "practice" = "Practice",
        introduced: "introduced" = "Introduced",
        observed: "observed" = "Observed",
        /// Used: yes/no, a share (0.6 or 60%), or a count of members using it.
        used: "used" = "Used",
        /// Team size, needed only when `used` holds counts.
        members: "members" = "Members",
        /// How the team adapted the practice (optional).
        note: "adaptation" = "Adaptation",
    }
}

/// One observation of one practice in one team: the share of rows (members) using it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub observed: NaiveDate,
    pub share: f64,
    /// Rows behind the share (1 for a per-team log, the members for a per-member log).
    pub rows: u32,
}

/// Every observation of one practice in one team, in date order.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeLog {
    pub team: String,
    pub practice: String,
    pub introduced: NaiveDate,
    pub observations: Vec<Observation>,
    /// Adaptation notes, in file order, with the date they were recorded.
    pub notes: Vec<(NaiveDate, String)>,
}

/// A usage cell as a share of members: yes/no ticks, 0-1 shares, percentages, or counts
/// over `members`.
fn usage_share(text: &str, members: Option<f64>) -> Result<f64, String> {
    const EXPECTED: &str = "yes/no, a share such as 0.6 or 60%, or a count of members using it (with a Members column)";
    let t = text.trim();
    if let Some(pct) = t.strip_suffix('%') {
        return match pct.trim().parse::<f64>() {
            Ok(v) if (0.0..=100.0).contains(&v) => Ok(v / 100.0),
            _ => Err(EXPECTED.to_string()),
        };
    }
    if let Ok(v) = t.parse::<f64>() {
        return match members {
            Some(m) if m > 0.0 && v >= 0.0 && v <= m && v.fract() == 0.0 => Ok(v / m),
            _ if (0.0..=1.0).contains(&v) => Ok(v),
            Some(m) => Err(format!(
                "a count of members from 0 to {m}, or a share from 0 to 1"
            )),
            None => Err(EXPECTED.to_string()),
        };
    }
    if t.is_empty() {
        return Err(EXPECTED.to_string());
    }
    match parse_tick(t, "used") {
        Ok(true) => Ok(1.0),
        Ok(false) => Ok(0.0),
        Err(_) => Err(EXPECTED.to_string()),
    }
}

/// The columns of one adoption-log row.
struct RowColumns {
    team: usize,
    practice: usize,
    introduced: usize,
    observed: usize,
    used: usize,
    members: Option<usize>,
}

/// One checked observation.
struct Observed {
    team: String,
    practice: String,
    introduced: NaiveDate,
    observed: NaiveDate,
    share: f64,
}

/// Check one row: a known team, a practice, both dates (observed on or after
/// introduced), a member count when given and a usage answer. `None` when the row has a
/// problem (each one is reported).
fn observed_row(
    row: &mut Row,
    c: &RowColumns,
    known: &KnownTeams,
    order: Option<DateOrder>,
) -> Option<Observed> {
    let team = row.check(c.team, known.find(row.cell(c.team)));
    let practice = row.cell(c.practice).to_string();
    if practice.is_empty() {
        row.problem(c.practice, "the practice's name");
    }
    let date = |row: &mut Row, col: usize, what: &str| {
        let d = parse_date_cell(row.cell(col)).and_then(|d| resolve(d, order));
        if d.is_none() {
            row.problem(col, format!("{what} such as 2025-03-10"));
        }
        d
    };
    let introduced = date(row, c.introduced, "the date the practice was introduced,");
    let observed = date(row, c.observed, "the date of the observation,");
    if let (Some(i), Some(o)) = (introduced, observed) {
        if o < i {
            row.problem(
                c.observed,
                format!("an observation on or after the practice was introduced ({i})"),
            );
        }
    }
    let members = row.text(c.members).and_then(|t| match t.parse::<f64>() {
        Ok(m) if m >= 1.0 && m.fract() == 0.0 => Some(m),
        _ => {
            row.problem(
                c.members.unwrap_or(0),
                "the number of team members, a whole number of at least 1",
            );
            None
        }
    });
    let share = row.check(c.used, usage_share(row.cell(c.used), members));
    if row.has_problems() {
        return None;
    }
    Some(Observed {
        team: team?,
        practice,
        introduced: introduced?,
        observed: observed?,
        share: share?,
    })
}

/// (team, practice) -> introduced, first row, date -> (sum of shares, rows), notes.
type Pooled = (
    NaiveDate,
    usize,
    BTreeMap<NaiveDate, (f64, u32)>,
    Vec<(NaiveDate, String)>,
);

/// A team's log of one practice: its observations, the rows of a date pooled.
fn practice_log(team: String, practice: String, pooled: Pooled) -> PracticeLog {
    let (introduced, _, points, notes) = pooled;
    PracticeLog {
        team,
        practice,
        introduced,
        observations: points
            .into_iter()
            .map(|(observed, (sum, rows))| Observation {
                observed,
                share: sum / rows as f64,
                rows,
            })
            .collect(),
        notes,
    }
}

/// Read and check an adoption log against the survey data's teams. Rows of the same
/// team, practice and observation date are pooled (a per-member log).
pub fn read_adoption(
    table: &Table,
    cols: &AdoptionColumns,
    teams: &[Team],
) -> (Vec<PracticeLog>, Vec<Problem>) {
    let mut f = RecordFile::new(table);
    let required = [
        f.need("the team", &cols.team),
        f.need("the practice", &cols.practice),
        f.need("the date introduced", &cols.introduced),
        f.need("the date observed", &cols.observed),
        f.need("whether it was used", &cols.used),
    ];
    let [Some(team_c), Some(practice_c), Some(intro_c), Some(seen_c), Some(used_c)] = required
    else {
        return f.finish(Vec::new());
    };
    let (members_c, note_c) = (f.optional(&cols.members), f.optional(&cols.note));
    let order = match OrderEvidence::of_columns(table, &[intro_c, seen_c]).decide(None) {
        Ok(o) => o,
        Err(msg) => {
            f.file_problem(intro_c, msg);
            return f.finish(Vec::new());
        }
    };
    let known = KnownTeams::new(teams);
    let mut logs: BTreeMap<(String, String), Pooled> = BTreeMap::new();
    let columns = RowColumns {
        team: team_c,
        practice: practice_c,
        introduced: intro_c,
        observed: seen_c,
        used: used_c,
        members: members_c,
    };
    f.rows(|row| {
        let Some(Observed {
            team,
            practice,
            introduced,
            observed,
            share,
        }) = observed_row(row, &columns, &known, order)
        else {
            return;
        };
        let entry = logs
            .entry((team, practice))
            .or_insert_with(|| (introduced, row.number, BTreeMap::new(), Vec::new()));
        if entry.0 != introduced {
            row.problem(
                intro_c,
                format!(
                    "the same introduction date as row {} of this team and practice ({})",
                    entry.1, entry.0
                ),
            );
            return;
        }
        let point = entry.2.entry(observed).or_insert((0.0, 0));
        point.0 += share;
        point.1 += 1;
        if let Some(note) = row.text(note_c) {
            entry.3.push((observed, note));
        }
    });
    let logs = logs
        .into_iter()
        .map(|((team, practice), pooled)| practice_log(team, practice, pooled))
        .collect();
    f.finish(logs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<PracticeLog>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("adoption.csv");
        std::fs::write(&path, text).unwrap();
        let table = crate::ingest::read(&path).unwrap().table.unwrap();
        let teams: Vec<Team> = ["Payments", "Search"]
            .iter()
            .map(|n| Team {
                name: n.to_string(),
                group: None,
            })
            .collect();
        let (found, problems) = read_adoption(&table, &AdoptionColumns::default(), &teams);
        let shown = problems
            .iter()
            .map(|p| p.to_string().replace(&format!("{}", path.display()), "f"))
            .collect();
        (found, shown)
    }

    #[test]
    fn usage_as_ticks_shares_percentages_and_counts() {
        assert_eq!(usage_share("Yes", None), Ok(1.0));
        assert_eq!(usage_share("no", None), Ok(0.0));
        assert_eq!(usage_share("0.6", None), Ok(0.6));
        assert_eq!(usage_share("60%", None), Ok(0.6));
        assert_eq!(usage_share("3", Some(4.0)), Ok(0.75));
        assert!(
            usage_share("3", None).is_err(),
            "a count needs the team size"
        );
        assert!(usage_share("sometimes", None).is_err());
        assert!(usage_share("", None).is_err(), "blank is not a silent no");
    }

    #[test]
    fn per_member_rows_pool_into_a_share_per_observation() {
        let (logs, problems) = read(
            "Team,Practice,Introduced,Observed,Used,Adaptation\n\
             Payments,Pairing,2025-01-06,2025-02-03,yes,\n\
             Payments,Pairing,2025-01-06,2025-02-03,no,\n\
             Payments,Pairing,2025-01-06,2025-02-03,yes,Pairs rotate weekly\n\
             Payments,Pairing,2025-01-06,2025-03-03,yes,\n\
             search,Demos,2025-01-06,2025-01-20,50%,\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(logs.len(), 2);
        let pairing = &logs[0];
        assert_eq!(pairing.practice, "Pairing");
        assert_eq!(pairing.observations.len(), 2);
        assert!((pairing.observations[0].share - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(pairing.observations[0].rows, 3);
        assert_eq!(pairing.notes.len(), 1);
        assert_eq!(logs[1].team, "Search", "spelt as in the survey data");
    }

    #[test]
    fn observed_before_introduced_unknown_team_and_bad_usage_are_problems() {
        let (logs, problems) = read(
            "Team,Practice,Introduced,Observed,Used\n\
             Payments,Pairing,2025-03-03,2025-02-03,yes\n\
             Paymnts,Pairing,2025-03-03,2025-04-03,yes\n\
             Search,Demos,2025-03-03,2025-04-03,often\n",
        );
        assert!(logs.is_empty());
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("f:2: error: column D \"Observed\": found \"2025-02-03\"; expected an observation on or after the practice was introduced (2025-03-03)"), "{problems:?}");
        assert!(
            problems[1].contains("did you mean \"Payments\"?"),
            "{problems:?}"
        );
        assert!(
            problems[2].contains("column E \"Used\": found \"often\""),
            "{problems:?}"
        );
    }
}
