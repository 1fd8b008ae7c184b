//! The load and validate stages of a report: the survey files, then the side files
//! (interventions, adoption logs, checklists, people, 360, competency, influence,
//! reflections) checked against the survey data. Every problem joins one list, so one
//! list says everything that is wrong.

use crate::model::{FileSummary, Person, Quarter, Reflection, Shape};
use std::collections::BTreeSet;

use super::load_dataset;
use crate::config::{HierarchyConfig, MilestonesConfig, ReportConfig};
use crate::error::Result;
use crate::ingest::{self, Table};
use crate::problem::Problem;
use crate::text::compare_key;
use crate::validate::adoption::{read_adoption, PracticeLog};
use crate::validate::competency::{read_competency, Assessment};
use crate::validate::feedback::{read_feedback, Rating};
use crate::validate::hierarchy::{self, read_org, Source};
use crate::validate::influence::{read_influence, Record};
use crate::validate::interventions::{read_interventions, Intervention};
use crate::validate::people::{read_people, KnownPeople};
use crate::validate::reflections::read_reflections;
use crate::validate::{Dataset, Diagnostics, Options};

/// Everything read from the side files.
#[derive(Default)]
pub(crate) struct SideInputs {
    pub interventions: Vec<Intervention>,
    pub adoption: Vec<PracticeLog>,
    /// The milestone checklists, as a dataset of their own.
    pub milestones: Option<Dataset>,
    pub people: Vec<Person>,
    pub ratings: Vec<Rating>,
    pub assessments: Vec<Assessment>,
    /// The growth-indicator checklists, as a dataset of their own (units are people).
    pub growth: Option<Dataset>,
    pub influence: Vec<Record>,
    pub reflections: Vec<Reflection>,
}

/// Read each file with the shared ingest, then `check` its table; record the file and
/// its problems in `diag`.
fn read_each<T>(
    diag: &mut Diagnostics,
    files: &[std::path::PathBuf],
    read_options: &ingest::ReadOptions,
    shape: Shape,
    mut check: impl FnMut(&Table) -> (Vec<T>, Vec<Problem>),
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for path in files {
        let read = ingest::read_with(path, read_options)?;
        let Some(table) = read.table else {
            diag.add_unreadable(path.display().to_string(), read.problems);
            continue;
        };
        let (found, problems) = check(&table);
        // Side files are small: counting their rows (and reporting ragged ones) is a
        // second quick pass.
        let counted = table.count_rows();
        let bad_rows: BTreeSet<usize> = problems
            .iter()
            .filter(|p| p.is_error())
            .filter_map(|p| p.row)
            .collect();
        diag.files.push(FileSummary {
            file: table.name(),
            shape,
            read_as: table.format.describe(),
            rows: counted.rows,
            rows_with_errors: bad_rows.len(),
            responses: 0..0,
        });
        diag.problems.extend(read.problems);
        diag.problems.extend(counted.problems);
        diag.problems.extend(problems);
        out.extend(found);
    }
    Ok(out)
}

/// The survey data and the side files of a report, validated, and apart from them
/// what loading found: every file read and every problem, sorted once.
pub(crate) struct Inputs {
    pub ds: Dataset,
    pub side: SideInputs,
    pub diag: Diagnostics,
}

/// The load and validate stages: read every survey file (calling `tick` after each),
/// then every side file, and warn about teams the project lists that have no responses.
pub(crate) fn load(config: &ReportConfig, tick: impl FnMut(&std::path::Path)) -> Result<Inputs> {
    let (mut ds, mut diag) = load_dataset(
        &config.input.data,
        &config.schema,
        &config.input.options,
        &config.input.read_options,
        tick,
    )?;
    warn_about_silent_teams(config, &ds, &mut diag);
    load_hierarchy(
        config.sections.hierarchy.as_ref(),
        &config.input.read_options,
        &mut ds,
        &mut diag,
    )?;
    let side = load_side_inputs(config, &ds, &mut diag)?;
    diag.sort();
    Ok(Inputs { ds, side, diag })
}

/// Put the teams into the hierarchy: the org files' when the project names them, else
/// the one the export's employee and manager ids make. Without either, teams roll up
/// through the group column as before.
pub(crate) fn load_hierarchy(
    hierarchy: Option<&HierarchyConfig>,
    read_options: &ingest::ReadOptions,
    ds: &mut Dataset,
    diag: &mut Diagnostics,
) -> Result<()> {
    let (links, source, org_file) = match hierarchy {
        Some(c) => {
            let links = read_each(diag, &c.files, read_options, Shape::Hierarchy, |t| {
                read_org(t, &c.columns)
            })?;
            let name = c
                .files
                .first()
                .map_or(String::new(), |p| p.display().to_string());
            (links, Source::OrgFile, name)
        }
        None if !ds.reporting.is_empty() => (
            std::mem::take(&mut ds.reporting),
            Source::ManagerIds,
            String::new(),
        ),
        None => return Ok(()),
    };
    let (tree, problems) = hierarchy::build(&links, source);
    diag.problems.extend(problems);
    let warnings = hierarchy::apply(ds, &tree, source, &org_file);
    diag.problems.extend(warnings);
    Ok(())
}

