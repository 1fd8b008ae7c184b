//! The hand-kept trend sheet: quarter labels, an aggregated shape without respondent
//! counts ("n unknown"), the Overall check, and the report's words on it.

use crate::support::*;

const SHEET: &str = "tests/fixtures/hand-kept/trend-sheet.csv";
const FISCAL: &str = "tests/fixtures/hand-kept/fiscal-sheet.csv";

/// `schema init` on `file`, written into `dir`; returns the draft's path and text.
fn draft(dir: &std::path::Path, file: &str) -> (std::path::PathBuf, String) {
    let path = dir.join("schema.toml");
    let output = leadpulse()
        .args(["schema", "init", "--from", file, "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn inspect_sees_quarter_labels_and_an_aggregated_sheet_without_counts() {
    let output = leadpulse().args(["inspect", SHEET]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out = text(&output.stdout);
    assert!(
        out.contains("quarter labels (3 distinct), 2024-Q1 to 2024-Q3"),
        "{out}"
    );
    assert!(
        out.contains(
            "shape: aggregated scores: a mean per domain of team-health in 6 of its 6 domains"
        ),
        "{out}"
    );
    assert!(out.contains("no respondent counts (n unknown)"), "{out}");
    let json = leadpulse()
        .args(["inspect", "--format", "json", SHEET])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["shape"]["kind"], "aggregated");
    assert_eq!(value["columns"][0]["type"], "quarter");
}

#[test]
fn fiscal_labels_are_recognised_and_named_as_such() {
    let output = leadpulse().args(["inspect", FISCAL]).output().unwrap();
    let out = text(&output.stdout);
    assert!(
        out.contains("fiscal labels read for a January start"),
        "{out}"
    );
}

#[test]
fn the_draft_is_an_aggregated_schema_that_validates_without_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let (schema, text_of) = draft(tmp.path(), SHEET);
    assert!(
        text_of.contains("team = { constant = \"My team\" }"),
        "{text_of}"
    );
    assert!(text_of.contains("quarter = \"Quarter\""), "{text_of}");
    assert!(text_of.contains("respondents_unknown = true"), "{text_of}");
    assert_eq!(text_of.matches("[[domains]]").count(), 6, "{text_of}");
    assert!(!text_of.contains("[[items]]"), "{text_of}");
    let output = validate(schema.to_str().unwrap(), SHEET);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
}

#[test]
fn the_report_says_every_domain_improved_and_which_most() {
    let tmp = tempfile::tempdir().unwrap();
    let (schema, _) = draft(tmp.path(), SHEET);
    let out = tmp.path().join("report");
    let output = leadpulse()
        .args(["report", "--schema"])
        .arg(&schema)
        .arg("--out")
        .arg(&out)
        .arg(SHEET)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // Slopes by hand (least squares over t = 0, 1, 2 is (last - first) / 2):
    // Communication (3.4 - 2.5) / 2 = 0.45, Growth & Development (3.2 - 2.3) / 2 = 0.45,
    // Psychological Safety 0.35, Technical Excellence and Goal Alignment 0.20,
    // Operational Excellence 0.10. Every change is above the fixed 0.05 step.
    let trends = read_csv(&out.join("metrics/trends.csv"));
    let team: Vec<_> = trends.iter().filter(|r| r["level"] == "team").collect();
    assert_eq!(team.len(), 7, "six domains and Overall");
    for row in &team {
        assert_eq!(row["status"], "improving", "{row:?}");
    }
    let slope = |d: &str| -> f64 {
        team.iter().find(|r| r["domain"] == d).unwrap()["slope_per_quarter"]
            .parse()
            .unwrap()
    };
    close(slope("Communication"), 0.45, 1e-9);
    close(slope("Growth & Development"), 0.45, 1e-9);
    close(slope("Psychological Safety"), 0.35, 1e-9);
    close(slope("Operational Excellence"), 0.10, 1e-9);
    let stderr = text(&output.stderr);
    let improving = stderr
        .lines()
        .find(|l| l.contains("Every domain improved."))
        .unwrap_or_else(|| panic!("{stderr}"));
    let comm = improving.find("Communication (+0.45 a quarter").unwrap();
    let growth = improving
        .find("Growth & Development (+0.45 a quarter")
        .unwrap();
    let safety = improving.find("Psychological Safety (+0.35").unwrap();
    assert!(comm < growth && growth < safety, "{improving}");
    assert!(
        stderr.contains("changes in others needs more than one team: this report has one"),
        "{stderr}"
    );
    // n unknown: no n, sd or interval in the table; the page says the rule was unchecked.
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    let rows: Vec<_> = scores.iter().filter(|r| r["unit"] == "My team").collect();
    assert_eq!(rows.len(), 3 * 7);
    for r in &rows {
        assert!(
            r["n"].is_empty() && r["sd"].is_empty() && r["ci_low"].is_empty(),
            "{r:?}"
        );
        assert!(r["suppressed"].is_empty() && !r["mean"].is_empty(), "{r:?}");
    }
    let overall = rows
        .iter()
        .find(|r| r["quarter"] == "2024-Q1" && r["domain"] == "Overall")
        .unwrap();
    // (2.8 + 3.2 + 2.5 + 3.0 + 2.3 + 3.5) / 6 = 17.3 / 6 = 2.8833.
    assert_eq!(overall["mean"], "2.8833");
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        page.contains("The minimum-group rule (5 respondents) could not be checked for them"),
        "n unknown note"
    );
    assert!(page.contains("n unknown"));
}

