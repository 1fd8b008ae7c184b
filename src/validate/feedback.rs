//! 360-feedback exports: one row per rater response, read with a schema that has a
//! `[feedback]` section. Each row becomes a rating of one person in one quarter from one
//! perspective, with a score per dimension the perspective is asked about.

use super::answers::score;
use super::people::KnownPeople;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use super::records::{RecordFile, Row};
use super::Options;
use crate::ingest::Table;
use crate::model::Perspective;
use crate::model::Quarter;
use crate::problem::Problem;
use crate::schema::{PeriodSource, Schema};
use crate::text::compare_key;

/// One rater's answers about one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub person: String,
    pub perspective: Perspective,
    pub quarter: Quarter,
    /// Per schema domain (dimension): the mean of the answered items, or `None` (not
    /// asked of this perspective, or too few items answered).
    pub scores: Vec<Option<f64>>,
    /// Per schema item: the answer (reverse-coded where the item says so), or `None`.
    /// Agreement over a multi-item dimension (r_wg(J)) needs the items.
    pub items: Vec<Option<f64>>,
    pub comment: Option<String>,
}

enum PeriodAt {
    Date(usize, Option<crate::schema::DateOrder>),
    Label(usize),
}

impl PeriodAt {
    /// The row's quarter from its date or its quarter label; a problem when neither.
    fn quarter(&self, row: &mut Row, options: &Options) -> Option<Quarter> {
        match *self {
            PeriodAt::Date(c, order) => {
                let q = parse_date_cell(row.cell(c))
                    .and_then(|d| resolve(d, order))
                    .map(Quarter::from_date);
                if q.is_none() {
                    row.problem(c, "a date such as 2025-03-14");
                }
                q
            }
            PeriodAt::Label(c) => {
                let q = Quarter::parse(row.cell(c)).or_else(|| {
                    options
                        .period_labels
                        .get(&compare_key(row.cell(c)))
                        .copied()
                });
                if q.is_none() {
                    row.problem(c, "a quarter such as 2025-Q3");
                }
                q
            }
        }
    }
}

/// Every item's answer (reverse-coded where the item says so); a problem for each
/// answer that is not on the scale.
fn item_scores(row: &mut Row, items: &[usize], schema: &Schema) -> Vec<Option<f64>> {
    items
        .iter()
        .zip(&schema.items)
        .map(|(&c, item)| {
            let v = row.check(c, score(&schema.scale, row.cell(c)))?;
            v.map(|v| {
                if item.reverse {
                    schema.scale.min + schema.scale.max - v
                } else {
                    v
                }
            })
        })
        .collect()
}

/// Read and check a 360 export. `schema.feedback` must be present.
pub fn read_feedback(
    table: &Table,
    schema: &Schema,
    people: &KnownPeople,
    options: &Options,
) -> (Vec<Rating>, Vec<Problem>) {
    let Some(fb) = &schema.feedback else {
        return (Vec::new(), Vec::new());
    };
    let mut f = RecordFile::new(table);
    let person_c = f.need("the person rated", &schema.columns.team);
    let perspective_c = f.need("the rater's perspective", &fb.perspective);
    let period = match &schema.columns.period {
        PeriodSource::Timestamp(c) => f.need("the submission date", c).map(|i| {
            (
                i,
                OrderEvidence::of_columns(table, &[i]).decide(schema.columns.date_order),
            )
        }),
        PeriodSource::Quarter(c) => f.need("the quarter", c).map(|i| (i, Ok(None))),
    };
    let items: Vec<Option<usize>> = schema
        .items
        .iter()
        .map(|it| f.need(&format!("item {}", it.id), &it.column))
        .collect();
    let comment_c = fb.comment.as_ref().and_then(|c| f.optional(c));
    let (Some(person_c), Some(perspective_c), Some((period_c, order))) =
        (person_c, perspective_c, period)
    else {
        return f.finish(Vec::new());
    };
    if items.iter().any(Option::is_none) {
        return f.finish(Vec::new());
    }
    let items: Vec<usize> = items.into_iter().flatten().collect();
    let period_at = match (&schema.columns.period, order) {
        (PeriodSource::Timestamp(_), Ok(order)) => PeriodAt::Date(period_c, order),
        (PeriodSource::Timestamp(_), Err(msg)) => {
            f.file_problem(period_c, msg);
            return f.finish(Vec::new());
        }
        (PeriodSource::Quarter(_), _) => PeriodAt::Label(period_c),
    };
    let labels = fb.label_list().join("\", \"");
    let mut out = Vec::new();
    f.rows(|row| {
        let person = row.check(person_c, people.find(row.cell(person_c)));
        let perspective = fb.perspective_of(row.cell(perspective_c));
        if perspective.is_none() {
            row.problem(
                perspective_c,
                format!("a rater perspective: one of \"{labels}\" (add other spellings under [feedback.perspectives])"),
            );
        }
        let quarter = period_at.quarter(row, options);
        let item_scores = item_scores(row, &items, schema);
        let (Some(person), Some(perspective), Some(quarter)) = (person, perspective, quarter)
        else {
            return;
        };
        if row.has_problems() {
            return;
        }
        out.push(Rating {
            person,
            perspective,
            quarter,
            scores: dimension_scores(schema, perspective, &item_scores),
            items: item_scores,
            comment: row.text(comment_c),
        });
    });
    f.finish(out)
}

