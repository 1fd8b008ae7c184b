//! Team learning velocity from practice-adoption logs: time from introduction to first
//! and to consistent use (Kaplan-Meier with teams not there yet censored), spread over
//! time, whether practices stick, adaptations, and what goes with faster adoption.

use std::collections::{BTreeMap, BTreeSet};

use super::adoption::{self, Rule, Seen};
use super::interventions::Panel;
use super::kaplan_meier::{kaplan_meier, median, Observation, Step};
use super::stats::{adjust_family, within_groups, Correlation};
use crate::model::{Measure, Quarter};
use crate::validate::adoption::PracticeLog;

/// Months are counted as 30-day steps (the spread table, the stick checks).
pub const MONTH_DAYS: f64 = 30.0;
/// Stick checks, in months after consistent use was reached.
pub const STICK_MONTHS: [u32; 2] = [3, 6];
/// Below this many teams a factor correlation carries a small-sample warning.
pub const SMALL_N: usize = 10;

/// One team's adoption of one practice.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamPractice {
    pub team: String,
    pub practice: String,
    pub introduced: chrono::NaiveDate,
    pub observations: usize,
    /// Days from introduction to the last observation.
    pub followed_days: f64,
    pub first_use_days: Option<f64>,
    /// `None`: not reached by the last observation (censored at `followed_days`).
    pub consistent_days: Option<f64>,
    /// Still used 3 and 6 months after consistent use (`None`: not reached or not
    /// followed up that long).
    pub still_used: [Option<bool>; 2],
    /// Share using it at the last observation (`None` for the milestone-dates shape,
    /// which records dates, not shares).
    pub latest_share: Option<f64>,
    pub adaptations: usize,
    /// (days since introduction, share using) of every observation, for charts.
    pub series: Vec<(f64, f64)>,
}

/// A median time with its 95% interval; `None` values mean "not reached".
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Median {
    pub days: Option<f64>,
    pub ci: (Option<f64>, Option<f64>),
}

impl Median {
    fn of(steps: &[Step]) -> Median {
        let (days, lo, hi) = median(steps);
        Median { days, ci: (lo, hi) }
    }
}

/// One practice rolled up over its teams.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeSummary {
    pub practice: String,
    pub teams: usize,
    pub reached: usize,
    pub first_use: Median,
    pub consistent: Median,
    /// Kaplan-Meier steps of time to consistent use (for the chart).
    pub curve: Vec<Step>,
    /// Share still using and teams checked, at 3 and 6 months.
    pub stick: [Option<(f64, usize)>; 2],
    /// Teams that reached consistent use and later stopped.
    pub faded: Vec<String>,
    pub adaptations: Vec<(String, chrono::NaiveDate, String)>,
}

/// One team rolled up over its practices.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamSummary {
    pub team: String,
    pub practices: usize,
    pub reached: usize,
    /// Median days to consistent use over the practices it reached.
    pub median_consistent_days: Option<f64>,
    pub adaptations: usize,
}

/// Spread: one practice, one month since introduction.
#[derive(Debug, Clone, PartialEq)]
pub struct SpreadPoint {
    pub practice: String,
    pub month: u32,
    pub teams_observed: usize,
    /// Mean share of members using it among teams observed that month (`None` when
    /// none was: teams kept as milestone dates have no shares).
    pub mean_share: Option<f64>,
    /// Share of teams at consistent use by the end of that month (1 - Kaplan-Meier).
    pub teams_consistent: f64,
}

/// Time to consistent use against one team-health domain at introduction.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// A domain or Overall.
    pub measure: Measure,
    pub n: usize,
    pub result: Option<Correlation>,
    pub p_adjusted: Option<f64>,
    /// The smallest r found four times in five among the domains adjusted together.
    pub detectable: Option<f64>,
}

/// Everything about learning velocity.
#[derive(Debug, Clone, Default)]
pub struct Velocity {
    pub rule: Option<Rule>,
    pub team_practices: Vec<TeamPractice>,
    pub practices: Vec<PracticeSummary>,
    pub teams: Vec<TeamSummary>,
    pub spread: Vec<SpreadPoint>,
    pub factors: Vec<Factor>,
}

fn seen(log: &PracticeLog) -> Vec<Seen> {
    log.observations
        .iter()
        .map(|o| Seen {
            days: (o.observed - log.introduced).num_days() as f64,
            share: o.share,
        })
        .collect()
}

