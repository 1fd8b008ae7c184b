//! Delimited text (CSV, TSV, semicolon-separated) into a [`Table`](super::Table).
//! Sniffing of encoding and delimiter is in `sniff`; schema meaning is not known here.

use std::path::Path;

use super::{check_shape, layout, sniff, Body, Format, Read, Rows, Table};
use crate::problem::{describe_column, Problem};

pub struct DelimitedBody {
    /// The file's name, for problems about ragged rows.
    name: String,
    text: String,
    delimiter: u8,
    /// Cells in the header; a row with fewer, or with filled cells beyond, is ragged.
    width: usize,
    /// Record-aligned pieces of the text, read in parallel.
    chunks: Vec<Chunk>,
}

/// A piece of the text that starts at a record's start and ends after a record's end.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chunk {
    start: usize,
    end: usize,
    /// The spreadsheet row of the chunk's first line: 1 + the line breaks before it that
    /// end records (breaks inside quoted cells do not start a new row).
    first_row: usize,
    /// Records (non-empty lines) before the chunk, to skip the header rows.
    first_record: usize,
}

/// What one scan of the bytes finds: where the text can be cut between records, and the
/// line of a quoted field that never closes.
#[derive(Debug, PartialEq, Eq)]
struct Scan {
    chunks: Vec<Chunk>,
    /// Records (non-empty lines, a quoted cell's line breaks inside one).
    records: usize,
    unclosed_quote_line: Option<usize>,
}

/// Chunks this size or a little more keep both cores busy without holding much at once.
const CHUNK_BYTES: usize = 1 << 20;

/// Find record boundaries the way the CSV reader will see them: a quote opens a quoted
/// field only at the start of a field, `""` inside one is a quote, and a line break
/// inside one belongs to the cell. Only a line feed outside quotes ends a record here
/// (a file that ends its lines with a lone CR is one chunk).
fn scan(text: &[u8], delimiter: u8, chunk_bytes: usize) -> Scan {
    let mut chunks = Vec::new();
    let (mut chunk_start, mut chunk_row, mut chunk_record) = (0usize, 1usize, 0usize);
    let (mut rows_ended, mut records) = (0usize, 0usize);
    let mut record_start = 0usize;
    let mut lines = 1usize;
    let mut i = 0usize;
    while let Some(k) = memchr::memchr2(b'"', b'\n', &text[i..]) {
        let at = i + k;
        if text[at] == b'\n' {
            lines += 1;
            rows_ended += 1;
            let content = &text[record_start..at];
            if !(content.is_empty() || content == b"\r") {
                records += 1;
            }
            record_start = at + 1;
            i = at + 1;
            if i - chunk_start >= chunk_bytes && i < text.len() {
                chunks.push(Chunk {
                    start: chunk_start,
                    end: i,
                    first_row: chunk_row,
                    first_record: chunk_record,
                });
                (chunk_start, chunk_row, chunk_record) = (i, rows_ended + 1, records);
            }
            continue;
        }
        let field_start =
            at == 0 || matches!(text[at - 1], b'\n' | b'\r') || text[at - 1] == delimiter;
        if !field_start {
            i = at + 1; // a quote inside an unquoted field is text
            continue;
        }
        // A quoted field: find its closing quote (a doubled quote is an escaped one).
        let opened_line = lines;
        let mut j = at + 1;
        let close = loop {
            match memchr::memchr(b'"', &text[j..]) {
                Some(q) if text.get(j + q + 1) == Some(&b'"') => j += q + 2,
                Some(q) => break Some(j + q),
                None => break None,
            }
        };
        let Some(close) = close else {
            chunks.push(Chunk {
                start: chunk_start,
                end: text.len(),
                first_row: chunk_row,
                first_record: chunk_record,
            });
            return Scan {
                chunks,
                records: records + 1,
                unclosed_quote_line: Some(opened_line),
            };
        };
        lines += memchr::memchr_iter(b'\n', &text[at..close]).count();
        i = close + 1;
    }
    let last = &text[record_start..];
    if !(last.is_empty() || last == b"\r") {
        records += 1;
    }
    if chunk_start < text.len() || chunks.is_empty() {
        chunks.push(Chunk {
            start: chunk_start,
            end: text.len(),
            first_row: chunk_row,
            first_record: chunk_record,
        });
    }
    Scan {
        chunks,
        records,
        unclosed_quote_line: None,
    }
}

/// A data row's cells, read without copying them out of the record.
pub enum Cells<'a> {
    Record(&'a ::csv::ByteRecord),
    Texts(&'a [&'a str]),
}

