//! Free-text comments per unit and quarter, for the units whose comments may be shown
//! (decided by privacy, passed in as data): the comments in a shuffled order that is the
//! same on every run, their count, the flagged ones counted but never shown, and the
//! platform's topics counted.

use std::collections::{BTreeMap, BTreeSet};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::scores::{Level, ORGANISATION};
use crate::validate::{Dataset, Quarter};

/// One unit-quarter's comments.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitComments {
    pub level: Level,
    pub unit: String,
    pub group: Option<String>,
    pub period: Quarter,
    /// Comments not flagged, shuffled: (comment column, text).
    pub comments: Vec<(u16, String)>,
    /// Comments the platform flagged as sensitive: counted, never shown.
    pub flagged: u32,
    /// Topic -> comments with it (flagged ones included), by topic.
    pub topics: BTreeMap<String, u32>,
}

/// A fixed 64-bit hash (FNV-1a) of a unit-quarter, to seed its shuffle: the same on
/// every machine and run.
fn seed_of(level: Level, unit: &str, period: Quarter) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in level
        .as_str()
        .bytes()
        .chain([0])
        .chain(unit.bytes())
        .chain([0])
        .chain(period.0.to_le_bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The comments of every unit-quarter in `allowed` (level, name, quarter), sorted like
/// the score cells. A comment counts in its respondent's team, every group above it and
/// the organisation.
pub fn unit_comments(
    ds: &Dataset,
    allowed: &BTreeSet<(Level, String, Quarter)>,
) -> Vec<UnitComments> {
    let mut by_unit: BTreeMap<(Level, String, Quarter), UnitComments> = BTreeMap::new();
    for c in &ds.responses.comments {
        let r = c.response as usize;
        let (team, period) = (
            &ds.teams[ds.responses.team[r] as usize],
            ds.responses.period[r],
        );
        let mut units = vec![
            (Level::Team, team.name.clone(), team.group.clone()),
            (Level::Organisation, ORGANISATION.to_string(), None),
        ];
        units.extend(
            ds.groups_above(team)
                .into_iter()
                .map(|g| (Level::Group, g.clone(), ds.group_parents.get(&g).cloned())),
        );
        for (level, unit, group) in units {
            let key = (level, unit, period);
            if !allowed.contains(&key) {
                continue;
            }
            let entry = by_unit.entry(key.clone()).or_insert_with(|| UnitComments {
                level,
                unit: key.1.clone(),
                group,
                period,
                comments: Vec::new(),
                flagged: 0,
                topics: BTreeMap::new(),
            });
            if c.flagged {
                entry.flagged += 1;
            } else {
                entry.comments.push((c.column, c.text.to_string()));
            }
            for t in &c.topics {
                *entry.topics.entry(t.to_string()).or_default() += 1;
            }
        }
    }
    let mut out: Vec<UnitComments> = by_unit.into_values().collect();
    for u in &mut out {
        // File order could tell who wrote what (answers arrive in time order): a
        // Fisher-Yates shuffle seeded by the unit-quarter hides it, the same each run.
        let mut rng = ChaCha8Rng::seed_from_u64(seed_of(u.level, &u.unit, u.period));
        for i in (1..u.comments.len()).rev() {
            let j = rng.random_range(0..=i);
            u.comments.swap(i, j);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::dataset;

    const SCHEMA: &str = r#"
[instrument]
name = "c"
[scale]
min = 1
max = 5
[columns]
team = "Team"
group = "Group"
quarter = "Quarter"
[[domains]]
id = "a"
name = "Alpha"
[[items]]
id = "a1"
domain = "a"
header = "a1"
[[comments]]
id = "note"
header = "Note"
topics = "Note_TOPICS"
sensitive = "Note_FLAG"
"#;

    #[test]
    fn comments_count_in_every_allowed_unit_flagged_ones_only_as_a_number() {
        let s = crate::schema::Schema::parse(SCHEMA).unwrap();
        let ds = dataset(
            &s,
            "Team,Group,Quarter,a1,Note,Note_TOPICS,Note_FLAG\n\
A,G,2025-Q1,4,first,\"Culture, Workload\",\n\
A,G,2025-Q1,4,  ,,\n\
B,G,2025-Q1,3,second,Culture,1\n\
B,G,2025-Q1,3,third,,no\n",
        );
        assert!(ds.problems.is_empty(), "{:?}", ds.problems);
        assert_eq!(ds.responses.comments.len(), 3, "a blank cell is no comment");
        let q = Quarter::parse("2025-Q1").unwrap();
        let allowed: BTreeSet<_> = [
            (Level::Group, "G".to_string(), q),
            (Level::Team, "A".to_string(), q),
        ]
        .into();
        let out = unit_comments(&ds, &allowed);
        assert_eq!(out.len(), 2);
        let g = out.iter().find(|u| u.unit == "G").unwrap();
        let mut texts: Vec<&str> = g.comments.iter().map(|(_, t)| t.as_str()).collect();
        texts.sort_unstable();
        assert_eq!(texts, ["first", "third"]);
        assert_eq!(g.flagged, 1);
        assert_eq!(
            g.topics,
            BTreeMap::from([("Culture".to_string(), 2), ("Workload".to_string(), 1)])
        );
        // The same input gives the same order.
        assert_eq!(unit_comments(&ds, &allowed), out);
    }
}
