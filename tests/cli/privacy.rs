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
