//! Free-text comments through `report`: who sees them, what never leaves, and escaping.

use crate::support::*;

/// The mini schema with a comment column and its flag and topics columns.
fn schema_with_comments(dir: &std::path::Path) -> std::path::PathBuf {
    let mini = std::fs::read_to_string(root().join("tests/fixtures/mini/schema.toml")).unwrap();
    let path = dir.join("schema.toml");
    std::fs::write(
        &path,
        format!(
            "{mini}\n[[comments]]\nid = \"note\"\nheader = \"Note\"\ntopics = \"Note_TOPICS\"\nsensitive = \"Note_FLAG\"\n"
        ),
    )
    .unwrap();
    path
}

/// Team Big (12 people) and Mid (10) in group G, Small (3) in G too, Solo (11) without a
/// group. Each person writes a note naming their team; one of Big's is flagged.
/// Worked by hand with the minimum comment group of 10: Small (3) is below it, so G's
/// list minus Big's and Mid's would be Small's notes: Mid (the smaller) is hidden too.
/// The organisation (36) and G (25) are shown; Solo and Big are shown.
#[test]
fn comments_show_only_where_nobody_can_be_singled_out() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = schema_with_comments(tmp.path());
    let mut csv = String::from(
        "Response ID,Submitted,Team,Group,Quarter,a1,a2,b1,b2,Note,Note_TOPICS,Note_FLAG\n",
    );
    let mut id = 0;
    for (team, group, n) in [
        ("Big", "G", 12),
        ("Mid", "G", 10),
        ("Small", "G", 3),
        ("Solo", "", 11),
    ] {
        for k in 0..n {
            id += 1;
            let flag = if team == "Big" && k == 0 { "1" } else { "" };
            let note = if flag == "1" {
                format!("FLAGGED secret {team}")
            } else {
                format!("note from {team} {k}")
            };
            csv.push_str(&format!(
                "RID-{id:04},2025-02-0{} 10:00,{team},{group},2025-Q1,4,4,3,2,{note},\"Tools, Focus\",{flag}\n",
                1 + k % 9
            ));
        }
    }
    csv.push_str("RID-9999,2025-02-01 10:00,Solo,,2025-Q1,4,4,3,2,<script>alert(1)</script>,,\n");
    std::fs::write(tmp.path().join("pulse.csv"), csv).unwrap();
    let out = tmp.path().join("report");
    let run = leadpulse()
        .args(["report", "--schema"])
        .arg(&schema)
        .arg("--out")
        .arg(&out)
        .arg(tmp.path().join("pulse.csv"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    let summary = read_csv(&out.join("metrics/comment_summary.csv"));
    let units: Vec<(&str, &str)> = summary
        .iter()
        .map(|r| (r["unit"].as_str(), r["comments"].as_str()))
        .collect();
    // The organisation has 36 + 1 notes, one flagged; Solo 12 with the script.
    assert_eq!(
        units,
        [
            ("Organisation", "36"),
            ("G", "24"),
            ("Big", "11"),
            ("Solo", "12")
        ]
    );
    assert!(summary
        .iter()
        .all(|r| r["unit"] != "Big" || r["flagged_not_shown"] == "1"));
    assert_eq!(
        summary[0]["topics"], "Focus=36;Tools=36",
        "the script row has no topics"
    );
    let comments = read_csv(&out.join("metrics/comments.csv"));
    assert_eq!(
        comments
            .first()
            .map(|r| r.keys().cloned().collect::<Vec<_>>()),
        Some(vec![
            "comment".into(),
            "level".into(),
            "quarter".into(),
            "question".into(),
            "unit".into()
        ])
    );
    assert!(comments
        .iter()
        .all(|r| r["unit"] != "Small" && r["unit"] != "Mid"));
    // Nothing flagged, no respondent id and no date leaves in any file.
    for (name, bytes) in all_files(&out) {
        let body = String::from_utf8_lossy(&bytes);
        for never in ["FLAGGED secret", "RID-", "2025-02-0"] {
            assert!(!body.contains(never), "{name} holds {never}");
        }
        if name.ends_with(".html") {
            assert!(!body.contains("<script>alert"), "{name} runs a comment");
        }
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    // The same input gives the same bytes (a shuffled but fixed order).
    let again = tmp.path().join("again");
    leadpulse()
        .args(["report", "--schema"])
        .arg(&schema)
        .arg("--out")
        .arg(&again)
        .arg(tmp.path().join("pulse.csv"))
        .assert()
        .success();
    assert_eq!(
        std::fs::read(out.join("metrics/comments.csv")).unwrap(),
        std::fs::read(again.join("metrics/comments.csv")).unwrap()
    );
}

#[test]
fn a_comment_minimum_below_the_group_minimum_is_refused() {
    let (_tmp, out) = mini_report(
        &[root()
            .join("tests/fixtures/mini/good.csv")
            .to_str()
            .unwrap()],
        &["--min-comment-group", "4"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("minimum comment group 4 is below the minimum group size 5"));
}
