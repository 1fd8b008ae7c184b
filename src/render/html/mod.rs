//! `index.html`: one self-contained page (styles and charts inline, no external requests).
//! Every text from the input is escaped by the template engine's HTML auto-escaping.

mod units;

use std::collections::BTreeMap;

use base64::Engine;
use minijinja::Environment;
use serde::Serialize;

use super::format::{fixed, p_text, signed};
use super::{headlines, sections, Results};
use crate::error::Result;
use crate::metrics::correlations::{Kind, Method, SMALL_N};
use crate::metrics::scores::Level;
use crate::metrics::trends::Status;
use crate::model::Measure;

pub use units::{unit_pages, unit_paths};

/// Which units a table of the page shows: (level, unit name) -> shown.
pub(crate) type Keep<'a> = &'a dyn Fn(Level, &str) -> bool;

const TEMPLATE: &str = include_str!("../templates/index.html");
/// Longest problem list printed on the page; the CSV-free remainder is counted.
const MAX_PROBLEMS_SHOWN: usize = 200;

/// Chart PNGs to inline, by name.
pub type Charts = BTreeMap<String, Vec<u8>>;

#[derive(Serialize)]
struct CellView {
    text: String,
    class: &'static str,
}

#[derive(Serialize)]
struct RowView {
    label: String,
    level: &'static str,
    cells: Vec<CellView>,
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Improving => "up",
        Status::Declining => "down",
        Status::Stuck => "flat",
        Status::NoClearTrend | Status::NotEnoughData => "muted",
    }
}

/// The teams whose scores come from hand-kept rows without a respondent count: the page
/// says what that means, first of all that the minimum-group rule could not be checked.
fn n_unknown_note(r: &Results) -> Option<String> {
    let teams: std::collections::BTreeSet<&str> = r
        .survey
        .cells
        .iter()
        .map(|c| c.key())
        .filter(|k| k.n_unknown && k.level == Level::Team)
        .map(|k| k.unit)
        .collect();
    if teams.is_empty() {
        return None;
    }
    let list: Vec<&str> = teams.into_iter().collect();
    Some(format!(
        "Scores of {} come from hand-kept rows without a respondent count (n unknown). The minimum-group rule ({} respondents) could not be checked for them; they have no confidence intervals; their trends use the fixed step for changes; and roll-ups leave them out wherever other teams give counts.",
        list.join(", "),
        r.meta.min_group_size
    ))
}

fn latest_scores(r: &Results, keep: Keep) -> Vec<RowView> {
    let Some(latest) = r.latest_quarter() else {
        return Vec::new();
    };
    let d_count = r.domain_count();
    let mut rows: BTreeMap<(Level, String), Vec<CellView>> = BTreeMap::new();
    for c in r.survey.cells.iter() {
        let key = c.key();
        if key.period != latest || !keep(key.level, key.unit) {
            continue;
        }
        let row = rows
            .entry((key.level, key.unit.to_string()))
            .or_insert_with(|| {
                Measure::domains_and_overall(d_count)
                    .map(|_| CellView {
                        text: "no data".into(),
                        class: "muted",
                    })
                    .collect()
            });
        row[key.measure.slot(d_count)] = match c.shown() {
            Some(c) => {
                let ci =
                    c.ci.map_or(String::new(), |(lo, hi)| format!(" [{lo:.2}, {hi:.2}]"));
                let n = if c.n_unknown {
                    "n unknown".to_string()
                } else {
                    format!("n={}", c.n)
                };
                CellView {
                    text: format!("{:.2}{ci} {n}", c.mean),
                    class: "",
                }
            }
            None => CellView {
                text: "suppressed".into(),
                class: "suppressed",
            },
        };
    }
    rows.into_iter()
        .map(|((level, unit), cells)| RowView {
            label: unit,
            level: level.as_str(),
            cells,
        })
        .collect()
}

/// The trend status of each unit `keep` names and each domain: roll-ups first, then
/// teams, by name.
fn unit_status(r: &Results, keep: Keep) -> Vec<RowView> {
    let d_count = r.domain_count();
    let mut rows: BTreeMap<(Level, String), Vec<CellView>> = BTreeMap::new();
    for t in r
        .survey
        .trends
        .iter()
        .filter(|t| t.level != Level::Organisation && keep(t.level, &t.unit))
    {
        let row = rows.entry((t.level, t.unit.clone())).or_insert_with(|| {
            Measure::domains_and_overall(d_count)
                .map(|_| CellView {
                    text: "not enough data".into(),
                    class: "muted",
                })
                .collect()
        });
        let slope = t
            .slope
            .map_or(String::new(), |s| format!(" ({}/q)", signed(s.slope)));
        row[t.measure.slot(d_count)] = CellView {
            text: format!("{}{slope}", t.status.as_str()),
            class: status_class(t.status),
        };
    }
    let mut out: Vec<RowView> = rows
        .into_iter()
        .map(|((level, label), cells)| RowView {
            label,
            level: level.as_str(),
            cells,
        })
        .collect();
    // Roll-ups first (a stable sort keeps names in order).
    out.sort_by_key(|row| row.level != "group");
    out
}

