//! Correlations between domains across team-quarters, of levels and of quarter-to-quarter
//! changes, with Benjamini-Hochberg adjustment. Only shown (publishable) cells are used.

use std::collections::BTreeMap;

use serde::Serialize;

use super::scores::{Cell, Level};
use super::stats::{benjamini_hochberg, pearson, spearman, Correlation};
use crate::privacy::Screened;
use crate::validate::Quarter;

/// Fewer observations than this get a small-sample warning.
pub const SMALL_N: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Team levels: one point per team, its mean over the shown quarters where both
    /// domains exist (a team's quarters are not independent points).
    Levels,
    /// Changes from one observed quarter to the next within a team.
    Changes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Pearson,
    Spearman,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PairCorrelation {
    pub kind: Kind,
    pub method: Method,
    pub a: usize,
    pub b: usize,
    pub n: usize,
    /// `None` when undefined (fewer than 3 observations or no spread).
    pub result: Option<Correlation>,
    /// Benjamini-Hochberg adjusted p across the pairs of the same kind and method.
    pub p_adjusted: Option<f64>,
}

/// Team-quarter means of the shown domain cells: team -> quarter -> domain -> mean.
type TeamSeries = BTreeMap<String, BTreeMap<Quarter, BTreeMap<usize, f64>>>;

fn team_series(cells: &[Screened<Cell>], d_count: usize) -> TeamSeries {
    let mut out: TeamSeries = BTreeMap::new();
    for c in cells
        .iter()
        .filter(|c| c.is_shown() && c.item.level == Level::Team && c.item.domain < d_count)
    {
        out.entry(c.item.unit.clone())
            .or_default()
            .entry(c.item.period)
            .or_default()
            .insert(c.item.domain, c.item.mean);
    }
    out
}

/// Observations for one pair of domains.
fn observations(series: &TeamSeries, kind: Kind, a: usize, b: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for quarters in series.values() {
        let both: Vec<(f64, f64)> = quarters
            .values()
            .filter_map(|d| Some((*d.get(&a)?, *d.get(&b)?)))
            .collect();
        match kind {
            Kind::Levels if !both.is_empty() => {
                let k = both.len() as f64;
                xs.push(both.iter().map(|p| p.0).sum::<f64>() / k);
                ys.push(both.iter().map(|p| p.1).sum::<f64>() / k);
            }
            Kind::Levels => {}
            Kind::Changes => {
                for w in both.windows(2) {
                    xs.push(w[1].0 - w[0].0);
                    ys.push(w[1].1 - w[0].1);
                }
            }
        }
    }
    (xs, ys)
}

/// Every pair of domains, for both kinds and both methods, sorted by kind, method, pair.
pub fn correlations(cells: &[Screened<Cell>], d_count: usize) -> Vec<PairCorrelation> {
    let series = team_series(cells, d_count);
    let mut out = Vec::new();
    for kind in [Kind::Levels, Kind::Changes] {
        for method in [Method::Pearson, Method::Spearman] {
            let start = out.len();
            for a in 0..d_count {
                for b in a + 1..d_count {
                    let (x, y) = observations(&series, kind, a, b);
                    let result = match method {
                        Method::Pearson => pearson(&x, &y),
                        Method::Spearman => spearman(&x, &y),
                    };
                    out.push(PairCorrelation {
                        kind,
                        method,
                        a,
                        b,
                        n: x.len(),
                        result,
                        p_adjusted: None,
                    });
                }
            }
            let family: Vec<usize> = (start..out.len())
                .filter(|&i| out[i].result.is_some())
                .collect();
            let ps: Vec<f64> = family
                .iter()
                .map(|&i| out[i].result.map_or(1.0, |r| r.p))
                .collect();
            for (&i, adj) in family.iter().zip(benjamini_hochberg(&ps)) {
                out[i].p_adjusted = Some(adj);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(team: &str, q: i32, domain: usize, mean: f64) -> Screened<Cell> {
        Screened {
            item: Cell {
                level: Level::Team,
                unit: team.into(),
                group: None,
                period: Quarter(q),
                domain,
                n: 9,
                mean,
                sd: None,
                ci: None,
                favourable: None,
            },
            hidden: None,
        }
    }

    #[test]
    fn changes_are_taken_within_each_team_between_observed_quarters() {
        let mut cells = Vec::new();
        // Team X: domain 0 goes 3.0 -> 3.5 -> 3.4, domain 1 goes 2.0 -> 2.6 -> 2.4.
        for (q, a, b) in [(0, 3.0, 2.0), (1, 3.5, 2.6), (2, 3.4, 2.4)] {
            cells.push(cell("X", q, 0, a));
            cells.push(cell("X", q, 1, b));
        }
        // Team Y: 4.0 -> 3.0, 4.0 -> 3.5; a hidden cell in quarter 2 is not used.
        for (q, a, b) in [(0, 4.0, 4.0), (1, 3.0, 3.5)] {
            cells.push(cell("Y", q, 0, a));
            cells.push(cell("Y", q, 1, b));
        }
        let mut hidden = cell("Y", 2, 0, 1.0);
        hidden.hidden = Some(crate::privacy::Hidden::SmallGroup);
        cells.push(hidden);
        cells.push(cell("Y", 2, 1, 1.0));
        let series = team_series(&cells, 2);
        let (x, y) = observations(&series, Kind::Changes, 0, 1);
        let rounded = |v: Vec<f64>| {
            v.iter()
                .map(|f| (f * 100.0).round() / 100.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(rounded(x), vec![0.5, -0.1, -1.0]);
        assert_eq!(rounded(y), vec![0.6, -0.2, -0.5]);
        // Levels: one point per team, its mean over the quarters with both domains:
        // X (3.0 + 3.5 + 3.4) / 3 = 3.3; Y (4.0 + 3.0) / 2 = 3.5 (quarter 2 is hidden).
        let (lx, ly) = observations(&series, Kind::Levels, 0, 1);
        assert_eq!(rounded(lx), vec![3.3, 3.5]);
        assert_eq!(rounded(ly), vec![2.33, 3.75]);
    }

    #[test]
    fn each_family_of_pairs_is_adjusted_together() {
        let mut cells = Vec::new();
        let values = [
            (3.0, 2.9, 3.3),
            (3.4, 3.5, 2.8),
            (2.8, 2.6, 3.9),
            (4.1, 4.0, 3.0),
            (3.6, 3.8, 3.1),
        ];
        for (t, (a, b, c)) in values.iter().enumerate() {
            let team = format!("T{t}");
            cells.push(cell(&team, 0, 0, *a));
            cells.push(cell(&team, 0, 1, *b));
            cells.push(cell(&team, 0, 2, *c));
        }
        let out = correlations(&cells, 3);
        let levels: Vec<&PairCorrelation> = out
            .iter()
            .filter(|c| c.kind == Kind::Levels && c.method == Method::Pearson)
            .collect();
        assert_eq!(levels.len(), 3);
        let raw: Vec<f64> = levels.iter().map(|c| c.result.unwrap().p).collect();
        let adj = benjamini_hochberg(&raw);
        for (c, a) in levels.iter().zip(adj) {
            assert_eq!(c.p_adjusted, Some(a));
        }
        // One quarter per team: no changes at all.
        assert!(out
            .iter()
            .filter(|c| c.kind == Kind::Changes)
            .all(|c| c.n == 0 && c.result.is_none()));
    }
}
