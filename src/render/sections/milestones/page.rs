//! The page's milestone section: completion and its change, streaks, items never
//! reached, and the link with later team-health changes.

use serde::Serialize;

use super::super::PageInputs;

use crate::metrics::milestones::{Milestones, TeamCategory, SMALL_N};
use crate::render::format::p_phrase;
use crate::render::Results;

#[derive(Serialize)]
pub struct MilestonesView {
    answers: Vec<String>,
    teams: Vec<Vec<String>>,
    health: Vec<Vec<String>>,
}

/// Mean completion of a category over the first or last three months with data, with
/// the months it spans.
fn completion(m: &Milestones, category: usize, last: bool) -> Option<(f64, String)> {
    let (mean, first, final_month) = m.completion_share(category, last)?;
    Some((
        mean,
        format!("{} to {}", first.label(), final_month.label()),
    ))
}

/// A checklist unit's category as page cells: category, months, mean share, longest and
/// current streak, items never ticked. Shared with the growth checklist on people pages.
pub(crate) fn category_cells(m: &Milestones, t: &TeamCategory) -> Vec<String> {
    let never: Vec<&str> = t
        .never
        .iter()
        .map(|k| m.categories[t.category].1[*k].as_str())
        .collect();
    vec![
        m.categories[t.category].0.clone(),
        t.months.to_string(),
        format!("{:.0}%", t.mean_share * 100.0),
        t.longest_streak.to_string(),
        t.current_streak.to_string(),
        never.join(", "),
    ]
}

/// The fragment's context: the checklist answers and tables, and the timeline chart.
pub(super) fn view(p: &PageInputs) -> Option<minijinja::Value> {
    let milestones = milestones_view(p.r)?;
    Some(minijinja::context! { milestones, images => p.images, large => p.large })
}

fn milestones_view(r: &Results) -> Option<MilestonesView> {
    let m = r.sections.milestones.as_ref()?;
    let mut answers: Vec<String> = (0..m.categories.len())
        .filter_map(|c| category_answer(m, c))
        .collect();
    answers.push(never_reached_answer(m));
    answers.push(health_answer(r, m));
    let teams = m
        .teams
        .iter()
        .map(|t| {
            let mut row = vec![t.team.clone()];
            row.extend(category_cells(m, t));
            row
        })
        .collect();
    let health = m
        .health
        .iter()
        .map(|h| {
            crate::render::html::correlation_cells(
                r.measure_name(h.measure),
                h.n,
                (h.result, h.p_adjusted, h.detectable),
                SMALL_N,
            )
        })
        .collect();
    Some(MilestonesView {
        answers,
        teams,
        health,
    })
}

/// A category's completion early and late, and its longest streak. With too few months
/// for two separate windows, one completion for the months there are.
fn category_answer(m: &Milestones, c: usize) -> Option<String> {
    let name = &m.categories[c].0;
    let (early, early_span) = completion(m, c, false)?;
    let (late, late_span) = completion(m, c, true)?;
    let best = m.teams.iter().filter(|t| t.category == c).max_by(|a, b| {
        a.longest_streak
            .cmp(&b.longest_streak)
            .then(b.team.cmp(&a.team))
    })?;
    let completion = if early_span == late_span {
        format!("{:.0}% of items completed in {early_span}", early * 100.0)
    } else {
        format!(
            "{:.0}% of items completed in {early_span}, {:.0}% in {late_span}",
            early * 100.0,
            late * 100.0
        )
    };
    Some(format!(
        "{name}: {completion}; longest streak {} months in a row ({}).",
        best.longest_streak, best.team
    ))
}

fn never_reached_answer(m: &Milestones) -> String {
    let never: Vec<String> = m
        .never_by_anyone
        .iter()
        .map(|(c, k)| format!("{} ({})", m.categories[*c].1[*k], m.categories[*c].0))
        .collect();
    if never.is_empty() {
        "Every item was reached by at least one team.".to_string()
    } else {
        format!("Never reached by any team: {}.", never.join(", "))
    }
}

fn health_answer(r: &Results, m: &Milestones) -> String {
    let linked: Vec<String> = m
        .health
        .iter()
        .filter(|h| h.p_adjusted.is_some_and(|p| p < 0.05))
        .filter_map(|h| {
            let c = h.result?;
            Some(format!(
                "{} (r = {:.2}, n = {}, adjusted p {})",
                r.measure_name(h.measure),
                c.r,
                h.n,
                p_phrase(h.p_adjusted.unwrap_or(1.0))
            ))
        })
        .collect();
    if linked.is_empty() {
        "A quarter's milestone completion does not go reliably with the next quarter's change in any domain.".to_string()
    } else {
        format!(
            "A quarter's milestone completion goes with the next quarter's change in: {}.",
            linked.join("; ")
        )
    }
}
