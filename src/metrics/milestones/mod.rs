//! Team milestone checklists: items completed per category per team per month, streaks,
//! items never reached, and how a quarter's completion lines up with the next quarter's
//! team-health change.

use crate::model::{Measure, Quarter};
use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;

use super::interventions::Panel;
use super::stats::{adjust_family, within_groups, Correlation};
use crate::schema::Schema;
use crate::validate::Dataset;

/// Below this many team-quarters a health correlation carries a small-sample warning.
pub const SMALL_N: usize = 20;

/// A calendar month as `year * 12 + month0`, so consecutive months differ by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    pub fn of(date: chrono::NaiveDate) -> Month {
        Month(date.year() * 12 + date.month0() as i32)
    }

    /// `2025-03`.
    pub fn label(self) -> String {
        format!("{}-{:02}", self.0.div_euclid(12), self.0.rem_euclid(12) + 1)
    }

    pub fn quarter(self) -> Quarter {
        Quarter(self.0.div_euclid(12) * 4 + self.0.rem_euclid(12) / 3)
    }
}

/// One team's checklist for one category in one month (submissions of a month pooled:
/// an item ticked in any of them counts).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    pub team: String,
    pub month: Month,
    pub category: usize,
    pub ticked: u64,
    pub completed: u32,
    pub items: u32,
    /// Months in a row, ending with this one, with at least one item of the category.
    pub streak: u32,
}

/// One team and category over all its months.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamCategory {
    pub team: String,
    pub category: usize,
    pub months: usize,
    pub mean_share: f64,
    pub longest_streak: u32,
    pub current_streak: u32,
    /// Items of the category never ticked by this team, as option indices.
    pub never: Vec<usize>,
}

/// A quarter's completion against the next quarter's score change, for one domain.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthLink {
    /// A domain or Overall.
    pub measure: Measure,
    pub n: usize,
    pub result: Option<Correlation>,
    pub p_adjusted: Option<f64>,
    /// The smallest r found four times in five among the domains adjusted together.
    pub detectable: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Milestones {
    /// Category names and their items, in schema order.
    pub categories: Vec<(String, Vec<String>)>,
    pub months: Vec<MonthRow>,
    pub teams: Vec<TeamCategory>,
    /// Items no team ticked in any month: (category, item index).
    pub never_by_anyone: Vec<(usize, usize)>,
    pub health: Vec<HealthLink>,
}

impl Milestones {
    /// Mean completion share (items ticked over items) of `category` over the first (or,
    /// with `last`, the last) three months with data, and the first and last of those
    /// months; none when the category has no row in them.
    pub fn completion_share(&self, category: usize, last: bool) -> Option<(f64, Month, Month)> {
        let months: BTreeSet<_> = self.months.iter().map(|r| r.month).collect();
        let chosen: Vec<Month> = if last {
            months.iter().rev().take(3).copied().collect()
        } else {
            months.iter().take(3).copied().collect()
        };
        let shares: Vec<f64> = self
            .months
            .iter()
            .filter(|r| r.category == category && chosen.contains(&r.month))
            .map(|r| r.completed as f64 / r.items.max(1) as f64)
            .collect();
        let (first, final_month) = (*chosen.iter().min()?, *chosen.iter().max()?);
        (!shares.is_empty()).then(|| {
            (
                shares.iter().sum::<f64>() / shares.len() as f64,
                first,
                final_month,
            )
        })
    }
}

fn completion_by_team_quarter(
    rows: &[MonthRow],
    total_items: u32,
) -> BTreeMap<(String, Quarter), f64> {
    let mut sums: BTreeMap<(String, Quarter), (u32, BTreeSet<Month>)> = BTreeMap::new();
    for r in rows {
        let e = sums.entry((r.team.clone(), r.month.quarter())).or_default();
        e.0 += r.completed;
        e.1.insert(r.month);
    }
    sums.into_iter()
        .map(|(k, (done, months))| (k, done as f64 / (total_items as f64 * months.len() as f64)))
        .collect()
}

/// Pearson r of a team's completion share in a quarter with its change in shown score
/// from that quarter to the next, per domain (Overall last); BH across domains.
fn health_links(
    rows: &[MonthRow],
    total_items: u32,
    panels: &[(Measure, Panel)],
) -> Vec<HealthLink> {
    let completion = completion_by_team_quarter(rows, total_items);
    let mut out: Vec<HealthLink> = panels
        .iter()
        .map(|(measure, panel)| {
            let shown = |team: &str, q: Quarter| panel.get(team)?.get(&q).copied();
            let points: Vec<(&str, f64, f64)> = completion
                .iter()
                .filter_map(|((team, q), share)| {
                    let change = shown(team, Quarter(q.0 + 1))? - shown(team, *q)?;
                    Some((team.as_str(), *share, change))
                })
                .collect();
            HealthLink {
                measure: *measure,
                n: points.len(),
                result: health_link(&points),
                p_adjusted: None,
                detectable: None,
            }
        })
        .collect();
    let results: Vec<_> = out.iter().map(|h| h.result).collect();
    for (h, (p_adjusted, detectable)) in out.iter_mut().zip(adjust_family(&results)) {
        (h.p_adjusted, h.detectable) = (p_adjusted, detectable);
    }
    out
}

