//! The page's comments part: the latest quarter's comments of each unit that may show
//! them. Values come already screened; this only arranges them.

use std::collections::BTreeMap;

use super::super::PageInputs;
use crate::render::html::Keep;
use crate::render::Results;

/// The fragment's context: the comments, the quarter and the minimum group.
pub(super) fn view(p: &PageInputs) -> Option<minijinja::Value> {
    let comments = comment_view(p.r, p.keep)?;
    Some(minijinja::context! {
        comments,
        latest => p.r.latest_quarter().map(|q| q.label()),
        min_comment_group => p.r.meta.min_comment_group,
    })
}

/// The latest quarter's comments per unit for the page (none: the schema has no
/// comment columns).
pub(crate) fn comment_view(
    r: &Results,
    keep: Keep,
) -> Option<Vec<BTreeMap<&'static str, minijinja::Value>>> {
    let comments = r.sections.comments.as_ref()?;
    let latest = r.latest_quarter()?;
    Some(
        comments
            .iter()
            .filter(|u| u.period == latest && keep(u.level, &u.unit))
            .map(|u| {
                let comments: Vec<(String, String)> = u
                    .comments
                    .iter()
                    .map(|(c, t)| (r.meta.schema.comments[*c as usize].name.clone(), t.clone()))
                    .collect();
                let topics = u
                    .topics
                    .iter()
                    .map(|(t, n)| format!("{t} ({n})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                BTreeMap::from([
                    ("unit", minijinja::Value::from(u.unit.clone())),
                    ("level", minijinja::Value::from(u.level.as_str())),
                    ("count", minijinja::Value::from(u.comments.len())),
                    ("flagged", minijinja::Value::from(u.flagged)),
                    ("topics", minijinja::Value::from(topics)),
                    ("comments", minijinja::Value::from_serialize(&comments)),
                ])
            })
            .collect(),
    )
}
