//! Hand-worked case. Respondent scores (b2 is reverse-coded, 6 - value):
//! r1 A=(5+4)/2=4.5 B=(3+4)/2=3.5; r2 A=3 B=(4+5)/2=4.5; r3 A=4 (one of two items is
//! enough) B=(2+2)/2=2; r4 (team T2) A=2 B=(5+1)/2=3.
//! sd and intervals from SciPy: `stats.t.interval(0.95, n-1, loc=m, scale=sd/sqrt(n))`.
use super::*;
use crate::test_support::close;
use crate::validate::testing::{dataset, schema};

const DATA: &str = "Team,Group,Quarter,a1,a2,b1,b2\n\
T1,G,2024-Q1,5,4,3,2\n\
T1,G,2024-Q1,3,3,4,1\n\
T1,G,2024-Q1,4,,2,4\n\
T2,G,2024-Q1,Disagree,2,5,5\n";

fn find<'c>(cells: &'c [Cell], level: Level, unit: &str, measure: Measure) -> &'c Cell {
    cells
        .iter()
        .find(|c| c.level == level && c.unit == unit && c.measure == measure)
        .unwrap_or_else(|| panic!("no cell {level:?} {unit} {measure:?}"))
}

#[test]
fn team_cells_have_n_mean_sd_ci_and_favourable_share() {
    let s = schema();
    let ds = dataset(&s, DATA);
    let cells = domain_scores(&ds, &s).unwrap();
    let a = find(&cells, Level::Team, "T1", Measure::Domain(0));
    assert_eq!(a.n, 3);
    assert_eq!(a.group.as_deref(), Some("G"));
    close(a.mean, 3.8333333333333335, 1e-9);
    close(a.sd.unwrap(), 0.7637626158259733, 1e-9);
    close(a.ci.unwrap().0, 1.9360418165349538, 1e-9);
    close(a.ci.unwrap().1, 5.730624850131713, 1e-9);
    // Answers 5,4,3,3,4: three of five are 4 or 5.
    close(a.favourable.unwrap(), 0.6, 1e-9);
    let b = find(&cells, Level::Team, "T1", Measure::Domain(1));
    close(b.mean, 3.3333333333333335, 1e-9);
    close(b.sd.unwrap(), 1.2583057392117916, 1e-9);
    // Scored answers 3,4,4,5,2,2: three of six favourable.
    close(b.favourable.unwrap(), 0.5, 1e-9);
}

#[test]
fn overall_is_the_mean_of_domain_means_with_respondent_spread() {
    let s = schema();
    let cells = domain_scores(&dataset(&s, DATA), &s).unwrap();
    let overall = find(&cells, Level::Team, "T1", Measure::Overall);
    close(
        overall.mean,
        (3.8333333333333335 + 3.3333333333333335) / 2.0,
        1e-9,
    );
    assert_eq!(overall.n, 3);
    // Respondent overall scores 4.0, 3.75, 3.0.
    close(overall.sd.unwrap(), 0.5204164998665333, 1e-9);
    close(overall.ci.unwrap().0, 2.2905470801977676, 1e-9);
}

#[test]
fn roll_ups_are_respondent_weighted_not_means_of_team_means() {
    let s = schema();
    let cells = domain_scores(&dataset(&s, DATA), &s).unwrap();
    let g = find(&cells, Level::Group, "G", Measure::Domain(0));
    assert_eq!(g.n, 4);
    // (4.5 + 3 + 4 + 2) / 4; the mean of team means would be (3.8333 + 2) / 2 = 2.9167.
    close(g.mean, 3.375, 1e-9);
    close(g.sd.unwrap(), 1.1086778913041726, 1e-9);
    let org = find(
        &cells,
        Level::Organisation,
        ORGANISATION,
        Measure::Domain(0),
    );
    close(org.mean, 3.375, 1e-9);
    assert_eq!(org.n, 4);
}

#[test]
fn a_respondent_below_the_answered_share_has_no_domain_score() {
    let s = schema();
    let ds = dataset(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2\nT1,G,2024-Q1,N/A,,3,3\nT1,G,2024-Q1,4,4,3,3\n",
    );
    let cells = domain_scores(&ds, &s).unwrap();
    assert_eq!(find(&cells, Level::Team, "T1", Measure::Domain(0)).n, 1);
    assert_eq!(find(&cells, Level::Team, "T1", Measure::Domain(1)).n, 2);
    // Overall (the mean of the domain means) draws on both respondents.
    assert_eq!(find(&cells, Level::Team, "T1", Measure::Overall).n, 2);
}

