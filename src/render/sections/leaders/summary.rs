//! The leaders part of `summary.json`.

use serde_json::{json, Value};

use crate::render::tables::num;
use crate::render::Results;

/// Leaders: blind spots of the latest quarter, stuck competencies and reliable
/// leading/lagging links (none without a people list).
pub(super) fn leaders(r: &Results) -> Option<Value> {
    (!r.people().is_empty()).then(|| {
        let blind_spots: Vec<Value> = r
            .sections
            .feedback
            .iter()
            .flat_map(|f| {
                let latest = f.gaps.iter().map(|g| g.quarter).max();
                f.gaps
                    .iter()
                    .filter(move |g| {
                        Some(g.quarter) == latest
                            && g.finding == crate::metrics::feedback::Finding::BlindSpot
                    })
                    .map(|g| {
                        json!({
                            "person": g.person,
                            "quarter": g.quarter.label(),
                            "dimension": f.dimensions[g.dimension].0,
                            "gap": num(Some(g.gap)),
                        })
                    })
            })
            .collect();
        let lagged: Vec<Value> = r
            .sections
            .influence
            .iter()
            .flat_map(|inf| {
                inf.lagged
                    .iter()
                    .filter(|l| l.p_adjusted.is_some_and(|p| p < 0.05))
                    .map(|l| {
                        json!({
                            "leading": inf.measures[l.leading].0,
                            "lagging": inf.measures[l.lagging].0,
                            "lag_quarters": l.lag,
                            "n": l.n,
                            "r": num(l.result.map(|c| c.r)),
                            "p_adjusted": num(l.p_adjusted),
                        })
                    })
            })
            .collect();
        json!({
            "people": r.people().len(),
            "blind_spots_latest_quarter": blind_spots,
            "blind_spot_detectable_gap": span(
                r.sections.feedback.iter().flat_map(|f| f.gaps.iter().filter_map(|g| g.detectable))
            ),
            "stuck_competencies": r.tracks().iter().filter(|t| t.stuck).count(),
            "reliable_leading_lagging": lagged,
            "leading_lagging_detectable_r": leading_lagging_detectable(r),
        })
    })
}

/// The smallest and largest of some detectable effects (`null` for none): how large a gap
/// or relation the data could have shown, beside the findings listed.
fn span(sizes: impl Iterator<Item = f64>) -> Value {
    let sizes: Vec<f64> = sizes.collect();
    if sizes.is_empty() {
        return Value::Null;
    }
    json!({
        "min": num(sizes.iter().copied().reduce(f64::min)),
        "max": num(sizes.iter().copied().reduce(f64::max)),
    })
}

/// The span of the leading/lagging rows' detectable r (see `leading_lagging.csv`).
fn leading_lagging_detectable(r: &Results) -> Value {
    span(
        r.sections
            .influence
            .iter()
            .flat_map(|inf| inf.lagged.iter().filter_map(|l| l.detectable)),
    )
}
