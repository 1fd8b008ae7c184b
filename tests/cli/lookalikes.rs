//! Look-alike exports for tools whose real samples may not be copied here (LimeSurvey's
//! is GPL, Microsoft Forms' have no licence): small files written for these tests that
//! reproduce the quirks described for the real ones.

use rust_xlsxwriter::{ExcelDateTime, Format, Table, TableColumn, Workbook};

use crate::support::*;

const LIMESURVEY: &str = "tests/fixtures/lookalike/limesurvey-r-data.csv";

#[test]
fn limesurvey_lookalike_is_recognised_and_its_entity_headers_match() {
    let output = leadpulse()
        .args(["inspect", "--format", "json", LIMESURVEY])
        .output()
        .unwrap();
    assert!(output.status.success());
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["tool"], "LimeSurvey");
    assert_eq!(v["encoding"], "UTF-8 (with BOM)");
    assert_eq!(v["responses"], 3);
    // A schema naming the decoded header finds "[1:1s &amp; reviews]", and a tab inside
    // a header compares as a space.
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("s.toml");
    std::fs::write(
        &schema,
        r#"[instrument]
name = "lime"
[scale]
min = 1
max = 5
[scale.labels]
"Disagree" = 2
"Neither agree nor disagree" = 3
"Agree" = 4
"Strongly agree" = 5
[columns]
team = "Team"
timestamp = "Date started"
[[domains]]
id = "safety"
name = "Safety"
[[items]]
id = "s1"
domain = "safety"
header = "I feel safe to speak up [Meetings]"
[[items]]
id = "s2"
domain = "safety"
header = "I feel safe to speak up [1:1s & reviews]"
[[items]]
id = "git"
domain = "safety"
header = "Tools used [Git]"
"#,
    )
    .unwrap();
    let output = leadpulse()
        .args(["validate", "--schema"])
        .arg(&schema)
        .arg(LIMESURVEY)
        .output()
        .unwrap();
    // Git is 1/0 (multi-select), which is out of the 1-5 range for the unfinished row 3
    // ("0"): every problem names that cell; the headers themselves were all found.
    let stdout = text(&output.stdout);
    assert!(!stdout.contains("expected a column headed"), "{stdout}");
    assert!(
        stdout.contains("column M \"Tools used [Git]\": found \"0\""),
        "{stdout}"
    );
}

#[test]
fn limesurvey_lookalike_schema_init_then_validate() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("d.toml");
    leadpulse()
        .args(["schema", "init", "--from", LIMESURVEY, "--out"])
        .arg(&draft)
        .assert()
        .success();
    let body = std::fs::read_to_string(&draft).unwrap();
    assert!(
        !body.contains("header = \"Last page\""),
        "bookkeeping column taken as an item:\n{body}"
    );
    leadpulse()
        .args(["validate", "--schema"])
        .arg(&draft)
        .arg(LIMESURVEY)
        .assert()
        .success();
}

/// A Microsoft Forms quiz-style export: an Excel Table, serial dates styled
/// `m/d/yy h:mm:ss`, hyperlinked e-mail cells, and `Points - ` / `Feedback - ` columns.
fn write_ms_forms(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let headers = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Total points",
        "Quiz feedback",
        "Our team's priorities are clear.",
        "Points - Our team's priorities are clear.",
        "Feedback - Our team's priorities are clear.",
        "Team",
    ];
    let date = Format::new().set_num_format("m/d/yy h:mm:ss");
    let answers = ["Agree", "Strongly agree", "Disagree"];
    for (r, answer) in answers.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_number(row, 0, (r + 1) as f64).unwrap();
        let start = ExcelDateTime::from_ymd(2024, 3, 14 + r as u8)
            .unwrap()
            .and_hms(9, 5, 30)
            .unwrap();
        let end = ExcelDateTime::from_ymd(2024, 3, 14 + r as u8)
            .unwrap()
            .and_hms(9, 9, 2)
            .unwrap();
        sheet
            .write_datetime_with_format(row, 1, &start, &date)
            .unwrap();
        sheet
            .write_datetime_with_format(row, 2, &end, &date)
            .unwrap();
        sheet
            .write_url(row, 3, format!("mailto:test{r}@test.com").as_str())
            .unwrap();
        sheet.write_string(row, 4, format!("Test {r}")).unwrap();
        sheet.write_string(row, 7, *answer).unwrap();
        sheet.write_string(row, 10, "Core").unwrap();
    }
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| TableColumn::new().set_header(*h))
        .collect();
    sheet
        .add_table(
            0,
            0,
            3,
            (headers.len() - 1) as u16,
            &Table::new().set_columns(&columns),
        )
        .unwrap();
    wb.save(path).unwrap();
}

