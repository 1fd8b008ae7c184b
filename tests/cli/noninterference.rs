//! Non-interference: swap the answers of one respondent of a hidden team with those of
//! one respondent of another hidden team of the same roll-up. Every shown number is then
//! the same, so every output file, of the full report and of the scoped reports of the
//! units above them, must be the same bytes. Any file that differs publishes something
//! that depends on hidden answers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::*;

type Row = BTreeMap<String, String>;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Rewrite `file`, swapping the cells after column `keep` of the first row of team `a`
/// with those of the first row of team `b` when `swap`. Both rows get a comment (the last
/// column) first, so the swap moves comments too. Both copies are written by the same
/// writer, so only the swap differs.
fn rewrite(file: &Path, team_col: usize, keep: usize, a: &str, b: &str, swap: bool) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(file)
        .unwrap();
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let find = |rows: &[Vec<String>], team: &str| {
        rows.iter()
            .position(|r| r[team_col] == team)
            .unwrap_or_else(|| panic!("no row of {team} in {}", file.display()))
    };
    let (i, j) = (find(&rows, a), find(&rows, b));
    for (r, words) in [(i, "Standups run long"), (j, "Pairing helps a lot")] {
        *rows[r].last_mut().unwrap() = words.to_string();
    }
    assert_ne!(
        rows[i][keep..],
        rows[j][keep..],
        "the two answer sets differ"
    );
    if swap {
        for c in keep..rows[i].len() {
            let tmp = rows[i][c].clone();
            rows[i][c] = rows[j][c].clone();
            rows[j][c] = tmp;
        }
    }
    let mut writer = csv::Writer::from_path(file).unwrap();
    for r in rows {
        writer.write_record(r).unwrap();
    }
    writer.flush().unwrap();
}

/// Report the project `project` (relative to `dir`, run from `dir`) into `dir/out-NAME`
/// for the full report and each of `units`.
fn reports(dir: &Path, project: &str, units: &[&str]) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for unit in std::iter::once(None).chain(units.iter().map(Some)) {
        let name = unit.map_or("full".to_string(), |u| u.replace(' ', "-"));
        let target = dir.join(format!("out-{name}"));
        let mut cmd = leadpulse();
        cmd.current_dir(dir)
            .args(["report", "--project", project, "--out"])
            .arg(&target);
        if let Some(u) = unit {
            cmd.args(["--unit", u]);
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        out.push((name, target));
    }
    out
}

/// On the sample: in 2025-Q2, Developer Tools (2 respondents) and Networking (3) are both
/// hidden in Infrastructure. One respondent of each trades answers and comment. (The
/// comments made this test fail before they were listed by text: the organisation's
/// list came out in another order.)
#[test]
fn swapping_two_hidden_respondents_changes_no_output_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let units = ["Infrastructure", "Platform Engineering"];
    let mut runs = Vec::new();
    for swap in [false, true] {
        let dir = tmp.path().join(if swap { "swapped" } else { "original" });
        copy_dir(&root().join("sample-data"), &dir.join("sample-data"));
        let file = dir.join("sample-data/responses/team-health-2025-Q2.csv");
        // Response ID, Submitted, Department, Team | answers and comment.
        rewrite(&file, 3, 4, "Developer Tools", "Networking", swap);
        runs.push(reports(&dir, "sample-data/leadpulse.toml", &units));
    }
    // The two teams are hidden in that quarter, as the test assumes.
    let scores = read_csv(&runs[0][0].1.join("metrics/domain_scores.csv"));
    for team in ["Developer Tools", "Networking"] {
        assert!(scores
            .iter()
            .filter(|r| r["unit"] == team && r["quarter"] == "2025-Q2")
            .all(|r| !r["suppressed"].is_empty()));
    }
    assert_same_outputs(&runs[0], &runs[1]);
}

fn assert_same_outputs(original: &[(String, PathBuf)], swapped: &[(String, PathBuf)]) {
    for ((name, a), (_, b)) in original.iter().zip(swapped) {
        let (a, b) = (all_files(a), all_files(b));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{name}: other files"
        );
        let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
        assert!(
            differ.is_empty(),
            "{name}: hidden answers show in {differ:?}"
        );
    }
}

