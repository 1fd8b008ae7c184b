use std::io::IsTerminal;

use clap::Parser;

fn main() {
    let cli = leadpulse::cli::Cli::parse();
    let code = match leadpulse::run(cli, std::io::stderr().is_terminal()) {
        Ok(code) => code,
        // A reader that stops early (`leadpulse inspect f.csv | head`) is not an error.
        Err(leadpulse::error::Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            leadpulse::error::ExitCode::Ok
        }
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code as i32);
}