fn org_trend_rows(r: &Results) -> Vec<Vec<String>> {
    r.survey
        .trends
        .iter()
        .filter(|t| t.level == Level::Organisation)
        .map(|t| {
            let opt = |v: Option<f64>| v.map_or("–".to_string(), fixed);
            vec![
                r.measure_name(t.measure).to_string(),
                t.series.len().to_string(),
                t.first()
                    .map_or("–".into(), |f| format!("{:.2} ({})", f.1, f.0.label())),
                t.latest()
                    .map_or("–".into(), |f| format!("{:.2} ({})", f.1, f.0.label())),
                t.latest_change
                    .map_or("–".into(), |c| match t.latest_change_from() {
                        // Say when the change spans a hidden or missing quarter.
                        Some(from) if t.latest_change_spans_a_gap() => {
                            format!("{} (since {})", signed(c), from.label())
                        }
                        _ => signed(c),
                    }),
                t.slope.map_or("–".into(), |s| {
                    format!(
                        "{} [{}, {}]",
                        signed(s.slope),
                        signed(s.ci_low),
                        signed(s.ci_high)
                    )
                }),
                t.slope.map_or("–".into(), |s| p_text(s.p)),
                opt(t.consistency),
                t.status.as_str().to_string(),
                t.slope
                    .map_or("–".into(), |s| format!("±{:.2}", s.detectable())),
            ]
        })
        .collect()
}

