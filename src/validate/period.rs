//! Survey periods: calendar quarters parsed from timestamps or quarter labels.
//! Deciding the day-month order of a whole file lives here too; nothing else does dates.

use chrono::NaiveDate;

use crate::schema::DateOrder;

/// The shape of a date cell before the day-month order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCell {
    /// Fully known (ISO, year first, dotted day-first, or an Excel serial number).
    Known(NaiveDate),
    /// `A/B/YEAR`: month/day or day/month, decided per file.
    Ambiguous { a: u32, b: u32, year: i32 },
}

/// Parse one date or timestamp cell; the time part, if any, is checked and ignored.
pub fn parse_date_cell(text: &str) -> Option<DateCell> {
    let t = text.trim();
    let (date_part, time_part) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], Some(t[i + 1..].trim())),
        None => (t, None),
    };
    if let Some(time) = time_part {
        if !valid_time(time) {
            return None;
        }
    }
    if let Some(d) = excel_serial(date_part).filter(|_| time_part.is_none()) {
        return Some(DateCell::Known(d));
    }
    let (sep, fields) = split_date(date_part)?;
    let [x, y, z] = fields;
    if x >= 1000 {
        // Year first: YYYY-MM-DD or YYYY/MM/DD.
        return NaiveDate::from_ymd_opt(x as i32, y, z).map(DateCell::Known);
    }
    let year = full_year(z)?;
    if sep == '.' {
        // D.M.YYYY is always day first.
        return NaiveDate::from_ymd_opt(year, y, x).map(DateCell::Known);
    }
    Some(DateCell::Ambiguous { a: x, b: y, year })
}

fn split_date(text: &str) -> Option<(char, [u32; 3])> {
    // Up to four ASCII digits.
    let number = |p: &[u8]| -> Option<u32> {
        if p.is_empty() || p.len() > 4 {
            return None;
        }
        p.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    'seps: for sep in [b'-', b'/', b'.'] {
        let mut parts = text.as_bytes().split(|&b| b == sep);
        let mut fields = [0u32; 3];
        for field in &mut fields {
            match parts.next().and_then(number) {
                Some(v) => *field = v,
                None => continue 'seps,
            }
        }
        if parts.next().is_none() {
            return Some((sep as char, fields));
        }
    }
    None
}

fn full_year(y: u32) -> Option<i32> {
    match y {
        0..=69 => Some(2000 + y as i32),
        70..=99 => Some(1900 + y as i32),
        1900..=2200 => Some(y as i32),
        _ => None,
    }
}

fn valid_time(text: &str) -> bool {
    let mut t = text.strip_suffix('Z').unwrap_or(text);
    for suffix in [" AM", " PM", " am", " pm"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest;
            break;
        }
    }
    let t = t.split('+').next().unwrap_or(t);
    let mut parts = 0;
    for p in t.split(':') {
        parts += 1;
        let whole = p.split('.').next().unwrap_or("");
        if whole.is_empty() || whole.len() > 2 || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    (2..=3).contains(&parts)
}

/// An Excel serial date number (1900 system) written as text, e.g. `45383` or `45383.42`.
fn excel_serial(text: &str) -> Option<NaiveDate> {
    let v: f64 = text.parse().ok()?;
    if !(20000.0..=80000.0).contains(&v) {
        return None;
    }
    // Day 0 of the 1900 system is 1899-12-30 once Excel's fictitious 1900-02-29 is skipped.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(v.floor() as u64))
}

/// The full instant of a date cell (time of day included, `00:00:00` when absent), once
/// the file's day-month order is known. Used to show date ranges; periods need only the day.
pub fn parse_instant(text: &str, order: Option<DateOrder>) -> Option<chrono::NaiveDateTime> {
    let t = text.trim();
    if let Ok(serial) = t.parse::<f64>() {
        let day = resolve(parse_date_cell(t)?, order)?;
        let seconds = ((serial.fract()) * 86_400.0).round() as u32;
        return chrono::NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0)
            .map(|tm| day.and_time(tm));
    }
    let day = resolve(parse_date_cell(t)?, order)?;
    let time_text = t.find(['T', ' ']).map(|i| t[i + 1..].trim());
    let Some(time_text) = time_text else {
        return day.and_hms_opt(0, 0, 0);
    };
    let pm = time_text.ends_with("PM") || time_text.ends_with("pm");
    let am = time_text.ends_with("AM") || time_text.ends_with("am");
    let clock = time_text
        .trim_end_matches(['A', 'P', 'M', 'a', 'p', 'm', 'Z', ' '])
        .split('+')
        .next()
        .unwrap_or("");
    let mut parts = clock
        .split(':')
        .map(|p| p.split('.').next().unwrap_or("").parse::<u32>().ok());
    let h = parts.next().flatten()?;
    let m = parts.next().flatten()?;
    let s = parts.next().flatten().unwrap_or(0);
    let h = match (am, pm, h) {
        (true, _, 12) => 0,
        (_, true, h) if h < 12 => h + 12,
        (_, _, h) => h,
    };
    day.and_hms_opt(h, m, s)
}

