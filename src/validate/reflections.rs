//! A leader's own words: monthly reflections, quarterly review answers and annual impact
//! stories (Situation / Action / Framework / Result / Learning), one row each.

use chrono::NaiveDate;

use super::columns::HeaderIndex;
use super::people::KnownPeople;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::{compare_key, ColumnRef};

/// The kinds of reflection, as written in the Kind column (compared ignoring case).
pub const KINDS: [&str; 3] = ["Monthly reflection", "Quarterly review", "Impact story"];
/// The parts of an impact story, in order; also the column headers.
pub const STORY_PARTS: [&str; 5] = ["Situation", "Action", "Framework", "Result", "Learning"];

#[derive(Debug, Clone, PartialEq)]
pub struct Reflection {
    pub person: String,
    pub date: NaiveDate,
    /// Index into [`KINDS`].
    pub kind: usize,
    pub text: Option<String>,
    /// The impact-story parts that were filled in: (part, text).
    pub story: Vec<(&'static str, String)>,
}

pub fn read_reflections(table: &Table, people: &KnownPeople) -> (Vec<Reflection>, Vec<Problem>) {
    let file = table.name();
    let index = HeaderIndex::with_alternates(&table.headers, &table.alternates);
    let mut problems = Vec::new();
    let h = |s: &str| ColumnRef::Header(s.to_string());
    let mut need = |role: &str, c: &ColumnRef| index.need(&file, role, c, &mut problems);
    let (Some(person_c), Some(date_c), Some(kind_c)) = (
        need("the person", &h("Person")),
        need("the date", &h("Date")),
        need("the kind of reflection", &h("Kind")),
    ) else {
        return (Vec::new(), problems);
    };
    let text_c = index.find(&h("Reflection")).ok();
    let parts: Vec<Option<usize>> = STORY_PARTS.iter().map(|p| index.find(&h(p)).ok()).collect();
    let order = OrderEvidence::of_columns(table, &[date_c])
        .decide(None)
        .unwrap_or(None);
    let mut out = Vec::new();
    table.for_each_row(|row, cells| {
        let cell = |c: usize| cells.get(c).copied().unwrap_or("").trim();
        let problem = |c: usize, expected: String| {
            Problem::cell(&file, row, index.describe(c), cell(c), expected)
        };
        let person = people
            .find(cell(person_c))
            .map_err(|e| problems.push(problem(person_c, e)))
            .ok();
        let date = parse_date_cell(cell(date_c)).and_then(|d| resolve(d, order));
        if date.is_none() {
            problems.push(problem(date_c, "a date such as 2026-03-31".into()));
        }
        let kind = KINDS
            .iter()
            .position(|k| compare_key(k) == compare_key(cell(kind_c)));
        if kind.is_none() {
            problems.push(problem(kind_c, format!("one of {}", KINDS.join(", "))));
        }
        let text = text_c
            .map(cell)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let story: Vec<(&'static str, String)> = STORY_PARTS
            .iter()
            .zip(&parts)
            .filter_map(|(name, c)| {
                let t = cell((*c)?);
                (!t.is_empty()).then(|| (*name, t.to_string()))
            })
            .collect();
        if let (Some(person), Some(date), Some(kind)) = (person, date, kind) {
            if text.is_none() && story.is_empty() {
                problems.push(problem(
                    text_c.unwrap_or(kind_c),
                    "the reflection's text (or the impact story's parts)".into(),
                ));
                return;
            }
            out.push(Reflection {
                person,
                date,
                kind,
                text,
                story,
            });
        }
    });
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::people::Person;

    #[test]
    fn reflections_stories_and_bad_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(
            &path,
            "Person,Date,Kind,Reflection,Situation,Action,Framework,Result,Learning\n\
             p-1,2026-03-31,monthly reflection,<b>Hard month</b>,,,,,\n\
             p-1,2026-06-30,Impact story,,Outages,Led reviews,Blameless,Fewer pages,Listen first\n\
             p-1,2026-06-30,Diary,x,,,,,\n\
             p-1,2026-06-30,Quarterly review,,,,,,\n",
        )
        .unwrap();
        let people = vec![Person {
            id: "p-1".into(),
            name: "Ada".into(),
            team: None,
            role: None,
            target: None,
        }];
        let table = crate::ingest::read(&path).unwrap().table.unwrap();
        let (found, problems) = read_reflections(&table, &KnownPeople::new(&people));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].kind, 0);
        assert_eq!(found[1].story.len(), 5);
        assert_eq!(found[1].story[2], ("Framework", "Blameless".to_string()));
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(
            text[0].contains(
                ":4: error: column C \"Kind\": found \"Diary\"; expected one of Monthly reflection"
            ),
            "{text:?}"
        );
        assert!(text[1].contains(":5: error:"), "{text:?}");
    }
}
