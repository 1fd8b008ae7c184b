//! `metrics/leadpulse.xlsx`: the report's tables as one workbook, read back with calamine
//! and checked cell by cell against the CSVs.

use std::io::Read;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::support::*;

/// The CSVs of a report folder in the registry's order (as the page's "Tables behind
/// this page" lists them).
fn csv_names(out: &std::path::Path) -> Vec<String> {
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    let page = &page[page.find("Tables behind this page").unwrap()..];
    let mut names: Vec<(usize, String)> = std::fs::read_dir(out.join("metrics"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .map(|n| {
            let at = page
                .find(&format!("metrics/{n}"))
                .unwrap_or_else(|| panic!("{n} is not linked from the page"));
            (at, n.trim_end_matches(".csv").to_string())
        })
        .collect();
    names.sort();
    names.into_iter().map(|(_, n)| n).collect()
}

fn raw_csv(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn every_table_is_a_sheet_with_the_csvs_columns_and_values() {
    let (_tmp, out) = sample_report();
    let mut book: Xlsx<_> = open_workbook(out.join("metrics/leadpulse.xlsx")).unwrap();
    let names = csv_names(&out);
    assert_eq!(
        book.sheet_names(),
        names,
        "one sheet per CSV, in the page's order"
    );
    let mut suppressed_seen = 0;
    for name in &names {
        let csv = raw_csv(&out.join(format!("metrics/{name}.csv")));
        let range = book.worksheet_range(name).unwrap();
        let header = &csv[0];
        let suppressed_col = header.iter().position(|h| h == "suppressed");
        let status_col = header.iter().position(|h| h == "status");
        assert_eq!(range.height(), csv.len(), "{name}: rows");
        for (r, line) in csv.iter().enumerate() {
            let hidden_row = r > 0
                && (suppressed_col.is_some_and(|c| !line[c].is_empty())
                    || status_col.is_some_and(|c| line[c] == "suppressed"));
            for (c, text) in line.iter().enumerate() {
                let cell = range.get((r, c)).cloned().unwrap_or(Data::Empty);
                let at = format!("{name} row {} column {}", r + 1, header[c]);
                match cell {
                    Data::Float(v) => {
                        assert!(r > 0, "{at}: a header is text");
                        let expected: f64 = text.parse().unwrap_or_else(|_| {
                            panic!("{at}: number {v} where the CSV has {text:?}")
                        });
                        assert_eq!(v, expected, "{at}");
                    }
                    Data::String(s) if s == "suppressed" && text.is_empty() => {
                        assert!(hidden_row, "{at}: 'suppressed' in a shown row");
                        suppressed_seen += 1;
                    }
                    Data::String(s) => {
                        assert_eq!(&s, text, "{at}");
                        // A number in the CSV is a number in the workbook, not text.
                        if r > 0 && !text.is_empty() && text.parse::<f64>().is_ok() {
                            let text_column = ["unit", "team", "person", "group", "label"]
                                .contains(&header[c].as_str());
                            assert!(text_column, "{at}: {text} stored as text");
                        }
                    }
                    Data::Empty => {
                        assert!(text.is_empty(), "{at}: empty, CSV has {text:?}");
                        assert!(
                            !hidden_row || header[c] == "suppressed" || !is_numeric(&csv, c),
                            "{at}: a hidden value left blank"
                        );
                    }
                    other => panic!("{at}: unexpected cell {other:?}"),
                }
            }
        }
    }
    assert!(suppressed_seen > 0, "the sample has hidden cells");
}

/// Whether column `c` holds numbers in the CSV (some row has a number there).
fn is_numeric(csv: &[Vec<String>], c: usize) -> bool {
    csv[1..]
        .iter()
        .any(|l| !l[c].is_empty() && l[c].parse::<f64>().is_ok())
}

#[test]
fn hidden_scores_read_suppressed_never_a_number() {
    // Developer Tools (3 members) is below the minimum of 5 in every quarter.
    let (_tmp, out) = sample_report();
    let mut book: Xlsx<_> = open_workbook(out.join("metrics/leadpulse.xlsx")).unwrap();
    let range = book.worksheet_range("domain_scores").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<&[Data]> = range
        .rows()
        .filter(|r| r[col("unit")] == Data::String("Developer Tools".into()))
        .collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row[col("suppressed")], Data::String("small_group".into()));
        for value in ["mean", "sd", "ci_low", "ci_high", "favourable_share"] {
            assert_eq!(
                row[col(value)],
                Data::String("suppressed".into()),
                "{value}"
            );
        }
    }
}

#[test]
fn the_header_row_is_frozen_and_columns_are_sized() {
    let (_tmp, out) = sample_report();
    let file = std::fs::File::open(out.join("metrics/leadpulse.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{xml:.600}"
    );
    assert!(
        xml.contains("<cols>") && xml.contains("customWidth=\"1\""),
        "{xml:.600}"
    );
}

#[test]
fn hostile_text_is_text_in_the_workbook_as_in_the_csv() {
    // A team named like a formula: a string cell (never a formula cell), with the same
    // apostrophe as the CSV.
    let (tmp, output) = mini_report(
        &["tests/fixtures/bad/hostile-text.csv"],
        &["--min-group-size", "3"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let path = tmp.path().join("report/metrics/leadpulse.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let formulas = book.worksheet_formula("participation").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
    let range = book.worksheet_range("participation").unwrap();
    let units: Vec<String> = range.rows().skip(1).map(|r| r[1].to_string()).collect();
    let csv = read_csv(&tmp.path().join("report/metrics/participation.csv"));
    let csv_units: Vec<String> = csv.iter().map(|r| r["unit"].clone()).collect();
    assert_eq!(units, csv_units);
    assert!(units.iter().any(|u| u.starts_with("'=")), "{units:?}");
}
