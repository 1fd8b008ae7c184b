//! The registry of output tables: every CSV the report can write, when it applies and
//! the function that fills it from [`Results`]. The report writes exactly these (plus
//! `summary.json`), the page lists them, and a test checks the README documents the
//! columns of each.

use super::*;

/// One CSV table of the report folder (`metrics/<name>.csv`).
pub struct TableSpec {
    pub name: &'static str,
    /// One line for the page's "Tables" section.
    pub about: &'static str,
    /// The columns every such table has, each documented in the README. Checklist tables
    /// also start with their unit (`team` or `person`), and `influence.csv` has a column
    /// per measure of the instrument.
    pub columns: &'static [&'static str],
    /// Whether this report has the table (its project section is configured).
    pub applies: fn(&Results) -> bool,
    pub write: fn(&Results) -> Result<Table>,
}

fn always(_: &Results) -> bool {
    true
}

/// Every table, in the order the report writes them.
pub const REGISTRY: &[TableSpec] = &[
    TableSpec {
        name: "domain_scores",
        about: "scores per level, unit, quarter and domain",
        columns: DOMAIN_SCORES_COLUMNS,
        applies: always,
        write: domain_scores,
    },
    TableSpec {
        name: "org_tree",
        about: "every unit's Overall in the latest quarter and its change, as the organisation tree",
        columns: ORG_TREE_COLUMNS,
        applies: always,
        write: org_tree,
    },
    TableSpec {
        name: "trends",
        about: "direction, slope and latest change per unit and domain",
        columns: TRENDS_COLUMNS,
        applies: always,
        write: trends,
    },
    TableSpec {
        name: "correlations",
        about: "how domains go together, in levels and in changes",
        columns: CORRELATIONS_COLUMNS,
        applies: always,
        write: correlations,
    },
    TableSpec {
        name: "participation",
        about: "responses and response rate per unit and quarter",
        columns: PARTICIPATION_COLUMNS,
        applies: always,
        write: participation,
    },
    TableSpec {
        name: "reliability",
        about: "Cronbach's alpha per domain",
        columns: RELIABILITY_COLUMNS,
        applies: always,
        write: reliability,
    },
    TableSpec {
        name: "item_reliability",
        about: "Cronbach's alpha without each item, and each item's correlation with the rest of its domain",
        columns: ITEM_RELIABILITY_COLUMNS,
        applies: always,
        write: item_reliability,
    },
    TableSpec {
        name: "items",
        about: "every question per unit and quarter: n, mean, favourable, neutral and unfavourable shares, answer distribution",
        columns: ITEMS_COLUMNS,
        applies: always,
        write: items,
    },
    TableSpec {
        name: "item_trends",
        about: "direction, slope and latest change per unit and question",
        columns: ITEM_TRENDS_COLUMNS,
        applies: always,
        write: item_trends,
    },
    TableSpec {
        name: "comments",
        about: "free-text comments of the units large enough to show them, in the order of their text, without who or when",
        columns: COMMENTS_COLUMNS,
        applies: |r| r.sections.comments.is_some(),
        write: comments,
    },
    TableSpec {
        name: "comment_summary",
        about: "comments, flagged comments and topics per unit and quarter",
        columns: COMMENT_SUMMARY_COLUMNS,
        applies: |r| r.sections.comments.is_some(),
        write: comment_summary,
    },
    TableSpec {
        name: "interventions",
        about: "difference-in-differences estimates per intervention and domain",
        columns: INTERVENTIONS_COLUMNS,
        applies: |r| r.sections.interventions.is_some(),
        write: interventions,
    },
    TableSpec {
        name: "learning_velocity",
        about: "time to consistent use per practice",
        columns: LEARNING_VELOCITY_COLUMNS,
        applies: |r| r.sections.velocity.is_some(),
        write: learning_velocity,
    },
    TableSpec {
        name: "practice_adoption",
        about: "each team's path with each practice",
        columns: PRACTICE_ADOPTION_COLUMNS,
        applies: |r| r.sections.velocity.is_some(),
        write: practice_adoption,
    },
    TableSpec {
        name: "velocity_factors",
        about: "what goes with faster adoption",
        columns: DOMAIN_CORRELATION_COLUMNS,
        applies: |r| r.sections.velocity.is_some(),
        write: velocity_factors,
    },
    TableSpec {
        name: "adaptations",
        about: "how teams changed the practices they adopted",
        columns: ADAPTATIONS_COLUMNS,
        applies: |r| r.sections.velocity.is_some(),
        write: adaptations,
    },
    TableSpec {
        name: "milestones",
        about: "milestone completion per team, month and category",
        columns: MONTH_COLUMNS,
        applies: |r| r.sections.milestones.is_some(),
        write: milestones,
    },
    TableSpec {
        name: "milestones_summary",
        about: "milestone completion per team and category",
        columns: SUMMARY_COLUMNS,
        applies: |r| r.sections.milestones.is_some(),
        write: milestones_summary,
    },
    TableSpec {
        name: "milestone_health",
        about: "milestone completion against the next quarter's change in health",
        columns: DOMAIN_CORRELATION_COLUMNS,
        applies: |r| r.sections.milestones.is_some(),
        write: milestone_health,
    },
    TableSpec {
        name: "growth_checklist",
        about: "growth indicators per person, month and category",
        columns: MONTH_COLUMNS,
        applies: |r| r.sections.growth.is_some(),
        write: growth_checklist,
    },
    TableSpec {
        name: "growth_summary",
        about: "growth indicators per person and category",
        columns: SUMMARY_COLUMNS,
        applies: |r| r.sections.growth.is_some(),
        write: growth_summary,
    },
    TableSpec {
        name: "growth_trend",
        about: "the monthly trend of each person's growth indicators",
        columns: GROWTH_TREND_COLUMNS,
        applies: |r| r.sections.growth.is_some(),
        write: growth_trend,
    },
    TableSpec {
        name: "influence",
        about: "influence and mentoring measures per person and quarter",
        columns: INFLUENCE_COLUMNS,
        applies: |r| r.sections.influence.is_some(),
        write: influence,
    },
    TableSpec {
        name: "leading_lagging",
        about: "lagged correlations of leading and lagging indicators",
        columns: LEADING_LAGGING_COLUMNS,
        applies: |r| r.sections.influence.is_some(),
        write: leading_lagging,
    },
    TableSpec {
        name: "competency",
        about: "competency stages per person",
        columns: COMPETENCY_COLUMNS,
        applies: |r| r.sections.competency.is_some(),
        write: competency,
    },
    TableSpec {
        name: "feedback_360",
        about: "360 feedback per person, quarter, dimension and rater group",
        columns: FEEDBACK_360_COLUMNS,
        applies: |r| r.sections.feedback.is_some(),
        write: feedback_360,
    },
    TableSpec {
        name: "feedback_others",
        about: "small rater groups pooled as others",
        columns: FEEDBACK_OTHERS_COLUMNS,
        applies: |r| r.sections.feedback.is_some(),
        write: feedback_others,
    },
    TableSpec {
        name: "feedback_gaps",
        about: "self against others: blind spots and hidden strengths",
        columns: FEEDBACK_GAPS_COLUMNS,
        applies: |r| r.sections.feedback.is_some(),
        write: feedback_gaps,
    },
    TableSpec {
        name: "feedback_themes",
        about: "frequent comment terms per perspective and quarter",
        columns: FEEDBACK_THEMES_COLUMNS,
        applies: |r| r.sections.feedback.is_some(),
        write: feedback_themes,
    },
];
