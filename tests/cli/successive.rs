//! Successive reports are one publication: two runs into the same report folder, with
//! something changed in a quarter the first run published (a late response, a team moved
//! to another group, a removed row), publish that quarter identically, so subtracting the
//! two reports gives nothing. Cases 6, 7 and 8 of the privacy review.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::*;

type Row = BTreeMap<String, String>;

const HEAD: &str = "Team,Group,Quarter,a1,a2,b1,b2,Comment";

/// One response row: answers from a fixed pattern so every team has spread.
fn row(team: &str, group: &str, quarter: &str, k: usize) -> String {
    let a = |j: usize| 1 + (k * 7 + j * 3) % 5;
    format!(
        "{team},{group},{quarter},{},{},{},{},note {team} {k}",
        a(0),
        a(1),
        a(2),
        a(3)
    )
}

/// North: Apollo 8, Tiny 3 (hidden), Borealis 6; South: Cosmo 9, Delta 7; two quarters.
/// `group_of` places each team (so a test can move one).
fn survey(group_of: &dyn Fn(&str) -> &'static str, extra: &[String]) -> String {
    let mut lines = vec![HEAD.to_string()];
    for quarter in ["2025-Q1", "2025-Q2"] {
        for (team, n) in [
            ("Apollo", 8),
            ("Tiny", 3),
            ("Borealis", 6),
            ("Cosmo", 9),
            ("Delta", 7),
        ] {
            for k in 0..n {
                let offset = if quarter.ends_with('2') { 50 } else { 0 };
                lines.push(row(team, group_of(team), quarter, k + offset));
            }
        }
    }
    lines.extend(extra.iter().cloned());
    lines.join("\n") + "\n"
}

fn home(team: &str) -> &'static str {
    match team {
        "Apollo" | "Tiny" | "Borealis" => "North",
        _ => "South",
    }
}

/// Report `csv` into `out` (the same folder each time).
fn report(dir: &Path, csv: &str, out: &Path) -> std::process::Output {
    report_with(dir, csv, out, &[])
}

fn report_with(dir: &Path, csv: &str, out: &Path, args: &[&str]) -> std::process::Output {
    let data = dir.join("survey.csv");
    std::fs::write(&data, csv).unwrap();
    let output = leadpulse()
        .args([
            "report",
            "--schema",
            MINI_SCHEMA,
            "--min-comment-group",
            "5",
            "--out",
        ])
        .arg(out)
        .args(args)
        .arg(&data)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    output
}

/// Every row of the survey tables for `quarter`, by table (the organisation tree shows
/// the latest quarter only).
fn published(out: &Path, quarter: &str) -> Vec<(String, Vec<Row>)> {
    ["domain_scores", "items", "participation", "comments"]
        .iter()
        .filter(|t| out.join(format!("metrics/{t}.csv")).exists())
        .map(|t| {
            let rows = read_csv(&out.join(format!("metrics/{t}.csv")))
                .into_iter()
                .filter(|r| r.get("quarter").is_none_or(|q| q == quarter))
                .collect();
            (t.to_string(), rows)
        })
        .collect()
}

fn kept(out: &Path) -> Vec<String> {
    revisited(out, "quarters_kept_as_published")
        .iter()
        .map(|k| k["quarter"].as_str().unwrap().to_string())
        .collect()
}

fn restated(out: &Path) -> Vec<String> {
    revisited(out, "quarters_restated")
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

fn revisited(out: &Path, key: &str) -> Vec<serde_json::Value> {
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("metrics/summary.json")).unwrap()).unwrap();
    summary["data_quality"][key].as_array().unwrap().clone()
}

/// Case 8: a late response to Q1 from Tiny (3 people, hidden) arrives between two runs.
/// Published again, North's Q1 less the first report's would be that person's answers,
/// and Tiny's complement could come out. Q1 is published as before, with a note.
#[test]
fn a_late_response_to_a_published_quarter_changes_nothing_published() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    report(tmp.path(), &survey(&home, &[]), &out);
    let first = published(&out, "2025-Q1");
    assert!(first.iter().any(|(_, rows)| !rows.is_empty()));
    let late = row("Tiny", "North", "2025-Q1", 99);
    let second = report(tmp.path(), &survey(&home, &[late]), &out);
    assert_eq!(published(&out, "2025-Q1"), first);
    assert_eq!(kept(&out), ["2025-Q1"]);
    assert!(text(&second.stderr)
        .contains("2025-Q1 is shown as an earlier report in this folder published it (34 responses now, 33 when published)"));
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("Quarters shown as first published"));
    // A third run with nothing new keeps it so, and says so again.
    report(
        tmp.path(),
        &survey(&home, &[row("Tiny", "North", "2025-Q1", 99)]),
        &out,
    );
    assert_eq!(published(&out, "2025-Q1"), first);
}

