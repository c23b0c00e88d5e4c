//! Calls in which the recipient asked not to be called again: an opt-out phrase (a list the
//! person keeps in Settings) said by the recipient, never by the agent ("I can take you off our
//! list" is the agent offering, not the person asking).

use cartesia::TranscriptTurn;
use serde::Serialize;

/// The phrases Settings starts with.
pub const DEFAULT_OPT_OUT_PHRASES: &[&str] = &[
    "stop calling",
    "take me off your list",
    "take me off the list",
    "remove me from your list",
    "do not call",
    "don't call",
    "dont call",
    "remove my number",
    "unsubscribe",
    "never call",
    "stop contacting me",
];

/// How words are compared: lower case, curly apostrophes straight, runs of spaces one space.
fn folded(text: &str) -> String {
    text.to_lowercase()
        .replace('\u{2019}', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first of `phrases` the recipient said in `transcript` (case and spacing ignored), if any.
/// Only the recipient's turns count.
pub fn opt_out_phrase<'p>(transcript: &[TranscriptTurn], phrases: &'p [String]) -> Option<&'p str> {
    let wanted: Vec<(String, &str)> = phrases
        .iter()
        .map(|p| (folded(p), p.as_str()))
        .filter(|(f, _)| !f.is_empty())
        .collect();
    transcript
        .iter()
        .filter(|t| t.role == "user")
        .find_map(|t| {
            let said = folded(&t.text);
            wanted
                .iter()
                .find(|(f, _)| said.contains(f.as_str()))
                .map(|(_, p)| *p)
        })
}

/// A call in which the recipient asked not to be called again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OptOutCall {
    /// Their number (E.164).
    pub to_number: String,
    /// Their name as sent with the call, else their number.
    pub name: String,
    /// What they said (the phrase matched).
    pub phrase: String,
    /// Already on the do-not-call list.
    pub listed: bool,
}

/// The campaign page's opt-out flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OptOuts {
    /// Each call (one per number) where the recipient asked not to be called again.
    pub calls: Vec<OptOutCall>,
    /// "4 people asked not to be called again", counting those not yet listed; `None` when
    /// nobody is left to add.
    pub message: Option<String>,
    /// Calls whose transcript couldn't be read (told, not hidden).
    pub unread: u32,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn turn(role: &str, text: &str) -> TranscriptTurn {
        TranscriptTurn {
            role: role.into(),
            text: text.into(),
            start_timestamp: None,
            end_timestamp: None,
        }
    }

    fn phrases() -> Vec<String> {
        DEFAULT_OPT_OUT_PHRASES
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn the_recipient_asking_is_found_whatever_the_case_and_spacing() {
        let t = [
            turn("assistant", "Hi, this is Sam from Acme."),
            turn("user", "Please  TAKE me off your   list."),
        ];
        assert_eq!(
            opt_out_phrase(&t, &phrases()),
            Some("take me off your list")
        );
        let curly = [turn("user", "Don\u{2019}t call me again")];
        assert_eq!(opt_out_phrase(&curly, &phrases()), Some("don't call"));
    }

    #[test]
    fn the_agent_saying_it_is_not_an_opt_out() {
        let t = [
            turn(
                "assistant",
                "If you'd like, I can take you off the list, just say do not call.",
            ),
            turn("user", "No thanks, that's fine, see you Tuesday."),
        ];
        assert_eq!(opt_out_phrase(&t, &phrases()), None);
    }

    #[test]
    fn settings_keep_one_clean_copy_of_each_phrase_and_start_with_the_defaults() {
        use crate::settings::Settings;
        let s = Settings {
            opt_out_phrases: vec![
                "  Stop   calling ".into(),
                "stop calling".into(),
                String::new(),
                "Remove my number".into(),
            ],
            ..Settings::default()
        }
        .validated()
        .unwrap();
        assert_eq!(s.opt_out_phrases, ["Stop calling", "Remove my number"]);
        // Settings saved before the list existed read with the defaults.
        let old: Settings = serde_json::from_value(serde_json::json!({
            "apiBaseUrl": "https://api.cartesia.ai",
            "defaultCountry": "US",
            "orgConcurrencyLimit": 8,
            "averageCallMinutes": 2.0
        }))
        .unwrap();
        assert!(old
            .opt_out_phrases
            .iter()
            .any(|p| p == "take me off your list"));
    }

    #[test]
    fn the_persons_own_phrases_are_used_and_blank_ones_ignored() {
        let mine = vec!["  ".to_string(), "No More Calls".to_string()];
        let t = [turn("user", "no more calls please")];
        assert_eq!(opt_out_phrase(&t, &mine), Some("No More Calls"));
        assert_eq!(opt_out_phrase(&[turn("user", "stop calling")], &mine), None);
    }
}
