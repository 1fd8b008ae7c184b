//! Worked by hand. Two dimensions: "lead" asked of managers, "collab" of peers.
//! Person a, 2025-Q1: self 5 / 5, manager lead 5, peers collab 2, 3, 2 (mean 2.3333,
//! sd 0.57735, r_wg = 1 - (1/3) / ((25 - 1) / 12) = 0.8333); a team member and a
//! cross-functional partner (too few alone) are merged as "others".
//! 2025-Q2: self collab 1, peers 3, 3, 3 (sd 0, r_wg 1, change +0.6667).
//! Person b, 2025-Q1: two cross-functional partners only: suppressed.
use super::*;
use crate::privacy::feedback::screen_rater_groups;
use crate::test_support::close;

const SCHEMA: &str = "[instrument]\nname = \"x\"\n[scale]\nmin = 1\nmax = 5\n\
    [columns]\nperson = \"Person\"\nquarter = \"Quarter\"\n\
    [feedback]\nperspective = \"Rel\"\n\
    [feedback.perspectives]\nself = [\"Self\"]\nmanager = [\"Manager\"]\npeer = [\"Peer\"]\n\
    team_member = [\"Team member\"]\ncross_functional = [\"Partner\"]\n\
    [[domains]]\nid = \"lead\"\nname = \"Lead\"\nperspective = \"manager\"\n\
    [[domains]]\nid = \"collab\"\nname = \"Collab\"\nperspective = \"peer\"\n\
    [[items]]\nid = \"l\"\ndomain = \"lead\"\nheader = \"L\"\n\
    [[items]]\nid = \"c\"\ndomain = \"collab\"\nheader = \"C\"\n";

fn r(
    person: &str,
    q: &str,
    p: Perspective,
    lead: Option<f64>,
    collab: Option<f64>,
    comment: &str,
) -> Rating {
    Rating {
        person: person.into(),
        perspective: p,
        quarter: Quarter::parse(q).unwrap(),
        scores: vec![lead, collab],
        items: vec![lead, collab],
        comment: (!comment.is_empty()).then(|| comment.to_string()),
    }
}

fn results() -> FeedbackResults {
    use Perspective::*;
    let schema = Schema::parse(SCHEMA).unwrap();
    let ratings = vec![
        r("a", "2025-Q1", SelfRating, Some(5.0), Some(5.0), ""),
        r("a", "2025-Q1", Manager, Some(5.0), None, ""),
        r(
            "a",
            "2025-Q1",
            Peer,
            None,
            Some(2.0),
            "Great mentor, great reviews",
        ),
        r("a", "2025-Q1", Peer, None, Some(3.0), ""),
        r("a", "2025-Q1", Peer, None, Some(2.0), ""),
        r(
            "a",
            "2025-Q1",
            TeamMember,
            Some(4.0),
            Some(2.0),
            "Listens well",
        ),
        r("a", "2025-Q1", CrossFunctional, Some(4.0), None, ""),
        r("a", "2025-Q1", TeamMember, None, Some(3.0), ""),
        r("a", "2025-Q2", SelfRating, None, Some(1.0), ""),
        r("a", "2025-Q2", Peer, None, Some(3.0), ""),
        r("a", "2025-Q2", Peer, None, Some(3.0), ""),
        r("a", "2025-Q2", Peer, None, Some(3.0), ""),
        r("b", "2025-Q1", CrossFunctional, Some(1.0), None, "quokka"),
        r("b", "2025-Q1", CrossFunctional, Some(1.0), None, "quokka"),
    ];
    feedback(&ratings, &schema, screen_rater_groups(&ratings, 3), 3)
}

#[test]
fn group_scores_agreement_and_change_by_hand() {
    let res = results();
    let peers: Vec<&GroupScore> = res
        .groups
        .iter()
        .filter(|g| g.perspective == Perspective::Peer)
        .collect();
    assert_eq!(peers.len(), 2);
    close(peers[0].mean, 7.0 / 3.0, 1e-4);
    close(peers[0].sd.unwrap(), 0.57735, 1e-4);
    close(peers[0].agreement.unwrap(), 0.8333, 1e-4);
    assert_eq!(peers[0].change, None);
    close(peers[1].agreement.unwrap(), 1.0, 1e-4);
    close(peers[1].change.unwrap(), 3.0 - 7.0 / 3.0, 1e-4);
    assert!(
        res.groups.iter().all(|g| g.person == "a"),
        "b's only group is suppressed"
    );
}

