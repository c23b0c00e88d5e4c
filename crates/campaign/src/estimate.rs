//! An honest estimate of what a campaign will use: how many of its calls will be picked up, how
//! many call minutes that makes, and what they cost at the person's price per minute — each as a
//! range, made from this account's finished calls with the campaign's agent when there are
//! enough of them, else from defaults shown as assumptions the person can change.
//!
//! The model: every recipient is dialed once; a share `p` of the calls is picked up (by a person
//! or a machine: both use call minutes) and a picked-up call lasts `m` minutes on average. The
//! campaign's minutes are `calls × p × m`. From history, `p` and `m` get prediction intervals
//! that hold both the uncertainty of the history and the chance variation of this campaign's
//! own calls (normal approximation, 90 %); a figure the person chose is taken as given.

use crate::view::Outcome;
use serde::{Deserialize, Serialize};

/// How many dialed calls of the agent are needed before their answered share is used.
pub const MIN_DIALED_FOR_SHARE: usize = 20;
/// How many picked-up calls are needed before their length is used.
pub const MIN_PICKED_UP_FOR_LENGTH: usize = 5;
/// The share of calls picked up assumed without history, and its range.
pub const DEFAULT_PICKED_UP_SHARE: f64 = 0.45;
const DEFAULT_PICKED_UP_SPREAD: f64 = 0.10;
/// The minutes a picked-up call lasts assumed without history, and its range.
pub const DEFAULT_MINUTES_PER_CALL: f64 = 3.0;
const DEFAULT_MINUTES_SPREAD: f64 = 1.0;
/// z for a two-sided 90 % interval.
const Z90: f64 = 1.644_853_6;

/// One finished call of the agent, as the estimate reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PastCall {
    pub outcome: Outcome,
    /// How long it was connected, in seconds (`None` when it never connected).
    pub seconds: Option<u32>,
}

impl PastCall {
    /// A finished call of the Cartesia account (`None` while it hasn't ended).
    pub fn of(call: &cartesia::Call) -> Option<PastCall> {
        let status = match call.status {
            cartesia::CallStatus::Completed => "completed",
            cartesia::CallStatus::Failed => "failed",
            _ => return None,
        };
        let reason = call.end_reason.as_ref().map(|r| r.as_str());
        let mut outcome = Outcome::of_recipient(status, reason)?;
        if outcome == Outcome::Answered && crate::view::answering_machine(&call.transcript) {
            outcome = Outcome::Voicemail;
        }
        let seconds = call
            .duration()
            .and_then(|d| u32::try_from(d.num_seconds()).ok());
        Some(PastCall { outcome, seconds })
    }

    fn dialed(&self) -> bool {
        self.outcome != Outcome::NotDialed
    }

    fn picked_up(&self) -> bool {
        matches!(self.outcome, Outcome::Answered | Outcome::Voicemail)
    }
}

/// What the person chose instead of the history or the defaults (`None`: not chosen).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Assumptions {
    /// Share of calls picked up, 0–1.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub picked_up_share: Option<f64>,
    /// Minutes a picked-up call lasts.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub minutes_per_call: Option<f64>,
    /// Price of one call minute in US dollars (Settings; none: minutes only).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub price_per_minute: Option<f64>,
}

impl Assumptions {
    /// What an estimate assumes: the figures the person changed on Confirm (none: from history
    /// or the defaults), at the price per minute set in Settings.
    pub fn priced(changed: Option<Assumptions>, price_per_minute: Option<f64>) -> Assumptions {
        Assumptions {
            price_per_minute,
            ..changed.unwrap_or_default()
        }
    }
}

/// A low–high range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

/// Where a figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Basis {
    /// From this many of the agent's finished calls.
    History { calls: u32 },
    /// Batchline's default (not enough history).
    Default,
    /// The person set it.
    Chosen,
}

/// The estimate, with words ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub calls: u32,
    pub picked_up_share: Range,
    pub picked_up_basis: Basis,
    pub minutes_per_call: Range,
    pub minutes_basis: Basis,
    /// Total call minutes.
    pub minutes: Range,
    /// In US dollars, when a price per minute is set.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cost: Option<Range>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub price_per_minute: Option<f64>,
    /// "about 1,700–2,100 call minutes, $125–155 at $0.074 a minute".
    pub words: String,
    /// "45–57 % picked up (from this agent's last 300 calls); 3.1–3.6 minutes a call (…)".
    pub assumptions_words: String,
}

