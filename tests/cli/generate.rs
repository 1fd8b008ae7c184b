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
