//! Worked by hand on the teams of `did`'s tests: A and B start 2025-Q1, E 2025-Q2, C and
//! D never; window 2 quarters before and 2 from the start.
use super::*;
use crate::test_support::close;

fn q(label: &str) -> Quarter {
    Quarter::parse(label).unwrap()
}

fn panel() -> Panel {
    let rows: [(&str, [f64; 5]); 5] = [
        ("A", [3.0, 3.2, 3.8, 4.0, 4.0]),
        ("B", [2.8, 3.0, 3.2, 3.4, 3.4]),
        ("C", [3.0, 3.1, 3.1, 3.2, 3.2]),
        ("D", [3.5, 3.3, 3.4, 3.4, 3.5]),
        ("E", [2.9, 3.0, 3.0, 3.5, 3.7]),
    ];
    let quarters = ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"];
    rows.iter()
        .map(|(t, v)| {
            let by_q = quarters.iter().zip(v).map(|(l, m)| (q(l), *m)).collect();
            (t.to_string(), by_q)
        })
        .collect()
}

fn starts() -> BTreeMap<String, Quarter> {
    [("A", "2025-Q1"), ("B", "2025-Q1"), ("E", "2025-Q2")]
        .iter()
        .map(|(t, s)| (t.to_string(), q(s)))
        .collect()
}

#[test]
fn estimate_changes_and_counts_by_hand() {
    let e = effect(
        "Pairing",
        Measure::Domain(0),
        0,
        &panel(),
        &starts(),
        &Settings::default(),
    );
    // Cohort 2025-Q1: 0.6 - 0.05 = 0.55; cohort 2025-Q2: 0.6 - 0.1 = 0.5; by size 0.5333.
    close(e.estimate.unwrap(), (0.55 * 2.0 + 0.5) / 3.0, 1e-9);
    close(e.treated_change.unwrap(), 0.6, 1e-9);
    close(e.comparison_change.unwrap(), (0.05 * 2.0 + 0.1) / 3.0, 1e-9);
    assert_eq!((e.treated, e.comparison, e.cohorts), (3, 2, 2));
    assert!(e.flags.contains(&Flag::FewTeams), "only C and D compare");
    // 18 relabellings, one as extreme (see did's tests).
    close(e.p.unwrap(), 1.0 / 18.0, 1e-9);
}

#[test]
fn lead_compares_the_two_quarters_before_the_start() {
    // As if A, B started 2024-Q4 and E 2025-Q1, window 1 and 1.
    // Cohort 2024-Q4: A +0.2, B +0.2; comparison C +0.1, D -0.2, E +0.1 (mean 0): 0.2.
    // Cohort 2025-Q1: E 0.0; comparison C 0.0, D +0.1 (A, B excluded): -0.05.
    // Combined (0.2 * 2 - 0.05) / 3.
    let e = effect(
        "Pairing",
        Measure::Domain(0),
        0,
        &panel(),
        &starts(),
        &Settings::default(),
    );
    close(e.lead.unwrap(), (0.2 * 2.0 - 0.05) / 3.0, 1e-9);
}

#[test]
fn a_hidden_team_quarter_is_missing_and_the_rest_of_the_team_counts() {
    // The privacy screen hid C in 2025-Q1, so the panel has no value there.
    let mut p = panel();
    p.get_mut("C").unwrap().remove(&q("2025-Q1"));
    let e = effect(
        "Pairing",
        Measure::Domain(0),
        0,
        &p,
        &starts(),
        &Settings::default(),
    );
    // Cohort 2025-Q1: C's after-mean is 2025-Q2 alone: 3.2 - (3.0 + 3.1) / 2 = 0.15;
    // comparison (0.15 + 0.0) / 2 = 0.075; estimate 0.6 - 0.075 = 0.525.
    // Cohort 2025-Q2: C's before-mean is 2024-Q4 alone: 3.2 - 3.1 = 0.1; estimate 0.5.
    close(e.estimate.unwrap(), (0.525 * 2.0 + 0.5) / 3.0, 1e-9);
    assert_eq!(e.comparison, 2);
}

