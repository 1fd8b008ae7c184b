//! Kaplan-Meier estimate of time to an event (a practice reaching consistent use) with
//! teams not there yet censored, Greenwood variance on the log(-log) scale, and the
//! median with its interval. Pure functions; reading adoption logs comes later.

/// One team's follow-up: days from introduction, and whether the event happened then
/// (`false`: censored at that day, the last observation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    pub days: f64,
    pub event: bool,
}

/// The survival curve at one event time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub days: f64,
    pub at_risk: usize,
    pub events: usize,
    /// S(t): share not yet at the event.
    pub survival: f64,
    /// 95% interval (exponential Greenwood, as lifelines computes it).
    pub ci: (f64, f64),
}

/// `S(t) = prod over event times t_i <= t of (1 - d_i / n_i)`, one step per event time.
pub fn kaplan_meier(observations: &[Observation]) -> Vec<Step> {
    let mut obs = observations.to_vec();
    obs.sort_by(|a, b| a.days.total_cmp(&b.days));
    let z = 1.959_963_984_540_054;
    let (mut survival, mut greenwood) = (1.0f64, 0.0f64);
    let mut steps = Vec::new();
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].days;
        let at_risk = obs.len() - i;
        let same: Vec<&Observation> = obs[i..].iter().take_while(|o| o.days == t).collect();
        let events = same.iter().filter(|o| o.event).count();
        if events > 0 {
            survival *= 1.0 - events as f64 / at_risk as f64;
            if at_risk > events {
                greenwood += events as f64 / (at_risk as f64 * (at_risk - events) as f64);
            }
            let ci = if survival > 0.0 && survival < 1.0 {
                let v = greenwood / survival.ln().powi(2);
                (
                    survival.powf((z * v.sqrt()).exp()),
                    survival.powf((-z * v.sqrt()).exp()),
                )
            } else {
                (survival, survival)
            };
            steps.push(Step {
                days: t,
                at_risk,
                events,
                survival,
                ci,
            });
        }
        i += same.len();
    }
    steps
}

/// Median time and its 95% interval: the first time the curve (its lower bound, its
/// upper bound) is at or below 0.5. `None` means "not reached".
pub fn median(steps: &[Step]) -> (Option<f64>, Option<f64>, Option<f64>) {
    // A tolerance: products of (1 - d/n) land a rounding error above 0.5 (24 uncensored
    // teams give 0.5000000000000001 at the 12th event), which moved the median one
    // event late.
    let first =
        |f: &dyn Fn(&Step) -> f64| steps.iter().find(|s| f(s) <= 0.5 + 1e-12).map(|s| s.days);
    (
        first(&|s| s.survival),
        first(&|s| s.ci.0),
        first(&|s| s.ci.1),
    )
}

#[cfg(test)]
mod tests;