/// The estimate for `calls` recipients from the agent's finished calls and the person's choices.
pub fn estimate(calls: u32, history: &[PastCall], chosen: &Assumptions) -> Estimate {
    let n = f64::from(calls);
    let dialed: Vec<&PastCall> = history.iter().filter(|c| c.dialed()).collect();
    let picked: Vec<f64> = dialed
        .iter()
        .filter(|c| c.picked_up())
        .filter_map(|c| c.seconds)
        .map(|s| f64::from(s) / 60.0)
        .collect();

    let (share, share_basis) = match chosen.picked_up_share {
        Some(p) => {
            let p = p.clamp(0.0, 1.0);
            (Range { low: p, high: p }, Basis::Chosen)
        }
        None if dialed.len() >= MIN_DIALED_FOR_SHARE => {
            let k = dialed.len() as f64;
            let p = dialed.iter().filter(|c| c.picked_up()).count() as f64 / k;
            let spread = Z90 * (p * (1.0 - p) * (1.0 / k + 1.0 / n.max(1.0))).sqrt();
            (
                Range {
                    low: (p - spread).max(0.0),
                    high: (p + spread).min(1.0),
                },
                Basis::History {
                    calls: u32::try_from(dialed.len()).unwrap_or(u32::MAX),
                },
            )
        }
        None => (
            Range {
                low: DEFAULT_PICKED_UP_SHARE - DEFAULT_PICKED_UP_SPREAD,
                high: DEFAULT_PICKED_UP_SHARE + DEFAULT_PICKED_UP_SPREAD,
            },
            Basis::Default,
        ),
    };

    let (length, length_basis) = match chosen.minutes_per_call {
        Some(m) => {
            let m = m.max(0.0);
            (Range { low: m, high: m }, Basis::Chosen)
        }
        None if picked.len() >= MIN_PICKED_UP_FOR_LENGTH => {
            let k = picked.len() as f64;
            let mean = picked.iter().sum::<f64>() / k;
            let var = picked.iter().map(|m| (m - mean).powi(2)).sum::<f64>() / (k - 1.0);
            let expected_picked = (n * (share.low + share.high) / 2.0).max(1.0);
            let spread = Z90 * (var * (1.0 / k + 1.0 / expected_picked)).sqrt();
            (
                Range {
                    low: (mean - spread).max(0.0),
                    high: mean + spread,
                },
                Basis::History {
                    calls: u32::try_from(picked.len()).unwrap_or(u32::MAX),
                },
            )
        }
        None => (
            Range {
                low: DEFAULT_MINUTES_PER_CALL - DEFAULT_MINUTES_SPREAD,
                high: DEFAULT_MINUTES_PER_CALL + DEFAULT_MINUTES_SPREAD,
            },
            Basis::Default,
        ),
    };

    let minutes = Range {
        low: n * share.low * length.low,
        high: n * share.high * length.high,
    };
    let price = chosen
        .price_per_minute
        .filter(|p| *p > 0.0 && p.is_finite());
    let cost = price.map(|p| Range {
        low: minutes.low * p,
        high: minutes.high * p,
    });
    let words = total_words(minutes, cost, price);
    let assumptions_words = assumptions_words(share, share_basis, length, length_basis);
    Estimate {
        calls,
        picked_up_share: share,
        picked_up_basis: share_basis,
        minutes_per_call: length,
        minutes_basis: length_basis,
        minutes,
        cost,
        price_per_minute: price,
        words,
        assumptions_words,
    }
}

/// What the campaign's calls used so far: their connected minutes and, with a price, the cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Spent {
    pub minutes: f64,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cost: Option<f64>,
    /// "412 call minutes so far, $30.49".
    pub words: String,
}

/// Minutes and cost of the calls made so far (each call's connected time).
pub fn spent(calls: &[PastCall], price_per_minute: Option<f64>) -> Spent {
    let minutes = calls
        .iter()
        .filter_map(|c| c.seconds)
        .map(|s| f64::from(s) / 60.0)
        .fold(0.0, |sum, m| sum + m);
    let price = price_per_minute.filter(|p| *p > 0.0 && p.is_finite());
    let cost = price.map(|p| minutes * p);
    let whole = minutes.round();
    let mut words = format!(
        "{} call {} so far",
        thousands(whole),
        if whole == 1.0 { "minute" } else { "minutes" }
    );
    if let Some(c) = cost {
        words.push_str(&format!(", ${c:.2}"));
    }
    Spent {
        minutes,
        cost,
        words,
    }
}

