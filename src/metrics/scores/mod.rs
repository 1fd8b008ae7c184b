//! Domain scores per team, group and organisation for each quarter (n, mean, sd, 95% CI,
//! favourable share). Respondent scores are computed across columns first, then polars groups.

use crate::model::{Measure, Quarter};
use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

mod items;

pub use items::{item_cells, scale_points, ItemCell};

use super::halo::{team_noise, unit_noise, Noise, UnitKey, UnitNoise};
use super::stats::{mean_ci95, mean_sd};
use crate::error::Result;
use crate::schema::Schema;
use crate::validate::{Dataset, Team};

/// The level a score describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Organisation,
    Group,
    Team,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Organisation => "organisation",
            Level::Group => "group",
            Level::Team => "team",
        }
    }
}

/// Name used for the whole organisation in outputs.
pub const ORGANISATION: &str = "Organisation";

/// One score cell: a unit (team, group or organisation) in one quarter on one domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub level: Level,
    pub unit: String,
    /// The group the unit rolls up into: a team's group, or a group's parent group in a
    /// hierarchy; none when it rolls up straight into the organisation.
    pub group: Option<String>,
    pub period: Quarter,
    /// A domain, Overall, or (in a question cell) a question.
    pub measure: Measure,
    /// Respondents with a score in this domain (for Overall: in every domain).
    pub n: u32,
    pub mean: f64,
    pub sd: Option<f64>,
    pub ci: Option<(f64, f64)>,
    /// Share of item answers in the favourable range.
    pub favourable: Option<f64>,
    /// The cell comes only from hand-kept rows without a respondent count: `n` is 0 and
    /// means nothing, there is no sd or interval, and the minimum-group rule could not
    /// be checked (a roll-up of such teams is the plain mean of their means).
    pub n_unknown: bool,
}

/// Which unit, quarter and measure (a domain, Overall or a question) a cell
/// belongs to: printed whether the cell is shown or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellKey<'a> {
    pub level: Level,
    pub unit: &'a str,
    pub group: Option<&'a str>,
    pub period: Quarter,
    pub measure: Measure,
    /// The cell comes from hand-kept rows without a respondent count (how the input was
    /// given, not what it says).
    pub n_unknown: bool,
}

impl crate::model::Keyed for Cell {
    type Key<'a> = CellKey<'a>;

    fn key(&self) -> CellKey<'_> {
        CellKey {
            level: self.level,
            unit: &self.unit,
            group: self.group.as_deref(),
            period: self.period,
            measure: self.measure,
            n_unknown: self.n_unknown,
        }
    }
}

/// One respondent's answers to one domain's items.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DomainAnswers {
    /// Mean of the answered items when at least `min_answered` are answered.
    pub score: Option<f64>,
    /// Answers at or above `fav_from`.
    pub favourable: u32,
    pub answered: u32,
}

/// The answers `values` (one per item, in the domain's item order, NaN when not
/// answered) make: the one scoring rule the cells and the halo noise share.
fn domain_answers(
    values: impl Iterator<Item = f32>,
    min_answered: usize,
    fav_from: f32,
) -> DomainAnswers {
    let (mut sum, mut k, mut f) = (0.0f64, 0usize, 0u32);
    for v in values {
        if !v.is_nan() {
            sum += v as f64;
            k += 1;
            f += u32::from(v >= fav_from);
        }
    }
    DomainAnswers {
        score: (k >= min_answered).then(|| sum / k as f64),
        favourable: f,
        answered: k as u32,
    }
}

/// Combinations of answer codes a domain's lookup table may hold.
const TABLE_LIMIT: usize = u16::MAX as usize + 1;

/// A domain's answers looked up by its items' byte codes: a respondent's codes, read as
/// the digits of one number, name the entry. Every combination is worked out once, by
/// the same rule, from the same values, so an entry is the result of scoring the
/// respondent's answers directly, to the bit.
struct DomainTable<'a> {
    /// Per item (in the domain's item order): its codes and the place value of its digit.
    digits: Vec<(&'a [u8], usize)>,
    entries: Vec<DomainAnswers>,
}

