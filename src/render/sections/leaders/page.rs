//! Leaders' pages: the 360 overview on `index.html` and one portfolio page per person,
//! `people/<id>.html`. Ids were checked safe when the people list was read; the page
//! name is checked again here before anything is written.

use std::collections::BTreeSet;

use minijinja::Environment;
use serde::Serialize;

use super::super::PageInputs;

use crate::error::{Error, Result};
use crate::metrics::feedback::{FeedbackResults, Finding, MIN_RATERS_FOR_FINDING};
use crate::metrics::growth::MIN_MONTHS;
use crate::model::Perspective;
use crate::model::Quarter;
use crate::model::{is_safe_id, Person};
use crate::render::format::signed;
use crate::render::Results;

const PERSON_TEMPLATE: &str = include_str!("person.html");

/// The page of a person, relative to the report folder.
pub fn person_page_path(id: &str) -> Result<String> {
    if is_safe_id(id) {
        Ok(format!("people/{id}.html"))
    } else {
        Err(Error::Usage(format!(
            "person id \"{id}\" cannot name a page; ids are letters, digits, '.', '_' and '-'"
        )))
    }
}

#[derive(Serialize)]
pub struct PersonRow {
    id: String,
    name: String,
    team: String,
    latest: String,
    blind_spots: String,
    hidden_strengths: String,
}

fn findings(f: &FeedbackResults, person: &str, quarter: Quarter, kind: Finding) -> Vec<String> {
    f.gaps
        .iter()
        .filter(|g| g.person == person && g.quarter == quarter && g.finding == kind)
        .map(|g| f.dimensions[g.dimension].0.clone())
        .collect()
}

fn latest_quarter(f: &FeedbackResults, person: &str) -> Option<Quarter> {
    f.groups
        .iter()
        .filter(|g| g.person == person)
        .map(|g| g.quarter)
        .max()
}

/// Rows of the people table on `index.html`.
/// The fragment's context: the people list, leading and lagging indicators and the
/// feedback themes; none without people.
pub(super) fn view(p: &PageInputs) -> Option<minijinja::Value> {
    let people = people_rows(p.r);
    if people.is_empty() {
        return None;
    }
    Some(minijinja::context! {
        people,
        leading_lagging => leading_lagging_rows(p.r),
        feedback_themes => theme_rows(p.r),
    })
}

