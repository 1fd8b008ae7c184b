//! The report's answers in plain words, built from the screened results. Shared by the
//! HTML page and `summary.json` so both say the same thing.

use super::format::{p_phrase, signed};
use super::Results;
use crate::metrics::correlations::{Kind, Method, SMALL_N};
use crate::metrics::scores::Level;
use crate::metrics::trends::{Status, Trend};
use crate::model::Measure;

#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub topic: &'static str,
    pub text: String,
}

fn org_trends<'r>(r: &'r Results, status: Status) -> Vec<&'r Trend> {
    let mut t: Vec<&Trend> = r
        .survey
        .trends
        .iter()
        .filter(|t| {
            t.level == Level::Organisation
                && matches!(t.measure, Measure::Domain(_))
                && t.status == status
        })
        .collect();
    // Most consistent first, then the steepest slope in the trend's direction (slopes
    // equal to 9 decimals are a tie, kept in domain order: (3.4 - 2.5) / 2 and
    // (3.2 - 2.3) / 2 differ only in the last bit).
    t.sort_by(|a, b| {
        let key = |t: &Trend| {
            (
                t.consistency.unwrap_or(0.0),
                t.slope.map_or(0.0, |s| (s.slope.abs() * 1e9).round()),
            )
        };
        let (ka, kb) = (key(a), key(b));
        kb.0.total_cmp(&ka.0)
            .then(kb.1.total_cmp(&ka.1))
            .then(a.measure.cmp(&b.measure))
    });
    t
}

fn describe(r: &Results, t: &Trend) -> String {
    let changes = t.series.len().saturating_sub(1);
    let with = t
        .consistency
        .map_or(0, |c| (c * changes as f64).round() as usize);
    match t.slope {
        Some(s) => format!(
            "{} ({} a quarter, 95% CI {} to {}; {with} of {changes} quarter-to-quarter changes in that direction)",
            r.measure_name(t.measure),
            signed(s.slope),
            signed(s.ci_low),
            signed(s.ci_high),
        ),
        None => r.measure_name(t.measure).to_string(),
    }
}

fn team_counts(r: &Results, measure: Measure, status: Status) -> (usize, usize) {
    let teams: Vec<&Trend> = r
        .survey
        .trends
        .iter()
        .filter(|t| {
            t.level == Level::Team && t.measure == measure && t.status != Status::NotEnoughData
        })
        .collect();
    (
        teams.iter().filter(|t| t.status == status).count(),
        teams.len(),
    )
}

pub fn headlines(r: &Results) -> Vec<Headline> {
    let mut out = vec![improving_headline(r)];
    out.extend(declining_and_stuck(r));
    out.push(moving_together_headline(r));
    out.extend(reliability_headline(r));
    for section in super::sections::SECTIONS {
        out.extend((section.headline)(r));
    }
    let hidden = r.hidden_cell_count();
    out.push(Headline {
        topic: "privacy",
        text: format!(
            "{hidden} score cell(s) are not shown: fewer than {} respondents, or hidden so a small group cannot be worked out from totals.",
            r.meta.min_group_size
        ),
    });
    out
}

/// What the organisation's trends could have shown: " With these quarters, only a slope
/// of 0.08 to 0.12 a quarter or more would have shown (80% power)." (empty without a
/// slope). A flag not raised is not evidence of no change.
fn detectable_sentence(r: &Results) -> String {
    let sizes: Vec<f64> = r
        .survey
        .trends
        .iter()
        .filter(|t| t.level == Level::Organisation && matches!(t.measure, Measure::Domain(_)))
        .filter_map(|t| t.slope.map(|s| s.detectable()))
        .collect();
    if sizes.is_empty() {
        return String::new();
    }
    let range = crate::render::format::range_text(&sizes);
    format!(
        " With these quarters and respondents, only a slope of about {range} a quarter or more would have shown (80% power); smaller changes may be going on unseen."
    )
}

fn improving_headline(r: &Results) -> Headline {
    let improving = org_trends(r, Status::Improving);
    let text = if improving.is_empty() {
        format!(
            "No domain is improving reliably across the organisation.{}",
            detectable_sentence(r)
        )
    } else {
        let list: Vec<String> = improving.iter().map(|t| describe(r, t)).collect();
        let (k, n) = team_counts(r, improving[0].measure, Status::Improving);
        let every = if improving.len() == r.domain_count() {
            "Every domain improved. "
        } else {
            ""
        };
        format!(
            "{every}Improving most consistently: {}. {} improved in {k} of {n} teams with enough shown quarters.",
            list.join("; "),
            r.measure_name(improving[0].measure)
        )
    };
    Headline {
        topic: "improving",
        text,
    }
}

