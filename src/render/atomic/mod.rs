//! Atomic writes: each file goes to a temporary name in its folder and is renamed into
//! place; a whole report is built in a temporary folder and swapped in at the end. It
//! never deletes what leadpulse did not write: a report folder carries a marker file,
//! and a folder without one is only ever written into, never replaced.

use std::path::{Path, PathBuf};

use crate::atomic_write::parent_of;
use crate::error::{Error, Result};

/// The file that marks a folder as a report leadpulse wrote (and may replace).
pub const MARKER: &str = ".leadpulse-report";
const MARKER_TEXT: &[u8] =
    b"This folder is a report written by leadpulse; the next report to this path replaces it.\n";

/// How a report may be written to its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    /// The folder is missing, empty or an earlier report: the new report replaces it.
    Replace,
    /// An existing folder the user asked to write into: report files are added or
    /// replaced one by one, and nothing else in it is touched.
    Into,
}

/// `path` made absolute, with symbolic links resolved for the part that exists.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Decide, before any data is read, whether and how a report may be written to
/// `target`. Refused (a usage error naming the path and the reason): a file or a
/// symbolic link at the path; a path that is, contains or lies inside any of `inputs`;
/// a folder holding files leadpulse did not write, unless `into_existing`.
pub fn plan_output(target: &Path, inputs: &[PathBuf], into_existing: bool) -> Result<OutputMode> {
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "report folder {}: {why}",
            target.display()
        )))
    };
    let meta = std::fs::symlink_metadata(target).ok();
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        return refuse(
            "is a symbolic link; give the folder it points to (leadpulse does not replace links)"
                .into(),
        );
    }
    if meta.as_ref().is_some_and(|m| !m.is_dir()) {
        return refuse(
            "is a file, not a folder; give a folder for the report (the file is left as it is)"
                .into(),
        );
    }
    let out = resolved(target);
    for input in inputs {
        let input_real = resolved(input);
        let clash = if out == input_real {
            "is"
        } else if input_real.starts_with(&out) {
            "contains"
        } else if out.starts_with(&input_real) {
            "lies inside"
        } else {
            continue;
        };
        return refuse(format!(
            "{clash} the input {}; write the report somewhere else",
            input.display()
        ));
    }
    let Some(meta) = meta else {
        return Ok(OutputMode::Replace);
    };
    debug_assert!(meta.is_dir());
    let mut entries = fs_err::read_dir(target)?;
    if entries.next().is_none() || target.join(MARKER).is_file() {
        return Ok(OutputMode::Replace);
    }
    if into_existing {
        return Ok(OutputMode::Into);
    }
    refuse(format!(
        "already holds files leadpulse did not write (no {MARKER} marker); choose another \
         folder, or pass --into-existing to add the report's files to it (nothing in it is deleted)"
    ))
}

/// A report folder being written. Files go into a hidden temporary sibling folder;
/// [`ReportDir::commit`] swaps it into place. Dropped without commit, it leaves nothing.
pub struct ReportDir {
    target: PathBuf,
    mode: OutputMode,
    staging: tempfile::TempDir,
}

/// Prefixes of the hidden sibling folders a run uses for `target`, and of the
/// temporary files of the files it keeps beside it.
fn sibling_prefixes(target: &Path) -> [String; 3] {
    let name = target.file_name().map_or_else(
        || "report".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    [
        format!(".leadpulse-staging-{name}-"),
        format!(".leadpulse-old-{name}-"),
        format!(".leadpulse-beside-{name}-"),
    ]
}

/// Write `bytes` to the file `name` beside the report folder `target`, atomically (a
/// temporary file that the next run removes if this one is killed first).
pub fn write_beside(target: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let target = resolved(target);
    let parent = parent_of(&target);
    let [_, _, prefix] = sibling_prefixes(&target);
    let path = parent.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .tempfile_in(parent)?;
    tmp.write_all(bytes)?;
    tmp.persist(&path).map_err(|e| {
        std::io::Error::new(
            e.error.kind(),
            format!("replacing {}: {}", path.display(), e.error),
        )
    })?;
    Ok(())
}

/// Remove staging and old folders that a killed run left beside `target`: only hidden
/// folders with this target's prefixes that carry the marker (leadpulse wrote them),
/// and temporary files with this target's prefix for files kept beside it.
fn remove_leftovers(target: &Path) -> Result<()> {
    let parent = parent_of(target);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let prefixes = sibling_prefixes(target);
    let [_, _, beside] = sibling_prefixes(&resolved(target));
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let ours = prefixes[..2].iter().any(|p| name.starts_with(p.as_str()));
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if ours && is_dir && path.join(MARKER).is_file() {
            fs_err::remove_dir_all(&path)?;
        } else if is_file && name.starts_with(beside.as_str()) {
            fs_err::remove_file(&path)?;
        }
    }
    Ok(())
}

