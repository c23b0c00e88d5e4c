//! Checks of a Create Call Batch body (required fields, E.164 numbers, metadata size, the
//! allowed ranges, the schedule window, known agent and number), with the contract's messages.
//!
//! Kept out of the handler so every rule the contract states about a create is in one list.

use super::{bad_request, not_found};
use crate::sim::{NewBatch, Sim};
use axum::response::Response;
use serde_json::Value;

fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

use limits::{
    DEFAULT_MAX_CALL_DURATION_MINUTES, DEFAULT_RINGING_TIMEOUT_SECONDS, MAX_CALL_DURATION_MINUTES,
    MAX_METADATA_BYTES, MAX_RECIPIENTS_PER_BATCH as MAX_RECIPIENTS, MAX_SCHEDULE_DAYS_AHEAD,
    RINGING_TIMEOUT_SECONDS,
};
use std::ops::RangeInclusive;

fn opt_int(
    body: &Value,
    field: &str,
    range: RangeInclusive<u32>,
    default: u32,
) -> Result<u32, Response> {
    let (lo, hi) = (range.start(), range.end());
    match body.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if range.contains(&n) => Ok(n),
            _ => Err(bad_request(format!(
                "{field} must be a whole number from {lo} to {hi}."
            ))),
        },
    }
}

fn req_str<'a>(body: &'a Value, field: &str) -> Result<&'a str, Response> {
    match body.get(field).and_then(Value::as_str) {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(bad_request(format!(
            "{field} is required and must be a string."
        ))),
    }
}

pub(super) fn validate(sim: &Sim, body: &Value) -> Result<NewBatch, Response> {
    if !body.is_object() {
        return Err(bad_request(
            "The request body must be a JSON object.".into(),
        ));
    }
    let name = req_str(body, "name")?.to_string();
    let agent_id = req_str(body, "agent_id")?.to_string();
    let from_number_id = req_str(body, "from_number_id")?.to_string();
    let list = match body.get("recipients") {
        Some(Value::Array(a)) => a,
        _ => {
            return Err(bad_request(
                "recipients is required and must be a list.".into(),
            ))
        }
    };
    if list.is_empty() || list.len() > MAX_RECIPIENTS {
        return Err(bad_request(format!(
            "recipients must contain between 1 and {MAX_RECIPIENTS} items (got {}).",
            list.len()
        )));
    }
    let mut recipients = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let to = match r.get("to_number").and_then(Value::as_str) {
            Some(t) => t,
            None => {
                return Err(bad_request(format!(
                    "recipients[{i}].to_number is required."
                )))
            }
        };
        if !is_e164(to) {
            return Err(bad_request(format!(
                "recipients[{i}].to_number '{to}' is not a valid E.164 phone number."
            )));
        }
        let metadata = match r.get("metadata") {
            None | Some(Value::Null) => None,
            Some(m @ Value::Object(_)) => {
                if m.to_string().len() > MAX_METADATA_BYTES {
                    return Err(bad_request(format!(
                        "recipients[{i}].metadata is larger than {MAX_METADATA_BYTES} bytes."
                    )));
                }
                Some(m.clone())
            }
            Some(_) => {
                return Err(bad_request(format!(
                    "recipients[{i}].metadata must be an object."
                )))
            }
        };
        recipients.push((to.to_string(), metadata));
    }
    let org = sim.org_limit as i64;
    let limit = match body.get("target_concurrency_limit") {
        None | Some(Value::Null) => (org / 2).max(1),
        Some(v) => match v.as_i64() {
            Some(n) if n >= 1 && n <= org => n,
            Some(n) if n > org => {
                return Err(bad_request(format!(
                    "target_concurrency_limit {n} is above your organization's concurrency limit of {org}."
                )))
            }
            _ => {
                return Err(bad_request(
                    "target_concurrency_limit must be a whole number of at least 1.".into(),
                ))
            }
        },
    };
    let ringing_timeout = opt_int(
        body,
        "ringing_timeout_seconds",
        RINGING_TIMEOUT_SECONDS,
        DEFAULT_RINGING_TIMEOUT_SECONDS,
    )?;
    let max_minutes = opt_int(
        body,
        "max_call_duration_minutes",
        MAX_CALL_DURATION_MINUTES,
        DEFAULT_MAX_CALL_DURATION_MINUTES,
    )?;
    let region = match body.get("region") {
        None | Some(Value::Null) => "US".to_string(),
        Some(Value::String(s)) if ["US", "EU", "APAC"].contains(&s.as_str()) => s.clone(),
        Some(_) => return Err(bad_request("region must be one of US, EU or APAC.".into())),
    };
    let scheduled_at = match body.get("scheduled_at") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            let t = chrono::DateTime::parse_from_rfc3339(s).map_err(|_| {
                bad_request(format!(
                    "scheduled_at '{s}' must be an RFC 3339 time with an offset."
                ))
            })?;
            let ms = t.timestamp_millis();
            let now = sim.now_ms();
            if ms <= now {
                return Err(bad_request("scheduled_at must be in the future.".into()));
            }
            if ms > now + i64::from(MAX_SCHEDULE_DAYS_AHEAD) * 86_400_000 {
                return Err(bad_request(format!(
                    "scheduled_at must be at most {MAX_SCHEDULE_DAYS_AHEAD} days ahead."
                )));
            }
            Some(ms)
        }
        Some(_) => return Err(bad_request("scheduled_at must be a string.".into())),
    };
    if !sim.agents.iter().any(|a| a.id == agent_id) {
        return Err(not_found("agent", &agent_id));
    }
    if !sim.numbers.iter().any(|n| n.id == from_number_id) {
        return Err(not_found("phone number", &from_number_id));
    }
    Ok(NewBatch {
        name,
        agent_id,
        from_number_id,
        region,
        limit: limit as u32,
        scheduled_at,
        ringing_timeout,
        max_minutes,
        recipients,
    })
}
