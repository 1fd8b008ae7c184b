//! The draft schema text: roles found by header and content, items matched to the
//! instrument by header text (or every rating column), the scale, and a closing list of
//! every column with what was detected.

use crate::text::compare_key;
use std::fmt::Write as _;

use super::scale::{draft_scale, fits, DraftScale};
use super::suggest::{suggest, Suggestion};
use super::{column_ref, header_matches, q, ref_text, Ref, MATCH};
use crate::column_profile::{is_identifying, ColumnProfile, Kind, TableProfile};
use crate::ingest::Table;
use crate::schema::{ColumnRef, Schema};

/// The columns that play a role other than an item.
struct Roles<'p> {
    team: Option<&'p ColumnProfile>,
    /// Employee and manager id columns (Viva Glint's `EMP ID`, `Manager ID`): the
    /// hierarchy from the ids, in place of a team column.
    ids: Option<(&'p ColumnProfile, &'p ColumnProfile)>,
    group: Option<&'p ColumnProfile>,
    date: Option<&'p ColumnProfile>,
    quarter: Option<&'p ColumnProfile>,
    respondent: Option<&'p ColumnProfile>,
}

impl<'p> Roles<'p> {
    fn find(p: &'p TableProfile) -> Roles<'p> {
        // A team column names teams: not a rating, and of the candidates the shortest
        // header ("Team" rather than "Our team's priorities are clear.").
        let team = p
            .columns
            .iter()
            .filter(|c| {
                // Nearly every response names its team (a multi-select option column
                // does not).
                let filled = c.filled * 20 >= p.responses * 19;
                header_matches(c, &["team"])
                    && filled
                    && !c.is_rating()
                    && matches!(c.kind, Kind::Labels { .. } | Kind::Text { .. })
            })
            .min_by_key(|c| (c.header.len(), c.position));
        let group = p.columns.iter().find(|c| {
            header_matches(c, &["department", "group", "division", "tribe"])
                && !header_matches(c, &["team", "time"])
                && matches!(c.kind, Kind::Labels { .. } | Kind::Text { .. })
        });
        // The most completely filled date column; among those, a submission date.
        let date = p
            .columns
            .iter()
            .filter(|c| matches!(&c.kind, Kind::Date { day_month_order, .. } if day_month_order.as_deref() != Some("undecidable")))
            .max_by_key(|c| {
                let preferred = header_matches(c, &["submit", "timestamp", "end", "complet", "recorded"]);
                (c.filled, preferred, std::cmp::Reverse(c.position))
            });
        // A quarter column holds quarter labels, not just a header mentioning quarters.
        let quarter = p.columns.iter().find(|c| match &c.kind {
            Kind::Quarter { .. } => true,
            Kind::Labels { labels, .. } => {
                header_matches(c, &["quarter", "period"])
                    && labels
                        .iter()
                        .all(|l| crate::model::Quarter::parse(&l.label).is_some())
            }
            _ => false,
        });
        let respondent = p.columns.iter().find(|c| {
            let h = compare_key(&c.header);
            [
                "respondentid",
                "responseid",
                "response id",
                "respondent id",
                "id",
                "#",
                "_uuid",
            ]
            .contains(&h.as_str())
        });
        let by_key = |keys: &[&str]| {
            p.columns
                .iter()
                .find(|c| keys.contains(&compare_key(&c.header).as_str()))
        };
        let ids = by_key(&["emp id", "employee id", "employeeid"]).zip(by_key(&[
            "manager id",
            "managerid",
            "manager employee id",
        ]));
        Roles {
            team: if ids.is_some() { None } else { team },
            ids,
            group,
            date,
            quarter,
            respondent,
        }
    }

    fn positions(&self) -> Vec<usize> {
        let (employee, manager) = self.ids.unzip();
        [
            self.team,
            self.group,
            self.date,
            self.quarter,
            self.respondent,
            employee,
            manager,
        ]
        .iter()
        .flatten()
        .map(|c| c.position)
        .collect()
    }
}

/// Instrument items matched to columns by header similarity: (item index, column,
/// similarity), each column at most once.
fn match_items<'p>(
    p: &'p TableProfile,
    inst: &Schema,
    used: &[usize],
) -> Vec<(usize, &'p ColumnProfile, f64)> {
    let mut matched: Vec<(usize, &ColumnProfile, f64)> = Vec::new();
    for (i, item) in inst.items.iter().enumerate() {
        let ColumnRef::Header(h) = &item.column else {
            continue;
        };
        let key = compare_key(h);
        let best = p
            .columns
            .iter()
            .filter(|c| !used.contains(&c.position))
            .map(|c| {
                let names = std::iter::once(&c.header).chain(&c.also_named);
                let sim = names
                    .map(|n| strsim::normalized_levenshtein(&key, &compare_key(n)))
                    .fold(0.0, f64::max);
                (c, sim)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.position.cmp(&a.0.position)));
        if let Some((c, sim)) = best.filter(|b| b.1 >= MATCH) {
            if !matched.iter().any(|m| m.1.position == c.position) {
                matched.push((i, c, sim));
            }
        }
    }
    matched
}

