//! Handlers for agent calls: the list (by batch or agent), one call with its transcript, and
//! the stand-in recording.

use super::paging::{page, page_body, paging};
use super::{bad_request, error, not_found, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::HashMap;

pub(super) async fn list_calls(
    State(app): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let p = match paging(&q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let expand = q
        .get("expand")
        .is_some_and(|e| e.split(',').any(|x| x == "transcript"));
    let mut sim = app.shared.lock();
    sim.step();
    let order = if let Some(b) = q.get("batch_id") {
        match sim.batch_idx(b) {
            Some(idx) => sim.calls_of_batch(idx),
            None => return not_found("call batch", b),
        }
    } else if let Some(a) = q.get("agent_id") {
        if !sim.agents.iter().any(|x| &x.id == a) {
            return not_found("agent", a);
        }
        sim.calls_of_agent(a)
    } else {
        return bad_request("Give batch_id or agent_id to list calls.".into());
    };
    let ids: Vec<&str> = order.iter().map(|&c| sim.call_id(c)).collect();
    match page(&ids, |s| s, &p) {
        Ok((pos, more)) => {
            let data = pos
                .iter()
                .map(|&k| sim.call_json(order[k], expand))
                .collect();
            Json(page_body(data, more)).into_response()
        }
        Err(r) => r,
    }
}

pub(super) async fn get_call(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let mut sim = app.shared.lock();
    sim.step();
    match sim.call_idx(&id) {
        Some(c) => Json(sim.call_json(c, true)).into_response(),
        None => not_found("call", &id),
    }
}

pub(super) async fn call_audio(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let seconds = {
        let mut sim = app.shared.lock();
        sim.step();
        match sim.call_idx(&id) {
            Some(c) if sim.call_connected(c) => sim.call_seconds(c),
            Some(_) => None,
            None => return not_found("call", &id),
        }
    };
    match seconds {
        Some(s) => (
            [(header::CONTENT_TYPE, "audio/wav")],
            wav(s.clamp(0.5, 2.0)),
        )
            .into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            Some("not_found"),
            "Not found",
            "This call has no recording yet: it did not connect or has not finished.".into(),
        ),
    }
}

/// A short 8 kHz mono 16-bit WAV with a soft tone, standing in for the recording.
pub(crate) fn wav(seconds: f64) -> Vec<u8> {
    let rate: u32 = 8000;
    let samples = (seconds * rate as f64) as u32;
    let data_len = samples * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let t = i as f64 / rate as f64;
        let v = (t * 440.0 * std::f64::consts::TAU).sin() * 2000.0;
        out.extend_from_slice(&(v as i16).to_le_bytes());
    }
    out
}