fn people_rows(r: &Results) -> Vec<PersonRow> {
    let empty = FeedbackResults::default();
    let f = r.sections.feedback.as_ref().unwrap_or(&empty);
    r.people()
        .iter()
        .map(|p| {
            let latest = latest_quarter(f, &p.id);
            let list = |kind| {
                latest
                    .map(|q| findings(f, &p.id, q, kind).join(", "))
                    .unwrap_or_default()
            };
            PersonRow {
                id: p.id.clone(),
                name: p.name.clone(),
                team: p.team.clone().unwrap_or_default(),
                latest: latest.map_or("no 360 yet".into(), |q| q.label()),
                blind_spots: list(Finding::BlindSpot),
                hidden_strengths: list(Finding::HiddenStrength),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct QuarterView {
    quarter: String,
    /// Per dimension: name, asked perspective, self, the asked group, gap, finding.
    rows: Vec<Vec<String>>,
    others: Option<String>,
    hidden: Vec<String>,
    comments: Vec<(String, String)>,
}

fn quarter_view(f: &FeedbackResults, person: &str, q: Quarter) -> QuarterView {
    let score = |d: usize, p: Perspective| {
        f.groups.iter().find(|g| {
            g.person == person && g.quarter == q && g.dimension == d && g.perspective == p
        })
    };
    let rows = f
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, (name, asked))| {
            let own = score(d, Perspective::SelfRating);
            let theirs = asked.and_then(|p| score(d, p));
            let gap = f
                .gaps
                .iter()
                .find(|g| g.person == person && g.quarter == q && g.dimension == d);
            vec![
                name.clone(),
                asked.map_or(String::new(), |p| p.label().to_string()),
                own.map_or("–".into(), |g| format!("{:.2}", g.mean)),
                theirs.map_or("not shown".into(), |g| {
                    let change = g
                        .change
                        .map_or(String::new(), |c| format!(", {} since last", signed(c)));
                    format!(
                        "{:.2} ({} rater{}{change})",
                        g.mean,
                        g.raters,
                        if g.raters == 1 { "" } else { "s" }
                    )
                }),
                gap.map_or("–".into(), |g| signed(g.gap)),
                gap.map_or(String::new(), |g| match g.finding {
                    Finding::BlindSpot => "blind spot".into(),
                    Finding::HiddenStrength => "hidden strength".into(),
                    Finding::TooFewRaters => "too few raters".into(),
                    Finding::Aligned => String::new(),
                }),
            ]
        })
        .collect();
    let others = f
        .others
        .iter()
        .find(|o| o.person == person && o.quarter == q)
        .map(|o| {
            format!(
                "{:.2} from {} pooled (each too few to show alone; together enough, how many is not given)",
                o.mean,
                o.perspectives
                    .iter()
                    .map(|p| p.label())
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        });
    let hidden = f
        .screen
        .iter()
        .filter(|((p, quarter, _), (_, status))| {
            p == person && *quarter == q && *status == crate::model::GroupStatus::Suppressed
        })
        .map(|((_, _, perspective), _)| perspective.label().to_string())
        .collect();
    let comments = f
        .comments
        .iter()
        .filter(|c| c.person == person && c.quarter == q)
        .map(|c| (c.group.replace('_', " "), c.text.clone()))
        .collect();
    QuarterView {
        quarter: q.label(),
        rows,
        others,
        hidden,
        comments,
    }
}

/// The tracking table as managers know it: competency, stage six months ago, current
/// stage, evidence, next target, and whether it is stuck.
fn competency_rows(r: &Results, person: &str) -> Vec<Vec<String>> {
    use crate::model::STAGES;
    let stage = |s: u8| format!("{s} {}", STAGES[usize::from(s) - 1]);
    r.tracks()
        .iter()
        .filter(|t| t.person == person)
        .map(|t| {
            vec![
                t.competency.clone(),
                t.six_months_ago.map_or("–".into(), stage),
                stage(t.current),
                t.evidence.clone().unwrap_or_default(),
                t.next_target.clone().unwrap_or_default(),
                if t.stuck {
                    "stuck".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect()
}

/// The growth-indicator checklist of a person: a row per category, and the trend in words.
fn growth_view(r: &Results, person: &str) -> (Vec<Vec<String>>, Option<String>) {
    let Some(m) = &r.sections.growth else {
        return (Vec::new(), None);
    };
    let rows = m
        .checklists
        .teams
        .iter()
        .filter(|t| t.team == person)
        .map(|t| crate::render::sections::milestones::category_cells(&m.checklists, t))
        .collect();
    let trend = m.trends.iter().find(|t| t.person == person).map(|t| {
        let slope = t
            .slope
            .map_or(format!("a trend needs at least {MIN_MONTHS} months"), |s| {
                format!(
                    "{} indicators a month (95% CI {} to {})",
                    signed(s.slope),
                    signed(s.ci_low),
                    signed(s.ci_high)
                )
            });
        let best: Vec<String> = t
            .best_months
            .iter()
            .map(|(m, n)| format!("{} ({n})", m.label()))
            .collect();
        format!(
            "Over {} months: {slope}. Months with the most indicators ticked: {}.",
            t.months,
            best.join(", ")
        )
    });
    (rows, trend)
}

/// Influence and pipeline of a person: quarters as columns, a row per circle, measure
/// and the leading/lagging balance.
fn influence_view(r: &Results, person: &str) -> (Vec<String>, Vec<Vec<String>>) {
    use crate::schema::{Circle, Indicator};
    let Some(inf) = &r.sections.influence else {
        return (Vec::new(), Vec::new());
    };
    let quarters: Vec<_> = inf.quarters.iter().filter(|q| q.person == person).collect();
    if quarters.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let head = quarters.iter().map(|q| q.quarter.label()).collect();
    let num = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.0}"));
    let mut rows = Vec::new();
    for (i, c) in Circle::ALL.iter().enumerate() {
        let mut row = vec![format!("{} circle (total)", c.as_str())];
        row.extend(quarters.iter().map(|q| num(q.circles[i])));
        rows.push(row);
    }
    for (m, (name, indicator, circle)) in inf.measures.iter().enumerate() {
        let kind = match indicator {
            Indicator::Leading => "leading",
            Indicator::Lagging => "lagging",
        };
        let where_ = circle.map_or(String::new(), |c| format!(", {}", c.as_str()));
        let mut row = vec![format!("{name} ({kind}{where_})")];
        row.extend(quarters.iter().map(|q| {
            q.values[m].map_or("–".to_string(), |v| {
                if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.2}")
                }
            })
        }));
        rows.push(row);
    }
    let mut balance = vec!["Leading share of activity".to_string()];
    balance.extend(quarters.iter().map(|q| {
        q.leading_share()
            .map_or("–".into(), |s| format!("{:.0}%", s * 100.0))
    }));
    rows.push(balance);
    (head, rows)
}

#[derive(Serialize)]
struct ReflectionView {
    date: String,
    kind: &'static str,
    text: Option<String>,
    story: Vec<(&'static str, String)>,
}

/// Reflections, reviews and stories; annual reviews are in their year's section instead.
fn reflections_view(r: &Results, person: &str) -> Vec<ReflectionView> {
    use crate::model::ANNUAL_REVIEW;
    r.sections
        .people
        .iter()
        .flat_map(|p| &p.reflections)
        .filter(|x| x.person == person && x.kind != ANNUAL_REVIEW)
        .map(reflection_view)
        .collect()
}

fn reflection_view(x: &crate::model::Reflection) -> ReflectionView {
    ReflectionView {
        date: x.date.to_string(),
        kind: crate::model::KINDS[x.kind],
        text: x.text.clone(),
        story: x.story.clone(),
    }
}

/// One calendar year of a person's annual career reviews, beside what the records say
/// of that year: how each competency assessed in it moved, and the influence totals of
/// its quarters.
#[derive(Serialize)]
struct YearView {
    year: i32,
    reviews: Vec<ReflectionView>,
    /// "System design: 2 Conscious Incompetence → 3 Conscious Competence".
    competency: Vec<String>,
    /// (measure, total over the year's recorded quarters).
    influence: Vec<(String, String)>,
    influence_quarters: usize,
}

fn years_view(r: &Results, person: &str) -> Vec<YearView> {
    use crate::model::{ANNUAL_REVIEW, STAGES};
    use chrono::Datelike;
    let reviews: Vec<_> = r
        .sections
        .people
        .iter()
        .flat_map(|p| &p.reflections)
        .filter(|x| x.person == person && x.kind == ANNUAL_REVIEW)
        .collect();
    let years: BTreeSet<i32> = reviews.iter().map(|x| x.date.year()).collect();
    let stage = |s: u8| format!("{s} {}", STAGES[usize::from(s) - 1]);
    years
        .into_iter()
        .map(|year| {
            let competency = r
                .tracks()
                .iter()
                .filter(|t| t.person == person)
                .filter_map(|t| {
                    let within: Vec<u8> = t
                        .history
                        .iter()
                        .filter(|(d, _)| d.year() == year)
                        .map(|(_, s)| *s)
                        .collect();
                    let end = *within.last()?;
                    // From the last stage before the year, else the year's first.
                    let start = t
                        .history
                        .iter()
                        .rev()
                        .find(|(d, _)| d.year() < year)
                        .map_or(within[0], |(_, s)| *s);
                    Some(if start == end {
                        format!("{}: stayed at {}", t.competency, stage(end))
                    } else {
                        format!("{}: {} → {}", t.competency, stage(start), stage(end))
                    })
                })
                .collect();
            let (influence, influence_quarters) = year_influence(r, person, year);
            YearView {
                year,
                reviews: reviews
                    .iter()
                    .filter(|x| x.date.year() == year)
                    .map(|x| reflection_view(x))
                    .collect(),
                competency,
                influence,
                influence_quarters,
            }
        })
        .collect()
}

/// The influence totals of a person's quarters in `year`: each circle, and the leading
/// and lagging activity; with the number of quarters recorded.
fn year_influence(r: &Results, person: &str, year: i32) -> (Vec<(String, String)>, usize) {
    use crate::schema::Circle;
    let Some(inf) = &r.sections.influence else {
        return (Vec::new(), 0);
    };
    let quarters: Vec<_> = inf
        .quarters
        .iter()
        .filter(|q| q.person == person && q.quarter.0.div_euclid(4) == year)
        .collect();
    if quarters.is_empty() {
        return (Vec::new(), 0);
    }
    let total = |v: f64| format!("{v:.0}");
    let mut rows: Vec<(String, String)> = Circle::ALL
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let values: Vec<f64> = quarters.iter().filter_map(|q| q.circles[i]).collect();
            (!values.is_empty())
                .then(|| (format!("{} circle", c.as_str()), total(values.iter().sum())))
        })
        .collect();
    rows.push((
        "Leading activity".into(),
        total(quarters.iter().map(|q| q.leading).sum()),
    ));
    rows.push((
        "Lagging outcomes".into(),
        total(quarters.iter().map(|q| q.lagging).sum()),
    ));
    (rows, quarters.len())
}

/// Gaps for the person's target level: competencies whose expected stage (from the
/// project's `[target_levels]`) is above the current one, or not yet assessed.
fn target_gaps(r: &Results, person: &Person) -> (Option<String>, Vec<Vec<String>>) {
    use crate::model::STAGES;
    use crate::text::compare_key;
    let Some(target) = &person.target else {
        return (None, Vec::new());
    };
    let levels = r.sections.people.as_ref().map(|p| &p.target_levels);
    let Some(expected) = levels.and_then(|l| l.get(&compare_key(target))) else {
        return (None, Vec::new());
    };
    let stage = |s: u8| format!("{s} {}", STAGES[usize::from(s) - 1]);
    let rows = expected
        .iter()
        .map(|(competency, want)| {
            let current = r
                .tracks()
                .iter()
                .find(|t| t.person == person.id && compare_key(&t.competency) == *competency);
            let name = current.map_or(competency.clone(), |t| t.competency.clone());
            let (now, gap) = match current {
                Some(t) if t.current >= *want => (stage(t.current), "met".to_string()),
                Some(t) => (
                    stage(t.current),
                    format!("{} stage(s) to go", want - t.current),
                ),
                None => ("not assessed".to_string(), "no evidence yet".to_string()),
            };
            vec![name, stage(*want), now, gap]
        })
        .collect();
    (Some(target.clone()), rows)
}

/// `people/<id>.html`: the person's evidence file. `competency_chart` and
/// `influence_chart` are the PNGs of the person's progression and circles of influence,
/// when they have the records.
pub fn person_page(
    r: &Results,
    person: &Person,
    competency_chart: Option<&[u8]>,
    influence_chart: Option<&[u8]>,
) -> Result<Vec<u8>> {
    let mut env = Environment::new();
    env.add_template("person.html", PERSON_TEMPLATE)?;
    let empty = FeedbackResults::default();
    let f = r.sections.feedback.as_ref().unwrap_or(&empty);
    let quarters: BTreeSet<Quarter> = f
        .groups
        .iter()
        .filter(|g| g.person == person.id)
        .map(|g| g.quarter)
        .collect();
    let quarters: Vec<QuarterView> = quarters
        .into_iter()
        .rev()
        .map(|q| quarter_view(f, &person.id, q))
        .collect();
    let (target, target_gaps) = target_gaps(r, person);
    let (growth, growth_trend) = growth_view(r, &person.id);
    let (influence_head, influence) = influence_view(r, &person.id);
    let ctx = minijinja::context! {
        title => r.meta.title,
        person => minijinja::context! {
            id => person.id,
            name => person.name,
            team => person.team,
            role => person.role,
        },
        quarters,
        min_raters_for_finding => MIN_RATERS_FOR_FINDING,
        competency => competency_rows(r, &person.id),
        reflections => reflections_view(r, &person.id),
        years => years_view(r, &person.id),
        target,
        target_gaps,
        growth,
        influence_head,
        influence,
        growth_trend,
        competency_chart => competency_chart.map(crate::render::html::data_uri),
        influence_chart => influence_chart.map(crate::render::html::data_uri),
    };
    Ok(env.get_template("person.html")?.render(ctx)?.into_bytes())
}

/// The strongest lagged correlations for the index page: every one with adjusted p below
/// 0.05, else the five strongest, each with its n and warning.
fn leading_lagging_rows(r: &Results) -> Vec<Vec<String>> {
    use crate::metrics::influence::SMALL_N;
    let Some(inf) = &r.sections.influence else {
        return Vec::new();
    };
    let mut with: Vec<_> = inf.lagged.iter().filter(|l| l.result.is_some()).collect();
    with.sort_by(|a, b| {
        a.p_adjusted
            .unwrap_or(1.0)
            .total_cmp(&b.p_adjusted.unwrap_or(1.0))
            .then((a.leading, a.lagging, a.lag).cmp(&(b.leading, b.lagging, b.lag)))
    });
    let reliable = with
        .iter()
        .filter(|l| l.p_adjusted.is_some_and(|p| p < 0.05))
        .count();
    with.truncate(reliable.max(5));
    with.into_iter()
        .map(|l| {
            let c = l.result.expect("filtered");
            vec![
                inf.measures[l.leading].0.clone(),
                inf.measures[l.lagging].0.clone(),
                format!("{} quarter{}", l.lag, if l.lag == 1 { "" } else { "s" }),
                l.n.to_string(),
                format!("{:.2}", c.r),
                l.p_adjusted
                    .map_or("–".into(), crate::render::format::p_text),
                l.detectable.map_or("–".into(), |d| format!("{d:.2}")),
                if l.n < SMALL_N {
                    "small sample".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect()
}

/// Comment themes for the index page: one row per quarter and rater group, its terms
/// with their counts in one cell.
fn theme_rows(r: &Results) -> Vec<Vec<String>> {
    let Some(f) = &r.sections.feedback else {
        return Vec::new();
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for t in &f.themes {
        let key = (t.quarter.label(), t.group.replace('_', " "));
        let term = format!("{} ({})", t.term, t.count);
        match rows.last_mut() {
            Some(row) if row[0] == key.0 && row[1] == key.1 => {
                row[2].push_str(", ");
                row[2].push_str(&term);
            }
            _ => rows.push(vec![key.0, key.1, term]),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_come_only_from_safe_ids() {
        assert_eq!(person_page_path("p-01").unwrap(), "people/p-01.html");
        assert!(person_page_path("../x").is_err());
        assert!(person_page_path("a/b").is_err());
    }
}
