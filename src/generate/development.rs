//! The generated leaders' development records: competency assessments (one person's
//! stages rising), monthly growth-indicator checklists (one person growing), influence
//! and pipeline records, and reflections.

use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::people::{id, PEOPLE};
use super::write::csv_of;
use super::{normal, quarter_start, Organisation};
use crate::error::Result;

/// Stages rise by one at every assessment on most competencies.
pub const RISING: &str = "p-06";

const COMPETENCIES: [&str; 5] = [
    "System design",
    "Mentoring",
    "Stakeholder communication",
    "Technical strategy",
    "Incident leadership",
];

/// `competency.csv`: an assessment at the end of each of the last four quarters, the
/// stage as a number for some people and as its name for others.
pub fn competency_csv(org: &Organisation, seed: u64) -> Result<Vec<u8>> {
    use crate::model::STAGES;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xc0fe);
    let first = org.quarters.len().saturating_sub(4);
    let mut rows = Vec::new();
    for i in 0..PEOPLE {
        for (c, competency) in COMPETENCIES.iter().enumerate() {
            let rising = id(i) == RISING && c < 4;
            let mut stage: u8 = if rising { 1 } else { rng.random_range(2..=4) };
            for (k, q) in org.quarters.iter().enumerate().skip(first) {
                if k > first {
                    // The rising leader moves up every time; others now and then.
                    if rising || rng.random::<f64>() < 0.2 {
                        stage = (stage + 1).min(5);
                    }
                }
                let assessed = quarter_start(crate::model::Quarter(q.0 + 1)) - Duration::days(1);
                let stage_text = if i % 2 == 0 {
                    stage.to_string()
                } else {
                    STAGES[usize::from(stage) - 1].to_string()
                };
                rows.push(vec![
                    id(i),
                    assessed.to_string(),
                    competency.to_string(),
                    stage_text,
                    format!(
                        "{competency}: {} in {}",
                        [
                            "led a review",
                            "ran a session",
                            "wrote a guide",
                            "paired with two engineers"
                        ][(i + c + k) % 4],
                        q.label()
                    ),
                    format!(
                        "{} next",
                        [
                            "Lead a cross-team design",
                            "Mentor a new lead",
                            "Present to the leadership group",
                            "Own an incident review"
                        ][(i + c) % 4]
                    ),
                ]);
            }
        }
    }
    let header: Vec<String> = [
        "Person",
        "Assessed",
        "Competency",
        "Stage",
        "Evidence",
        "Next target",
    ]
    .map(String::from)
    .to_vec();
    csv_of(&header, &rows)
}

/// Ticks more indicators every month, far more than the others.
pub const GROWING: &str = "p-07";

const GROWTH: [(&str, [&str; 4]); 4] = [
    (
        "Influence and Impact",
        [
            "Mentored someone",
            "Drove a technical decision",
            "Led an initiative",
            "Was sought out for advice",
        ],
    ),
    (
        "Strategic Thinking",
        [
            "Connected work to business goals",
            "Planned beyond the quarter",
            "Weighed build against buy",
            "Identified a risk early",
        ],
    ),
    (
        "Communication and Collaboration",
        [
            "Facilitated a discussion",
            "Wrote a design document",
            "Gave constructive feedback",
            "Worked across teams",
        ],
    ),
    (
        "Technical Excellence",
        [
            "Improved system quality",
            "Reviewed an architecture",
            "Gave a technical talk",
            "Raised the testing bar",
        ],
    ),
];

/// Monthly growth checklists for the last twelve months, one cell per category listing
/// the ticked indicators (as a form tool exports them).
pub fn growth_csv(org: &Organisation, seed: u64) -> Result<Vec<u8>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9207);
    let first = org.quarters.len().saturating_sub(4);
    let start = quarter_start(org.quarters[first]);
    let mut header = vec!["Submitted".to_string(), "Person".to_string()];
    header.extend(GROWTH.iter().map(|(c, _)| c.to_string()));
    let mut rows = Vec::new();
    for month in 0..12u32 {
        let day = start + Duration::days(i64::from(month) * 30 + 27);
        for i in 0..PEOPLE {
            let chance = if id(i) == GROWING {
                0.1 + 0.07 * f64::from(month)
            } else {
                0.3
            };
            let mut cells = vec![day.to_string(), id(i)];
            for (_, items) in &GROWTH {
                let ticked: Vec<&str> = items
                    .iter()
                    .filter(|_| rng.random::<f64>() < chance)
                    .copied()
                    .collect();
                cells.push(ticked.join(", "));
            }
            rows.push(cells);
        }
    }
    csv_of(&header, &rows)
}

