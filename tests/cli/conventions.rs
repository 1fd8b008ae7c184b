//! Command-line conventions: completions, the man page, `--version`, `--quiet`,
//! `NO_COLOR`, and a generated project that runs wherever it is put.

use crate::support::*;

#[test]
fn completions_for_each_shell_offer_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = leadpulse().args(["completions", shell]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = text(&output.stdout);
        for command in ["validate", "report", "inspect", "schema", "generate", "man"] {
            assert!(
                script.contains(command),
                "{shell} completions lack {command}"
            );
        }
        assert!(
            output.stderr.is_empty(),
            "{shell}: {}",
            text(&output.stderr)
        );
    }
}

#[test]
fn bash_completions_load_and_register_the_command() {
    let output = leadpulse().args(["completions", "bash"]).output().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("leadpulse.bash");
    std::fs::write(&script, &output.stdout).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {:?} && complete -p leadpulse", script))
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("leadpulse"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = leadpulse().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("tcsh"));
}

#[test]
fn the_man_page_is_roff_with_the_version_and_the_subcommands() {
    let output = leadpulse().arg("man").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let page = text(&output.stdout);
    assert!(page.contains(".TH leadpulse 1"), "{page}");
    let version = format!("leadpulse {}", env!("CARGO_PKG_VERSION"));
    assert!(page.contains(&version), "{page}");
    for command in ["validate", "report", "inspect", "generate", "completions"] {
        assert!(page.contains(command), "man page lacks {command}");
    }
}

#[test]
fn version_is_the_build_version() {
    let output = leadpulse().arg("--version").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stdout).trim(),
        format!("leadpulse {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn quiet_silences_warnings_and_summaries_but_not_the_result() {
    // The Windows-1252 file reads with a warning; the report is written either way.
    let data = "tests/fixtures/bad/windows-1252.csv";
    let (_loud_dir, loud) = mini_report(&[data], &["--min-group-size", "3"]);
    assert_eq!(loud.status.code(), Some(0));
    assert!(
        text(&loud.stderr).contains("warning"),
        "{}",
        text(&loud.stderr)
    );
    assert!(text(&loud.stderr).contains("report written to"));
    let (_quiet_dir, quiet) = mini_report(&[data], &["--min-group-size", "3", "--quiet"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stderr.is_empty(), "{}", text(&quiet.stderr));
    assert!(text(&quiet.stdout).ends_with("index.html\n"));
}

#[test]
fn quiet_still_prints_the_errors_that_stop_a_command() {
    let output = leadpulse()
        .args(["-q", "report", "--schema", MINI_SCHEMA])
        .arg("tests/fixtures/bad/out-of-range.csv")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("out-of-range.csv"), "{stderr}");
    assert!(stderr.contains("error"), "{stderr}");
}

#[test]
fn quiet_validate_keeps_problems_on_stdout_and_drops_the_summary() {
    let output = leadpulse()
        .args(["validate", "--quiet", "--schema", MINI_SCHEMA])
        .arg("tests/fixtures/bad/out-of-range.csv")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("out-of-range.csv"));
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
}

#[test]
fn no_color_turns_off_the_colour_that_clicolor_force_turns_on() {
    // Help is the one place with colour (clap styles its headings). CLICOLOR_FORCE asks
    // for it even off a terminal; NO_COLOR wins over it (no-color.org).
    let forced = leadpulse()
        .arg("--help")
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        forced.stdout.contains(&0x1b),
        "CLICOLOR_FORCE gives escapes"
    );
    let plain = leadpulse()
        .arg("--help")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!plain.stdout.contains(&0x1b), "{}", text(&plain.stdout));
}

#[test]
fn a_generated_project_runs_from_any_folder_with_its_own_schemas() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("somewhere/demo");
    leadpulse()
        .args(["generate", "--no-xlsx", "--quarters", "3", "--out"])
        .arg(&project)
        .assert()
        .success();
    let file = std::fs::read_to_string(project.join("leadpulse.toml")).unwrap();
    assert!(!file.contains("../schemas"), "{file}");
    let elsewhere = tempfile::tempdir().unwrap();
    let output = leadpulse()
        .current_dir(elsewhere.path())
        .args(["report", "--project"])
        .arg(project.join("leadpulse.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(tmp
        .path()
        .join("somewhere/reports/sample/index.html")
        .exists());
}

#[test]
fn a_missing_schema_is_named_by_the_path_that_was_tried() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("demo");
    leadpulse()
        .args(["generate", "--no-xlsx", "--quarters", "3", "--out"])
        .arg(&project)
        .assert()
        .success();
    std::fs::remove_file(project.join("schemas/team-health.toml")).unwrap();
    let output = leadpulse()
        .args(["report", "--project"])
        .arg(project.join("leadpulse.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let tried = project.join("schemas/team-health.toml");
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&tried.display().to_string()), "{stderr}");
}
