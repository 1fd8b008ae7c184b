//! Header layouts of survey tools: how many rows the header takes, which row names the
//! columns, and which other rows give alternative names (question text, option labels).
//! It recognises layouts by their shape; it does not interpret answers.

use serde::Serialize;

/// The survey tool a file's header looks like it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    /// Current Qualtrics CSV: export tags, question text, `{"ImportId": ...}`.
    Qualtrics,
    /// Older Qualtrics CSV: two header rows (tags or `V1..`, then question text).
    QualtricsLegacy,
    /// SurveyMonkey: question row, then option (or `Response`) row.
    SurveyMonkey,
    LimeSurvey,
    Typeform,
    KoboToolbox,
    GoogleForms,
    MicrosoftForms,
    /// Viva Glint: employee attributes, `EMP ID`, `Manager ID`, each question followed by
    /// `_COMMENT`, `_COMMENT_TOPICS` and `_SENSITIVE_COMMENT_FLAG`.
    VivaGlint,
    /// One plain header row from anything else (a spreadsheet kept by hand).
    Generic,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Qualtrics => "Qualtrics",
            Tool::QualtricsLegacy => "Qualtrics (legacy export)",
            Tool::SurveyMonkey => "SurveyMonkey",
            Tool::LimeSurvey => "LimeSurvey",
            Tool::Typeform => "Typeform",
            Tool::KoboToolbox => "KoboToolbox",
            Tool::GoogleForms => "Google Forms",
            Tool::MicrosoftForms => "Microsoft Forms",
            Tool::VivaGlint => "Viva Glint",
            Tool::Generic => "generic (one header row)",
        }
    }
}

/// What the header rows of a file say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderLayout {
    pub tool: Tool,
    pub header_rows: usize,
    /// One name per column, used in messages and matched first.
    pub headers: Vec<String>,
    /// Other names per column (question text, option labels), also matched.
    pub alternates: Vec<Vec<String>>,
}

fn cell(row: &[String], c: usize) -> &str {
    row.get(c).map_or("", |s| s.trim())
}

fn is_import_id(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("{\"ImportId\"") || t.starts_with("{'ImportId'")
}