/// "35–55% of calls picked up by a person or a machine and 2.0–4.0 minutes a picked-up call
/// (Batchline's assumptions until this agent has more finished calls)": each figure with where
/// it came from, said once when both came from the same place.
fn assumptions_words(
    share: Range,
    share_basis: Basis,
    length: Range,
    length_basis: Basis,
) -> String {
    let share_words = format!(
        "{} of calls picked up by a person or a machine",
        percent_range(share)
    );
    let length_words = format!("{} minutes a picked-up call", number_range(length, 1));
    match (share_basis, length_basis) {
        (Basis::Default, Basis::Default) => format!(
            "{share_words} and {length_words} (Batchline's assumptions until this agent has \
             more finished calls)"
        ),
        (Basis::Chosen, Basis::Chosen) => {
            format!("{share_words} and {length_words} (as you set them)")
        }
        _ => format!(
            "{share_words} ({}) and {length_words} ({})",
            basis_words(share_basis, "dialed"),
            basis_words(length_basis, "picked-up")
        ),
    }
}

fn basis_words(basis: Basis, kind: &str) -> String {
    match basis {
        Basis::History { calls } => {
            format!(
                "from this agent's last {} {kind} calls",
                thousands(f64::from(calls))
            )
        }
        Basis::Default => "Batchline's assumption until this agent has more finished calls".into(),
        Basis::Chosen => "as you set it".into(),
    }
}

fn total_words(minutes: Range, cost: Option<Range>, price: Option<f64>) -> String {
    let (lo, hi) = (round2(minutes.low), round2(minutes.high));
    let mut words = if lo == hi {
        format!("about {} call minutes", thousands(lo))
    } else {
        format!("about {}–{} call minutes", thousands(lo), thousands(hi))
    };
    if let (Some(c), Some(p)) = (cost, price) {
        let (clo, chi) = (round2(c.low), round2(c.high));
        let money = if clo == chi {
            format!("${}", thousands(clo))
        } else {
            format!("${}–{}", thousands(clo), thousands(chi))
        };
        words.push_str(&format!(", {money} at ${} a minute", trim_price(p)));
    }
    words
}

/// Rounded to two significant figures (an estimate shouldn't look more exact than it is);
/// below 100 to whole numbers.
fn round2(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 0.0;
    }
    if v < 100.0 {
        return v.round();
    }
    let magnitude = 10f64.powi(v.log10().floor() as i32 - 1);
    (v / magnitude).round() * magnitude
}

