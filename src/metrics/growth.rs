//! Growth-indicator checklists of individual leaders: on top of the checklist metrics
//! shared with team milestones (per category per month, streaks, never ticked), the
//! trend of indicators ticked per month and the months with the most growth.

use super::milestones::{milestones, Milestones, Month};
use super::stats::{ols, Slope};
use crate::schema::Schema;
use crate::validate::Dataset;

/// Months listed as "most growth" per person.
pub const BEST_MONTHS: usize = 3;

/// Months of checklists a trend needs: with fewer, a least-squares line through a few
/// counts often fits exactly and claims a certainty it does not have.
pub const MIN_MONTHS: usize = 6;

/// The least-squares slope of indicators ticked per month (`y`) on the month (`x`),
/// judged against the counts' own noise as well: a count's variance is about its mean
/// (Poisson), so the slope's standard error is at least `sqrt(mean(y) / Sxx)` (see
/// [`Slope::with_noise_floor`]). `None` with fewer than [`MIN_MONTHS`] months.
pub fn monthly_slope(x: &[f64], y: &[f64]) -> Option<Slope> {
    if x.len() < MIN_MONTHS {
        return None;
    }
    let s = ols(x, y)?;
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let sxx: f64 = x.iter().map(|v| (v - mx).powi(2)).sum();
    let mean = y.iter().sum::<f64>() / n;
    Some(s.with_noise_floor((mean / sxx).sqrt()))
}

#[derive(Debug, Clone, PartialEq)]
pub struct GrowthTrend {
    pub person: String,
    pub months: usize,
    /// Indicators ticked per month (all categories) regressed on the calendar month.
    pub slope: Option<Slope>,
    /// Months with the most indicators ticked, most first (earlier month on ties).
    pub best_months: Vec<(Month, u32)>,
}

/// Each person's growth-indicator checklists: the checklist metrics shared with team
/// milestones (units are people), with no link to team health.
pub fn checklists(ds: &Dataset, schema: &Schema) -> Milestones {
    milestones(ds, schema, &[])
}

pub fn trends(m: &Milestones) -> Vec<GrowthTrend> {
    let mut people: Vec<&str> = m.months.iter().map(|r| r.team.as_str()).collect();
    people.dedup();
    people
        .into_iter()
        .map(|person| {
            let mut totals: Vec<(Month, u32)> = Vec::new();
            for r in m.months.iter().filter(|r| r.team == person) {
                match totals.last_mut() {
                    Some(last) if last.0 == r.month => last.1 += r.completed,
                    _ => totals.push((r.month, r.completed)),
                }
            }
            let x: Vec<f64> = totals.iter().map(|(mo, _)| f64::from(mo.0)).collect();
            let y: Vec<f64> = totals.iter().map(|(_, n)| f64::from(*n)).collect();
            let mut best = totals.clone();
            best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            best.truncate(BEST_MONTHS);
            GrowthTrend {
                person: person.to_string(),
                months: totals.len(),
                slope: monthly_slope(&x, &y),
                best_months: best,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::milestones::MonthRow;

    fn row(month: i32, category: usize, completed: u32) -> MonthRow {
        MonthRow {
            team: "p-1".into(),
            month: Month(month),
            category,
            ticked: 0,
            completed,
            items: 4,
            streak: 0,
        }
    }

    #[test]
    fn totals_per_month_slope_and_best_months_by_hand() {
        // Totals: month 100 -> 1 + 0, 101 -> 2 + 1, 102 -> 2 + 3, 103 -> 4 + 2, 104 -> 6,
        // 105 -> 8 = 1, 3, 5, 6, 6, 8. OLS slope: x centred on 102.5, Sxx = 17.5,
        // Sxy = -2.5 - 4.5 - 2.5 + 3 + 9 + 20 = 22.5 -> 22.5 / 17.5 = 1.2857.
        let mut months = vec![
            row(100, 0, 1),
            row(100, 1, 0),
            row(101, 0, 2),
            row(101, 1, 1),
            row(102, 0, 2),
            row(102, 1, 3),
            row(103, 0, 4),
            row(103, 1, 2),
            row(104, 0, 6),
            row(105, 0, 8),
        ];
        let m = Milestones {
            months: months.clone(),
            ..Milestones::default()
        };
        let t = &trends(&m)[0];
        assert_eq!(t.months, 6);
        assert!((t.slope.unwrap().slope - 22.5 / 17.5).abs() < 1e-12);
        assert_eq!(
            t.best_months,
            // 103 and 104 both ticked 6: the earlier month first.
            vec![(Month(105), 8), (Month(103), 6), (Month(104), 6)]
        );
        // Four months are too few for a trend.
        months.truncate(8);
        let short = Milestones {
            months,
            ..Milestones::default()
        };
        assert_eq!(trends(&short)[0].slope, None);
    }

    /// Counts exactly on a line (1, 2, ..., 6) leave no residual: the interval comes
    /// from the counts' Poisson noise, sqrt(mean 3.5 / Sxx 17.5) = 0.4472 per month, so
    /// 1 +/- 1.96 * 0.4472 = [0.1235, 1.8765] instead of [1, 1] with p = 0.
    #[test]
    fn counts_on_an_exact_line_keep_their_noise() {
        let x: Vec<f64> = (0..6).map(f64::from).collect();
        let y: Vec<f64> = (1..=6).map(f64::from).collect();
        let s = monthly_slope(&x, &y).unwrap();
        assert!((s.slope - 1.0).abs() < 1e-12);
        assert!((s.ci_low - (1.0 - 1.959963984540054 * 0.2f64.sqrt())).abs() < 1e-9);
        assert!((s.ci_high - (1.0 + 1.959963984540054 * 0.2f64.sqrt())).abs() < 1e-9);
        // z = 1 / 0.4472 = 2.236: two-sided normal p 0.0253 (scipy `2 * norm.sf(5**0.5)`).
        assert!((s.p - 0.025347318677468252).abs() < 1e-9, "{}", s.p);
    }
}