impl ReportDir {
    /// Start a report for `target` (checked by [`plan_output`]).
    pub fn create(target: &Path, mode: OutputMode) -> Result<ReportDir> {
        let parent = parent_of(target);
        fs_err::create_dir_all(parent)?;
        remove_leftovers(target)?;
        let [staging_prefix, _, _] = sibling_prefixes(target);
        let staging = tempfile::Builder::new()
            .prefix(&staging_prefix)
            .tempdir_in(parent)
            .map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!("creating a folder in {}: {e}", parent.display()),
                )
            })?;
        fs_err::write(staging.path().join(MARKER), MARKER_TEXT)?;
        Ok(ReportDir {
            target: target.to_path_buf(),
            mode,
            staging,
        })
    }

    /// Where a file of the report is written while staging.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.staging.path().join(relative)
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(relative);
        if let Some(dir) = path.parent() {
            fs_err::create_dir_all(dir)?;
        }
        fs_err::write(path, bytes)?;
        Ok(())
    }

    /// Put the staged report in place: swap it for the old report, or (into an existing
    /// folder) move its files in one by one.
    pub fn commit(self) -> Result<PathBuf> {
        match self.mode {
            OutputMode::Into => {
                move_files_into(self.staging.path(), &self.target)?;
                Ok(self.target)
            }
            OutputMode::Replace => {
                let staged = self.staging.keep();
                if let Err(e) = swap_in(&staged, &self.target) {
                    let _ = fs_err::remove_dir_all(&staged);
                    return Err(e);
                }
                Ok(self.target)
            }
        }
    }
}

/// Move every staged file except the marker into `target`, replacing same-named files.
fn move_files_into(staged: &Path, target: &Path) -> Result<()> {
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        fs_err::create_dir_all(target.join(&rel))?;
        for entry in fs_err::read_dir(staged.join(&rel))? {
            let entry = entry?;
            let rel_child = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                stack.push(rel_child);
            } else if rel_child != Path::new(MARKER) {
                fs_err::rename(entry.path(), target.join(&rel_child))?;
            }
        }
    }
    Ok(())
}

/// Replace `target` (missing, empty or a marked report) with `staged`, then remove the
/// old report. On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`: a reader
/// (or a killed run) sees the old report or the new one, never neither.
fn swap_in(staged: &Path, target: &Path) -> Result<()> {
    if std::fs::symlink_metadata(target).is_err() {
        fs_err::rename(staged, target)?;
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            // `staged` now holds the old report (marked or empty).
            fs_err::remove_dir_all(staged)?;
            return Ok(());
        }
    }
    let [_, old_prefix, _] = sibling_prefixes(target);
    let old = tempfile::Builder::new()
        .prefix(&old_prefix)
        .tempdir_in(parent_of(target))?
        .keep();
    fs_err::remove_dir(&old)?;
    fs_err::rename(target, &old)?;
    if let Err(e) = fs_err::rename(staged, target) {
        let _ = fs_err::rename(&old, target);
        return Err(e.into());
    }
    fs_err::remove_dir_all(old)?;
    Ok(())
}

#[cfg(test)]
mod tests;
