//! Integration tests: the real `leadpulse` executable run on fixture files, checking
//! the files it writes, its messages and its exit codes.

mod architecture;
mod attacker;
mod bad_input;
mod cmd;
mod comments;
mod conventions;
mod generate;
mod glint;
mod hand_kept;
mod hierarchy;
mod interventions;
mod items;
mod leaders;
mod lookalikes;
mod milestones;
mod noninterference;
mod own_wording;
mod privacy;
mod real_exports;
mod report;
mod snapshots;
mod successive;
mod support;
mod tables;
mod tables_doc;
mod trust;
mod units;
mod validate;
mod velocity;
mod workbook;
