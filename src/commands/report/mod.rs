//! `leadpulse report`: the report pipeline, top to bottom. Load and validate the files,
//! score, screen for privacy (once), compute every metric, render every file in memory
//! and write the folder atomically. Problems go to stderr; the index path to stdout.

mod compute;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::load::{load, Inputs};
use super::{print_problems_text, summary_line, Talk};
use crate::cli::ReportArgs;
use crate::config::ReportConfig;
use crate::error::{Error, ExitCode, Result};
use std::path::Path;

use crate::metrics::{participation, reliability, scores};
use crate::privacy::published::{self, Publication};
use crate::render::{self, OutputFile, Results};
use crate::validate::hierarchy::{self, Subtree};

pub fn run(args: ReportArgs, stderr_is_terminal: bool, talk: Talk) -> Result<ExitCode> {
    let config = ReportConfig::resolve(args, stderr_is_terminal)?;
    // Refuse an unsafe report folder before any data is read.
    let out_mode = render::plan_output(
        &config.output.out,
        &config.output.inputs,
        config.output.into_existing,
    )?;
    require_items(&config)?;
    // What earlier reports to this folder published: they and this one are one
    // publication.
    let before = read_published(&config.output.out)?;
    let bar = progress_bar(&config);
    let mut input = load(&config, |path| {
        bar.set_message(format!("read {}", path.display()));
        bar.inc(1);
    })?;
    stop_on_errors(&config, &input, &bar, talk)?;
    let scope = scope(&config, &mut input)?;

    bar.set_message("computing scores");
    // Item reliability needs only the answers: it runs beside the scores.
    let (scored, reliability) = rayon::join(
        || scores::survey_cells(&input.ds, &config.schema),
        || {
            let min_group = config.publish.min_group_size as usize;
            reliability::reliability(&input.ds.responses, &config.schema, min_group)
        },
    );
    let (cells, noise, items) = scored?;
    let part = participation::participation(
        &input.ds,
        &config.input.team_sizes,
        &config.input.listed_teams,
    );
    let mut screen = compute::screen(
        &config,
        &input,
        cells,
        part,
        items,
        scope.as_ref(),
        before.as_ref(),
    );
    // The earlier record is done with: only this report's is written.
    drop(before);
    let record = std::mem::take(&mut screen.record);
    bar.inc(1);
    bar.set_message("computing metrics");
    let results = compute::compute(&config, &input, screen, &noise, reliability, scope.as_ref());
    bar.inc(1);
    bar.set_message("drawing charts and writing tables");
    let mut files = render::report_files(&results)?;
    let published = published_file(&record)?;
    let published_bytes = published.bytes.clone();
    files.push(published);
    bar.inc(1);
    let out = render::write_report(&config.output.out, out_mode, &files)?;
    write_fingerprints(&out, &record, &published_bytes)?;
    bar.inc(1);
    bar.finish_and_clear();
    print_summary(&results, &out, talk);
    Ok(ExitCode::Ok)
}

/// The record of what earlier reports to `out` published (none for a new folder), with
/// the fingerprints of the responses behind it when the file beside the folder belongs
/// to this record.
fn read_published(out: &Path) -> Result<Option<Publication>> {
    let path = out.join(published::FILE);
    let text = match fs_err::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut record: Publication = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{}: line {}, column {}: {e}; this file records what earlier reports in this folder published, and a new report keeps those figures. Restore it from the last report, or write to a new folder",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    // Missing, damaged or left by another record: no fingerprints, so no quarter can be
    // restated (each says why); nothing else depends on them.
    let beside = fingerprints_path(out)
        .and_then(|p| fs_err::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str::<Fingerprints>(&t).ok())
        .filter(|f| f.published == blake3::hash(text.as_bytes()).to_hex().as_str());
    if let Some(f) = beside {
        record.fingerprints = f.quarters;
    }
    Ok(Some(record))
}

/// The file beside a report folder that keeps the fingerprints of the responses behind
/// its record: `<folder>.fingerprints.json`. It is not in the folder, which is sent
/// round: a fingerprint changes whenever a hidden answer does.
#[derive(serde::Serialize, serde::Deserialize)]
struct Fingerprints {
    /// The hash of the `published.json` these belong to.
    published: String,
    quarters: std::collections::BTreeMap<String, String>,
}

fn fingerprints_path(out: &Path) -> Option<std::path::PathBuf> {
    let out = fs_err::canonicalize(out).ok()?;
    let name = out.file_name()?.to_string_lossy();
    Some(out.with_file_name(format!("{name}.fingerprints.json")))
}

