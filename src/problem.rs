//! A problem found in an input file: where it is, what was found and what was expected.
//! Ingest and validation both produce these; the application layer prints them.

use serde::Serialize;

/// Whether a problem stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data cannot be used as it is.
    Error,
    /// The data was read, but something was assumed (for example the text encoding).
    Warning,
}

/// One problem, addressed like a spreadsheet cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    pub file: String,
    /// 1-based row as a spreadsheet shows it (the first header row is row 1); none for
    /// problems of the whole file.
    pub row: Option<usize>,
    /// The column, as `C "Team"` (letter and header), when the problem is in one column.
    pub column: Option<String>,
    /// The value found, when there is one.
    pub value: Option<String>,
    /// What was expected instead, and how to fix it.
    pub expected: String,
    pub severity: Severity,
}

impl Problem {
    /// A problem of the whole file.
    pub fn file(file: &str, expected: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            row: None,
            column: None,
            value: None,
            expected: expected.into(),
            severity: Severity::Error,
        }
    }

    /// A problem in one cell.
    pub fn cell(
        file: &str,
        row: usize,
        column: String,
        value: &str,
        expected: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.to_string(),
            row: Some(row),
            column: Some(column),
            value: Some(value.to_string()),
            expected: expected.into(),
            severity: Severity::Error,
        }
    }

    pub fn warning(mut self) -> Problem {
        self.severity = Severity::Warning;
        self
    }

    pub fn at_row(mut self, row: usize) -> Problem {
        self.row = Some(row);
        self
    }

    pub fn in_column(mut self, column: String) -> Problem {
        self.column = Some(column);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}:")?;
        if let Some(column) = &self.column {
            write!(f, " column {column}:")?;
        }
        if let Some(value) = &self.value {
            write!(f, " found \"{}\";", shorten(value))?;
        }
        write!(f, " expected {}", self.expected)
    }
}

/// Keep messages readable when a cell holds a whole paragraph.
fn shorten(value: &str) -> String {
    const MAX: usize = 80;
    let clean: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.chars().count() <= MAX {
        clean
    } else {
        let cut: String = clean.chars().take(MAX).collect();
        format!("{cut}...")
    }
}

/// Spreadsheet column letters for a 0-based index: 0 -> A, 26 -> AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// How a column is named in messages: letter plus header text.
pub fn describe_column(index: usize, header: &str) -> String {
    format!("{} \"{}\"", column_letter(index), shorten(header))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_spreadsheets() {
        // Checked against a spreadsheet's own column headings.
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(51), "AZ");
        assert_eq!(column_letter(52), "BA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn display_names_file_row_column_value_and_expectation() {
        let p = Problem::cell("q1.csv", 4, describe_column(2, "Team"), "", "a team name");
        assert_eq!(
            p.to_string(),
            "q1.csv:4: error: column C \"Team\": found \"\"; expected a team name"
        );
    }

    #[test]
    fn long_values_are_shortened_and_control_characters_hidden() {
        let long = "x".repeat(100) + "\n";
        let p = Problem::cell("f", 2, "A".into(), &long, "y");
        assert!(p
            .to_string()
            .contains(&format!("found \"{}...\"", "x".repeat(80))));
    }
}
