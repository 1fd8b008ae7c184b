//! The survey charts: the team x domain heatmap, organisation trends, small-multiple team
//! trends and the correlation matrix. Hidden cells are drawn as such.

use std::collections::BTreeMap;

use plotters::prelude::*;

use super::*;
use crate::metrics::correlations::{Kind, Method, Note};
use crate::metrics::scores::Level;

/// Heatmap of units x domains (and Overall) for the latest quarter: every team, or in an
/// organisation of more than [`MAX_TEAM_PANELS`] teams the units right under the
/// organisation (the teams are on their units' pages).
pub fn heatmap(r: &Results) -> Result<Option<Vec<u8>>> {
    let rows: Vec<(Level, String)> = if is_large(r) {
        r.survey
            .org_tree
            .iter()
            .filter(|t| t.depth == 1)
            .map(|t| (t.level, t.unit.clone()))
            .collect()
    } else {
        let teams: std::collections::BTreeSet<&str> = r
            .survey
            .cells
            .iter()
            .filter(|c| c.key().level == Level::Team)
            .map(|c| c.key().unit)
            .collect();
        teams
            .into_iter()
            .map(|t| (Level::Team, t.to_string()))
            .collect()
    };
    let what = if is_large(r) { "Units" } else { "Team health" };
    heatmap_of(r, &rows, what)
}

/// Whether the organisation has more teams than one page shows: its team charts and
/// tables then move to the unit pages.
pub fn is_large(r: &Results) -> bool {
    let teams: std::collections::BTreeSet<&str> = r
        .survey
        .cells
        .iter()
        .filter(|c| c.key().level == Level::Team)
        .map(|c| c.key().unit)
        .collect();
    teams.len() > MAX_TEAM_PANELS && r.survey.org_tree.iter().any(|t| t.level == Level::Group)
}

/// Every unit's means by domain in `latest`: `None` where the cell is hidden.
fn latest_means<'r>(
    r: &'r Results,
    latest: crate::model::Quarter,
) -> BTreeMap<(Level, &'r str), BTreeMap<Measure, Option<f64>>> {
    let mut values: BTreeMap<(Level, &str), BTreeMap<Measure, Option<f64>>> = BTreeMap::new();
    for c in r.survey.cells.iter().filter(|c| c.key().period == latest) {
        values
            .entry((c.key().level, c.key().unit))
            .or_default()
            .insert(c.key().measure, c.shown().map(|c| c.mean));
    }
    values
}

