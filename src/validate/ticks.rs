//! Checkbox answers as survey tools write them: one column per option (ticked as yes,
//! true, 1, x, a check mark, "Checked" or the option's own text) or one cell listing the
//! ticked options. Unknown tokens are errors, never a silent "not ticked".

use crate::text::compare_key;

/// Tokens that mean ticked / not ticked in a per-option column (compared by [`compare_key`]).
const TICKED: &[&str] = &[
    "yes", "y", "true", "1", "x", "✓", "✔", "☑", "checked", "selected", "ticked",
];
const UNTICKED: &[&str] = &[
    "no",
    "n",
    "false",
    "0",
    "",
    "unchecked",
    "not selected",
    "☐",
    "-",
];

/// Whether one per-option cell is ticked. The option's own text counts as ticked. The
/// message lists every accepted spelling, so it cannot drift from the lists above.
pub fn parse_tick(cell: &str, option: &str) -> Result<bool, String> {
    let k = compare_key(cell);
    if TICKED.contains(&k.as_str()) || k == compare_key(option) {
        Ok(true)
    } else if UNTICKED.contains(&k.as_str()) {
        Ok(false)
    } else {
        let unticked: Vec<&str> = UNTICKED.iter().copied().filter(|t| !t.is_empty()).collect();
        Err(format!(
            "a ticked box ({} or \"{option}\") or an empty one ({} or blank)",
            TICKED.join(", "),
            unticked.join(", ")
        ))
    }
}

/// The options ticked in one joined cell (`a, b`, `a; b`), as indices into `options`.
/// Separators: `;` when present, else `,`. Every token must be one of the options.
pub fn parse_joined(cell: &str, options: &[String]) -> Result<Vec<usize>, String> {
    let keys: Vec<String> = options.iter().map(|o| compare_key(o)).collect();
    let whole = compare_key(cell);
    if whole.is_empty() {
        return Ok(Vec::new());
    }
    // An option whose own text holds a comma ("Yes, weekly") is matched whole first.
    if let Some(i) = keys.iter().position(|k| *k == whole) {
        return Ok(vec![i]);
    }
    // KoboToolbox writes codes separated by spaces ("car bike"); that reading is used
    // only when no option has a space of its own.
    let codes = options.iter().all(|o| !o.trim().contains(' '));
    let separator = if cell.contains(';') {
        ';'
    } else if cell.contains(',') || !codes {
        ','
    } else {
        ' '
    };
    // Pieces between separators, as byte ranges of the cell. Consecutive pieces are
    // joined back when together they spell an option with the separator in its own text
    // ("Pairing, Demos, weekly" with the option "Demos, weekly"); the longest wins.
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in cell.char_indices() {
        if c == separator {
            pieces.push((start, i));
            start = i + c.len_utf8();
        }
    }
    pieces.push((start, cell.len()));
    let pieces: Vec<(usize, usize)> = pieces
        .into_iter()
        .filter(|&(a, b)| !cell[a..b].trim().is_empty())
        .collect();
    let mut ticked = Vec::new();
    let mut at = 0;
    while at < pieces.len() {
        let found = (at + 1..=pieces.len()).rev().find_map(|end| {
            let text = &cell[pieces[at].0..pieces[end - 1].1];
            let key = compare_key(text);
            keys.iter().position(|k| *k == key).map(|i| (i, end))
        });
        match found {
            Some((i, end)) => {
                if !ticked.contains(&i) {
                    ticked.push(i);
                }
                at = end;
            }
            None => {
                let token = cell[pieces[at].0..pieces[at].1].trim();
                return Err(format!(
                    "only these options, separated by \"{separator}\": {} (\"{token}\" is not one)",
                    options.join(", ")
                ));
            }
        }
    }
    ticked.sort_unstable();
    Ok(ticked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Vec<String> {
        ["Pairing", "Code review", "Yes, weekly demos"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn per_option_columns_accept_the_usual_encodings() {
        for ticked in ["Yes", "TRUE", "1", "x", "✓", "Checked", " pairing "] {
            assert_eq!(parse_tick(ticked, "Pairing"), Ok(true), "{ticked}");
        }
        for empty in ["no", "False", "0", "", "Unchecked"] {
            assert_eq!(parse_tick(empty, "Pairing"), Ok(false), "{empty}");
        }
    }

    #[test]
    fn unknown_tokens_are_errors_not_a_silent_no() {
        let e = parse_tick("maybe", "Pairing").unwrap_err();
        assert!(e.contains("\"Pairing\""), "{e}");
    }

    #[test]
    fn joined_cells_split_on_semicolons_or_commas() {
        let o = options();
        assert_eq!(parse_joined("Pairing; Code review", &o), Ok(vec![0, 1]));
        assert_eq!(parse_joined("code review, pairing", &o), Ok(vec![0, 1]));
        assert_eq!(parse_joined("", &o), Ok(vec![]));
        // The whole cell is one option even though it holds a comma.
        assert_eq!(parse_joined("Yes, weekly demos", &o), Ok(vec![2]));
        assert_eq!(
            parse_joined("Pairing;Yes, weekly demos", &o),
            Ok(vec![0, 2])
        );
        let codes: Vec<String> = ["car", "bike", "walk"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(parse_joined("bike  car", &codes), Ok(vec![0, 1]));
        let e = parse_joined("Pairing, Mobbing", &o).unwrap_err();
        assert!(e.contains("\"Mobbing\" is not one"), "{e}");
    }

    /// Regression: `Demos, weekly` alone matched, but `Pairing, Demos, weekly` was
    /// reported as "\"Demos\" is not one".
    #[test]
    fn an_option_with_a_comma_is_found_among_others() {
        let o: Vec<String> = ["Pairing", "Demos, weekly", "Demos"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(parse_joined("Pairing, Demos, weekly", &o), Ok(vec![0, 1]));
        assert_eq!(parse_joined("Demos, weekly, Pairing", &o), Ok(vec![0, 1]));
        // The longest spelling wins; "Demos" alone is still its own option.
        assert_eq!(parse_joined("Demos, Pairing", &o), Ok(vec![0, 2]));
        let e = parse_joined("Pairing, Demos, monthly", &o).unwrap_err();
        assert!(e.contains("\"monthly\" is not one"), "{e}");
    }

    /// README: every listed spelling is accepted and any other token is a problem. One
    /// rule: the lists in this module, which the README repeats in full.
    #[test]
    fn every_documented_tick_spelling_is_accepted_and_named_in_the_message() {
        for t in [
            "yes", "Y", "true", "1", "x", "✓", "✔", "☑", "Checked", "selected", "ticked",
        ] {
            assert_eq!(parse_tick(t, "Pairing"), Ok(true), "{t}");
        }
        for t in [
            "no",
            "N",
            "false",
            "0",
            "",
            "unchecked",
            "not selected",
            "☐",
            "-",
        ] {
            assert_eq!(parse_tick(t, "Pairing"), Ok(false), "{t}");
        }
        let e = parse_tick("maybe", "Pairing").unwrap_err();
        for t in ["yes", "y", "✔", "☑", "no", "n", "☐", "not selected"] {
            assert!(e.contains(t), "{t} missing from: {e}");
        }
    }
}
