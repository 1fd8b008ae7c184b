//! Golden outputs of the small fixture: every CSV table and summary.json. Reviewed like
//! code: a changed snapshot is a changed output format or a changed number.

use crate::support::*;

#[test]
fn mini_report_tables() {
    let (tmp, output) = mini_report(&[MINI_DATA], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let dir = tmp.path().join("report/metrics");
    for name in [
        "domain_scores.csv",
        "trends.csv",
        "correlations.csv",
        "participation.csv",
        "reliability.csv",
        "item_reliability.csv",
    ] {
        let body = text(&std::fs::read(dir.join(name)).unwrap());
        insta::assert_snapshot!(name, body);
    }
    let mut summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    // The file list names the input path as given; keep the snapshot independent of it.
    summary["data_quality"]["files"][0]["file"] = "good.csv".into();
    insta::assert_json_snapshot!("summary.json", summary);
}