#[test]
fn started_low_flags_treated_teams_well_below_comparison() {
    let mut p = panel();
    // Comparison teams F, G, H high and steady; treated A, B low before the start.
    for (t, level) in [("F", 4.2), ("G", 4.4), ("H", 4.0)] {
        p.insert(
            t.to_string(),
            ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
                .iter()
                .map(|l| (q(l), level))
                .collect(),
        );
    }
    let e = effect(
        "Pairing",
        Measure::Domain(0),
        0,
        &p,
        &starts(),
        &Settings::default(),
    );
    assert!(e.flags.contains(&Flag::StartedLow), "{:?}", e.flags);
    // The hand panel's treated teams start low too (pre-levels 3.1, 2.9, 3.0 against
    // 3.05, 3.4, 3.1, 3.35); lifted by 0.4 they no longer do.
    let mut lifted = panel();
    for t in ["A", "B", "E"] {
        for m in lifted.get_mut(t).unwrap().values_mut() {
            *m += 0.4;
        }
    }
    let e = effect(
        "Pairing",
        Measure::Domain(0),
        0,
        &lifted,
        &starts(),
        &Settings::default(),
    );
    assert!(!e.flags.contains(&Flag::StartedLow), "{:?}", e.flags);
    let e = effect(
        "Pairing",
        Measure::Domain(0),
        0,
        &panel(),
        &starts(),
        &Settings::default(),
    );
    assert!(e.flags.contains(&Flag::StartedLow), "{:?}", e.flags);
}

#[test]
fn event_study_means_by_hand() {
    let points = event_study(&panel(), &starts(), Window::default());
    assert_eq!(
        points.iter().map(|p| p.relative).collect::<Vec<_>>(),
        vec![-3, -2, -1, 0, 1]
    );
    let minus1 = &points[2];
    // Treated: A and B at 2024-Q4 (3.2, 3.0), E at 2025-Q1 (3.0).
    let t = minus1.treated.unwrap();
    close(t.mean, (3.2 + 3.0 + 3.0) / 3.0, 1e-9);
    assert_eq!(t.teams, 3);
    // Comparison: C, D at 2024-Q4 (3.1, 3.3) and at 2025-Q1 (3.1, 3.4).
    close(
        minus1.comparison.unwrap().mean,
        (3.1 + 3.3 + 3.1 + 3.4) / 4.0,
        1e-9,
    );
    // Relative -3 exists only for cohort 2025-Q2 (E at 2024-Q3).
    assert_eq!(points[0].treated.unwrap().teams, 1);
}

#[test]
fn bands_are_means_of_shown_values_with_a_t_interval() {
    let b = band(vec![3.0, 4.0]).unwrap();
    close(b.mean, 3.5, 1e-9);
    assert_eq!(b.teams, 2);
    // scipy.stats.t.interval(0.95, 1, loc=3.5, scale=0.7071067811865476/sqrt(2))
    close(b.ci.unwrap().0, -2.853102368087347, 1e-9);
    assert_eq!(band(Vec::new()), None);
}

#[test]
fn studies_group_by_name_keep_the_first_start_and_adjust_every_p() {
    let row = |team: &str, name: &str, start: &str| Intervention {
        team: team.to_string(),
        name: name.to_string(),
        start: chrono::NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap(),
        end: None,
        category: None,
        note: None,
    };
    let rows = vec![
        row("A", "Pairing", "2025-02-01"),
        row("B", "pairing ", "2025-01-15"),
        row("E", "Pairing", "2025-04-10"),
        row("E", "Pairing", "2025-07-10"),
        row("C", "Offsite", "2025-04-01"),
    ];
    let out = studies(
        &rows,
        &[(Measure::Domain(0), panel()), (Measure::Overall, panel())],
        &Settings::default(),
    );
    assert_eq!(out.len(), 2);
    let pairing = out.iter().find(|s| s.name == "Pairing").unwrap();
    assert_eq!(pairing.starts["E"], q("2025-Q2"), "the first start counts");
    assert_eq!(pairing.effects.len(), 2);
    let all: Vec<&Effect> = out.iter().flat_map(|s| &s.effects).collect();
    for e in &all {
        if let (Some(p), Some(adj)) = (e.p, e.p_adjusted) {
            assert!(adj >= p - 1e-12);
        }
    }
    close(
        pairing.effects[0].estimate.unwrap(),
        (0.55 * 2.0 + 0.5) / 3.0,
        1e-9,
    );
}
