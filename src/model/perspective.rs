//! Whose view a 360 rating gives.

use serde::{Deserialize, Serialize};

/// Whose view a 360 rating gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    #[serde(rename = "self")]
    SelfRating,
    Manager,
    Peer,
    TeamMember,
    CrossFunctional,
}

impl Perspective {
    pub const ALL: [Perspective; 5] = [
        Perspective::SelfRating,
        Perspective::Manager,
        Perspective::Peer,
        Perspective::TeamMember,
        Perspective::CrossFunctional,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Perspective::SelfRating => "self",
            Perspective::Manager => "manager",
            Perspective::Peer => "peer",
            Perspective::TeamMember => "team_member",
            Perspective::CrossFunctional => "cross_functional",
        }
    }

    /// For people: "team members".
    pub fn label(self) -> &'static str {
        match self {
            Perspective::SelfRating => "self",
            Perspective::Manager => "manager",
            Perspective::Peer => "peers",
            Perspective::TeamMember => "team members",
            Perspective::CrossFunctional => "cross-functional partners",
        }
    }

    /// Self and manager are shown as they are; the other groups need enough raters.
    pub fn needs_minimum(self) -> bool {
        !matches!(self, Perspective::SelfRating | Perspective::Manager)
    }

    pub(crate) fn parse(text: &str) -> Option<Perspective> {
        Perspective::ALL
            .into_iter()
            .find(|p| p.as_str() == text.trim())
    }
}