impl<'a> DomainTable<'a> {
    /// `None` when an item keeps plain numbers or the combinations are too many.
    fn of(ds: &'a Dataset, items: &[usize], min_answered: usize, fav_from: f32) -> Option<Self> {
        let coded: Vec<(&[u8], &[f32])> = items
            .iter()
            .map(|&i| ds.responses.items[i].coded())
            .collect::<Option<_>>()?;
        let mut digits = Vec::with_capacity(coded.len());
        let mut size = 1usize;
        for (codes, values) in &coded {
            digits.push((*codes, size));
            size = size
                .checked_mul(values.len() + 1)
                .filter(|&s| s <= TABLE_LIMIT)?;
        }
        let entries = (0..size)
            .map(|key| {
                let values = coded.iter().zip(&digits).map(|((_, values), (_, place))| {
                    match (key / place) % (values.len() + 1) {
                        0 => f32::NAN,
                        c => values[c - 1],
                    }
                });
                domain_answers(values, min_answered, fav_from)
            })
            .collect();
        Some(DomainTable { digits, entries })
    }

    fn key(&self, r: usize) -> usize {
        self.digits
            .iter()
            .map(|(codes, place)| codes[r] as usize * place)
            .sum()
    }

    fn answers(&self, r: usize) -> DomainAnswers {
        self.entries[self.key(r)]
    }
}

/// Every respondent's key in each table (a table has at most [`TABLE_LIMIT`] entries,
/// so a key fits 16 bits), worked out on every core.
fn respondent_keys(tables: &[&DomainTable], n: usize) -> Vec<u16> {
    use rayon::prelude::*;
    const BLOCK: usize = 1 << 14;
    let d_count = tables.len();
    let mut keys = vec![0u16; n * d_count];
    keys.par_chunks_mut(BLOCK * d_count)
        .enumerate()
        .for_each(|(block, out)| {
            for (i, row) in out.chunks_mut(d_count).enumerate() {
                for (key, table) in row.iter_mut().zip(tables) {
                    *key = table.key(block * BLOCK + i) as u16;
                }
            }
        });
    keys
}

/// The scoring rule of every domain, resolved once from the schema, with each domain's
/// lookup table where its answers allow one.
pub(crate) struct Scoring<'a> {
    ds: &'a Dataset,
    items: Vec<Vec<usize>>,
    min_answered: Vec<usize>,
    fav_from: f32,
    tables: Vec<Option<DomainTable<'a>>>,
    /// When every domain has a table: each respondent's entry in each domain's table,
    /// respondent after respondent, so one respondent's answers are read from one place
    /// (the halo noise reads respondents unit by unit, out of file order).
    keys: Option<Vec<u16>>,
}

