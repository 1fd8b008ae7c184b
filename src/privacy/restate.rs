//! A restated history (`report --restate`): a quarter an earlier report in the same
//! folder published is published again with the current structure and settings, but only
//! when its responses are the ones it was first published from and every version of the
//! quarter ever published, read together, singles out nobody.
//!
//! Whether the responses are the same is told by a fingerprint of each quarter's
//! responses, kept beside the report folder (never in it: a fingerprint changes when a
//! hidden answer does, so a report carrying one would show that it changed). Whether the
//! versions together single out nobody is the union rule over all of them: with the
//! responses the same, each team's respondents are one unknown, every shown figure of
//! every version is a sum over the teams it covers, and the teams that every shown
//! figure covers alike (the same figures of every version) can only be learnt together.
//! Each such block must hold no respondents or at least the minimum.

use crate::model::Quarter;
use std::collections::{BTreeMap, BTreeSet};

use super::published::{QuarterRecord, OVERALL};
use crate::metrics::scores::Level;
use crate::schema::Schema;
use crate::validate::Dataset;

/// Each quarter's fingerprint (label -> hex): a hash of its responses (team, answers,
/// ticked boxes, comments with their topics and flags), its hand-kept rows, and of the
/// schema's questions, their domains and the share of a domain's questions a score
/// needs. It does not depend on the order of rows or files; any changed, added or
/// removed response changes it.
pub fn fingerprints(ds: &Dataset, schema: &Schema) -> BTreeMap<String, String> {
    use rayon::prelude::*;
    const CHUNK: usize = 1 << 15;
    let r = &ds.responses;
    // Chunks of responses hashed on every core; the sums add up in any order.
    let chunks: Vec<usize> = (0..r.len()).step_by(CHUNK).collect();
    let mut sums = chunks
        .into_par_iter()
        .map(|start| responses_hashed(ds, start..(start + CHUNK).min(r.len())))
        .reduce(BTreeMap::new, |mut a, b| {
            for (q, set) in b {
                a.entry(q).or_insert_with(Multiset::default).merge(&set);
            }
            a
        });
    let mut bytes = Vec::new();
    for row in &ds.aggregated {
        bytes.clear();
        bytes.push(0xff);
        put_text(&mut bytes, &ds.teams[row.team as usize].name);
        bytes.extend_from_slice(&row.respondents.map_or(u64::MAX, u64::from).to_le_bytes());
        for m in &row.means {
            bytes.extend_from_slice(&m.unwrap_or(f64::NAN).to_bits().to_le_bytes());
        }
        sums.entry(row.period).or_default().add(&bytes);
    }
    let mut instrument = Vec::new();
    for item in &schema.items {
        put_text(&mut instrument, &item.id);
        put_text(&mut instrument, &schema.domains[item.domain].id);
    }
    instrument.extend_from_slice(&schema.min_answered_share.to_bits().to_le_bytes());
    sums.into_iter()
        .map(|(q, set)| {
            let mut h = blake3::Hasher::new();
            h.update(&instrument);
            h.update(&set.count.to_le_bytes());
            for lane in set.lanes {
                h.update(&lane.to_le_bytes());
            }
            (q.label(), h.finalize().to_hex().to_string())
        })
        .collect()
}

