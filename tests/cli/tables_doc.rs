//! The registry of tables, the tables a report writes and the README agree: every
//! table is in the README's folder listing and has a section naming each of its columns
//! (as `` `column` `` or a table row), or the section of the table it says it shares
//! columns with. A table in the README that the report never writes is an error too.

use std::collections::BTreeSet;

use leadpulse::render::tables::registry;

use crate::support::{root, sample_report};

/// The README's `### ` sections that name `file` in their heading.
fn sections_for<'r>(readme: &'r str, file: &str) -> Vec<&'r str> {
    readme
        .split("\n### ")
        .filter(|s| s.lines().next().is_some_and(|h| h.contains(file)))
        .collect()
}

/// Whether `column` is named in `text`: backticked, or in the first cell of a table row
/// (which may list several columns: `| ci_low, ci_high | ... |`).
fn names(text: &str, column: &str) -> bool {
    text.contains(&format!("`{column}`"))
        || text.lines().any(|l| {
            l.strip_prefix("| ")
                .and_then(|rest| rest.split(" |").next())
                .is_some_and(|cell| cell.split(", ").any(|c| c.trim() == column))
        })
}

/// A column named by the instrument (a measure such as "People mentored"), which the
/// README describes by pattern ("a column per measure").
fn named_by_instrument(section: &str, column: &str) -> bool {
    section.contains("a column per measure") && column.chars().any(|c| c.is_ascii_uppercase())
}

/// The columns a table's section leaves undocumented (a section may say "the columns of
/// `other.csv`": that section counts too).
fn undocumented(readme: &str, file: &str, header: &[String]) -> Vec<String> {
    let mut texts: Vec<&str> = sections_for(readme, file);
    let own = texts.clone();
    for s in own {
        for (i, _) in s.match_indices("columns of `") {
            let other: String = s[i + 12..].chars().take_while(|c| *c != '`').collect();
            texts.extend(sections_for(readme, &other));
        }
    }
    header
        .iter()
        .filter(|c| {
            !texts
                .iter()
                .any(|t| names(t, c) || named_by_instrument(t, c))
        })
        .cloned()
        .collect()
}

/// The registry is the list of tables: the tiny project (every section configured)
/// writes exactly its tables, each header has the registry's columns (plus the unit of a
/// checklist and an instrument's measures, nothing else), and the README documents every
/// registry column in the table's section.
#[test]
fn the_registry_the_written_tables_and_the_readme_agree() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (_tmp, out) = crate::tables::tiny_report();
    let written: BTreeSet<String> = std::fs::read_dir(out.join("metrics"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    let registered: BTreeSet<String> = registry().map(|t| format!("{}.csv", t.name)).collect();
    assert_eq!(written, registered);
    let mut missing = Vec::new();
    for spec in registry() {
        let name = format!("{}.csv", spec.name);
        let text = std::fs::read_to_string(out.join("metrics").join(&name)).unwrap();
        let header: Vec<String> = text
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(|c| c.trim_matches('"').to_string())
            .collect();
        for c in spec.columns {
            if !header.iter().any(|h| h == c) {
                missing.push(format!("{name}: registry column {c} is not written"));
            }
        }
        for h in &header {
            let known = spec.columns.contains(&h.as_str())
                || ["team", "person"].contains(&h.as_str())
                || (spec.name == "influence" && h.chars().any(|c| c.is_ascii_uppercase()));
            if !known {
                missing.push(format!("{name}: column {h} is not in the registry"));
            }
        }
        if !readme.contains(&format!("metrics/{name}\n")) {
            missing.push(format!("{name}: not in the README's folder listing"));
        }
        if sections_for(&readme, &name).is_empty() {
            missing.push(format!("{name}: no README section"));
            continue;
        }
        for c in undocumented(&readme, &name, &header) {
            missing.push(format!(
                "{name}: column {c} is not documented in the README"
            ));
        }
    }
    for line in readme.lines() {
        if let Some(name) = line
            .strip_prefix("metrics/")
            .filter(|n| n.ends_with(".csv"))
        {
            if !registered.contains(name.trim()) {
                missing.push(format!("{name}: in the README but not a table"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The check finds an undocumented column.
#[test]
fn an_undocumented_column_is_found() {
    let readme =
        "### `metrics/x.csv`\n\n| column | meaning |\n|---|---|\n| a | the a |\n\nAlso `b`.\n";
    let header = ["a", "b", "c"].map(String::from);
    assert_eq!(
        undocumented(readme, "x.csv", &header),
        vec!["c".to_string()]
    );
}

/// The page's "Tables behind this page" lists exactly the tables the report wrote, each
/// linked to its file.
#[test]
fn the_page_lists_exactly_the_tables_written() {
    let (_tmp, out) = sample_report();
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    let section = page
        .split("Tables behind this page")
        .nth(1)
        .expect("the page has the section")
        .split("</table>")
        .next()
        .unwrap();
    let listed: BTreeSet<String> = section
        .match_indices("<a href=\"metrics/")
        .map(|(i, _)| {
            section[i + 17..]
                .chars()
                .take_while(|c| *c != '"')
                .collect()
        })
        .collect();
    let written: BTreeSet<String> = std::fs::read_dir(out.join("metrics"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".csv") || n.ends_with(".xlsx"))
        .collect();
    // Every CSV, and the workbook that holds them all.
    assert_eq!(listed, written);
    assert!(listed.contains("leadpulse.xlsx"));
}

/// `summary.json` lists the tables written, from the registry, with their columns.
#[test]
fn summary_json_lists_the_tables_written() {
    let (_tmp, out) = crate::tables::tiny_report();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("metrics/summary.json")).unwrap()).unwrap();
    let tables = summary["tables"].as_array().expect("a list of tables");
    assert_eq!(tables.len(), registry().count());
    let trends = tables
        .iter()
        .find(|t| t["file"] == "metrics/trends.csv")
        .expect("trends.csv is listed");
    let columns: Vec<&str> = trends["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(columns.contains(&"slope_per_quarter") && columns.contains(&"status"));
}
