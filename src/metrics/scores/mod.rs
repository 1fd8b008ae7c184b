//! Domain scores per team, group and organisation for each quarter (n, mean, sd, 95% CI,
//! favourable share). Respondent scores are computed across columns first, then polars groups.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use super::halo::{team_noise, unit_noise, Noise, UnitKey, UnitNoise};
use super::stats::{mean_ci95, mean_sd};
use crate::error::Result;
use crate::schema::Schema;
use crate::validate::{Dataset, Quarter, Team};

/// The level a score describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    /// The team's group (team level only).
    pub group: Option<String>,
    pub period: Quarter,
    /// Index into the schema's domains; `domains.len()` is Overall.
    pub domain: usize,
    /// Respondents with a score in this domain (for Overall: in every domain).
    pub n: u32,
    pub mean: f64,
    pub sd: Option<f64>,
    pub ci: Option<(f64, f64)>,
    /// Share of item answers in the favourable range.
    pub favourable: Option<f64>,
}

/// One respondent's answers to one domain's items.
pub(crate) struct DomainAnswers {
    /// Mean of the answered items when at least `min_answered` are answered.
    pub score: Option<f64>,
    /// Answers at or above `fav_from`.
    pub favourable: u32,
    pub answered: u32,
}

/// Respondent `r`'s answers to `items`: the one scoring rule the cells and the halo
/// noise share.
pub(crate) fn domain_answers(
    ds: &Dataset,
    items: &[usize],
    min_answered: usize,
    fav_from: f32,
    r: usize,
) -> DomainAnswers {
    let (mut sum, mut k, mut f) = (0.0f64, 0usize, 0u32);
    for &i in items {
        let v = ds.responses.items[i][r];
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

/// Per-respondent domain scores in polars, one row per accepted response.
fn respondent_frame(ds: &Dataset, schema: &Schema) -> Result<DataFrame> {
    let n = ds.responses.len();
    let d_count = schema.domains.len();
    let fav_from = schema.scale.favourable_from() as f32;
    let mut scores: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(n); d_count + 1];
    let mut fav: Vec<Vec<u32>> = vec![Vec::with_capacity(n); d_count + 1];
    let mut answered: Vec<Vec<u32>> = vec![Vec::with_capacity(n); d_count + 1];
    let domain_items: Vec<Vec<usize>> =
        (0..d_count).map(|d| schema.items_of(d).collect()).collect();
    let min_answered: Vec<usize> = (0..d_count).map(|d| schema.min_answered(d)).collect();
    for r in 0..n {
        let (mut all_fav, mut all_ans, mut sum, mut scored) = (0u32, 0u32, 0.0, 0usize);
        for d in 0..d_count {
            let DomainAnswers {
                score,
                favourable: f,
                answered: k,
            } = domain_answers(ds, &domain_items[d], min_answered[d], fav_from, r);
            if let Some(s) = score {
                sum += s;
                scored += 1;
            }
            // The favourable share counts the answers of respondents with a domain
            // score only, the same people as the cell's n and mean.
            let (f, k) = if score.is_some() { (f, k) } else { (0, 0) };
            scores[d].push(score);
            fav[d].push(f);
            answered[d].push(k);
            all_fav += f;
            all_ans += k;
        }
        // Overall's column counts the respondents whose answers enter the printed
        // Overall (the mean of the domain means): those with any domain score. Its mean
        // and sd are replaced in `finish`; its favourable share is over their answers.
        scores[d_count].push((scored > 0).then(|| sum / scored as f64));
        fav[d_count].push(all_fav);
        answered[d_count].push(all_ans);
    }
    let team_names: Vec<&str> = ds
        .responses
        .team
        .iter()
        .map(|&t| ds.teams[t as usize].name.as_str())
        .collect();
    let groups: Vec<Option<&str>> = ds
        .responses
        .team
        .iter()
        .map(|&t| ds.teams[t as usize].group.as_deref())
        .collect();
    let periods: Vec<i32> = ds.responses.period.iter().map(|q| q.0).collect();
    let mut columns = vec![
        Column::new("team".into(), team_names),
        Column::new("group".into(), groups),
        Column::new("period".into(), periods),
    ];
    for d in 0..=d_count {
        columns.push(Column::new(
            format!("s{d}").into(),
            std::mem::take(&mut scores[d]),
        ));
        columns.push(Column::new(
            format!("f{d}").into(),
            std::mem::take(&mut fav[d]),
        ));
        columns.push(Column::new(
            format!("a{d}").into(),
            std::mem::take(&mut answered[d]),
        ));
    }
    Ok(DataFrame::new(n, columns)?)
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
    group: Option<String>,
}

type Key = UnitKey;

/// Group the respondent frame by `keys`. Only the group level leaves out respondents of
/// ungrouped teams: at the team level a null group is a key like any other, so a team
/// without a group keeps its rows (and rolls up straight into the organisation).
fn aggregate(frame: &DataFrame, level: Level, keys: &[&str], d_count: usize) -> Result<DataFrame> {
    let mut aggs = Vec::new();
    for d in 0..=d_count {
        let s = format!("s{d}");
        aggs.push(col(&s).count().alias(format!("n{d}")));
        aggs.push(col(&s).mean().alias(format!("m{d}")));
        aggs.push(col(&s).std(1).alias(format!("sd{d}")));
        aggs.push(col(format!("f{d}")).sum().alias(format!("f{d}")));
        aggs.push(col(format!("a{d}")).sum().alias(format!("a{d}")));
    }
    let by: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    let mut lf = frame.clone().lazy();
    if level == Level::Group {
        lf = lf.filter(col("group").is_not_null());
    }
    Ok(lf.group_by_stable(by).agg(aggs).collect()?)
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

fn str_column(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let ca = df.column(name)?.str()?;
    Ok((0..ca.len())
        .map(|i| ca.get(i).map(str::to_string))
        .collect())
}

/// The per-domain aggregates of one grouped frame, column by column.
struct DomainColumns {
    n: Vec<u64>,
    mean: Vec<Option<f64>>,
    sd: Vec<Option<f64>>,
    fav: Vec<u64>,
    answered: Vec<u64>,
}

impl DomainColumns {
    fn read(df: &DataFrame, d: usize) -> Result<DomainColumns> {
        Ok(DomainColumns {
            n: u64_column(df, &format!("n{d}"))?,
            mean: f64_column(df, &format!("m{d}"))?,
            sd: f64_column(df, &format!("sd{d}"))?,
            fav: u64_column(df, &format!("f{d}"))?,
            answered: u64_column(df, &format!("a{d}"))?,
        })
    }
}

/// Every score cell at every level, sorted by level, unit, period, domain.
pub fn domain_scores(ds: &Dataset, schema: &Schema) -> Result<Vec<Cell>> {
    Ok(domain_scores_and_noise(ds, schema)?.0)
}

/// [`domain_scores`] and the noise covariance of every team-quarter's domain means (for
/// the halo correction of correlations), from one pass over the respondents' scores.
pub fn domain_scores_and_noise(ds: &Dataset, schema: &Schema) -> Result<(Vec<Cell>, Noise)> {
    let noise = unit_noise(ds, schema);
    let d_count = schema.domains.len();
    let mut accs: BTreeMap<Key, Vec<Acc>> = BTreeMap::new();
    if !ds.responses.is_empty() {
        let frame = respondent_frame(ds, schema)?;
        for (level, keys) in [
            (Level::Team, &["team", "group", "period"][..]),
            (Level::Group, &["group", "period"][..]),
            (Level::Organisation, &["period"][..]),
        ] {
            let out = aggregate(&frame, level, keys, d_count)?;
            let teams = if level == Level::Team {
                str_column(&out, "team")?
            } else {
                Vec::new()
            };
            let groups = if level == Level::Organisation {
                Vec::new()
            } else {
                str_column(&out, "group")?
            };
            let period_ca = out.column("period")?.i32()?;
            let periods: Vec<Option<i32>> =
                (0..period_ca.len()).map(|i| period_ca.get(i)).collect();
            let domains: Vec<DomainColumns> = (0..=d_count)
                .map(|d| DomainColumns::read(&out, d))
                .collect::<Result<_>>()?;
            for row in 0..out.height() {
                let unit = match level {
                    Level::Team => teams[row].clone().unwrap_or_default(),
                    Level::Group => groups[row].clone().unwrap_or_default(),
                    Level::Organisation => ORGANISATION.to_string(),
                };
                let group = if level == Level::Team {
                    groups[row].clone()
                } else {
                    None
                };
                let period = Quarter(periods[row].unwrap_or(0));
                let v = domains
                    .iter()
                    .map(|c| Acc {
                        n: c.n[row] as u32,
                        mean: c.mean[row].unwrap_or(f64::NAN),
                        sd: c.sd[row],
                        fav: c.fav[row],
                        answered: c.answered[row],
                        group: group.clone(),
                        ..Acc::default()
                    })
                    .collect();
                accs.insert((level, unit, period), v);
            }
        }
    }
    add_aggregated_rows(ds, d_count, &mut accs);
    Ok((finish(accs, &noise, d_count), team_noise(&noise)))
}

/// The units a team's answers count in: the team, the organisation and (when it has
/// one) its group.
pub(crate) fn roll_up_units(team: &Team) -> Vec<(Level, String)> {
    let mut keys = vec![
        (Level::Team, team.name.clone()),
        (Level::Organisation, ORGANISATION.to_string()),
    ];
    if let Some(g) = &team.group {
        keys.push((Level::Group, g.clone()));
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
        for (level, unit) in roll_up_units(team) {
            let entry = accs
                .entry((level, unit, row.period))
                .or_insert_with(|| vec![Acc::default(); d_count + 1]);
            for (d, acc) in entry.iter_mut().enumerate() {
                let mean = if d < d_count { row.means[d] } else { overall };
                if let Some(m) = mean {
                    acc.agg_n += row.respondents as u64;
                    acc.agg_sum += m * row.respondents as f64;
                }
                if level == Level::Team {
                    acc.group = team.group.clone();
                }
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
        for (domain, acc) in v.into_iter().enumerate() {
            let n = acc.n as u64 + acc.agg_n;
            if n == 0 {
                continue;
            }
            let only_responses = acc.agg_n == 0;
            let mut mean = if only_responses {
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
            if domain == d_count {
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
                domain,
                n: n as u32,
                mean,
                sd,
                ci: None,
                favourable: (only_responses && acc.answered > 0)
                    .then(|| acc.fav as f64 / acc.answered as f64),
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
            .filter(|c| c.domain < d_count)
            .map(|c| c.mean)
            .collect();
        if let Some(overall) = block.iter_mut().find(|c| c.domain == d_count) {
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
