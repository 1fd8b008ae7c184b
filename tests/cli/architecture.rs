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