fn team_practice(log: &PracticeLog, rule: Rule) -> TeamPractice {
    if let Some(d) = &log.dates {
        // Milestone dates: the events themselves, censored at the file's as-of date.
        let days = |date: chrono::NaiveDate| (date - log.introduced).num_days() as f64;
        return TeamPractice {
            team: log.team.clone(),
            practice: log.practice.clone(),
            introduced: log.introduced,
            observations: 0,
            followed_days: days(d.until),
            first_use_days: d.first_applied.map(days),
            consistent_days: d.consistent.map(days),
            still_used: d.still_used,
            latest_share: None,
            adaptations: log.notes.len(),
            series: Vec::new(),
        };
    }
    let s = seen(log);
    TeamPractice {
        team: log.team.clone(),
        practice: log.practice.clone(),
        introduced: log.introduced,
        observations: s.len(),
        followed_days: s.last().map_or(0.0, |x| x.days),
        first_use_days: adoption::first_use(&s),
        consistent_days: adoption::consistent_use(&s, rule),
        still_used: STICK_MONTHS
            .map(|m| adoption::still_used_after(&s, rule, m as f64 * MONTH_DAYS)),
        latest_share: s.last().map(|x| x.share),
        adaptations: log.notes.len(),
        series: s.iter().map(|x| (x.days, x.share)).collect(),
    }
}

fn km(rows: &[&TeamPractice], time: fn(&TeamPractice) -> Option<f64>) -> Vec<Step> {
    let obs: Vec<Observation> = rows
        .iter()
        .map(|r| match time(r) {
            Some(days) => Observation { days, event: true },
            None => Observation {
                days: r.followed_days,
                event: false,
            },
        })
        .collect();
    kaplan_meier(&obs)
}

fn spread(practice: &str, logs: &[&PracticeLog], curve: &[Step]) -> Vec<SpreadPoint> {
    let mut by_month: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for log in logs {
        // Milestone dates: followed every month up to the as-of date, with no share.
        if let Some(d) = &log.dates {
            let followed = (d.until - log.introduced).num_days() as f64;
            for m in 0..=(followed / MONTH_DAYS).ceil().max(0.0) as u32 {
                by_month.entry(m).or_default();
            }
            continue;
        }
        // A team's latest observation within each month counts once.
        let mut months: BTreeMap<u32, f64> = BTreeMap::new();
        for s in seen(log) {
            let month = (s.days / MONTH_DAYS).ceil().max(0.0) as u32;
            months.insert(month, s.share);
        }
        for (m, share) in months {
            by_month.entry(m).or_default().push(share);
        }
    }
    by_month
        .into_iter()
        .map(|(month, shares)| {
            let end = month as f64 * MONTH_DAYS;
            let survival = curve
                .iter()
                .take_while(|s| s.days <= end)
                .last()
                .map_or(1.0, |s| s.survival);
            SpreadPoint {
                practice: practice.to_string(),
                month,
                teams_observed: shares.len(),
                mean_share: (!shares.is_empty())
                    .then(|| shares.iter().sum::<f64>() / shares.len() as f64),
                teams_consistent: 1.0 - survival,
            }
        })
        .collect()
}

/// The latest shown team mean of a domain at or before `q`, if any.
fn level_at(panel: &Panel, team: &str, q: Quarter) -> Option<f64> {
    panel.get(team)?.range(..=q).next_back().map(|(_, m)| *m)
}

/// Pearson r of days to consistent use (teams that reached it) with each domain's shown
/// team score at introduction, pooled within practices: both are centred on their
/// practice's mean first, so a hard practice introduced in a low-scoring season does
/// not pass for a team effect. BH-adjusted across domains.
fn factors(rows: &[TeamPractice], panels: &[(Measure, Panel)]) -> Vec<Factor> {
    let mut out: Vec<Factor> = panels
        .iter()
        .map(|(measure, panel)| {
            let mut pairs: Vec<(&str, &str, f64, f64)> = Vec::new();
            for r in rows {
                let Some(days) = r.consistent_days else {
                    continue;
                };
                if let Some(level) = level_at(panel, &r.team, Quarter::from_date(r.introduced)) {
                    pairs.push((r.practice.as_str(), r.team.as_str(), level, days));
                }
            }
            // Centred within practices. A team that adopted several brings its lasting
            // health and pace to each (pooled pairs called 21-31% of unrelated
            // organisations related), so then teams are the units of the test.
            let (n, result) = within_groups(&pairs);
            Factor {
                measure: *measure,
                n,
                result,
                p_adjusted: None,
                detectable: None,
            }
        })
        .collect();
    let results: Vec<_> = out.iter().map(|f| f.result).collect();
    for (f, (p_adjusted, detectable)) in out.iter_mut().zip(adjust_family(&results)) {
        (f.p_adjusted, f.detectable) = (p_adjusted, detectable);
    }
    out
}

