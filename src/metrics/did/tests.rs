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

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
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
    close(c[0].estimate().unwrap(), 0.55);
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
    close(c[1].estimate().unwrap(), 0.5);
    close(combined(&c).unwrap(), (0.55 * 2.0 + 0.5) / 3.0);
}

#[test]
fn hedges_g_matches_pingouin() {
    // pingouin.compute_effsize([0.8, 0.4], [0.1, 0.0], eftype='hedges') = 1.5245096430855214
    close(
        hedges_g(&[0.8, 0.4], &[0.1, 0.0]).unwrap(),
        1.5245096430855214,
    );
    assert_eq!(hedges_g(&[0.8], &[0.1, 0.0]), None);
}

#[test]
fn permutation_p_enumerates_small_cases_exactly() {
    // Pooled changes 0.8, 0.4, 0.1, 0.0; the 6 ways to pick two "treated" give
    // estimates +-0.55, +-0.25, +-0.15: two of six are as extreme as 0.55, p = 1/3.
    let c = cohorts(&means(), &starts(), Window::default());
    let p = permutation_p(&c[..1], 10_000, 999, 1).unwrap();
    close(p, 1.0 / 3.0);
}

#[test]
fn permutation_p_over_two_cohorts_permutes_within_each() {
    // Cohort 2025-Q1 relabellings give e1 = s - 0.65 for the chosen pair's sum s:
    // +-0.55, +-0.25, +-0.15. Cohort 2025-Q2 pools 0.6, 0.1, 0.1: e2 = 0.5 (pick 0.6) or
    // -0.25 (twice). Combined = (2 e1 + e2) / 3; observed (1.1 + 0.5) / 3 = 0.5333. Of the
    // 6 x 3 = 18 relabellings only e1 = 0.55, e2 = 0.5 reaches |2 e1 + e2| >= 1.6: p = 1/18.
    let c = cohorts(&means(), &starts(), Window::default());
    close(permutation_p(&c, 10_000, 999, 1).unwrap(), 1.0 / 18.0);
}

#[test]
fn cohorts_name_their_teams() {
    let c = cohorts(&means(), &starts(), Window::default());
    assert_eq!(c[0].treated_teams, vec!["A", "B"]);
    assert_eq!(c[0].comparison_teams, vec!["C", "D"]);
    assert_eq!(c[1].comparison_teams, vec!["C", "D"]);
}

#[test]
fn random_permutations_and_bootstrap_repeat_with_the_seed() {
    let c = cohorts(&means(), &starts(), Window::default());
    // max_exact 0 forces random relabelings; the (k + 1) / (n + 1) p is near 1/3.
    let p1 = permutation_p(&c[..1], 0, 999, 7).unwrap();
    let p2 = permutation_p(&c[..1], 0, 999, 7).unwrap();
    assert_eq!(p1, p2);
    assert!((p1 - 1.0 / 3.0).abs() < 0.06, "{p1}");
    let b1 = bootstrap_interval(&c, 999, 3).unwrap();
    assert_eq!(b1, bootstrap_interval(&c, 999, 3).unwrap());
    assert!(b1.0 <= 0.5333 && 0.5333 <= b1.1, "{b1:?}");
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

/// The team bootstrap counts a drawn team wherever it appears. Draw A twice, C and E
/// once (B and D not at all): cohort 2025-Q1 is A (+0.8, weight 2) against C (+0.1):
/// 0.7 with weight 2; cohort 2025-Q2 is E (+0.6) against C (+0.1): 0.5 with weight 1;
/// combined (0.7 * 2 + 0.5) / 3. Without C and D no cohort has a comparison.
#[test]
fn a_drawn_team_counts_in_every_cohort_and_arm() {
    let c = cohorts(&means(), &starts(), Window::default());
    // Ids in order of first appearance: A 0, B 1, C 2, D 3, E 4.
    let index = [vec![0, 1, 4], vec![2, 3, 2, 3]];
    let e = weighted_estimate(&c, &index, &[2, 0, 1, 0, 1]).unwrap();
    assert!((e - (0.7 * 2.0 + 0.5) / 3.0).abs() < 1e-9, "{e}");
    assert_eq!(weighted_estimate(&c, &index, &[1, 1, 0, 0, 1]), None);
}
