//! The people list: the technical leaders whose development is tracked, one row each,
//! with a safe id (it names their portfolio page), a display name and their team.

use std::collections::BTreeMap;

use super::columns::{nearest_label, HeaderIndex};
use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::{compare_key, record_columns};

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

/// One person of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub role: Option<String>,
    /// The level the person is working towards (for the gaps table).
    pub target: Option<String>,
}

/// Longest id accepted (it becomes a file name).
pub const MAX_ID_LEN: usize = 64;

/// Whether an id is safe as a file name on every system: ASCII letters, digits, `.`,
/// `_` and `-`, starting with a letter or digit, at most [`MAX_ID_LEN`] long. So no
/// path separator, no `..`, no hidden file, nothing a shell or browser reads specially.
pub fn is_safe_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && id.len() <= MAX_ID_LEN
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

pub const SAFE_ID: &str =
    "an id of letters, digits, '.', '_' or '-' starting with a letter or digit (at most 64), e.g. p-0042";

/// Read and check a people list: every id safe and unique.
pub fn read_people(table: &Table, cols: &PeopleColumns) -> (Vec<Person>, Vec<Problem>) {
    let file = table.name();
    let index = HeaderIndex::with_alternates(&table.headers, &table.alternates);
    let mut problems = Vec::new();
    let id_c = match index.require(&file, "the person's id", &cols.id) {
        Ok(c) => c,
        Err(p) => return (Vec::new(), vec![p]),
    };
    let (name_c, team_c, role_c, target_c) = (
        index.find(&cols.name).ok(),
        index.find(&cols.team).ok(),
        index.find(&cols.role).ok(),
        index.find(&cols.target).ok(),
    );
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    table.for_each_row(|row, cells| {
        let cell = |c: usize| cells.get(c).copied().unwrap_or("").trim();
        let id = cell(id_c);
        if !is_safe_id(id) {
            problems.push(Problem::cell(&file, row, index.describe(id_c), id, SAFE_ID));
            return;
        }
        if let Some(first) = seen.insert(compare_key(id), row) {
            problems.push(Problem::cell(
                &file,
                row,
                index.describe(id_c),
                id,
                format!("an id not used before (row {first} has it)"),
            ));
            return;
        }
        let text = |c: Option<usize>| c.map(cell).filter(|t| !t.is_empty()).map(str::to_string);
        out.push(Person {
            id: id.to_string(),
            name: text(name_c).unwrap_or_else(|| id.to_string()),
            team: text(team_c),
            role: text(role_c),
            target: text(target_c),
        });
    });
    (out, problems)
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
