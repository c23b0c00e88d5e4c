//! JSON views of batches, recipients and calls, the generated transcript, and the time
//! formats the contract uses.
//!
//! Kept apart from the dialer so the wire shapes can be read (and compared with the
//! contract) in one place.

use super::model::{Call, Recipient, Rng};
use super::Sim;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

pub(crate) fn fmt_time(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An HTTP `Date` (IMF-fixdate).
pub(crate) fn http_date(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

pub(crate) fn fmt_time_ms(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Sim {
    pub(crate) fn batch_json(&self, idx: usize, with_recipients: bool) -> Value {
        let b = &self.batches[idx];
        let mut m = Map::new();
        m.insert("id".into(), json!(b.id));
        m.insert("name".into(), json!(b.name));
        m.insert("agent_id".into(), json!(b.agent_id));
        m.insert("from_number_id".into(), json!(b.from_number_id));
        m.insert("region".into(), json!(b.region));
        m.insert("target_concurrency_limit".into(), json!(b.limit));
        m.insert("status".into(), json!(b.status()));
        m.insert("total_calls_scheduled".into(), json!(b.total()));
        m.insert("total_calls_dispatched".into(), json!(b.dispatched()));
        m.insert("total_calls_finished".into(), json!(b.finished()));
        m.insert("retry_count".into(), json!(b.retry_count));
        m.insert("created_at".into(), json!(fmt_time(b.created_at)));
        m.insert("last_updated_at".into(), json!(fmt_time(b.last_updated_at)));
        if let Some(s) = b.scheduled_at {
            m.insert("scheduled_at".into(), json!(fmt_time(s)));
        }
        if let Some(a) = b.admitted_at {
            m.insert("admitted_at".into(), json!(fmt_time(a)));
        }
        if with_recipients {
            let list: Vec<Value> = b
                .recipients
                .iter()
                .map(|r| self.recipient_json(r))
                .collect();
            m.insert("recipients".into(), Value::Array(list));
        }
        Value::Object(m)
    }

    fn recipient_json(&self, r: &Recipient) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(r.id));
        m.insert("to_number".into(), json!(r.to_number));
        m.insert("status".into(), json!(r.status.as_str()));
        if let Some(c) = r.agent_call_id {
            m.insert("agent_call_id".into(), json!(self.calls[c as usize].id));
        }
        if let Some(e) = r.end_reason {
            m.insert("end_reason".into(), json!(e));
        }
        if let Some(e) = r.error_message {
            m.insert("error_message".into(), json!(e));
        }
        if let Some(md) = &r.metadata {
            m.insert("metadata".into(), md.clone());
        }
        m.insert("created_at".into(), json!(fmt_time(r.created_at)));
        Value::Object(m)
    }

    pub(crate) fn call_json(&self, idx: usize, with_transcript: bool) -> Value {
        let c = &self.calls[idx];
        let b = &self.batches[c.batch as usize];
        let r = &b.recipients[c.recipient as usize];
        let agent_name = self
            .agents
            .iter()
            .find(|a| a.id == b.agent_id)
            .map(|a| a.name)
            .unwrap_or("Agent");
        let from = self
            .numbers
            .iter()
            .find(|n| n.id == b.from_number_id)
            .map(|n| n.number)
            .unwrap_or("");
        let mut m = Map::new();
        m.insert("id".into(), json!(c.id));
        m.insert("agent_id".into(), json!(b.agent_id));
        m.insert("agent_name".into(), json!(agent_name));
        m.insert("status".into(), json!(c.status));
        m.insert("created_at".into(), json!(fmt_time(c.created_at)));
        m.insert("start_time".into(), json!(c.start_time.map(fmt_time_ms)));
        m.insert("end_time".into(), json!(c.end_time.map(fmt_time_ms)));
        m.insert("end_reason".into(), json!(c.end_reason));
        m.insert("error_message".into(), Value::Null);
        m.insert(
            "telephony_params".into(),
            json!({"to": r.to_number, "from": from, "direction": "outbound"}),
        );
        m.insert("metadata".into(), r.metadata.clone().unwrap_or(Value::Null));
        m.insert("batch_id".into(), json!(b.id));
        m.insert("zdr_enabled".into(), json!(false));
        let connected = c.start_time.is_some() && c.end_time.is_some();
        if with_transcript {
            let (transcript, summary) = if connected && super::dialer::reaches_machine(&r.to_number)
            {
                machine_transcript(agent_name, c)
            } else if connected && super::dialer::opts_out(&r.to_number) {
                opt_out_transcript(agent_name, c)
            } else if connected {
                transcript(agent_name, c)
            } else {
                (Value::Array(vec![]), Value::Null)
            };
            m.insert("transcript".into(), transcript);
            m.insert("summary".into(), summary);
        }
        Value::Object(m)
    }
}

/// An answering machine's greeting, then the agent's message.
fn machine_transcript(agent_name: &str, c: &Call) -> (Value, Value) {
    let total = c
        .end_time
        .zip(c.start_time)
        .map(|(e, s)| (e - s) as f64 / 1000.0)
        .unwrap_or(25.0);
    let turns = json!([
        {"role": "user", "start_timestamp": 0.0, "end_timestamp": total * 0.3,
         "text": "Hi, you've reached the Parkers. We're not home right now, please leave a message after the tone."},
        {"role": "assistant", "start_timestamp": total * 0.35, "end_timestamp": total * 0.95,
         "text": "Hello, this is a reminder from our office about your upcoming appointment. Please call us back when you can. Goodbye."},
    ]);
    let summary = format!(
        "{agent_name} reached an answering machine and left a message asking for a call back."
    );
    (turns, json!(summary))
}

/// The test number whose recipient asks, on the call, not to be called again.
fn opt_out_transcript(agent_name: &str, c: &Call) -> (Value, Value) {
    let lines = [
        (
            "assistant",
            "Hello! I'm calling with a quick reminder about your upcoming appointment.",
        ),
        (
            "user",
            "Please take me off your list and stop calling this number.",
        ),
        (
            "assistant",
            "I understand. Sorry to have bothered you. Goodbye.",
        ),
    ];
    let summary = format!("{agent_name} called; the person asked not to be called again.");
    (turns(&lines, seconds(c)), json!(summary))
}

/// How long the call lasted, in seconds (a minute when not known).
fn seconds(c: &Call) -> f64 {
    c.end_time
        .zip(c.start_time)
        .map(|(e, s)| (e - s) as f64 / 1000.0)
        .unwrap_or(60.0)
}

/// Transcript turns spread evenly over a call of `total` seconds.
fn turns(lines: &[(&str, &str)], total: f64) -> Value {
    let step = total / lines.len() as f64;
    Value::Array(
        lines
            .iter()
            .enumerate()
            .map(|(i, (role, text))| {
                json!({
                    "role": role,
                    "text": text,
                    "start_timestamp": (i as f64 * step * 10.0).round() / 10.0,
                    "end_timestamp": ((i as f64 + 0.8) * step * 10.0).round() / 10.0,
                })
            })
            .collect(),
    )
}

fn transcript(agent_name: &str, c: &Call) -> (Value, Value) {
    let mut rng = Rng::new(c.seed);
    let total = seconds(c);
    let openers = [
        "Hi, this is an automated assistant calling on behalf of our office. Is now a good time?",
        "Hello! I'm calling with a quick reminder about your upcoming appointment.",
        "Good day, I'm calling to ask a few short questions about your recent visit.",
    ];
    let replies = [
        "Sure, go ahead.",
        "Yes, I have a minute.",
        "Oh, okay. What is this about?",
    ];
    let middles = [
        "Thanks. Your appointment is on Tuesday at 10 am. Would you like to keep it?",
        "On a scale of one to five, how satisfied were you with our service?",
        "I can help you reschedule if that time no longer works.",
    ];
    let answers = [
        "Yes, that works for me.",
        "I'd say a four, the staff was friendly.",
        "Could we move it to Thursday afternoon?",
    ];
    let pick = |rng: &mut Rng, n: usize| rng.range(0, n as u64 - 1) as usize;
    let lines = [
        ("assistant", openers[pick(&mut rng, 3)]),
        ("user", replies[pick(&mut rng, 3)]),
        ("assistant", middles[pick(&mut rng, 3)]),
        ("user", answers[pick(&mut rng, 3)]),
        ("assistant", "Thank you for your time. Have a great day!"),
    ];
    let summary = format!(
        "{agent_name} reached the recipient, delivered the message and the recipient responded: \"{}\"",
        lines[3].1
    );
    (turns(&lines, total), json!(summary))
}
