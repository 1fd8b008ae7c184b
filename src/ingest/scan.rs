//! One streaming pass over a delimited file's bytes: where it can be cut between records,
//! how many records it has, a quoted field that never closes, and whether it is UTF-8.
//! It does not parse cells; the CSV reader does that, piece by piece, afterwards.

/// A piece of the file that starts at a record's start and ends after a record's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Byte offsets in the file.
    pub start: usize,
    pub end: usize,
    /// The spreadsheet row of the chunk's first line: 1 + the line breaks before it that
    /// end records (breaks inside quoted cells do not start a new row).
    pub first_row: usize,
    /// Records (non-empty lines) before the chunk, to skip the header rows.
    pub first_record: usize,
}

/// What the pass found.
#[derive(Debug, PartialEq, Eq)]
pub struct Scan {
    pub chunks: Vec<Chunk>,
    /// Records (non-empty lines, a quoted cell's line breaks inside one).
    pub records: usize,
    pub unclosed_quote_line: Option<usize>,
    /// Where the first records end (up to [`HEAD_RECORDS`]), to read the header rows.
    pub head_end: usize,
    /// Every byte was UTF-8 (a character cut by the end of the file is not).
    pub utf8: bool,
}

/// Records read for the header layout (a tool may write up to three header rows).
pub const HEAD_RECORDS: usize = 3;

/// Finds record boundaries the way the CSV reader will see them, fed the file in blocks
/// of any size: a quote opens a quoted field only at the start of a field, `""` inside
/// one is a quote, and a line break inside one belongs to the cell. Only a line feed
/// outside quotes ends a record (a file that ends its lines with a lone CR is one chunk).
pub struct Scanner {
    delimiter: u8,
    chunk_bytes: usize,
    /// File offset of the next byte fed.
    pos: usize,
    /// The byte before `pos`, if any.
    prev: Option<u8>,
    in_quotes: bool,
    /// Inside quotes, the last byte fed was a quote: a close, or half of `""`.
    quote_pending: bool,
    quote_line: usize,
    lines: usize,
    rows_ended: usize,
    records: usize,
    record_start: usize,
    head_end: Option<usize>,
    chunk_start: usize,
    chunk_row: usize,
    chunk_record: usize,
    chunks: Vec<Chunk>,
    utf8: Utf8Check,
}

impl Scanner {
    /// A scanner for a file whose text starts at offset `start` (after a byte-order mark).
    pub fn new(delimiter: u8, chunk_bytes: usize, start: usize) -> Scanner {
        Scanner {
            delimiter,
            chunk_bytes,
            pos: start,
            prev: None,
            in_quotes: false,
            quote_pending: false,
            quote_line: 0,
            lines: 1,
            rows_ended: 0,
            records: 0,
            record_start: start,
            head_end: None,
            chunk_start: start,
            chunk_row: 1,
            chunk_record: 0,
            chunks: Vec::new(),
            utf8: Utf8Check::default(),
        }
    }

    /// Scan the next bytes of the file.
    pub fn feed(&mut self, block: &[u8]) {
        self.utf8.feed(block);
        let base = self.pos;
        let mut i = 0;
        if self.quote_pending && !block.is_empty() {
            self.quote_pending = false;
            if block[0] == b'"' {
                i = 1; // `""`: an escaped quote, still inside
            } else {
                self.in_quotes = false;
            }
        }
        while i < block.len() {
            if self.in_quotes {
                let rest = &block[i..];
                let Some(q) = memchr::memchr(b'"', rest) else {
                    self.lines += memchr::memchr_iter(b'\n', rest).count();
                    break;
                };
                self.lines += memchr::memchr_iter(b'\n', &rest[..q]).count();
                let at = i + q;
                match block.get(at + 1) {
                    None => {
                        self.quote_pending = true;
                        i = block.len();
                    }
                    Some(b'"') => i = at + 2,
                    Some(_) => {
                        self.in_quotes = false;
                        i = at + 1;
                    }
                }
                continue;
            }
            let Some(k) = memchr::memchr2(b'"', b'\n', &block[i..]) else {
                break;
            };
            let at = i + k;
            let before = if at == 0 {
                self.prev
            } else {
                Some(block[at - 1])
            };
            if block[at] == b'\n' {
                self.end_line(base + at, before);
            } else if before.is_none_or(|b| matches!(b, b'\n' | b'\r') || b == self.delimiter) {
                self.in_quotes = true;
                self.quote_line = self.lines;
            }
            i = at + 1;
        }
        self.pos = base + block.len();
        if let Some(&last) = block.last() {
            self.prev = Some(last);
        }
    }

