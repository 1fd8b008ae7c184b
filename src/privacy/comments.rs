//! Which units' free-text comments may be shown. A comment list is not a number, but it
//! subtracts like one: a roll-up's comments minus those shown for the units under it
//! are the comments of the units not shown. So a unit-quarter's comments are shown only
//! when it is shown, has at least `min_comments` respondents, and, under every unit whose
//! comments are shown, the units at any depth whose comments no shown list below covers
//! have together none or at least `min_comments` respondents (the union rule of
//! [`super::tree`], applied to the comment lists alone).

use std::collections::BTreeSet;

use super::tree::{hide_unions, Node};
use crate::metrics::participation::Participation;
use crate::metrics::scores::{Level, ORGANISATION};
use crate::model::Quarter;
use crate::model::Screened;

/// A unit in a quarter: level, name, quarter.
pub type CommentUnit = (Level, String, Quarter);

/// The unit-quarters whose comments may be shown.
pub fn comment_units(
    participation: &[Screened<Participation>],
    min_comments: u32,
) -> BTreeSet<CommentUnit> {
    let key = |p: &Participation| (p.level, p.unit.clone(), p.period);
    let mut quarters: Vec<Quarter> = participation
        .iter()
        .map(|p| p.unscreened().period)
        .collect();
    quarters.sort_unstable();
    quarters.dedup();
    let mut allowed = BTreeSet::new();
    for q in quarters {
        let members: Vec<&Screened<Participation>> = participation
            .iter()
            .filter(|p| p.unscreened().period == q)
            .collect();
        let position = |level: Level, unit: &str| {
            members
                .iter()
                .position(|m| m.unscreened().level == level && m.unscreened().unit == unit)
        };
        let org = position(Level::Organisation, ORGANISATION);
        let mut nodes: Vec<Node> = members
            .iter()
            .map(|m| {
                let p = &m.unscreened();
                Node {
                    parent: match (p.level, &p.group) {
                        (Level::Organisation, _) => None,
                        (_, Some(g)) => position(Level::Group, g),
                        (_, None) => org,
                    },
                    weight: p.responses,
                    hidden: !(m.is_shown() && p.responses >= min_comments),
                    // Any list may be held back, the organisation's too; an empty one
                    // protects nothing.
                    protected: p.responses == 0,
                    name: p.unit.clone(),
                }
            })
            .collect();
        hide_unions(&mut nodes, min_comments);
        allowed.extend(
            nodes
                .iter()
                .zip(&members)
                .filter(|(n, _)| !n.hidden)
                .map(|(_, m)| key(m.unscreened())),
        );
    }
    allowed
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
        Screened::new(
            Participation {
                level,
                unit: unit.into(),
                group: group.map(str::to_string),
                period: Quarter(8100),
                responses,
                size: None,
            },
            (responses > 0 && responses < 5).then_some(crate::model::Hidden::SmallGroup),
        )
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
