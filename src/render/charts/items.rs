//! The diverging stacked bar chart of answer distributions: one bar per question for
//! the organisation (in a scoped report, its unit) in the latest quarter, unfavourable
//! answers to the left of the centre line, favourable to the right, neutral split
//! across it.

use plotters::prelude::*;

use super::*;
use crate::metrics::scores::{scale_points, Level};

/// Colours from the most unfavourable point to the most favourable (colour-blind safe:
/// orange-red to blue through grey).
fn point_colour(t: f64) -> RGBColor {
    let (low, mid, high) = (
        RGBColor(178, 24, 43),
        RGBColor(215, 215, 215),
        RGBColor(33, 102, 172),
    );
    if t < 0.5 {
        mix(low, mid, t * 2.0)
    } else {
        mix(mid, high, (t - 0.5) * 2.0)
    }
}

/// Each point's name: the schema's first label for it, else the number.
fn point_names(r: &Results, points: &[f64]) -> Vec<String> {
    points
        .iter()
        .map(|p| {
            r.meta
                .schema
                .scale
                .labels
                .iter()
                .filter(|(_, v)| (*v - p).abs() < 1e-9)
                .map(|(k, _)| r.meta.schema.scale.label_text[k].clone())
                .next()
                .unwrap_or_else(|| format!("{p}"))
        })
        .collect()
}

/// A question cut to `max` characters for its row label.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

pub fn item_distribution(r: &Results) -> Result<Option<Vec<u8>>> {
    let points = scale_points(&r.meta.schema.scale);
    let Some(latest) = r.latest_quarter() else {
        return Ok(None);
    };
    // The organisation's shown questions, in the schema's order.
    let mut rows: Vec<(usize, &[u32])> = r
        .survey
        .items
        .iter()
        .filter_map(|s| s.shown())
        .filter(|s| {
            s.cell.level == Level::Organisation && s.cell.period == latest && !s.counts.is_empty()
        })
        .map(|s| (s.item(), s.counts.as_slice()))
        .collect();
    if points.is_empty() || rows.is_empty() {
        return Ok(None);
    }
    rows.sort_by_key(|(i, _)| (r.meta.schema.items[*i].domain, *i));
    let fav_from = r.meta.schema.scale.favourable_from();
    let unfav_to = r.meta.schema.scale.min + (r.meta.schema.scale.max - fav_from);
    let names = point_names(r, &points);
    let unit = r
        .survey
        .cells
        .iter()
        .find(|c| c.key().level == Level::Organisation)
        .map_or("Organisation", |c| c.key().unit);
    let (label_w, bar_w, row_h, top, header_h) = (430, 560, 24, 70, 26);
    let domains = rows
        .windows(2)
        .filter(|w| r.meta.schema.items[w[0].0].domain != r.meta.schema.items[w[1].0].domain)
        .count()
        + 1;
    let legend_h = 60;
    let width = (label_w + bar_w + 30) as u32;
    let height = (top + row_h * rows.len() as i32 + header_h * domains as i32 + legend_h) as u32;
    let centre = label_w + bar_w / 2;
    let scale_px = (bar_w / 2) as f64; // 100% of answers on one side
    png("item_distribution", (width, height), |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        root.draw_text(
            &format!("{unit}: answers per question, {}", latest.label()),
            &text_style(20),
            (10, 12),
        )
        .map_err(|e| e.to_string())?;
        root.draw_text(
            "share of answers: unfavourable to the left, favourable to the right (reverse-worded questions flipped)",
            &text_style(13).color(&BLACK.mix(0.7)),
            (10, 40),
        )
        .map_err(|e| e.to_string())?;
        let mut y = top;
        let mut domain = usize::MAX;
        for (i, counts) in &rows {
            let item = &r.meta.schema.items[*i];
            if item.domain != domain {
                domain = item.domain;
                root.draw_text(r.domain_name(domain), &text_style(15), (10, y + 6))
                    .map_err(|e| e.to_string())?;
                y += header_h;
            }
            root.draw_text(&short(r.question(*i), 60), &text_style(12), (18, y + 6))
                .map_err(|e| e.to_string())?;
            answer_bar(root, counts, &points, (unfav_to, fav_from), (centre, scale_px, y, row_h))?;
            y += row_h;
        }
        root.draw(&PathElement::new(
            vec![(centre, top), (centre, y)],
            BLACK.stroke_width(1),
        ))
        .map_err(|e| e.to_string())?;
        legend(root, &names, width, y)
    })
    .map(Some)
}

/// One question's answers as a bar centred on the neutral points: unfavourable shares to
/// the left, favourable to the right, each end labelled with its share.
fn answer_bar(
    root: &Area,
    counts: &[u32],
    points: &[f64],
    (unfav_to, fav_from): (f64, f64),
    (centre, scale_px, y, row_h): (i32, f64, i32, i32),
) -> std::result::Result<(), String> {
    let total: u32 = counts.iter().sum();
    let share = |k: usize| counts[k] as f64 / total.max(1) as f64;
    // Neutral points straddle the centre; the rest run outwards from it.
    let neutral: f64 = (0..points.len())
        .filter(|&k| points[k] > unfav_to && points[k] < fav_from)
        .map(share)
        .sum();
    let mut x = centre as f64 - (neutral / 2.0) * scale_px;
    let left: f64 = (0..points.len())
        .filter(|&k| points[k] <= unfav_to)
        .map(share)
        .sum();
    x -= left * scale_px;
    for k in 0..points.len() {
        let w = share(k) * scale_px;
        let t = k as f64 / (points.len() - 1).max(1) as f64;
        let (x0, x1) = (x.round() as i32, (x + w).round() as i32);
        if x1 > x0 {
            root.draw(&Rectangle::new(
                [(x0, y + 3), (x1, y + row_h - 3)],
                point_colour(t).filled(),
            ))
            .map_err(|e| e.to_string())?;
        }
        x += w;
    }
    let fav: f64 = (0..points.len())
        .filter(|&k| points[k] >= fav_from)
        .map(share)
        .sum();
    let right_end = centre as f64 + (neutral / 2.0 + fav) * scale_px;
    let left_end = centre as f64 - (neutral / 2.0 + left) * scale_px;
    root.draw_text(
        &format!("{:.0}%", fav * 100.0),
        &text_style(11),
        (right_end as i32 + 4, y + 6),
    )
    .map_err(|e| e.to_string())?;
    root.draw_text(
        &format!("{:.0}%", left * 100.0),
        &text_style(11),
        (left_end as i32 - 30, y + 6),
    )
    .map_err(|e| e.to_string())
}

/// The legend below the bars: one swatch per scale point.
fn legend(root: &Area, names: &[String], width: u32, y: i32) -> std::result::Result<(), String> {
    let step = (width as i32 - 20) / names.len() as i32;
    for (k, name) in names.iter().enumerate() {
        let t = k as f64 / (names.len() - 1).max(1) as f64;
        let x = 10 + step * k as i32;
        root.draw(&Rectangle::new(
            [(x, y + 20), (x + 16, y + 36)],
            point_colour(t).filled(),
        ))
        .map_err(|e| e.to_string())?;
        root.draw_text(&short(name, 26), &text_style(12), (x + 22, y + 22))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
