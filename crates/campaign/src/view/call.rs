//! One call, for the call panel: its outcome, timing, summary and transcript in words.
//!
//! A recipient who was never dialed has no call to fetch, so the panel is made from their row
//! instead ([`not_dialed`]) and says why.
//!
//! Cartesia reports no end reason for an answering machine: a greeting the agent talked to
//! ends like any answered call. Where the call's transcript is at hand, its first turns tell
//! ([`answering_machine`]), and the panel reads Voicemail and says why.

use super::charts::Outcome;
use super::recipients::{end_reason_label, recipient_status_label, RecipientRow};
use crate::error::Result;
use cartesia::{Call, Client, TranscriptTurn};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One line of a call's transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TranscriptLine {
    /// `Agent`, `Recipient`, `System`, or the role as sent when it is another.
    pub speaker: String,
    pub text: String,
    /// Seconds from the start of the call.
    pub at_seconds: Option<f64>,
}

/// One call, for the call panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CallDetail {
    /// `None` when the recipient was never dialed.
    pub call_id: Option<String>,
    /// Whether a call was placed at all.
    pub dialed: bool,
    /// Whether someone picked up: the call is or was on the phone, or ended the way an
    /// answered call ends. A start time alone doesn't say so (some servers set it at dialing).
    pub connected: bool,
    /// Cartesia's call status as sent (empty when not dialed).
    pub status: String,
    pub status_label: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub started_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub ended_at: Option<DateTime<Utc>>,
    /// How long the conversation lasted: end − start (Cartesia sends no duration), only for a
    /// call that was answered and ended (ringing is not a conversation).
    pub duration_seconds: Option<f64>,
    pub end_reason: Option<String>,
    pub end_reason_label: Option<String>,
    /// How the call ended ([`call_outcome`]); `None` while it is on. It can say more than the
    /// recipients table: an answering machine shows only in the transcript.
    pub outcome: Option<Outcome>,
    /// Why the outcome isn't the end reason's, in words ("The transcript shows an answering
    /// machine"); `None` when the end reason alone says it.
    pub outcome_reason: Option<String>,
    pub summary: Option<String>,
    pub transcript: Vec<TranscriptLine>,
    /// The account keeps no transcripts or recordings (zero data retention).
    pub transcript_withheld: bool,
    pub error_message: Option<String>,
    pub to_number: Option<String>,
    pub from_number: Option<String>,
}

/// What a recipient's first turns say when an answering machine picked up (a greeting, a
/// carrier's recording), lower case. Matched anywhere in the turn.
pub const ANSWERING_MACHINE_PHRASES: [&str; 14] = [
    "leave a message",
    "leave your message",
    "leave me a message",
    "after the tone",
    "after the beep",
    "at the tone",
    "at the beep",
    "voicemail",
    "voice mail",
    "is not available",
    "isn't available",
    "is unavailable",
    "can't take your call",
    "mailbox",
];

/// What the agent's first turns say when it knows it reached a machine, lower case. Narrower
/// than [`ANSWERING_MACHINE_PHRASES`]: an agent asks people to "leave a message" too.
pub const AGENT_MACHINE_PHRASES: [&str; 3] = ["voicemail", "voice mail", "answering machine"];

/// How many of the recipient's turns are read for a greeting: a machine speaks first, and
/// a conversation mentioning a message later on is still a conversation.
pub const GREETING_TURNS: usize = 2;

/// What the call panel says when the transcript made the call Voicemail.
pub const MACHINE_IN_TRANSCRIPT: &str = "The transcript shows an answering machine";

/// Whether the transcript's opening shows an answering machine: one of the recipient's first
/// [`GREETING_TURNS`] turns says one of [`ANSWERING_MACHINE_PHRASES`], or the agent says one of
/// [`AGENT_MACHINE_PHRASES`] before the recipient's turn after those. Later turns never count.
pub fn answering_machine(transcript: &[TranscriptTurn]) -> bool {
    let said = |text: &str, phrases: &[&str]| {
        let text = text.to_lowercase().replace('\u{2019}', "'");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        phrases.iter().any(|p| text.contains(p))
    };
    let mut recipient_turns = 0;
    for turn in transcript {
        match turn.role.as_str() {
            "user" => {
                if recipient_turns == GREETING_TURNS {
                    return false;
                }
                recipient_turns += 1;
                if said(&turn.text, &ANSWERING_MACHINE_PHRASES) {
                    return true;
                }
            }
            "assistant" | "agent" if said(&turn.text, &AGENT_MACHINE_PHRASES) => return true,
            _ => {}
        }
    }
    false
}

/// How the call ended, from its end reason and status, and then from its transcript: a call
/// that ended like an answered one but whose opening is a machine's greeting is Voicemail.
/// The second value says why when the transcript decided. `None` while the call is on.
pub fn call_outcome(c: &Call) -> (Option<Outcome>, Option<&'static str>) {
    let reason = c.end_reason.as_ref().map(|r| r.as_str());
    match Outcome::of_recipient(c.status.as_str(), reason) {
        Some(Outcome::Answered) if answering_machine(&c.transcript) => {
            (Some(Outcome::Voicemail), Some(MACHINE_IN_TRANSCRIPT))
        }
        outcome => (outcome, None),
    }
}

