//! The organisation's hierarchy: which unit each team rolls up into, at any depth.
//!
//! It comes from an org file (one row per unit with its parent) or from employee and
//! manager id columns in the export (each respondent is in their manager's direct team;
//! every manager above gets the roll-up of their whole subtree). Either way it is a list
//! of links checked into one tree: a unit with two parents, a parent that is no unit, and
//! a loop are each a problem naming the file, row and value.

use crate::text::{collapse_whitespace, compare_key};
use std::collections::{BTreeMap, BTreeSet};

use super::records::RecordFile;
use super::Dataset;
use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::record_columns;

record_columns! {
    /// Where an org file keeps each field (headers by default).
    OrgColumns {
        unit: "unit" = "Unit",
        parent: "parent" = "Parent",
    }
}

/// The team of respondents whose manager id is empty and who manage nobody.
pub const NO_MANAGER: &str = "(no manager)";

/// Where a hierarchy came from: it words the problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    OrgFile,
    ManagerIds,
}

/// One unit and its parent, as a row gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub unit: String,
    /// `None` at the top (an empty parent or manager cell).
    pub parent: Option<String>,
    pub file: String,
    pub row: usize,
    /// The parent's column, as problems name it.
    pub column: String,
}

impl Link {
    fn problem(&self, expected: String) -> Problem {
        Problem::cell(
            &self.file,
            self.row,
            self.column.clone(),
            self.parent.as_deref().unwrap_or(""),
            expected,
        )
    }
}

/// Read an org file: every row a unit and its parent (empty at the top).
pub fn read_org(table: &Table, cols: &OrgColumns) -> (Vec<Link>, Vec<Problem>) {
    let mut f = RecordFile::new(table);
    let (Some(unit_c), Some(parent_c)) = (
        f.need("the unit", &cols.unit),
        f.need("the parent unit", &cols.parent),
    ) else {
        return f.finish(Vec::new());
    };
    let column = f.index.describe(parent_c);
    let file = f.file.clone();
    let mut out = Vec::new();
    f.rows(|row| {
        let unit = row.cell(unit_c);
        if unit.is_empty() {
            row.problem(unit_c, "a unit name");
            return;
        }
        out.push(Link {
            unit: collapse_whitespace(unit),
            parent: row.text(Some(parent_c)).map(|p| collapse_whitespace(&p)),
            file: file.clone(),
            row: row.number,
            column: column.clone(),
        });
    });
    f.finish(out)
}

/// One unit of the checked tree.
#[derive(Debug, Clone)]
struct TreeNode {
    name: String,
    /// The parent's key; `None` at the top.
    parent: Option<String>,
}

/// A checked hierarchy: every unit has at most one parent, every parent is a unit and
/// every chain of parents reaches the top. Units are keyed by [`compare_key`].
#[derive(Debug, Clone, Default)]
pub struct Tree {
    nodes: BTreeMap<String, TreeNode>,
}

/// Check links into a tree. A unit given a second parent keeps its first; a parent that
/// is no unit and a unit on a loop are put at the top; each is a problem on its row.
/// People move between managers from one survey cycle to the next, so with manager ids
/// a second manager is a warning; in an org file it is an error.
pub fn build(links: &[Link], source: Source) -> (Tree, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut nodes: BTreeMap<String, TreeNode> = BTreeMap::new();
    let mut first: BTreeMap<String, &Link> = BTreeMap::new();
    for link in links {
        let key = compare_key(&link.unit);
        let parent = link.parent.as_deref().map(compare_key);
        match nodes.get(&key) {
            Some(node) if node.parent != parent => {
                let before = first[&key];
                let given = before.parent.as_deref().unwrap_or("");
                let p = link.problem(match source {
                    Source::OrgFile => format!(
                        "one parent per unit: row {} gives \"{}\" the parent \"{given}\"",
                        before.row, link.unit
                    ),
                    Source::ManagerIds => format!(
                        "one manager per person: row {} gives \"{}\" the manager \"{given}\"; that one is used for the roll-ups",
                        before.row, link.unit
                    ),
                });
                problems.push(match source {
                    Source::OrgFile => p,
                    Source::ManagerIds => p.warning(),
                });
            }
            Some(_) => {}
            None => {
                nodes.insert(
                    key.clone(),
                    TreeNode {
                        name: link.unit.clone(),
                        parent,
                    },
                );
                first.insert(key, link);
            }
        }
    }
    // A parent that is no unit: the unit goes to the top.
    let keys: Vec<String> = nodes.keys().cloned().collect();
    for key in &keys {
        let Some(parent) = nodes[key].parent.clone() else {
            continue;
        };
        if !nodes.contains_key(&parent) {
            problems.push(first[key].problem(match source {
                Source::OrgFile => "a parent that is a unit of the org file (a row of its own, with an empty parent at the top)".to_string(),
                Source::ManagerIds => "a manager id that is the employee id of someone in the export (empty at the top of the organisation)".to_string(),
            }));
            nodes.get_mut(key).expect("a key of nodes").parent = None;
        }
    }
    break_loops(&mut nodes, &first, &keys, &mut problems);
    (Tree { nodes }, problems)
}

