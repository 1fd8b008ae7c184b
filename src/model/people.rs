//! A person of the people list, their reflections and the competency stages.

use chrono::NaiveDate;

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

/// The five stages, in order (stage 1 first).
pub const STAGES: [&str; 5] = [
    "Unconscious Incompetence",
    "Conscious Incompetence",
    "Conscious Competence",
    "Unconscious Competence",
    "Teaching Others",
];

/// The kinds of reflection, as written in the Kind column (compared ignoring case).
pub const KINDS: [&str; 4] = [
    "Monthly reflection",
    "Quarterly review",
    "Impact story",
    "Annual review",
];
/// Index of the annual career development review in [`KINDS`].
pub const ANNUAL_REVIEW: usize = 3;
/// The parts of an impact story, in order; also the column headers.
pub const STORY_PARTS: [&str; 5] = ["Situation", "Action", "Framework", "Result", "Learning"];
/// The parts of an annual career development review, in order; also the column headers:
/// how the leader's idea of technical leadership changed, capabilities that became
/// strengths, ongoing development areas, how their sphere of influence grew, and the
/// next role's priorities.
pub const ANNUAL_PARTS: [&str; 5] = [
    "Leadership view",
    "Strengths",
    "Development areas",
    "Influence growth",
    "Next role priorities",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Reflection {
    pub person: String,
    pub date: NaiveDate,
    /// Index into [`KINDS`].
    pub kind: usize,
    pub text: Option<String>,
    /// The parts that were filled in, (part, text): an impact story's
    /// [`STORY_PARTS`], an annual review's [`ANNUAL_PARTS`].
    pub story: Vec<(&'static str, String)>,
}
