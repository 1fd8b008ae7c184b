//! Competency evolution: per person and competency, the stage six months before the
//! latest assessment, the current stage with its evidence and next target, and whether
//! the competency is stuck.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::validate::competency::Assessment;

/// "Six months ago" is the latest assessment at least this many days before the latest.
pub const SIX_MONTHS_DAYS: i64 = 182;

/// One person's competency over its assessments.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    pub person: String,
    pub competency: String,
    /// (date, stage), oldest first.
    pub history: Vec<(NaiveDate, u8)>,
    pub six_months_ago: Option<u8>,
    pub current: u8,
    pub evidence: Option<String>,
    pub next_target: Option<String>,
    /// No stage change at either of the last two assessments (three equal stages in a
    /// row), below the top stage.
    pub stuck: bool,
}

pub fn tracks(assessments: &[Assessment]) -> Vec<Track> {
    let mut by: BTreeMap<(String, String), Vec<&Assessment>> = BTreeMap::new();
    for a in assessments {
        by.entry((a.person.clone(), a.competency.clone()))
            .or_default()
            .push(a);
    }
    by.into_iter()
        .filter_map(|((person, competency), mut list)| {
            // Same date twice: the later row wins.
            list.sort_by_key(|a| a.date);
            let mut history: Vec<(NaiveDate, u8)> = Vec::new();
            for a in &list {
                match history.last_mut() {
                    Some(last) if last.0 == a.date => last.1 = a.stage,
                    _ => history.push((a.date, a.stage)),
                }
            }
            let latest = list.last()?;
            let (last_date, current) = *history.last()?;
            let six_months_ago = history
                .iter()
                .rev()
                .find(|(d, _)| (last_date - *d).num_days() >= SIX_MONTHS_DAYS)
                .map(|(_, s)| *s);
            let n = history.len();
            let stuck =
                n >= 3 && current < 5 && history[n - 3..].iter().all(|(_, s)| *s == current);
            Some(Track {
                person,
                competency,
                six_months_ago,
                current,
                evidence: latest.evidence.clone(),
                next_target: latest.next_target.clone(),
                stuck,
                history,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(date: &str, competency: &str, stage: u8) -> Assessment {
        Assessment {
            person: "p-1".into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            competency: competency.into(),
            stage,
            evidence: Some(format!("evidence {date}")),
            next_target: None,
        }
    }

    #[test]
    fn six_months_ago_current_and_stuck_by_hand() {
        let t = tracks(&[
            a("2025-12-31", "Mentoring", 2),
            a("2025-09-30", "Mentoring", 1),
            a("2026-03-31", "Mentoring", 3),
            a("2026-06-30", "Mentoring", 4),
            a("2025-09-30", "System design", 3),
            a("2025-12-31", "System design", 3),
            a("2026-03-31", "System design", 3),
            a("2026-06-30", "System design", 3),
            a("2026-03-31", "Teaching", 5),
            a("2026-04-30", "Teaching", 5),
            a("2026-06-30", "Teaching", 5),
        ]);
        let m = &t[0];
        assert_eq!(m.competency, "Mentoring");
        assert_eq!(m.current, 4);
        // 2026-06-30 minus 182 days is 2025-12-30: the latest at or before is 2025-09-30
        // (2025-12-31 is 181 days before).
        assert_eq!(m.six_months_ago, Some(1));
        assert_eq!(m.evidence.as_deref(), Some("evidence 2026-06-30"));
        assert!(!m.stuck);
        let s = &t[1];
        assert!(s.stuck, "stage 3 at the last three assessments");
        assert_eq!(s.six_months_ago, Some(3));
        assert!(!t[2].stuck, "the top stage is not stuck");
        assert_eq!(t[2].six_months_ago, None, "nothing six months before");
    }
}
