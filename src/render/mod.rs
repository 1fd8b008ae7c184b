//! Result tables -> files: CSV/JSON tables, PNG charts and the HTML page, written into
//! a fresh folder that replaces the old report only once everything is written.

mod atomic;
pub mod charts;
mod files;
mod format;
mod headlines;
pub mod html;
pub mod sections;
pub mod tables;
mod workbook;

use crate::metrics::comments::UnitComments;
use crate::metrics::competency::Track;
use crate::metrics::correlations::PairCorrelation;
use crate::metrics::diff_in_diff::Window;
use crate::metrics::feedback::FeedbackResults;
use crate::metrics::growth::GrowthTrend;
use crate::metrics::influence::Influence;
use crate::metrics::interventions::Study;
use crate::metrics::milestones::Milestones;
use crate::metrics::org_tree::TreeRow;
use crate::metrics::participation::Participation;
use crate::metrics::reliability::Reliability;
use crate::metrics::scores::{Cell, ItemCell};
use crate::metrics::trends::Trend;
use crate::metrics::velocity::Velocity;
use crate::model::{ListedFile, Measure, Person, Quarter, Reflection, Revisited, Screened};
use crate::problem::Problem;
use crate::schema::Schema;

pub use atomic::{plan_output, write_beside, OutputMode, ReportDir, MARKER};
pub use files::{report_files, write_report, OutputFile};
pub use headlines::{headlines, Headline};

/// Everything a report shows, already screened for privacy: what the report is, the
/// survey's results, the quality of its data, and one optional part per section.
pub struct Results<'s> {
    pub meta: Meta<'s>,
    pub survey: Survey,
    pub quality: Quality,
    pub sections: SectionResults,
}

/// What the report is: its title, instrument, minimums and quarters.
pub struct Meta<'s> {
    pub title: String,
    pub schema: &'s Schema,
    pub min_group_size: u32,
    /// Smallest unit whose comments are shown.
    pub min_comment_group: u32,
    /// Every quarter with data, oldest first.
    pub quarters: Vec<Quarter>,
}

/// The survey's results: cells, participation, questions, trends, correlations.
pub struct Survey {
    pub cells: Vec<Screened<Cell>>,
    pub participation: Vec<Screened<Participation>>,
    /// Question-level cells (`cell.measure` is `Measure::Item`).
    pub items: Vec<Screened<ItemCell>>,
    /// Item trends per unit (`domain` is the item's index).
    pub item_trends: Vec<Trend>,
    /// Every unit in the latest quarter, as the organisation tree.
    pub org_tree: Vec<TreeRow>,
    pub trends: Vec<Trend>,
    pub correlations: Vec<PairCorrelation>,
    pub reliability: Vec<Reliability>,
}

/// The data-quality part: files read, problems, quarters kept or restated.
pub struct Quality {
    /// The input files, each with its row counts where privacy lets them be listed.
    pub files: Vec<ListedFile>,
    /// Problems of skipped rows and warnings, for the data-quality section.
    pub problems: Vec<Problem>,
    /// Quarters published before (in this report folder's record) whose figures would
    /// now differ: shown as published, with why, or restated.
    pub revisited: Revisited,
    /// Totals over the files; none when some file's counts are withheld.
    pub rows_read: Option<usize>,
    pub rows_skipped: Option<usize>,
}

/// The optional sections: each is `Some` when the project configures it (and the report
/// covers it: a `--unit` report leaves out the people sections and the checklists), even
/// when its files hold no rows; each then adds its tables.
#[derive(Default)]
pub struct SectionResults {
    /// Free-text comments of the units whose comments may be shown (the survey schema
    /// names comment columns).
    pub comments: Option<Vec<UnitComments>>,
    pub interventions: Option<Interventions>,
    /// Learning velocity (an adoption log).
    pub velocity: Option<Velocity>,
    /// Team milestone checklists.
    pub milestones: Option<Milestones>,
    /// The people list, their reflections and the expected stages of their target levels.
    pub people: Option<People>,
    /// 360 feedback.
    pub feedback: Option<FeedbackResults>,
    /// Competency tracks per person and competency.
    pub competency: Option<Vec<Track>>,
    /// Growth-indicator checklists per person and their monthly trends.
    pub growth: Option<Growth>,
    /// Influence, pipeline and leading/lagging indicators.
    pub influence: Option<Influence>,
}

