//! Resolve the command line, the project file and defaults ONCE into typed configs.
//! Nothing below this module reads raw CLI strings or environment variables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::{OutputFormat, ReportArgs, ValidateArgs};
use crate::error::{Error, Result};
use crate::ingest::ReadOptions;
use crate::metrics::adoption::Rule;
use crate::metrics::did::Window;
use crate::metrics::interventions;
use crate::metrics::participation::TeamSizes;
use crate::schema::{compare_key, MeasuresSchema, Schema};
use crate::validate::adoption::AdoptionColumns;
use crate::validate::competency::CompetencyColumns;
use crate::validate::interventions::InterventionColumns;
use crate::validate::people::PeopleColumns;
use crate::validate::{Options, Quarter};

/// Default smallest group shown.
pub const DEFAULT_MIN_GROUP: u32 = 5;
/// The minimum group size can never be set below this.
pub const FLOOR_MIN_GROUP: u32 = 3;

/// Everything `validate` needs.
pub struct ValidateConfig {
    pub schema: Schema,
    pub data: Vec<PathBuf>,
    pub format: OutputFormat,
    pub options: Options,
    pub read_options: ReadOptions,
    /// With `--project`: the resolved project, whose side files are checked too.
    pub project: Option<ReportConfig>,
}

/// Everything `report` needs.
pub struct ReportConfig {
    pub title: String,
    pub schema: Schema,
    pub data: Vec<PathBuf>,
    pub out: PathBuf,
    /// Write into an existing folder that is not a report (`--into-existing`).
    pub into_existing: bool,
    /// Every file and folder the run reads (project, schemas, data, side files): the
    /// report folder may not be, contain or lie inside any of them.
    pub inputs: Vec<PathBuf>,
    pub min_group_size: u32,
    pub skip_invalid: bool,
    pub options: Options,
    pub read_options: ReadOptions,
    pub team_sizes: TeamSizes,
    /// Teams named in the project file, with their group.
    pub listed_teams: Vec<(String, Option<String>)>,
    /// The project file, when one was given (for messages).
    pub project: Option<PathBuf>,
    /// Show a progress bar (stderr is a terminal).
    pub progress: bool,
    pub interventions: Option<InterventionsConfig>,
    pub adoption: Option<AdoptionConfig>,
    pub milestones: Option<MilestonesConfig>,
    pub people: Option<PeopleConfig>,
    pub feedback: Option<FeedbackConfig>,
    pub competency: Option<CompetencyConfig>,
    /// Monthly growth-indicator checklists of the people (a checklist instrument).
    pub growth: Option<MilestonesConfig>,
    pub influence: Option<InfluenceConfig>,
    /// Reflection files (monthly reflections, quarterly reviews, impact stories).
    pub reflections: Vec<PathBuf>,
    /// Target level -> competency (by compare key) -> expected stage.
    pub target_levels: BTreeMap<String, BTreeMap<String, u8>>,
}

/// Quarterly influence and pipeline records with their measures schema.
pub struct InfluenceConfig {
    pub schema: MeasuresSchema,
    pub files: Vec<PathBuf>,
}

/// Competency assessments.
pub struct CompetencyConfig {
    pub files: Vec<PathBuf>,
    pub columns: CompetencyColumns,
}

/// The people list (technical leaders tracked individually).
pub struct PeopleConfig {
    pub files: Vec<PathBuf>,
    pub columns: PeopleColumns,
}

/// 360-feedback exports, their instrument and the smallest rater group shown.
pub struct FeedbackConfig {
    pub schema: Schema,
    pub files: Vec<PathBuf>,
    pub min_raters: usize,
}

/// Default smallest peer, team-member or cross-functional rater group shown.
pub const DEFAULT_MIN_RATERS: usize = 3;

/// The interventions files and how effects are estimated.
pub struct InterventionsConfig {
    pub files: Vec<PathBuf>,
    pub columns: InterventionColumns,
    pub settings: interventions::Settings,
}

