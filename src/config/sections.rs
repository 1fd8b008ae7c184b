//! Resolving the project file's optional sections. One resolver holds what every
//! section needs (the project's folder, how to name a mistake, whether a people list
//! exists); each section is then a short function of its entry.

use crate::text::compare_key;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::project::{
    AdoptionEntry, FeedbackEntry, FilesEntry, InterventionsEntry, MilestonesEntry, PeopleEntry,
};
use super::{
    expand_data, tidy, AdoptionConfig, CompetencyConfig, FeedbackConfig, HierarchyConfig,
    InfluenceConfig, InterventionsConfig, MilestonesConfig, PeopleConfig, DEFAULT_MIN_RATERS,
    FLOOR_MIN_GROUP,
};
use crate::error::{Error, Result};
use crate::metrics::adoption::Rule;
use crate::metrics::diff_in_diff::Window;
use crate::metrics::interventions;
use crate::schema::{MeasuresSchema, PeriodSource, Schema};
use crate::validate::adoption::AdoptionColumns;
use crate::validate::competency::CompetencyColumns;
use crate::validate::hierarchy::OrgColumns;
use crate::validate::interventions::InterventionColumns;
use crate::validate::people::PeopleColumns;

/// What every section resolver needs.
pub(super) struct Resolver<'a> {
    /// The project file's folder: relative paths start here.
    pub base: &'a Path,
    /// The project file, to name in messages.
    pub project: &'a Path,
    /// Whether the project has a people list (sections about people need one).
    pub has_people: bool,
}

