//! The differencing attacker. From the published CSV files only (and the intervention
//! list the user supplied), it writes every linear identity it can find between shown
//! and hidden values: roll-ups of counts and of score sums (team -> group -> ... ->
//! organisation at any depth, ungrouped units straight into the organisation), participation
//! roll-ups, response rate times team size, Overall as the mean of the domains, and the
//! arms and leads of every intervention estimate. It solves the system and reports each
//! hidden value it pins down, checked against the truth (the same data reported with the
//! minimum lowered to 3). It also checks that one unit-quarter is shown or hidden alike in
//! every survey table, and that no 360 value stands on fewer raters than the minimum.
//!
//! The unit tests at the bottom feed it tables shaped as the earlier code published them
//! (a hidden team inside an intervention arm, a lone hidden team in a roll-up,
//! participation screened apart from the domains): it recovers those values, so a clean
//! result on the real reports means something.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::*;

type Row = BTreeMap<String, String>;

/// A known number or a hidden one (by name).
#[derive(Debug, Clone)]
enum Term {
    Known(f64),
    Hidden(String),
}

/// Linear equations `sum(coef * term) = 0`.
#[derive(Default)]
struct System {
    names: BTreeMap<String, usize>,
    rows: Vec<(BTreeMap<usize, f64>, f64)>,
}

impl System {
    fn equation(&mut self, terms: &[(f64, Term)]) {
        let mut coefs: BTreeMap<usize, f64> = BTreeMap::new();
        let mut constant = 0.0;
        for (c, t) in terms {
            match t {
                Term::Known(v) => constant += c * v,
                Term::Hidden(name) => {
                    let next = self.names.len();
                    let i = *self.names.entry(name.clone()).or_insert(next);
                    *coefs.entry(i).or_default() += c;
                }
            }
        }
        coefs.retain(|_, c| c.abs() > 1e-12);
        if !coefs.is_empty() {
            self.rows.push((coefs, -constant));
        }
    }

    /// Every hidden value the equations pin down, with its value (Gauss-Jordan with
    /// partial pivoting; a variable is pinned when its reduced row has no other
    /// unknown).
    fn solve(&self) -> BTreeMap<String, f64> {
        let n = self.names.len();
        let mut m: Vec<Vec<f64>> = self
            .rows
            .iter()
            .map(|(coefs, rhs)| {
                let mut r = vec![0.0; n + 1];
                for (&i, &c) in coefs {
                    r[i] = c;
                }
                r[n] = *rhs;
                r
            })
            .collect();
        let mut pivots = Vec::new();
        let mut row = 0;
        for col in 0..n {
            let Some(best) =
                (row..m.len()).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            else {
                break;
            };
            if m[best][col].abs() < 1e-9 {
                continue;
            }
            m.swap(row, best);
            let p = m[row][col];
            for v in m[row].iter_mut() {
                *v /= p;
            }
            let pivot_row = m[row].clone();
            for (r, other) in m.iter_mut().enumerate() {
                if r != row && other[col].abs() > 1e-12 {
                    let f = other[col];
                    for (v, p) in other.iter_mut().zip(&pivot_row) {
                        *v -= f * p;
                    }
                }
            }
            pivots.push((row, col));
            row += 1;
        }
        let name_of: BTreeMap<usize, &String> = self.names.iter().map(|(k, v)| (*v, k)).collect();
        pivots
            .into_iter()
            .filter(|&(r, col)| (0..n).all(|c| c == col || m[r][c].abs() < 1e-9))
            .map(|(r, col)| (name_of[&col].clone(), m[r][n]))
            .collect()
    }
}

fn num(r: &Row, col: &str) -> Option<f64> {
    r.get(col).and_then(|v| v.parse().ok())
}

fn hidden(r: &Row) -> bool {
    !r["suppressed"].is_empty()
}

/// `2025-Q3` -> a quarter number.
fn quarter(label: &str) -> i32 {
    let (y, q) = label.split_once("-Q").unwrap();
    y.parse::<i32>().unwrap() * 4 + q.parse::<i32>().unwrap() - 1
}

/// The parent of a roll-up row: the group it rolls up into (a team's group, or a
/// group's parent in a hierarchy of any depth), else the organisation.
fn parent(r: &Row) -> Option<String> {
    match r["level"].as_str() {
        "team" | "group" if !r["group"].is_empty() => Some(format!("group|{}", r["group"])),
        "team" | "group" => Some("organisation|Organisation".to_string()),
        _ => None,
    }
}

