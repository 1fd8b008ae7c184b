//! Find the schema's columns in a table's header, with suggestions when one is missing.
//! Only header text is looked at here; cell values are checked in `rows`.

use crate::problem::{column_letter, describe_column, Problem};
use crate::schema::ColumnRef;
use crate::text::compare_key;

/// Headers of a table, keyed for comparison.
pub struct HeaderIndex<'a> {
    headers: &'a [String],
    keys: Vec<String>,
    /// Keys of further header rows, tried when no primary header matches.
    alternate_keys: Vec<Vec<String>>,
}

/// Why a column could not be found.
pub enum Missing {
    NotFound,
    Ambiguous(Vec<usize>),
}

impl<'a> HeaderIndex<'a> {
    #[cfg(test)]
    pub fn new(headers: &'a [String]) -> HeaderIndex<'a> {
        HeaderIndex::with_alternates(headers, &[])
    }

    pub fn with_alternates(headers: &'a [String], alternates: &[Vec<String>]) -> HeaderIndex<'a> {
        HeaderIndex {
            headers,
            keys: headers.iter().map(|h| compare_key(h)).collect(),
            alternate_keys: alternates
                .iter()
                .map(|row| row.iter().map(|h| compare_key(h)).collect())
                .collect(),
        }
    }

    /// The 0-based index of a column.
    pub fn find(&self, column: &ColumnRef) -> Result<usize, Missing> {
        match column {
            ColumnRef::Position(p) if *p <= self.headers.len() => Ok(p - 1),
            ColumnRef::Position(_) | ColumnRef::Constant(_) => Err(Missing::NotFound),
            ColumnRef::Header(h) => {
                let key = compare_key(h);
                for keys in std::iter::once(&self.keys).chain(&self.alternate_keys) {
                    let hits: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key).collect();
                    match hits.as_slice() {
                        [] => continue,
                        [one] => return Ok(*one),
                        _ => return Err(Missing::Ambiguous(hits)),
                    }
                }
                Err(Missing::NotFound)
            }
        }
    }

    /// `Some(index)` when found; otherwise a problem naming the closest headers.
    /// The column of `role`, or `None` after adding why it is missing to `problems`.
    pub fn need(
        &self,
        file: &str,
        role: &str,
        column: &ColumnRef,
        problems: &mut Vec<Problem>,
    ) -> Option<usize> {
        self.require(file, role, column)
            .map_err(|p| problems.push(p))
            .ok()
    }

    pub fn require(&self, file: &str, role: &str, column: &ColumnRef) -> Result<usize, Problem> {
        self.find(column)
            .map_err(|why| self.missing_problem(file, role, column, why))
    }

    pub fn missing_problem(
        &self,
        file: &str,
        role: &str,
        column: &ColumnRef,
        why: Missing,
    ) -> Problem {
        let expected = match (why, column) {
            (Missing::Ambiguous(hits), _) => {
                let places: Vec<String> = hits.iter().map(|&i| column_letter(i)).collect();
                format!(
                    "one column for {role} {column}, but the header appears {} times (columns {}); \
                     name it by `position` in the schema",
                    hits.len(),
                    places.join(", ")
                )
            }
            (Missing::NotFound, ColumnRef::Constant(v)) => {
                format!("a column for {role}, not the constant \"{v}\"")
            }
            (Missing::NotFound, ColumnRef::Position(p)) => format!(
                "a column {p} for {role}, but the file has only {} columns",
                self.headers.len()
            ),
            (Missing::NotFound, ColumnRef::Header(h)) => {
                let near = self.closest(h, 3);
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!("; closest headers: {}", near.join(", "))
                };
                format!("a column headed \"{h}\" for {role}{hint}")
            }
        };
        Problem::file(file, expected)
    }

    /// Up to `n` headers nearest to `wanted`, described with their column letters.
    fn closest(&self, wanted: &str, n: usize) -> Vec<String> {
        let key = compare_key(wanted);
        let mut scored: Vec<(f64, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter(|(_, k)| !k.is_empty())
            .map(|(i, k)| (strsim::normalized_levenshtein(&key, k), i))
            .filter(|(s, _)| *s >= 0.4)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(n)
            .map(|(_, i)| describe_column(i, &self.headers[i]))
            .collect()
    }

    pub fn describe(&self, index: usize) -> String {
        describe_column(index, self.headers.get(index).map_or("", String::as_str))
    }
}

/// The known label nearest to an unknown answer, if any is reasonably close.
pub fn nearest_label<'l>(
    value: &str,
    labels: impl Iterator<Item = &'l String>,
) -> Option<&'l String> {
    // Edit distance is quadratic; a paragraph in a rating column is no typo.
    if value.len() > 200 {
        return None;
    }
    let key = compare_key(value);
    labels
        .map(|l| (strsim::normalized_levenshtein(&key, l), l))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_by_normalised_header_and_by_position() {
        let h = headers(&["Team ", "Submitted\u{a0}at", "Q1"]);
        let idx = HeaderIndex::new(&h);
        assert!(matches!(idx.find(&ColumnRef::Header("team".into())), Ok(0)));
        assert!(matches!(
            idx.find(&ColumnRef::Header("Submitted at".into())),
            Ok(1)
        ));
        assert!(matches!(idx.find(&ColumnRef::Position(3)), Ok(2)));
        assert!(matches!(
            idx.find(&ColumnRef::Position(4)),
            Err(Missing::NotFound)
        ));
    }

    #[test]
    fn missing_column_names_the_closest_headers() {
        let h = headers(&["Teem", "Date", "Score"]);
        let idx = HeaderIndex::new(&h);
        let p = idx
            .require("f.csv", "the team", &ColumnRef::Header("Team".into()))
            .unwrap_err();
        assert!(
            p.expected.contains("closest headers: A \"Teem\""),
            "{}",
            p.expected
        );
    }

    #[test]
    fn duplicate_header_is_ambiguous_and_says_where() {
        let h = headers(&["Team", "Q", "Team"]);
        let idx = HeaderIndex::new(&h);
        let p = idx
            .require("f.csv", "the team", &ColumnRef::Header("Team".into()))
            .unwrap_err();
        assert!(
            p.expected.contains("appears 2 times (columns A, C)"),
            "{}",
            p.expected
        );
    }

    #[test]
    fn nearest_label_suggests_a_typo_fix() {
        let labels = [
            "strongly agree".to_string(),
            "agree".to_string(),
            "disagree".to_string(),
        ];
        assert_eq!(
            nearest_label("Stronly agree", labels.iter()),
            Some(&labels[0])
        );
        assert_eq!(nearest_label("banana", labels.iter()), None);
    }
}
