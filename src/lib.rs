//! leadpulse turns engineering-survey exports into evidence about how teams develop.
//!
//! Data flows one way: [`ingest`] (bytes to tables) -> [`validate`] (tables and a
//! [`schema`] to typed responses and problems) -> [`metrics`] -> [`privacy`] -> [`render`].

pub mod error;
pub mod ingest;
pub mod metrics;
pub mod privacy;
pub mod problem;
pub mod schema;
pub mod validate;
