//! `leadpulse schema init`: draft a schema for an export. Columns are matched to the
//! instrument's items by header text; every guess is marked `# CONFIRM` for the user.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::inspect::read_table;
use crate::cli::SchemaInitArgs;
use crate::error::{Error, ExitCode, Result};
use crate::profile::{profile, ColumnProfile, Kind, TableProfile};
use crate::render::write_file_atomically;
use crate::schema::{compare_key, ColumnRef, Schema};

/// Instruments shipped with leadpulse, by name.
const INSTRUMENTS: &[(&str, &str)] = &[(
    "team-health",
    include_str!("../../schemas/team-health.toml"),
)];

/// Header similarity (normalised Levenshtein) needed to match a column to an item.
const MATCH: f64 = 0.8;

fn instrument(name: &str) -> Result<Schema> {
    if let Some((_, text)) = INSTRUMENTS.iter().find(|(n, _)| *n == name) {
        return Schema::parse(text).map_err(|problems| Error::Schema {
            path: format!("schemas/{name}.toml").into(),
            problems,
        });
    }
    let path = std::path::Path::new(name);
    if path.exists() {
        return Schema::load(path);
    }
    let known: Vec<&str> = INSTRUMENTS.iter().map(|(n, _)| *n).collect();
    Err(Error::Usage(format!(
        "unknown instrument \"{name}\"; give one of {} or a schema file",
        known.join(", ")
    )))
}

fn q(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn header_matches(c: &ColumnProfile, words: &[&str]) -> bool {
    let h = compare_key(&c.header);
    words.iter().any(|w| h.contains(w))
}

/// How to refer to a column in the draft: by header when unique, else by position.
enum Ref {
    Header(String),
    Position(usize),
}

fn column_ref(p: &TableProfile, c: &ColumnProfile) -> Ref {
    let key = compare_key(&c.header);
    let same = p
        .columns
        .iter()
        .filter(|o| compare_key(&o.header) == key)
        .count();
    if key.is_empty() || same > 1 {
        Ref::Position(c.position)
    } else {
        Ref::Header(q(&c.header))
    }
}

/// The value of a role key (`team = ...`): a quoted header or a position.
fn ref_text(p: &TableProfile, c: &ColumnProfile) -> String {
    match column_ref(p, c) {
        Ref::Header(h) => h,
        Ref::Position(n) => n.to_string(),
    }
}

/// The draft's answer scale: the instrument's when the file's rating labels fit it,
/// otherwise the ordering found in the file.
struct DraftScale {
    min: f64,
    max: f64,
    labels: Vec<(String, f64)>,
    missing: Vec<String>,
    from_instrument: bool,
}

fn draft_scale(inst: &Schema, ratings: &[&ColumnProfile]) -> DraftScale {
    let mut file_labels: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut numeric: Option<(f64, f64)> = None;
    let mut best: BTreeMap<Vec<(String, u32)>, usize> = BTreeMap::new();
    for c in ratings {
        match &c.kind {
            Kind::Labels {
                scale: Some(s),
                no_answer,
                ..
            } => {
                file_labels.extend(s.iter().map(|p| p.label.clone()));
                missing.extend(no_answer.iter().cloned());
                *best
                    .entry(s.iter().map(|p| (p.label.clone(), p.score)).collect())
                    .or_default() += 1;
            }
            Kind::Number {
                min, max, codes, ..
            } => {
                numeric = Some(numeric.map_or((*min, *max), |(a, b)| (a.min(*min), b.max(*max))));
                missing.extend(codes.iter().cloned());
            }
            _ => {}
        }
    }
    missing.sort_by_key(|m| compare_key(m));
    missing.dedup_by_key(|m| compare_key(m));
    let fits_instrument = !file_labels.is_empty()
        && file_labels
            .iter()
            .all(|l| inst.scale.labels.contains_key(&compare_key(l)));
    if fits_instrument || (file_labels.is_empty() && numeric.is_none()) {
        let mut labels: Vec<(String, f64)> = inst
            .scale
            .labels
            .iter()
            .map(|(k, v)| (inst.scale.label_text[k].clone(), *v))
            .collect();
        labels.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let mut all_missing: Vec<String> = inst.scale.missing.iter().cloned().collect();
        all_missing.extend(missing);
        all_missing.sort_by_key(|m| compare_key(m));
        all_missing.dedup_by_key(|m| compare_key(m));
        return DraftScale {
            min: inst.scale.min,
            max: inst.scale.max,
            labels,
            missing: all_missing,
            from_instrument: true,
        };
    }
    let (labels, min, max) = match best
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())))
    {
        // Labelled rating columns win; numeric columns then stay out of the items
        // (a 1-6 ranking is not a 1-5 agreement scale).
        Some((scale, _)) => {
            let max = scale.iter().map(|p| p.1).max().unwrap_or(1) as f64;
            let labels = scale.into_iter().map(|(l, s)| (l, s as f64)).collect();
            (labels, 1.0, max)
        }
        None => {
            let (a, b) = numeric.unwrap_or((1.0, 5.0));
            (Vec::new(), a, b)
        }
    };
    DraftScale {
        min,
        max,
        labels,
        missing,
        from_instrument: false,
    }
}

/// Does every answer in the column fit the scale (labels, numbers in range, no-answer)?
fn fits(c: &ColumnProfile, s: &DraftScale) -> bool {
    let label_keys: Vec<String> = s.labels.iter().map(|l| compare_key(&l.0)).collect();
    let missing: Vec<String> = s.missing.iter().map(|m| compare_key(m)).collect();
    match &c.kind {
        Kind::Labels { labels, .. } => labels.iter().all(|l| {
            let k = compare_key(&l.label);
            label_keys.contains(&k) || missing.contains(&k)
        }),
        Kind::Number {
            min, max, codes, ..
        } => {
            (s.labels.is_empty() || s.from_instrument)
                && *min >= s.min
                && *max <= s.max
                && codes.iter().all(|c| missing.contains(&compare_key(c)))
        }
        _ => false,
    }
}

