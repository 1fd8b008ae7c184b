//! Internal consistency of each domain's items (Cronbach's alpha) over all responses.
//! Flags domains whose items do not hang together; it does not drop items.

use super::stats::cronbach_alpha;
use crate::schema::Schema;
use crate::validate::Responses;

/// Alpha below this is flagged.
pub const ALPHA_FLAG: f64 = 0.7;

#[derive(Debug, Clone, PartialEq)]
pub struct Reliability {
    pub domain: usize,
    pub items: usize,
    /// Respondents with every item of the domain answered.
    pub complete: usize,
    pub alpha: Option<f64>,
}

impl Reliability {
    pub fn flagged(&self) -> bool {
        self.alpha.is_some_and(|a| a < ALPHA_FLAG)
    }
}

pub fn reliability(responses: &Responses, schema: &Schema) -> Vec<Reliability> {
    (0..schema.domains.len())
        .map(|d| {
            let cols: Vec<&[f32]> = schema
                .items_of(d)
                .map(|i| responses.items[i].as_slice())
                .collect();
            let result = cronbach_alpha(&cols);
            Reliability {
                domain: d,
                items: cols.len(),
                complete: result.map_or(0, |r| r.1),
                alpha: result.map(|r| r.0),
            }
        })
        .collect()
}
