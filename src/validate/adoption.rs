//! The practice-adoption log, in either of two shapes teams keep: observations (per team
//! or team member, per practice, per observation date, whether the practice was used),
//! or milestone dates (per team and practice: introduced, first applied, consistently
//! used, still used after N days). Read with the shared ingest and checked; the
//! learning-velocity metrics are `metrics::velocity`'s job.

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
        /// Milestone-dates shape: the date the practice was first applied.
        first_applied: "first_applied" = "First applied",
        /// Milestone-dates shape: the date it was in consistent use.
        consistent: "consistent" = "Consistently used",
    }
}

/// The milestone-dates shape's stick checks: `Still used after N days` columns, with N
/// the days after consistent use of [`STICK_DAYS`].
pub const STILL_USED_PREFIX: &str = "still used after";
/// The days after consistent use a `Still used after N days` column may ask about: the
/// 3- and 6-month stick checks (30-day months).
pub const STICK_DAYS: [u32; 2] = [90, 180];

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
    /// Milestone-dates shape: the dates themselves (then `observations` is empty).
    pub dates: Option<MilestoneDates>,
}

/// One row of the milestone-dates shape. A blank milestone is not reached yet: censored
/// at `until` (the `as_of` date, else the latest date in the file).
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneDates {
    pub first_applied: Option<NaiveDate>,
    pub consistent: Option<NaiveDate>,
    /// Still used 90 and 180 days after consistent use, as the file says (`None`: blank
    /// or no such column).
    pub still_used: [Option<bool>; 2],
    pub until: NaiveDate,
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
        dates: None,
    }
}

/// The shape of an adoption log: milestone dates when it has no observation-date column
/// but a first-applied or consistently-used one.
fn is_dated(table: &Table, cols: &AdoptionColumns) -> bool {
    let index = crate::validate::columns::HeaderIndex::with_alternates(&table.headers, &[]);
    index.find(&cols.observed).is_err()
        && (index.find(&cols.first_applied).is_ok() || index.find(&cols.consistent).is_ok())
}

/// `Still used after 90 days` -> `Some("90")`: what follows the prefix, without a
/// trailing "days"; `None` for any other header.
fn still_used_after(header: &str) -> Option<String> {
    let key = crate::text::compare_key(header);
    let rest = key.strip_prefix(STILL_USED_PREFIX)?.trim();
    Some(rest.strip_suffix("days").unwrap_or(rest).trim().to_string())
}

/// Read and check an adoption log, of either shape, against the survey data's teams.
/// `as_of` is the date the milestone-dates shape is censored at (default: the latest
/// date in its file).
pub fn read_adoption(
    table: &Table,
    cols: &AdoptionColumns,
    teams: &[Team],
    as_of: Option<NaiveDate>,
) -> (Vec<PracticeLog>, Vec<Problem>) {
    if is_dated(table, cols) {
        read_dated(table, cols, teams, as_of)
    } else {
        read_observed(table, cols, teams)
    }
}

/// One checked row of the milestone-dates shape.
struct DatedRow {
    team: String,
    practice: String,
    introduced: NaiveDate,
    dates: [Option<NaiveDate>; 2],
    still_used: [Option<bool>; 2],
    note: Option<String>,
}

/// The `Still used after N days` columns: (column, stick check), each N one of
/// [`STICK_DAYS`]; another N is a problem with the file.
fn still_used_columns(f: &mut RecordFile, table: &Table) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (c, header) in table.headers.iter().enumerate() {
        let Some(n) = still_used_after(header) else {
            continue;
        };
        match STICK_DAYS.iter().position(|d| d.to_string() == n) {
            Some(k) => out.push((c, k)),
            None => f.file_problem(
                c,
                format!(
                    "\"Still used after 90 days\" or \"Still used after 180 days\" (the stick checks at 3 and 6 months); found \"{}\"",
                    header.trim()
                ),
            ),
        }
    }
    out
}