fn unit_key(r: &Row) -> String {
    format!("{}|{}", r["level"], r["unit"])
}

/// Roll-up equations of one table: for each key (quarter, domain...) and parent,
/// `parent - sum(children) = 0` over the value `value` (hidden: a variable).
fn roll_ups(
    sys: &mut System,
    rows: &[&Row],
    tree_of: impl Fn(&Row) -> String,
    value: impl Fn(&Row) -> Term,
) {
    let mut trees: BTreeMap<(String, String), Vec<Term>> = BTreeMap::new();
    let mut parents: BTreeMap<(String, String), Term> = BTreeMap::new();
    for r in rows {
        let tree = tree_of(r);
        parents.insert((tree.clone(), unit_key(r)), value(r));
        if let Some(p) = parent(r) {
            trees.entry((tree, p)).or_default().push(value(r));
        }
    }
    for ((tree, p), children) in trees {
        let Some(total) = parents.get(&(tree, p)) else {
            continue;
        };
        let mut terms = vec![(1.0, total.clone())];
        terms.extend(children.into_iter().map(|c| (-1.0, c)));
        sys.equation(&terms);
    }
}

/// What the attacker knows of one project.
struct Published {
    scores: Vec<Row>,
    /// Question-level rows (`items.csv`).
    items: Vec<Row>,
    participation: Vec<Row>,
    interventions: Vec<Row>,
    /// Intervention name -> team -> start quarter (the user's own list).
    starts: BTreeMap<String, BTreeMap<String, i32>>,
    window: (i32, i32),
}

fn mean_var(r: &Row) -> Term {
    let name = format!("m|{}|{}|{}", unit_key(r), r["quarter"], r["domain"]);
    match num(r, "mean") {
        Some(v) if !hidden(r) => Term::Known(v),
        _ => Term::Hidden(name),
    }
}

/// Write every identity the published tables give.
fn equations(p: &Published) -> System {
    let mut sys = System::default();
    let domains: Vec<&Row> = p
        .scores
        .iter()
        .filter(|r| r["domain"] != "Overall")
        .collect();
    let tree = |r: &Row| format!("{}|{}", r["quarter"], r["domain"]);
    let count = |prefix: &'static str, col: &'static str| {
        move |r: &Row| match num(r, col) {
            Some(v) if !hidden(r) => Term::Known(v),
            _ => Term::Hidden(format!(
                "{prefix}|{}|{}|{}",
                unit_key(r),
                r["quarter"],
                r.get("domain").map_or("", |d| d)
            )),
        }
    };
    roll_ups(&mut sys, &domains, tree, count("n", "n"));
    roll_ups(&mut sys, &domains, tree, |r: &Row| {
        match (num(r, "n"), num(r, "mean")) {
            (Some(n), Some(m)) if !hidden(r) => Term::Known(n * m),
            _ => Term::Hidden(format!(
                "s|{}|{}|{}",
                unit_key(r),
                r["quarter"],
                r["domain"]
            )),
        }
    });
    // Each question's counts, answer sums and favourable counts roll up like a domain's.
    let items: Vec<&Row> = p.items.iter().collect();
    let item_tree = |r: &Row| format!("{}|{}", r["quarter"], r["item"]);
    for (prefix, value) in [
        ("in", None),
        ("is", Some("mean")),
        ("if", Some("favourable_share")),
    ] {
        roll_ups(&mut sys, &items, item_tree, |r: &Row| {
            let known = match value {
                None => num(r, "n"),
                Some(col) => num(r, "n").zip(num(r, col)).map(|(n, v)| n * v),
            };
            match known {
                Some(v) if !hidden(r) => Term::Known(v),
                _ => Term::Hidden(format!(
                    "{prefix}|{}|{}|{}",
                    unit_key(r),
                    r["quarter"],
                    r["item"]
                )),
            }
        });
    }
    let part: Vec<&Row> = p.participation.iter().collect();
    roll_ups(
        &mut sys,
        &part,
        |r: &Row| r["quarter"].clone(),
        count("r", "responses"),
    );
    for r in &p.participation {
        if let (Some(rate), Some(size)) = (num(r, "response_rate"), num(r, "team_size")) {
            sys.equation(&[
                (1.0, count("r", "responses")(r)),
                (-rate * size, Term::Known(1.0)),
            ]);
        }
    }
    // Overall is the mean of the domain means of the same unit and quarter.
    let mut by_unit: BTreeMap<(String, String), Vec<&Row>> = BTreeMap::new();
    for r in &p.scores {
        by_unit
            .entry((unit_key(r), r["quarter"].clone()))
            .or_default()
            .push(r);
    }
    for rows in by_unit.values() {
        if let Some(overall) = rows.iter().find(|r| r["domain"] == "Overall") {
            let parts: Vec<&&Row> = rows.iter().filter(|r| r["domain"] != "Overall").collect();
            let mut terms = vec![(parts.len() as f64, mean_var(overall))];
            terms.extend(parts.iter().map(|r| (-1.0, mean_var(r))));
            sys.equation(&terms);
        }
    }
    intervention_equations(&mut sys, p);
    sys
}

