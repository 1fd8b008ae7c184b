//! The screen and compute stages of a report: privacy decisions made once over the
//! scored survey and the 360 rater groups, then every metric from the shown values into
//! one [`Results`].

use crate::config::ReportConfig;
use crate::metrics::comments::UnitComments;
use crate::metrics::halo::Noise;
use crate::metrics::interventions::Panel;
use crate::metrics::participation::Participation;
use crate::metrics::scores::{Cell, ItemCell};
use crate::metrics::{
    self, competency, correlations, growth, influence, interventions, milestones, org_tree,
    reliability, trends, velocity,
};
use crate::model::{GroupKey, GroupStatus, Measure, Quarter, Revisited};
use crate::privacy::feedback::screen_rater_groups;
use crate::privacy::published::{keep_published, Instrument, Now, Publication};
use crate::privacy::restate::{fingerprints, Minimums};
use crate::privacy::{self, ScreenedSurvey};
use crate::render::{
    Growth, Interventions, Meta, People, Quality, Results, SectionResults, Survey as SurveyResults,
};
use crate::validate::hierarchy::Subtree;

use super::super::load::Inputs;

/// Every privacy decision of a report, made once: survey cells and participation, the
/// panels of shown team means the estimates use, and the 360 rater groups.
pub struct Screen {
    pub survey: ScreenedSurvey,
    /// Per domain (and Overall), the shown team means by quarter.
    pub panels: Vec<(Measure, Panel)>,
    pub rater_groups: std::collections::BTreeMap<GroupKey, (usize, GroupStatus)>,
    /// The comments of the units whose comments may be shown.
    pub comments: Vec<UnitComments>,
    /// The input files with the row counts that may be listed.
    pub files: privacy::files::FileList,
    /// What this report publishes, per quarter, for the next report to keep.
    pub record: Publication,
    /// Quarters published before whose figures would now differ: kept or restated.
    pub revisited: Revisited,
}

/// The screen stage.
pub fn screen(
    config: &ReportConfig,
    input: &Inputs,
    cells: Vec<Cell>,
    participation: Vec<Participation>,
    items: Vec<ItemCell>,
    scope: Option<&Subtree>,
    before: Option<&Publication>,
) -> Screen {
    let d_count = config.schema.domains.len();
    let min = config.publish.min_group_size;
    let mut survey = privacy::screen_survey(cells, participation, min);
    let item_domain: Vec<usize> = config.schema.items.iter().map(|i| i.domain).collect();
    survey.items = privacy::screen_items(items, &survey.cells, min, &item_domain);
    let comment_units =
        privacy::comments::comment_units(&survey.participation, config.publish.min_comment_group);
    let rater_groups = config
        .sections
        .feedback
        .as_ref()
        .map_or_else(Default::default, |c| {
            screen_rater_groups(&input.side.ratings, c.min_raters)
        });
    let ds = &input.ds;
    let mut comments = metrics::comments::unit_comments(ds, &comment_units);
    let whole_participation = survey.participation.clone();
    if let Some(subtree) = scope {
        survey = privacy::scope(survey, subtree);
        comments = privacy::scope_comments(comments, subtree);
    }
    let ids = Instrument {
        domains: config.schema.domains.iter().map(|d| d.id.clone()).collect(),
        items: config.schema.items.iter().map(|i| i.id.clone()).collect(),
    };
    let now = Now {
        fingerprints: fingerprints(ds, &config.schema),
        restate: config.publish.restate.then_some(Minimums {
            group: min,
            comments: config.publish.min_comment_group,
        }),
    };
    let (record, revisited) = keep_published(&mut survey, &mut comments, &ids, before, &now);
    let team_names: Vec<&str> = ds.teams.iter().map(|t| t.name.as_str()).collect();
    let files = privacy::files::list_files(
        &input.diag.files,
        (&team_names, &ds.responses.team),
        &ds.responses.period,
        &whole_participation,
        rater_groups.values().map(|(_, s)| *s),
        &revisited
            .kept
            .iter()
            .filter_map(|k| Quarter::parse(&k.quarter))
            .collect(),
    );
    let panels = privacy::panels(&survey.cells, d_count);
    Screen {
        survey,
        panels,
        rater_groups,
        comments,
        files,
        record,
        revisited,
    }
}

