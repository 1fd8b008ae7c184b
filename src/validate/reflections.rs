//! A leader's own words: monthly reflections, quarterly review answers and annual impact
//! stories (Situation / Action / Framework / Result / Learning), one row each.

use super::people::KnownPeople;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use super::records::RecordFile;
use crate::ingest::Table;
pub use crate::model::{Reflection, KINDS, STORY_PARTS};
use crate::problem::Problem;
use crate::schema::{compare_key, ColumnRef};

pub fn read_reflections(table: &Table, people: &KnownPeople) -> (Vec<Reflection>, Vec<Problem>) {
    let mut f = RecordFile::new(table);
    let h = |s: &str| ColumnRef::Header(s.to_string());
    let (Some(person_c), Some(date_c), Some(kind_c)) = (
        f.need("the person", &h("Person")),
        f.need("the date", &h("Date")),
        f.need("the kind of reflection", &h("Kind")),
    ) else {
        return f.finish(Vec::new());
    };
    let text_c = f.optional(&h("Reflection"));
    let parts: Vec<Option<usize>> = STORY_PARTS.iter().map(|p| f.optional(&h(p))).collect();
    let order = OrderEvidence::of_columns(table, &[date_c])
        .decide(None)
        .unwrap_or(None);
    let mut out = Vec::new();
    f.rows(|row| {
        let person = row.check(person_c, people.find(row.cell(person_c)));
        let date = parse_date_cell(row.cell(date_c)).and_then(|d| resolve(d, order));
        if date.is_none() {
            row.problem(date_c, "a date such as 2026-03-31");
        }
        let kind = KINDS
            .iter()
            .position(|k| compare_key(k) == compare_key(row.cell(kind_c)));
        if kind.is_none() {
            row.problem(kind_c, format!("one of {}", KINDS.join(", ")));
        }
        let text = row.text(text_c);
        let story: Vec<(&'static str, String)> = STORY_PARTS
            .iter()
            .zip(&parts)
            .filter_map(|(name, c)| Some((*name, row.text(*c)?)))
            .collect();
        if let (Some(person), Some(date), Some(kind)) = (person, date, kind) {
            if text.is_none() && story.is_empty() {
                row.problem(
                    text_c.unwrap_or(kind_c),
                    "the reflection's text (or the impact story's parts)",
                );
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
    f.finish(out)
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
