//! Roll-ups along a hierarchy of any depth: the org file, employee and manager ids,
//! the page's tree and reports scoped to one unit.

use std::collections::BTreeMap;

use crate::support::*;

type Row = BTreeMap<String, String>;

fn rows_of<'r>(rows: &'r [Row], level: &str, unit: &str) -> Vec<&'r Row> {
    rows.iter()
        .filter(|r| r["level"] == level && r["unit"] == unit)
        .collect()
}

fn num(r: &Row, col: &str) -> f64 {
    r[col].parse().unwrap_or_else(|_| panic!("{col} in {r:?}"))
}

#[test]
fn org_file_problems_name_the_file_the_row_and_the_value() {
    // Row 3 gives Payments a second parent, row 4's parent is nobody, rows 5-6 loop.
    let org = "Unit,Parent\nPayments,Product\nPayments,Platform\nSearch,Nowhere\nA,B\nB,A\nProduct,\nPlatform,\n";
    let (_tmp, project) =
        sample_project(&[("org.csv", org)], "[hierarchy]\nfiles = [\"org.csv\"]\n");
    let out = report_project(&project);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    for expected in [
        "org.csv:3: error: column B \"Parent\": found \"Platform\"; expected one parent per unit: row 2 gives \"Payments\" the parent \"Product\"",
        "org.csv:4: error: column B \"Parent\": found \"Nowhere\"; expected a parent that is a unit of the org file",
        "org.csv:5: error: column B \"Parent\": found \"B\"; expected a chain of parents that reaches the top; this one loops: A -> B -> A",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// `validate` checks the hierarchy as `report` does: the org file of a project, and the
/// manager ids of an export.
#[test]
fn validate_reports_hierarchy_problems_too() {
    let org = "Unit,Parent\nA,B\nB,A\n";
    let (_tmp, project) =
        sample_project(&[("org.csv", org)], "[hierarchy]\nfiles = [\"org.csv\"]\n");
    let out = leadpulse()
        .args(["validate", "--project"])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("this one loops: A -> B -> A"),
        "{}",
        text(&out.stdout)
    );
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export.csv");
    let rows = std::fs::read_to_string(glint().join("export.csv"))
        .unwrap()
        .replace(",E01,14-03-2025", ",E99,14-03-2025");
    std::fs::write(&export, rows).unwrap();
    let out = validate(glint().join("schema.toml").to_str().unwrap(), &export);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout)
            .contains("found \"E99\"; expected a manager id that is the employee id of someone"),
        "{}",
        text(&out.stdout)
    );
}

/// The sample's org file: teams in groups, groups in two areas, both areas under
/// Engineering (which holds every team, so it is the organisation).
#[test]
fn the_sample_rolls_up_three_levels_and_the_page_shows_the_tree() {
    let (_tmp, out) = sample_report();
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    assert!(
        rows_of(&scores, "group", "Engineering").is_empty(),
        "the top is the organisation"
    );
    let area = rows_of(&scores, "group", "Platform Engineering");
    assert!(!area.is_empty() && area.iter().all(|r| r["group"].is_empty()));
    assert!(rows_of(&scores, "group", "Infrastructure")
        .iter()
        .all(|r| r["group"] == "Platform Engineering"));
    // An area is its groups pooled: n adds up and the mean is the n-weighted mean of
    // the groups' means (to the 4 decimals printed), quarter by quarter.
    for a in area.iter().filter(|r| r["domain"] == "Communication") {
        let part = |unit: &str| {
            rows_of(&scores, "group", unit)
                .into_iter()
                .find(|r| r["quarter"] == a["quarter"] && r["domain"] == "Communication")
                .unwrap()
        };
        let (i, p) = (part("Infrastructure"), part("Platform"));
        let n = num(i, "n") + num(p, "n");
        assert_eq!(num(a, "n"), n);
        close(
            num(a, "mean"),
            (num(i, "n") * num(i, "mean") + num(p, "n") * num(p, "mean")) / n,
            1e-4,
        );
    }
    // A single-child chain: Product Engineering holds only Product.
    let pe = rows_of(&scores, "group", "Product Engineering");
    let product = rows_of(&scores, "group", "Product");
    assert_eq!(pe.len(), product.len());
    for (a, b) in pe.iter().zip(&product) {
        assert_eq!((&a["n"], &a["mean"]), (&b["n"], &b["mean"]));
    }
    let tree = read_csv(&out.join("metrics/org_tree.csv"));
    let order: Vec<(&str, &str)> = tree
        .iter()
        .map(|r| (r["depth"].as_str(), r["unit"].as_str()))
        .take(3)
        .collect();
    assert_eq!(
        order,
        [
            ("0", "Organisation"),
            ("1", "Product Engineering"),
            ("2", "Product")
        ]
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("id=\"organisation\"") && html.contains("Platform Engineering"));
    // The questions that moved most, at most three per unit, each with its interval.
    let moves = html
        .split("<th>95% CI of the change</th></tr>")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the table of questions that moved most");
    let units: Vec<&str> = moves
        .split("<tr><td>")
        .skip(1)
        .map(|row| row.split("</td>").next().unwrap())
        .collect();
    assert!(!units.is_empty());
    for u in &units {
        assert!(units.iter().filter(|x| x == &u).count() <= 3, "{u}");
    }
    assert!(moves.contains(" to "), "intervals are shown");
    // The sample's comments show for roll-ups and for teams of at least 10 only.
    let comments = read_csv(&out.join("metrics/comment_summary.csv"));
    let part = read_csv(&out.join("metrics/participation.csv"));
    assert!(comments.iter().any(|r| r["level"] == "group"));
    assert!(comments.iter().any(|r| r["level"] == "team"));
    for c in &comments {
        let p = part
            .iter()
            .find(|p| {
                p["level"] == c["level"] && p["unit"] == c["unit"] && p["quarter"] == c["quarter"]
            })
            .unwrap();
        assert!(num(p, "responses") >= 10.0, "{c:?}");
    }
}

