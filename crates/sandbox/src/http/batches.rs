//! Handlers for call batches: create, get, retry, cancel and the list.
//!
//! Each one brings the simulation up to date first, so what it answers is what the dialer
//! has done by now, and wakes the dialer after a change.

use super::paging::{page, page_body, paging};
use super::validate::validate;
use super::{bad_request, error, not_found, wake, App, AppState};
use crate::sim::Sim;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::Ordering;

pub(super) async fn create_batch(State(app): State<AppState>, body: Bytes) -> Response {
    let body: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(format!("The request body is not valid JSON: {e}.")),
    };
    let created = {
        let mut sim = app.shared.lock();
        sim.step();
        match validate(&sim, &body) {
            Ok(mut req) => {
                let missing = app.shared.short_next_create.swap(0, Ordering::Relaxed);
                let keep = req.recipients.len().saturating_sub(missing);
                req.recipients.truncate(keep);
                let created = sim.create(req);
                app.shared
                    .created_requests
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(body);
                created
            }
            Err(resp) => return resp,
        }
    };
    wake(&app);
    (StatusCode::CREATED, Json(created)).into_response()
}

fn with_batch(
    app: &App,
    id: &str,
    f: impl FnOnce(&mut Sim, usize) -> Result<Value, Response>,
) -> Response {
    let result = {
        let mut sim = app.shared.lock();
        sim.step();
        match sim.batch_idx(id) {
            Some(idx) => f(&mut sim, idx),
            None => Err(not_found("call batch", id)),
        }
    };
    wake(app);
    match result {
        Ok(v) => Json(v).into_response(),
        Err(r) => r,
    }
}

pub(super) async fn get_batch(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    with_batch(&app, &id, |sim, idx| Ok(sim.batch_json(idx, true)))
}

pub(super) async fn retry_batch(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    with_batch(&app, &id, |sim, idx| {
        sim.retry(idx).ok_or_else(|| {
            error(
                StatusCode::BAD_REQUEST,
                Some("batch_cancelled"),
                "Batch is cancelled",
                "A cancelled call batch cannot be retried.".into(),
            )
        })
    })
}

pub(super) async fn cancel_batch(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    with_batch(&app, &id, |sim, idx| Ok(sim.cancel(idx)))
}

pub(super) async fn list_batches(
    State(app): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let p = match paging(&q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut sim = app.shared.lock();
    sim.step();
    let order = sim.list_order(q.get("agent_id").map(String::as_str));
    let ids: Vec<&str> = order.iter().map(|&i| sim.batch_id(i)).collect();
    match page(&ids, |s| s, &p) {
        Ok((pos, more)) => {
            let data = pos
                .iter()
                .map(|&k| sim.batch_json(order[k], false))
                .collect();
            Json(page_body(data, more)).into_response()
        }
        Err(r) => r,
    }
}