/// The call's one word: where it is while it runs, then its [`Outcome`], as the table says it.
fn call_status_label(c: &Call, outcome: Option<Outcome>) -> String {
    match c.status.as_str() {
        "created" => "Dialing".to_string(),
        "started" => "On the phone".to_string(),
        other => recipient_status_label(other, outcome),
    }
}

/// The call panel's contents for a call Cartesia returned.
pub fn call_detail_of(c: &Call) -> CallDetail {
    let speaker = |role: &str| match role {
        "assistant" | "agent" => "Agent".to_string(),
        "user" => "Recipient".to_string(),
        "system" => "System".to_string(),
        other => other.to_string(),
    };
    let end_reason = c.end_reason.as_ref().map(|r| r.as_str().to_string());
    let connected = match end_reason.as_deref() {
        Some(r) => Outcome::of_end_reason(r) == Outcome::Answered,
        None => matches!(c.status.as_str(), "started" | "completed"),
    };
    let (outcome, outcome_reason) = call_outcome(c);
    CallDetail {
        call_id: Some(c.id.clone()),
        dialed: true,
        connected,
        status: c.status.as_str().to_string(),
        status_label: call_status_label(c, outcome),
        outcome,
        outcome_reason: outcome_reason.map(str::to_string),
        started_at: c.start_time,
        ended_at: c.end_time,
        duration_seconds: c
            .duration()
            .filter(|_| connected)
            .map(|d| d.num_milliseconds() as f64 / 1000.0),
        end_reason_label: end_reason.as_deref().map(end_reason_label),
        end_reason,
        summary: c.summary.clone().filter(|s| !s.trim().is_empty()),
        transcript: c
            .transcript
            .iter()
            .map(|t| TranscriptLine {
                speaker: speaker(&t.role),
                text: t.text.clone(),
                at_seconds: t.start_timestamp,
            })
            .collect(),
        transcript_withheld: c.zdr_enabled,
        error_message: c.error_message.clone(),
        to_number: c.telephony_params.as_ref().and_then(|t| t.to.clone()),
        from_number: c.telephony_params.as_ref().and_then(|t| t.from.clone()),
    }
}

/// A call's details (Get Call, with its transcript when Cartesia kept one).
pub async fn call_detail(client: &Client, call_id: &str) -> Result<CallDetail> {
    Ok(call_detail_of(&client.get_call(call_id).await?))
}

/// What the call panel says when a call has no recording to play.
pub const NO_RECORDING: &str = "There's no recording of this call: it didn't connect, hasn't \
    finished yet, or this agent doesn't keep recordings.";

