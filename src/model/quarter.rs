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

    /// Parse `2024-Q3`, `2024 Q3`, `2024Q3`, `Q3 2024`, `Q3-2024` (any case).
    pub fn parse(text: &str) -> Option<Quarter> {
        let t = text.trim().to_ascii_uppercase();
        let parts: Vec<&str> = t
            .split(['-', ' ', '/', '_'])
            .filter(|p| !p.is_empty())
            .collect();
        let (year, q) = match parts.as_slice() {
            [one] => {
                let pos = one.find('Q')?;
                let (a, b) = one.split_at(pos);
                (a.to_string(), b.to_string())
            }
            [a, b] if b.starts_with('Q') => (a.to_string(), b.to_string()),
            [a, b] if a.starts_with('Q') => (b.to_string(), a.to_string()),
            _ => return None,
        };
        let year: i32 = year.parse().ok()?;
        let q: i32 = q.strip_prefix('Q')?.parse().ok()?;
        ((1..=4).contains(&q) && (1900..=2200).contains(&year)).then_some(Quarter(year * 4 + q - 1))
    }
}
