//! Expected values come from SciPy 1.x / statsmodels / pingouin, run once:
//!
//! ```python
//! from scipy import stats; import numpy as np, pandas as pd, pingouin as pg
//! from statsmodels.stats.multitest import multipletests
//! x=np.arange(6.); y=np.array([2.8,3.1,3.5,3.4,3.9,4.0]); r=stats.linregress(x,y)
//! t=stats.t.ppf(0.975,4); (r.slope-t*r.stderr, r.slope+t*r.stderr)
//! a=[3.2,4.1,2.9,3.8,4.4,3.0,3.6]; b=[2.9,4.0,3.1,3.5,4.6,2.7,3.9]
//! stats.pearsonr(a,b).confidence_interval(0.95); stats.spearmanr(a,b)
//! stats.rankdata([3,1,4,1,5,9,2,6,5])
//! multipletests([0.01,0.04,0.03,0.2,0.5], method='fdr_bh')[1]
//! v=[3.5,4.0,2.5,4.5,3.0]; stats.t.interval(0.95,4,loc=np.mean(v),scale=np.std(v,ddof=1)/np.sqrt(5))
//! pg.cronbach_alpha(pd.DataFrame({'i1':[4,5,3,4,2,5],'i2':[4,4,3,5,2,4],'i3':[3,5,2,4,3,5]}))
//! # alpha if item deleted and item-rest r (pingouin 0.5, scipy):
//! d=pd.DataFrame({'i1':[4,5,3,4,2,5],'i2':[4,4,3,5,2,4],'i3':[3,5,2,4,3,5]})
//! [(pg.cronbach_alpha(d.drop(columns=c))[0], stats.pearsonr(d[c], d.drop(columns=c).sum(axis=1))[0]) for c in d]
//! ```
use super::*;
use crate::test_support::close;

#[test]
fn t_quantile_matches_scipy() {
    close(t_quantile(0.975, 4.0), 2.7764451051977934, 1e-9);
}

#[test]
fn mean_interval_matches_scipy() {
    let v = [3.5, 4.0, 2.5, 4.5, 3.0];
    let (m, sd) = mean_sd(&v).unwrap();
    close(m, 3.5, 1e-12);
    close(sd.unwrap(), 0.7905694150420949, 1e-12);
    let (lo, hi) = mean_ci95(m, sd.unwrap(), 5).unwrap();
    close(lo, 2.5183784192612215, 1e-9);
    close(hi, 4.4816215807387785, 1e-9);
    assert_eq!(mean_ci95(3.0, 0.5, 1), None);
}

#[test]
fn ols_slope_interval_and_p_match_scipy_linregress() {
    let x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    let y = [2.8, 3.1, 3.5, 3.4, 3.9, 4.0];
    let s = ols(&x, &y).unwrap();
    close(s.slope, 0.23714285714285716, 1e-12);
    close(s.intercept, 2.8571428571428568, 1e-12);
    close(s.se, 0.03181579635902867, 1e-12);
    close(s.ci_low, 0.14880804507386225, 1e-9);
    close(s.ci_high, 0.32547766921185206, 1e-9);
    close(s.p, 0.0017309530229611565, 1e-9);
}

#[test]
fn ols_needs_three_points_and_spread() {
    assert_eq!(ols(&[0.0, 1.0], &[1.0, 2.0]), None);
    assert_eq!(ols(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
}

#[test]
fn pearson_and_spearman_match_scipy() {
    let a = [3.2, 4.1, 2.9, 3.8, 4.4, 3.0, 3.6];
    let b = [2.9, 4.0, 3.1, 3.5, 4.6, 2.7, 3.9];
    let p = pearson(&a, &b).unwrap();
    close(p.r, 0.9219497432314336, 1e-12);
    close(p.p, 0.0031331751785267656, 1e-9);
    let (lo, hi) = p.ci.unwrap();
    close(lo, 0.5524420708624794, 1e-9);
    close(hi, 0.9886241599474641, 1e-9);
    let s = spearman(&a, &b).unwrap();
    close(s.r, 0.8571428571428573, 1e-12);
    close(s.p, 0.013697326615325618, 1e-9);
}

#[test]
fn pearson_is_undefined_without_spread() {
    assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 2.0, 2.0]), None);
}

#[test]
fn average_ranks_match_scipy_rankdata() {
    let r = average_ranks(&[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0]);
    assert_eq!(r, vec![4.0, 1.5, 5.0, 1.5, 6.5, 9.0, 3.0, 8.0, 6.5]);
}

