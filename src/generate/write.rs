//! Write a generated organisation as survey-tool exports: one CSV per quarter (the latest
//! as an .xlsx workbook), an aggregated-scores sheet, and a project file.

use std::fmt::Write as _;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::{development, people, quarter_start, records, Organisation, Response, Spec};

/// The first day of generated quarter `index` (or of the last one when there are fewer).
fn quarter_start_of(org: &Organisation, index: usize) -> chrono::NaiveDate {
    let q = org.quarters[index.min(org.quarters.len() - 1)];
    if index < org.quarters.len() {
        quarter_start(q)
    } else {
        quarter_start(crate::model::Quarter(q.0 + 1))
    }
}
use crate::atomic_write::write_file_atomically;
use crate::error::{Error, Result};
use crate::schema::{ColumnRef, Schema};

pub(super) const LABELS: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];
const TIMESTAMP: &str = "%m/%d/%Y %H:%M:%S";

fn answer_text(answer: Option<u8>, numeric: bool, item: usize, serial: usize) -> String {
    match answer {
        Some(v) if numeric => v.to_string(),
        Some(v) => LABELS[(v - 1) as usize].to_string(),
        // Survey tools write skipped answers either as blanks or as an explicit code.
        None if (item + serial).is_multiple_of(3) => "N/A".to_string(),
        None => String::new(),
    }
}

fn headers(schema: &Schema) -> Vec<String> {
    let mut h = vec![
        "Response ID".to_string(),
        "Submitted".into(),
        "Department".into(),
        "Team".into(),
    ];
    for item in &schema.items {
        h.push(match &item.column {
            ColumnRef::Header(text) => text.clone(),
            ColumnRef::Position(p) => format!("Q{p}"),
            ColumnRef::Constant(v) => v.clone(),
        });
    }
    h.extend(schema.comments.iter().map(|c| match &c.column {
        ColumnRef::Header(text) => text.clone(),
        other => other.to_string(),
    }));
    h
}

/// What a respondent wrote in the free-text box: about one in five write something,
/// chosen from their answers (no random draw, so the answers stay as they were).
fn comment_text(r: &Response, serial: usize) -> &'static str {
    const LOW: [&str; 6] = [
        "Priorities change every week; it is hard to know what matters.",
        "On-call has been exhausting this quarter.",
        "Decisions reach us late and without the reasons.",
        "I would like more time to learn.",
        "Too many meetings, too little focus time.",
        "Incidents keep interrupting planned work.",
    ];
    const HIGH: [&str; 6] = [
        "Pairing has made reviews much faster.",
        "I feel safe raising problems in retros.",
        "Our lead makes time for career conversations.",
        "Deployments are boring now, in a good way.",
        "Good quarter: clear goals and a calm roadmap.",
        "The new onboarding guide helped a lot.",
    ];
    if !serial.is_multiple_of(5) {
        return "";
    }
    let answered: Vec<u8> = r.answers.iter().flatten().copied().collect();
    let mean = answered.iter().map(|&a| f64::from(a)).sum::<f64>() / answered.len().max(1) as f64;
    let pick = (serial / 5) % LOW.len();
    if mean < 3.2 {
        LOW[pick]
    } else {
        HIGH[pick]
    }
}

fn row(
    org: &Organisation,
    r: &Response,
    numeric: bool,
    serial: usize,
    comments: usize,
) -> Vec<String> {
    let team = &org.teams[r.team];
    let mut cells = vec![
        r.id.clone(),
        r.submitted.format(TIMESTAMP).to_string(),
        team.group.clone(),
        team.name.clone(),
    ];
    for (i, a) in r.answers.iter().enumerate() {
        cells.push(answer_text(*a, numeric, i, serial));
    }
    cells.extend((0..comments).map(|_| comment_text(r, serial).to_string()));
    cells
}

/// A CSV file's bytes (CRLF line ends, as survey tools write them): a header row, then
/// the rows.
pub(super) fn csv_of<H, R>(header: H, rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>>
where
    H: IntoIterator,
    H::Item: AsRef<[u8]>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header).map_err(std::io::Error::other)?;
    for r in rows {
        w.write_record(r).map_err(std::io::Error::other)?;
    }
    w.into_inner()
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
}

