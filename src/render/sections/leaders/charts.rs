//! A person's competency progression: stage (1-5) by assessment date, one line per
//! competency.

use plotters::prelude::*;

use crate::error::Result;
use crate::metrics::competency::Track;
use crate::model::STAGES;
use crate::render::charts::{draw_legend, png, series_colour};

pub fn competency_progression(name: &str, tracks: &[&Track]) -> Result<Vec<u8>> {
    let size = (1000, 460);
    let days = |d: chrono::NaiveDate| d.num_days_from_ce() as f64;
    use chrono::Datelike;
    let all: Vec<f64> = tracks
        .iter()
        .flat_map(|t| t.history.iter().map(|(d, _)| days(*d)))
        .collect();
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() {
        (lo - 10.0, hi + 10.0)
    } else {
        (0.0, 1.0)
    };
    png("competency", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(root)
            .caption(
                format!("{name}: competency stage by assessment"),
                ("sans-serif", 17),
            )
            .margin(12)
            .x_label_area_size(34)
            .y_label_area_size(190)
            .build_cartesian_2d(lo..hi, 0.7..5.3)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(6)
            .x_label_formatter(&|x| {
                chrono::NaiveDate::from_num_days_from_ce_opt(*x as i32)
                    .map_or(String::new(), |d| d.format("%Y-%m").to_string())
            })
            .y_labels(5)
            .y_label_formatter(&|y: &f64| {
                let i = y.round() as usize;
                if (y - i as f64).abs() < 1e-6 && (1..=5).contains(&i) {
                    format!("{i} {}", STAGES[i - 1])
                } else {
                    String::new()
                }
            })
            .label_style(("sans-serif", 12))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, t) in tracks.iter().enumerate() {
            let c = series_colour(i);
            // Lines of equal stages would overlap; a small offset keeps each visible.
            let offset = (i as f64 - tracks.len() as f64 / 2.0) * 0.04;
            let points: Vec<(f64, f64)> = t
                .history
                .iter()
                .map(|(d, s)| (days(*d), f64::from(*s) + offset))
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), c.stroke_width(3)))
                .map_err(|e| e.to_string())?
                .label(t.competency.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3))
                });
            chart
                .draw_series(points.into_iter().map(|p| Circle::new(p, 4, c.filled())))
                .map_err(|e| e.to_string())?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 12)?;
        Ok(())
    })
}

/// A person's circles of influence by quarter: one line per circle (sum of its measures).
pub fn influence_circles(
    name: &str,
    quarters: &[&crate::metrics::influence::PersonQuarter],
) -> Result<Vec<u8>> {
    use crate::schema::Circle as InfluenceCircle;
    let size = (1000, 400);
    let top = quarters
        .iter()
        .flat_map(|q| q.circles.iter().flatten())
        .copied()
        .fold(1.0f64, f64::max);
    let labels: Vec<String> = quarters.iter().map(|q| q.quarter.label()).collect();
    let n = quarters.len().max(1);
    png("influence", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(root)
            .caption(
                format!("{name}: circles of influence by quarter (sum of each circle's measures)"),
                ("sans-serif", 17),
            )
            .margin(12)
            .x_label_area_size(34)
            .y_label_area_size(44)
            .build_cartesian_2d(-0.3..(n as f64 - 0.7), 0.0..top * 1.15)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(n)
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                    labels[i as usize].clone()
                } else {
                    String::new()
                }
            })
            .label_style(("sans-serif", 12))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| e.to_string())?;
        for (c, circle) in InfluenceCircle::ALL.iter().enumerate() {
            let colour = series_colour(c);
            let points: Vec<(f64, f64)> = quarters
                .iter()
                .enumerate()
                .filter_map(|(i, q)| q.circles[c].map(|v| (i as f64, v)))
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))
                .map_err(|e| e.to_string())?
                .label(circle.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
                });
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 4, colour.filled())),
                )
                .map_err(|e| e.to_string())?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 12)?;
        Ok(())
    })
}
