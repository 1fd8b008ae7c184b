//! Delimited text (CSV, TSV, semicolon-separated) into a [`Table`](super::Table).
//! Sniffing of encoding and delimiter is in `sniff`; schema meaning is not known here.

use std::borrow::Cow;
use std::io::{Read as _, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use encoding_rs::WINDOWS_1252;

use super::scan::{Chunk, Scanner, HEAD_RECORDS};
use super::{check_shape, layout, sniff, Body, Format, Read, Rows, Table};
use crate::problem::{describe_column, Problem};

pub struct DelimitedBody {
    /// The file's name, for problems about ragged rows.
    name: String,
    text: Source,
    delimiter: u8,
    /// Cells in the header; a row with fewer, or with filled cells beyond, is ragged.
    width: usize,
    /// Record-aligned pieces of the text, read in parallel.
    chunks: Vec<Chunk>,
}

/// Where the text of the pieces comes from: the file itself, read again piece by piece
/// (so a large file is never held whole), or text decoded up front (UTF-16).
enum Source {
    File {
        path: PathBuf,
        /// The bytes are not UTF-8 and are read as Windows-1252, one byte per character.
        windows_1252: bool,
    },
    Memory(String),
}

impl Source {
    /// The bytes of one piece, as UTF-8.
    fn piece(&self, chunk: &Chunk) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Source::Memory(text) => Ok(Cow::Borrowed(&text.as_bytes()[chunk.start..chunk.end])),
            Source::File { path, windows_1252 } => {
                let mut bytes = vec![0; chunk.end - chunk.start];
                let mut file = fs_err::File::open(path)?;
                file.seek(SeekFrom::Start(chunk.start as u64))?;
                file.read_exact(&mut bytes)?;
                if *windows_1252 {
                    let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
                    return Ok(Cow::Owned(text.into_owned().into_bytes()));
                }
                Ok(Cow::Owned(bytes))
            }
        }
    }
}

/// Pieces this size or a little more keep both cores busy without holding much at once.
const CHUNK_BYTES: usize = 1 << 20;

/// The scan reads the file in blocks this size.
const BLOCK_BYTES: usize = 4 << 20;

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
        || (width..cells.len()).any(|c| !cells[c].iter().all(u8::is_ascii_whitespace))
}

