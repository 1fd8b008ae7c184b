//! The 360-feedback part of an instrument schema: who is rated, the rater's perspective
//! (with the labels each survey tool uses for it), an optional comment column, and which
//! perspective is asked about each dimension (domain).

use crate::model::Perspective;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::{column_ref, ColumnRef, RawColumnRef};
use crate::text::compare_key;

/// Where the 360 fields are and how perspective labels map.
#[derive(Debug, Clone)]
pub struct Feedback {
    pub perspective: ColumnRef,
    pub comment: Option<ColumnRef>,
    /// Label (by [`compare_key`]) -> perspective.
    pub labels: BTreeMap<String, Perspective>,
}

impl Feedback {
    pub fn perspective_of(&self, label: &str) -> Option<Perspective> {
        self.labels.get(&compare_key(label)).copied()
    }

    /// The accepted labels, for messages.
    pub fn label_list(&self) -> Vec<String> {
        self.labels.keys().cloned().collect()
    }
}

#[derive(Deserialize)]
pub(super) struct RawFeedback {
    perspective: RawColumnRef,
    #[serde(default)]
    comment: Option<RawColumnRef>,
    /// Perspective -> the labels survey tools write for it.
    perspectives: BTreeMap<String, Vec<String>>,
}

impl RawFeedback {
    pub(super) fn check(&self, problems: &mut Vec<String>) -> Feedback {
        let mut labels = BTreeMap::new();
        for (name, list) in &self.perspectives {
            let Some(p) = Perspective::parse(name) else {
                problems.push(format!(
                    "feedback.perspectives.{name}: not a perspective; expected self, manager, peer, team_member or cross_functional"
                ));
                continue;
            };
            if list.is_empty() {
                problems.push(format!(
                    "feedback.perspectives.{name}: list the labels raters of this perspective have"
                ));
            }
            for label in list {
                if let Some(other) = labels.insert(compare_key(label), p) {
                    if other != p {
                        problems.push(format!(
                            "feedback.perspectives: \"{label}\" is given for both {} and {}",
                            other.as_str(),
                            p.as_str()
                        ));
                    }
                }
            }
        }
        for p in Perspective::ALL {
            if !labels.values().any(|x| *x == p) {
                problems.push(format!(
                    "feedback.perspectives.{}: missing; every perspective needs its labels",
                    p.as_str()
                ));
            }
        }
        Feedback {
            perspective: column_ref(&self.perspective, "feedback.perspective", problems),
            comment: self
                .comment
                .as_ref()
                .map(|c| column_ref(c, "feedback.comment", problems)),
            labels,
        }
    }
}

/// A domain's `perspective = "..."`, checked.
pub(super) fn domain_perspective(
    domain: &str,
    raw: Option<&str>,
    has_feedback: bool,
    problems: &mut Vec<String>,
) -> Option<Perspective> {
    let raw = raw?;
    if !has_feedback {
        problems.push(format!(
            "domain \"{domain}\": `perspective` needs a [feedback] section"
        ));
        return None;
    }
    match Perspective::parse(raw) {
        Some(Perspective::SelfRating) | None => {
            problems.push(format!(
                "domain \"{domain}\": perspective \"{raw}\"; expected manager, peer, team_member or cross_functional (self rates every dimension)"
            ));
            None
        }
        Some(p) => Some(p),
    }
}
