//! Intervention effects: for each intervention and domain, the staggered
//! difference-in-differences estimate with its permutation interval and p,
//! Hedges' g, pre-trend lead, flags, and an event study. Inputs are the team-quarter
//! means the privacy screen shows; a hidden team-quarter is simply missing.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::diff_in_diff::{self, Cohort, TeamMeans, Window};
use super::stats::{benjamini_hochberg, detectable_from_interval, mean_ci95, mean_sd};
use crate::model::{Measure, Quarter};
use crate::text::compare_key;
use crate::validate::interventions::Intervention;

/// Shown team-quarter means of one domain (hidden team-quarters are absent).
pub type Panel = TeamMeans;

/// How the estimates are made.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub window: Window,
    pub permutation_draws: usize,
    /// Enumerate every relabelling when there are at most this many.
    pub max_exact: usize,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            window: Window::default(),
            permutation_draws: 4999,
            max_exact: 50_000,
            seed: 2024,
        }
    }
}

/// Fewer treated or comparison teams than this make an estimate fragile.
pub const FEW_TEAMS: usize = 3;
/// Treated teams "started low" when their pre-start level is this many pooled standard
/// deviations (Hedges' g of team levels) below the comparison teams'.
pub const STARTED_LOW_G: f64 = -0.5;

/// A caution attached to an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Fewer than [`FEW_TEAMS`] treated or comparison teams.
    FewTeams,
    /// The lead (the quarter before the start against the one before that) has a
    /// permutation p below 0.05: treated teams were already moving differently.
    PreTrend,
    /// Treated teams started well below the comparison teams: part of a rise may be
    /// regression to the mean.
    StartedLow,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::FewTeams => "few_teams",
            Flag::PreTrend => "pre_trend",
            Flag::StartedLow => "started_low",
        }
    }
}

/// One intervention's estimate on one domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub intervention: String,
    /// A domain or Overall.
    pub measure: Measure,
    pub treated: usize,
    pub comparison: usize,
    pub cohorts: usize,
    /// Mean change of treated and of comparison teams (cohort-size weighted).
    pub treated_change: Option<f64>,
    pub comparison_change: Option<f64>,
    pub estimate: Option<f64>,
    pub ci: Option<(f64, f64)>,
    pub p: Option<f64>,
    pub p_adjusted: Option<f64>,
    pub hedges_g: Option<f64>,
    pub lead: Option<f64>,
    pub lead_ci: Option<(f64, f64)>,
    pub flags: Vec<Flag>,
    /// The smallest effect on this domain alone that would be called a reliable
    /// improvement four times in five (see [`detectable_effect`]); `None` when no effect
    /// can be: no interval, or few teams.
    pub detectable: Option<f64>,
}

impl Effect {
    /// A reliable improvement: positive, interval above 0, adjusted p below 0.05, no
    /// pre-trend, and enough teams (never with the few-teams flag).
    pub fn is_reliable_improvement(&self) -> bool {
        self.ci.is_some_and(|(lo, _)| lo > 0.0)
            && self.p_adjusted.is_some_and(|p| p < 0.05)
            && !self.flags.contains(&Flag::PreTrend)
            && !self.flags.contains(&Flag::FewTeams)
    }
}

/// Mean of a set of teams' values at one quarter relative to their start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub mean: f64,
    pub ci: Option<(f64, f64)>,
    pub teams: usize,
}

/// Treated and comparison means at one quarter relative to the start (0 = start quarter).
#[derive(Debug, Clone, PartialEq)]
pub struct EventPoint {
    pub relative: i32,
    pub treated: Option<Band>,
    pub comparison: Option<Band>,
}

/// Everything about one intervention.
#[derive(Debug, Clone)]
pub struct Study {
    pub name: String,
    pub category: Option<String>,
    /// Treated teams and their start quarters.
    pub starts: BTreeMap<String, Quarter>,
    /// One effect per domain, Overall last.
    pub effects: Vec<Effect>,
    /// One event study per domain, Overall last.
    pub events: Vec<(Measure, Vec<EventPoint>)>,
}

/// A stable seed per intervention and domain (FNV-1a; `place` is the domain's place
/// among the panels, Overall last), so reruns repeat exactly and
/// adding an intervention does not change the others' draws.
fn seed_for(base: u64, name: &str, place: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ base;
    for b in name.bytes().chain((place as u64).to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn weighted<'c>(cohorts: &'c [Cohort], side: impl Fn(&'c Cohort) -> &'c [f64]) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0usize);
    for c in cohorts {
        let v = side(c);
        if !v.is_empty() && !c.treated.is_empty() {
            sum += v.iter().sum::<f64>() / v.len() as f64 * c.treated.len() as f64;
            weight += c.treated.len();
        }
    }
    (weight > 0).then(|| sum / weight as f64)
}

