//! The survey data's teams, for side files (interventions, adoption logs) that must name
//! one of them: a name is matched by [`compare_key`] and a near miss gets a suggestion.

use super::columns::nearest_label;
use super::Team;
use crate::text::compare_key;

/// Teams of the survey data, looked up by their compare keys.
pub struct KnownTeams<'t> {
    teams: &'t [Team],
    keys: Vec<String>,
}

impl<'t> KnownTeams<'t> {
    pub fn new(teams: &'t [Team]) -> KnownTeams<'t> {
        KnownTeams {
            teams,
            keys: teams.iter().map(|t| compare_key(&t.name)).collect(),
        }
    }

    /// The team's name as the survey data spells it, or what was expected instead.
    pub fn find(&self, text: &str) -> Result<String, String> {
        let key = compare_key(text);
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return Ok(self.teams[i].name.clone());
        }
        let hint = nearest_label(text, self.keys.iter())
            .and_then(|near| self.keys.iter().position(|k| k == near))
            .map(|i| format!(" (did you mean \"{}\"?)", self.teams[i].name))
            .unwrap_or_default();
        Err(format!("a team that appears in the survey data{hint}"))
    }
}