/// One drafted item: id, domain id, column, reverse-coded, and for a suggested domain
/// the evidence behind it.
struct DraftItem<'p> {
    id: String,
    domain: String,
    column: &'p ColumnProfile,
    reverse: bool,
    suggestion: Option<Suggestion>,
}

/// The draft's header (what it was drafted from, how to check it) and `[instrument]`.
fn write_header(out: &mut String, p: &TableProfile, inst: &Schema) {
    let _ = writeln!(out, "# Draft leadpulse schema for {}", p.file);
    let _ = writeln!(
        out,
        "# Layout: {}; {} responses; {} columns.",
        p.tool,
        p.responses,
        p.columns.len()
    );
    let _ = writeln!(out, "# Every guess is marked CONFIRM. Check it, then run:");
    let _ = writeln!(out, "#   leadpulse validate --schema THIS_FILE {}", p.file);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "[instrument]\nname = {}\ntitle = {}",
        q(&format!("{}-draft", inst.name)),
        q(&format!("{} (draft)", inst.title))
    );
}

/// The instrument's items that no column matched by wording, when some were matched.
fn write_unmatched(out: &mut String, inst: &Schema, matched: &[(usize, &ColumnProfile, f64)]) {
    let unmatched: Vec<&str> = inst
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched.is_empty() && !matched.iter().any(|m| m.0 == *i))
        .map(|(_, it)| it.id.as_str())
        .collect();
    if !unmatched.is_empty() {
        let _ = writeln!(
            out,
            "\n# Instrument items not matched by their wording (the other columns' domains are suggested above): {}",
            unmatched.join(", ")
        );
    }
}

pub(super) fn draft(p: &TableProfile, table: &Table, inst: &Schema, quarter: &str) -> String {
    let mut out = String::new();
    write_header(&mut out, p, inst);
    let roles = Roles::find(p);
    let used = roles.positions();
    if let Some(sheet) = super::aggregated::find(p, inst) {
        // A hand-kept sheet of means: the instrument's scale, the roles, the domains.
        write_scale(&mut out, &draft_scale(inst, &[]));
        super::aggregated::write(
            &mut out,
            p,
            &sheet,
            inst,
            &super::aggregated::SheetRoles {
                team: roles.team,
                group: roles.group,
                quarter: roles.quarter,
            },
            quarter,
        );
        write_column_list(&mut out, p);
        return out;
    }
    // Items: instrument items matched by header text, else every rating column.
    let ratings: Vec<&ColumnProfile> = p
        .columns
        .iter()
        .filter(|c| {
            c.is_rating()
                && !used.contains(&c.position)
                && !is_identifying(&c.header)
                && comment_part(&c.header).is_none()
        })
        .collect();
    let matched = match_items(p, inst, &used);
    let scale = draft_scale(inst, &ratings);
    write_scale(&mut out, &scale);
    write_columns(&mut out, p, &roles, quarter);
    // Every rating column that fits the scale, and matched questions nobody answered.
    let ratings: Vec<&ColumnProfile> = p
        .columns
        .iter()
        .filter(|c| {
            let is_matched = matched.iter().any(|m| m.1.position == c.position);
            (ratings.iter().any(|r| r.position == c.position) && fits(c, &scale))
                || (is_matched && matches!(c.kind, Kind::Empty))
        })
        .collect();
    let items = draft_items(table, inst, &ratings, &matched);
    write_items(&mut out, p, inst, &items);
    write_comments(&mut out, p);
    write_unmatched(&mut out, inst, &matched);
    write_column_list(&mut out, p);
    out
}

