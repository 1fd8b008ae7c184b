//! Leaders' development: 360 feedback, competency stages and influence (their tables),
//! the page's "Leaders' development" part, and each person's page with its charts.

mod charts;
mod feedback_tables;
mod influence_tables;
mod page;
mod summary;

use super::{no_headline, PagePart, Section, SectionFiles};
use crate::error::Result;
use crate::render::files::OutputFile;
use crate::render::Results;

pub use page::person_page_path;

pub const SECTION: Section = Section {
    tables: &[
        influence_tables::TABLES,
        feedback_tables::COMPETENCY_TABLES,
        feedback_tables::FEEDBACK_TABLES,
    ],
    files,
    page: PagePart {
        id: "leaders",
        nav: "Leaders",
        name: "leaders.html",
        template: include_str!("page.html"),
        view: page::view,
    },
    headline: no_headline,
    summary: &[("leaders", |r| serde_json::json!(summary::leaders(r)))],
};

/// Each person's page, with their competency and influence charts.
fn files(r: &Results) -> Result<SectionFiles> {
    let mut files = Vec::new();
    for person in r.people() {
        let page = page::person_page_path(&person.id)?;
        let tracks: Vec<_> = r
            .tracks()
            .iter()
            .filter(|t| t.person == person.id)
            .collect();
        let competency = if tracks.is_empty() {
            None
        } else {
            let png = charts::competency_progression(&person.name, &tracks)?;
            files.push(OutputFile::new(
                format!("charts/competency_{}.png", person.id),
                png.clone(),
            ));
            Some(png)
        };
        let quarters: Vec<_> = r
            .sections
            .influence
            .iter()
            .flat_map(|i| &i.quarters)
            .filter(|q| q.person == person.id)
            .collect();
        let circles = if quarters.is_empty() {
            None
        } else {
            let png = charts::influence_circles(&person.name, &quarters)?;
            files.push(OutputFile::new(
                format!("charts/influence_{}.png", person.id),
                png.clone(),
            ));
            Some(png)
        };
        files.push(OutputFile::new(
            page,
            page::person_page(r, person, competency.as_deref(), circles.as_deref())?,
        ));
    }
    Ok(SectionFiles {
        charts: Vec::new(),
        files,
    })
}
