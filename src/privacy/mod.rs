//! Minimum-group suppression applied to every result before it is written: small cells
//! are hidden, and further cells are hidden so no hidden value can be worked back out.
//! It decides what may be shown; it never changes a value.

pub mod comments;
pub mod feedback;
pub mod files;
pub mod published;
pub mod restate;
mod tree;

use std::collections::BTreeMap;

use crate::metrics::comments::UnitComments;
use crate::metrics::interventions::Panel;
use crate::metrics::participation::Participation;
use crate::metrics::scores::{Cell, ItemCell, Level, ORGANISATION};
use crate::model::{Hidden, Measure, Quarter, Screened};
use crate::validate::hierarchy::Subtree;
pub use tree::{hide_complements, hide_unions, Node};

/// A value that is part of the team -> group -> organisation roll-up.
pub trait RollUp {
    fn level(&self) -> Level;
    fn unit(&self) -> &str;
    /// The group the value rolls up into (none for the organisation and for units that
    /// roll up straight into it).
    fn group(&self) -> Option<&str>;
    fn period(&self) -> Quarter;
    /// Respondents behind the value.
    fn weight(&self) -> u32;
}

/// Score cells, participation rows and comment lists carry level, unit and group fields;
/// only what counts their respondents differs.
macro_rules! roll_up {
    ($type:ty, $v:ident => $weight:expr) => {
        impl RollUp for $type {
            fn level(&self) -> Level {
                self.level
            }
            fn unit(&self) -> &str {
                &self.unit
            }
            fn group(&self) -> Option<&str> {
                self.group.as_deref()
            }
            fn period(&self) -> Quarter {
                self.period
            }
            fn weight(&self) -> u32 {
                let $v = self;
                $weight
            }
        }
    };
}

roll_up!(Cell, c => c.n);
roll_up!(Participation, p => p.responses);
roll_up!(UnitComments, u => u.comments.len() as u32);

/// One unit in one quarter: the thing that is shown or hidden as a whole.
type UnitQuarter = (Level, String, Quarter);

fn unit_quarter<T: RollUp>(v: &T) -> UnitQuarter {
    (v.level(), v.unit().to_string(), v.period())
}

/// The survey-derived tables after screening.
#[derive(Debug, Clone)]
pub struct ScreenedSurvey {
    pub cells: Vec<Screened<Cell>>,
    pub participation: Vec<Screened<Participation>>,
    /// Question-level cells (empty until screened with [`screen_items`]).
    pub items: Vec<Screened<ItemCell>>,
}

