use super::*;
use crate::atomic_write::write_file_atomically;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn usage_message(r: Result<OutputMode>) -> String {
    match r {
        Err(Error::Usage(m)) => m,
        other => panic!("expected a usage error, got {other:?}"),
    }
}

#[test]
fn dropped_report_dir_leaves_nothing_and_commit_replaces_an_old_report() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("report");
    {
        let dir = ReportDir::create(&target, OutputMode::Replace).unwrap();
        dir.write("a.txt", b"half").unwrap();
    }
    assert!(names(root.path()).is_empty());

    let dir = ReportDir::create(&target, OutputMode::Replace).unwrap();
    dir.write("stale.txt", b"old").unwrap();
    dir.commit().unwrap();
    assert!(target.join(MARKER).is_file(), "a report carries the marker");
    assert_eq!(
        plan_output(&target, &[], false).unwrap(),
        OutputMode::Replace
    );
    let dir = ReportDir::create(&target, OutputMode::Replace).unwrap();
    dir.write("metrics/new.csv", b"x").unwrap();
    dir.commit().unwrap();
    assert!(target.join("metrics/new.csv").exists());
    assert!(!target.join("stale.txt").exists());
    assert_eq!(names(root.path()), ["report"]);
}

#[test]
fn an_empty_folder_is_replaced_and_a_missing_one_created() {
    let root = tempfile::tempdir().unwrap();
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(
        plan_output(&empty, &[], false).unwrap(),
        OutputMode::Replace
    );
    let missing = root.path().join("a/b");
    assert_eq!(
        plan_output(&missing, &[], false).unwrap(),
        OutputMode::Replace
    );
}

#[test]
fn a_folder_leadpulse_did_not_write_is_refused_without_the_flag() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("mine");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("notes.txt"), b"keep me").unwrap();
    let m = usage_message(plan_output(&target, &[], false));
    assert!(m.contains("mine") && m.contains("did not write"), "{m}");
    assert!(m.contains("--into-existing"), "{m}");
    assert_eq!(plan_output(&target, &[], true).unwrap(), OutputMode::Into);
}

#[test]
fn writing_into_an_existing_folder_deletes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("mine");
    std::fs::create_dir_all(target.join("metrics")).unwrap();
    std::fs::write(target.join("notes.txt"), b"keep me").unwrap();
    std::fs::write(target.join("metrics/own.csv"), b"mine").unwrap();
    let dir = ReportDir::create(&target, OutputMode::Into).unwrap();
    dir.write("index.html", b"<html>").unwrap();
    dir.write("metrics/trends.csv", b"x").unwrap();
    dir.commit().unwrap();
    assert_eq!(std::fs::read(target.join("notes.txt")).unwrap(), b"keep me");
    assert_eq!(
        std::fs::read(target.join("metrics/own.csv")).unwrap(),
        b"mine"
    );
    assert!(target.join("index.html").is_file());
    assert!(target.join("metrics/trends.csv").is_file());
    // No marker: the folder stays the user's, so the next run asks again.
    assert!(!target.join(MARKER).exists());
    assert_eq!(names(root.path()), ["mine"]);
}

#[test]
fn a_file_at_the_output_path_is_an_error_and_stays() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("report");
    std::fs::write(&target, b"a file").unwrap();
    let m = usage_message(plan_output(&target, &[], true));
    assert!(m.contains("is a file"), "{m}");
    assert_eq!(std::fs::read(&target).unwrap(), b"a file");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_at_the_output_path_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let real = root.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let link = root.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let m = usage_message(plan_output(&link, &[], true));
    assert!(m.contains("symbolic link"), "{m}");
}

#[test]
fn an_output_that_is_contains_or_lies_inside_an_input_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let file = data.join("q1.csv");
    std::fs::write(&file, b"x").unwrap();
    let inputs = vec![data.clone()];
    assert!(usage_message(plan_output(&data, &inputs, true)).contains(" is the input"));
    assert!(usage_message(plan_output(root.path(), &inputs, true)).contains("contains the input"));
    let inside = data.join("report");
    assert!(usage_message(plan_output(&inside, &inputs, true)).contains("lies inside"));
    // A relative spelling of the same folder is caught too.
    let other = root.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let roundabout = other.join("../data");
    assert!(usage_message(plan_output(&roundabout, &inputs, true)).contains(" is the input"));
    assert!(
        usage_message(plan_output(&file, std::slice::from_ref(&file), true)).contains("is a file")
    );
    assert_eq!(
        plan_output(&root.path().join("report"), &inputs, false).unwrap(),
        OutputMode::Replace
    );
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next_run() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("report");
    // A killed run leaves its staging folder (marked) behind.
    let dir = ReportDir::create(&target, OutputMode::Replace).unwrap();
    dir.write("index.html", b"half").unwrap();
    let left = dir.staging.keep();
    // A hidden folder of the user's with a similar name, and no marker, stays.
    let users = root.path().join(".leadpulse-staging-report-mine");
    std::fs::create_dir(&users).unwrap();
    assert!(left.exists());
    let dir = ReportDir::create(&target, OutputMode::Replace).unwrap();
    dir.write("index.html", b"whole").unwrap();
    dir.commit().unwrap();
    assert!(!left.exists());
    assert!(users.exists());
    assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"whole");
}

/// A file kept beside a report is written whole; a temporary one a killed run left is
/// removed by the next run, and other files beside the report stay.
#[test]
fn a_file_beside_a_report_is_written_whole_and_its_leftovers_removed() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("report");
    write_beside(&target, "report.extra", b"one").unwrap();
    write_beside(&target, "report.extra", b"two").unwrap();
    assert_eq!(
        std::fs::read(root.path().join("report.extra")).unwrap(),
        b"two"
    );
    std::fs::write(root.path().join(".leadpulse-beside-report-x1"), b"half").unwrap();
    std::fs::write(root.path().join(".leadpulse-beside-other-x1"), b"theirs").unwrap();
    ReportDir::create(&target, OutputMode::Replace).unwrap();
    assert_eq!(
        names(root.path()),
        [".leadpulse-beside-other-x1", "report.extra"]
    );
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
