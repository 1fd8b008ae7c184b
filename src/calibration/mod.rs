//! The calibration suite: for every flag the report prints, seeded simulations of data
//! with no real effect (the false-alarm rate, with its Monte Carlo error) and with a
//! planted one (the power at a stated effect). It calls the same functions the report
//! uses. It is not a stage of the pipeline: nothing else imports it.
//!
//! `cargo bench --bench calibration` runs it at full size and writes the README's table;
//! a small version runs in `cargo test`.

mod checklists;
mod correlations;
mod feedback;
mod interventions;
mod scales;
mod sim;
mod trends;
mod within;

use std::fmt::Write as _;

/// How many simulated datasets per flag and case.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub runs: usize,
    /// Runs of the costly simulations (an intervention estimate inverts a permutation
    /// test for its interval).
    pub estimates: usize,
}

impl Size {
    /// The size of the README's table.
    pub const FULL: Size = Size {
        runs: 20_000,
        estimates: 1_000,
    };
    /// The quick version in `cargo test`.
    pub const QUICK: Size = Size {
        runs: 2_000,
        estimates: 60,
    };
}

/// One flag's measured behaviour.
#[derive(Debug, Clone)]
pub struct Calibration {
    pub flag: &'static str,
    /// When the report raises it.
    pub rule: &'static str,
    /// The simulated world with nothing going on.
    pub null: &'static str,
    /// The rate the README promises under the null.
    pub nominal: f64,
    /// The worst false-alarm rate over the null settings tried, and its setting.
    pub false_alarm: Rate,
    pub worst_setting: String,
    /// The planted effect and how often the flag caught it.
    pub effect: &'static str,
    pub power: Rate,
}

/// A share of simulated runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub hits: usize,
    pub runs: usize,
}

impl Rate {
    pub fn value(self) -> f64 {
        self.hits as f64 / self.runs.max(1) as f64
    }

    /// The Monte Carlo standard error of the rate.
    pub fn mc_error(self) -> f64 {
        let p = self.value();
        (p * (1.0 - p) / self.runs.max(1) as f64).sqrt()
    }
}

/// How many Monte Carlo errors above the nominal level a flag's worst rate may lie. The
/// worst of several settings is reported, and the largest of a dozen honest estimates
/// lies a standard error above the truth more often than not; three keeps a flag that
/// truly holds its level from failing by chance while still catching a real excess (at
/// full size three errors are about 0.5 points).
pub const MC_ERRORS: f64 = 3.0;

impl Calibration {
    /// The worst false-alarm rate is within the nominal level plus [`MC_ERRORS`] Monte
    /// Carlo errors.
    pub fn holds(&self) -> bool {
        let se = self.false_alarm.mc_error().max(
            // With no false alarms at all the estimate's own error is 0; use the error a
            // rate at the nominal level would have.
            (self.nominal * (1.0 - self.nominal) / self.false_alarm.runs.max(1) as f64).sqrt(),
        );
        self.false_alarm.value() <= self.nominal + MC_ERRORS * se
    }
}

/// The highest false-alarm rate over several null settings, with its setting (the first
/// on ties).
fn worst(settings: impl IntoIterator<Item = (Rate, String)>) -> (Rate, String) {
    settings
        .into_iter()
        .fold((Rate { hits: 0, runs: 1 }, String::new()), |w, s| {
            if s.0.value() > w.0.value() {
                s
            } else {
                w
            }
        })
}

/// Every flag, at `size`.
pub fn run(size: Size) -> Vec<Calibration> {
    let mut all = vec![
        trends::improving_or_declining(size),
        trends::stuck(size),
        correlations::level_correlations(size),
        correlations::moving_together(size),
        feedback::blind_spots(size),
        within::leading_lagging(size),
        within::velocity_factors(size),
        checklists::milestone_health(size),
        checklists::growth_trend(size),
        scales::low_alpha(size),
    ];
    all.extend(interventions::interventions(size));
    all
}

