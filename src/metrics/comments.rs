//! Free-text comments per unit and quarter, for the units whose comments may be shown
//! (decided by privacy, passed in as data): the comments in the order of their text,
//! their count, the flagged ones counted but never shown, and the platform's topics
//! counted.

use crate::model::Quarter;
use std::collections::{BTreeMap, BTreeSet};

use super::scores::{Level, ORGANISATION};
use crate::validate::Dataset;

/// One unit-quarter's comments.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitComments {
    pub level: Level,
    pub unit: String,
    pub group: Option<String>,
    pub period: Quarter,
    /// Comments not flagged, in the order of their text: (comment column, text).
    pub comments: Vec<(u16, String)>,
    /// Comments the platform flagged as sensitive: counted, never shown.
    pub flagged: u32,
    /// Topic -> comments with it (flagged ones included), by topic.
    pub topics: BTreeMap<String, u32>,
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
        // File order could tell who wrote what (answers arrive in time order, teams in
        // blocks), and so could any shuffle a second run with one added comment can
        // trace: the comments are listed by their text, which says nothing of the writer
        // beyond what the text itself says.
        u.comments
            .sort_unstable_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
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

    /// Case 5 of the privacy review: a second run with one known probe comment added
    /// showed how the seeded shuffle permuted, and so the file order. Listed by text,
    /// the other comments come out the same whatever the file order and whatever is
    /// added.
    #[test]
    fn comment_order_does_not_depend_on_file_order_or_a_probe() {
        let s = crate::schema::Schema::parse(SCHEMA).unwrap();
        let head = "Team,Group,Quarter,a1,Note,Note_TOPICS,Note_FLAG\n";
        let rows = [
            "A,G,2025-Q1,4,zeta,,\n",
            "A,G,2025-Q1,4,alpha,,\n",
            "B,G,2025-Q1,3,mu,,\n",
        ];
        let q = Quarter::parse("2025-Q1").unwrap();
        let allowed: BTreeSet<_> = [(Level::Group, "G".to_string(), q)].into();
        let texts = |csv: String| -> Vec<String> {
            let out = unit_comments(&dataset(&s, &csv), &allowed);
            out[0].comments.iter().map(|(_, t)| t.clone()).collect()
        };
        let forward = texts(format!("{head}{}{}{}", rows[0], rows[1], rows[2]));
        let backward = texts(format!("{head}{}{}{}", rows[2], rows[1], rows[0]));
        assert_eq!(forward, ["alpha", "mu", "zeta"]);
        assert_eq!(backward, forward);
        let probed = texts(format!(
            "{head}{}B,G,2025-Q1,3,probe,,\n{}{}",
            rows[0], rows[1], rows[2]
        ));
        assert_eq!(probed, ["alpha", "mu", "probe", "zeta"]);
    }
}