/// Heatmap of the given units (in that order) x domains for the latest quarter, titled
/// "{what} by domain".
pub fn heatmap_of(r: &Results, rows: &[(Level, String)], what: &str) -> Result<Option<Vec<u8>>> {
    let Some(latest) = r.latest_quarter() else {
        return Ok(None);
    };
    if rows.is_empty() {
        return Ok(None);
    }
    let d_count = r.domain_count();
    let values = latest_means(r, latest);
    let empty = BTreeMap::new();
    let teams: Vec<(String, &BTreeMap<Measure, Option<f64>>)> = rows
        .iter()
        .map(|(level, unit)| {
            let label = match level {
                Level::Group => format!("{unit} (all)"),
                _ => unit.clone(),
            };
            (
                label,
                values.get(&(*level, unit.as_str())).unwrap_or(&empty),
            )
        })
        .collect();
    let (label_w, col_w, row_h, top, legend_h) = (190, 120, 34, 110, 70);
    let width = (label_w + col_w * (d_count as i32 + 1) + 30) as u32;
    let height = (top + row_h * teams.len().max(1) as i32 + legend_h + 20) as u32;
    let size = (width, height);
    png("heatmap", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        root.draw_text(
            &format!("{what} by domain, {} (mean score, 1-5)", latest.label()),
            &text_style(20),
            (10, 12),
        )
        .map_err(|e| e.to_string())?;
        for (col, m) in Measure::domains_and_overall(d_count).enumerate() {
            let x = label_w + col_w * col as i32 + col_w / 2;
            let name = r.measure_name(m);
            for (k, line) in wrap(name, 14).iter().enumerate() {
                root.draw_text(line, &centred(13), (x, top - 38 + 16 * k as i32))
                    .map_err(|e| e.to_string())?;
            }
        }
        for (row, (team, values)) in teams.iter().enumerate() {
            let team = team.as_str();
            let y = top + row_h * row as i32;
            root.draw_text(team, &text_style(14), (10, y + row_h / 2 - 7))
                .map_err(|e| e.to_string())?;
            for (col, m) in Measure::domains_and_overall(d_count).enumerate() {
                let x = label_w + col_w * col as i32;
                match values.get(&m) {
                    Some(Some(v)) => cell_box(
                        root,
                        Boxed(x, y, col_w, row_h),
                        score_colour(*v, r.meta.schema.scale.min, r.meta.schema.scale.max),
                        &format!("{v:.2}"),
                        14,
                    )?,
                    Some(None) => cell_box(
                        root,
                        Boxed(x, y, col_w, row_h),
                        SUPPRESSED,
                        "suppressed",
                        12,
                    )?,
                    None => cell_box(root, Boxed(x, y, col_w, row_h), NO_DATA, "no data", 12)?,
                }
            }
        }
        // Legend: the colour scale and the suppressed swatch.
        let ly = top + row_h * teams.len().max(1) as i32 + 25;
        heatmap_legend(root, r, ly, label_w)?;
        Ok(())
    })
    .map(Some)
}

