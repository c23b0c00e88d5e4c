//! The layers in front of every handler: the loopback-host guard (DNS rebinding), fault
//! injection, the API key check, and the `Date` header from the simulated clock.
//!
//! They stand in for the network, load balancer and gateway in front of the real service, so
//! they live apart from the handlers, which only answer the contract.

use super::{error, AppState};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::Ordering;

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
pub(super) async fn loopback_host_only(
    State(app): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
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
pub(super) async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let rate = f64::from_bits(app.shared.faults.load(Ordering::Relaxed));
    let is_create = req.method() == Method::POST && req.uri().path() == "/agents/calls/batches";
    let lose_this_create = is_create && app.shared.lose_next_create.swap(false, Ordering::Relaxed);
    let fault = if lose_this_create {
        Some(Fault::LostCreate)
    } else if rate > 0.0 && !req.uri().path().starts_with(super::clock::ADMIN_PREFIX) {
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
