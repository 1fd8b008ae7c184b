//! Participation: responses per team and quarter, rolled up to groups and the
//! organisation, with the response rate where team sizes are known.

use crate::model::Quarter;
use std::collections::BTreeMap;

use super::scores::{Level, ORGANISATION};
use crate::text::compare_key;
use crate::validate::Dataset;

/// Which unit and quarter a participation row belongs to, and the unit's size (from the
/// team list, not from the responses): printed whether the row is shown or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParticipationKey<'a> {
    pub level: Level,
    pub unit: &'a str,
    pub group: Option<&'a str>,
    pub period: Quarter,
    pub size: Option<u32>,
}

impl crate::model::Keyed for Participation {
    type Key<'a> = ParticipationKey<'a>;

    fn key(&self) -> ParticipationKey<'_> {
        ParticipationKey {
            level: self.level,
            unit: &self.unit,
            group: self.group.as_deref(),
            period: self.period,
            size: self.size,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Participation {
    pub level: Level,
    pub unit: String,
    pub group: Option<String>,
    pub period: Quarter,
    /// Accepted responses (for aggregated rows: their respondent count).
    pub responses: u32,
    /// Team size; for a roll-up the sum of its teams' sizes, known only when every
    /// team in it has a size (a rate over some teams' sizes would overstate it).
    pub size: Option<u32>,
}

impl Participation {
    pub fn rate(&self) -> Option<f64> {
        self.size
            .filter(|s| *s > 0)
            .map(|s| self.responses as f64 / s as f64)
    }
}

/// Team sizes keyed by [`compare_key`] of the team name.
pub type TeamSizes = BTreeMap<String, u32>;

/// Every team with its group: the data's teams, then listed teams the data lacks.
fn teams_and_groups(
    ds: &Dataset,
    listed_teams: &[(String, Option<String>)],
) -> BTreeMap<String, Option<String>> {
    let mut group_of: BTreeMap<String, Option<String>> = BTreeMap::new();
    for t in &ds.teams {
        group_of.insert(t.name.clone(), t.group.clone());
    }
    for (name, group) in listed_teams {
        if !ds
            .teams
            .iter()
            .any(|t| compare_key(&t.name) == compare_key(name))
        {
            group_of.insert(name.clone(), group.clone());
        }
    }
    group_of
}

/// Responses per team name and quarter, from response rows and the respondent counts of
/// aggregated rows.
fn responses_per_team(ds: &Dataset) -> BTreeMap<(String, Quarter), u32> {
    let mut counts: BTreeMap<(String, Quarter), u32> = BTreeMap::new();
    // Counted by team id first: one name per team-quarter, not one per response.
    let mut by_id: std::collections::HashMap<(u32, Quarter), u32> = Default::default();
    for (&team, &period) in ds.responses.team.iter().zip(&ds.responses.period) {
        *by_id.entry((team, period)).or_default() += 1;
    }
    for ((team, period), n) in by_id {
        *counts
            .entry((ds.teams[team as usize].name.clone(), period))
            .or_default() += n;
    }
    // Rows without a respondent count have no participation to show.
    for row in &ds.aggregated {
        if let Some(n) = row.respondents {
            *counts
                .entry((ds.teams[row.team as usize].name.clone(), row.period))
                .or_default() += n;
        }
    }
    counts
}

/// Participation rows for every team (including listed teams with no responses) in
/// every quarter that has any response, plus group and organisation totals.
pub fn participation(
    ds: &Dataset,
    sizes: &TeamSizes,
    listed_teams: &[(String, Option<String>)],
) -> Vec<Participation> {
    let group_of = teams_and_groups(ds, listed_teams);
    let counts = responses_per_team(ds);
    let periods: std::collections::BTreeSet<Quarter> = counts.keys().map(|k| k.1).collect();
    let mut out = Vec::new();
    let mut totals: BTreeMap<(Level, String, Quarter), (u32, Option<u32>)> = BTreeMap::new();
    let mut unsized_units: std::collections::BTreeSet<(Level, String, Quarter)> =
        std::collections::BTreeSet::new();
    for period in &periods {
        for (team, group) in &group_of {
            let responses = counts.get(&(team.clone(), *period)).copied().unwrap_or(0);
            let size = sizes.get(&compare_key(team)).copied();
            out.push(Participation {
                level: Level::Team,
                unit: team.clone(),
                group: group.clone(),
                period: *period,
                responses,
                size,
            });
            let mut parents = vec![(Level::Organisation, ORGANISATION.to_string())];
            let chain = crate::validate::Team {
                name: team.clone(),
                group: group.clone(),
            };
            parents.extend(
                ds.groups_above(&chain)
                    .into_iter()
                    .map(|g| (Level::Group, g)),
            );
            for (level, unit) in parents {
                let key = (level, unit, *period);
                match size {
                    Some(s) => {
                        let t = totals.entry(key).or_insert((0, None));
                        t.0 += responses;
                        t.1 = Some(t.1.unwrap_or(0) + s);
                    }
                    None => {
                        totals.entry(key.clone()).or_insert((0, None)).0 += responses;
                        unsized_units.insert(key);
                    }
                }
            }
        }
    }
    for ((level, unit, period), (responses, size)) in totals {
        let size = size.filter(|_| !unsized_units.contains(&(level, unit.clone(), period)));
        let group = match level {
            Level::Group => ds.group_parents.get(&unit).cloned(),
            _ => None,
        };
        out.push(Participation {
            level,
            unit,
            group,
            period,
            responses,
            size,
        });
    }
    out.sort_by(|a, b| (a.level, &a.unit, a.period).cmp(&(b.level, &b.unit, b.period)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::{dataset, schema};

    fn rows(ds: &Dataset, sizes: &[(&str, u32)]) -> Vec<Participation> {
        let sizes: TeamSizes = sizes.iter().map(|(t, s)| (compare_key(t), *s)).collect();
        participation(ds, &sizes, &[])
    }

    fn find<'p>(rows: &'p [Participation], unit: &str) -> &'p Participation {
        rows.iter().find(|p| p.unit == unit).unwrap()
    }

    /// Regression: a group's rate divided all its responses by the sizes of only the
    /// teams that had one (here 3 / 4 = 75% instead of unknown).
    #[test]
    fn a_roll_up_rate_needs_every_team_size() {
        let s = schema();
        let ds = dataset(
            &s,
            "Team,Group,Quarter,a1,a2,b1,b2\n\
T1,G,2024-Q1,4,4,4,4\n\
T1,G,2024-Q1,4,4,4,4\n\
T2,G,2024-Q1,4,4,4,4\n",
        );
        let some = rows(&ds, &[("T1", 4)]);
        assert_eq!(find(&some, "T1").rate(), Some(0.5));
        assert_eq!(find(&some, "T2").rate(), None);
        assert_eq!(find(&some, "G").size, None);
        assert_eq!(find(&some, ORGANISATION).rate(), None);
        let all = rows(&ds, &[("T1", 4), ("T2", 2)]);
        // 3 responses over 4 + 2 members.
        assert_eq!(find(&all, "G").rate(), Some(0.5));
        assert_eq!(find(&all, ORGANISATION).size, Some(6));
    }

    /// A team two levels down counts in both groups above it; each group names its
    /// parent.
    #[test]
    fn responses_count_in_every_group_above_the_team() {
        let s = schema();
        let mut ds = dataset(
            &s,
            "Team,Group,Quarter,a1,a2,b1,b2\n\
T1,G,2024-Q1,4,4,4,4\n\
T2,G,2024-Q1,4,4,4,4\n\
T2,G,2024-Q1,4,4,4,4\n",
        );
        ds.teams[1].group = Some("Sub".into());
        ds.group_parents.insert("Sub".into(), "G".into());
        let all = rows(&ds, &[("T1", 2), ("T2", 4)]);
        let sub = find(&all, "Sub");
        assert_eq!(
            (sub.responses, sub.size, sub.group.as_deref()),
            (2, Some(4), Some("G"))
        );
        let g = find(&all, "G");
        assert_eq!(
            (g.responses, g.size, g.group.as_deref()),
            (3, Some(6), None)
        );
        assert_eq!(find(&all, ORGANISATION).responses, 3);
    }
}
