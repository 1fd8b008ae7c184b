//! Bad input: each case checks the message, the exit code, and that no report folder
//! or partial file is left behind.

use crate::support::*;

/// Run `report` on one bad file; assert exit code, message, and an untouched folder.
fn refused(file: &str, code: i32, message: &str) {
    let (tmp, output) = mini_report(&[file], &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{file}: {stderr}");
    assert!(
        stderr.contains(message),
        "{file}: expected {message:?} in:\n{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "{file}: left behind {left:?}");
}

#[test]
fn missing_column_names_the_closest_header() {
    refused(
        "tests/fixtures/bad/missing-column.csv",
        1,
        "missing-column.csv: error: expected a column headed \"Team\" for the team; closest headers: A \"Teem\"",
    );
}

#[test]
fn unknown_answer_label_lists_the_labels_and_the_nearest() {
    refused(
        "tests/fixtures/bad/unknown-label.csv",
        1,
        "unknown-label.csv:2: error: column D \"a1\": found \"Agre\"; expected one of the scale's labels: \
         Strongly disagree, Disagree, Neutral, Agree, Strongly agree (did you mean \"Agree\"?)",
    );
}

#[test]
fn value_out_of_range() {
    refused(
        "tests/fixtures/bad/out-of-range.csv",
        1,
        "out-of-range.csv:2: error: column D \"a1\": found \"7\"; expected a score from 1 to 5",
    );
}

#[test]
fn empty_file() {
    refused(
        "tests/fixtures/bad/empty.csv",
        1,
        "empty.csv: error: expected a header row naming the columns, but the file is empty",
    );
}

#[test]
fn header_only() {
    refused(
        "tests/fixtures/bad/header-only.csv",
        1,
        "header-only.csv: error: expected at least one response below the header row",
    );
}

#[test]
fn duplicate_header() {
    refused(
        "tests/fixtures/bad/duplicate-header.csv",
        1,
        "but the header appears 2 times (columns D, E); name it by `position` in the schema",
    );
}

#[test]
fn pdf_renamed_to_csv() {
    refused("tests/fixtures/bad/pdf-renamed.csv", 1, "pdf-renamed.csv: error: expected a CSV or TSV text export, but this file is a PDF document");
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let (_tmp, output) = mini_report(&["tests/fixtures/bad/several-problems.csv"], &[]);
    let stderr = text(&output.stderr);
    for row in 2..=5 {
        assert!(
            stderr.contains(&format!("several-problems.csv:{row}: error")),
            "row {row}:\n{stderr}"
        );
    }
    assert!(stderr.contains("4 error(s) in 4 row(s)"));
}

#[test]
fn truncated_xlsx() {
    // Cut the sample workbook in half: the zip's central directory is gone.
    let tmp = tempfile::tempdir().unwrap();
    let bytes =
        std::fs::read(root().join("sample-data/responses/team-health-2026-Q3.xlsx")).unwrap();
    let cut = tmp.path().join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = tmp.path().join("report");
    let output = leadpulse()
        .args(["report", "--schema", "schemas/team-health.toml", "--out"])
        .arg(&out)
        .arg(&cut)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr
            .contains("cut.xlsx: error: expected a readable workbook, but it could not be opened"),
        "{stderr}"
    );
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "only the input file remains"
    );
}

#[test]
fn non_utf8_text_is_read_as_windows_1252_with_a_warning() {
    // One respondent: the report is written (with a warning) and the team name keeps
    // its accent; the team itself is suppressed (1 < 5), so look at participation.
    let (tmp, output) = mini_report(
        &["tests/fixtures/bad/windows-1252.csv"],
        &["--min-group-size", "3"],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("windows-1252.csv: warning: expected UTF-8 text; the file is not valid UTF-8, so it was read as Windows-1252"));
    let part = read_csv(&tmp.path().join("report/metrics/participation.csv"));
    assert!(part.iter().any(|r| r["unit"] == "Café"), "{part:?}");
}

#[test]
fn schema_errors_are_all_listed_with_a_usage_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let output = leadpulse()
        .args([
            "report",
            "--schema",
            "tests/fixtures/bad/bad-schema.toml",
            "--out",
        ])
        .arg(tmp.path().join("r"))
        .arg(MINI_DATA)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    for expected in [
        "has 7 problem(s)",
        "scale: min (5) must be below max (5)",
        "item \"a1\" is defined twice",
        "item \"b1\": unknown domain \"gamma\" (known domains: alpha, beta)",
    ] {
        assert!(stderr.contains(expected), "{expected}:\n{stderr}");
    }
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn missing_data_file_is_an_io_error() {
    refused(
        "tests/fixtures/bad/no-such-file.csv",
        3,
        "data file tests/fixtures/bad/no-such-file.csv does not exist",
    );
}

