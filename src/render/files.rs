//! The whole report as files in memory: every chart (PNG bytes), every table of the
//! registry that applies (as CSVs and as the sheets of `leadpulse.xlsx`), `summary.json`,
//! the people pages and `index.html`. Writing
//! them is [`super::write_report`]'s job; nothing here touches the disk.

use std::path::{Path, PathBuf};

use super::sections::{SectionFiles, SECTIONS};
use super::{charts, html, tables, workbook, OutputMode, ReportDir, Results};
use crate::error::Result;

/// One file of the report: its path inside the report folder and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub(crate) fn new(path: impl Into<String>, bytes: Vec<u8>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes,
        }
    }
}

/// Render every file of the report.
pub fn report_files(r: &Results) -> Result<Vec<OutputFile>> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut images = html::Charts::new();
    // Charts and tables are drawn on every core and kept in their fixed order.
    let drawn: Vec<Option<Vec<u8>>> = charts::ALL
        .par_iter()
        .map(|(_, draw)| draw(r))
        .collect::<Result<_>>()?;
    for ((name, _), png) in charts::ALL.iter().zip(drawn) {
        if let Some(png) = png {
            images.insert(name.to_string(), png.clone());
            files.push(OutputFile::new(format!("charts/{name}.png"), png));
        }
    }
    let drawn: Vec<SectionFiles> = SECTIONS
        .par_iter()
        .map(|s| (s.files)(r))
        .collect::<Result<_>>()?;
    for section in drawn {
        for (stem, png) in section.charts {
            files.push(OutputFile::new(format!("charts/{stem}.png"), png.clone()));
            images.insert(stem, png);
        }
        files.extend(section.files);
    }
    let specs: Vec<&tables::TableSpec> = tables::registry().filter(|t| (t.applies)(r)).collect();
    let filled: Vec<(tables::Table, Vec<u8>)> = specs
        .par_iter()
        .map(|spec| {
            let table = (spec.write)(r)?;
            let csv = table.csv()?;
            Ok((table, csv))
        })
        .collect::<Result<_>>()?;
    let sheets: Vec<(&str, &tables::Table)> = specs
        .iter()
        .zip(&filled)
        .map(|(spec, (table, _))| (spec.name, table))
        .collect();
    // The workbook and the unit pages are independent: built side by side.
    let (xlsx, unit_pages) = rayon::join(|| workbook::workbook(&sheets), || html::unit_pages(r));
    let (xlsx, unit_pages) = (xlsx?, unit_pages?);
    for (spec, (_, csv)) in specs.iter().zip(filled) {
        files.push(OutputFile::new(format!("metrics/{}.csv", spec.name), csv));
    }
    files.push(OutputFile::new("metrics/leadpulse.xlsx", xlsx));
    files.push(OutputFile::new(
        "metrics/summary.json",
        tables::summary_json(r)?,
    ));
    for (path, page) in unit_pages {
        files.push(OutputFile::new(path, page));
    }
    files.push(OutputFile::new("index.html", html::index_html(r, &images)?));
    Ok(files)
}

/// The write stage: stage `files` in a fresh folder beside `target`, then put it in
/// place (see [`ReportDir`]). Returns the report folder.
pub fn write_report(target: &Path, mode: OutputMode, files: &[OutputFile]) -> Result<PathBuf> {
    let dir = ReportDir::create(target, mode)?;
    for f in files {
        dir.write(&f.path, &f.bytes)?;
    }
    dir.commit()
}