/// The heatmap's legend at height `ly`: the colour scale and the suppressed swatch.
fn heatmap_legend(
    root: &Area,
    r: &Results,
    ly: i32,
    label_w: i32,
) -> std::result::Result<(), String> {
    let steps = 40;
    let scale_w = 300;
    for i in 0..steps {
        let v = r.meta.schema.scale.min
            + (r.meta.schema.scale.max - r.meta.schema.scale.min) * i as f64 / (steps - 1) as f64;
        let x = label_w + i * scale_w / steps;
        root.draw(&Rectangle::new(
            [(x, ly), (x + scale_w / steps + 1, ly + 16)],
            score_colour(v, r.meta.schema.scale.min, r.meta.schema.scale.max).filled(),
        ))
        .map_err(|e| e.to_string())?;
    }
    root.draw_text(
        &format!("{}", r.meta.schema.scale.min),
        &text_style(12),
        (label_w - 14, ly + 2),
    )
    .map_err(|e| e.to_string())?;
    root.draw_text(
        &format!("{}", r.meta.schema.scale.max),
        &text_style(12),
        (label_w + scale_w + 4, ly + 2),
    )
    .map_err(|e| e.to_string())?;
    root.draw_text("score", &text_style(12), (10, ly + 2))
        .map_err(|e| e.to_string())?;
    let sx = label_w + scale_w + 50;
    root.draw(&Rectangle::new(
        [(sx, ly), (sx + 30, ly + 16)],
        SUPPRESSED.filled(),
    ))
    .map_err(|e| e.to_string())?;
    root.draw_text(
        &format!(
            "suppressed: fewer than {} respondents, or protecting one",
            r.meta.min_group_size
        ),
        &text_style(12),
        (sx + 38, ly + 2),
    )
    .map_err(|e| e.to_string())?;
    Ok(())
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Shown means of one unit per domain and Overall: measure -> [(quarter index, mean)].
fn unit_series(
    r: &Results,
    level: Level,
    unit: &str,
) -> BTreeMap<Measure, Vec<(i32, Option<f64>)>> {
    let index: BTreeMap<Quarter, i32> = r
        .meta
        .quarters
        .iter()
        .enumerate()
        .map(|(i, q)| (*q, i as i32))
        .collect();
    let mut out: BTreeMap<Measure, Vec<(i32, Option<f64>)>> = BTreeMap::new();
    for c in r
        .survey
        .cells
        .iter()
        .filter(|c| c.key().level == level && c.key().unit == unit)
    {
        out.entry(c.key().measure)
            .or_default()
            .push((index[&c.key().period], c.shown().map(|c| c.mean)));
    }
    out
}

/// A series' points as runs of consecutive shown quarters (the line breaks where a
/// quarter is hidden or missing), and the quarters shown as hidden.
fn line_runs(points: &[(i32, Option<f64>)]) -> (Vec<Vec<(f64, f64)>>, Vec<i32>) {
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    let mut hidden = Vec::new();
    let mut sorted = points.to_vec();
    sorted.sort_by_key(|p| p.0);
    let mut last_x = None;
    for (x, v) in sorted {
        match v {
            Some(v) if last_x.is_none_or(|l: i32| x == l + 1) => {
                runs.last_mut().expect("non-empty").push((x as f64, v))
            }
            Some(v) => runs.push(vec![(x as f64, v)]),
            None => {
                runs.push(Vec::new());
                hidden.push(x);
            }
        }
        last_x = Some(x);
    }
    runs.retain(|r| !r.is_empty());
    (runs, hidden)
}

fn draw_lines(
    area: &Area,
    r: &Results,
    level: Level,
    series: &BTreeMap<Measure, Vec<(i32, Option<f64>)>>,
    caption: &str,
    caption_size: u32,
    legend: bool,
) -> std::result::Result<(), String> {
    let q = r.meta.quarters.len().max(1) as i32;
    let labels: Vec<String> = r.meta.quarters.iter().map(|q| q.label()).collect();
    let (y_lo, y_hi) = y_range(r, level);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", caption_size))
        .margin(8)
        .x_label_area_size(if legend { 40 } else { 26 })
        .y_label_area_size(40)
        .build_cartesian_2d(-0.3f64..(q as f64 - 0.7), y_lo..y_hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(q as usize)
        .x_label_formatter(&|x| {
            let i = x.round() as i64;
            if (x - i as f64).abs() < 1e-6 && i >= 0 && (i as usize) < labels.len() {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        })
        .y_labels(8)
        .label_style(("sans-serif", if legend { 13 } else { 10 }))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(|e| e.to_string())?;
    for (&m, points) in series {
        let colour = domain_colour(m);
        let width = if m == Measure::Overall { 3 } else { 2 };
        let (runs, hidden) = line_runs(points);
        for x in hidden {
            chart
                .draw_series(std::iter::once(Cross::new(
                    (x as f64, y_lo + 0.04 * (y_hi - y_lo)),
                    5,
                    SUPPRESSED.stroke_width(2),
                )))
                .map_err(|e| e.to_string())?;
        }
        for (k, run) in runs.into_iter().enumerate() {
            let s = chart
                .draw_series(LineSeries::new(run.clone(), colour.stroke_width(width)))
                .map_err(|e| e.to_string())?;
            if legend && k == 0 {
                s.label(r.measure_name(m).to_string())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
                    });
            }
            chart
                .draw_series(run.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
                .map_err(|e| e.to_string())?;
        }
    }
    if legend {
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 13)?;
    }
    Ok(())
}

/// The vertical range of trend charts: the shown means with some room, in half points,
/// within the scale, at least half a point tall. Panels of one level share the range.
fn y_range(r: &Results, level: Level) -> (f64, f64) {
    let shown = r
        .survey
        .cells
        .iter()
        .filter_map(|c| c.shown())
        .filter(|c| c.level == level)
        .map(|c| c.mean);
    let (lo, hi) = shown.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (min, max) = (r.meta.schema.scale.min, r.meta.schema.scale.max);
    if !lo.is_finite() {
        return (min, max);
    }
    let bottom = (((lo - 0.2) * 2.0).floor() / 2.0).clamp(min, max - 0.5);
    let top = (((hi + 0.2) * 2.0).ceil() / 2.0).clamp(bottom + 0.5, max);
    (bottom, top)
}

/// Organisation-wide mean per domain over the quarters.
pub fn org_trends(r: &Results) -> Result<Option<Vec<u8>>> {
    // The organisation, or in a report scoped to one unit that unit in its place.
    let top = r
        .survey
        .cells
        .iter()
        .find(|c| c.key().level == Level::Organisation)
        .map_or(crate::metrics::scores::ORGANISATION, |c| c.key().unit);
    unit_trends(r, Level::Organisation, top)
}

/// One unit's mean per domain over the quarters.
pub fn unit_trends(r: &Results, level: Level, unit: &str) -> Result<Option<Vec<u8>>> {
    let series = unit_series(r, level, unit);
    if series.is_empty() {
        return Ok(None);
    }
    let title = format!("{unit}: mean score per domain by quarter");
    let size = (1000, 560);
    png("org_trends", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw_lines(root, r, level, &series, &title, 20, true)?;
        Ok(())
    })
    .map(Some)
}

