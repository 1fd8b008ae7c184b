//! `leadpulse report`: validate, compute every metric, screen for privacy and write the
//! report folder atomically. Problems go to stderr; the index path goes to stdout.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::side_inputs::load_side_inputs;
use super::{load_dataset, print_problems_text, summary_line};
use crate::cli::ReportArgs;
use crate::config::ReportConfig;
use crate::error::{Error, ExitCode, Result};
use crate::metrics::{
    self, correlations, interventions, milestones, participation, reliability, scores, trends,
    velocity,
};
use crate::privacy;
use crate::problem::Problem;
use crate::render::{self, charts, html, tables, ReportDir, Results};

/// A team listed in the project file with no responses at all is probably misspelt
/// in the data or the project file; the report still shows it with 0 responses.
fn warn_about_silent_teams(config: &ReportConfig, ds: &mut crate::validate::Dataset) {
    let project = config
        .project
        .as_ref()
        .map_or("project file".to_string(), |p| p.display().to_string());
    for (name, _) in &config.listed_teams {
        let key = crate::schema::compare_key(name);
        if !ds
            .teams
            .iter()
            .any(|t| crate::schema::compare_key(&t.name) == key)
        {
            ds.problems.push(
                Problem::file(
                    &project,
                    format!("responses for team \"{name}\" listed under [teams], but the data has none; it is shown with 0 responses"),
                )
                .warning(),
            );
        }
    }
}

