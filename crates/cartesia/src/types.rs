//! The objects of the Batch Calling API as Rust types.
//!
//! Cartesia adds fields and values over time, and public copies of its documentation disagree,
//! so decoding is deliberately forgiving: unknown fields are ignored, unknown status and
//! end-reason values are kept as `Unknown(text)` (and written back unchanged), optional fields
//! may be absent or `null`, and a malformed time becomes "unknown" instead of failing the whole
//! response. Only the ids the app cannot work without are required.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// An enum sent as a string, keeping values this version does not know.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this version of Batchline does not know yet, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The API's own word for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($text => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<str>::deserialize(d)?;
                Ok($name::from(s.as_ref()))
            }
        }
    };
}

string_enum!(
    /// Where a batch is in its dispatch (see the contract: `completed` means every call was
    /// handed to the dialer, not that every call has ended).
    BatchStatus {
        Pending => "pending",
        InProgress => "in_progress",
        Completed => "completed",
        Failed => "failed",
        Cancelled => "cancelled",
    }
);

string_enum!(
    /// Where one recipient's latest attempt is.
    RecipientStatus {
        Queued => "queued",
        Dispatched => "dispatched",
        Started => "started",
        Completed => "completed",
        Failed => "failed",
        Cancelled => "cancelled",
    }
);

string_enum!(
    /// Why a call ended (recipient and call objects).
    EndReason {
        AgentHangup => "agent_hangup",
        ClientHangup => "client_hangup",
        ApiCancelled => "api_cancelled",
        MaxDuration => "max_duration",
        Inactivity => "inactivity",
        ClientDisconnected => "client_disconnected",
        DialBusy => "dial_busy",
        DialFailed => "dial_failed",
        DialNoAnswer => "dial_no_answer",
        Error => "error",
    }
);

string_enum!(
    /// The state of one call (one dial attempt).
    CallStatus {
        Created => "created",
        Started => "started",
        Completed => "completed",
        Failed => "failed",
    }
);

impl RecipientStatus {
    /// Whether the latest attempt has ended (completed, failed or cancelled).
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            RecipientStatus::Completed | RecipientStatus::Failed | RecipientStatus::Cancelled
        )
    }
}

/// A time that may be missing, `null` or unreadable; unreadable becomes `None` rather than an error.
fn lenient_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(&s)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        _ => None,
    })
}

/// A number that may be missing, `null`, or a numeric string.
fn lenient_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A counter that may be missing or `null` (0) or out of range (saturated).
fn lenient_count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::Number(n)) => n
            .as_u64()
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .unwrap_or(0),
        _ => 0,
    })
}

/// A string that may be `null` (empty).
fn null_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A list that may be `null` (empty).
fn null_vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A call batch: what Create, Retry, Cancel and List return, and Get with `recipients`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallBatch {
    pub id: String,
    #[serde(default, deserialize_with = "null_string")]
    pub name: String,
    #[serde(default, deserialize_with = "null_string")]
    pub agent_id: String,
    #[serde(default, deserialize_with = "null_string")]
    pub from_number_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_concurrency_limit: Option<u32>,
    pub status: BatchStatus,
    #[serde(default, deserialize_with = "lenient_count")]
    pub total_calls_scheduled: u32,
    #[serde(default, deserialize_with = "lenient_count")]
    pub total_calls_dispatched: u32,
    #[serde(default, deserialize_with = "lenient_count")]
    pub total_calls_finished: u32,
    #[serde(default, deserialize_with = "lenient_count")]
    pub retry_count: u32,
    #[serde(default, deserialize_with = "lenient_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub last_updated_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "lenient_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub scheduled_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "lenient_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub admitted_at: Option<DateTime<Utc>>,
    /// Only on Get Call Batch (all of them); `None` on the other endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<BatchRecipient>>,
}

impl CallBatch {
    /// Done means every recipient's latest attempt has ended (not merely been dispatched), or the
    /// batch was cancelled and nothing is still running.
    pub fn is_done(&self) -> bool {
        let all_finished = self.total_calls_finished >= self.total_calls_scheduled;
        match self.status {
            BatchStatus::Completed | BatchStatus::Failed => all_finished,
            BatchStatus::Cancelled => self.total_calls_finished >= self.total_calls_dispatched,
            _ => false,
        }
    }
}

/// One recipient of a batch, as Get Call Batch reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRecipient {
    #[serde(default, deserialize_with = "null_string")]
    pub id: String,
    #[serde(default, deserialize_with = "null_string")]
    pub to_number: String,
    pub status: RecipientStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_call_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<EndReason>,
    /// Set when the attempt failed before any dial (then there is no `agent_call_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub created_at: Option<DateTime<Utc>>,
}