/// The multiset hash of each quarter's responses in `rows`.
fn responses_hashed(ds: &Dataset, rows: std::ops::Range<usize>) -> BTreeMap<Quarter, Multiset> {
    let r = &ds.responses;
    let mut sums: BTreeMap<Quarter, Multiset> = BTreeMap::new();
    // Comments are in response order.
    let first = r
        .comments
        .partition_point(|c| (c.response as usize) < rows.start);
    let mut comments = r.comments[first..].iter().peekable();
    let mut bytes = Vec::new();
    for i in rows {
        bytes.clear();
        put_text(&mut bytes, &ds.teams[r.team[i] as usize].name);
        for column in &r.items {
            let v = column[i];
            // Every missing answer is one value, whatever NaN bits it carries.
            let v = if v.is_nan() { f32::NAN } else { v };
            bytes.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        for boxes in &r.checkboxes {
            bytes.extend_from_slice(&boxes[i].to_le_bytes());
        }
        while let Some(c) = comments.next_if(|c| c.response as usize == i) {
            bytes.extend_from_slice(&c.column.to_le_bytes());
            put_text(&mut bytes, &c.text);
            bytes.push(u8::from(c.flagged));
            bytes.extend_from_slice(&(c.topics.len() as u64).to_le_bytes());
            for t in &c.topics {
                put_text(&mut bytes, t);
            }
        }
        sums.entry(r.period[i]).or_default().add(&bytes);
    }
    sums
}

fn put_text(bytes: &mut Vec<u8>, s: &str) {
    bytes.extend_from_slice(&(s.len() as u64).to_le_bytes());
    bytes.extend_from_slice(s.as_bytes());
}

/// An order-free hash of a multiset of rows: the lane-wise sum (mod 2^64) of each row's
/// 256-bit hash, and the count.
#[derive(Default)]
struct Multiset {
    lanes: [u64; 4],
    count: u64,
}

impl Multiset {
    fn add(&mut self, row: &[u8]) {
        let hash = blake3::hash(row);
        for (lane, chunk) in self.lanes.iter_mut().zip(hash.as_bytes().chunks_exact(8)) {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            *lane = lane.wrapping_add(word);
        }
        self.count += 1;
    }

    fn merge(&mut self, other: &Multiset) {
        for (lane, o) in self.lanes.iter_mut().zip(other.lanes) {
            *lane = lane.wrapping_add(o);
        }
        self.count += other.count;
    }
}

/// One kind of figure a unit's respondents add up in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Figure {
    /// A domain's score cells (Overall as [`OVERALL`]), by id.
    Domain(String),
    /// A question's cells, by id.
    Question(String),
    Participation,
    Comments,
}

/// A quarter's team figures with their respondent counts, hidden ones included.
#[derive(Debug, Default)]
pub struct TeamFigures {
    /// (domain id, team, respondents).
    pub cells: Vec<(String, String, u32)>,
    /// (question id, team, respondents).
    pub items: Vec<(String, String, u32)>,
    /// (team, responses).
    pub responses: Vec<(String, u32)>,
}

impl TeamFigures {
    /// Each team's respondents in each kind of figure.
    fn weights(&self) -> BTreeMap<(Figure, &str), u32> {
        let mut w = BTreeMap::new();
        for (domain, team, n) in &self.cells {
            w.insert((Figure::Domain(domain.clone()), team.as_str()), *n);
        }
        for (item, team, n) in &self.items {
            w.insert((Figure::Question(item.clone()), team.as_str()), *n);
        }
        for (team, n) in &self.responses {
            w.insert((Figure::Participation, team.as_str()), *n);
            w.insert((Figure::Comments, team.as_str()), *n);
        }
        w
    }
}

/// The shown figures of every version that cover a team: (version, unit).
type Pattern<'a> = Vec<(usize, Level, &'a str)>;

/// The smallest groups the report may show.
#[derive(Debug, Clone, Copy)]
pub struct Minimums {
    pub group: u32,
    pub comments: u32,
}

/// Why `versions` (every version of a quarter published, the new one among them) would
/// single someone out together, or `None` when they would not.
pub fn singles_out(
    versions: &[&QuarterRecord],
    now: &TeamFigures,
    min: Minimums,
) -> Option<String> {
    let weights = now.weights();
    let shown: Vec<BTreeMap<Figure, BTreeSet<(Level, &str)>>> =
        versions.iter().map(|v| shown_figures(v)).collect();
    let parents: Vec<BTreeMap<(Level, &str), Option<&str>>> = versions
        .iter()
        .map(|v| {
            v.participation
                .iter()
                .map(|p| {
                    (
                        (p.place.level, p.place.unit.as_str()),
                        p.place.group.as_deref(),
                    )
                })
                .collect()
        })
        .collect();
    // Per kind of figure, the teams with the same shown figures in every version.
    let mut blocks: BTreeMap<(&Figure, Pattern), u64> = BTreeMap::new();
    for ((figure, team), &n) in &weights {
        if n == 0 {
            continue;
        }
        let mut pattern = Vec::new();
        for (v, parents) in parents.iter().enumerate() {
            let Some(chain) = chain(parents, team) else {
                return Some(format!(
                    "an earlier version of it does not place team {team} in the organisation"
                ));
            };
            let shown = shown[v].get(figure);
            for unit in chain {
                if shown.is_some_and(|s| s.contains(&unit)) {
                    pattern.push((v, unit.0, unit.1));
                }
            }
        }
        if !pattern.is_empty() {
            *blocks.entry((figure, pattern)).or_default() += u64::from(n);
        }
    }
    let found = blocks.into_iter().find_map(|((figure, _), n)| {
        let least = match figure {
            Figure::Comments => min.comments,
            _ => min.group,
        };
        (n < u64::from(least)).then(|| {
            format!(
                "restating it would single out a group of fewer than {least} respondents in its {}",
                figure.describe()
            )
        })
    });
    found
}