fn is_v_tag(text: &str) -> bool {
    text.strip_prefix('V')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Decide the layout from the first (up to three) rows of a file.
pub fn detect(rows: &[Vec<String>]) -> HeaderLayout {
    let first = rows.first().cloned().unwrap_or_default();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let padded =
        |r: &Vec<String>| -> Vec<String> { (0..width).map(|c| cell(r, c).to_string()).collect() };
    if rows.len() >= 3 && rows[2].iter().any(|c| is_import_id(c)) {
        return HeaderLayout {
            tool: Tool::Qualtrics,
            header_rows: 3,
            headers: padded(&rows[0]),
            alternates: vec![padded(&rows[1])],
        };
    }
    if rows.len() >= 2 {
        if let Some(layout) = two_header_rows(padded(&rows[0]), padded(&rows[1])) {
            return layout;
        }
    }
    HeaderLayout {
        tool: single_row_tool(&first),
        header_rows: 1,
        headers: first,
        alternates: Vec::new(),
    }
}

/// Legacy Qualtrics (export tags over question texts) and SurveyMonkey (questions over
/// their options) put two header rows first; `None` when these two rows are not theirs.
fn two_header_rows(r0: Vec<String>, r1: Vec<String>) -> Option<HeaderLayout> {
    let width = r0.len();
    let v_tags = is_v_tag(cell(&r0, 0)) && is_v_tag(cell(&r0, 1));
    let response_id_twice = cell(&r0, 0) == "ResponseID" && cell(&r1, 0) == "ResponseID";
    if v_tags || response_id_twice {
        // Name each column by its export tag, except the V1, V2... system columns,
        // which the second row names (ResponseID, StartDate, ...).
        let headers = (0..width)
            .map(|c| {
                if is_v_tag(&r0[c]) {
                    r1[c].clone()
                } else {
                    r0[c].clone()
                }
            })
            .collect();
        return Some(HeaderLayout {
            tool: Tool::QualtricsLegacy,
            header_rows: 2,
            headers,
            alternates: vec![r1, r0],
        });
    }
    let option_row = r1
        .iter()
        .any(|c| c == "Response" || c == "Open-Ended Response");
    if !option_row {
        return None;
    }
    let mut question = String::new();
    let mut carried = Vec::with_capacity(width);
    for c in &r0 {
        if !c.is_empty() {
            question = c.clone();
        }
        carried.push(question.clone());
    }
    let headers = (0..width)
        .map(|c| match r1[c].as_str() {
            "" | "Response" | "Open-Ended Response" => carried[c].clone(),
            option if carried[c].is_empty() => option.to_string(),
            option => format!("{} - {option}", carried[c]),
        })
        .collect();
    Some(HeaderLayout {
        tool: Tool::SurveyMonkey,
        header_rows: 2,
        headers,
        alternates: vec![carried, r1],
    })
}

/// A one-header-row tool, by its system columns.
fn single_row_tool(first: &[String]) -> Tool {
    let has = |name: &str| first.iter().any(|h| h.trim() == name);
    if (has("EMP ID") && has("Manager ID"))
        || first
            .iter()
            .any(|h| h.trim().ends_with("_SENSITIVE_COMMENT_FLAG"))
    {
        Tool::VivaGlint
    } else if has("Response ID") && (has("Date submitted") || has("Last page")) {
        Tool::LimeSurvey
    } else if cell(first, 0) == "#"
        && (has("Network ID") || first.iter().any(|h| h.starts_with("Start Date (UTC)")))
    {
        Tool::Typeform
    } else if has("_uuid") || has("_submission_time") || has("meta/instanceID") {
        Tool::KoboToolbox
    } else if cell(first, 0) == "ID" && has("Start time") && has("Completion time") {
        Tool::MicrosoftForms
    } else if cell(first, 0) == "Timestamp" || cell(first, 0) == "Marca temporal" {
        Tool::GoogleForms
    } else {
        Tool::Generic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &[&[&str]]) -> Vec<Vec<String>> {
        text.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn qualtrics_three_rows_in_either_quote_style() {
        for import in ["{\"ImportId\":\"QID1\"}", "{'ImportId': 'QID2-1'}"] {
            let l = detect(&rows(&[
                &["StartDate", "Q1"],
                &["Start Date", "How are you?"],
                &["{\"ImportId\":\"startDate\"}", import],
            ]));
            assert_eq!(l.tool, Tool::Qualtrics);
            assert_eq!(l.header_rows, 3);
            assert_eq!(l.headers, ["StartDate", "Q1"]);
            assert_eq!(l.alternates[0], ["Start Date", "How are you?"]);
        }
    }

    #[test]
    fn qualtrics_legacy_names_system_columns_from_the_second_row() {
        let l = detect(&rows(&[
            &["V1", "V2", "Q1"],
            &["ResponseID", "ResponseSet", "How are you?"],
            &["R_1", "Default", "4"],
        ]));
        assert_eq!(l.tool, Tool::QualtricsLegacy);
        assert_eq!(l.header_rows, 2);
        assert_eq!(l.headers, ["ResponseID", "ResponseSet", "Q1"]);
    }

    #[test]
    fn surveymonkey_carries_questions_over_option_columns() {
        let l = detect(&rows(&[
            &["RespondentID", "Seen any?", "Which films?", ""],
            &["", "Response", "Episode I", "Episode II"],
            &["1", "Yes", "Episode I", ""],
        ]));
        assert_eq!(l.tool, Tool::SurveyMonkey);
        assert_eq!(l.header_rows, 2);
        assert_eq!(
            l.headers,
            [
                "RespondentID",
                "Seen any?",
                "Which films? - Episode I",
                "Which films? - Episode II"
            ]
        );
        assert_eq!(l.alternates[1][3], "Episode II");
    }

    #[test]
    fn viva_glint_is_recognised_by_its_id_columns_or_comment_flags() {
        let glint = rows(&[&["First Name", "EMP ID", "Manager ID", "Q1", "Q1_COMMENT"]]);
        assert_eq!(detect(&glint).tool, Tool::VivaGlint);
        let flags = rows(&[&["Team", "Q1", "Q1_SENSITIVE_COMMENT_FLAG"]]);
        assert_eq!(detect(&flags).tool, Tool::VivaGlint);
    }

    #[test]
    fn single_row_tools_are_recognised_by_their_system_columns() {
        let tool = |h: &[&str]| detect(&rows(&[h, &["x"]])).tool;
        assert_eq!(
            tool(&["Response ID", "Date submitted", "Last page"]),
            Tool::LimeSurvey
        );
        assert_eq!(
            tool(&["#", "Q", "Start Date (UTC)", "Network ID"]),
            Tool::Typeform
        );
        assert_eq!(tool(&["start", "group/q", "_uuid"]), Tool::KoboToolbox);
        assert_eq!(
            tool(&["ID", "Start time", "Completion time", "Email"]),
            Tool::MicrosoftForms
        );
        assert_eq!(tool(&["Timestamp", "Question"]), Tool::GoogleForms);
        assert_eq!(tool(&["Team", "Quarter"]), Tool::Generic);
    }
}