/// One recipient to call, as sent to Create Call Batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRecipient {
    /// International form, e.g. `+14155559876`.
    pub to_number: String,
    /// Reaches the agent's code as the call's metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// The body of Create Call Batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateBatchRequest {
    pub name: String,
    pub agent_id: String,
    pub from_number_id: String,
    pub recipients: Vec<NewRecipient>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_concurrency_limit: Option<u32>,
    /// Sent as RFC 3339 with an offset; `None` dispatches at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ringing_timeout_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_call_duration_minutes: Option<u32>,
    /// `US`, `EU` or `APAC`; only for SIP-trunk numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl CreateBatchRequest {
    /// A request with the required fields; set the optional ones on the result.
    pub fn new(
        name: impl Into<String>,
        agent_id: impl Into<String>,
        from_number_id: impl Into<String>,
        recipients: Vec<NewRecipient>,
    ) -> CreateBatchRequest {
        CreateBatchRequest {
            name: name.into(),
            agent_id: agent_id.into(),
            from_number_id: from_number_id.into(),
            recipients,
            target_concurrency_limit: None,
            scheduled_at: None,
            ringing_timeout_seconds: None,
            max_call_duration_minutes: None,
            region: None,
        }
    }
}

/// One turn of a call transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptTurn {
    /// `user`, `assistant` or `system` (kept as text: other roles are shown as they come).
    #[serde(default, deserialize_with = "null_string")]
    pub role: String,
    #[serde(default, deserialize_with = "null_string")]
    pub text: String,
    /// Seconds from the start of the call.
    #[serde(default, deserialize_with = "lenient_f64")]
    pub start_timestamp: Option<f64>,
    #[serde(default, deserialize_with = "lenient_f64")]
    pub end_timestamp: Option<f64>,
}

/// Who called whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TelephonyParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// One call (one dial attempt), from Get Call or List Calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub id: String,
    #[serde(default, deserialize_with = "null_string")]
    pub agent_id: String,
    pub status: CallStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub end_time: Option<DateTime<Utc>>,
    /// Empty when not asked for, not connected, or `zdr_enabled`.
    #[serde(default, deserialize_with = "null_vec")]
    pub transcript: Vec<TranscriptTurn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<EndReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephony_params: Option<TelephonyParams>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// When true, Cartesia keeps neither transcript nor audio.
    #[serde(default)]
    pub zdr_enabled: bool,
}

impl Call {
    /// The call's length: there is no duration field, it is end − start.
    pub fn duration(&self) -> Option<chrono::Duration> {
        match (self.start_time, self.end_time) {
            (Some(s), Some(e)) if e >= s => Some(e - s),
            _ => None,
        }
    }
}

/// A phone number as an agent summary lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentPhoneNumber {
    pub id: String,
    #[serde(default, deserialize_with = "null_string")]
    pub number: String,
}

/// An agent, from List Agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentSummary {
    pub id: String,
    #[serde(default, deserialize_with = "null_string")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "null_vec")]
    pub phone_numbers: Vec<AgentPhoneNumber>,
}

/// The body of List Agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentList {
    #[serde(default, deserialize_with = "null_vec")]
    pub summaries: Vec<AgentSummary>,
}

/// The agent a phone number is attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberAgent {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Who carries a phone number (`cartesia`, `twilio`, `sip_trunk`, or a newer kind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberProvider {
    #[serde(rename = "type", default, deserialize_with = "null_string")]
    pub kind: String,
}

/// A phone number of the org, from List Phone Numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhoneNumber {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, deserialize_with = "null_string")]
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<NumberAgent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<NumberProvider>,
}

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde(default = "Vec::new", deserialize_with = "null_vec")]
    pub data: Vec<T>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub has_more: bool,
    /// The cursor for the next page; some endpoints omit it, then the last id is the cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The error body every endpoint answers with on failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ErrorBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, deserialize_with = "null_string")]
    pub title: String,
    #[serde(default, deserialize_with = "null_string")]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
}

