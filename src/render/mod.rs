//! Result tables -> files: CSV/JSON tables, PNG charts and the HTML page, written into
//! a fresh folder that replaces the old report only once everything is written.

mod atomic;
pub mod charts;
mod files;
mod format;
mod headlines;
pub mod html;
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
use crate::model::Person;
use crate::model::Reflection;
use crate::model::Screened;
use crate::model::{ListedFile, Quarter, Revisited};
use crate::problem::Problem;
use crate::schema::Schema;

pub use atomic::{plan_output, write_beside, OutputMode, ReportDir, MARKER};
pub use files::{report_files, write_report, OutputFile};
pub use headlines::{headlines, Headline};

/// Everything a report shows, already screened for privacy.
pub struct Results<'s> {
    pub title: String,
    pub schema: &'s Schema,
    pub min_group_size: u32,
    /// Smallest unit whose comments are shown.
    pub min_comment_group: u32,
    pub cells: Vec<Screened<Cell>>,
    pub participation: Vec<Screened<Participation>>,
    /// Question-level cells (`cell.domain` is the item's index).
    pub items: Vec<Screened<ItemCell>>,
    /// Item trends per unit (`domain` is the item's index).
    pub item_trends: Vec<Trend>,
    /// Free-text comments of the units whose comments may be shown.
    pub comments: Vec<UnitComments>,
    /// Every unit in the latest quarter, as the organisation tree.
    pub org_tree: Vec<TreeRow>,
    pub trends: Vec<Trend>,
    pub correlations: Vec<PairCorrelation>,
    pub reliability: Vec<Reliability>,
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
    /// Every quarter with data, oldest first.
    pub quarters: Vec<Quarter>,
    /// Intervention studies (empty without an interventions file).
    pub interventions: Vec<Study>,
    /// The quarters before and after a start that the estimates compare.
    pub window: Window,
    /// Learning velocity (none without an adoption log).
    pub velocity: Option<Velocity>,
    /// Team milestone checklists (none without checklist files).
    pub milestones: Option<Milestones>,
    /// The people list (empty without one).
    pub people: Vec<Person>,
    /// 360 feedback (none without 360 files).
    pub feedback: Option<FeedbackResults>,
    /// Competency tracks per person and competency (empty without assessments).
    pub competency: Vec<Track>,
    /// Growth-indicator checklists per person (none without checklist files).
    pub growth: Option<Milestones>,
    pub growth_trends: Vec<GrowthTrend>,
    /// Influence, pipeline and leading/lagging indicators (none without records).
    pub influence: Option<Influence>,
    /// Reflections and impact stories, oldest first.
    pub reflections: Vec<Reflection>,
    /// Target level -> competency (compare key) -> expected stage.
    pub target_levels: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u8>>,
    /// The project sections configured, which decide the tables written.
    pub sections: Sections,
}

/// Which optional sections the project configures (each adds its tables, even when its
/// files hold no rows).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sections {
    pub interventions: bool,
    pub adoption: bool,
    pub milestones: bool,
    pub growth: bool,
    pub influence: bool,
    pub competency: bool,
    pub feedback: bool,
    /// The survey schema names comment columns.
    pub comments: bool,
}

impl Results<'_> {
    /// Item `i`'s question: its column's header, else its id.
    pub fn question(&self, i: usize) -> &str {
        let item = &self.schema.items[i];
        match &item.column {
            crate::schema::ColumnRef::Header(h) => h,
            _ => &item.id,
        }
    }

    /// Domain name, with the last index meaning Overall.
    pub fn domain_name(&self, d: usize) -> &str {
        self.schema
            .domains
            .get(d)
            .map_or("Overall", |x| x.name.as_str())
    }

    /// Number of domains (Overall excluded).
    pub fn domain_count(&self) -> usize {
        self.schema.domains.len()
    }

    pub fn latest_quarter(&self) -> Option<Quarter> {
        self.quarters.last().copied()
    }

    pub fn hidden_cell_count(&self) -> usize {
        self.cells.iter().filter(|c| c.hidden().is_some()).count()
    }
}
