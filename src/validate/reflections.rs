//! A leader's own words: monthly reflections, quarterly review answers, impact stories
//! (Situation / Action / Framework / Result / Learning) and annual career development
//! reviews (Leadership view / Strengths / Development areas / Influence growth / Next
//! role priorities), one row each.

use super::people::KnownPeople;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use super::records::RecordFile;
use crate::ingest::Table;
use crate::model::{Reflection, ANNUAL_PARTS, ANNUAL_REVIEW, KINDS, STORY_PARTS};
use crate::problem::Problem;
use crate::schema::ColumnRef;
use crate::text::compare_key;

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
    let story_c: Vec<Option<usize>> = STORY_PARTS.iter().map(|p| f.optional(&h(p))).collect();
    let annual_c: Vec<Option<usize>> = ANNUAL_PARTS.iter().map(|p| f.optional(&h(p))).collect();
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
        // An annual review's parts are its own columns; any other kind may tell a story.
        let (names, cols) = if kind == Some(ANNUAL_REVIEW) {
            (&ANNUAL_PARTS, &annual_c)
        } else {
            (&STORY_PARTS, &story_c)
        };
        let story: Vec<(&'static str, String)> = names
            .iter()
            .zip(cols)
            .filter_map(|(name, c)| Some((*name, row.text(*c)?)))
            .collect();
        if let (Some(person), Some(date), Some(kind)) = (person, date, kind) {
            if text.is_none() && story.is_empty() {
                let expected = if kind == ANNUAL_REVIEW {
                    format!(
                        "the review's text (or its parts: {})",
                        ANNUAL_PARTS.join(", ")
                    )
                } else {
                    "the reflection's text (or the impact story's parts)".to_string()
                };
                row.problem(text_c.unwrap_or(kind_c), expected);
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
    use crate::model::Person;

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

    #[test]
    fn annual_reviews_read_their_own_parts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(
            &path,
            "Person,Date,Kind,Reflection,Situation,Strengths,Development areas,Next role priorities\n\
             p-1,2025-12-31,annual review,,Not read for a review,Design reviews,Delegation,Own the roadmap\n\
             p-1,2025-12-31,Annual review,,,,,\n",
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
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, ANNUAL_REVIEW);
        assert_eq!(
            found[0].story,
            vec![
                ("Strengths", "Design reviews".to_string()),
                ("Development areas", "Delegation".to_string()),
                ("Next role priorities", "Own the roadmap".to_string()),
            ]
        );
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 1, "{text:?}");
        assert!(
            text[0].contains(":3: error:") && text[0].contains("Leadership view, Strengths"),
            "{text:?}"
        );
    }
}
