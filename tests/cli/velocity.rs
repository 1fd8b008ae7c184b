//! Learning velocity on the sample organisation, and bad adoption logs.

use crate::support::*;

#[test]
fn sample_adoption_log_shows_censoring_a_fading_practice_and_one_that_sticks() {
    // The generator introduces "Blameless postmortems" late (most teams are not there by
    // the last observation), lets "Architecture decision records" fade about five months
    // after it is in use, and keeps "Trunk-based development" going.
    let (_tmp, out) = sample_report();
    let rows = read_csv(&out.join("metrics/learning_velocity.csv"));
    let practice = |name: &str| {
        rows.iter()
            .find(|r| r["level"] == "practice" && r["practice"] == name)
            .unwrap_or_else(|| panic!("no row for {name}"))
            .clone()
    };
    let late = practice("Blameless postmortems");
    let (reached, teams): (u32, u32) = (
        late["reached_consistent_use"].parse().unwrap(),
        late["teams"].parse().unwrap(),
    );
    assert!(reached < teams, "some teams are censored: {late:?}");
    let censored = rows
        .iter()
        .filter(|r| {
            r["level"] == "team_practice"
                && r["practice"] == "Blameless postmortems"
                && !r["censored_at_days"].is_empty()
        })
        .count() as u32;
    assert_eq!(
        censored,
        teams - reached,
        "censored rows carry their follow-up"
    );

    let fades = practice("Architecture decision records");
    assert_eq!(fades["stick_6_months_share"], "0.0000", "{fades:?}");
    assert!(!fades["faded_teams"].is_empty());
    let sticks = practice("Trunk-based development");
    assert_eq!(sticks["stick_6_months_share"], "1.0000", "{sticks:?}");
    assert_eq!(sticks["faded_teams"], "");

    let spread = read_csv(&out.join("metrics/practice_adoption.csv"));
    assert!(spread
        .iter()
        .any(|r| r["practice"] == "Trunk-based development" && r["mean_share_using"] == "1.0000"));
    let factors = read_csv(&out.join("metrics/velocity_factors.csv"));
    assert_eq!(factors.len(), 7, "six domains and Overall");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for q in [
        "How long does it take?",
        "What speeds it up?",
        "How well does it spread?",
        "Does it stick?",
    ] {
        assert!(html.contains(q), "{q}");
    }
    for chart in ["adoption_curves", "time_to_consistent_use", "stick_or_fade"] {
        assert!(out.join(format!("charts/{chart}.png")).exists(), "{chart}");
    }
}

#[test]
fn adoption_observed_before_introduction_is_a_problem() {
    let (tmp, project) = sample_project(
        &[(
            "adoption.csv",
            "Team,Practice,Introduced,Observed,Used\n\
             Payments,Pairing,2025-03-03,2025-02-03,yes\n\
             Payments,Pairing,2025-03-03,2025-04-03,sometimes\n",
        )],
        "[adoption]\nfiles = [\"adoption.csv\"]\n",
    );
    let out = report_project(&project);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let file = tmp.path().join("adoption.csv").display().to_string();
    assert!(err.contains(&format!("{file}:2: error: column D \"Observed\": found \"2025-02-03\"; expected an observation on or after the practice was introduced (2025-03-03)")), "{err}");
    assert!(
        err.contains(&format!(
            "{file}:3: error: column E \"Used\": found \"sometimes\""
        )),
        "{err}"
    );
}

const DATED: &str = "tests/fixtures/adoption/milestone-dates.csv";

/// A project over the sample survey with the milestone-dates log as its adoption log.
fn dated_project(adoption: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let log = std::fs::read_to_string(root().join(DATED)).unwrap();
    sample_project(
        &[("dates.csv", log.as_str())],
        &format!("[adoption]\nfiles = [\"dates.csv\"]\n{adoption}"),
    )
}