#[test]
fn microsoft_forms_lookalike_reads_dates_tables_and_links() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("forms.xlsx");
    write_ms_forms(&path);
    let output = leadpulse()
        .args(["inspect", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["tool"], "Microsoft Forms");
    assert_eq!(v["responses"], 3);
    let start = &v["columns"][1];
    assert_eq!(start["header"], "Start time");
    assert_eq!(start["earliest"], "2024-03-14T09:05:30");
    assert_eq!(start["latest"], "2024-03-16T09:05:30");
    assert_eq!(
        v["columns"][3]["type"], "text",
        "hyperlinked e-mails read as their text"
    );

    let draft = tmp.path().join("d.toml");
    leadpulse()
        .args(["schema", "init", "--from"])
        .arg(&path)
        .arg("--out")
        .arg(&draft)
        .assert()
        .success();
    let body = std::fs::read_to_string(&draft).unwrap();
    assert!(
        body.contains("id = \"GA2\""),
        "the team-health item is matched by its text:\n{body}"
    );
    assert!(body.contains("timestamp = \"Completion time\""), "{body}");
    leadpulse()
        .args(["validate", "--schema"])
        .arg(&draft)
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn excel_1904_date_system_is_honoured() {
    // tests/fixtures/excel/date1904.xlsx is date1900.xlsx (an earlier sample 2026-Q3
    // workbook) with `date1904="1"` added to workbook.xml: the same serial numbers now count from
    // 1904-01-01, 1,462 days later than in the 1900 system (Excel's documented offset).
    // The sample's first response, 2026-08-01 08:24:35, therefore reads 2030-08-02.
    let output = leadpulse()
        .args([
            "inspect",
            "--format",
            "json",
            "tests/fixtures/excel/date1904.xlsx",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["columns"][1]["header"], "Submitted");
    assert_eq!(v["columns"][1]["earliest"], "2030-08-02T08:24:35");
    let plain = leadpulse()
        .args([
            "inspect",
            "--format",
            "json",
            "tests/fixtures/excel/date1900.xlsx",
        ])
        .output()
        .unwrap();
    let p: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(p["columns"][1]["earliest"], "2026-08-01T08:24:35");
}

#[test]
fn old_excel_and_opendocument_workbooks_are_read() {
    // mini.xls (written with xlwt) and mini.ods (odfpy) hold the first 12 responses of
    // tests/fixtures/mini/good.csv, answers as numbers, on a sheet named "Responses".
    for file in [
        "tests/fixtures/excel/mini.xls",
        "tests/fixtures/excel/mini.ods",
    ] {
        let output = validate(MINI_SCHEMA, file);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{file}: {}",
            text(&output.stdout)
        );
        assert_eq!(
            text(&output.stderr),
            "checked 1 file(s), 12 row(s): 0 error(s) in 0 row(s), 0 warning(s)\n",
            "{file}"
        );
        let output = leadpulse()
            .args(["inspect", "--format", "json", file])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(v["format"], "workbook, sheet \"Responses\"", "{file}");
        assert_eq!(v["columns"][0]["header"], "Team", "{file}");
    }
}
