//! CSV tables and `summary.json`: documented columns, fixed number formats, and text
//! cells that a spreadsheet would run as a formula neutralised. Hidden values stay empty.

mod registry;
mod summary;
mod survey;

use super::format::{fixed, p_value};
use super::Results;
use crate::error::Result;

pub use registry::{registry, TableSpec};
pub(crate) use summary::num;
pub use summary::summary_json;

/// One CSV cell: text (neutralised) or a number (written as a number).
pub enum Field {
    Text(String),
    Num(Option<f64>),
    P(Option<f64>),
    Int(Option<u64>),
    /// Why the row's values are withheld (`None`: they are shown). The only way a table
    /// marks a row hidden: writers never look at column names.
    Hidden(Option<&'static str>),
}

impl Field {
    pub(crate) fn text(s: impl Into<String>) -> Field {
        Field::Text(s.into())
    }

    /// The privacy decision of a row's values.
    pub(crate) fn hidden(h: Option<crate::model::Hidden>) -> Field {
        Field::Hidden(h.map(crate::model::Hidden::as_str))
    }

    pub(crate) fn render(&self) -> String {
        match self {
            Field::Text(s) => neutralise_formula(s),
            Field::Num(v) => v.filter(|v| v.is_finite()).map(fixed).unwrap_or_default(),
            Field::P(v) => v.filter(|v| v.is_finite()).map(p_value).unwrap_or_default(),
            Field::Int(v) => v.map(|v| v.to_string()).unwrap_or_default(),
            Field::Hidden(why) => why.unwrap_or_default().to_string(),
        }
    }
}

/// The columns `n, r, ci_low, ci_high, p, p_adjusted, small_sample` of a correlation.
pub(crate) fn correlation_fields(
    n: usize,
    result: Option<crate::metrics::stats::Correlation>,
    p_adjusted: Option<f64>,
    small_n: usize,
) -> Vec<Field> {
    vec![
        Field::Int(Some(n as u64)),
        Field::Num(result.map(|c| c.r)),
        Field::Num(result.and_then(|c| c.ci).map(|c| c.0)),
        Field::Num(result.and_then(|c| c.ci).map(|c| c.1)),
        Field::P(result.map(|c| c.p)),
        Field::P(p_adjusted),
        Field::text(if n < small_n { "yes" } else { "no" }),
    ]
}

/// The columns `detectable_r, note` of a correlation: the smallest real r found four
/// times in five (worked out with its family's adjustment), and why a value is missing.
pub(crate) fn power_fields(
    result: Option<crate::metrics::stats::Correlation>,
    detectable: Option<f64>,
) -> Vec<Field> {
    vec![
        Field::Num(detectable),
        Field::text(correlation_note(result, detectable)),
    ]
}

/// Why a correlation row has no r or no detectable r (empty when it has both).
pub(crate) fn correlation_note(
    result: Option<crate::metrics::stats::Correlation>,
    detectable: Option<f64>,
) -> &'static str {
    match (result, detectable) {
        (None, _) => {
            "fewer than 4 observations (beyond one per group centred out), or no spread: no r"
        }
        (Some(c), None) if c.se.is_some() => {
            "even r = 1 would show less than four times in five with this data: no detectable r"
        }
        (Some(c), None) if c.r.abs() >= 1.0 => {
            "an exact fit (r = 1 or -1): no interval, no detectable r"
        }
        (Some(_), None) => "too few observations for an interval: no detectable r",
        (Some(_), Some(_)) => "",
    }
}

/// One domain's correlation: its measure, n, result, adjusted p and detectable r.
pub(crate) type DomainCorrelation = (
    crate::model::Measure,
    usize,
    Option<crate::metrics::stats::Correlation>,
    Option<f64>,
    Option<f64>,
);

/// A per-domain correlation table for `summary.json`: each domain's n, r, adjusted p,
/// detectable r and note, as in the table's columns.
pub(crate) fn correlation_summary(
    r: &Results,
    rows: impl Iterator<Item = DomainCorrelation>,
) -> Vec<serde_json::Value> {
    rows.map(|(measure, n, result, p_adjusted, detectable)| {
        serde_json::json!({
            "domain": r.measure_name(measure),
            "n": n,
            "r": summary::num(result.map(|c| c.r)),
            "p_adjusted": summary::num(p_adjusted),
            "detectable_r": summary::num(detectable),
            "note": correlation_note(result, detectable),
        })
    })
    .collect()
}

/// Columns of the per-domain correlation tables (`velocity_factors.csv`,
/// `milestone_health.csv`).
pub const DOMAIN_CORRELATION_COLUMNS: &[&str] = &[
    "domain",
    "n",
    "r",
    "ci_low",
    "ci_high",
    "p",
    "p_adjusted",
    "small_sample",
    "detectable_r",
    "note",
];

/// A table of one correlation per domain (see [`DomainCorrelation`]).
pub(crate) fn domain_correlations(
    r: &Results,
    rows: impl Iterator<Item = DomainCorrelation>,
    small_n: usize,
) -> Result<Table> {
    let rows: Vec<Vec<Field>> = rows
        .map(|(measure, n, result, p_adjusted, detectable)| {
            let mut row = vec![Field::text(r.measure_name(measure))];
            row.extend(correlation_fields(n, result, p_adjusted, small_n));
            row.extend(power_fields(result, detectable));
            row
        })
        .collect();
    table(DOMAIN_CORRELATION_COLUMNS, rows)
}

/// Prefix text a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, carriage return
/// first) with an apostrophe so it is shown as text. Numbers never pass through here.
pub fn neutralise_formula(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// One output table: its header and typed rows, written as `metrics/<name>.csv` and as a
/// sheet of `metrics/leadpulse.xlsx`.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Field>>,
}

/// A table with these columns and rows.
pub fn table(header: &[impl AsRef<str>], rows: Vec<Vec<Field>>) -> Result<Table> {
    Ok(Table {
        header: header.iter().map(|h| h.as_ref().to_string()).collect(),
        rows,
    })
}

impl Table {
    /// The CSV: a header row, then one line per row.
    pub fn csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(&self.header)
            .map_err(std::io::Error::other)?;
        for row in &self.rows {
            w.write_record(row.iter().map(Field::render))
                .map_err(std::io::Error::other)?;
        }
        w.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_text_is_neutralised_and_plain_text_is_not() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("+1"), "'+1");
        assert_eq!(neutralise_formula("-2+3"), "'-2+3");
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("Payments"), "Payments");
    }

    #[test]
    fn numbers_stay_numbers_even_when_negative() {
        let bytes = table(
            &["x", "y"],
            vec![vec![Field::Num(Some(-0.25)), Field::text("-team")]],
        )
        .and_then(|t| t.csv())
        .unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "x,y\n-0.2500,'-team\n");
    }
}