/// A team's change around `start` as terms over its quarter means: mean after minus
/// mean before, over the quarters it has (`shown_only`: shown ones only).
fn change_terms(
    means: &BTreeMap<i32, (Term, bool)>,
    start: i32,
    (before, after): (i32, i32),
    shown_only: bool,
) -> Option<Vec<(f64, Term)>> {
    let pick = |from: i32, to: i32| -> Vec<Term> {
        means
            .range(from..=to)
            .filter(|(_, (_, h))| !shown_only || !h)
            .map(|(_, (t, _))| t.clone())
            .collect()
    };
    let pre = pick(start - before, start - 1);
    let post = pick(start, start + after - 1);
    if pre.is_empty() || post.is_empty() {
        return None;
    }
    let (k_post, k_pre) = (post.len() as f64, pre.len() as f64);
    let mut terms: Vec<(f64, Term)> = post.into_iter().map(|t| (1.0 / k_post, t)).collect();
    terms.extend(pre.into_iter().map(|t| (-1.0 / k_pre, t)));
    Some(terms)
}

/// Arms of every estimate: `K * treated_change = sum of treated changes`, the comparison
/// change as the cohort-weighted mean of comparison means, and the lead likewise. Both
/// readings are tried: every team row counts (hidden means included) or shown only; a
/// reading is used only where it gives the published number of treated teams.
fn intervention_equations(sys: &mut System, p: &Published) {
    let mut means: BTreeMap<(String, String), BTreeMap<i32, (Term, bool)>> = BTreeMap::new();
    for r in p.scores.iter().filter(|r| r["level"] == "team") {
        means
            .entry((r["domain"].clone(), r["unit"].clone()))
            .or_default()
            .insert(quarter(&r["quarter"]), (mean_var(r), hidden(r)));
    }
    for row in &p.interventions {
        let Some(starts) = p.starts.get(&row["intervention"].to_lowercase()) else {
            continue;
        };
        let domain = &row["domain"];
        let teams: BTreeMap<&String, &BTreeMap<i32, (Term, bool)>> = means
            .iter()
            .filter(|((d, _), _)| d == domain)
            .map(|((_, t), m)| (t, m))
            .collect();
        for shown_only in [false, true] {
            for (published, col, window, shift) in [
                ("treated", "treated_change", p.window, 0),
                ("lead", "lead", (1, 1), -1),
            ] {
                let (before, after) = window;
                let mut cohorts: BTreeMap<i32, Vec<&String>> = BTreeMap::new();
                for (t, s) in starts {
                    if teams.contains_key(t) {
                        cohorts.entry(s + shift).or_default().push(t);
                    }
                }
                let mut treated_terms = Vec::new();
                let mut comparison_arms = Vec::new();
                let mut k = 0usize;
                for (start, treated) in &cohorts {
                    let end = start + after - 1;
                    let t_changes: Vec<_> = treated
                        .iter()
                        .filter_map(|t| {
                            change_terms(teams[*t], *start, (before, after), shown_only)
                        })
                        .collect();
                    let c_changes: Vec<_> = teams
                        .iter()
                        .filter(|(t, _)| starts.get(**t).is_none_or(|s| s + shift > end))
                        .filter_map(|(_, m)| change_terms(m, *start, (before, after), shown_only))
                        .collect();
                    if t_changes.is_empty() || c_changes.is_empty() {
                        continue;
                    }
                    k += t_changes.len();
                    comparison_arms.push((t_changes.len(), c_changes));
                    treated_terms.extend(t_changes);
                }
                if published == "treated" && num(row, "teams_treated") != Some(k as f64) {
                    continue;
                }
                if k == 0 {
                    continue;
                }
                let Some(value) = num(row, col) else {
                    continue;
                };
                if published == "treated" {
                    let mut eq = vec![(-(k as f64), Term::Known(value))];
                    eq.extend(treated_terms.iter().flatten().cloned());
                    sys.equation(&eq);
                    if let Some(c) = num(row, "comparison_change") {
                        let mut eq = vec![(-1.0, Term::Known(c))];
                        for (kt, arm) in &comparison_arms {
                            let w = *kt as f64 / k as f64 / arm.len() as f64;
                            eq.extend(arm.iter().flatten().map(|(c, t)| (c * w, t.clone())));
                        }
                        sys.equation(&eq);
                    }
                } else {
                    // lead = sum over cohorts of (treated mean - comparison mean) * k_c / K.
                    let mut eq = vec![(-1.0, Term::Known(value))];
                    let mut at = 0;
                    for (kt, arm) in &comparison_arms {
                        let w = *kt as f64 / k as f64;
                        for t in &treated_terms[at..at + kt] {
                            eq.extend(t.iter().map(|(c, x)| (c * w / *kt as f64, x.clone())));
                        }
                        at += kt;
                        eq.extend(
                            arm.iter()
                                .flatten()
                                .map(|(c, x)| (-c * w / arm.len() as f64, x.clone())),
                        );
                    }
                    sys.equation(&eq);
                }
            }
        }
    }
}