impl DelimitedBody {
    /// Visit each data record of one chunk with its row number as a spreadsheet shows
    /// it: 1 + the line breaks before the record's first byte, less the line breaks
    /// inside quoted cells of earlier records (blank lines are skipped but keep their
    /// row). Counted from the bytes, so CRLF and LF files number rows alike.
    fn for_each_record_in(
        &self,
        chunk: &Chunk,
        bytes: &[u8],
        header_rows: usize,
        mut f: impl FnMut(usize, &::csv::ByteRecord),
    ) {
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
        let bytes = match self.text.piece(chunk) {
            Ok(bytes) => bytes,
            Err(e) => {
                rows.problems.push(Problem::file(
                    &self.name,
                    format!(
                        "the file to stay as it was while it is read, but reading bytes {}..{} again failed: {e}",
                        chunk.start, chunk.end
                    ),
                ));
                return;
            }
        };
        self.for_each_record_in(chunk, &bytes, header_rows, |row, record| {
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

    /// Map each chunk's rows in parallel (one call of `f` per chunk) and hand the
    /// results to `merge` in file order. Chunks go a window at a time, so only two
    /// windows' text and results are held at once, however large the file; a window is
    /// merged while the next one is read.
    pub fn map_chunks<T: Send>(
        &self,
        header_rows: usize,
        f: impl Fn(&mut super::RowPiece<'_>) -> T + Sync,
        mut merge: impl FnMut(T) + Send,
    ) -> Rows {
        use rayon::prelude::*;
        let window = 4 * rayon::current_num_threads();
        let mut total = Rows::default();
        let mut merge_all = |parts: Vec<(T, Rows)>| {
            for (out, rows) in parts {
                total.add(rows);
                merge(out);
            }
        };
        let mut done: Vec<(T, Rows)> = Vec::new();
        for chunks in self.chunks.chunks(window) {
            let read = || -> Vec<(T, Rows)> {
                chunks
                    .par_iter()
                    .map(|chunk| {
                        let mut rows = Rows::default();
                        let out =
                            f(&mut |visit| self.rows_of(chunk, header_rows, &mut rows, visit));
                        (out, rows)
                    })
                    .collect()
            };
            let previous = std::mem::take(&mut done);
            done = rayon::join(read, || merge_all(previous)).0;
        }
        merge_all(done);
        total
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
    read_sized(path, prefer_tab, CHUNK_BYTES, STREAM_FROM)
}

/// Files this size or larger are read piece by piece when visited; smaller ones are
/// held whole (one read instead of two).
const STREAM_FROM: u64 = 8 << 20;

/// The start of a file: enough to name its kind and delimiter.
const HEAD_BYTES: usize = 1 << 20;

/// A file's text source with its encoding, record boundaries and delimiter.
struct Scanned {
    text: Source,
    encoding: &'static str,
    /// Not valid UTF-8, so read as Windows-1252.
    fell_back: bool,
    scan: super::scan::Scan,
    delimiter: u8,
}

/// A large UTF-8 file (`bom` bytes of byte-order mark): scanned in blocks for record
/// boundaries, its pieces read again from the file when visited.
fn scan_streamed(
    mut file: fs_err::File,
    path: &Path,
    head: &[u8],
    bom: usize,
    (prefer_tab, piece_bytes): (bool, usize),
) -> std::io::Result<Scanned> {
    let delimiter = sniff::delimiter(&String::from_utf8_lossy(&head[bom..]), prefer_tab);
    let mut scanner = Scanner::new(delimiter, piece_bytes, bom);
    file.seek(SeekFrom::Start(bom as u64))?;
    let mut block = vec![0; BLOCK_BYTES];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        scanner.feed(&block[..n]);
    }
    let scan = scanner.finish();
    let utf8 = scan.utf8;
    let encoding = match (utf8, bom) {
        (false, _) => "windows-1252",
        (true, 0) => "UTF-8",
        (true, _) => "UTF-8 (with BOM)",
    };
    let text = Source::File {
        path: path.to_path_buf(),
        windows_1252: !utf8,
    };
    Ok(Scanned {
        text,
        encoding,
        fell_back: !utf8,
        scan,
        delimiter,
    })
}

/// A file decoded whole: small files and pipes were read whole as their `head`; a large
/// (`stream`) UTF-16 file is read whole here.
fn scan_whole(
    mut file: fs_err::File,
    mut head: Vec<u8>,
    stream: bool,
    (prefer_tab, piece_bytes): (bool, usize),
) -> std::io::Result<Scanned> {
    if stream {
        head.clear();
        file.seek(SeekFrom::Start(0))?;
        file.read_to_end(&mut head)?;
    }
    let decoded = sniff::decode(head);
    let delimiter = sniff::delimiter(&decoded.text, prefer_tab);
    let scan = super::scan::scan(decoded.text.as_bytes(), delimiter, piece_bytes);
    Ok(Scanned {
        text: Source::Memory(decoded.text),
        encoding: decoded.encoding,
        fell_back: decoded.fell_back,
        scan,
        delimiter,
    })
}

/// The layout of a file's first records: header rows, headers, the tool that made it.
fn head_layout(
    text: &Source,
    scan: &super::scan::Scan,
    delimiter: u8,
) -> std::io::Result<layout::HeaderLayout> {
    let first = Chunk {
        start: scan.chunks[0].start,
        end: scan.head_end,
        first_row: 1,
        first_record: 0,
    };
    let head_text = text.piece(&first)?;
    let first_rows: Vec<Vec<String>> = reader(&head_text, delimiter)
        .records()
        .take(HEAD_RECORDS)
        .filter_map(Result::ok)
        .map(|rec| rec.iter().map(str::to_string).collect())
        .collect();
    Ok(layout::detect(&first_rows))
}

/// Problems with a file's text as a whole: not UTF-8 (a warning), a quote never closed.
fn text_problems(name: &str, fell_back: bool, unclosed_quote_line: Option<usize>) -> Vec<Problem> {
    let mut problems = Vec::new();
    if fell_back {
        problems.push(
            Problem::file(
                name,
                "UTF-8 text; the file is not valid UTF-8, so it was read as Windows-1252 \
                 (check accented letters in the report; re-export as UTF-8 to silence this)",
            )
            .warning(),
        );
    }
    if let Some(quote_row) = unclosed_quote_line {
        problems.push(Problem::file(
            name,
            format!(
                "every quoted field to be closed, but a quote opened on line {quote_row} is never closed \
                 (is the file truncated?)"
            ),
        ));
    }
    problems
}

/// [`read`], cut into pieces of about `piece_bytes`. A file of `stream_from` bytes or
/// more is scanned in blocks (record boundaries, UTF-8 or not) and its pieces are read
/// again when visited, so it is never held whole; a smaller one, or a UTF-16 one, is
/// decoded whole.
pub(super) fn read_sized(
    path: &Path,
    prefer_tab: bool,
    piece_bytes: usize,
    stream_from: u64,
) -> std::io::Result<Read> {
    let name = path.display().to_string();
    let mut file = fs_err::File::open(path)?;
    // Only a regular file can be read twice; a pipe (`<(...)`) is read whole, once.
    let meta = file.metadata()?;
    let stream = meta.is_file() && meta.len() >= stream_from;
    let mut head = Vec::new();
    let head_bytes = if stream { HEAD_BYTES as u64 } else { u64::MAX };
    (&mut file).take(head_bytes).read_to_end(&mut head)?;
    let mut problems = Vec::new();
    if let Some(kind) = sniff::binary_kind(&head) {
        problems.push(Problem::file(
            &name,
            format!("a CSV or TSV text export, but this file is {kind}"),
        ));
        return Ok(Read {
            table: None,
            problems,
        });
    }
    let bom = sniff::utf8_bom_len(&head).filter(|_| stream);
    let Scanned {
        text,
        encoding,
        fell_back,
        scan,
        delimiter,
    } = match bom {
        Some(bom) => scan_streamed(file, path, &head, bom, (prefer_tab, piece_bytes))?,
        None => scan_whole(file, head, stream, (prefer_tab, piece_bytes))?,
    };
    let layout = head_layout(&text, &scan, delimiter)?;

    let headers = layout.headers.clone();
    problems.extend(text_problems(&name, fell_back, scan.unclosed_quote_line));
    let has_data = scan.records > layout.header_rows;
    check_shape(&name, &headers, has_data, &mut problems);
    let body = DelimitedBody {
        name,
        text,
        delimiter,
        width: headers.len(),
        chunks: scan.chunks,
    };
    let table = Table {
        source: path.to_path_buf(),
        format: Format::Delimited {
            encoding,
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

    /// The rows a chunked read visits are the rows one reader over the whole text
    /// visits, with the same row numbers.
    #[test]
    fn a_chunked_read_numbers_rows_like_one_reader() {
        let text = "id,note\r\n1,\"two\r\nlines\"\r\n\r\n2,plain\r\n3,\"a \"\"quote\"\"\"\r\n4,end";
        let body = |chunk_bytes| {
            let s = super::super::scan::scan(text.as_bytes(), b',', chunk_bytes);
            DelimitedBody {
                name: "t.csv".into(),
                text: Source::Memory(text.to_string()),
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

    /// A file streamed from disk reads as it does held whole: a UTF-8 byte-order mark is
    /// dropped, and a file that is not UTF-8 is read as Windows-1252 (0xE9 is "é", 0x80
    /// "€"), with the same warning, whatever the pieces.
    #[test]
    fn streamed_files_decode_as_whole_files_do() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], &str); 3] = [
            (
                "bom.csv",
                b"\xEF\xBB\xBFTeam,Note\nA,caf\xC3\xA9\n",
                "UTF-8 (with BOM)",
            ),
            ("cp1252.csv", b"Team,Note\nA,caf\xE9 \x80\n", "windows-1252"),
            ("plain.csv", b"Team,Note\r\nA,\"two\r\nlines\"\r\n", "UTF-8"),
        ];
        for (name, bytes, encoding) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let cells = |read: Read| {
                let table = read.table.unwrap();
                let Format::Delimited { encoding, .. } = table.format else {
                    panic!("{name} is delimited")
                };
                (rows_of(&table), encoding, read.problems.len())
            };
            let whole = cells(read(&path, false).unwrap());
            assert_eq!(whole.1, encoding, "{name}");
            for piece in [1, 4, 1 << 20] {
                let streamed = cells(read_sized(&path, false, piece, 0).unwrap());
                assert_eq!(streamed, whole, "{name} in pieces of {piece}");
            }
        }
        let cp = read_sized(&dir.path().join("cp1252.csv"), false, 1, 0).unwrap();
        assert_eq!(rows_of(&cp.table.unwrap()), ["Team|Note", "2:A|café €"]);
    }

    /// The header and every row (`row:cells`), cells joined by `|`.
    fn rows_of(table: &Table) -> Vec<String> {
        let mut seen = vec![table.headers.join("|")];
        table.for_each_row(|row, cells| seen.push(format!("{row}:{}", cells.join("|"))));
        seen
    }

    /// A streamed file cut short after it was scanned: its missing piece is a problem
    /// naming the file (the rows before it are still visited).
    #[test]
    fn a_file_cut_while_it_is_read_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.csv");
        std::fs::write(&path, "Team,Score\nA,1\nB,2\nC,3\n").unwrap();
        let table = read_sized(&path, false, 1, 0).unwrap().table.unwrap();
        std::fs::write(&path, "Team,Score\nA,1\n").unwrap();
        let mut seen = Vec::new();
        let rows = table.for_each_row(|row, cells| seen.push((row, cells.join("|"))));
        assert_eq!(seen, [(2, "A|1".to_string())]);
        assert_eq!(rows.problems.len(), 2, "{:?}", rows.problems);
        let text = rows.problems[0].to_string();
        assert!(
            text.contains("cut.csv") && text.contains("to stay as it was while it is read"),
            "{text}"
        );
    }

    /// A pipe (as `<(...)` gives) cannot be read twice: it is read whole, once (reading
    /// its start and then opening it again by name would wait for a writer forever).
    #[cfg(unix)]
    #[test]
    fn a_pipe_is_read_once_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("export.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", fifo.display());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, "Team,Score\nA,1\nB,2\n").unwrap())
        };
        let seen = rows_of(&read(&fifo, false).unwrap().table.unwrap());
        writer.join().unwrap();
        assert_eq!(seen, ["Team|Score", "2:A|1", "3:B|2"]);
    }
}
