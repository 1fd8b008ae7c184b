//! Column profiles of a table: detected type of each column, answer labels of
//! rating-like columns, date format. Used by `inspect` and `schema init`; no schema needed.

pub mod labels;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::ingest::{Format, Table};
use crate::model::Quarter;
use crate::problem::column_letter;
use crate::validate::period::{parse_date_cell, parse_instant, DateCell, OrderEvidence};

/// Most distinct values a column may have to count as answer labels.
const MAX_LABELS: usize = 12;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    Empty,
    /// `min` and `max` leave out negative whole-number codes (Qualtrics writes -1, -2, -99
    /// for "no basis" answers), listed in `codes`.
    Number {
        min: f64,
        max: f64,
        integer: bool,
        codes: Vec<String>,
    },
    /// `earliest` and `latest` are ISO 8601 instants as read with the file's order.
    Date {
        format: String,
        day_month_order: Option<String>,
        earliest: Option<String>,
        latest: Option<String>,
    },
    Boolean,
    /// Quarter labels (`Q1 2024`, `2024-Q1`, `FY24 Q1`). `earliest` and `latest` are
    /// calendar quarters, with fiscal labels read for a January start; `fiscal` when any
    /// label is a fiscal one (its start month is the schema's `fiscal_year_start`).
    Quarter {
        distinct: usize,
        earliest: String,
        latest: String,
        fiscal: bool,
    },
    /// A few distinct labels; `scale` when their wording orders them as a rating scale.
    Labels {
        labels: Vec<LabelCount>,
        scale: Option<Vec<ScalePoint>>,
        no_answer: Vec<String>,
    },
    /// Several answers in one cell, joined by `separator` (`, `, `;` or a space between codes).
    MultiSelect {
        separator: String,
        options: Vec<LabelCount>,
    },
    Text {
        distinct: usize,
    },
}
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelCount {
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScalePoint {
    pub label: String,
    pub score: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnProfile {
    /// 1-based position.
    pub position: usize,
    pub letter: String,
    pub header: String,
    /// Question text or option label from other header rows, when it differs.
    pub also_named: Vec<String>,
    pub filled: usize,
    #[serde(flatten)]
    pub kind: Kind,
}

impl ColumnProfile {
    /// A rating-like column: ordered labels, or small whole numbers (0-10 at most).
    pub fn is_rating(&self) -> bool {
        match &self.kind {
            Kind::Labels { scale, .. } => scale.is_some(),
            Kind::Number {
                min, max, integer, ..
            } => {
                // Survey tools' bookkeeping columns are small whole numbers too.
                const NOT_RATINGS: [&str; 12] = [
                    "id", "page", "seed", "duration", "progress", "status", "year", "age", "count",
                    "number", "points", "score",
                ];
                // Whole words only: "confidence" holds "id", and a question is no id.
                let h = self.header.to_lowercase();
                let mut words = h.split(|c: char| !c.is_alphanumeric());
                *integer
                    && *min >= 0.0
                    && *max <= 10.0
                    && max - min >= 2.0
                    && !words.any(|w| NOT_RATINGS.contains(&w))
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableProfile {
    pub file: String,
    pub tool: String,
    pub format: String,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub header_rows: usize,
    pub responses: usize,
    pub columns: Vec<ColumnProfile>,
}

fn is_bool(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no"
    )
}

/// Describe a date the way people write formats: `M/D/YYYY H:MM:SS`.
fn date_format(example: &str, order: Option<&str>) -> String {
    let (date, time) = match example.trim().split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (example.trim(), None),
    };
    let sep = ['-', '/', '.'].into_iter().find(|c| date.contains(*c));
    let date_fmt = match (sep, order) {
        (None, _) => "Excel serial number".to_string(),
        (Some(s), _) if date.split(s).next().is_some_and(|p| p.len() == 4) => {
            format!("YYYY{s}MM{s}DD")
        }
        (Some('.'), _) => "D.M.YYYY".to_string(),
        (Some(s), Some("dmy")) => format!("D{s}M{s}YYYY"),
        (Some(s), _) => format!("M{s}D{s}YYYY"),
    };
    let year_last = !date_fmt.starts_with("YYYY");
    let date_fmt = if year_last
        && date
            .split(['/', '.', '-'])
            .next_back()
            .is_some_and(|y| y.len() == 2)
    {
        date_fmt.replace("YYYY", "YY")
    } else {
        date_fmt
    };
    match time {
        Some(t) if t.matches(':').count() >= 2 => format!("{date_fmt} H:MM:SS"),
        Some(_) => format!("{date_fmt} H:MM"),
        None => date_fmt,
    }
}

/// A column of numbers: yes/no as 0/1, else the range, with negative whole numbers
/// beside non-negative ones taken as no-answer codes.
fn number_kind(n: &[f64]) -> Kind {
    let integer = n.iter().all(|v| v.fract() == 0.0);
    let has_positive = n.iter().any(|v| *v >= 0.0);
    let mut codes: Vec<i64> = if integer && has_positive {
        n.iter().filter(|v| **v < 0.0).map(|v| *v as i64).collect()
    } else {
        Vec::new()
    };
    codes.sort_unstable();
    codes.dedup();
    let kept = n.iter().filter(|v| codes.is_empty() || **v >= 0.0);
    let (min, max) = kept.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(*v), b.max(*v))
    });
    if integer && codes.is_empty() && min >= 0.0 && max <= 1.0 {
        return Kind::Boolean;
    }
    let codes = codes.iter().map(|c| c.to_string()).collect();
    Kind::Number {
        min,
        max,
        integer,
        codes,
    }
}

/// A column of dates: the day-month order, the format and the range.
/// `cells` parsed from the distinct `values`; `first` is the column's first value.
fn date_kind(cells: &[DateCell], values: &[&str], first: &str) -> Kind {
    let mut ev = OrderEvidence::default();
    for (c, v) in cells.iter().zip(values) {
        ev.add(c, v);
    }
    let decided = ev.decide(None);
    let fixed = decided.clone().ok().flatten();
    let order = match decided {
        Ok(Some(crate::schema::DateOrder::Dmy)) => Some("dmy".to_string()),
        Ok(Some(crate::schema::DateOrder::Mdy)) => Some("mdy".to_string()),
        Ok(_) => None,
        Err(_) if ev.ambiguous > 0 => Some("undecidable".to_string()),
        Err(_) => None,
    };
    let mut instants: Vec<chrono::NaiveDateTime> = values
        .iter()
        .filter_map(|v| parse_instant(v, fixed))
        .collect();
    instants.sort_unstable();
    let iso = |t: &chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    Kind::Date {
        format: date_format(first, order.as_deref()),
        day_month_order: order,
        earliest: instants.first().map(iso),
        latest: instants.last().map(iso),
    }
}

fn profile_column(values: &ColumnValues) -> Kind {
    let (Some(first), filled) = (values.first.as_deref(), values.filled) else {
        return Kind::Empty;
    };
    let counts: BTreeMap<&str, usize> = values.counts.iter().map(|(v, n)| (&**v, *n)).collect();
    let distinct: Vec<&str> = counts.keys().copied().collect();
    // Number and date kinds depend only on which values occur, not how often.
    let numbers: Option<Vec<f64>> = distinct.iter().map(|v| v.parse::<f64>().ok()).collect();
    if let Some(n) = numbers {
        return number_kind(&n);
    }
    let dates: Option<Vec<DateCell>> = distinct.iter().map(|v| parse_date_cell(v)).collect();
    if let Some(cells) = dates {
        return date_kind(&cells, &distinct, first);
    }
    if distinct.iter().all(|v| is_bool(v)) {
        return Kind::Boolean;
    }
    let quarters: Option<Vec<Quarter>> = distinct.iter().map(|v| Quarter::parse(v)).collect();
    if let Some(q) = quarters {
        return Kind::Quarter {
            distinct: distinct.len(),
            earliest: q.iter().min().map(|q| q.label()).unwrap_or_default(),
            latest: q.iter().max().map(|q| q.label()).unwrap_or_default(),
            fiscal: distinct.iter().any(|v| Quarter::is_fiscal_label(v)),
        };
    }
    let names: Vec<String> = distinct.iter().map(|s| s.to_string()).collect();
    let ordered = if counts.len() <= MAX_LABELS {
        labels::order_scale(&names)
    } else {
        None
    };
    if counts.len() <= MAX_LABELS && (ordered.is_some() || counts.len() * 3 <= filled) {
        let (scale, no_answer) = match ordered {
            Some((ordered, missing)) => (
                Some(
                    ordered
                        .into_iter()
                        .map(|(label, score)| ScalePoint { label, score })
                        .collect(),
                ),
                missing,
            ),
            None => (
                None,
                names
                    .iter()
                    .filter(|l| labels::is_no_answer(l))
                    .cloned()
                    .collect(),
            ),
        };
        let mut labels: Vec<LabelCount> = counts
            .into_iter()
            .map(|(label, count)| LabelCount {
                label: label.to_string(),
                count,
            })
            .collect();
        labels.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
        return Kind::Labels {
            labels,
            scale,
            no_answer,
        };
    }
    multiselect(&counts, filled).unwrap_or(Kind::Text {
        distinct: counts.len(),
    })
}
/// Most distinct options a joined multi-select column may use.
const MAX_OPTIONS: usize = 40;

/// Split a joined multi-select cell: `;` first, then `, `; codes without spaces inside
/// may also be separated by spaces (KoboToolbox writes `car bike`).
pub fn split_multiselect<'a>(cell: &'a str, separator: &str) -> Vec<&'a str> {
    cell.split(separator)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