/// Unit-quarters shown in one survey table and hidden in another.
fn inconsistent_screening(p: &Published) -> Vec<String> {
    let mut status: BTreeMap<(String, String), BTreeSet<bool>> = BTreeMap::new();
    for r in p.scores.iter().chain(&p.participation) {
        // A listed team with no responses has a participation row of 0 and no scores.
        if num(r, "responses") == Some(0.0) {
            continue;
        }
        status
            .entry((unit_key(r), r["quarter"].clone()))
            .or_default()
            .insert(hidden(r));
    }
    status
        .into_iter()
        .filter(|(_, s)| s.len() > 1)
        .map(|((u, q), _)| format!("{u} {q}"))
        .collect()
}

/// The truth behind a variable name, from the report at a lower minimum.
fn truth(name: &str, oracle: &Published) -> Option<f64> {
    let mut parts = name.split('|');
    let (kind, level, unit, q) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let domain = parts.next().unwrap_or("");
    let rows = match kind {
        "r" => &oracle.participation,
        "in" | "is" | "if" => &oracle.items,
        _ => &oracle.scores,
    };
    let about = if kind.starts_with('i') {
        "item"
    } else {
        "domain"
    };
    let r = rows.iter().find(|r| {
        r["level"] == level
            && r["unit"] == unit
            && r["quarter"] == q
            && r.get(about).is_none_or(|d| d == domain)
    })?;
    if hidden(r) {
        return None;
    }
    match kind {
        "n" => num(r, "n"),
        "r" => num(r, "responses"),
        "m" => num(r, "mean"),
        "s" | "is" => Some(num(r, "n")? * num(r, "mean")?),
        "in" => num(r, "n"),
        "if" => Some(num(r, "n")? * num(r, "favourable_share")?),
        _ => None,
    }
}

/// Hidden values the attacker recovers: pinned by the equations and equal to the truth
/// (a pinned value under a wrong reading of an estimate is not a leak). Values without a
/// known truth count as recovered.
fn recovered(p: &Published, oracle: &Published) -> Vec<String> {
    let mut out: Vec<String> = equations(p)
        .solve()
        .into_iter()
        .filter(|(name, v)| {
            truth(name, oracle).is_none_or(|t| (t - v).abs() < 2e-3 * t.abs().max(1.0))
        })
        .map(|(name, v)| format!("{name} = {v:.4}"))
        .collect();
    out.extend(
        inconsistent_screening(p)
            .into_iter()
            .map(|u| format!("screened apart: {u}")),
    );
    out
}

fn read(path: &Path) -> Vec<Row> {
    if path.exists() {
        read_csv(path)
    } else {
        Vec::new()
    }
}

fn published(report: &Path, interventions: Option<&Path>, window: (i32, i32)) -> Published {
    let mut starts: BTreeMap<String, BTreeMap<String, i32>> = BTreeMap::new();
    for r in interventions.map(read).unwrap_or_default() {
        let date = &r["Start"];
        let (y, m) = (
            date[0..4].parse::<i32>().unwrap(),
            date[5..7].parse::<i32>().unwrap(),
        );
        let q = y * 4 + (m - 1) / 3;
        let e = starts
            .entry(r["Intervention"].trim().to_lowercase())
            .or_default()
            .entry(r["Team"].clone())
            .or_insert(q);
        *e = (*e).min(q);
    }
    Published {
        scores: read(&report.join("metrics/domain_scores.csv")),
        items: read(&report.join("metrics/items.csv")),
        participation: read(&report.join("metrics/participation.csv")),
        interventions: read(&report.join("metrics/interventions.csv")),
        starts,
        window,
    }
}

