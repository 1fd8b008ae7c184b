//! Resolve the command line, the project file and defaults ONCE into typed configs.
//! Nothing below this module reads raw CLI strings or environment variables.

use crate::model::Quarter;
use crate::text::compare_key;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod project;
mod sections;

use project::ProjectFile;
use sections::Resolver;

use crate::cli::{OutputFormat, ReportArgs, ValidateArgs};
use crate::error::{Error, Result};
use crate::ingest::ReadOptions;
use crate::metrics::adoption::Rule;
use crate::metrics::interventions;
use crate::metrics::participation::TeamSizes;
use crate::schema::{MeasuresSchema, Schema};
use crate::validate::adoption::AdoptionColumns;
use crate::validate::competency::CompetencyColumns;
use crate::validate::hierarchy::OrgColumns;
use crate::validate::interventions::InterventionColumns;
use crate::validate::people::PeopleColumns;
use crate::validate::Options;

/// Default smallest unit whose comments are shown, as the large survey platforms do.
pub const DEFAULT_MIN_COMMENT_GROUP: u32 = 10;
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

/// Everything `report` needs, in four parts: what to read, where to write, what may be
/// published, and the optional sections.
pub struct ReportConfig {
    pub title: String,
    pub schema: Schema,
    pub input: InputConfig,
    pub output: OutputConfig,
    pub publish: PublishConfig,
    pub sections: SectionConfigs,
    /// The project file, when one was given (for messages).
    pub project: Option<PathBuf>,
    /// Show a progress bar (stderr is a terminal).
    pub progress: bool,
}

/// The survey data and how to read it.
pub struct InputConfig {
    pub data: Vec<PathBuf>,
    pub options: Options,
    pub read_options: ReadOptions,
    pub team_sizes: TeamSizes,
    /// Teams named in the project file, with their group.
    pub listed_teams: Vec<(String, Option<String>)>,
    /// Leave rows with errors out instead of refusing the report.
    pub skip_invalid: bool,
}

/// The report folder.
pub struct OutputConfig {
    pub out: PathBuf,
    /// Write into an existing folder that is not a report (`--into-existing`).
    pub into_existing: bool,
    /// Every file and folder the run reads (project, schemas, data, side files): the
    /// report folder may not be, contain or lie inside any of them.
    pub inputs: Vec<PathBuf>,
}

/// What may be published: the minimums, the scope, and whether to restate.
pub struct PublishConfig {
    pub min_group_size: u32,
    /// Smallest unit whose comments are shown (never below `min_group_size`).
    pub min_comment_group: u32,
    /// Report on this unit's subtree only (`--unit`).
    pub unit: Option<String>,
    /// Restate the quarters an earlier report to the folder published (`--restate`).
    pub restate: bool,
}

/// The optional sections of the project file, each `None` (or empty) when not given.
pub struct SectionConfigs {
    pub interventions: Option<InterventionsConfig>,
    pub adoption: Option<AdoptionConfig>,
    pub milestones: Option<MilestonesConfig>,
    /// The org file(s): each unit's parent, for roll-ups of any depth.
    pub hierarchy: Option<HierarchyConfig>,
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

/// Org files: one row per unit with its parent.
pub struct HierarchyConfig {
    pub files: Vec<PathBuf>,
    pub columns: OrgColumns,
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
    /// The date milestone-dates logs are censored at (`--as-of` or `as_of`); `None`:
    /// each file's latest date.
    pub as_of: Option<chrono::NaiveDate>,
}

/// The team milestone checklists: a checklist instrument and its exports.
pub struct MilestonesConfig {
    pub schema: Schema,
    pub files: Vec<PathBuf>,
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
                    min_comment_group: None,
                    skip_invalid: false,
                    sheet: args.sheet,
                    unit: None,
                    restate: false,
                    as_of: None,
                    data: args.data,
                },
                false,
            )?;
            return Ok(ValidateConfig {
                schema: project.schema.clone(),
                data: project.input.data.clone(),
                format: args.format,
                options: project.input.options.clone(),
                read_options: project.input.read_options.clone(),
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
            Some(path) => project::read(path)?,
            None => (ProjectFile::default(), PathBuf::new()),
        };
        let project_path = args.project.clone().unwrap_or_default();
        let (schema_path, data, out) = main_paths(&args, &project, &base)?;
        let (min_group_size, min_comment_group) = minimums(&args, &project)?;
        let r = Resolver {
            base: &base,
            project: &project_path,
            has_people: project.people.is_some(),
        };
        let period_labels = period_labels(&project, &r)?;
        let (team_sizes, listed_teams) = teams(&project);
        let schema = Schema::load(&schema_path)?;
        let sections = section_configs(&r, &project, args.as_of.as_deref())?;
        let inputs = inputs(&args, &project, &base, &schema_path, &data);
        Ok(ReportConfig {
            title: project
                .title
                .clone()
                .unwrap_or_else(|| schema.title.clone()),
            schema,
            input: InputConfig {
                data: expand_data(&data)?,
                options: Options {
                    period_labels,
                    units: None,
                },
                read_options: ReadOptions {
                    sheet: args.sheet.clone().or(project.sheet.clone()),
                },
                team_sizes,
                listed_teams,
                skip_invalid: args.skip_invalid || project.skip_invalid.unwrap_or(false),
            },
            output: OutputConfig {
                out,
                into_existing: args.into_existing,
                inputs,
            },
            publish: PublishConfig {
                min_group_size,
                min_comment_group,
                unit: args.unit.clone(),
                restate: args.restate,
            },
            sections,
            project: args.project.clone(),
            progress: stderr_is_terminal,
        })
    }
}

