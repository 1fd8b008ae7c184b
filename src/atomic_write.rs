//! Writing one file atomically: to a temporary name in its folder, then renamed into
//! place, so a crash never leaves it half-written. Report folders build on this in
//! `render`; the sample generator uses it directly.

use std::io::Write;
use std::path::Path;

use crate::error::Result;

/// Write `bytes` to `path` through a temporary file in the same folder, then rename.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_of(path);
    fs_err::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".leadpulse-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode any new file gets (0o666 less the umask), not a temporary file's 0o600:
        // a generated file is read by others, like any other file the user writes.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
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

pub(crate) fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: files written through a temporary file kept its mode 0o600, so
    /// generated data and schemas could not be read by others; they now get the mode a
    /// plain new file gets.
    #[cfg(unix)]
    #[test]
    fn written_files_get_the_mode_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"x").unwrap();
        let atomic = dir.path().join("atomic.txt");
        write_file_atomically(&atomic, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&atomic), mode(&plain));
        assert_eq!(std::fs::read(&atomic).unwrap(), b"x");
    }
}
