//! Viva Glint exports: `inspect` recognises the layout, `schema init` drafts a schema
//! with the hierarchy from the ids, the platform's 1-5 scale, the comment columns and
//! the identifying columns, and `report` runs on the draft without edits.

use crate::support::*;

const EXPORT: &str = "tests/fixtures/lookalike/glint/export.csv";

/// Values of the identifying columns in the fixture: no output may hold any of them.
const NAMES: [&str; 4] = ["Avery", "Blake", "@example.com", "avery.e01"];

#[test]
fn inspect_recognises_the_glint_layout_and_shows_no_names() {
    let output = leadpulse().args(["inspect", EXPORT]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(shown.contains("Viva Glint"), "{shown}");
    for name in NAMES {
        assert!(!shown.contains(name), "inspect shows {name}:\n{shown}");
    }
}

#[test]
fn a_drafted_glint_schema_reports_the_hierarchy_and_comments_without_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("glint.toml");
    let drafted = leadpulse()
        .args(["schema", "init", "--from", EXPORT, "--out"])
        .arg(&schema)
        .output()
        .unwrap();
    assert!(drafted.status.success(), "{}", text(&drafted.stderr));
    let draft = std::fs::read_to_string(&schema).unwrap();
    for expected in [
        "employee = \"EMP ID\"",
        "manager = \"Manager ID\"",
        "identifying = [\"First Name\", \"Last Name\", \"Email\"]",
        "timestamp = \"Survey Cycle Completion Date\"",
        "date_order = \"dmy\"",
        // The platform's scale, not the answers' range.
        "min = 1\nmax = 5",
        "header = \"My team feels safe to take risks_COMMENT\"",
        "topics = \"My team feels safe to take risks_COMMENT_TOPICS\"",
        "sensitive = \"My team feels safe to take risks_SENSITIVE_COMMENT_FLAG\"",
    ] {
        assert!(
            draft.contains(expected),
            "missing {expected:?} in:\n{draft}"
        );
    }
    assert!(!draft.contains("header = \"Status\""));
    let out = tmp.path().join("report");
    let run = leadpulse()
        .args(["report", "--schema"])
        .arg(&schema)
        .arg("--out")
        .arg(&out)
        .arg(EXPORT)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    // Six questions, each an item; the hierarchy as in tests/cli/hierarchy.rs.
    let items = read_csv(&out.join("metrics/items.csv"));
    let questions: std::collections::BTreeSet<&str> =
        items.iter().map(|r| r["question"].as_str()).collect();
    assert_eq!(questions.len(), 6, "{questions:?}");
    let part = read_csv(&out.join("metrics/participation.csv"));
    // E02's subtree is shown (19); E06's is hidden by the union rule (see
    // tests/cli/hierarchy.rs).
    assert!(part
        .iter()
        .any(|r| r["level"] == "group" && r["unit"] == "E02" && r["responses"] == "19"));
    assert!(out.join("metrics/comments.csv").exists());
    for (name, bytes) in all_files(&out) {
        let body = String::from_utf8_lossy(&bytes);
        for n in NAMES {
            assert!(!body.contains(n), "{name} holds {n}");
        }
    }
}

/// A schema may not read an identifying column as anything.
#[test]
fn an_identifying_column_cannot_be_the_team() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("s.toml");
    let mini = std::fs::read_to_string(root().join("tests/fixtures/mini/schema.toml")).unwrap();
    std::fs::write(
        &schema,
        mini.replace(
            "team = \"Team\"",
            "team = \"Email\"\nidentifying = [\"Email\"]",
        ),
    )
    .unwrap();
    let out = validate(
        schema.to_str().unwrap(),
        root().join("tests/fixtures/mini/good.csv"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr)
        .contains("columns.team: column \"Email\" is listed under columns.identifying"));
}
