//! Participation: responses per team and quarter, rolled up to groups and the
//! organisation, with the response rate where team sizes are known.

use std::collections::BTreeMap;

use super::scores::{Level, ORGANISATION};
use crate::schema::compare_key;
use crate::validate::{Dataset, Quarter};

#[derive(Debug, Clone, PartialEq)]
pub struct Participation {
    pub level: Level,
    pub unit: String,
    pub group: Option<String>,
    pub period: Quarter,
    /// Accepted responses (for aggregated rows: their respondent count).
    pub responses: u32,
    /// Team size (summed over teams with a known size for roll-ups).
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

/// Participation rows for every team (including listed teams with no responses) in
/// every quarter that has any response, plus group and organisation totals.
pub fn participation(
    ds: &Dataset,
    sizes: &TeamSizes,
    listed_teams: &[(String, Option<String>)],
) -> Vec<Participation> {
    let mut counts: BTreeMap<(String, Quarter), u32> = BTreeMap::new();
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
    for (&team, &period) in ds.responses.team.iter().zip(&ds.responses.period) {
        *counts
            .entry((ds.teams[team as usize].name.clone(), period))
            .or_default() += 1;
    }
    for row in &ds.aggregated {
        *counts
            .entry((ds.teams[row.team as usize].name.clone(), row.period))
            .or_default() += row.respondents;
    }
    let periods: std::collections::BTreeSet<Quarter> = counts.keys().map(|k| k.1).collect();
    let mut out = Vec::new();
    let mut totals: BTreeMap<(Level, String, Quarter), (u32, Option<u32>)> = BTreeMap::new();
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
            if let Some(g) = group {
                parents.push((Level::Group, g.clone()));
            }
            for (level, unit) in parents {
                let t = totals.entry((level, unit, *period)).or_insert((0, None));
                t.0 += responses;
                if let Some(s) = size {
                    t.1 = Some(t.1.unwrap_or(0) + s);
                }
            }
        }
    }
    for ((level, unit, period), (responses, size)) in totals {
        out.push(Participation {
            level,
            unit,
            group: None,
            period,
            responses,
            size,
        });
    }
    out.sort_by(|a, b| (a.level, &a.unit, a.period).cmp(&(b.level, &b.unit, b.period)));
    out
}