/// `values`: each distinct answer and how often it occurs; `filled`: their total.
fn multiselect(values: &BTreeMap<&str, usize>, filled: usize) -> Option<Kind> {
    for separator in [";", ", ", " "] {
        let joined: usize = values
            .iter()
            .filter(|(v, _)| v.contains(separator))
            .map(|(_, n)| n)
            .sum();
        if joined == 0 {
            continue;
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (v, n) in values {
            for t in split_multiselect(v, separator) {
                *counts.entry(t).or_default() += n;
            }
        }
        let codes_only = separator != " "
            || counts.keys().all(|t| {
                t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            });
        if codes_only && counts.len() <= MAX_OPTIONS && counts.len() * 2 <= filled + joined {
            let mut options: Vec<LabelCount> = counts
                .into_iter()
                .map(|(label, count)| LabelCount {
                    label: label.to_string(),
                    count,
                })
                .collect();
            options.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
            return Some(Kind::MultiSelect {
                separator: separator.to_string(),
                options,
            });
        }
    }
    None
}

/// One column's answers as a multiset: each distinct value (trimmed; blanks left out)
/// and how often it occurs, and the first in file order. Every figure of a profile
/// comes from these, so a column costs its distinct values, not its rows.
#[derive(Default)]
struct ColumnValues {
    counts: HashMap<Box<str>, usize>,
    first: Option<Box<str>>,
    filled: usize,
}

impl ColumnValues {
    fn add(&mut self, cell: &str) {
        let v = cell.trim();
        if v.is_empty() {
            return;
        }
        self.filled += 1;
        if self.first.is_none() {
            self.first = Some(v.into());
        }
        match self.counts.get_mut(v) {
            Some(n) => *n += 1,
            None => {
                self.counts.insert(v.into(), 1);
            }
        }
    }
}

/// Profile every column of a table.
/// Headers of columns that name a person (Viva Glint writes `First Name`, `Last Name`
/// and `Email`): their values are never shown, and a drafted schema lists them as
/// identifying so no role or item uses them.
pub fn is_identifying(header: &str) -> bool {
    const NAMES: [&str; 10] = [
        "first name",
        "last name",
        "full name",
        "name",
        "employee name",
        "email",
        "e-mail",
        "email address",
        "work email",
        "manager email",
    ];
    NAMES.contains(&crate::text::compare_key(header).as_str())
}

/// A column's kind without its values: labels and options become a count of distinct
/// texts.
fn without_values(kind: Kind) -> Kind {
    match kind {
        Kind::Labels { labels, .. } => Kind::Text {
            distinct: labels.len(),
        },
        Kind::MultiSelect { options, .. } => Kind::Text {
            distinct: options.len(),
        },
        other => other,
    }
}

pub fn profile(table: &Table) -> TableProfile {
    let width = table.headers.len();
    let mut columns: Vec<ColumnValues> = (0..width).map(|_| ColumnValues::default()).collect();
    let counted = table.for_each_cells(|_, cells| {
        for (c, col) in columns.iter_mut().enumerate() {
            col.add(cells.get(c));
        }
    });
    let (format, encoding, delimiter) = match &table.format {
        Format::Delimited {
            encoding,
            delimiter,
        } => (
            "delimited text".to_string(),
            Some(encoding.to_string()),
            Some(match delimiter {
                b'\t' => "tab".to_string(),
                d => (*d as char).to_string(),
            }),
        ),
        Format::Workbook { sheet } => (format!("workbook, sheet \"{sheet}\""), None, None),
    };
    let columns = columns
        .iter()
        .enumerate()
        .map(|(c, values)| {
            let header = table.headers[c].clone();
            let mut also_named: Vec<String> = table
                .alternates
                .iter()
                .filter_map(|row| row.get(c))
                .filter(|a| {
                    !a.is_empty()
                        && **a != header
                        && *a != "Response"
                        && *a != "Open-Ended Response"
                })
                .cloned()
                .collect();
            also_named.dedup();
            ColumnProfile {
                position: c + 1,
                letter: column_letter(c),
                header,
                also_named,
                filled: values.filled,
                kind: if is_identifying(&table.headers[c]) {
                    without_values(profile_column(values))
                } else {
                    profile_column(values)
                },
            }
        })
        .collect();
    TableProfile {
        file: table.name(),
        tool: table.tool.name().to_string(),
        format,
        encoding,
        delimiter,
        header_rows: table.header_rows,
        responses: counted.rows,
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(v: &[&str]) -> ColumnValues {
        let mut values = ColumnValues::default();
        for cell in v {
            values.add(cell);
        }
        values
    }

    #[test]
    fn kinds_are_detected() {
        assert_eq!(profile_column(&col(&["", " "])), Kind::Empty);
        assert_eq!(profile_column(&col(&["1", "0", "1"])), Kind::Boolean);
        assert_eq!(profile_column(&col(&["TRUE", "False"])), Kind::Boolean);
        assert_eq!(
            profile_column(&col(&["1", "5", "3.0"])),
            Kind::Number {
                min: 1.0,
                max: 5.0,
                integer: true,
                codes: vec![]
            }
        );
        match profile_column(&col(&["7/10/14 18:37", "7/13/14 9:05"])) {
            Kind::Date {
                format,
                day_month_order,
                earliest,
                latest,
            } => {
                assert_eq!(earliest.as_deref(), Some("2014-07-10T18:37:00"));
                assert_eq!(latest.as_deref(), Some("2014-07-13T09:05:00"));
                assert_eq!(format, "M/D/YY H:MM");
                assert_eq!(day_month_order.as_deref(), Some("mdy"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            profile_column(&col(&["a long answer", "another one", "third"])),
            Kind::Text { distinct: 3 }
        );
    }

    /// Regression: "We ship changes with confidence" was no rating because "confidence"
    /// holds "id".
    #[test]
    fn bookkeeping_words_count_only_as_whole_words() {
        let column = |header: &str| ColumnProfile {
            position: 1,
            letter: "A".into(),
            header: header.into(),
            also_named: Vec::new(),
            filled: 10,
            kind: Kind::Number {
                min: 1.0,
                max: 5.0,
                integer: true,
                codes: Vec::new(),
            },
        };
        assert!(column("We ship changes with confidence").is_rating());
        assert!(column("I feel valid and considered").is_rating());
        assert!(!column("Response ID").is_rating());
        assert!(!column("Page number").is_rating());
    }

    #[test]
    fn joined_multi_select_cells_are_recognised() {
        let values = col(&[
            "Slack; Email",
            "Email",
            "Slack; Wiki; Email",
            "Wiki",
            "Email; Slack",
        ]);
        match profile_column(&values) {
            Kind::MultiSelect { separator, options } => {
                assert_eq!(separator, ";");
                assert_eq!(options[0].label, "Email");
                assert_eq!(options[0].count, 4);
            }
            other => panic!("{other:?}"),
        }
        // KoboToolbox: space-separated codes.
        let codes = col(&[
            "car bike",
            "bike",
            "car",
            "walk bike car",
            "none",
            "bike walk",
        ]);
        assert!(
            matches!(profile_column(&codes), Kind::MultiSelect { separator, .. } if separator == " ")
        );
        // Free text with spaces is not a multi-select.
        let prose = col(&[
            "I like it a lot",
            "Not really my thing",
            "It was fine overall",
            "Could be better next time",
        ]);
        assert!(matches!(profile_column(&prose), Kind::Text { .. }));
    }

    #[test]
    fn rating_labels_get_a_scale() {
        let values = col(&[
            "Agree",
            "Agree",
            "Disagree",
            "Strongly agree",
            "Agree",
            "Disagree",
            "N/A",
            "Agree",
            "Agree",
        ]);
        match profile_column(&values) {
            Kind::Labels {
                scale: Some(scale),
                no_answer,
                ..
            } => {
                let s: Vec<(&str, u32)> =
                    scale.iter().map(|p| (p.label.as_str(), p.score)).collect();
                assert_eq!(s, [("Disagree", 1), ("Agree", 2), ("Strongly agree", 3)]);
                assert_eq!(no_answer, ["N/A"]);
            }
            other => panic!("{other:?}"),
        }
    }

    /// A column is kept as its distinct values and their counts, with its first value:
    /// the date format comes from the first value in file order (here with a time),
    /// not from whichever value sorts first, and counts add up over repeats.
    #[test]
    fn the_first_value_and_repeats_survive_counting() {
        let values = col(&["13/7/2024 10:00", "1/8/2024", " 1/8/2024 ", ""]);
        assert_eq!(values.filled, 3);
        match profile_column(&values) {
            Kind::Date {
                format,
                day_month_order,
                ..
            } => {
                assert_eq!(format, "D/M/YYYY H:MM");
                assert_eq!(day_month_order.as_deref(), Some("dmy"));
            }
            other => panic!("{other:?}"),
        }
        let repeated = col(&["Yes; No", "Yes", "Yes; No", "No"]);
        match profile_column(&repeated) {
            Kind::MultiSelect { options, .. } => {
                let counts: Vec<(&str, usize)> = options
                    .iter()
                    .map(|o| (o.label.as_str(), o.count))
                    .collect();
                assert_eq!(counts, [("No", 3), ("Yes", 3)]);
            }
            other => panic!("{other:?}"),
        }
    }
}
