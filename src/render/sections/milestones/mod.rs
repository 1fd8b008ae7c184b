//! Checklists: team milestones (their tables, the page's "Team milestones" part and the
//! timeline chart) and leaders' growth indicators (their tables; shown on person pages).

mod charts;
mod page;
mod summary;
mod tables;

use super::{no_headline, PagePart, Section, SectionFiles};
use crate::error::Result;
use crate::render::{charts::is_large, Results};

pub use charts::milestone_timeline;
pub(crate) use page::category_cells;

pub const SECTION: Section = Section {
    tables: &[tables::MILESTONE_TABLES, tables::GROWTH_TABLES],
    files,
    page: PagePart {
        id: "milestones",
        nav: "Milestones",
        name: "milestones.html",
        template: include_str!("page.html"),
        view: page::view,
    },
    headline: no_headline,
    summary: &[
        ("milestones", |r| {
            serde_json::json!(summary::never_reached(r))
        }),
        ("milestone_health", |r| {
            let links = r.sections.milestones.iter().flat_map(|m| &m.health);
            serde_json::json!(crate::render::tables::correlation_summary(
                r,
                links.map(|h| (h.measure, h.n, h.result, h.p_adjusted, h.detectable))
            ))
        }),
    ],
};

/// The timeline of every team; a large organisation's are on its unit pages.
fn files(r: &Results) -> Result<SectionFiles> {
    let mut out = SectionFiles::default();
    if let (Some(m), false) = (&r.sections.milestones, is_large(r)) {
        if let Some(png) = milestone_timeline(m, None)? {
            out.charts.push(("milestone_timeline".to_string(), png));
        }
    }
    Ok(out)
}
