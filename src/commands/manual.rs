//! `leadpulse completions` and `leadpulse man`: shell completions and the manual page,
//! generated from the same clap definitions that parse the command line.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{ExitCode, Result};

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "leadpulse", &mut out);
    Ok(ExitCode::Ok)
}

/// The top-level page: synopsis, options, the subcommands with what each does, version.
pub fn man() -> Result<ExitCode> {
    let command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(command).render(&mut out)?;
    Ok(ExitCode::Ok)
}
