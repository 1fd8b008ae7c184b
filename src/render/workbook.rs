//! `metrics/leadpulse.xlsx`: every table of the report folder as one sheet, for readers
//! who live in a spreadsheet. The same columns and values as the CSVs (numbers rounded as
//! the CSVs round them, text neutralised as in the CSVs), numbers stored as numbers, a
//! hidden value written as the text "suppressed", the header row frozen, columns sized to
//! their contents, and the same bytes for the same report.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::tables::{Field, Table};
use crate::error::{Error, Result};

/// What a hidden value reads in the workbook (never a number, never blank).
pub const SUPPRESSED: &str = "suppressed";

/// Column widths in characters: wide enough for the header and the longest value, within
/// these bounds (long comments wrap at the upper one).
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

fn xlsx_error(e: XlsxError) -> Error {
    Error::Io(std::io::Error::other(format!(
        "metrics/leadpulse.xlsx: {e}"
    )))
}

/// The workbook of `tables` (name, table), one sheet each in the given order.
pub fn workbook(tables: &[(&str, &Table)]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    // The fastest zip level: the question sheet has tens of thousands of rows, and level
    // 6 took a second on a 200-team organisation for a file a fifth smaller.
    wb.set_zip_compression_level(1);
    // A fixed creation time: the file has no clock in it, so it is the same bytes each run.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_error)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("leadpulse tables"),
    );
    for (name, table) in tables {
        // Rows are written in order and streamed out (constant-memory mode).
        let sheet = wb
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        // Sheet names are at most 31 characters; every table name is shorter.
        sheet.set_name(*name).map_err(xlsx_error)?;
        write_sheet(sheet, table).map_err(xlsx_error)?;
    }
    wb.save_to_buffer().map_err(xlsx_error)
}

/// Whether a row's values are hidden: it carries a privacy decision with a reason.
fn hidden_row(row: &[Field]) -> bool {
    row.iter().any(|f| matches!(f, Field::Hidden(Some(_))))
}

/// What each cell reads, row by row: the CSV's own text (numbers parse back to the value
/// it shows), or "suppressed" for a hidden number; empty for a blank cell.
fn cell_texts(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|row| {
            let hidden = hidden_row(row);
            row.iter()
                .map(|field| {
                    let shown = field.render();
                    if shown.is_empty()
                        && hidden
                        && !matches!(field, Field::Text(_) | Field::Hidden(_))
                    {
                        SUPPRESSED.to_string()
                    } else {
                        shown
                    }
                })
                .collect()
        })
        .collect()
}

/// Each column's width in characters: its header's and its longest value's, as written.
fn column_widths(header: &[String], texts: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in texts {
        for (w, text) in widths.iter_mut().zip(row) {
            *w = (*w).max(text.chars().count());
        }
    }
    widths
}

fn write_sheet(sheet: &mut Worksheet, table: &Table) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let decimals = Format::new().set_num_format("0.0000");
    // Each cell is rendered once, for the widths and for the sheet.
    let texts = cell_texts(table);
    // Widths and the frozen pane first: in constant-memory mode rows go out as written.
    for (c, w) in column_widths(&table.header, &texts).iter().enumerate() {
        let w = (*w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        sheet.set_column_width(c as u16, w as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (c, h) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (i, (row, row_texts)) in table.rows.iter().zip(&texts).enumerate() {
        let r = (i + 1) as u32;
        for (c, (field, text)) in row.iter().zip(row_texts).enumerate() {
            let col = c as u16;
            if text.is_empty() {
                continue;
            }
            match field {
                // A hidden number reads "suppressed": text, never a number.
                Field::Text(_) | Field::Hidden(_) => sheet.write_string(r, col, text)?,
                _ if text == SUPPRESSED => sheet.write_string(r, col, text)?,
                Field::Num(_) => {
                    let v: f64 = text.parse().expect("a rendered number parses");
                    sheet.write_number_with_format(r, col, v, &decimals)?
                }
                Field::P(_) | Field::Int(_) => {
                    let v: f64 = text.parse().expect("a rendered number parses");
                    sheet.write_number(r, col, v)?
                }
            };
        }
    }
    Ok(())
}
