//! Complementary suppression on a roll-up tree: every parent equals the sum of its
//! children, so no parent-and-children set may hold exactly one hidden value, and the
//! hidden values a reader can isolate together hold no respondents or at least `min`.

/// One value in a roll-up tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Index of the parent node (the roll-up this value is part of).
    pub parent: Option<usize>,
    /// Respondents behind the value; the smallest visible one is hidden first.
    pub weight: u32,
    pub hidden: bool,
    /// Never hidden as a complement (the organisation total).
    pub protected: bool,
    /// Breaks ties between equal weights, so the choice is deterministic.
    pub name: String,
}

/// Hide further nodes until
///
/// 1. every roll-up equation (a parent with its children) has either no hidden member or
///    at least two, and
/// 2. under every shown node, the respondents that no shown node below it covers number
///    none or at least `min`. Those respondents are what a reader gets by subtracting
///    every shown unit below from the shown total (the union of the hidden units, at any
///    depth): two hidden one-person teams beside a shown team give both people away.
///
/// In a tree (each unit in one parent) these unions are the only sets of respondents the
/// published totals isolate, so rule 2 is the whole union rule. Returns how many nodes
/// were hidden.
pub fn hide_complements(nodes: &mut [Node], min: u32) -> usize {
    hide(nodes, min, true)
}

/// Rule 2 alone: for lists that may be seen whole when at least `min` wrote them (a
/// unit's comments), so a hidden list of `min` or more recovered by difference is
/// allowed.
pub fn hide_unions(nodes: &mut [Node], min: u32) -> usize {
    hide(nodes, min, false)
}

fn hide(nodes: &mut [Node], min: u32, one_hidden_rule: bool) -> usize {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (c, n) in nodes.iter().enumerate() {
        if let Some(p) = n.parent {
            children[p].push(c);
        }
    }
    let parents: Vec<usize> = (0..nodes.len())
        .filter(|&p| !children[p].is_empty())
        .collect();
    let mut added = 0;
    loop {
        let mut changed = false;
        for &p in parents.iter().filter(|_| one_hidden_rule) {
            if let Some(m) = one_hidden_complement(nodes, &children[p], p) {
                nodes[m].hidden = true;
                added += 1;
                changed = true;
            }
        }
        for &p in &parents {
            if nodes[p].hidden {
                continue;
            }
            let isolated = uncovered(nodes, &children, p);
            if isolated == 0 || isolated >= i64::from(min) {
                continue;
            }
            let pick = union_complement(nodes, &children, p).or_else(|| {
                // Nothing below can be hidden: the total itself goes, and its own
                // parent's union takes the respondents in.
                (!nodes[p].protected).then_some(p)
            });
            if let Some(m) = pick {
                nodes[m].hidden = true;
                added += 1;
                changed = true;
            }
        }
        if !changed {
            return added;
        }
    }
}

/// Rule 1: the member to hide when `p`'s equation has exactly one hidden member with
/// respondents (the smallest visible child, the parent last). A hidden member without
/// respondents in this tree is a known 0, so it does not count as a second unknown.
fn one_hidden_complement(nodes: &[Node], kids: &[usize], p: usize) -> Option<usize> {
    let members: Vec<usize> = std::iter::once(p).chain(kids.iter().copied()).collect();
    let unknown = |m: &&usize| nodes[**m].hidden && nodes[**m].weight > 0;
    if members.iter().filter(unknown).count() != 1 {
        return None;
    }
    members
        .iter()
        .copied()
        .filter(|&m| !nodes[m].hidden && !nodes[m].protected)
        .min_by(|&a, &b| {
            let key = |m: usize| (m == p, nodes[m].weight, &nodes[m].name);
            key(a).cmp(&key(b))
        })
}

/// Respondents under shown node `s` that no shown node below it covers: its own weight
/// less its children's (respondents of the unit itself), plus, for each hidden child, the
/// same count under it.
fn uncovered(nodes: &[Node], children: &[Vec<usize>], s: usize) -> i64 {
    let own = i64::from(nodes[s].weight)
        - children[s]
            .iter()
            .map(|&c| i64::from(nodes[c].weight))
            .sum::<i64>();
    own.max(0)
        + children[s]
            .iter()
            .filter(|&&c| nodes[c].hidden)
            .map(|&c| uncovered(nodes, children, c))
            .sum::<i64>()
}

/// Rule 2: the shown node just below `s` (reached through hidden nodes only) to hide so
/// that more respondents join the isolated union: one that adds some first, then the
/// smallest, then by name.
fn union_complement(nodes: &[Node], children: &[Vec<usize>], s: usize) -> Option<usize> {
    let mut frontier = Vec::new();
    let mut stack: Vec<usize> = children[s].clone();
    while let Some(c) = stack.pop() {
        if nodes[c].hidden {
            stack.extend(&children[c]);
        } else if !nodes[c].protected && nodes[c].weight > 0 {
            frontier.push(c);
        }
    }
    // Hidden, `m` adds what is uncovered under it to the union above. Each key is
    // worked out once (it walks the subtree).
    frontier.into_iter().min_by_key(|&m| {
        (
            uncovered(nodes, children, m) == 0,
            nodes[m].weight,
            &nodes[m].name,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(parent: Option<usize>, weight: u32, hidden: bool, name: &str) -> Node {
        Node {
            parent,
            weight,
            hidden,
            protected: parent.is_none(),
            name: name.to_string(),
        }
    }

    #[test]
    fn one_hidden_team_in_a_group_hides_the_smallest_sibling() {
        // org(0) <- group(1) <- teams 2 (n=3, hidden), 3 (n=9), 4 (n=6)
        let mut nodes = vec![
            node(None, 18, false, "org"),
            node(Some(0), 18, false, "g"),
            node(Some(1), 3, true, "small"),
            node(Some(1), 9, false, "big"),
            node(Some(1), 6, false, "mid"),
        ];
        // The group equation (g, small, big, mid) had one hidden: "mid" (n=6) goes too.
        assert_eq!(hide_complements(&mut nodes, 1), 1);
        let hidden: Vec<&str> = nodes
            .iter()
            .filter(|n| n.hidden)
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(hidden, ["small", "mid"]);
    }

    #[test]
    fn a_group_with_one_team_hides_the_group_and_then_a_sibling_group() {
        // org(0) <- g1(1) <- t(3, hidden, n=4); org <- g2(2) <- a(4), b(5)
        let mut nodes = vec![
            node(None, 20, false, "org"),
            node(Some(0), 4, false, "g1"),
            node(Some(0), 16, false, "g2"),
            node(Some(1), 4, true, "t"),
            node(Some(2), 8, false, "a"),
            node(Some(2), 8, false, "b"),
        ];
        hide_complements(&mut nodes, 1);
        // g1 = t exactly, so g1 is hidden; then org = g1 + g2 needs g2 hidden; then
        // g2 = a + b needs one of a, b hidden ("a" by name on equal weights).
        let hidden: Vec<&str> = nodes
            .iter()
            .filter(|n| n.hidden)
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(hidden, ["g1", "g2", "t", "a"]);
        assert!(!nodes[0].hidden, "the organisation total is never hidden");
    }

    #[test]
    fn nothing_changes_when_no_equation_has_exactly_one_hidden_value() {
        let mut nodes = vec![
            node(None, 20, false, "org"),
            node(Some(0), 3, true, "x"),
            node(Some(0), 4, true, "y"),
            node(Some(0), 13, false, "z"),
        ];
        assert_eq!(hide_complements(&mut nodes, 1), 0);
    }
}
