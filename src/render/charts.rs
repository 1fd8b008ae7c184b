//! PNG charts drawn with plotters: the team x domain heatmap, organisation trends,
//! small-multiple team trends and the correlation matrix. Hidden cells are drawn as such.

mod effects;
mod milestones;
mod people;
mod velocity;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::Results;
use crate::error::{Error, Result};
use crate::metrics::correlations::{Kind, Method};
use crate::metrics::scores::Level;
use crate::validate::Quarter;

pub use effects::{event_study, event_study_stem};
pub use milestones::milestone_timeline;
pub use people::{competency_progression, influence_circles};
pub use velocity::{adoption_curves, stick_or_fade, time_to_consistent_use};

/// The font is shipped with the program so charts look the same on every machine.
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

fn register_font() {
    REGISTER.call_once(|| {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            // The bytes are a valid TrueType font compiled into the binary.
            let _ = plotters::style::register_font("sans-serif", style, FONT);
        }
    });
}

/// Okabe-Ito colours (safe for colour-blind readers), one per domain; Overall is black.
const PALETTE: [RGBColor; 7] = [
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
];
/// Okabe-Ito colours dark enough for lines on white (no yellow), for series that are not
/// domains: practices, checklist categories, competencies, circles of influence.
const SERIES_COLOURS: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
];

fn series_colour(i: usize) -> RGBColor {
    SERIES_COLOURS[i % SERIES_COLOURS.len()]
}

/// A chart with numeric axes, as every line chart here has.
type XyChart<'a, 'b> = ChartContext<
    'a,
    BitMapBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The legend of a line chart: a light box at `position`, labels at `font` pixels.
fn draw_legend<'b>(
    chart: &mut XyChart<'b, 'b>,
    position: SeriesLabelPosition,
    font: u32,
) -> std::result::Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", font))
        .draw()
        .map_err(|e| e.to_string())
}

const SUPPRESSED: RGBColor = RGBColor(200, 200, 200);
/// Background of a cell with nothing to show (no responses, or an undefined statistic).
const NO_DATA: RGBColor = RGBColor(245, 245, 245);

fn domain_colour(d: usize, d_count: usize) -> RGBColor {
    if d == d_count {
        BLACK
    } else {
        PALETTE[d % PALETTE.len()]
    }
}

fn chart_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Chart {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Blend between two colours.
fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let c = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

/// Score colour: red at the bottom of the scale, yellow in the middle, green at the top.
fn score_colour(v: f64, min: f64, max: f64) -> RGBColor {
    let t = (v - min) / (max - min);
    let (low, mid, high) = (
        RGBColor(215, 48, 31),
        RGBColor(254, 224, 139),
        RGBColor(26, 152, 80),
    );
    if t < 0.5 {
        mix(low, mid, t * 2.0)
    } else {
        mix(mid, high, (t - 0.5) * 2.0)
    }
}

/// Correlation colour: blue for negative, white at zero, orange-red for positive.
fn r_colour(r: f64) -> RGBColor {
    if r < 0.0 {
        mix(WHITE, RGBColor(33, 102, 172), -r)
    } else {
        mix(WHITE, RGBColor(178, 24, 43), r)
    }
}

fn text_style(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

fn centred(size: u32) -> TextStyle<'static> {
    text_style(size).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Center,
    ))
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// A cell of a heatmap or matrix in pixels: left, top, width, height.
#[derive(Clone, Copy)]
struct Boxed(i32, i32, i32, i32);

fn cell_box(
    area: &Area,
    b: Boxed,
    fill: RGBColor,
    label: &str,
    size: u32,
) -> std::result::Result<(), String> {
    let Boxed(x0, y0, w, h) = b;
    area.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + h)], fill.filled()))
        .map_err(|e| e.to_string())?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        WHITE.stroke_width(2),
    ))
    .map_err(|e| e.to_string())?;
    area.draw_text(label, &centred(size), (x0 + w / 2, y0 + h / 2))
        .map_err(|e| e.to_string())
}