impl<'a> Scoring<'a> {
    fn of(ds: &'a Dataset, schema: &Schema) -> Scoring<'a> {
        let d_count = schema.domains.len();
        let items: Vec<Vec<usize>> = (0..d_count).map(|d| schema.items_of(d).collect()).collect();
        let min_answered: Vec<usize> = (0..d_count).map(|d| schema.min_answered(d)).collect();
        let fav_from = schema.scale.favourable_from() as f32;
        let tables: Vec<Option<DomainTable>> = (0..d_count)
            .map(|d| DomainTable::of(ds, &items[d], min_answered[d], fav_from))
            .collect();
        let keys = tables
            .iter()
            .map(Option::as_ref)
            .collect::<Option<Vec<&DomainTable>>>()
            .filter(|t| !t.is_empty())
            .map(|t| respondent_keys(&t, ds.responses.len()));
        Scoring {
            ds,
            items,
            min_answered,
            fav_from,
            tables,
            keys,
        }
    }

    pub(crate) fn domains(&self) -> usize {
        self.items.len()
    }

    /// Respondent `r`'s answers to domain `d`'s items.
    fn answers(&self, d: usize, r: usize) -> DomainAnswers {
        match &self.tables[d] {
            Some(table) => match &self.keys {
                Some(keys) => table.entries[keys[r * self.items.len() + d] as usize],
                None => table.answers(r),
            },
            None => domain_answers(
                self.items[d].iter().map(|&i| self.ds.responses.items[i][r]),
                self.min_answered[d],
                self.fav_from,
            ),
        }
    }

    /// Respondent `r`'s score in each domain, added to `out`.
    pub(crate) fn scores(&self, r: usize, out: &mut Vec<Option<f64>>) {
        out.extend((0..self.items.len()).map(|d| self.answers(d, r).score));
    }

    /// Respondent `r`'s score, favourable answers and answers in a domain or Overall
    /// (`measure`; never a question). The favourable share counts the answers of respondents
    /// with a domain score only, the same people as the cell's n and mean. Overall's
    /// score is the mean of the respondent's domain scores: it counts the respondents
    /// whose answers enter the printed Overall (the mean of the domain means), those with
    /// any domain score; its mean and sd are replaced in `finish`, and its favourable
    /// share is over their answers.
    fn respondent(&self, measure: Measure, r: usize) -> (Option<f64>, u32, u32) {
        let domain = |d: usize| {
            let a = self.answers(d, r);
            match a.score {
                Some(s) => (Some(s), a.favourable, a.answered),
                None => (None, 0, 0),
            }
        };
        if let Some(d) = measure.domain() {
            return domain(d);
        }
        let (mut sum, mut scored, mut fav, mut answered) = (0.0, 0usize, 0u32, 0u32);
        for d in 0..self.items.len() {
            let (score, f, k) = domain(d);
            if let Some(s) = score {
                sum += s;
                scored += 1;
            }
            fav += f;
            answered += k;
        }
        ((scored > 0).then(|| sum / scored as f64), fav, answered)
    }
}

/// A respondent of a team outside a level's units (a team without a group, or a group
/// shallower than the level's depth) is in no cell of that level.
const NO_CELL: u32 = u32::MAX;

/// One level a respondent counts in: the team, the groups at one depth of the
/// hierarchy (1 at the top), or the organisation; with the name of its cell column and
/// what each of its dense cell ids is: its unit and quarter, and the group it rolls up
/// into.
struct LevelIds {
    column: String,
    keys: Vec<(Key, Option<String>)>,
}

/// Each team's groups, top first, as dense group ids; and each id's group name. Found
/// once per team, not once per response.
fn team_groups(ds: &Dataset) -> (Vec<Vec<u32>>, Vec<String>) {
    let mut group_ids: HashMap<String, u32> = HashMap::new();
    let mut group_names: Vec<String> = Vec::new();
    let team_groups = ds
        .teams
        .iter()
        .map(|team| {
            let mut chain = ds.groups_above(team);
            chain.reverse();
            chain
                .into_iter()
                .map(|g| {
                    *group_ids.entry(g.clone()).or_insert_with(|| {
                        group_names.push(g);
                        group_names.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    (team_groups, group_names)
}

/// The levels, team first and organisation last, each with its cell column and no keys.
fn level_ids(level_count: usize) -> Vec<LevelIds> {
    (0..level_count)
        .map(|l| LevelIds {
            column: match l {
                0 => "team_cell".to_string(),
                l if l == level_count - 1 => "org_cell".to_string(),
                l => format!("group{l}_cell"),
            },
            keys: Vec::new(),
        })
        .collect()
}

/// The cell each respondent counts in at each level, as dense ids (in order of first
/// appearance).
struct CellIds {
    frame: DataFrame,
    levels: Vec<LevelIds>,
}

impl CellIds {
    fn of(ds: &Dataset) -> Result<CellIds> {
        let n = ds.responses.len();
        let (team_groups, group_names) = team_groups(ds);
        let depth = team_groups.iter().map(Vec::len).max().unwrap_or(0);
        // Levels: team, groups at depth 1..=depth, organisation.
        let level_count = depth + 2;
        let mut ids: Vec<Vec<u32>> = (0..level_count).map(|_| Vec::with_capacity(n)).collect();
        let mut levels = level_ids(level_count);
        // Per level and unit, the (quarter, cell id) pairs seen: a unit has few quarters.
        let mut index: Vec<Vec<Vec<(Quarter, u32)>>> = (0..level_count)
            .map(|l| match l {
                0 => vec![Vec::new(); ds.teams.len()],
                l if l == level_count - 1 => vec![Vec::new(); 1],
                _ => vec![Vec::new(); group_names.len()],
            })
            .collect();
        let parent_of = |g: &str| ds.group_parents.get(g).cloned();
        for (&t, &period) in ds.responses.team.iter().zip(&ds.responses.period) {
            let team = &ds.teams[t as usize];
            let chain = &team_groups[t as usize];
            for level in 0..level_count {
                let unit = match level {
                    0 => Some(t),
                    l if l == level_count - 1 => Some(0),
                    l => chain.get(l - 1).copied(),
                };
                let Some(unit) = unit else {
                    ids[level].push(NO_CELL);
                    continue;
                };
                let seen = &mut index[level][unit as usize];
                let id = match seen.iter().find(|(q, _)| *q == period) {
                    Some(&(_, id)) => id,
                    None => {
                        let keys = &mut levels[level].keys;
                        let id = keys.len() as u32;
                        seen.push((period, id));
                        let (l, name, group) = match level {
                            0 => (Level::Team, team.name.clone(), team.group.clone()),
                            l if l == level_count - 1 => {
                                (Level::Organisation, ORGANISATION.to_string(), None)
                            }
                            _ => {
                                let g = &group_names[unit as usize];
                                (Level::Group, g.clone(), parent_of(g))
                            }
                        };
                        keys.push(((l, name, period), group));
                        id
                    }
                };
                ids[level].push(id);
            }
        }
        let columns = levels
            .iter()
            .zip(ids)
            .map(|(level, ids)| {
                UInt32Chunked::from_vec(level.column.as_str().into(), ids).into_column()
            })
            .collect();
        Ok(CellIds {
            frame: DataFrame::new(n, columns)?,
            levels,
        })
    }

    /// Every cell at every level with its respondents, in file order.
    fn units(&self) -> Result<Vec<(UnitKey, Vec<u32>)>> {
        let mut units = Vec::new();
        for level in &self.levels {
            let mut rows: Vec<Vec<u32>> = vec![Vec::new(); level.keys.len()];
            let ids = self.frame.column(&level.column)?.u32()?;
            for (r, id) in ids.into_no_null_iter().enumerate() {
                if id != NO_CELL {
                    rows[id as usize].push(r as u32);
                }
            }
            units.extend(level.keys.iter().map(|(k, _)| k.clone()).zip(rows));
        }
        Ok(units)
    }
}

/// One cell's respondents with a score in a domain and their favourable answers and
/// answers: whole numbers, counted exactly.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    n: u64,
    fav: u64,
    answered: u64,
}

/// One domain's (or Overall's) respondent scores next to the cell ids (score null
/// without one), and each level's tallies per cell id.
fn domain_frame(
    ds: &Dataset,
    cells: &CellIds,
    scoring: &Scoring,
    measure: Measure,
) -> Result<(DataFrame, Vec<Vec<Tally>>)> {
    use rayon::prelude::*;
    const BLOCK: usize = 1 << 14;
    let n = ds.responses.len();
    // Worked out on every core, block by block, each value in its respondent's place.
    let (mut score, mut fav, mut answered) = (vec![f64::NAN; n], vec![0u32; n], vec![0u32; n]);
    score
        .par_chunks_mut(BLOCK)
        .zip(fav.par_chunks_mut(BLOCK))
        .zip(answered.par_chunks_mut(BLOCK))
        .enumerate()
        .for_each(|(block, ((s, f), a))| {
            for i in 0..s.len() {
                let (score, favourable, k) = scoring.respondent(measure, block * BLOCK + i);
                (s[i], f[i], a[i]) = (score.unwrap_or(f64::NAN), favourable, k);
            }
        });
    let mut tallies: Vec<Vec<Tally>> = Vec::with_capacity(cells.levels.len());
    for level in &cells.levels {
        let ids = cells.frame.column(&level.column)?.u32()?;
        tallies.push(vec![Tally::default(); level.keys.len()]);
        let tally = tallies.last_mut().expect("just pushed");
        for (r, id) in ids.into_no_null_iter().enumerate() {
            if id != NO_CELL && !score[r].is_nan() {
                let t = &mut tally[id as usize];
                t.n += 1;
                t.fav += u64::from(fav[r]);
                t.answered += u64::from(answered[r]);
            }
        }
    }
    drop((fav, answered));
    // A score is a mean of answers, never NaN: NaN marks a respondent without one.
    let score: Float64Chunked = score.iter().map(|&v| (!v.is_nan()).then_some(v)).collect();
    let mut frame = cells.frame.clone();
    frame.hstack_mut(&[score.with_name("s".into()).into_column()])?;
    Ok((frame, tallies))
}

/// Sufficient statistics of one unit-period-domain before the aggregated rows are added.
#[derive(Debug, Clone, Default)]
struct Acc {
    n: u32,
    mean: f64,
    sd: Option<f64>,
    fav: u64,
    answered: u64,
    /// Respondents and score sum from already-aggregated rows.
    agg_n: u64,
    agg_sum: f64,
    /// Teams and their summed means from aggregated rows without a respondent count.
    unknown_teams: u32,
    unknown_sum: f64,
    group: Option<String>,
}

type Key = UnitKey;

/// One domain's mean and sd per cell id at one level. Respondents of a team without a
/// group have no group cell: their ids ([`NO_CELL`]) form a group of their own that no
/// cell reads.
fn aggregate(frame: &DataFrame, cell_column: &str) -> Result<DataFrame> {
    let aggs = [col("s").mean().alias("m"), col("s").std(1).alias("sd")];
    Ok(frame
        .clone()
        .lazy()
        .group_by_stable([col(cell_column)])
        .agg(aggs)
        .collect()?)
}

/// A column as plain values, cast once.
fn u64_column(df: &DataFrame, name: &str) -> Result<Vec<u64>> {
    let c = df.column(name)?.cast(&DataType::UInt64)?;
    let ca = c.u64()?;
    Ok((0..ca.len()).map(|i| ca.get(i).unwrap_or(0)).collect())
}

fn f64_column(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    let ca = c.f64()?;
    Ok((0..ca.len()).map(|i| ca.get(i)).collect())
}

/// Every score cell at every level, sorted by level, unit, period, domain.
pub fn domain_scores(ds: &Dataset, schema: &Schema) -> Result<Vec<Cell>> {
    Ok(domain_scores_and_noise(ds, schema)?.0)
}

/// [`domain_scores`] and the noise covariance of every team-quarter's domain means (for
/// the halo correction of correlations). Respondents' domain scores are computed one
/// domain at a time from their answers, so no table of every respondent's scores in
/// every domain is held.
pub fn domain_scores_and_noise(ds: &Dataset, schema: &Schema) -> Result<(Vec<Cell>, Noise)> {
    let ids = (!ds.responses.is_empty())
        .then(|| CellIds::of(ds))
        .transpose()?;
    scores_over(ds, schema, ids.as_ref())
}

/// Domain cells with their noise, and the question cells, from one set of cell ids
/// (the respondents' cells at every level are found once, for both), side by side.
pub fn survey_cells(ds: &Dataset, schema: &Schema) -> Result<(Vec<Cell>, Noise, Vec<ItemCell>)> {
    let ids = (!ds.responses.is_empty())
        .then(|| CellIds::of(ds))
        .transpose()?;
    let (scores, items) = rayon::join(
        || scores_over(ds, schema, ids.as_ref()),
        || match &ids {
            Some(ids) => items::item_cells_over(ds, schema, ids),
            None => Ok(Vec::new()),
        },
    );
    let (cells, noise) = scores?;
    Ok((cells, noise, items?))
}

/// [`domain_scores_and_noise`] over cell ids found already (none without responses).
fn scores_over(ds: &Dataset, schema: &Schema, ids: Option<&CellIds>) -> Result<(Vec<Cell>, Noise)> {
    let d_count = schema.domains.len();
    let mut accs: BTreeMap<Key, Vec<Acc>> = BTreeMap::new();
    let mut noise = BTreeMap::new();
    if let Some(cells) = ids {
        let scoring = Scoring::of(ds, schema);
        noise = unit_noise(&scoring, cells.units()?);
        for measure in Measure::domains_and_overall(d_count) {
            let (frame, tallies) = domain_frame(ds, cells, &scoring, measure)?;
            for (l, level) in cells.levels.iter().enumerate() {
                let out = aggregate(&frame, &level.column)?;
                let ids = u64_column(&out, &level.column)?;
                let (mean, sd) = (f64_column(&out, "m")?, f64_column(&out, "sd")?);
                for (row, &id) in ids.iter().enumerate() {
                    let Some((key, group)) = level.keys.get(id as usize) else {
                        continue; // NO_CELL
                    };
                    let tally = tallies[l][id as usize];
                    let entry = accs
                        .entry(key.clone())
                        .or_insert_with(|| vec![Acc::default(); d_count + 1]);
                    entry[measure.slot(d_count)] = Acc {
                        n: tally.n as u32,
                        mean: mean[row].unwrap_or(f64::NAN),
                        sd: sd[row],
                        fav: tally.fav,
                        answered: tally.answered,
                        group: group.clone(),
                        ..Acc::default()
                    };
                }
            }
        }
    }
    add_aggregated_rows(ds, d_count, &mut accs);
    Ok((finish(accs, &noise, d_count), team_noise(&noise)))
}

/// The units a team's answers count in, each with the group it rolls up into: the
/// team, every group above it and the organisation.
pub(crate) fn roll_up_units(ds: &Dataset, team: &Team) -> Vec<(Level, String, Option<String>)> {
    let mut keys = vec![
        (Level::Team, team.name.clone(), team.group.clone()),
        (Level::Organisation, ORGANISATION.to_string(), None),
    ];
    for g in ds.groups_above(team) {
        let parent = ds.group_parents.get(&g).cloned();
        keys.push((Level::Group, g, parent));
    }
    keys
}

/// Fold already-aggregated team rows into team, group and organisation cells.
fn add_aggregated_rows(ds: &Dataset, d_count: usize, accs: &mut BTreeMap<Key, Vec<Acc>>) {
    for row in &ds.aggregated {
        let team = &ds.teams[row.team as usize];
        let overall = row
            .means
            .iter()
            .copied()
            .collect::<Option<Vec<f64>>>()
            .map(|m| m.iter().sum::<f64>() / m.len() as f64);
        for (level, unit, group) in roll_up_units(ds, team) {
            let entry = accs
                .entry((level, unit, row.period))
                .or_insert_with(|| vec![Acc::default(); d_count + 1]);
            for (measure, acc) in Measure::domains_and_overall(d_count).zip(entry.iter_mut()) {
                let mean = measure.domain().map_or(overall, |d| row.means[d]);
                match (mean, row.respondents) {
                    (Some(m), Some(n)) => {
                        acc.agg_n += n as u64;
                        acc.agg_sum += m * n as f64;
                    }
                    (Some(m), None) => {
                        acc.unknown_teams += 1;
                        acc.unknown_sum += m;
                    }
                    (None, _) => {}
                }
                acc.group = group.clone();
            }
        }
    }
}

fn finish(
    accs: BTreeMap<Key, Vec<Acc>>,
    noise: &BTreeMap<UnitKey, UnitNoise>,
    d_count: usize,
) -> Vec<Cell> {
    let mut cells = Vec::new();
    for ((level, unit, period), v) in accs {
        for (measure, acc) in Measure::domains_and_overall(d_count).zip(v) {
            let n = acc.n as u64 + acc.agg_n;
            // Rows without a count enter a cell only when nothing in it has one: they
            // cannot be weighted against respondents (the README's "n unknown").
            let n_unknown = n == 0 && acc.unknown_teams > 0;
            if n == 0 && !n_unknown {
                continue;
            }
            let only_responses = acc.agg_n == 0 && !n_unknown;
            let mut mean = if n_unknown {
                acc.unknown_sum / acc.unknown_teams as f64
            } else if only_responses {
                acc.mean
            } else {
                let resp_sum = if acc.n > 0 {
                    acc.mean * acc.n as f64
                } else {
                    0.0
                };
                (resp_sum + acc.agg_sum) / n as f64
            };
            let mut sd = if only_responses { acc.sd } else { None };
            if measure == Measure::Overall {
                // Overall is the mean of the cell's domain means (see README), set
                // below; its sd is the one that gives that mean's standard error over
                // its n respondents (with complete respondents: the sd of their overall
                // scores).
                mean = f64::NAN;
                sd = noise
                    .get(&(level, unit.clone(), period))
                    .filter(|_| only_responses)
                    .and_then(UnitNoise::overall_standard_error)
                    .map(|se| se * (n as f64).sqrt());
            }
            cells.push(Cell {
                level,
                unit: unit.clone(),
                group: acc.group.clone(),
                period,
                measure,
                n: n as u32,
                mean,
                sd,
                ci: None,
                favourable: (only_responses && acc.answered > 0)
                    .then(|| acc.fav as f64 / acc.answered as f64),
                n_unknown,
            });
        }
    }
    set_overall_means(&mut cells, d_count);
    for c in &mut cells {
        c.ci = c.sd.and_then(|sd| mean_ci95(c.mean, sd, c.n as usize));
    }
    cells.retain(|c| c.mean.is_finite());
    cells
}

/// Overall = mean of the six domain means of the same unit and quarter; missing when a
/// domain is missing.
fn set_overall_means(cells: &mut [Cell], d_count: usize) {
    let mut i = 0;
    while i < cells.len() {
        let mut j = i;
        while j < cells.len()
            && cells[j].unit == cells[i].unit
            && cells[j].level == cells[i].level
            && cells[j].period == cells[i].period
        {
            j += 1;
        }
        let block = &mut cells[i..j];
        let domain_means: Vec<f64> = block
            .iter()
            .filter(|c| c.measure.domain().is_some())
            .map(|c| c.mean)
            .collect();
        if let Some(overall) = block.iter_mut().find(|c| c.measure == Measure::Overall) {
            if overall.mean.is_nan() {
                overall.mean = if domain_means.len() == d_count {
                    mean_sd(&domain_means).map_or(f64::NAN, |(m, _)| m)
                } else {
                    f64::NAN
                };
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests;
