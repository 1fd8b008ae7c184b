//! Growth-indicator checklists of individual leaders: on top of the checklist metrics
//! shared with team milestones (per category per month, streaks, never ticked), the
//! trend of indicators ticked per month and the months with the most growth.

use super::milestones::{milestones, Milestones, Month};
use super::stats::{ols, Slope};
use crate::schema::Schema;
use crate::validate::Dataset;

/// Months listed as "most growth" per person.
pub const BEST_MONTHS: usize = 3;

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
                slope: if x.len() >= 3 { ols(&x, &y) } else { None },
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
        // Totals: month 100 -> 1 + 0, 101 -> 2 + 1, 102 -> 2 + 3, 103 -> 4 + 2 = 1, 3, 5, 6.
        // OLS slope of (100, 1), (101, 3), (102, 5), (103, 6): sxy = 8.5, sxx = 5 -> 1.7.
        let m = Milestones {
            months: vec![
                row(100, 0, 1),
                row(100, 1, 0),
                row(101, 0, 2),
                row(101, 1, 1),
                row(102, 0, 2),
                row(102, 1, 3),
                row(103, 0, 4),
                row(103, 1, 2),
            ],
            ..Milestones::default()
        };
        let t = &trends(&m)[0];
        assert_eq!(t.months, 4);
        assert!((t.slope.unwrap().slope - 1.7).abs() < 1e-12);
        assert_eq!(
            t.best_months,
            vec![(Month(103), 6), (Month(102), 5), (Month(101), 3)]
        );
    }
}