/// Case 6: team Tiny (hidden) moves from North to South, and the new structure is applied
/// to every quarter. Published again, North's Q1 in the first report less North's Q1 in
/// the second would be Tiny's Q1 cell. Both published quarters are kept; a new quarter
/// is published with the new structure.
#[test]
fn a_team_moved_under_another_group_leaves_published_quarters_as_they_were() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    report(tmp.path(), &survey(&home, &[]), &out);
    let q1 = published(&out, "2025-Q1");
    let q2 = published(&out, "2025-Q2");
    let moved = |team: &str| if team == "Tiny" { "South" } else { home(team) };
    let q3: Vec<String> = ["Apollo", "Borealis", "Cosmo", "Delta"]
        .iter()
        .flat_map(|t| (0..6).map(move |k| row(t, moved(t), "2025-Q3", k)))
        .collect();
    let second = report(tmp.path(), &survey(&moved, &q3), &out);
    assert!(
        text(&second.stderr).contains("2025-Q1 is shown as an earlier report in this folder published it (the organisation's structure changed)"),
        "{}",
        text(&second.stderr)
    );
    assert_eq!(published(&out, "2025-Q1"), q1);
    assert_eq!(published(&out, "2025-Q2"), q2);
    assert_eq!(kept(&out), ["2025-Q1", "2025-Q2"]);
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    assert!(scores
        .iter()
        .any(|r| r["quarter"] == "2025-Q3" && r["unit"] == "Apollo" && !r["mean"].is_empty()));
}

/// Nothing changed: no quarter is listed as kept, and the report is the same bytes.
#[test]
fn a_second_run_on_the_same_data_writes_the_same_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    report(tmp.path(), &survey(&home, &[]), &out);
    let before = all_files(&out);
    report(tmp.path(), &survey(&home, &[]), &out);
    assert!(kept(&out).is_empty());
    assert_eq!(all_files(&out), before);
}

/// A damaged record stops the report with the file and the place named (exit 2), so a
/// publication is never silently forgotten.
#[test]
fn a_damaged_record_is_refused_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    report(tmp.path(), &survey(&home, &[]), &out);
    std::fs::write(out.join("published.json"), "{\"quarters\": [").unwrap();
    let output = leadpulse()
        .args(["report", "--schema", MINI_SCHEMA, "--out"])
        .arg(&out)
        .arg(tmp.path().join("survey.csv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let err = text(&output.stderr);
    assert!(err.contains("published.json: line 1"), "{err}");
}

/// Case 7: manager ids, and no edit by anyone. Emery (E05) does not answer in March and
/// June; E09 names E05 as manager, an id nobody in the export has, so E05's team (E09)
/// hangs straight under the organisation (`--skip-invalid` goes on past that error). In
/// September Emery answers, naming E02, and the tree built from every row moves E05's
/// subtree under E02 in every quarter. Published again, E02's March and June cells less
/// the first report's would be that team's.
#[test]
fn a_manager_who_answers_late_moves_nothing_published() {
    let export =
        std::fs::read_to_string(root().join("tests/fixtures/lookalike/glint/export.csv")).unwrap();
    let mut lines = export.lines();
    let head = lines.next().unwrap().to_string();
    let rows: Vec<&str> = lines.collect();
    let without_e05 = rows
        .iter()
        .filter(|r| !r.contains("emery.e05@example.com"))
        .map(|r| r.to_string());
    let september: Vec<String> = rows
        .iter()
        .filter(|r| r.contains("13-06-2025 16:05"))
        .map(|r| {
            r.replace("13-06-2025 16:05", "12-09-2025 10:00")
                .replace("02-06-2025 08:00", "01-09-2025 08:00")
        })
        .collect();
    assert_eq!(september.len(), 37);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let data = tmp.path().join("export.csv");
    let run = |rows: Vec<String>| {
        std::fs::write(&data, format!("{head}\n{}\n", rows.join("\n"))).unwrap();
        let output = leadpulse()
            .args(["report", "--skip-invalid", "--schema"])
            .arg(root().join("tests/fixtures/lookalike/glint/schema.toml"))
            .arg("--out")
            .arg(&out)
            .arg(&data)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
    };
    let first: Vec<String> = without_e05.collect();
    assert_eq!(first.len(), 72);
    run(first.clone());
    let march = published(&out, "2025-Q1");
    let june = published(&out, "2025-Q2");
    // The first report places E05's subtree under the organisation.
    let part = read_csv(&out.join("metrics/participation.csv"));
    assert!(part.iter().any(|r| r["level"] == "team"
        && r["unit"] == "E05"
        && r["quarter"] == "2025-Q1"
        && r["group"].is_empty()));
    run(first.into_iter().chain(september).collect());
    let part = read_csv(&out.join("metrics/participation.csv"));
    assert!(part.iter().any(|r| r["level"] == "group"
        && r["unit"] == "E05"
        && r["quarter"] == "2025-Q3"
        && r["group"] == "E02"));
    assert_eq!(published(&out, "2025-Q1"), march);
    assert_eq!(published(&out, "2025-Q2"), june);
    assert_eq!(kept(&out), ["2025-Q1", "2025-Q2"]);
}

/// `--restate` with Apollo (8, shown) moved from North to South, rows in another order:
/// the responses are the same (the fingerprint does not depend on row order), and by
/// hand the two versions leave blocks North's Tiny + Borealis (3 + 6, hidden in both),
/// Apollo (8), Cosmo (9), Delta (7), none under 5. Both quarters are restated: Apollo's
/// Q1 now rolls up into South. A further run changes nothing.
#[test]
fn restate_publishes_a_moved_shown_team_under_its_new_group() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    report(tmp.path(), &survey(&home, &[]), &out);
    assert!(tmp.path().join("report.fingerprints.json").exists());
    assert!(!out.join("report.fingerprints.json").exists());
    let moved = |team: &str| {
        if team == "Apollo" {
            "South"
        } else {
            home(team)
        }
    };
    let mut lines: Vec<&str> = Vec::new();
    let csv = survey(&moved, &[]);
    lines.extend(csv.lines());
    lines[1..].reverse();
    let second = report_with(tmp.path(), &(lines.join("\n") + "\n"), &out, &["--restate"]);
    assert_eq!(restated(&out), ["2025-Q1", "2025-Q2"]);
    assert!(kept(&out).is_empty());
    assert!(text(&second.stderr).contains("2025-Q1 is restated"));
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    assert!(scores.iter().any(|r| r["quarter"] == "2025-Q1"
        && r["unit"] == "Apollo"
        && r["group"] == "South"
        && !r["mean"].is_empty()));
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("Quarters restated"));
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("published.json")).unwrap()).unwrap();
    assert!(
        record["quarters"]["2025-Q1"]["earlier"]
            .as_array()
            .unwrap()
            .len()
            == 1
    );
    let q1 = published(&out, "2025-Q1");
    report_with(tmp.path(), &survey(&moved, &[]), &out, &["--restate"]);
    assert!(restated(&out).is_empty() && kept(&out).is_empty());
    assert_eq!(published(&out, "2025-Q1"), q1);
}