/// What the dates of one file say about their day-month order.
#[derive(Debug, Default)]
pub struct OrderEvidence {
    pub first_above_12: Option<String>,
    pub second_above_12: Option<String>,
    pub ambiguous: usize,
}

impl OrderEvidence {
    /// The evidence of every date in the given columns of a table (one order per file).
    pub fn of_columns(table: &crate::ingest::Table, columns: &[usize]) -> OrderEvidence {
        let mut ev = OrderEvidence::default();
        table.for_each_cells(|_, cells| {
            for &c in columns {
                ev.add_text(cells.get(c));
            }
        });
        ev
    }

    /// The evidence of one date cell's text (none when it is no date, or none that exists).
    pub fn add_text(&mut self, text: &str) {
        if let Some(cell) = parse_date_cell(text).filter(DateCell::readable) {
            self.add(&cell, text);
        }
    }

    /// Add the evidence of the next part of the same file (the first dates seen stay first).
    pub fn merge(&mut self, later: &OrderEvidence) {
        self.ambiguous += later.ambiguous;
        if self.first_above_12.is_none() {
            self.first_above_12.clone_from(&later.first_above_12);
        }
        if self.second_above_12.is_none() {
            self.second_above_12.clone_from(&later.second_above_12);
        }
    }

    pub fn add(&mut self, cell: &DateCell, text: &str) {
        if let DateCell::Ambiguous { a, b, .. } = *cell {
            self.ambiguous += 1;
            if a > 12 && self.first_above_12.is_none() {
                self.first_above_12 = Some(text.to_string());
            }
            if b > 12 && self.second_above_12.is_none() {
                self.second_above_12 = Some(text.to_string());
            }
        }
    }

    /// The order the data shows, or a message saying why it cannot be decided.
    pub fn decide(&self, fixed: Option<DateOrder>) -> Result<Option<DateOrder>, String> {
        if let Some(order) = fixed {
            return Ok(Some(order));
        }
        if self.ambiguous == 0 {
            return Ok(None);
        }
        match (&self.first_above_12, &self.second_above_12) {
            (Some(d), Some(m)) => Err(format!(
                "one day-month order for the whole file, but \"{d}\" is day-first and \"{m}\" is month-first"
            )),
            (Some(_), None) => Ok(Some(DateOrder::Dmy)),
            (None, Some(_)) => Ok(Some(DateOrder::Mdy)),
            (None, None) => Err(
                "dates whose day-month order can be told, but every date here reads both ways \
                 (e.g. 03/04); set columns.date_order = \"mdy\" or \"dmy\" in the schema"
                    .to_string(),
            ),
        }
    }
}

impl DateCell {
    /// A real date in at least one day-month order (`31/31/2024` and `2/30/2024` are not).
    pub fn readable(&self) -> bool {
        match *self {
            DateCell::Known(_) => true,
            DateCell::Ambiguous { a, b, year } => {
                NaiveDate::from_ymd_opt(year, a, b).is_some()
                    || NaiveDate::from_ymd_opt(year, b, a).is_some()
            }
        }
    }
}