/// No 360 value of a peer, team-member or cross-functional group (or a pooled "others")
/// stands on fewer than `min` raters.
fn thin_360_values(report: &Path, min: usize) -> Vec<String> {
    let mut out = Vec::new();
    for r in read(&report.join("metrics/feedback_360.csv")) {
        let needs = !matches!(r["perspective"].as_str(), "self" | "manager");
        if needs && !r["mean"].is_empty() && num(&r, "raters").is_some_and(|n| (n as usize) < min) {
            out.push(format!(
                "{} {} {} {}",
                r["person"], r["quarter"], r["perspective"], r["dimension"]
            ));
        }
    }
    for r in read(&report.join("metrics/feedback_others.csv")) {
        if num(&r, "raters").is_some_and(|n| (n as usize) < min) {
            out.push(format!("others {} {}", r["person"], r["quarter"]));
        }
    }
    out
}

/// Report `project` twice (the default minimum, and 3 as the oracle) and attack it.
fn attack(project: &Path, interventions: Option<&Path>) -> (Vec<String>, Vec<String>, Published) {
    let tmp = tempfile::tempdir().unwrap();
    let run = |dir: &str, extra: &[&str]| -> PathBuf {
        let out = tmp.path().join(dir);
        let o = leadpulse()
            .args(["report", "--project"])
            .arg(project)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        out
    };
    let report = run("report", &[]);
    let oracle = run("oracle", &["--min-group-size", "3"]);
    let p = published(&report, interventions, (2, 2));
    let o = published(&oracle, interventions, (2, 2));
    assert!(!p.scores.is_empty());
    assert!(
        p.scores.iter().any(hidden),
        "the organisation must have hidden cells for the attack to mean anything"
    );
    (recovered(&p, &o), thin_360_values(&report, 3), p)
}

#[test]
fn the_attacker_recovers_nothing_from_the_sample_report() {
    let project = root().join("sample-data/leadpulse.toml");
    let (leaks, thin, _) = attack(
        &project,
        Some(&root().join("sample-data/interventions.csv")),
    );
    assert!(leaks.is_empty(), "recovered: {leaks:#?}");
    assert!(thin.is_empty(), "360 values on too few raters: {thin:#?}");
}

/// A copy of the sample whose schema has no group column: every team rolls up straight
/// into the organisation.
#[test]
fn the_attacker_recovers_nothing_from_an_ungrouped_sample() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = std::fs::read_to_string(root().join("schemas/team-health.toml")).unwrap();
    let ungrouped = schema.replace("group = \"Department\"\n", "");
    assert_ne!(schema, ungrouped, "the schema names the group column");
    let data_dir = tmp.path().join("data");
    std::fs::create_dir(&data_dir).unwrap();
    copy_schemas(&data_dir);
    std::fs::write(data_dir.join("schemas/team-health.toml"), ungrouped).unwrap();
    let project = std::fs::read_to_string(root().join("sample-data/leadpulse.toml"))
        .unwrap()
        .replace(
            "\"responses\"",
            &format!(
                "{:?}",
                root().join("sample-data/responses").display().to_string()
            ),
        )
        .replace(
            "\"aggregated\"",
            &format!(
                "{:?}",
                root().join("sample-data/aggregated").display().to_string()
            ),
        );
    let project = project
        .lines()
        .filter(|l| !l.starts_with("group = "))
        .collect::<Vec<_>>()
        .join("\n");
    // Only the survey and the interventions: the rest is not survey-derived.
    let survey_only: String = project.split("\n[adoption]").next().unwrap().to_string();
    std::fs::write(data_dir.join("leadpulse.toml"), survey_only).unwrap();
    std::fs::copy(
        root().join("sample-data/interventions.csv"),
        data_dir.join("interventions.csv"),
    )
    .unwrap();
    let (leaks, _, published) = attack(
        &data_dir.join("leadpulse.toml"),
        Some(&data_dir.join("interventions.csv")),
    );
    // Regression: without a group column every team row was lost. Mobile is kept as
    // aggregated rows by hand.
    for team in ["Payments", "Search", "Mobile", "Site Reliability"] {
        assert!(
            published
                .scores
                .iter()
                .any(|r| r["level"] == "team" && r["unit"] == team && !r["mean"].is_empty()),
            "{team} has no shown team row"
        );
    }
    assert!(published.scores.iter().all(|r| r["level"] != "group"));
    assert!(
        published
            .interventions
            .iter()
            .all(|r| r["teams_treated"] != "0"),
        "estimates see the teams"
    );
    assert!(leaks.is_empty(), "recovered: {leaks:#?}");
}