/// The optional sections of the project file, each resolved against its folder;
/// `as_of` (`--as-of`) dates the adoption logs.
fn section_configs(
    r: &Resolver,
    project: &ProjectFile,
    as_of: Option<&str>,
) -> Result<SectionConfigs> {
    let interventions = r.section(project.interventions.as_ref(), |e| r.interventions(e))?;
    let mut adoption = r.section(project.adoption.as_ref(), |e| r.adoption(e))?;
    date_adoption(adoption.as_mut(), as_of)?;
    let milestones = r.section(project.milestones.as_ref(), |e| {
        r.checklist(e, "milestones")
    })?;
    let hierarchy = r.section(project.hierarchy.as_ref(), |e| r.hierarchy(e))?;
    let people = r.section(project.people.as_ref(), |e| r.people(e))?;
    let feedback = r.section(project.feedback.as_ref(), |e| r.feedback(e))?;
    let competency = r.section(project.competency.as_ref(), |e| r.competency(e))?;
    let growth = r.section(project.growth.as_ref(), |e| r.growth(e))?;
    let influence = r.section(project.influence.as_ref(), |e| r.influence(e))?;
    let reflections = r.reflections(project.reflections.as_ref())?;
    let target_levels = r.target_levels(&project.target_levels)?;
    Ok(SectionConfigs {
        interventions,
        adoption,
        milestones,
        hierarchy,
        people,
        feedback,
        competency,
        growth,
        influence,
        reflections,
        target_levels,
    })
}

/// The minimum group size and the minimum comment group: the command line, then the
/// project file, then the defaults; refused below what can be shown safely.
fn minimums(args: &ReportArgs, project: &ProjectFile) -> Result<(u32, u32)> {
    let min_group_size = args
        .min_group_size
        .or(project.min_group_size)
        .unwrap_or(DEFAULT_MIN_GROUP);
    if min_group_size < FLOOR_MIN_GROUP {
        return Err(Error::Usage(format!(
            "minimum group size {min_group_size} is below {FLOOR_MIN_GROUP}; groups that small cannot be shown safely"
        )));
    }
    let min_comment_group = args
        .min_comment_group
        .or(project.min_comment_group)
        .unwrap_or(DEFAULT_MIN_COMMENT_GROUP.max(min_group_size));
    if min_comment_group < min_group_size {
        return Err(Error::Usage(format!(
            "minimum comment group {min_comment_group} is below the minimum group size {min_group_size}; comments cannot be shown for groups smaller than the scores"
        )));
    }
    Ok((min_group_size, min_comment_group))
}

/// `--as-of` dates the adoption logs kept as milestone dates; refused without them.
fn date_adoption(adoption: Option<&mut AdoptionConfig>, as_of: Option<&str>) -> Result<()> {
    let Some(text) = as_of else {
        return Ok(());
    };
    let Some(a) = adoption else {
        return Err(Error::Usage(
            "--as-of dates the adoption logs, but the project has no [adoption] section".into(),
        ));
    };
    a.as_of = Some(sections::as_of_date(text, "--as-of")?);
    Ok(())
}

/// The schema, the data files and the report folder: the command line first, then the
/// project file, then the default folder.
fn main_paths(
    args: &ReportArgs,
    project: &ProjectFile,
    base: &Path,
) -> Result<(PathBuf, Vec<PathBuf>, PathBuf)> {
    let schema_path = match (&args.schema, &project.schema) {
        (Some(s), _) => s.clone(),
        (None, Some(s)) => tidy(&base.join(s)),
        (None, None) => {
            return Err(Error::Usage(
                "no schema: give --schema FILE or a project file with `schema = \"...\"`".into(),
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
            "no data files: list them after the flags or under `data = [...]` in the project file"
                .into(),
        ));
    }
    let out = match (&args.out, &project.output) {
        (Some(o), _) => o.clone(),
        (None, Some(o)) => tidy(&base.join(o)),
        (None, None) => PathBuf::from("reports").join("latest"),
    };
    Ok((schema_path, data, out))
}

/// Every file and folder the run reads: the report folder may not be, contain or lie
/// inside any of them.
fn inputs(
    args: &ReportArgs,
    project: &ProjectFile,
    base: &Path,
    schema_path: &Path,
    data: &[PathBuf],
) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = args.project.iter().cloned().collect();
    inputs.push(schema_path.to_path_buf());
    inputs.extend(data.iter().cloned());
    inputs.extend(
        project
            .mentioned_paths()
            .iter()
            .map(|p| tidy(&base.join(p))),
    );
    inputs
}

/// `[periods]`: quarter labels of the survey tool (compare key) -> quarter.
fn period_labels(project: &ProjectFile, r: &Resolver) -> Result<BTreeMap<String, Quarter>> {
    let mut out = BTreeMap::new();
    for (label, quarter) in &project.periods {
        let q = Quarter::parse(quarter).ok_or_else(|| {
            r.error(format!(
                "[periods] \"{label}\" = \"{quarter}\": expected a quarter such as 2024-Q3"
            ))
        })?;
        out.insert(compare_key(label), q);
    }
    Ok(out)
}

/// `[teams]`: sizes (by compare key) and the listed teams with their group.
fn teams(project: &ProjectFile) -> (TeamSizes, Vec<(String, Option<String>)>) {
    let mut sizes = TeamSizes::new();
    let mut listed = Vec::new();
    for (name, entry) in &project.teams {
        if let Some(size) = entry.size {
            sizes.insert(compare_key(name), size);
        }
        listed.push((name.clone(), entry.group.clone()));
    }
    (sizes, listed)
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
