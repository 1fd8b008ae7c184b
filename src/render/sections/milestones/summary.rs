//! The milestones part of `summary.json`.

use serde_json::{json, Value};

use crate::render::Results;

/// The items no team has reached.
pub(super) fn never_reached(r: &Results) -> Option<Value> {
    r.sections.milestones.as_ref().map(|m| {
        let never: Vec<Value> = m
            .never_by_anyone
            .iter()
            .map(|(c, k)| json!({"category": m.categories[*c].0, "item": m.categories[*c].1[*k]}))
            .collect();
        json!({ "never_reached_by_any_team": never })
    })
}
