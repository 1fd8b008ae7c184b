//! Worked by hand. One practice introduced 2025-01-01 in three teams, default rule
//! (three observations in a row with at least 60% using):
//! A: days 30, 60, 90, 120 at 0.7, 0.8, 0.9, 1.0 -> first use 30, consistent at 90.
//! B: days 30..240 monthly at 0, 0.3, 0.7, 0.7, 0.8, 0.2, 0.1, 0 -> first use 60,
//!    consistent at 150 (days 90, 120, 150), not used at 240 = 150 + 3 months: faded.
//! C: days 30, 60 at 0.1, 0.2 -> first use 30, not consistent: censored at 60.
//! Kaplan-Meier to consistent use: C censored at 60; at 90 two at risk, one event,
//! S = 0.5; at 150 one at risk, one event, S = 0. Median 90.
//! First use: at 30 three at risk, two events, S = 1/3. Median 30.
use chrono::NaiveDate;

use super::*;
use crate::test_support::close;
use crate::validate::adoption::Observation as Obs;

fn log(team: &str, points: &[(i64, f64)], notes: usize) -> PracticeLog {
    let introduced = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    PracticeLog {
        team: team.to_string(),
        practice: "Demos".to_string(),
        introduced,
        observations: points
            .iter()
            .map(|&(d, share)| Obs {
                observed: introduced + chrono::Duration::days(d),
                share,
                rows: 1,
            })
            .collect(),
        notes: (0..notes)
            .map(|i| (introduced, format!("note {i}")))
            .collect(),
        dates: None,
    }
}

fn logs() -> Vec<PracticeLog> {
    vec![
        log("A", &[(30, 0.7), (60, 0.8), (90, 0.9), (120, 1.0)], 1),
        log(
            "B",
            &[
                (30, 0.0),
                (60, 0.3),
                (90, 0.7),
                (120, 0.7),
                (150, 0.8),
                (180, 0.2),
                (210, 0.1),
                (240, 0.0),
            ],
            0,
        ),
        log("C", &[(30, 0.1), (60, 0.2)], 2),
    ]
}

#[test]
fn times_censoring_and_medians_by_hand() {
    let v = velocity(&logs(), Rule::default(), &[]);
    let tp: Vec<(Option<f64>, Option<f64>, f64)> = v
        .team_practices
        .iter()
        .map(|r| (r.first_use_days, r.consistent_days, r.followed_days))
        .collect();
    assert_eq!(
        tp,
        vec![
            (Some(30.0), Some(90.0), 120.0),
            (Some(60.0), Some(150.0), 240.0),
            (Some(30.0), None, 60.0)
        ]
    );
    let p = &v.practices[0];
    assert_eq!((p.teams, p.reached), (3, 2));
    assert_eq!(p.consistent.days, Some(90.0));
    assert_eq!(p.first_use.days, Some(30.0));
    close(p.curve[0].survival, 0.5, 1e-9);
    assert_eq!(p.curve[0].at_risk, 2, "C was censored at 60, before 90");
}

#[test]
fn stick_fade_adaptations_and_team_roll_up() {
    let v = velocity(&logs(), Rule::default(), &[]);
    let p = &v.practices[0];
    assert_eq!(
        p.stick[0],
        Some((0.0, 1)),
        "only B was followed 3 months on"
    );
    assert_eq!(p.stick[1], None);
    assert_eq!(p.faded, vec!["B"]);
    assert_eq!(p.adaptations.len(), 3);
    let b = v.teams.iter().find(|t| t.team == "B").unwrap();
    assert_eq!((b.practices, b.reached), (1, 1));
    assert_eq!(b.median_consistent_days, Some(150.0));
    let c = v.teams.iter().find(|t| t.team == "C").unwrap();
    assert_eq!(
        (c.reached, c.median_consistent_days, c.adaptations),
        (0, None, 2)
    );
}

#[test]
fn spread_by_month_since_introduction() {
    let v = velocity(&logs(), Rule::default(), &[]);
    let m1 = &v.spread[0];
    assert_eq!((m1.month, m1.teams_observed), (1, 3));
    close(m1.mean_share.unwrap(), (0.7 + 0.0 + 0.1) / 3.0, 1e-9);
    close(m1.teams_consistent, 0.0, 1e-9);
    let m3 = v.spread.iter().find(|s| s.month == 3).unwrap();
    assert_eq!(m3.teams_observed, 2);
    close(m3.mean_share.unwrap(), (0.9 + 0.7) / 2.0, 1e-9);
    close(m3.teams_consistent, 0.5, 1e-9);
}

/// A team that adopted `practice` on 2025-02-01 and used it consistently after `days`.
fn adopted(team: &str, practice: &str, days: f64) -> TeamPractice {
    TeamPractice {
        team: team.to_string(),
        practice: practice.to_string(),
        introduced: NaiveDate::from_ymd_opt(2025, 2, 1).unwrap(),
        observations: 3,
        followed_days: days,
        first_use_days: None,
        consistent_days: Some(days),
        still_used: [None, None],
        latest_share: Some(1.0),
        adaptations: 0,
        series: Vec::new(),
    }
}