/// Mean level of each team over the `before` quarters of its cohort.
fn pre_levels(means: &TeamMeans, teams: &[String], start: Quarter, w: Window) -> Vec<f64> {
    teams
        .iter()
        .filter_map(|t| {
            let v: Vec<f64> = means
                .get(t)?
                .range(Quarter(start.0 - w.before)..Quarter(start.0))
                .map(|(_, m)| *m)
                .collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect()
}

/// The estimate of one intervention on one domain (p_adjusted is filled in later).
fn effect(
    name: &str,
    measure: Measure,
    place: usize,
    means: &Panel,
    starts: &BTreeMap<String, Quarter>,
    s: &Settings,
) -> Effect {
    let w = s.window;
    let mut flags = Vec::new();
    let cohorts: Vec<Cohort> = diff_in_diff::cohorts(means, starts, w)
        .into_iter()
        .filter(|c| !c.treated.is_empty() && !c.comparison.is_empty())
        .collect();
    let treated: Vec<f64> = cohorts.iter().flat_map(|c| c.treated.clone()).collect();
    let comparison_teams: BTreeSet<&String> =
        cohorts.iter().flat_map(|c| &c.comparison_teams).collect();
    let comparison: Vec<f64> = cohorts.iter().flat_map(|c| c.comparison.clone()).collect();
    if treated.len() < FEW_TEAMS || comparison_teams.len() < FEW_TEAMS {
        flags.push(Flag::FewTeams);
    }
    let seed = seed_for(s.seed, &compare_key(name), place);
    let estimate = diff_in_diff::combined(&cohorts);
    let ci =
        diff_in_diff::permutation_interval(&cohorts, s.max_exact, s.permutation_draws, seed ^ 1);
    let p = diff_in_diff::permutation_p(&cohorts, s.max_exact, s.permutation_draws, seed ^ 1);

    // Lead: the quarter before the start against the one before that, as if the
    // intervention had started a quarter early.
    let early: BTreeMap<String, Quarter> = starts
        .iter()
        .filter(|(t, _)| means.contains_key(*t))
        .map(|(t, q)| (t.clone(), Quarter(q.0 - 1)))
        .collect();
    let lead_window = Window {
        before: 1,
        after: 1,
    };
    let leads: Vec<Cohort> = diff_in_diff::cohorts(means, &early, lead_window)
        .into_iter()
        .filter(|c| !c.treated.is_empty() && !c.comparison.is_empty())
        .collect();
    let lead = diff_in_diff::combined(&leads);
    let lead_ci =
        diff_in_diff::permutation_interval(&leads, s.max_exact, s.permutation_draws, seed ^ 3);
    // Judged by the permutation test, exact under no pre-trend whatever the team count.
    let lead_p = diff_in_diff::permutation_p(&leads, s.max_exact, s.permutation_draws, seed ^ 3);
    if lead_p.is_some_and(|p| p < 0.05) {
        flags.push(Flag::PreTrend);
    }

    let (mut pre_t, mut pre_c) = (Vec::new(), Vec::new());
    for c in &cohorts {
        pre_t.extend(pre_levels(means, &c.treated_teams, c.start, w));
        pre_c.extend(pre_levels(means, &c.comparison_teams, c.start, w));
    }
    if diff_in_diff::hedges_g(&pre_t, &pre_c).is_some_and(|g| g <= STARTED_LOW_G) {
        flags.push(Flag::StartedLow);
    }
    flags.sort_unstable();
    Effect {
        intervention: name.to_string(),
        measure,
        treated: treated.len(),
        comparison: comparison_teams.len(),
        cohorts: cohorts.len(),
        treated_change: weighted(&cohorts, |c| &c.treated),
        comparison_change: weighted(&cohorts, |c| &c.comparison),
        estimate,
        ci,
        p,
        p_adjusted: None,
        hedges_g: diff_in_diff::hedges_g(&treated, &comparison),
        lead,
        lead_ci,
        flags,
        detectable: None,
    }
}

/// Shown values of a set of teams at one quarter each, as a band.
fn band(values: Vec<f64>) -> Option<Band> {
    let (mean, sd) = mean_sd(&values)?;
    Some(Band {
        mean,
        ci: sd.and_then(|sd| mean_ci95(mean, sd, values.len())),
        teams: values.len(),
    })
}

/// Mean score by quarter relative to the start, treated against comparison teams (those
/// not started by the end of each cohort's window), from `before + 1` quarters before
/// the start to the window's last quarter.
fn event_study(panel: &Panel, starts: &BTreeMap<String, Quarter>, w: Window) -> Vec<EventPoint> {
    let mut by_start: BTreeMap<Quarter, Vec<&String>> = BTreeMap::new();
    for (t, q) in starts {
        by_start.entry(*q).or_default().push(t);
    }
    let value = |t: &str, q: i32| -> Option<f64> { panel.get(t)?.get(&Quarter(q)).copied() };
    (-(w.before + 1)..w.after)
        .map(|e| {
            let (mut treated, mut comparison) = (Vec::new(), Vec::new());
            for (start, teams) in &by_start {
                let end = start.0 + w.after - 1;
                treated.extend(teams.iter().filter_map(|t| value(t, start.0 + e)));
                comparison.extend(
                    panel
                        .keys()
                        .filter(|t| starts.get(*t).is_none_or(|s| s.0 > end))
                        .filter_map(|t| value(t, start.0 + e)),
                );
            }
            EventPoint {
                relative: e,
                treated: band(treated),
                comparison: band(comparison),
            }
        })
        .collect()
}

/// An intervention's name as first spelt, its category, and each team's start.
type Named = (String, Option<String>, BTreeMap<String, Quarter>);

/// Group intervention rows by name (compared by [`compare_key`]); a team's first start
/// of an intervention counts.
fn by_name(interventions: &[Intervention]) -> Vec<Named> {
    let mut out: BTreeMap<String, Named> = BTreeMap::new();
    for i in interventions {
        let entry = out
            .entry(compare_key(&i.name))
            .or_insert_with(|| (i.name.clone(), i.category.clone(), BTreeMap::new()));
        let q = i.start_quarter();
        entry
            .2
            .entry(i.team.clone())
            .and_modify(|s| *s = (*s).min(q))
            .or_insert(q);
    }
    out.into_values().collect()
}

/// Every intervention on every panel (one per domain, Overall last, estimated in
/// parallel), with p-values
/// adjusted by Benjamini-Hochberg across all intervention x domain pairs.
pub fn studies(
    interventions: &[Intervention],
    panels: &[(Measure, Panel)],
    s: &Settings,
) -> Vec<Study> {
    use rayon::prelude::*;
    let mut out: Vec<Study> = by_name(interventions)
        .into_iter()
        .map(|(name, category, starts)| Study {
            // Each domain's estimate draws from its own seed, so running them on
            // every core gives the same numbers as one after the other.
            effects: panels
                .par_iter()
                .enumerate()
                .map(|(place, (measure, panel))| effect(&name, *measure, place, panel, &starts, s))
                .collect(),
            events: panels
                .iter()
                .map(|(m, panel)| (*m, event_study(panel, &starts, s.window)))
                .collect(),
            name,
            category,
            starts,
        })
        .collect();
    let ps: Vec<f64> = out
        .iter()
        .flat_map(|st| st.effects.iter().filter_map(|e| e.p))
        .collect();
    let mut adjusted = benjamini_hochberg(&ps).into_iter();
    for e in out.iter_mut().flat_map(|st| st.effects.iter_mut()) {
        if e.p.is_some() {
            e.p_adjusted = adjusted.next();
            e.detectable = detectable_effect(e, ps.len());
        }
    }
    out
}

/// The smallest effect on this domain that would be called a reliable improvement four
/// times in five, were it the only real one of the `tests` adjusted together: from the
/// permutation interval's half-width (see [`detectable_from_interval`]). The pre-trend
/// check, a 5% test, vetoes one true effect in twenty by chance, so the test itself needs
/// 0.8 / 0.95 power. `None` where no effect can be called reliable: fewer than
/// [`FEW_TEAMS`] teams on a side, or too few relabellings for any interval.
fn detectable_effect(e: &Effect, tests: usize) -> Option<f64> {
    if e.flags.contains(&Flag::FewTeams) {
        return None;
    }
    e.ci.map(|(lo, hi)| detectable_from_interval((hi - lo) / 2.0, tests, 0.8 / 0.95))
}
#[cfg(test)]
mod tests;

/// Every effect, best evidence of improvement first: reliable improvements, then by
/// adjusted p, then by larger estimate; ties by intervention name and domain.
pub fn ranked(studies: &[Study]) -> Vec<&Effect> {
    let mut all: Vec<&Effect> = studies.iter().flat_map(|s| &s.effects).collect();
    all.sort_by(|a, b| {
        b.is_reliable_improvement()
            .cmp(&a.is_reliable_improvement())
            .then(
                a.p_adjusted
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.p_adjusted.unwrap_or(f64::INFINITY)),
            )
            .then(
                b.estimate
                    .unwrap_or(f64::NEG_INFINITY)
                    .total_cmp(&a.estimate.unwrap_or(f64::NEG_INFINITY)),
            )
            .then(a.intervention.cmp(&b.intervention))
            .then(a.measure.cmp(&b.measure))
    });
    all
}
