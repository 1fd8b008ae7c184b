//! The aggregated shape: a hand-kept sheet of one row per team (or for one team) and
//! quarter, with a mean per domain in columns named like the instrument's domains. Found
//! by `inspect` and drafted by `schema init` as an aggregated schema.

use crate::text::compare_key;
use std::fmt::Write as _;

use super::{q, ref_text, MATCH};
use crate::column_profile::{ColumnProfile, Kind, TableProfile};
use crate::schema::Schema;

/// The columns of an aggregated sheet.
pub(crate) struct AggregatedSheet<'p> {
    /// Each domain column with the instrument domain it names.
    pub domains: Vec<(&'p ColumnProfile, usize)>,
    pub respondents: Option<&'p ColumnProfile>,
    pub overall: Option<&'p ColumnProfile>,
}

/// Headers that name a count of respondents.
const RESPONDENT_HEADERS: [&str; 6] = [
    "respondents",
    "responses",
    "n",
    "respondent count",
    "number of respondents",
    "response count",
];

/// The instrument domain a header names (by name or id, allowing small spelling
/// differences), if any.
fn domain_named(inst: &Schema, header: &str) -> Option<usize> {
    let key = compare_key(header);
    inst.domains
        .iter()
        .enumerate()
        .map(|(d, dom)| {
            let sim = [&dom.name, &dom.id]
                .iter()
                .map(|n| strsim::normalized_levenshtein(&key, &compare_key(n)))
                .fold(0.0, f64::max);
            (d, sim)
        })
        .filter(|(_, sim)| *sim >= MATCH)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(d, _)| d)
}

/// The sheet's aggregated columns when at least two numeric columns are named like the
/// instrument's domains (each domain once); `None` for a file of responses.
pub(crate) fn find<'p>(p: &'p TableProfile, inst: &Schema) -> Option<AggregatedSheet<'p>> {
    let mut domains: Vec<(&ColumnProfile, usize)> = Vec::new();
    for c in &p.columns {
        if !matches!(c.kind, Kind::Number { .. }) {
            continue;
        }
        if let Some(d) = domain_named(inst, &c.header) {
            if !domains.iter().any(|(_, x)| *x == d) {
                domains.push((c, d));
            }
        }
    }
    if domains.len() < 2 {
        return None;
    }
    let respondents = p.columns.iter().find(|c| {
        matches!(c.kind, Kind::Number { integer: true, .. })
            && RESPONDENT_HEADERS.contains(&compare_key(&c.header).as_str())
    });
    let overall = p
        .columns
        .iter()
        .find(|c| compare_key(&c.header) == "overall" && matches!(c.kind, Kind::Number { .. }));
    Some(AggregatedSheet {
        domains,
        respondents,
        overall,
    })
}

/// One line for `inspect`: what the shape is and which columns make it.
pub(crate) fn describe(sheet: &AggregatedSheet, inst: &Schema) -> String {
    let named: Vec<String> = sheet
        .domains
        .iter()
        .map(|(c, d)| {
            if compare_key(&c.header) == compare_key(&inst.domains[*d].name) {
                format!("\"{}\"", c.header.trim())
            } else {
                format!("\"{}\" ({})", c.header.trim(), inst.domains[*d].name)
            }
        })
        .collect();
    let n = match sheet.respondents {
        Some(c) => format!("respondent counts in \"{}\"", c.header.trim()),
        None => "no respondent counts (n unknown)".to_string(),
    };
    format!(
        "aggregated scores: a mean per domain of {} in {} of its {} domains ({}); {n}",
        inst.name,
        sheet.domains.len(),
        inst.domains.len(),
        named.join(", ")
    )
}

/// The columns found by header and content that say where a row belongs.
pub(super) struct SheetRoles<'p> {
    pub team: Option<&'p ColumnProfile>,
    pub group: Option<&'p ColumnProfile>,
    pub quarter: Option<&'p ColumnProfile>,
}

/// The `[columns]`, `[aggregated]` and `[[domains]]` of an aggregated draft.
pub(super) fn write(
    out: &mut String,
    p: &TableProfile,
    sheet: &AggregatedSheet,
    inst: &Schema,
    roles: &SheetRoles,
    default_quarter: &str,
) {
    write_columns(out, p, roles, default_quarter);
    let _ = writeln!(out, "\n[aggregated]");
    match sheet.respondents {
        Some(c) => {
            let _ = writeln!(out, "respondents = {}   # CONFIRM", ref_text(p, c));
        }
        None => {
            let _ = writeln!(
                out,
                "# CONFIRM: the sheet gives no respondent counts. Its scores are shown as \"n unknown\":\n\
                 # no intervals, and the minimum-group rule cannot be checked for them. Add a column\n\
                 # of counts and name it here (respondents = \"...\") if you have them.\n\
                 respondents_unknown = true"
            );
        }
    }
    if let Some(c) = sheet.overall {
        let _ = writeln!(
            out,
            "# \"{}\" is checked against the mean of the domains (a warning names any row that\n\
             # differs by more than rounding); Overall is always that mean.",
            c.header.trim()
        );
    }
    write_domains(out, sheet, inst);
}

/// The `[columns]` of an aggregated draft: team, group and quarter, each a guess.
fn write_columns(out: &mut String, p: &TableProfile, roles: &SheetRoles, default_quarter: &str) {
    let SheetRoles {
        team,
        group,
        quarter,
    } = *roles;
    let _ = writeln!(
        out,
        "\n# An aggregated sheet: one row per team and quarter, a mean score per domain.\n[columns]"
    );
    match team {
        Some(c) => {
            let _ = writeln!(out, "team = {}   # CONFIRM", ref_text(p, c));
        }
        None => {
            let _ = writeln!(
                out,
                "# CONFIRM: the sheet names no team; every row is this one team's. Name it."
            );
            let _ = writeln!(out, "team = {{ constant = \"My team\" }}");
        }
    }
    if let Some(c) = group {
        let _ = writeln!(out, "group = {}   # CONFIRM", ref_text(p, c));
    }
    match quarter {
        Some(c) => {
            let _ = writeln!(out, "quarter = {}   # CONFIRM", ref_text(p, c));
            if let Kind::Quarter { fiscal: true, .. } = c.kind {
                let _ = writeln!(
                    out,
                    "# CONFIRM: fiscal labels (FY..); the month your fiscal year starts in (1, 4, 7 or 10).\n\
                     # A fiscal year is named by the calendar year it ends in.\nfiscal_year_start = 1"
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                "# CONFIRM: no quarter column found; every row counts for one quarter."
            );
            let _ = writeln!(out, "quarter = {{ constant = {} }}", q(default_quarter));
        }
    }
}

/// The `[[domains]]` of an aggregated draft, and the instrument's domains not found.
fn write_domains(out: &mut String, sheet: &AggregatedSheet, inst: &Schema) {
    for (c, d) in &sheet.domains {
        // The domain's name is the column's header: that is how the rows are read.
        let _ = writeln!(
            out,
            "\n[[domains]]\nid = {}\nname = {}",
            q(&inst.domains[*d].id),
            q(c.header.trim())
        );
    }
    let missing: Vec<&str> = inst
        .domains
        .iter()
        .enumerate()
        .filter(|(d, _)| !sheet.domains.iter().any(|(_, x)| x == d))
        .map(|(_, dom)| dom.name.as_str())
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "\n# Instrument domains not found in this sheet: {}",
            missing.join(", ")
        );
    }
}
