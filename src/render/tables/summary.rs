//! `summary.json`: the headline answers, organisation scores of the latest quarter,
//! reliability, reliable effects, learning velocity, milestones, leaders and data
//! quality, for other tools to read.

use serde_json::{json, Value};

use super::super::format::fixed;
use super::super::{headlines, Results};
use crate::error::Result;
use crate::metrics::reliability::ALPHA_FLAG;

fn num(v: Option<f64>) -> Value {
    match v.filter(|v| v.is_finite()) {
        // Round through the fixed format so JSON and CSV agree to the digit.
        Some(v) => fixed(v).parse::<f64>().map_or(Value::Null, |x| json!(x)),
        None => Value::Null,
    }
}

/// `summary.json`.
pub fn summary_json(r: &Results) -> Result<Vec<u8>> {
    let headlines: Vec<Value> = headlines(r)
        .into_iter()
        .map(|h| json!({"topic": h.topic, "text": h.text}))
        .collect();
    let reliability: Vec<Value> = r
        .survey.reliability
        .iter()
        .map(|x| json!({"domain": r.domain_name(x.domain), "alpha": num(x.alpha), "flagged": x.flagged()}))
        .collect();
    let value = json!({
        "title": r.meta.title,
        "instrument": r.meta.schema.name,
        "min_group_size": r.meta.min_group_size,
        "quarters": r.meta.quarters.iter().map(|q| q.label()).collect::<Vec<_>>(),
        "headlines": headlines,
        "organisation_latest": organisation_latest(r),
        "reliability": reliability,
        "reliability_threshold": ALPHA_FLAG,
        "reliable_intervention_effects": reliable_effects(r),
        "learning_velocity": velocity(r),
        "milestones": milestones(r),
        "leaders": leaders(r),
        "tables": tables(r),
        "data_quality": {
            "files": r.quality.files,
            "quarters_kept_as_published": r.quality.revisited.kept,
            "quarters_restated": r.quality.revisited.restated,
            "rows_read": r.quality.rows_read,
            "rows_skipped": r.quality.rows_skipped,
            "suppressed_cells": r.hidden_cell_count(),
            "warnings": r.quality.problems.iter().filter(|p| !p.is_error()).count(),
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&value).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Every CSV this report wrote, from the registry: file, what it holds, its columns.
fn tables(r: &Results) -> Vec<Value> {
    super::registry()
        .filter(|t| (t.applies)(r))
        .map(|t| {
            json!({
                "file": format!("metrics/{}.csv", t.name),
                "about": t.about,
                "columns": t.columns,
            })
        })
        .collect()
}

/// The organisation's shown cells of the latest quarter.
fn organisation_latest(r: &Results) -> Vec<Value> {
    let latest = r.latest_quarter();
    r.survey
        .cells
        .iter()
        .filter_map(|c| c.shown())
        .filter(|c| {
            c.level == crate::metrics::scores::Level::Organisation && Some(c.period) == latest
        })
        .map(|c| {
            json!({
                "domain": r.measure_name(c.measure),
                "n": c.n,
                "mean": num(Some(c.mean)),
                "ci_low": num(c.ci.map(|x| x.0)),
                "ci_high": num(c.ci.map(|x| x.1)),
                "favourable_share": num(c.favourable),
            })
        })
        .collect()
}

/// Reliable improvements, ranked.
fn reliable_effects(r: &Results) -> Vec<Value> {
    crate::metrics::interventions::ranked(r.studies())
        .into_iter()
        .filter(|e| e.is_reliable_improvement())
        .map(|e| {
            json!({
                "intervention": e.intervention,
                "domain": r.measure_name(e.measure),
                "estimate": num(e.estimate),
                "ci_low": num(e.ci.map(|c| c.0)),
                "ci_high": num(e.ci.map(|c| c.1)),
                "p_adjusted": num(e.p_adjusted),
                "teams_treated": e.treated,
                "comparison_teams": e.comparison,
                "flags": e.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn velocity(r: &Results) -> Vec<Value> {
    r.sections
        .velocity
        .iter()
        .flat_map(|v| &v.practices)
        .map(|p| {
            json!({
                "practice": p.practice,
                "teams": p.teams,
                "reached_consistent_use": p.reached,
                "median_days_to_consistent_use": num(p.consistent.days),
                "median_ci_low": num(p.consistent.ci.0),
                "median_ci_high": num(p.consistent.ci.1),
                "stick_3_months_share": num(p.stick[0].map(|s| s.0)),
                "stick_6_months_share": num(p.stick[1].map(|s| s.0)),
                "faded_teams": p.faded,
            })
        })
        .collect()
}

fn milestones(r: &Results) -> Option<Value> {
    r.sections.milestones.as_ref().map(|m| {
        let never: Vec<Value> = m
            .never_by_anyone
            .iter()
            .map(|(c, k)| json!({"category": m.categories[*c].0, "item": m.categories[*c].1[*k]}))
            .collect();
        json!({ "never_reached_by_any_team": never })
    })
}

/// Leaders: blind spots of the latest quarter, stuck competencies and reliable
/// leading/lagging links (none without a people list).
fn leaders(r: &Results) -> Option<Value> {
    (!r.people().is_empty()).then(|| {
        let blind_spots: Vec<Value> = r
            .sections
            .feedback
            .iter()
            .flat_map(|f| {
                let latest = f.gaps.iter().map(|g| g.quarter).max();
                f.gaps
                    .iter()
                    .filter(move |g| {
                        Some(g.quarter) == latest
                            && g.finding == crate::metrics::feedback::Finding::BlindSpot
                    })
                    .map(|g| {
                        json!({
                            "person": g.person,
                            "quarter": g.quarter.label(),
                            "dimension": f.dimensions[g.dimension].0,
                            "gap": num(Some(g.gap)),
                        })
                    })
            })
            .collect();
        let lagged: Vec<Value> = r
            .sections
            .influence
            .iter()
            .flat_map(|inf| {
                inf.lagged
                    .iter()
                    .filter(|l| l.p_adjusted.is_some_and(|p| p < 0.05))
                    .map(|l| {
                        json!({
                            "leading": inf.measures[l.leading].0,
                            "lagging": inf.measures[l.lagging].0,
                            "lag_quarters": l.lag,
                            "n": l.n,
                            "r": num(l.result.map(|c| c.r)),
                            "p_adjusted": num(l.p_adjusted),
                        })
                    })
            })
            .collect();
        json!({
            "people": r.people().len(),
            "blind_spots_latest_quarter": blind_spots,
            "stuck_competencies": r.tracks().iter().filter(|t| t.stuck).count(),
            "reliable_leading_lagging": lagged,
        })
    })
}
