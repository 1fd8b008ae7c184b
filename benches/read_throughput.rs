//! Read throughput of leadpulse's ingest next to a plain `csv` / `calamine` read of the
//! same file. Run through `bash bench/run.sh` (release build); prints a Markdown table.
//!
//!     cargo bench --bench read_throughput -- FILE...

use std::path::Path;
use std::time::Instant;

use calamine::{open_workbook_auto, Reader};

fn plain_read(path: &Path) -> usize {
    let is_workbook = path.extension().is_some_and(|e| e == "xlsx");
    if is_workbook {
        let mut wb = open_workbook_auto(path).expect("workbook");
        let range = wb
            .worksheet_range_at(0)
            .expect("a sheet")
            .expect("readable sheet");
        range.rows().count()
    } else {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .expect("csv");
        let mut rec = csv::StringRecord::new();
        let mut n = 0;
        while rdr.read_record(&mut rec).expect("record") {
            n += 1;
        }
        n
    }
}

fn leadpulse_read(path: &Path) -> usize {
    let read = leadpulse::ingest::read(path).expect("readable");
    let table = read.table.expect("a table");
    let mut n = 0;
    table.for_each_row(|_, cells| n += usize::from(!cells.is_empty()));
    n
}

/// Best of three runs, in seconds.
fn best_of_three(f: impl Fn() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut rows = 0;
    for _ in 0..3 {
        let t = Instant::now();
        rows = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, rows)
}

fn main() {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    println!("| file | size | rows | plain read | leadpulse ingest | leadpulse MB/s |");
    println!("|---|---|---|---|---|---|");
    for f in files {
        let path = Path::new(&f);
        let mb = std::fs::metadata(path).expect("file").len() as f64 / 1e6;
        let (plain, _) = best_of_three(|| plain_read(path));
        let (ours, rows) = best_of_three(|| leadpulse_read(path));
        let name = path
            .file_name()
            .map_or(f.clone(), |n| n.to_string_lossy().into_owned());
        println!(
            "| {name} | {mb:.1} MB | {rows} | {plain:.2} s ({:.0} MB/s) | {ours:.2} s | {:.0} |",
            mb / plain,
            mb / ours
        );
    }
}
