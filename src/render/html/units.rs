//! `units/<id>.html`: one page per roll-up of the organisation (a group, or any unit of
//! an org file with units below it), so the organisation's page stays readable at
//! hundreds of teams. A unit page holds the heatmap of the units right below it, its own
//! trend chart and the trends of its teams, and its subtree's rows of the page's tables.
//! It shows only values the report already shows, screened the same way.

use std::collections::{BTreeMap, BTreeSet};

use minijinja::Environment;
use serde::Serialize;

use super::{
    data_uri, item_moves, latest_scores, participation_rows, quarter_range, unit_status, Keep,
    RowView,
};
use crate::error::Result;
use crate::metrics::org_tree::TreeRow;
use crate::metrics::scores::Level;
use crate::model::Measure;
use crate::render::sections::comments::comment_view;
use crate::render::{charts, Results};

const TEMPLATE: &str = include_str!("../templates/unit.html");

/// Longest file stem of a unit page (before a number that tells equal stems apart).
const MAX_STEM: usize = 60;

/// The file stem of a unit's page: lowercase ASCII letters and digits, other runs of
/// characters as one `-`; so a name can never point outside the folder.
fn stem(unit: &str) -> String {
    let mut out = String::new();
    for ch in unit.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_end_matches('-').chars().take(MAX_STEM).collect();
    let trimmed = trimmed.trim_end_matches('-').to_string();
    if trimmed.is_empty() {
        "unit".to_string()
    } else {
        trimmed
    }
}

/// The page path of every roll-up unit (`units/<stem>.html`), by unit name. Units whose
/// stems are equal get `-2`, `-3`, ... in name order, so paths are unique and stable.
pub fn unit_paths(r: &Results) -> BTreeMap<String, String> {
    let units: BTreeSet<&str> = r
        .survey
        .org_tree
        .iter()
        .filter(|t| t.level == Level::Group)
        .map(|t| t.unit.as_str())
        .collect();
    paths_of(units)
}

/// `units/<stem>.html` per name, numbered `-2`, `-3`, ... in name order where stems clash.
fn paths_of(units: BTreeSet<&str>) -> BTreeMap<String, String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = BTreeMap::new();
    for unit in units {
        let base = stem(unit);
        let mut name = base.clone();
        let mut k = 2;
        while taken.contains(&name) {
            name = format!("{base}-{k}");
            k += 1;
        }
        taken.insert(name.clone());
        out.insert(unit.to_string(), format!("units/{name}.html"));
    }
    out
}

/// The roll-up rows of the tree by name, and each unit's children.
struct Tree<'r> {
    groups: BTreeMap<&'r str, &'r TreeRow>,
    children: BTreeMap<&'r str, Vec<&'r TreeRow>>,
}

impl<'r> Tree<'r> {
    fn of(r: &'r Results) -> Tree<'r> {
        let mut groups = BTreeMap::new();
        let mut children: BTreeMap<&str, Vec<&TreeRow>> = BTreeMap::new();
        for t in &r.survey.org_tree {
            if t.level == Level::Group {
                groups.insert(t.unit.as_str(), t);
            }
            if let (Some(p), Level::Team | Level::Group) = (t.parent.as_deref(), t.level) {
                children.entry(p).or_default().push(t);
            }
        }
        Tree { groups, children }
    }

    /// Every unit of the subtree of `unit` (itself included): (level, name).
    fn subtree(&self, unit: &'r str) -> BTreeSet<(Level, &'r str)> {
        let mut out = BTreeSet::from([(Level::Group, unit)]);
        let mut todo = vec![unit];
        while let Some(u) = todo.pop() {
            for c in self.children.get(u).into_iter().flatten() {
                out.insert((c.level, c.unit.as_str()));
                if c.level == Level::Group {
                    todo.push(c.unit.as_str());
                }
            }
        }
        out
    }

    /// The roll-ups above `unit`, top first (the organisation left out).
    fn ancestors(&self, unit: &str) -> Vec<&'r str> {
        let mut out = Vec::new();
        let mut at = self.groups.get(unit).and_then(|t| t.parent.as_deref());
        while let Some(p) = at {
            match self.groups.get(p) {
                Some(t) => {
                    out.push(t.unit.as_str());
                    at = t.parent.as_deref();
                }
                None => break,
            }
        }
        out.reverse();
        out
    }
}

#[derive(Serialize)]
struct Link {
    unit: String,
    href: Option<String>,
    level: &'static str,
    overall: String,
}

/// The page of every roll-up unit: (path in the report folder, bytes).
pub fn unit_pages(r: &Results) -> Result<Vec<(String, Vec<u8>)>> {
    let paths = unit_paths(r);
    let tree = Tree::of(r);
    let mut env = Environment::new();
    env.add_template("unit.html", TEMPLATE)?;
    // Pages are drawn on every core and kept in name order.
    use rayon::prelude::*;
    let units: Vec<(&String, &String)> = paths.iter().collect();
    units
        .par_iter()
        .map(|(unit, path)| Ok(((*path).clone(), unit_page(r, &env, &tree, &paths, unit)?)))
        .collect()
}