/// Case 6 with `--restate`: Tiny (3, hidden) moved from North to South. By hand, North
/// and South of the two versions isolate Tiny alone (in North before, South after, with
/// no other hidden team alike): 3 people. Both quarters stay as published, saying why.
#[test]
fn restate_keeps_a_quarter_whose_versions_together_single_out_a_team() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    report(tmp.path(), &survey(&home, &[]), &out);
    let q1 = published(&out, "2025-Q1");
    let moved = |team: &str| if team == "Tiny" { "South" } else { home(team) };
    let second = report_with(tmp.path(), &survey(&moved, &[]), &out, &["--restate"]);
    assert_eq!(kept(&out), ["2025-Q1", "2025-Q2"]);
    assert!(restated(&out).is_empty());
    assert_eq!(published(&out, "2025-Q1"), q1);
    let err = text(&second.stderr);
    assert!(
        err.contains("(not restated: restating it would single out a group of fewer than 5 respondents in its "),
        "{err}"
    );
}

/// A corrected answer and a late response (case 8) with `--restate`: the responses
/// changed, so the quarter is kept; and without the fingerprint file beside the folder
/// nothing is restated either.
#[test]
fn restate_never_restates_changed_or_unfingerprinted_responses() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    report(tmp.path(), &survey(&home, &[]), &out);
    let q1 = published(&out, "2025-Q1");
    let q2 = published(&out, "2025-Q2");
    // One of Tiny's June answers corrected (its first answer 1 -> 2), with the same
    // count of responses.
    let june = row("Tiny", "North", "2025-Q2", 50);
    let corrected = june.replacen(",1,4,2,5,", ",2,4,2,5,", 1);
    assert_ne!(june, corrected);
    let csv = survey(&home, &[]).replacen(&june, &corrected, 1);
    let changed = report_with(tmp.path(), &csv, &out, &["--restate"]);
    assert_eq!(kept(&out), ["2025-Q2"]);
    assert_eq!(published(&out, "2025-Q2"), q2);
    assert!(text(&changed.stderr).contains(
        "2025-Q2 is shown as an earlier report in this folder published it (not restated: its responses changed since it was published (its data or the settings changed))"
    ), "{}", text(&changed.stderr));
    let late = row("Tiny", "North", "2025-Q1", 99);
    let second = report_with(tmp.path(), &survey(&home, &[late]), &out, &["--restate"]);
    assert_eq!(kept(&out), ["2025-Q1"]);
    assert_eq!(published(&out, "2025-Q1"), q1);
    assert!(text(&second.stderr).contains(
        "(not restated: its responses changed since it was published (34 responses now, 33 when published))"
    ));
    std::fs::remove_file(tmp.path().join("report.fingerprints.json")).unwrap();
    let moved = |team: &str| {
        if team == "Apollo" {
            "South"
        } else {
            home(team)
        }
    };
    let third = report_with(tmp.path(), &survey(&moved, &[]), &out, &["--restate"]);
    assert_eq!(kept(&out), ["2025-Q1", "2025-Q2"]);
    assert!(text(&third.stderr).contains(
        "not restated: the fingerprint of the responses it was published from is missing"
    ));
}
