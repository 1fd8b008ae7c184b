//! A linear attacker against the screened survey: the unknowns are every team's total
//! in a tree (one quarter, one domain), the equations are every shown value of that tree,
//! and an attacker knows every shown team. A hidden value is recovered when its team
//! set lies in the row space of the equations; a hidden union is isolated when some
//! combination of the equations touches only hidden teams holding together fewer than
//! the minimum. Both must never happen. The rank computations are plain Gaussian
//! elimination, written here and not taken from the code under test.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

/// A random unbalanced tree: groups under the organisation or under earlier groups,
/// teams under any group or straight under the organisation, many of them small.
pub(super) struct Org {
    /// (name, parent group) per group.
    pub(super) groups: Vec<(String, Option<String>)>,
    /// (name, group, respondents per tree) per team.
    pub(super) teams: Vec<(String, Option<String>, [u32; 3])>,
}

pub(super) const TREES: usize = 3;

pub(super) fn random_org(rng: &mut ChaCha8Rng) -> Org {
    let group_count = rng.random_range(1..5);
    let mut groups: Vec<(String, Option<String>)> = Vec::new();
    for g in 0..group_count {
        let parent = match rng.random_range(0..=g) {
            0 => None,
            p => Some(format!("G{}", p - 1)),
        };
        groups.push((format!("G{g}"), parent));
    }
    let team_count = rng.random_range(2..10);
    let teams = (0..team_count)
        .map(|t| {
            let group = match rng.random_range(0..=group_count) {
                0 => None,
                g => Some(format!("G{}", g - 1)),
            };
            // Mostly 1-3 or 6-16 respondents; a few empty teams.
            let respondents: u32 = match rng.random_range(0..10) {
                0 => 0,
                1..=4 => rng.random_range(1..4),
                _ => rng.random_range(6..17),
            };
            // Per tree: participation, then two domains some respondents skipped.
            let skip = |rng: &mut ChaCha8Rng| respondents.saturating_sub(rng.random_range(0..2));
            let n = [respondents, skip(rng), skip(rng)];
            (format!("T{t}"), group, n)
        })
        .collect();
    Org { groups, teams }
}

impl Org {
    /// The teams under unit (level, name): itself for a team.
    pub(super) fn teams_under(&self, level: Level, unit: &str) -> Vec<usize> {
        (0..self.teams.len())
            .filter(|&t| match level {
                Level::Organisation => true,
                Level::Team => self.teams[t].0 == unit,
                Level::Group => self
                    .ancestors(self.teams[t].1.clone())
                    .iter()
                    .any(|g| g == unit),
            })
            .collect()
    }

    fn ancestors(&self, mut group: Option<String>) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(g) = group {
            group = self.groups.iter().find(|(n, _)| *n == g).unwrap().1.clone();
            out.push(g);
        }
        out
    }

    /// Every unit: (level, name, parent group).
    pub(super) fn units(&self) -> Vec<(Level, String, Option<String>)> {
        let mut out = vec![(Level::Organisation, ORGANISATION.to_string(), None)];
        out.extend(
            self.groups
                .iter()
                .map(|(g, p)| (Level::Group, g.clone(), p.clone())),
        );
        out.extend(
            self.teams
                .iter()
                .map(|(t, g, _)| (Level::Team, t.clone(), g.clone())),
        );
        out
    }

    fn weight(&self, level: Level, unit: &str, tree: usize) -> u32 {
        self.teams_under(level, unit)
            .iter()
            .map(|&t| self.teams[t].2[tree])
            .sum()
    }

    /// Cells of domain 0 and 1 (trees 1 and 2) and participation (tree 0); Overall is
    /// left out of this test's trees.
    pub(super) fn screen(&self, min: u32) -> ScreenedSurvey {
        let mut cells = Vec::new();
        let mut parts = Vec::new();
        for (level, unit, group) in self.units() {
            parts.push(Participation {
                level,
                unit: unit.clone(),
                group: group.clone(),
                period: Quarter(2024 * 4),
                responses: self.weight(level, &unit, 0),
                size: None,
            });
            for d in 0..2 {
                cells.push(Cell {
                    level,
                    unit: unit.clone(),
                    group: group.clone(),
                    period: Quarter(2024 * 4),
                    measure: Measure::Domain(d),
                    n: self.weight(level, &unit, d + 1),
                    mean: 3.0,
                    sd: None,
                    ci: None,
                    favourable: None,
                    n_unknown: false,
                });
            }
        }
        screen_survey(cells, parts, min)
    }
}