#[test]
fn factors_use_shown_scores_at_introduction_centred_within_practice() {
    // One practice, so centring subtracts constants and leaves r unchanged:
    // scipy.stats.pearsonr([4.0, 3.0, 4.5, 3.5], [90, 150, 60, 100])
    //   -> statistic -0.9660917830792959, pvalue 0.033908216920704115
    let row = |team: &str, days: f64| adopted(team, "Demos", days);
    let rows = vec![
        row("A", 90.0),
        row("B", 150.0),
        row("C", 60.0),
        row("D", 100.0),
        row("E", 5.0),
    ];
    let q = |l: &str| Quarter::parse(l).unwrap();
    let mut panel = Panel::default();
    for (t, level) in [("A", 4.0), ("B", 3.0), ("C", 4.5), ("D", 3.5), ("E", 1.0)] {
        // E's score is suppressed, so the panel (shown cells only) has none.
        if t != "E" {
            panel
                .entry(t.to_string())
                .or_default()
                .insert(q("2024-Q4"), level);
        }
    }
    // A later quarter than the introduction does not count.
    panel.get_mut("A").unwrap().insert(q("2025-Q2"), 1.0);
    let f = factors(&rows, &[(Measure::Domain(0), panel)]);
    assert_eq!(f[0].n, 4);
    let r = f[0].result.unwrap();
    close(r.r, -0.9660917830792959, 1e-9);
    assert!((r.p - 0.033908216920704115).abs() < 1e-9);
}

#[test]
fn factors_remove_differences_between_practices() {
    // Practice P (teams A, B) is slow and was introduced when scores were low; Q (C, D)
    // is fast and introduced when scores were high. Raw, score and days correlate
    // strongly (-0.97); within each practice the higher-scoring team is slower, so the
    // centred points are (-0.25, -10), (0.25, 10), (-0.25, -10), (0.25, 10): r = +1.
    let row = adopted;
    let rows = vec![
        row("A", "P", 190.0),
        row("B", "P", 210.0),
        row("E", "P", 205.0),
        row("C", "Q", 50.0),
        row("D", "Q", 70.0),
    ];
    let mut panel = Panel::default();
    for (t, level) in [("A", 2.75), ("B", 3.25), ("E", 3.0), ("C", 4.0), ("D", 4.5)] {
        panel
            .entry(t.to_string())
            .or_default()
            .insert(Quarter::parse("2025-Q1").unwrap(), level);
    }
    let f = factors(&rows, &[(Measure::Domain(0), panel)]);
    // With E (3.0, 205 days) in P, the centred points are (-0.25, -11.67), (0.25, 8.33),
    // (0, 3.33), (-0.25, -10), (0.25, 10): numpy's corrcoef 0.9797958971132713, and on
    // 5 - 2 - 1 = 2 df `2 * stats.t.sf(r * sqrt(2 / (1 - r**2)), 2)` =
    // 0.02020410288672867.
    assert_eq!(f[0].n, 5);
    let r = f[0].result.unwrap();
    close(r.r, 0.9797958971132713, 1e-9);
    close(r.p, 0.02020410288672867, 1e-9);
}

/// Teams A, B, C each adopted practices P and Q: a team is one unit of the test. Centred
/// within practice, P: (-0.5, 20), (0, 0), (0.5, -20) and Q: (-0.3333, 3.3333),
/// (-0.1333, 23.3333), (0.3667, -26.6667); each team's sum of products -11, -2.3333,
/// -20.6667. numpy: r = sum(x y) / sqrt(sum(x^2) sum(y^2)) = -0.8579004655719235;
/// scipy.stats.ttest_1samp([-11, -2.3333, -20.6667], 0).pvalue = 0.1656703400133009.
#[test]
fn a_team_with_several_practices_is_one_unit_of_the_test() {
    let row = adopted;
    let mut rows = vec![
        row("A", "P", 100.0),
        row("B", "P", 80.0),
        row("C", "P", 60.0),
    ];
    let mut later = vec![
        row("A", "Q", 150.0),
        row("B", "Q", 170.0),
        row("C", "Q", 120.0),
    ];
    for r in &mut later {
        r.introduced = NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
    }
    rows.extend(later);
    let mut panel = Panel::default();
    for (t, p_level, q_level) in [("A", 3.0, 3.2), ("B", 3.5, 3.4), ("C", 4.0, 3.9)] {
        let levels = panel.entry(t.to_string()).or_default();
        levels.insert(Quarter::parse("2025-Q1").unwrap(), p_level);
        levels.insert(Quarter::parse("2025-Q2").unwrap(), q_level);
    }
    let f = factors(&rows, &[(Measure::Domain(0), panel)]);
    assert_eq!(f[0].n, 6);
    let r = f[0].result.unwrap();
    close(r.r, -0.8579004655719235, 1e-9);
    close(r.p, 0.1656703400133009, 1e-9);
    assert_eq!(r.ci, None, "no Fisher interval across teams");
}
