//! The error type of the application layer and the exit-code mapping.
//! Stage-level problems (a bad cell, a bad schema entry) live with their stage; this is where they end.

use std::fmt;
use std::path::PathBuf;

/// What the process exit code says. Documented in the README; each has a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything worked and the input was clean (warnings allowed).
    Ok = 0,
    /// The input data has problems (listed); no report was written.
    DataProblems = 1,
    /// The command line, the schema or the project file is wrong.
    Usage = 2,
    /// A file could not be read or written.
    Io = 3,
}

/// Everything that ends a run early.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line or the project file asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// The schema file has mistakes; every one is listed.
    #[error("schema {path} has {} problem(s):\n{}", .problems.len(), bullet_list(.problems))]
    Schema {
        path: PathBuf,
        problems: Vec<String>,
    },
    /// The project file could not be understood.
    #[error("project file {path}: {message}")]
    Project { path: PathBuf, message: String },
    /// Reading or writing a file failed (the message names the path).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The data had problems; they were already printed (and `report` said that it
    /// wrote nothing).
    #[error("{count} data problem(s) found")]
    DataProblems { count: usize },
    /// An internal table operation failed; this is a bug, not a user error.
    #[error("internal table error: {0}")]
    Table(#[from] polars::error::PolarsError),
    /// A template failed to render; this is a bug, not a user error.
    #[error("internal template error: {0}")]
    Template(#[from] minijinja::Error),
    /// A chart failed to draw.
    #[error("chart {path}: {message}")]
    Chart { path: PathBuf, message: String },
}

fn bullet_list(items: &[String]) -> String {
    let mut out = String::new();
    for item in items {
        out.push_str("  - ");
        out.push_str(item);
        out.push('\n');
    }
    out.trim_end().to_string()
}

impl Error {
    /// The exit code this error ends the process with.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) | Error::Schema { .. } | Error::Project { .. } => ExitCode::Usage,
            Error::Io(_) | Error::Chart { .. } => ExitCode::Io,
            Error::DataProblems { .. } => ExitCode::DataProblems,
            // Internal failures are not the user's fault but are not "usage" either;
            // treat them like a failed write so scripts stop.
            Error::Table(_) | Error::Template(_) => ExitCode::Io,
        }
    }
}

impl fmt::Display for ExitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", *self as i32)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_kind_maps_to_its_documented_exit_code() {
        assert_eq!(Error::Usage("x".into()).exit_code() as i32, 2);
        let schema = Error::Schema {
            path: "s.toml".into(),
            problems: vec!["a".into()],
        };
        assert_eq!(schema.exit_code() as i32, 2);
        let io = Error::Io(std::io::Error::other("disk"));
        assert_eq!(io.exit_code() as i32, 3);
        assert_eq!(Error::DataProblems { count: 2 }.exit_code() as i32, 1);
    }

    #[test]
    fn schema_error_lists_every_problem() {
        let e = Error::Schema {
            path: "s.toml".into(),
            problems: vec!["first".into(), "second".into()],
        };
        let text = e.to_string();
        assert!(text.contains("2 problem(s)"), "{text}");
        assert!(text.contains("  - first\n  - second"), "{text}");
    }
}
