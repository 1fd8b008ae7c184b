//! PNG charts drawn with plotters: the team x domain heatmap, organisation trends,
//! small-multiple team trends and the correlation matrix. Hidden cells are drawn as such.

mod items;
mod survey;

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::Results;
use crate::error::{Error, Result};
use crate::model::{Measure, Quarter};

pub use items::item_distribution;
pub use survey::{
    correlation_matrix, heatmap, heatmap_of, is_large, org_trends, team_trends, team_trends_of,
    unit_trends,
};

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

pub(crate) fn series_colour(i: usize) -> RGBColor {
    SERIES_COLOURS[i % SERIES_COLOURS.len()]
}

/// A chart with numeric axes, as every line chart here has.
pub(crate) type XyChart<'a, 'b> = ChartContext<
    'a,
    BitMapBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The legend of a line chart: a light box at `position`, labels at `font` pixels.
pub(crate) fn draw_legend<'b>(
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

/// A domain's line colour; Overall is black.
fn domain_colour(m: Measure) -> RGBColor {
    match m {
        Measure::Domain(d) => PALETTE[d % PALETTE.len()],
        Measure::Overall | Measure::Item(_) => BLACK,
    }
}

fn chart_error(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Chart {
        path: Path::new("charts").join(format!("{name}.png")),
        message: e.to_string(),
    }
}

/// Draw a `size` chart with `draw` and encode it as PNG bytes (the chart `name` is for
/// errors). Nothing touches the disk: the report writes the bytes with its other files.
pub(crate) fn png(
    name: &str,
    size: (u32, u32),
    draw: impl FnOnce(&Area) -> std::result::Result<(), String>,
) -> Result<Vec<u8>> {
    register_font();
    let (w, h) = size;
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        draw(&root)
            .and_then(|()| root.present().map_err(|e| e.to_string()))
            .map_err(|e| chart_error(name, e))?;
    }
    let mut out = Vec::new();
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::ImageEncoder as _;
    // Default compression with adaptive filters: charts are inlined in pages that must
    // stay small. Half the bytes of the crate's fast setting, same pixels; `Best` is
    // another 5-10% smaller but four times slower.
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
        .write_image(&pixels, w, h, image::ColorType::Rgb8)
        .map_err(|e| chart_error(name, e))?;
    Ok(out)
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

pub(crate) fn text_style(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

fn centred(size: u32) -> TextStyle<'static> {
    text_style(size).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Center,
    ))
}

pub(crate) type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

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

/// A function drawing one chart as PNG bytes (none when there is nothing to draw).
pub type Drawer = fn(&Results) -> Result<Option<Vec<u8>>>;

/// Every chart of the report, by file stem.
pub const ALL: [(&str, Drawer); 5] = [
    ("heatmap", heatmap),
    ("org_trends", org_trends),
    ("team_trends", team_trends),
    ("correlations", correlation_matrix),
    ("item_distribution", item_distribution),
];

/// Most team panels drawn in the small-multiples chart.
pub const MAX_TEAM_PANELS: usize = 30;
