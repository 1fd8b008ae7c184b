//! Hand-worked cases. Teams A and B start at 2025-Q1; C and D never start; E starts at
//! 2025-Q2. Window: 2 quarters before, 2 from the start.
//!
//! Cohort 2025-Q1: A 3.1 -> 3.9 (+0.8), B 2.9 -> 3.3 (+0.4); comparison C 3.05 -> 3.15
//! (+0.1), D 3.4 -> 3.4 (0.0); E has started by 2025-Q2, the window's end, so it is no
//! comparison. Estimate 0.6 - 0.05 = 0.55.
//! Cohort 2025-Q2: E 3.0 -> 3.6 (+0.6); comparison C 3.1 -> 3.2, D 3.35 -> 3.45 (+0.1
//! each); A and B are already treated. Estimate 0.5.
//! Combined by cohort size: (0.55 * 2 + 0.5 * 1) / 3 = 0.5333.
use super::*;
use crate::test_support::close;

fn q(label: &str) -> Quarter {
    Quarter::parse(label).unwrap()
}

fn means() -> TeamMeans {
    let rows: [(&str, [(&str, f64); 5]); 5] = [
        (
            "A",
            [
                ("2024-Q3", 3.0),
                ("2024-Q4", 3.2),
                ("2025-Q1", 3.8),
                ("2025-Q2", 4.0),
                ("2025-Q3", 4.0),
            ],
        ),
        (
            "B",
            [
                ("2024-Q3", 2.8),
                ("2024-Q4", 3.0),
                ("2025-Q1", 3.2),
                ("2025-Q2", 3.4),
                ("2025-Q3", 3.4),
            ],
        ),
        (
            "C",
            [
                ("2024-Q3", 3.0),
                ("2024-Q4", 3.1),
                ("2025-Q1", 3.1),
                ("2025-Q2", 3.2),
                ("2025-Q3", 3.2),
            ],
        ),
        (
            "D",
            [
                ("2024-Q3", 3.5),
                ("2024-Q4", 3.3),
                ("2025-Q1", 3.4),
                ("2025-Q2", 3.4),
                ("2025-Q3", 3.5),
            ],
        ),
        (
            "E",
            [
                ("2024-Q3", 2.9),
                ("2024-Q4", 3.0),
                ("2025-Q1", 3.0),
                ("2025-Q2", 3.5),
                ("2025-Q3", 3.7),
            ],
        ),
    ];
    rows.iter()
        .map(|(t, qs)| (t.to_string(), qs.iter().map(|(l, m)| (q(l), *m)).collect()))
        .collect()
}

fn starts() -> BTreeMap<String, Quarter> {
    [("A", "2025-Q1"), ("B", "2025-Q1"), ("E", "2025-Q2")]
        .iter()
        .map(|(t, s)| (t.to_string(), q(s)))
        .collect()
}

#[test]
fn two_by_two_estimate_by_hand() {
    let c = cohorts(&means(), &starts(), Window::default());
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].start, q("2025-Q1"));
    let sorted = |v: &[f64]| {
        let mut v: Vec<f64> = v.iter().map(|x| (x * 100.0).round() / 100.0).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    assert_eq!(sorted(&c[0].treated), vec![0.4, 0.8]);
    assert_eq!(
        sorted(&c[0].comparison),
        vec![0.0, 0.1],
        "E, treated by the window's end, is no comparison"
    );
    close(c[0].estimate().unwrap(), 0.55, 1e-9);
}

#[test]
fn staggered_cohorts_never_use_already_treated_teams_and_combine_by_size() {
    let c = cohorts(&means(), &starts(), Window::default());
    assert_eq!(c[1].treated.len(), 1);
    assert_eq!(
        c[1].comparison.len(),
        2,
        "only C and D; A and B started earlier"
    );
    close(c[1].estimate().unwrap(), 0.5, 1e-9);
    close(combined(&c).unwrap(), (0.55 * 2.0 + 0.5) / 3.0, 1e-9);
}

#[test]
fn hedges_g_matches_pingouin() {
    // pingouin.compute_effsize([0.8, 0.4], [0.1, 0.0], eftype='hedges') = 1.5245096430855214
    close(
        hedges_g(&[0.8, 0.4], &[0.1, 0.0]).unwrap(),
        1.5245096430855214,
        1e-9,
    );
    assert_eq!(hedges_g(&[0.8], &[0.1, 0.0]), None);
}

#[test]
fn permutation_p_enumerates_small_cases_exactly() {
    // Pooled changes 0.8, 0.4, 0.1, 0.0; the 6 ways to pick two "treated" give
    // estimates +-0.55, +-0.25, +-0.15: two of six are as extreme as 0.55, p = 1/3.
    let c = cohorts(&means(), &starts(), Window::default());
    let p = permutation_p(&c[..1], 10_000, 999, 1).unwrap();
    close(p, 1.0 / 3.0, 1e-9);
}

#[test]
fn permutation_p_over_two_cohorts_permutes_within_each() {
    // Cohort 2025-Q1 relabellings give e1 = s - 0.65 for the chosen pair's sum s:
    // +-0.55, +-0.25, +-0.15. Cohort 2025-Q2 pools 0.6, 0.1, 0.1: e2 = 0.5 (pick 0.6) or
    // -0.25 (twice). Combined = (2 e1 + e2) / 3; observed (1.1 + 0.5) / 3 = 0.5333. Of the
    // 6 x 3 = 18 relabellings only e1 = 0.55, e2 = 0.5 reaches |2 e1 + e2| >= 1.6: p = 1/18.
    let c = cohorts(&means(), &starts(), Window::default());
    close(permutation_p(&c, 10_000, 999, 1).unwrap(), 1.0 / 18.0, 1e-9);
}