impl Figure {
    fn describe(&self) -> String {
        match self {
            Figure::Domain(d) if d == OVERALL => "Overall scores".to_string(),
            Figure::Domain(d) => format!("scores of domain `{d}`"),
            Figure::Question(q) => format!("answers to question `{q}`"),
            Figure::Participation => "participation".to_string(),
            Figure::Comments => "comments".to_string(),
        }
    }
}

/// The units whose figures of each kind a version shows.
fn shown_figures(v: &QuarterRecord) -> BTreeMap<Figure, BTreeSet<(Level, &str)>> {
    let mut shown: BTreeMap<Figure, BTreeSet<(Level, &str)>> = BTreeMap::new();
    fn unit(p: &super::published::Place) -> (Level, &str) {
        (p.level, p.unit.as_str())
    }
    for c in v.cells.iter().filter(|c| c.shown.is_some()) {
        shown
            .entry(Figure::Domain(c.domain.clone()))
            .or_default()
            .insert(unit(&c.place));
    }
    for i in v.items.iter().filter(|i| i.cell.shown.is_some()) {
        shown
            .entry(Figure::Question(i.cell.domain.clone()))
            .or_default()
            .insert(unit(&i.cell.place));
    }
    for p in v.participation.iter().filter(|p| p.responses.is_some()) {
        shown
            .entry(Figure::Participation)
            .or_default()
            .insert(unit(&p.place));
    }
    for c in &v.comments {
        shown
            .entry(Figure::Comments)
            .or_default()
            .insert(unit(&c.place));
    }
    shown
}