fn thousands(v: f64) -> String {
    let whole = format!("{:.0}", if v > 0.0 { v } else { 0.0 });
    let mut out = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn percent_range(r: Range) -> String {
    let (lo, hi) = ((r.low * 100.0).round(), (r.high * 100.0).round());
    if lo == hi {
        format!("{lo:.0}%")
    } else {
        format!("{lo:.0}–{hi:.0}%")
    }
}

fn number_range(r: Range, decimals: usize) -> String {
    let lo = format!("{:.*}", decimals, r.low);
    let hi = format!("{:.*}", decimals, r.high);
    if lo == hi {
        lo
    } else {
        format!("{lo}–{hi}")
    }
}

fn trim_price(p: f64) -> String {
    let s = format!("{p:.4}");
    let s = s.trim_end_matches('0');
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.contains('.') && s.split('.').nth(1).map_or(0, str::len) < 2 {
        format!("{p:.2}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(answered: usize, seconds: u32, unanswered: usize) -> Vec<PastCall> {
        let mut v: Vec<PastCall> = (0..answered)
            .map(|i| PastCall {
                outcome: Outcome::Answered,
                // 80 % of `seconds` to 120 %: a spread like real calls'.
                seconds: Some(seconds * 8 / 10 + (i as u32 % 5) * seconds / 10),
            })
            .collect();
        v.extend((0..unanswered).map(|_| PastCall {
            outcome: Outcome::NoAnswer,
            seconds: None,
        }));
        v
    }

    #[test]
    fn history_gives_a_range_around_what_it_shows() {
        // 120 of 300 dialed picked up (40 %), each about 3 minutes.
        let history = calls(120, 180, 180);
        let e = estimate(5_000, &history, &Assumptions::default());
        assert_eq!(e.picked_up_basis, Basis::History { calls: 300 });
        assert!(e.picked_up_share.low < 0.40 && 0.40 < e.picked_up_share.high);
        assert!(e.picked_up_share.high - e.picked_up_share.low < 0.1);
        assert_eq!(e.minutes_basis, Basis::History { calls: 120 });
        assert!(e.minutes_per_call.low < 3.0 && 3.0 < e.minutes_per_call.high);
        // 5,000 × 40 % × 3 minutes = 6,000: inside the range, and the range is not absurd.
        assert!(e.minutes.low < 6_000.0 && 6_000.0 < e.minutes.high, "{e:?}");
        assert!(e.minutes.high < 8_000.0 && e.minutes.low > 4_500.0, "{e:?}");
        assert!(e.cost.is_none());
        assert!(e.words.starts_with("about "), "{}", e.words);
        assert!(e.words.ends_with("call minutes"), "{}", e.words);
        assert!(e.assumptions_words.contains("last 300 dialed calls"));
    }

    #[test]
    fn more_history_narrows_the_range() {
        let few = estimate(5_000, &calls(12, 180, 18), &Assumptions::default());
        let many = estimate(5_000, &calls(400, 180, 600), &Assumptions::default());
        let width = |e: &Estimate| e.minutes.high - e.minutes.low;
        assert!(
            width(&many) < width(&few) / 2.0,
            "{} vs {}",
            width(&many),
            width(&few)
        );
    }

    #[test]
    fn without_enough_history_the_defaults_are_said_to_be_assumptions() {
        let e = estimate(1_000, &calls(3, 200, 10), &Assumptions::default());
        assert_eq!(e.picked_up_basis, Basis::Default);
        assert_eq!(e.minutes_basis, Basis::Default);
        assert!((e.minutes.low - 1_000.0 * 0.35 * 2.0).abs() < 1e-6, "{e:?}");
        assert!(
            (e.minutes.high - 1_000.0 * 0.55 * 4.0).abs() < 1e-6,
            "{e:?}"
        );
        assert_eq!(
            e.assumptions_words,
            "35–55% of calls picked up by a person or a machine and 2.0–4.0 minutes a picked-up \
             call (Batchline's assumptions until this agent has more finished calls)"
        );
    }

    #[test]
    fn chosen_figures_and_a_price_give_the_cost() {
        let chosen = Assumptions {
            picked_up_share: Some(0.5),
            minutes_per_call: Some(3.0),
            price_per_minute: Some(0.074),
        };
        let e = estimate(1_240, &[], &chosen);
        assert_eq!(e.minutes.low, 1_860.0);
        assert_eq!(e.minutes.high, 1_860.0);
        let cost = e.cost.unwrap_or(Range {
            low: 0.0,
            high: 0.0,
        });
        assert!((cost.low - 137.64).abs() < 1e-9);
        assert_eq!(e.words, "about 1,900 call minutes, $140 at $0.074 a minute");
        assert!(
            e.assumptions_words.ends_with("(as you set them)"),
            "{}",
            e.assumptions_words
        );
    }

    #[test]
    fn words_round_to_two_figures_and_join_ranges() {
        let chosen = Assumptions {
            picked_up_share: None,
            minutes_per_call: None,
            price_per_minute: Some(0.08),
        };
        let e = estimate(2_000, &[], &chosen);
        // 2,000 × 35 % × 2 = 1,400; 2,000 × 55 % × 4 = 4,400.
        assert_eq!(
            e.words,
            "about 1,400–4,400 call minutes, $110–350 at $0.08 a minute"
        );
    }

    #[test]
    fn not_dialed_calls_are_not_counted_and_a_bad_price_is_ignored() {
        let mut history = calls(30, 60, 30);
        history.extend((0..500).map(|_| PastCall {
            outcome: Outcome::NotDialed,
            seconds: None,
        }));
        let e = estimate(
            100,
            &history,
            &Assumptions {
                price_per_minute: Some(f64::NAN),
                ..Assumptions::default()
            },
        );
        assert_eq!(e.picked_up_basis, Basis::History { calls: 60 });
        assert!(e.cost.is_none());
    }

    #[test]
    fn spent_adds_connected_minutes() {
        let s = spent(&calls(10, 120, 5), Some(0.1));
        assert!((s.minutes - 20.0).abs() < 1e-9, "{}", s.minutes);
        assert_eq!(s.words, "20 call minutes so far, $2.00");
        assert_eq!(spent(&[], None).words, "0 call minutes so far");
    }
}