/// The call's recording (WAV, at most [`cartesia::MAX_AUDIO_BYTES`]), or `None` when Cartesia
/// has none (it answers 404: the call didn't connect, isn't over, or recordings aren't kept).
pub async fn call_recording(client: &Client, call_id: &str) -> Result<Option<Vec<u8>>> {
    match client.call_audio(call_id).await {
        Ok(wav) => Ok(Some(wav)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The call panel for a recipient who was never dialed (no call to fetch): why, in words.
pub fn not_dialed(row: &RecipientRow) -> CallDetail {
    CallDetail {
        call_id: None,
        dialed: false,
        connected: false,
        status: row.status.clone(),
        status_label: row.status_label.clone(),
        started_at: None,
        ended_at: None,
        duration_seconds: None,
        end_reason: row.end_reason.clone(),
        end_reason_label: row.end_reason_label.clone(),
        outcome: row.outcome,
        outcome_reason: None,
        summary: None,
        transcript: Vec::new(),
        transcript_withheld: false,
        error_message: row.error_message.clone(),
        to_number: Some(row.to_number.clone()),
        from_number: None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    #[test]
    fn a_call_and_a_recipient_never_dialed_in_words() {
        let c: Call = serde_json::from_value(serde_json::json!({
            "id": "ac_1", "status": "completed", "start_time": "2026-03-01T12:00:00.250Z",
            "end_time": "2026-03-01T12:01:30.750Z", "end_reason": "client_hangup",
            "summary": "Confirmed.", "telephony_params": {"to": "+14155550100", "from": "+1"},
            "transcript": [{"role": "assistant", "text": "Hi", "start_timestamp": 0.5},
                           {"role": "user", "text": "Hello"}]
        }))
        .unwrap();
        let d = call_detail_of(&c);
        assert_eq!(d.duration_seconds, Some(90.5));
        assert_eq!(d.end_reason_label.as_deref(), Some("The recipient hung up"));
        assert_eq!(d.transcript[0].speaker, "Agent");
        assert_eq!(d.transcript[1].speaker, "Recipient");
        assert!(d.connected && d.dialed);
        assert_eq!(d.status_label, "Answered");
        // Unanswered after a minute of ringing, from a server that stamps the start at dialing:
        // there was no conversation to time.
        let rang: Call = serde_json::from_value(serde_json::json!({
            "id": "ac_2", "status": "failed", "start_time": "2026-03-01T12:00:00Z",
            "end_time": "2026-03-01T12:01:00Z", "end_reason": "dial_no_answer"
        }))
        .unwrap();
        let d = call_detail_of(&rang);
        assert_eq!(d.duration_seconds, None);
        assert!(!d.connected && d.dialed);
        assert_eq!(d.status_label, "No answer");
        assert_eq!(
            d.end_reason_label.as_deref(),
            Some(end_reason_label("dial_no_answer").as_str())
        );
        let row = RecipientRow {
            index: 1,
            part: 1,
            to_number: "+14155550003".into(),
            status: "failed".into(),
            status_label: "Couldn't connect".into(),
            end_reason: Some("error".into()),
            end_reason_label: Some(end_reason_label("error")),
            outcome: Some(Outcome::CouldntConnect),
            agent_call_id: None,
            error_message: Some("The carrier rejected it.".into()),
            metadata: vec![],
            retry_count: 0,
        };
        let d = not_dialed(&row);
        assert!(!d.dialed && d.call_id.is_none());
        assert_eq!(d.status_label, "Couldn't connect");
        assert_eq!(d.error_message.as_deref(), Some("The carrier rejected it."));
    }

    fn call_with(end_reason: &str, turns: &[(&str, &str)]) -> Call {
        let transcript: Vec<serde_json::Value> = turns
            .iter()
            .map(|(role, text)| serde_json::json!({"role": role, "text": text}))
            .collect();
        serde_json::from_value(serde_json::json!({
            "id": "ac_vm", "status": "completed", "start_time": "2026-03-01T12:00:00Z",
            "end_time": "2026-03-01T12:00:25Z", "end_reason": end_reason,
            "transcript": transcript
        }))
        .unwrap()
    }

    #[test]
    fn a_machine_greeting_at_the_start_reads_as_voicemail_and_says_why() {
        let greeting = call_with(
            "agent_hangup",
            &[
                (
                    "assistant",
                    "Hi, this is Dana calling from Lakeside Dental.",
                ),
                (
                    "user",
                    "Hi, you\u{2019}ve reached Sam. I can\u{2019}t take your call right now. \
                     Please leave a message after the beep.",
                ),
                (
                    "assistant",
                    "Hello Sam, please call us back about Tuesday. Goodbye.",
                ),
            ],
        );
        let d = call_detail_of(&greeting);
        assert_eq!(d.outcome, Some(Outcome::Voicemail));
        assert_eq!(d.status_label, "Voicemail");
        assert_eq!(d.outcome_reason.as_deref(), Some(MACHINE_IN_TRANSCRIPT));
        // The greeting was heard, so it is still a call that connected (it has a recording).
        assert!(d.connected);

        // A carrier's recording as the second turn, and an agent that says it reached a machine.
        let carrier = [
            ("user", "Hello?"),
            ("user", "The person you are calling is not  available."),
        ];
        assert!(answering_machine(
            &call_with("client_hangup", &carrier).transcript
        ));
        let agent = [(
            "assistant",
            "I seem to have reached a Voicemail, I'll call back.",
        )];
        assert!(answering_machine(
            &call_with("agent_hangup", &agent).transcript
        ));
    }

    #[test]
    fn a_conversation_mentioning_a_message_later_stays_answered() {
        let talk = call_with(
            "client_hangup",
            &[
                (
                    "assistant",
                    "Hi, I'm calling about your appointment. Is now a good time?",
                ),
                ("user", "Yes, I got your message yesterday."),
                ("assistant", "Great. Would you like to keep Tuesday at 10?"),
                ("user", "Sure."),
                ("assistant", "Anything else?"),
                (
                    "user",
                    "If I'm not there, leave a message at the tone on my voicemail.",
                ),
            ],
        );
        let d = call_detail_of(&talk);
        assert_eq!(d.outcome, Some(Outcome::Answered));
        assert_eq!(d.status_label, "Answered");
        assert_eq!(d.outcome_reason, None);
        // An agent asking the person to leave a message is no machine.
        let asks = [
            (
                "assistant",
                "Would you like to leave a message for the doctor?",
            ),
            ("user", "No thanks."),
        ];
        assert!(!answering_machine(
            &call_with("agent_hangup", &asks).transcript
        ));
        // Busy stays busy, whatever the transcript; a call on the phone has no outcome yet.
        let busy = call_with("dial_busy", &[("user", "Please leave a message")]);
        assert_eq!(call_outcome(&busy), (Some(Outcome::Busy), None));
        let mut on = call_with("agent_hangup", &[("user", "voicemail")]);
        on.status = serde_json::from_value(serde_json::json!("started")).unwrap();
        on.end_reason = None;
        assert_eq!(call_outcome(&on), (None, None));
    }
}
