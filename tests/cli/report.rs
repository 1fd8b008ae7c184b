//! `leadpulse report` on the sample organisation and on the small fixture.

use crate::support::*;

fn status(trends: &[std::collections::BTreeMap<String, String>], domain: &str) -> String {
    trends
        .iter()
        .find(|r| r["level"] == "organisation" && r["domain"] == domain)
        .unwrap_or_else(|| panic!("no organisation trend for {domain}"))["status"]
        .clone()
}

#[test]
fn sample_report_finds_the_planted_structure() {
    // The generator (src/generate) plants: Psychological Safety, Technical Excellence and
    // Growth & Development improving, Goal Alignment declining, Operational Excellence
    // flat, and a shared shock on Communication and Goal Alignment.
    let (_tmp, out) = sample_report();
    let trends = read_csv(&out.join("metrics/trends.csv"));
    assert_eq!(status(&trends, "Technical Excellence"), "improving");
    assert_eq!(status(&trends, "Psychological Safety"), "improving");
    assert_eq!(status(&trends, "Growth & Development"), "improving");
    assert_eq!(status(&trends, "Goal Alignment"), "declining");
    assert_eq!(status(&trends, "Operational Excellence"), "stuck");

    let corr = read_csv(&out.join("metrics/correlations.csv"));
    let mut changes: Vec<_> = corr
        .iter()
        .filter(|r| r["kind"] == "changes" && r["method"] == "pearson" && !r["r"].is_empty())
        .collect();
    changes.sort_by(|a, b| {
        let r =
            |x: &std::collections::BTreeMap<String, String>| x["r"].parse::<f64>().unwrap().abs();
        r(b).total_cmp(&r(a))
    });
    let top = changes[0];
    assert_eq!(
        (top["domain_a"].as_str(), top["domain_b"].as_str()),
        ("Communication", "Goal Alignment")
    );
    assert!(top["p_adjusted"].parse::<f64>().unwrap() < 0.05);

    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("metrics/summary.json")).unwrap()).unwrap();
    let headlines = summary["headlines"].to_string();
    assert!(
        headlines.contains("Improving most consistently: Technical Excellence"),
        "{headlines}"
    );
    assert!(
        headlines.contains("Declining: Goal Alignment"),
        "{headlines}"
    );
    assert!(
        headlines.contains("Communication and Goal Alignment"),
        "{headlines}"
    );
}

#[test]
fn sample_report_writes_every_documented_output() {
    let (_tmp, out) = sample_report();
    for f in [
        "index.html",
        "charts/heatmap.png",
        "charts/org_trends.png",
        "charts/team_trends.png",
        "charts/correlations.png",
        "metrics/domain_scores.csv",
        "metrics/trends.csv",
        "metrics/correlations.csv",
        "metrics/participation.csv",
        "metrics/reliability.csv",
        "metrics/item_reliability.csv",
        "metrics/summary.json",
        "metrics/interventions.csv",
        "metrics/learning_velocity.csv",
        "metrics/practice_adoption.csv",
        "metrics/velocity_factors.csv",
        "metrics/adaptations.csv",
        "metrics/milestones.csv",
        "metrics/milestones_summary.csv",
        "metrics/milestone_health.csv",
        "metrics/feedback_360.csv",
        "metrics/feedback_others.csv",
        "metrics/feedback_gaps.csv",
        "metrics/feedback_themes.csv",
        "metrics/competency.csv",
        "metrics/growth_checklist.csv",
        "metrics/growth_summary.csv",
        "metrics/growth_trend.csv",
        "metrics/influence.csv",
        "metrics/leading_lagging.csv",
        "charts/event_study_01_pair_programming_rotation.png",
        "charts/adoption_curves.png",
        "charts/time_to_consistent_use.png",
        "charts/stick_or_fade.png",
        "charts/milestone_timeline.png",
        "charts/competency_p-01.png",
        "charts/influence_p-01.png",
        "people/p-01.html",
    ] {
        let bytes = std::fs::read(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(bytes.len() > 100, "{f} is nearly empty");
        if f.ends_with(".png") {
            assert_eq!(&bytes[..4], b"\x89PNG", "{f}");
            // A drawn chart, not a blank canvas: it decodes, is readable in size and
            // has text and marks in several colours.
            let img = image::load_from_memory(&bytes)
                .unwrap_or_else(|e| panic!("{f}: {e}"))
                .to_rgb8();
            assert!(img.width() >= 600 && img.height() >= 300, "{f} is tiny");
            let colours: std::collections::BTreeSet<[u8; 3]> =
                img.pixels().map(|p| p.0).take(2_000_000).collect();
            assert!(colours.len() >= 8, "{f} has {} colours", colours.len());
        }
    }
    // The hand-tracked aggregated sheet (team Mobile) is read as scores, not responses.
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    let mobile: Vec<_> = scores.iter().filter(|r| r["unit"] == "Mobile").collect();
    assert_eq!(mobile.len(), 8 * 7, "8 quarters x (6 domains + Overall)");
    assert!(mobile
        .iter()
        .all(|r| r["sd"].is_empty() && !r["mean"].is_empty()));
}

#[test]
fn same_input_gives_byte_identical_reports() {
    let (_a, out_a) = sample_report();
    let (_b, out_b) = sample_report();
    let a = all_files(&out_a);
    let b = all_files(&out_b);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between runs");
    }
}

