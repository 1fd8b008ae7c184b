//! Order answer labels into a scale by their wording ("Strongly disagree" ... "Strongly
//! agree", "Very unfavorably" ... "Very favorably") and spot "no answer" labels.
//! A guess for a draft schema, always marked for the user to confirm.

use crate::text::compare_key;

const NO_ANSWER: &[&str] = &[
    "n/a",
    "na",
    "not applicable",
    "don't know",
    "dont know",
    "do not know",
    "prefer not",
    "unfamiliar",
    "no basis",
    "no opinion",
    "not sure",
    "unsure",
    "i don't know",
];
const NEGATIVE: &[&str] = &[
    "disagree",
    "unfavor",
    "dissatisf",
    "unsatisf",
    "unlikely",
    "poor",
    "bad",
    "never",
    "rarely",
    "not at all",
    "inadequate",
    "unimportant",
    "worse",
    "difficult",
    "no confidence",
];
const NEUTRAL: &[&str] = &[
    "neither",
    "neutral",
    "undecided",
    "sometimes",
    "somewhat likely or unlikely",
    "average",
    "fair",
];
const POSITIVE: &[&str] = &[
    "agree",
    "favor",
    "satisf",
    "likely",
    "good",
    "excellent",
    "always",
    "often",
    "important",
    "easy",
    "better",
    "confident",
    "great",
];
const STRONG: &[&str] = &[
    "strongly",
    "very",
    "extremely",
    "completely",
    "totally",
    "always",
    "never",
    "excellent",
];
const MILD: &[&str] = &[
    "somewhat",
    "slightly",
    "mostly",
    "fairly",
    "rather",
    "moderately",
];

/// A label that means "no answer" (missing, never a score).
pub fn is_no_answer(label: &str) -> bool {
    let k = compare_key(label);
    NO_ANSWER
        .iter()
        .any(|w| k == *w || k.starts_with(&format!("{w} ")) || k.contains(&format!("({w})")))
        || k.contains("n/a")
}

/// Position of a label on an agreement-like scale: negative below 0, positive above.
/// `None` when the wording says nothing about direction.
pub fn polarity(label: &str) -> Option<i32> {
    let k = compare_key(label);
    let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
    // Leave room between "somewhat" (1) and "strongly" (3) for an unqualified label (2)
    // when a scale uses all three; plain and mild labels share 1 otherwise.
    let strength = if has(STRONG) && !has(MILD) {
        3
    } else if has(MILD) {
        1
    } else {
        2
    };
    if has(NEUTRAL) {
        Some(0)
    } else if has(NEGATIVE) {
        Some(-strength)
    } else if has(POSITIVE) {
        Some(strength)
    } else {
        None
    }
}

/// Labels with their scores 1..k, and the labels that mean no answer.
pub type OrderedScale = (Vec<(String, u32)>, Vec<String>);

/// Labels ordered into scores 1..k, and the labels that mean no answer; `None` when the
/// labels do not look like a rating scale.
pub fn order_scale(labels: &[String]) -> Option<OrderedScale> {
    let (missing, rated): (Vec<&String>, Vec<&String>) =
        labels.iter().partition(|l| is_no_answer(l));
    let mut scored: Vec<(i32, &String)> = Vec::new();
    for l in &rated {
        scored.push((polarity(l)?, l));
    }
    let has_positive = scored.iter().any(|s| s.0 > 0);
    let has_other = scored.iter().any(|s| s.0 <= 0);
    if scored.len() < 2 || !has_positive || !has_other {
        return None;
    }
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    let mut levels: Vec<i32> = scored.iter().map(|s| s.0).collect();
    levels.dedup();
    let ordered = scored
        .iter()
        .map(|(p, l)| {
            (
                (*l).clone(),
                levels.iter().position(|x| x == p).expect("level listed") as u32 + 1,
            )
        })
        .collect();
    Some((ordered, missing.into_iter().cloned().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn agreement_scale_is_ordered() {
        let labels = strings(&[
            "Agree",
            "Strongly disagree",
            "Neither agree nor disagree",
            "Strongly agree",
            "Disagree",
        ]);
        let (ordered, missing) = order_scale(&labels).unwrap();
        let names: Vec<(&str, u32)> = ordered.iter().map(|(l, s)| (l.as_str(), *s)).collect();
        assert_eq!(
            names,
            [
                ("Strongly disagree", 1),
                ("Disagree", 2),
                ("Neither agree nor disagree", 3),
                ("Agree", 4),
                ("Strongly agree", 5)
            ]
        );
        assert!(missing.is_empty());
    }

    #[test]
    fn favourability_scale_with_a_no_answer_label() {
        // The labels of fivethirtyeight's Star Wars survey (SurveyMonkey).
        let labels = strings(&[
            "Very favorably",
            "Somewhat favorably",
            "Neither favorably nor unfavorably (neutral)",
            "Somewhat unfavorably",
            "Very unfavorably",
            "Unfamiliar (N/A)",
        ]);
        let (ordered, missing) = order_scale(&labels).unwrap();
        assert_eq!(ordered.first().unwrap().0, "Very unfavorably");
        assert_eq!(ordered.last().unwrap().0, "Very favorably");
        assert_eq!(ordered.last().unwrap().1, 5);
        assert_eq!(missing, ["Unfamiliar (N/A)"]);
    }

    #[test]
    fn yes_no_and_free_categories_are_not_scales() {
        assert_eq!(order_scale(&strings(&["Yes", "No"])), None);
        assert_eq!(order_scale(&strings(&["Red", "Green", "Blue"])), None);
    }
}
