//! 360-feedback metrics per person, quarter, dimension and rater group: raters, mean,
//! spread, agreement (r_wg), change since the previous quarter; the self-vs-others gap
//! with blind spots and hidden strengths; "others" for merged small groups; and the
//! most frequent meaningful comment terms. Only groups the privacy screen shows enter, and
//! within a shown group a dimension needs `min_raters` answers (raters who said "not
//! observed" do not count), so no value stands on fewer raters than a group may.

use crate::model::Perspective;
use std::collections::BTreeMap;

use super::stats::{mean_sd, t_quantile};
use crate::model::Quarter;
use crate::model::{GroupKey, GroupStatus};
use crate::schema::Schema;
use crate::validate::feedback::Rating;

/// A blind spot or hidden strength needs at least this many other raters; with fewer
/// (the manager alone, say) the gap is a number, not a finding.
pub const MIN_RATERS_FOR_FINDING: usize = 3;
/// The others' sd used for the threshold is at least this share of the scale's range
/// (0.6 points on 1-5). Answers are whole points, so three raters agree exactly by
/// chance often; a zero sd would call every gap a finding. Chosen by the calibration
/// suite: with it the false-alarm rate stays at or below 5% for 3-8 raters.
pub const SD_FLOOR_SHARE: f64 = 0.15;

/// The gap beyond which self differs from `k` others with spread `sd`: the 95%
/// prediction interval of one more rating from the others' distribution,
/// `t(0.975, k - 1) * sd * sqrt(1 + 1/k)`, with `sd` at least the floor. A self-rating
/// drawn from the same distribution as the others crosses it 5% of the time.
pub fn finding_threshold(k: usize, sd: f64, scale_range: f64) -> f64 {
    let sd = sd.max(SD_FLOOR_SHARE * scale_range);
    let k = k as f64;
    t_quantile(0.975, k - 1.0) * sd * (1.0 + 1.0 / k).sqrt()
}

/// The smallest true gap found four times in five against `k` others with spread `sd`:
/// the threshold plus `t(0.80, k - 1)` prediction standard errors, i.e. the threshold
/// times `1 + t(0.80, k - 1) / t(0.975, k - 1)` (self taken as one more rating, shifted).
/// `None` with too few raters for a finding, or when even the largest gap the scale
/// allows would be found less often.
pub fn detectable_gap(k: usize, sd: Option<f64>, scale_range: f64) -> Option<f64> {
    if k < MIN_RATERS_FOR_FINDING {
        return None;
    }
    let df = k as f64 - 1.0;
    let threshold = finding_threshold(k, sd.unwrap_or(0.0), scale_range);
    let d = threshold * (1.0 + t_quantile(0.80, df) / t_quantile(0.975, df));
    (d <= scale_range).then_some(d)
}

/// The threshold (none with too few raters) and the finding for a self-minus-others
/// `gap` against `raters` others with spread `sd`.
pub fn judge_gap(
    gap: f64,
    raters: usize,
    sd: Option<f64>,
    scale_range: f64,
) -> (Option<f64>, Finding) {
    let threshold = (raters >= MIN_RATERS_FOR_FINDING)
        .then(|| finding_threshold(raters, sd.unwrap_or(0.0), scale_range));
    let finding = match threshold {
        None => Finding::TooFewRaters,
        Some(t) if gap > t + 1e-9 => Finding::BlindSpot,
        Some(t) if gap < -t - 1e-9 => Finding::HiddenStrength,
        Some(_) => Finding::Aligned,
    };
    (threshold, finding)
}
/// Terms listed per perspective and quarter.
pub const TOP_TERMS: usize = 5;

/// One shown rater group's view of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupScore {
    pub person: String,
    pub quarter: Quarter,
    pub dimension: usize,
    pub perspective: Perspective,
    pub raters: usize,
    pub mean: f64,
    pub sd: Option<f64>,
    /// r_wg(J) against the uniform null (see [`rwg_j`]); two raters or more.
    pub agreement: Option<f64>,
    /// Mean minus the same group's mean in the latest earlier quarter with one.
    pub change: Option<f64>,
}

