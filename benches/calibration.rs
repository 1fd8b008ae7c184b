//! The calibration suite at full size: for every flag the report prints, the false-alarm
//! rate under a simulated null (worst setting, with its Monte Carlo error) and the power
//! at a planted effect. Prints the README's table; exits 1 when a flag's false-alarm rate
//! exceeds its nominal level by more than the Monte Carlo error.
//!
//!     cargo bench --bench calibration

use leadpulse::calibration::{markdown, run, Size};

fn main() {
    let results = run(Size::FULL);
    print!("{}", markdown(&results));
    let failing: Vec<&str> = results
        .iter()
        .filter(|c| !c.holds())
        .map(|c| c.flag)
        .collect();
    if !failing.is_empty() {
        eprintln!(
            "false-alarm rate above its nominal level: {}",
            failing.join(", ")
        );
        std::process::exit(1);
    }
}
