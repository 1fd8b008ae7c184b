//! Competency assessments: per person, per assessment date, per competency, a stage from
//! 1 (Unconscious Incompetence) to 5 (Teaching Others), given as a number or its name,
//! with the evidence of progress and the next development target.

use crate::model::STAGES;
use crate::text::compare_key;
use chrono::NaiveDate;

use super::people::KnownPeople;
use super::period::{parse_date_cell, resolve, OrderEvidence};
use super::records::RecordFile;
use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::record_columns;

record_columns! {
    /// Where an assessments file keeps each field (headers by default).
    CompetencyColumns {
        person: "person" = "Person",
        date: "assessed" = "Assessed",
        competency: "competency" = "Competency",
        stage: "stage" = "Stage",
        evidence: "evidence" = "Evidence",
        next_target: "next_target" = "Next target",
    }
}

/// One assessment of one competency.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub person: String,
    pub date: NaiveDate,
    pub competency: String,
    /// 1 to 5.
    pub stage: u8,
    pub evidence: Option<String>,
    pub next_target: Option<String>,
}

/// A stage as a number (`3`, `3.0`, `Stage 3`) or its name (`Conscious Competence`).
pub fn parse_stage(text: &str) -> Result<u8, String> {
    let key = compare_key(text);
    let number = key.strip_prefix("stage").unwrap_or(&key).trim();
    if let Ok(v) = number.parse::<f64>() {
        if v.fract() == 0.0 && (1.0..=5.0).contains(&v) {
            return Ok(v as u8);
        }
    }
    if let Some(i) = STAGES.iter().position(|s| compare_key(s) == key) {
        return Ok(i as u8 + 1);
    }
    Err(format!(
        "a stage from 1 to 5 or its name ({})",
        STAGES
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} {s}", i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Read and check an assessments table.
pub fn read_competency(
    table: &Table,
    cols: &CompetencyColumns,
    people: &KnownPeople,
) -> (Vec<Assessment>, Vec<Problem>) {
    let mut f = RecordFile::new(table);
    let required = [
        f.need("the person", &cols.person),
        f.need("the assessment date", &cols.date),
        f.need("the competency", &cols.competency),
        f.need("the stage", &cols.stage),
    ];
    let [Some(person_c), Some(date_c), Some(comp_c), Some(stage_c)] = required else {
        return f.finish(Vec::new());
    };
    let (evidence_c, target_c) = (f.optional(&cols.evidence), f.optional(&cols.next_target));
    let order = match OrderEvidence::of_columns(table, &[date_c]).decide(None) {
        Ok(o) => o,
        Err(msg) => {
            f.file_problem(date_c, msg);
            return f.finish(Vec::new());
        }
    };
    let mut out = Vec::new();
    f.rows(|row| {
        let person = row.check(person_c, people.find(row.cell(person_c)));
        let date = parse_date_cell(row.cell(date_c)).and_then(|d| resolve(d, order));
        if date.is_none() {
            row.problem(date_c, "an assessment date such as 2026-03-31");
        }
        let competency = row.cell(comp_c).to_string();
        if competency.is_empty() {
            row.problem(comp_c, "the competency's name");
        }
        let stage = row.check(stage_c, parse_stage(row.cell(stage_c)));
        if let (Some(person), Some(date), Some(stage), false) =
            (person, date, stage, competency.is_empty())
        {
            out.push(Assessment {
                person,
                date,
                competency,
                stage,
                evidence: row.text(evidence_c),
                next_target: row.text(target_c),
            });
        }
    });
    f.finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_by_number_or_name_and_nothing_else() {
        assert_eq!(parse_stage("3"), Ok(3));
        assert_eq!(parse_stage("Stage 4"), Ok(4));
        assert_eq!(parse_stage("5.0"), Ok(5));
        assert_eq!(parse_stage(" conscious  competence "), Ok(3));
        assert_eq!(parse_stage("Teaching Others"), Ok(5));
        for bad in ["7", "0", "2.5", "Expert", ""] {
            let e = parse_stage(bad).unwrap_err();
            assert!(e.starts_with("a stage from 1 to 5"), "{bad}: {e}");
        }
    }
}
