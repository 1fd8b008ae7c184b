//! The page's interventions section: ranked effects, plain-words answer and the event
//! studies. Values come already screened; this only formats them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::PageInputs;
use super::charts::event_study_stem;

use super::answers::describe_effect;
use crate::metrics::interventions::{ranked, Effect, Study};
use crate::render::format::{p_text, signed};
use crate::render::Results;

#[derive(Serialize)]
pub struct EffectRow {
    cells: Vec<String>,
    reliable: bool,
}

#[derive(Serialize)]
pub struct Figure {
    name: String,
    uri: String,
}

#[derive(Serialize)]
pub struct InterventionsView {
    before: i32,
    after: i32,
    rows: Vec<EffectRow>,
    answers: Vec<String>,
    figures: Vec<Figure>,
}

/// The fragment's context: the estimates, the answers and the event-study charts.
pub(super) fn view(p: &PageInputs) -> Option<minijinja::Value> {
    let interventions = interventions_view(p.r, p.images)?;
    Some(minijinja::context! { interventions })
}

fn interventions_view(r: &Results, images: &BTreeMap<String, String>) -> Option<InterventionsView> {
    let window = r.sections.interventions.as_ref()?.window;
    if r.studies().is_empty() {
        return None;
    }
    let rows = ranked(r.studies())
        .into_iter()
        .map(|e| effect_row(r, e))
        .collect();
    let answers = r.studies().iter().map(|s| study_answer(r, s)).collect();
    let figures = r
        .studies()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            Some(Figure {
                name: s.name.clone(),
                uri: images.get(&event_study_stem(i, &s.name))?.clone(),
            })
        })
        .collect();
    Some(InterventionsView {
        before: window.before,
        after: window.after,
        rows,
        answers,
        figures,
    })
}

/// One estimate's row of the page's table.
fn effect_row(r: &Results, e: &Effect) -> EffectRow {
    let interval = |ci: Option<(f64, f64)>| {
        ci.map_or(String::new(), |(lo, hi)| {
            format!(" [{}, {}]", signed(lo), signed(hi))
        })
    };
    EffectRow {
        reliable: e.is_reliable_improvement(),
        cells: vec![
            e.intervention.clone(),
            r.measure_name(e.measure).to_string(),
            format!("{} / {}", e.treated, e.comparison),
            e.treated_change.map_or("–".into(), signed),
            e.comparison_change.map_or("–".into(), signed),
            e.estimate
                .map_or("–".into(), |v| format!("{}{}", signed(v), interval(e.ci))),
            e.p_adjusted.map_or("–".into(), p_text),
            e.hedges_g.map_or("–".into(), |g| format!("{g:.2}")),
            e.lead.map_or("–".into(), |v| {
                format!("{}{}", signed(v), interval(e.lead_ci))
            }),
            e.flags
                .iter()
                .map(|f| f.as_str().replace('_', " "))
                .collect::<Vec<_>>()
                .join(", "),
            e.detectable.map_or("–".into(), |d| format!("{d:.2}")),
        ],
    }
}

/// One intervention's answer: its reliable improvements, or its largest estimate.
fn study_answer(r: &Results, s: &Study) -> String {
    let mut effects: Vec<_> = s
        .effects
        .iter()
        .filter(|e| e.is_reliable_improvement())
        .collect();
    effects.sort_by(|a, b| {
        b.estimate
            .unwrap_or(0.0)
            .total_cmp(&a.estimate.unwrap_or(0.0))
    });
    if effects.is_empty() {
        let best = s
            .effects
            .iter()
            .filter_map(|e| e.estimate.map(|v| (v, e)))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((_, e)) => format!(
                "{}: no reliable improvement in any domain; the largest estimate was {}.{}",
                s.name,
                describe_effect(r, e),
                detectable_sentence(s)
            ),
            None => format!("{}: too little data around its starts to estimate.", s.name),
        }
    } else {
        let list: Vec<String> = effects.iter().map(|e| describe_effect(r, e)).collect();
        format!(
            "{}: went with a reliable improvement in {}.",
            s.name,
            list.join("; ")
        )
    }
}

/// What an intervention's data could have shown: " With these teams, only an effect of
/// about 0.31 to 0.45 or more on a domain would have shown (80% power)." (empty when no
/// domain could be called reliable at all). A flag not raised is not evidence of no effect.
fn detectable_sentence(s: &Study) -> String {
    let sizes: Vec<f64> = s.effects.iter().filter_map(|e| e.detectable).collect();
    if sizes.is_empty() {
        return " With so few teams on a side, no effect could have been called reliable.".into();
    }
    format!(
        " With these teams, only an effect of about {} or more on a domain would have shown (80% power); smaller ones may have gone unseen.",
        crate::render::format::range_text(&sizes)
    )
}