/// The milestone-dates shape: one row per team and practice. Blank milestones are not
/// reached yet; a stick answer is yes, no or blank.
fn read_dated(
    table: &Table,
    cols: &AdoptionColumns,
    teams: &[Team],
    as_of: Option<NaiveDate>,
) -> (Vec<PracticeLog>, Vec<Problem>) {
    let mut f = RecordFile::new(table);
    let required = [
        f.need("the team", &cols.team),
        f.need("the practice", &cols.practice),
        f.need("the date introduced", &cols.introduced),
    ];
    let [Some(team_c), Some(practice_c), Some(intro_c)] = required else {
        return f.finish(Vec::new());
    };
    let milestone_c = [
        f.optional(&cols.first_applied),
        f.optional(&cols.consistent),
    ];
    let note_c = f.optional(&cols.note);
    let stick_c = still_used_columns(&mut f, table);
    let date_cols: Vec<usize> = std::iter::once(intro_c)
        .chain(milestone_c.iter().flatten().copied())
        .collect();
    let order = match OrderEvidence::of_columns(table, &date_cols).decide(None) {
        Ok(o) => o,
        Err(msg) => {
            f.file_problem(intro_c, msg);
            return f.finish(Vec::new());
        }
    };
    let known = KnownTeams::new(teams);
    let mut rows: Vec<DatedRow> = Vec::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let columns = DatedColumns {
        team: team_c,
        practice: practice_c,
        introduced: intro_c,
        milestones: milestone_c,
        stick: stick_c,
        note: note_c,
    };
    f.rows(|row| {
        let key = (
            crate::text::compare_key(row.cell(team_c)),
            crate::text::compare_key(row.cell(practice_c)),
        );
        if let Some(first) = seen.get(&key) {
            let message = format!("one row per team and practice; row {first} has this one");
            row.problem(practice_c, message);
            return;
        }
        seen.insert(key, row.number);
        if let Some(r) = dated_row(row, &columns, &known, order, as_of) {
            rows.push(r);
        }
    });
    // Censored at the as-of date, else at the latest date the file gives.
    let latest = rows
        .iter()
        .flat_map(|r| std::iter::once(r.introduced).chain(r.dates.iter().flatten().copied()))
        .max();
    let Some(until) = as_of.or(latest) else {
        return f.finish(Vec::new());
    };
    let logs = rows.into_iter().map(|r| dated_log(r, until)).collect();
    f.finish(logs)
}

/// A checked milestone-dates row as a practice log, censored at `until`; its note is
/// dated at its latest milestone.
fn dated_log(r: DatedRow, until: NaiveDate) -> PracticeLog {
    let noted = r
        .dates
        .iter()
        .flatten()
        .max()
        .copied()
        .unwrap_or(r.introduced);
    PracticeLog {
        team: r.team,
        practice: r.practice,
        introduced: r.introduced,
        observations: Vec::new(),
        notes: r.note.map(|n| (noted, n)).into_iter().collect(),
        dates: Some(MilestoneDates {
            first_applied: r.dates[0],
            consistent: r.dates[1],
            still_used: r.still_used,
            until,
        }),
    }
}

/// The columns of the milestone-dates shape.
struct DatedColumns {
    team: usize,
    practice: usize,
    introduced: usize,
    /// First applied, consistently used.
    milestones: [Option<usize>; 2],
    /// (column, stick check) of each `Still used after N days` column.
    stick: Vec<(usize, usize)>,
    note: Option<usize>,
}

