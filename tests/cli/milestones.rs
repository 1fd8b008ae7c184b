//! Team milestone checklists: both checkbox layouts of the sample, and unknown ticks.

use crate::support::*;

#[test]
fn sample_checklists_in_two_layouts_give_monthly_completion() {
    // Year 1 is a CSV with one cell per category listing ticked items; year 2 a workbook
    // with a column per item ticked with a check mark. The generator never ticks
    // "Documentation day held".
    let (_tmp, out) = sample_report();
    let rows = read_csv(&out.join("metrics/milestones.csv"));
    let months: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["month"].as_str()).collect();
    assert_eq!(months.len(), 24, "2024-10 to 2026-09");
    assert!(months.contains("2024-10") && months.contains("2026-09"));
    assert_eq!(rows.len(), 24 * 11 * 3, "every team, month and category");
    let first = rows
        .iter()
        .find(|r| {
            r["team"] == "Checkout"
                && r["month"] == "2024-10"
                && r["category"] == "Process Improvements"
        })
        .unwrap();
    // sample-data/milestones/team-milestones-year-1.csv, first Checkout row.
    assert_eq!(first["ticked_items"], "Retrospective actions followed up");
    assert_eq!(first["completed"], "1");
    let summary = read_csv(&out.join("metrics/milestones_summary.csv"));
    assert!(summary
        .iter()
        .filter(|r| r["category"] == "Capability Building")
        .all(|r| r["never_reached"].contains("Documentation day held")));
    let health = read_csv(&out.join("metrics/milestone_health.csv"));
    assert_eq!(health.len(), 7);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("Never reached by any team: Documentation day held (Capability Building).")
    );
    assert!(out.join("charts/milestone_timeline.png").exists());
}

#[test]
fn checklists_validate_with_their_own_schema() {
    let out = validate("schemas/team-milestones.toml", "sample-data/milestones");
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Both files are read, each of their rows (11 teams x 12 months) without a problem:
    // the CSV in the joined layout and the workbook in the per-option layout.
    assert!(
        text(&out.stderr)
            .contains("checked 2 file(s), 264 row(s): 0 error(s) in 0 row(s), 0 warning(s)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_unknown_checkbox_token_is_a_problem_not_a_silent_no() {
    let r = root();
    let (tmp, project) = sample_project(
        &[(
            "checklist.csv",
            "Submitted,Team,Process Improvements,Culture and Relationship Improvements,Capability Building\n\
             2025-03-25,Payments,\"Incident review held, Sprint party\",,\n\
             2025-03-25,Search,,Team social held,\n",
        )],
        &format!(
            "[milestones]\nschema = {:?}\nfiles = [\"checklist.csv\"]\n",
            r.join("schemas/team-milestones.toml").display().to_string()
        ),
    );
    let out = report_project(&project);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let file = tmp.path().join("checklist.csv").display().to_string();
    assert!(err.contains(&format!("{file}:2: error: column C \"Process Improvements\": found \"Incident review held, Sprint party\"; expected only these options")), "{err}");
    assert!(err.contains("(\"Sprint party\" is not one)"), "{err}");
}
