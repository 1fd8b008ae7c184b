//! The project file (`leadpulse.toml`) as written: every key, unknown keys refused.
//! Resolving it against the command line and defaults is `super`'s job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// Read and parse a project file; relative paths in it are relative to its folder
/// (returned with it).
pub(super) fn read(path: &Path) -> Result<(ProjectFile, PathBuf)> {
    let text = fs_err::read_to_string(path)?;
    let project: ProjectFile = toml::from_str(&text).map_err(|e| Error::Project {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((project, base))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectFile {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub schema: Option<PathBuf>,
    #[serde(default)]
    pub data: Vec<PathBuf>,
    #[serde(default)]
    pub output: Option<PathBuf>,
    #[serde(default)]
    pub min_group_size: Option<u32>,
    #[serde(default)]
    pub min_comment_group: Option<u32>,
    #[serde(default)]
    pub skip_invalid: Option<bool>,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub periods: BTreeMap<String, String>,
    #[serde(default)]
    pub teams: BTreeMap<String, TeamEntry>,
    #[serde(default)]
    pub interventions: Option<InterventionsEntry>,
    #[serde(default)]
    pub adoption: Option<AdoptionEntry>,
    #[serde(default)]
    pub milestones: Option<MilestonesEntry>,
    #[serde(default)]
    pub hierarchy: Option<PeopleEntry>,
    #[serde(default)]
    pub people: Option<PeopleEntry>,
    #[serde(default)]
    pub feedback: Option<FeedbackEntry>,
    #[serde(default)]
    pub competency: Option<PeopleEntry>,
    #[serde(default)]
    pub growth: Option<MilestonesEntry>,
    #[serde(default)]
    pub influence: Option<MilestonesEntry>,
    #[serde(default)]
    pub reflections: Option<FilesEntry>,
    #[serde(default)]
    pub target_levels: BTreeMap<String, BTreeMap<String, u8>>,
}

impl ProjectFile {
    /// Every path the project names (relative to the project file): schemas, data and
    /// each section's files.
    pub fn mentioned_paths(&self) -> Vec<&Path> {
        let mut sections: Vec<(Option<&PathBuf>, &[PathBuf])> =
            vec![(self.schema.as_ref(), &self.data)];
        if let Some(e) = &self.interventions {
            sections.push((e.schema.as_ref(), &e.files));
        }
        if let Some(e) = &self.adoption {
            sections.push((e.schema.as_ref(), &e.files));
        }
        for e in [&self.hierarchy, &self.people, &self.competency]
            .into_iter()
            .flatten()
        {
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
pub(super) struct FilesEntry {
    pub files: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PeopleEntry {
    #[serde(default)]
    pub schema: Option<PathBuf>,
    pub files: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FeedbackEntry {
    pub schema: PathBuf,
    pub files: Vec<PathBuf>,
    #[serde(default)]
    pub min_raters: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct InterventionsEntry {
    #[serde(default)]
    pub schema: Option<PathBuf>,
    pub files: Vec<PathBuf>,
    #[serde(default)]
    pub quarters_before: Option<i32>,
    #[serde(default)]
    pub quarters_after: Option<i32>,
    #[serde(default)]
    pub seed: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AdoptionEntry {
    #[serde(default)]
    pub schema: Option<PathBuf>,
    pub files: Vec<PathBuf>,
    #[serde(default)]
    pub consistent_run: Option<usize>,
    #[serde(default)]
    pub consistent_share: Option<f64>,
    /// The date milestone-dates logs are censored at (default: each file's latest date).
    #[serde(default)]
    pub as_of: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MilestonesEntry {
    pub schema: PathBuf,
    pub files: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TeamEntry {
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub size: Option<u32>,
}