/// Small groups of one person's quarter, pooled. The pool's rater count is not kept: with
/// each pooled group under the minimum, it would pin their counts (4 from two groups
/// under 3 is 2 + 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Others {
    pub person: String,
    pub quarter: Quarter,
    pub perspectives: Vec<Perspective>,
    /// Mean of each rater's mean over the dimensions they were asked.
    pub mean: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    BlindSpot,
    HiddenStrength,
    Aligned,
    /// Compared with fewer than [`MIN_RATERS_FOR_FINDING`] raters: no finding.
    TooFewRaters,
}

impl Finding {
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::BlindSpot => "blind_spot",
            Finding::HiddenStrength => "hidden_strength",
            Finding::Aligned => "aligned",
            Finding::TooFewRaters => "too_few_raters",
        }
    }
}

/// Self against the perspective asked about a dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub person: String,
    pub quarter: Quarter,
    pub dimension: usize,
    pub perspective: Perspective,
    pub self_score: f64,
    pub others: f64,
    pub gap: f64,
    /// The gap a finding needs (see [`finding_threshold`]); none with too few raters.
    pub threshold: Option<f64>,
    pub finding: Finding,
    /// The smallest true gap found four times in five (see [`detectable_gap`]).
    pub detectable: Option<f64>,
}

/// A frequent comment term of one perspective (or "others") in one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub quarter: Quarter,
    /// A perspective's `as_str()`, or `others`.
    pub group: String,
    pub term: String,
    pub count: usize,
}

/// A comment that may be shown, with the group it is shown under.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownComment {
    pub person: String,
    pub quarter: Quarter,
    pub group: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct FeedbackResults {
    /// Dimension names and the perspective asked about each, in schema order.
    pub dimensions: Vec<(String, Option<Perspective>)>,
    pub groups: Vec<GroupScore>,
    /// Every rater group with its status (for the table of what is hidden).
    pub screen: BTreeMap<GroupKey, (usize, GroupStatus)>,
    pub others: Vec<Others>,
    pub gaps: Vec<Gap>,
    pub themes: Vec<Theme>,
    pub comments: Vec<ShownComment>,
}

/// Words too common to say anything about a person.
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "are", "was", "were", "has", "have", "had", "not",
    "but", "you", "your", "they", "them", "their", "she", "her", "his", "him", "our", "out", "all",
    "can", "could", "would", "should", "will", "more", "most", "very", "really", "also", "from",
    "into", "about", "when", "what", "which", "who", "how", "than", "then", "there", "here",
    "been", "being", "its", "it's", "just", "some", "any", "much", "many", "always", "often",
    "does", "did", "doing", "get", "gets", "got", "one", "two", "too", "we", "me", "my", "is",
    "it", "of", "to", "in", "on", "at", "as", "be", "or", "an", "a",
];

fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-').to_lowercase())
        .filter(|w| w.chars().count() >= 3 && !STOP_WORDS.contains(&w.as_str()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// r_wg(J) (James, Demaree & Wolf 1984) of a group of raters on a dimension of J items,
/// against the uniform null of a scale with `points` points: with `x` the mean of the
/// items' rater variances over σ²_EU = (points² - 1) / 12,
/// `J (1 - x) / (J (1 - x) + x)`, and 0 when the raters disagree more than the null
/// (x >= 1). One item gives the single-item `1 - s² / σ²_EU`. `items` holds, per item,
/// the answers of the group's raters; items with fewer than two answers are left out,
/// and with none left the agreement is unknown.
pub fn rwg_j(items: &[Vec<f64>], points: f64) -> Option<f64> {
    let expected = (points * points - 1.0) / 12.0;
    let variances: Vec<f64> = items
        .iter()
        .filter_map(|answers| mean_sd(answers)?.1)
        .map(|sd| sd * sd)
        .collect();
    if variances.is_empty() {
        return None;
    }
    let x = variances.iter().sum::<f64>() / variances.len() as f64 / expected;
    if x >= 1.0 {
        return Some(0.0);
    }
    let j = items.len() as f64;
    Some(j * (1.0 - x) / (j * (1.0 - x) + x))
}

/// A shown group's raters of one dimension: their dimension score and their rating.
type Raters<'r> = Vec<(f64, &'r Rating)>;

/// The ratings sorted by what the privacy screen lets through.
struct Sorted<'r> {
    /// Shown groups: (person, dimension, perspective) -> quarter -> raters.
    shown: BTreeMap<(String, usize, Perspective), BTreeMap<Quarter, Raters<'r>>>,
    /// Small groups pooled: (person, quarter) -> perspectives and each rater's mean.
    merged: BTreeMap<(String, Quarter), (Vec<Perspective>, Vec<f64>)>,
    comments: Vec<ShownComment>,
}

