//! The import rules of `ARCHITECTURE.md`, checked by reading `src/`: data flows one way
//! (ingest -> validate -> metrics -> privacy -> render), shared domain types live in
//! `model`, which imports no stage, and nothing below the commands reaches back up.
//! Unit tests (`tests.rs` files and `#[cfg(test)]` modules) may build their input with
//! any stage and are not checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every stage a module may not import, and why.
const RULES: &[(&str, &[&str], &str)] = &[
    (
        "model",
        &[
            "ingest",
            "schema",
            "validate",
            "metrics",
            "privacy",
            "render",
            "commands",
            "cli",
            "config",
            "generate",
            "column_profile",
            "draft",
        ],
        "shared domain types import no stage",
    ),
    (
        "text",
        &[
            "ingest",
            "schema",
            "validate",
            "metrics",
            "privacy",
            "render",
            "commands",
            "cli",
            "config",
            "generate",
            "column_profile",
            "draft",
            "model",
        ],
        "text utilities import no stage",
    ),
    (
        "ingest",
        &[
            "schema",
            "validate",
            "metrics",
            "privacy",
            "render",
            "commands",
            "cli",
            "config",
            "generate",
            "column_profile",
            "draft",
        ],
        "ingest turns bytes into tables and knows no schema",
    ),
    (
        "schema",
        &[
            "ingest", "validate", "metrics", "privacy", "render", "commands", "cli", "config",
            "generate",
        ],
        "schema definitions come before every stage",
    ),
    (
        "validate",
        &[
            "metrics", "privacy", "render", "commands", "cli", "config", "generate",
        ],
        "validate comes before metrics",
    ),
    (
        "metrics",
        &["privacy", "render", "commands", "cli", "config", "generate"],
        "metrics read privacy decisions as data (model), never the privacy code",
    ),
    (
        "privacy",
        &["render", "commands", "cli", "config", "generate"],
        "privacy comes before render",
    ),
    (
        "render",
        &[
            "ingest", "validate", "commands", "cli", "config", "generate",
        ],
        "render reads results, not inputs",
    ),
    (
        "generate",
        &["render", "commands", "cli", "config"],
        "the sample generator imports no render code",
    ),
    (
        "config",
        &["commands", "render", "generate"],
        "configuration is resolved before any stage runs",
    ),
    (
        "column_profile",
        &["commands", "cli", "render"],
        "profiling is a stage",
    ),
    (
        "draft",
        &[
            "commands", "cli", "config", "render", "metrics", "privacy", "generate",
        ],
        "drafting is a stage: profile, suggest, write the draft; the commands only read and write files",
    ),
];

/// `crate::<module>` references of every non-test source file, by top-level module.
fn imports() -> BTreeMap<String, Vec<(String, String)>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        if rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        out.entry(top.clone()).or_default();
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            let module: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            out.entry(top.clone())
                .or_default()
                .push((module, rel.display().to_string()));
        }
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The rules, applied to a map of imports: every broken rule as a message.
fn broken(imports: &BTreeMap<String, Vec<(String, String)>>) -> Vec<String> {
    let mut out = Vec::new();
    for (module, forbidden, why) in RULES {
        for (target, file) in imports.get(*module).into_iter().flatten() {
            if forbidden.contains(&target.as_str()) {
                out.push(format!("{file} imports crate::{target}: {why}"));
            }
        }
    }
    out
}

