//! What a score cell, a trend or an effect measures: one domain, Overall (every domain
//! together), or one survey question.

use serde::Serialize;

/// What a value measures. The derived order (domains in the schema's order, then Overall,
/// then questions in the schema's order) is the order of every table and chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Measure {
    /// The schema's domain with this index.
    Domain(usize),
    /// The mean of a respondent's domain scores, over every domain.
    Overall,
    /// The schema's item (question) with this index.
    Item(usize),
}

impl Measure {
    /// Every domain in the schema's order, then Overall: the measures of the domain
    /// tables, for a schema with `domains` domains.
    pub fn domains_and_overall(domains: usize) -> impl Iterator<Item = Measure> + Clone {
        (0..domains)
            .map(Measure::Domain)
            .chain(std::iter::once(Measure::Overall))
    }

    /// The domain's index, for a domain.
    pub fn domain(self) -> Option<usize> {
        match self {
            Measure::Domain(d) => Some(d),
            _ => None,
        }
    }

    /// The question's index, for a question.
    pub fn item(self) -> Option<usize> {
        match self {
            Measure::Item(i) => Some(i),
            _ => None,
        }
    }

    /// The place of a domain or Overall in a list of `domains + 1` entries laid out as
    /// [`Measure::domains_and_overall`] yields them (Overall last).
    ///
    /// # Panics
    /// For a question, which has no place in such a list.
    pub fn slot(self, domains: usize) -> usize {
        match self {
            Measure::Domain(d) => d,
            Measure::Overall => domains,
            Measure::Item(i) => panic!("question {i} has no place among the domains"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Measure;

    #[test]
    fn domains_then_overall_then_questions() {
        let mut all = vec![
            Measure::Item(0),
            Measure::Overall,
            Measure::Domain(2),
            Measure::Domain(0),
        ];
        all.sort();
        assert_eq!(
            all,
            [
                Measure::Domain(0),
                Measure::Domain(2),
                Measure::Overall,
                Measure::Item(0)
            ]
        );
        let listed: Vec<Measure> = Measure::domains_and_overall(2).collect();
        assert_eq!(
            listed,
            [Measure::Domain(0), Measure::Domain(1), Measure::Overall]
        );
        let slots: Vec<usize> = listed.iter().map(|m| m.slot(2)).collect();
        assert_eq!(slots, [0, 1, 2]);
    }
}
