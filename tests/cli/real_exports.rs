//! Real survey-tool exports (tests/fixtures/real, licences in tests/fixtures/README.md):
//! `inspect` detects each layout, and `schema init` followed by `validate` works.
//!
//! Expected counts and dates were taken independently with Python's csv module
//! (`csv.reader`, skipping the header rows the tool writes and blank rows) and, for the
//! workbooks, by counting `<row>` elements with content in the sheet XML; date ranges by
//! `datetime.strptime` over the raw cells (e.g. `%m/%d/%y %H:%M` for SurveyMonkey).

use crate::support::*;

struct Case {
    file: &'static str,
    tool: &'static str,
    encoding: Option<&'static str>,
    header_rows: u64,
    responses: u64,
    /// (header, earliest, latest) of one date column.
    dates: Option<(&'static str, &'static str, &'static str)>,
}

const CASES: &[Case] = &[
    Case {
        file: "qualtrics/sample.csv",
        tool: "Qualtrics",
        encoding: Some("UTF-8"),
        header_rows: 3,
        responses: 1,
        dates: Some(("StartDate", "2017-07-18T08:28:09", "2017-07-18T08:28:09")),
    },
    Case {
        file: "qualtrics/No_Basis_for_Evaluation (Insights).csv",
        tool: "Qualtrics",
        encoding: Some("UTF-8"),
        header_rows: 3,
        responses: 15,
        dates: Some(("StartDate", "2016-06-24T14:27:08", "2016-06-24T14:27:10")),
    },
    Case {
        file: "qualtrics/No_Basis_for_Evaluation (Legacy).csv",
        tool: "Qualtrics (legacy export)",
        encoding: Some("UTF-8 (with BOM)"),
        header_rows: 2,
        responses: 15,
        // The legacy file's times are 2 hours earlier than the Insights file's.
        dates: Some(("StartDate", "2016-06-24T12:27:08", "2016-06-24T12:27:10")),
    },
    Case {
        file: "surveymonkey/StarWars.csv",
        tool: "SurveyMonkey",
        encoding: Some("windows-1252"),
        header_rows: 2,
        responses: 1186,
        dates: None,
    },
    Case {
        file: "surveymonkey/sleeping-alone-data.csv",
        tool: "SurveyMonkey",
        encoding: Some("windows-1252"),
        header_rows: 2,
        responses: 1093,
        // Every date is 7/9/14 or 7/10/14: the day-month order cannot be told (see below).
        dates: None,
    },
    Case {
        file: "typeform/osmi-tech-survey-2016-report-20160402.csv",
        tool: "Typeform",
        encoding: Some("UTF-8"),
        header_rows: 1,
        responses: 1076,
        dates: Some((
            "Start Date (UTC)",
            "2016-03-14T13:54:17",
            "2016-04-02T20:00:04",
        )),
    },
    Case {
        file: "google-forms/2019 Spanish R Community Survey Responses.tsv",
        tool: "Google Forms",
        encoding: Some("UTF-8"),
        header_rows: 1,
        responses: 338,
        dates: Some(("Timestamp", "2019-12-13T12:02:32", "2020-01-09T20:30:20")),
    },
    Case {
        file: "google-forms/2019 Spanish R Community Survey Responses.xlsx",
        tool: "Google Forms",
        encoding: None,
        header_rows: 1,
        responses: 338,
        // Excel serial 43812.501759189814 is 2019-12-13 12:02:32 (as in the TSV).
        dates: Some(("Timestamp", "2019-12-13T12:02:32", "2020-01-09T20:30:20")),
    },
    Case {
        file: "kobotoolbox/transportation_export.xlsx",
        tool: "KoboToolbox",
        encoding: None,
        header_rows: 1,
        responses: 4,
        dates: Some((
            "_submission_time",
            "2013-02-14T15:37:21",
            "2013-02-14T15:37:24",
        )),
    },
];

fn path(case: &Case) -> String {
    format!("tests/fixtures/real/{}", case.file)
}

#[test]
fn inspect_detects_layout_encoding_header_rows_responses_and_dates() {
    for case in CASES {
        let output = leadpulse()
            .args(["inspect", "--format", "json", &path(case)])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            case.file,
            text(&output.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(v["tool"], case.tool, "{}", case.file);
        assert_eq!(v["header_rows"], case.header_rows, "{}", case.file);
        assert_eq!(v["responses"], case.responses, "{}", case.file);
        match case.encoding {
            Some(e) => assert_eq!(v["encoding"], e, "{}", case.file),
            None => assert!(v["encoding"].is_null(), "{}", case.file),
        }
        if let Some((header, earliest, latest)) = case.dates {
            let col = v["columns"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["header"] == header)
                .unwrap_or_else(|| panic!("{}: no column {header}", case.file));
            assert_eq!(col["type"], "date", "{}", case.file);
            assert_eq!(col["earliest"], earliest, "{}", case.file);
            assert_eq!(col["latest"], latest, "{}", case.file);
        }
    }
}

#[test]
fn schema_init_then_validate_works_on_every_real_export() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, case) in CASES.iter().enumerate() {
        let draft = tmp.path().join(format!("draft-{i}.toml"));
        let output = leadpulse()
            .args([
                "schema",
                "init",
                "--quarter",
                "2024-Q3",
                "--from",
                &path(case),
                "--out",
            ])
            .arg(&draft)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            case.file,
            text(&output.stderr)
        );
        let output = leadpulse()
            .args(["validate", "--schema"])
            .arg(&draft)
            .arg(path(case))
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}:\n{}",
            case.file,
            text(&output.stdout)
        );
    }
}

