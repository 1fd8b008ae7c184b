//! `schema init` on a team's own survey, worded differently from the shipped instrument:
//! every rating column becomes an item, in a suggested domain, and a reverse-worded one
//! is drafted as reversed. The truth is the generating script's
//! (`tests/fixtures/own-wording/make.py`), not leadpulse's.

use crate::support::*;

const EXPORT: &str = "tests/fixtures/own-wording/export.csv";

/// The domain of each question, as `make.py` wrote the answers.
const TRUTH: [(&str, &str); 24] = [
    (
        "I can disagree with my teammates without worrying about it.",
        "psychological_safety",
    ),
    (
        "Trying something new and failing is OK here.",
        "psychological_safety",
    ),
    (
        "Mistakes are held against you on this team.",
        "psychological_safety",
    ),
    ("My teammates value what I bring.", "psychological_safety"),
    (
        "Code reviews on our team catch real problems.",
        "technical_excellence",
    ),
    (
        "We keep technical debt under control.",
        "technical_excellence",
    ),
    (
        "Our tests let us change code with confidence.",
        "technical_excellence",
    ),
    ("Our codebase is easy to work in.", "technical_excellence"),
    (
        "I hear about decisions that affect me in time.",
        "communication",
    ),
    (
        "Information flows well between people on this team.",
        "communication",
    ),
    ("I know what my teammates are working on.", "communication"),
    ("Our meetings are a good use of my time.", "communication"),
    (
        "I know how my work connects to company goals.",
        "goal_alignment",
    ),
    ("Our team's priorities are clear.", "goal_alignment"),
    ("We agree on what success looks like.", "goal_alignment"),
    ("Our roadmap makes sense to me.", "goal_alignment"),
    ("I am growing my skills on this team.", "growth_development"),
    (
        "My manager talks with me about my career.",
        "growth_development",
    ),
    ("I have time set aside for learning.", "growth_development"),
    (
        "I can see a next step for my career here.",
        "growth_development",
    ),
    ("Being on call is manageable.", "operational_excellence"),
    (
        "We fix the root causes of incidents.",
        "operational_excellence",
    ),
    (
        "Releasing to production is routine.",
        "operational_excellence",
    ),
    ("Our services run reliably.", "operational_excellence"),
];

fn draft(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let path = dir.join("schema.toml");
    let output = leadpulse()
        .args(["schema", "init", "--from", EXPORT, "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn every_rating_column_is_drafted_into_its_domain_with_the_reversed_one_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, text_of) = draft(tmp.path());
    let value: toml::Value = toml::from_str(&text_of).unwrap();
    let items = value["items"].as_array().expect("items");
    assert_eq!(items.len(), 24, "{text_of}");
    for (question, domain) in TRUTH {
        let item = items
            .iter()
            .find(|it| it["header"].as_str() == Some(question))
            .unwrap_or_else(|| panic!("{question} is not an item"));
        assert_eq!(item["domain"].as_str(), Some(domain), "{question}");
        let reversed = item.get("reverse").and_then(|r| r.as_bool()) == Some(true);
        assert_eq!(
            reversed,
            question == "Mistakes are held against you on this team.",
            "{question}"
        );
    }
    // Suggestions carry their evidence and a CONFIRM; the two worded as the instrument
    // are its items.
    assert_eq!(
        text_of.matches("# CONFIRM: suggested domain").count(),
        22,
        "{text_of}"
    );
    assert!(text_of.contains("id = \"CO4\"") && text_of.contains("id = \"GA2\""));
    assert!(text_of.contains("answers correlate r = "), "{text_of}");
    let reverse_note = text_of
        .lines()
        .find(|l| l.contains("reverse-worded?"))
        .expect("the reverse note");
    assert!(reverse_note.contains("(r = -0."), "{reverse_note}");
}

#[test]
fn the_draft_validates_and_reports_all_24_questions_without_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let (schema, _) = draft(tmp.path());
    let output = validate(schema.to_str().unwrap(), EXPORT);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let out = tmp.path().join("report");
    let output = leadpulse()
        .args(["report", "--schema"])
        .arg(&schema)
        .arg("--out")
        .arg(&out)
        .arg(EXPORT)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let items = read_csv(&out.join("metrics/items.csv"));
    let questions: std::collections::BTreeSet<&str> =
        items.iter().map(|r| r["item"].as_str()).collect();
    assert_eq!(questions.len(), 24, "{questions:?}");
    let scores = read_csv(&out.join("metrics/domain_scores.csv"));
    let domains: std::collections::BTreeSet<&str> =
        scores.iter().map(|r| r["domain"].as_str()).collect();
    assert_eq!(domains.len(), 7, "six domains and Overall: {domains:?}");
}

#[test]
fn columns_nothing_points_to_are_drafted_unassigned() {
    // Three rating columns sharing no word with the instrument, and no matched column
    // to anchor a domain: nothing suggests one.
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export.csv");
    let mut csv = String::from("Timestamp,Squad,Xylophone,Quokka,Zeppelin\n");
    for i in 0..12 {
        let label = ["Disagree", "Neutral", "Agree"][i % 3];
        let other = ["Agree", "Disagree", "Neutral"][i % 3];
        csv.push_str(&format!(
            "9/{}/2026 10:00:00,Atlas,{label},{label},{other}\n",
            i + 1
        ));
    }
    std::fs::write(&export, csv).unwrap();
    let output = leadpulse()
        .args(["schema", "init", "--from"])
        .arg(&export)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let draft = text(&output.stdout);
    let value: toml::Value = toml::from_str(&draft).unwrap();
    let items = value["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{draft}");
    assert!(
        items
            .iter()
            .all(|it| it["domain"].as_str() == Some("unassigned")),
        "{draft}"
    );
    assert_eq!(
        draft.matches("# CONFIRM: no domain suggested").count(),
        3,
        "{draft}"
    );
}
