//! The draft's answer scale, from the instrument or from the answers found in the file.

use crate::text::compare_key;
use std::collections::BTreeMap;

use crate::column_profile::{ColumnProfile, Kind};
use crate::schema::Schema;

/// The draft's answer scale: the instrument's when the file's rating labels fit it,
/// otherwise the ordering found in the file.
pub(super) struct DraftScale {
    pub min: f64,
    pub max: f64,
    pub labels: Vec<(String, f64)>,
    pub missing: Vec<String>,
    pub from_instrument: bool,
}

pub(super) fn draft_scale(inst: &Schema, ratings: &[&ColumnProfile]) -> DraftScale {
    let mut file_labels: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut numeric: Option<(f64, f64)> = None;
    let mut best: BTreeMap<Vec<(String, u32)>, usize> = BTreeMap::new();
    for c in ratings {
        match &c.kind {
            Kind::Labels {
                scale: Some(s),
                no_answer,
                ..
            } => {
                file_labels.extend(s.iter().map(|p| p.label.clone()));
                missing.extend(no_answer.iter().cloned());
                *best
                    .entry(s.iter().map(|p| (p.label.clone(), p.score)).collect())
                    .or_default() += 1;
            }
            Kind::Number {
                min, max, codes, ..
            } => {
                numeric = Some(numeric.map_or((*min, *max), |(a, b)| (a.min(*min), b.max(*max))));
                missing.extend(codes.iter().cloned());
            }
            _ => {}
        }
    }
    missing.sort_by_key(|m| compare_key(m));
    missing.dedup_by_key(|m| compare_key(m));
    let fits_instrument = !file_labels.is_empty()
        && file_labels
            .iter()
            .all(|l| inst.scale.labels.contains_key(&compare_key(l)));
    if fits_instrument || (file_labels.is_empty() && numeric.is_none()) {
        let mut labels: Vec<(String, f64)> = inst
            .scale
            .labels
            .iter()
            .map(|(k, v)| (inst.scale.label_text[k].clone(), *v))
            .collect();
        labels.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let mut all_missing: Vec<String> = inst.scale.missing.iter().cloned().collect();
        all_missing.extend(missing);
        all_missing.sort_by_key(|m| compare_key(m));
        all_missing.dedup_by_key(|m| compare_key(m));
        return DraftScale {
            min: inst.scale.min,
            max: inst.scale.max,
            labels,
            missing: all_missing,
            from_instrument: true,
        };
    }
    let (labels, min, max) = match best
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())))
    {
        // Labelled rating columns win; numeric columns then stay out of the items
        // (a 1-6 ranking is not a 1-5 agreement scale).
        Some((scale, _)) => {
            let max = scale.iter().map(|p| p.1).max().unwrap_or(1) as f64;
            let labels = scale.into_iter().map(|(l, s)| (l, s as f64)).collect();
            (labels, 1.0, max)
        }
        None => {
            let (a, b) = numeric.unwrap_or((1.0, 5.0));
            let (a, b) = platform_scale(a, b);
            (Vec::new(), a, b)
        }
    };
    DraftScale {
        min,
        max,
        labels,
        missing,
        from_instrument: false,
    }
}

/// The usual scale of survey platforms that holds every number found: answers from 2
/// to 4 are on a 1-5 scale whose ends nobody chose, not on a 2-4 scale. Numbers outside
/// every usual scale keep the range found.
fn platform_scale(lo: f64, hi: f64) -> (f64, f64) {
    const USUAL: [(f64, f64); 4] = [(1.0, 5.0), (1.0, 7.0), (1.0, 10.0), (0.0, 10.0)];
    USUAL
        .into_iter()
        .find(|(a, b)| *a <= lo && hi <= *b)
        .unwrap_or((lo, hi))
}

/// Does every answer in the column fit the scale (labels, numbers in range, no-answer)?
pub(super) fn fits(c: &ColumnProfile, s: &DraftScale) -> bool {
    let label_keys: Vec<String> = s.labels.iter().map(|l| compare_key(&l.0)).collect();
    let missing: Vec<String> = s.missing.iter().map(|m| compare_key(m)).collect();
    match &c.kind {
        Kind::Labels { labels, .. } => labels.iter().all(|l| {
            let k = compare_key(&l.label);
            label_keys.contains(&k) || missing.contains(&k)
        }),
        Kind::Number {
            min, max, codes, ..
        } => {
            (s.labels.is_empty() || s.from_instrument)
                && *min >= s.min
                && *max <= s.max
                && codes.iter().all(|c| missing.contains(&compare_key(c)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::platform_scale;

    /// Answers that happen to span 2..4 are on the usual 1-5 scale; 0..9 on 0-10; a
    /// range no usual scale holds stays as found.
    #[test]
    fn numbers_take_the_usual_scale_that_holds_them() {
        assert_eq!(platform_scale(2.0, 4.0), (1.0, 5.0));
        assert_eq!(platform_scale(1.0, 6.0), (1.0, 7.0));
        assert_eq!(platform_scale(0.0, 9.0), (0.0, 10.0));
        assert_eq!(platform_scale(3.0, 12.0), (3.0, 12.0));
    }
}