/// Cursor paging parameters shared by the list endpoints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageParams {
    /// 1–100; the server's default when `None`.
    pub limit: Option<u32>,
    pub starting_after: Option<String>,
    pub ending_before: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn documented_examples_decode() {
        for f in [
            "create-response.json",
            "retry-response.json",
            "cancel-response.json",
        ] {
            let b: CallBatch = serde_json::from_str(&fixture(f)).unwrap();
            assert_eq!(b.id, "acb_PDWFN995PzAudChwFDqVZ2", "{f}");
            assert_eq!(b.total_calls_scheduled, 2);
            assert!(b.recipients.is_none());
        }
        let cancelled: CallBatch = serde_json::from_str(&fixture("cancel-response.json")).unwrap();
        assert_eq!(cancelled.status, BatchStatus::Cancelled);
        let retried: CallBatch = serde_json::from_str(&fixture("retry-response.json")).unwrap();
        assert_eq!(retried.retry_count, 1);

        let got: CallBatch = serde_json::from_str(&fixture("get-response.json")).unwrap();
        assert_eq!(got.status, BatchStatus::InProgress);
        let r = got.recipients.unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].status, RecipientStatus::Completed);
        assert_eq!(r[0].end_reason, Some(EndReason::AgentHangup));
        assert_eq!(
            r[0].agent_call_id.as_deref(),
            Some("ac_2u7rspBaHJ7bQ7TiR3mK2n")
        );
        assert_eq!(r[1].status, RecipientStatus::Queued);
        assert_eq!(r[1].metadata.as_ref().unwrap()["customer_id"], "cust_456");

        let req: CreateBatchRequest =
            serde_json::from_str(&fixture("create-request.json")).unwrap();
        assert_eq!(req.recipients.len(), 2);
        assert_eq!(req.target_concurrency_limit, Some(10));

        let e: ErrorBody = serde_json::from_str(&fixture("error-response.json")).unwrap();
        assert_eq!(e.error_code.as_deref(), Some("concurrency_limited"));
        assert!(e.request_id.is_some());
    }

    #[test]
    fn unknown_values_and_fields_are_kept_or_ignored_and_round_trip() {
        let json = r#"{"id":"acb_1","status":"paused_by_compliance","brand_new_field":{"x":1},
            "total_calls_scheduled":3,"created_at":"not a time",
            "recipients":[{"id":"r1","to_number":"+14155550100","status":"voicemail",
              "end_reason":"answering_machine","created_at":"2026-03-01T12:00:00+02:00"}]}"#;
        let b: CallBatch = serde_json::from_str(json).unwrap();
        assert_eq!(
            b.status,
            BatchStatus::Unknown("paused_by_compliance".into())
        );
        assert_eq!(b.created_at, None);
        let r = &b.recipients.as_ref().unwrap()[0];
        assert_eq!(r.status, RecipientStatus::Unknown("voicemail".into()));
        assert_eq!(
            r.end_reason,
            Some(EndReason::Unknown("answering_machine".into()))
        );
        assert_eq!(
            r.created_at.unwrap().to_rfc3339(),
            "2026-03-01T10:00:00+00:00"
        );
        let back = serde_json::to_value(&b).unwrap();
        assert_eq!(back["status"], "paused_by_compliance");
        assert_eq!(back["recipients"][0]["status"], "voicemail");
        assert_eq!(back["recipients"][0]["end_reason"], "answering_machine");
        let again: CallBatch = serde_json::from_value(back).unwrap();
        assert_eq!(again, b);

        let c: Call = serde_json::from_str(
            r#"{"id":"ac_1","status":"on_hold","transcript":null,"end_reason":null,"zdr_enabled":true}"#,
        )
        .unwrap();
        assert_eq!(c.status, CallStatus::Unknown("on_hold".into()));
        assert!(c.transcript.is_empty());
        assert_eq!(c.end_reason, None);
        assert!(c.zdr_enabled);
    }

    #[test]
    fn call_duration_is_end_minus_start() {
        let c: Call = serde_json::from_str(
            r#"{"id":"ac_1","status":"completed","start_time":"2026-03-01T12:00:00.500Z",
               "end_time":"2026-03-01T12:01:30.500Z","transcript":[{"role":"assistant","text":"Hi",
               "start_timestamp":0,"end_timestamp":"1.5"}]}"#,
        )
        .unwrap();
        assert_eq!(c.duration().unwrap().num_seconds(), 90);
        assert_eq!(c.transcript[0].end_timestamp, Some(1.5));
    }

    #[test]
    fn pages_and_numbers_decode() {
        let p: Page<PhoneNumber> = serde_json::from_str(
            r#"{"data":[{"id":"ap_1","label":"Main","number":"+16175550190","agent":null,
               "provider":{"type":"twilio","account":"x"}}],"has_more":true}"#,
        )
        .unwrap();
        assert!(p.has_more);
        assert_eq!(p.next_page, None);
        assert_eq!(p.data[0].provider.as_ref().unwrap().kind, "twilio");
        assert!(p.data[0].agent.is_none());
    }

    #[test]
    fn create_request_omits_unset_options() {
        let mut req = CreateBatchRequest::new(
            "March",
            "agent_1",
            "ap_1",
            vec![NewRecipient {
                to_number: "+14155550100".into(),
                metadata: None,
            }],
        );
        let v = serde_json::to_value(&req).unwrap();
        assert!(v.get("scheduled_at").is_none());
        assert!(v["recipients"][0].get("metadata").is_none());
        req.scheduled_at = DateTime::parse_from_rfc3339("2026-03-01T09:00:00-05:00")
            .ok()
            .map(|t| t.with_timezone(&Utc));
        let v = serde_json::to_value(&req).unwrap();
        let sent = v["scheduled_at"].as_str().unwrap();
        assert!(DateTime::parse_from_rfc3339(sent).is_ok(), "{sent}");
    }
}