#[test]
fn three_raters_need_a_gap_beyond_the_prediction_interval() {
    let res = results();
    let found: Vec<(String, usize, &str)> = res
        .gaps
        .iter()
        .map(|g| (g.quarter.label(), g.dimension, g.finding.as_str()))
        .collect();
    // Three peers: the threshold is t(0.975, 2) * 0.6 (the sd floor, 0.15 x 4 points) *
    // sqrt(1 + 1/3) = 2.9809652541003957 (scipy.stats.t.ppf(0.975, 2) * 0.6 *
    // math.sqrt(4/3)), so neither gap of three raters is a finding.
    let expected = [
        ("2025-Q1", 0, "too_few_raters"), // 5 vs the manager's 5: one rater only
        ("2025-Q1", 1, "aligned"),        // 5 vs peers 2.33: +2.67 < 2.98
        ("2025-Q2", 1, "aligned"),        // 1 vs peers 3: -2
    ];
    assert_eq!(
        found,
        expected
            .iter()
            .map(|(q, d, f)| (q.to_string(), *d, *f))
            .collect::<Vec<_>>()
    );
}

#[test]
fn small_groups_pool_as_others_and_suppressed_comments_vanish() {
    let res = results();
    assert_eq!(res.others.len(), 1);
    let o = &res.others[0];
    // Rater means (three raters): team member (4 + 2) / 2 = 3, partner 4, team member 3.
    close(o.mean, 10.0 / 3.0, 1e-4);
    assert_eq!(
        o.perspectives,
        vec![Perspective::TeamMember, Perspective::CrossFunctional]
    );
    let texts: Vec<(&str, &str)> = res
        .comments
        .iter()
        .map(|c| (c.group.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("others", "Listens well"),
            ("peer", "Great mentor, great reviews")
        ]
    );
    assert!(res.themes.iter().all(|t| t.term != "quokka"));
    assert_eq!(
        terms("great code-reviews, it's"),
        vec!["great", "code-reviews"]
    );
    assert_eq!(res.themes.len(), 1);
    assert_eq!(
        (res.themes[0].term.as_str(), res.themes[0].count),
        ("great", 2)
    );
}

/// Regression: the rater minimum was checked on the group's size, so a peer group of 3
/// where 2 said "not observed" published one peer's own rating ("2.00 (1 rater)").
#[test]
fn a_dimension_answered_by_fewer_than_the_minimum_is_not_shown() {
    use Perspective::*;
    let schema = Schema::parse(SCHEMA).unwrap();
    let ratings = vec![
        r("c", "2025-Q1", SelfRating, Some(4.0), Some(5.0), ""),
        r("c", "2025-Q1", Peer, Some(3.0), Some(2.0), ""),
        r("c", "2025-Q1", Peer, Some(3.0), None, ""),
        r("c", "2025-Q1", Peer, Some(4.0), None, ""),
    ];
    let res = feedback(&ratings, &schema, screen_rater_groups(&ratings, 3), 3);
    let peer: Vec<(usize, usize)> = res
        .groups
        .iter()
        .filter(|g| g.perspective == Peer)
        .map(|g| (g.dimension, g.raters))
        .collect();
    // "lead" has 3 peer answers and is shown; "collab" has 1 and is not.
    assert_eq!(peer, vec![(0, 3)]);
    assert!(res.gaps.iter().all(|g| g.dimension != 1), "{:?}", res.gaps);
}

#[test]
fn pooled_others_need_the_minimum_of_raters_who_answered() {
    use Perspective::*;
    let schema = Schema::parse(SCHEMA).unwrap();
    // Two small groups pool to 3 raters, but one answered nothing: 2 real answers.
    let ratings = vec![
        r("d", "2025-Q1", TeamMember, Some(4.0), None, "kind words"),
        r("d", "2025-Q1", TeamMember, None, None, ""),
        r("d", "2025-Q1", CrossFunctional, Some(2.0), None, ""),
    ];
    let res = feedback(&ratings, &schema, screen_rater_groups(&ratings, 3), 3);
    assert!(res.others.is_empty(), "{:?}", res.others);
    assert!(res.comments.is_empty(), "{:?}", res.comments);
}