/// Learning velocity of every practice log; `panels` are the team-health team means per
/// domain (Overall last) with the privacy screen's hidden cells marked.
pub fn velocity(logs: &[PracticeLog], rule: Rule, panels: &[(Measure, Panel)]) -> Velocity {
    let team_practices: Vec<TeamPractice> = logs.iter().map(|l| team_practice(l, rule)).collect();
    let names: BTreeSet<&str> = logs.iter().map(|l| l.practice.as_str()).collect();
    let practices: Vec<PracticeSummary> = names
        .iter()
        .map(|name| practice_summary(name, logs, &team_practices))
        .collect();
    let team_names: BTreeSet<&str> = logs.iter().map(|l| l.team.as_str()).collect();
    let teams = team_names
        .iter()
        .map(|team| team_summary(team, &team_practices))
        .collect();
    let spread = practices
        .iter()
        .flat_map(|p| {
            let logs: Vec<&PracticeLog> =
                logs.iter().filter(|l| l.practice == p.practice).collect();
            spread(&p.practice, &logs, &p.curve)
        })
        .collect();
    Velocity {
        rule: Some(rule),
        factors: factors(&team_practices, panels),
        team_practices,
        practices,
        teams,
        spread,
    }
}

/// One practice over its teams: Kaplan-Meier medians, stick rates, fades, adaptations.
fn practice_summary(
    name: &str,
    logs: &[PracticeLog],
    team_practices: &[TeamPractice],
) -> PracticeSummary {
    let rows: Vec<&TeamPractice> = team_practices
        .iter()
        .filter(|r| r.practice == name)
        .collect();
    let curve = km(&rows, |r| r.consistent_days);
    let stick = [0, 1].map(|i| {
        let answers: Vec<bool> = rows.iter().filter_map(|r| r.still_used[i]).collect();
        (!answers.is_empty()).then(|| {
            let kept = answers.iter().filter(|a| **a).count();
            (kept as f64 / answers.len() as f64, answers.len())
        })
    });
    let faded = rows
        .iter()
        .filter(|r| r.still_used.contains(&Some(false)))
        .map(|r| r.team.clone())
        .collect();
    let adaptations = logs
        .iter()
        .filter(|l| l.practice == name)
        .flat_map(|l| l.notes.iter().map(|(d, n)| (l.team.clone(), *d, n.clone())))
        .collect();
    PracticeSummary {
        practice: name.to_string(),
        teams: rows.len(),
        reached: rows.iter().filter(|r| r.consistent_days.is_some()).count(),
        first_use: Median::of(&km(&rows, |r| r.first_use_days)),
        consistent: Median::of(&curve),
        stick,
        faded,
        adaptations,
        curve,
    }
}

/// One team over its practices: how many reached consistent use, and the plain median
/// of their days.
fn team_summary(team: &str, team_practices: &[TeamPractice]) -> TeamSummary {
    let rows: Vec<&TeamPractice> = team_practices.iter().filter(|r| r.team == team).collect();
    let mut days: Vec<f64> = rows.iter().filter_map(|r| r.consistent_days).collect();
    days.sort_by(f64::total_cmp);
    let median_consistent_days = (!days.is_empty()).then(|| {
        let m = days.len() / 2;
        if days.len() % 2 == 1 {
            days[m]
        } else {
            (days[m - 1] + days[m]) / 2.0
        }
    });
    TeamSummary {
        team: team.to_string(),
        practices: rows.len(),
        reached: days.len(),
        median_consistent_days,
        adaptations: rows.iter().map(|r| r.adaptations).sum(),
    }
}

#[cfg(test)]
mod tests;