/// A generated organisation (comments, interventions, 360 feedback and every other side
/// file) under a deep, unbalanced org file: a five-level chain, a lead whose only team
/// is small, a team that heads two more. The first quarter and roll-up with two hidden
/// teams that both have respondents is found from a first report; one respondent of
/// each trades answers.
#[test]
fn swapping_two_hidden_respondents_of_a_deep_tree_changes_no_output_byte() {
    swap_two_hidden_respondents(&deep_unbalanced_org, &["VP"]);
}

/// Generated organisations of other shapes (each with every side file): twelve groups
/// of one team each, and 33 teams in four groups.
#[test]
fn swapping_two_hidden_respondents_of_generated_organisations_changes_no_output_byte() {
    for (seed, teams, groups) in [("5", "12", "12"), ("8", "33", "4")] {
        let generate = |dir: &Path| {
            leadpulse()
                .args(["generate", "--no-xlsx", "--seed", seed, "--teams", teams])
                .args(["--groups", groups, "--out"])
                .arg(dir)
                .assert()
                .success();
        };
        swap_two_hidden_respondents(&generate, &[]);
    }
}

/// Two copies of the organisation `make_org` writes; in one, one respondent of each of
/// two hidden teams with the same lowest shown roll-up trade answers (found from a first
/// report). The full reports and the scoped reports of that roll-up and of `units` must
/// be the same bytes.
fn swap_two_hidden_respondents(make_org: &dyn Fn(&Path), units: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let make = |name: &str| -> PathBuf {
        let dir = tmp.path().join(name);
        make_org(&dir.join("org"));
        dir
    };
    let (original, swapped) = (make("original"), make("swapped"));
    let first = reports(&original, "org/leadpulse.toml", &[]);
    // Hidden team-quarters with respondents, by quarter and their lowest shown roll-up:
    // two teams reaching the same one through hidden units only are in no shown unit
    // apart, so a swap between them changes no shown number.
    let part = read_csv(&first[0].1.join("metrics/participation.csv"));
    let respondents = |team: &str, quarter: &str| {
        let file = original.join(format!("org/responses/team-health-{quarter}.csv"));
        std::fs::read_to_string(file)
            .map(|t| {
                t.lines()
                    .filter(|l| l.contains(&format!(",{team},")))
                    .count()
            })
            .unwrap_or(0)
    };
    let row = |level: &str, unit: &str, quarter: &str| {
        part.iter()
            .find(|r| r["level"] == level && r["unit"] == unit && r["quarter"] == quarter)
    };
    let shown_above = |team: &Row| -> String {
        let mut parent = team["group"].clone();
        loop {
            match row("group", &parent, &team["quarter"]) {
                Some(g) if !g["suppressed"].is_empty() => parent = g["group"].clone(),
                Some(_) => return parent,
                None => return "Organisation".to_string(),
            }
        }
    };
    let mut hidden: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in part
        .iter()
        .filter(|r| r["level"] == "team" && !r["suppressed"].is_empty())
    {
        if respondents(&r["unit"], &r["quarter"]) > 0 {
            hidden
                .entry((r["quarter"].clone(), shown_above(r)))
                .or_default()
                .push(r["unit"].clone());
        }
    }
    let ((quarter, group), teams) = hidden
        .into_iter()
        .find(|(_, teams)| teams.len() >= 2)
        .expect("a roll-up with two hidden teams that have respondents");
    let file = format!("org/responses/team-health-{quarter}.csv");
    rewrite(&original.join(&file), 3, 4, &teams[0], &teams[1], false);
    rewrite(&swapped.join(&file), 3, 4, &teams[0], &teams[1], true);
    std::fs::remove_dir_all(&first[0].1).unwrap();
    let units: Vec<&str> = std::iter::once(group.as_str())
        .filter(|g| *g != "Organisation")
        .chain(units.iter().copied())
        .collect();
    let runs = [
        reports(&original, "org/leadpulse.toml", &units),
        reports(&swapped, "org/leadpulse.toml", &units),
    ];
    assert_same_outputs(&runs[0], &runs[1]);
}
