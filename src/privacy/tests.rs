use super::*;

fn cell(level: Level, unit: &str, group: Option<&str>, measure: Measure, n: u32) -> Cell {
    Cell {
        level,
        unit: unit.to_string(),
        group: group.map(str::to_string),
        period: Quarter(2024 * 4),
        measure,
        n,
        mean: 3.0,
        sd: Some(1.0),
        ci: None,
        favourable: None,
        n_unknown: false,
    }
}

fn part(level: Level, unit: &str, group: Option<&str>, responses: u32) -> Participation {
    Participation {
        level,
        unit: unit.to_string(),
        group: group.map(str::to_string),
        period: Quarter(2024 * 4),
        responses,
        size: None,
    }
}

/// Two domains (0, 1) plus Overall (2): group G has teams small, mid and big; the
/// organisation is just G. `n` gives each team's respondents per domain.
fn org(teams: [(&str, [u32; 2]); 3]) -> (Vec<Cell>, Vec<Participation>) {
    let mut cells = Vec::new();
    let mut parts = Vec::new();
    for d in Measure::domains_and_overall(2) {
        let n_of = |t: &[u32; 2]| d.domain().map_or(t[0].min(t[1]), |d| t[d]);
        let total: u32 = teams.iter().map(|(_, t)| n_of(t)).sum();
        cells.push(cell(Level::Organisation, ORGANISATION, None, d, total));
        cells.push(cell(Level::Group, "G", None, d, total));
        for (name, t) in &teams {
            cells.push(cell(Level::Team, name, Some("G"), d, n_of(t)));
        }
    }
    let responses: u32 = teams.iter().map(|(_, t)| t[0].max(t[1])).sum();
    parts.push(part(Level::Organisation, ORGANISATION, None, responses));
    parts.push(part(Level::Group, "G", None, responses));
    for (name, t) in &teams {
        parts.push(part(Level::Team, name, Some("G"), t[0].max(t[1])));
    }
    (cells, parts)
}

fn hidden_of(out: &[Screened<Cell>], unit: &str, measure: Measure) -> Option<Hidden> {
    out.iter()
        .find(|c| c.unscreened().unit == unit && c.unscreened().measure == measure)
        .unwrap()
        .hidden()
}

fn hidden_part(out: &[Screened<Participation>], unit: &str) -> Option<Hidden> {
    out.iter()
        .find(|p| p.unscreened().unit == unit)
        .unwrap()
        .hidden()
}

#[test]
fn small_team_is_hidden_and_a_complement_keeps_it_unrecoverable() {
    let (cells, parts) = org([("small", [3, 3]), ("mid", [6, 6]), ("big", [9, 9])]);
    let out = screen_survey(cells, parts, 5);
    for d in Measure::domains_and_overall(2) {
        assert_eq!(hidden_of(&out.cells, "small", d), Some(Hidden::SmallGroup));
        assert_eq!(hidden_of(&out.cells, "mid", d), Some(Hidden::Complementary));
        assert_eq!(hidden_of(&out.cells, "big", d), None);
        assert_eq!(hidden_of(&out.cells, "G", d), None);
    }
    assert_eq!(
        hidden_part(&out.participation, "small"),
        Some(Hidden::SmallGroup)
    );
    assert_eq!(
        hidden_part(&out.participation, "mid"),
        Some(Hidden::Complementary)
    );
    assert_eq!(hidden_part(&out.participation, "big"), None);
}

#[test]
fn the_minimum_is_a_bound_not_a_strict_limit() {
    // n equal to the minimum is shown.
    let (cells, parts) = org([("small", [3, 3]), ("mid", [6, 6]), ("big", [9, 9])]);
    let out = screen_survey(cells, parts, 3);
    assert!(out.cells.iter().all(Screened::is_shown));
    assert!(out.participation.iter().all(Screened::is_shown));
}

