//! The practice server's own clock, for tests: read it, set it forward, advance it, change its
//! speed. Not part of Cartesia's API (its paths are under `/sandbox/`); like every route it
//! answers only loopback names and the sandbox's key, and no fault is ever injected into it.
//!
//! `GET /sandbox/clock` → `{"now", "speed"}`. `POST /sandbox/clock` with any of
//! `{"now": RFC 3339, "advance_seconds": N, "speed": X}` (`now` and `advance_seconds` not both)
//! answers the same. The clock only moves forward: what the dialer did stays in the past, and a
//! batch whose `scheduled_at` the clock reaches starts.

use super::{bad_request, wake, AppState};
use crate::sim::{fmt_time_ms, Sim};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// Where test-only routes live; the fault injector leaves them alone.
pub(super) const ADMIN_PREFIX: &str = "/sandbox/";

pub(super) async fn get_clock(State(app): State<AppState>) -> Response {
    let mut sim = app.shared.lock();
    sim.step();
    Json(clock_json(&sim)).into_response()
}

pub(super) async fn set_clock(State(app): State<AppState>, body: Bytes) -> Response {
    let change = match serde_json::from_slice::<Value>(&body)
        .map_err(|e| format!("The request body is not valid JSON: {e}."))
        .and_then(|v| ClockChange::parse(&v))
    {
        Ok(c) => c,
        Err(message) => return bad_request(message),
    };
    let answer = {
        let mut sim = app.shared.lock();
        // Everything due before the change happens at its own time first.
        sim.step();
        let now = sim.now_ms();
        let target = match change.to {
            Some(Target::At(ms)) if ms < now => {
                return bad_request(format!(
                    "now '{}' is before the practice clock's time ({}); it only moves forward.",
                    fmt_time_ms(ms),
                    fmt_time_ms(now)
                ))
            }
            Some(Target::At(ms)) => Some(ms),
            Some(Target::Ahead(by)) => Some(now.saturating_add(by)),
            None => None,
        };
        if let Some(ms) = target {
            sim.set_now(ms);
        }
        if let Some(speed) = change.speed {
            sim.set_speed(speed);
        }
        sim.step();
        clock_json(&sim)
    };
    wake(&app);
    Json(answer).into_response()
}

fn clock_json(sim: &Sim) -> Value {
    json!({ "now": fmt_time_ms(sim.now_ms()), "speed": sim.speed() })
}

enum Target {
    At(i64),
    Ahead(i64),
}

struct ClockChange {
    to: Option<Target>,
    speed: Option<f64>,
}

impl ClockChange {
    fn parse(body: &Value) -> Result<ClockChange, String> {
        let Some(obj) = body.as_object() else {
            return Err("The body must be a JSON object.".into());
        };
        if let Some(k) = obj
            .keys()
            .find(|k| !["now", "advance_seconds", "speed"].contains(&k.as_str()))
        {
            return Err(format!(
                "Unknown field '{k}': use now, advance_seconds or speed."
            ));
        }
        let at = match obj.get("now") {
            None => None,
            Some(Value::String(s)) => Some(
                chrono::DateTime::parse_from_rfc3339(s)
                    .map_err(|_| format!("now '{s}' must be an RFC 3339 time with an offset."))?
                    .timestamp_millis(),
            ),
            Some(_) => return Err("now must be a string.".into()),
        };
        let ahead = match obj.get("advance_seconds") {
            None => None,
            Some(v) => match v.as_f64() {
                Some(s) if s.is_finite() && (0.0..=1e10).contains(&s) => {
                    Some((s * 1000.0).round() as i64)
                }
                _ => return Err("advance_seconds must be a number of seconds, 0 or more.".into()),
            },
        };
        let speed = match obj.get("speed") {
            None => None,
            Some(v) => match v.as_f64() {
                Some(s) if s.is_finite() && s > 0.0 => Some(s),
                _ => return Err("speed must be a number above 0.".into()),
            },
        };
        let to = match (at, ahead) {
            (Some(_), Some(_)) => {
                return Err("Give now or advance_seconds, not both.".into());
            }
            (Some(ms), None) => Some(Target::At(ms)),
            (None, Some(by)) => Some(Target::Ahead(by)),
            (None, None) => None,
        };
        Ok(ClockChange { to, speed })
    }
}
