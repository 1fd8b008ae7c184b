//! Workbooks (xlsx, xlsm, xlsb, xls, ods via calamine) into a [`Table`](super::Table).
//! Cells become text the same way a CSV export would write them; dates become ISO 8601.

use std::path::Path;

use calamine::{open_workbook_auto, Data, DataRef, Reader, Sheets, XlsxError};

use super::{check_shape, layout, Body, Format, Read, Table};
use crate::problem::{describe_column, Problem};

/// A sheet's cells as the text a CSV export would hold, kept once: every non-empty
/// cell's text in one string, and where each cell is.
pub struct SheetBody {
    text: String,
    /// Non-empty cells in row-major order.
    cells: Vec<SheetCell>,
    /// Per row with a cell: its 0-based row and the index of its first cell.
    rows: Vec<(u32, u32)>,
    /// Columns from A to the last one with a cell (leading blank columns are kept, so
    /// column letters stay right).
    width: usize,
}

/// One non-empty cell: its 0-based row and column, and its text in `SheetBody::text`.
#[derive(Clone, Copy)]
struct SheetCell {
    row: u32,
    col: u32,
    start: u32,
    end: u32,
}

/// Builds a [`SheetBody`] from cells in any order (a sheet's XML lists them row by row).
#[derive(Default)]
struct SheetBuilder {
    text: String,
    cells: Vec<SheetCell>,
    in_order: bool,
}

impl SheetBuilder {
    fn new() -> SheetBuilder {
        SheetBuilder {
            in_order: true,
            ..SheetBuilder::default()
        }
    }

    /// Add a cell; an empty one (no value at all) is not kept.
    fn add(&mut self, (row, col): (u32, u32), value: &DataRef<'_>) -> Result<(), String> {
        if matches!(value, DataRef::Empty) {
            return Ok(());
        }
        if let Some(last) = self.cells.last() {
            self.in_order &= (last.row, last.col) < (row, col);
        }
        let start = self.text.len();
        write_text(&mut self.text, value);
        let offset = |at: usize| {
            u32::try_from(at).map_err(|_| "a sheet of less than 4 GB of text".to_string())
        };
        self.cells.push(SheetCell {
            row,
            col,
            start: offset(start)?,
            end: offset(self.text.len())?,
        });
        Ok(())
    }

    fn finish(mut self) -> SheetBody {
        if !self.in_order {
            // A later cell at the same place replaces the earlier, as calamine's range does.
            self.cells.reverse();
            self.cells.sort_by_key(|c| (c.row, c.col));
            self.cells.dedup_by_key(|c| (c.row, c.col));
        }
        let mut rows: Vec<(u32, u32)> = Vec::new();
        for (i, c) in self.cells.iter().enumerate() {
            if rows.last().is_none_or(|r| r.0 != c.row) {
                rows.push((c.row, i as u32));
            }
        }
        let width = self
            .cells
            .iter()
            .map(|c| c.col as usize + 1)
            .max()
            .unwrap_or(0);
        SheetBody {
            text: self.text,
            cells: self.cells,
            rows,
            width,
        }
    }
}

impl SheetBody {
    /// The cells of the `k`-th row that has any.
    fn row_cells(&self, k: usize) -> &[SheetCell] {
        let from = self.rows[k].1 as usize;
        let to = self
            .rows
            .get(k + 1)
            .map_or(self.cells.len(), |r| r.1 as usize);
        &self.cells[from..to]
    }

    /// The texts of one row's cells, `width` of them (blank where a cell is empty).
    fn fill<'a>(&'a self, cells: &[SheetCell], texts: &mut Vec<&'a str>) {
        texts.clear();
        texts.resize(self.width, "");
        for c in cells {
            texts[c.col as usize] = &self.text[c.start as usize..c.end as usize];
        }
    }

    /// The first `n` rows of the sheet from its first row with a cell, blank rows
    /// included, as texts.
    fn first_rows(&self, n: usize) -> Vec<Vec<String>> {
        let (Some(&(first, _)), Some(&(last, _))) = (self.rows.first(), self.rows.last()) else {
            return Vec::new();
        };
        let height = (last - first) as usize + 1;
        let mut texts = Vec::new();
        (0..n.min(height) as u32)
            .map(|i| {
                let k = self.rows.iter().position(|r| r.0 == first + i);
                self.fill(k.map_or(&[][..], |k| self.row_cells(k)), &mut texts);
                texts.iter().map(|t| t.to_string()).collect()
            })
            .collect()
    }

    /// Visit every row with a cell below the header rows (counted from the sheet's first
    /// row with a cell), with its spreadsheet row number.
    pub fn for_each_row(&self, header_rows: usize, mut f: impl FnMut(usize, &[&str])) {
        let Some(&(first, _)) = self.rows.first() else {
            return;
        };
        let mut texts = Vec::new();
        for (k, &(row, _)) in self.rows.iter().enumerate() {
            if ((row - first) as usize) < header_rows {
                continue;
            }
            self.fill(self.row_cells(k), &mut texts);
            f(row as usize + 1, &texts);
        }
    }
}

