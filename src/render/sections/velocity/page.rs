//! The page's learning-velocity section: the four questions answered in words, then the
//! tables behind them. Values are formatted here; nothing is computed.

use serde::Serialize;

use super::super::PageInputs;

use crate::metrics::velocity::{Median, PracticeSummary, TeamSummary, Velocity, SMALL_N};
use crate::render::format::p_phrase;
use crate::render::Results;

#[derive(Serialize)]
pub struct VelocityView {
    rule: String,
    how_long: Vec<String>,
    speeds_up: String,
    spread: Vec<String>,
    sticks: Vec<String>,
    practices: Vec<Vec<String>>,
    teams: Vec<Vec<String>>,
    factors: Vec<Vec<String>>,
    adaptations: Vec<Vec<String>>,
    adaptations_more: usize,
}

/// Most adaptation notes listed on the page; all are in `metrics/adaptations.csv`.
const MAX_NOTES_SHOWN: usize = 200;

fn days_text(m: &Median) -> String {
    match (m.days, m.ci) {
        (Some(d), (Some(lo), Some(hi))) => format!("{d:.0} days (95% CI {lo:.0} to {hi:.0})"),
        (Some(d), (Some(lo), None)) => format!("{d:.0} days (95% CI {lo:.0} to not reached)"),
        (Some(d), _) => format!("{d:.0} days"),
        (None, _) => "not reached yet".to_string(),
    }
}

fn how_long(p: &PracticeSummary) -> String {
    let there = if p.reached == p.teams {
        format!("all {} teams there", p.teams)
    } else {
        format!(
            "{} of {} teams there, the rest still on their way (counted as censored, not dropped)",
            p.reached, p.teams
        )
    };
    format!(
        "{}: median time to consistent use {}; {there}. First use after a median of {}.",
        p.practice,
        days_text(&p.consistent),
        days_text(&p.first_use)
    )
}

fn stick_text(p: &PracticeSummary) -> String {
    let part = |i: usize, months: u32| match p.stick[i] {
        Some((share, n)) => format!(
            "{:.0}% of {n} still using it {months} months on",
            share * 100.0
        ),
        None => format!("no team followed up {months} months yet"),
    };
    let faded = if p.faded.is_empty() {
        String::new()
    } else {
        format!("; faded in {}", p.faded.join(", "))
    };
    format!("{}: {}, {}{faded}.", p.practice, part(0, 3), part(1, 6))
}

fn spread_text(v: &Velocity, p: &PracticeSummary) -> String {
    let at = |month: u32| {
        v.spread
            .iter()
            .find(|s| s.practice == p.practice && s.month == month)
            .and_then(|s| {
                s.mean_share.map(|share| {
                    format!(
                        "{:.0}% of members using it on average at {month} months ({} teams observed)",
                        share * 100.0,
                        s.teams_observed
                    )
                })
            })
    };
    let parts: Vec<String> = [3, 6, 12].into_iter().filter_map(at).collect();
    if parts.is_empty() {
        format!("{}: too few months observed yet.", p.practice)
    } else {
        format!("{}: {}.", p.practice, parts.join("; "))
    }
}

fn speeds_up(r: &Results, v: &Velocity) -> String {
    let reliable: Vec<String> = v
        .factors
        .iter()
        .filter(|f| f.p_adjusted.is_some_and(|p| p < 0.05))
        .filter_map(|f| {
            let c = f.result?;
            let direction = if c.r < 0.0 { "faster" } else { "slower" };
            Some(format!(
                "teams scoring higher on {} at introduction reached consistent use {direction} (r = {:.2}, n = {}, adjusted p {})",
                r.measure_name(f.measure),
                c.r,
                f.n,
                p_phrase(f.p_adjusted.unwrap_or(1.0))
            ))
        })
        .collect();
    if !reliable.is_empty() {
        return format!("{}.", reliable.join("; "));
    }
    let strongest = v
        .factors
        .iter()
        .filter_map(|f| f.result.map(|c| (f, c)))
        .max_by(|a, b| a.1.r.abs().total_cmp(&b.1.r.abs()));
    match strongest {
        Some((f, c)) => format!(
            "No domain's score at introduction goes reliably with faster or slower adoption; the strongest is {} (r = {:.2}, n = {}, adjusted p {}){}.",
            r.measure_name(f.measure),
            c.r,
            f.n,
            p_phrase(f.p_adjusted.unwrap_or(1.0)),
            if f.n < SMALL_N { ", a small sample" } else { "" }
        ),
        None => "Too few teams reached consistent use to relate speed to team health.".to_string(),
    }
}

/// A practice's row of the page's table.
fn practice_cells(p: &PracticeSummary) -> Vec<String> {
    let stick_cell = |s: Option<(f64, usize)>| {
        s.map_or("–".into(), |(share, n)| {
            format!("{:.0}% of {n}", share * 100.0)
        })
    };
    vec![
        p.practice.clone(),
        format!("{} of {}", p.reached, p.teams),
        days_text(&p.consistent),
        days_text(&p.first_use),
        stick_cell(p.stick[0]),
        stick_cell(p.stick[1]),
        p.faded.join(", "),
        p.adaptations.len().to_string(),
    ]
}

/// A team's row of the page's table.
fn team_cells(t: &TeamSummary) -> Vec<String> {
    vec![
        t.team.clone(),
        format!("{} of {}", t.reached, t.practices),
        t.median_consistent_days
            .map_or("–".into(), |d| format!("{d:.0}")),
        t.adaptations.to_string(),
    ]
}

/// The fragment's context: the velocity answers and tables, and the page's charts.
pub(super) fn view(p: &PageInputs) -> Option<minijinja::Value> {
    let velocity = velocity_view(p.r)?;
    Some(minijinja::context! { velocity, images => p.images })
}

fn velocity_view(r: &Results) -> Option<VelocityView> {
    let v = r.sections.velocity.as_ref()?;
    let rule = v.rule.map_or(String::new(), |rule| {
        format!(
            "{} observations in a row with at least {:.0}% of members using it",
            rule.run,
            rule.min_share * 100.0
        )
    });
    Some(VelocityView {
        rule,
        how_long: v.practices.iter().map(how_long).collect(),
        speeds_up: speeds_up(r, v),
        spread: v.practices.iter().map(|p| spread_text(v, p)).collect(),
        sticks: v.practices.iter().map(stick_text).collect(),
        practices: v.practices.iter().map(practice_cells).collect(),
        teams: v.teams.iter().map(team_cells).collect(),
        factors: v
            .factors
            .iter()
            .map(|f| {
                crate::render::html::correlation_cells(
                    r.measure_name(f.measure),
                    f.n,
                    (f.result, f.p_adjusted, f.detectable),
                    SMALL_N,
                )
            })
            .collect(),
        adaptations: v
            .practices
            .iter()
            .flat_map(|p| {
                p.adaptations.iter().map(|(team, date, note)| {
                    vec![
                        p.practice.clone(),
                        team.clone(),
                        date.to_string(),
                        note.clone(),
                    ]
                })
            })
            .take(MAX_NOTES_SHOWN)
            .collect(),
        adaptations_more: v
            .practices
            .iter()
            .map(|p| p.adaptations.len())
            .sum::<usize>()
            .saturating_sub(MAX_NOTES_SHOWN),
    })
}
