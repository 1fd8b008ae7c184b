//! Small groups never appear in any output and cannot be recovered from totals.

use std::collections::BTreeMap;

use crate::support::*;

type Row = BTreeMap<String, String>;

/// For every roll-up equation (a group with its teams; the organisation with its
/// groups), the number of hidden members must be 0 or at least 2.
fn assert_no_lone_hidden_member(rows: &[Row], key_cols: &[&str]) {
    let key = |r: &Row| key_cols.iter().map(|k| r[*k].clone()).collect::<Vec<_>>();
    let hidden = |r: &Row| !r["suppressed"].is_empty();
    let mut equations: BTreeMap<(String, Vec<String>), (usize, usize)> = BTreeMap::new();
    for r in rows {
        match r["level"].as_str() {
            "team" if !r["group"].is_empty() => {
                let e = equations.entry((r["group"].clone(), key(r))).or_default();
                e.0 += 1;
                e.1 += usize::from(hidden(r));
            }
            "group" => {
                let own = equations.entry((r["unit"].clone(), key(r))).or_default();
                own.0 += 1;
                own.1 += usize::from(hidden(r));
                let org = equations
                    .entry(("(organisation)".into(), key(r)))
                    .or_default();
                org.0 += 1;
                org.1 += usize::from(hidden(r));
            }
            _ => {}
        }
    }
    for ((unit, k), (_, h)) in equations {
        assert!(
            h != 1,
            "{unit} {k:?} has exactly one hidden member: recoverable by subtraction"
        );
    }
}

#[test]
fn small_team_and_its_complement_are_hidden_everywhere() {
    // Comet has 3 respondents a quarter in group North (Apollo 6, Borealis 5).
    let (tmp, output) = mini_report(&[MINI_DATA], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let dir = tmp.path().join("report");
    let scores = read_csv(&dir.join("metrics/domain_scores.csv"));
    for r in scores.iter().filter(|r| r["unit"] == "Comet") {
        assert_eq!(r["suppressed"], "small_group", "{r:?}");
        for col in ["n", "mean", "sd", "ci_low", "ci_high", "favourable_share"] {
            assert!(r[col].is_empty(), "Comet {col} shown: {r:?}");
        }
    }
    // Borealis (the smallest sibling) is hidden so North - Apollo - Borealis is not Comet.
    for r in scores
        .iter()
        .filter(|r| r["unit"] == "Borealis" && r["domain"] != "Overall")
    {
        assert_eq!(r["suppressed"], "complementary", "{r:?}");
        assert!(r["mean"].is_empty() && r["n"].is_empty());
    }
    assert_no_lone_hidden_member(&scores, &["quarter", "domain"]);
    let part = read_csv(&dir.join("metrics/participation.csv"));
    assert!(part
        .iter()
        .filter(|r| r["unit"] == "Comet")
        .all(|r| r["responses"].is_empty()));
    assert_no_lone_hidden_member(&part, &["quarter"]);
    // No trend or correlation is built from hidden cells: Comet has no trend at all.
    let trends = read_csv(&dir.join("metrics/trends.csv"));
    assert!(trends
        .iter()
        .all(|r| r["unit"] != "Comet" && r["unit"] != "Borealis"));
    let html = text(&std::fs::read(dir.join("index.html")).unwrap());
    assert!(
        !html.contains("<td>Comet</td><td class=\"\">"),
        "a Comet score is shown in the page"
    );
}

#[test]
fn sample_organisation_keeps_every_roll_up_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    leadpulse()
        .args(["report", "--project", "sample-data/leadpulse.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    for team in ["Developer Tools", "Networking"] {
        let rows: Vec<_> = scores.iter().filter(|r| r["unit"] == team).collect();
        assert!(!rows.is_empty());
        assert!(rows
            .iter()
            .all(|r| r["suppressed"] == "small_group" && r["mean"].is_empty()));
    }
    assert_no_lone_hidden_member(&scores, &["quarter", "domain"]);
    let part = read_csv(&out.join("metrics/participation.csv"));
    assert_no_lone_hidden_member(&part, &["quarter"]);
    // Respondent ids (R_0000001 ...) are in the input but in no output file.
    for (name, bytes) in all_files(&out) {
        assert!(
            !text(&bytes).contains("R_0"),
            "{name} holds a respondent id"
        );
    }
}

#[test]
fn a_lower_minimum_shows_the_small_team() {
    let (tmp, output) = mini_report(&[MINI_DATA], &["--min-group-size", "3"]);
    assert!(output.status.success());
    let scores = read_csv(&tmp.path().join("report/metrics/domain_scores.csv"));
    assert!(scores.iter().all(|r| r["suppressed"].is_empty()));
    // Not vacuous: Comet, hidden at the default minimum (3 respondents a quarter), now
    // shows its means.
    let comet: Vec<_> = scores.iter().filter(|r| r["unit"] == "Comet").collect();
    assert!(!comet.is_empty());
    assert!(comet.iter().all(|r| r["n"] == "3" && !r["mean"].is_empty()));
}

/// Reliability over fewer complete respondents than the minimum group size would
/// describe a group too small to show: its rows keep the domain and item but every
/// figure, the count included, is empty. At a minimum of 3 the same three show.
#[test]
fn reliability_of_fewer_respondents_than_the_minimum_is_not_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("three.csv");
    std::fs::write(
        &data,
        "Team,Group,Quarter,a1,a2,b1,b2\n\
T,G,2025-Q1,4,5,3,2\n\
T,G,2025-Q1,3,3,4,2\n\
T,G,2025-Q1,5,4,2,4\n",
    )
    .unwrap();
    let data = data.to_str().unwrap();
    let figures = |dir: &std::path::Path| {
        let domains = read_csv(&dir.join("report/metrics/reliability.csv"));
        let items = read_csv(&dir.join("report/metrics/item_reliability.csv"));
        assert_eq!((domains.len(), items.len()), (2, 4));
        let mut values = Vec::new();
        for r in &domains {
            values.extend([
                &r["complete_responses"],
                &r["cronbach_alpha"],
                &r["alpha_upper_95"],
            ]);
        }
        for r in &items {
            values.extend([
                &r["complete_responses"],
                &r["cronbach_alpha"],
                &r["item_rest_r"],
            ]);
        }
        values.into_iter().cloned().collect::<Vec<String>>()
    };
    let (hidden, output) = mini_report(&[data], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(figures(hidden.path()).iter().all(String::is_empty));
    let page = std::fs::read_to_string(hidden.path().join("report/index.html")).unwrap();
    assert!(page.contains("<td>suppressed</td>"));
    let (shown, output) = mini_report(&[data], &["--min-group-size", "3"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let values = figures(shown.path());
    assert!(values.iter().any(|v| v == "3"), "{values:?}");
    assert!(
        values.iter().filter(|v| !v.is_empty()).count() > 4,
        "{values:?}"
    );
}
