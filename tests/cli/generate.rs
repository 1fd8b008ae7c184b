//! `leadpulse generate`: seeded, byte-for-byte reproducible sample data.

use crate::support::*;

#[test]
fn committed_sample_data_is_exactly_what_the_documented_command_writes() {
    // README: `leadpulse generate --out sample-data` (seed 9 is the default).
    let tmp = tempfile::tempdir().unwrap();
    leadpulse()
        .args(["generate", "--out"])
        .arg(tmp.path())
        .assert()
        .success();
    let fresh = all_files(tmp.path());
    let mut committed = all_files(&root().join("sample-data"));
    committed.remove("README.md");
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &fresh {
        assert!(
            bytes == &committed[name],
            "sample-data/{name} differs from the generator's output"
        );
    }
}

#[test]
fn another_seed_gives_other_answers() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (dir, seed) in [(&a, "3"), (&b, "4")] {
        leadpulse()
            .args(["generate", "--no-xlsx", "--seed", seed, "--out"])
            .arg(dir.path())
            .assert()
            .success();
    }
    let name = "responses/team-health-2026-Q3.csv";
    assert_ne!(
        std::fs::read(a.path().join(name)).unwrap(),
        std::fs::read(b.path().join(name)).unwrap()
    );
}

#[test]
fn zero_teams_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let output = leadpulse()
        .args(["generate", "--teams", "0", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

/// README: `generate --export google-forms|qualtrics` writes one export of every quarter
/// with the schema that reads it. Each must validate without a problem: the Google Forms
/// one has no group column (every team rolls up straight into the organisation), the
/// Qualtrics one has three header rows and names its items by export tag.
#[test]
fn each_export_shape_validates_with_its_own_schema() {
    for (shape, first_header) in [
        ("google-forms", "Timestamp,Team,"),
        ("qualtrics", "StartDate,"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        leadpulse()
            .args([
                "generate",
                "--teams",
                "4",
                "--quarters",
                "2",
                "--export",
                shape,
                "--out",
            ])
            .arg(dir.path())
            .assert()
            .success();
        let export = std::fs::read_to_string(dir.path().join("export.csv")).unwrap();
        assert!(
            export.starts_with(first_header),
            "{shape}: {}",
            &export[..80]
        );
        let schema = std::fs::read_to_string(dir.path().join("team-health.toml")).unwrap();
        assert_eq!(
            schema.contains("Department"),
            shape == "qualtrics",
            "{shape}"
        );
        let out = leadpulse()
            .args(["validate", "--schema"])
            .arg(dir.path().join("team-health.toml"))
            .arg(dir.path().join("export.csv"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{shape}: {stderr}");
        assert!(
            stderr.contains(": 0 error(s) in 0 row(s), 0 warning(s)"),
            "{shape}: {stderr}"
        );
    }
}