#[test]
fn benjamini_hochberg_matches_statsmodels() {
    let adj = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.2, 0.5]);
    let want = [0.05, 0.06666666666666667, 0.06666666666666667, 0.25, 0.5];
    for (a, w) in adj.iter().zip(want) {
        close(*a, w, 1e-12);
    }
}

#[test]
fn benjamini_hochberg_caps_at_one() {
    assert_eq!(benjamini_hochberg(&[0.9, 0.95]), vec![0.95, 0.95]);
    assert_eq!(benjamini_hochberg(&[1.0]), vec![1.0]);
}

#[test]
fn cronbach_alpha_matches_pingouin_and_skips_incomplete_rows() {
    let i1 = [4.0f32, 5.0, 3.0, 4.0, 2.0, 5.0, f32::NAN];
    let i2 = [4.0f32, 4.0, 3.0, 5.0, 2.0, 4.0, 1.0];
    let i3 = [3.0f32, 5.0, 2.0, 4.0, 3.0, 5.0, 5.0];
    let (alpha, n) = cronbach_alpha::<[f32]>(&[&i1, &i2, &i3]).unwrap();
    assert_eq!(n, 6);
    close(alpha, 0.8754448398576513, 1e-9);
}

/// Over the six complete respondents only (the seventh misses i1), as the scale's alpha.
#[test]
fn alpha_if_item_deleted_and_item_rest_r_match_pingouin_and_scipy() {
    let i1 = [4.0f32, 5.0, 3.0, 4.0, 2.0, 5.0, f32::NAN];
    let i2 = [4.0f32, 4.0, 3.0, 5.0, 2.0, 4.0, 1.0];
    let i3 = [3.0f32, 5.0, 2.0, 4.0, 3.0, 5.0, 5.0];
    let analysis = |items: &[&[f32]]| item_analysis(items, &complete_rows(items));
    let items = analysis(&[&i1, &i2, &i3]);
    let expected = [
        (0.6896551724137929, 0.8990229253768995),
        (0.8888888888888888, 0.6859943405700354),
        (0.8682170542635659, 0.7167580288225635),
    ];
    for (got, (alpha, r)) in items.iter().zip(expected) {
        close(got.alpha_if_deleted.unwrap(), alpha, 1e-12);
        close(got.item_rest_r.unwrap(), r, 1e-12);
    }
    // Two items: without one, no scale is left to have an alpha; r is plain r.
    let two = analysis(&[&i1, &i2]);
    assert_eq!(two[0].alpha_if_deleted, None);
    // scipy: stats.pearsonr([4,5,3,4,2,5],[4,4,3,5,2,4])[0]
    close(two[0].item_rest_r.unwrap(), 0.7730206825239256, 1e-12);
    // One item or too few respondents: nothing.
    assert_eq!(analysis(&[&i1])[0].item_rest_r, None);
    let short = [4.0f32, 5.0];
    assert_eq!(analysis(&[&short, &short])[0].item_rest_r, None);
}

/// Regression: correlations of values centred within groups were tested on n - 2 df.
/// Reference: statsmodels, `smf.ols('y ~ x + C(g)', d).fit().pvalues['x']` on the raw
/// data x = [1, 2, 3, 4.5, 2, 3.5, 3, 5], y = [2, 2.5, 2, 4, 1, 3, 2.5, 3.5], groups
/// a x 4 then b x 4 -> 0.013793033279644644; r of the centred values 0.8567311328463756.
#[test]
fn centred_within_groups_correlation_matches_the_regression_test() {
    let x = [-1.625, -0.625, 0.375, 1.875, -1.375, 0.125, -0.375, 1.625];
    let y = [-0.625, -0.125, -0.625, 1.375, -1.5, 0.5, 0.0, 1.0];
    let c = pearson_within_groups(&x, &y, 2).unwrap();
    assert!((c.r - 0.8567311328463756).abs() < 1e-12, "{}", c.r);
    assert!((c.p - 0.013793033279644644).abs() < 1e-9, "{}", c.p);
    // Treated as 8 independent points the p would be smaller.
    assert!(pearson(&x, &y).unwrap().p < c.p);
}

