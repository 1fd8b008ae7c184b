//! `leadpulse validate`: check data against a schema; problems on stdout, summary on stderr.

use std::io::Write;

use super::load::{load_hierarchy, load_side_inputs};
use super::{load_dataset, print_problems_text, summary_line};
use crate::cli::{OutputFormat, ValidateArgs};
use crate::config::ValidateConfig;
use crate::error::{ExitCode, Result};

pub fn run(args: ValidateArgs, talk: super::Talk) -> Result<ExitCode> {
    let config = ValidateConfig::resolve(args)?;
    let (mut ds, mut diag) = load_dataset(
        &config.data,
        &config.schema,
        &config.options,
        &config.read_options,
        |_| {},
    )?;
    // The hierarchy is checked too: the org file's rows, or the export's manager ids.
    let hierarchy = config
        .project
        .as_ref()
        .and_then(|p| p.sections.hierarchy.as_ref());
    load_hierarchy(hierarchy, &config.read_options, &mut ds, &mut diag)?;
    if let Some(project) = &config.project {
        load_side_inputs(project, &ds, &mut diag)?;
    }
    diag.sort();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match config.format {
        OutputFormat::Text => print_problems_text(&diag.problems, &mut out)?,
        OutputFormat::Json => {
            let value = serde_json::json!({
                "files": diag.files,
                "rows": diag.rows_read(),
                "errors": diag.error_count(),
                "warnings": diag.problems.len() - diag.error_count(),
                "problems": diag.problems,
            });
            serde_json::to_writer_pretty(&mut out, &value).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    talk.say(summary_line(&diag));
    Ok(if diag.error_count() > 0 {
        ExitCode::DataProblems
    } else {
        ExitCode::Ok
    })
}