/// A function drawing one chart into a PNG file.
pub type Drawer = fn(&Results, &Path) -> Result<()>;
/// A function drawing one learning-velocity chart.
pub type VelocityDrawer = fn(&crate::metrics::velocity::Velocity, &Path) -> Result<()>;

/// Every chart of the report, by file stem.
pub const ALL: [(&str, Drawer); 4] = [
    ("heatmap", heatmap),
    ("org_trends", org_trends),
    ("team_trends", team_trends),
    ("correlations", correlation_matrix),
];

/// Heatmap of teams x domains (and Overall) for the latest quarter.
pub fn heatmap(r: &Results, path: &Path) -> Result<()> {
    register_font();
    let Some(latest) = r.latest_quarter() else {
        return Ok(());
    };
    let d_count = r.domain_count();
    let mut teams: BTreeMap<&str, BTreeMap<usize, Option<f64>>> = BTreeMap::new();
    for c in r
        .cells
        .iter()
        .filter(|c| c.item.level == Level::Team && c.item.period == latest)
    {
        teams
            .entry(c.item.unit.as_str())
            .or_default()
            .insert(c.item.domain, c.is_shown().then_some(c.item.mean));
    }
    let (label_w, col_w, row_h, top, legend_h) = (190, 120, 34, 110, 70);
    let width = (label_w + col_w * (d_count as i32 + 1) + 30) as u32;
    let height = (top + row_h * teams.len().max(1) as i32 + legend_h + 20) as u32;
    let root = BitMapBackend::new(path, (width, height)).into_drawing_area();
    let draw = || -> std::result::Result<(), String> {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        root.draw_text(
            &format!(
                "Team health by domain, {} (mean score, 1-5)",
                latest.label()
            ),
            &text_style(20),
            (10, 12),
        )
        .map_err(|e| e.to_string())?;
        for d in 0..=d_count {
            let x = label_w + col_w * d as i32 + col_w / 2;
            let name = r.domain_name(d);
            for (k, line) in wrap(name, 14).iter().enumerate() {
                root.draw_text(line, &centred(13), (x, top - 38 + 16 * k as i32))
                    .map_err(|e| e.to_string())?;
            }
        }
        for (row, (team, values)) in teams.iter().enumerate() {
            let y = top + row_h * row as i32;
            root.draw_text(team, &text_style(14), (10, y + row_h / 2 - 7))
                .map_err(|e| e.to_string())?;
            for d in 0..=d_count {
                let x = label_w + col_w * d as i32;
                match values.get(&d) {
                    Some(Some(v)) => cell_box(
                        &root,
                        Boxed(x, y, col_w, row_h),
                        score_colour(*v, r.schema.scale.min, r.schema.scale.max),
                        &format!("{v:.2}"),
                        14,
                    )?,
                    Some(None) => cell_box(
                        &root,
                        Boxed(x, y, col_w, row_h),
                        SUPPRESSED,
                        "suppressed",
                        12,
                    )?,
                    None => cell_box(&root, Boxed(x, y, col_w, row_h), NO_DATA, "no data", 12)?,
                }
            }
        }
        // Legend: the colour scale and the suppressed swatch.
        let ly = top + row_h * teams.len().max(1) as i32 + 25;
        let steps = 40;
        let scale_w = 300;
        for i in 0..steps {
            let v = r.schema.scale.min
                + (r.schema.scale.max - r.schema.scale.min) * i as f64 / (steps - 1) as f64;
            let x = label_w + i * scale_w / steps;
            root.draw(&Rectangle::new(
                [(x, ly), (x + scale_w / steps + 1, ly + 16)],
                score_colour(v, r.schema.scale.min, r.schema.scale.max).filled(),
            ))
            .map_err(|e| e.to_string())?;
        }
        root.draw_text(
            &format!("{}", r.schema.scale.min),
            &text_style(12),
            (label_w - 14, ly + 2),
        )
        .map_err(|e| e.to_string())?;
        root.draw_text(
            &format!("{}", r.schema.scale.max),
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
                r.min_group_size
            ),
            &text_style(12),
            (sx + 38, ly + 2),
        )
        .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())
    };
    draw().map_err(|e| chart_error(path, e))
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

