//! `leadpulse validate`: problems on stdout, a summary on stderr, and the exit codes.

use crate::support::*;

#[test]
fn clean_data_exits_zero_with_a_summary_on_stderr() {
    let output = leadpulse()
        .args(["validate", "--schema", MINI_SCHEMA, MINI_DATA])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    assert_eq!(
        text(&output.stderr),
        "checked 1 file(s), 81 row(s): 0 error(s) in 0 row(s), 0 warning(s)\n"
    );
}

#[test]
fn data_problems_exit_one_and_go_to_stdout() {
    let output = leadpulse()
        .args([
            "validate",
            "--schema",
            MINI_SCHEMA,
            "tests/fixtures/bad/out-of-range.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "tests/fixtures/bad/out-of-range.csv:2: error: column D \"a1\": found \"7\"; \
         expected a score from 1 to 5, an answer label, or a no-answer code\n"
    );
}

#[test]
fn json_format_lists_every_problem_with_its_address() {
    let output = leadpulse()
        .args([
            "validate",
            "--format",
            "json",
            "--schema",
            MINI_SCHEMA,
            "tests/fixtures/bad/several-problems.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["errors"], 4);
    let first = &v["problems"][0];
    assert_eq!(first["file"], "tests/fixtures/bad/several-problems.csv");
    assert_eq!(first["row"], 2);
    assert_eq!(first["column"], "D \"a1\"");
    assert_eq!(first["value"], "Agre");
    assert_eq!(first["severity"], "error");
    assert!(first["expected"]
        .as_str()
        .unwrap()
        .contains("did you mean \"Agree\"?"));
}

#[test]
fn usage_error_exits_two() {
    let output = leadpulse()
        .args(["validate", "--schema", MINI_SCHEMA])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = leadpulse()
        .args([
            "validate",
            "--schema",
            "tests/fixtures/bad/bad-schema.toml",
            MINI_DATA,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn unreadable_file_exits_three_naming_the_path() {
    let output = leadpulse()
        .args([
            "validate",
            "--schema",
            "tests/fixtures/mini/nope.toml",
            MINI_DATA,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(text(&output.stderr).contains("tests/fixtures/mini/nope.toml"));
}

#[test]
fn sample_data_validates_clean() {
    let output = leadpulse()
        .args([
            "validate",
            "--schema",
            "schemas/team-health.toml",
            "sample-data/responses",
            "sample-data/aggregated",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert!(text(&output.stderr).starts_with("checked 9 file(s)"));
}

#[test]
fn validate_with_a_project_checks_its_side_files_too() {
    let ok = leadpulse()
        .args(["validate", "--project", "sample-data/leadpulse.toml"])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(
        text(&ok.stderr).contains(" 0 error(s) in 0 row(s)"),
        "{}",
        text(&ok.stderr)
    );

    let (tmp, project) = sample_project(
        &[(
            "interventions.csv",
            "Team,Intervention,Start\nNowhere,Pairing,2025-07-01\n",
        )],
        "[interventions]\nfiles = [\"interventions.csv\"]\n",
    );
    let bad = leadpulse()
        .args(["validate", "--project"])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let file = tmp.path().join("interventions.csv").display().to_string();
    assert!(
        text(&bad.stdout).contains(&format!(
            "{file}:2: error: column A \"Team\": found \"Nowhere\""
        )),
        "{}",
        text(&bad.stdout)
    );
}
