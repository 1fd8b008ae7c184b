//! Question-level results: per item, unit (team, every roll-up, the organisation) and
//! quarter, the respondents who answered it, their mean, sd and 95% CI, and how the
//! answers spread over the scale (unfavourable, neutral, favourable; each point).
//! Scores are as scored: a reverse-coded item is flipped, so the top of the scale is
//! always the favourable end.

use super::{CellIds, Key, Level, NO_CELL};
use crate::error::Result;
use crate::metrics::stats::mean_ci95;
use crate::schema::{Scale, Schema};
use crate::validate::Dataset;

use super::Cell;
use crate::model::Measure;

/// One item in one unit-quarter. `cell.measure` is the item (`Measure::Item`);
/// `cell.favourable` its favourable share.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemCell {
    pub cell: Cell,
    pub neutral: f64,
    pub unfavourable: f64,
    /// Answers per scale point, lowest first (empty for a scale of more than
    /// [`MAX_POINTS`] points).
    pub counts: Vec<u32>,
}

impl ItemCell {
    /// The question's index in the schema.
    pub fn item(&self) -> usize {
        match self.cell.measure {
            Measure::Item(i) => i,
            other => unreachable!("a question cell measures a question, not {other:?}"),
        }
    }
}

impl crate::model::Keyed for ItemCell {
    type Key<'a> = super::CellKey<'a>;

    fn key(&self) -> super::CellKey<'_> {
        crate::model::Keyed::key(&self.cell)
    }
}

/// The most scale points a distribution is kept for.
pub const MAX_POINTS: usize = 11;

/// The scale points a distribution counts, lowest first.
pub fn scale_points(scale: &Scale) -> Vec<f64> {
    let (lo, hi) = (scale.min.ceil(), scale.max.floor());
    let n = (hi - lo + 1.0).max(0.0) as usize;
    if n > MAX_POINTS || scale.min.fract() != 0.0 || scale.max.fract() != 0.0 {
        return Vec::new();
    }
    (0..n).map(|i| lo + i as f64).collect()
}

/// Sums of one item's answers in one cell.
#[derive(Debug, Clone, Default)]
struct Sums {
    n: u64,
    sum: f64,
    sum_sq: f64,
    fav: u64,
    unfav: u64,
    counts: Vec<u32>,
}

impl Sums {
    fn merge(&mut self, other: &Sums) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
        self.fav += other.fav;
        self.unfav += other.unfav;
        if !other.counts.is_empty() {
            if self.counts.is_empty() {
                self.counts = vec![0; other.counts.len()];
            }
            for (a, b) in self.counts.iter_mut().zip(&other.counts) {
                *a += b;
            }
        }
    }
}

/// How one answer counts: its value, whether favourable or unfavourable, its point.
struct Rule {
    fav_from: f64,
    unfav_to: f64,
    points: Vec<f64>,
}

impl Rule {
    fn of(scale: &Scale) -> Rule {
        let fav_from = scale.favourable_from();
        // The mirror image of the favourable range at the bottom of the scale.
        let unfav_to = scale.min + (scale.max - fav_from);
        Rule {
            fav_from,
            unfav_to,
            points: scale_points(scale),
        }
    }

    /// Add `times` answers of value `v`.
    fn add(&self, s: &mut Sums, v: f64, times: u32) {
        let k = u64::from(times);
        s.n += k;
        s.sum += v * k as f64;
        s.sum_sq += v * v * k as f64;
        s.fav += k * u64::from(v >= self.fav_from);
        s.unfav += k * u64::from(v <= self.unfav_to);
        if let Some(p) = self.points.iter().position(|p| (p - v).abs() < 0.5) {
            if s.counts.is_empty() {
                s.counts = vec![0; self.points.len()];
            }
            s.counts[p] += times;
        }
    }
}

/// Answers of one item per team cell, by answer code (0: no answer), or as sums when
/// the column keeps plain numbers.
enum TeamTallies {
    Coded { values: Vec<f32>, counts: Vec<u32> },
    Plain(Vec<Sums>),
}