/// Intervention studies and the quarters before and after a start that they compare.
pub struct Interventions {
    pub studies: Vec<Study>,
    pub window: Window,
}

/// The leaders tracked individually.
pub struct People {
    pub list: Vec<Person>,
    /// Reflections and impact stories, oldest first.
    pub reflections: Vec<Reflection>,
    /// Target level -> competency (compare key) -> expected stage.
    pub target_levels: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u8>>,
}

/// Growth-indicator checklists and their monthly trends.
pub struct Growth {
    pub checklists: Milestones,
    pub trends: Vec<GrowthTrend>,
}

impl Results<'_> {
    /// Item `i`'s question: its column's header, else its id.
    pub fn question(&self, i: usize) -> &str {
        let item = &self.meta.schema.items[i];
        match &item.column {
            crate::schema::ColumnRef::Header(h) => h,
            _ => &item.id,
        }
    }

    /// The schema's name of domain `d`.
    pub fn domain_name(&self, d: usize) -> &str {
        &self.meta.schema.domains[d].name
    }

    /// What a measure is called on the page and in tables: the domain's name, "Overall",
    /// or the question.
    pub fn measure_name(&self, m: Measure) -> &str {
        match m {
            Measure::Domain(d) => self.domain_name(d),
            Measure::Overall => "Overall",
            Measure::Item(i) => self.question(i),
        }
    }

    /// Why a correlation row has no r or no p-value, in words (empty when it has both).
    pub fn correlation_note(&self, c: &PairCorrelation) -> String {
        use crate::metrics::correlations::{Kind, Note};
        let what = match c.kind {
            Kind::Levels => "levels",
            Kind::Changes => "changes",
        };
        match c.note {
            None => String::new(),
            Some(Note::TooFew) => format!("fewer than 3 team-quarters with {what} in both domains, or no spread"),
            Some(Note::WithinNoise(d)) => format!(
                "{what} in {} are within sampling noise: no r",
                self.domain_name(d)
            ),
            Some(Note::Unstable) => {
                "the noise-corrected r falls outside -1 to 1: the noise is too uncertain to give r".to_string()
            }
            Some(Note::Underpowered) => {
                "even r = 1 would show less than four times in five with this data: no detectable r".to_string()
            }
            Some(Note::Descriptive) => {
                "rank correlation of the raw values, which include the same people's shared noise: descriptive, no test".to_string()
            }
        }
    }

    /// Number of domains (Overall excluded).
    pub fn domain_count(&self) -> usize {
        self.meta.schema.domains.len()
    }

    pub fn latest_quarter(&self) -> Option<Quarter> {
        self.meta.quarters.last().copied()
    }

    /// The intervention studies (none when the section is not configured).
    pub fn studies(&self) -> &[Study] {
        self.sections
            .interventions
            .as_ref()
            .map_or(&[], |i| i.studies.as_slice())
    }

    /// The people list (empty when the section is not configured or not covered).
    pub fn people(&self) -> &[Person] {
        self.sections
            .people
            .as_ref()
            .map_or(&[], |p| p.list.as_slice())
    }

    /// The competency tracks (none when the section is not configured or not covered).
    pub fn tracks(&self) -> &[Track] {
        self.sections.competency.as_deref().unwrap_or(&[])
    }

    /// The comments that may be shown (none when the schema names no comment columns).
    pub fn comments(&self) -> &[UnitComments] {
        self.sections.comments.as_deref().unwrap_or(&[])
    }

    pub fn hidden_cell_count(&self) -> usize {
        self.survey
            .cells
            .iter()
            .filter(|c| c.hidden().is_some())
            .count()
    }
}
