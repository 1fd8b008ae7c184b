//! Minimum-group suppression applied to every result before it is written: small cells
//! are hidden, and further cells are hidden so no hidden value can be worked back out.
//! It decides what may be shown; it never changes a value.

pub mod feedback;
mod tree;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::metrics::participation::Participation;
use crate::metrics::scores::{Cell, Level, ORGANISATION};
use crate::validate::Quarter;
pub use tree::{hide_complements, Node};

/// Why a value is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// Fewer respondents than the minimum group size.
    SmallGroup,
    /// Hidden so that a small group's value cannot be recovered by subtraction.
    Complementary,
    /// Derived from a hidden cell (Overall of a unit with a hidden domain).
    DerivedFromHidden,
}

impl Hidden {
    pub fn as_str(self) -> &'static str {
        match self {
            Hidden::SmallGroup => "small_group",
            Hidden::Complementary => "complementary",
            Hidden::DerivedFromHidden => "derived_from_hidden",
        }
    }
}

/// A value with the privacy decision about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Screened<T> {
    pub item: T,
    pub hidden: Option<Hidden>,
}

impl<T> Screened<T> {
    pub fn is_shown(&self) -> bool {
        self.hidden.is_none()
    }
}

/// A value that is part of the team -> group -> organisation roll-up.
pub trait RollUp {
    fn level(&self) -> Level;
    fn unit(&self) -> &str;
    /// The group of a team (none for groups, the organisation and ungrouped teams).
    fn group(&self) -> Option<&str>;
    /// Respondents behind the value.
    fn weight(&self) -> u32;
}

/// Both score cells and participation rows carry level, unit and group fields; only the
/// field counting respondents differs.
macro_rules! roll_up {
    ($type:ty, $weight:ident) => {
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
            fn weight(&self) -> u32 {
                self.$weight
            }
        }
    };
}

roll_up!(Cell, n);
roll_up!(Participation, responses);

/// Hide every value with fewer than `min` respondents (but more than none), then hide
/// complementary values so that no hidden value is the only hidden member of a roll-up
/// (team -> group -> organisation). `tree_of` says which values form one roll-up tree.
pub fn screen<T: RollUp, K: Ord>(
    items: Vec<T>,
    min: u32,
    tree_of: impl Fn(&T) -> Option<K>,
) -> Vec<Screened<T>> {
    let mut out: Vec<Screened<T>> = items
        .into_iter()
        .map(|c| {
            let w = c.weight();
            let hidden = (w > 0 && w < min).then_some(Hidden::SmallGroup);
            Screened { item: c, hidden }
        })
        .collect();
    let mut trees: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (i, c) in out.iter().enumerate() {
        if let Some(k) = tree_of(&c.item) {
            trees.entry(k).or_default().push(i);
        }
    }
    for members in trees.values() {
        let mut nodes = build_tree(&out, members);
        hide_complements(&mut nodes);
        for (node, &i) in nodes.iter().zip(members) {
            if out[i].hidden.is_none() && node.hidden {
                out[i].hidden = Some(Hidden::Complementary);
            }
        }
    }
    out
}

/// Screen score cells: each quarter and domain is one roll-up tree; Overall is then
/// hidden wherever a domain of the same unit and quarter is hidden.
pub fn suppress_small_groups(cells: Vec<Cell>, min: u32, d_count: usize) -> Vec<Screened<Cell>> {
    let mut out = screen(cells, min, |c| {
        (c.domain < d_count).then_some((c.period, c.domain))
    });
    hide_overall_of_hidden_domains(&mut out, d_count);
    out
}

/// Screen participation counts: each quarter is one roll-up tree.
pub fn suppress_small_participation(
    rows: Vec<Participation>,
    min: u32,
) -> Vec<Screened<Participation>> {
    screen(rows, min, |p| Some(p.period))
}

fn build_tree<T: RollUp>(items: &[Screened<T>], members: &[usize]) -> Vec<Node> {
    let position = |level: Level, unit: &str| {
        members
            .iter()
            .position(|&i| items[i].item.level() == level && items[i].item.unit() == unit)
    };
    let org = position(Level::Organisation, ORGANISATION);
    members
        .iter()
        .map(|&i| {
            let c = &items[i].item;
            let parent = match c.level() {
                Level::Organisation => None,
                Level::Group => org,
                Level::Team => match c.group() {
                    Some(g) => position(Level::Group, g),
                    None => org,
                },
            };
            Node {
                parent,
                weight: c.weight(),
                hidden: items[i].hidden.is_some(),
                protected: c.level() == Level::Organisation,
                name: c.unit().to_string(),
            }
        })
        .collect()
}

fn hide_overall_of_hidden_domains(cells: &mut [Screened<Cell>], d_count: usize) {
    let mut any_hidden: BTreeMap<(Level, String, Quarter), bool> = BTreeMap::new();
    for c in cells.iter() {
        if c.item.domain < d_count {
            *any_hidden
                .entry((c.item.level, c.item.unit.clone(), c.item.period))
                .or_default() |= c.hidden.is_some();
        }
    }
    for c in cells.iter_mut() {
        let key = (c.item.level, c.item.unit.clone(), c.item.period);
        if c.item.domain == d_count
            && c.hidden.is_none()
            && any_hidden.get(&key).copied().unwrap_or(true)
        {
            c.hidden = Some(Hidden::DerivedFromHidden);
        }
    }
}

#[cfg(test)]
mod tests;

/// Team-quarter means per domain (Overall last) for effect estimates, from every team
/// (small ones included: estimates use the underlying responses), with the cells this
/// screen hides marked so that no estimate publishes a value for them.
pub fn panels(
    cells: &[Screened<Cell>],
    d_count: usize,
) -> Vec<crate::metrics::interventions::Panel> {
    let mut out = vec![crate::metrics::interventions::Panel::default(); d_count + 1];
    for c in cells.iter().filter(|c| c.item.level == Level::Team) {
        let panel = &mut out[c.item.domain];
        panel
            .means
            .entry(c.item.unit.clone())
            .or_default()
            .insert(c.item.period, c.item.mean);
        if !c.is_shown() {
            panel.hidden.insert((c.item.unit.clone(), c.item.period));
        }
    }
    out
}