/// A team listed in the project file with no responses at all is probably misspelt
/// in the data or the project file; the report still shows it with 0 responses.
fn warn_about_silent_teams(config: &ReportConfig, ds: &Dataset, diag: &mut Diagnostics) {
    let project = config
        .project
        .as_ref()
        .map_or("project file".to_string(), |p| p.display().to_string());
    for (name, _) in &config.input.listed_teams {
        let key = compare_key(name);
        if !ds.teams.iter().any(|t| compare_key(&t.name) == key) {
            diag.problems.push(
                Problem::file(
                    &project,
                    format!("responses for team \"{name}\" listed under [teams], but the data has none; it is shown with 0 responses"),
                )
                .warning(),
            );
        }
    }
}

/// Read every side file the project names; problems and file summaries go into `diag`.
pub(crate) fn load_side_inputs(
    config: &ReportConfig,
    ds: &Dataset,
    diag: &mut Diagnostics,
) -> Result<SideInputs> {
    let mut side = SideInputs::default();
    let quarters: Vec<Quarter> = ds
        .responses
        .period
        .iter()
        .chain(ds.aggregated.iter().map(|a| &a.period))
        .copied()
        .collect();
    let span = match (quarters.iter().min(), quarters.iter().max()) {
        (Some(a), Some(b)) => (*a, *b),
        _ => return Ok(side),
    };
    let teams = ds.teams.clone();
    let read_options = &config.input.read_options;
    if let Some(c) = &config.sections.interventions {
        side.interventions = read_each(diag, &c.files, read_options, Shape::Interventions, |t| {
            read_interventions(t, &c.columns, &teams, span)
        })?;
    }
    if let Some(c) = &config.sections.adoption {
        side.adoption = read_each(diag, &c.files, read_options, Shape::Adoption, |t| {
            read_adoption(t, &c.columns, &teams, c.as_of)
        })?;
    }
    if let Some(c) = &config.sections.milestones {
        let known: BTreeSet<String> = teams.iter().map(|t| compare_key(&t.name)).collect();
        side.milestones = Some(load_checklists(
            diag,
            c,
            &config.input.options,
            read_options,
            |m, files, diag| warn_about_unknown_teams(m, files, &known, diag),
        )?);
    }
    load_people_records(config, diag, &mut side)?;
    Ok(side)
}

/// The people list and the records that must name someone on it: 360 ratings,
/// competency assessments, growth checklists, influence records and reflections.
fn load_people_records(
    config: &ReportConfig,
    diag: &mut Diagnostics,
    side: &mut SideInputs,
) -> Result<()> {
    let read_options = &config.input.read_options;
    if let Some(c) = &config.sections.people {
        side.people = read_each(diag, &c.files, read_options, Shape::People, |t| {
            read_people(t, &c.columns)
        })?;
    }
    if let Some(c) = &config.sections.feedback {
        let known = KnownPeople::new(&side.people);
        side.ratings = read_each(diag, &c.files, read_options, Shape::Feedback, |t| {
            read_feedback(t, &c.schema, &known, &config.input.options)
        })?;
    }
    if let Some(c) = &config.sections.competency {
        let known = KnownPeople::new(&side.people);
        side.assessments = read_each(diag, &c.files, read_options, Shape::Competency, |t| {
            read_competency(t, &c.columns, &known)
        })?;
    }
    if let Some(c) = &config.sections.growth {
        // Rows must name someone on the people list; each other name is a cell problem.
        let ids = side.people.iter().map(|p| compare_key(&p.id)).collect();
        let options = Options {
            units: Some((ids, "a person on the people list".to_string())),
            ..config.input.options.clone()
        };
        side.growth = Some(load_checklists(
            diag,
            c,
            &options,
            &config.input.read_options,
            |_, _, _| {},
        )?);
    }
    if let Some(c) = &config.sections.influence {
        let known = KnownPeople::new(&side.people);
        side.influence = read_each(diag, &c.files, read_options, Shape::Influence, |t| {
            read_influence(t, &c.schema, &known)
        })?;
    }
    if !config.sections.reflections.is_empty() {
        let known = KnownPeople::new(&side.people);
        side.reflections = read_each(
            diag,
            &config.sections.reflections,
            read_options,
            Shape::Reflections,
            |t| read_reflections(t, &known),
        )?;
    }
    Ok(())
}

/// Checklists of a team the survey data does not have are shown, with a warning: they
/// cannot be lined up with health changes.
fn warn_about_unknown_teams(
    m: &Dataset,
    files: &[FileSummary],
    known: &BTreeSet<String>,
    diag: &mut Diagnostics,
) {
    for t in &m.teams {
        if !known.contains(&compare_key(&t.name)) {
            diag.problems.push(
                Problem::file(
                    &file_list(files),
                    format!("milestones for team \"{}\", which the survey data does not have; its checklists are shown but not lined up with health changes", t.name),
                )
                .warning(),
            );
        }
    }
}

fn file_list(files: &[FileSummary]) -> String {
    files
        .iter()
        .map(|f| f.file.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Read checklist files as a dataset of their own, let `check` report units that do not
/// belong, and move their file summaries and problems into `diag`.
fn load_checklists(
    diag: &mut Diagnostics,
    c: &MilestonesConfig,
    options: &Options,
    read_options: &ingest::ReadOptions,
    check: impl FnOnce(&Dataset, &[FileSummary], &mut Diagnostics),
) -> Result<Dataset> {
    let (m, mut found) = load_dataset(&c.files, &c.schema, options, read_options, |_| {})?;
    check(&m, &found.files, diag);
    for f in &mut found.files {
        if f.shape == Shape::Responses {
            f.shape = Shape::Checklist;
        }
        // Its responses are the checklist dataset's, not the survey's.
        f.responses = 0..0;
    }
    diag.files.append(&mut found.files);
    diag.problems.append(&mut found.problems);
    Ok(m)
}
