//! HTTP face of the sandbox: routes, auth, validation, paging and fault injection, shaped
//! exactly like the Cartesia contract so the real client can't tell the difference.

// Validation returns the ready error response; it is built once per rejected request, so its
// size on the error path does not matter.
#![allow(clippy::result_large_err)]

use crate::sim::{NewBatch, Rng, Sim};
use crate::Shared;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
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

#[derive(Debug, Clone, Copy)]
enum Fault {
    TooMany,
    Internal,
    Unavailable,
    Hang,
    Drop,
    LostCreate,
}

/// A response whose body fails mid-flight, so the client sees its connection cut.
fn dropped() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected connection drop",
        ))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn authorized(headers: &HeaderMap, key: &str) -> bool {
    let given = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .or_else(|| {
            headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
        });
    given.is_some_and(|g| g.trim() == key)
}

/// Whether `Host` names this computer: `127.0.0.1`, `localhost` or `[::1]`, with or without a
/// port. Anything else reached the loopback socket under a name someone else controls.
fn loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.ends_with(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => host,
    };
    name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost") || name == "[::1]"
}

/// Refuses, before anything else, a request not addressed to a loopback name when the
/// sandbox is configured so (DNS-rebinding guard).
async fn loopback_host_only(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if app.shared.loopback_hosts_only {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()));
        if !host.is_some_and(loopback_host) {
            return error(
                StatusCode::FORBIDDEN,
                Some("host_not_allowed"),
                "Forbidden",
                "This practice server answers only requests addressed to 127.0.0.1, localhost \
                 or [::1]."
                    .into(),
            );
        }
    }
    next.run(req).await
}

/// Fault injection first (it stands in for the network and load balancers), then auth.
async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let rate = f64::from_bits(app.shared.faults.load(Ordering::Relaxed));
    let is_create = req.method() == Method::POST && req.uri().path() == "/agents/calls/batches";
    let lose_this_create = is_create && app.shared.lose_next_create.swap(false, Ordering::Relaxed);
    let fault = if lose_this_create {
        Some(Fault::LostCreate)
    } else if rate > 0.0 {
        let mut rng = app.rng();
        if rng.unit() < rate {
            let kinds = if is_create { 6 } else { 5 };
            Some(match rng.range(0, kinds - 1) {
                0 => Fault::TooMany,
                1 => Fault::Internal,
                2 => Fault::Unavailable,
                3 => Fault::Hang,
                4 => Fault::Drop,
                _ => Fault::LostCreate,
            })
        } else {
            None
        }
    } else {
        None
    };
    let stats = |f: &dyn Fn(&mut crate::SandboxStats)| f(&mut app.shared.lock().stats);
    match fault {
        Some(Fault::TooMany) => {
            stats(&|s| s.faults_429 += 1);
            let mut r = error(
                StatusCode::TOO_MANY_REQUESTS,
                Some("concurrency_limited"),
                "Too many concurrent requests",
                "Your organization has reached its concurrency limit.".into(),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
            return r;
        }
        Some(Fault::Internal) => {
            stats(&|s| s.faults_500 += 1);
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                Some("internal_error"),
                "Internal server error",
                "Something went wrong on our side. Please try again.".into(),
            );
        }
        Some(Fault::Unavailable) => {
            stats(&|s| s.faults_503 += 1);
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                Some("service_unavailable"),
                "Service unavailable",
                "The service is temporarily unavailable. Please try again shortly.".into(),
            );
        }
        Some(Fault::Hang) => {
            stats(&|s| s.faults_hang += 1);
            // If the client gives up first, hyper drops this future and the sleep ends with it.
            tokio::time::sleep(std::time::Duration::from_secs_f64(app.shared.hang_secs)).await;
            return error(
                StatusCode::GATEWAY_TIMEOUT,
                Some("timeout"),
                "Gateway timeout",
                "The request took too long.".into(),
            );
        }
        Some(Fault::Drop) => {
            stats(&|s| s.faults_drop += 1);
            return dropped();
        }
        _ => {}
    }
    if !authorized(req.headers(), &app.shared.api_key) {
        return error(
            StatusCode::UNAUTHORIZED,
            Some("unauthorized"),
            "Unauthorized",
            "The API key is missing, wrong or revoked.".into(),
        );
    }
    let mut resp = next.run(req).await;
    if matches!(fault, Some(Fault::LostCreate)) {
        stats(&|s| s.faults_lost_create += 1);
        return dropped();
    }
    // The Date header tells the server's own (simulated) time, as a real server's tells its
    // clock; hyper would otherwise stamp this computer's.
    let now_ms = app.shared.lock().now_ms();
    if let Ok(date) = HeaderValue::from_str(&crate::sim::http_date(now_ms)) {
        resp.headers_mut().insert(header::DATE, date);
    }
    resp
}

fn wake(app: &App) {
    app.shared.wake.notify_one();
}

fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

use limits::{MAX_METADATA_BYTES, MAX_RECIPIENTS_PER_BATCH as MAX_RECIPIENTS};

