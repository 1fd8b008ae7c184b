//! Internal consistency of each domain's items (Cronbach's alpha) over all responses.
//! Flags domains whose items do not hang together; it does not drop items.

use statrs::distribution::{ContinuousCDF, FisherSnedecor};

use super::stats::{complete_rows, cronbach_alpha_over, item_analysis, ItemAnalysis};
use crate::schema::Schema;
use crate::validate::Responses;

/// A domain is flagged when its alpha is reliably below this: the 95% upper bound is.
pub const ALPHA_FLAG: f64 = 0.7;

#[derive(Debug, Clone, PartialEq)]
pub struct Reliability {
    pub domain: usize,
    pub items: usize,
    /// Respondents with every item of the domain answered; `None` when they are fewer
    /// than the minimum group size (nothing of the domain is shown then).
    pub complete: Option<usize>,
    pub alpha: Option<f64>,
    /// One-sided 95% upper confidence bound of alpha (Feldt): `1 - (1 - alpha) *
    /// F(0.05; n - 1, (n - 1)(k - 1))` for n respondents and k items.
    pub upper: Option<f64>,
    /// Each item (its id) with alpha without it and its item-rest correlation, over the
    /// same respondents.
    pub per_item: Vec<(String, ItemAnalysis)>,
}

impl Reliability {
    /// Flagged when even the upper bound is below [`ALPHA_FLAG`]: with few respondents an
    /// estimate of 0.65 from a sound scale is common, and is not flagged.
    pub fn flagged(&self) -> bool {
        self.upper.is_some_and(|u| u < ALPHA_FLAG)
    }
}

/// Feldt's one-sided 95% upper bound of alpha from n respondents and k items.
pub fn alpha_upper_bound(alpha: f64, n: usize, k: usize) -> Option<f64> {
    if n < 3 || k < 2 {
        return None;
    }
    let (d1, d2) = ((n - 1) as f64, ((n - 1) * (k - 1)) as f64);
    let f = FisherSnedecor::new(d1, d2).ok()?.inverse_cdf(0.05);
    Some(1.0 - (1.0 - alpha) * f)
}

/// Each domain's alpha, the domains on every core. A domain answered in full by fewer
/// than `min_group` respondents (the minimum group size) shows nothing, not even that
/// count: its figures would describe a group too small to show.
pub fn reliability(responses: &Responses, schema: &Schema, min_group: usize) -> Vec<Reliability> {
    use rayon::prelude::*;
    (0..schema.domains.len())
        .into_par_iter()
        .map(|d| {
            let cols: Vec<&crate::validate::ItemColumn> =
                schema.items_of(d).map(|i| &responses.items[i]).collect();
            // Alpha and the per-item figures over the same respondents.
            let mut complete = complete_rows(&cols);
            let shown = complete.len() >= min_group;
            if !shown {
                complete.clear();
            }
            let result = cronbach_alpha_over(&cols, &complete);
            let per_item = schema
                .items_of(d)
                .map(|i| schema.items[i].id.clone())
                .zip(item_analysis(&cols, &complete))
                .collect();
            Reliability {
                domain: d,
                items: cols.len(),
                complete: shown.then_some(complete.len()),
                alpha: result.map(|r| r.0),
                upper: result.and_then(|(a, n)| alpha_upper_bound(a, n, cols.len())),
                per_item,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// scipy: `f = stats.f.ppf(0.05, 29, 87)` = 0.5814970139204243; with alpha 0.65 from
    /// 30 respondents and 4 items the upper bound is 1 - 0.35 * f = 0.7964760451278515,
    /// so the domain is not flagged: 0.65 could come from a scale whose alpha is 0.75.
    #[test]
    fn the_upper_bound_of_alpha_by_hand() {
        let u = alpha_upper_bound(0.65, 30, 4).unwrap();
        assert!((u - 0.7964760451278515).abs() < 1e-9, "{u}");
        let r = |alpha, upper| Reliability {
            domain: 0,
            items: 4,
            complete: Some(30),
            alpha: Some(alpha),
            upper: Some(upper),
            per_item: Vec::new(),
        };
        assert!(!r(0.65, u).flagged());
        assert!(r(0.4, alpha_upper_bound(0.4, 30, 4).unwrap()).flagged());
    }
}
