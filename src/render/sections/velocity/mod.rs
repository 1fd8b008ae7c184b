//! Learning velocity: the adoption tables, the page's "Learning velocity" part and its
//! charts.

mod charts;
mod page;
mod summary;
mod tables;

use super::{no_headline, PagePart, Section, SectionFiles};
use crate::error::Result;
use crate::render::Results;

pub const SECTION: Section = Section {
    tables: &[tables::TABLES],
    files,
    page: PagePart {
        id: "velocity",
        nav: "Learning velocity",
        name: "velocity.html",
        template: include_str!("page.html"),
        view: page::view,
    },
    headline: no_headline,
    summary: &[
        ("learning_velocity", |r| {
            serde_json::json!(summary::practices(r))
        }),
        ("velocity_factors", |r| {
            let factors = r.sections.velocity.iter().flat_map(|v| &v.factors);
            serde_json::json!(crate::render::tables::correlation_summary(
                r,
                factors.map(|f| (f.measure, f.n, f.result, f.p_adjusted, f.detectable))
            ))
        }),
    ],
};

/// The learning-velocity charts, when the project has adoption logs.
fn files(r: &Results) -> Result<SectionFiles> {
    let mut out = SectionFiles::default();
    if let Some(v) = &r.sections.velocity {
        for (name, draw) in charts::CHARTS {
            out.charts.push((name.to_string(), draw(v)?));
        }
    }
    Ok(out)
}