#[test]
fn a_given_overall_that_is_not_the_mean_of_the_domains_is_a_warning_naming_the_row() {
    let tmp = tempfile::tempdir().unwrap();
    let (schema, text_of) = draft(tmp.path(), FISCAL);
    assert!(text_of.contains("fiscal_year_start = 1"), "{text_of}");
    // The team's fiscal year starts in July: FY24 runs July 2023 to June 2024.
    std::fs::write(
        &schema,
        text_of.replace("fiscal_year_start = 1", "fiscal_year_start = 7"),
    )
    .unwrap();
    let output = validate(schema.to_str().unwrap(), FISCAL);
    assert_eq!(output.status.code(), Some(0), "a warning does not fail");
    let out = text(&output.stdout);
    // Row 3 (the second data row): (3.1 + 3.4 + 3.0 + 3.2 + 2.8 + 3.6) / 6 = 3.1833; with
    // one decimal, rounding explains at most 0.1 of difference; 3.6 is 0.42 away.
    assert!(out.contains("fiscal-sheet.csv:3: warning:"), "{out}");
    assert!(
        out.contains("found \"3.6\"; expected the mean of the domains, 3.18"),
        "{out}"
    );
    assert_eq!(
        out.lines().count(),
        1,
        "rows 2 and 4 are within rounding: {out}"
    );
    let report = tmp.path().join("report");
    let output = leadpulse()
        .args(["report", "--schema"])
        .arg(&schema)
        .arg("--out")
        .arg(&report)
        .arg(FISCAL)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let scores = read_csv(&report.join("metrics/domain_scores.csv"));
    let quarters: std::collections::BTreeSet<&str> =
        scores.iter().map(|r| r["quarter"].as_str()).collect();
    assert_eq!(
        quarters.into_iter().collect::<Vec<_>>(),
        ["2023-Q3", "2023-Q4", "2024-Q1"]
    );
}

#[test]
fn a_schema_cannot_give_counts_and_say_they_are_unknown() {
    let tmp = tempfile::tempdir().unwrap();
    let (schema, text_of) = draft(tmp.path(), SHEET);
    std::fs::write(
        &schema,
        text_of.replace(
            "respondents_unknown = true",
            "respondents_unknown = true\nrespondents = \"N\"",
        ),
    )
    .unwrap();
    let output = validate(schema.to_str().unwrap(), SHEET);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("not both"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn rows_without_counts_stay_out_of_roll_ups_that_have_counts() {
    // The mini survey's teams answer as respondents; team Zeus comes from a hand-kept
    // sheet without counts. The organisation's scores must be those of the respondents
    // alone, byte for byte, and Zeus is shown with n unknown.
    let tmp = tempfile::tempdir().unwrap();
    let schema = std::fs::read_to_string(root().join(MINI_SCHEMA)).unwrap();
    let schema_path = tmp.path().join("schema.toml");
    let unknown = schema.replace(
        "respondents = \"Respondents\"",
        "respondents_unknown = true",
    );
    assert_ne!(unknown, schema);
    std::fs::write(&schema_path, unknown).unwrap();
    let sheet = tmp.path().join("zeus.csv");
    std::fs::write(
        &sheet,
        "Team,Group,Quarter,Alpha,Beta\nZeus,North,2025-Q1,1.5,1.5\n",
    )
    .unwrap();
    let run = |data: &[&std::path::Path], out: &std::path::Path| {
        let output = leadpulse()
            .args(["report", "--schema"])
            .arg(&schema_path)
            .arg("--out")
            .arg(out)
            .args(data)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        read_csv(&out.join("metrics/domain_scores.csv"))
    };
    let good = root().join(MINI_DATA);
    let with = run(&[&good, &sheet], &tmp.path().join("with"));
    let without = run(&[&good], &tmp.path().join("without"));
    let org = |rows: &[std::collections::BTreeMap<String, String>]| -> Vec<_> {
        rows.iter()
            .filter(|r| r["level"] != "team")
            .cloned()
            .collect()
    };
    assert_eq!(org(&with), org(&without));
    let zeus: Vec<_> = with.iter().filter(|r| r["unit"] == "Zeus").collect();
    assert!(!zeus.is_empty());
    for r in zeus {
        assert_eq!(r["mean"], "1.5000");
        assert!(r["n"].is_empty() && r["suppressed"].is_empty(), "{r:?}");
    }
}