fn glint() -> std::path::PathBuf {
    root().join("tests/fixtures/lookalike/glint")
}

/// Employee and manager ids as Viva Glint exports them. Worked by hand from the org in
/// tests/fixtures/README.md: E01 (no manager) leads E02 and E03; E02 leads E04 and E05;
/// E03 leads E06; E04 leads E07 (6 reports) and E08 (5); E05 leads E09 (3); E06 leads
/// E10 (7) and E11 (5). 37 people answer each cycle.
#[test]
fn manager_ids_make_each_respondent_part_of_their_managers_team() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let run = leadpulse()
        .args(["report", "--schema"])
        .arg(glint().join("schema.toml"))
        .arg(glint().join("export.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    let part = read_csv(&out.join("metrics/participation.csv"));
    let responses = |level: &str, unit: &str| -> Vec<(String, String, String)> {
        rows_of(&part, level, unit)
            .iter()
            .map(|r| {
                (
                    r["group"].clone(),
                    r["responses"].clone(),
                    r["suppressed"].clone(),
                )
            })
            .collect()
    };
    let twice = |g: &str, n: &str, s: &str| vec![(g.to_string(), n.to_string(), s.to_string()); 2];
    // E01 manages E02 and E03, and its own answers count in its direct team: 3.
    assert_eq!(responses("team", "E01"), twice("", "", "small_group"));
    assert_eq!(responses("team", "E10"), twice("E06", "7", ""));
    // E03's subtree (E03's direct team, E06 alone: 1; then E06's subtree: 14) is hidden
    // as a complement: the organisation is E01's small direct team plus the E02 (19) and
    // E03 (15) subtrees, so the smaller subtree goes too, or E01's team would be
    // 37 - 19 - 15.
    assert_eq!(responses("group", "E03"), twice("", "", "complementary"));
    // E06's subtree (its direct team E10, E11 and theirs: 2 + 7 + 5 = 14) is hidden too,
    // by the union rule: with it shown, the organisation less E02 and E06 would be E01's
    // team and E03's direct team together, 3 + 1 = 4 people.
    assert_eq!(responses("group", "E06"), twice("E03", "", "complementary"));
    assert_eq!(responses("group", "E02"), twice("", "19", ""));
    // E05 leads only E09, whose team of 3 is small: E05's subtree (4) is small too.
    assert_eq!(responses("group", "E05"), twice("E02", "", "small_group"));
    // E01 holds every team: it is the organisation, not repeated as a group.
    assert!(responses("group", "E01").is_empty());
    assert_eq!(
        responses("organisation", "Organisation"),
        twice("", "37", "")
    );
    // Names and e-mails are never read into any output.
    for (name, bytes) in all_files(&out) {
        let body = String::from_utf8_lossy(&bytes);
        for identifying in ["@example.com", "Avery", "Blake"] {
            assert!(!body.contains(identifying), "{name} holds {identifying}");
        }
    }
}

/// `--unit`: the subtree only, the unit in the organisation's place, every value and
/// every decision as in the full report.
#[test]
fn a_unit_report_shows_its_subtree_with_the_whole_organisations_decisions() {
    let (tmp, full) = sample_report();
    let scoped = tmp.path().join("scoped");
    leadpulse()
        .args([
            "report",
            "--project",
            "sample-data/leadpulse.toml",
            "--unit",
            "platform engineering",
            "--out",
        ])
        .arg(&scoped)
        .assert()
        .success();
    let key = |r: &Row| {
        (
            r["level"].clone(),
            r["unit"].clone(),
            r["quarter"].clone(),
            r["domain"].clone(),
        )
    };
    let whole: BTreeMap<_, Row> = read_csv(&full.join("metrics/domain_scores.csv"))
        .into_iter()
        .map(|r| (key(&r), r))
        .collect();
    let part = read_csv(&scoped.join("metrics/domain_scores.csv"));
    let inside = [
        "Platform Engineering",
        "Infrastructure",
        "Platform",
        "Site Reliability",
        "Developer Tools",
        "Networking",
        "Identity",
        "Data Platform",
        "Observability",
        "Analytics",
    ];
    assert!(!part.is_empty());
    for r in &part {
        assert!(
            inside.contains(&r["unit"].as_str()),
            "{r:?} is outside the unit"
        );
        let mut k = key(r);
        if k.0 == "organisation" {
            assert_eq!(k.1, "Platform Engineering");
            k.0 = "group".into();
        }
        let w = &whole[&k];
        for col in ["n", "mean", "sd", "suppressed"] {
            assert_eq!(r[col], w[col], "{col} of {k:?}");
        }
    }
    let html = std::fs::read_to_string(scoped.join("index.html")).unwrap();
    assert!(!html.contains("Payments") && html.contains("Platform Engineering"));
    let out = leadpulse()
        .args([
            "report",
            "--project",
            "sample-data/leadpulse.toml",
            "--unit",
            "Nowhere",
            "--out",
        ])
        .arg(tmp.path().join("none"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--unit \"Nowhere\": expected a team or a unit above teams"));
    assert!(!tmp.path().join("none").exists());
}