/// Every item cell at every level, sorted by level, unit, quarter and item. Cells of
/// already-aggregated rows have no item answers and are not here.
///
/// Each item's answers are counted once per team cell (by answer code, one increment
/// per answer); every other level's cells are sums of team cells, so they are folded
/// from those counts.
pub fn item_cells(ds: &Dataset, schema: &Schema) -> Result<Vec<ItemCell>> {
    if ds.responses.is_empty() {
        return Ok(Vec::new());
    }
    item_cells_over(ds, schema, &CellIds::of(ds)?)
}

impl TeamTallies {
    /// One item's answers tallied per team cell (`team_ids`: each response's team cell).
    fn of(
        column: &crate::validate::ItemColumn,
        team_ids: &[u32],
        team_cells: usize,
        rule: &Rule,
    ) -> TeamTallies {
        match column.coded() {
            Some((codes, values)) => {
                let stride = values.len() + 1;
                let mut counts = vec![0u32; team_cells * stride];
                for (&t, &code) in team_ids.iter().zip(codes) {
                    counts[t as usize * stride + code as usize] += 1;
                }
                TeamTallies::Coded {
                    values: values.to_vec(),
                    counts,
                }
            }
            None => {
                let mut sums = vec![Sums::default(); team_cells];
                for (r, &t) in team_ids.iter().enumerate() {
                    let v = column[r];
                    if !v.is_nan() {
                        rule.add(&mut sums[t as usize], v as f64, 1);
                    }
                }
                TeamTallies::Plain(sums)
            }
        }
    }

    /// The team tallies summed into the `cells` cells of one level (`fold`: each team
    /// cell's cell at that level).
    fn fold(&self, fold: &[u32], cells: usize, rule: &Rule) -> Vec<Sums> {
        let mut sums = vec![Sums::default(); cells];
        for (t, &cell) in fold.iter().enumerate() {
            if cell == NO_CELL {
                continue;
            }
            let s = &mut sums[cell as usize];
            match self {
                TeamTallies::Coded { values, counts } => {
                    let stride = values.len() + 1;
                    for (k, &v) in values.iter().enumerate() {
                        let c = counts[t * stride + k + 1];
                        if c > 0 {
                            rule.add(s, v as f64, c);
                        }
                    }
                }
                TeamTallies::Plain(team) => s.merge(&team[t]),
            }
        }
        sums
    }
}

/// [`item_cells`] over cell ids found already.
pub(super) fn item_cells_over(
    ds: &Dataset,
    schema: &Schema,
    ids: &CellIds,
) -> Result<Vec<ItemCell>> {
    use rayon::prelude::*;
    if schema.items.is_empty() {
        return Ok(Vec::new());
    }
    let rule = Rule::of(&schema.scale);
    let team_ids: Vec<u32> = ids
        .frame
        .column(&ids.levels[0].column)?
        .u32()?
        .into_no_null_iter()
        .collect();
    let team_cells = ids.levels[0].keys.len();
    // Per level, the cell each team cell belongs to.
    let mut folds: Vec<Vec<u32>> = Vec::with_capacity(ids.levels.len());
    for level in &ids.levels {
        let cell_of = ids.frame.column(&level.column)?.u32()?;
        let mut fold = vec![NO_CELL; team_cells];
        for (t, c) in team_ids.iter().zip(cell_of.into_no_null_iter()) {
            fold[*t as usize] = c;
        }
        folds.push(fold);
    }
    let per_item: Vec<TeamTallies> = (0..schema.items.len())
        .into_par_iter()
        .map(|i| TeamTallies::of(&ds.responses.items[i], &team_ids, team_cells, &rule))
        .collect();
    let mut out = Vec::new();
    for (i, tallies) in per_item.into_iter().enumerate() {
        for (level, fold) in ids.levels.iter().zip(&folds) {
            let sums = tallies.fold(fold, level.keys.len(), &rule);
            for ((key, group), s) in level.keys.iter().zip(sums) {
                if s.n > 0 {
                    out.push(finish(key, group, i, s));
                }
            }
        }
    }
    out.sort_by(|a, b| {
        let k = |c: &ItemCell| {
            (
                c.cell.level,
                c.cell.unit.clone(),
                c.cell.period,
                c.cell.measure,
            )
        };
        k(a).cmp(&k(b))
    });
    Ok(out)
}

