//! The people list: the technical leaders whose development is tracked, one row each,
//! with a safe id (it names their portfolio page), a display name and their team.

use crate::model::{is_safe_id, Person, SAFE_ID};
use crate::text::compare_key;
use std::collections::BTreeMap;

use super::columns::nearest_label;
use super::records::RecordFile;
use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::record_columns;

record_columns! {
    /// Where a people list keeps each field (headers by default).
    PeopleColumns {
        id: "person" = "Person",
        name: "name" = "Name",
        team: "team" = "Team",
        role: "role" = "Role",
        target: "target_level" = "Target level",
    }
}

/// Read and check a people list: every id safe and unique.
pub fn read_people(table: &Table, cols: &PeopleColumns) -> (Vec<Person>, Vec<Problem>) {
    let mut f = RecordFile::new(table);
    let Some(id_c) = f.need("the person's id", &cols.id) else {
        return f.finish(Vec::new());
    };
    let (name_c, team_c, role_c, target_c) = (
        f.optional(&cols.name),
        f.optional(&cols.team),
        f.optional(&cols.role),
        f.optional(&cols.target),
    );
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    f.rows(|row| {
        let id = row.cell(id_c).to_string();
        if !is_safe_id(&id) {
            row.problem(id_c, SAFE_ID);
            return;
        }
        if let Some(first) = seen.insert(compare_key(&id), row.number) {
            row.problem(id_c, format!("an id not used before (row {first} has it)"));
            return;
        }
        out.push(Person {
            name: row.text(name_c).unwrap_or_else(|| id.clone()),
            id,
            team: row.text(team_c),
            role: row.text(role_c),
            target: row.text(target_c),
        });
    });
    f.finish(out)
}

/// The people list, for files that must name someone on it.
pub struct KnownPeople<'p> {
    people: &'p [Person],
    keys: Vec<String>,
}

impl<'p> KnownPeople<'p> {
    pub fn new(people: &'p [Person]) -> KnownPeople<'p> {
        KnownPeople {
            people,
            keys: people.iter().map(|p| compare_key(&p.id)).collect(),
        }
    }

    /// The person's id as the people list spells it, or what was expected instead.
    pub fn find(&self, text: &str) -> Result<String, String> {
        let key = compare_key(text);
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return Ok(self.people[i].id.clone());
        }
        if !is_safe_id(text.trim()) {
            return Err(SAFE_ID.to_string());
        }
        let hint = nearest_label(text, self.keys.iter())
            .and_then(|near| self.keys.iter().position(|k| k == near))
            .map(|i| format!(" (did you mean \"{}\"?)", self.people[i].id))
            .unwrap_or_default();
        Err(format!("a person on the people list{hint}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_ids_only() {
        for ok in ["p-0042", "ada.lovelace", "X_1", "7"] {
            assert!(is_safe_id(ok), "{ok}");
        }
        for bad in [
            "../x",
            "..",
            ".hidden",
            "a/b",
            "a\\b",
            "",
            "-rf",
            "a b",
            "é",
            "con:1",
            &"x".repeat(65),
        ] {
            assert!(!is_safe_id(bad), "{bad}");
        }
    }

    #[test]
    fn unsafe_and_duplicate_ids_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people.csv");
        std::fs::write(
            &path,
            "Person,Name,Team\np-1,Ada,Payments\n../x,Eve,Search\nP-1,Bob,Search\np-2,,\n",
        )
        .unwrap();
        let table = crate::ingest::read(&path).unwrap().table.unwrap();
        let (people, problems) = read_people(&table, &PeopleColumns::default());
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(people.len(), 2);
        assert_eq!(people[1].name, "p-2", "the id stands in for a missing name");
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(
            text[0].contains(
                ":3: error: column A \"Person\": found \"../x\"; expected an id of letters"
            ),
            "{text:?}"
        );
        assert!(text[1].contains(":4: error: column A \"Person\": found \"P-1\"; expected an id not used before (row 2 has it)"), "{text:?}");
        let known = KnownPeople::new(&people);
        assert_eq!(known.find(" P-1 "), Ok("p-1".to_string()));
        assert!(known
            .find("p-3")
            .unwrap_err()
            .contains("a person on the people list"));
        assert!(known
            .find("../p-1")
            .unwrap_err()
            .starts_with("an id of letters"));
    }
}