/// Check one milestone-dates row: a known team and practice, the introduction date, the
/// milestones in order (first applied, then consistently used; none after `as_of`), and
/// stick answers only for a practice in consistent use long enough before `as_of`.
fn dated_row(
    row: &mut Row,
    cols: &DatedColumns,
    known: &KnownTeams,
    order: Option<DateOrder>,
    as_of: Option<NaiveDate>,
) -> Option<DatedRow> {
    let (team_c, practice_c, intro_c) = (cols.team, cols.practice, cols.introduced);
    let (milestone_c, stick_c, note_c) = (cols.milestones, &cols.stick, cols.note);
    let team = row.check(team_c, known.find(row.cell(team_c)));
    let practice = row.cell(practice_c).to_string();
    if practice.is_empty() {
        row.problem(practice_c, "the practice's name");
    }
    let introduced = parse_date_cell(row.cell(intro_c)).and_then(|d| resolve(d, order));
    if introduced.is_none() {
        row.problem(
            intro_c,
            "the date the practice was introduced, such as 2025-03-10",
        );
    }
    let dates = milestone_dates(row, milestone_c, introduced, (order, as_of));
    let still_used = stick_answers(row, stick_c, dates[1], as_of);
    if row.has_problems() {
        return None;
    }
    Some(DatedRow {
        team: team?,
        practice,
        introduced: introduced?,
        dates,
        still_used,
        note: row.text(note_c),
    })
}

/// A row's milestone dates (first applied, consistently used): each a date or blank, in
/// order after the introduction, none after `as_of`, and first application given when
/// consistent use is.
fn milestone_dates(
    row: &mut Row,
    milestone_c: [Option<usize>; 2],
    introduced: Option<NaiveDate>,
    (order, as_of): (Option<DateOrder>, Option<NaiveDate>),
) -> [Option<NaiveDate>; 2] {
    let mut dates = [None, None];
    for (k, c) in milestone_c.iter().enumerate() {
        let Some(c) = *c else { continue };
        if row.cell(c).trim().is_empty() {
            continue;
        }
        dates[k] = parse_date_cell(row.cell(c)).and_then(|d| resolve(d, order));
        if dates[k].is_none() {
            row.problem(c, "a date such as 2025-03-10, or blank if not reached yet");
        }
    }
    let names = ["the date introduced", "the first application"];
    let mut before = introduced;
    for (k, c) in milestone_c.iter().enumerate() {
        let (Some(c), Some(d)) = (*c, dates[k]) else {
            continue;
        };
        if let Some(b) = before.filter(|b| d < *b) {
            row.problem(c, format!("a date on or after {} ({b})", names[k]));
        }
        if let Some(limit) = as_of.filter(|a| d > *a) {
            row.problem(c, format!("a date on or before the as-of date ({limit})"));
        }
        before = Some(d);
    }
    if let (Some(c), None, Some(_)) = (milestone_c[0], dates[0], dates[1]) {
        row.problem(
            c,
            "the date of first application (a practice in consistent use was applied first)",
        );
    }
    dates
}

/// A row's stick answers (still used after each of `STICK_DAYS`): yes, no or blank, and
/// only for a practice in consistent use (since `consistent`) long enough before `as_of`.
fn stick_answers(
    row: &mut Row,
    stick_c: &[(usize, usize)],
    consistent: Option<NaiveDate>,
    as_of: Option<NaiveDate>,
) -> [Option<bool>; 2] {
    let mut still_used = [None, None];
    for &(c, k) in stick_c {
        let text = row.cell(c).trim().to_string();
        if text.is_empty() {
            continue;
        }
        match parse_tick(&text, "still used") {
            Ok(v) => still_used[k] = Some(v),
            Err(_) => {
                row.problem(c, "yes, no, or blank when not checked yet");
                continue;
            }
        }
        let days = i64::from(STICK_DAYS[k]);
        match (consistent, as_of) {
            (None, _) => row.problem(
                c,
                "blank: the practice has no consistent-use date to count from",
            ),
            (Some(d), Some(a)) if d + chrono::Duration::days(days) > a => row.problem(
                c,
                format!(
                    "blank: {days} days after consistent use ({d}) is after the as-of date ({a})"
                ),
            ),
            _ => {}
        }
    }
    still_used
}

