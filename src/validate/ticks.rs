//! Checkbox answers as survey tools write them: one column per option (ticked as yes,
//! true, 1, x, a check mark, "Checked" or the option's own text) or one cell listing the
//! ticked options. Unknown tokens are errors, never a silent "not ticked".

use crate::schema::compare_key;

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

/// Whether one per-option cell is ticked. The option's own text counts as ticked.
pub fn parse_tick(cell: &str, option: &str) -> Result<bool, String> {
    let k = compare_key(cell);
    if TICKED.contains(&k.as_str()) || k == compare_key(option) {
        Ok(true)
    } else if UNTICKED.contains(&k.as_str()) {
        Ok(false)
    } else {
        Err(format!(
            "a ticked box (yes, true, 1, x, ✓, Checked or \"{option}\") or an empty one (no, false, 0, blank)"
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
    let mut ticked = Vec::new();
    for token in cell
        .split(separator)
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match keys.iter().position(|k| *k == compare_key(token)) {
            Some(i) if !ticked.contains(&i) => ticked.push(i),
            Some(_) => {}
            None => {
                return Err(format!(
                    "only these options, separated by \"{separator}\": {} (\"{token}\" is not one)",
                    options.join(", ")
                ))
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
}
