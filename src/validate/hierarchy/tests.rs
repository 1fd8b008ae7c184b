use super::*;
use crate::validate::testing::{dataset, schema, table};

fn links(csv_text: &str) -> Vec<Link> {
    let (links, problems) = read_org(&table("org.csv", csv_text), &OrgColumns::default());
    assert!(problems.is_empty(), "{problems:?}");
    links
}

fn messages(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn a_second_parent_an_unknown_parent_and_a_loop_are_each_a_problem_on_their_row() {
    // Row 3 gives A a second parent; row 4's parent Nowhere is no unit; rows 5-7 loop.
    let l = links("Unit,Parent\nA,Top\nA,Other\nB,Nowhere\nX,Y\nY,Z\nZ,X\nTop,\nOther,\n");
    let (tree, problems) = build(&l, Source::OrgFile);
    let text = messages(&problems);
    assert_eq!(problems.len(), 3, "{text:#?}");
    assert!(problems.iter().all(Problem::is_error));
    assert_eq!(problems[0].row, Some(3));
    assert_eq!(problems[0].value.as_deref(), Some("Other"));
    assert!(
        text[0].contains("one parent per unit: row 2"),
        "{}",
        text[0]
    );
    assert_eq!(problems[1].row, Some(4));
    assert_eq!(problems[1].value.as_deref(), Some("Nowhere"));
    assert!(text[1].contains("a parent that is a unit"), "{}", text[1]);
    // The loop is reported once, on its first row, with its path.
    assert_eq!(problems[2].row, Some(5));
    assert!(text[2].contains("loops: X -> Y -> Z -> X"), "{}", text[2]);
    // Every unit reaches the top: the loop is broken where it was reported.
    assert_eq!(tree.ancestors("z"), ["x"]);
    assert_eq!(tree.ancestors("b"), Vec::<String>::new());
    assert_eq!(tree.ancestors("a"), ["top"]);
}

#[test]
fn a_second_manager_is_a_warning_and_an_unknown_manager_an_error() {
    let link = |unit: &str, parent: &str, row| Link {
        unit: unit.into(),
        parent: (!parent.is_empty()).then(|| parent.to_string()),
        file: "export.csv".into(),
        row,
        column: "F \"Manager ID\"".into(),
    };
    let l = [
        link("E1", "E5", 2),
        link("E1", "E6", 3),
        link("E2", "E9", 4),
        link("E5", "", 5),
        link("E6", "", 6),
    ];
    let (_, problems) = build(&l, Source::ManagerIds);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(!problems[0].is_error() && problems[0].row == Some(3));
    assert!(problems[1].is_error() && problems[1].value.as_deref() == Some("E9"));
    assert!(messages(&problems)[1].contains("a manager id that is the employee id"));
}

/// Teams at different depths: T1 and T2 under Lead (under Dir), T3 straight under Dir,
/// Solo alone under Chain (under Dir). Dir holds every team, so it is the organisation
/// and is not repeated; Lead and Chain are groups whose parent is none.
#[test]
fn teams_take_the_nearest_roll_up_and_a_top_that_holds_everything_is_the_organisation() {
    let csv = "Team,Group,Quarter,a1,a2,b1,b2\n\
T1,,2025-Q1,4,4,4,4\nT2,,2025-Q1,4,4,4,4\nT3,,2025-Q1,4,4,4,4\nSolo,,2025-Q1,4,4,4,4\n";
    let mut ds = dataset(&schema(), csv);
    let l = links("Unit,Parent\nDir,\nLead,Dir\nChain,Dir\nT1,Lead\nT2,Lead\nT3,Dir\nSolo,Chain\n");
    let (tree, problems) = build(&l, Source::OrgFile);
    assert!(problems.is_empty());
    assert!(apply(&mut ds, &tree, Source::OrgFile, "org.csv").is_empty());
    let groups: Vec<(&str, Option<&str>)> = ds
        .teams
        .iter()
        .map(|t| (t.name.as_str(), t.group.as_deref()))
        .collect();
    assert_eq!(
        groups,
        [
            ("T1", Some("Lead")),
            ("T2", Some("Lead")),
            ("T3", None),
            ("Solo", Some("Chain"))
        ]
    );
    assert!(ds.group_parents.is_empty(), "{:?}", ds.group_parents);
}

/// A unit with a team of its own and units below it: its team is its direct team, one
/// member of its subtree; a team the org file leaves out is a warning.
#[test]
fn a_unit_with_its_own_team_and_units_below_has_both_views() {
    let csv = "Team,Group,Quarter,a1,a2,b1,b2\n\
Boss,,2025-Q1,4,4,4,4\nA,,2025-Q1,4,4,4,4\nB,,2025-Q1,4,4,4,4\nStray,,2025-Q1,4,4,4,4\n";
    let mut ds = dataset(&schema(), csv);
    let l = links("Unit,Parent\nVP,\nBoss,VP\nA,Boss\nB,Sub\nSub,Boss\n");
    let (tree, _) = build(&l, Source::OrgFile);
    let warnings = apply(&mut ds, &tree, Source::OrgFile, "org.csv");
    assert_eq!(warnings.len(), 1);
    assert!(messages(&warnings)[0].contains("team \"Stray\""));
    let group_of = |name: &str| {
        ds.teams
            .iter()
            .find(|t| t.name == name)
            .and_then(|t| t.group.clone())
    };
    assert_eq!(group_of("Boss").as_deref(), Some("Boss"));
    assert_eq!(group_of("A").as_deref(), Some("Boss"));
    assert_eq!(group_of("B").as_deref(), Some("Sub"));
    assert_eq!(group_of("Stray"), None);
    // Not everything is under VP (Stray is not), so VP stays a roll-up of its own.
    let parents: Vec<(&str, &str)> = ds
        .group_parents
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(parents, [("Boss", "VP"), ("Sub", "Boss")]);
    let boss = ds.teams.iter().find(|t| t.name == "B").unwrap();
    assert_eq!(ds.groups_above(boss), ["Sub", "Boss", "VP"]);
}
