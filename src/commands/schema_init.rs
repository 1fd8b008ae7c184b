//! `leadpulse schema init`: draft a schema for an export (see [`crate::draft`]) and
//! write it, or print it.

use super::inspect::read_table;
use crate::atomic_write::write_file_atomically;
use crate::cli::SchemaInitArgs;
use crate::column_profile::profile;
use crate::draft::{draft, instrument};
use crate::error::{Error, ExitCode, Result};

pub fn run(args: SchemaInitArgs, talk: super::Talk) -> Result<ExitCode> {
    let inst = instrument(&args.instrument)?;
    let quarter = match &args.quarter {
        Some(text) => crate::model::Quarter::parse(text).ok_or_else(|| {
            Error::Usage(format!(
                "--quarter \"{text}\" is not a quarter such as 2024-Q3"
            ))
        })?,
        None => crate::model::Quarter::from_date(chrono::Utc::now().date_naive()),
    };
    let table = read_table(&args.from, args.sheet.as_deref(), talk)?;
    let p = profile(&table);
    // An adoption log gets a record schema for [adoption]; anything else an instrument.
    let (text, checked) = draft(&p, &table, &inst, &quarter.label());
    // The draft must be a schema leadpulse accepts; a failure here is a bug worth hearing about.
    if let Err(problems) = checked {
        return Err(Error::Schema {
            path: args.out.clone().unwrap_or_else(|| "(draft)".into()),
            problems,
        });
    }
    match &args.out {
        Some(path) => {
            write_file_atomically(path, text.as_bytes())?;
            talk.say(format_args!(
                "draft schema written to {}; check every CONFIRM line",
                path.display()
            ));
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::Ok)
}
