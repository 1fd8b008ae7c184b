//! Worked by hand on a two-category checklist (Process: A, B; Culture: X, Y).
//! Team T: Jan 2025 two submissions (A; then B and X), Feb nothing, Mar A and X, Apr A
//! and X. Team U: Jan A only.
use super::*;
use crate::validate::testing::dataset;

const SCHEMA: &str = "[instrument]\nname = \"m\"\ntitle = \"M\"\n\
    [columns]\nteam = \"Team\"\ntimestamp = \"Submitted\"\n\
    [[checkboxes]]\nid = \"p\"\nheader = \"Process\"\noptions = [\"A\", \"B\"]\n\
    [[checkboxes]]\nid = \"c\"\nheader = \"Culture\"\noptions = [\"X\", \"Y\"]\n";

const DATA: &str = "Submitted,Team,Process,Culture\n\
    2025-01-10,T,A,\n\
    2025-01-20,T,B,X\n\
    2025-02-10,T,,\n\
    2025-03-10,T,A,X\n\
    2025-04-10,T,A,X\n\
    2025-01-10,U,A,\n";

fn result(panels: &[(Measure, Panel)]) -> Milestones {
    let schema = Schema::parse(SCHEMA).unwrap();
    let ds = dataset(&schema, DATA);
    milestones(&ds, &schema, panels)
}

#[test]
fn completion_streaks_and_items_never_reached() {
    let m = result(&[]);
    assert_eq!(m.categories[0].0, "Process");
    let t_process: Vec<(String, u32, u32)> = m
        .months
        .iter()
        .filter(|r| r.team == "T" && r.category == 0)
        .map(|r| (r.month.label(), r.completed, r.streak))
        .collect();
    assert_eq!(
        t_process,
        vec![
            ("2025-01".into(), 2, 1),
            ("2025-02".into(), 0, 0),
            ("2025-03".into(), 1, 1),
            ("2025-04".into(), 1, 2)
        ],
        "January's two submissions pool to A and B"
    );
    let t = &m.teams[0];
    assert_eq!((t.team.as_str(), t.category), ("T", 0));
    assert_eq!((t.longest_streak, t.current_streak), (2, 2));
    // (2/2 + 0 + 1/2 + 1/2) / 4.
    assert!((t.mean_share - 0.5).abs() < 1e-12);
    assert!(t.never.is_empty());
    let t_culture = m
        .teams
        .iter()
        .find(|x| x.team == "T" && x.category == 1)
        .unwrap();
    assert_eq!(t_culture.never, vec![1], "Y never ticked");
    let u_culture = m
        .teams
        .iter()
        .find(|x| x.team == "U" && x.category == 1)
        .unwrap();
    assert_eq!(u_culture.never, vec![0, 1]);
    assert_eq!(m.never_by_anyone, vec![(1, 1)]);
}

#[test]
fn quarter_completion_against_next_quarter_change() {
    // Completion: T 2025-Q1 = (3 + 0 + 2) / (4 items x 3 months) = 5/12, T 2025-Q2 =
    // 2/4, U 2025-Q1 = 1/4, and a team V ticking A and X in January 2/4. Changes to the
    // next quarter: T +0.5 then -0.3, U -0.2, V +0.6.
    // scipy.stats.pearsonr([5/12, 0.5, 0.25, 0.5], [0.5, -0.3, -0.2, 0.6]).statistic
    //   = 0.35445877847928337. T is seen twice, so teams are the units of the test:
    // centred on the overall means, the teams' sums of products are -0.0375 (T), 0.0583
    // (U), 0.0375 (V), and scipy.stats.ttest_1samp of them gives p 0.5728052616118525.
    let q = |l: &str| Quarter::parse(l).unwrap();
    let schema = Schema::parse(SCHEMA).unwrap();
    let ds = dataset(&schema, &format!("{DATA}2025-01-10,V,A,X\n"));
    let result = |panels: &[(Measure, Panel)]| milestones(&ds, &schema, panels);
    let mut panel = Panel::default();
    for (team, quarter, mean) in [
        ("T", "2025-Q1", 3.0),
        ("T", "2025-Q2", 3.5),
        ("T", "2025-Q3", 3.2),
        ("U", "2025-Q1", 3.0),
        ("U", "2025-Q2", 2.8),
        ("V", "2025-Q1", 3.0),
        ("V", "2025-Q2", 3.6),
    ] {
        panel
            .entry(team.to_string())
            .or_default()
            .insert(q(quarter), mean);
    }
    let m = result(&[(Measure::Domain(0), panel.clone())]);
    let link = &m.health[0];
    assert_eq!(link.n, 4);
    let r = link.result.unwrap();
    assert!((r.r - 0.35445877847928337).abs() < 1e-9, "{}", r.r);
    assert!((r.p - 0.5728052616118525).abs() < 1e-9, "{}", r.p);

    // A hidden cell (absent from the panel) removes that team-quarter's change, and
    // three points (1 df) give no r: whole-number data fit a line by chance too often.
    panel.get_mut("U").unwrap().remove(&q("2025-Q2"));
    let m = result(&[(Measure::Domain(0), panel)]);
    assert_eq!((m.health[0].n, m.health[0].result), (3, None));
}
