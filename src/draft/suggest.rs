//! A suggested domain for each rating column that matched no instrument item: by its
//! wording (against the instrument's items and domain names) and by which columns its
//! answers go with; and whether it looks reverse-worded (its answers correlate
//! negatively with the rest of its domain). Every suggestion is a CONFIRM in the draft.

use crate::column_profile::{ColumnProfile, Kind};
use crate::ingest::Table;
use crate::schema::{ColumnRef, Schema};

/// Rounds of reassignment by the answers; assignments settle in two or three.
const ROUNDS: usize = 6;
/// Weight of the wording beside the answers' correlation when choosing a domain.
const WORDING_WEIGHT: f64 = 0.5;
/// Fewest rows answered by both columns for a correlation.
const MIN_PAIRS: usize = 10;

/// What the draft says of one unmatched rating column.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Suggestion {
    /// Index of the suggested domain; `None` when neither wording nor answers point to one.
    pub domain: Option<usize>,
    /// The instrument text its header reads most like in that domain, and how much
    /// (share of shared words, 0-1).
    pub wording: Option<(String, f64)>,
    /// Correlation of its answers with the mean of the rest of that domain's columns.
    pub r: Option<f64>,
    /// The correlation is negative: the item reads the other way round.
    pub reverse: bool,
}

/// Words too common to say anything about a domain.
const STOP: [&str; 24] = [
    "the", "and", "our", "are", "for", "with", "this", "that", "you", "your", "have", "has", "can",
    "what", "how", "about", "team", "work", "when", "its", "all", "not", "there", "here",
];

fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && !STOP.contains(w))
        // A five-letter stem: "communicate" and "communication" are one word.
        .map(|w| w.chars().take(5).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Dice similarity of two texts' word stems (0-1).
fn wording(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// The best wording match of a header in each domain: (instrument text, similarity).
fn wording_by_domain(header: &str, inst: &Schema) -> Vec<(String, f64)> {
    let h = words(header);
    inst.domains
        .iter()
        .enumerate()
        .map(|(d, dom)| {
            let mut best = (dom.name.clone(), wording(&h, &words(&dom.name)));
            for it in inst.items.iter().filter(|it| it.domain == d) {
                if let ColumnRef::Header(text) = &it.column {
                    let sim = wording(&h, &words(text));
                    if sim > best.1 {
                        best = (text.clone(), sim);
                    }
                }
            }
            best
        })
        .collect()
}

/// Each rating column's answers as scores (label columns through their scale), by row.
fn scores(table: &Table, columns: &[&ColumnProfile]) -> Vec<Vec<Option<f64>>> {
    let mut out: Vec<Vec<Option<f64>>> = vec![Vec::new(); columns.len()];
    table.for_each_cells(|_, cells| {
        for (k, c) in columns.iter().enumerate() {
            let text = cells.get(c.position - 1).trim();
            let v = match &c.kind {
                Kind::Labels {
                    scale: Some(points),
                    ..
                } => points
                    .iter()
                    .find(|p| p.label == text)
                    .map(|p| f64::from(p.score)),
                _ => text.parse::<f64>().ok(),
            };
            out[k].push(v);
        }
    });
    out
}

fn pearson(x: &[Option<f64>], y: &[Option<f64>]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter_map(|(a, b)| Some(((*a)?, (*b)?)))
        .collect();
    if pairs.len() < MIN_PAIRS {
        return None;
    }
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The row means of `members` (each with its sign: -1 for a reversed column), over the
/// members a row answered.
fn domain_score(values: &[Vec<Option<f64>>], members: &[(usize, f64)]) -> Vec<Option<f64>> {
    let rows = values.first().map_or(0, Vec::len);
    (0..rows)
        .map(|r| {
            let answered: Vec<f64> = members
                .iter()
                .filter_map(|(k, sign)| values[*k][r].map(|v| sign * v))
                .collect();
            (!answered.is_empty()).then(|| answered.iter().sum::<f64>() / answered.len() as f64)
        })
        .collect()
}

/// Column `k`'s correlation with each of `domains` domains' score (the other columns
/// assigned to it, with their signs); `None` for a domain with no other column.
fn domain_correlations(
    values: &[Vec<Option<f64>>],
    assigned: &[Option<(usize, f64)>],
    k: usize,
    domains: usize,
) -> Vec<Option<f64>> {
    (0..domains)
        .map(|d| {
            let members: Vec<(usize, f64)> = (0..assigned.len())
                .filter(|&j| j != k)
                .filter_map(|j| assigned[j].filter(|a| a.0 == d).map(|a| (j, a.1)))
                .collect();
            if members.is_empty() {
                return None;
            }
            pearson(&values[k], &domain_score(values, &members))
        })
        .collect()
}

/// The domain a column fits best: the size of its correlation plus the wording weight
/// times its wording similarity; none when nothing speaks for any domain.
fn best_domain(r: &[Option<f64>], words: &[(String, f64)]) -> Option<(usize, f64)> {
    (0..r.len())
        .map(|d| {
            let data = r[d].map_or(0.0, f64::abs);
            (d, data + WORDING_WEIGHT * words[d].1)
        })
        .filter(|(_, s)| *s > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// Suggestions for the columns of `ratings` not in `fixed` (column index into
/// `ratings`, instrument domain, reverse-coded), in the order of `ratings`. A fixed
/// (matched) column anchors its domain; the others start from their wording and are
/// reassigned by the correlation of their answers with each domain's other columns,
/// plus half their wording similarity, until nothing moves.
pub(super) fn suggest(
    table: &Table,
    inst: &Schema,
    ratings: &[&ColumnProfile],
    fixed: &[(usize, usize, bool)],
) -> Vec<Option<Suggestion>> {
    let values = scores(table, ratings);
    let words: Vec<Vec<(String, f64)>> = ratings
        .iter()
        .map(|c| wording_by_domain(&c.header, inst))
        .collect();
    // (domain, sign) per column: fixed ones as matched, the rest by their best wording.
    let mut assigned: Vec<Option<(usize, f64)>> = (0..ratings.len())
        .map(|k| match fixed.iter().find(|f| f.0 == k) {
            Some(&(_, d, reverse)) => Some((d, if reverse { -1.0 } else { 1.0 })),
            None => words[k]
                .iter()
                .enumerate()
                .filter(|(_, w)| w.1 > 0.0)
                .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1).then(b.0.cmp(&a.0)))
                .map(|(d, _)| (d, 1.0)),
        })
        .collect();
    let free: Vec<usize> = (0..ratings.len())
        .filter(|k| !fixed.iter().any(|f| f.0 == *k))
        .collect();
    let mut correlations: Vec<Vec<Option<f64>>> = vec![Vec::new(); ratings.len()];
    for _ in 0..ROUNDS {
        let mut next = assigned.clone();
        for &k in &free {
            let r = domain_correlations(&values, &assigned, k, inst.domains.len());
            let best = best_domain(&r, &words[k]);
            next[k] = best.map(|(d, _)| {
                (
                    d,
                    if r[d].is_some_and(|v| v < 0.0) {
                        -1.0
                    } else {
                        1.0
                    },
                )
            });
            correlations[k] = r;
        }
        let settled = next == assigned;
        assigned = next;
        if settled {
            break;
        }
    }
    (0..ratings.len())
        .map(|k| {
            if !free.contains(&k) {
                return None;
            }
            let domain = assigned[k].map(|a| a.0);
            let r = domain.and_then(|d| correlations[k].get(d).copied().flatten());
            Some(Suggestion {
                domain,
                wording: domain.map(|d| words[k][d].clone()).filter(|w| w.1 > 0.0),
                r,
                reverse: r.is_some_and(|v| v < 0.0),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_stems_match_across_forms_and_skip_common_words() {
        // "communicate" and "communication" share the stem "commu"; "team" is skipped.
        let a = words("Our team communicates well");
        let b = words("Communication");
        assert_eq!(a, vec!["commu".to_string(), "well".to_string()]);
        // Dice: 2 * 1 shared / (2 + 1) words.
        assert!((wording(&a, &b) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(wording(&a, &[]), 0.0);
    }

    #[test]
    fn pearson_on_pairs_answered_by_both() {
        // By hand: x = 1..10, y = 2x with one row missing: r = 1; y reversed: r = -1.
        let x: Vec<Option<f64>> = (1..=11).map(|v| Some(v as f64)).collect();
        let mut y: Vec<Option<f64>> = (1..=11).map(|v| Some(2.0 * v as f64)).collect();
        y[3] = None;
        assert!((pearson(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let z: Vec<Option<f64>> = y.iter().map(|v| v.map(|v| -v)).collect();
        assert!((pearson(&x, &z).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&x[..5], &y[..5]), None, "too few pairs");
    }
}