/// Rank of a matrix of small integers by Gaussian elimination with partial pivoting.
fn rank(mut rows: Vec<Vec<f64>>) -> usize {
    let cols = rows.first().map_or(0, Vec::len);
    let mut r = 0;
    for c in 0..cols {
        let Some(p) =
            (r..rows.len()).max_by(|&a, &b| rows[a][c].abs().total_cmp(&rows[b][c].abs()))
        else {
            break;
        };
        if rows[p][c].abs() < 1e-9 {
            continue;
        }
        rows.swap(r, p);
        let pivot = rows[r].clone();
        for (i, row) in rows.iter_mut().enumerate() {
            if i != r {
                let f = row[c] / pivot[c];
                for (v, p) in row.iter_mut().zip(&pivot) {
                    *v -= f * p;
                }
            }
        }
        r += 1;
    }
    r
}

/// The attacker's equations over the hidden teams of one tree: each shown unit's team
/// set, with the shown (known) teams' values moved to the known side, i.e. their columns
/// dropped. Returns the equations and the hidden teams (columns) with their weights.
fn equations(
    org: &Org,
    shown: &dyn Fn(Level, &str) -> bool,
    tree: usize,
) -> (Vec<Vec<f64>>, Vec<(usize, u32)>) {
    let hidden: Vec<(usize, u32)> = (0..org.teams.len())
        .filter(|&t| !shown(Level::Team, &org.teams[t].0) && org.teams[t].2[tree] > 0)
        .map(|t| (t, org.teams[t].2[tree]))
        .collect();
    let rows = org
        .units()
        .into_iter()
        .filter(|(level, unit, _)| shown(*level, unit))
        .map(|(level, unit, _)| {
            let under = org.teams_under(level, &unit);
            hidden
                .iter()
                .map(|(t, _)| if under.contains(t) { 1.0 } else { 0.0 })
                .collect()
        })
        .collect();
    (rows, hidden)
}

/// Whether some combination of `rows` is non-zero only on the columns in `subset`.
pub(super) fn isolates(rows: &[Vec<f64>], subset: &[usize]) -> bool {
    let others: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .filter(|(j, _)| !subset.contains(j))
                .map(|(_, v)| *v)
                .collect()
        })
        .collect();
    rank(rows.to_vec()) > rank(others)
}

/// Every subset of `0..n` with up to `max` members.
pub(super) fn subsets(n: usize, max: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    for j in 0..n {
        let more: Vec<Vec<usize>> = out
            .iter()
            .filter(|s| s.len() < max)
            .map(|s| s.iter().copied().chain([j]).collect())
            .collect();
        out.extend(more);
    }
    out.retain(|s| !s.is_empty());
    out
}

/// What an attacker gets from one screened organisation: hidden values recovered and
/// hidden unions under `min` isolated, each described.
fn attack(org: &Org, screened: &ScreenedSurvey, min: u32) -> Vec<String> {
    let shown = |level: Level, unit: &str| {
        screened
            .participation
            .iter()
            .any(|p| p.unscreened().level == level && p.unscreened().unit == unit && p.is_shown())
    };
    let mut found = Vec::new();
    for tree in 0..TREES {
        let (rows, hidden) = equations(org, &shown, tree);
        if rows.is_empty() || hidden.is_empty() {
            continue;
        }
        // A hidden unit recovered: its hidden teams (columns) as one equation in the
        // row space, i.e. adding it does not raise the rank. One whose hidden teams are
        // those of a shown unit (a group holding the whole organisation's respondents in
        // this tree, say) is the shown number less shown teams: it tells nothing of
        // hidden people that the shown number does not.
        for (level, unit, _) in org.units() {
            if shown(level, &unit) || org.weight(level, &unit, tree) == 0 {
                continue;
            }
            let under = org.teams_under(level, &unit);
            let row: Vec<f64> = hidden
                .iter()
                .map(|(t, _)| if under.contains(t) { 1.0 } else { 0.0 })
                .collect();
            if row.iter().all(|v| *v == 0.0) || rows.contains(&row) {
                continue;
            }
            let mut with = rows.clone();
            with.push(row);
            if rank(with) == rank(rows.clone()) {
                found.push(format!("tree {tree}: hidden {unit} recovered"));
            }
        }
        // A union of hidden teams under the minimum isolated.
        for subset in subsets(hidden.len(), min as usize) {
            let weight: u32 = subset.iter().map(|&j| hidden[j].1).sum();
            if weight < min && isolates(&rows, &subset) {
                let names: Vec<&str> = subset
                    .iter()
                    .map(|&j| org.teams[hidden[j].0].0.as_str())
                    .collect();
                found.push(format!("tree {tree}: union {names:?} of {weight} isolated"));
            }
        }
    }
    found
}