/// Generated organisations of other shapes: many groups (some with one team), small
/// teams of 4 every 25th team, staggered interventions over many teams.
#[test]
fn the_attacker_recovers_nothing_from_generated_organisations() {
    for (seed, teams, groups) in [("3", "27", "9"), ("5", "12", "12"), ("8", "33", "4")] {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("org");
        leadpulse()
            .args([
                "generate",
                "--no-xlsx",
                "--seed",
                seed,
                "--teams",
                teams,
                "--groups",
                groups,
                "--out",
            ])
            .arg(&data)
            .assert()
            .success();
        let (leaks, thin, _) = attack(
            &data.join("leadpulse.toml"),
            Some(&data.join("interventions.csv")),
        );
        assert!(
            leaks.is_empty(),
            "seed {seed}, {teams} teams in {groups} groups: {leaks:#?}"
        );
        assert!(thin.is_empty(), "seed {seed}: {thin:#?}");
    }
}

/// A hierarchy of any depth from an org file: an unbalanced tree with a five-level
/// single-child chain, a lead whose only team is small, a unit that is both a direct team
/// and the head of two more, and a team the org file leaves out (it rolls up straight
/// into the organisation).
#[test]
fn the_attacker_recovers_nothing_from_a_deep_unbalanced_hierarchy() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("org");
    deep_unbalanced_org(&data);
    let (leaks, _, published) = attack(
        &data.join("leadpulse.toml"),
        Some(&data.join("interventions.csv")),
    );
    let group_rows = |unit: &str| {
        published
            .scores
            .iter()
            .filter(|r| r["level"] == "group" && r["unit"] == unit)
            .count()
    };
    for unit in ["VP", "Dir B", "Chain 3", "Lead Small", "Team 010"] {
        assert!(group_rows(unit) > 0, "{unit} has no roll-up rows");
    }
    assert!(
        published
            .scores
            .iter()
            .any(|r| r["level"] == "team" && r["unit"] == "Team 010" && r["group"] == "Team 010"),
        "Team 010's direct team rolls up into its own subtree"
    );
    assert!(leaks.is_empty(), "recovered: {leaks:#?}");
}

/// A hierarchy from employee and manager ids (the Viva Glint look-alike): a top
/// manager's small direct team, a manager whose only team is small.
#[test]
fn the_attacker_recovers_nothing_from_a_manager_id_hierarchy() {
    let tmp = tempfile::tempdir().unwrap();
    let g = root().join("tests/fixtures/lookalike/glint");
    let project = tmp.path().join("leadpulse.toml");
    std::fs::write(
        &project,
        format!(
            "schema = {:?}\ndata = [{:?}]\n",
            g.join("schema.toml").display().to_string(),
            g.join("export.csv").display().to_string()
        ),
    )
    .unwrap();
    let (leaks, _, _) = attack(&project, None);
    assert!(leaks.is_empty(), "recovered: {leaks:#?}");
}

mod can_fail {
    //! Tables shaped as the earlier code published them: the attacker must find the
    //! hidden values there, or its clean result elsewhere proves nothing.
    use super::*;