/// Pearson r of (team, completion, change) points. A team seen in one quarter only gives
/// independent points; a team seen in several brings its lasting habit and its own trend
/// to each (teams improving at their own pace called 16% of unrelated organisations
/// related), so then teams are the units of the test: [`within_groups`] with the whole
/// organisation as the one group.
pub fn health_link(points: &[(&str, f64, f64)]) -> Option<Correlation> {
    let pairs: Vec<((), &str, f64, f64)> = points.iter().map(|&(t, x, y)| ((), t, x, y)).collect();
    within_groups(&pairs).1
}

/// One team's category over its months: a row per month (completion and the running
/// streak) and the summary (mean share, longest and current streak, items never ticked).
fn team_category(
    team: &str,
    c: usize,
    items: u32,
    by_month: &BTreeMap<Month, u64>,
) -> (Vec<MonthRow>, TeamCategory) {
    let mut rows = Vec::new();
    let (mut streak, mut longest, mut last): (u32, u32, Option<Month>) = (0, 0, None);
    let mut all = 0u64;
    let mut share_sum = 0.0;
    for (month, mask) in by_month {
        let completed = mask.count_ones();
        let consecutive = last.is_some_and(|l| month.0 == l.0 + 1);
        streak = match (completed > 0, consecutive) {
            (true, true) => streak + 1,
            (true, false) => 1,
            (false, _) => 0,
        };
        longest = longest.max(streak);
        last = Some(*month);
        all |= mask;
        share_sum += completed as f64 / items as f64;
        rows.push(MonthRow {
            team: team.to_string(),
            month: *month,
            category: c,
            ticked: *mask,
            completed,
            items,
            streak,
        });
    }
    let never: Vec<usize> = (0..items as usize)
        .filter(|k| all & (1 << k) == 0)
        .collect();
    let summary = TeamCategory {
        team: team.to_string(),
        category: c,
        months: by_month.len(),
        mean_share: share_sum / by_month.len() as f64,
        longest_streak: longest,
        current_streak: streak,
        never,
    };
    (rows, summary)
}

/// Milestone metrics from a checklist dataset (one `[[checkboxes]]` question per
/// category) and the team-health panels (for the link with later changes).
pub fn milestones(ds: &Dataset, schema: &Schema, panels: &[(Measure, Panel)]) -> Milestones {
    let categories: Vec<(String, Vec<String>)> = schema
        .checkboxes
        .iter()
        .map(|c| (c.name.clone(), c.options.clone()))
        .collect();
    // (team, category) -> month -> pooled mask.
    let mut pooled: BTreeMap<(String, usize), BTreeMap<Month, u64>> = BTreeMap::new();
    let r = &ds.responses;
    for i in 0..r.len() {
        let Some(date) = r.date[i] else { continue };
        let team = ds.teams[r.team[i] as usize].name.clone();
        for (c, masks) in r.checkboxes.iter().enumerate() {
            *pooled
                .entry((team.clone(), c))
                .or_default()
                .entry(Month::of(date))
                .or_default() |= masks[i];
        }
    }
    let mut months = Vec::new();
    let mut teams = Vec::new();
    let mut ever: BTreeSet<(usize, usize)> = BTreeSet::new();
    for ((team, c), by_month) in &pooled {
        let items = categories[*c].1.len() as u32;
        let (rows, summary) = team_category(team, *c, items, by_month);
        months.extend(rows);
        for k in (0..items as usize).filter(|k| !summary.never.contains(k)) {
            ever.insert((*c, k));
        }
        teams.push(summary);
    }
    months.sort_by(|a, b| {
        (a.team.as_str(), a.month, a.category).cmp(&(b.team.as_str(), b.month, b.category))
    });
    let never_by_anyone = categories
        .iter()
        .enumerate()
        .flat_map(|(c, (_, items))| (0..items.len()).map(move |k| (c, k)))
        .filter(|ck| !ever.contains(ck))
        .collect();
    let total_items: u32 = categories.iter().map(|(_, i)| i.len() as u32).sum();
    Milestones {
        health: health_links(&months, total_items.max(1), panels),
        categories,
        months,
        teams,
        never_by_anyone,
    }
}

#[cfg(test)]
mod tests;
