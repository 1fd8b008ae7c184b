//! Learning-velocity charts: adoption curves per practice, Kaplan-Meier curves of time
//! to consistent use, and stick-or-fade bars.

use plotters::prelude::*;

use crate::error::Result;
use crate::metrics::velocity::{Velocity, MONTH_DAYS};
use crate::render::charts::{draw_legend, png, series_colour, text_style};

fn whole(v: &f64) -> String {
    format!("{v:.0}")
}

fn percent(v: &f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// A panel per practice: each team's share of members using it (thin) and the mean over
/// teams observed that month (thick), by months since introduction.
pub fn adoption_curves(v: &Velocity) -> Result<Vec<u8>> {
    let cols = 3usize.min(v.practices.len().max(1));
    let rows = v.practices.len().div_ceil(cols).max(1);
    let (pw, ph, head_h) = (440u32, 300u32, 50u32);
    let size = (pw * cols as u32, ph * rows as u32 + head_h);
    png("adoption_curves", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (head, body) = root.split_vertically(head_h);
        head.draw_text(
            "Adoption: share of members using each practice, by months since introduction",
            &text_style(18),
            (10, 8),
        )
        .map_err(|e| e.to_string())?;
        head.draw_text(
            "thin grey: one team; thick: mean over teams observed that month",
            &text_style(12).color(&RGBColor(90, 90, 90)),
            (10, 32),
        )
        .map_err(|e| e.to_string())?;
        let last_month = v.spread.iter().map(|s| s.month).max().unwrap_or(1).max(1) as f64;
        for (i, (p, area)) in v
            .practices
            .iter()
            .zip(body.split_evenly((rows, cols)).iter())
            .enumerate()
        {
            let mut chart = ChartBuilder::on(area)
                .caption(&p.practice, ("sans-serif", 15))
                .margin(8)
                .x_label_area_size(30)
                .y_label_area_size(44)
                .build_cartesian_2d(0.0..last_month, 0.0..1.0)
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .x_desc("months since introduction")
                .x_label_formatter(&whole)
                .y_label_formatter(&percent)
                .label_style(("sans-serif", 11))
                .light_line_style(WHITE.mix(0.0))
                .draw()
                .map_err(|e| e.to_string())?;
            for t in v.team_practices.iter().filter(|t| t.practice == p.practice) {
                let line = t.series.iter().map(|(d, s)| (d / MONTH_DAYS, *s));
                chart
                    .draw_series(LineSeries::new(
                        line,
                        RGBColor(160, 160, 160).stroke_width(1),
                    ))
                    .map_err(|e| e.to_string())?;
            }
            let mean = v
                .spread
                .iter()
                .filter(|s| s.practice == p.practice)
                .filter_map(|s| s.mean_share.map(|m| (s.month as f64, m)));
            chart
                .draw_series(LineSeries::new(mean, series_colour(i).stroke_width(3)))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// Share of teams at consistent use by days since introduction (1 - Kaplan-Meier), one
/// step line per practice with its 95% band; teams not there yet count as censored.
pub fn time_to_consistent_use(v: &Velocity) -> Result<Vec<u8>> {
    let size = (1000, 560);
    let last = v
        .team_practices
        .iter()
        .map(|t| t.followed_days)
        .fold(30.0f64, f64::max);
    png("time_to_consistent_use", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Time to consistent use: share of teams there, by days since introduction (Kaplan-Meier, 95% band)",
                ("sans-serif", 17),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(0.0..last, 0.0..1.0)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("days since introduction")
            .x_label_formatter(&whole)
            .y_label_formatter(&percent)
            .label_style(("sans-serif", 13))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, p) in v.practices.iter().enumerate() {
            let c = series_colour(i);
            let (mut line, mut upper, mut lower) =
                (vec![(0.0, 0.0)], vec![(0.0, 0.0)], vec![(0.0, 0.0)]);
            let (mut prev, mut prev_ci) = (0.0, (0.0, 0.0));
            for s in &p.curve {
                line.push((s.days, prev));
                line.push((s.days, 1.0 - s.survival));
                upper.push((s.days, prev_ci.1));
                upper.push((s.days, 1.0 - s.ci.0));
                lower.push((s.days, prev_ci.0));
                lower.push((s.days, 1.0 - s.ci.1));
                prev = 1.0 - s.survival;
                prev_ci = (1.0 - s.ci.1, 1.0 - s.ci.0);
            }
            let end = p.curve.last().map_or(0.0, |s| s.days).max(
                v.team_practices
                    .iter()
                    .filter(|t| t.practice == p.practice)
                    .map(|t| t.followed_days)
                    .fold(0.0, f64::max),
            );
            line.push((end, prev));
            upper.push((end, prev_ci.1));
            lower.push((end, prev_ci.0));
            let mut band = upper.clone();
            band.extend(lower.iter().rev());
            chart
                .draw_series(std::iter::once(Polygon::new(band, c.mix(0.15))))
                .map_err(|e| e.to_string())?;
            let label = format!("{} ({} of {} teams there)", p.practice, p.reached, p.teams);
            chart
                .draw_series(LineSeries::new(line, c.stroke_width(3)))
                .map_err(|e| e.to_string())?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3))
                });
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 13)?;
        Ok(())
    })
}

/// Per practice, the share of teams still using it 3 and 6 months after reaching
/// consistent use, with the number of teams followed up that long.
pub fn stick_or_fade(v: &Velocity) -> Result<Vec<u8>> {
    let size = (1000, 480);
    let n = v.practices.len().max(1);
    png("stick_or_fade", size, |root| {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Does it stick? Share of teams still using a practice 3 and 6 months after consistent use",
                ("sans-serif", 17),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(0.0..n as f64, 0.0..1.1)
            .map_err(|e| e.to_string())?;
        let names: Vec<String> = v.practices.iter().map(|p| p.practice.clone()).collect();
        chart
            .configure_mesh()
            .x_labels(n * 2 + 1)
            .x_label_formatter(&|x| {
                let i = (x - 0.5).round();
                if (x - 0.5 - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
                    names[i as usize].clone()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&percent)
            .label_style(("sans-serif", 13))
            .light_line_style(WHITE.mix(0.0))
            .disable_x_mesh()
            .draw()
            .map_err(|e| e.to_string())?;
        let shades = [RGBColor(0, 114, 178), RGBColor(86, 180, 233)];
        for (i, p) in v.practices.iter().enumerate() {
            for (k, stick) in p.stick.iter().enumerate() {
                let x0 = i as f64 + 0.15 + 0.35 * k as f64;
                let x1 = x0 + 0.3;
                let label = match stick {
                    Some((share, teams)) => {
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(x0, 0.0), (x1, *share)],
                                shades[k].filled(),
                            )))
                            .map_err(|e| e.to_string())?;
                        format!("{} mo: {:.0}% of {teams}", [3, 6][k], share * 100.0)
                    }
                    None => format!("{} mo: not yet", [3, 6][k]),
                };
                let top = stick.map_or(0.0, |s| s.0);
                chart
                    .draw_series(std::iter::once(Text::new(
                        label,
                        (x0, top + 0.05),
                        ("sans-serif", 12),
                    )))
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    })
}

/// A function drawing one learning-velocity chart.
pub type VelocityDrawer = fn(&Velocity) -> Result<Vec<u8>>;

/// The learning-velocity charts, by file stem.
pub const CHARTS: [(&str, VelocityDrawer); 3] = [
    ("adoption_curves", adoption_curves),
    ("time_to_consistent_use", time_to_consistent_use),
    ("stick_or_fade", stick_or_fade),
];
