//! The report's optional sections, one folder each: the tables it registers, the charts
//! and pages it draws, and its part of `index.html` (a template fragment beside its
//! view). The survey itself (scores, trends, questions, the organisation tree) is the
//! page's core, in `render/{tables,html,charts}`. A new section is a new folder and one
//! line in [`SECTIONS`].

use std::collections::BTreeMap;

use minijinja::{Environment, Value};

use super::files::OutputFile;
use super::headlines::Headline;
use super::html::Keep;
use super::tables::TableSpec;
use super::Results;
use crate::error::Result;

pub mod comments;
pub mod interventions;
pub mod leaders;
pub mod milestones;
pub mod velocity;

/// One optional section of the report.
pub struct Section {
    /// Its tables, in the order the report writes them (see `tables::registry`).
    pub tables: &'static [&'static [TableSpec]],
    /// Its charts and pages; none when the section is not in this report.
    pub files: fn(&Results) -> Result<SectionFiles>,
    /// Its part of `index.html`.
    pub page: PagePart,
    /// Its sentences among the page's and `summary.json`'s answers.
    pub headline: fn(&Results) -> Option<Headline>,
    /// Its parts of `summary.json`, by key.
    pub summary: &'static [(&'static str, SummaryPart)],
}

/// One part of `summary.json`, from the results.
pub type SummaryPart = fn(&Results) -> serde_json::Value;

/// What a section draws: charts (written as `charts/<stem>.png` and offered to the page
/// by stem) and other files of its own, each with its path in the report folder.
#[derive(Default)]
pub struct SectionFiles {
    pub charts: Vec<(String, Vec<u8>)>,
    pub files: Vec<OutputFile>,
}

/// A section's part of `index.html`: an anchor, its name in the page's contents bar,
/// and a template fragment filled from `view`.
pub struct PagePart {
    pub id: &'static str,
    pub nav: &'static str,
    /// The template's name (its extension turns on HTML escaping) and text.
    pub name: &'static str,
    pub template: &'static str,
    /// The fragment's context; none when the report has nothing for this part.
    pub view: fn(&PageInputs) -> Option<Value>,
}

/// What a page fragment may read besides the results.
pub struct PageInputs<'a> {
    pub r: &'a Results<'a>,
    /// Every chart of the page as a `data:` URI, by stem.
    pub images: &'a BTreeMap<String, String>,
    /// Which units the page's tables show.
    pub keep: Keep<'a>,
    /// The organisation is large: the page shows roll-ups, teams are on unit pages.
    pub large: bool,
}

/// Every optional section, in the order of the page and of the tables.
pub const SECTIONS: &[Section] = &[
    comments::SECTION,
    interventions::SECTION,
    velocity::SECTION,
    milestones::SECTION,
    leaders::SECTION,
];

/// A section without a headline of its own.
pub(crate) fn no_headline(_: &Results) -> Option<Headline> {
    None
}

/// A section that draws nothing beyond its tables.
pub(crate) fn no_files(_: &Results) -> Result<SectionFiles> {
    Ok(SectionFiles::default())
}

/// Each section's part of the page, in order: the fragment (empty when the section has
/// nothing to show) with its anchor and contents-bar name.
pub fn page_parts(inputs: &PageInputs) -> Result<Vec<BTreeMap<&'static str, String>>> {
    let mut env = Environment::new();
    // A fragment ends with a line break that belongs to the page.
    env.set_keep_trailing_newline(true);
    let mut parts = Vec::new();
    for s in SECTIONS {
        let html = match (s.page.view)(inputs) {
            Some(ctx) => {
                env.add_template(s.page.name, s.page.template)?;
                env.get_template(s.page.name)?.render(ctx)?
            }
            None => String::new(),
        };
        parts.push(BTreeMap::from([
            ("id", s.page.id.to_string()),
            ("nav", s.page.nav.to_string()),
            ("html", html),
        ]));
    }
    Ok(parts)
}