fn declining_and_stuck(r: &Results) -> Vec<Headline> {
    let mut out = Vec::new();
    for (status, topic, none) in [
        (
            Status::Declining,
            "declining",
            "No domain is declining across the organisation.",
        ),
        (
            Status::Stuck,
            "stuck",
            "No domain is stuck: none is flat within +/-0.1 a quarter.",
        ),
    ] {
        let found = org_trends(r, status);
        let text = if found.is_empty() {
            none.to_string()
        } else {
            let list: Vec<String> = found.iter().map(|t| describe(r, t)).collect();
            let word = if status == Status::Stuck {
                "Stuck (flat, narrow range)"
            } else {
                "Declining"
            };
            format!("{word}: {}.", list.join("; "))
        };
        out.push(Headline { topic, text });
    }
    out
}

fn moving_together_headline(r: &Results) -> Headline {
    let mut together: Vec<_> = r
        .survey
        .correlations
        .iter()
        .filter(|c| {
            c.kind == Kind::Changes
                && c.method == Method::Pearson
                && c.p_adjusted.is_some_and(|p| p < 0.05)
        })
        .collect();
    together.sort_by(|a, b| {
        let ra = a.result.map_or(0.0, |x| x.r.abs());
        let rb = b.result.map_or(0.0, |x| x.r.abs());
        rb.total_cmp(&ra).then((a.a, a.b).cmp(&(b.a, b.b)))
    });
    let teams: std::collections::BTreeSet<&str> = r
        .survey
        .cells
        .iter()
        .filter_map(|c| c.shown())
        .filter(|c| c.level == Level::Team)
        .map(|c| c.unit.as_str())
        .collect();
    let text = if teams.len() < 2 {
        format!(
            "How changes in one domain go with changes in others needs more than one team: this report has {}.",
            if teams.is_empty() { "none shown" } else { "one" }
        )
    } else if together.is_empty() {
        format!(
            "No pair of domains changes together reliably (Pearson r of quarter-to-quarter changes, BH-adjusted p < 0.05).{}",
            moving_together_power(r)
        )
    } else {
        let list: Vec<String> = together
            .iter()
            .map(|c| {
                let res = c.result.expect("filtered on p_adjusted");
                let warn = if c.n < SMALL_N { ", small sample" } else { "" };
                format!(
                    "{} and {} (r = {:.2}, n = {}, adjusted p {}{warn})",
                    r.domain_name(c.a),
                    r.domain_name(c.b),
                    res.r,
                    c.n,
                    p_phrase(c.p_adjusted.unwrap_or(1.0))
                )
            })
            .collect();
        format!("Domains whose changes move together: {}.", list.join("; "))
    };
    Headline {
        topic: "moving_together",
        text,
    }
}

/// What the change correlations could have shown: the detectable r of the tested pairs,
/// or that none up to 1 could be found (a flag not raised is not evidence of no relation).
fn moving_together_power(r: &Results) -> String {
    let changes = || {
        r.survey
            .correlations
            .iter()
            .filter(|c| c.kind == Kind::Changes && c.method == Method::Pearson)
    };
    let sizes: Vec<f64> = changes().filter_map(|c| c.detectable).collect();
    if !sizes.is_empty() {
        return format!(
            " With these teams, only a correlation of about {} or more between two domains' real changes would have shown (80% power); weaker ones may be going on unseen.",
            crate::render::format::range_text(&sizes)
        );
    }
    if changes().any(|c| c.p_adjusted.is_some()) {
        " With these teams even a perfect correlation between two domains' real changes would show less than four times in five: a missing finding says little here.".into()
    } else {
        " No pair could be tested: the domains' changes cannot be told from the respondents' sampling noise, or there are too few.".into()
    }
}

fn reliability_headline(r: &Results) -> Option<Headline> {
    let flagged: Vec<String> = r
        .survey
        .reliability
        .iter()
        .filter(|x| x.flagged())
        .map(|x| {
            format!(
                "{} (alpha {:.2})",
                r.domain_name(x.domain),
                x.alpha.unwrap_or(0.0)
            )
        })
        .collect();
    (!flagged.is_empty()).then(|| Headline {
        topic: "reliability",
        text: format!(
            "Items do not hang together well (Cronbach's alpha below 0.7) in: {}. Read these domains with care.",
            flagged.join(", ")
        ),
    })
}
