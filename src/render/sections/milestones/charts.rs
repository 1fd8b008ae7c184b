//! Milestone timelines: a panel per team, items completed per category by month.

use plotters::prelude::*;

use crate::error::Result;
use crate::metrics::milestones::{Milestones, Month};
use crate::render::charts::{png, series_colour, text_style, Area, MAX_TEAM_PANELS};

/// A panel per team, at most [`MAX_TEAM_PANELS`]; `only`: just these teams (a unit
/// page's), `None` when there are none of them.
pub fn milestone_timeline(m: &Milestones, only: Option<&[&str]>) -> Result<Option<Vec<u8>>> {
    let mut teams: Vec<&str> = m
        .months
        .iter()
        .map(|r| r.team.as_str())
        .filter(|t| only.is_none_or(|o| o.contains(t)))
        .collect();
    teams.dedup();
    if teams.is_empty() && only.is_some() {
        return Ok(None);
    }
    let total = teams.len();
    teams.truncate(MAX_TEAM_PANELS);
    let cols = 3usize;
    let rows = teams.len().div_ceil(cols).max(1);
    let (pw, ph, head_h) = (420u32, 230u32, 64u32);
    let size = (pw * cols as u32, ph * rows as u32 + head_h);
    let first = m.months.iter().map(|r| r.month.0).min().unwrap_or(0);
    let last = m
        .months
        .iter()
        .map(|r| r.month.0)
        .max()
        .unwrap_or(1)
        .max(first + 1);
    let most = m.categories.iter().map(|c| c.1.len()).max().unwrap_or(1) as f64;
    png("milestone_timeline", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (head, body) = root.split_vertically(head_h);
        let title = if total > teams.len() {
            format!(
                "Milestones: items completed per category by month, first {} of {total} teams",
                teams.len()
            )
        } else {
            "Milestones: items completed per category by month".to_string()
        };
        head.draw_text(&title, &text_style(18), (10, 8))
            .map_err(|e| e.to_string())?;
        let mut x = 10;
        for (c, (name, _)) in m.categories.iter().enumerate() {
            let colour = series_colour(c);
            head.draw(&Rectangle::new([(x, 42), (x + 18, 48)], colour.filled()))
                .map_err(|e| e.to_string())?;
            head.draw_text(name, &text_style(13), (x + 24, 38))
                .map_err(|e| e.to_string())?;
            x += 40 + 8 * name.len() as i32;
        }
        for (team, area) in teams.iter().zip(body.split_evenly((rows, cols)).iter()) {
            team_panel(area, m, team, (first, last, most))?;
        }
        Ok(())
    })
    .map(Some)
}

/// One team's panel: items completed per category by month, `first` to `last`, on an
/// axis up to `most` items.
fn team_panel(
    area: &Area,
    m: &Milestones,
    team: &str,
    (first, last, most): (i32, i32, f64),
) -> std::result::Result<(), String> {
    let mut chart = ChartBuilder::on(area)
        .caption(team, ("sans-serif", 14))
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(30)
        .build_cartesian_2d(first as f64 - 0.5..last as f64 + 0.5, 0.0..most + 0.3)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(5)
        .x_label_formatter(&|v| Month(v.round() as i32).label())
        .y_labels(most as usize + 1)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(("sans-serif", 10))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(|e| e.to_string())?;
    for c in 0..m.categories.len() {
        let colour = series_colour(c);
        let points: Vec<(f64, f64)> = m
            .months
            .iter()
            .filter(|r| r.team == team && r.category == c)
            .map(|r| (r.month.0 as f64, r.completed as f64))
            .collect();
        // A lone month has no line to draw: mark it, so it is not lost.
        if let [only] = points.as_slice() {
            chart
                .draw_series(std::iter::once(Circle::new(*only, 4, colour.filled())))
                .map_err(|e| e.to_string())?;
        }
        chart
            .draw_series(LineSeries::new(points, colour.stroke_width(2)))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