/// Screen every survey-derived value at once. A unit-quarter (team, group or the
/// organisation in one quarter) is one decision, taken for its domain cells, its Overall
/// and its participation row alike, so no table can be subtracted from another:
///
/// 1. it is hidden when any of its values has fewer than `min` respondents (but more
///    than none: a count of 0 reveals nobody's answers);
/// 2. further unit-quarters are hidden until no roll-up equation (a parent with its
///    children, in any domain's tree or the participation tree of any quarter) has
///    exactly one hidden member, and under every shown unit the hidden units no shown
///    unit covers hold together none or at least `min` respondents (the union rule of
///    [`hide_complements`]), repeating over all trees until nothing changes.
pub fn screen_survey(
    cells: Vec<Cell>,
    participation: Vec<Participation>,
    min: u32,
) -> ScreenedSurvey {
    let mut hidden: BTreeMap<UnitQuarter, Hidden> = BTreeMap::new();
    let small = |w: u32| w > 0 && w < min;
    for key in cells
        .iter()
        .filter(|c| small(c.weight()))
        .map(unit_quarter)
        .chain(
            participation
                .iter()
                .filter(|p| small(p.weight()))
                .map(unit_quarter),
        )
    {
        hidden.insert(key, Hidden::SmallGroup);
    }
    // Each quarter's participation and each quarter x domain is one roll-up tree.
    // Cells of rows without a respondent count are in no roll-up with counts (see
    // `scores`), so they are in no equation a reader could subtract.
    let mut trees: BTreeMap<(Quarter, Option<Measure>), Vec<Member>> = BTreeMap::new();
    // Overall's tree too: its n (respondents with every domain) adds up like the others.
    for c in cells.iter().filter(|c| !c.n_unknown) {
        trees
            .entry((c.period, Some(c.measure)))
            .or_default()
            .push(Member::of(c));
    }
    for p in &participation {
        trees
            .entry((p.period, None))
            .or_default()
            .push(Member::of(p));
    }
    loop {
        let mut changed = false;
        for members in trees.values() {
            let mut nodes = build_tree(members, |k| hidden.contains_key(k));
            hide_complements(&mut nodes, min);
            for (node, m) in nodes.iter().zip(members) {
                if node.hidden && !hidden.contains_key(&m.key) {
                    hidden.insert(m.key.clone(), Hidden::Complementary);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let decide = |key: UnitQuarter| hidden.get(&key).copied();
    ScreenedSurvey {
        items: Vec::new(),
        cells: cells
            .into_iter()
            .map(|c| {
                let hidden = decide(unit_quarter(&c));
                Screened::new(c, hidden)
            })
            .collect(),
        participation: participation
            .into_iter()
            .map(|p| {
                let hidden = decide(unit_quarter(&p));
                Screened::new(p, hidden)
            })
            .collect(),
    }
}

/// A report scoped to one unit (`--unit`): only the units of its subtree, with the unit
/// in the organisation's place (its rows become level organisation under its own name,
/// and the units right under it roll up into it; a team keeps its team rows too). The
/// decisions are those made over the whole organisation: scoping hides more, never less.
pub fn scope(survey: ScreenedSurvey, subtree: &Subtree) -> ScreenedSurvey {
    ScreenedSurvey {
        cells: rescope(survey.cells, subtree),
        participation: rescope(survey.participation, subtree),
        items: rescope(survey.items, subtree),
    }
}

/// The comments of a scoped report, placed as its other tables are.
pub fn scope_comments(comments: Vec<UnitComments>, subtree: &Subtree) -> Vec<UnitComments> {
    let rows = comments
        .into_iter()
        .map(|c| Screened::new(c, None))
        .collect();
    rescope(rows, subtree)
        .into_iter()
        .map(|s| s.into_unscreened())
        .collect()
}

fn rescope<T: RollUp + Relabel + Clone>(
    rows: Vec<Screened<T>>,
    subtree: &Subtree,
) -> Vec<Screened<T>> {
    let own_level = if subtree.is_rollup {
        Level::Group
    } else {
        Level::Team
    };
    let mut out = Vec::new();
    for mut row in rows {
        let level = row.unscreened().level();
        let inside = match level {
            Level::Organisation => false,
            Level::Group => subtree.contains(true, row.unscreened().unit()),
            Level::Team => subtree.contains(false, row.unscreened().unit()),
        };
        if !inside {
            continue;
        }
        if row.unscreened().group() == Some(subtree.unit.as_str()) {
            row.unscreened_mut().set_group(None);
        }
        if level == own_level && row.unscreened().unit() == subtree.unit {
            row.unscreened_mut().set_group(None);
            if own_level == Level::Team {
                out.push(row.clone());
            }
            row.unscreened_mut().set_level(Level::Organisation);
        }
        out.push(row);
    }
    // The unit's rows, now the organisation's, come first, as the organisation's do.
    out.sort_by_key(|r| r.unscreened().level() != Level::Organisation);
    out
}

/// Moving a value to another place of the roll-up (a scoped report).
pub trait Relabel {
    fn set_level(&mut self, level: Level);
    fn set_group(&mut self, group: Option<String>);
}

macro_rules! relabel {
    ($type:ty) => {
        impl Relabel for $type {
            fn set_level(&mut self, level: Level) {
                self.level = level;
            }
            fn set_group(&mut self, group: Option<String>) {
                self.group = group;
            }
        }
    };
}

relabel!(Cell);
relabel!(Participation);
relabel!(UnitComments);

impl RollUp for ItemCell {
    fn level(&self) -> Level {
        self.cell.level
    }
    fn unit(&self) -> &str {
        &self.cell.unit
    }
    fn group(&self) -> Option<&str> {
        self.cell.group.as_deref()
    }
    fn period(&self) -> Quarter {
        self.cell.period
    }
    fn weight(&self) -> u32 {
        self.cell.n
    }
}

impl Relabel for ItemCell {
    fn set_level(&mut self, level: Level) {
        self.cell.level = level;
    }
    fn set_group(&mut self, group: Option<String>) {
        self.cell.group = group;
    }
}

/// Hidden items by unit-quarter and item.
type HiddenItems = BTreeMap<(UnitQuarter, usize), Hidden>;

/// Step 1 of [`screen_items`]: complementary suppression in each item's roll-up tree of
/// each quarter. Whether anything more was hidden.
fn complement_items(
    trees: &BTreeMap<(Quarter, usize), Vec<Member>>,
    hidden: &mut HiddenItems,
    min: u32,
) -> bool {
    let mut changed = false;
    for ((_, item), members) in trees {
        let mut nodes = build_tree(members, |k| hidden.contains_key(&(k.clone(), *item)));
        hide_complements(&mut nodes, min);
        for (node, m) in nodes.iter().zip(members) {
            let key = (m.key.clone(), *item);
            if node.hidden && !hidden.contains_key(&key) {
                hidden.insert(key, Hidden::Complementary);
                changed = true;
            }
        }
    }
    changed
}

/// Step 2 of [`screen_items`]: in a shown unit-quarter, a domain whose hidden items a
/// reader could work out from its shown mean hides another item. Whether anything more
/// was hidden.
fn protect_domain_items(
    by_unit: &BTreeMap<(UnitQuarter, usize), Vec<(usize, u32)>>,
    unit_hidden: &BTreeMap<UnitQuarter, Hidden>,
    hidden: &mut HiddenItems,
    min: u32,
) -> bool {
    let mut changed = false;
    for ((unit, _), siblings) in by_unit {
        if unit_hidden.contains_key(unit) || siblings.len() < 2 {
            continue;
        }
        let is_hidden = |i: usize| hidden.contains_key(&(unit.clone(), i));
        let hidden_n: Vec<u32> = siblings
            .iter()
            .filter(|(i, _)| is_hidden(*i))
            .map(|(_, n)| *n)
            .collect();
        let all_small = hidden_n.iter().any(|&n| n > 0) && hidden_n.iter().all(|&n| n < min);
        if hidden_n.len() != 1 && !all_small {
            continue;
        }
        // An item nobody answered protects nothing: its 0 is known.
        let pick = siblings
            .iter()
            .filter(|(i, n)| !is_hidden(*i) && *n > 0)
            .min_by_key(|(i, n)| (*n, *i))
            .map(|(i, _)| *i);
        if let Some(i) = pick {
            hidden.insert((unit.clone(), i), Hidden::Complementary);
            changed = true;
        }
    }
    changed
}

/// Screen the question-level cells. An item is hidden wherever its unit-quarter is
/// (the survey's one decision), and where fewer than `min` respondents (but more than
/// none) answered it. Then, repeated until nothing changes:
///
/// 1. each item's roll-up tree in each quarter gets complementary suppression, as the
///    domains' trees do;
/// 2. in a shown unit-quarter, a domain with exactly one hidden item, or whose hidden
///    items were each answered by fewer than `min`, hides another (the one answered by
///    fewest, by someone): the domain's shown mean, with its other items, gives the
///    hidden items' total, so they must hold one answered by at least `min`.
///
/// `item_domain[i]` is item `i`'s domain.
pub fn screen_items(
    items: Vec<ItemCell>,
    cells: &[Screened<Cell>],
    min: u32,
    item_domain: &[usize],
) -> Vec<Screened<ItemCell>> {
    let unit_hidden: BTreeMap<UnitQuarter, Hidden> = cells
        .iter()
        .filter_map(|c| c.hidden().map(|h| (unit_quarter(c.unscreened()), h)))
        .collect();
    let mut hidden: HiddenItems = BTreeMap::new();
    for it in &items {
        let key = unit_quarter(it);
        if let Some(h) = unit_hidden.get(&key) {
            hidden.insert((key, it.item()), *h);
        } else if it.cell.n > 0 && it.cell.n < min {
            hidden.insert((key, it.item()), Hidden::SmallGroup);
        }
    }
    let mut trees: BTreeMap<(Quarter, usize), Vec<Member>> = BTreeMap::new();
    let mut by_unit: BTreeMap<(UnitQuarter, usize), Vec<(usize, u32)>> = BTreeMap::new();
    for it in &items {
        trees
            .entry((it.cell.period, it.item()))
            .or_default()
            .push(Member::of(it));
        by_unit
            .entry((unit_quarter(it), item_domain[it.item()]))
            .or_default()
            .push((it.item(), it.cell.n));
    }
    loop {
        let changed = complement_items(&trees, &mut hidden, min)
            | protect_domain_items(&by_unit, &unit_hidden, &mut hidden, min);
        if !changed {
            break;
        }
    }
    items
        .into_iter()
        .map(|it| {
            let why = hidden.get(&(unit_quarter(&it), it.item())).copied();
            Screened::new(it, why)
        })
        .collect()
}

/// A value's place in a roll-up tree.
struct Member {
    key: UnitQuarter,
    group: Option<String>,
    weight: u32,
}

impl Member {
    fn of<T: RollUp>(v: &T) -> Member {
        Member {
            key: unit_quarter(v),
            group: v.group().map(str::to_string),
            weight: v.weight(),
        }
    }
}

fn build_tree(members: &[Member], hidden: impl Fn(&UnitQuarter) -> bool) -> Vec<Node> {
    let position = |level: Level, unit: &str| {
        members
            .iter()
            .position(|m| m.key.0 == level && m.key.1 == unit)
    };
    let org = position(Level::Organisation, ORGANISATION);
    members
        .iter()
        .map(|m| {
            // A team rolls up into its group, a group into its parent group (in a
            // hierarchy of any depth), and either into the organisation without one.
            let parent = match (m.key.0, &m.group) {
                (Level::Organisation, _) => None,
                (_, Some(g)) => position(Level::Group, g),
                (_, None) => org,
            };
            Node {
                parent,
                weight: m.weight,
                hidden: hidden(&m.key),
                // The organisation total is always shown; a unit with no respondents
                // protects nothing when hidden (its 0 is known from the other tables).
                protected: m.key.0 == Level::Organisation || m.weight == 0,
                name: m.key.1.clone(),
            }
        })
        .collect()
}

/// Each question cell's score cell, with the question cell's decision (for trends of
/// questions).
pub fn question_score_cells(items: &[Screened<ItemCell>]) -> Vec<Screened<Cell>> {
    items
        .iter()
        .map(|s| Screened::new(s.unscreened().cell.clone(), s.hidden()))
        .collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod attacker_tests;

#[cfg(test)]
mod restate_attacker_tests;

/// Team-quarter means per domain (Overall last) for effect estimates, from shown cells
/// only: a hidden team-quarter is missing for every estimate, exactly as for trends, so
/// no estimate can be worked back to a hidden value.
pub fn panels(cells: &[Screened<Cell>], d_count: usize) -> Vec<(Measure, Panel)> {
    let mut out: Vec<(Measure, Panel)> = Measure::domains_and_overall(d_count)
        .map(|m| (m, Panel::default()))
        .collect();
    for c in cells
        .iter()
        .filter(|c| c.unscreened().level == Level::Team && c.is_shown())
    {
        out[c.unscreened().measure.slot(d_count)]
            .1
            .entry(c.unscreened().unit.clone())
            .or_default()
            .insert(c.unscreened().period, c.unscreened().mean);
    }
    out
}
