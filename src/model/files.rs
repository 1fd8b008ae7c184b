//! What each input file was read as, for the report's list of files.

use serde::Serialize;

/// What one input file was read as.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub shape: Shape,
    pub read_as: String,
    pub rows: usize,
    pub rows_with_errors: usize,
    /// The survey responses kept from this file (indices into the dataset's responses),
    /// so privacy can tell whether its row count would single out a hidden group.
    #[serde(skip)]
    pub responses: std::ops::Range<usize>,
}

/// A file as a report lists it: its row counts only where they cannot single out a
/// hidden group (privacy decides; none when withheld).
#[derive(Debug, Clone, Serialize)]
pub struct ListedFile {
    pub file: String,
    pub shape: Shape,
    pub read_as: String,
    pub rows: Option<usize>,
    pub rows_with_errors: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// One row per survey response.
    Responses,
    /// One row per team and quarter with a column per domain.
    Aggregated,
    /// The file could not be read at all.
    Unreadable,
    /// An interventions list.
    Interventions,
    /// A practice-adoption log.
    Adoption,
    /// Checklist responses (team milestones).
    Checklist,
    /// An org file: each unit's parent.
    Hierarchy,
    /// A people list.
    People,
    /// 360-feedback responses.
    Feedback,
    /// Competency assessments.
    Competency,
    /// Influence and pipeline records.
    Influence,
    /// Reflections and impact stories.
    Reflections,
}
