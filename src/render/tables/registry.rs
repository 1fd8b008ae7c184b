//! The registry of output tables: every CSV the report can write, when it applies and
//! the function that fills it from [`Results`]. The report writes exactly these (plus
//! `summary.json`), the page lists them, and a test checks the README documents the
//! columns of each.

use super::survey;
use super::{Results, Table};
use crate::error::Result;
use crate::render::sections::SECTIONS;

/// One CSV table of the report folder (`metrics/<name>.csv`).
pub struct TableSpec {
    pub name: &'static str,
    /// One line for the page's "Tables" section.
    pub about: &'static str,
    /// The columns every such table has, each documented in the README. Checklist tables
    /// also start with their unit (`team` or `person`), and `influence.csv` has a column
    /// per measure of the instrument.
    pub columns: &'static [&'static str],
    /// Whether this report has the table (its project section is configured).
    pub applies: fn(&Results) -> bool,
    pub write: fn(&Results) -> Result<Table>,
}

pub(super) fn always(_: &Results) -> bool {
    true
}

/// Every table, in the order the report writes them: the survey's, then each optional
/// section's (see `sections::SECTIONS`), each listed beside the functions that fill it.
pub fn registry() -> impl Iterator<Item = &'static TableSpec> {
    let sections = SECTIONS.iter().flat_map(|s| s.tables.iter().copied());
    std::iter::once(survey::TABLES)
        .chain(sections)
        .flat_map(|t| t.iter())
}