/// One small panel per team with every domain; hidden quarters marked with a grey cross.
/// In an organisation of more than [`MAX_TEAM_PANELS`] teams, on the unit pages instead.
pub fn team_trends(r: &Results) -> Result<Option<Vec<u8>>> {
    if is_large(r) {
        return Ok(None);
    }
    let mut teams: Vec<&str> = r
        .survey
        .cells
        .iter()
        .filter(|c| c.key().level == Level::Team)
        .map(|c| c.key().unit)
        .collect();
    teams.sort_unstable();
    teams.dedup();
    let units: Vec<(Level, &str)> = teams.into_iter().map(|t| (Level::Team, t)).collect();
    team_trends_of(r, &units)
}

/// One small panel per unit of `units` (in that order; a roll-up's panel is its whole
/// subtree), at most [`MAX_TEAM_PANELS`].
pub fn team_trends_of(r: &Results, units: &[(Level, &str)]) -> Result<Option<Vec<u8>>> {
    if units.is_empty() {
        return Ok(None);
    }
    let mut teams: Vec<(Level, &str)> = units.to_vec();
    teams.dedup();
    let total = teams.len();
    // Past a few dozen panels the chart is unreadable (and slow to draw); the rest are
    // in metrics/trends.csv and the status table.
    teams.truncate(MAX_TEAM_PANELS);
    let cols = 3usize;
    let rows = teams.len().div_ceil(cols).max(1);
    let (pw, ph, legend_h) = (420u32, 250u32, 60u32);
    let size = (pw * cols as u32, ph * rows as u32 + legend_h);
    let d_count = r.domain_count();
    png("team_trends", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (head, body) = root.split_vertically(legend_h);
        let title = if total > teams.len() {
            format!(
                "Team trends by domain, first {} of {total} teams by name (grey cross: quarter suppressed)",
                teams.len()
            )
        } else {
            "Team trends by domain (grey cross: quarter suppressed)".to_string()
        };
        head.draw_text(&title, &text_style(18), (10, 8))
            .map_err(|e| e.to_string())?;
        let mut x = 10;
        for m in Measure::domains_and_overall(d_count) {
            let colour = domain_colour(m);
            head.draw(&Rectangle::new([(x, 38), (x + 18, 44)], colour.filled()))
                .map_err(|e| e.to_string())?;
            let name = r.measure_name(m);
            head.draw_text(name, &text_style(12), (x + 22, 34))
                .map_err(|e| e.to_string())?;
            x += 30 + 7 * name.len() as i32;
        }
        let panels = body.split_evenly((rows, cols));
        for ((level, team), panel) in teams.iter().zip(panels.iter()) {
            let series = unit_series(r, *level, team);
            let caption = match level {
                Level::Group => format!("{team} (all)"),
                _ => team.to_string(),
            };
            draw_lines(panel, r, *level, &series, &caption, 14, false)?;
        }
        Ok(())
    })
    .map(Some)
}

