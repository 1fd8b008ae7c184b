//! Checkbox questions through `add_table`: both layouts, tokens and schema mistakes.

use crate::schema::Schema;
use crate::validate::testing::{dataset, MINI_SCHEMA};

fn schema() -> Schema {
    let text = format!(
        "{MINI_SCHEMA}\n[[checkboxes]]\nid = \"practices\"\noptions = [\"Pairing\", \"Code review\", \"Demos\"]\nheader = \"Practices\"\n\n\
         [[checkboxes]]\nid = \"tools\"\noptions = [\"Git\", \"CI\"]\ncolumns = [\"Tools [Git]\", \"Tools [CI]\"]\n"
    );
    Schema::parse(&text).unwrap()
}

#[test]
fn joined_and_per_option_answers_become_bit_masks() {
    let s = schema();
    let ds = dataset(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2,Practices,Tools [Git],Tools [CI]\n\
         T,G,2025-Q1,3,3,3,3,Demos; pairing,Yes,\n\
         T,G,2025-Q1,3,3,3,3,,0,x\n",
    );
    assert!(ds.problems.is_empty(), "{:?}", ds.problems);
    // Pairing (bit 0) and Demos (bit 2) = 0b101; Git ticked = 0b01, then CI = 0b10.
    assert_eq!(ds.responses.checkboxes[0], vec![0b101, 0]);
    assert_eq!(ds.responses.checkboxes[1], vec![0b01, 0b10]);
}

#[test]
fn a_checkbox_with_both_layouts_reads_files_of_either() {
    let text = format!(
        "{MINI_SCHEMA}\n[[checkboxes]]\nid = \"tools\"\noptions = [\"Git\", \"CI\"]\n\
         header = \"Tools\"\ncolumns = [\"Tools [Git]\", \"Tools [CI]\"]\n"
    );
    let s = Schema::parse(&text).unwrap();
    let joined = dataset(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2,Tools\nT,G,2025-Q1,3,3,3,3,CI; Git\n",
    );
    assert!(joined.problems.is_empty(), "{:?}", joined.problems);
    assert_eq!(joined.responses.checkboxes[0], vec![0b11]);
    let split = dataset(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2,Tools [Git],Tools [CI]\nT,G,2025-Q1,3,3,3,3,,✓\n",
    );
    assert!(split.problems.is_empty(), "{:?}", split.problems);
    assert_eq!(split.responses.checkboxes[0], vec![0b10]);
    let neither = dataset(&s, "Team,Group,Quarter,a1,a2,b1,b2\nT,G,2025-Q1,3,3,3,3\n");
    let text: Vec<String> = neither.problems.iter().map(|p| p.to_string()).collect();
    assert!(text[0].contains("checkbox tools"), "{text:?}");
    assert!(
        text[0].contains("\"Tools\""),
        "the first layout is reported: {text:?}"
    );
}

#[test]
fn unknown_tokens_are_problems_in_their_cell() {
    let s = schema();
    let ds = dataset(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2,Practices,Tools [Git],Tools [CI]\n\
         T,G,2025-Q1,3,3,3,3,Pairing; Mobbing,maybe,1\n",
    );
    let text: Vec<String> = ds.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(text[0].contains(":2: error: column H \"Practices\": found \"Pairing; Mobbing\"; expected only these options"), "{text:?}");
    assert!(text[0].contains("(\"Mobbing\" is not one)"), "{text:?}");
    assert!(
        text[1].contains("column I \"Tools [Git]\": found \"maybe\"; expected a ticked box"),
        "{text:?}"
    );
    assert!(ds.responses.is_empty());
}

#[test]
fn checkbox_schema_mistakes_are_reported() {
    let text = format!("{MINI_SCHEMA}\n[[checkboxes]]\nid = \"x\"\noptions = [\"A\", \"B\"]\ncolumns = [\"only one\"]\n");
    let problems = Schema::parse(&text).unwrap_err();
    assert!(
        problems[0].contains("1 columns for 2 options"),
        "{problems:?}"
    );
}
