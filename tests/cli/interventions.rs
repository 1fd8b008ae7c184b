//! Interventions on the sample organisation: the planted effect is found, the null one
//! is not, and bad interventions files are reported cell by cell.

use crate::support::*;

#[test]
fn the_planted_intervention_effect_is_found_and_the_null_one_is_not() {
    // The generator lifts Technical Excellence by 0.5 (latent, before answers are rounded
    // and capped at 5) in teams from their "Pair programming rotation" start quarter;
    // "Team offsite" does nothing.
    let (_tmp, out) = sample_report();
    let rows = read_csv(&out.join("metrics/interventions.csv"));
    assert_eq!(rows.len(), 14, "2 interventions x (6 domains + Overall)");
    let reliable: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["reliable_improvement"] == "yes")
        .map(|r| (r["intervention"].as_str(), r["domain"].as_str()))
        .collect();
    assert_eq!(
        reliable,
        vec![("Pair programming rotation", "Technical Excellence")]
    );
    let top = &rows[0];
    assert_eq!(top["rank"], "1");
    assert_eq!(top["domain"], "Technical Excellence");
    let num = |k: &str| top[k].parse::<f64>().unwrap();
    assert!(num("ci_low") > 0.0 && num("estimate") > 0.2, "{top:?}");
    assert!(num("p_adjusted") < 0.05);
    assert_eq!(top["teams_treated"], "5");
    assert_eq!(
        top["cohorts"], "2",
        "two start quarters, compared separately"
    );
    for r in rows.iter().filter(|r| r["intervention"] == "Team offsite") {
        assert!(
            r["p_adjusted"].parse::<f64>().unwrap() >= 0.05,
            "the null intervention looks real in {}: {r:?}",
            r["domain"]
        );
    }

    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("id=\"interventions\""));
    assert!(html.contains(
        "Pair programming rotation: went with a reliable improvement in Technical Excellence +"
    ));
    assert!(html.contains("Observational evidence"));
    for stem in [
        "event_study_01_pair_programming_rotation",
        "event_study_02_team_offsite",
    ] {
        let png = std::fs::read(out.join(format!("charts/{stem}.png"))).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
}

#[test]
fn unknown_team_and_start_outside_the_data_stop_the_report() {
    let (tmp, project) = sample_project(
        &[(
            "interventions.csv",
            "Team,Intervention,Start\n\
             Paymets,Pairing,2025-07-01\n\
             Search,Pairing,2023-01-10\n\
             Search,Offsite,2025-13-01\n",
        )],
        "[interventions]\nfiles = [\"interventions.csv\"]\n",
    );
    let out = report_project(&project);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let file = tmp.path().join("interventions.csv").display().to_string();
    assert!(err.contains(&format!("{file}:2: error: column A \"Team\": found \"Paymets\"; expected a team that appears in the survey data (did you mean \"Payments\"?)")), "{err}");
    assert!(err.contains(&format!("{file}:3: error: column C \"Start\": found \"2023-01-10\"; expected a start within the survey data (2024-Q4 to 2026-Q3)")), "{err}");
    assert!(
        err.contains(&format!(
            "{file}:4: error: column C \"Start\": found \"2025-13-01\""
        )),
        "{err}"
    );
    assert!(!tmp.path().join("report").exists(), "nothing written");
}

/// Regression: hidden teams' means fed the estimates, so with one hidden team per arm
/// each one's change was `k * treated_change - (the shown teams' changes)`. Now a hidden
/// team-quarter is missing for every estimate.
#[test]
fn hidden_teams_are_left_out_of_every_estimate() {
    // Developer Tools (3 people) is hidden in every quarter; Networking (4) too.
    let (tmp, project) = sample_project(
        &[(
            "interventions.csv",
            "Team,Intervention,Start\n\
             Developer Tools,Pairing,2025-07-10\n\
             Payments,Pairing,2025-07-10\n\
             Search,Pairing,2025-07-10\n",
        )],
        "[interventions]\nfiles = [\"interventions.csv\"]\n",
    );
    let out = report_project(&project);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(tmp.path().join("report/metrics/interventions.csv")).unwrap();
    let rows = read_csv(&tmp.path().join("report/metrics/interventions.csv"));
    assert_eq!(rows.len(), 7);
    assert!(
        rows.iter().all(|r| r["teams_treated"] == "2"),
        "only Payments and Search count: {rows:?}"
    );
    assert!(!csv.contains("Developer Tools") && !csv.contains("Networking"));
}