fn sort_ratings<'r>(
    ratings: &'r [Rating],
    screen: &BTreeMap<GroupKey, (usize, GroupStatus)>,
) -> Sorted<'r> {
    let mut sorted = Sorted {
        shown: BTreeMap::new(),
        merged: BTreeMap::new(),
        comments: Vec::new(),
    };
    for r in ratings {
        let status = screen
            .get(&(r.person.clone(), r.quarter, r.perspective))
            .map_or(GroupStatus::Suppressed, |s| s.1);
        let group = match status {
            GroupStatus::Shown => {
                for (d, s) in r.scores.iter().enumerate() {
                    if let Some(s) = s {
                        sorted
                            .shown
                            .entry((r.person.clone(), d, r.perspective))
                            .or_default()
                            .entry(r.quarter)
                            .or_default()
                            .push((*s, r));
                    }
                }
                r.perspective.as_str()
            }
            GroupStatus::MergedIntoOthers => {
                let own: Vec<f64> = r.scores.iter().flatten().copied().collect();
                let entry = sorted
                    .merged
                    .entry((r.person.clone(), r.quarter))
                    .or_default();
                if !entry.0.contains(&r.perspective) {
                    entry.0.push(r.perspective);
                }
                if !own.is_empty() {
                    entry.1.push(own.iter().sum::<f64>() / own.len() as f64);
                }
                "others"
            }
            GroupStatus::Suppressed => continue,
        };
        if let Some(c) = &r.comment {
            sorted.comments.push(ShownComment {
                person: r.person.clone(),
                quarter: r.quarter,
                group: group.to_string(),
                text: c.clone(),
            });
        }
    }
    sorted
}

/// Every shown group's score per quarter, sorted by person, quarter, dimension and
/// perspective. Self and manager are one person each and shown as they are; every other
/// group's value needs `min_raters` answers to that dimension.
fn group_scores(
    shown: &BTreeMap<(String, usize, Perspective), BTreeMap<Quarter, Raters>>,
    schema: &Schema,
    min_raters: usize,
) -> Vec<GroupScore> {
    let enough = |p: Perspective, answers: usize| !p.needs_minimum() || answers >= min_raters;
    let points = schema.scale.max - schema.scale.min + 1.0;
    let mut groups = Vec::new();
    for ((person, dimension, perspective), by_quarter) in shown {
        let mut previous: Option<f64> = None;
        for (quarter, raters) in by_quarter {
            if !enough(*perspective, raters.len()) {
                continue;
            }
            let scores: Vec<f64> = raters.iter().map(|r| r.0).collect();
            let Some((mean, sd)) = mean_sd(&scores) else {
                continue;
            };
            let items: Vec<Vec<f64>> = schema
                .items_of(*dimension)
                .map(|i| {
                    raters
                        .iter()
                        .filter_map(|r| r.1.items.get(i).copied().flatten())
                        .collect()
                })
                .collect();
            groups.push(GroupScore {
                person: person.clone(),
                quarter: *quarter,
                dimension: *dimension,
                perspective: *perspective,
                raters: scores.len(),
                mean,
                sd,
                agreement: rwg_j(&items, points),
                change: previous.map(|p| mean - p),
            });
            previous = Some(mean);
        }
    }
    groups.sort_by(|a, b| {
        (&a.person, a.quarter, a.dimension, a.perspective).cmp(&(
            &b.person,
            b.quarter,
            b.dimension,
            b.perspective,
        ))
    });
    groups
}

