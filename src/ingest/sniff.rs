//! Guess what a byte stream is before parsing it: file type by magic bytes, text
//! encoding, and the field delimiter. It decodes but does not split rows.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Text decoded from a file, with the name of the encoding it was read as.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Set when the bytes were not valid UTF-8 and were read as Windows-1252.
    pub fell_back: bool,
}

/// Say what a non-text file is, by its magic bytes, so the message can name it.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (
            b"PK\x03\x04",
            "a zip archive (an .xlsx workbook is one: give it the .xlsx extension)",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old-style Office file (.xls or .doc)",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    for (magic, kind) in KINDS {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    let head = &bytes[..bytes.len().min(4096)];
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    if !utf16 && head.contains(&0) {
        return Some("a binary file");
    }
    None
}

/// How many bytes a UTF-8 byte-order mark takes at the start of `head` (0 without one);
/// `None` when `head` starts with a UTF-16 one (such a file is decoded whole).
pub fn utf8_bom_len(head: &[u8]) -> Option<usize> {
    match Encoding::for_bom(head) {
        Some((encoding, _)) if encoding == UTF_16LE || encoding == UTF_16BE => None,
        Some((_, bom_len)) => Some(bom_len),
        None => Some(0),
    }
}

/// Decode bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, otherwise Windows-1252.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        if encoding == UTF_16LE || encoding == UTF_16BE {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            return Decoded {
                text: text.into_owned(),
                encoding: encoding.name(),
                fell_back: false,
            };
        }
        // UTF-8 with a BOM: drop the BOM, then treat like plain UTF-8.
        let rest = bytes[bom_len..].to_vec();
        return match String::from_utf8(rest) {
            Ok(text) => Decoded {
                text,
                encoding: "UTF-8 (with BOM)",
                fell_back: false,
            },
            Err(e) => windows_1252(e.as_bytes()),
        };
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            encoding: "UTF-8",
            fell_back: false,
        },
        Err(e) => windows_1252(e.as_bytes()),
    }
}

fn windows_1252(bytes: &[u8]) -> Decoded {
    // Windows-1252 maps every byte to a character, so nothing is dropped.
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: "windows-1252",
        fell_back: true,
    }
}

/// Pick the delimiter that splits the first line into the most fields, counting only
/// outside quotes. A `.tsv` file prefers tab.
pub fn delimiter(text: &str, prefer_tab: bool) -> u8 {
    let first_line = first_record_text(text);
    let count = |d: u8| -> usize {
        let mut in_quotes = false;
        let mut n = 0;
        for b in first_line.bytes() {
            match b {
                b'"' => in_quotes = !in_quotes,
                _ if b == d && !in_quotes => n += 1,
                _ => {}
            }
        }
        n
    };
    let tabs = count(b'\t');
    if prefer_tab && tabs > 0 {
        return b'\t';
    }
    let candidates = [(b',', count(b',')), (b';', count(b';')), (b'\t', tabs)];
    // Ties go to the earlier candidate: comma, then semicolon, then tab.
    let mut best = candidates[0];
    for c in &candidates[1..] {
        if c.1 > best.1 {
            best = *c;
        }
    }
    best.0
}

/// The text of the first record, allowing newlines inside quotes.
fn first_record_text(text: &str) -> &str {
    let mut in_quotes = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => return &text[..i],
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_pdf_and_zip_by_magic_bytes() {
        assert_eq!(binary_kind(b"%PDF-1.7\n..."), Some("a PDF document"));
        assert!(binary_kind(b"PK\x03\x04rest").unwrap().contains("zip"));
        assert_eq!(binary_kind(b"Team,Score\nA,1\n"), None);
    }

    #[test]
    fn utf16_with_bom_is_text_not_binary() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Team,Q1\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(binary_kind(&bytes), None);
        let d = decode(bytes);
        assert_eq!(d.text, "Team,Q1\n");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFTeam\n".to_vec());
        assert_eq!(d.text, "Team\n");
        assert!(!d.fell_back);
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252_without_losing_bytes() {
        // 0xE9 is "é" and 0x80 is "€" in Windows-1252.
        let d = decode(b"caf\xE9 \x80\n".to_vec());
        assert_eq!(d.text, "café €\n");
        assert!(d.fell_back);
    }

    #[test]
    fn delimiter_counts_only_outside_quotes() {
        assert_eq!(delimiter("a;b;c\n1;2;3\n", false), b';');
        assert_eq!(delimiter("\"x;y;z\",b\n", false), b',');
        assert_eq!(delimiter("a\tb\tc\n", false), b'\t');
        assert_eq!(delimiter("a,b\tc\n", true), b'\t');
    }
}
