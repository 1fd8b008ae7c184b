//! Event-study charts: one PNG per intervention, a panel per domain, treated against
//! comparison teams by quarter relative to the start, with 95% interval bands.

use plotters::prelude::*;

use crate::error::Result;
use crate::metrics::interventions::{Band, EventPoint, Study};
use crate::render::charts::{png, text_style, XyChart};
use crate::render::Results;

const TREATED: RGBColor = RGBColor(0, 114, 178);
const COMPARISON: RGBColor = RGBColor(213, 94, 0);

/// A file stem safe on every system: `event_study_<n>_<lowercase letters and digits>`.
pub fn event_study_stem(index: usize, name: &str) -> String {
    let mut slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while slug.contains("__") {
        slug = slug.replace("__", "_");
    }
    let slug: String = slug.trim_matches('_').chars().take(40).collect();
    format!("event_study_{:02}_{slug}", index + 1)
}

fn band_points(points: &[EventPoint], side: fn(&EventPoint) -> Option<Band>) -> Vec<(f64, Band)> {
    points
        .iter()
        .filter_map(|p| side(p).map(|b| (p.relative as f64, b)))
        .collect()
}

fn draw_side(
    chart: &mut XyChart,
    points: &[(f64, Band)],
    colour: RGBColor,
) -> std::result::Result<(), String> {
    let with_ci: Vec<(f64, (f64, f64))> = points
        .iter()
        .filter_map(|(x, b)| b.ci.map(|ci| (*x, ci)))
        .collect();
    if with_ci.len() >= 2 {
        let mut outline: Vec<(f64, f64)> = with_ci.iter().map(|(x, ci)| (*x, ci.1)).collect();
        outline.extend(with_ci.iter().rev().map(|(x, ci)| (*x, ci.0)));
        chart
            .draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.15))))
            .map_err(|e| e.to_string())?;
    }
    let line: Vec<(f64, f64)> = points.iter().map(|(x, b)| (*x, b.mean)).collect();
    chart
        .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(line.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// The panel's score range: both sides' intervals with a margin, rounded to half points
/// and kept on the scale (`min`, `max`), at least half a point tall.
fn y_range(
    treated: &[(f64, Band)],
    comparison: &[(f64, Band)],
    (min, max): (f64, f64),
) -> (f64, f64) {
    let values = treated.iter().chain(comparison).flat_map(|(_, b)| {
        let (lo, hi) = b.ci.unwrap_or((b.mean, b.mean));
        [lo, hi]
    });
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (lo, hi) = if lo.is_finite() {
        (
            ((lo - 0.1) * 2.0).floor() / 2.0,
            ((hi + 0.1) * 2.0).ceil() / 2.0,
        )
    } else {
        (min, max)
    };
    (lo.max(min), hi.min(max).max(lo.max(min) + 0.5))
}

/// One intervention's event study: a panel per domain (Overall last).
pub fn event_study(r: &Results, study: &Study) -> Result<Vec<u8>> {
    let panels = study.events.len();
    let cols = 4usize;
    let rows = panels.div_ceil(cols).max(1);
    let (pw, ph, head_h) = (330u32, 260u32, 70u32);
    let size = (pw * cols as u32, ph * rows as u32 + head_h);
    let (min, max) = (r.meta.schema.scale.min, r.meta.schema.scale.max);
    png("event_study", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (head, body) = root.split_vertically(head_h);
        head.draw_text(
            &format!(
                "{}: mean score by quarter relative to the start (0 = start quarter)",
                study.name
            ),
            &text_style(18),
            (10, 8),
        )
        .map_err(|e| e.to_string())?;
        let mut x = 10;
        for (label, colour) in [
            (
                format!("treated teams ({} listed)", study.starts.len()),
                TREATED,
            ),
            ("comparison teams (not yet started)".to_string(), COMPARISON),
        ] {
            head.draw(&Rectangle::new([(x, 44), (x + 18, 50)], colour.filled()))
                .map_err(|e| e.to_string())?;
            head.draw_text(&label, &text_style(13), (x + 24, 40))
                .map_err(|e| e.to_string())?;
            x += 40 + 8 * label.len() as i32;
        }
        head.draw_text(
            "bands: 95% interval across teams; a dashed line marks the start; hidden team-quarters are left out",
            &text_style(12).color(&RGBColor(90, 90, 90)),
            (x, 41),
        )
        .map_err(|e| e.to_string())?;
        let areas = body.split_evenly((rows, cols));
        for ((m, points), area) in study.events.iter().zip(areas.iter()) {
            let treated = band_points(points, |p| p.treated);
            let comparison = band_points(points, |p| p.comparison);
            let (lo, hi) = y_range(&treated, &comparison, (min, max));
            let first = points.first().map_or(-3, |p| p.relative) as f64;
            let last = points.last().map_or(1, |p| p.relative) as f64;
            let mut chart = ChartBuilder::on(area)
                .caption(r.measure_name(*m), ("sans-serif", 15))
                .margin(8)
                .x_label_area_size(26)
                .y_label_area_size(36)
                .build_cartesian_2d((first - 0.3)..(last + 0.3), lo..hi)
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .x_labels((last - first) as usize + 1)
                .x_label_formatter(&|x| format!("{:+}", x.round() as i64))
                .y_labels(6)
                .label_style(("sans-serif", 11))
                .light_line_style(WHITE.mix(0.0))
                .draw()
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(-0.5, lo), (-0.5, hi)],
                    4,
                    4,
                    BLACK.mix(0.5).stroke_width(1),
                ))
                .map_err(|e| e.to_string())?;
            draw_side(&mut chart, &comparison, COMPARISON)?;
            draw_side(&mut chart, &treated, TREATED)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_names_are_safe_whatever_the_intervention_is_called() {
        assert_eq!(
            event_study_stem(0, "Pair programming rotation"),
            "event_study_01_pair_programming_rotation"
        );
        assert_eq!(
            event_study_stem(11, "../../etc/passwd"),
            "event_study_12_etc_passwd"
        );
        assert_eq!(
            event_study_stem(2, "Équipe « offsite »"),
            "event_study_03_quipe_offsite"
        );
    }
}