/// Append a cell's text as a CSV export would write it: whole numbers without `.0`,
/// dates in ISO 8601.
fn write_text(out: &mut String, cell: &DataRef<'_>) {
    use std::fmt::Write as _;
    match cell {
        DataRef::Empty => {}
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => out.push_str(s),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) => write_number(out, *f),
        DataRef::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        // Serial times are fractions of a day: round to the nearest second, as Excel shows them.
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(dt) => {
                let _ = write!(
                    out,
                    "{}",
                    (dt + chrono::Duration::milliseconds(500)).format("%Y-%m-%dT%H:%M:%S")
                );
            }
            None => write_number(out, d.as_f64()),
        },
        DataRef::Error(e) => {
            let _ = write!(out, "#{e:?}");
        }
    }
}

fn write_number(out: &mut String, f: f64) {
    use std::fmt::Write as _;
    let _ = if f.fract() == 0.0 && f.abs() < 1e15 {
        write!(out, "{}", f as i64)
    } else {
        write!(out, "{f}")
    };
}

/// A cell of a whole-sheet range, as the cells reader gives it.
fn as_ref(cell: &Data) -> DataRef<'_> {
    match cell {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// The sheet to read: the named one (compared ignoring case and spacing), else the
/// first; what was expected when there is none.
fn choose_sheet(names: &[String], wanted: Option<&str>) -> Result<(usize, String), String> {
    let index = match wanted {
        None => 0,
        Some(w) => names
            .iter()
            .position(|n| crate::text::compare_key(n) == crate::text::compare_key(w))
            .ok_or_else(|| {
                format!(
                    "a sheet named \"{w}\", but the workbook has: {}",
                    names
                        .iter()
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?,
    };
    names
        .get(index)
        .map(|s| (index, s.clone()))
        .ok_or_else(|| "a workbook with at least one sheet".to_string())
}

/// Count the data rows; a cell holding a spreadsheet error (`#DIV/0!`, `#N/A`, ...) is a
/// problem in its cell.
fn count_rows(
    body: &SheetBody,
    header_rows: usize,
    headers: &[String],
    name: &str,
    problems: &mut Vec<Problem>,
) -> usize {
    let mut data_rows = 0;
    body.for_each_row(header_rows, |row, cells| {
        data_rows += 1;
        for (c, cell) in cells.iter().enumerate() {
            if cell.starts_with("#") && cell.len() > 1 && is_error_text(cell) {
                let header = headers.get(c).map_or("", String::as_str);
                problems.push(Problem::cell(
                    name,
                    row,
                    describe_column(c, header),
                    cell,
                    "a value, but the cell holds a spreadsheet error",
                ));
            }
        }
    });
    data_rows
}

pub fn read(path: &Path, wanted: Option<&str>) -> Read {
    let name = path.display().to_string();
    let fail = |expected: String| Read {
        table: None,
        problems: vec![Problem::file(&name, expected)],
    };
    // Excel stores a password-protected .xlsx inside an OLE compound file (the .xls
    // container), so the zip reader would only say "invalid zip".
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "xlsx" | "xlsm") && starts_with_ole_magic(path) {
        return fail(
            "an .xlsx workbook, but this file is password-protected (encrypted) or an old .xls renamed; \
             remove the password, or save it as .xlsx again"
                .to_string(),
        );
    }
    let mut workbook = match open_workbook_auto(path) {
        Ok(wb) => wb,
        Err(e) => {
            return fail(format!(
                "a readable workbook, but it could not be opened ({e}); is it corrupt, truncated or password-protected?"
            ))
        }
    };
    let (index, sheet) = match choose_sheet(&workbook.sheet_names(), wanted) {
        Ok(found) => found,
        Err(expected) => return fail(expected),
    };
    let body = match read_sheet(&mut workbook, index, &sheet) {
        Ok(body) => body,
        Err(expected) => return fail(expected),
    };
    let first_rows = body.first_rows(3);
    let layout = layout::detect(&first_rows);
    let headers = layout.headers.clone();
    let mut problems = Vec::new();
    let data_rows = count_rows(&body, layout.header_rows, &headers, &name, &mut problems);
    check_shape(&name, &headers, data_rows > 0, &mut problems);
    Read {
        table: Some(Table {
            source: path.to_path_buf(),
            format: Format::Workbook { sheet },
            headers,
            alternates: layout.alternates,
            tool: layout.tool,
            header_rows: layout.header_rows,
            body: Body::Workbook(body),
        }),
        problems,
    }
}

/// Read one sheet's cells once into a [`SheetBody`]. An `.xlsx` sheet is streamed cell
/// by cell from its XML; other formats come through calamine's whole-sheet range, which
/// is dropped once its cells are copied.
fn read_sheet(
    workbook: &mut Sheets<std::io::BufReader<std::fs::File>>,
    index: usize,
    sheet: &str,
) -> Result<SheetBody, String> {
    let unreadable = |e: &dyn std::fmt::Display| format!("a readable sheet \"{sheet}\", but: {e}");
    let mut builder = SheetBuilder::new();
    if let Sheets::Xlsx(xlsx) = workbook {
        let mut reader = match xlsx.worksheet_cells_reader(sheet) {
            Ok(reader) => reader,
            // A chart sheet has no cells.
            Err(XlsxError::NotAWorksheet(_)) => return Ok(builder.finish()),
            Err(e) => return Err(unreadable(&e)),
        };
        while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
            builder.add(cell.get_position(), cell.get_value())?;
        }
        return Ok(builder.finish());
    }
    let range = match workbook.worksheet_range_at(index) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(unreadable(&e)),
        None => return Err("a workbook with at least one sheet".to_string()),
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        builder.add((top + r as u32, left + c as u32), &as_ref(value))?;
    }
    Ok(builder.finish())
}

fn starts_with_ole_magic(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|_| head == *b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

fn is_error_text(cell: &str) -> bool {
    matches!(
        cell,
        "#Div0" | "#NA" | "#Name" | "#Null" | "#Num" | "#Ref" | "#Value" | "#GettingData"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cell: &Data) -> String {
        let mut out = String::new();
        write_text(&mut out, &as_ref(cell));
        out
    }

    #[test]
    fn numbers_are_written_as_a_csv_export_would() {
        assert_eq!(text(&Data::Float(4.0)), "4");
        assert_eq!(text(&Data::Float(3.5)), "3.5");
        assert_eq!(text(&Data::Int(12)), "12");
        assert_eq!(text(&Data::Bool(true)), "TRUE");
        assert_eq!(text(&Data::Empty), "");
    }

    /// Cells given out of order (a later one at the same place replacing the earlier)
    /// make the rows a sorted sheet makes; blank columns on the left are kept and blank
    /// rows are skipped but keep their numbers.
    #[test]
    fn cells_in_any_order_make_the_same_rows() {
        let s = |t: &'static str| DataRef::SharedString(t);
        let cells = [
            ((1, 1), s("h1")),
            ((1, 2), s("h2")),
            ((3, 2), DataRef::Int(5)),
            ((3, 1), s("old")),
            ((3, 1), s("a")),
        ];
        let build = |order: &[usize]| {
            let mut b = SheetBuilder::new();
            for &i in order {
                b.add(cells[i].0, &cells[i].1).unwrap();
            }
            let body = b.finish();
            let mut rows = Vec::new();
            body.for_each_row(1, |row, texts| {
                rows.push(format!("{row}:{}", texts.join("|")))
            });
            (body.first_rows(3), rows)
        };
        let sorted = build(&[0, 1, 3, 4, 2]);
        assert_eq!(sorted.1, ["4:|a|5"]);
        assert_eq!(
            sorted.0,
            [vec!["", "h1", "h2"], vec!["", "", ""], vec!["", "a", "5"]]
        );
        assert_eq!(build(&[2, 3, 4, 1, 0]), sorted);
    }
}