/// Expected from SciPy: v1, v2 = 1/9, 0.64/12; df = (v1+v2)**2/(v1**2/8 + v2**2/11)
/// = 15.008346829450605; d -+ stats.t.ppf(0.975, df) * sqrt(v1+v2)
/// = -0.3642982298167712, 1.3642982298167712.
#[test]
fn welch_interval_of_a_change_matches_scipy() {
    let (lo, hi) = welch_diff_ci95((3.0, 1.0, 9), (3.5, 0.8, 12)).unwrap();
    close(lo, -0.3642982298167712, 1e-9);
    close(hi, 1.3642982298167712, 1e-9);
    assert_eq!(welch_diff_ci95((3.0, 0.0, 9), (3.0, 0.0, 9)), None);
    assert_eq!(welch_diff_ci95((3.0, 1.0, 1), (3.0, 1.0, 9)), None);
}

/// scipy: `0.5 / norm.ppf(0.975) * (norm.ppf(1 - 0.025 / 14) + norm.ppf(0.8 / 0.95))`
/// = 0.9992209848988752, and with one test and 80% power 0.7147032395012141.
#[test]
fn detectable_effect_from_an_interval_matches_scipy() {
    assert!((detectable_from_interval(0.5, 14, 0.8 / 0.95) - 0.9992209848988752).abs() < 1e-9);
    assert!((detectable_from_interval(0.5, 1, 0.8) - 0.7147032395012141).abs() < 1e-12);
}

/// Whatever r is, 20 pairs give a Fisher half-width of 1.96 / sqrt(17), so with 6 tests
/// adjusted together scipy's `np.tanh((norm.ppf(1 - 0.025/6) + norm.ppf(0.8)) /
/// np.sqrt(17))` = 0.6879190260204362.
#[test]
fn detectable_correlation_matches_scipy() {
    let x: Vec<f64> = (0..20).map(f64::from).collect();
    let y: Vec<f64> = (0..20).map(|i| f64::from((i * 7) % 11)).collect();
    let c = pearson(&x, &y).unwrap();
    let d = detectable_correlation(&c, 6).unwrap();
    assert!((d - 0.6879190260204362).abs() < 1e-9, "{d}");
    // An exact fit has no interval, so no detectable r; three points have no r at all.
    let exact = pearson(&x, &x).unwrap();
    assert_eq!(detectable_correlation(&exact, 6), None);
    assert_eq!(pearson(&x[..3], &y[..3]), None);
}

/// Across clusters: three people's centred pairs whose sums of products are 2, 0.5 and -3
/// (the leading/lagging example in `metrics::influence`): scipy
/// `ttest_1samp([2, 0.5, -3], 0).pvalue` = 0.9206948414281856. Clusters whose sums are all
/// alike leave no noise to judge by: no test; two clusters are too few.
#[test]
fn clustered_correlation_tests_across_clusters() {
    let x = [-1.5, -0.5, 1.5, 0.5, 0.5, -0.5, -1.0, 1.0];
    let y = [-1.5, 1.5, 0.5, -0.5, 0.5, -0.5, 1.5, -1.5];
    let c = [0, 0, 0, 0, 1, 1, 2, 2];
    let r = clustered_correlation(&x, &y, &c).unwrap();
    assert!((r.p - 0.9206948414281856).abs() < 1e-9, "{}", r.p);
    assert!((r.r + 0.05773502691896257).abs() < 1e-12, "{}", r.r);
    let zero = [1.0, -1.0, 1.0, -1.0, 1.0, -1.0];
    let flat = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
    assert_eq!(
        clustered_correlation(&zero, &flat, &[0, 0, 1, 1, 2, 2]),
        None
    );
    assert_eq!(clustered_correlation(&x[..4], &y[..4], &[0, 0, 1, 1]), None);
}

/// Across clusters the detectable r starts from the t interval: se 0.1 on 9 df with two
/// tests, scipy `0.1 * t.ppf(0.975, 9) / norm.ppf(0.975) * (norm.ppf(1 - 0.025/2) +
/// norm.ppf(0.8))` = 0.35583739251686575; with se 0.5 it is above 1, so none.
#[test]
fn detectable_correlation_across_clusters_matches_scipy() {
    let mut c = Correlation {
        r: 0.1,
        n: 40,
        p: 0.5,
        ci: None,
        se: Some((0.1, 9.0)),
    };
    let d = detectable_correlation(&c, 2).unwrap();
    assert!((d - 0.35583739251686575).abs() < 1e-9, "{d}");
    c.se = Some((0.5, 9.0));
    assert_eq!(detectable_correlation(&c, 2), None);
}