    fn rows(csv_text: &str) -> Vec<Row> {
        let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = rdr.headers().unwrap().clone();
        rdr.records()
            .map(|r| {
                headers
                    .iter()
                    .zip(r.unwrap().iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    const SCORES: &str = "level,unit,group,quarter,domain,n,mean,suppressed\n\
organisation,Organisation,,2025-Q1,D,24,3.5,\n\
team,A,,2025-Q1,D,9,3.0,\n\
team,B,,2025-Q1,D,12,4.0,\n\
team,Small,,2025-Q1,D,,,small_group\n";

    #[test]
    fn a_lone_hidden_team_in_a_roll_up_is_recovered() {
        // Organisation 24 x 3.5 = 84 = 27 + 48 + Small: Small has n 3 and sum 9 (mean 3).
        let p = Published {
            scores: rows(SCORES),
            items: Vec::new(),
            participation: Vec::new(),
            interventions: Vec::new(),
            starts: BTreeMap::new(),
            window: (2, 2),
        };
        let solved = equations(&p).solve();
        assert!(
            (solved["n|team|Small|2025-Q1|D"] - 3.0).abs() < 1e-9,
            "{solved:?}"
        );
        assert!(
            (solved["s|team|Small|2025-Q1|D"] - 9.0).abs() < 1e-9,
            "{solved:?}"
        );
    }

    #[test]
    fn a_lone_hidden_group_under_a_group_is_recovered() {
        // Top 24 x 3.5 = 84 = 27 + 48 + Sub: the sub-group has n 3 and sum 9.
        let p = Published {
            scores: rows(
                "level,unit,group,quarter,domain,n,mean,suppressed\n\
organisation,Organisation,,2025-Q1,D,24,3.5,\n\
group,Top,,2025-Q1,D,24,3.5,\n\
group,Sub,Top,2025-Q1,D,,,small_group\n\
team,A,Top,2025-Q1,D,9,3.0,\n\
team,B,Top,2025-Q1,D,12,4.0,\n",
            ),
            items: Vec::new(),
            participation: Vec::new(),
            interventions: Vec::new(),
            starts: BTreeMap::new(),
            window: (2, 2),
        };
        let solved = equations(&p).solve();
        assert!(
            (solved["s|group|Sub|2025-Q1|D"] - 9.0).abs() < 1e-9,
            "{solved:?}"
        );
    }

    #[test]
    fn a_lone_hidden_item_in_a_roll_up_is_recovered() {
        // G's item q1: 20 answers averaging 3.5 = 70 = 9 x 3 + 8 x 4 + Small: 3 answers
        // summing 11.
        let p = Published {
            scores: Vec::new(),
            items: rows(
                "level,unit,group,quarter,item,n,mean,favourable_share,suppressed\n\
group,G,,2025-Q1,q1,20,3.5,0.5,\n\
team,A,G,2025-Q1,q1,9,3.0,0.0,\n\
team,B,G,2025-Q1,q1,8,4.0,1.0,\n\
team,Small,G,2025-Q1,q1,,,,small_group\n",
            ),
            participation: Vec::new(),
            interventions: Vec::new(),
            starts: BTreeMap::new(),
            window: (2, 2),
        };
        let solved = equations(&p).solve();
        assert!(
            (solved["is|team|Small|2025-Q1|q1"] - 11.0).abs() < 1e-9,
            "{solved:?}"
        );
        assert!((solved["in|team|Small|2025-Q1|q1"] - 3.0).abs() < 1e-9);
    }

    #[test]
    fn participation_screened_apart_from_the_domains_is_found() {
        let p = Published {
            items: Vec::new(),
            scores: rows(SCORES),
            participation: rows(
                "level,unit,group,quarter,responses,team_size,response_rate,suppressed\n\
team,Small,,2025-Q1,5,,,\n",
            ),
            interventions: Vec::new(),
            starts: BTreeMap::new(),
            window: (2, 2),
        };
        assert_eq!(inconsistent_screening(&p), ["team|Small 2025-Q1"]);
    }

    #[test]
    fn a_hidden_team_inside_an_intervention_arm_is_recovered() {
        // Treated A (3.0 -> 3.6) and hidden H (2.0 -> 3.0, change 1.0) started 2025-Q1;
        // comparison C (3.0 -> 3.1). The earlier code counted H: treated_change
        // (0.6 + 1.0) / 2 = 0.8 with 2 treated teams, so H's change is 2 * 0.8 - 0.6.
        let mut scores = String::from("level,unit,group,quarter,domain,n,mean,suppressed\n");
        for (team, before, after, hidden) in [
            ("A", 3.0, 3.6, ""),
            ("H", 2.0, 3.0, "small_group"),
            ("C", 3.0, 3.1, ""),
        ] {
            for (q, m) in [
                ("2024-Q3", before),
                ("2024-Q4", before),
                ("2025-Q1", after),
                ("2025-Q2", after),
            ] {
                let m = if hidden.is_empty() {
                    m.to_string()
                } else {
                    String::new()
                };
                scores.push_str(&format!("team,{team},,{q},D,,{m},{hidden}\n"));
            }
        }
        let p = Published {
            items: Vec::new(),
            scores: rows(&scores),
            participation: Vec::new(),
            interventions: rows(
                "intervention,domain,teams_treated,treated_change,comparison_change,lead\n\
Pairing,D,2,0.8,0.1,\n",
            ),
            starts: [(
                "pairing".to_string(),
                [("A".to_string(), 2025 * 4), ("H".to_string(), 2025 * 4)].into(),
            )]
            .into(),
            window: (2, 2),
        };
        let mut sys = System::default();
        intervention_equations(&mut sys, &p);
        // One equation over H's four quarters: the change (after - before) is pinned,
        // not each quarter; with H's before-quarters known from elsewhere it would be.
        assert_eq!(sys.rows.len(), 1);
        let (coefs, rhs) = &sys.rows[0];
        assert_eq!(coefs.len(), 4);
        // 0.5 (H after) - 0.5 (H before) ... = 2 * 0.8 - 0.6 = 1.0.
        assert!((rhs - 1.0).abs() < 1e-9, "{rhs}");
        // Give the attacker H's earlier quarters (shown, say, in another table): the
        // later ones follow.
        let mut shown_before = p.scores.clone();
        for r in shown_before
            .iter_mut()
            .filter(|r| r["unit"] == "H" && r["quarter"].starts_with("2024"))
        {
            r.insert("mean".into(), "2".into());
            r.insert("suppressed".into(), String::new());
        }
        let p2 = Published {
            scores: shown_before,
            ..p
        };
        let mut sys = System::default();
        intervention_equations(&mut sys, &p2);
        sys.equation(&[
            (1.0, Term::Hidden("m|team|H|2025-Q1|D".into())),
            (-1.0, Term::Hidden("m|team|H|2025-Q2|D".into())),
        ]);
        let solved = sys.solve();
        assert!(
            (solved["m|team|H|2025-Q1|D"] - 3.0).abs() < 1e-9,
            "{solved:?}"
        );
    }
}

/// 360 groups with "Not observed" answers: p-01's three peers, two of whom did not
/// observe collaboration. Before, "Collaboration and communication" was published as
/// one peer's own rating ("1 rater").
#[test]
fn no_360_value_stands_on_fewer_raters_who_answered() {
    let source = root().join("sample-data/feedback-360/feedback-360-2026-Q3.csv");
    let mut rdr = csv::Reader::from_path(&source).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = headers
        .iter()
        .position(|h| h == "Collaborates and communicates well with peers")
        .unwrap();
    let mut wtr = csv::Writer::from_writer(Vec::new());
    wtr.write_record(&headers).unwrap();
    let mut blanked = 0;
    for record in rdr.records() {
        let record = record.unwrap();
        let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells[1] == "p-01" && cells[2] == "Colleague" && blanked < 2 {
            cells[col] = "Not observed".to_string();
            blanked += 1;
        }
        wtr.write_record(&cells).unwrap();
    }
    assert_eq!(blanked, 2);
    let feedback = String::from_utf8(wtr.into_inner().unwrap()).unwrap();
    let people = std::fs::read_to_string(root().join("sample-data/people.csv")).unwrap();
    let sections =
        format!(
        "[people]\nfiles = [\"people.csv\"]\n\n[feedback]\nschema = {:?}\nfiles = [\"fb.csv\"]\n",
        root().join("schemas/feedback-360.toml").display().to_string()
    );
    let (tmp, project) =
        sample_project(&[("people.csv", &people), ("fb.csv", &feedback)], &sections);
    let out = report_project(&project);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = tmp.path().join("report");
    assert_eq!(thin_360_values(&report, 3), Vec::<String>::new());
    let rows = read_csv(&report.join("metrics/feedback_360.csv"));
    assert!(
        rows.iter().all(|r| !(r["person"] == "p-01"
            && r["perspective"] == "peer"
            && r["quarter"] == "2026-Q3"
            && r["dimension"] == "Collaboration and communication")),
        "the one peer's rating is published"
    );
    // The other peer dimensions of p-01 (three answers each) are still shown.
    assert!(rows.iter().any(|r| r["person"] == "p-01"
        && r["quarter"] == "2026-Q3"
        && r["perspective"] == "peer"
        && r["dimension"] == "Conflict resolution"
        && r["raters"] == "3"));
    let gaps = read_csv(&report.join("metrics/feedback_gaps.csv"));
    assert!(gaps.iter().all(|r| !(r["person"] == "p-01"
        && r["quarter"] == "2026-Q3"
        && r["dimension"] == "Collaboration and communication")));
}
