//! Helpers shared by the integration tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn leadpulse() -> Command {
    let mut cmd = Command::cargo_bin("leadpulse").expect("binary built");
    cmd.current_dir(root());
    cmd
}

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub const MINI_SCHEMA: &str = "tests/fixtures/mini/schema.toml";
pub const MINI_DATA: &str = "tests/fixtures/mini/good.csv";

/// A CSV file as rows of column -> text.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every file under `dir`, relative path -> bytes.
pub fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Run `report` with the mini schema on `data` into a fresh temp folder.
pub fn mini_report(data: &[&str], extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let mut cmd = leadpulse();
    cmd.args(["report", "--schema", MINI_SCHEMA, "--out"])
        .arg(&out)
        .args(extra)
        .args(data);
    let output = cmd.output().unwrap();
    (tmp, output)
}

/// Run `validate --schema SCHEMA DATA`.
pub fn validate(schema: &str, data: impl AsRef<std::ffi::OsStr>) -> std::process::Output {
    leadpulse()
        .args(["validate", "--schema", schema])
        .arg(data)
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A project in a fresh temp folder over the sample organisation's survey data, with
/// `files` (name, contents) written next to it and `sections` appended to the project
/// file. Returns the folder and the project file's path.
pub fn sample_project(files: &[(&str, &str)], sections: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let r = root();
    let quoted = |p: PathBuf| format!("{:?}", p.display().to_string());
    for (name, contents) in files {
        std::fs::write(tmp.path().join(name), contents).unwrap();
    }
    let project = format!(
        "schema = {}\ndata = [{}, {}]\noutput = \"report\"\n\n{sections}\n",
        quoted(r.join("schemas/team-health.toml")),
        quoted(r.join("sample-data/responses")),
        quoted(r.join("sample-data/aggregated")),
    );
    let path = tmp.path().join("leadpulse.toml");
    std::fs::write(&path, project).unwrap();
    (tmp, path)
}

/// `report` on the sample organisation into a fresh temp folder: (folder, report path).
pub fn sample_report() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sample");
    leadpulse()
        .args(["report", "--project", "sample-data/leadpulse.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    (tmp, out)
}

/// Run `report --project FILE`.
pub fn report_project(project: &Path) -> std::process::Output {
    leadpulse()
        .args(["report", "--project"])
        .arg(project)
        .output()
        .unwrap()
}

/// The shipped schemas copied to `dir/schemas`, where a copy of the sample's project
/// file put in `dir` looks for them.
pub fn copy_schemas(dir: &Path) {
    std::fs::create_dir(dir.join("schemas")).unwrap();
    for entry in std::fs::read_dir(root().join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("schemas").join(path.file_name().unwrap())).unwrap();
    }
}

/// `a` equals `b` within `tol`, or the test fails naming both (at the caller's line).
#[track_caller]
pub fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} != {b} (tolerance {tol})");
}

/// The generated organisation of seed 3 (27 teams, every side file) in `dir`, under a
/// deep, unbalanced org file: a five-level single-child chain, a lead whose only team is
/// small (Team 008 under Lead Small), a team that heads two more (Team 010), a team the
/// org file leaves out (Team 027, straight under the organisation).
pub fn deep_unbalanced_org(dir: &Path) {
    leadpulse()
        .args([
            "generate",
            "--no-xlsx",
            "--seed",
            "3",
            "--teams",
            "27",
            "--groups",
            "9",
            "--out",
        ])
        .arg(dir)
        .assert()
        .success();
    let mut org = String::from(
        "Unit,Parent\nVP,\nDir A,VP\nDir B,VP\nLead A1,Dir A\nLead A2,Dir A\n\
         Lead Small,Dir B\nChain 1,Dir B\nChain 2,Chain 1\nChain 3,Chain 2\n",
    );
    for t in 1..=26 {
        let parent = match t {
            8 => "Lead Small",
            10 => "Lead A1",
            11 | 12 => "Team 010",
            20 => "Chain 3",
            t => ["Lead A1", "Lead A2", "Dir B"][t % 3],
        };
        org.push_str(&format!("Team {t:03},{parent}\n"));
    }
    std::fs::write(dir.join("org.csv"), org).unwrap();
}
