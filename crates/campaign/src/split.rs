//! Two agents compared: the recipients split at random between them in a chosen share — the same
//! split every time for the same seed, on every computer — and the figures of each side put next
//! to each other, with a plain word on whether the difference is more than chance.

use serde::{Deserialize, Serialize};

/// Which agent a recipient is given to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Side {
    /// The campaign's own agent.
    A,
    /// The agent it is compared with.
    B,
}

/// The split as kept with the campaign (`campaigns.split`, JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Split {
    /// The second agent.
    pub agent_b_id: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub agent_b_name: Option<String>,
    /// The share of recipients given to the second agent, in percent (1–99).
    pub share_b_percent: u8,
    /// What makes the split reproducible.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
}

/// A split that can't be made, said so the person knows what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("The share for the second agent must be between 1% and 99%; it is {0}%.")]
    Share(u8),
    #[error("Choose a second agent that is not the campaign's own agent.")]
    SameAgent,
    #[error("Comparing two agents needs at least 2 people; this list has {0}.")]
    TooFew(usize),
}

impl Split {
    /// Checks the split against the campaign's agent and list size.
    pub fn check(&self, agent_a_id: &str, recipients: usize) -> Result<(), SplitError> {
        if !(1..=99).contains(&self.share_b_percent) {
            return Err(SplitError::Share(self.share_b_percent));
        }
        if self.agent_b_id == agent_a_id {
            return Err(SplitError::SameAgent);
        }
        if recipients < 2 {
            return Err(SplitError::TooFew(recipients));
        }
        Ok(())
    }

    /// How many of `n` recipients the second agent gets: the share rounded, and at least one
    /// on each side.
    pub fn count_b(&self, n: usize) -> usize {
        let exact = n as u128 * u128::from(self.share_b_percent);
        let rounded = usize::try_from((exact + 50) / 100).unwrap_or(n);
        rounded.clamp(usize::from(n >= 2), n.saturating_sub(1))
    }

    /// Each of `n` recipients' side, by their position in the list: exactly [`Split::count_b`]
    /// of them B, chosen uniformly at random by the seed (the same seed gives the same split).
    pub fn assign(&self, n: usize) -> Vec<Side> {
        let b = self.count_b(n);
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = SplitMix64(self.seed);
        // Fisher–Yates: the first `b` positions of a uniform shuffle are a uniform b-subset.
        for i in 0..b.min(n) {
            let j = i + rng.below(n - i);
            order.swap(i, j);
        }
        let mut sides = vec![Side::A; n];
        for &pos in &order[..b] {
            sides[pos] = Side::B;
        }
        sides
    }
}

/// A new seed for a split, from the time (the split itself is then fixed by it).
pub fn new_seed(now: chrono::DateTime<chrono::Utc>) -> u64 {
    let nanos = now.timestamp_nanos_opt().unwrap_or_else(|| now.timestamp());
    SplitMix64(nanos as u64).next()
}

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (`bound > 0`), without modulo bias (Lemire's method with rejection).
    fn below(&mut self, bound: usize) -> usize {
        let bound = bound as u64;
        if bound <= 1 {
            return 0;
        }
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let m = u128::from(self.next()) * u128::from(bound);
            if (m as u64) >= threshold {
                return (m >> 64) as usize;
            }
        }
    }
}

/// One side's figures, as the comparison shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SideFigures {
    pub agent_name: String,
    /// Calls that were dialed and ended.
    pub dialed: u32,
    /// Of them, answered by a person.
    pub answered: u32,
    /// `answered / dialed`, 0–1 (`None` before any call ended).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub answered_share: Option<f64>,
    /// Average length of the answered calls, in seconds.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub average_seconds: Option<f64>,
    /// Cost of each answered call, in US dollars, when a price per minute is set.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cost_per_answered: Option<f64>,
}

impl SideFigures {
    /// Figures from a side's ended calls: `(answered by a person, connected seconds)` per call.
    pub fn of(
        agent_name: &str,
        calls: &[(bool, Option<u32>)],
        price_per_minute: Option<f64>,
    ) -> SideFigures {
        let dialed = u32::try_from(calls.len()).unwrap_or(u32::MAX);
        let answered_lengths: Vec<f64> = calls
            .iter()
            .filter(|(answered, _)| *answered)
            .map(|(_, s)| f64::from(s.unwrap_or(0)))
            .collect();
        let answered = u32::try_from(answered_lengths.len()).unwrap_or(u32::MAX);
        let all_minutes: f64 = calls
            .iter()
            .filter_map(|(_, s)| *s)
            .map(|s| f64::from(s) / 60.0)
            .sum();
        let price = price_per_minute.filter(|p| *p > 0.0 && p.is_finite());
        SideFigures {
            agent_name: agent_name.to_string(),
            dialed,
            answered,
            answered_share: (dialed > 0).then(|| f64::from(answered) / f64::from(dialed)),
            average_seconds: (answered > 0)
                .then(|| answered_lengths.iter().sum::<f64>() / f64::from(answered)),
            cost_per_answered: price
                .filter(|_| answered > 0)
                .map(|p| all_minutes * p / f64::from(answered)),
        }
    }
}

/// Whether the two sides' answered shares differ by more than chance: a two-proportion z-test
/// (pooled), its two-sided p-value and the sentence the page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    #[cfg_attr(feature = "ts", ts(optional))]
    pub p_value: Option<f64>,
    /// Under 0.05.
    pub beyond_chance: bool,
    pub words: String,
}