/// A team and every unit above it in a version's structure (a team rolls up into its
/// group, a group into its parent group, either into the organisation without one);
/// `None` when the version does not place the team.
fn chain<'a>(
    parents: &BTreeMap<(Level, &'a str), Option<&'a str>>,
    team: &'a str,
) -> Option<Vec<(Level, &'a str)>> {
    let (&first, _) = parents.get_key_value(&(Level::Team, team))?;
    let mut chain = vec![first];
    let mut at = first;
    while at.0 != Level::Organisation && chain.len() <= parents.len() {
        let next = match parents.get(&at)? {
            Some(g) => parents.get_key_value(&(Level::Group, *g))?.0,
            // The top unit (a scoped report's top is its unit, not the organisation).
            None => parents.keys().find(|k| k.0 == Level::Organisation)?,
        };
        chain.push(*next);
        at = *next;
    }
    Some(chain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::participation::Participation;
    use crate::metrics::scores::Cell;
    use crate::model::{Hidden, Screened};
    use crate::privacy::published::{keep_published, Instrument, Now, Publication};
    use crate::privacy::ScreenedSurvey;

    const MIN: Minimums = Minimums {
        group: 5,
        comments: 5,
    };

    /// A unit of one version: level, name, the group it rolls up into, respondents,
    /// and whether it is shown.
    type Unit = (Level, &'static str, Option<&'static str>, u32, bool);

    /// One quarter's survey: a cell of one domain and a participation row per unit,
    /// hidden where `units` says, with a mean that depends on the respondents.
    fn survey(units: &[Unit]) -> ScreenedSurvey {
        let q = Quarter(2025 * 4);
        let hidden = |shown: bool| (!shown).then_some(Hidden::SmallGroup);
        ScreenedSurvey {
            cells: units
                .iter()
                .map(|&(level, unit, group, n, shown)| {
                    Screened::new(
                        Cell {
                            level,
                            unit: unit.into(),
                            group: group.map(str::to_string),
                            period: q,
                            measure: crate::model::Measure::Domain(0),
                            n,
                            mean: 2.0 + f64::from(n) / 10.0,
                            sd: None,
                            ci: None,
                            favourable: None,
                            n_unknown: false,
                        },
                        hidden(shown),
                    )
                })
                .collect(),
            participation: units
                .iter()
                .map(|&(level, unit, group, n, shown)| {
                    Screened::new(
                        Participation {
                            level,
                            unit: unit.into(),
                            group: group.map(str::to_string),
                            period: q,
                            responses: n,
                            size: None,
                        },
                        hidden(shown),
                    )
                })
                .collect(),
            items: Vec::new(),
        }
    }

    fn ids() -> Instrument {
        Instrument {
            domains: vec!["alpha".into()],
            items: Vec::new(),
        }
    }

    fn record(units: &[Unit]) -> QuarterRecord {
        QuarterRecord::of(&survey(units), &[], &ids(), Quarter(2025 * 4))
    }

    fn team_figures(units: &[Unit]) -> TeamFigures {
        let teams = units.iter().filter(|u| u.0 == Level::Team);
        TeamFigures {
            cells: teams
                .clone()
                .map(|u| ("alpha".to_string(), u.1.to_string(), u.3))
                .collect(),
            items: Vec::new(),
            responses: teams.map(|u| (u.1.to_string(), u.3)).collect(),
        }
    }

    use Level::{Group, Organisation as Org, Team};

    /// Four hidden teams of 3: a, b under G and c, d under H (6 each, shown).
    const V1: &[Unit] = &[
        (Org, "Organisation", None, 12, true),
        (Group, "G", None, 6, true),
        (Group, "H", None, 6, true),
        (Team, "a", Some("G"), 3, false),
        (Team, "b", Some("G"), 3, false),
        (Team, "c", Some("H"), 3, false),
        (Team, "d", Some("H"), 3, false),
    ];
    /// All four under G.
    const V2: &[Unit] = &[
        (Org, "Organisation", None, 12, true),
        (Group, "G", None, 12, true),
        (Team, "a", Some("G"), 3, false),
        (Team, "b", Some("G"), 3, false),
        (Team, "c", Some("G"), 3, false),
        (Team, "d", Some("G"), 3, false),
    ];
    /// a, c under G and b, d under H.
    const V3: &[Unit] = &[
        (Org, "Organisation", None, 12, true),
        (Group, "G", None, 6, true),
        (Group, "H", None, 6, true),
        (Team, "a", Some("G"), 3, false),
        (Team, "c", Some("G"), 3, false),
        (Team, "b", Some("H"), 3, false),
        (Team, "d", Some("H"), 3, false),
    ];

    /// By hand: V1 with V2 leaves blocks {a, b} (G and H of V1 tell them from c, d; V2
    /// tells nothing more) and {c, d}, 6 each. V2 with V3: {a, c} and {b, d}, 6 each. V1
    /// with V3: G1 - G3 = b - c, and with H1 and H3 every team is its own block of 3
    /// (a: G1 G3; b: G1 H3; c: H1 G3; d: H1 H3); so are all three together.
    #[test]
    fn versions_together_single_out_a_team_that_each_pair_with_the_middle_does_not() {
        let (v1, v2, v3) = (record(V1), record(V2), record(V3));
        let now = team_figures(V1);
        assert_eq!(singles_out(&[&v1, &v2], &now, MIN), None);
        assert_eq!(singles_out(&[&v2, &v3], &now, MIN), None);
        let why = singles_out(&[&v1, &v3], &now, MIN).expect("a, b, c, d apart");
        assert_eq!(
            why,
            "restating it would single out a group of fewer than 5 respondents in its scores of domain `alpha`"
        );
        assert!(singles_out(&[&v1, &v2, &v3], &now, MIN).is_some());
        // A group of 6 passes a minimum of 6 and not of 7.
        let seven = Minimums { group: 7, ..MIN };
        assert!(singles_out(&[&v1, &v2], &now, seven).is_some());
        let six = Minimums { group: 6, ..MIN };
        assert_eq!(singles_out(&[&v1, &v2], &now, six), None);
    }

    /// A team the earlier version does not place cannot be checked: not restated.
    #[test]
    fn a_team_an_earlier_version_does_not_place_stops_a_restatement() {
        let mut v1 = record(V1);
        v1.participation.retain(|p| p.place.unit != "d");
        let why = singles_out(&[&v1, &record(V2)], &team_figures(V2), MIN).unwrap();
        assert!(why.contains("team d"), "{why}");
    }

    /// Three runs into one folder with the same responses (one fingerprint): the second
    /// restates V1 as V2 and keeps V1 as its earlier version; the third's V3 would be
    /// safe beside V2 alone but not beside V1, so the quarter stays as V2, and the
    /// survey holds V2's figures.
    #[test]
    fn a_restatement_is_checked_against_every_version_published_before() {
        let label = "2025-Q1".to_string();
        let now = Now {
            fingerprints: [(label.clone(), "f".to_string())].into(),
            restate: Some(MIN),
        };
        let run = |units: &[Unit], before: Option<&Publication>| {
            let mut s = survey(units);
            let (record, revisited) = keep_published(&mut s, &mut Vec::new(), &ids(), before, &now);
            (s, record, revisited)
        };
        let (_, first, _) = run(V1, None);
        assert_eq!(first.fingerprints[&label], "f");
        let (_, second, revisited) = run(V2, Some(&first));
        assert_eq!(revisited.restated, ["2025-Q1"]);
        assert!(revisited.kept.is_empty());
        let q = &second.quarters[&label];
        assert_eq!(q.earlier, [record(V1)]);
        let (s, third, revisited) = run(V3, Some(&second));
        assert!(revisited.restated.is_empty());
        assert_eq!(revisited.kept.len(), 1);
        assert!(
            revisited.kept[0]
                .reason
                .starts_with("not restated: restating it would single out"),
            "{:?}",
            revisited.kept
        );
        assert_eq!(third.quarters[&label], *q, "the record stays V2 with V1");
        let g: Vec<u32> = s
            .cells
            .iter()
            .filter(|c| c.unscreened().unit == "G")
            .map(|c| c.unscreened().n)
            .collect();
        assert_eq!(g, [12], "V2's G is published");
        // Without V1 in the record, V3 would have been restated.
        let mut forgetful = second.clone();
        forgetful.quarters.get_mut(&label).unwrap().earlier.clear();
        let (_, _, revisited) = run(V3, Some(&forgetful));
        assert_eq!(revisited.restated, ["2025-Q1"]);
    }

    /// Without the fingerprint a quarter was published from, or with another one (its
    /// responses changed), nothing is restated, whatever the structure.
    #[test]
    fn changed_or_unknown_responses_are_never_restated() {
        let label = "2025-Q1".to_string();
        let mut first = Publication::default();
        first.quarters.insert(label.clone(), record(V1));
        for (then, why) in [
            (
                None,
                "the fingerprint of the responses it was published from is missing",
            ),
            (Some("e"), "its responses changed since it was published"),
        ] {
            first.fingerprints = then
                .map(|f| (label.clone(), f.to_string()))
                .into_iter()
                .collect();
            let now = Now {
                fingerprints: [(label.clone(), "f".to_string())].into(),
                restate: Some(MIN),
            };
            let mut s = survey(V2);
            let (record, revisited) =
                keep_published(&mut s, &mut Vec::new(), &ids(), Some(&first), &now);
            assert!(
                revisited.kept[0].reason.contains(why),
                "{:?}",
                revisited.kept
            );
            // The kept quarter keeps the fingerprint it was published from.
            assert_eq!(record.fingerprints.get(&label).map(String::as_str), then);
        }
    }
}