#[test]
fn html_page_is_self_contained() {
    let (_tmp, out) = sample_report();
    let html = text(&std::fs::read(out.join("index.html")).unwrap());
    assert!(!html.contains("src=\"http"), "external resource");
    assert!(!html.contains("href=\"http"), "external link");
    assert!(!html.contains("<script"), "no scripts needed");
    // Competency and influence charts are inlined in the people pages, the rest in
    // index.html.
    let charts = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("competency_")
                && !e
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("influence_")
        })
        .count();
    assert!(charts >= 6, "4 team-health charts and one per intervention");
    assert_eq!(
        html.matches("src=\"data:image/png;base64,").count(),
        charts,
        "every chart is inlined"
    );
}

#[test]
fn report_refuses_rows_with_problems_by_default_and_skips_them_when_asked() {
    let data = [MINI_DATA, "tests/fixtures/bad/several-problems.csv"];
    let (tmp, output) = mini_report(&data, &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("several-problems.csv:2: error: column D \"a1\": found \"Agre\""),
        "{stderr}"
    );
    assert!(stderr.contains("no report written"), "{stderr}");
    assert!(!tmp.path().join("report").exists());

    let (tmp, output) = mini_report(&data, &["--skip-invalid"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("report/metrics/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["data_quality"]["rows_read"], 85);
    assert_eq!(summary["data_quality"]["rows_skipped"], 4);
    let html = text(&std::fs::read(tmp.path().join("report/index.html")).unwrap());
    assert!(html.contains("4 skipped because of problems"));
}

#[test]
fn hand_checked_cell_and_roll_up() {
    // Computed with pandas from good.csv (b2 reversed as 6 - b2):
    // Apollo 2025-Q1 Alpha: n 6, mean 2.6667, sd 0.6831, 95% CI 1.9498 to 3.3836;
    // North 2025-Q3 Beta pools all 14 respondents (Comet's 3 included): mean 3.0714.
    let (tmp, output) = mini_report(&[MINI_DATA], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let rows = read_csv(&tmp.path().join("report/metrics/domain_scores.csv"));
    let find = |unit: &str, q: &str, d: &str| {
        rows.iter()
            .find(|r| r["unit"] == unit && r["quarter"] == q && r["domain"] == d)
            .unwrap()
            .clone()
    };
    let apollo = find("Apollo", "2025-Q1", "Alpha");
    assert_eq!(
        (
            &apollo["n"][..],
            &apollo["mean"][..],
            &apollo["sd"][..],
            &apollo["ci_low"][..],
            &apollo["ci_high"][..]
        ),
        ("6", "2.6667", "0.6831", "1.9498", "3.3836")
    );
    let north = find("North", "2025-Q3", "Beta");
    assert_eq!((&north["n"][..], &north["mean"][..]), ("14", "3.0714"));
}

#[test]
fn minimum_group_size_below_three_is_a_usage_error() {
    let (tmp, output) = mini_report(&[MINI_DATA], &["--min-group-size", "2"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("below 3"));
    assert!(!tmp.path().join("report").exists());
}

#[test]
fn listed_team_without_responses_is_warned_about_and_shown_with_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("leadpulse.toml");
    let schema = root().join(MINI_SCHEMA);
    let data = root().join(MINI_DATA);
    std::fs::write(
        &project,
        format!(
            "schema = {:?}\ndata = [{:?}]\noutput = \"out\"\n[teams.Ghost]\ngroup = \"South\"\nsize = 6\n",
            schema, data
        ),
    )
    .unwrap();
    let output = leadpulse()
        .args(["report", "--project"])
        .arg(&project)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr)
        .contains("responses for team \"Ghost\" listed under [teams], but the data has none"));
    let part = read_csv(&tmp.path().join("out/metrics/participation.csv"));
    let ghost: Vec<_> = part.iter().filter(|r| r["unit"] == "Ghost").collect();
    assert_eq!(ghost.len(), 3);
    assert!(ghost
        .iter()
        .all(|r| r["responses"] == "0" && r["response_rate"] == "0.0000"));
}

/// README: "The report page ends with a short Methods section that states each rule."
#[test]
fn the_page_states_each_flags_rule_in_a_methods_section() {
    let (tmp, output) = mini_report(&[MINI_DATA], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = std::fs::read_to_string(tmp.path().join("report/index.html")).unwrap();
    let methods = &html[html.find("id=\"methods\"").expect("a Methods section")..];
    for rule in [
        "one standard error",
        "halo",
        "permuting",
        "prediction interval",
        "upper bound",
    ] {
        assert!(methods.contains(rule), "Methods does not state: {rule}");
    }
}
