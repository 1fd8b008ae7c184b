//! Interventions: the estimates table, the page's "Interventions" part and the event
//! study charts.

mod answers;
mod charts;
mod page;
mod tables;

use super::{PagePart, Section, SectionFiles};
use crate::error::Result;
use crate::render::Results;

pub const SECTION: Section = Section {
    tables: &[tables::TABLES],
    files,
    page: PagePart {
        id: "interventions",
        nav: "Interventions",
        name: "interventions.html",
        template: include_str!("page.html"),
        view: page::view,
    },
    headline: answers::headline,
    summary: &[
        ("reliable_intervention_effects", |r| {
            serde_json::json!(answers::reliable_effects(r))
        }),
        ("intervention_power", |r| {
            serde_json::json!(answers::power(r))
        }),
    ],
};

/// One event-study chart per intervention, drawn on every core.
fn files(r: &Results) -> Result<SectionFiles> {
    use rayon::prelude::*;
    let charts = r
        .studies()
        .par_iter()
        .enumerate()
        .map(|(i, study)| {
            Ok((
                charts::event_study_stem(i, &study.name),
                charts::event_study(r, study)?,
            ))
        })
        .collect::<Result<_>>()?;
    Ok(SectionFiles {
        charts,
        files: Vec::new(),
    })
}