/// Regression: participation and each domain were screened as separate trees, so a team
/// whose members skipped one domain was hidden in that domain only; its shown counts in
/// the other tables bounded the hidden one. One team-quarter is one decision.
#[test]
fn a_team_small_in_one_domain_is_hidden_in_every_table() {
    // "patchy" has 6 respondents, only 4 of whom answered domain 1.
    let (cells, parts) = org([("patchy", [6, 4]), ("mid", [7, 7]), ("big", [9, 9])]);
    let out = screen_survey(cells, parts, 5);
    for d in Measure::domains_and_overall(2) {
        assert_eq!(
            hidden_of(&out.cells, "patchy", d),
            Some(Hidden::SmallGroup),
            "{d:?}"
        );
        assert_eq!(
            hidden_of(&out.cells, "mid", d),
            Some(Hidden::Complementary),
            "{d:?}"
        );
    }
    assert_eq!(
        hidden_part(&out.participation, "patchy"),
        Some(Hidden::SmallGroup)
    );
    assert_eq!(
        hidden_part(&out.participation, "mid"),
        Some(Hidden::Complementary)
    );
}

#[test]
fn an_ungrouped_small_team_is_protected_in_the_organisation_equation() {
    // Organisation = group G (teams a, b) + ungrouped team "lone" (n = 3).
    let cells = vec![
        cell(
            Level::Organisation,
            ORGANISATION,
            None,
            Measure::Domain(0),
            19,
        ),
        cell(Level::Group, "G", None, Measure::Domain(0), 16),
        cell(Level::Team, "a", Some("G"), Measure::Domain(0), 8),
        cell(Level::Team, "b", Some("G"), Measure::Domain(0), 8),
        cell(Level::Team, "lone", None, Measure::Domain(0), 3),
    ];
    let out = screen_survey(cells, Vec::new(), 5);
    assert_eq!(
        hidden_of(&out.cells, "lone", Measure::Domain(0)),
        Some(Hidden::SmallGroup)
    );
    // org - G = lone, so G goes; then G - a = b, so a team of G goes too.
    assert_eq!(
        hidden_of(&out.cells, "G", Measure::Domain(0)),
        Some(Hidden::Complementary)
    );
    let hidden_teams = ["a", "b"]
        .iter()
        .filter(|t| hidden_of(&out.cells, t, Measure::Domain(0)).is_some())
        .count();
    assert_eq!(hidden_teams, 1);
    assert_eq!(
        hidden_of(&out.cells, ORGANISATION, Measure::Domain(0)),
        None
    );
}

#[test]
fn a_team_with_no_responses_is_never_chosen_as_a_complement() {
    // "silent" is listed with 0 responses: hiding it would protect nothing.
    let parts = vec![
        part(Level::Organisation, ORGANISATION, None, 17),
        part(Level::Team, "small", None, 3),
        part(Level::Team, "silent", None, 0),
        part(Level::Team, "big", None, 14),
    ];
    let out = screen_survey(Vec::new(), parts, 5);
    assert_eq!(hidden_part(&out.participation, "silent"), None);
    assert_eq!(
        hidden_part(&out.participation, "big"),
        Some(Hidden::Complementary)
    );
}

#[test]
fn panels_hold_shown_team_cells_only() {
    let (cells, parts) = org([("small", [3, 3]), ("mid", [6, 6]), ("big", [9, 9])]);
    let out = screen_survey(cells, parts, 5);
    let panels = panels(&out.cells, 2);
    let measures: Vec<Measure> = panels.iter().map(|(m, _)| *m).collect();
    assert_eq!(
        measures,
        Measure::domains_and_overall(2).collect::<Vec<_>>()
    );
    for (_, p) in &panels {
        assert_eq!(p.keys().collect::<Vec<_>>(), ["big"]);
    }
}

fn item(level: Level, unit: &str, group: Option<&str>, item: usize, n: u32) -> ItemCell {
    ItemCell {
        cell: cell(level, unit, group, Measure::Item(item), n),
        neutral: 0.0,
        unfavourable: 0.0,
        counts: Vec::new(),
    }
}