/// Resolve a parsed cell to a date once the file's order is known.
pub fn resolve(cell: DateCell, order: Option<DateOrder>) -> Option<NaiveDate> {
    match cell {
        DateCell::Known(d) => Some(d),
        DateCell::Ambiguous { a, b, year } => match order? {
            DateOrder::Mdy => NaiveDate::from_ymd_opt(year, a, b),
            DateOrder::Dmy | DateOrder::Ymd => NaiveDate::from_ymd_opt(year, b, a),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Quarter;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A date is three runs of up to four digits joined by one of `-`, `/`, `.`, tried
    /// in that order (expected values by hand).
    #[test]
    fn date_fields_split_on_one_separator() {
        type Fields = Option<(char, [u32; 3])>;
        let cases: [(&str, Fields); 12] = [
            ("2024-03-05", Some(('-', [2024, 3, 5]))),
            ("5/3/2024", Some(('/', [5, 3, 2024]))),
            ("1.2.2024", Some(('.', [1, 2, 2024]))),
            ("2024/3/5", Some(('/', [2024, 3, 5]))),
            ("2024-03", None),
            ("2024-03-05-01", None),
            ("12345-1-1", None),
            ("2024-3/5", None),
            ("a-b-c", None),
            ("", None),
            ("1--2", None),
            ("1/2/3.4", None),
        ];
        for (text, expected) in cases {
            assert_eq!(split_date(text), expected, "{text}");
        }
    }

    #[test]
    fn quarter_labels_in_common_spellings() {
        let q3 = Some(Quarter(2024 * 4 + 2));
        for text in ["2024-Q3", "2024 Q3", "2024q3", "Q3 2024", "q3-2024"] {
            assert_eq!(Quarter::parse(text), q3, "{text}");
        }
        assert_eq!(Quarter::parse("2024-Q5"), None);
        assert_eq!(Quarter::parse("spring"), None);
        assert_eq!(Quarter(2024 * 4 + 2).label(), "2024-Q3");
    }

    #[test]
    fn dates_map_to_calendar_quarters() {
        assert_eq!(Quarter::from_date(date(2024, 3, 31)).label(), "2024-Q1");
        assert_eq!(Quarter::from_date(date(2024, 4, 1)).label(), "2024-Q2");
        assert_eq!(Quarter::from_date(date(2024, 12, 31)).label(), "2024-Q4");
    }

    #[test]
    fn iso_and_dotted_dates_are_known_without_a_file_order() {
        assert_eq!(
            parse_date_cell("2024-07-09T13:05:00"),
            Some(DateCell::Known(date(2024, 7, 9)))
        );
        assert_eq!(
            parse_date_cell("2024-07-09 13:05"),
            Some(DateCell::Known(date(2024, 7, 9)))
        );
        assert_eq!(
            parse_date_cell("9.7.2024"),
            Some(DateCell::Known(date(2024, 7, 9)))
        );
        assert_eq!(parse_date_cell("2024-02-30"), None);
        assert_eq!(parse_date_cell("yesterday"), None);
        assert_eq!(parse_date_cell("2024-07-09 25h"), None);
    }

    #[test]
    fn excel_serials_use_the_1900_system() {
        // 45383 is 2024-04-01 in Excel (=DATE(2024,4,1) shows 45383).
        assert_eq!(
            parse_date_cell("45383"),
            Some(DateCell::Known(date(2024, 4, 1)))
        );
    }

    #[test]
    fn slash_dates_wait_for_the_file_order() {
        let cell = parse_date_cell("7/10/14 18:37").unwrap();
        assert_eq!(
            cell,
            DateCell::Ambiguous {
                a: 7,
                b: 10,
                year: 2014
            }
        );
        assert_eq!(resolve(cell, Some(DateOrder::Mdy)), Some(date(2014, 7, 10)));
        assert_eq!(resolve(cell, Some(DateOrder::Dmy)), Some(date(2014, 10, 7)));
    }

    #[test]
    fn file_order_is_decided_from_the_data_or_refused() {
        let mut ev = OrderEvidence::default();
        for t in ["3/4/2024", "12/25/2024"] {
            ev.add(&parse_date_cell(t).unwrap(), t);
        }
        assert_eq!(ev.decide(None), Ok(Some(DateOrder::Mdy)));

        let mut only_ambiguous = OrderEvidence::default();
        only_ambiguous.add(&parse_date_cell("3/4/2024").unwrap(), "3/4/2024");
        assert!(only_ambiguous
            .decide(None)
            .unwrap_err()
            .contains("date_order"));
        assert_eq!(
            only_ambiguous.decide(Some(DateOrder::Dmy)),
            Ok(Some(DateOrder::Dmy))
        );

        let mut mixed = OrderEvidence::default();
        for t in ["25/12/2024", "12/25/2024"] {
            mixed.add(&parse_date_cell(t).unwrap(), t);
        }
        assert!(mixed.decide(None).is_err());
    }
}
