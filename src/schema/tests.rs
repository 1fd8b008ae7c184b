use super::*;

const SHIPPED: &str = include_str!("../../schemas/team-health.toml");

#[test]
fn shipped_team_health_schema_has_six_domains_of_four_items() {
    let s = Schema::parse(SHIPPED).unwrap();
    let names: Vec<&str> = s.domains.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Psychological Safety",
            "Technical Excellence",
            "Communication",
            "Goal Alignment",
            "Growth & Development",
            "Operational Excellence"
        ]
    );
    for d in 0..6 {
        assert_eq!(s.items_of(d).count(), 4);
        // min_answered_share 0.5 of 4 items: 2 answers give a domain score.
        assert_eq!(s.min_answered(d), 2);
    }
    assert!(s.items.iter().filter(|i| i.reverse).count() >= 6);
}

#[test]
fn favourable_threshold_is_top_two_of_five_and_top_forty_percent_elsewhere() {
    let mut s = Schema::parse(SHIPPED).unwrap().scale;
    assert_eq!(s.favourable_from(), 4.0);
    s.min = 1.0;
    s.max = 7.0; // 7 points, 40% = 2.8 -> top 3: 5, 6, 7
    assert_eq!(s.favourable_from(), 5.0);
    s.min = 0.0;
    s.max = 10.0; // 11 points, 40% = 4.4 -> top 4: 7..10
    assert_eq!(s.favourable_from(), 7.0);
}

fn with(replace: &str, by: &str) -> String {
    assert!(SHIPPED.contains(replace), "test setup: {replace}");
    SHIPPED.replacen(replace, by, 1)
}

#[test]
fn unknown_domain_names_the_known_ones() {
    let text = with(
        "domain = \"psychological_safety\"\nheader = \"It is safe",
        "domain = \"psych\"\nheader = \"It is safe",
    );
    let problems = Schema::parse(&text).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("item \"PS2\": unknown domain \"psych\""),
        "{}",
        problems[0]
    );
    assert!(problems[0].contains("communication"), "{}", problems[0]);
}

#[test]
fn duplicate_item_and_scale_min_not_below_max_are_all_reported() {
    let text = with("id = \"PS2\"", "id = \"PS1\"");
    let text = text.replacen("min = 1\nmax = 5", "min = 5\nmax = 5", 1);
    let problems = Schema::parse(&text).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p == "item \"PS1\" is defined twice"),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("min (5) must be below max (5)")),
        "{problems:?}"
    );
}

#[test]
fn two_items_on_one_column_is_a_mistake() {
    let text = with(
        "header = \"It is safe to take a risk on this team.\"",
        "header = \"  i can raise a concern or disagree without fear of negative consequences. \"",
    );
    let problems = Schema::parse(&text).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("item \"PS2\": column") && p.contains("used by another item")),
        "{problems:?}"
    );
}

#[test]
fn label_outside_scale_and_label_also_missing_code() {
    let text = with(
        "\"Strongly agree\" = 5",
        "\"Strongly agree\" = 6\n\"N/A\" = 3",
    );
    let problems = Schema::parse(&text).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("\"Strongly agree\" = 6 is outside the scale 1..5")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("\"n/a\" is both a label and a missing code")),
        "{problems:?}"
    );
}

#[test]
fn unknown_keys_and_bad_toml_are_reported_with_their_place() {
    let problems = Schema::parse(&with("[columns]", "[columns]\ncolour = \"red\"")).unwrap_err();
    assert!(problems[0].contains("colour"), "{problems:?}");
    let problems = Schema::parse("instrument = [").unwrap_err();
    assert!(problems[0].contains("line 1"), "{problems:?}");
}

#[test]
fn period_needs_exactly_one_source() {
    let text = with(
        "timestamp = \"Submitted\"",
        "timestamp = \"Submitted\"\nquarter = \"Quarter\"",
    );
    let problems = Schema::parse(&text).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("exactly one of `timestamp`")),
        "{problems:?}"
    );
}

#[test]
fn the_shipped_360_schema_maps_perspective_labels_and_dimensions() {
    let s = Schema::parse(include_str!("../../schemas/feedback-360.toml")).unwrap();
    let f = s.feedback.as_ref().unwrap();
    assert_eq!(
        f.perspective_of("  direct REPORT "),
        Some(Perspective::TeamMember)
    );
    assert_eq!(f.perspective_of("Myself"), Some(Perspective::SelfRating));
    assert_eq!(f.perspective_of("Boss"), None);
    assert_eq!(s.domains.len(), 16);
    for p in [
        Perspective::Manager,
        Perspective::Peer,
        Perspective::TeamMember,
        Perspective::CrossFunctional,
    ] {
        assert_eq!(
            s.domains
                .iter()
                .filter(|d| d.perspective == Some(p))
                .count(),
            4,
            "{p:?}"
        );
    }
}

#[test]
fn feedback_schema_mistakes_are_reported_together() {
    let text = "[instrument]\nname = \"x\"\n[scale]\nmin = 1\nmax = 5\n\
        [columns]\nperson = \"Person\"\nquarter = \"Quarter\"\n\
        [feedback]\nperspective = \"Rel\"\n\
        [feedback.perspectives]\nself = [\"Self\"]\nboss = [\"Boss\"]\npeer = [\"Peer\", \"Self\"]\n\
        [[domains]]\nid = \"a\"\nname = \"A\"\nperspective = \"self\"\n\
        [[domains]]\nid = \"b\"\nname = \"B\"\n\
        [[items]]\nid = \"a1\"\ndomain = \"a\"\nheader = \"A1\"\n\
        [[items]]\nid = \"b1\"\ndomain = \"b\"\nheader = \"B1\"\n";
    let problems = Schema::parse(text).unwrap_err().join("\n");
    for expected in [
        "feedback.perspectives.boss: not a perspective",
        "\"Self\" is given for both peer and self",
        "feedback.perspectives.manager: missing",
        "domain \"a\": perspective \"self\"; expected manager, peer, team_member or cross_functional",
        "domain \"b\": give the `perspective` asked about it",
    ] {
        assert!(problems.contains(expected), "{expected}\n{problems}");
    }
}

/// Regression: one unknown key hid every other mistake (serde stopped at the first).
#[test]
fn unknown_keys_are_listed_with_every_other_mistake() {
    let text = r#"
[instrument]
name = "x"
titel = "typo"
[scale]
min = 5
max = 5
[columns]
teem = "Team"
team = "Team"
quarter = "Quarter"
[[domains]]
id = "a"
name = "A"
[[items]]
id = "a1"
domain = "gamma"
header = "a1"
"#;
    let problems = Schema::parse(text).unwrap_err();
    let joined = problems.join("\n");
    assert!(
        joined.contains("unknown key `instrument.titel`"),
        "{joined}"
    );
    assert!(joined.contains("unknown key `columns.teem`"), "{joined}");
    assert!(
        joined.contains("gamma"),
        "the unknown domain is still listed: {joined}"
    );
    assert!(
        joined.contains("min"),
        "the scale mistake is still listed: {joined}"
    );
}
