//! Expected values: by hand, and from lifelines 0.30 (`KaplanMeierFitter().fit(T, E)`,
//! `confidence_interval_`, `median_survival_times(confidence_interval_)`) with
//! T = [10, 20, 20, 35, 40, 50, 60, 70], E = [1, 1, 0, 1, 0, 1, 1, 0].
//! By hand: 7/8 = 0.875; x 6/7 = 0.75 (one event and one censored at 20); x 4/5 = 0.6;
//! 40 censored; x 2/3 = 0.4; x 1/2 = 0.2; 70 censored. Median: first S <= 0.5, day 50.
use super::*;
use crate::test_support::close;

fn data() -> Vec<Observation> {
    let t = [10.0, 20.0, 20.0, 35.0, 40.0, 50.0, 60.0, 70.0];
    let e = [true, true, false, true, false, true, true, false];
    t.iter()
        .zip(e)
        .map(|(&days, event)| Observation { days, event })
        .collect()
}

#[test]
fn curve_matches_the_hand_product() {
    let steps = kaplan_meier(&data());
    let s: Vec<(f64, f64)> = steps.iter().map(|x| (x.days, x.survival)).collect();
    let want = [
        (10.0, 0.875),
        (20.0, 0.75),
        (35.0, 0.6),
        (50.0, 0.4),
        (60.0, 0.2),
    ];
    assert_eq!(s.len(), want.len());
    for ((d, v), (wd, wv)) in s.iter().zip(want) {
        assert_eq!(*d, wd);
        close(*v, wv, 1e-6);
    }
    assert_eq!((steps[1].at_risk, steps[1].events), (7, 1));
}

#[test]
fn greenwood_interval_matches_lifelines() {
    let steps = kaplan_meier(&data());
    close(steps[0].ci.0, 0.387000, 1e-6);
    close(steps[0].ci.1, 0.981393, 1e-6);
    close(steps[3].ci.0, 0.066030, 1e-6);
    close(steps[3].ci.1, 0.734225, 1e-6);
    close(steps[4].ci.0, 0.009584, 1e-6);
    close(steps[4].ci.1, 0.572736, 1e-6);
}

#[test]
fn median_and_its_interval_or_not_reached() {
    let steps = kaplan_meier(&data());
    // lifelines: median 50, interval 10 to inf (the upper bound never reaches 0.5).
    assert_eq!(median(&steps), (Some(50.0), Some(10.0), None));
    let all_censored = [
        Observation {
            days: 30.0,
            event: false,
        },
        Observation {
            days: 90.0,
            event: false,
        },
    ];
    assert_eq!(median(&kaplan_meier(&all_censored)), (None, None, None));
}

/// Regression: 24 uncensored teams leave S at 0.5000000000000001 after the 12th event
/// (Python: `s = 1.0; for n in range(24, 12, -1): s *= 1 - 1/n`), and the median moved
/// to day 13. lifelines' `median_survival_time_` for T = 1..24, all events, is 12.
#[test]
fn the_median_tolerates_rounding_at_one_half() {
    let obs: Vec<Observation> = (1..=24)
        .map(|d| Observation {
            days: d as f64,
            event: true,
        })
        .collect();
    let steps = kaplan_meier(&obs);
    assert!(steps[11].survival > 0.5, "the rounding this guards against");
    assert_eq!(median(&steps).0, Some(12.0));
}
