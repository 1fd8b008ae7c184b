//! Unit pages (`units/<id>.html`): one per roll-up, linked both ways with the
//! organisation's page, self-contained, with a working table of contents; and a page that
//! stays readable (and under 2 MB) at 200 teams.

use std::collections::BTreeSet;

use base64::Engine;

use crate::support::*;

/// Every `href="#x"` of a page has an element with `id="x"`.
fn assert_toc_works(page: &str, name: &str) {
    for (i, _) in page.match_indices("href=\"#") {
        let target: String = page[i + 7..].chars().take_while(|c| *c != '"').collect();
        assert!(
            page.contains(&format!("id=\"{target}\"")),
            "{name}: #{target} has no section"
        );
    }
}

/// Nothing on the page reaches outside it: no remote source or link, a strict CSP.
fn assert_self_contained(page: &str, name: &str) {
    assert!(page.contains("default-src 'none'"), "{name}: no CSP");
    for attr in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url("] {
        assert!(!page.contains(attr), "{name}: {attr}");
    }
}

/// The page's links (the template escapes `/` in attributes as `&#x2f;`, which browsers
/// read back as `/`).
fn hrefs(page: &str) -> Vec<String> {
    page.match_indices("href=\"")
        .map(|(i, _)| {
            let raw: String = page[i + 6..].chars().take_while(|c| *c != '"').collect();
            raw.replace("&#x2f;", "/")
        })
        .filter(|h: &String| !h.starts_with('#'))
        .collect()
}

#[test]
fn the_sample_has_a_page_per_roll_up_linked_both_ways() {
    let (_tmp, out) = sample_report();
    let tree = read_csv(&out.join("metrics/org_tree.csv"));
    let roll_ups: BTreeSet<&str> = tree
        .iter()
        .filter(|r| r["level"] == "group")
        .map(|r| r["unit"].as_str())
        .collect();
    assert!(roll_ups.len() >= 3, "{roll_ups:?}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_toc_works(&index, "index.html");
    assert!(
        index.len() < 2_000_000,
        "index.html is {} bytes",
        index.len()
    );
    let pages: Vec<String> = hrefs(&index)
        .into_iter()
        .filter(|h| h.starts_with("units/"))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let written: BTreeSet<String> = std::fs::read_dir(out.join("units"))
        .unwrap()
        .map(|e| format!("units/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert_eq!(
        pages.len(),
        roll_ups.len(),
        "one page per roll-up: {pages:?}"
    );
    assert_eq!(pages.iter().cloned().collect::<BTreeSet<_>>(), written);
    for path in &pages {
        let page = std::fs::read_to_string(out.join(path)).unwrap();
        assert_self_contained(&page, path);
        assert_toc_works(&page, path);
        // Back to the organisation, and every link to another unit page resolves.
        assert!(page.contains("href=\"../index.html\""), "{path}");
        for h in hrefs(&page).iter().filter(|h| !h.starts_with("../")) {
            assert!(out.join("units").join(h).exists(), "{path} links to {h}");
        }
        // The unit's own name heads the page, and its teams' scores are there.
        let unit = roll_ups
            .iter()
            .find(|u| page.contains(&format!("<h1>{}</h1>", u.replace('&', "&amp;"))))
            .unwrap_or_else(|| panic!("{path}: no roll-up heads it"));
        let children: Vec<&str> = tree
            .iter()
            .filter(|r| r["group"] == *unit)
            .map(|r| r["unit"].as_str())
            .collect();
        for child in children {
            assert!(page.contains(child), "{path} lacks {child}");
        }
    }
}

/// The sample's index keeps its team tables (it is small); a unit page shows only
/// values the report shows: each score on it is in domain_scores.csv.
#[test]
fn unit_page_scores_are_the_reports_own_screened_values() {
    let (_tmp, out) = sample_report();
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    let latest = scores.iter().map(|r| r["quarter"].clone()).max().unwrap();
    let page = std::fs::read_to_string(out.join("units/platform.html")).unwrap();
    let mut checked = 0;
    for r in scores.iter().filter(|r| r["quarter"] == latest) {
        let shown_here = page.contains(&format!("<td>{}</td>", r["unit"]));
        if !shown_here || r["level"] == "organisation" {
            continue;
        }
        if r["suppressed"].is_empty() {
            let mean: f64 = r["mean"].parse().unwrap();
            assert!(page.contains(&format!("{mean:.2}")), "{r:?}");
            checked += 1;
        }
    }
    assert!(checked >= 7, "checked {checked}");
}

#[test]
fn a_200_team_organisation_keeps_its_pages_small_and_its_first_page_about_roll_ups() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    leadpulse()
        .args([
            "generate",
            "--no-xlsx",
            "--teams",
            "200",
            "--groups",
            "10",
            "--out",
        ])
        .arg(&org)
        .assert()
        .success();
    // The survey and the hierarchy (the side files' charts are per practice and person).
    let project = std::fs::read_to_string(org.join("leadpulse.toml")).unwrap();
    let head = project.split("# Which team started").next().unwrap();
    let teams = &project[project.find("[teams.").unwrap()..];
    std::fs::write(
        org.join("survey.toml"),
        format!("{head}\n[hierarchy]\nfiles = [\"org.csv\"]\n\n{teams}"),
    )
    .unwrap();
    let out = tmp.path().join("report");
    let output = leadpulse()
        .args(["report", "--project"])
        .arg(org.join("survey.toml"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.len() < 2_000_000,
        "index.html is {} bytes",
        index.len()
    );
    assert_toc_works(&index, "index.html");
    assert_self_contained(&index, "index.html");
    // The first page is about roll-ups: no team rows in its tables, a short heatmap.
    assert!(
        !index.contains("<tr class=\"team\">"),
        "team rows on the index"
    );
    assert!(index.contains("200 teams: this page shows the organisation and its roll-ups"));
    let at = index
        .find("alt=\"Heatmap of unit scores")
        .expect("the heatmap");
    let uri_start = index[..at].rfind("base64,").unwrap() + 7;
    let uri_end = uri_start + index[uri_start..].find('"').unwrap();
    let png = base64::engine::general_purpose::STANDARD
        .decode(&index[uri_start..uri_end])
        .unwrap();
    let img = image::load_from_memory(&png).unwrap();
    assert!(img.height() < 1000, "heatmap is {} px tall", img.height());
    let pages: Vec<_> = std::fs::read_dir(out.join("units")).unwrap().collect();
    assert!(pages.len() >= 10, "{} unit pages", pages.len());
    let mut teams_seen = BTreeSet::new();
    for entry in pages {
        let path = entry.unwrap().path();
        let page = std::fs::read_to_string(&path).unwrap();
        assert!(
            page.len() < 2_000_000,
            "{} is {} bytes",
            path.display(),
            page.len()
        );
        assert_toc_works(&page, &path.display().to_string());
        for (i, _) in page.match_indices("<tr class=\"team\"><td>") {
            let name: String = page[i + 21..].chars().take_while(|c| *c != '<').collect();
            teams_seen.insert(name);
        }
    }
    // Every team is on some unit page.
    assert_eq!(
        teams_seen.len(),
        200,
        "{} teams on unit pages",
        teams_seen.len()
    );
    // The per-team charts are on the unit pages only, not written to charts/.
    assert!(!out.join("charts/team_trends.png").exists());
    assert!(out.join("charts/heatmap.png").exists());
}