impl<'a> Cells<'a> {
    /// Number of cells in the row.
    pub fn len(&self) -> usize {
        match self {
            Cells::Record(r) => r.len(),
            Cells::Texts(t) => t.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cell `c` as text; empty when the row is shorter.
    pub fn get(&self, c: usize) -> &'a str {
        match self {
            // The text is valid UTF-8 and cells are cut at ASCII bytes, so this holds.
            Cells::Record(r) => r
                .get(c)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
            Cells::Texts(t) => t.get(c).copied().unwrap_or(""),
        }
    }
}

fn reader(text: &[u8], delimiter: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text)
}

/// A row whose cells do not line up with the header: fewer cells, or filled cells
/// beyond the last header. Its cells cannot be trusted to be in their columns.
fn is_ragged(cells: &::csv::ByteRecord, width: usize) -> bool {
    cells.len() < width
        || cells
            .iter()
            .skip(width)
            .any(|c| !c.iter().all(u8::is_ascii_whitespace))
}

impl DelimitedBody {
    /// Visit each data record of one chunk with its row number as a spreadsheet shows
    /// it: 1 + the line breaks before the record's first byte, less the line breaks
    /// inside quoted cells of earlier records (blank lines are skipped but keep their
    /// row). Counted from the bytes, so CRLF and LF files number rows alike.
    fn for_each_record_in(
        &self,
        chunk: &Chunk,
        header_rows: usize,
        mut f: impl FnMut(usize, &::csv::ByteRecord),
    ) {
        let bytes = &self.text.as_bytes()[chunk.start..chunk.end];
        let mut rdr = reader(bytes, self.delimiter);
        let mut record = ::csv::ByteRecord::new();
        let mut index = chunk.first_record;
        let (mut counted_to, mut breaks, mut breaks_inside) = (0usize, 0usize, 0usize);
        loop {
            // The reader stops at or just before the previous record's terminator; the
            // next record starts after any line ends (empty lines are no record).
            let mut first = (rdr.position().byte() as usize).min(bytes.len());
            while first < bytes.len() && matches!(bytes[first], b'\r' | b'\n') {
                first += 1;
            }
            // The text is valid UTF-8 and `flexible` accepts any record, so reading can
            // only stop at the end.
            if !rdr.read_byte_record(&mut record).unwrap_or(false) {
                break;
            }
            index += 1;
            breaks += memchr::memchr_iter(b'\n', &bytes[counted_to..first]).count();
            counted_to = first;
            let row = chunk.first_row + breaks - breaks_inside;
            breaks_inside += memchr::memchr_iter(b'\n', record.as_slice()).count();
            if index <= header_rows {
                continue;
            }
            if record.len() == 1 && record[0].is_empty() {
                continue; // a blank line
            }
            f(row, &record);
        }
    }

