//! Checkbox questions through `add_table`: both layouts, tokens and schema mistakes.

use crate::schema::Schema;
use crate::validate::testing::{dataset, loaded, MINI_SCHEMA};

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
    assert_eq!(joined.responses.checkboxes[0], vec![0b11]);
    let split = dataset(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2,Tools [Git],Tools [CI]\nT,G,2025-Q1,3,3,3,3,,✓\n",
    );
    assert_eq!(split.responses.checkboxes[0], vec![0b10]);
    let (_, neither) = loaded(&s, "Team,Group,Quarter,a1,a2,b1,b2\nT,G,2025-Q1,3,3,3,3\n");
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
    let (ds, diag) = loaded(
        &s,
        "Team,Group,Quarter,a1,a2,b1,b2,Practices,Tools [Git],Tools [CI]\n\
         T,G,2025-Q1,3,3,3,3,Pairing; Mobbing,maybe,1\n",
    );
    let text: Vec<String> = diag.problems.iter().map(|p| p.to_string()).collect();
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

/// A file read whole and in pieces read from the file (one piece, or one per record)
/// gives the same rows, teams, problems and counts: the pieces are checked in parallel
/// but merged in file order.
/// Worked by hand: the day-month order is told only by the last row's "25/12/2024", so
/// every slash date is day-first (3/4/2024 is 3 April, 2024-Q2); team T is first seen
/// in group G, so its row in group H is a problem; row 5 is ragged and row 6 has a bad
/// answer. Rows 2, 3, 7 and 9 are kept.
#[test]
fn pieces_read_in_parallel_give_what_one_piece_gives() {
    use crate::validate::testing::{validated, MINI_SCHEMA};
    let s =
        Schema::parse(&MINI_SCHEMA.replace("quarter = \"Quarter\"", "timestamp = \"Submitted\""))
            .unwrap();
    let text = "Team,Group,Submitted,a1,a2,b1,b2\n\
        T,G,3/4/2024 10:00,Agree,2,4,N/A\n\
        U,,1/2/2024,4,4,4,4\n\
        T,H,3/4/2024,4,4,4,4\n\
        U,G,2/2/2024,4\n\
        U,G,2/2/2024,Agre,4,4,4\n\
        \"U\",\"G\",2/2/2024,\"4\",4,4,4\n\
        \n\
        T,G,25/12/2024,2,2,2,2\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.csv");
    std::fs::write(&path, text).unwrap();
    // Pieces of `Some(bytes)` read from the file as they are visited, or the file held
    // whole (`None`), as a small file is read.
    let read_with = |piece_bytes: Option<usize>| {
        let read = match piece_bytes {
            Some(p) => crate::ingest::read_in_pieces(&path, p).unwrap(),
            None => crate::ingest::read(&path).unwrap(),
        };
        let (ds, mut diag) = validated(&s, read);
        diag.sort();
        (ds, diag)
    };
    let (whole, whole_diag) = read_with(None);
    let problems: Vec<(Option<usize>, String)> = whole_diag
        .problems
        .iter()
        .map(|p| (p.row, p.to_string()))
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(problems[0].0, Some(4));
    assert!(problems[0].1.contains("the group \"G\""), "{problems:?}");
    assert_eq!(problems[1].0, Some(5));
    assert_eq!(problems[2].0, Some(6));
    assert!(
        problems[2].1.contains("did you mean \"Agree\"?"),
        "{problems:?}"
    );
    assert_eq!(whole_diag.files[0].rows, 7);
    assert_eq!(whole_diag.files[0].rows_with_errors, 3);
    let labels: Vec<String> = whole.responses.period.iter().map(|q| q.label()).collect();
    assert_eq!(labels, ["2024-Q2", "2024-Q1", "2024-Q1", "2024-Q4"]);
    // Row 3's team U had no group; row 7 gives it G.
    assert_eq!(whole.teams[1].group.as_deref(), Some("G"));
    for piece_bytes in [Some(1), Some(7), Some(40), Some(usize::MAX)] {
        let (pieces, pieces_diag) = read_with(piece_bytes);
        assert_eq!(
            format!("{:?}", pieces_diag.problems),
            format!("{:?}", whole_diag.problems)
        );
        assert_eq!(
            format!("{:?}", pieces.responses),
            format!("{:?}", whole.responses)
        );
        assert_eq!(format!("{:?}", pieces.teams), format!("{:?}", whole.teams));
        assert_eq!(
            format!("{:?}", pieces_diag.files),
            format!("{:?}", whole_diag.files)
        );
    }
}

/// Regression: a date that exists in no day-month order ("31/31/2024", "2/30/2024"), or
/// not in the order the schema fixes ("13/05/2024" read month first), dropped its row
/// with no problem saying why (or, unfixed, counted as evidence of an order). Each is
/// now a problem in its cell, and the file's other dates are still read.
#[test]
fn dates_that_do_not_exist_are_problems_in_their_cells() {
    use crate::validate::testing::{loaded, MINI_SCHEMA};
    let with = |columns: &str| {
        Schema::parse(&MINI_SCHEMA.replace("quarter = \"Quarter\"", columns)).unwrap()
    };
    let text = "Team,Group,Submitted,a1,a2,b1,b2\n\
        T,G,31/31/2024,4,4,4,4\n\
        T,G,2/30/2024,4,4,4,4\n\
        T,G,13/05/2024,4,4,4,4\n\
        T,G,5/1/2024,4,4,4,4\n";
    let (unfixed, unfixed_diag) = loaded(&with("timestamp = \"Submitted\""), text);
    let found: Vec<(Option<usize>, &str)> = unfixed_diag
        .problems
        .iter()
        .map(|p| (p.row, p.value.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(found, [(Some(2), "31/31/2024"), (Some(3), "2/30/2024")]);
    // "13/05/2024" tells the file is day-first: 5/1/2024 is 5 January.
    let labels: Vec<String> = unfixed.responses.period.iter().map(|q| q.label()).collect();
    assert_eq!(labels, ["2024-Q2", "2024-Q1"]);

    let (fixed, fixed_diag) = loaded(
        &with("timestamp = \"Submitted\"\ndate_order = \"mdy\""),
        text,
    );
    let rows: Vec<Option<usize>> = fixed_diag.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [Some(2), Some(3), Some(4)]);
    let text = fixed_diag.problems[2].to_string();
    assert!(
        text.contains("13/05/2024") && text.contains("read month/day/year"),
        "{text}"
    );
    assert_eq!(fixed.responses.len(), 1);
    assert_eq!(fixed_diag.files[0].rows_with_errors, 3);
}
