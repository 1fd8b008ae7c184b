//! The generated organisation's side records: its interventions list, a monthly
//! practice-adoption log (with planted speeds, censored teams and one fading practice)
//! and monthly team milestone checklists, in two checkbox encodings.

use chrono::{Datelike, Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::write::csv_of;
use super::{quarter_start, Organisation, HELPFUL};
use crate::error::Result;

/// The milestone checklist: three categories of four items (as in
/// `schemas/team-milestones.toml`).
pub const MILESTONES: [(&str, [&str; 4]); 3] = [
    (
        "Process Improvements",
        [
            "Retrospective actions followed up",
            "Definition of done agreed",
            "Deployment pipeline improved",
            "Incident review held",
        ],
    ),
    (
        "Culture and Relationship Improvements",
        [
            "Team social held",
            "Peer recognition given",
            "Cross-team pairing session",
            "Disagreement discussed openly",
        ],
    ),
    (
        "Capability Building",
        [
            "Tech talk given",
            "Training completed",
            "Mentoring pair formed",
            "Documentation day held",
        ],
    ),
];

/// A practice of the adoption log, planted: when teams introduce it, how fast they take
/// it up, and whether it fades after it was in consistent use.
struct Practice {
    name: &'static str,
    /// Introduction month offsets (from the first generated quarter) by team number.
    first_month: u32,
    spread_months: u32,
    fades: bool,
    /// Teams (by index modulo 3) that take it up.
    teams_mod3: &'static [usize],
}

const PRACTICES: [Practice; 3] = [
    Practice {
        name: "Trunk-based development",
        first_month: 2,
        spread_months: 6,
        fades: false,
        teams_mod3: &[0, 1, 2],
    },
    Practice {
        name: "Architecture decision records",
        first_month: 4,
        spread_months: 4,
        fades: true,
        teams_mod3: &[0, 2],
    },
    Practice {
        name: "Blameless postmortems",
        // Introduced late, so the last teams are still on their way (censored).
        first_month: 14,
        spread_months: 9,
        fades: false,
        teams_mod3: &[0, 1, 2],
    },
];

const ADAPTATIONS: [&str; 4] = [
    "Shortened the ritual to fit the sprint",
    "Paired it with the on-call handover",
    "Made a template in the wiki",
    "Rotated who leads it",
];

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    let m0 = d.month0() + months;
    NaiveDate::from_ymd_opt(d.year() + (m0 / 12) as i32, m0 % 12 + 1, d.day().min(28))
        .expect("valid date")
}

/// `interventions.csv`: Team, Intervention, Start, End, Category, Note.
pub fn interventions_csv(org: &Organisation) -> Result<Vec<u8>> {
    let rows: Vec<Vec<String>> = org
        .starts
        .iter()
        .map(|s| {
            let day =
                quarter_start(org.quarters[s.quarter]) + Duration::days(7 + (s.team % 20) as i64);
            let helpful = s.intervention == HELPFUL;
            vec![
                org.teams[s.team].name.clone(),
                s.intervention.to_string(),
                day.to_string(),
                if helpful {
                    String::new()
                } else {
                    (day + Duration::days(1)).to_string()
                },
                if helpful { "practice" } else { "event" }.to_string(),
                if helpful {
                    "Pairs rotate every sprint".to_string()
                } else {
                    "Two days away together".to_string()
                },
            ]
        })
        .collect();
    csv_of(
        &["Team", "Intervention", "Start", "End", "Category", "Note"],
        &rows,
    )
}

