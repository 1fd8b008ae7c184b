//! `summary.json`: the headline answers, organisation scores of the latest quarter,
//! reliability, each section's part (reliable effects, learning velocity, milestones,
//! leaders) and data quality, for other tools to read.

use serde_json::{json, Value};

use super::super::format::fixed;
use super::super::{headlines, Results};
use crate::error::Result;
use crate::metrics::reliability::ALPHA_FLAG;

pub(crate) fn num(v: Option<f64>) -> Value {
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
    let mut value = json!({
        "title": r.meta.title,
        "instrument": r.meta.schema.name,
        "min_group_size": r.meta.min_group_size,
        "quarters": r.meta.quarters.iter().map(|q| q.label()).collect::<Vec<_>>(),
        "headlines": headlines,
        "organisation_latest": organisation_latest(r),
        "organisation_trends": organisation_trends(r),
        "change_correlations": change_correlations(r),
        "reliability": reliability,
        "reliability_threshold": ALPHA_FLAG,
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
    // Each section's part (keys are written in name order whoever adds them).
    for section in crate::render::sections::SECTIONS {
        for (key, part) in section.summary {
            value[*key] = part(r);
        }
    }
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

/// The organisation's trend per domain and Overall: its status, slope and interval, and
/// the smallest slope the data would have found with 80% power.
fn organisation_trends(r: &Results) -> Vec<Value> {
    r.survey
        .trends
        .iter()
        .filter(|t| t.level == crate::metrics::scores::Level::Organisation)
        .map(|t| {
            json!({
                "domain": r.measure_name(t.measure),
                "status": t.status.as_str(),
                "slope_per_quarter": num(t.slope.map(|s| s.slope)),
                "slope_ci_low": num(t.slope.map(|s| s.ci_low)),
                "slope_ci_high": num(t.slope.map(|s| s.ci_high)),
                "detectable_slope": num(t.slope.map(|s| s.detectable())),
            })
        })
        .collect()
}

/// The noise-corrected correlations of changes, pair by pair: r and adjusted p where
/// tested, the smallest r this data would have found with 80% power, and why a value is
/// missing.
fn change_correlations(r: &Results) -> Vec<Value> {
    use crate::metrics::correlations::{Kind, Method};
    r.survey
        .correlations
        .iter()
        .filter(|c| c.kind == Kind::Changes && c.method == Method::Pearson)
        .map(|c| {
            json!({
                "domain_a": r.domain_name(c.a),
                "domain_b": r.domain_name(c.b),
                "n": c.n,
                "r": num(c.result.map(|x| x.r)),
                "p_adjusted": num(c.p_adjusted),
                "detectable_r": num(c.detectable),
                "note": r.correlation_note(c),
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