/// The items of the draft: every rating column that fits the scale, in file order. A
/// column matched to an instrument item is that item, in its domain; every other one gets
/// a suggested domain (see [`suggest`]), or `unassigned` when nothing points to one.
fn draft_items<'p>(
    table: &Table,
    inst: &Schema,
    ratings: &[&'p ColumnProfile],
    matched: &[(usize, &'p ColumnProfile, f64)],
) -> Vec<DraftItem<'p>> {
    let item_of = |c: &ColumnProfile| {
        matched
            .iter()
            .find(|m| m.1.position == c.position)
            .map(|m| &inst.items[m.0])
    };
    let fixed: Vec<(usize, usize, bool)> = ratings
        .iter()
        .enumerate()
        .filter_map(|(k, c)| item_of(c).map(|it| (k, it.domain, it.reverse)))
        .collect();
    let suggestions = suggest(table, inst, ratings, &fixed);
    ratings
        .iter()
        .zip(suggestions)
        .map(|(c, s)| match (item_of(c), s) {
            (Some(it), _) => DraftItem {
                id: it.id.clone(),
                domain: inst.domains[it.domain].id.clone(),
                column: c,
                reverse: it.reverse,
                suggestion: None,
            },
            (None, s) => {
                let domain = s.as_ref().and_then(|s| s.domain);
                DraftItem {
                    id: format!("item_{}", c.letter),
                    domain: domain.map_or("unassigned".to_string(), |d| inst.domains[d].id.clone()),
                    column: c,
                    reverse: s.as_ref().is_some_and(|s| s.reverse),
                    suggestion: s,
                }
            }
        })
        .collect()
}

/// The CONFIRM comment of a suggested domain: the wording it reads like and how its
/// answers go with the domain's other columns.
fn suggestion_comment(inst: &Schema, s: &Suggestion) -> String {
    let Some(d) = s.domain else {
        return "# CONFIRM: no domain suggested (no wording or answers point to one); put it in a domain".to_string();
    };
    let mut evidence = Vec::new();
    if let Some((text, sim)) = &s.wording {
        evidence.push(format!(
            "wording like {} ({sim:.2} of words shared)",
            q(text)
        ));
    }
    if let Some(r) = s.r {
        evidence.push(format!(
            "answers correlate r = {r:.2} with the rest of the domain"
        ));
    }
    format!(
        "# CONFIRM: suggested domain {}: {}",
        inst.domains[d].name,
        evidence.join("; ")
    )
}

fn write_scale(out: &mut String, scale: &DraftScale) {
    let _ = writeln!(out, "\n[scale]");
    if !scale.from_instrument && scale.labels.is_empty() {
        let _ = writeln!(
            out,
            "# CONFIRM: numeric answers; the usual platform scale that holds every number found."
        );
    } else if !scale.from_instrument {
        let _ = writeln!(
            out,
            "# CONFIRM: scale ordered from the answer wording found in the file."
        );
    }
    let _ = writeln!(out, "min = {}\nmax = {}", scale.min, scale.max);
    let missing: Vec<String> = scale.missing.iter().map(|m| q(m)).collect();
    let _ = writeln!(out, "missing = [{}]", missing.join(", "));
    let _ = writeln!(out, "\n[scale.labels]");
    for (l, s) in &scale.labels {
        let _ = writeln!(out, "{} = {}", q(l), s);
    }
}

/// The suffixes Viva Glint puts after a question's header for its comment columns.
const COMMENT_SUFFIXES: [&str; 3] = ["_COMMENT", "_COMMENT_TOPICS", "_SENSITIVE_COMMENT_FLAG"];

/// The question a comment column belongs to and which part it is (0 the text, 1 the
/// topics, 2 the flag), by its suffix.
fn comment_part(header: &str) -> Option<(&str, usize)> {
    // Longest suffix first: `_COMMENT_TOPICS` also ends like no shorter one.
    [
        (2, COMMENT_SUFFIXES[2]),
        (1, COMMENT_SUFFIXES[1]),
        (0, COMMENT_SUFFIXES[0]),
    ]
    .into_iter()
    .find_map(|(k, suffix)| header.trim().strip_suffix(suffix).map(|q| (q, k)))
    .filter(|(q, _)| !q.is_empty())
}

/// A `[[comments]]` entry per comment column, with its topics and flag columns.
fn write_comments(out: &mut String, p: &TableProfile) {
    let header_of = |question: &str, part: usize| {
        p.columns
            .iter()
            .find(|c| comment_part(&c.header) == Some((question, part)))
    };
    for c in &p.columns {
        let Some((question, 0)) = comment_part(&c.header) else {
            continue;
        };
        let _ = writeln!(
            out,
            "\n[[comments]]\nid = {}\nheader = {}\nname = {}",
            q(&format!("comment_{}", c.letter.to_lowercase())),
            q(c.header.trim()),
            q(question)
        );
        if let Some(t) = header_of(question, 1) {
            let _ = writeln!(out, "topics = {}", q(t.header.trim()));
        }
        if let Some(f) = header_of(question, 2) {
            let _ = writeln!(out, "sensitive = {}", q(f.header.trim()));
        }
    }
}

fn write_columns(out: &mut String, p: &TableProfile, roles: &Roles, quarter: &str) {
    let _ = writeln!(out, "\n[columns]");
    let identifying: Vec<String> = p
        .columns
        .iter()
        .filter(|c| is_identifying(&c.header))
        .map(|c| q(c.header.trim()))
        .collect();
    if !identifying.is_empty() {
        let _ = writeln!(
            out,
            "# Columns naming a person: never read, never in any output.\nidentifying = [{}]",
            identifying.join(", ")
        );
    }
    match (roles.team, roles.ids) {
        (_, Some((employee, manager))) => {
            let _ = writeln!(
                out,
                "# CONFIRM: each respondent is in their manager's team; the hierarchy comes from the ids.\nemployee = {}\nmanager = {}",
                ref_text(p, employee),
                ref_text(p, manager)
            );
        }
        (Some(c), None) => {
            let _ = writeln!(
                out,
                "team = {}   # CONFIRM: guessed from the header",
                ref_text(p, c)
            );
        }
        (None, None) => {
            let _ = writeln!(
                out,
                "# CONFIRM: no team column found; every response counts for one team."
            );
            let _ = writeln!(out, "team = {{ constant = \"All respondents\" }}");
        }
    }
    if let Some(c) = roles.group {
        let _ = writeln!(out, "group = {}   # CONFIRM", ref_text(p, c));
    }
    match (roles.date, roles.quarter) {
        (_, Some(c)) if !matches!(c.kind, Kind::Date { .. }) => {
            let _ = writeln!(out, "quarter = {}   # CONFIRM", ref_text(p, c));
        }
        (Some(c), _) => {
            let _ = writeln!(
                out,
                "timestamp = {}   # CONFIRM: the submission date",
                ref_text(p, c)
            );
            if let Kind::Date {
                day_month_order: Some(o),
                format,
                ..
            } = &c.kind
            {
                let _ = writeln!(out, "date_order = {}   # dates look like {format}", q(o));
            }
        }
        (None, _) => {
            let _ = writeln!(
                out,
                "# CONFIRM: no date column found; every response counts for one quarter."
            );
            let _ = writeln!(out, "quarter = {{ constant = {} }}", q(quarter));
        }
    }
    if let Some(c) = roles.respondent {
        let _ = writeln!(out, "respondent = {}", ref_text(p, c));
    }
}

/// The `[[domains]]` the items use, in order of first use, then the `[[items]]`.
fn write_items(out: &mut String, p: &TableProfile, inst: &Schema, items: &[DraftItem]) {
    // Domains in the instrument's order, then `unassigned`.
    let mut domains: Vec<(String, String)> = inst
        .domains
        .iter()
        .filter(|d| items.iter().any(|it| it.domain == d.id))
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect();
    if items.iter().any(|it| it.domain == "unassigned") {
        domains.push((
            "unassigned".to_string(),
            "Unassigned (CONFIRM: split these items into domains)".to_string(),
        ));
    }
    if items.is_empty() {
        let _ = writeln!(
            out,
            "\n# No rating columns were found, so there are no items yet."
        );
        let _ = writeln!(
            out,
            "# CONFIRM: add [[domains]] and [[items]] before using this schema."
        );
    }
    for (id, name) in &domains {
        let _ = writeln!(out, "\n[[domains]]\nid = {}\nname = {}", q(id), q(name));
    }
    for it in items {
        let c = it.column;
        let _ = writeln!(out, "\n[[items]]\nid = {}", q(&it.id));
        if let Some(s) = &it.suggestion {
            let _ = writeln!(out, "{}", suggestion_comment(inst, s));
        }
        let _ = writeln!(out, "domain = {}", q(&it.domain));
        match column_ref(p, c) {
            Ref::Header(h) => {
                let _ = writeln!(out, "header = {h}");
            }
            Ref::Position(n) => {
                let _ = writeln!(out, "position = {n}   # {}", c.header.replace('\n', " "));
            }
        }
        match (&it.suggestion, it.reverse) {
            (Some(s), true) => {
                let _ = writeln!(
                    out,
                    "# CONFIRM: reverse-worded? Its answers correlate negatively (r = {:.2}) with the rest of its domain.\nreverse = true",
                    s.r.unwrap_or(0.0)
                );
            }
            (None, true) => {
                let _ = writeln!(out, "reverse = true");
            }
            (_, false) => {}
        }
    }
}

/// Every column of the file with what was detected, as comments.
fn write_column_list(out: &mut String, p: &TableProfile) {
    let _ = writeln!(out, "\n# Columns of the file and what was detected:");
    for c in &p.columns {
        let header: String = c
            .header
            .chars()
            .take(70)
            .collect::<String>()
            .replace('\n', " ");
        let _ = writeln!(
            out,
            "#   {:>3} {:<4} {header}: {}",
            c.position,
            c.letter,
            kind_word(&c.kind)
        );
    }
}

fn kind_word(k: &Kind) -> String {
    match k {
        Kind::Empty => "empty".into(),
        Kind::Boolean => "yes/no".into(),
        Kind::Number { min, max, .. } => format!("number {min}..{max}"),
        Kind::Date { format, .. } => format!("date {format}"),
        Kind::Labels {
            scale: Some(_),
            labels,
            ..
        } => format!("rating ({} labels)", labels.len()),
        Kind::Labels { labels, .. } => format!("labels ({})", labels.len()),
        Kind::MultiSelect { options, .. } => format!("multi-select ({} options)", options.len()),
        Kind::Text { .. } => "free text".into(),
        Kind::Quarter { .. } => "quarter labels".into(),
    }
}