fn xlsx_of(
    org: &Organisation,
    quarter: usize,
    header: &[String],
    numeric: bool,
    comments: usize,
    path: &Path,
) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::Io(std::io::Error::other(format!("{}: {e}", path.display())))
    };
    let mut wb = Workbook::new();
    // A fixed creation time keeps the file byte-identical from run to run.
    let created = ExcelDateTime::from_ymd(2026, 10, 1).map_err(fail)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date_format = Format::new().set_num_format("m/d/yyyy h:mm:ss");
    let sheet = wb.add_worksheet();
    sheet.set_name("Form Responses 1").map_err(fail)?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).map_err(fail)?;
    }
    for (i, r) in org.responses[quarter].iter().enumerate() {
        let row = (i + 1) as u32;
        let cells = super::write::row(org, r, numeric, i, comments);
        use chrono::{Datelike, Timelike};
        let t = r.submitted;
        let dt = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
            .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second()))
            .map_err(fail)?;
        for (c, text) in cells.iter().enumerate() {
            let col = c as u16;
            if c == 1 {
                sheet
                    .write_datetime_with_format(row, col, &dt, &date_format)
                    .map_err(fail)?;
            } else if let (true, Ok(v)) = (c >= 4, text.parse::<f64>()) {
                sheet.write_number(row, col, v).map_err(fail)?;
            } else if !text.is_empty() {
                sheet.write_string(row, col, text).map_err(fail)?;
            }
        }
    }
    wb.save_to_buffer().map_err(fail)
}

/// Checklists in the per-option layout (one column per item, ticked with a check mark),
/// as a workbook.
fn checklists_xlsx(
    org: &Organisation,
    rows: &[&records::ChecklistRow],
    path: &Path,
) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::Io(std::io::Error::other(format!("{}: {e}", path.display())))
    };
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 10, 1).map_err(fail)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = wb.add_worksheet();
    sheet.set_name("Checklist").map_err(fail)?;
    let mut header = vec!["Submitted".to_string(), "Team".to_string()];
    for (category, items) in records::MILESTONES {
        header.extend(items.iter().map(|i| records::option_header(category, i)));
    }
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).map_err(fail)?;
    }
    for (i, r) in rows.iter().enumerate() {
        use chrono::Datelike;
        let row = (i + 1) as u32;
        let d = r.submitted;
        let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
            .map_err(fail)?;
        sheet
            .write_datetime_with_format(row, 0, &dt, &date_format)
            .map_err(fail)?;
        sheet
            .write_string(row, 1, &org.teams[r.team].name)
            .map_err(fail)?;
        let ticks = r.ticked.iter().flatten();
        for (k, ticked) in ticks.enumerate() {
            if *ticked {
                sheet.write_string(row, 2 + k as u16, "✓").map_err(fail)?;
            }
        }
    }
    wb.save_to_buffer().map_err(fail)
}

/// The project file's sections about the leaders tracked individually.
const PEOPLE_SECTIONS: &str = "\
         # The technical leaders tracked individually, and their quarterly 360 feedback.\n\
         [people]\n\
         files = [\"people.csv\"]\n\n\
         [feedback]\n\
         schema = \"schemas/feedback-360.toml\"\n\
         files = [\"feedback-360\"]\n\
         min_raters = 3\n\n\
         [competency]\n\
         files = [\"competency.csv\"]\n\n\
         [growth]\n\
         schema = \"schemas/growth-checklist.toml\"\n\
         files = [\"growth-checklist.csv\"]\n\n\
         [influence]\n\
         schema = \"schemas/influence.toml\"\n\
         files = [\"influence.csv\"]\n\n\
         [reflections]\n\
         files = [\"reflections.csv\"]\n\n\
         # Expected competency stages per target level, for the gaps table on each page.\n\
         [target_levels.\"Staff engineer\"]\n\
         \"System design\" = 4\n\
         \"Mentoring\" = 3\n\
         \"Technical strategy\" = 3\n\n\
         [target_levels.\"Principal engineer\"]\n\
         \"System design\" = 5\n\
         \"Technical strategy\" = 4\n\
         \"Stakeholder communication\" = 4\n\n\
         [target_levels.\"Director\"]\n\
         \"Stakeholder communication\" = 5\n\
         \"Mentoring\" = 4\n\
         \"Incident leadership\" = 4\n\n\
";

