//! Typed responses -> result tables: scores, participation, reliability, trends,
//! correlations. No privacy rule is applied here; `privacy` does that before rendering.

pub mod adoption;
pub mod comments;
pub mod competency;
pub mod correlations;
pub mod diff_in_diff;
pub mod feedback;
pub mod growth;
pub mod halo;
pub mod influence;
pub mod interventions;
pub mod kaplan_meier;
pub mod milestones;
pub mod org_tree;
pub mod participation;
pub mod reliability;
pub mod scores;
pub mod stats;
pub mod trends;
pub mod velocity;
