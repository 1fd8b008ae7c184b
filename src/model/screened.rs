//! Privacy decisions as data: a value with whether (and why) it is hidden, and the status
//! of a 360 rater group. The privacy stage makes them; every later stage reads them.

use serde::{Deserialize, Serialize};

use super::{Perspective, Quarter};

/// Why a value is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// Fewer respondents than the minimum group size.
    SmallGroup,
    /// Hidden so that a small group's value cannot be recovered by subtraction.
    Complementary,
}

impl Hidden {
    pub fn as_str(self) -> &'static str {
        match self {
            Hidden::SmallGroup => "small_group",
            Hidden::Complementary => "complementary",
        }
    }
}

/// A value with the privacy decision about it. A hidden value is out of reach of every
/// stage after privacy: [`Screened::shown`] gives the value only when it is shown, and
/// [`Screened::key`] what may always be printed (which unit, quarter and domain).
/// [`Screened::unscreened`] gives the value whatever the decision, for the privacy
/// stage's own decisions; the architecture test allows it in `privacy/` alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Screened<T> {
    value: T,
    hidden: Option<Hidden>,
}

/// What may be printed of a value whether it is shown or not: which unit, quarter and
/// domain it belongs to, never what it says of the respondents.
pub trait Keyed {
    type Key<'a>
    where
        Self: 'a;
    fn key(&self) -> Self::Key<'_>;
}

impl<T> Screened<T> {
    pub fn new(value: T, hidden: Option<Hidden>) -> Screened<T> {
        Screened { value, hidden }
    }

    /// The value, when it may be shown.
    pub fn shown(&self) -> Option<&T> {
        self.hidden.is_none().then_some(&self.value)
    }

    pub fn is_shown(&self) -> bool {
        self.hidden.is_none()
    }

    /// Why the value is hidden, or `None` when it is shown.
    pub fn hidden(&self) -> Option<Hidden> {
        self.hidden
    }

    pub fn hide(&mut self, why: Hidden) {
        self.hidden = Some(why);
    }

    /// The value whatever the decision: for the privacy stage only.
    pub fn unscreened(&self) -> &T {
        &self.value
    }

    /// The value whatever the decision, whole: for the privacy stage only.
    pub fn into_unscreened(self) -> T {
        self.value
    }

    /// The value whatever the decision, to change: for the privacy stage only.
    pub fn unscreened_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: Keyed> Screened<T> {
    pub fn key(&self) -> T::Key<'_> {
        self.value.key()
    }
}

/// What may be shown of one rater group (person, quarter, perspective).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    Shown,
    /// Too few on its own; shown only pooled with the other small groups as "others".
    MergedIntoOthers,
    /// Too few even pooled; nothing of it is shown, comments included.
    Suppressed,
}

impl GroupStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupStatus::Shown => "shown",
            GroupStatus::MergedIntoOthers => "merged_into_others",
            GroupStatus::Suppressed => "suppressed",
        }
    }
}

/// (person, quarter, perspective) -> raters and status.
pub type GroupKey = (String, Quarter, Perspective);

/// A quarter an earlier report in the same folder published, whose figures would now
/// differ: it is shown as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptQuarter {
    pub quarter: String,
    /// Why its figures would have changed.
    pub reason: String,
}

/// What became of the quarters an earlier report in the same folder published whose
/// figures would now differ: kept as published, or restated (`--restate`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Revisited {
    pub kept: Vec<KeptQuarter>,
    /// The labels of the quarters published again with the current figures.
    pub restated: Vec<String>,
}