/// `influence.csv`: a record per person for the last four quarters, a column per measure
/// of `schemas/influence.toml`. Mentoring conversations in one quarter drive the
/// decisions a person drives in the next.
pub fn influence_csv(org: &Organisation, seed: u64) -> Result<Vec<u8>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1f1e);
    let columns = [
        "People mentored",
        "Decisions driven",
        "Initiatives led",
        "Teams adopting their approaches",
        "Standards reflecting their input",
        "People seeking their advice",
        "Company-wide initiatives",
        "Strategy documents shaped",
        "Community contributions",
        "Mentees in new roles",
        "Mentee promotions",
        "Frameworks adopted by others",
        "Trainings given",
        "Documents written",
        "Discussions facilitated",
        "Mentoring conversations",
    ];
    let mut header = vec!["Person".to_string(), "Quarter".to_string()];
    header.extend(columns.iter().map(|c| c.to_string()));
    let first = org.quarters.len().saturating_sub(4);
    let mut rows = Vec::new();
    for i in 0..PEOPLE {
        let mut previous_conversations: Option<f64> = None;
        for q in org.quarters.iter().skip(first) {
            let small = |rng: &mut ChaCha8Rng, max: u32| rng.random_range(0..=max).to_string();
            let conversations = f64::from(rng.random_range(2..=14u32));
            let decisions = match previous_conversations {
                Some(c) => (0.6 * c + 1.2 * normal(&mut rng)).round().max(0.0),
                None => f64::from(rng.random_range(1..=8u32)),
            };
            previous_conversations = Some(conversations);
            let mut cells = vec![id(i), q.label()];
            cells.push(small(&mut rng, 3));
            cells.push(decisions.to_string());
            for max in [2, 3, 2, 6, 1, 2, 3, 2, 1, 2, 3, 5, 8] {
                cells.push(small(&mut rng, max));
            }
            cells.push(conversations.to_string());
            rows.push(cells);
        }
    }
    csv_of(&header, &rows)
}

/// `reflections.csv`: two monthly reflections and a quarterly review per person in the
/// latest quarters, one impact story each, and an annual career review at the end of the
/// last quarter (as at a fiscal year's end).
pub fn reflections_csv(org: &Organisation) -> Result<Vec<u8>> {
    use crate::model::{ANNUAL_PARTS, STORY_PARTS};
    let mut header: Vec<String> = ["Person", "Date", "Kind", "Reflection"]
        .map(String::from)
        .to_vec();
    header.extend(
        STORY_PARTS
            .iter()
            .chain(&ANNUAL_PARTS)
            .map(|s| s.to_string()),
    );
    let last = *org.quarters.last().expect("quarters");
    let end = quarter_start(crate::model::Quarter(last.0 + 1)) - Duration::days(1);
    let mut rows = Vec::new();
    for i in 0..PEOPLE {
        let blank = || String::new();
        let no_annual = || vec![String::new(); ANNUAL_PARTS.len()];
        for (k, text) in [
            "Spent more time unblocking others than coding; want to keep that balance",
            "Ran my first architecture review; need to prepare the trade-offs earlier",
        ]
        .iter()
        .enumerate()
        {
            let mut row = vec![
                id(i),
                (end - Duration::days(60 - 30 * k as i64)).to_string(),
                "Monthly reflection".into(),
                text.to_string(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
            ];
            row.extend(no_annual());
            rows.push(row);
        }
        let mut row = vec![
            id(i),
            end.to_string(),
            "Quarterly review".into(),
            "Biggest contribution: the on-call redesign. Next: mentor a new lead.".into(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
        ];
        row.extend(no_annual());
        rows.push(row);
        let mut row = vec![
            id(i),
            end.to_string(),
            "Impact story".into(),
            blank(),
            "Incidents kept repeating in the payments path".into(),
            "Set up blameless reviews and a shared runbook".into(),
            "Five whys, then one owner per action".into(),
            "Repeat incidents fell over two quarters".into(),
            "Fixing the process mattered more than fixing the bug".into(),
        ];
        row.extend(no_annual());
        rows.push(row);
        let mut row = vec![id(i), end.to_string(), "Annual review".into()];
        row.extend(std::iter::repeat_n(String::new(), 1 + STORY_PARTS.len()));
        row.extend([
            "From being the best engineer in the room to making the room better".into(),
            "Incident leadership; running design reviews".into(),
            "Saying no to work outside the team's charter".into(),
            "From my team to the two teams we share the payments path with".into(),
            "Grow a second lead; own the platform roadmap with product".into(),
        ]);
        rows.push(row);
    }
    csv_of(&header, &rows)
}