/// G holds Big (12), Solo1 (1), Solo2 (1): case 1 of the privacy review.
fn big_and_two_solos() -> Org {
    Org {
        groups: vec![("G".into(), None)],
        teams: vec![
            ("Big".into(), Some("G".into()), [12; 3]),
            ("Solo1".into(), Some("G".into()), [1; 3]),
            ("Solo2".into(), Some("G".into()), [1; 3]),
        ],
    }
}

/// Case 1 of the privacy review, by hand: G holds Big (12), Solo1 (1), Solo2 (1). Two
/// hidden cells satisfied the old rule, but G minus Big gave both people's answers.
/// Now Big is hidden too (the only shown unit below G), so the union is 14.
#[test]
fn two_hidden_one_person_teams_beside_a_shown_team_hide_it() {
    let org = big_and_two_solos();
    let screened = org.screen(5);
    let hidden: Vec<&str> = screened
        .participation
        .iter()
        .filter(|p| !p.is_shown())
        .map(|p| p.unscreened().unit.as_str())
        .collect();
    assert_eq!(hidden, ["Big", "Solo1", "Solo2"]);
    assert!(attack(&org, &screened, 5).is_empty());
}

/// A group two levels down: Org -> G1 -> G2 -> {A (1), B (2)}, G1 -> C (9), Org -> D (8).
/// G2 is hidden for being small (3); G1 = G2 + C with G2 alone hidden would give G2
/// (A + B, 3 people) away: C goes, and G1's union is 12. By hand.
#[test]
fn a_union_two_levels_down_counts_under_every_shown_total() {
    let org = Org {
        groups: vec![("G1".into(), None), ("G2".into(), Some("G1".into()))],
        teams: vec![
            ("A".into(), Some("G2".into()), [1; 3]),
            ("B".into(), Some("G2".into()), [2; 3]),
            ("C".into(), Some("G1".into()), [9; 3]),
            ("D".into(), None, [8; 3]),
        ],
    };
    let screened = org.screen(5);
    let found = attack(&org, &screened, 5);
    assert!(found.is_empty(), "{found:?}");
    let shown: Vec<&str> = screened
        .participation
        .iter()
        .filter(|p| p.is_shown())
        .map(|p| p.unscreened().unit.as_str())
        .collect();
    assert!(!shown.contains(&"C"), "C shown: {shown:?}");
}

/// The attacker itself finds the old rule's leak (the test can fail): with only the
/// "two hidden per equation" rule, Big stays shown and the two solos are isolated.
#[test]
fn the_attacker_finds_a_union_the_old_rule_left_open() {
    let org = big_and_two_solos();
    let mut screened = org.screen(5);
    for p in &mut screened.participation {
        if p.unscreened().unit == "Big" {
            *p = Screened::new(p.unscreened().clone(), None);
        }
    }
    let found = attack(&org, &screened, 5);
    assert_eq!(found.len(), TREES, "{found:?}");
    assert!(
        found[0].contains("[\"Solo1\", \"Solo2\"] of 2"),
        "{found:?}"
    );
}

#[test]
fn random_unbalanced_trees_leak_nothing() {
    let mut rng = ChaCha8Rng::seed_from_u64(24);
    for round in 0..400 {
        let org = random_org(&mut rng);
        let min = rng.random_range(3..6);
        let screened = org.screen(min);
        let found = attack(&org, &screened, min);
        assert!(
            found.is_empty(),
            "round {round}, min {min}: {found:?}\ngroups {:?}\nteams {:?}",
            org.groups,
            org.teams
        );
    }
}

