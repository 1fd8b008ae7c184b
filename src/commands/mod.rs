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
use crate::validate::{Dataset, Diagnostics, Options};

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

/// Read and validate every data file into one dataset, calling `tick` after each file;
/// the files read and the problems found are returned apart from the data (unsorted:
/// the command sorts them once, when its loading ends).
pub(crate) fn load_dataset(
    files: &[std::path::PathBuf],
    schema: &Schema,
    options: &Options,
    read_options: &ingest::ReadOptions,
    mut tick: impl FnMut(&std::path::Path),
) -> Result<(Dataset, Diagnostics)> {
    let mut ds = Dataset::new(schema);
    let mut diag = Diagnostics::default();
    for path in files {
        let read = ingest::read_with(path, read_options)?;
        let name = path.display().to_string();
        match read.table {
            Some(table) => {
                diag.problems.extend(read.problems);
                ds.add_table(&mut diag, &table, schema, options);
            }
            None => diag.add_unreadable(name, read.problems),
        }
        tick(path);
    }
    let overlaps = ds.check_overlaps();
    diag.problems.extend(overlaps);
    Ok((ds, diag))
}

/// One line summarising the problems, for stderr.
pub(crate) fn summary_line(diag: &Diagnostics) -> String {
    let errors = diag.error_count();
    let warnings = diag.problems.len() - errors;
    format!(
        "checked {} file(s), {} row(s): {} error(s) in {} row(s), {} warning(s)",
        diag.files.len(),
        diag.rows_read(),
        errors,
        diag.rows_with_errors(),
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
