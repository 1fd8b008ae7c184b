//! Rater-group privacy for 360 feedback: self and manager are shown as they are; peers,
//! team members and cross-functional partners need `min_raters` each. Small groups of a
//! person's quarter are merged into "others" when together they reach the minimum, and
//! suppressed otherwise. It decides what may be shown; it changes no rating.

use crate::model::{GroupKey, GroupStatus};
use std::collections::BTreeMap;

use crate::model::Quarter;
use crate::validate::feedback::Rating;

/// Decide every rater group's status.
pub fn screen_rater_groups(
    ratings: &[Rating],
    min_raters: usize,
) -> BTreeMap<GroupKey, (usize, GroupStatus)> {
    let mut counts: BTreeMap<GroupKey, usize> = BTreeMap::new();
    for r in ratings {
        *counts
            .entry((r.person.clone(), r.quarter, r.perspective))
            .or_default() += 1;
    }
    // Raters in the small groups of each person's quarter.
    let mut small: BTreeMap<(String, Quarter), usize> = BTreeMap::new();
    for ((person, q, p), n) in &counts {
        if p.needs_minimum() && *n < min_raters {
            *small.entry((person.clone(), *q)).or_default() += n;
        }
    }
    counts
        .into_iter()
        .map(|(key, n)| {
            let status = if !key.2.needs_minimum() || n >= min_raters {
                GroupStatus::Shown
            } else if small[&(key.0.clone(), key.1)] >= min_raters {
                GroupStatus::MergedIntoOthers
            } else {
                GroupStatus::Suppressed
            };
            (key, (n, status))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(person: &str, p: crate::model::Perspective) -> Rating {
        Rating {
            person: person.to_string(),
            perspective: p,
            quarter: Quarter::parse("2025-Q1").unwrap(),
            scores: Vec::new(),
            items: Vec::new(),
            comment: None,
        }
    }

    #[test]
    fn small_groups_merge_when_together_they_reach_the_minimum() {
        use crate::model::Perspective::*;
        let mut r = vec![rating("a", SelfRating), rating("a", Manager)];
        r.extend((0..3).map(|_| rating("a", Peer)));
        r.extend((0..2).map(|_| rating("a", TeamMember)));
        r.push(rating("a", CrossFunctional));
        // b: one small group alone.
        r.extend((0..2).map(|_| rating("b", CrossFunctional)));
        r.extend((0..4).map(|_| rating("b", Peer)));
        let s = screen_rater_groups(&r, 3);
        let q = Quarter::parse("2025-Q1").unwrap();
        let status = |p: &str, per| s[&(p.to_string(), q, per)];
        assert_eq!(status("a", SelfRating), (1, GroupStatus::Shown));
        assert_eq!(
            status("a", Manager),
            (1, GroupStatus::Shown),
            "manager shown as is"
        );
        assert_eq!(status("a", Peer), (3, GroupStatus::Shown));
        assert_eq!(status("a", TeamMember), (2, GroupStatus::MergedIntoOthers));
        assert_eq!(
            status("a", CrossFunctional),
            (1, GroupStatus::MergedIntoOthers)
        );
        assert_eq!(status("b", CrossFunctional), (2, GroupStatus::Suppressed));
        assert_eq!(status("b", Peer), (4, GroupStatus::Shown));
    }
}
