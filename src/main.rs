use std::io::IsTerminal;

use clap::Parser;

fn main() {
    let cli = leadpulse::cli::Cli::parse();
    let code = match leadpulse::run(cli, std::io::stderr().is_terminal()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code as i32);
}