fn project_file(org: &Organisation) -> String {
    // Too few quarters for any start with a window around it: no interventions section
    // (and no interventions file), so the project's own report runs.
    let interventions = if org.starts.is_empty() {
        ""
    } else {
        "# Which team started which change when; effects are estimated per domain.\n\
         [interventions]\n\
         schema = \"schemas/interventions.toml\"\n\
         files = [\"interventions.csv\"]\n\
         quarters_before = 2\n\
         quarters_after = 2\n\n"
    };
    let data = if org.aggregated.is_empty() {
        "\"responses\""
    } else {
        "\"responses\", \"aggregated\""
    };
    let people = PEOPLE_SECTIONS;
    let mut s = format!(
        "# leadpulse project file for the generated sample organisation.\n\
         # Paths are relative to this file; the instruments are in schemas/ beside it.\n\
         # Run: leadpulse report --project sample-data/leadpulse.toml\n\
         # (the report goes to reports/sample beside this folder).\n\n\
         title = \"Example Engineering: quarterly team health\"\n\
         schema = \"schemas/team-health.toml\"\n\
         data = [{data}]\n\
         output = \"../reports/sample\"\n\
         min_group_size = 5\n\n\
         {interventions}\
         # Monthly observations of new practices: how fast they become habits.\n\
         [adoption]\n\
         schema = \"schemas/practice-adoption.toml\"\n\
         files = [\"practice-adoption.csv\"]\n\
         consistent_run = 3\n\
         consistent_share = 0.6\n\n\
         # Who reports to whom: teams, their groups, areas and the head of engineering.\n\
         [hierarchy]\n\
         files = [\"org.csv\"]\n\n\
         # Monthly team milestone checklists (two survey tools, two checkbox layouts).\n\
         [milestones]\n\
         schema = \"schemas/team-milestones.toml\"\n\
         files = [\"milestones\"]\n\n\
         {people}\
         # Team sizes give response rates; groups are also in the data's Department column.\n"
    );
    for t in &org.teams {
        let _ = write!(
            s,
            "\n[teams.\"{}\"]\ngroup = \"{}\"\nsize = {}\n",
            t.name, t.group, t.size
        );
    }
    s
}

/// Write the organisation into `out`; returns the files written, relative to `out`.
pub fn write_organisation(
    org: &Organisation,
    schema: &Schema,
    spec: &Spec,
    out: &Path,
) -> Result<Vec<String>> {
    let header = headers(schema);
    let mut written = Vec::new();
    let last = org.quarters.len().saturating_sub(1);
    for (qi, q) in org.quarters.iter().enumerate() {
        let (name, bytes) = if qi == last && spec.xlsx_latest {
            let name = format!("responses/team-health-{}.xlsx", q.label());
            let bytes = xlsx_of(
                org,
                qi,
                &header,
                spec.numeric,
                schema.comments.len(),
                &out.join(&name),
            )?;
            (name, bytes)
        } else {
            let rows = org.responses[qi]
                .iter()
                .enumerate()
                .map(|(i, r)| row(org, r, spec.numeric, i, schema.comments.len()));
            (
                format!("responses/team-health-{}.csv", q.label()),
                csv_of(&header, rows)?,
            )
        };
        write_file_atomically(&out.join(&name), &bytes)?;
        written.push(name);
    }
    write_aggregated(org, schema, out, &mut written)?;
    write_side_files(org, spec, out, &mut written)?;
    write_checklists(org, spec, out, &mut written)?;
    for (quarter, bytes) in people::feedback_csvs(org, spec.seed)? {
        let name = format!("feedback-360/feedback-360-{quarter}.csv");
        write_file_atomically(&out.join(&name), &bytes)?;
        written.push(name);
    }
    for (name, text) in PROJECT_SCHEMAS {
        let name = format!("schemas/{name}");
        write_file_atomically(&out.join(&name), text.as_bytes())?;
        written.push(name);
    }
    write_file_atomically(&out.join("leadpulse.toml"), project_file(org).as_bytes())?;
    written.push("leadpulse.toml".into());
    Ok(written)
}

/// The instrument schemas the project file names, copied beside it so the generated
/// folder is a project that runs wherever it is put (and can be edited in place).
const PROJECT_SCHEMAS: [(&str, &str); 7] = [
    (
        "team-health.toml",
        include_str!("../../schemas/team-health.toml"),
    ),
    (
        "interventions.toml",
        include_str!("../../schemas/interventions.toml"),
    ),
    (
        "practice-adoption.toml",
        include_str!("../../schemas/practice-adoption.toml"),
    ),
    (
        "team-milestones.toml",
        include_str!("../../schemas/team-milestones.toml"),
    ),
    (
        "feedback-360.toml",
        include_str!("../../schemas/feedback-360.toml"),
    ),
    (
        "growth-checklist.toml",
        include_str!("../../schemas/growth-checklist.toml"),
    ),
    (
        "influence.toml",
        include_str!("../../schemas/influence.toml"),
    ),
];

