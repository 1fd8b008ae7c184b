//! Domain types that several stages share: a quarter, a person and their records, a
//! rater's perspective, what a value measures, what a file was read as, and a value with the privacy decision
//! about it. This module imports no stage; the stages import it.

mod files;
mod measure;
mod people;
mod perspective;
mod quarter;
mod screened;

pub use files::{FileSummary, ListedFile, Shape};
pub use measure::Measure;
pub use people::{
    is_safe_id, Person, Reflection, ANNUAL_PARTS, ANNUAL_REVIEW, KINDS, MAX_ID_LEN, SAFE_ID,
    STAGES, STORY_PARTS,
};
pub use perspective::Perspective;
pub use quarter::Quarter;
pub use screened::{GroupKey, GroupStatus, Hidden, KeptQuarter, Keyed, Revisited, Screened};