/// A link from one unit page to another: both live in `units/`.
fn sibling_href(paths: &BTreeMap<String, String>, unit: &str) -> Option<String> {
    paths
        .get(unit)
        .map(|p| p.trim_start_matches("units/").to_string())
}

/// Links to the roll-ups above `unit`, top first.
fn ancestor_links(tree: &Tree, paths: &BTreeMap<String, String>, unit: &str) -> Vec<Link> {
    tree.ancestors(unit)
        .into_iter()
        .map(|a| Link {
            unit: a.to_string(),
            href: sibling_href(paths, a),
            level: "roll-up",
            overall: String::new(),
        })
        .collect()
}

/// Links to the units right below, each with its Overall (roll-ups link to their page).
fn below_links(below: &[&TreeRow], paths: &BTreeMap<String, String>) -> Vec<Link> {
    below
        .iter()
        .map(|t| Link {
            unit: t.unit.clone(),
            href: (t.level == Level::Group)
                .then(|| sibling_href(paths, &t.unit))
                .flatten(),
            level: match t.level {
                Level::Group => "roll-up",
                _ if t.direct_team => "direct team",
                _ => "team",
            },
            overall: match (t.overall, t.hidden) {
                (Some(v), _) => format!("{v:.2}"),
                (None, Some(_)) => "suppressed".into(),
                (None, None) => "–".into(),
            },
        })
        .collect()
}

fn unit_page(
    r: &Results,
    env: &Environment,
    tree: &Tree,
    paths: &BTreeMap<String, String>,
    unit: &str,
) -> Result<Vec<u8>> {
    let members = tree.subtree(unit);
    let keep: Keep = &|level, name| members.contains(&(level, name));
    let below: Vec<&TreeRow> = tree.children.get(unit).cloned().unwrap_or_default();
    let rows: Vec<(Level, String)> = std::iter::once((Level::Group, unit.to_string()))
        .chain(below.iter().map(|t| (t.level, t.unit.clone())))
        .collect();
    let heatmap = charts::heatmap_of(r, &rows, &format!("{unit} and the units below it"))?;
    let unit_trends = charts::unit_trends(r, Level::Group, unit)?;
    let teams = members
        .iter()
        .filter(|(level, _)| *level == Level::Team)
        .count();
    // The small multiples and timelines are of the units right below: a roll-up below
    // has its own page with its teams.
    let panels: Vec<(Level, &str)> = below.iter().map(|t| (t.level, t.unit.as_str())).collect();
    let team_trends = charts::team_trends_of(r, &panels)?;
    let direct_teams: Vec<&str> = below
        .iter()
        .filter(|t| t.level == Level::Team)
        .map(|t| t.unit.as_str())
        .collect();
    let milestones = match &r.sections.milestones {
        Some(m) => crate::render::sections::milestones::milestone_timeline(m, Some(&direct_teams))?,
        None => None,
    };
    let ancestors = ancestor_links(tree, paths, unit);
    let below = below_links(&below, paths);
    let quarter_range = quarter_range(r);
    let domains: Vec<&str> = Measure::domains_and_overall(r.domain_count())
        .map(|m| r.measure_name(m))
        .collect();
    let status: Vec<RowView> = unit_status(r, keep);
    let ctx = minijinja::context! {
        title => r.meta.title,
        unit,
        ancestors,
        teams,
        quarter_range,
        latest => r.latest_quarter().map(|q| q.label()),
        min_group => r.meta.min_group_size,
        domains,
        latest_scores => latest_scores(r, keep),
        heatmap => heatmap.as_deref().map(data_uri),
        unit_trends => unit_trends.as_deref().map(data_uri),
        team_trends => team_trends.as_deref().map(data_uri),
        status,
        below,
        item_moves => item_moves(r, keep),
        comments => comment_view(r, keep),
        min_comment_group => r.meta.min_comment_group,
        milestones => milestones.as_deref().map(data_uri),
        participation => participation_rows(r, keep),
    };
    Ok(env.get_template("unit.html")?.render(ctx)?.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe_file_names() {
        assert_eq!(stem("Platform & Infra"), "platform-infra");
        assert_eq!(stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(stem("Ünïcode only"), "n-code-only");
        assert_eq!(stem("***"), "unit");
        assert_eq!(stem(&"a".repeat(100)).len(), MAX_STEM);
    }

    #[test]
    fn names_that_come_out_the_same_are_numbered_in_name_order() {
        let paths = paths_of(BTreeSet::from(["R&D", "R-D", "r d", "Platform"]));
        assert_eq!(paths["Platform"], "units/platform.html");
        // Name order: "R&D" < "R-D" < "r d".
        assert_eq!(paths["R&D"], "units/r-d.html");
        assert_eq!(paths["R-D"], "units/r-d-2.html");
        assert_eq!(paths["r d"], "units/r-d-3.html");
    }
}