/// The practice-adoption logs and the consistent-use rule.
pub struct AdoptionConfig {
    pub files: Vec<PathBuf>,
    pub columns: AdoptionColumns,
    pub rule: Rule,
}

/// The team milestone checklists: a checklist instrument and its exports.
pub struct MilestonesConfig {
    pub schema: Schema,
    pub files: Vec<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    schema: Option<PathBuf>,
    #[serde(default)]
    data: Vec<PathBuf>,
    #[serde(default)]
    output: Option<PathBuf>,
    #[serde(default)]
    min_group_size: Option<u32>,
    #[serde(default)]
    skip_invalid: Option<bool>,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    periods: BTreeMap<String, String>,
    #[serde(default)]
    teams: BTreeMap<String, TeamEntry>,
    #[serde(default)]
    interventions: Option<InterventionsEntry>,
    #[serde(default)]
    adoption: Option<AdoptionEntry>,
    #[serde(default)]
    milestones: Option<MilestonesEntry>,
    #[serde(default)]
    people: Option<PeopleEntry>,
    #[serde(default)]
    feedback: Option<FeedbackEntry>,
    #[serde(default)]
    competency: Option<PeopleEntry>,
    #[serde(default)]
    growth: Option<MilestonesEntry>,
    #[serde(default)]
    influence: Option<MilestonesEntry>,
    #[serde(default)]
    reflections: Option<FilesEntry>,
    #[serde(default)]
    target_levels: BTreeMap<String, BTreeMap<String, u8>>,
}