#[test]
fn no_module_imports_a_stage_its_rules_forbid() {
    let all = imports();
    for stage in [
        "model", "ingest", "validate", "metrics", "privacy", "render",
    ] {
        assert!(all.contains_key(stage), "no source found for {stage}");
    }
    let problems = broken(&all);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check catches a back-edge: metrics importing privacy, as it once did.
#[test]
fn a_forbidden_import_is_reported() {
    let mut all = BTreeMap::new();
    all.insert(
        "metrics".to_string(),
        vec![("privacy".to_string(), "metrics/trends.rs".to_string())],
    );
    assert_eq!(
        broken(&all),
        vec!["metrics/trends.rs imports crate::privacy: metrics read privacy decisions as data (model), never the privacy code".to_string()]
    );
}

/// The paths `text` (Markdown) names in backticks that do not exist under `root`. A
/// path is a token with a `/` or ending in `.rs`; it is looked up from the root, from
/// `src/`, and from every folder named before it on the same line (a table cell such as
/// "`privacy/` (`tree.rs`)"). A `*` stands for any name: the part before it must exist.
fn missing_paths(root: &Path, text: &str) -> Vec<String> {
    let mut missing = Vec::new();
    for line in text.lines() {
        let mut folders: Vec<String> = Vec::new();
        for (k, token) in line.split('`').enumerate() {
            let path_like = k % 2 == 1
                && !token.is_empty()
                && token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_./*-".contains(c))
                && (token.contains('/') || token.ends_with(".rs"));
            if !path_like {
                continue;
            }
            let plain = token.split('*').next().unwrap().trim_end_matches('/');
            let bases = [root.to_path_buf(), root.join("src")]
                .into_iter()
                .chain(folders.iter().map(|f| root.join("src").join(f)));
            let exists = bases.into_iter().any(|b| b.join(plain).exists());
            if !exists {
                missing.push(token.to_string());
            }
            if token.ends_with('/') {
                folders.push(token.to_string());
            }
        }
    }
    missing
}

/// `ARCHITECTURE.md` names only paths that exist.
#[test]
fn every_path_the_architecture_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let missing = missing_paths(root, &text);
    assert!(missing.is_empty(), "ARCHITECTURE.md names {missing:?}");
}

/// The check finds a file that moved into a folder, as `metrics/scores.rs` once did,
/// and reads names in a folder's parentheses from that folder.
#[test]
fn a_path_that_no_longer_exists_is_reported() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        "| score | `metrics/scores.rs` | `privacy/` (`tree.rs`, `nowhere.rs`) | `metrics/*` |";
    assert_eq!(
        missing_paths(root, text),
        ["metrics/scores.rs", "nowhere.rs"]
    );
}

/// Every non-test line holding `needle` in the files `checked` accepts, as
/// `file:line: text` (`tests.rs` files and `#[cfg(test)]` modules are left out).
fn non_test_lines_with(
    files: &[(String, String)],
    checked: impl Fn(&str) -> bool,
    needle: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in files {
        if !checked(rel) || rel.ends_with("tests.rs") {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            if line.contains(needle) {
                out.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    out
}

/// Where the value of a screened value is read whatever the privacy decision: every
/// non-test use of `unscreened` outside `src/privacy/` and `src/model/`.
fn unscreened_outside_privacy(files: &[(String, String)]) -> Vec<String> {
    let outside = |rel: &str| !rel.starts_with("privacy/") && !rel.starts_with("model/");
    non_test_lines_with(files, outside, "unscreened")
}

/// Hidden values cannot reach the stages after privacy: they read `shown()` and
/// `key()`, never the value whatever the decision.
#[test]
fn only_privacy_reads_a_value_whatever_its_decision() {
    let files = source_files();
    assert!(files
        .iter()
        .any(|(rel, text)| rel.starts_with("privacy/") && text.contains("unscreened()")));
    let found = unscreened_outside_privacy(&files);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The check finds a renderer that reads a hidden value.
#[test]
fn a_renderer_reading_a_hidden_value_is_reported() {
    let files = vec![
        (
            "render/tables.rs".to_string(),
            "fn f(c: &Screened<Cell>) -> f64 {\n    c.unscreened().mean\n}\n#[cfg(test)]\nmod tests { fn g() { c.unscreened(); } }".to_string(),
        ),
        ("privacy/mod.rs".to_string(), "c.unscreened()".to_string()),
    ];
    assert_eq!(
        unscreened_outside_privacy(&files),
        ["render/tables.rs:2: c.unscreened().mean"]
    );
}

/// Every source file under `src/` (tests included), relative path and text.
fn source_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    collect(&src, &mut paths);
    paths
        .iter()
        .map(|p| {
            (
                p.strip_prefix(&src).unwrap().display().to_string(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect()
}

/// The longest a function may be, in lines from `fn` to its closing brace.
const MAX_FUNCTION_LINES: usize = 80;

/// Functions longer than `max` lines, as `file:line name (lines)`. A function is read
/// from its `fn` line to the first line after it holding only a `}` at the `fn` line's
/// indentation (the shape `cargo fmt` gives); declarations without a body are skipped.
fn long_functions(files: &[(String, String)], max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in files {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let signature = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
            ]
            .iter()
            .any(|p| trimmed.starts_with(p));
            if !signature || line.trim_end().ends_with(';') {
                continue;
            }
            let indent = &line[..line.len() - trimmed.len()];
            let close = format!("{indent}}}");
            // A one-line function ends where it starts.
            let end = if line.trim_end().ends_with('}') {
                1
            } else {
                lines[i..]
                    .iter()
                    .position(|l| l.trim_end() == close)
                    .map_or(lines.len() - i, |k| k + 1)
            };
            if end > max {
                let name: String = trimmed
                    .split("fn ")
                    .nth(1)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(format!("{rel}:{} {name} ({end} lines)", i + 1));
            }
        }
    }
    out
}

/// Functions stay short enough to read at once: no function in `src/` is longer than
/// [`MAX_FUNCTION_LINES`] lines, tests included (a size rule kept in a test does not
/// drift).
#[test]
fn no_function_is_longer_than_the_limit() {
    let long = long_functions(&source_files(), MAX_FUNCTION_LINES);
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

/// The check counts a function from `fn` to its closing brace, and skips declarations.
#[test]
fn a_long_function_is_reported() {
    let body = "    let x = 1;\n".repeat(5);
    let text = format!(
        "trait T {{\n    fn declared(&self) -> u32;\n}}\n\npub fn short() {{\n{body}}}\n\nfn one_line() {{}}\n"
    );
    let files = vec![("a.rs".to_string(), text)];
    assert_eq!(long_functions(&files, 6), ["a.rs:5 short (7 lines)"]);
    assert!(long_functions(&files, 7).is_empty());
}

/// Where render code asks whether a value is shown, instead of reading `shown()`.
fn shown_checks_in_render(files: &[(String, String)]) -> Vec<String> {
    non_test_lines_with(files, |rel| rel.starts_with("render/"), "is_shown()")
}

/// Render reads a screened value only through `shown()` (and its reason through
/// `hidden()`): no renderer asks `is_shown()` and then reads the value another way.
#[test]
fn render_reads_values_only_through_shown() {
    let found = shown_checks_in_render(&source_files());
    assert!(found.is_empty(), "{}", found.join("\n"));
    let planted = vec![(
        "render/html/mod.rs".to_string(),
        "if c.is_shown() { show(c) }".to_string(),
    )];
    assert_eq!(
        shown_checks_in_render(&planted),
        ["render/html/mod.rs:1: if c.is_shown() { show(c) }"]
    );
}

/// Where a loop runs one past the domains to reach Overall (`0..=d_count`) instead of
/// naming it with `Measure::domains_and_overall`.
fn overall_as_an_index(files: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for needle in [
        "..=d_count",
        "..=r.domain_count()",
        "..=schema.domains.len()",
    ] {
        found.extend(non_test_lines_with(files, |_| true, needle));
    }
    found
}

/// No index stands for Overall: a cell, trend, effect or panel says what it measures
/// with `Measure` (a domain, Overall or a question).
#[test]
fn overall_is_named_not_an_index_past_the_domains() {
    let found = overall_as_an_index(&source_files());
    assert!(found.is_empty(), "{}", found.join("\n"));
    let planted = vec![(
        "render/charts/survey.rs".to_string(),
        "for d in 0..=d_count {\n    draw(r.domain_name(d));\n}".to_string(),
    )];
    assert_eq!(
        overall_as_an_index(&planted),
        ["render/charts/survey.rs:1: for d in 0..=d_count {"]
    );
}

/// Where render code outside a section's folder reads an optional section's results
/// (`r.sections.<name>`). `render/mod.rs` holds the accessors; the unit pages show a
/// unit's comments and milestone timeline (see ARCHITECTURE.md).
fn section_reads_outside_sections(files: &[(String, String)]) -> Vec<String> {
    let outside = |rel: &str| {
        rel.starts_with("render/")
            && !rel.starts_with("render/sections/")
            && rel != "render/mod.rs"
            && rel != "render/html/units.rs"
    };
    non_test_lines_with(files, outside, ".sections.")
}

/// A section is a unit: its tables, charts, page part, headline and summary are in its
/// folder under `render/sections/`, so the core page and writers name no section.
#[test]
fn only_a_sections_folder_reads_its_results() {
    let found = section_reads_outside_sections(&source_files());
    assert!(found.is_empty(), "{}", found.join("\n"));
    let planted = vec![(
        "render/files.rs".to_string(),
        "if let Some(v) = &r.sections.velocity {".to_string(),
    )];
    assert_eq!(
        section_reads_outside_sections(&planted),
        ["render/files.rs:1: if let Some(v) = &r.sections.velocity {"]
    );
}
