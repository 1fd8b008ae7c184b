//! One item's scores over all responses, one byte each: answers come from a short list
//! of values (a scale's points), so each response keeps the value's place in that list.
//! A column with more distinct values than a byte can name keeps plain numbers.

use std::ops::Index;

/// No answer.
const NONE: f32 = f32::NAN;

/// Places a byte can name besides "no answer".
const MAX_VALUES: usize = u8::MAX as usize;

/// Item `i`'s scores: `column[r]` is response `r`'s score, NaN when not answered.
#[derive(Debug, Clone, Default)]
pub struct ItemColumn {
    /// The distinct scores, in the order first seen.
    values: Vec<f32>,
    /// Per response: 0 for no answer, else 1 + the score's place in `values`.
    codes: Vec<u8>,
    /// Every score as it is, once a column has more than [`MAX_VALUES`] distinct ones.
    plain: Option<Vec<f32>>,
}

impl ItemColumn {
    pub fn len(&self) -> usize {
        match &self.plain {
            Some(p) => p.len(),
            None => self.codes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push(&mut self, v: f32) {
        if let Some(plain) = &mut self.plain {
            plain.push(v);
            return;
        }
        if v.is_nan() {
            self.codes.push(0);
            return;
        }
        match self.code_of(v) {
            Some(code) => self.codes.push(code),
            None => {
                let mut plain: Vec<f32> = (0..self.codes.len()).map(|r| self[r]).collect();
                plain.push(v);
                self.plain = Some(plain);
                self.codes = Vec::new();
            }
        }
    }

    /// The code of score `v` (not NaN), adding it to the values when it is new; `None`
    /// when it is new and the values are full.
    fn code_of(&mut self, v: f32) -> Option<u8> {
        let place = match self.values.iter().position(|x| x.to_bits() == v.to_bits()) {
            Some(p) => p,
            None if self.values.len() < MAX_VALUES => {
                self.values.push(v);
                self.values.len() - 1
            }
            None => return None,
        };
        Some(place as u8 + 1)
    }

    /// Per response the byte code (0 for no answer, else 1 + the score's place in the
    /// values), and the values: `None` once the column keeps plain numbers.
    pub fn coded(&self) -> Option<(&[u8], &[f32])> {
        match &self.plain {
            Some(_) => None,
            None => Some((&self.codes, &self.values)),
        }
    }

    /// Add `other`'s responses `rows`, in that order: the same scores as pushing
    /// `other[r]` for each, with each of `other`'s codes translated once.
    pub fn extend_from(&mut self, other: &ItemColumn, rows: &[usize]) {
        let remap = match (&self.plain, &other.plain) {
            (None, None) => self.remap(&other.values),
            _ => None,
        };
        match remap {
            Some(remap) => self
                .codes
                .extend(rows.iter().map(|&r| remap[other.codes[r] as usize])),
            None => {
                for &r in rows {
                    self.push(other[r]);
                }
            }
        }
    }

    /// Each code of a column with `values` as a code of this one (0 stays no answer),
    /// adding the values not yet here; `None` when they do not all fit.
    fn remap(&mut self, values: &[f32]) -> Option<Vec<u8>> {
        let mut remap = vec![0u8; values.len() + 1];
        for (to, v) in remap[1..].iter_mut().zip(values) {
            *to = self.code_of(*v)?;
        }
        Some(remap)
    }

    pub fn truncate(&mut self, len: usize) {
        match &mut self.plain {
            Some(p) => p.truncate(len),
            None => self.codes.truncate(len),
        }
    }
}

impl Index<usize> for ItemColumn {
    type Output = f32;

    fn index(&self, r: usize) -> &f32 {
        match &self.plain {
            Some(p) => &p[r],
            None => match self.codes[r] {
                0 => &NONE,
                c => &self.values[c as usize - 1],
            },
        }
    }
}

impl FromIterator<f32> for ItemColumn {
    fn from_iter<I: IntoIterator<Item = f32>>(iter: I) -> ItemColumn {
        let mut column = ItemColumn::default();
        for v in iter {
            column.push(v);
        }
        column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Appending some responses of another column gives the scores pushing them one by
    /// one gives, whether the values are new, shared, or too many for byte codes.
    #[test]
    fn extending_from_another_column_keeps_its_scores() {
        let bits = |c: &ItemColumn| (0..c.len()).map(|r| c[r].to_bits()).collect::<Vec<_>>();
        let mut into: ItemColumn = [2.0, f32::NAN, 4.0].into_iter().collect();
        let other: ItemColumn = [4.0, 1.0, f32::NAN, 2.5, 1.0].into_iter().collect();
        into.extend_from(&other, &[4, 0, 2, 3]);
        let expected: ItemColumn = [2.0, f32::NAN, 4.0, 1.0, 4.0, f32::NAN, 2.5]
            .into_iter()
            .collect();
        assert_eq!(bits(&into), bits(&expected));
        assert_eq!(into.coded().unwrap().1, [2.0, 4.0, 1.0, 2.5]);
        // 200 + 200 distinct values outgrow the byte codes while extending.
        let mut a: ItemColumn = (0..200).map(|i| i as f32).collect();
        let b: ItemColumn = (0..200).map(|i| 1000.0 + i as f32).collect();
        let rows: Vec<usize> = (0..200).rev().collect();
        a.extend_from(&b, &rows);
        assert!(a.coded().is_none());
        let expected: Vec<u32> = (0..200)
            .map(|i| i as f32)
            .chain((0..200).rev().map(|i| 1000.0 + i as f32))
            .map(f32::to_bits)
            .collect();
        assert_eq!(bits(&a), expected);
    }

    /// Every score comes back exactly (bit for bit), missing ones as NaN, before and
    /// after the column outgrows its byte codes.
    #[test]
    fn scores_come_back_as_pushed() {
        let small = [3.0, f32::NAN, 5.0, 3.0, 1.5, f32::NAN, 5.0];
        let col: ItemColumn = small.iter().copied().collect();
        assert_eq!(col.len(), 7);
        assert!(col.plain.is_none());
        let (codes, values) = col.coded().unwrap();
        assert_eq!(codes, [1, 0, 2, 1, 3, 0, 2]);
        assert_eq!(values, [3.0, 5.0, 1.5]);
        for (r, v) in small.iter().enumerate() {
            assert_eq!(col[r].to_bits(), v.to_bits(), "{r}");
        }
        // 300 distinct values (plus gaps) do not fit a byte's 255 places.
        let many: Vec<f32> = (0..600)
            .map(|i| if i % 2 == 0 { i as f32 / 7.0 } else { f32::NAN })
            .collect();
        let mut col: ItemColumn = many.iter().copied().collect();
        assert!(col.plain.is_some());
        for (r, v) in many.iter().enumerate() {
            assert_eq!(col[r].to_bits(), v.to_bits(), "{r}");
        }
        assert!(col.coded().is_none());
        col.truncate(3);
        assert_eq!(col.len(), 3);
    }
}