#[test]
fn cohorts_name_their_teams() {
    let c = cohorts(&means(), &starts(), Window::default());
    assert_eq!(c[0].treated_teams, vec!["A", "B"]);
    assert_eq!(c[0].comparison_teams, vec!["C", "D"]);
    assert_eq!(c[1].comparison_teams, vec!["C", "D"]);
}

#[test]
fn random_permutations_and_intervals_repeat_with_the_seed() {
    let c = cohorts(&means(), &starts(), Window::default());
    // max_exact 0 forces random relabelings; the (k + 1) / (n + 1) p is near 1/3.
    let p1 = permutation_p(&c[..1], 0, 999, 7).unwrap();
    let p2 = permutation_p(&c[..1], 0, 999, 7).unwrap();
    assert_eq!(p1, p2);
    assert!((p1 - 1.0 / 3.0).abs() < 0.06, "{p1}");
    let b1 = permutation_interval(&c[..1], 0, 999, 3).unwrap_or((f64::NAN, f64::NAN));
    let b2 = permutation_interval(&c[..1], 0, 999, 3).unwrap_or((f64::NAN, f64::NAN));
    assert_eq!(format!("{b1:?}"), format!("{b2:?}"));
}

#[test]
fn teams_without_both_windows_are_left_out() {
    let mut m = means();
    m.get_mut("B")
        .unwrap()
        .retain(|quarter, _| *quarter >= q("2025-Q1"));
    let c = cohorts(&m, &starts(), Window::default());
    assert_eq!(c[0].treated.len(), 1, "B has no quarter before its start");
}

/// The interval is the set of effects the permutation test does not reject. Cohort
/// 2025-Q1 alone: treated +0.8, +0.4 against +0.1, 0.0, 6 relabellings, so p is a
/// multiple of 1/6 and never reaches 0.05: no interval.
#[test]
fn too_few_relabellings_give_no_interval() {
    let c = cohorts(&means(), &starts(), Window::default());
    assert_eq!(permutation_interval(&c[..1], 50_000, 999, 1), None);
}

/// Regression: one treated team against two (3 relabellings, so p >= 1/3) gave the
/// interval (-16384.7, 32772.2): searching far out, rounding broke the tie of the
/// observed labelling with itself and the test "rejected". The tiny fixture's Alpha:
/// A changed +1.0, B +0.1667, C 0.
#[test]
fn one_treated_team_of_three_gives_no_interval() {
    let c = vec![Cohort {
        start: q("2025-Q2"),
        treated: vec![1.0],
        comparison: vec![0.16666666666666652, 0.0],
        treated_teams: vec!["A".into()],
        comparison_teams: vec!["B".into(), "C".into()],
    }];
    assert_eq!(permutation_interval(&c, 1_000, 499, 1), None);
    // Far out, the observed labelling still counts as extreme as itself: p = 1/3, the
    // smallest p three relabellings allow.
    let far = shifted(&c, -16384.7175);
    assert_eq!(permutation_p(&far, 1_000, 499, 1), Some(1.0 / 3.0));
}

/// With enough teams the interval holds the estimate, and its ends are where the test
/// starts to reject: just inside, p > 0.05; just outside, p <= 0.05.
#[test]
fn the_interval_ends_where_the_permutation_test_rejects() {
    let c = vec![Cohort {
        start: q("2025-Q1"),
        treated: vec![0.9, 0.7, 1.1, 0.8],
        comparison: vec![0.1, -0.1, 0.2, 0.0, 0.05, -0.05, 0.15],
        treated_teams: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        comparison_teams: (0..7).map(|i| format!("c{i}")).collect(),
    }];
    let (lo, hi) = permutation_interval(&c, 50_000, 999, 1).unwrap();
    let est = combined(&c).unwrap();
    assert!(lo < est && est < hi, "{lo} {est} {hi}");
    let p = |d: f64| permutation_p(&shifted(&c, d), 50_000, 999, 1).unwrap();
    assert!(p(lo + 1e-6) > 0.05 && p(lo - 1e-3) <= 0.05);
    assert!(p(hi - 1e-6) > 0.05 && p(hi + 1e-3) <= 0.05);
}

fn shifted(cohorts: &[Cohort], delta: f64) -> Vec<Cohort> {
    let mut out = Vec::new();
    shift_into(&mut out, cohorts, delta);
    out
}

/// One set of buffers used for tests of different sizes, exact and drawn, gives each
/// the p-value fresh buffers give: nothing of one test leaks into the next.
#[test]
fn reused_buffers_give_the_p_values_of_fresh_ones() {
    let cohort = |treated: &[f64], comparison: &[f64]| Cohort {
        start: q("2025-Q1"),
        treated: treated.to_vec(),
        comparison: comparison.to_vec(),
        treated_teams: Vec::new(),
        comparison_teams: Vec::new(),
    };
    let tests = [
        vec![cohort(&[0.9, 0.7], &[0.1, -0.1, 0.2])],
        vec![
            cohort(&[0.9, 0.7, 1.1], &[0.1, -0.1, 0.2, 0.0]),
            cohort(&[0.4], &[0.0, 0.1]),
        ],
        vec![cohort(&[0.9, 0.7], &[0.3, -0.1, 0.2])],
        vec![cohort(
            &[0.2, 0.7, 1.1, 0.3],
            &[0.1, -0.1, 0.2, 0.0, 0.5, 0.6],
        )],
    ];
    let mut scratch = Scratch::default();
    for max_exact in [1_000, 5] {
        for c in &tests {
            let fresh = permutation_p(c, max_exact, 199, 7);
            assert!(fresh.is_some());
            assert_eq!(p_value(&mut scratch, c, max_exact, 199, 7), fresh);
        }
    }
}
