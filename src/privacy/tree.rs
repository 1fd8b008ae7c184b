//! Complementary suppression on a roll-up tree: every parent equals the sum of its
//! children, so no parent-and-children set may hold exactly one hidden value.

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

/// Hide further nodes until every roll-up equation (a parent with its children) has
/// either no hidden member or at least two. Returns how many nodes were hidden.
pub fn hide_complements(nodes: &mut [Node]) -> usize {
    let parents: Vec<usize> = (0..nodes.len())
        .filter(|&p| nodes.iter().any(|n| n.parent == Some(p)))
        .collect();
    let mut added = 0;
    loop {
        let mut changed = false;
        for &p in &parents {
            let members: Vec<usize> = std::iter::once(p)
                .chain((0..nodes.len()).filter(|&c| nodes[c].parent == Some(p)))
                .collect();
            let hidden = members.iter().filter(|&&m| nodes[m].hidden).count();
            if hidden != 1 {
                continue;
            }
            let pick = members
                .iter()
                .copied()
                .filter(|&m| !nodes[m].hidden && !nodes[m].protected)
                .min_by(|&a, &b| {
                    let key = |m: usize| (m == p, nodes[m].weight, nodes[m].name.clone());
                    key(a).cmp(&key(b))
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
        assert_eq!(hide_complements(&mut nodes), 1);
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
        hide_complements(&mut nodes);
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
        assert_eq!(hide_complements(&mut nodes), 0);
    }
}
