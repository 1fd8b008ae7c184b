//! The learning-velocity part of `summary.json`.

use serde_json::{json, Value};

use crate::render::tables::num;
use crate::render::Results;

/// Each practice's time to consistent use and whether it sticks.
pub(super) fn practices(r: &Results) -> Vec<Value> {
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
