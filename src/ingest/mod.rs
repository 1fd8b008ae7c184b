//! Bytes to tables: read a CSV/TSV or a workbook into headers and rows of text cells.
//! It knows nothing of schemas; it only reports what the file holds and how it was read.

mod csv;
pub mod layout;
mod scan;
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
    body: Body,
}

/// What a pass over a table's rows counted.
#[derive(Debug, Default)]
pub struct Rows {
    /// Data rows (blank lines not counted).
    pub rows: usize,
    /// Rows whose cells do not line up with the header: never visited, each a problem.
    pub ragged_rows: usize,
    pub problems: Vec<Problem>,
}

impl Rows {
    fn add(&mut self, other: Rows) {
        self.rows += other.rows;
        self.ragged_rows += other.ragged_rows;
        self.problems.extend(other.problems);
    }
}

pub use csv::Cells;

/// Visits rows: a row's spreadsheet number and its cells.
pub type VisitRow<'v> = dyn FnMut(usize, &Cells<'_>) + 'v;

/// One piece of a table: called with a row visitor, it visits the piece's rows in order.
pub type RowPiece<'p> = dyn FnMut(&mut VisitRow<'_>) + 'p;

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

    /// Visit each data row with its 1-based spreadsheet row number and its cells, in
    /// file order; what the pass counted (ragged rows are counted, reported and not
    /// visited).
    pub fn for_each_row(&self, mut f: impl FnMut(usize, &[&str])) -> Rows {
        self.for_each_cells(|row, cells| {
            let texts: Vec<&str> = (0..cells.len()).map(|c| cells.get(c)).collect();
            f(row, &texts);
        })
    }

    /// [`Table::for_each_row`] without copying the cells out.
    pub fn for_each_cells(&self, mut f: impl FnMut(usize, &Cells<'_>)) -> Rows {
        match &self.body {
            Body::Delimited(b) => b.for_each_row(self.header_rows, f),
            Body::Workbook(b) => {
                // A sheet has no ragged rows; its error cells were reported when read.
                let mut rows = Rows::default();
                b.for_each_row(self.header_rows, |row, cells| {
                    rows.rows += 1;
                    f(row, &Cells::Texts(cells))
                });
                rows
            }
        }
    }

    /// Count the rows (one pass).
    pub fn count_rows(&self) -> Rows {
        self.for_each_cells(|_, _| {})
    }

    /// One pass over the rows in parallel pieces: `f` is called once per piece with a
    /// visitor of that piece's rows, and `merge` gets the results in file order (a few
    /// pieces at a time, so a large file is never held whole). A workbook is one piece.
    pub fn map_row_chunks<T: Send>(
        &self,
        f: impl Fn(&mut RowPiece<'_>) -> T + Sync,
        mut merge: impl FnMut(T) + Send,
    ) -> Rows {
        match &self.body {
            Body::Delimited(b) => b.map_chunks(self.header_rows, f, merge),
            Body::Workbook(_) => {
                let mut rows = Rows::default();
                let out = f(&mut |visit| rows = self.for_each_cells(|r, c| visit(r, c)));
                merge(out);
                rows
            }
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

/// Read delimited text as a large file is read, piece by piece from the file, in pieces
/// of about `piece_bytes`: tests cut small files into many pieces to show that the
/// pieces never change what is read.
#[cfg(test)]
pub(crate) fn read_in_pieces(path: &Path, piece_bytes: usize) -> std::io::Result<Read> {
    csv::read_sized(path, false, piece_bytes, 0)
}

/// What the header and data rows look like, for checks shared by both formats.
fn check_shape(name: &str, headers: &[String], has_data: bool, problems: &mut Vec<Problem>) {
    if headers.iter().all(|h| h.trim().is_empty()) {
        problems.push(Problem::file(
            name,
            "a header row naming the columns, but the file is empty",
        ));
    } else if !has_data {
        problems.push(Problem::file(
            name,
            "at least one response below the header row, but the file has only a header",
        ));
    }
}