/// The compute stage: every metric the project asks for, from shown values only.
pub fn compute<'c>(
    config: &'c ReportConfig,
    input: &Inputs,
    screen: Screen,
    noise: &Noise,
    reliability: Vec<reliability::Reliability>,
    scope: Option<&Subtree>,
) -> Results<'c> {
    let whole = scope.is_none();
    let schema = &config.schema;
    let d_count = schema.domains.len();
    let Screen {
        survey,
        panels,
        rater_groups,
        comments,
        files,
        record: _,
        revisited,
    } = screen;
    let title = match scope {
        Some(s) => format!("{}: {}", config.title, s.unit),
        None => config.title.clone(),
    };
    let mut quarters: Vec<_> = survey.cells.iter().map(|c| c.key().period).collect();
    quarters.sort_unstable();
    quarters.dedup();
    let problems =
        privacy::files::listed_problems(&input.diag.problems, &input.diag.files, &files.files);
    let sections = sections(config, input, &panels, rater_groups, comments, whole);
    Results {
        meta: Meta {
            title,
            schema,
            min_group_size: config.publish.min_group_size,
            min_comment_group: config.publish.min_comment_group,
            quarters,
        },
        survey: SurveyResults {
            org_tree: org_tree::org_tree(&survey.cells),
            item_trends: trends::trends(&privacy::question_score_cells(&survey.items)),
            items: survey.items,
            trends: trends::trends(&survey.cells),
            correlations: correlations::correlations(&survey.cells, d_count, noise),
            reliability,
            participation: survey.participation,
            cells: survey.cells,
        },
        quality: Quality {
            files: files.files,
            problems,
            revisited,
            rows_read: files.rows_read,
            rows_skipped: files.rows_skipped,
        },
        sections,
    }
}

/// The optional sections the project configures, from shown values and the side inputs.
fn sections(
    config: &ReportConfig,
    input: &Inputs,
    panels: &[(Measure, Panel)],
    rater_groups: std::collections::BTreeMap<GroupKey, (usize, GroupStatus)>,
    comments: Vec<UnitComments>,
    whole: bool,
) -> SectionResults {
    let side = &input.side;
    SectionResults {
        comments: (!config.schema.comments.is_empty()).then_some(comments),
        interventions: config
            .sections
            .interventions
            .as_ref()
            .map(|c| Interventions {
                studies: if side.interventions.is_empty() {
                    Vec::new()
                } else {
                    interventions::studies(&side.interventions, panels, &c.settings)
                },
                window: c.settings.window,
            }),
        velocity: config
            .sections
            .adoption
            .as_ref()
            .map(|c| velocity::velocity(&side.adoption, c.rule, panels)),
        // A scoped report covers the survey and the team records of the subtree; the
        // checklists and the people sections are not placed in the hierarchy, so they
        // are left out.
        milestones: match (&config.sections.milestones, &side.milestones) {
            (Some(c), Some(m)) if whole => Some(milestones::milestones(m, &c.schema, panels)),
            _ => None,
        },
        people: whole.then(|| people(config, input)),
        feedback: config
            .sections
            .feedback
            .as_ref()
            .filter(|_| whole)
            .map(|c| {
                metrics::feedback::feedback(&side.ratings, &c.schema, rater_groups, c.min_raters)
            }),
        competency: (whole && config.sections.competency.is_some())
            .then(|| competency::tracks(&side.assessments)),
        growth: match (&config.sections.growth, &side.growth) {
            (Some(c), Some(m)) if whole => {
                let checklists = growth::checklists(m, &c.schema);
                let trends = growth::trends(&checklists);
                Some(Growth { checklists, trends })
            }
            _ => None,
        },
        influence: config
            .sections
            .influence
            .as_ref()
            .filter(|_| whole)
            .map(|c| {
                let latest = panels
                    .iter()
                    .find(|(m, _)| *m == Measure::Overall)
                    .map(|(_, p)| p);
                influence::influence(&side.influence, &c.schema, &side.people, latest)
            }),
    }
}

/// The people list, their reflections (oldest first) and the target levels.
fn people(config: &ReportConfig, input: &Inputs) -> People {
    let mut reflections = input.side.reflections.clone();
    reflections.sort_by(|a, b| (&a.person, a.date, a.kind).cmp(&(&b.person, b.date, b.kind)));
    People {
        list: input.side.people.clone(),
        reflections,
        target_levels: config.sections.target_levels.clone(),
    }
}