#[test]
fn the_milestone_dates_shape_gives_the_same_kaplan_meier_and_stick_outputs() {
    let (tmp, project) = dated_project("as_of = \"2025-09-30\"\n");
    let output = report_project(&project);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let rows = read_csv(&tmp.path().join("report/metrics/learning_velocity.csv"));
    let practice = rows
        .iter()
        .find(|r| r["level"] == "practice" && r["practice"] == "Trunk-based development")
        .expect("the practice row");
    // Kaplan-Meier by hand, days from 2025-01-06. Consistent use: Identity 42, Payments
    // 56, Checkout 91; Search and Mobile censored at 2025-09-30 (day 267). S(42) = 4/5,
    // S(56) = 0.8 * 3/4 = 0.6, S(91) = 0.6 * 2/3 = 0.4: the median is 91 days. First use:
    // 7, 14, 21, 28 and Mobile censored: S(21) = 0.4, median 21.
    assert_eq!(practice["teams"], "5");
    assert_eq!(practice["reached_consistent_use"], "3");
    assert_eq!(practice["median_days_to_consistent_use"], "91");
    assert_eq!(practice["median_days_to_first_use"], "21");
    // Still used 90 days on: Payments yes, Checkout no, Identity yes; 180 days: Payments.
    assert_eq!(practice["stick_3_months_share"], "0.6667");
    assert_eq!(practice["stick_3_months_teams"], "3");
    assert_eq!(practice["stick_6_months_share"], "1.0000");
    assert_eq!(practice["stick_6_months_teams"], "1");
    assert_eq!(practice["faded_teams"], "Checkout");
    assert_eq!(practice["adaptations"], "1");
    let search = rows
        .iter()
        .find(|r| r["level"] == "team_practice" && r["team"] == "Search")
        .unwrap();
    assert_eq!(search["days_to_first_use"], "21");
    assert!(search["days_to_consistent_use"].is_empty());
    assert_eq!(search["censored_at_days"], "267");
    assert_eq!(search["observations"], "0");
    // The spread: the share of teams consistent by month from the same curve; no shares.
    let spread = read_csv(&tmp.path().join("report/metrics/practice_adoption.csv"));
    let month = |m: &str| {
        spread
            .iter()
            .find(|r| r["months_since_introduction"] == m)
            .unwrap_or_else(|| panic!("month {m}: {spread:?}"))
    };
    // End of month 2 = day 60: Identity and Payments, 1 - 0.6; month 4 (day 120): 0.6.
    assert_eq!(month("2")["share_of_teams_consistent"], "0.4000");
    assert_eq!(month("4")["share_of_teams_consistent"], "0.6000");
    assert!(month("4")["mean_share_using"].is_empty());
    assert_eq!(month("4")["teams_observed"], "0");
}

#[test]
fn without_an_as_of_date_blanks_are_censored_at_the_files_latest_date_or_the_flag() {
    let (tmp, project) = dated_project("");
    let output = report_project(&project);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let rows = read_csv(&tmp.path().join("report/metrics/learning_velocity.csv"));
    let censored = |rows: &[std::collections::BTreeMap<String, String>]| {
        rows.iter()
            .find(|r| r["level"] == "team_practice" && r["team"] == "Mobile")
            .unwrap()["censored_at_days"]
            .clone()
    };
    // The latest date in the file is Checkout's 2025-04-07: day 91.
    assert_eq!(censored(&rows), "91");
    let out = tmp.path().join("flag");
    let output = leadpulse()
        .args(["report", "--project"])
        .arg(&project)
        .args(["--as-of", "2025-12-31", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // 2025-01-06 to 2025-12-31: 25 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31
    // = 359 days.
    let rows = read_csv(&out.join("metrics/learning_velocity.csv"));
    assert_eq!(censored(&rows), "359");
    let bad = leadpulse()
        .args(["report", "--project"])
        .arg(&project)
        .args(["--as-of", "30/06/2025"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("expected a date such as 2026-09-30"));
}

#[test]
fn inspect_and_schema_init_recognise_both_adoption_shapes() {
    for (file, shape) in [
        (DATED, "practice-adoption log, milestone dates"),
        (
            "sample-data/practice-adoption.csv",
            "practice-adoption log, observations",
        ),
    ] {
        let output = leadpulse().args(["inspect", file]).output().unwrap();
        assert!(
            text(&output.stdout).contains(&format!("shape: {shape}")),
            "{}",
            text(&output.stdout)
        );
    }
    // The drafted record schema reads the log in a project without edits.
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("adoption.toml");
    let output = leadpulse()
        .args(["schema", "init", "--from", DATED, "--out"])
        .arg(&schema)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let draft = std::fs::read_to_string(&schema).unwrap();
    assert!(
        draft.contains("first_applied = \"First applied\""),
        "{draft}"
    );
    assert!(
        draft.contains("consistent = \"Consistently used\""),
        "{draft}"
    );
    let log = std::fs::read_to_string(root().join(DATED)).unwrap();
    let (dir, project) = sample_project(
        &[
            ("dates.csv", log.as_str()),
            ("adoption.toml", draft.as_str()),
        ],
        "[adoption]\nschema = \"adoption.toml\"\nfiles = [\"dates.csv\"]\n",
    );
    let output = report_project(&project);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(dir
        .path()
        .join("report/metrics/learning_velocity.csv")
        .exists());
}
