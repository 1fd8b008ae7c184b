//! A calendar quarter, the period every survey value belongs to.

use chrono::NaiveDate;
use serde::Serialize;

/// A calendar quarter, stored as `year * 4 + (quarter - 1)` so that consecutive
/// quarters differ by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Quarter(pub i32);

impl Quarter {
    pub fn from_date(date: NaiveDate) -> Quarter {
        use chrono::Datelike;
        Quarter(date.year() * 4 + (date.month0() / 3) as i32)
    }

    pub fn label(self) -> String {
        format!("{}-Q{}", self.0.div_euclid(4), self.0.rem_euclid(4) + 1)
    }

    /// Parse `2024-Q3`, `2024 Q3`, `2024Q3`, `Q3 2024`, `Q3-2024` (any case), and fiscal
    /// labels with a fiscal year that starts in January (`FY24 Q3` is 2024-Q3); see
    /// [`Quarter::parse_fiscal`].
    pub fn parse(text: &str) -> Option<Quarter> {
        Quarter::parse_fiscal(text, 1)
    }

    /// As [`Quarter::parse`], with fiscal labels (`FY24 Q1`, `FY2024-Q1`, `FY24Q1`,
    /// `Q1 FY24`) read for a fiscal year starting in month `fiscal_start` (1, 4, 7 or 10)
    /// and named by the calendar year it ends in: with a July start, FY24 runs from July
    /// 2023 to June 2024, so `FY24 Q1` is 2023-Q3. Calendar labels are read as they are.
    pub fn parse_fiscal(text: &str, fiscal_start: u32) -> Option<Quarter> {
        let t = text.trim().to_ascii_uppercase();
        let parts: Vec<&str> = t
            .split(['-', ' ', '/', '_'])
            .filter(|p| !p.is_empty())
            .collect();
        let (year, q) = match parts.as_slice() {
            [one] => {
                let pos = one.rfind('Q')?;
                let (a, b) = one.split_at(pos);
                (a.to_string(), b.to_string())
            }
            [a, b] if b.starts_with('Q') => (a.to_string(), b.to_string()),
            [a, b] if a.starts_with('Q') => (b.to_string(), a.to_string()),
            _ => return None,
        };
        let q: i32 = q.strip_prefix('Q')?.parse().ok()?;
        if !(1..=4).contains(&q) {
            return None;
        }
        let (year, fiscal) = match year.strip_prefix("FY") {
            Some(digits) if digits.len() == 2 => (2000 + digits.parse::<i32>().ok()?, true),
            Some(digits) if digits.len() == 4 => (digits.parse::<i32>().ok()?, true),
            Some(_) => return None,
            None => (year.parse::<i32>().ok()?, false),
        };
        if !(1900..=2200).contains(&year) {
            return None;
        }
        if !fiscal || fiscal_start == 1 {
            return Some(Quarter(year * 4 + q - 1));
        }
        if !matches!(fiscal_start, 4 | 7 | 10) {
            return None;
        }
        // The fiscal year ending in `year` starts in `fiscal_start` of the year before.
        let start = Quarter((year - 1) * 4 + (fiscal_start as i32 - 1) / 3);
        Some(Quarter(start.0 + q - 1))
    }

    /// Whether `text` is a fiscal quarter label (`FY24 Q1` and the like).
    pub fn is_fiscal_label(text: &str) -> bool {
        text.to_ascii_uppercase().contains("FY") && Quarter::parse(text).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::Quarter;

    fn label(text: &str, start: u32) -> Option<String> {
        Quarter::parse_fiscal(text, start).map(Quarter::label)
    }

    #[test]
    fn calendar_labels_in_every_order_people_write_them() {
        for text in [
            "Q1 2024", "2024 Q1", "2024-Q1", "2024Q1", "q1-2024", "2024/Q1",
        ] {
            assert_eq!(label(text, 1).as_deref(), Some("2024-Q1"), "{text}");
            // A fiscal start never changes a calendar label.
            assert_eq!(label(text, 7).as_deref(), Some("2024-Q1"), "{text}");
        }
    }

    #[test]
    fn fiscal_labels_are_named_by_the_year_they_end_in() {
        // By hand: a July start puts FY24 at July 2023 - June 2024 (as Microsoft's
        // FY24), so its quarters are 2023-Q3, 2023-Q4, 2024-Q1, 2024-Q2.
        let july = ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"];
        for (q, expected) in july.iter().enumerate() {
            let text = format!("FY24 Q{}", q + 1);
            assert_eq!(label(&text, 7).as_deref(), Some(*expected), "{text}");
        }
        // An April start: FY2025 runs April 2024 - March 2025.
        assert_eq!(label("FY2025-Q1", 4).as_deref(), Some("2024-Q2"));
        assert_eq!(label("FY25Q4", 4).as_deref(), Some("2025-Q1"));
        // An October start (US federal): FY24 Q1 is October - December 2023.
        assert_eq!(label("Q1 FY24", 10).as_deref(), Some("2023-Q4"));
        // January: the fiscal year is the calendar year.
        assert_eq!(label("FY24 Q3", 1).as_deref(), Some("2024-Q3"));
    }

    #[test]
    fn not_quarters() {
        for text in [
            "FY24 Q5",
            "FY2 Q1",
            "Q1",
            "2024",
            "spring 2024",
            "FYQ1",
            "Q0 2024",
        ] {
            assert_eq!(label(text, 1), None, "{text}");
        }
        // A fiscal start that does not begin a calendar quarter cannot be mapped.
        assert_eq!(label("FY24 Q1", 2), None);
    }
}
