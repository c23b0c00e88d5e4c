//! HTTP face of the sandbox: routes, auth, validation, paging and fault injection, shaped
//! exactly like the Cartesia contract so the real client can't tell the difference.
//!
//! This module builds the router and holds what every handler shares (the state and the
//! contract's error body); the layers in front of the handlers are in `guard`, the create
//! request's checks in `validate`, cursor paging in `paging`, and the handlers by resource in
//! `batches`, `calls` and `agents`; `clock` is the test-only route to the simulated clock.

// Validation returns the ready error response; it is built once per rejected request, so its
// size on the error path does not matter.
#![allow(clippy::result_large_err)]

mod agents;
mod batches;
mod calls;
mod clock;
mod guard;
mod paging;
mod validate;

use crate::sim::Rng;
use crate::Shared;
use agents::{list_agents, list_numbers};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use batches::{cancel_batch, create_batch, get_batch, list_batches, retry_batch};
use calls::{call_audio, get_call, list_calls};
use clock::{get_clock, set_clock};
use guard::{guard, loopback_host_only};
use serde_json::json;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

#[derive(Debug)]
pub(crate) struct App {
    shared: Arc<Shared>,
    /// Separate from the dialer's generator so faults don't change call outcomes.
    fault_rng: Mutex<Rng>,
}

type AppState = Arc<App>;

pub(crate) fn router(shared: Arc<Shared>, seed: u64) -> Router {
    let app = Arc::new(App {
        shared,
        fault_rng: Mutex::new(Rng::new(seed.wrapping_add(0xFA17))),
    });
    Router::new()
        .route("/agents", get(list_agents))
        .route("/agents/phone-numbers", get(list_numbers))
        .route("/agents/calls", get(list_calls))
        .route("/agents/calls/{id}", get(get_call))
        .route("/agents/calls/{id}/audio", get(call_audio))
        .route(
            "/agents/calls/batches",
            post(create_batch).get(list_batches),
        )
        .route("/agents/calls/batches/{id}", get(get_batch))
        .route("/agents/calls/batches/{id}/retry", post(retry_batch))
        .route("/agents/calls/batches/{id}/cancel", post(cancel_batch))
        .route("/sandbox/clock", get(get_clock).post(set_clock))
        .fallback(not_found_route)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            loopback_host_only,
        ))
        .with_state(app)
}

impl App {
    fn rng(&self) -> std::sync::MutexGuard<'_, Rng> {
        self.fault_rng.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn request_id() -> String {
    use std::sync::atomic::AtomicU64;
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut r = Rng::new(n);
    let (a, b) = (r.next_u64(), r.next_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0xffff,
        b & 0xffff_ffff_ffff
    )
}

pub(crate) fn error(
    status: StatusCode,
    code: Option<&str>,
    title: &str,
    message: String,
) -> Response {
    (
        status,
        Json(json!({
            "error_code": code,
            "title": title,
            "message": message,
            "request_id": request_id(),
        })),
    )
        .into_response()
}

fn bad_request(message: String) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        Some("invalid_request"),
        "Invalid request",
        message,
    )
}

fn not_found(what: &str, id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        Some("not_found"),
        "Not found",
        format!("No {what} with id '{id}' exists in this organization."),
    )
}

async fn not_found_route() -> Response {
    error(
        StatusCode::NOT_FOUND,
        Some("not_found"),
        "Not found",
        "This address does not exist.".into(),
    )
}

fn wake(app: &App) {
    app.shared.wake.notify_one();
}