/// Shown means of one unit per domain: domain -> [(quarter index, mean)].
fn unit_series(r: &Results, level: Level, unit: &str) -> BTreeMap<usize, Vec<(i32, Option<f64>)>> {
    let index: BTreeMap<Quarter, i32> = r
        .quarters
        .iter()
        .enumerate()
        .map(|(i, q)| (*q, i as i32))
        .collect();
    let mut out: BTreeMap<usize, Vec<(i32, Option<f64>)>> = BTreeMap::new();
    for c in r
        .cells
        .iter()
        .filter(|c| c.item.level == level && c.item.unit == unit)
    {
        out.entry(c.item.domain)
            .or_default()
            .push((index[&c.item.period], c.is_shown().then_some(c.item.mean)));
    }
    out
}

fn draw_lines(
    area: &Area,
    r: &Results,
    level: Level,
    series: &BTreeMap<usize, Vec<(i32, Option<f64>)>>,
    caption: &str,
    caption_size: u32,
    legend: bool,
) -> std::result::Result<(), String> {
    let q = r.quarters.len().max(1) as i32;
    let labels: Vec<String> = r.quarters.iter().map(|q| q.label()).collect();
    let d_count = r.domain_count();
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
    for (&d, points) in series {
        let colour = domain_colour(d, d_count);
        let width = if d == d_count { 3 } else { 2 };
        // Break the line where a quarter is hidden or missing.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        let mut sorted = points.clone();
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
                    chart
                        .draw_series(std::iter::once(Cross::new(
                            (x as f64, y_lo + 0.04 * (y_hi - y_lo)),
                            5,
                            SUPPRESSED.stroke_width(2),
                        )))
                        .map_err(|e| e.to_string())?;
                }
            }
            last_x = Some(x);
        }
        for (k, run) in runs.into_iter().filter(|r| !r.is_empty()).enumerate() {
            let s = chart
                .draw_series(LineSeries::new(run.clone(), colour.stroke_width(width)))
                .map_err(|e| e.to_string())?;
            if legend && k == 0 {
                s.label(r.domain_name(d).to_string()).legend(move |(x, y)| {
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
        .cells
        .iter()
        .filter(|c| c.is_shown() && c.item.level == level)
        .map(|c| c.item.mean);
    let (lo, hi) = shown.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (min, max) = (r.schema.scale.min, r.schema.scale.max);
    if !lo.is_finite() {
        return (min, max);
    }
    let bottom = (((lo - 0.2) * 2.0).floor() / 2.0).clamp(min, max - 0.5);
    let top = (((hi + 0.2) * 2.0).ceil() / 2.0).clamp(bottom + 0.5, max);
    (bottom, top)
}

/// Organisation-wide mean per domain over the quarters.
pub fn org_trends(r: &Results, path: &Path) -> Result<()> {
    register_font();
    let series = unit_series(r, Level::Organisation, crate::metrics::scores::ORGANISATION);
    let root = BitMapBackend::new(path, (1000, 560)).into_drawing_area();
    let draw = || -> std::result::Result<(), String> {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw_lines(
            &root,
            r,
            Level::Organisation,
            &series,
            "Organisation: mean score per domain by quarter",
            20,
            true,
        )?;
        root.present().map_err(|e| e.to_string())
    };
    draw().map_err(|e| chart_error(path, e))
}

/// Most team panels drawn in the small-multiples chart.
pub const MAX_TEAM_PANELS: usize = 30;

/// One small panel per team with every domain; hidden quarters marked with a grey cross.
pub fn team_trends(r: &Results, path: &Path) -> Result<()> {
    register_font();
    let mut teams: Vec<&str> = r
        .cells
        .iter()
        .filter(|c| c.item.level == Level::Team)
        .map(|c| c.item.unit.as_str())
        .collect();
    teams.sort_unstable();
    teams.dedup();
    let total = teams.len();
    // Past a few dozen panels the chart is unreadable (and slow to draw); the rest are
    // in metrics/trends.csv and the status table.
    teams.truncate(MAX_TEAM_PANELS);
    let cols = 3usize;
    let rows = teams.len().div_ceil(cols).max(1);
    let (pw, ph, legend_h) = (420u32, 250u32, 60u32);
    let root = BitMapBackend::new(path, (pw * cols as u32, ph * rows as u32 + legend_h))
        .into_drawing_area();
    let d_count = r.domain_count();
    let draw = || -> std::result::Result<(), String> {
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
        for d in 0..=d_count {
            let colour = domain_colour(d, d_count);
            head.draw(&Rectangle::new([(x, 38), (x + 18, 44)], colour.filled()))
                .map_err(|e| e.to_string())?;
            let name = r.domain_name(d);
            head.draw_text(name, &text_style(12), (x + 22, 34))
                .map_err(|e| e.to_string())?;
            x += 30 + 7 * name.len() as i32;
        }
        let panels = body.split_evenly((rows, cols));
        for (team, panel) in teams.iter().zip(panels.iter()) {
            let series = unit_series(r, Level::Team, team);
            draw_lines(panel, r, Level::Team, &series, team, 14, false)?;
        }
        root.present().map_err(|e| e.to_string())
    };
    draw().map_err(|e| chart_error(path, e))
}

/// Correlation matrices of domain levels and of quarter-to-quarter changes (Pearson r).
pub fn correlation_matrix(r: &Results, path: &Path) -> Result<()> {
    register_font();
    let d_count = r.domain_count();
    let (label_w, cell, top) = (200, 70, 120);
    let panel_w = label_w + cell * d_count as i32 + 30;
    let root = BitMapBackend::new(
        path,
        (
            (panel_w * 2) as u32,
            (top + cell * d_count as i32 + 60) as u32,
        ),
    )
    .into_drawing_area();
    let draw = || -> std::result::Result<(), String> {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        for (p, kind) in [Kind::Levels, Kind::Changes].into_iter().enumerate() {
            let ox = panel_w * p as i32;
            let title = match kind {
                Kind::Levels => "Levels: one point per team (Pearson r)",
                Kind::Changes => "Changes: quarter-to-quarter (Pearson r)",
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
            for a in 0..d_count {
                for b in 0..d_count {
                    let x = ox + label_w + cell * b as i32;
                    let y = top + cell * a as i32;
                    if a == b {
                        cell_box(
                            &root,
                            Boxed(x, y, cell, cell),
                            RGBColor(235, 235, 235),
                            "1",
                            14,
                        )?;
                        continue;
                    }
                    let (lo, hi) = (a.min(b), a.max(b));
                    let found = r.correlations.iter().find(|c| {
                        c.kind == kind && c.method == Method::Pearson && c.a == lo && c.b == hi
                    });
                    match found.and_then(|c| c.result.map(|x| (x.r, c.n))) {
                        Some((rv, n)) => cell_box(
                            &root,
                            Boxed(x, y, cell, cell),
                            r_colour(rv),
                            &format!("{rv:.2}\nn={n}").replace('\n', " "),
                            12,
                        )?,
                        None => cell_box(&root, Boxed(x, y, cell, cell), NO_DATA, "n/a", 12)?,
                    }
                }
            }
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
        }
        root.present().map_err(|e| e.to_string())
    };
    draw().map_err(|e| chart_error(path, e))
}
