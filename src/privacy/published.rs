//! Successive reports are one publication. A report folder keeps a record of what it
//! published per quarter (`published.json`: every shown number and every suppression
//! decision, never a hidden value); the next report to that folder publishes each
//! recorded quarter exactly as recorded when its figures would differ (a late response,
//! a removed row, a changed org file or manager ids, other settings), so no difference
//! between two reports exists to subtract. It decides what is shown; it computes nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::restate::{singles_out, Minimums, TeamFigures};
use super::ScreenedSurvey;
use crate::metrics::comments::UnitComments;
use crate::metrics::participation::Participation;
use crate::metrics::scores::{Cell, ItemCell, Level};
use crate::model::{Hidden, KeptQuarter, Measure, Quarter, Revisited, Screened};

/// The record's file name inside a report folder.
pub const FILE: &str = "published.json";

/// Everything a report folder published, per quarter label.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    pub quarters: BTreeMap<String, QuarterRecord>,
    /// The fingerprint of the responses each quarter's figures come from (see
    /// [`restate::fingerprints`]); kept beside the report folder, never in it.
    #[serde(skip)]
    pub fingerprints: BTreeMap<String, String>,
}

/// The ids the records use for domains (Overall as [`OVERALL`]) and items, so a record
/// keeps its meaning when the schema gains or loses one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Instrument {
    pub domains: Vec<String>,
    pub items: Vec<String>,
}

/// Overall's id in a record.
pub const OVERALL: &str = "*overall";

impl Instrument {
    /// The id a domain cell's measure (a domain or Overall) is recorded under.
    fn domain_id(&self, measure: Measure) -> String {
        match measure.domain() {
            Some(d) => self.domains[d].clone(),
            None => OVERALL.to_string(),
        }
    }

    /// The measure recorded under `id`, if the schema still has it.
    fn domain_measure(&self, id: &str) -> Option<Measure> {
        if id == OVERALL {
            return Some(Measure::Overall);
        }
        self.domains
            .iter()
            .position(|d| d == id)
            .map(Measure::Domain)
    }
}

/// One quarter's published survey figures and decisions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuarterRecord {
    pub cells: Vec<CellRecord>,
    pub participation: Vec<ParticipationRecord>,
    pub items: Vec<ItemRecord>,
    pub comments: Vec<CommentRecord>,
    /// The versions of this quarter published before a restated one, earliest first:
    /// a later restatement is checked against all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<QuarterRecord>,
}

/// A unit's place: level, name and the group it rolls up into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub level: Level,
    pub unit: String,
    pub group: Option<String>,
}