#[test]
fn schema_init_orders_a_favourability_scale_and_marks_guesses() {
    let output = leadpulse()
        .args([
            "schema",
            "init",
            "--quarter",
            "2024-Q3",
            "--from",
            "tests/fixtures/real/surveymonkey/StarWars.csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let draft = text(&output.stdout);
    assert!(draft.contains("\"Very unfavorably\" = 1"), "{draft}");
    assert!(draft.contains("\"Very favorably\" = 5"), "{draft}");
    assert!(
        draft.contains("missing = [\"Unfamiliar (N/A)\"]"),
        "{draft}"
    );
    assert!(
        draft.contains("team = { constant = \"All respondents\" }"),
        "{draft}"
    );
    assert!(draft.contains("# CONFIRM"), "{draft}");
    assert!(draft.contains("- Han Solo\""), "{draft}");
}

#[test]
fn schema_init_matches_team_health_items_by_header_text() {
    // The sample data's own export: every item of the instrument is found by header.
    let output = leadpulse()
        .args([
            "schema",
            "init",
            "--from",
            "sample-data/responses/team-health-2025-Q1.csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let draft = text(&output.stdout);
    assert_eq!(draft.matches("[[items]]").count(), 24, "{draft}");
    assert!(
        draft.contains(
            "id = \"PS3\"\ndomain = \"psychological_safety\"\nheader = \"If I make a mistake"
        ),
        "{draft}"
    );
    assert!(draft.contains("team = \"Team\""), "{draft}");
    assert!(draft.contains("timestamp = \"Submitted\""), "{draft}");
    assert!(draft.contains("date_order = \"mdy\""), "{draft}");
    assert!(!draft.contains("Instrument items not found"), "{draft}");
}

#[test]
fn inspect_of_a_non_survey_file_fails_with_the_reason() {
    let output = leadpulse()
        .args(["inspect", "tests/fixtures/bad/pdf-renamed.csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("this file is a PDF document"));
}

#[test]
fn dates_that_read_both_ways_are_reported_not_guessed() {
    // sleeping-alone-data.csv holds only 7/9/14 and 7/10/14 (July 9 and 10, 2014, by
    // its source), which read as September/October too.
    let output = leadpulse()
        .args([
            "inspect",
            "--format",
            "json",
            "tests/fixtures/real/surveymonkey/sleeping-alone-data.csv",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let start = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == "StartDate")
        .unwrap();
    assert_eq!(start["day_month_order"], "undecidable");
    assert!(start["earliest"].is_null());
    let human = leadpulse()
        .args([
            "inspect",
            "tests/fixtures/real/surveymonkey/sleeping-alone-data.csv",
        ])
        .output()
        .unwrap();
    assert!(text(&human.stdout).contains("StartDate"));
    assert!(text(&human.stdout)
        .contains("date M/D/YY H:MM (day-month order cannot be told from the data)"));
}

#[test]
fn checkbox_questions_of_real_exports_validate() {
    // Qualtrics "Check all statements you agree with": one column per option, 1 or blank,
    // named by the question text of the second header row. KoboToolbox's
    // select_multiple: one cell of space-separated codes.
    let tmp = tempfile::tempdir().unwrap();
    let qualtrics = tmp.path().join("q.toml");
    std::fs::write(
        &qualtrics,
        r#"[instrument]
name = "squash"
[scale]
min = 1
max = 5
[columns]
team = { constant = "All" }
timestamp = "StartDate"
[[checkboxes]]
id = "agree"
options = ["Squash are great", "Squash are tolerable", "Squash cause me anguish"]
columns = [
  "Check all statements you agree with-Squash are great",
  "Check all statements you agree with-Squash are tolerable",
  "Check all statements you agree with-Squash cause me anguish",
]
"#,
    )
    .unwrap();
    let output = validate(
        qualtrics.to_str().unwrap(),
        "tests/fixtures/real/qualtrics/No_Basis_for_Evaluation (Insights).csv",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    // 18 lines, 3 of them header rows: 15 responses, every tick read.
    assert!(
        text(&output.stderr).contains("15 row(s): 0 error(s)"),
        "{}",
        text(&output.stderr)
    );

    let kobo = tmp.path().join("k.toml");
    std::fs::write(
        &kobo,
        r#"[instrument]
name = "transport"
[scale]
min = 1
max = 5
[columns]
team = { constant = "All" }
timestamp = "_submission_time"
[[checkboxes]]
id = "types"
options = ["ambulance", "bicycle", "boat_canoe", "bus", "donkey_mule_cart", "keke_pepe", "lorry", "motorbike", "taxi", "other", "none"]
header = "transport/available_transportation_types_to_referral_facility"
"#,
    )
    .unwrap();
    let output = validate(
        kobo.to_str().unwrap(),
        "tests/fixtures/real/kobotoolbox/transportation_export.xlsx",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    // The sheet has 5 rows (`<row` elements of sheet1.xml), one of them the header.
    assert!(
        text(&output.stderr).contains("4 row(s): 0 error(s)"),
        "{}",
        text(&output.stderr)
    );
}