    /// Visit each data row that lines up with the header; ragged rows are counted and
    /// reported in `rows` instead.
    fn rows_of(
        &self,
        chunk: &Chunk,
        header_rows: usize,
        rows: &mut Rows,
        mut f: impl FnMut(usize, &Cells<'_>),
    ) {
        self.for_each_record_in(chunk, header_rows, |row, record| {
            rows.rows += 1;
            if is_ragged(record, self.width) {
                rows.ragged_rows += 1;
                rows.problems
                    .push(ragged_problem(&self.name, self.width, row, record));
            } else {
                f(row, &Cells::Record(record));
            }
        });
    }

    /// Visit every row in file order.
    pub fn for_each_row(&self, header_rows: usize, mut f: impl FnMut(usize, &Cells<'_>)) -> Rows {
        let mut rows = Rows::default();
        for chunk in &self.chunks {
            self.rows_of(chunk, header_rows, &mut rows, &mut f);
        }
        rows
    }

    /// Map each chunk's rows in parallel (one call of `f` per chunk); results in file order.
    pub fn map_chunks<T: Send>(
        &self,
        header_rows: usize,
        f: impl Fn(&mut super::RowPiece<'_>) -> T + Sync,
    ) -> (Vec<T>, Rows) {
        use rayon::prelude::*;
        let parts: Vec<(T, Rows)> = self
            .chunks
            .par_iter()
            .map(|chunk| {
                let mut rows = Rows::default();
                let out = f(&mut |visit| self.rows_of(chunk, header_rows, &mut rows, visit));
                (out, rows)
            })
            .collect();
        let mut total = Rows::default();
        let mut outs = Vec::with_capacity(parts.len());
        for (out, rows) in parts {
            total.add(rows);
            outs.push(out);
        }
        (outs, total)
    }
}

/// A ragged row: a problem naming its row (and the column beyond the header when it has
/// text there).
fn ragged_problem(name: &str, width: usize, row: usize, cells: &::csv::ByteRecord) -> Problem {
    let extra_filled = cells.len() > width
        && cells
            .iter()
            .skip(width)
            .any(|c| !c.iter().all(u8::is_ascii_whitespace));
    let ragged = Problem::file(
        name,
        format!(
            "{width} cells as in the header, but this row has {}",
            cells.len()
        ),
    )
    .at_row(row);
    if extra_filled {
        ragged.in_column(describe_column(width, "(beyond the header)"))
    } else {
        ragged
    }
}

pub fn read(path: &Path, prefer_tab: bool) -> std::io::Result<Read> {
    read_sized(path, prefer_tab, CHUNK_BYTES)
}

/// [`read`], cut into pieces of about `piece_bytes`.
pub(super) fn read_sized(
    path: &Path,
    prefer_tab: bool,
    piece_bytes: usize,
) -> std::io::Result<Read> {
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
    let mut rdr = reader(decoded.text.as_bytes(), delimiter);
    let first_rows: Vec<Vec<String>> = rdr
        .records()
        .take(3)
        .filter_map(Result::ok)
        .map(|rec| rec.iter().map(str::to_string).collect())
        .collect();
    let layout = layout::detect(&first_rows);
    let headers = layout.headers.clone();
    let scan = scan(decoded.text.as_bytes(), delimiter, piece_bytes);
    if let Some(quote_row) = scan.unclosed_quote_line {
        problems.push(Problem::file(
            &name,
            format!(
                "every quoted field to be closed, but a quote opened on line {quote_row} is never closed \
                 (is the file truncated?)"
            ),
        ));
    }
    let has_data = scan.records > layout.header_rows;
    check_shape(&name, &headers, has_data, &mut problems);
    let body = DelimitedBody {
        name,
        text: decoded.text,
        delimiter,
        width: headers.len(),
        chunks: scan.chunks,
    };
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
        body: Body::Delimited(body),
    };
    Ok(Read {
        table: Some(table),
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unclosed(text: &str) -> Option<usize> {
        scan(text.as_bytes(), b',', CHUNK_BYTES).unclosed_quote_line
    }

    #[test]
    fn finds_an_unclosed_quote_and_its_line() {
        assert_eq!(unclosed("a,b\n1,\"two\nthree"), Some(2));
        assert_eq!(unclosed("a,b\n1,\"two\nlines\"\n"), None);
        // An escaped quote ("") inside a quoted field is not a close-and-reopen mistake.
        assert_eq!(unclosed("a\n\"say \"\"hi\"\"\"\n"), None);
        assert_eq!(unclosed("a\n\"say \"\"hi\"\" there\n"), Some(2));
        // A quote inside an unquoted field is text, as the CSV reader reads it.
        assert_eq!(unclosed("a,b\n5\" screen,x\n"), None);
    }

    /// Chunks cut only between records: a line break inside a quoted cell stays in its
    /// chunk, and each chunk knows the row and record it starts on. Worked by hand:
    /// lines "h", "a", "\"x<LF>y\"", "b", "", "c" are records 1-5 (the blank line is no
    /// record) on spreadsheet rows 1-6 (the break inside the quotes starts no row).
    #[test]
    fn chunks_cut_between_records_and_know_their_rows() {
        let text = "h\na\n\"x\ny\"\nb\n\nc\n";
        let s = scan(text.as_bytes(), b',', 1);
        let starts: Vec<(usize, usize, usize)> = s
            .chunks
            .iter()
            .map(|c| (c.start, c.first_row, c.first_record))
            .collect();
        assert_eq!(
            starts,
            vec![
                (0, 1, 0),
                (2, 2, 1),
                (4, 3, 2),
                (10, 4, 3),
                (12, 5, 4),
                (13, 6, 4)
            ]
        );
        assert_eq!(s.records, 5);
        assert_eq!(s.chunks.last().unwrap().end, text.len());
    }

    /// The rows a chunked read visits are the rows one reader over the whole text
    /// visits, with the same row numbers.
    #[test]
    fn a_chunked_read_numbers_rows_like_one_reader() {
        let text = "id,note\r\n1,\"two\r\nlines\"\r\n\r\n2,plain\r\n3,\"a \"\"quote\"\"\"\r\n4,end";
        let body = |chunk_bytes| {
            let s = scan(text.as_bytes(), b',', chunk_bytes);
            DelimitedBody {
                name: "t.csv".into(),
                text: text.to_string(),
                delimiter: b',',
                width: 2,
                chunks: s.chunks,
            }
        };
        let rows = |b: &DelimitedBody| {
            let mut seen = Vec::new();
            b.for_each_row(1, |row, cells| {
                seen.push((row, cells.get(0).to_string(), cells.get(1).to_string()))
            });
            seen
        };
        let whole = rows(&body(usize::MAX));
        assert_eq!(
            whole,
            vec![
                (2, "1".to_string(), "two\r\nlines".to_string()),
                (4, "2".into(), "plain".into()),
                (5, "3".into(), "a \"quote\"".into()),
                (6, "4".into(), "end".into()),
            ]
        );
        assert_eq!(rows(&body(1)), whole);
    }
}
