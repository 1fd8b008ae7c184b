//! Atomic writes: each file goes to a temporary name in its folder and is renamed into
//! place; a whole report is built in a temporary folder and swapped in at the end.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Result;

/// Write `bytes` to `path` through a temporary file in the same folder, then rename.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs_err::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".leadpulse-")
        .tempfile_in(dir)
        .map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("creating a temporary file in {}: {e}", dir.display()),
            )
        })?;
    tmp.write_all(bytes)
        .map_err(|e| std::io::Error::new(e.kind(), format!("writing {}: {e}", path.display())))?;
    tmp.persist(path).map_err(|e| {
        std::io::Error::new(
            e.error.kind(),
            format!("replacing {}: {}", path.display(), e.error),
        )
    })?;
    Ok(())
}

/// A report folder being written. Files go into a hidden temporary sibling folder;
/// [`ReportDir::commit`] swaps it into place. Dropped without commit, it leaves nothing.
pub struct ReportDir {
    target: PathBuf,
    staging: tempfile::TempDir,
}

impl ReportDir {
    pub fn create(target: &Path) -> Result<ReportDir> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs_err::create_dir_all(parent)?;
        let staging = tempfile::Builder::new()
            .prefix(".leadpulse-staging-")
            .tempdir_in(parent)
            .map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!("creating a folder in {}: {e}", parent.display()),
                )
            })?;
        Ok(ReportDir {
            target: target.to_path_buf(),
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

    /// Replace the target folder with the staged one.
    pub fn commit(self) -> Result<PathBuf> {
        let staged = self.staging.keep();
        let old = if self.target.exists() {
            let parent = self
                .target
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let old = tempfile::Builder::new()
                .prefix(".leadpulse-old-")
                .tempdir_in(parent)?
                .keep();
            fs_err::remove_dir(&old)?;
            fs_err::rename(&self.target, &old)?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = fs_err::rename(&staged, &self.target) {
            if let Some(old) = &old {
                let _ = fs_err::rename(old, &self.target);
            }
            let _ = fs_err::remove_dir_all(&staged);
            return Err(e.into());
        }
        if let Some(old) = old {
            fs_err::remove_dir_all(old)?;
        }
        Ok(self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_report_dir_leaves_nothing_and_commit_replaces_old_report() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("report");
        {
            let dir = ReportDir::create(&target).unwrap();
            dir.write("a.txt", b"half").unwrap();
        }
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);

        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("stale.txt"), b"old").unwrap();
        let dir = ReportDir::create(&target).unwrap();
        dir.write("metrics/new.csv", b"x").unwrap();
        dir.commit().unwrap();
        assert!(target.join("metrics/new.csv").exists());
        assert!(!target.join("stale.txt").exists());
        let names: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report")]);
    }

    #[test]
    fn atomic_file_write_replaces_content() {
        let root = tempfile::tempdir().unwrap();
        let p = root.path().join("x.csv");
        write_file_atomically(&p, b"one").unwrap();
        write_file_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
