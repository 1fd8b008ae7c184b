//! The generated organisation's technical leaders: a people list and four quarters of
//! 360 feedback, with planted structure (one clear blind spot, one rater group merged
//! into "others", one too small to show).

use crate::model::Perspective;
use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::write::csv_of;
use super::{normal, quarter_start, Organisation};
use crate::error::Result;
use crate::schema::{ColumnRef, Schema};

/// The 360 instrument the generator answers.
const FEEDBACK_360: &str = include_str!("../../schemas/feedback-360.toml");

/// People tracked: 12 (fewer in organisations with fewer teams than that... one per
/// team then, at least one).
pub const PEOPLE: usize = 12;
/// Rates themselves far above what peers see on the peer dimensions.
pub const BLIND_SPOT: &str = "p-03";
/// Has two team members and one cross-functional partner rating them: merged as "others".
pub const MERGED: &str = "p-05";
/// Has only two cross-functional partners: that group is suppressed.
pub const SUPPRESSED: &str = "p-09";
/// Written only by the suppressed group; no output may contain it.
pub const SUPPRESSED_PHRASE: &str = "the quokka incident";

const NAMES: [&str; PEOPLE] = [
    "Ada Byrne",
    "Ben Okafor",
    "Chloe Martin",
    "Dev Patel",
    "Elena Rossi",
    "Femi Adeyemi",
    "Grace Liu",
    "Hugo Silva",
    "Ines Novak",
    "Jonas Berg",
    "Kira Tanaka",
    "Leo Dubois",
];
const ROLES: [&str; 3] = ["Tech lead", "Staff engineer", "Engineering manager"];
/// The level each role works towards (listed under [target_levels] in the project file).
const TARGETS: [&str; 3] = ["Staff engineer", "Principal engineer", "Director"];

pub(super) fn id(i: usize) -> String {
    format!("p-{:02}", i + 1)
}

/// `people.csv`: Person, Name, Team, Role, Target level.
pub fn people_csv(org: &Organisation) -> Result<Vec<u8>> {
    let rows: Vec<Vec<String>> = (0..PEOPLE)
        .map(|i| {
            vec![
                id(i),
                NAMES[i].to_string(),
                org.teams[i % org.teams.len()].name.clone(),
                ROLES[i % ROLES.len()].to_string(),
                TARGETS[i % TARGETS.len()].to_string(),
            ]
        })
        .collect();
    let header: Vec<String> = ["Person", "Name", "Team", "Role", "Target level"]
        .map(String::from)
        .to_vec();
    csv_of(&header, &rows)
}

const LABELS: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];

/// Two survey tools' spellings of the perspectives, used in alternate quarters.
fn label(p: Perspective, quarter: usize) -> &'static str {
    let a = quarter.is_multiple_of(2);
    match p {
        Perspective::SelfRating => {
            if a {
                "Self"
            } else {
                "Myself"
            }
        }
        Perspective::Manager => {
            if a {
                "Manager"
            } else {
                "Line manager"
            }
        }
        Perspective::Peer => {
            if a {
                "Peer"
            } else {
                "Colleague"
            }
        }
        Perspective::TeamMember => {
            if a {
                "Direct report"
            } else {
                "Team member"
            }
        }
        Perspective::CrossFunctional => {
            if a {
                "Cross-functional partner"
            } else {
                "Stakeholder"
            }
        }
    }
}

fn comment(p: Perspective, rng: &mut ChaCha8Rng) -> String {
    let pool: &[&str] = match p {
        Perspective::SelfRating => &[
            "I want to grow my influence beyond the team",
            "Focused on mentoring this quarter",
        ],
        Perspective::Manager => &[
            "Growing into a strategic role",
            "Strong technical judgement; more visibility in planning",
        ],
        Perspective::Peer => &[
            "Great code reviews and clear design docs",
            "Shares knowledge in design reviews",
            "Could listen more in design discussions",
        ],
        Perspective::TeamMember => &[
            "Regular feedback helps my growth",
            "Clear architecture direction and regular feedback",
            "Makes it safe to ask questions",
        ],
        Perspective::CrossFunctional => &[
            "Keeps stakeholders informed",
            "Explains technical trade-offs clearly",
        ],
    };
    if rng.random::<f64>() < 0.5 {
        pool[rng.random_range(0..pool.len())].to_string()
    } else {
        String::new()
    }
}

