//! leadpulse turns engineering-survey exports into evidence about how teams develop.
//!
//! Data flows one way: [`ingest`] (bytes to tables) -> [`validate`] (tables and a
//! [`schema`] to typed responses and problems) -> [`metrics`] -> [`privacy`] ->
//! [`render`]. [`commands`] wires the stages together for each subcommand; [`config`]
//! resolves the command line and project file once.

pub mod atomic_write;
pub mod calibration;
pub mod cli;
pub mod commands;
pub mod config;
pub mod draft;
pub mod error;
pub mod generate;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod privacy;
pub mod problem;
pub mod render;
pub mod schema;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod validate;

pub use commands::run;
pub mod column_profile;
