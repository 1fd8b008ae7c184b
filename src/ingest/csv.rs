//! Delimited text (CSV, TSV, semicolon-separated) into a [`Table`](super::Table).
//! Sniffing of encoding and delimiter is in `sniff`; schema meaning is not known here.

use std::path::Path;

use super::{check_shape, layout, sniff, Body, Format, Read, Table};
use crate::problem::{describe_column, Problem};

pub struct DelimitedBody {
    text: String,
    delimiter: u8,
    /// Cells in the header; a row with fewer, or with filled cells beyond, is ragged.
    width: usize,
}

/// A row whose cells do not line up with the header: fewer cells, or filled cells
/// beyond the last header. Its cells cannot be trusted to be in their columns.
fn is_ragged(cells: &::csv::StringRecord, width: usize) -> bool {
    cells.len() < width || cells.iter().skip(width).any(|c| !c.trim().is_empty())
}

fn reader(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

impl DelimitedBody {
    /// Visit each data record with its row number as a spreadsheet shows it: the line
    /// the record starts on, less the line breaks inside quoted cells of earlier records
    /// (blank lines are skipped but keep their row).
    fn for_each_record(&self, header_rows: usize, mut f: impl FnMut(usize, &::csv::StringRecord)) {
        let mut rdr = reader(&self.text, self.delimiter);
        let mut record = ::csv::StringRecord::new();
        let mut index = 0usize;
        let mut breaks_inside = 0usize;
        // The text is already valid UTF-8, so reading can only stop at the end.
        while rdr.read_record(&mut record).unwrap_or(false) {
            index += 1;
            let line = record.position().map_or(index, |p| p.line() as usize);
            let row = line - breaks_inside;
            breaks_inside += record
                .iter()
                .map(|c| c.matches('\n').count())
                .sum::<usize>();
            if index <= header_rows {
                continue;
            }
            if record.len() == 1 && record[0].is_empty() {
                continue; // a blank line
            }
            f(row, &record);
        }
    }

    /// Visit each data row that lines up with the header (ragged rows are reported when
    /// the file is read and left out here).
    pub fn for_each_row(&self, header_rows: usize, mut f: impl FnMut(usize, &[&str])) {
        self.for_each_record(header_rows, |row, record| {
            if is_ragged(record, self.width) {
                return;
            }
            let cells: Vec<&str> = record.iter().collect();
            f(row, &cells);
        });
    }
}

/// Count the data rows and the ragged ones (a cell count other than the header's), each
/// ragged row a problem naming its row (and the column beyond the header when it has
/// text there).
fn count_rows(
    body: &DelimitedBody,
    header_rows: usize,
    name: &str,
    problems: &mut Vec<Problem>,
) -> (usize, usize) {
    let width = body.width;
    let (mut data_rows, mut ragged_rows) = (0, 0);
    body.for_each_record(header_rows, |row, cells| {
        data_rows += 1;
        let extra_filled =
            cells.len() > width && cells.iter().skip(width).any(|c| !c.trim().is_empty());
        if is_ragged(cells, width) {
            ragged_rows += 1;
            let ragged = Problem::file(
                name,
                format!(
                    "{width} cells as in the header, but this row has {}",
                    cells.len()
                ),
            )
            .at_row(row);
            problems.push(if extra_filled {
                ragged.in_column(describe_column(width, "(beyond the header)"))
            } else {
                ragged
            });
        }
    });
    (data_rows, ragged_rows)
}

pub fn read(path: &Path, prefer_tab: bool) -> std::io::Result<Read> {
    let name = path.display().to_string();
    let bytes = fs_err::read(path)?;
    let mut problems = Vec::new();
    if let Some(kind) = sniff::binary_kind(&bytes) {
        problems.push(Problem::file(
            &name,
            format!("a CSV or TSV text export, but this file is {kind}"),
        ));
        return Ok(Read {
            table: None,
            problems,
        });
    }
    let decoded = sniff::decode(bytes);
    if decoded.fell_back {
        problems.push(
            Problem::file(
                &name,
                "UTF-8 text; the file is not valid UTF-8, so it was read as Windows-1252 \
                 (check accented letters in the report; re-export as UTF-8 to silence this)",
            )
            .warning(),
        );
    }
    let delimiter = sniff::delimiter(&decoded.text, prefer_tab);
    let mut rdr = reader(&decoded.text, delimiter);
    let first_rows: Vec<Vec<String>> = rdr
        .records()
        .take(3)
        .filter_map(Result::ok)
        .map(|rec| rec.iter().map(str::to_string).collect())
        .collect();
    let layout = layout::detect(&first_rows);
    let headers = layout.headers.clone();
    if let Some(quote_row) = unclosed_quote_row(&decoded.text) {
        problems.push(Problem::file(
            &name,
            format!(
                "every quoted field to be closed, but a quote opened on line {quote_row} is never closed \
                 (is the file truncated?)"
            ),
        ));
    }
    let width = headers.len();
    let body = DelimitedBody {
        text: decoded.text,
        delimiter,
        width,
    };
    let (data_rows, ragged_rows) = count_rows(&body, layout.header_rows, &name, &mut problems);
    check_shape(&name, &headers, data_rows, &mut problems);
    let table = Table {
        source: path.to_path_buf(),
        format: Format::Delimited {
            encoding: decoded.encoding,
            delimiter,
        },
        headers,
        alternates: layout.alternates,
        tool: layout.tool,
        header_rows: layout.header_rows,
        rows: data_rows,
        ragged_rows,
        body: Body::Delimited(body),
    };
    Ok(Read {
        table: Some(table),
        problems,
    })
}

/// The line on which a quoted field opens and never closes, if any.
fn unclosed_quote_row(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut in_quotes = false;
    let mut line = 1;
    let mut opened_at = 0;
    let mut at_field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1; // an escaped quote stays inside the field
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' && at_field_start {
            in_quotes = true;
            opened_at = line;
        }
        at_field_start = !in_quotes && matches!(b, b',' | b';' | b'\t' | b'\n' | b'\r');
        i += 1;
    }
    in_quotes.then_some(opened_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_an_unclosed_quote_and_its_line() {
        assert_eq!(unclosed_quote_row("a,b\n1,\"two\nthree"), Some(2));
        assert_eq!(unclosed_quote_row("a,b\n1,\"two\nlines\"\n"), None);
        // An escaped quote ("") inside a quoted field is not a close-and-reopen mistake.
        assert_eq!(unclosed_quote_row("a\n\"say \"\"hi\"\"\"\n"), None);
        assert_eq!(unclosed_quote_row("a\n\"say \"\"hi\"\" there\n"), Some(2));
    }
}
