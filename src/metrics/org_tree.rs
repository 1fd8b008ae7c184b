//! The organisation as a tree for the page: every unit's Overall in the latest quarter
//! and its change since the quarter before, from shown cells only, with the units that
//! moved down most listed first among their siblings.

use std::collections::BTreeMap;

use super::scores::{Cell, Level, ORGANISATION};
use crate::model::{Hidden, Measure, Quarter, Screened};

/// One unit of the tree, in the order the page lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    pub level: Level,
    pub unit: String,
    /// The group it rolls up into (none: the organisation, or the organisation itself).
    pub parent: Option<String>,
    /// 0 for the organisation, 1 for units right under it, and so on.
    pub depth: usize,
    pub quarter: Quarter,
    /// Respondents behind its Overall (none when hidden).
    pub n: Option<u32>,
    pub overall: Option<f64>,
    /// Overall minus the previous quarter's, when both are shown.
    pub change: Option<f64>,
    /// Why the latest quarter is not shown.
    pub hidden: Option<Hidden>,
    /// Whether a unit of the same name is a roll-up too (the team is then its direct
    /// team).
    pub direct_team: bool,
}

/// The tree in the latest quarter with any cell, depth-first. Siblings are ordered by
/// their change, most negative first; units without a change (hidden, or new) follow,
/// by name. A roll-up lists its direct team first among its children, then the rest.
pub fn org_tree(cells: &[Screened<Cell>]) -> Vec<TreeRow> {
    let overall: Vec<&Screened<Cell>> = cells
        .iter()
        .filter(|c| c.key().measure == Measure::Overall)
        .collect();
    let Some(latest) = overall.iter().map(|c| c.key().period).max() else {
        return Vec::new();
    };
    let previous = overall
        .iter()
        .map(|c| c.key().period)
        .filter(|q| *q < latest)
        .max();
    let shown = |level: Level, unit: &str, q: Option<Quarter>| -> Option<f64> {
        overall
            .iter()
            .find(|c| c.key().level == level && c.key().unit == unit && Some(c.key().period) == q)
            .and_then(|c| c.shown())
            .map(|c| c.mean)
    };
    let now: Vec<&&Screened<Cell>> = overall
        .iter()
        .filter(|c| c.key().period == latest)
        .collect();
    let groups: std::collections::BTreeSet<&str> = now
        .iter()
        .filter(|c| c.key().level == Level::Group)
        .map(|c| c.key().unit)
        .collect();
    // Children of each parent key ((level, unit); the organisation's key for the top).
    let org_key = (Level::Organisation, ORGANISATION.to_string());
    let mut children: BTreeMap<(Level, String), Vec<TreeRow>> = BTreeMap::new();
    let mut root = None;
    for c in &now {
        let cell = c.key();
        let overall_now = shown(cell.level, cell.unit, Some(latest));
        let row = TreeRow {
            level: cell.level,
            unit: cell.unit.to_string(),
            parent: cell.group.map(str::to_string),
            depth: 0,
            quarter: latest,
            n: c.shown().filter(|c| !c.n_unknown).map(|c| c.n),
            overall: overall_now,
            change: overall_now
                .zip(shown(cell.level, cell.unit, previous))
                .map(|(a, b)| a - b),
            hidden: c.hidden(),
            direct_team: cell.level == Level::Team && groups.contains(cell.unit),
        };
        match (cell.level, &cell.group) {
            (Level::Organisation, _) => root = Some(row),
            (_, Some(g)) => children
                .entry((Level::Group, g.to_string()))
                .or_default()
                .push(row),
            (_, None) => children.entry(org_key.clone()).or_default().push(row),
        }
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| {
            (!a.direct_team)
                .cmp(&!b.direct_team)
                .then(a.change.is_none().cmp(&b.change.is_none()))
                .then(a.change.unwrap_or(0.0).total_cmp(&b.change.unwrap_or(0.0)))
                .then(a.unit.cmp(&b.unit))
                .then(a.level.cmp(&b.level))
        });
    }
    let mut out = Vec::new();
    if let Some(r) = root {
        out.push(r);
    }
    walk(&org_key, 1, &mut children, &mut out);
    out
}

/// Depth-first: each row, then (for a roll-up) its children.
fn walk(
    key: &(Level, String),
    depth: usize,
    children: &mut BTreeMap<(Level, String), Vec<TreeRow>>,
    out: &mut Vec<TreeRow>,
) {
    let Some(list) = children.remove(key) else {
        return;
    };
    for mut row in list {
        row.depth = depth;
        let key = (row.level, row.unit.clone());
        out.push(row);
        if key.0 == Level::Group {
            walk(&key, depth + 1, children, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(level: Level, unit: &str, group: Option<&str>, q: i32, mean: f64) -> Screened<Cell> {
        Screened::new(
            Cell {
                level,
                unit: unit.into(),
                group: group.map(str::to_string),
                period: Quarter(q),
                measure: Measure::Overall,
                n: 10,
                mean,
                sd: None,
                ci: None,
                favourable: None,
                n_unknown: false,
            },
            None,
        )
    }

    /// Overall cells only (the tree reads Overall). Boss has a direct team and two teams below;
    /// A fell 0.5, B rose 0.25, Boss's own team fell 0.1 and is listed first.
    #[test]
    fn units_that_fell_most_come_first_under_their_parent() {
        let mut cells = vec![
            cell(Level::Organisation, ORGANISATION, None, 1, 3.0),
            cell(Level::Organisation, ORGANISATION, None, 2, 3.1),
            cell(Level::Group, "Boss", None, 1, 3.0),
            cell(Level::Group, "Boss", None, 2, 3.1),
            cell(Level::Team, "Boss", Some("Boss"), 1, 3.0),
            cell(Level::Team, "Boss", Some("Boss"), 2, 2.9),
            cell(Level::Team, "B", Some("Boss"), 1, 3.0),
            cell(Level::Team, "B", Some("Boss"), 2, 3.25),
            cell(Level::Team, "A", Some("Boss"), 1, 3.5),
            cell(Level::Team, "A", Some("Boss"), 2, 3.0),
            cell(Level::Team, "Hidden", Some("Boss"), 2, 4.0),
            cell(Level::Team, "Loose", None, 2, 3.0),
        ];
        cells[10].hide(Hidden::SmallGroup);
        let rows = org_tree(&cells);
        let order: Vec<(usize, &str, Level)> = rows
            .iter()
            .map(|r| (r.depth, r.unit.as_str(), r.level))
            .collect();
        assert_eq!(
            order,
            [
                (0, ORGANISATION, Level::Organisation),
                (1, "Boss", Level::Group),
                (2, "Boss", Level::Team),
                (2, "A", Level::Team),
                (2, "B", Level::Team),
                (2, "Hidden", Level::Team),
                (1, "Loose", Level::Team),
            ]
        );
        assert!(rows[2].direct_team);
        assert!((rows[3].change.unwrap() + 0.5).abs() < 1e-12);
        assert_eq!((rows[5].overall, rows[5].n), (None, None));
        assert_eq!(rows[6].change, None, "no earlier quarter");
    }
}
