//! What the README promises about the report folder and about export shapes: `report`
//! never deletes what it did not write, and teams keep their rows whatever the export's
//! shape (grouped, ungrouped, mixed, a constant team, aggregated rows).

use std::path::Path;

use crate::support::*;

fn report_into(out: &Path, extra: &[&str]) -> std::process::Output {
    leadpulse()
        .args(["report", "--schema", MINI_SCHEMA, "--out"])
        .arg(out)
        .args(extra)
        .arg(MINI_DATA)
        .output()
        .unwrap()
}

#[test]
fn out_on_a_folder_leadpulse_did_not_write_is_refused_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), b"keep me").unwrap();
    let o = report_into(&mine, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains(&mine.display().to_string()) && err.contains("did not write"),
        "{err}"
    );
    assert_eq!(all_files(&mine).len(), 1);
    assert_eq!(std::fs::read(mine.join("notes.txt")).unwrap(), b"keep me");
}

#[test]
fn into_existing_adds_the_report_and_deletes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), b"keep me").unwrap();
    let o = report_into(&mine, &["--into-existing"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(std::fs::read(mine.join("notes.txt")).unwrap(), b"keep me");
    assert!(mine.join("index.html").is_file());
    assert!(mine.join("metrics/domain_scores.csv").is_file());
    // A second run into it again still keeps the note.
    let o = report_into(&mine, &["--into-existing"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(std::fs::read(mine.join("notes.txt")).unwrap(), b"keep me");
}

#[test]
fn out_on_the_data_folder_is_refused_before_anything_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(root().join(MINI_DATA), data.join("q.csv")).unwrap();
    for (out, why) in [
        (data.clone(), "is the input"),
        (data.join("report"), "lies inside the input"),
        (tmp.path().to_path_buf(), "contains the input"),
    ] {
        let o = leadpulse()
            .args([
                "report",
                "--schema",
                MINI_SCHEMA,
                "--into-existing",
                "--out",
            ])
            .arg(&out)
            .arg(&data)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
        assert!(text(&o.stderr).contains(why), "{}", text(&o.stderr));
        assert_eq!(all_files(&data).len(), 1, "the data folder is untouched");
    }
    // The schema counts as an input too.
    let o = leadpulse()
        .args(["report", "--schema", MINI_SCHEMA, "--out", MINI_SCHEMA])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}

#[test]
fn a_file_at_the_output_path_is_an_error_and_is_not_moved() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("report");
    std::fs::write(&file, b"a file").unwrap();
    let o = report_into(&file, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("is a file"));
    assert_eq!(std::fs::read(&file).unwrap(), b"a file");
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing else was written beside it");
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    let o = report_into(&real, &[]);
    assert!(o.status.success());
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = report_into(&link, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("symbolic link"));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn an_earlier_report_is_replaced_and_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    assert!(report_into(&out, &[]).status.success());
    assert!(out.join(".leadpulse-report").is_file());
    std::fs::write(out.join("stale.csv"), b"old").unwrap();
    assert!(report_into(&out, &[]).status.success());
    assert!(
        !out.join("stale.csv").exists(),
        "the old report is replaced whole"
    );
    assert_eq!(
        beside(tmp.path()),
        ["r", "r.fingerprints.json"],
        "no staging or old folder is left"
    );
}

/// The names in `dir`, sorted: a report folder and the fingerprints kept beside it.
fn beside(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Kill runs at several moments: the report folder always holds a whole report (the
/// previous one or the new one), and the next run cleans up what a killed run left.
#[test]
fn a_killed_run_leaves_the_previous_report_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    assert!(report_into(&out, &[]).status.success());
    let old = all_files(&out);
    let bin = assert_cmd::cargo::cargo_bin("leadpulse");
    for delay_ms in [5u64, 40, 120, 300, 700] {
        let mut child = std::process::Command::new(&bin)
            .current_dir(root())
            .args(["report", "--project", "sample-data/leadpulse.toml", "--out"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = all_files(&out);
        let whole_new =
            now.contains_key("metrics/interventions.csv") && now.contains_key("index.html");
        assert!(
            now == old || whole_new,
            "after {delay_ms} ms: a partial report"
        );
        if whole_new {
            // Put the small report back for the next round.
            assert!(report_into(&out, &[]).status.success());
        }
    }
    assert!(report_into(&out, &[]).status.success());
    assert_eq!(
        beside(tmp.path()),
        ["r", "r.fingerprints.json"],
        "leftovers of killed runs are cleaned up"
    );
}

/// The mini fixture reshaped: rows of a team list in `keep`, with the group cell
/// rewritten by `group`.
fn reshaped(group: impl Fn(&str, &str) -> String) -> String {
    let text = std::fs::read_to_string(root().join(MINI_DATA)).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let g = group(cells[0], cells[1]);
        out.push_str(&format!("{},{g},{}\n", cells[0], cells[2..].join(",")));
    }
    out
}

fn report_on(schema: &str, data: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("schema.toml"), schema).unwrap();
    std::fs::write(tmp.path().join("data.csv"), data).unwrap();
    let out = tmp.path().join("report");
    let o = leadpulse()
        .args(["report", "--schema"])
        .arg(tmp.path().join("schema.toml"))
        .arg("--out")
        .arg(&out)
        .arg(tmp.path().join("data.csv"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    (tmp, out)
}

/// Every table and chart with team rows has them.
fn assert_team_rows(out: &Path, teams: &[&str]) {
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    let trends = read_csv(&out.join("metrics/trends.csv"));
    let part = read_csv(&out.join("metrics/participation.csv"));
    for team in teams {
        assert!(
            scores
                .iter()
                .any(|r| r["level"] == "team" && r["unit"] == *team && !r["mean"].is_empty()),
            "{team} has no shown score"
        );
        assert!(
            trends
                .iter()
                .any(|r| r["level"] == "team" && r["unit"] == *team),
            "{team} has no trend"
        );
        assert!(part
            .iter()
            .any(|r| r["level"] == "team" && r["unit"] == *team));
    }
    let corr = read_csv(&out.join("metrics/correlations.csv"));
    assert!(
        corr.iter()
            .any(|r| r["kind"] == "changes" && r["n"].parse::<u32>().unwrap_or(0) > 0),
        "change correlations have no team pairs"
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for team in teams {
        assert!(html.contains(team), "{team} missing from the page");
    }
    for chart in ["heatmap", "team_trends"] {
        assert!(out.join(format!("charts/{chart}.png")).is_file());
    }
}

const MINI_SCHEMA_TEXT: &str = include_str!("../fixtures/mini/schema.toml");

/// Regression: a schema without a group column gave organisation rows only.
#[test]
fn an_export_without_a_group_column_keeps_every_team() {
    let schema = MINI_SCHEMA_TEXT.replace("group = \"Group\"\n", "");
    assert_ne!(schema, MINI_SCHEMA_TEXT);
    let data = reshaped(|_, _| String::new()).replace("Team,,Quarter", "Team,Unused,Quarter");
    let (_tmp, out) = report_on(&schema, &data);
    // Borealis (the smallest) is the complement that hides Comet in the organisation.
    assert_team_rows(&out, &["Apollo", "Dune", "Eclipse"]);
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    assert!(scores.iter().all(|r| r["level"] != "group"));
    assert!(scores
        .iter()
        .filter(|r| r["unit"] == "Borealis" || r["unit"] == "Comet")
        .all(|r| !r["suppressed"].is_empty()));
}

#[test]
fn grouped_ungrouped_and_mixed_teams_all_keep_their_rows() {
    // Empty group cells: ungrouped teams roll up straight into the organisation.
    let all_empty = reshaped(|_, _| String::new()).replace("Team,,Quarter", "Team,Group,Quarter");
    let (_t1, out) = report_on(MINI_SCHEMA_TEXT, &all_empty);
    assert_team_rows(&out, &["Apollo", "Dune", "Eclipse"]);
    // Mixed: North keeps its group, the rest have none.
    let mixed = reshaped(|_, g| {
        if g == "North" {
            g.to_string()
        } else {
            String::new()
        }
    })
    .replace("Team,,Quarter", "Team,Group,Quarter");
    let (_t2, out) = report_on(MINI_SCHEMA_TEXT, &mixed);
    assert_team_rows(&out, &["Apollo", "Dune", "Eclipse"]);
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    assert!(scores
        .iter()
        .any(|r| r["level"] == "group" && r["unit"] == "North"));
    assert!(scores
        .iter()
        .all(|r| r["level"] != "group" || r["unit"] == "North"));
}

#[test]
fn a_constant_team_keeps_its_rows() {
    // One team's own export: no team column, the schema names the team.
    let schema = MINI_SCHEMA_TEXT
        .replace("team = \"Team\"", "team = { constant = \"Apollo\" }")
        .replace("group = \"Group\"\n", "");
    let text = std::fs::read_to_string(root().join(MINI_DATA)).unwrap();
    let data: String = text
        .lines()
        .filter(|l| l.starts_with("Team") || l.starts_with("Apollo"))
        .map(|l| l.splitn(3, ',').nth(2).unwrap().to_string() + "\n")
        .collect();
    let (_tmp, out) = report_on(&schema, &data);
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    assert!(scores
        .iter()
        .any(|r| r["level"] == "team" && r["unit"] == "Apollo" && !r["mean"].is_empty()));
    let trends = read_csv(&out.join("metrics/trends.csv"));
    assert!(trends
        .iter()
        .any(|r| r["level"] == "team" && r["unit"] == "Apollo"));
}

/// README: "Rows are numbered as a spreadsheet shows them". Regression: after a quoted
/// cell spanning 3 lines in row 3, a bad label in row 5 was reported as line 7.
#[test]
fn rows_are_numbered_as_a_spreadsheet_shows_them_after_multi_line_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("q.csv");
    std::fs::write(
        &data,
        "Team,Group,Quarter,a1,a2,b1,b2,Note\n\
         Apollo,North,2025-Q1,2,2,4,5,\n\
         Apollo,North,2025-Q1,3,1,4,3,\"one\ntwo\nthree\"\n\
         Apollo,North,2025-Q1,4,3,3,3,\n\
         Apollo,North,2025-Q1,Agre,3,2,3,\n",
    )
    .unwrap();
    let o = validate(MINI_SCHEMA, &data);
    let out = text(&o.stdout);
    assert!(
        out.contains("q.csv:5: error: column D \"a1\": found \"Agre\""),
        "{out}"
    );
}

/// Regression: in a file with Windows line ends (CRLF, as most survey tools write) and
/// a blank line, every row after the header was reported one row too early (and one more
/// after the blank line). Rows here: 1 header, 2 good, 3 blank, 4 bad, 5 good, 6 bad.
#[test]
fn rows_are_numbered_alike_with_windows_line_ends_and_blank_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("q.csv");
    std::fs::write(
        &data,
        "Team,Group,Quarter,a1,a2,b1,b2\r\n\
         Apollo,North,2025-Q1,2,2,4,5\r\n\
         \r\n\
         Apollo,North,2025-Q1,Agre,1,4,3\r\n\
         Apollo,North,2025-Q1,4,3,3,3\r\n\
         Apollo,North,2025-Q1,3,9,2,3\r\n",
    )
    .unwrap();
    let o = validate(MINI_SCHEMA, &data);
    let out = text(&o.stdout);
    assert!(
        out.contains("q.csv:4: error: column D \"a1\": found \"Agre\""),
        "{out}"
    );
    assert!(
        out.contains("q.csv:6: error: column E \"a2\": found \"9\""),
        "{out}"
    );
}

/// Regression: a row with 6 of the header's cells was counted as 0 rows with errors and
/// scored by `report --skip-invalid`.
#[test]
fn skip_invalid_skips_and_counts_a_ragged_row() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("q.csv");
    let mut text_in = std::fs::read_to_string(root().join(MINI_DATA)).unwrap();
    text_in.push_str("Apollo,North,2025-Q1,5,5\n");
    std::fs::write(&data, &text_in).unwrap();
    let o = validate(MINI_SCHEMA, &data);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("1 error(s) in 1 row(s)"), "{err}");
    let out = tmp.path().join("r");
    let o = leadpulse()
        .args(["report", "--skip-invalid", "--schema", MINI_SCHEMA, "--out"])
        .arg(&out)
        .arg(&data)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("metrics/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["data_quality"]["rows_skipped"], 1, "{summary}");
    // Apollo 2025-Q1 keeps its 6 respondents: the short row is not scored.
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    let apollo = scores
        .iter()
        .find(|r| r["unit"] == "Apollo" && r["quarter"] == "2025-Q1" && r["domain"] == "Alpha")
        .unwrap();
    assert_eq!(apollo["n"], "6");
}

/// README: "Every command has `--help` with an example" (`schema` had none).
#[test]
fn every_command_has_help_with_an_example() {
    for args in [
        &["validate", "--help"][..],
        &["report", "--help"],
        &["inspect", "--help"],
        &["schema", "--help"],
        &["schema", "init", "--help"],
        &["generate", "--help"],
    ] {
        let o = leadpulse().args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}");
        assert!(
            text(&o.stdout).contains("Example:"),
            "{args:?} has no example"
        );
    }
}

/// Regression: `inspect` on a file that is not an export said "no report was written".
#[test]
fn inspect_on_a_non_export_does_not_talk_about_a_report() {
    let o = leadpulse()
        .args(["inspect", "tests/fixtures/bad/pdf-renamed.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!text(&o.stderr).contains("report"), "{}", text(&o.stderr));
}

/// README: `inspect` shows "the answer labels of label columns (in rating order when the
/// wording orders them)". Regression: the text output listed them by count.
#[test]
fn inspect_text_lists_rating_labels_in_rating_order() {
    // By count the order would be Agree (4), Strongly agree (3), Neutral (2), ...
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("q.csv");
    let answers = [
        "Agree",
        "Agree",
        "Agree",
        "Agree",
        "Strongly agree",
        "Strongly agree",
        "Strongly agree",
        "Neutral",
        "Neutral",
        "Disagree",
        "Strongly disagree",
    ];
    std::fs::write(
        &path,
        format!("Team,Q\n{}\n", answers.map(|a| format!("T,{a}")).join("\n")),
    )
    .unwrap();
    let o = leadpulse().arg("inspect").arg(&path).output().unwrap();
    let out = text(&o.stdout);
    let line = out
        .lines()
        .find(|l| l.contains("rating labels"))
        .unwrap_or_else(|| panic!("no rating column: {out}"));
    let order: Vec<usize> = [
        "Strongly disagree",
        "Disagree =",
        "Neutral",
        "Agree =",
        "Strongly agree",
    ]
    .iter()
    .filter_map(|l| line.find(l))
    .collect();
    assert!(order.len() >= 3, "{line}");
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "not in rating order: {line}"
    );
}

/// Regression: `generate --quarters 3` wrote an interventions file with only a header,
/// so the generated project's own `report` failed.
#[test]
fn a_generated_project_with_few_quarters_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    leadpulse()
        .args(["generate", "--no-xlsx", "--quarters", "3", "--out"])
        .arg(&org)
        .assert()
        .success();
    assert!(!org.join("interventions.csv").exists());
    let o = leadpulse()
        .args(["report", "--project"])
        .arg(org.join("leadpulse.toml"))
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
}
