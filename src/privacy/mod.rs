//! Minimum-group suppression applied to every result before it is written: small cells
//! are hidden, and further cells are hidden so no hidden value can be worked back out.
//! It decides what may be shown; it never changes a value.

mod tree;

use std::collections::BTreeMap;

use serde::Serialize;

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

/// Hide every cell below `min` respondents, then hide complementary cells so that no
/// hidden cell is the only hidden member of a roll-up (team -> group -> organisation),
/// then hide Overall wherever a domain of the same unit and quarter is hidden.
pub fn suppress_small_groups(cells: Vec<Cell>, min: u32, d_count: usize) -> Vec<Screened<Cell>> {
    let mut out: Vec<Screened<Cell>> = cells
        .into_iter()
        .map(|c| {
            let hidden = (c.n < min).then_some(Hidden::SmallGroup);
            Screened { item: c, hidden }
        })
        .collect();
    // Domain cells of each quarter and domain form one roll-up tree.
    let mut trees: BTreeMap<(Quarter, usize), Vec<usize>> = BTreeMap::new();
    for (i, c) in out.iter().enumerate() {
        if c.item.domain < d_count {
            trees.entry((c.item.period, c.item.domain)).or_default().push(i);
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
    hide_overall_of_hidden_domains(&mut out, d_count);
    out
}

fn build_tree(cells: &[Screened<Cell>], members: &[usize]) -> Vec<Node> {
    let position = |level: Level, unit: &str| {
        members
            .iter()
            .position(|&i| cells[i].item.level == level && cells[i].item.unit == unit)
    };
    let org = position(Level::Organisation, ORGANISATION);
    members
        .iter()
        .map(|&i| {
            let c = &cells[i].item;
            let parent = match c.level {
                Level::Organisation => None,
                Level::Group => org,
                Level::Team => match &c.group {
                    Some(g) => position(Level::Group, g),
                    None => org,
                },
            };
            Node {
                parent,
                weight: c.n,
                hidden: cells[i].hidden.is_some(),
                protected: c.level == Level::Organisation,
                name: c.unit.clone(),
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
        if c.item.domain == d_count && c.hidden.is_none() && any_hidden.get(&key).copied().unwrap_or(true) {
            c.hidden = Some(Hidden::DerivedFromHidden);
        }
    }
}

#[cfg(test)]
mod tests;