#[test]
fn unwritable_output_is_an_io_error_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("file");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let output = leadpulse()
        .args(["report", "--schema", MINI_SCHEMA, "--out"])
        .arg(blocker.join("report"))
        .arg(MINI_DATA)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("file"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn hostile_text_is_escaped_in_html_and_neutralised_in_csv() {
    let (tmp, output) = mini_report(
        &["tests/fixtures/bad/hostile-text.csv"],
        &["--min-group-size", "3"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let dir = tmp.path().join("report");
    let html = text(&std::fs::read(dir.join("index.html")).unwrap());
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;")
    );
    let raw = text(&std::fs::read(dir.join("metrics/participation.csv")).unwrap());
    assert!(raw.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{raw}");
}

#[test]
fn file_truncated_inside_a_quoted_field() {
    refused(
        "tests/fixtures/bad/truncated-quote.csv",
        1,
        "truncated-quote.csv: error: expected every quoted field to be closed, but a quote opened on line 3 is never closed (is the file truncated?)",
    );
}

#[test]
fn workbook_that_is_a_zip_of_something_else() {
    refused(
        "tests/fixtures/bad/not-a-workbook.xlsx",
        1,
        "not-a-workbook.xlsx: error: expected a readable workbook, but it could not be opened",
    );
}

#[test]
fn undecidable_date_order_is_an_error_naming_the_fix() {
    let output = leadpulse()
        .args([
            "validate",
            "--schema",
            "tests/fixtures/mini/dated-schema.toml",
            "tests/fixtures/bad/ambiguous-dates.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("column C \"Submitted\": expected dates whose day-month order can be told"),
        "{stdout}"
    );
    assert!(
        stdout.contains("set columns.date_order = \"mdy\" or \"dmy\" in the schema"),
        "{stdout}"
    );
}

#[test]
fn workbook_declaring_a_huge_dimension_is_read_by_its_real_cells() {
    // The sample workbook with <dimension ref="A1:XFD1048576"/>: reading must not size
    // anything by the declared range (peak memory is recorded in BENCHMARKS.md).
    let output = leadpulse()
        .args([
            "validate",
            "--schema",
            "schemas/team-health.toml",
            "tests/fixtures/bad/huge-dimension.xlsx",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert!(text(&output.stderr).starts_with("checked 1 file(s), 57 row(s): 0 error(s)"));
}

#[test]
fn a_single_fifty_megabyte_line_is_reported_shortened() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("long.csv");
    let mut body = String::from("Team,Group,Quarter,a1,a2,b1,b2\nApollo,North,2025-Q1,");
    body.push_str(&"x".repeat(50 * 1024 * 1024));
    body.push_str(",3,3,3\n");
    std::fs::write(&path, body).unwrap();
    let output = validate(MINI_SCHEMA, &path);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(&format!("column D \"a1\": found \"{}...\"", "x".repeat(80))),
        "{}",
        &stdout[..200.min(stdout.len())]
    );
    assert!(stdout.len() < 2000, "the 50 MB value is not echoed");
}

#[test]
fn a_named_sheet_is_read_and_a_missing_one_lists_the_sheets() {
    let book = "sample-data/responses/team-health-2026-Q3.xlsx";
    let output = leadpulse()
        .args([
            "validate",
            "--schema",
            "schemas/team-health.toml",
            "--sheet",
            "form responses 1",
            book,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let output = leadpulse()
        .args([
            "validate",
            "--schema",
            "schemas/team-health.toml",
            "--sheet",
            "Summary",
            book,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains(
        "expected a sheet named \"Summary\", but the workbook has: \"Form Responses 1\""
    ));
}

#[test]
fn password_protected_workbook_says_so() {
    // An encrypted .xlsx is an OLE compound file: its first 8 bytes are D0 CF 11 E0 A1 B1 1A E1.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("locked.xlsx");
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(4096, 0);
    std::fs::write(&path, bytes).unwrap();
    let output = validate(MINI_SCHEMA, &path);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("locked.xlsx: error: expected an .xlsx workbook, but this file is password-protected (encrypted)"));
}
