//! Workbooks (xlsx, xlsm, xlsb, xls, ods via calamine) into a [`Table`](super::Table).
//! Cells become text the same way a CSV export would write them; dates become ISO 8601.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};

use super::{check_shape, layout, Body, Format, Read, Table};
use crate::problem::{describe_column, Problem};

pub struct SheetBody {
    range: Range<Data>,
}

impl SheetBody {
    /// 1-based spreadsheet row number of the range's first row.
    fn first_row(&self) -> usize {
        self.range.start().map_or(1, |(r, _)| r as usize + 1)
    }

    /// Blank columns to the left of the range (kept so column letters stay right).
    fn first_col(&self) -> usize {
        self.range.start().map_or(0, |(_, c)| c as usize)
    }

    pub fn for_each_row(&self, header_rows: usize, mut f: impl FnMut(usize, &[&str])) {
        let first = self.first_row();
        let pad = self.first_col();
        let mut texts: Vec<String> = Vec::new();
        for (i, row) in self.range.rows().enumerate().skip(header_rows) {
            if row.iter().all(|c| matches!(c, Data::Empty)) {
                continue;
            }
            texts.clear();
            texts.extend(std::iter::repeat_n(String::new(), pad));
            texts.extend(row.iter().map(cell_text));
            let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
            f(first + i, &cells);
        }
    }
}

/// A cell as a CSV export would write it: whole numbers without `.0`, dates in ISO 8601.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // Serial times are fractions of a day: round to the nearest second, as Excel shows them.
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) => (dt + chrono::Duration::milliseconds(500))
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string(),
            None => number_text(d.as_f64()),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
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
    let range = match workbook.worksheet_range_at(index) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return fail(format!("a readable sheet \"{sheet}\", but: {e}")),
        None => return fail("a workbook with at least one sheet".to_string()),
    };
    let body = SheetBody { range };
    let pad = body.first_col();
    let first_rows: Vec<Vec<String>> = body
        .range
        .rows()
        .take(3)
        .map(|row| {
            std::iter::repeat_n(String::new(), pad)
                .chain(row.iter().map(cell_text))
                .collect()
        })
        .collect();
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

    #[test]
    fn numbers_are_written_as_a_csv_export_would() {
        assert_eq!(cell_text(&Data::Float(4.0)), "4");
        assert_eq!(cell_text(&Data::Float(3.5)), "3.5");
        assert_eq!(cell_text(&Data::Int(12)), "12");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
