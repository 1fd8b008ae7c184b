use super::*;

fn cell(level: Level, unit: &str, group: Option<&str>, domain: usize, n: u32) -> Cell {
    Cell {
        level,
        unit: unit.to_string(),
        group: group.map(str::to_string),
        period: Quarter(2024 * 4),
        domain,
        n,
        mean: 3.0,
        sd: Some(1.0),
        ci: None,
        favourable: None,
    }
}

/// One domain (index 0) plus Overall (index 1): group G has teams small (n=3), mid (6)
/// and big (9); the organisation is just G.
fn org_with_one_small_team() -> Vec<Cell> {
    let mut cells = Vec::new();
    for d in 0..2 {
        cells.push(cell(Level::Organisation, ORGANISATION, None, d, 18));
        cells.push(cell(Level::Group, "G", None, d, 18));
        cells.push(cell(Level::Team, "small", Some("G"), d, 3));
        cells.push(cell(Level::Team, "mid", Some("G"), d, 6));
        cells.push(cell(Level::Team, "big", Some("G"), d, 9));
    }
    cells
}

fn hidden_of(out: &[Screened<Cell>], unit: &str, domain: usize) -> Option<Hidden> {
    out.iter()
        .find(|c| c.item.unit == unit && c.item.domain == domain)
        .unwrap()
        .hidden
}

#[test]
fn small_team_is_hidden_and_a_complement_keeps_it_unrecoverable() {
    let out = suppress_small_groups(org_with_one_small_team(), 5, 1);
    assert_eq!(hidden_of(&out, "small", 0), Some(Hidden::SmallGroup));
    assert_eq!(hidden_of(&out, "mid", 0), Some(Hidden::Complementary));
    assert_eq!(hidden_of(&out, "big", 0), None);
    assert_eq!(hidden_of(&out, "G", 0), None);
    // Overall follows its domains.
    assert_eq!(hidden_of(&out, "small", 1), Some(Hidden::SmallGroup));
    assert_eq!(hidden_of(&out, "mid", 1), Some(Hidden::DerivedFromHidden));
    assert_eq!(hidden_of(&out, "big", 1), None);
}

#[test]
fn the_minimum_is_a_bound_not_a_strict_limit() {
    // n equal to the minimum is shown.
    let out = suppress_small_groups(org_with_one_small_team(), 3, 1);
    assert!(out.iter().all(Screened::is_shown));
}
