//! Which units' free-text comments may be shown. A comment list is not a number, but it
//! subtracts like one: a roll-up's comments minus those shown for the units under it
//! are the comments of the units not shown. So a unit-quarter's comments are shown only
//! when it is shown, has at least `min_comments` respondents, and, for every roll-up
//! whose comments are shown, the units under it whose comments are not shown have
//! together none or at least `min_comments` respondents.

use std::collections::{BTreeMap, BTreeSet};

use crate::metrics::participation::Participation;
use crate::metrics::scores::Level;
use crate::model::Screened;
use crate::validate::Quarter;

/// A unit in a quarter: level, name, quarter.
pub type CommentUnit = (Level, String, Quarter);

/// The unit-quarters whose comments may be shown.
pub fn comment_units(
    participation: &[Screened<Participation>],
    min_comments: u32,
) -> BTreeSet<CommentUnit> {
    let key = |p: &Participation| (p.level, p.unit.clone(), p.period);
    let mut allowed: BTreeSet<CommentUnit> = participation
        .iter()
        .filter(|p| p.is_shown() && p.item.responses >= min_comments)
        .map(|p| key(&p.item))
        .collect();
    // Each parent's children, per quarter.
    let mut children: BTreeMap<CommentUnit, Vec<(u32, CommentUnit)>> = BTreeMap::new();
    for p in participation {
        let parent = match (p.item.level, &p.item.group) {
            (Level::Organisation, _) => continue,
            (_, Some(g)) => (Level::Group, g.clone(), p.item.period),
            (_, None) => (
                Level::Organisation,
                crate::metrics::scores::ORGANISATION.to_string(),
                p.item.period,
            ),
        };
        children
            .entry(parent)
            .or_default()
            .push((p.item.responses, key(&p.item)));
    }
    loop {
        let mut changed = false;
        for (parent, kids) in &children {
            if !allowed.contains(parent) {
                continue;
            }
            let unseen: u32 = kids
                .iter()
                .filter(|(_, k)| !allowed.contains(k))
                .map(|(n, _)| n)
                .sum();
            if unseen == 0 || unseen >= min_comments {
                continue;
            }
            let pick = kids
                .iter()
                .filter(|(n, k)| allowed.contains(k) && *n > 0)
                .min_by(|a, b| (a.0, &a.1 .1).cmp(&(b.0, &b.1 .1)))
                .map(|(_, k)| k.clone());
            allowed.remove(&pick.unwrap_or_else(|| parent.clone()));
            changed = true;
        }
        if !changed {
            return allowed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(
        level: Level,
        unit: &str,
        group: Option<&str>,
        responses: u32,
    ) -> Screened<Participation> {
        Screened {
            item: Participation {
                level,
                unit: unit.into(),
                group: group.map(str::to_string),
                period: Quarter(8100),
                responses,
                size: None,
            },
            hidden: (responses > 0 && responses < 5).then_some(crate::model::Hidden::SmallGroup),
        }
    }

    fn names(set: &BTreeSet<CommentUnit>) -> Vec<&str> {
        set.iter().map(|k| k.1.as_str()).collect()
    }

    /// By hand: G = A (12) + B (10) + S (3). S is below 10, so G's list minus A's and B's
    /// would be S's comments: B (the smaller) is not shown either, leaving 13 unseen.
    /// The organisation = G + H (11): H shown, G shown, nothing unseen.
    #[test]
    fn a_roll_up_never_shows_the_comments_of_fewer_than_the_minimum_by_difference() {
        let parts = vec![
            part(Level::Organisation, "Organisation", None, 36),
            part(Level::Group, "G", None, 25),
            part(Level::Team, "A", Some("G"), 12),
            part(Level::Team, "B", Some("G"), 10),
            part(Level::Team, "S", Some("G"), 3),
            part(Level::Team, "H", None, 11),
        ];
        let allowed = comment_units(&parts, 10);
        assert_eq!(names(&allowed), ["Organisation", "G", "A", "H"]);
    }

    /// A roll-up of one big team and one small one: the big one's comments go, so the
    /// roll-up's list is the only one and no difference singles out the small team.
    #[test]
    fn a_small_team_is_covered_by_hiding_its_only_sibling() {
        let parts = vec![
            part(Level::Organisation, "Organisation", None, 30),
            part(Level::Group, "G", None, 14),
            part(Level::Team, "A", Some("G"), 11),
            part(Level::Team, "S", Some("G"), 3),
            part(Level::Team, "H", None, 16),
        ];
        // G: S unseen (3) -> hide A (11): 14 unseen, fine. Organisation: G (14) and H
        // (16) both shown.
        let allowed = comment_units(&parts, 10);
        assert_eq!(names(&allowed), ["Organisation", "G", "H"]);
    }
}