pub fn run(args: ReportArgs, stderr_is_terminal: bool) -> Result<ExitCode> {
    let config = ReportConfig::resolve(args, stderr_is_terminal)?;
    // Refuse an unsafe report folder before any data is read.
    let out_mode = render::plan_output(&config.out, &config.inputs, config.into_existing)?;
    if config.schema.items.is_empty() {
        return Err(Error::Usage(
            "the schema has no items to score; add [[domains]] and [[items]] (a draft from `schema init` may need them)"
                .into(),
        ));
    }
    let steps = config.data.len() as u64 + 4;
    let bar = if config.progress {
        ProgressBar::with_draw_target(Some(steps), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
            .expect("static template")
            .progress_chars("=> "),
    );
    let mut ds = load_dataset(
        &config.data,
        &config.schema,
        &config.options,
        &config.read_options,
        |path| {
            bar.set_message(format!("read {}", path.display()));
            bar.inc(1);
        },
    )?;
    warn_about_silent_teams(&config, &mut ds);
    let side = load_side_inputs(&config, &mut ds)?;
    let errors = ds.error_count();
    if errors > 0 && !config.skip_invalid {
        bar.finish_and_clear();
        print_problems_text(&ds.problems, &mut std::io::stderr().lock())?;
        eprintln!("{}", summary_line(&ds));
        eprintln!(
            "no report written; fix the data, or pass --skip-invalid to leave those rows out"
        );
        return Err(Error::DataProblems { count: errors });
    }
    if ds.responses.is_empty() && ds.aggregated.is_empty() {
        bar.finish_and_clear();
        print_problems_text(&ds.problems, &mut std::io::stderr().lock())?;
        eprintln!("no usable rows in the data; no report written");
        return Err(Error::DataProblems {
            count: errors.max(1),
        });
    }
    for p in ds.problems.iter().filter(|p| !p.is_error()) {
        bar.suspend(|| eprintln!("{p}"));
    }

    bar.set_message("computing scores");
    let schema = &config.schema;
    let d_count = schema.domains.len();
    let (cells, noise) = scores::domain_scores_and_noise(&ds, schema)?;
    let part = participation::participation(&ds, &config.team_sizes, &config.listed_teams);
    let privacy::ScreenedSurvey {
        cells,
        participation: part,
    } = privacy::screen_survey(cells, part, config.min_group_size, d_count);
    let settings = config
        .interventions
        .as_ref()
        .map(|c| c.settings)
        .unwrap_or_default();
    let panels = privacy::panels(&cells, d_count);
    let studies = if side.interventions.is_empty() {
        Vec::new()
    } else {
        bar.set_message("estimating intervention effects");
        interventions::studies(&side.interventions, &panels, &settings)
    };
    let velocity = config
        .adoption
        .as_ref()
        .map(|c| velocity::velocity(&side.adoption, c.rule, &panels));
    let feedback = config.feedback.as_ref().map(|c| {
        let screen = privacy::feedback::screen_rater_groups(&side.ratings, c.min_raters);
        metrics::feedback::feedback(&side.ratings, &c.schema, screen, c.min_raters)
    });
    let growth = match (&config.growth, &side.growth) {
        (Some(c), Some(m)) => Some(milestones::milestones(m, &c.schema, &[])),
        _ => None,
    };
    let milestones = match (&config.milestones, &side.milestones) {
        (Some(c), Some(m)) => Some(milestones::milestones(m, &c.schema, &panels)),
        _ => None,
    };
    let mut quarters: Vec<_> = cells.iter().map(|c| c.item.period).collect();
    quarters.sort_unstable();
    quarters.dedup();
    bar.inc(1);
    bar.set_message("computing trends and correlations");
    let results = Results {
        title: config.title.clone(),
        schema,
        min_group_size: config.min_group_size,
        trends: trends::trends(&cells),
        correlations: correlations::correlations(&cells, d_count, &noise),
        reliability: reliability::reliability(&ds.responses, schema),
        participation: part,
        cells,
        files: ds.files.clone(),
        problems: ds.problems.clone(),
        rows_read: ds.rows_read(),
        rows_skipped: ds.rows_with_errors(),
        quarters,
        interventions: studies,
        window: settings.window,
        velocity,
        milestones,
        people: side.people.clone(),
        feedback,
        competency: metrics::competency::tracks(&side.assessments),
        growth_trends: growth
            .as_ref()
            .map(metrics::growth::trends)
            .unwrap_or_default(),
        growth,
        reflections: {
            let mut r = side.reflections.clone();
            r.sort_by(|a, b| (&a.person, a.date, a.kind).cmp(&(&b.person, b.date, b.kind)));
            r
        },
        target_levels: config.target_levels.clone(),
        influence: config.influence.as_ref().map(|c| {
            metrics::influence::influence(&side.influence, &c.schema, &side.people, panels.last())
        }),
    };
    bar.inc(1);

    bar.set_message("drawing charts");
    let dir = ReportDir::create(&config.out, out_mode)?;
    let mut images = html::Charts::new();
    let mut event_images = Vec::new();
    fs_err::create_dir_all(dir.path("charts"))?;
    for (name, draw) in charts::ALL {
        let path = dir.path(&format!("charts/{name}.png"));
        draw(&results, &path)?;
        if path.exists() {
            images.insert(name, fs_err::read(&path)?);
        }
    }
    for (i, study) in results.interventions.iter().enumerate() {
        let stem = charts::event_study_stem(i, &study.name);
        let path = dir.path(&format!("charts/{stem}.png"));
        charts::event_study(&results, study, &path)?;
        event_images.push(fs_err::read(&path)?);
    }
    if let Some(v) = &results.velocity {
        for (name, draw) in [
            (
                "adoption_curves",
                charts::adoption_curves as charts::VelocityDrawer,
            ),
            ("time_to_consistent_use", charts::time_to_consistent_use),
            ("stick_or_fade", charts::stick_or_fade),
        ] {
            let path = dir.path(&format!("charts/{name}.png"));
            draw(v, &path)?;
            images.insert(name, fs_err::read(&path)?);
        }
    }
    if let Some(m) = &results.milestones {
        let path = dir.path("charts/milestone_timeline.png");
        charts::milestone_timeline(m, &path)?;
        images.insert("milestone_timeline", fs_err::read(&path)?);
    }
    bar.inc(1);

    bar.set_message("writing tables and page");
    dir.write(
        "metrics/domain_scores.csv",
        &tables::domain_scores(&results)?,
    )?;
    dir.write("metrics/trends.csv", &tables::trends(&results)?)?;
    dir.write("metrics/correlations.csv", &tables::correlations(&results)?)?;
    dir.write(
        "metrics/participation.csv",
        &tables::participation(&results)?,
    )?;
    dir.write("metrics/reliability.csv", &tables::reliability(&results)?)?;
    if config.interventions.is_some() {
        dir.write(
            "metrics/interventions.csv",
            &tables::interventions(&results)?,
        )?;
    }
    if config.adoption.is_some() {
        dir.write(
            "metrics/learning_velocity.csv",
            &tables::learning_velocity(&results)?,
        )?;
        dir.write(
            "metrics/practice_adoption.csv",
            &tables::practice_adoption(&results)?,
        )?;
        dir.write(
            "metrics/velocity_factors.csv",
            &tables::velocity_factors(&results)?,
        )?;
        dir.write("metrics/adaptations.csv", &tables::adaptations(&results)?)?;
    }
    if config.milestones.is_some() {
        dir.write("metrics/milestones.csv", &tables::milestones(&results)?)?;
        dir.write(
            "metrics/milestones_summary.csv",
            &tables::milestones_summary(&results)?,
        )?;
        dir.write(
            "metrics/milestone_health.csv",
            &tables::milestone_health(&results)?,
        )?;
    }
    if config.growth.is_some() {
        dir.write(
            "metrics/growth_checklist.csv",
            &tables::growth_checklist(&results)?,
        )?;
        dir.write(
            "metrics/growth_summary.csv",
            &tables::growth_summary(&results)?,
        )?;
        dir.write("metrics/growth_trend.csv", &tables::growth_trend(&results)?)?;
    }
    if config.influence.is_some() {
        dir.write("metrics/influence.csv", &tables::influence(&results)?)?;
        dir.write(
            "metrics/leading_lagging.csv",
            &tables::leading_lagging(&results)?,
        )?;
    }
    if config.competency.is_some() {
        dir.write("metrics/competency.csv", &tables::competency(&results)?)?;
    }
    if config.feedback.is_some() {
        dir.write("metrics/feedback_360.csv", &tables::feedback_360(&results)?)?;
        dir.write(
            "metrics/feedback_others.csv",
            &tables::feedback_others(&results)?,
        )?;
        dir.write(
            "metrics/feedback_gaps.csv",
            &tables::feedback_gaps(&results)?,
        )?;
        dir.write(
            "metrics/feedback_themes.csv",
            &tables::feedback_themes(&results)?,
        )?;
    }
    dir.write("metrics/summary.json", &tables::summary_json(&results)?)?;
    if !results.people.is_empty() {
        fs_err::create_dir_all(dir.path("people"))?;
        for person in &results.people {
            let page = html::person_page_path(&person.id)?;
            let tracks: Vec<_> = results
                .competency
                .iter()
                .filter(|t| t.person == person.id)
                .collect();
            let chart = if tracks.is_empty() {
                None
            } else {
                let path = dir.path(&format!("charts/competency_{}.png", person.id));
                charts::competency_progression(&person.name, &tracks, &path)?;
                Some(fs_err::read(&path)?)
            };
            let quarters: Vec<_> = results
                .influence
                .iter()
                .flat_map(|i| &i.quarters)
                .filter(|q| q.person == person.id)
                .collect();
            let circles = if quarters.is_empty() {
                None
            } else {
                let path = dir.path(&format!("charts/influence_{}.png", person.id));
                charts::influence_circles(&person.name, &quarters, &path)?;
                Some(fs_err::read(&path)?)
            };
            dir.write(
                &page,
                &html::person_page(&results, person, chart.as_deref(), circles.as_deref())?,
            )?;
        }
    }
    dir.write(
        "index.html",
        &html::index_html(&results, &images, &event_images)?,
    )?;
    let out = dir.commit()?;
    bar.inc(1);
    bar.finish_and_clear();

    for h in render::headlines(&results) {
        eprintln!("- {}", h.text);
    }
    if results.rows_skipped > 0 {
        eprintln!(
            "{} row(s) with problems were skipped (listed in the report's data-quality section)",
            results.rows_skipped
        );
    }
    eprintln!("report written to {}", out.display());
    println!("{}", out.join("index.html").display());
    Ok(ExitCode::Ok)
}