/// Regression: Overall printed the mean of the domain means but took its n, sd and CI
/// from the respondents with every domain, so the interval was not the printed mean's.
/// By hand: A = (a1 + a2) / 2, B = (b1 + (6 - b2)) / 2. r1 A 4 B 4; r2 A 2 B 3; r3 A 3
/// and no B. A: mean 3, s² 1, var of mean 1/3. B: mean 3.5, s² 0.5, var of mean 0.25.
/// Both (r1, r2): C_AB = ((1)(0.5) + (-1)(-0.5)) / 1 = 1, cov of means 2 * 1 / (3 * 2) =
/// 1/3. Var(Overall) = (1/3 + 0.25 + 2/3) / 4 = 0.3125, SE 0.5590169943749475, n 3, sd
/// = SE * sqrt(3) = 0.9682458365518543. CI from SciPy:
/// `stats.t.interval(0.95, 2, loc=3.25, scale=0.5590169943749475)`.
#[test]
fn overall_n_sd_and_ci_describe_the_printed_mean_of_domain_means() {
    let s = schema();
    let ds = dataset(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2
T1,G,2024-Q1,4,4,4,2
T1,G,2024-Q1,2,2,3,3
T1,G,2024-Q1,3,3,,
",
    );
    let cells = domain_scores(&ds, &s).unwrap();
    let overall = find(&cells, Level::Team, "T1", Measure::Overall);
    close(overall.mean, 3.25, 1e-9);
    assert_eq!(overall.n, 3);
    close(overall.sd.unwrap(), 0.9682458365518543, 1e-9);
    close(overall.ci.unwrap().0, 0.844744003176293, 1e-9);
    close(overall.ci.unwrap().1, 5.655255996823707, 1e-9);
}

/// Regression: a team without a group (an export with no group column, or an empty
/// group cell) lost its team cells; it must keep them and roll straight into the
/// organisation. Expected values by hand from the rows below.
#[test]
fn ungrouped_and_mixed_teams_keep_their_team_cells() {
    let s = schema();
    // T1 is in group G; T2 has an empty group cell.
    let data = "Team,Group,Quarter,a1,a2,b1,b2\n\
T1,G,2024-Q1,5,3,4,2\n\
T1,G,2024-Q1,3,3,4,2\n\
T2,,2024-Q1,2,2,4,4\n\
T2,,2024-Q1,4,4,2,2\n";
    let ds = dataset(&s, data);
    let cells = domain_scores(&ds, &s).unwrap();
    // T1 Alpha: (5+3)/2 = 4 and (3+3)/2 = 3, mean 3.5. T2 Alpha: 2 and 4, mean 3.
    let t1 = find(&cells, Level::Team, "T1", Measure::Domain(0));
    assert_eq!((t1.n, t1.group.as_deref()), (2, Some("G")));
    close(t1.mean, 3.5, 1e-9);
    let t2 = find(&cells, Level::Team, "T2", Measure::Domain(0));
    assert_eq!((t2.n, t2.group.as_deref()), (2, None));
    close(t2.mean, 3.0, 1e-9);
    // The group holds only T1; the organisation holds both teams: (4+3+2+4)/4 = 3.25.
    let g = find(&cells, Level::Group, "G", Measure::Domain(0));
    assert_eq!(g.n, 2);
    let org = find(
        &cells,
        Level::Organisation,
        ORGANISATION,
        Measure::Domain(0),
    );
    assert_eq!(org.n, 4);
    close(org.mean, 3.25, 1e-9);
    assert!(cells
        .iter()
        .all(|c| c.level != Level::Group || c.unit == "G"));
}

#[test]
fn a_schema_without_a_group_column_keeps_every_team() {
    let text = crate::validate::testing::MINI_SCHEMA.replace("group = \"Group\"\n", "");
    let s = Schema::parse(&text).unwrap();
    let data = "Team,Quarter,a1,a2,b1,b2\n\
T1,2024-Q1,5,3,4,2\n\
T2,2024-Q1,2,2,4,4\n";
    let ds = dataset(&s, data);
    let cells = domain_scores(&ds, &s).unwrap();
    close(
        find(&cells, Level::Team, "T1", Measure::Domain(0)).mean,
        4.0,
        1e-9,
    );
    close(
        find(&cells, Level::Team, "T2", Measure::Domain(0)).mean,
        2.0,
        1e-9,
    );
    assert_eq!(
        find(
            &cells,
            Level::Organisation,
            ORGANISATION,
            Measure::Domain(0)
        )
        .n,
        2
    );
    assert!(cells.iter().all(|c| c.level != Level::Group));
}

