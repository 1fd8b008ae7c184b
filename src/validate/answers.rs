//! One answer cell against the scale: a score, no answer, or what was expected instead
//! (with the nearest label when the text looks like a misspelling).

use crate::schema::Scale;
use crate::text::compare_key;

use super::columns::nearest_label;

/// An answer's score: `Ok(None)` for no answer, `Err(expected)` when it is not a valid answer.
pub fn score(scale: &Scale, text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(v) = t.parse::<f64>() {
        if v >= scale.min && v <= scale.max {
            return Ok(Some(v));
        }
        if scale.missing.contains(t) {
            return Ok(None);
        }
        return Err(format!(
            "a score from {} to {}, an answer label, or a no-answer code",
            scale.min, scale.max
        ));
    }
    let key = compare_key(t);
    if let Some(v) = scale.labels.get(&key) {
        return Ok(Some(*v));
    }
    if scale.missing.contains(&key) {
        return Ok(None);
    }
    let known = scale.label_list();
    let hint = match nearest_label(t, scale.labels.keys()) {
        Some(near) => format!(" (did you mean \"{}\"?)", scale.label_text[near]),
        None => String::new(),
    };
    Err(format!(
        "one of the scale's labels: {}{hint}",
        known.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;

    fn scale() -> Scale {
        Schema::parse(include_str!("../../schemas/team-health.toml"))
            .unwrap()
            .scale
    }

    #[test]
    fn labels_numbers_and_missing_codes() {
        let s = scale();
        assert_eq!(score(&s, " strongly  AGREE "), Ok(Some(5.0)));
        assert_eq!(score(&s, "4.0"), Ok(Some(4.0)));
        assert_eq!(score(&s, ""), Ok(None));
        assert_eq!(score(&s, "N/A"), Ok(None));
        assert_eq!(score(&s, "-99"), Ok(None));
        assert_eq!(score(&s, "Don't know"), Ok(None));
    }

    #[test]
    fn out_of_range_and_unknown_labels_say_what_was_expected() {
        let s = scale();
        assert!(score(&s, "7").unwrap_err().contains("from 1 to 5"));
        let e = score(&s, "Agre").unwrap_err();
        assert!(e.contains("did you mean \"Agree\"?"), "{e}");
        assert!(
            e.starts_with("one of the scale's labels: Strongly disagree, Disagree"),
            "{e}"
        );
    }
}