/// The monthly adoption log: Team, Practice, Introduced, Observed, Used (members using),
/// Members, Adaptation. Teams with higher psychological safety take practices up faster.
pub fn adoption_csv(org: &Organisation, seed: u64) -> Result<Vec<u8>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xada7);
    let first = quarter_start(org.quarters[0]);
    let last =
        add_months(quarter_start(*org.quarters.last().expect("quarters")), 3) - Duration::days(1);
    let mut rows = Vec::new();
    for p in &PRACTICES {
        for (t, team) in org.teams.iter().enumerate() {
            if !p.teams_mod3.contains(&(t % 3)) {
                continue;
            }
            let month = p.first_month + (t as u32 * 5) % p.spread_months.max(1);
            let introduced = add_months(first, month) + Duration::days(2 + (t % 7) as i64);
            if introduced > last {
                continue;
            }
            // Days until half the team uses it: fewer in teams with more psychological
            // safety (60 days at +0.3 above the typical team, 240 at -0.3).
            let safety = team.base[0];
            let half = (150.0 - 300.0 * (safety - 3.1)).clamp(30.0, 300.0);
            let mut k = 1;
            loop {
                let observed = introduced + Duration::days(30 * k);
                if observed > last {
                    break;
                }
                let days = (30 * k) as f64;
                let mut share = 1.0 / (1.0 + (-(days - half) / 20.0).exp());
                if p.fades && days > half + 150.0 {
                    share *= (-(days - half - 150.0) / 45.0).exp();
                }
                let using = (0..team.size)
                    .filter(|_| rng.random::<f64>() < share)
                    .count();
                let note = if rng.random::<f64>() < 0.08 {
                    ADAPTATIONS[rng.random_range(0..ADAPTATIONS.len())].to_string()
                } else {
                    String::new()
                };
                rows.push(vec![
                    team.name.clone(),
                    p.name.to_string(),
                    introduced.to_string(),
                    observed.to_string(),
                    using.to_string(),
                    team.size.to_string(),
                    note,
                ]);
                k += 1;
            }
        }
    }
    csv_of(
        &[
            "Team",
            "Practice",
            "Introduced",
            "Observed",
            "Used",
            "Members",
            "Adaptation",
        ],
        &rows,
    )
}

/// One team's ticked milestone items for one month, by category.
pub struct ChecklistRow {
    pub team: usize,
    pub submitted: NaiveDate,
    pub ticked: [[bool; 4]; 3],
}

/// Monthly checklists: each item's chance rises over the months, and Capability
/// Building items lag the others.
pub fn checklists(org: &Organisation, seed: u64) -> Vec<ChecklistRow> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0c4e);
    let first = quarter_start(org.quarters[0]);
    let months = org.quarters.len() as u32 * 3;
    let mut out = Vec::new();
    for m in 0..months {
        let submitted = add_months(first, m) + Duration::days(24);
        for t in 0..org.teams.len() {
            let mut ticked = [[false; 4]; 3];
            for (c, row) in ticked.iter_mut().enumerate() {
                for (i, cell) in row.iter_mut().enumerate() {
                    // The last Capability Building item is never reached.
                    if c == 2 && i == 3 {
                        continue;
                    }
                    let chance = (0.2 + 0.03 * m as f64 - 0.1 * c as f64).clamp(0.05, 0.9);
                    *cell = rng.random::<f64>() < chance;
                }
            }
            out.push(ChecklistRow {
                team: t,
                submitted,
                ticked,
            });
        }
    }
    out
}

/// Header of the per-option layout: `Category [Item]`.
pub fn option_header(category: &str, item: &str) -> String {
    format!("{category} [{item}]")
}

/// The joined layout (one cell per category listing ticked items, Google Forms style).
pub fn checklists_joined_csv(org: &Organisation, rows: &[&ChecklistRow]) -> Result<Vec<u8>> {
    let mut header = vec!["Submitted", "Team"];
    header.extend(MILESTONES.iter().map(|(c, _)| *c));
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                format!("{} 17:30:00", r.submitted),
                org.teams[r.team].name.clone(),
            ];
            for (c, (_, items)) in MILESTONES.iter().enumerate() {
                let ticked: Vec<&str> = items
                    .iter()
                    .zip(r.ticked[c])
                    .filter(|(_, t)| *t)
                    .map(|(i, _)| *i)
                    .collect();
                cells.push(ticked.join(", "));
            }
            cells
        })
        .collect();
    csv_of(&header, &body)
}