/// The observations shape. Rows of the same team, practice and observation date are
/// pooled (a per-member log).
fn read_observed(
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
        read_dated_log(text, None)
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

    /// Read a log of either shape against teams Payments and Search; problems with the
    /// file's path shown as `f`.
    fn read_dated_log(text: &str, as_of: Option<NaiveDate>) -> (Vec<PracticeLog>, Vec<String>) {
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
        let (found, problems) = read_adoption(&table, &AdoptionColumns::default(), &teams, as_of);
        let shown = problems
            .iter()
            .map(|p| p.to_string().replace(&format!("{}", path.display()), "f"))
            .collect();
        (found, shown)
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn milestone_dates_are_read_and_blanks_censored_at_the_latest_date() {
        let (logs, problems) = read_dated_log(
            "Team,Practice,Introduced,First applied,Consistently used,Still used after 90 days\n\
             Payments,Pairing,2025-01-06,2025-01-20,2025-03-03,yes\n\
             Search,Pairing,2025-01-06,2025-02-03,,\n",
            None,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(logs.len(), 2);
        let d = logs[0].dates.as_ref().unwrap();
        assert_eq!(d.first_applied, Some(day("2025-01-20")));
        assert_eq!(d.consistent, Some(day("2025-03-03")));
        assert_eq!(d.still_used, [Some(true), None]);
        // No as-of date: the latest date in the file.
        assert_eq!(d.until, day("2025-03-03"));
        assert!(logs[0].observations.is_empty());
        assert_eq!(logs[1].dates.as_ref().unwrap().consistent, None);
    }

    #[test]
    fn milestones_out_of_order_after_as_of_or_unchecked_sticks_are_problems() {
        let (logs, problems) = read_dated_log(
            "Team,Practice,Introduced,First applied,Consistently used,Still used after 180 days\n\
             Payments,Pairing,2025-03-06,2025-01-20,,\n\
             Payments,Demos,2025-01-06,2025-01-20,2025-11-03,\n\
             Search,Pairing,2025-01-06,,2025-02-03,\n\
             Search,Demos,2025-01-06,2025-01-10,2025-06-01,yes\n\
             Search,Retro,2025-01-06,2025-01-10,,no\n\
             Search,Retro,2025-01-06,,,\n",
            Some(day("2025-09-30")),
        );
        assert!(logs.is_empty(), "{logs:?}");
        assert_eq!(problems.len(), 6, "{problems:?}");
        assert!(problems[0].contains("f:2: error: column D \"First applied\": found \"2025-01-20\"; expected a date on or after the date introduced (2025-03-06)"), "{problems:?}");
        assert!(problems[1].contains("f:3: error: column E \"Consistently used\": found \"2025-11-03\"; expected a date on or before the as-of date (2025-09-30)"), "{problems:?}");
        assert!(
            problems[2].contains("f:4: error: column D \"First applied\""),
            "{problems:?}"
        );
        // 2025-06-01 + 180 days = 2025-11-28, after the as-of date.
        assert!(problems[3].contains("f:5: error: column F \"Still used after 180 days\": found \"yes\"; expected blank: 180 days after consistent use (2025-06-01) is after the as-of date (2025-09-30)"), "{problems:?}");
        assert!(
            problems[4].contains("f:6: error: column F")
                && problems[4].contains("no consistent-use date"),
            "{problems:?}"
        );
        assert!(
            problems[5].contains("f:7: error:")
                && problems[5].contains("one row per team and practice; row 6"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_stick_column_for_another_span_is_a_problem_naming_it() {
        let (_, problems) = read_dated_log(
            "Team,Practice,Introduced,Consistently used,Still used after 60 days\n\
             Payments,Pairing,2025-01-06,2025-03-03,yes\n",
            None,
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("Still used after 60 days"),
            "{problems:?}"
        );
    }
}