/// Every shown comment list, minus every combination of shown lists below it, leaves
/// none or at least `min` respondents. Brute force over the combinations.
fn comment_leaks(
    org: &Org,
    allowed: &std::collections::BTreeSet<comments::CommentUnit>,
    min: u32,
) -> Vec<String> {
    let shown: Vec<(Level, String)> = org
        .units()
        .into_iter()
        .filter(|(l, u, _)| allowed.iter().any(|k| k.0 == *l && k.1 == *u))
        .map(|(l, u, _)| (l, u))
        .collect();
    let mut found = Vec::new();
    for (level, unit) in &shown {
        let under = org.teams_under(*level, unit);
        let below: Vec<Vec<usize>> = shown
            .iter()
            .filter(|(l, u)| (l, u) != (level, unit))
            .map(|(l, u)| org.teams_under(*l, u))
            .filter(|t| {
                !t.is_empty() && t.iter().all(|x| under.contains(x)) && t.len() < under.len()
            })
            .collect();
        for subset in subsets(below.len(), below.len()) {
            let removed: Vec<usize> = subset.iter().flat_map(|&j| below[j].clone()).collect();
            let left: u32 = under
                .iter()
                .filter(|t| !removed.contains(t))
                .map(|&t| org.teams[t].2[0])
                .sum();
            if left > 0 && left < min {
                found.push(format!("{unit} minus {subset:?} leaves {left}"));
            }
        }
    }
    found
}

/// Org -> G1 (A, B), G2 (C, D), S: the shape of cases 3 and 4, respondents as given.
fn two_groups_and_a_team(a: u32, b: u32, c: u32, d: u32, s: u32) -> Org {
    Org {
        groups: vec![("G1".into(), None), ("G2".into(), None)],
        teams: vec![
            ("A".into(), Some("G1".into()), [a; 3]),
            ("B".into(), Some("G1".into()), [b; 3]),
            ("C".into(), Some("G2".into()), [c; 3]),
            ("D".into(), Some("G2".into()), [d; 3]),
            ("S".into(), None, [s; 3]),
        ],
    }
}

/// Case 3 of the privacy review, by hand: Org -> G1 (A 12, B 4), G2 (C 10, D 10), S (3),
/// comments from 10. Org minus G2 minus A gave B's comments. Now nothing of the sort.
#[test]
fn comments_hold_against_differences_two_levels_down() {
    let org = two_groups_and_a_team(12, 4, 10, 10, 3);
    let screened = org.screen(5);
    let allowed = comments::comment_units(&screened.participation, 10);
    assert!(!allowed.is_empty());
    assert_eq!(comment_leaks(&org, &allowed, 10), Vec::<String>::new());
}

/// Case 4, by hand: no small team, comments from 15: Org -> G1 (A 16, B 6), G2 (C 15,
/// D 15), S (6). G1 held back for S once left B's 6 comments to Org - G2 - A.
#[test]
fn comments_hold_after_a_roll_up_is_held_back() {
    let org = two_groups_and_a_team(16, 6, 15, 15, 6);
    let screened = org.screen(5);
    let allowed = comments::comment_units(&screened.participation, 15);
    let names: Vec<&str> = allowed.iter().map(|k| k.1.as_str()).collect();
    // By hand: Org's union is S (6): G1 goes (it adds B's 6), then A (16): Org minus G2
    // is then 28 people. G2, C and D stay.
    assert_eq!(names, ["Organisation", "G2", "C", "D"]);
    assert_eq!(comment_leaks(&org, &allowed, 15), Vec::<String>::new());
}

#[test]
fn random_trees_leave_no_comment_set_under_the_minimum() {
    let mut rng = ChaCha8Rng::seed_from_u64(2402);
    for round in 0..300 {
        let org = random_org(&mut rng);
        let min = rng.random_range(3..6);
        let min_comments = min + rng.random_range(0..8);
        let screened = org.screen(min);
        let allowed = comments::comment_units(&screened.participation, min_comments);
        let found = comment_leaks(&org, &allowed, min_comments);
        assert!(
            found.is_empty(),
            "round {round}: {found:?}\ngroups {:?}\nteams {:?}",
            org.groups,
            org.teams
        );
    }
}