/// Items a1 (0) and a2 (1) of one domain; teams A and B in G, all unit-quarters shown.
/// Only 4 of A's 6 respondents answered a1, so A's a1 is small. By hand: A's a2 goes
/// with it (one hidden item beside a shown domain); in a1's tree G = A + B, so B's a1
/// is hidden too, and then B's a2 beside it. G and the organisation stay shown.
#[test]
fn an_item_answered_by_too_few_hides_a_sibling_item_and_a_complement() {
    let items = vec![
        item(Level::Organisation, ORGANISATION, None, 0, 14),
        item(Level::Organisation, ORGANISATION, None, 1, 16),
        item(Level::Group, "G", None, 0, 14),
        item(Level::Group, "G", None, 1, 16),
        item(Level::Team, "A", Some("G"), 0, 4),
        item(Level::Team, "A", Some("G"), 1, 6),
        item(Level::Team, "B", Some("G"), 0, 10),
        item(Level::Team, "B", Some("G"), 1, 10),
    ];
    let screened = screen_items(items, &[], 5, &[0, 0]);
    let status: Vec<(&str, usize, Option<Hidden>)> = screened
        .iter()
        .map(|s| {
            (
                s.unscreened().cell.unit.as_str(),
                s.unscreened().item(),
                s.hidden(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            (ORGANISATION, 0, None),
            (ORGANISATION, 1, None),
            ("G", 0, None),
            ("G", 1, None),
            ("A", 0, Some(Hidden::SmallGroup)),
            ("A", 1, Some(Hidden::Complementary)),
            ("B", 0, Some(Hidden::Complementary)),
            ("B", 1, Some(Hidden::Complementary)),
        ]
    );
}

/// A hidden unit-quarter hides every item of it, whatever their n.
#[test]
fn items_follow_their_unit_quarters_decision() {
    let (cells, parts) = org([("small", [3, 3]), ("mid", [6, 6]), ("big", [9, 9])]);
    let survey = screen_survey(cells, parts, 5);
    let items = vec![
        item(Level::Team, "small", Some("G"), 0, 3),
        item(Level::Team, "mid", Some("G"), 0, 6),
        item(Level::Team, "big", Some("G"), 0, 9),
    ];
    let screened = screen_items(items, &survey.cells, 5, &[0]);
    let hidden: Vec<Option<Hidden>> = screened.iter().map(|s| s.hidden()).collect();
    assert_eq!(
        hidden,
        [Some(Hidden::SmallGroup), Some(Hidden::Complementary), None]
    );
}

/// Case 2 of the privacy review, by hand: in teams T and U (8 each) one respondent each
/// answered question 0; both are hidden, which met the old two-hidden rule, but G minus
/// V gave the two people's answers. V (10 answers) is hidden too: G's union is 12.
#[test]
fn two_single_answers_beside_a_shown_team_hide_its_answers_too() {
    let items = vec![
        item(Level::Organisation, ORGANISATION, None, 0, 12),
        item(Level::Group, "G", None, 0, 12),
        item(Level::Team, "T", Some("G"), 0, 1),
        item(Level::Team, "U", Some("G"), 0, 1),
        item(Level::Team, "V", Some("G"), 0, 10),
    ];
    let screened = screen_items(items, &[], 5, &[0]);
    let status: Vec<(&str, Option<Hidden>)> = screened
        .iter()
        .map(|s| (s.unscreened().cell.unit.as_str(), s.hidden()))
        .collect();
    assert_eq!(
        status,
        [
            (ORGANISATION, None),
            ("G", None),
            ("T", Some(Hidden::SmallGroup)),
            ("U", Some(Hidden::SmallGroup)),
            ("V", Some(Hidden::Complementary)),
        ]
    );
}

/// In a shown unit, a domain whose hidden items were each answered by fewer than the
/// minimum hides one more (its total is the domain's mean less the shown items'): a1
/// (2) and a2 (3) hidden, a3 (9) goes too. By hand.
#[test]
fn a_domains_hidden_items_hold_one_answered_by_the_minimum() {
    let items = vec![
        item(Level::Team, "A", None, 0, 2),
        item(Level::Team, "A", None, 1, 3),
        item(Level::Team, "A", None, 2, 9),
        item(Level::Team, "A", None, 3, 12),
    ];
    let screened = screen_items(items, &[], 5, &[0, 0, 0, 0]);
    let hidden: Vec<Option<Hidden>> = screened.iter().map(|s| s.hidden()).collect();
    assert_eq!(
        hidden,
        [
            Some(Hidden::SmallGroup),
            Some(Hidden::SmallGroup),
            Some(Hidden::Complementary),
            None
        ]
    );
}