#[test]
fn four_raters_find_a_blind_spot_and_a_hidden_strength() {
    use Perspective::*;
    let schema = Schema::parse(SCHEMA).unwrap();
    // Peers 2, 2, 2, 3: mean 2.25, sd 0.5 (below the 0.6 floor). Threshold
    // t(0.975, 3) * 0.6 * sqrt(1.25) = 2.1348498820072255 (scipy.stats.t.ppf(0.975, 3)
    // * 0.6 * math.sqrt(1.25)). Self 5: +2.75, a blind spot. Next quarter peers 4, 4,
    // 4, 3 (mean 3.75) and self 1: -2.75, a hidden strength.
    let mut ratings = vec![r("e", "2025-Q1", SelfRating, None, Some(5.0), "")];
    for v in [2.0, 2.0, 2.0, 3.0] {
        ratings.push(r("e", "2025-Q1", Peer, None, Some(v), ""));
    }
    ratings.push(r("e", "2025-Q2", SelfRating, None, Some(1.0), ""));
    for v in [4.0, 4.0, 4.0, 3.0] {
        ratings.push(r("e", "2025-Q2", Peer, None, Some(v), ""));
    }
    let res = feedback(&ratings, &schema, screen_rater_groups(&ratings, 3), 3);
    let found: Vec<&str> = res.gaps.iter().map(|g| g.finding.as_str()).collect();
    assert_eq!(found, ["blind_spot", "hidden_strength"]);
    close(res.gaps[0].threshold.unwrap(), 2.1348498820072255, 1e-4);
    close(
        finding_threshold(3, 0.9, 4.0),
        4.302652729749462 * 0.9 * (4.0f64 / 3.0).sqrt(),
        1e-4,
    );
    // Detectable gaps, scipy: `sd * np.sqrt(1 + 1/k) * (t.ppf(0.975, k-1) + t.ppf(0.8,
    // k-1))`: three raters at the sd floor 0.6, 3.715812176935349; eight at sd 0.9,
    // 3.1126011492121055; three at sd 0.9, 5.5737 (beyond the 4 points of 1-5: none).
    close(
        detectable_gap(3, Some(0.2), 4.0).unwrap(),
        3.715812176935349,
        1e-9,
    );
    close(
        detectable_gap(8, Some(0.9), 4.0).unwrap(),
        3.1126011492121055,
        1e-9,
    );
    assert_eq!(detectable_gap(3, Some(0.9), 4.0), None);
    assert_eq!(detectable_gap(2, Some(0.9), 4.0), None);
}

/// r_wg(J) by hand. Two items, three raters: item 1 answers 4, 4, 5 (s² 1/3), item 2
/// answers 3, 4, 5 (s² 1). s̄² = 2/3, σ²_EU = (25 - 1) / 12 = 2, x = 1/3:
/// 2 (2/3) / (2 (2/3) + 1/3) = 0.8. One item reduces to 1 - s²/σ²_EU (1 - 1/6 for the
/// first). Variances beyond the null give 0; fewer than two answers, nothing.
#[test]
fn rwg_j_by_hand() {
    close(
        rwg_j(&[vec![4.0, 4.0, 5.0], vec![3.0, 4.0, 5.0]], 5.0).unwrap(),
        0.8,
        1e-12,
    );
    close(
        rwg_j(&[vec![4.0, 4.0, 5.0]], 5.0).unwrap(),
        1.0 - 1.0 / 6.0,
        1e-12,
    );
    assert_eq!(rwg_j(&[vec![1.0, 5.0, 1.0, 5.0]], 5.0), Some(0.0));
    assert_eq!(rwg_j(&[vec![4.0], vec![]], 5.0), None);
}

/// A multi-item dimension's agreement is r_wg(J) over its items (not the single-item
/// formula on the dimension means): through `feedback` with a two-item dimension.
#[test]
fn agreement_of_a_multi_item_dimension_is_rwg_j() {
    let schema = Schema::parse(&SCHEMA.replace(
        "[[items]]\nid = \"c\"\ndomain = \"collab\"\nheader = \"C\"\n",
        "[[items]]\nid = \"c\"\ndomain = \"collab\"\nheader = \"C\"\n\
         [[items]]\nid = \"c2\"\ndomain = \"collab\"\nheader = \"C2\"\n",
    ))
    .unwrap();
    // Items (l, c, c2); peers' collab items as in `rwg_j_by_hand`.
    let peer = |c: f64, c2: f64| Rating {
        person: "a".into(),
        perspective: Perspective::Peer,
        quarter: Quarter::parse("2025-Q1").unwrap(),
        scores: vec![None, Some((c + c2) / 2.0)],
        items: vec![None, Some(c), Some(c2)],
        comment: None,
    };
    let ratings = vec![peer(4.0, 3.0), peer(4.0, 4.0), peer(5.0, 5.0)];
    let screen = screen_rater_groups(&ratings, 3);
    let out = feedback(&ratings, &schema, screen, 3);
    let g = &out.groups[0];
    assert_eq!(g.raters, 3);
    assert!(
        (g.agreement.unwrap() - 0.8).abs() < 1e-12,
        "{:?}",
        g.agreement
    );
}
