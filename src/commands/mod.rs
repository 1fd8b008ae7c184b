//! The application layer: one function per subcommand, wiring the stages together and
//! turning their results into output and an exit code.

mod generate;
mod inspect;
mod load;
mod manual;
mod report;
mod schema_init;
mod validate;

use crate::cli::{Cli, Command};
use crate::error::{ExitCode, Result};
use crate::ingest;
use crate::problem::Problem;
use crate::schema::Schema;
use crate::validate::{Dataset, Options};

/// Run a parsed command line. `stderr_is_terminal` turns progress bars on (unless
/// `--quiet`).
pub fn run(cli: Cli, stderr_is_terminal: bool) -> Result<ExitCode> {
    let talk = Talk { quiet: cli.quiet };
    match cli.command {
        Command::Validate(args) => validate::run(args, talk),
        Command::Report(args) => report::run(args, stderr_is_terminal && !cli.quiet, talk),
        Command::Generate(args) => generate::run(args, talk),
        Command::Inspect(args) => inspect::run(args, talk),
        Command::Schema(crate::cli::SchemaCommand::Init(args)) => schema_init::run(args, talk),
        Command::Completions(args) => manual::completions(args.shell),
        Command::Man => manual::man(),
    }
}

/// What a command says on stderr besides errors: warnings, summaries and where files
/// went. `--quiet` silences it; errors and the problems that stop a command still print.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Talk {
    quiet: bool,
}

impl Talk {
    pub(crate) fn say(self, line: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }
}

/// Read and validate every data file into one dataset, calling `tick` after each file.
pub(crate) fn load_dataset(
    files: &[std::path::PathBuf],
    schema: &Schema,
    options: &Options,
    read_options: &ingest::ReadOptions,
    mut tick: impl FnMut(&std::path::Path),
) -> Result<Dataset> {
    let mut ds = Dataset::new(schema);
    for path in files {
        let read = ingest::read_with(path, read_options)?;
        let name = path.display().to_string();
        match read.table {
            Some(table) => {
                ds.problems.extend(read.problems);
                ds.add_table(&table, schema, options);
            }
            None => ds.add_unreadable(name, read.problems),
        }
        tick(path);
    }
    ds.check_overlaps();
    ds.sort_problems();
    Ok(ds)
}

/// One line summarising the problems, for stderr.
pub(crate) fn summary_line(ds: &Dataset) -> String {
    let errors = ds.error_count();
    let warnings = ds.problems.len() - errors;
    format!(
        "checked {} file(s), {} row(s): {} error(s) in {} row(s), {} warning(s)",
        ds.files.len(),
        ds.rows_read(),
        errors,
        ds.rows_with_errors(),
        warnings
    )
}

pub(crate) fn print_problems_text(
    problems: &[Problem],
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    for p in problems {
        writeln!(out, "{p}")?;
    }
    Ok(())
}
