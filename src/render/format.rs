//! Number formatting for every output, in one place, so files are byte-identical run to run.

/// Scores and shares: 4 decimals.
pub fn fixed(v: f64) -> String {
    if v == 0.0 {
        return "0.0000".to_string(); // no "-0.0000"
    }
    let s = format!("{v:.4}");
    if s == "-0.0000" {
        "0.0000".to_string()
    } else {
        s
    }
}

/// p-values: 4 decimals, or scientific notation below 0.0001 so small p stay visible.
pub fn p_value(p: f64) -> String {
    if p > 0.0 && p < 0.0001 {
        format!("{p:.2e}")
    } else {
        fixed(p)
    }
}

/// p-values for people: below 0.0001 they read "< 0.0001" (a computed 0 is only the
/// limit of floating point, not a certainty).
pub fn p_text(p: f64) -> String {
    if p < 0.0001 {
        "< 0.0001".to_string()
    } else {
        format!("{p:.4}")
    }
}

/// "p = 0.0123" or "p < 0.0001" style, for prose: `= 0.0123` or `< 0.0001`.
pub fn p_phrase(p: f64) -> String {
    let t = p_text(p);
    if t.starts_with('<') {
        t
    } else {
        format!("= {t}")
    }
}

/// For prose: 2 decimals with an explicit sign.
pub fn signed(v: f64) -> String {
    let s = format!("{v:+.2}");
    if s == "-0.00" {
        "+0.00".to_string()
    } else {
        s
    }
}

/// The span of some positive sizes to 2 decimals: "0.31" when they round alike, else
/// "0.31 to 0.45" (empty for none).
pub fn range_text(sizes: &[f64]) -> String {
    let lo = sizes.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = sizes.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    match (format!("{lo:.2}"), format!("{hi:.2}")) {
        _ if sizes.is_empty() => String::new(),
        (lo, hi) if lo == hi => lo,
        (lo, hi) => format!("{lo} to {hi}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_decimals_without_negative_zero() {
        assert_eq!(fixed(3.21159), "3.2116");
        assert_eq!(fixed(-0.00001), "0.0000");
        assert_eq!(fixed(-0.25), "-0.2500");
    }

    #[test]
    fn tiny_p_values_stay_visible() {
        assert_eq!(p_value(0.04567), "0.0457");
        assert_eq!(p_value(0.0000123), "1.23e-5");
        assert_eq!(p_value(0.0), "0.0000");
    }

    #[test]
    fn p_text_never_says_zero() {
        assert_eq!(p_text(0.0), "< 0.0001");
        assert_eq!(p_text(0.0000123), "< 0.0001");
        assert_eq!(p_text(0.0312), "0.0312");
    }

    #[test]
    fn signed_for_prose() {
        assert_eq!(signed(0.123), "+0.12");
        assert_eq!(signed(-0.001), "+0.00");
        assert_eq!(signed(-0.5), "-0.50");
    }
}
