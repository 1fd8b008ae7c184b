//! Header and label text normalisation shared by schema checking and column matching.
//! It only compares text; it does not decide what a column means.

/// Trim, turn NBSP and other whitespace runs into one space, and strip HTML-like markup,
/// so that headers and labels written by different tools compare equal.
pub fn normalize_header(text: &str) -> String {
    let decoded;
    let text = if text.contains('&') {
        decoded = decode_entities(text);
        decoded.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let markup = text.contains('>');
    let mut in_tag = false;
    let mut pending_space = false;
    for ch in text.chars() {
        match ch {
            '<' if markup => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}' => pending_space = true,
            c => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Decode the HTML entities survey tools leave in headers (LimeSurvey writes `&amp;`).
fn decode_entities(text: &str) -> String {
    const NAMED: [(&str, &str); 7] = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&nbsp;", " "),
    ];
    let mut out = text.to_string();
    for (entity, plain) in NAMED {
        out = out.replace(entity, plain);
    }
    out
}

/// Trim and collapse whitespace (NBSP included) in a value such as a team name; unlike
/// [`normalize_header`] it keeps everything else, markup included, as written.
pub fn collapse_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Key used to compare answer labels and headers: normalised and lower-cased.
pub fn compare_key(text: &str) -> String {
    normalize_header(text).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_nbsp_and_trims() {
        assert_eq!(normalize_header("  I  feel\u{a0}safe \t\n"), "I feel safe");
    }

    #[test]
    fn strips_markup_but_keeps_lone_angle_brackets() {
        assert_eq!(normalize_header("<b>Team</b> name"), "Team name");
        assert_eq!(normalize_header("< 1 year"), "< 1 year");
    }

    #[test]
    fn html_entities_in_headers_are_decoded() {
        assert_eq!(normalize_header("1:1s &amp; reviews"), "1:1s & reviews");
        assert_eq!(
            normalize_header("Tools\tused&nbsp;[Git]"),
            "Tools used [Git]"
        );
    }

    #[test]
    fn values_keep_markup_but_lose_extra_spaces() {
        assert_eq!(
            collapse_whitespace("  <b>Team</b>\u{a0} A "),
            "<b>Team</b> A"
        );
    }

    #[test]
    fn compare_key_ignores_case() {
        assert_eq!(
            compare_key(" Strongly  AGREE"),
            compare_key("strongly agree")
        );
    }
}