fn correlation_rows(r: &Results) -> Vec<Vec<String>> {
    let mut rows: Vec<_> = r
        .survey
        .correlations
        .iter()
        .filter(|c| c.method == Method::Pearson)
        .collect();
    rows.sort_by(|a, b| {
        (a.kind == Kind::Levels, a.p_adjusted.unwrap_or(2.0))
            .partial_cmp(&(b.kind == Kind::Levels, b.p_adjusted.unwrap_or(2.0)))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    rows.into_iter()
        .map(|c| {
            let res = c.result;
            vec![
                match c.kind {
                    Kind::Levels => "levels".to_string(),
                    Kind::Changes => "changes".to_string(),
                },
                format!("{} ~ {}", r.domain_name(c.a), r.domain_name(c.b)),
                c.n.to_string(),
                res.map_or("–".into(), |x| format!("{:.2}", x.r)),
                c.p_adjusted.map_or("–".into(), p_text),
                c.detectable.map_or("–".into(), |d| format!("{d:.2}")),
                [
                    (c.n < SMALL_N).then(|| format!("small sample (n < {SMALL_N})")),
                    Some(r.correlation_note(c)).filter(|n| !n.is_empty()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; "),
            ]
        })
        .collect()
}

/// Most questions listed per unit among those that moved most.
const ITEM_MOVES_PER_UNIT: usize = 3;

/// Per unit, the questions whose mean changed most between the two latest quarters
/// (both shown, and consecutive), largest change first; the organisation first, then
/// roll-ups, then teams, by name.
fn item_moves(r: &Results, keep: Keep) -> Vec<Vec<String>> {
    let Some(latest) = r.latest_quarter() else {
        return Vec::new();
    };
    let mut by_unit: BTreeMap<(Level, &str), Vec<&crate::metrics::trends::Trend>> = BTreeMap::new();
    for t in &r.survey.item_trends {
        let fresh = t.latest().is_some_and(|(q, _)| q == latest)
            && t.latest_change_from().is_some_and(|q| q.0 == latest.0 - 1);
        if fresh && t.latest_change.is_some() && keep(t.level, &t.unit) {
            by_unit
                .entry((t.level, t.unit.as_str()))
                .or_default()
                .push(t);
        }
    }
    let mut out = Vec::new();
    for (_, mut moves) in by_unit {
        moves.sort_by(|a, b| {
            let size = |t: &crate::metrics::trends::Trend| t.latest_change.unwrap_or(0.0).abs();
            size(b).total_cmp(&size(a)).then(a.measure.cmp(&b.measure))
        });
        for t in moves.into_iter().take(ITEM_MOVES_PER_UNIT) {
            let Some(i) = t.measure.item() else {
                continue;
            };
            let item = &r.meta.schema.items[i];
            let n = t.series.len();
            // The change's uncertainty, from the two quarters' shown cells.
            let cell = |q: crate::model::Quarter| {
                r.survey.items.iter().filter_map(|s| s.shown()).find(|s| {
                    let c = &s.cell;
                    c.level == t.level
                        && c.unit == t.unit
                        && c.measure == t.measure
                        && c.period == q
                })
            };
            let side = |q| {
                cell(q).and_then(|s| {
                    let c = &s.cell;
                    c.sd.map(|sd| (c.mean, sd, c.n as usize))
                })
            };
            let ci = side(t.series[n - 2].0)
                .zip(side(t.series[n - 1].0))
                .and_then(|(a, b)| crate::metrics::stats::welch_diff_ci95(a, b));
            out.push(vec![
                t.unit.clone(),
                r.question(i).to_string(),
                r.domain_name(item.domain).to_string(),
                format!("{:.2}", t.series[n - 2].1),
                format!("{:.2}", t.series[n - 1].1),
                t.latest_change.map_or("–".into(), |c| format!("{c:+.2}")),
                ci.map_or("–".into(), |(lo, hi)| format!("{lo:+.2} to {hi:+.2}")),
            ]);
        }
    }
    out
}

/// The organisation tree for the page, when the organisation has roll-ups below it.
/// The organisation tree for the page, when the organisation has roll-ups below it, with
/// each roll-up linked to its unit page (`units` by unit name). Rows `keep` leaves out
/// are not listed (a large organisation lists its roll-ups only).
fn org_tree_rows(
    r: &Results,
    keep: Keep,
    units: &BTreeMap<String, String>,
) -> Vec<BTreeMap<&'static str, String>> {
    if !r.survey.org_tree.iter().any(|t| t.level == Level::Group) {
        return Vec::new();
    }
    r.survey
        .org_tree
        .iter()
        .filter(|t| keep(t.level, &t.unit))
        .map(|t| {
            let href = match t.level {
                Level::Group => units.get(&t.unit).cloned().unwrap_or_default(),
                _ => String::new(),
            };
            let level = match t.level {
                Level::Organisation => "organisation",
                Level::Group => "roll-up",
                Level::Team if t.direct_team => "direct team",
                Level::Team => "team",
            };
            BTreeMap::from([
                ("unit", t.unit.clone()),
                ("href", href),
                ("level", level.to_string()),
                ("class", t.level.as_str().to_string()),
                ("indent", format!("{:.1}", 0.4 + 1.2 * t.depth as f64)),
                ("n", t.n.map_or("–".into(), |n| n.to_string())),
                (
                    "overall",
                    match (t.overall, t.hidden) {
                        (Some(v), _) => format!("{v:.2}"),
                        (None, Some(_)) => "suppressed".into(),
                        (None, None) => "–".into(),
                    },
                ),
                (
                    "change",
                    t.change.map_or("–".into(), |c| format!("{c:+.2}")),
                ),
            ])
        })
        .collect()
}

fn participation_rows(r: &Results, keep: Keep) -> Vec<Vec<String>> {
    let Some(latest) = r.latest_quarter() else {
        return Vec::new();
    };
    r.survey
        .participation
        .iter()
        .filter(|p| {
            let key = p.key();
            key.period == latest && keep(key.level, key.unit)
        })
        .map(|p| {
            let key = p.key();
            vec![
                key.level.as_str().to_string(),
                key.unit.to_string(),
                p.shown()
                    .map_or("suppressed".into(), |p| p.responses.to_string()),
                key.size.map_or("–".into(), |s| s.to_string()),
                p.shown()
                    .and_then(|p| p.rate())
                    .map_or("–".into(), |x| format!("{:.0}%", x * 100.0)),
            ]
        })
        .collect()
}

/// A per-domain correlation as page cells: domain, n, r, 95% CI, adjusted p, the
/// smallest r it would show, warning.
pub(crate) fn correlation_cells(
    domain: &str,
    n: usize,
    (result, p_adjusted, detectable): (
        Option<crate::metrics::stats::Correlation>,
        Option<f64>,
        Option<f64>,
    ),
    small_n: usize,
) -> Vec<String> {
    let warning = [
        (n < small_n).then_some("small sample"),
        Some(crate::render::tables::correlation_note(result, detectable)).filter(|w| !w.is_empty()),
    ];
    vec![
        domain.to_string(),
        n.to_string(),
        result.map_or("–".into(), |c| format!("{:.2}", c.r)),
        result
            .and_then(|c| c.ci)
            .map_or("–".into(), |(lo, hi)| format!("{lo:.2} to {hi:.2}")),
        p_adjusted.map_or("–".into(), p_text),
        detectable.map_or("–".into(), |d| format!("{d:.2}")),
        warning.into_iter().flatten().collect::<Vec<_>>().join("; "),
    ]
}

pub(crate) fn data_uri(png: &[u8]) -> String {
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

/// The reliability table's rows: domain, items, complete answers, alpha and its flag.
fn reliability_rows(r: &Results) -> Vec<Vec<String>> {
    r.survey
        .reliability
        .iter()
        .map(|x| {
            vec![
                r.domain_name(x.domain).to_string(),
                x.items.to_string(),
                x.complete.map_or("suppressed".into(), |n| n.to_string()),
                x.alpha.map_or("–".into(), |a| format!("{a:.2}")),
                if x.flagged() {
                    "below 0.7: items do not hang together".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect()
}

/// How many teams have a cell (shown or not) in any quarter.
fn team_count(r: &Results) -> usize {
    r.survey
        .cells
        .iter()
        .map(|c| c.key())
        .filter(|k| k.level == Level::Team)
        .map(|k| k.unit)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

/// The quarters the report covers, as "first to last".
fn quarter_range(r: &Results) -> String {
    match (r.meta.quarters.first(), r.meta.quarters.last()) {
        (Some(a), Some(b)) => format!("{} to {}", a.label(), b.label()),
        _ => "no quarters".into(),
    }
}

/// The page; `event_studies` are the interventions' charts, in study order.
pub fn index_html(r: &Results, charts: &Charts) -> Result<Vec<u8>> {
    let mut env = Environment::new();
    env.add_template("index.html", TEMPLATE)?;
    let d_count = r.domain_count();
    let domains: Vec<&str> = Measure::domains_and_overall(d_count)
        .map(|m| r.measure_name(m))
        .collect();
    let images: BTreeMap<String, String> = charts
        .iter()
        .map(|(k, v)| (k.clone(), data_uri(v)))
        .collect();
    let problems: Vec<String> = r
        .quality
        .problems
        .iter()
        .take(MAX_PROBLEMS_SHOWN)
        .map(|p| p.to_string())
        .collect();
    let quarter_range = quarter_range(r);
    // A large organisation's page shows its roll-ups; the teams are on the unit pages.
    let large = super::charts::is_large(r);
    let team_count = team_count(r);
    let index_keep: Keep = &|level, _| !large || level != Level::Team;
    let status_keep: Keep = &|level, _| (level == Level::Team) != large;
    let units = unit_paths(r);
    let units_list: Vec<(String, String)> =
        units.iter().map(|(u, p)| (u.clone(), p.clone())).collect();
    let parts = sections::page_parts(&sections::PageInputs {
        r,
        images: &images,
        keep: index_keep,
        large,
    })?;
    let ctx = minijinja::context! {
        title => r.meta.title,
        instrument => r.meta.schema.title,
        quarter_range,
        latest => r.latest_quarter().map(|q| q.label()),
        min_group => r.meta.min_group_size,
        headlines => headlines(r).into_iter().map(|h| h.text).collect::<Vec<_>>(),
        n_unknown => n_unknown_note(r),
        images,
        domains,
        latest_scores => latest_scores(r, index_keep),
        team_status => unit_status(r, status_keep),
        large,
        team_count,
        org_tree => org_tree_rows(r, index_keep, &units),
        units => units_list,
        item_moves => item_moves(r, index_keep),
        org_trends => org_trend_rows(r),
        correlations => correlation_rows(r),
        participation => participation_rows(r, index_keep),
        reliability => reliability_rows(r),
        files => r.quality.files,
        kept => r.quality.revisited.kept,
        restated => r.quality.revisited.restated,
        rows_read => r.quality.rows_read,
        rows_skipped => r.quality.rows_skipped,
        hidden_cells => r.hidden_cell_count(),
        problems,
        problems_more => r.quality.problems.len().saturating_sub(MAX_PROBLEMS_SHOWN),
        parts,
        tables => super::tables::registry()
            .filter(|t| (t.applies)(r))
            .map(|t| vec![t.name, t.about])
            .collect::<Vec<_>>(),
    };
    let html = env.get_template("index.html")?.render(ctx)?;
    Ok(html.into_bytes())
}
