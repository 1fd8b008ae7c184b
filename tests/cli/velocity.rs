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
