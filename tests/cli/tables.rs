//! Every table of a report with every section, on the tiny fixture project
//! (`tests/fixtures/tiny/`): written by hand, small enough to work its numbers out.
//! Each table is pinned by a snapshot, and the numbers below are worked independently
//! of leadpulse (by hand, or with the Python snippet in the comment).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{close, leadpulse, read_csv, root, text};

const TINY: &str = "tests/fixtures/tiny/leadpulse.toml";

pub fn tiny_report() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let output = leadpulse()
        .args(["report", "--project"])
        .arg(root().join(TINY))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    (tmp, out)
}

fn row<'r>(
    rows: &'r [BTreeMap<String, String>],
    keys: &[(&str, &str)],
) -> &'r BTreeMap<String, String> {
    rows.iter()
        .find(|r| keys.iter().all(|(k, v)| r[*k] == *v))
        .unwrap_or_else(|| panic!("no row {keys:?}"))
}

fn num(r: &BTreeMap<String, String>, column: &str) -> f64 {
    r[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?}", r[column]))
}

fn table(out: &Path, name: &str) -> Vec<BTreeMap<String, String>> {
    read_csv(&out.join("metrics").join(name))
}

#[test]
fn every_table_of_the_tiny_project() {
    let (_tmp, out) = tiny_report();
    let mut names: Vec<String> = std::fs::read_dir(out.join("metrics"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 29, "every section's tables: {names:?}");
    for name in names {
        let body = text(&std::fs::read(out.join("metrics").join(&name)).unwrap());
        insta::assert_snapshot!(format!("tiny_{name}"), body);
    }
}

/// Survey numbers. Respondent scores: Alpha = (a1 + a2) / 2, Beta = (b1 + 6 - b2) / 2.
/// Team A, 2025-Q1: Alpha 3, 2.5, 4 (mean 3.1667, sd 0.7638); Beta 4, 3, 5 (mean 4,
/// sd 1). Team means of Alpha for A over the quarters: 3.1667, 4.1667, 4.6667, so the
/// slope is 0.75 a quarter. Python:
/// `d['alpha'] = (d.a1 + d.a2) / 2; d.groupby(['Team','Quarter']).alpha.agg(['mean','std'])`
/// and `scipy.stats.linregress([0, 1, 2], means)` (slope 0.75, stderr 0.1443, p 0.1210,
/// lower bound 0.75 - t(0.975, 1) * 0.1443 = -1.0840). The means' own sampling noise
/// (sds 0.7638, 0.7638, 0.2887 of 3 respondents: `sqrt(0.7638²/3 + 0.2887²/3) / 2 =
/// 0.2357`) gives the narrower 0.75 ± 1.96 * 0.2357, so the t interval stands.
#[test]
fn survey_tables_match_hand_worked_values() {
    let (_tmp, out) = tiny_report();
    let scores = table(&out, "domain_scores.csv");
    let a = row(
        &scores,
        &[("unit", "A"), ("quarter", "2025-Q1"), ("domain", "Alpha")],
    );
    close(num(a, "mean"), 3.1667, 1e-4);
    close(num(a, "sd"), 0.7638, 1e-4);
    let b = row(
        &scores,
        &[("unit", "A"), ("quarter", "2025-Q1"), ("domain", "Beta")],
    );
    close(num(b, "mean"), 4.0, 1e-9);
    close(num(b, "sd"), 1.0, 1e-9);
    // Organisation 2025-Q1: Alpha (3.1667 + 2.3333 + 3.6667) / 3 = 3.0556, Beta
    // (4 + 2.6667 + 2.3333) / 3 = 3; Overall their mean, 3.0278; the sd of the nine
    // respondents' overall scores is 0.6548 (`((o.alpha + o.beta) / 2).std()`).
    let org = row(
        &scores,
        &[
            ("level", "organisation"),
            ("quarter", "2025-Q1"),
            ("domain", "Overall"),
        ],
    );
    close(num(org, "mean"), 3.0278, 1e-4);
    close(num(org, "sd"), 0.6548, 1e-4);
    // Team C has no group: it rolls up only into the organisation.
    let c = row(
        &scores,
        &[("unit", "C"), ("quarter", "2025-Q1"), ("domain", "Alpha")],
    );
    assert_eq!(c["group"], "");
    // Group G's response rate: 6 responses over sizes 4 + 3.
    let part = table(&out, "participation.csv");
    let g = row(&part, &[("unit", "G"), ("quarter", "2025-Q1")]);
    close(num(g, "response_rate"), 6.0 / 7.0, 1e-4);
    let trends = table(&out, "trends.csv");
    let t = row(&trends, &[("unit", "A"), ("domain", "Alpha")]);
    close(num(t, "slope_per_quarter"), 0.75, 1e-4);
    close(num(t, "slope_ci_low"), -1.0840, 1e-4);
    close(num(t, "slope_p"), 0.1210, 1e-4);
    // The slope it would have found four times in five: the interval's half-width
    // (0.75 + 1.0840) times (z_0.975 + z_0.80) / z_0.975 (scipy `norm.ppf`).
    close(
        num(t, "detectable_slope"),
        (0.75 + 1.0840) * (1.959963984540054 + 0.8416212335729143) / 1.959963984540054,
        1e-3,
    );
    // Team B's Alpha means lie exactly on a line (2.3333, 2.5, 2.6667): no longer a
    // zero-width interval that reads "improving".
    let b = row(&trends, &[("unit", "B"), ("domain", "Alpha")]);
    assert_eq!(b["status"], "no clear trend");
    // Cronbach's alpha of (a1, a2) over all 27 responses, by
    // k / (k - 1) * (1 - sum of item variances / variance of the sum): 0.8348.
    let rel = table(&out, "reliability.csv");
    close(
        num(row(&rel, &[("domain", "Alpha")]), "cronbach_alpha"),
        0.8348,
        1e-4,
    );
    // Alpha has two items: without one no scale is left (no alpha), and each item's
    // item-rest r is its plain r with the other over the 27 responses, from scipy:
    // `stats.pearsonr(d.a1, d.a2)` on survey.csv = 0.7184212081070994.
    let items = table(&out, "item_reliability.csv");
    for item in ["a1", "a2"] {
        let i = row(&items, &[("domain", "Alpha"), ("item", item)]);
        assert_eq!(i["alpha_if_deleted"], "");
        assert_eq!(i["complete_responses"], "27");
        close(num(i, "cronbach_alpha"), 0.8348, 1e-4);
        close(num(i, "item_rest_r"), 0.7184212081070994, 1e-4);
    }
    // Correlations, from scipy (tests/fixtures/tiny: Alpha = mean(a1, a2), Beta =
    // mean(b1, 6 - b2) per respondent; each team-quarter's noise is np.cov of its three
    // respondents over 3; each value centred on its quarter's mean over the 3 teams,
    // times 3/2). Levels: 9 team-quarters of 3 teams; Alpha's excess over its noise,
    // summed per team, has one-sided `ttest_1samp(..., alternative='greater')` p =
    // 0.0776, so its spread is within sampling noise and no r is given (it would be 0.57
    // with p 0.34). Changes: 6, p = 0.601 for Alpha: no r either.
    // Spearman of the raw values: `stats.spearmanr` = 0.2393 (levels), 0.6120
    // (changes), Fisher intervals tanh(atanh(r) +/- z/sqrt(n-3)) with z =
    // `stats.norm.ppf(0.975)`, and no p-value.
    let corr = table(&out, "correlations.csv");
    for kind in ["levels", "changes"] {
        let pearson = row(&corr, &[("kind", kind), ("method", "pearson")]);
        assert_eq!(
            (pearson["r"].as_str(), pearson["p"].as_str()),
            ("", ""),
            "{kind}"
        );
        assert_eq!(
            pearson["note"],
            format!("{kind} in Alpha are within sampling noise: no r")
        );
        let spearman = row(&corr, &[("kind", kind), ("method", "spearman")]);
        assert_eq!(
            (spearman["p"].as_str(), spearman["p_adjusted"].as_str()),
            ("", "")
        );
        assert!(spearman["note"].contains("descriptive, no test"));
    }
    let levels = row(&corr, &[("kind", "levels"), ("method", "spearman")]);
    assert_eq!(levels["n"], "9");
    close(num(levels, "r"), 0.23932498098297525, 1e-4);
    close(num(levels, "ci_low"), -0.5050735846987632, 1e-4);
    let changes = row(&corr, &[("kind", "changes"), ("method", "spearman")]);
    assert_eq!(changes["n"], "6");
    close(num(changes, "r"), 0.6120084698771954, 1e-4);
    close(num(changes, "ci_high"), 0.951150204582691, 1e-4);
    // Difference in differences, one quarter before and after A's start (2025-Q2):
    // A's Alpha changed 4.1667 - 3.1667 = +1; B's +0.1667, C's 0 (mean 0.0833):
    // estimate 0.9167. One treated team of three: 3 relabellings, p = 1/3, no interval.
    let eff = table(&out, "interventions.csv");
    let e = row(&eff, &[("domain", "Alpha")]);
    close(num(e, "estimate"), 0.9167, 1e-4);
    close(num(e, "p"), 1.0 / 3.0, 1e-4);
    assert_eq!((e["ci_low"].as_str(), e["ci_high"].as_str()), ("", ""));
    assert_eq!(e["reliable_improvement"], "no");
    // One treated team: few teams, so no effect could be called reliable, and no
    // detectable effect is given (the flags say why).
    assert_eq!(
        (e["flags"].as_str(), e["detectable_effect"].as_str()),
        ("few_teams", "")
    );
}

/// Side-file numbers, by hand.
#[test]
fn side_tables_match_hand_worked_values() {
    let (_tmp, out) = tiny_report();
    // 360: p-1's peers rate Collaborates 2, 3, 2: mean 2.3333, sd 0.5774, r_wg =
    // 1 - (1/3) / ((25 - 1) / 12) = 0.8333. Self 5: gap 2.6667, below the threshold
    // t(0.975, 2) * max(0.5774, 0.6) * sqrt(1 + 1/3) = 2.9810, so "aligned". The single
    // team member is suppressed, and p-2's two peers too.
    let fb = table(&out, "feedback_360.csv");
    let peers = row(&fb, &[("person", "p-1"), ("perspective", "peer")]);
    close(num(peers, "mean"), 2.3333, 1e-4);
    close(num(peers, "agreement_rwg"), 0.8333, 1e-4);
    assert_eq!(
        row(&fb, &[("person", "p-2"), ("perspective", "peer")])["status"],
        "suppressed"
    );
    let gaps = table(&out, "feedback_gaps.csv");
    let gap = row(&gaps, &[("person", "p-1"), ("dimension", "Collaborates")]);
    close(num(gap, "threshold"), 2.9810, 1e-4);
    assert_eq!(gap["finding"], "aligned");
    let lead = row(&gaps, &[("person", "p-1"), ("dimension", "Leads")]);
    assert_eq!(lead["finding"], "too_few_raters");
    // Milestones of team A: January 1 of 2, February 2 of 2, March none: mean 0.5, the
    // longest streak 2 months, the current one 0.
    let ms = table(&out, "milestones_summary.csv");
    let a = row(&ms, &[("team", "A")]);
    close(num(a, "mean_completion"), 0.5, 1e-9);
    assert_eq!(
        (a["longest_streak"].as_str(), a["current_streak"].as_str()),
        ("2", "0")
    );
    // Adoption of Pairing by A (4 members), introduced 2025-01-10: first used on
    // 2025-02-01 (22 days); 3 of 4 (0.75 >= 0.6) on 2025-03-01 and 2025-04-01, a run of
    // two: consistent use on 2025-04-01, 81 days after. B never gets there: censored at
    // its last observation, 2025-04-01 (81 days).
    let lv = table(&out, "learning_velocity.csv");
    let a = row(&lv, &[("level", "team_practice"), ("team", "A")]);
    assert_eq!(
        (
            a["days_to_first_use"].as_str(),
            a["days_to_consistent_use"].as_str()
        ),
        ("22", "81")
    );
    let b = row(&lv, &[("level", "team_practice"), ("team", "B")]);
    assert_eq!(
        (
            b["reached_consistent_use"].as_str(),
            b["censored_at_days"].as_str()
        ),
        ("0", "81")
    );
    // Growth: p-1 ticks 1, 2, 3 indicators in three months. A line fits exactly (slope
    // 1 a month, interval [1, 1], p = 0), which three months cannot support: no trend,
    // and the note says what it needs.
    let gt = table(&out, "growth_trend.csv");
    let p1 = row(&gt, &[("person", "p-1")]);
    assert_eq!(
        (p1["slope_per_month"].as_str(), p1["slope_p"].as_str()),
        ("", "")
    );
    assert_eq!(p1["note"], "a trend needs at least 6 months");
    // Competency: p-1's latest stage 3 ("Conscious Competence"); p-2's stage given by
    // name, "Teaching Others", is 5.
    let comp = table(&out, "competency.csv");
    assert_eq!(row(&comp, &[("person", "p-1")])["current_stage"], "3");
    assert_eq!(row(&comp, &[("person", "p-2")])["current_stage"], "5");
    // The page: with three months there is one window, so one completion, not the same
    // months twice; A's streak of two months is the longest.
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        page.contains(
            "Practices: 50% of items completed in 2025-01 to 2025-03; longest streak 2 months in a row (A)."
        ),
        "milestone answer"
    );
    // Influence: p-1 in 2025-Q2 mentored 2 (leading) and drove 1 decision (lagging):
    // leading share 2 / 3.
    let inf = table(&out, "influence.csv");
    let q2 = row(&inf, &[("person", "p-1"), ("quarter", "2025-Q2")]);
    close(num(q2, "leading_share"), 2.0 / 3.0, 1e-4);
}