/// Raters per perspective for person `i`.
fn raters(i: usize) -> [(Perspective, usize); 5] {
    let person = id(i);
    let (team, cross) = if person == MERGED {
        (2, 1)
    } else if person == SUPPRESSED {
        (3 + i % 3, 2)
    } else {
        (3 + i % 3, 3)
    };
    [
        (Perspective::SelfRating, 1),
        (Perspective::Manager, 1),
        // The planted blind spot is rated by five peers: a finding needs a gap beyond
        // the peers' 95% prediction interval, which three raters rarely give.
        (
            Perspective::Peer,
            if person == BLIND_SPOT { 5 } else { 3 + i % 2 },
        ),
        (Perspective::TeamMember, team),
        (Perspective::CrossFunctional, cross),
    ]
}

/// One 360 export per quarter for the last four quarters: (quarter label, CSV bytes).
pub fn feedback_csvs(org: &Organisation, seed: u64) -> Result<Vec<(String, Vec<u8>)>> {
    let schema = Schema::parse(FEEDBACK_360).expect("the shipped 360 schema is valid");
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0360);
    let mut header: Vec<String> = ["Submitted", "Person", "Relationship"]
        .map(String::from)
        .to_vec();
    header.extend(schema.items.iter().map(|it| match &it.column {
        ColumnRef::Header(h) => h.clone(),
        other => other.to_string(),
    }));
    header.push("Comments".into());
    // Each person's level per dimension, rising a little each quarter.
    let base: Vec<Vec<f64>> = (0..PEOPLE)
        .map(|_| {
            (0..schema.domains.len())
                .map(|_| 3.4 + 0.3 * normal(&mut rng))
                .collect()
        })
        .collect();
    let first = org.quarters.len().saturating_sub(4);
    let mut out = Vec::new();
    for (k, q) in org.quarters.iter().enumerate().skip(first) {
        let mut rows = Vec::new();
        let step = (k - first) as f64 * 0.1;
        for (i, levels) in base.iter().enumerate() {
            for (p, n) in raters(i) {
                for r in 0..n {
                    let mut cells = vec![
                        (quarter_start(*q) + Duration::days(40 + (i + r) as i64 % 20)).to_string(),
                        id(i),
                        label(p, k).to_string(),
                    ];
                    for item in &schema.items {
                        let d = item.domain;
                        let asked = p == Perspective::SelfRating
                            || schema.domains[d].perspective == Some(p);
                        if !asked {
                            cells.push(String::new());
                            continue;
                        }
                        let peer_dimension =
                            schema.domains[d].perspective == Some(Perspective::Peer);
                        let mut level = levels[d] + step;
                        if id(i) == BLIND_SPOT && peer_dimension {
                            level = if p == Perspective::SelfRating {
                                5.2
                            } else {
                                1.8
                            };
                        } else if p == Perspective::SelfRating {
                            level += 0.2;
                        }
                        let noise = if p == Perspective::SelfRating {
                            0.2
                        } else {
                            0.6
                        };
                        let v = (level + noise * normal(&mut rng)).round().clamp(1.0, 5.0) as usize;
                        cells.push(LABELS[v - 1].to_string());
                    }
                    let text = if id(i) == SUPPRESSED && p == Perspective::CrossFunctional {
                        format!("Still thinking about {SUPPRESSED_PHRASE}")
                    } else {
                        comment(p, &mut rng)
                    };
                    cells.push(text);
                    rows.push(cells);
                }
            }
        }
        rows.sort();
        out.push((q.label(), csv_of(&header, &rows)?));
    }
    Ok(out)
}