/// Regression: the favourable share counted the answers of respondents who had no domain
/// score (too few items answered), so it described other people than the cell's n.
#[test]
fn the_favourable_share_counts_only_respondents_with_a_domain_score() {
    let text =
        crate::validate::testing::MINI_SCHEMA.to_string() + "[scoring]\nmin_answered_share = 1.0\n";
    let s = Schema::parse(&text).unwrap();
    // The first respondent answered one Alpha item (a 5): no Alpha score with every item
    // required. The second answered 2, 2: Alpha n 1, favourable 0 of 2.
    let ds = dataset(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2\nT1,G,2024-Q1,5,,4,2\nT1,G,2024-Q1,2,2,3,3\n",
    );
    let cells = domain_scores(&ds, &s).unwrap();
    let alpha = find(&cells, Level::Team, "T1", Measure::Domain(0));
    assert_eq!(alpha.n, 1);
    assert_eq!(
        alpha.favourable,
        Some(0.0),
        "the lone 5 of a respondent without a score"
    );
    // Overall: the answers of scored domains, the first respondent's Beta (4, and 2
    // reversed to 4: both favourable) and the second's 2, 2, 3, 3: 2 of 6. The lone
    // Alpha 5 stays out.
    close(
        find(&cells, Level::Team, "T1", Measure::Overall)
            .favourable
            .unwrap(),
        2.0 / 6.0,
        1e-9,
    );
}

/// The lookup tables give every respondent the answers their items give when scored
/// directly (the rule without a table), to the bit: reverse-coded items, a label answer
/// and a missing answer included.
#[test]
fn lookup_tables_score_as_the_answers_do() {
    let s = schema();
    let ds = dataset(&s, DATA);
    let scoring = Scoring::of(&ds, &s);
    assert!(scoring.tables.iter().all(Option::is_some));
    // Every domain has a table, so each respondent's keys are kept in one place.
    assert_eq!(scoring.keys.as_ref().map(Vec::len), Some(4 * 2));
    for d in 0..scoring.domains() {
        for r in 0..ds.responses.len() {
            let direct = domain_answers(
                scoring.items[d].iter().map(|&i| ds.responses.items[i][r]),
                scoring.min_answered[d],
                scoring.fav_from,
            );
            let looked_up = scoring.answers(d, r);
            assert_eq!(
                looked_up.score.map(f64::to_bits),
                direct.score.map(f64::to_bits),
                "domain {d} respondent {r}"
            );
            assert_eq!(
                (looked_up.favourable, looked_up.answered),
                (direct.favourable, direct.answered)
            );
        }
    }
    // By hand (see the top of this file): r3 answered one of A's two items, 4.
    let r3 = scoring.answers(0, 2);
    assert_eq!((r3.score, r3.favourable, r3.answered), (Some(4.0), 1, 1));
}

/// An item with more distinct answers than byte codes can name has no lookup table: its
/// domain is scored from the answers. a1 = 1 + i/100 for i = 0..299 and a2 = 3 give
/// respondent scores 2 + i/200, whose mean is 2 + 149.5/200 = 2.7475 (by hand).
#[test]
fn a_domain_without_a_lookup_table_is_scored_from_its_answers() {
    let s = schema();
    let mut data = String::from("Team,Group,Quarter,a1,a2,b1,b2\n");
    for i in 0..300 {
        data.push_str(&format!("T1,G,2024-Q1,{},3,4,2\n", 1.0 + i as f64 / 100.0));
    }
    let ds = dataset(&s, &data);
    let scoring = Scoring::of(&ds, &s);
    assert!(scoring.tables[0].is_none());
    assert!(scoring.tables[1].is_some());
    assert!(scoring.keys.is_none());
    let cells = domain_scores(&ds, &s).unwrap();
    let a = find(&cells, Level::Team, "T1", Measure::Domain(0));
    assert_eq!(a.n, 300);
    close(a.mean, 2.7475, 1e-9);
}

/// A hierarchy of three levels: T1 in group G, T2 in Sub, Sub under G (the group
/// column says G for both; the hierarchy puts T2 one level deeper). Alpha scores by
/// hand from DATA: T1 4.5, 3, 4; T2 2.
#[test]
fn groups_of_any_depth_cover_their_whole_subtree() {
    let s = schema();
    let mut ds = dataset(&s, DATA);
    ds.teams[1].group = Some("Sub".into());
    ds.group_parents.insert("Sub".into(), "G".into());
    let cells = domain_scores(&ds, &s).unwrap();
    let sub = find(&cells, Level::Group, "Sub", Measure::Domain(0));
    assert_eq!((sub.n, sub.group.as_deref()), (1, Some("G")));
    close(sub.mean, 2.0, 1e-12);
    let g = find(&cells, Level::Group, "G", Measure::Domain(0));
    assert_eq!((g.n, g.group.as_deref()), (4, None));
    close(g.mean, (4.5 + 3.0 + 4.0 + 2.0) / 4.0, 1e-12);
    let t2 = find(&cells, Level::Team, "T2", Measure::Domain(0));
    assert_eq!(t2.group.as_deref(), Some("Sub"));
    let org = find(
        &cells,
        Level::Organisation,
        ORGANISATION,
        Measure::Domain(0),
    );
    close(org.mean, g.mean, 1e-12);
}
