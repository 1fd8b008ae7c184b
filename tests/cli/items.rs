//! Question-level results through `report`: `items.csv`, its suppression and the page.

use crate::support::*;

/// Teams A and B (6 respondents each) in group G. Two of A's people skipped a1, so only
/// 4 answered it. Worked by hand: A's a1 is small; A's a2 goes with it (one hidden
/// question beside a shown domain); in a1's tree G = A + B, so B's a1 goes too, and B's
/// a2 beside it. A's Alpha domain is shown (one of two items is enough for a score).
#[test]
fn a_question_answered_by_too_few_is_hidden_with_a_sibling_and_a_complement() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("pulse.csv");
    let mut csv = String::from("Team,Group,Quarter,a1,a2,b1,b2\n");
    for k in 0..6 {
        let a1 = if k < 2 { "" } else { "4" };
        csv.push_str(&format!("A,G,2025-Q1,{a1},5,3,2\n"));
        csv.push_str(&format!("B,G,2025-Q1,{},4,4,1\n", 2 + k % 3));
    }
    std::fs::write(&data, csv).unwrap();
    let (_t, out) = mini_report(&[data.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = _t.path().join("report");
    let items = read_csv(&report.join("metrics/items.csv"));
    let status = |unit: &str, item: &str| {
        let r = items
            .iter()
            .find(|r| r["unit"] == unit && r["item"] == item)
            .unwrap();
        (r["n"].clone(), r["suppressed"].clone())
    };
    assert_eq!(
        status("A", "a1"),
        (String::new(), "small_group".to_string())
    );
    assert_eq!(
        status("A", "a2"),
        (String::new(), "complementary".to_string())
    );
    assert_eq!(
        status("B", "a1"),
        (String::new(), "complementary".to_string())
    );
    assert_eq!(
        status("B", "a2"),
        (String::new(), "complementary".to_string())
    );
    assert_eq!(status("A", "b1"), ("6".to_string(), String::new()));
    // G's a1: A's 4 x 4 and B's 2, 3, 4, 2, 3, 4: mean 3.4; points 2:2, 3:2, 4:6.
    let g = items
        .iter()
        .find(|r| r["unit"] == "G" && r["item"] == "a1")
        .unwrap();
    assert_eq!((g["n"].as_str(), g["mean"].as_str()), ("10", "3.4000"));
    assert_eq!(g["distribution"], "1=0;2=2;3=2;4=6;5=0");
    assert_eq!(
        (
            g["favourable_share"].as_str(),
            g["neutral_share"].as_str(),
            g["unfavourable_share"].as_str()
        ),
        ("0.6000", "0.2000", "0.2000")
    );
    let scores = read_csv(&report.join("metrics/domain_scores.csv"));
    let alpha_a = scores
        .iter()
        .find(|r| r["unit"] == "A" && r["domain"] == "Alpha")
        .unwrap();
    assert_eq!(
        (alpha_a["n"].as_str(), alpha_a["suppressed"].as_str()),
        ("6", "")
    );
    assert!(report.join("charts/item_distribution.png").exists());
    let html = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains("id=\"questions\""));
    assert!(html.contains("No question has two shown quarters in a row yet."));
}