/// Correlation matrices of domain levels and of quarter-to-quarter changes (Pearson r).
pub fn correlation_matrix(r: &Results) -> Result<Option<Vec<u8>>> {
    let d_count = r.domain_count();
    let (label_w, cell, top) = (200, 70, 120);
    let panel_w = label_w + cell * d_count as i32 + 30;
    let size = (
        (panel_w * 2) as u32,
        (top + cell * d_count as i32 + 80) as u32,
    );
    png("correlations", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        for (p, kind) in [Kind::Levels, Kind::Changes].into_iter().enumerate() {
            let ox = panel_w * p as i32;
            let title = match kind {
                Kind::Levels => "Levels of team-quarters (Pearson r, noise removed)",
                Kind::Changes => "Quarter-to-quarter changes (Pearson r, noise removed)",
            };
            root.draw_text(title, &text_style(17), (ox + 10, 12))
                .map_err(|e| e.to_string())?;
            for d in 0..d_count {
                let name = r.domain_name(d);
                root.draw_text(
                    name,
                    &text_style(13),
                    (ox + 10, top + cell * d as i32 + cell / 2 - 7),
                )
                .map_err(|e| e.to_string())?;
                for (k, line) in wrap(name, 11).iter().enumerate() {
                    root.draw_text(
                        line,
                        &centred(12),
                        (
                            ox + label_w + cell * d as i32 + cell / 2,
                            top - 44 + 15 * k as i32,
                        ),
                    )
                    .map_err(|e| e.to_string())?;
                }
            }
            correlation_cells(root, r, kind, (ox + label_w, top), cell)?;
            let ly = top + cell * d_count as i32 + 20;
            for i in 0..40 {
                let v = -1.0 + 2.0 * i as f64 / 39.0;
                let x = ox + label_w + i * 6;
                root.draw(&Rectangle::new(
                    [(x, ly), (x + 7, ly + 14)],
                    r_colour(v).filled(),
                ))
                .map_err(|e| e.to_string())?;
            }
            root.draw_text("-1", &text_style(12), (ox + label_w - 22, ly))
                .map_err(|e| e.to_string())?;
            root.draw_text("+1", &text_style(12), (ox + label_w + 246, ly))
                .map_err(|e| e.to_string())?;
            root.draw_text(
                "noise: within sampling noise, no r",
                &text_style(12),
                (ox + label_w, ly + 22),
            )
            .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
    .map(Some)
}

/// One matrix of the chart: the cells of every pair of domains from `(left, top)`.
fn correlation_cells(
    root: &Area,
    r: &Results,
    kind: Kind,
    (left, top): (i32, i32),
    cell: i32,
) -> std::result::Result<(), String> {
    let d_count = r.domain_count();
    for a in 0..d_count {
        for b in 0..d_count {
            let x = left + cell * b as i32;
            let y = top + cell * a as i32;
            if a == b {
                cell_box(
                    root,
                    Boxed(x, y, cell, cell),
                    RGBColor(235, 235, 235),
                    "1",
                    14,
                )?;
                continue;
            }
            let (lo, hi) = (a.min(b), a.max(b));
            let found =
                r.survey.correlations.iter().find(|c| {
                    c.kind == kind && c.method == Method::Pearson && c.a == lo && c.b == hi
                });
            let noise = found
                .is_some_and(|c| matches!(c.note, Some(Note::WithinNoise(_) | Note::Unstable)));
            match found.and_then(|c| c.result.map(|x| (x.r, c.n))) {
                None if noise => cell_box(root, Boxed(x, y, cell, cell), NO_DATA, "noise", 12)?,
                Some((rv, n)) => cell_box(
                    root,
                    Boxed(x, y, cell, cell),
                    r_colour(rv),
                    &format!("{rv:.2}\nn={n}").replace('\n', " "),
                    12,
                )?,
                None => cell_box(root, Boxed(x, y, cell, cell), NO_DATA, "n/a", 12)?,
            }
        }
    }
    Ok(())
}