fn finish(key: &Key, group: &Option<String>, item: usize, s: Sums) -> ItemCell {
    let (level, unit, period): &(Level, String, _) = key;
    let n = s.n as f64;
    let mean = s.sum / n;
    // Sample sd (n - 1) from the sums; answers are small whole numbers, so the sums
    // are exact in f64 and the difference loses nothing that matters at 4 decimals.
    let sd = (s.n > 1).then(|| ((s.sum_sq - s.sum * mean) / (n - 1.0)).max(0.0).sqrt());
    ItemCell {
        cell: Cell {
            level: *level,
            unit: unit.clone(),
            group: group.clone(),
            period: *period,
            measure: Measure::Item(item),
            n: s.n as u32,
            mean,
            sd,
            ci: sd.and_then(|sd| mean_ci95(mean, sd, s.n as usize)),
            favourable: Some(s.fav as f64 / n),
            n_unknown: false,
        },
        neutral: (s.n - s.fav - s.unfav) as f64 / n,
        unfavourable: s.unfav as f64 / n,
        counts: s.counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::close;
    use crate::validate::testing::{dataset, schema};

    /// The scores module's hand-worked DATA: item a1 answers in T1 are 5, 3, 4; in T2
    /// "Disagree" (2). b2 is reverse-coded: T1 answers 2, 1, 4 score 4, 5, 2.
    #[test]
    fn item_cells_count_answers_per_point_and_share() {
        let s = schema();
        let ds = dataset(
            &s,
            "Team,Group,Quarter,a1,a2,b1,b2\n\
T1,G,2024-Q1,5,4,3,2\n\
T1,G,2024-Q1,3,3,4,1\n\
T1,G,2024-Q1,4,,2,4\n\
T2,G,2024-Q1,Disagree,2,5,5\n",
        );
        let cells = item_cells(&ds, &s).unwrap();
        let find = |level: Level, unit: &str, item: usize| {
            cells
                .iter()
                .find(|c| {
                    c.cell.level == level
                        && c.cell.unit == unit
                        && c.cell.measure == Measure::Item(item)
                })
                .unwrap()
        };
        let a1 = find(Level::Team, "T1", 0);
        assert_eq!((a1.cell.n, a1.counts.clone()), (3, vec![0, 0, 1, 1, 1]));
        close(a1.cell.mean, 4.0, 1e-12);
        close(a1.cell.sd.unwrap(), 1.0, 1e-12);
        // 4 and 5 favourable, 3 neutral.
        close(a1.cell.favourable.unwrap(), 2.0 / 3.0, 1e-12);
        close(a1.neutral, 1.0 / 3.0, 1e-12);
        close(a1.unfavourable, 0.0, 1e-12);
        // a2 in T1: 4, 3 (one blank).
        assert_eq!(find(Level::Team, "T1", 1).cell.n, 2);
        let b2 = find(Level::Team, "T1", 3);
        assert_eq!(b2.counts, vec![0, 1, 0, 1, 1]);
        let org = find(Level::Organisation, "Organisation", 0);
        assert_eq!(org.counts, vec![0, 1, 1, 1, 1]);
        close(org.unfavourable, 0.25, 1e-12);
        let g = find(Level::Group, "G", 0);
        assert_eq!(g.cell.n, 4);
        assert_eq!(find(Level::Team, "T1", 0).cell.group.as_deref(), Some("G"));
    }
}