/// Compares the answered shares of `a` and `b`.
pub fn difference(a: &SideFigures, b: &SideFigures) -> Difference {
    let p = two_proportion_p(a.answered, a.dialed, b.answered, b.dialed);
    let Some(p) = p else {
        return Difference {
            p_value: None,
            beyond_chance: false,
            words: "Not enough ended calls on both sides to compare yet.".into(),
        };
    };
    let (a_share, b_share) = (
        a.answered_share.unwrap_or(0.0),
        b.answered_share.unwrap_or(0.0),
    );
    let beyond_chance = p < 0.05;
    let words = if a_share == b_share {
        format!(
            "Both agents were answered equally often so far ({}).",
            chance_words(p)
        )
    } else {
        let (better, worse) = if a_share > b_share { (a, b) } else { (b, a) };
        if beyond_chance {
            format!(
                "{} was answered more often than {}, and that is unlikely to be chance ({}).",
                better.agent_name,
                worse.agent_name,
                chance_words(p)
            )
        } else {
            format!(
                "{} was answered a little more often than {}, but the difference is within \
                 chance ({}): more calls are needed to tell them apart.",
                better.agent_name,
                worse.agent_name,
                chance_words(p)
            )
        }
    };
    Difference {
        p_value: Some(p),
        beyond_chance,
        words,
    }
}

fn chance_words(p: f64) -> String {
    let pct = p * 100.0;
    if pct < 0.1 {
        "a difference this large by chance alone: under 1 in 1,000".into()
    } else if pct < 10.0 {
        format!("a difference this large by chance alone: {pct:.1}% likely")
    } else {
        format!("a difference this large by chance alone: {pct:.0}% likely")
    }
}

/// Two-sided p-value of the pooled two-proportion z-test; `None` when either side has no calls
/// or the pooled share is 0 or 1 (nothing to compare).
pub fn two_proportion_p(x1: u32, n1: u32, x2: u32, n2: u32) -> Option<f64> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (n1f, n2f) = (f64::from(n1), f64::from(n2));
    let pooled = f64::from(x1 + x2) / (n1f + n2f);
    if pooled <= 0.0 || pooled >= 1.0 {
        return None;
    }
    let se = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    let z = (f64::from(x1) / n1f - f64::from(x2) / n2f) / se;
    Some(erfc(z.abs() / std::f64::consts::SQRT_2).clamp(0.0, 1.0))
}

/// The complementary error function (Numerical Recipes' Chebyshev fit, error below 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(share: u8, seed: u64) -> Split {
        Split {
            agent_b_id: "agent_b".into(),
            agent_b_name: None,
            share_b_percent: share,
            seed,
        }
    }

    #[test]
    fn the_shares_are_exact_and_the_same_seed_gives_the_same_split() {
        for (n, share, b) in [(5_000, 50, 2_500), (1_001, 30, 300), (7, 50, 4), (2, 1, 1)] {
            let s = split(share, 42);
            let sides = s.assign(n);
            assert_eq!(sides.len(), n);
            assert_eq!(
                sides.iter().filter(|x| **x == Side::B).count(),
                b,
                "{n} at {share}%"
            );
            assert_eq!(sides, s.assign(n), "same seed, same split");
        }
        assert_ne!(split(50, 1).assign(100), split(50, 2).assign(100));
    }

    #[test]
    fn the_split_is_not_tied_to_the_list_order() {
        // Over 2,000 seeds, each of 10 positions lands on B about half the time.
        let mut hits = [0u32; 10];
        for seed in 0..2_000 {
            for (i, side) in split(50, seed).assign(10).iter().enumerate() {
                hits[i] += u32::from(*side == Side::B);
            }
        }
        for h in hits {
            assert!((850..1_150).contains(&h), "{hits:?}");
        }
    }

    #[test]
    fn a_split_that_cannot_be_made_says_why() {
        assert_eq!(split(0, 1).check("a", 10), Err(SplitError::Share(0)));
        assert_eq!(split(100, 1).check("a", 10), Err(SplitError::Share(100)));
        assert_eq!(
            split(50, 1).check("agent_b", 10),
            Err(SplitError::SameAgent)
        );
        assert_eq!(split(50, 1).check("a", 1), Err(SplitError::TooFew(1)));
        assert_eq!(split(50, 1).check("a", 2), Ok(()));
    }

    #[test]
    fn the_p_value_matches_the_textbook() {
        // 120/300 vs 150/300: z = -2.4618, two-sided p = 0.01382.
        let p = two_proportion_p(120, 300, 150, 300).unwrap_or(1.0);
        assert!((p - 0.013_82).abs() < 1e-5, "{p}");
        // Equal shares: p = 1.
        let same = two_proportion_p(50, 100, 50, 100).unwrap_or(0.0);
        assert!((same - 1.0).abs() < 1e-6, "{same}");
        assert_eq!(two_proportion_p(0, 0, 3, 10), None);
        assert_eq!(two_proportion_p(0, 10, 0, 10), None);
    }

    #[test]
    fn the_words_say_whether_the_difference_is_within_chance() {
        let side = |name: &str, answered: usize, dialed: usize| {
            let calls: Vec<(bool, Option<u32>)> = (0..dialed)
                .map(|i| (i < answered, (i < answered).then_some(120)))
                .collect();
            SideFigures::of(name, &calls, Some(0.1))
        };
        let a = side("Maya", 21, 50);
        let b = side("Theo", 24, 50);
        assert_eq!(a.cost_per_answered.map(|c| (c * 100.0).round()), Some(20.0));
        let close = difference(&a, &b);
        assert!(!close.beyond_chance);
        assert!(close
            .words
            .contains("Theo was answered a little more often than Maya"));
        assert!(close.words.contains("within chance"), "{}", close.words);
        let far = difference(&side("Maya", 120, 300), &side("Theo", 150, 300));
        assert!(far.beyond_chance);
        assert!(far.words.contains("unlikely to be chance"), "{}", far.words);
        assert!(far.words.contains("1.4% likely"), "{}", far.words);
    }
}