fn draft(p: &TableProfile, inst: &Schema, quarter: &str) -> String {
    let mut out = String::new();
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

    // Roles.
    // A team column names teams: not a rating, and of the candidates the shortest header
    // ("Team" rather than "Our team's priorities are clear.").
    let team = p
        .columns
        .iter()
        .filter(|c| {
            // Nearly every response names its team (a multi-select option column does not).
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
    let quarter_col = p.columns.iter().find(|c| match &c.kind {
        Kind::Labels { labels, .. } => {
            header_matches(c, &["quarter", "period"])
                && labels
                    .iter()
                    .all(|l| crate::validate::Quarter::parse(&l.label).is_some())
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
    let used_roles: Vec<usize> = [team, group, date, quarter_col, respondent]
        .iter()
        .flatten()
        .map(|c| c.position)
        .collect();

    // Items: instrument items matched by header text, else every rating column.
    let ratings: Vec<&ColumnProfile> = p
        .columns
        .iter()
        .filter(|c| c.is_rating() && !used_roles.contains(&c.position))
        .collect();
    let mut matched: Vec<(usize, &ColumnProfile, f64)> = Vec::new();
    for (i, item) in inst.items.iter().enumerate() {
        let ColumnRef::Header(h) = &item.column else {
            continue;
        };
        let key = compare_key(h);
        let best = p
            .columns
            .iter()
            .filter(|c| !used_roles.contains(&c.position))
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
    let item_columns: Vec<&ColumnProfile> = if matched.is_empty() {
        ratings.clone()
    } else {
        matched.iter().map(|m| m.1).collect()
    };
    let scale = draft_scale(inst, &item_columns);

    let _ = writeln!(out, "\n[scale]");
    if !scale.from_instrument {
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

    let _ = writeln!(out, "\n[columns]");
    match team {
        Some(c) => {
            let _ = writeln!(
                out,
                "team = {}   # CONFIRM: guessed from the header",
                ref_text(p, c)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "# CONFIRM: no team column found; every response counts for one team."
            );
            let _ = writeln!(out, "team = {{ constant = \"All respondents\" }}");
        }
    }
    if let Some(c) = group {
        let _ = writeln!(out, "group = {}   # CONFIRM", ref_text(p, c));
    }
    match (date, quarter_col) {
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
    if let Some(c) = respondent {
        let _ = writeln!(out, "respondent = {}", ref_text(p, c));
    }

    let item_entries: Vec<(String, String, &ColumnProfile, bool)> = if matched.is_empty() {
        ratings
            .iter()
            .filter(|c| fits(c, &scale))
            .map(|c| {
                (
                    format!("item_{}", c.letter),
                    "unassigned".to_string(),
                    *c,
                    false,
                )
            })
            .collect()
    } else {
        matched
            .iter()
            .filter(|m| fits(m.1, &scale) || matches!(m.1.kind, Kind::Empty))
            .map(|(i, c, _)| {
                let it = &inst.items[*i];
                (
                    it.id.clone(),
                    inst.domains[it.domain].id.clone(),
                    *c,
                    it.reverse,
                )
            })
            .collect()
    };
    let mut domains: Vec<(String, String)> = Vec::new();
    for (_, d, _, _) in &item_entries {
        if domains.iter().any(|x| &x.0 == d) {
            continue;
        }
        let name = inst.domains.iter().find(|x| &x.id == d).map_or(
            "Unassigned (CONFIRM: split these items into domains)".to_string(),
            |x| x.name.clone(),
        );
        domains.push((d.clone(), name));
    }
    if item_entries.is_empty() {
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
    for (id, domain, c, reverse) in &item_entries {
        let _ = writeln!(out, "\n[[items]]\nid = {}\ndomain = {}", q(id), q(domain));
        match column_ref(p, c) {
            Ref::Header(h) => {
                let _ = writeln!(out, "header = {h}");
            }
            Ref::Position(n) => {
                let _ = writeln!(out, "position = {n}   # {}", c.header.replace('\n', " "));
            }
        }
        if *reverse {
            let _ = writeln!(out, "reverse = true");
        }
    }
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
            "\n# Instrument items not found in this file: {}",
            unmatched.join(", ")
        );
    }
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
    out
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
    }
}

pub fn run(args: SchemaInitArgs) -> Result<ExitCode> {
    let inst = instrument(&args.instrument)?;
    let quarter = match &args.quarter {
        Some(text) => crate::validate::Quarter::parse(text).ok_or_else(|| {
            Error::Usage(format!(
                "--quarter \"{text}\" is not a quarter such as 2024-Q3"
            ))
        })?,
        None => crate::validate::Quarter::from_date(chrono::Utc::now().date_naive()),
    };
    let table = read_table(&args.from, args.sheet.as_deref())?;
    let text = draft(&profile(&table), &inst, &quarter.label());
    // The draft must be a schema leadpulse accepts; a failure here is a bug worth hearing about.
    if let Err(problems) = Schema::parse(&text) {
        return Err(Error::Schema {
            path: args.out.clone().unwrap_or_else(|| "(draft)".into()),
            problems,
        });
    }
    match &args.out {
        Some(path) => {
            write_file_atomically(path, text.as_bytes())?;
            eprintln!(
                "draft schema written to {}; check every CONFIRM line",
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::Ok)
}