fn opt_int(body: &Value, field: &str, lo: i64, hi: i64, default: i64) -> Result<i64, Response> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => match v.as_i64() {
            Some(n) if (lo..=hi).contains(&n) => Ok(n),
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

fn validate(sim: &Sim, body: &Value) -> Result<NewBatch, Response> {
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
    let ringing_timeout = opt_int(body, "ringing_timeout_seconds", 5, 80, 60)?;
    let max_minutes = opt_int(body, "max_call_duration_minutes", 1, 480, 480)?;
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
            if ms > now + 30 * 86_400_000 {
                return Err(bad_request(
                    "scheduled_at must be at most 30 days ahead.".into(),
                ));
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
        ringing_timeout: ringing_timeout as u32,
        max_minutes: max_minutes as u32,
        recipients,
    })
}

async fn create_batch(State(app): State<AppState>, body: Bytes) -> Response {
    let body: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(format!("The request body is not valid JSON: {e}.")),
    };
    let created = {
        let mut sim = app.shared.lock();
        sim.step();
        match validate(&sim, &body) {
            Ok(req) => sim.create(req),
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

async fn get_batch(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    with_batch(&app, &id, |sim, idx| Ok(sim.batch_json(idx, true)))
}

async fn retry_batch(State(app): State<AppState>, Path(id): Path<String>) -> Response {
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

async fn cancel_batch(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    with_batch(&app, &id, |sim, idx| Ok(sim.cancel(idx)))
}

struct Paging {
    limit: usize,
    starting_after: Option<String>,
    ending_before: Option<String>,
}

fn paging(q: &HashMap<String, String>) -> Result<Paging, Response> {
    let limit = match q.get("limit") {
        None => 10,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(bad_request(
                    "limit must be a whole number from 1 to 100.".into(),
                ))
            }
        },
    };
    let nonempty = |k: &str| q.get(k).filter(|s| !s.is_empty()).cloned();
    Ok(Paging {
        limit,
        starting_after: nonempty("starting_after"),
        ending_before: nonempty("ending_before"),
    })
}

/// Slices an ordered list of ids by cursor. Returns (positions, has_more).
fn page<T>(
    items: &[T],
    id_of: impl Fn(&T) -> &str,
    p: &Paging,
) -> Result<(Vec<usize>, bool), Response> {
    let find = |cursor: &str| {
        items
            .iter()
            .position(|t| id_of(t) == cursor)
            .ok_or_else(|| bad_request(format!("The cursor '{cursor}' does not match any item.")))
    };
    if let Some(c) = &p.ending_before {
        let end = find(c)?;
        let start = end.saturating_sub(p.limit);
        return Ok(((start..end).collect(), start > 0));
    }
    let start = match &p.starting_after {
        Some(c) => find(c)? + 1,
        None => 0,
    };
    let end = (start + p.limit).min(items.len());
    Ok(((start..end).collect(), end < items.len()))
}

fn page_body(data: Vec<Value>, has_more: bool) -> Value {
    let next = if has_more {
        data.last()
            .and_then(|v| v.get("id"))
            .cloned()
            .unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    json!({"data": data, "has_more": has_more, "next_page": next})
}

async fn list_batches(
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

async fn list_calls(
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

async fn get_call(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let mut sim = app.shared.lock();
    sim.step();
    match sim.call_idx(&id) {
        Some(c) => Json(sim.call_json(c, true)).into_response(),
        None => not_found("call", &id),
    }
}

async fn call_audio(State(app): State<AppState>, Path(id): Path<String>) -> Response {
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

async fn list_agents(State(app): State<AppState>) -> Response {
    let sim = app.shared.lock();
    let summaries: Vec<Value> = sim
        .agents
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let phones: Vec<Value> = sim
                .numbers
                .iter()
                .filter(|n| n.agent == Some(i))
                .map(|n| json!({"id": n.id, "number": n.number}))
                .collect();
            json!({
                "id": a.id,
                "name": a.name,
                "description": a.description,
                "phone_numbers": phones,
                "created_at": crate::sim::fmt_time(a.created_at),
                "updated_at": crate::sim::fmt_time(a.created_at),
            })
        })
        .collect();
    Json(json!({ "summaries": summaries })).into_response()
}

async fn list_numbers(
    State(app): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let p = match paging(&q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let sim = app.shared.lock();
    let needle = q.get("q").map(|s| s.to_lowercase());
    let agent = q.get("agent_id");
    let matching: Vec<usize> = (0..sim.numbers.len())
        .filter(|&i| {
            let n = &sim.numbers[i];
            needle.as_ref().is_none_or(|s| {
                n.label.to_lowercase().contains(s.as_str()) || n.number.contains(s.as_str())
            }) && agent.is_none_or(|a| n.agent.is_some_and(|x| &sim.agents[x].id == a))
        })
        .collect();
    let ids: Vec<&str> = matching
        .iter()
        .map(|&i| sim.numbers[i].id.as_str())
        .collect();
    match page(&ids, |s| s, &p) {
        Ok((pos, more)) => {
            let data = pos
                .iter()
                .map(|&k| {
                    let n = &sim.numbers[matching[k]];
                    json!({
                        "id": n.id,
                        "label": n.label,
                        "number": n.number,
                        "agent": n.agent.map(|x| json!({"id": sim.agents[x].id, "name": sim.agents[x].name})),
                        "provider": {"type": n.provider},
                    })
                })
                .collect();
            Json(page_body(data, more)).into_response()
        }
        Err(r) => r,
    }
}
