//! Practice adoption rules for learning velocity: first use, consistent use (a run of
//! used observations), and whether a practice stuck k months after consistent use.
//! Pure functions over one team's observations of one practice, in days since introduction.

/// One observation of a practice in a team.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seen {
    /// Days since the practice was introduced (0 = the introduction day).
    pub days: f64,
    /// Share of members using it (1.0 / 0.0 for a used / not-used log).
    pub share: f64,
}

/// The consistent-use rule: `run` observations in a row with at least `min_share` using.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub run: usize,
    pub min_share: f64,
}

impl Default for Rule {
    /// Three observations in a row with at least 60% of members using the practice.
    fn default() -> Self {
        Rule {
            run: 3,
            min_share: 0.6,
        }
    }
}

fn used(s: &Seen, rule: Rule) -> bool {
    s.share >= rule.min_share
}

/// Day of the first observation with any use.
pub fn first_use(seen: &[Seen]) -> Option<f64> {
    seen.iter().find(|s| s.share > 0.0).map(|s| s.days)
}

/// Day consistent use was reached: the last observation of the first qualifying run.
/// `None`: not reached by the last observation (censored there).
pub fn consistent_use(seen: &[Seen], rule: Rule) -> Option<f64> {
    let mut streak = 0;
    for s in seen {
        if used(s, rule) {
            streak += 1;
            if streak >= rule.run {
                return Some(s.days);
            }
        } else {
            streak = 0;
        }
    }
    None
}

/// Whether a practice stuck: among teams that reached consistent use and were observed
/// at least `days_later` after it, whether the observation nearest `days_later` after
/// reaching still shows use. `None`: not reached, or not followed up long enough.
pub fn still_used_after(seen: &[Seen], rule: Rule, days_later: f64) -> Option<bool> {
    let reached = consistent_use(seen, rule)?;
    let target = reached + days_later;
    let followed = seen
        .iter()
        .filter(|s| s.days >= target)
        .min_by(|a, b| a.days.total_cmp(&b.days))?;
    Some(used(followed, rule))
}

/// Stick rate: of the teams with an answer from [`still_used_after`], the share still using.
pub fn stick_rate(teams: &[Vec<Seen>], rule: Rule, days_later: f64) -> Option<(f64, usize)> {
    let answers: Vec<bool> = teams
        .iter()
        .filter_map(|t| still_used_after(t, rule, days_later))
        .collect();
    (!answers.is_empty()).then(|| {
        let kept = answers.iter().filter(|a| **a).count();
        (kept as f64 / answers.len() as f64, answers.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(points: &[(f64, f64)]) -> Vec<Seen> {
        points
            .iter()
            .map(|&(days, share)| Seen { days, share })
            .collect()
    }

    #[test]
    fn first_and_consistent_use() {
        // Monthly observations: 0.2 at day 30, then 0.7, 0.5 (breaks the run), 0.8, 0.9, 0.7.
        let t = log(&[
            (0.0, 0.0),
            (30.0, 0.2),
            (60.0, 0.7),
            (90.0, 0.5),
            (120.0, 0.8),
            (150.0, 0.9),
            (180.0, 0.7),
        ]);
        assert_eq!(first_use(&t), Some(30.0));
        // The first run of three at >= 0.6 is days 120, 150, 180: reached on day 180.
        assert_eq!(consistent_use(&t, Rule::default()), Some(180.0));
        assert_eq!(
            consistent_use(
                &t,
                Rule {
                    run: 1,
                    min_share: 0.6
                }
            ),
            Some(60.0)
        );
    }

    #[test]
    fn not_reached_is_censored_not_zero() {
        let t = log(&[(0.0, 0.0), (30.0, 0.7), (60.0, 0.7)]);
        assert_eq!(consistent_use(&t, Rule::default()), None);
    }

    #[test]
    fn stick_rate_counts_only_teams_followed_up_long_enough() {
        let rule = Rule {
            run: 1,
            min_share: 0.6,
        };
        let kept = log(&[(30.0, 0.8), (60.0, 0.8), (120.0, 0.7)]); // reached 30, still used at 120
        let faded = log(&[(30.0, 0.9), (125.0, 0.1)]); // reached 30, not used at 125
        let short = log(&[(30.0, 0.9), (60.0, 0.9)]); // not followed 90 days
        let never = log(&[(30.0, 0.1)]);
        assert_eq!(still_used_after(&kept, rule, 90.0), Some(true));
        assert_eq!(still_used_after(&faded, rule, 90.0), Some(false));
        assert_eq!(still_used_after(&short, rule, 90.0), None);
        assert_eq!(
            stick_rate(&[kept, faded, short, never], rule, 90.0),
            Some((0.5, 2))
        );
    }
}