impl Resolver<'_> {
    pub fn error(&self, message: String) -> Error {
        Error::Project {
            path: self.project.to_path_buf(),
            message,
        }
    }

    fn path(&self, p: &Path) -> PathBuf {
        tidy(&self.base.join(p))
    }

    /// A section's files and folders, folders expanded to their data files.
    pub fn files(&self, list: &[PathBuf]) -> Result<Vec<PathBuf>> {
        expand_data(&list.iter().map(|p| self.path(p)).collect::<Vec<_>>())
    }

    /// A section's optional column schema, resolved against the project's folder.
    fn schema_path(&self, p: Option<&PathBuf>) -> Option<PathBuf> {
        p.map(|p| self.path(p))
    }

    /// A section about people needs the people list.
    fn needs_people(&self, section: &str, what: &str) -> Result<()> {
        if self.has_people {
            Ok(())
        } else {
            Err(self.error(format!(
                "[{section}] needs a [people] section: {what} must name people on the list"
            )))
        }
    }

    /// The generic section: absent stays absent; present is resolved by `resolve`.
    pub fn section<E, C>(
        &self,
        entry: Option<&E>,
        resolve: impl FnOnce(&E) -> Result<C>,
    ) -> Result<Option<C>> {
        entry.map(resolve).transpose()
    }

    pub fn interventions(&self, e: &InterventionsEntry) -> Result<InterventionsConfig> {
        let columns = InterventionColumns::load(self.schema_path(e.schema.as_ref()).as_deref())?;
        let defaults = interventions::Settings::default();
        let window = Window {
            before: e.quarters_before.unwrap_or(defaults.window.before),
            after: e.quarters_after.unwrap_or(defaults.window.after),
        };
        if !(1..=8).contains(&window.before) || !(1..=8).contains(&window.after) {
            return Err(self.error(
                "[interventions] quarters_before and quarters_after: expected 1 to 8".into(),
            ));
        }
        Ok(InterventionsConfig {
            files: self.files(&e.files)?,
            columns,
            settings: interventions::Settings {
                window,
                seed: e.seed.unwrap_or(defaults.seed),
                ..defaults
            },
        })
    }

    pub fn adoption(&self, e: &AdoptionEntry) -> Result<AdoptionConfig> {
        let columns = AdoptionColumns::load(self.schema_path(e.schema.as_ref()).as_deref())?;
        let defaults = Rule::default();
        let rule = Rule {
            run: e.consistent_run.unwrap_or(defaults.run),
            min_share: e.consistent_share.unwrap_or(defaults.min_share),
        };
        if rule.run == 0 || !(rule.min_share > 0.0 && rule.min_share <= 1.0) {
            return Err(self.error(
                "[adoption] consistent_run: expected at least 1; consistent_share: expected more than 0 and at most 1".into(),
            ));
        }
        let as_of = match &e.as_of {
            Some(text) => Some(as_of_date(text, "[adoption] as_of").map_err(|e| match e {
                Error::Usage(msg) => self.error(msg),
                other => other,
            })?),
            None => None,
        };
        Ok(AdoptionConfig {
            files: self.files(&e.files)?,
            columns,
            rule,
            as_of,
        })
    }

    /// A checklist section (`[milestones]`, `[growth]`): a checklist instrument with a
    /// date column and `[[checkboxes]]`, and its files.
    pub fn checklist(&self, e: &MilestonesEntry, section: &str) -> Result<MilestonesConfig> {
        let schema = Schema::load(&self.path(&e.schema))?;
        if !matches!(schema.columns.period, PeriodSource::Timestamp(_)) {
            return Err(self.error(format!(
                "[{section}] schema {}: checklists are monthly, so columns.timestamp must name the date column",
                e.schema.display()
            )));
        }
        if schema.checkboxes.is_empty() {
            return Err(self.error(format!(
                "[{section}] schema {}: expected [[checkboxes]], one per checklist category",
                e.schema.display()
            )));
        }
        Ok(MilestonesConfig {
            schema,
            files: self.files(&e.files)?,
        })
    }

    /// `[growth]`: the people's growth-indicator checklists.
    pub fn growth(&self, e: &MilestonesEntry) -> Result<MilestonesConfig> {
        self.needs_people("growth", "checklists")?;
        self.checklist(e, "growth")
    }

    pub fn hierarchy(&self, e: &PeopleEntry) -> Result<HierarchyConfig> {
        let columns = OrgColumns::load(self.schema_path(e.schema.as_ref()).as_deref())?;
        Ok(HierarchyConfig {
            files: self.files(&e.files)?,
            columns,
        })
    }

    pub fn people(&self, e: &PeopleEntry) -> Result<PeopleConfig> {
        let columns = PeopleColumns::load(self.schema_path(e.schema.as_ref()).as_deref())?;
        Ok(PeopleConfig {
            files: self.files(&e.files)?,
            columns,
        })
    }

    pub fn feedback(&self, e: &FeedbackEntry) -> Result<FeedbackConfig> {
        self.needs_people("feedback", "ratings")?;
        let schema = Schema::load(&self.path(&e.schema))?;
        if schema.feedback.is_none() {
            return Err(self.error(format!(
                "[feedback] schema {}: expected a [feedback] section (perspective column and labels)",
                e.schema.display()
            )));
        }
        let min_raters = e.min_raters.unwrap_or(DEFAULT_MIN_RATERS);
        if min_raters < FLOOR_MIN_GROUP as usize {
            return Err(self.error(format!(
                "[feedback] min_raters = {min_raters}: rater groups smaller than {FLOOR_MIN_GROUP} cannot be shown safely"
            )));
        }
        Ok(FeedbackConfig {
            schema,
            files: self.files(&e.files)?,
            min_raters,
        })
    }

    pub fn competency(&self, e: &PeopleEntry) -> Result<CompetencyConfig> {
        self.needs_people("competency", "assessments")?;
        let columns = CompetencyColumns::load(self.schema_path(e.schema.as_ref()).as_deref())?;
        Ok(CompetencyConfig {
            files: self.files(&e.files)?,
            columns,
        })
    }

    pub fn influence(&self, e: &MilestonesEntry) -> Result<InfluenceConfig> {
        self.needs_people("influence", "records")?;
        Ok(InfluenceConfig {
            schema: MeasuresSchema::load(&self.path(&e.schema))?,
            files: self.files(&e.files)?,
        })
    }

    pub fn reflections(&self, e: Option<&FilesEntry>) -> Result<Vec<PathBuf>> {
        match e {
            None => Ok(Vec::new()),
            Some(e) => {
                self.needs_people("reflections", "reflections")?;
                self.files(&e.files)
            }
        }
    }

    /// `[target_levels]`: level -> competency -> expected stage (1 to 5), by compare key.
    pub fn target_levels(
        &self,
        levels: &BTreeMap<String, BTreeMap<String, u8>>,
    ) -> Result<BTreeMap<String, BTreeMap<String, u8>>> {
        let mut out = BTreeMap::new();
        for (level, stages) in levels {
            let mut expected = BTreeMap::new();
            for (competency, stage) in stages {
                if !(1..=5).contains(stage) {
                    return Err(self.error(format!(
                        "[target_levels.\"{level}\"] \"{competency}\" = {stage}: expected a stage from 1 to 5"
                    )));
                }
                expected.insert(compare_key(competency), *stage);
            }
            out.insert(compare_key(level), expected);
        }
        Ok(out)
    }
}

/// An as-of date (`2026-09-30`) for the milestone-dates adoption logs.
pub(super) fn as_of_date(text: &str, what: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Usage(format!(
            "{what}: found \"{text}\"; expected a date such as 2026-09-30"
        ))
    })
}