/// Per dimension: the mean of the answered items when the perspective is asked about
/// it (self answers every dimension) and enough items are answered.
fn dimension_scores(
    schema: &Schema,
    perspective: Perspective,
    item_scores: &[Option<f64>],
) -> Vec<Option<f64>> {
    schema
        .domains
        .iter()
        .enumerate()
        .map(|(d, domain)| {
            let asked =
                perspective == Perspective::SelfRating || domain.perspective == Some(perspective);
            if !asked {
                return None;
            }
            let answered: Vec<f64> = schema.items_of(d).filter_map(|i| item_scores[i]).collect();
            (answered.len() >= schema.min_answered(d))
                .then(|| answered.iter().sum::<f64>() / answered.len() as f64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;
    use crate::schema::ColumnRef;

    #[test]
    fn ratings_from_a_360_export_and_bad_rows() {
        let schema = Schema::parse(include_str!("../../schemas/feedback-360.toml")).unwrap();
        let people = vec![Person {
            id: "p-1".into(),
            name: "Ada".into(),
            team: None,
            role: None,
            target: None,
        }];
        let known = KnownPeople::new(&people);
        let mut header = vec!["Submitted", "Person", "Relationship", "Comments"];
        let questions: Vec<String> = schema
            .items
            .iter()
            .map(|it| match &it.column {
                ColumnRef::Header(h) => h.clone(),
                _ => unreachable!(),
            })
            .collect();
        header.extend(questions.iter().map(String::as_str));
        let row = |date: &str, person: &str, rel: &str, comment: &str, answer: &str| {
            let mut r = vec![date.to_string(), person.into(), rel.into(), comment.into()];
            r.extend((0..16).map(|_| answer.to_string()));
            r.join(",")
        };
        let text = [
            header.join(","),
            row(
                "2025-02-10",
                "p-1",
                "Direct report",
                "Clear direction",
                "Agree",
            ),
            row("2025-02-11", "P-1", "Myself", "", "5"),
            row("2025-02-12", "../x", "Peer", "", "4"),
            row("2025-02-12", "p-1", "Boss", "", "4"),
            row("2025-02-12", "p-9", "Peer", "", "Agre"),
        ]
        .join("\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("360.csv");
        std::fs::write(&path, text).unwrap();
        let table = crate::ingest::read(&path).unwrap().table.unwrap();
        let (ratings, problems) = read_feedback(&table, &schema, &known, &Options::default());
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(ratings.len(), 2, "{shown:?}");
        let tm = &ratings[0];
        assert_eq!(tm.perspective, Perspective::TeamMember);
        assert_eq!(tm.quarter.label(), "2025-Q1");
        assert_eq!(tm.comment.as_deref(), Some("Clear direction"));
        // Only the four team-member dimensions are scored for a team member.
        assert_eq!(tm.scores.iter().filter(|s| s.is_some()).count(), 4);
        assert_eq!(tm.scores[8], Some(4.0), "mentoring is the 9th dimension");
        assert_eq!(ratings[1].person, "p-1", "spelt as on the people list");
        assert_eq!(ratings[1].scores.iter().filter(|s| s.is_some()).count(), 16);
        assert!(
            shown[0].contains(
                ":4: error: column B \"Person\": found \"../x\"; expected an id of letters"
            ),
            "{shown:?}"
        );
        assert!(shown[1].contains(":5: error: column C \"Relationship\": found \"Boss\"; expected a rater perspective"), "{shown:?}");
        assert!(shown.iter().any(|s| s.contains(":6: error: column B \"Person\": found \"p-9\"; expected a person on the people list")), "{shown:?}");
        assert!(
            shown.iter().any(|s| s.contains(":6: error: column E")),
            "{shown:?}"
        );
    }
}