/// Self against the perspective asked about each dimension, judged by [`judge_gap`].
fn self_gaps(groups: &[GroupScore], schema: &Schema) -> Vec<Gap> {
    let range = schema.scale.max - schema.scale.min;
    let by_key: BTreeMap<(&str, Quarter, usize, Perspective), &GroupScore> = groups
        .iter()
        .map(|g| {
            (
                (g.person.as_str(), g.quarter, g.dimension, g.perspective),
                g,
            )
        })
        .collect();
    let mut gaps = Vec::new();
    for g in groups
        .iter()
        .filter(|g| g.perspective == Perspective::SelfRating)
    {
        let Some(asked) = schema.domains[g.dimension].perspective else {
            continue;
        };
        let Some(o) = by_key.get(&(g.person.as_str(), g.quarter, g.dimension, asked)) else {
            continue;
        };
        let gap = g.mean - o.mean;
        let (threshold, finding) = judge_gap(gap, o.raters, o.sd, range);
        gaps.push(Gap {
            person: g.person.clone(),
            quarter: g.quarter,
            dimension: g.dimension,
            perspective: asked,
            self_score: g.mean,
            others: o.mean,
            gap,
            threshold,
            finding,
            detectable: detectable_gap(o.raters, o.sd, range),
        });
    }
    gaps
}

/// The pooled small groups with at least `min_raters` raters who answered.
fn pooled_others(
    merged: BTreeMap<(String, Quarter), (Vec<Perspective>, Vec<f64>)>,
    min_raters: usize,
) -> Vec<Others> {
    merged
        .into_iter()
        .filter(|(_, (_, means))| !means.is_empty() && means.len() >= min_raters)
        .map(|((person, quarter), (mut perspectives, means))| {
            perspectives.sort();
            Others {
                person,
                quarter,
                perspectives,
                mean: means.iter().sum::<f64>() / means.len() as f64,
            }
        })
        .collect()
}

/// The most frequent meaningful terms per quarter and group (twice at least).
fn comment_themes(comments: &[ShownComment]) -> Vec<Theme> {
    let mut counts: BTreeMap<(Quarter, String), BTreeMap<String, usize>> = BTreeMap::new();
    for c in comments {
        let by_term = counts.entry((c.quarter, c.group.clone())).or_default();
        for t in terms(&c.text) {
            *by_term.entry(t).or_default() += 1;
        }
    }
    let mut themes = Vec::new();
    for ((quarter, group), by_term) in counts {
        let mut list: Vec<(String, usize)> = by_term.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (term, count) in list.into_iter().filter(|t| t.1 >= 2).take(TOP_TERMS) {
            themes.push(Theme {
                quarter,
                group: group.clone(),
                term,
                count,
            });
        }
    }
    themes
}

pub fn feedback(
    ratings: &[Rating],
    schema: &Schema,
    screen: BTreeMap<GroupKey, (usize, GroupStatus)>,
    min_raters: usize,
) -> FeedbackResults {
    let Sorted {
        shown,
        merged,
        mut comments,
    } = sort_ratings(ratings, &screen);
    let groups = group_scores(&shown, schema, min_raters);
    let gaps = self_gaps(&groups, schema);
    let others = pooled_others(merged, min_raters);
    // A pool too thin to show its mean shows no comments either.
    comments.retain(|c| {
        c.group != "others"
            || others
                .iter()
                .any(|o| o.person == c.person && o.quarter == c.quarter)
    });
    // Comments are listed in text order, never in rater (submission) order.
    comments.sort_by(|a, b| {
        (&a.person, a.quarter, &a.group, &a.text).cmp(&(&b.person, b.quarter, &b.group, &b.text))
    });
    FeedbackResults {
        dimensions: schema
            .domains
            .iter()
            .map(|d| (d.name.clone(), d.perspective))
            .collect(),
        themes: comment_themes(&comments),
        groups,
        screen,
        others,
        gaps,
        comments,
    }
}

#[cfg(test)]
mod tests;
