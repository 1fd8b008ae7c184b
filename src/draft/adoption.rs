//! Practice-adoption logs, in the two shapes teams keep: observations (whether a
//! practice was used, per observation date) and milestone dates (introduced, first
//! applied, consistently used, still used after N days). Found by `inspect` and drafted
//! by `schema init` as a record schema for the project's `[adoption]` section.

use std::fmt::Write as _;

use super::{header_matches, q};
use crate::column_profile::{ColumnProfile, TableProfile};
use crate::text::compare_key;

/// Which shape an adoption log has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LogShape {
    Observations,
    MilestoneDates,
}

/// The columns of an adoption log, by role (the record schema's role names).
pub(crate) struct AdoptionLog<'p> {
    pub shape: LogShape,
    pub roles: Vec<(&'static str, &'p ColumnProfile)>,
    /// `Still used after N days` columns (read by their headers).
    pub stick: Vec<&'p ColumnProfile>,
}

fn is_stick(c: &ColumnProfile) -> bool {
    compare_key(&c.header).starts_with("still used after")
}

/// The log's columns when the file has a team, a practice and an introduction date, and
/// either an observation date with a usage column or milestone-date columns.
pub(crate) fn find(p: &TableProfile) -> Option<AdoptionLog<'_>> {
    let col = |words: &[&str], not: &[&str]| {
        p.columns
            .iter()
            .find(|c| header_matches(c, words) && !header_matches(c, not) && !is_stick(c))
    };
    let team = col(&["team"], &[])?;
    let practice = col(&["practice"], &[])?;
    let introduced = col(&["introduc"], &[])?;
    let first = col(&["first"], &[]);
    let consistent = col(&["consistent"], &[]);
    let observed = col(&["observ"], &[]);
    let used = col(&["used"], &["consistent", "first"]);
    let mut roles = vec![
        ("team", team),
        ("practice", practice),
        ("introduced", introduced),
    ];
    let shape = match (observed, used, first.or(consistent)) {
        (Some(o), Some(u), _) => {
            roles.push(("observed", o));
            roles.push(("used", u));
            if let Some(m) = col(&["members", "team size"], &[]) {
                roles.push(("members", m));
            }
            LogShape::Observations
        }
        (None, _, Some(_)) => {
            roles.extend(first.map(|c| ("first_applied", c)));
            roles.extend(consistent.map(|c| ("consistent", c)));
            LogShape::MilestoneDates
        }
        _ => return None,
    };
    if let Some(a) = col(&["adapt", "note"], &[]) {
        roles.push(("adaptation", a));
    }
    let stick = p.columns.iter().filter(|c| is_stick(c)).collect();
    Some(AdoptionLog {
        shape,
        roles,
        stick,
    })
}

/// One line for `inspect`.
pub(crate) fn describe(log: &AdoptionLog) -> String {
    match log.shape {
        LogShape::Observations => {
            "practice-adoption log, observations: whether each practice was used, per observation date".to_string()
        }
        LogShape::MilestoneDates => format!(
            "practice-adoption log, milestone dates: introduced, first applied, consistently used{}; a blank date is not reached yet",
            if log.stick.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = log
                    .stick
                    .iter()
                    .map(|c| format!("\"{}\"", c.header.trim()))
                    .collect();
                format!(", {}", names.join(", "))
            }
        ),
    }
}

/// The draft record schema for the project's `[adoption]` section.
pub(super) fn draft(p: &TableProfile, log: &AdoptionLog) -> String {
    let mut out = String::new();
    let shape = match log.shape {
        LogShape::Observations => "observations",
        LogShape::MilestoneDates => "milestone dates",
    };
    let _ = writeln!(
        out,
        "# Draft leadpulse record schema for {}: a practice-adoption log ({shape}).",
        p.file
    );
    let _ = writeln!(
        out,
        "# Every column was found by its header: CONFIRM each. Use it in the project file:\n\
         #   [adoption]\n#   schema = \"THIS_FILE\"\n#   files = [{}]",
        q(&p.file)
    );
    if log.shape == LogShape::MilestoneDates {
        let _ = writeln!(
            out,
            "# A blank milestone is not reached yet: censored at `as_of` in [adoption] (or\n\
             # --as-of), else at the latest date in the file."
        );
    }
    let _ = writeln!(
        out,
        "\n[instrument]\nname = \"practice-adoption-draft\"\ntitle = \"Practice adoption log (draft)\"\n\n[columns]"
    );
    for (role, c) in &log.roles {
        let _ = writeln!(out, "{role} = {}   # CONFIRM", q(c.header.trim()));
    }
    for c in &log.stick {
        let _ = writeln!(
            out,
            "# \"{}\" is read by its header: the stick check 90 or 180 days after consistent use.",
            c.header.trim()
        );
    }
    out
}