impl ProjectFile {
    /// Every path the project names (relative to the project file): schemas, data and
    /// each section's files.
    fn mentioned_paths(&self) -> Vec<&Path> {
        let mut sections: Vec<(Option<&PathBuf>, &[PathBuf])> =
            vec![(self.schema.as_ref(), &self.data)];
        if let Some(e) = &self.interventions {
            sections.push((e.schema.as_ref(), &e.files));
        }
        if let Some(e) = &self.adoption {
            sections.push((e.schema.as_ref(), &e.files));
        }
        for e in [&self.people, &self.competency].into_iter().flatten() {
            sections.push((e.schema.as_ref(), &e.files));
        }
        if let Some(e) = &self.feedback {
            sections.push((Some(&e.schema), &e.files));
        }
        for e in [&self.milestones, &self.growth, &self.influence]
            .into_iter()
            .flatten()
        {
            sections.push((Some(&e.schema), &e.files));
        }
        if let Some(e) = &self.reflections {
            sections.push((None, &e.files));
        }
        sections
            .into_iter()
            .flat_map(|(schema, files)| schema.into_iter().chain(files).map(PathBuf::as_path))
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilesEntry {
    files: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleEntry {
    #[serde(default)]
    schema: Option<PathBuf>,
    files: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedbackEntry {
    schema: PathBuf,
    files: Vec<PathBuf>,
    #[serde(default)]
    min_raters: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InterventionsEntry {
    #[serde(default)]
    schema: Option<PathBuf>,
    files: Vec<PathBuf>,
    #[serde(default)]
    quarters_before: Option<i32>,
    #[serde(default)]
    quarters_after: Option<i32>,
    #[serde(default)]
    seed: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdoptionEntry {
    #[serde(default)]
    schema: Option<PathBuf>,
    files: Vec<PathBuf>,
    #[serde(default)]
    consistent_run: Option<usize>,
    #[serde(default)]
    consistent_share: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestonesEntry {
    schema: PathBuf,
    files: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamEntry {
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    size: Option<u32>,
}

impl ValidateConfig {
    pub fn resolve(args: ValidateArgs) -> Result<ValidateConfig> {
        if args.project.is_some() {
            let project = ReportConfig::resolve(
                ReportArgs {
                    project: args.project,
                    schema: args.schema,
                    out: None,
                    into_existing: false,
                    min_group_size: None,
                    skip_invalid: false,
                    sheet: args.sheet,
                    data: args.data,
                },
                false,
            )?;
            return Ok(ValidateConfig {
                schema: project.schema.clone(),
                data: project.data.clone(),
                format: args.format,
                options: project.options.clone(),
                read_options: project.read_options.clone(),
                project: Some(project),
            });
        }
        let schema = args.schema.ok_or_else(|| {
            Error::Usage("no schema: give --schema FILE or --project FILE".into())
        })?;
        Ok(ValidateConfig {
            schema: Schema::load(&schema)?,
            data: expand_data(&args.data)?,
            format: args.format,
            options: Options::default(),
            read_options: ReadOptions { sheet: args.sheet },
            project: None,
        })
    }
}

impl ReportConfig {
    pub fn resolve(args: ReportArgs, stderr_is_terminal: bool) -> Result<ReportConfig> {
        let (project, base) = match &args.project {
            Some(path) => {
                let text = fs_err::read_to_string(path)?;
                let project: ProjectFile = toml::from_str(&text).map_err(|e| Error::Project {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
                let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                (project, base)
            }
            None => (ProjectFile::default(), PathBuf::new()),
        };
        let project_path = args.project.clone().unwrap_or_default();
        let project_error = |message: String| Error::Project {
            path: project_path.clone(),
            message,
        };
        let schema_path = match (&args.schema, &project.schema) {
            (Some(s), _) => s.clone(),
            (None, Some(s)) => tidy(&base.join(s)),
            (None, None) => {
                return Err(Error::Usage(
                    "no schema: give --schema FILE or a project file with `schema = \"...\"`"
                        .into(),
                ))
            }
        };
        let data = if !args.data.is_empty() {
            args.data.clone()
        } else {
            project.data.iter().map(|d| tidy(&base.join(d))).collect()
        };
        if data.is_empty() {
            return Err(Error::Usage(
                "no data files: list them after the flags or under `data = [...]` in the project file".into(),
            ));
        }
        let out = match (&args.out, &project.output) {
            (Some(o), _) => o.clone(),
            (None, Some(o)) => tidy(&base.join(o)),
            (None, None) => PathBuf::from("reports").join("latest"),
        };
        let min_group_size = args
            .min_group_size
            .or(project.min_group_size)
            .unwrap_or(DEFAULT_MIN_GROUP);
        if min_group_size < FLOOR_MIN_GROUP {
            return Err(Error::Usage(format!(
                "minimum group size {min_group_size} is below {FLOOR_MIN_GROUP}; groups that small cannot be shown safely"
            )));
        }
        let mut period_labels = BTreeMap::new();
        for (label, quarter) in &project.periods {
            let q = Quarter::parse(quarter).ok_or_else(|| {
                project_error(format!(
                    "[periods] \"{label}\" = \"{quarter}\": expected a quarter such as 2024-Q3"
                ))
            })?;
            period_labels.insert(compare_key(label), q);
        }
        let mut team_sizes = TeamSizes::new();
        let mut listed_teams = Vec::new();
        for (name, entry) in &project.teams {
            if let Some(size) = entry.size {
                team_sizes.insert(compare_key(name), size);
            }
            listed_teams.push((name.clone(), entry.group.clone()));
        }
        let schema = Schema::load(&schema_path)?;
        let files = |list: &[PathBuf]| -> Result<Vec<PathBuf>> {
            expand_data(&list.iter().map(|d| tidy(&base.join(d))).collect::<Vec<_>>())
        };
        let interventions = match &project.interventions {
            None => None,
            Some(e) => {
                let columns = InterventionColumns::load(
                    e.schema.as_ref().map(|p| tidy(&base.join(p))).as_deref(),
                )?;
                let defaults = interventions::Settings::default();
                let window = Window {
                    before: e.quarters_before.unwrap_or(defaults.window.before),
                    after: e.quarters_after.unwrap_or(defaults.window.after),
                };
                if !(1..=8).contains(&window.before) || !(1..=8).contains(&window.after) {
                    return Err(project_error(
                        "[interventions] quarters_before and quarters_after: expected 1 to 8"
                            .into(),
                    ));
                }
                Some(InterventionsConfig {
                    files: files(&e.files)?,
                    columns,
                    settings: interventions::Settings {
                        window,
                        seed: e.seed.unwrap_or(defaults.seed),
                        ..defaults
                    },
                })
            }
        };
        let adoption = match &project.adoption {
            None => None,
            Some(e) => {
                let columns = AdoptionColumns::load(
                    e.schema.as_ref().map(|p| tidy(&base.join(p))).as_deref(),
                )?;
                let defaults = Rule::default();
                let rule = Rule {
                    run: e.consistent_run.unwrap_or(defaults.run),
                    min_share: e.consistent_share.unwrap_or(defaults.min_share),
                };
                if rule.run == 0 || !(rule.min_share > 0.0 && rule.min_share <= 1.0) {
                    return Err(project_error(
                        "[adoption] consistent_run: expected at least 1; consistent_share: expected more than 0 and at most 1".into(),
                    ));
                }
                Some(AdoptionConfig {
                    files: files(&e.files)?,
                    columns,
                    rule,
                })
            }
        };
        let milestones = match &project.milestones {
            None => None,
            Some(e) => Some(checklist_config(&base, e, "milestones", &project_error)?),
        };
        let people = match &project.people {
            None => None,
            Some(e) => {
                let columns =
                    PeopleColumns::load(e.schema.as_ref().map(|p| tidy(&base.join(p))).as_deref())?;
                Some(PeopleConfig {
                    files: files(&e.files)?,
                    columns,
                })
            }
        };
        let feedback = match &project.feedback {
            None => None,
            Some(e) => {
                if people.is_none() {
                    return Err(project_error(
                        "[feedback] needs a [people] section: ratings must name people on the list"
                            .into(),
                    ));
                }
                let schema = Schema::load(&tidy(&base.join(&e.schema)))?;
                if schema.feedback.is_none() {
                    return Err(project_error(format!(
                        "[feedback] schema {}: expected a [feedback] section (perspective column and labels)",
                        e.schema.display()
                    )));
                }
                let min_raters = e.min_raters.unwrap_or(DEFAULT_MIN_RATERS);
                if min_raters < FLOOR_MIN_GROUP as usize {
                    return Err(project_error(format!(
                        "[feedback] min_raters = {min_raters}: rater groups smaller than {FLOOR_MIN_GROUP} cannot be shown safely"
                    )));
                }
                Some(FeedbackConfig {
                    schema,
                    files: files(&e.files)?,
                    min_raters,
                })
            }
        };
        let competency = match &project.competency {
            None => None,
            Some(e) => {
                if people.is_none() {
                    return Err(project_error(
                        "[competency] needs a [people] section: assessments must name people on the list".into(),
                    ));
                }
                let columns = CompetencyColumns::load(
                    e.schema.as_ref().map(|p| tidy(&base.join(p))).as_deref(),
                )?;
                Some(CompetencyConfig {
                    files: files(&e.files)?,
                    columns,
                })
            }
        };
        let growth = match &project.growth {
            None => None,
            Some(e) => {
                if people.is_none() {
                    return Err(project_error(
                        "[growth] needs a [people] section: checklists must name people on the list".into(),
                    ));
                }
                Some(checklist_config(&base, e, "growth", &project_error)?)
            }
        };
        let influence = match &project.influence {
            None => None,
            Some(e) => {
                if people.is_none() {
                    return Err(project_error(
                        "[influence] needs a [people] section: records must name people on the list".into(),
                    ));
                }
                Some(InfluenceConfig {
                    schema: MeasuresSchema::load(&tidy(&base.join(&e.schema)))?,
                    files: files(&e.files)?,
                })
            }
        };
        let reflections = match &project.reflections {
            None => Vec::new(),
            Some(e) => {
                if people.is_none() {
                    return Err(project_error(
                        "[reflections] needs a [people] section: reflections must name people on the list".into(),
                    ));
                }
                files(&e.files)?
            }
        };
        let mut target_levels = BTreeMap::new();
        for (level, stages) in &project.target_levels {
            let mut expected = BTreeMap::new();
            for (competency, stage) in stages {
                if !(1..=5).contains(stage) {
                    return Err(project_error(format!(
                        "[target_levels.\"{level}\"] \"{competency}\" = {stage}: expected a stage from 1 to 5"
                    )));
                }
                expected.insert(compare_key(competency), *stage);
            }
            target_levels.insert(compare_key(level), expected);
        }
        let mut inputs: Vec<PathBuf> = args.project.iter().cloned().collect();
        inputs.push(schema_path.clone());
        inputs.extend(data.iter().cloned());
        inputs.extend(
            project
                .mentioned_paths()
                .iter()
                .map(|p| tidy(&base.join(p))),
        );
        Ok(ReportConfig {
            title: project
                .title
                .clone()
                .unwrap_or_else(|| schema.title.clone()),
            schema,
            data: expand_data(&data)?,
            out,
            into_existing: args.into_existing,
            inputs,
            min_group_size,
            skip_invalid: args.skip_invalid || project.skip_invalid.unwrap_or(false),
            options: Options {
                period_labels,
                units: None,
            },
            read_options: ReadOptions {
                sheet: args.sheet.clone().or(project.sheet.clone()),
            },
            team_sizes,
            listed_teams,
            project: args.project.clone(),
            progress: stderr_is_terminal,
            interventions,
            adoption,
            milestones,
            people,
            feedback,
            competency,
            growth,
            influence,
            reflections,
            target_levels,
        })
    }
}

/// A checklist section (`[milestones]`, `[growth]`): a checklist instrument with a date
/// column and `[[checkboxes]]`, and its files.
fn checklist_config(
    base: &Path,
    e: &MilestonesEntry,
    section: &str,
    project_error: &dyn Fn(String) -> Error,
) -> Result<MilestonesConfig> {
    let schema = Schema::load(&tidy(&base.join(&e.schema)))?;
    if !matches!(
        schema.columns.period,
        crate::schema::PeriodSource::Timestamp(_)
    ) {
        return Err(project_error(format!(
            "[{section}] schema {}: checklists are monthly, so columns.timestamp must name the date column",
            e.schema.display()
        )));
    }
    if schema.checkboxes.is_empty() {
        return Err(project_error(format!(
            "[{section}] schema {}: expected [[checkboxes]], one per checklist category",
            e.schema.display()
        )));
    }
    let files = e
        .files
        .iter()
        .map(|d| tidy(&base.join(d)))
        .collect::<Vec<_>>();
    Ok(MilestonesConfig {
        schema,
        files: expand_data(&files)?,
    })
}

/// Remove `.` and `name/..` from a path without touching the file system, so messages
/// show `reports/sample` rather than `sample-data/../reports/sample`.
pub fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// Files as given; folders replaced by their data files (CSV, TSV, XLSX, XLS, ODS), sorted.
pub fn expand_data(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            for entry in fs_err::read_dir(p)? {
                let path = entry?.path();
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .unwrap_or_default();
                if matches!(
                    ext.as_str(),
                    "csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods"
                ) {
                    found.push(path);
                }
            }
            found.sort();
            if found.is_empty() {
                return Err(Error::Usage(format!(
                    "folder {} holds no data files",
                    p.display()
                )));
            }
            out.extend(found);
        } else if !p.exists() {
            return Err(Error::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("data file {} does not exist", p.display()),
            )));
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_removes_parent_steps_lexically() {
        assert_eq!(
            tidy(Path::new("sample-data/../reports/sample")),
            PathBuf::from("reports/sample")
        );
        assert_eq!(tidy(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(tidy(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(tidy(Path::new("a/..")), PathBuf::from("."));
    }
}
