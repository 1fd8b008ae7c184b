//! Bytes to tables: read a CSV/TSV or a workbook into headers and rows of text cells.
//! It knows nothing of schemas; it only reports what the file holds and how it was read.

mod csv;
pub mod layout;
pub mod sniff;
mod xlsx;

use std::path::{Path, PathBuf};

use crate::problem::Problem;

/// How a table's text was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Delimited {
        encoding: &'static str,
        delimiter: u8,
    },
    Workbook {
        sheet: String,
    },
}

impl Format {
    /// How the file was read, for the data-quality table ("UTF-8 text, ','-separated").
    pub fn describe(&self) -> String {
        match self {
            Format::Delimited {
                encoding,
                delimiter,
            } => {
                let d = match delimiter {
                    b'\t' => "tab".to_string(),
                    other => format!("'{}'", *other as char),
                };
                format!("{encoding} text, {d}-separated")
            }
            Format::Workbook { sheet } => format!("workbook sheet \"{sheet}\""),
        }
    }
}

/// A table read from one file: headers plus rows of text cells.
pub struct Table {
    /// The path as the user gave it (used in every message).
    pub source: PathBuf,
    pub format: Format,
    pub headers: Vec<String>,
    /// Other names of each column from further header rows (question text, options).
    pub alternates: Vec<Vec<String>>,
    /// The survey tool whose layout the header matches.
    pub tool: layout::Tool,
    /// How many rows the header takes; data rows are numbered after it.
    pub header_rows: usize,
    /// Number of data rows (blank lines not counted).
    pub rows: usize,
    /// Rows whose cells do not line up with the header: reported when read, and never
    /// visited by [`Table::for_each_row`].
    pub ragged_rows: usize,
    body: Body,
}

enum Body {
    Delimited(csv::DelimitedBody),
    Workbook(xlsx::SheetBody),
}

/// The result of reading a file: the table (unless unreadable) and anything noticed.
pub struct Read {
    pub table: Option<Table>,
    pub problems: Vec<Problem>,
}

impl Table {
    /// The path as text, for messages.
    pub fn name(&self) -> String {
        self.source.display().to_string()
    }

    /// Visit each data row with its 1-based spreadsheet row number and its cells.
    pub fn for_each_row(&self, f: impl FnMut(usize, &[&str])) {
        match &self.body {
            Body::Delimited(b) => b.for_each_row(self.header_rows, f),
            Body::Workbook(b) => b.for_each_row(self.header_rows, f),
        }
    }
}

/// How to read files: which sheet of a workbook (the first when none is named).
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub sheet: Option<String>,
}

/// Read a file with default options (first sheet of a workbook).
pub fn read(path: &Path) -> std::io::Result<Read> {
    read_with(path, &ReadOptions::default())
}

/// Read a file by its extension: `.xlsx`, `.xlsm`, `.xls`, `.ods` as workbooks, anything
/// else as delimited text.
pub fn read_with(path: &Path, options: &ReadOptions) -> std::io::Result<Read> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Ok(xlsx::read(path, options.sheet.as_deref())),
        _ => csv::read(path, ext == "tsv"),
    }
}

/// What the header and data rows look like, for checks shared by both formats.
fn check_shape(name: &str, headers: &[String], data_rows: usize, problems: &mut Vec<Problem>) {
    if headers.iter().all(|h| h.trim().is_empty()) {
        problems.push(Problem::file(
            name,
            "a header row naming the columns, but the file is empty",
        ));
    } else if data_rows == 0 {
        problems.push(Problem::file(
            name,
            "at least one response below the header row, but the file has only a header",
        ));
    }
}