/// The README's table.
pub fn markdown(results: &[Calibration]) -> String {
    let mut out = String::from(
        "| flag | rule | null simulated | nominal | false alarms (worst setting) | power |\n\
         |---|---|---|---|---|---|\n",
    );
    for c in results {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0}% | {:.2}% ± {:.2}% ({}) | {:.1}% at {} |",
            c.flag,
            c.rule,
            c.null,
            c.nominal * 100.0,
            c.false_alarm.value() * 100.0,
            c.false_alarm.mc_error() * 100.0,
            c.worst_setting,
            c.power.value() * 100.0,
            c.effect,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick suite: every flag holds its stated false-alarm rate.
    #[test]
    fn every_flag_holds_its_false_alarm_rate() {
        for c in run(Size::QUICK) {
            assert!(
                c.holds(),
                "{}: {:.2}% false alarms ({}) against {:.0}%",
                c.flag,
                c.false_alarm.value() * 100.0,
                c.worst_setting,
                c.nominal * 100.0
            );
            assert!(c.power.runs > 0);
        }
    }

    /// The full suite, as `cargo bench --bench calibration` runs it:
    /// `cargo test --lib full_suite -- --ignored --nocapture` prints the same table.
    #[test]
    #[ignore = "slow: the full calibration suite"]
    fn full_suite() {
        let results = run(Size::FULL);
        println!("{}", markdown(&results));
        assert!(results.iter().all(Calibration::holds));
    }

    /// The trend rows of the table alone, at full size (a few minutes in a debug build):
    /// `cargo test --lib full_trends -- --ignored --nocapture`.
    #[test]
    #[ignore = "slow: the trend flags at full size"]
    fn full_trends() {
        let results = vec![
            trends::improving_or_declining(Size::FULL),
            trends::stuck(Size::FULL),
        ];
        println!("{}", markdown(&results));
        assert!(results.iter().all(Calibration::holds));
    }

    /// The correlation rows of the table alone, at full size:
    /// `cargo test --release --lib full_correlations -- --ignored --nocapture`.
    #[test]
    #[ignore = "slow: the correlation flags at full size"]
    fn full_correlations() {
        let results = vec![
            correlations::level_correlations(Size::FULL),
            correlations::moving_together(Size::FULL),
        ];
        println!("{}", markdown(&results));
        assert!(results.iter().all(Calibration::holds));
    }

    /// The rows whose units repeat (a person's quarters, a team's practices or
    /// quarters) alone, at full size:
    /// `cargo test --lib full_within -- --ignored --nocapture`.
    #[test]
    #[ignore = "slow: the within-group correlation flags at full size"]
    fn full_within() {
        let results = vec![
            within::leading_lagging(Size::FULL),
            within::velocity_factors(Size::FULL),
            checklists::milestone_health(Size::FULL),
        ];
        println!("{}", markdown(&results));
        assert!(results.iter().all(Calibration::holds));
    }

    /// The intervention rows alone, at full size:
    /// `cargo test --release --lib full_interventions -- --ignored --nocapture`.
    #[test]
    #[ignore = "slow: the intervention flags at full size"]
    fn full_interventions() {
        let results = interventions::interventions(Size::FULL);
        println!("{}", markdown(&results));
        assert!(results.iter().all(Calibration::holds));
    }

    /// The blind-spot row alone, at full size:
    /// `cargo test --release --lib full_blind_spots -- --ignored --nocapture`.
    #[test]
    #[ignore = "slow: the blind-spot flag at full size"]
    fn full_blind_spots() {
        let results = vec![feedback::blind_spots(Size::FULL)];
        println!("{}", markdown(&results));
        assert!(results.iter().all(Calibration::holds));
    }

    #[test]
    fn rates_and_their_errors_by_hand() {
        let r = Rate {
            hits: 50,
            runs: 1000,
        };
        assert_eq!(r.value(), 0.05);
        // sqrt(0.05 * 0.95 / 1000)
        assert!((r.mc_error() - 0.006892024376045111).abs() < 1e-12);
    }
}