/// Write the fingerprints of `record` (whose file is `published`) beside the folder.
fn write_fingerprints(out: &Path, record: &Publication, published: &[u8]) -> Result<()> {
    let Some(name) = fingerprints_path(out).and_then(|p| Some(p.file_name()?.to_owned())) else {
        return Ok(());
    };
    let f = Fingerprints {
        published: blake3::hash(published).to_hex().to_string(),
        quarters: record.fingerprints.clone(),
    };
    let mut bytes = serde_json::to_vec_pretty(&f).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    render::write_beside(out, &name.to_string_lossy(), &bytes)
}

/// The record this report leaves for the next one.
fn published_file(record: &Publication) -> Result<OutputFile> {
    let mut bytes = serde_json::to_vec(record).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    Ok(OutputFile {
        path: published::FILE.to_string(),
        bytes,
    })
}

/// The subtree of `--unit`, and only its teams' interventions and adoption logs.
fn scope(config: &ReportConfig, input: &mut Inputs) -> Result<Option<Subtree>> {
    let Some(unit) = &config.publish.unit else {
        return Ok(None);
    };
    let subtree = hierarchy::subtree(&input.ds, unit).map_err(Error::Usage)?;
    let side = &mut input.side;
    side.interventions
        .retain(|i| subtree.contains(false, &i.team));
    side.adoption.retain(|a| subtree.contains(false, &a.team));
    Ok(Some(subtree))
}

/// A schema needs domains to score; items only for files of responses (an aggregated
/// sheet is read by its domain columns).
fn require_items(config: &ReportConfig) -> Result<()> {
    if config.schema.domains.is_empty() {
        return Err(Error::Usage(
            "the schema has no domains to score; add [[domains]] and [[items]] (a draft from `schema init` may need them)"
                .into(),
        ));
    }
    Ok(())
}

/// One step per data file, then scoring, metrics, rendering and writing.
fn progress_bar(config: &ReportConfig) -> ProgressBar {
    let steps = config.input.data.len() as u64 + 4;
    let bar = if config.progress {
        ProgressBar::with_draw_target(Some(steps), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar
}

/// Errors stop the report unless `--skip-invalid`; so does data without a usable row.
/// Warnings are printed and the report goes on.
fn stop_on_errors(
    config: &ReportConfig,
    input: &Inputs,
    bar: &ProgressBar,
    talk: Talk,
) -> Result<()> {
    let (ds, diag) = (&input.ds, &input.diag);
    let errors = diag.error_count();
    if errors > 0 && !config.input.skip_invalid {
        bar.finish_and_clear();
        print_problems_text(&diag.problems, &mut std::io::stderr().lock())?;
        eprintln!("{}", summary_line(diag));
        eprintln!(
            "no report written; fix the data, or pass --skip-invalid to leave those rows out"
        );
        return Err(Error::DataProblems { count: errors });
    }
    if ds.responses.is_empty() && ds.aggregated.is_empty() {
        bar.finish_and_clear();
        print_problems_text(&diag.problems, &mut std::io::stderr().lock())?;
        eprintln!("no usable rows in the data; no report written");
        return Err(Error::DataProblems {
            count: errors.max(1),
        });
    }
    for p in diag.problems.iter().filter(|p| !p.is_error()) {
        bar.suspend(|| talk.say(p));
    }
    Ok(())
}

/// The headlines and where the report is: talk on stderr, the page's path on stdout.
fn print_summary(results: &Results, out: &std::path::Path, talk: Talk) {
    for h in render::headlines(results) {
        talk.say(format_args!("- {}", h.text));
    }
    for k in &results.quality.revisited.kept {
        talk.say(format_args!(
            "{} is shown as an earlier report in this folder published it ({})",
            k.quarter, k.reason
        ));
    }
    for q in &results.quality.revisited.restated {
        talk.say(format_args!(
            "{q} is restated: published again with the current structure and settings"
        ));
    }
    let skipped = results
        .quality
        .problems
        .iter()
        .filter(|p| p.is_error())
        .count();
    match results.quality.rows_skipped {
        Some(n) if n > 0 => talk.say(format_args!(
            "{n} row(s) with problems were skipped (listed in the report's data-quality section)"
        )),
        None if skipped > 0 => talk.say(format_args!(
            "rows with problems were skipped (listed in the report's data-quality section)"
        )),
        _ => {}
    }
    talk.say(format_args!("report written to {}", out.display()));
    println!("{}", out.join("index.html").display());
}