/// A score cell as published: its values when shown, its reason when hidden. Numbers
/// are kept as text with ten decimals (see [`text`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRecord {
    #[serde(flatten)]
    pub place: Place,
    /// The domain's id (a question's id for a question cell).
    pub domain: String,
    pub hidden: Option<Hidden>,
    pub shown: Option<CellValues>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellValues {
    pub n: u32,
    pub mean: String,
    pub sd: Option<String>,
    pub ci: Option<(String, String)>,
    pub favourable: Option<String>,
    pub n_unknown: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipationRecord {
    #[serde(flatten)]
    pub place: Place,
    pub hidden: Option<Hidden>,
    /// Responses when shown.
    pub responses: Option<u32>,
    pub size: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub cell: CellRecord,
    /// Neutral and unfavourable shares and answers per point, when shown.
    pub shown: Option<(String, String, Vec<u32>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentRecord {
    #[serde(flatten)]
    pub place: Place,
    pub comments: Vec<(u16, String)>,
    pub flagged: u32,
    pub topics: BTreeMap<String, u32>,
}

/// A number as the record keeps it: ten decimals, six more than any table prints. The
/// last bits of a sum depend on the order its terms were added in, and so on the order
/// of hidden answers; ten decimals hide that and keep every printed digit.
fn text(x: f64) -> String {
    format!("{x:.10}")
}

fn number(s: &str) -> f64 {
    // Written by `text`; anything else is a damaged record, read as missing.
    s.parse().unwrap_or(f64::NAN)
}

fn place(level: Level, unit: &str, group: &Option<String>) -> Place {
    Place {
        level,
        unit: unit.to_string(),
        group: group.clone(),
    }
}

fn cell_record(c: &Screened<Cell>, domain: String) -> CellRecord {
    let i = &c.unscreened();
    CellRecord {
        place: place(i.level, &i.unit, &i.group),
        domain,
        hidden: c.hidden(),
        shown: c.is_shown().then(|| CellValues {
            n: i.n,
            mean: text(i.mean),
            sd: i.sd.map(text),
            ci: i.ci.map(|(a, b)| (text(a), text(b))),
            favourable: i.favourable.map(text),
            n_unknown: i.n_unknown,
        }),
    }
}

/// A recorded cell back as a screened cell; a hidden one has no values (n 0, mean NaN),
/// which nothing reads: every output reads shown cells only.
fn cell_of(r: &CellRecord, period: Quarter, measure: Measure) -> Screened<Cell> {
    let v = r.shown.as_ref();
    Screened::new(
        Cell {
            level: r.place.level,
            unit: r.place.unit.clone(),
            group: r.place.group.clone(),
            period,
            measure,
            n: v.map_or(0, |v| v.n),
            mean: v.map_or(f64::NAN, |v| number(&v.mean)),
            sd: v.and_then(|v| v.sd.as_deref().map(number)),
            ci: v.and_then(|v| v.ci.as_ref().map(|(a, b)| (number(a), number(b)))),
            favourable: v.and_then(|v| v.favourable.as_deref().map(number)),
            n_unknown: v.is_some_and(|v| v.n_unknown),
        },
        r.hidden,
    )
}

impl QuarterRecord {
    /// What the screened survey and the comment lists publish for quarter `q`.
    pub fn of(
        survey: &ScreenedSurvey,
        comments: &[UnitComments],
        ids: &Instrument,
        q: Quarter,
    ) -> QuarterRecord {
        QuarterRecord {
            cells: survey
                .cells
                .iter()
                .filter(|c| c.unscreened().period == q)
                .map(|c| cell_record(c, ids.domain_id(c.unscreened().measure)))
                .collect(),
            participation: survey
                .participation
                .iter()
                .filter(|p| p.unscreened().period == q)
                .map(|p| ParticipationRecord {
                    place: place(
                        p.unscreened().level,
                        &p.unscreened().unit,
                        &p.unscreened().group,
                    ),
                    hidden: p.hidden(),
                    responses: p.is_shown().then_some(p.unscreened().responses),
                    size: p.unscreened().size,
                })
                .collect(),
            items: survey
                .items
                .iter()
                .filter(|i| i.unscreened().cell.period == q)
                .map(|i| ItemRecord {
                    cell: cell_record(
                        &Screened::new(i.unscreened().cell.clone(), i.hidden()),
                        ids.items[i.unscreened().item()].clone(),
                    ),
                    shown: i.is_shown().then(|| {
                        (
                            text(i.unscreened().neutral),
                            text(i.unscreened().unfavourable),
                            i.unscreened().counts.clone(),
                        )
                    }),
                })
                .collect(),
            comments: comments
                .iter()
                .filter(|c| c.period == q)
                .map(|c| CommentRecord {
                    place: place(c.level, &c.unit, &c.group),
                    comments: c.comments.clone(),
                    flagged: c.flagged,
                    topics: c.topics.clone(),
                })
                .collect(),
            earlier: Vec::new(),
        }
    }

    /// Whether two versions publish the same figures and decisions.
    fn same_figures(&self, other: &QuarterRecord) -> bool {
        self.cells == other.cells
            && self.participation == other.participation
            && self.items == other.items
            && self.comments == other.comments
    }

    /// The team figures of quarter `q` in `survey`, hidden ones with their counts.
    fn team_figures(survey: &ScreenedSurvey, ids: &Instrument, q: Quarter) -> TeamFigures {
        let team = |c: &Cell| c.level == Level::Team && c.period == q;
        TeamFigures {
            cells: survey
                .cells
                .iter()
                .filter(|c| team(c.unscreened()))
                .map(|c| {
                    (
                        ids.domain_id(c.unscreened().measure),
                        c.unscreened().unit.clone(),
                        c.unscreened().n,
                    )
                })
                .collect(),
            items: survey
                .items
                .iter()
                .filter(|i| team(&i.unscreened().cell))
                .map(|i| {
                    let c = &i.unscreened().cell;
                    (
                        ids.items[i.unscreened().item()].clone(),
                        c.unit.clone(),
                        c.n,
                    )
                })
                .collect(),
            responses: survey
                .participation
                .iter()
                .filter(|p| p.unscreened().level == Level::Team && p.unscreened().period == q)
                .map(|p| (p.unscreened().unit.clone(), p.unscreened().responses))
                .collect(),
        }
    }

    /// This version first, then the earlier ones.
    fn versions(&self) -> impl Iterator<Item = &QuarterRecord> {
        std::iter::once(self).chain(&self.earlier)
    }

    /// This version with no earlier ones.
    fn alone(&self) -> QuarterRecord {
        QuarterRecord {
            earlier: Vec::new(),
            ..self.clone()
        }
    }

    /// Put this record's figures for quarter `q` in place of whatever `survey` and
    /// `comments` hold for it. Figures of a domain or question the schema no longer has
    /// are left out (leaving out reveals nothing).
    fn restore(
        &self,
        q: Quarter,
        ids: &Instrument,
        survey: &mut ScreenedSurvey,
        comments: &mut Vec<UnitComments>,
    ) {
        survey.cells.retain(|c| c.unscreened().period != q);
        survey.cells.extend(
            self.cells
                .iter()
                .filter_map(|r| Some(cell_of(r, q, ids.domain_measure(&r.domain)?))),
        );
        survey.participation.retain(|p| p.unscreened().period != q);
        survey
            .participation
            .extend(self.participation.iter().map(|r| {
                Screened::new(
                    Participation {
                        level: r.place.level,
                        unit: r.place.unit.clone(),
                        group: r.place.group.clone(),
                        period: q,
                        responses: r.responses.unwrap_or(0),
                        size: r.size,
                    },
                    r.hidden,
                )
            }));
        survey.items.retain(|i| i.unscreened().cell.period != q);
        survey.items.extend(self.items.iter().filter_map(|r| {
            let item = ids.items.iter().position(|i| *i == r.cell.domain)?;
            let cell = cell_of(&r.cell, q, Measure::Item(item));
            let hidden = cell.hidden();
            let (neutral, unfavourable, counts) = r
                .shown
                .as_ref()
                .map_or((f64::NAN, f64::NAN, Vec::new()), |(a, b, c)| {
                    (number(a), number(b), c.clone())
                });
            Some(Screened::new(
                ItemCell {
                    cell: cell.into_unscreened(),
                    neutral,
                    unfavourable,
                    counts,
                },
                hidden,
            ))
        }));
        comments.retain(|c| c.period != q);
        comments.extend(self.comments.iter().map(|r| UnitComments {
            level: r.place.level,
            unit: r.place.unit.clone(),
            group: r.place.group.clone(),
            period: q,
            comments: r.comments.clone(),
            flagged: r.flagged,
            topics: r.topics.clone(),
        }));
    }

    /// Every unit with the roll-up it is under, for the note.
    fn places(&self) -> BTreeSet<(Level, &str, Option<&str>)> {
        self.participation
            .iter()
            .map(|p| {
                (
                    p.place.level,
                    p.place.unit.as_str(),
                    p.place.group.as_deref(),
                )
            })
            .collect()
    }

    /// The organisation's shown responses, for the note.
    fn responses(&self) -> Option<u32> {
        self.participation
            .iter()
            .find(|p| p.place.level == Level::Organisation)
            .and_then(|p| p.responses)
    }
}

/// What this run brings to the quarters an earlier report published.
#[derive(Debug, Clone, Default)]
pub struct Now {
    /// The fingerprint of each quarter's responses now.
    pub fingerprints: BTreeMap<String, String>,
    /// Restate recorded quarters whose figures differ (`--restate`), with these
    /// minimums, where that singles out nobody.
    pub restate: Option<Minimums>,
}

/// Publish every recorded quarter as recorded where its new figures differ, or restate
/// it when asked and it singles out nobody. Returns the new record (every quarter now
/// published, with the fingerprints of the responses behind it) and which recorded
/// quarters were kept (with why) or restated.
pub fn keep_published(
    survey: &mut ScreenedSurvey,
    comments: &mut Vec<UnitComments>,
    ids: &Instrument,
    before: Option<&Publication>,
    now: &Now,
) -> (Publication, Revisited) {
    let mut quarters: BTreeSet<Quarter> =
        survey.cells.iter().map(|c| c.unscreened().period).collect();
    quarters.extend(survey.participation.iter().map(|p| p.unscreened().period));
    // Each quarter's record is made once: compared with the earlier one, and written.
    let mut records: BTreeMap<String, QuarterRecord> = quarters
        .iter()
        .map(|&q| (q.label(), QuarterRecord::of(survey, comments, ids, q)))
        .collect();
    let mut fingerprints = now.fingerprints.clone();
    fingerprints.retain(|label, _| records.contains_key(label));
    let mut revisited = Revisited::default();
    let Some(before) = before else {
        return (
            Publication {
                quarters: records,
                fingerprints,
            },
            revisited,
        );
    };
    for (label, old) in &before.quarters {
        let Some(q) = Quarter::parse(label) else {
            continue;
        };
        let then = before.fingerprints.get(label);
        let new = records.get(label);
        if new.is_some_and(|new| new.same_figures(old)) {
            // Published again as it was, with its earlier versions. Its fingerprint is
            // the one its figures were first published from (figures can stay the same
            // when a hidden answer changes).
            match then {
                Some(f) => fingerprints.insert(label.clone(), f.clone()),
                None if old.earlier.is_empty() => None,
                None => fingerprints.remove(label),
            };
            records.insert(label.clone(), old.clone());
            continue;
        }
        let reason = match restate(label, q, (old, then), new, survey, ids, now) {
            Ok(restated) => {
                records.insert(label.clone(), restated);
                revisited.restated.push(label.clone());
                continue;
            }
            Err(why) => why,
        };
        old.restore(q, ids, survey, comments);
        records.insert(label.clone(), old.clone());
        match then {
            Some(f) => fingerprints.insert(label.clone(), f.clone()),
            None => fingerprints.remove(label),
        };
        revisited.kept.push(KeptQuarter {
            quarter: label.clone(),
            reason,
        });
    }
    if !revisited.kept.is_empty() {
        sort(survey, comments);
    }
    (
        Publication {
            quarters: records,
            fingerprints,
        },
        revisited,
    )
}

/// A recorded quarter whose figures differ now (`new`, none without data): restated,
/// keeping the earlier versions, when asked and it singles out nobody; else why it is
/// kept as published.
fn restate(
    label: &str,
    q: Quarter,
    (old, then): (&QuarterRecord, Option<&String>),
    new: Option<&QuarterRecord>,
    survey: &ScreenedSurvey,
    ids: &Instrument,
    now: &Now,
) -> Result<QuarterRecord, String> {
    let Some(new) = new else {
        return Err("no data for it now".to_string());
    };
    let Some(min) = now.restate else {
        return Err(changed(old, new));
    };
    let team_figures = QuarterRecord::team_figures(survey, ids, q);
    let fingerprint = now.fingerprints.get(label);
    restatable(old, new, then, fingerprint, &team_figures, min)?;
    let mut restated = new.clone();
    restated.earlier = old.earlier.clone();
    restated.earlier.insert(0, old.alone());
    Ok(restated)
}

/// Why a recorded quarter's figures differ now.
fn changed(old: &QuarterRecord, new: &QuarterRecord) -> String {
    match (old.responses(), new.responses()) {
        (Some(a), Some(b)) if a != b => format!("{b} responses now, {a} when published"),
        _ if old.places() != new.places() => "the organisation's structure changed".to_string(),
        _ => "its data or the settings changed".to_string(),
    }
}

/// Whether `new` may replace `old` (and its earlier versions): the responses are the
/// ones its figures were published from, and all versions together single out nobody.
fn restatable(
    old: &QuarterRecord,
    new: &QuarterRecord,
    then: Option<&String>,
    now: Option<&String>,
    team_figures: &TeamFigures,
    min: Minimums,
) -> Result<(), String> {
    match (then, now) {
        (None, _) => {
            return Err(format!(
            "not restated: the fingerprint of the responses it was published from is missing ({})",
            changed(old, new)
        ))
        }
        (Some(a), Some(b)) if a == b => {}
        _ => {
            return Err(format!(
                "not restated: its responses changed since it was published ({})",
                changed(old, new)
            ))
        }
    }
    let versions: Vec<&QuarterRecord> = old.versions().chain([new]).collect();
    match singles_out(&versions, team_figures, min) {
        Some(why) => Err(format!("not restated: {why}")),
        None => Ok(()),
    }
}

/// The order every table is built in: level, unit, quarter, then domain or item.
fn sort(survey: &mut ScreenedSurvey, comments: &mut [UnitComments]) {
    fn key(c: &Cell) -> (Level, &str, Quarter, Measure) {
        (c.level, c.unit.as_str(), c.period, c.measure)
    }
    survey
        .cells
        .sort_by(|a, b| key(a.unscreened()).cmp(&key(b.unscreened())));
    survey
        .items
        .sort_by(|a, b| key(&a.unscreened().cell).cmp(&key(&b.unscreened().cell)));
    survey.participation.sort_by(|a, b| {
        (
            a.unscreened().level,
            &a.unscreened().unit,
            a.unscreened().period,
        )
            .cmp(&(
                b.unscreened().level,
                &b.unscreened().unit,
                b.unscreened().period,
            ))
    });
    comments.sort_by(|a, b| (a.level, &a.unit, a.period).cmp(&(b.level, &b.unit, b.period)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(
        unit: &str,
        group: Option<&str>,
        measure: Measure,
        n: u32,
        mean: f64,
        hidden: bool,
    ) -> Screened<Cell> {
        Screened::new(
            Cell {
                level: if group.is_some() {
                    Level::Team
                } else {
                    Level::Organisation
                },
                unit: unit.into(),
                group: group.map(str::to_string),
                period: Quarter(2025 * 4),
                measure,
                n,
                mean,
                sd: Some(0.1 + mean / 7.0),
                ci: Some((mean - 0.3, mean + 0.3)),
                favourable: Some(1.0 / 3.0),
                n_unknown: false,
            },
            hidden.then_some(Hidden::SmallGroup),
        )
    }

    fn ids() -> Instrument {
        Instrument {
            domains: vec!["alpha".into()],
            items: Vec::new(),
        }
    }

    fn survey(org_mean: f64, small_n: u32) -> ScreenedSurvey {
        ScreenedSurvey {
            cells: vec![
                cell(
                    "Organisation",
                    None,
                    Measure::Domain(0),
                    9 + small_n,
                    org_mean,
                    false,
                ),
                cell("A", Some("Organisation"), Measure::Domain(0), 9, 3.0, false),
                cell(
                    "S",
                    Some("Organisation"),
                    Measure::Domain(0),
                    small_n,
                    4.0,
                    true,
                ),
            ],
            participation: Vec::new(),
            items: Vec::new(),
        }
    }

    /// The figures survive the record to ten decimals (a third is no short decimal), and
    /// a hidden cell's values are not in it at all.
    #[test]
    fn a_record_keeps_shown_figures_exactly_and_hidden_ones_not_at_all() {
        let s = survey(3.0 + 1.0 / 3.0, 3);
        let (record, notes) = keep_published(
            &mut s.clone(),
            &mut Vec::new(),
            &ids(),
            None,
            &Now::default(),
        );
        assert_eq!(notes, Revisited::default());
        let json = serde_json::to_string(&record).unwrap();
        let back: Publication = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record);
        let q = &record.quarters["2025-Q1"];
        assert_eq!(q.cells[2].shown, None, "hidden: no values");
        assert!(
            !json.contains("\"n\":3"),
            "the hidden n is not written: {json}"
        );
        let mut restored = survey(0.0, 0);
        q.restore(Quarter(2025 * 4), &ids(), &mut restored, &mut Vec::new());
        sort(&mut restored, &mut []);
        for (a, b) in restored.cells.iter().zip(&s.cells).take(2) {
            assert_eq!(
                (a.hidden(), a.unscreened().n, a.unscreened().measure),
                (b.hidden(), b.unscreened().n, b.unscreened().measure)
            );
            assert!((a.unscreened().mean - b.unscreened().mean).abs() < 1e-10);
            assert!((a.unscreened().sd.unwrap() - b.unscreened().sd.unwrap()).abs() < 1e-10);
        }
        // Recorded again, a restored quarter is the same record: a kept quarter stays
        // kept the same way run after run.
        assert_eq!(
            QuarterRecord::of(&restored, &[], &ids(), Quarter(2025 * 4)),
            *q
        );
    }

    /// Case 8 in small: a late answer makes the organisation's n 13 and its mean other;
    /// the recorded quarter is published instead, with the counts in the note.
    #[test]
    fn changed_figures_of_a_recorded_quarter_are_replaced_by_the_record() {
        let with_responses = |mut s: ScreenedSurvey, responses: u32| {
            s.participation.push(Screened::new(
                Participation {
                    level: Level::Organisation,
                    unit: "Organisation".into(),
                    group: None,
                    period: Quarter(2025 * 4),
                    responses,
                    size: None,
                },
                None,
            ));
            s
        };
        let first = with_responses(survey(3.25, 3), 12);
        let (record, _) = keep_published(
            &mut first.clone(),
            &mut Vec::new(),
            &ids(),
            None,
            &Now::default(),
        );
        let mut second = with_responses(survey(3.3, 4), 13);
        let (again, notes) = keep_published(
            &mut second,
            &mut Vec::new(),
            &ids(),
            Some(&record),
            &Now::default(),
        );
        assert_eq!(
            notes.kept,
            [KeptQuarter {
                quarter: "2025-Q1".into(),
                reason: "13 responses now, 12 when published".into()
            }]
        );
        let q = Quarter(2025 * 4);
        assert_eq!(
            QuarterRecord::of(&second, &[], &ids(), q),
            QuarterRecord::of(&first, &[], &ids(), q)
        );
        assert_eq!(second.cells[0].unscreened().n, 12);
        assert_eq!(second.cells[2].hidden(), Some(Hidden::SmallGroup));
        assert_eq!(second.participation, first.participation);
        assert_eq!(again, record, "the record carries the kept quarter on");
    }

    /// A domain the schema no longer has is left out of a kept quarter; the others keep
    /// their place under their ids.
    #[test]
    fn a_recorded_domain_the_schema_dropped_is_left_out() {
        let first = survey(3.25, 3);
        let (record, _) = keep_published(
            &mut first.clone(),
            &mut Vec::new(),
            &ids(),
            None,
            &Now::default(),
        );
        let renamed = Instrument {
            domains: vec!["beta".into()],
            items: Vec::new(),
        };
        let mut second = survey(3.5, 3);
        let (_, notes) = keep_published(
            &mut second,
            &mut Vec::new(),
            &renamed,
            Some(&record),
            &Now::default(),
        );
        assert_eq!(notes.kept.len(), 1);
        assert!(second.cells.is_empty(), "{:?}", second.cells);
    }
}