/// A loop of parents: reported once, on its first row; that unit goes to the top.
fn break_loops(
    nodes: &mut BTreeMap<String, TreeNode>,
    first: &BTreeMap<String, &Link>,
    keys: &[String],
    problems: &mut Vec<Problem>,
) {
    for key in keys {
        let mut path = vec![key.clone()];
        let mut at = key.clone();
        while let Some(parent) = nodes[&at].parent.clone() {
            if let Some(start) = path.iter().position(|k| *k == parent) {
                let cycle = &path[start..];
                let breaker = cycle
                    .iter()
                    .min_by_key(|k| (first[*k].row, first[*k].file.clone()))
                    .expect("a loop has units")
                    .clone();
                let names: Vec<&str> = cycle
                    .iter()
                    .chain(std::iter::once(&parent))
                    .map(|k| nodes[k].name.as_str())
                    .collect();
                problems.push(first[&breaker].problem(format!(
                    "a chain of parents that reaches the top; this one loops: {}",
                    names.join(" -> ")
                )));
                nodes.get_mut(&breaker).expect("a key of nodes").parent = None;
                break;
            }
            path.push(parent.clone());
            at = parent;
        }
    }
}

impl Tree {
    /// The units above `key`, nearest first.
    fn ancestors(&self, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = self.nodes.get(key).and_then(|n| n.parent.clone());
        while let Some(k) = at {
            at = self.nodes[&k].parent.clone();
            out.push(k);
        }
        out
    }
}

/// Put the dataset's teams into the tree. A unit with a team or with teams below it is
/// live; a live unit with live units below it is a roll-up (a group of any depth) whose
/// figures cover its whole subtree, its own direct team (when it has one) included. A
/// team keeps its own name; its group is itself when it has live units below it (its
/// direct team is then one member of its subtree), else its parent. When one roll-up at
/// the top holds every team it is the organisation itself and is not repeated.
///
/// Returns a warning per team the org file does not list (it rolls up straight into
/// the organisation).
pub fn apply(ds: &mut Dataset, tree: &Tree, source: Source, org_file: &str) -> Vec<Problem> {
    let team_keys: Vec<String> = ds.teams.iter().map(|t| compare_key(&t.name)).collect();
    let mut live: BTreeSet<String> = BTreeSet::new();
    for key in team_keys.iter().filter(|k| tree.nodes.contains_key(*k)) {
        live.insert(key.clone());
        live.extend(tree.ancestors(key));
    }
    let mut live_children: BTreeMap<&str, usize> = BTreeMap::new();
    for key in &live {
        if let Some(p) = &tree.nodes[key].parent {
            *live_children.entry(p.as_str()).or_default() += 1;
        }
    }
    let is_rollup = |k: &str| live_children.get(k).is_some_and(|&c| c > 0);
    let tops: Vec<&String> = live
        .iter()
        .filter(|k| tree.nodes[*k].parent.is_none())
        .collect();
    let all_in_tree = team_keys.iter().all(|k| tree.nodes.contains_key(k));
    let elided = match tops.as_slice() {
        [top] if all_in_tree && is_rollup(top) => Some((*top).clone()),
        _ => None,
    };
    let group_name = |k: &str| -> Option<String> {
        (elided.as_deref() != Some(k) && is_rollup(k)).then(|| tree.nodes[k].name.clone())
    };
    let mut warnings = Vec::new();
    for (team, key) in ds.teams.iter_mut().zip(&team_keys) {
        team.group = match tree.nodes.get(key) {
            Some(_) if is_rollup(key) => group_name(key),
            Some(node) => node.parent.as_deref().and_then(group_name),
            None => {
                if source == Source::OrgFile {
                    warnings.push(
                        Problem::file(
                            org_file,
                            format!("a row for team \"{}\" (it is in the survey data); it rolls up straight into the organisation", team.name),
                        )
                        .warning(),
                    );
                }
                None
            }
        };
    }
    ds.group_parents = live
        .iter()
        .filter_map(|k| {
            let me = group_name(k)?;
            let parent = tree.nodes[k].parent.as_deref().and_then(group_name)?;
            Some((me, parent))
        })
        .collect();
    warnings
}

/// The teams and roll-ups of one unit's subtree, the unit itself included: what a
/// report scoped to that unit (`--unit`) shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subtree {
    /// The unit as the data spells it.
    pub unit: String,
    /// Whether the unit is a roll-up (else a team).
    pub is_rollup: bool,
    pub teams: BTreeSet<String>,
    pub groups: BTreeSet<String>,
}

impl Subtree {
    /// Whether a team (`is_group` false) or a roll-up is in the subtree.
    pub fn contains(&self, is_group: bool, name: &str) -> bool {
        if is_group {
            self.groups.contains(name)
        } else {
            self.teams.contains(name)
        }
    }
}

/// The subtree of `unit` (a roll-up or a team, compared ignoring case and extra
/// spaces), or what was expected instead.
pub fn subtree(ds: &Dataset, unit: &str) -> Result<Subtree, String> {
    let key = compare_key(unit);
    let mut groups: BTreeSet<String> = BTreeSet::new();
    let mut teams: BTreeSet<String> = BTreeSet::new();
    let mut all_groups: BTreeSet<String> = BTreeSet::new();
    let mut name = None;
    for team in &ds.teams {
        let above = ds.groups_above(team);
        all_groups.extend(above.iter().cloned());
        if let Some(i) = above.iter().position(|g| compare_key(g) == key) {
            name = Some((above[i].clone(), true));
            teams.insert(team.name.clone());
            groups.extend(above[..=i].iter().cloned());
        }
    }
    if name.is_none() {
        if let Some(team) = ds.teams.iter().find(|t| compare_key(&t.name) == key) {
            name = Some((team.name.clone(), false));
            teams.insert(team.name.clone());
        }
    }
    match name {
        Some((unit, is_rollup)) => Ok(Subtree {
            unit,
            is_rollup,
            teams,
            groups,
        }),
        None => {
            let examples: Vec<String> = all_groups
                .iter()
                .chain(ds.teams.iter().map(|t| &t.name))
                .take(4)
                .map(|g| format!("\"{g}\""))
                .collect();
            Err(format!(
                "--unit \"{unit}\": expected a team or a unit above teams in the data, such as {}",
                examples.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests;