    /// A line feed outside quotes at file offset `at`, after the byte `before`.
    fn end_line(&mut self, at: usize, before: Option<u8>) {
        self.lines += 1;
        self.rows_ended += 1;
        let len = at - self.record_start;
        if !(len == 0 || (len == 1 && before == Some(b'\r'))) {
            self.records += 1;
            if self.records == HEAD_RECORDS {
                self.head_end.get_or_insert(at + 1);
            }
        }
        self.record_start = at + 1;
        if at + 1 - self.chunk_start >= self.chunk_bytes {
            self.chunks.push(Chunk {
                start: self.chunk_start,
                end: at + 1,
                first_row: self.chunk_row,
                first_record: self.chunk_record,
            });
            self.chunk_start = at + 1;
            self.chunk_row = self.rows_ended + 1;
            self.chunk_record = self.records;
        }
    }

    /// The end of the file: the last chunk and what was found.
    pub fn finish(mut self) -> Scan {
        let end = self.pos;
        let unclosed = self.in_quotes && !self.quote_pending;
        let len = end - self.record_start;
        if unclosed || !(len == 0 || (len == 1 && self.prev == Some(b'\r'))) {
            self.records += 1;
        }
        if self.chunk_start < end || self.chunks.is_empty() {
            self.chunks.push(Chunk {
                start: self.chunk_start,
                end,
                first_row: self.chunk_row,
                first_record: self.chunk_record,
            });
        }
        Scan {
            chunks: self.chunks,
            records: self.records,
            unclosed_quote_line: unclosed.then_some(self.quote_line),
            head_end: self.head_end.unwrap_or(end),
            utf8: self.utf8.finish(),
        }
    }
}

/// UTF-8 validity of bytes fed in blocks (a character may be cut between two blocks).
#[derive(Default)]
struct Utf8Check {
    /// The start of a character cut by the end of the last block.
    carry: Vec<u8>,
    invalid: bool,
}

impl Utf8Check {
    fn feed(&mut self, block: &[u8]) {
        if self.invalid {
            return;
        }
        let mut start = 0;
        if !self.carry.is_empty() {
            let width = match self.carry[0] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            start = (width - self.carry.len()).min(block.len());
            self.carry.extend_from_slice(&block[..start]);
            if self.carry.len() < width {
                return;
            }
            if std::str::from_utf8(&self.carry).is_err() {
                self.invalid = true;
                return;
            }
            self.carry.clear();
        }
        if let Err(e) = std::str::from_utf8(&block[start..]) {
            if e.error_len().is_some() {
                self.invalid = true;
            } else {
                self.carry
                    .extend_from_slice(&block[start + e.valid_up_to()..]);
            }
        }
    }

    fn finish(self) -> bool {
        !self.invalid && self.carry.is_empty()
    }
}

/// Scan bytes already in memory in one block.
pub fn scan(text: &[u8], delimiter: u8, chunk_bytes: usize) -> Scan {
    let mut s = Scanner::new(delimiter, chunk_bytes, 0);
    s.feed(text);
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unclosed(text: &str) -> Option<usize> {
        scan(text.as_bytes(), b',', 1 << 20).unclosed_quote_line
    }

    /// Every way of cutting `text` into blocks scans as one block does.
    fn in_blocks(text: &[u8], block: usize, chunk_bytes: usize) -> Scan {
        let mut s = Scanner::new(b',', chunk_bytes, 0);
        for b in text.chunks(block.max(1)) {
            s.feed(b);
        }
        s.finish()
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
        // A quoted field closed by the file's last byte is closed.
        assert_eq!(unclosed("a\n\"x\""), None);
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
        // "h\n", "a\n", "\"x\ny\"\n": the third record ends at byte 10.
        assert_eq!(s.head_end, 10);
    }

    /// Blocks of every size from 1 byte up give the same scan, with quotes, escaped
    /// quotes, CRLF and a multi-byte character cut between blocks.
    #[test]
    fn block_boundaries_change_nothing() {
        let text =
            "id,note\r\n1,\"two\r\nlines\"\r\n\r\n2,plaîn\r\n3,\"a \"\"quote\"\"\"\r\n4,\"end\"";
        for chunk_bytes in [1, 5, 1 << 20] {
            let whole = scan(text.as_bytes(), b',', chunk_bytes);
            assert!(whole.utf8);
            for block in 1..text.len() {
                assert_eq!(in_blocks(text.as_bytes(), block, chunk_bytes), whole);
            }
        }
    }

    #[test]
    fn utf8_is_checked_across_blocks() {
        let ok = "é,ü\n€,x\n".as_bytes();
        let bad = b"\xe9,x\n";
        let cut = &"a,€".as_bytes()[..4]; // the euro sign cut by the end of the file
        for block in 1..6 {
            assert!(in_blocks(ok, block, 1 << 20).utf8, "{block}");
            assert!(!in_blocks(bad, block, 1 << 20).utf8, "{block}");
            assert!(!in_blocks(cut, block, 1 << 20).utf8, "{block}");
        }
    }
}
