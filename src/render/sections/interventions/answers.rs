//! The interventions' answers in words: each effect described, the page's and
//! `summary.json`'s headline, and the reliable effects for `summary.json`.

use serde_json::{json, Value};

use crate::metrics::interventions::{ranked, Effect, Flag};
use crate::render::format::{p_phrase, signed};
use crate::render::headlines::Headline;
use crate::render::tables::num;
use crate::render::Results;

/// One effect in words: "Technical Excellence +0.33 (95% CI +0.21 to +0.44, adjusted
/// p = 0.0111; 5 treated teams against 6 not yet treated)", with its cautions.
pub fn describe_effect(r: &Results, e: &Effect) -> String {
    let mut text = format!(
        "{} {}",
        r.measure_name(e.measure),
        e.estimate.map_or("–".into(), signed)
    );
    let mut inner = Vec::new();
    if let Some((lo, hi)) = e.ci {
        inner.push(format!("95% CI {} to {}", signed(lo), signed(hi)));
    }
    if let Some(p) = e.p_adjusted {
        inner.push(format!("adjusted p {}", p_phrase(p)));
    }
    let teams = format!(
        "{} treated teams against {} not yet treated",
        e.treated, e.comparison
    );
    text.push_str(&format!(" ({}; {teams})", inner.join(", ")));
    let cautions: Vec<&str> = e
        .flags
        .iter()
        .map(|f| match f {
            Flag::FewTeams => "few teams",
            Flag::PreTrend => "treated teams were already moving differently before",
            Flag::StartedLow => "treated teams started low, so part may be regression to the mean",
        })
        .collect();
    if !cautions.is_empty() {
        text.push_str(&format!(" [{}]", cautions.join("; ")));
    }
    text
}

pub(super) fn headline(r: &Results) -> Option<Headline> {
    if r.studies().is_empty() {
        return None;
    }
    let reliable: Vec<&Effect> = ranked(r.studies())
        .into_iter()
        .filter(|e| e.is_reliable_improvement())
        .collect();
    let mut parts = Vec::new();
    let mut helped = Vec::new();
    for e in &reliable {
        if !helped.contains(&e.intervention) {
            helped.push(e.intervention.clone());
        }
    }
    for name in &helped {
        let list: Vec<String> = reliable
            .iter()
            .filter(|e| &e.intervention == name)
            .map(|e| describe_effect(r, e))
            .collect();
        parts.push(format!(
            "{name} went with a reliable improvement in {}",
            list.join("; ")
        ));
    }
    let without: Vec<&str> = r
        .studies()
        .iter()
        .filter(|s| !helped.contains(&s.name))
        .map(|s| s.name.as_str())
        .collect();
    if !without.is_empty() {
        parts.push(format!(
            "No reliable improvement in any domain after: {}",
            without.join(", ")
        ));
    }
    Some(Headline {
        topic: "interventions",
        text: format!(
            "Interventions (observational: teams chose them, so other differences may explain part of a change): {}.",
            parts.join(". ")
        ),
    })
}

/// Reliable improvements, ranked.
pub(super) fn reliable_effects(r: &Results) -> Vec<Value> {
    ranked(r.studies())
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

/// Every estimate's verdict beside the smallest effect it could have found, in the
/// studies' order: a flag not raised is read with its power.
pub(super) fn power(r: &Results) -> Vec<Value> {
    r.studies()
        .iter()
        .flat_map(|s| &s.effects)
        .map(|e| {
            json!({
                "intervention": e.intervention,
                "domain": r.measure_name(e.measure),
                "reliable_improvement": e.is_reliable_improvement(),
                "detectable_effect": num(e.detectable),
            })
        })
        .collect()
}