/// The hand-kept sheet of aggregated team scores.
fn write_aggregated(
    org: &Organisation,
    schema: &Schema,
    out: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    if !org.aggregated.is_empty() {
        let mut header = vec![
            "Team".to_string(),
            "Department".into(),
            "Quarter".into(),
            "Respondents".into(),
        ];
        header.extend(schema.domains.iter().map(|d| d.name.clone()));
        let rows = org.aggregated.iter().map(|(t, qi, n, means)| {
            let team = &org.teams[*t];
            let mut r = vec![
                team.name.clone(),
                team.group.clone(),
                org.quarters[*qi].label(),
                n.to_string(),
            ];
            r.extend(means.iter().map(|m| format!("{m:.2}")));
            r
        });
        let name = "aggregated/hand-tracked-scores.csv".to_string();
        write_file_atomically(&out.join(&name), &csv_of(&header, rows)?)?;
        written.push(name);
    }
    Ok(())
}

/// The people list, leaders' records, interventions and the adoption log.
fn write_side_files(
    org: &Organisation,
    spec: &Spec,
    out: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let side = [
        ("org.csv", org_csv(org)?),
        ("people.csv", people::people_csv(org)?),
        (
            "competency.csv",
            development::competency_csv(org, spec.seed)?,
        ),
        (
            "growth-checklist.csv",
            development::growth_csv(org, spec.seed)?,
        ),
        ("influence.csv", development::influence_csv(org, spec.seed)?),
        ("reflections.csv", development::reflections_csv(org)?),
        ("interventions.csv", records::interventions_csv(org)?),
        (
            "practice-adoption.csv",
            records::adoption_csv(org, spec.seed)?,
        ),
    ];
    for (name, bytes) in side {
        if name == "interventions.csv" && org.starts.is_empty() {
            continue;
        }
        write_file_atomically(&out.join(name), &bytes)?;
        written.push(name.to_string());
    }
    Ok(())
}

/// The org file: teams in their groups, groups in areas, areas under one head of
/// engineering (three levels below the organisation). The sample's Product group is
/// the only group of its area, a single-child chain as real org charts have.
fn org_csv(org: &Organisation) -> Result<Vec<u8>> {
    const TOP: &str = "Engineering";
    let mut groups: Vec<&str> = org.teams.iter().map(|t| t.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let area_of = |g: &str| -> String {
        match g {
            "Product" => "Product Engineering".to_string(),
            "Platform" | "Infrastructure" => "Platform Engineering".to_string(),
            _ => {
                let i = groups.iter().position(|x| *x == g).unwrap_or(0);
                format!("Area {}", i / 3 + 1)
            }
        }
    };
    let mut areas: Vec<String> = groups.iter().map(|g| area_of(g)).collect();
    areas.sort_unstable();
    areas.dedup();
    let mut rows: Vec<[String; 2]> = vec![[TOP.to_string(), String::new()]];
    rows.extend(areas.iter().map(|a| [a.clone(), TOP.to_string()]));
    rows.extend(groups.iter().map(|g| [g.to_string(), area_of(g)]));
    rows.extend(org.teams.iter().map(|t| [t.name.clone(), t.group.clone()]));
    csv_of(["Unit", "Parent"], rows)
}

/// The milestone checklists, in two tools' layouts.
fn write_checklists(
    org: &Organisation,
    spec: &Spec,
    out: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    // The first year's checklists come from one tool (a cell per category listing the
    // ticked items), the rest from another (a column per item, ticked with a check mark).
    let checklists = records::checklists(org, spec.seed);
    let split = quarter_start_of(org, 4);
    let (early, late): (Vec<_>, Vec<_>) = checklists.iter().partition(|r| r.submitted < split);
    if !early.is_empty() {
        let name = "milestones/team-milestones-year-1.csv".to_string();
        write_file_atomically(
            &out.join(&name),
            &records::checklists_joined_csv(org, &early)?,
        )?;
        written.push(name);
    }
    if !late.is_empty() {
        let name = "milestones/team-milestones-year-2.xlsx".to_string();
        let bytes = checklists_xlsx(org, &late, &out.join(&name))?;
        write_file_atomically(&out.join(&name), &bytes)?;
        written.push(name);
    }
    Ok(())
}
