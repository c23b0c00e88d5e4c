//! Rules the sandbox can't stage on demand, checked against a tiny scripted server on loopback:
//! the headers sent, which requests may be re-sent after which failure, the exactly-once create
//! in each of its branches, and answers holding values this version does not know.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use cartesia::{
    ApiKey, BatchStatus, Client, ClientConfig, CreateBatchRequest, CreateOutcome, Error,
    NewRecipient, RecipientStatus, RetryPolicy, API_VERSION,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

type Reply = (u16, &'static [(&'static str, &'static str)], String);
type Script = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

/// Serves one request per connection; `script(request, how many earlier requests had the same
/// method and path)` decides the answer.
async fn serve(script: Box<Script>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = seen.clone();
    let script: Arc<Script> = Arc::from(script);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            let script = script.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break p + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let mut lines = head.split("\r\n");
                let mut first = lines.next().unwrap_or("").split(' ');
                let method = first.next().unwrap_or("").to_string();
                let path = first.next().unwrap_or("").to_string();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                    .collect();
                let len: usize = headers
                    .iter()
                    .find(|(k, _)| k == "content-length")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                while buf.len() < head_end + len {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let req = Seen {
                    method,
                    path,
                    headers,
                };
                let earlier = {
                    let mut log = log.lock().unwrap();
                    let n = log
                        .iter()
                        .filter(|s| s.method == req.method && route(&s.path) == route(&req.path))
                        .count();
                    log.push(req.clone());
                    n
                };
                let (status, extra, body) = script(&req, earlier);
                let mut out = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                    body.len()
                );
                for (k, v) in extra {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&body);
                let _ = sock.write_all(out.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), seen)
}

fn route(path: &str) -> &str {
    path.split('?').next().unwrap_or(path)
}

fn client(base: &str) -> Client {
    let mut cfg = ClientConfig::new(base, ApiKey::new("sk_car_secretKEYab12"));
    cfg.timeout = Duration::from_secs(5);
    cfg.retry = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_secs(2),
        max_total: Duration::from_secs(20),
    };
    cfg.create_attempts = 3;
    Client::new(cfg).unwrap()
}

fn batch_json(id: &str, status: &str) -> String {
    format!(
        r#"{{"id":"{id}","name":"March","agent_id":"agent_1","from_number_id":"ap_1",
        "status":"{status}","total_calls_scheduled":1,"total_calls_dispatched":0,
        "total_calls_finished":0,"retry_count":0,"created_at":"2099-01-01T00:00:00Z",
        "last_updated_at":"2099-01-01T00:00:00Z","a_field_from_the_future":[1,2,3]}}"#
    )
}

fn error_json(code: &str, message: &str) -> String {
    format!(r#"{{"error_code":"{code}","title":"T","message":"{message}","request_id":"req-42"}}"#)
}

fn request() -> CreateBatchRequest {
    CreateBatchRequest::new(
        "March",
        "agent_1",
        "ap_1",
        vec![NewRecipient {
            to_number: "+14155559876".into(),
            metadata: None,
        }],
    )
}

fn count(seen: &Arc<Mutex<Vec<Seen>>>, method: &str, path: &str) -> usize {
    seen.lock()
        .unwrap()
        .iter()
        .filter(|s| s.method == method && route(&s.path) == path)
        .count()
}

#[tokio::test]
async fn every_request_carries_the_key_header_and_the_version() {
    let (base, seen) = serve(Box::new(|_, _| (200, &[], r#"{"summaries":[]}"#.into()))).await;
    client(&base).list_agents().await.unwrap();
    let s = seen.lock().unwrap()[0].clone();
    let h = |k: &str| {
        s.headers
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(h("x-api-key").as_deref(), Some("sk_car_secretKEYab12"));
    assert_eq!(h("cartesia-version").as_deref(), Some(API_VERSION));
    assert_eq!(API_VERSION, "2026-03-01");
}

#[tokio::test]
async fn reads_are_retried_after_busy_and_server_trouble() {
    let (base, seen) = serve(Box::new(|_, n| match n {
        0 => (
            429,
            &[("retry-after", "0")],
            error_json("concurrency_limited", "Slow down"),
        ),
        1 => (503, &[], error_json("unavailable", "Later")),
        _ => (200, &[], batch_json("acb_1", "in_progress")),
    }))
    .await;
    let b = client(&base).get_batch("acb_1").await.unwrap();
    assert_eq!(b.status, BatchStatus::InProgress);
    assert_eq!(count(&seen, "GET", "/agents/calls/batches/acb_1"), 3);
}

#[tokio::test]
async fn reads_give_up_after_the_attempt_limit_with_a_plain_message() {
    let (base, seen) = serve(Box::new(|_, _| {
        (503, &[], error_json("unavailable", "Later"))
    }))
    .await;
    let err = client(&base).list_agents().await.unwrap_err();
    assert_eq!(count(&seen, "GET", "/agents"), 4);
    assert!(err.to_string().contains("req-42"), "{err}");
    assert!(err.to_string().contains("problem on its side"), "{err}");
}

#[tokio::test]
async fn a_retry_is_not_resent_after_an_ambiguous_failure_but_a_cancel_is() {
    let (base, seen) = serve(Box::new(|req, n| {
        if n == 0 {
            (503, &[], error_json("unavailable", "Later"))
        } else if req.path.ends_with("/cancel") {
            (200, &[], batch_json("acb_1", "cancelled"))
        } else {
            (200, &[], batch_json("acb_1", "in_progress"))
        }
    }))
    .await;
    let c = client(&base);
    let err = c.retry_batch("acb_1").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(count(&seen, "POST", "/agents/calls/batches/acb_1/retry"), 1);
    let b = c.cancel_batch("acb_1").await.unwrap();
    assert_eq!(b.status, BatchStatus::Cancelled);
    assert_eq!(
        count(&seen, "POST", "/agents/calls/batches/acb_1/cancel"),
        2
    );
}

#[tokio::test]
async fn a_retry_refused_as_busy_is_sent_again() {
    let (base, seen) = serve(Box::new(|_, n| match n {
        0 => (
            429,
            &[("retry-after", "0")],
            error_json("concurrency_limited", "Busy"),
        ),
        _ => (200, &[], batch_json("acb_1", "in_progress")),
    }))
    .await;
    client(&base).retry_batch("acb_1").await.unwrap();
    assert_eq!(count(&seen, "POST", "/agents/calls/batches/acb_1/retry"), 2);
}

#[tokio::test]
async fn a_lost_create_that_was_made_is_found_not_resent() {
    let (base, seen) = serve(Box::new(|req, _| {
        if req.method == "POST" {
            (502, &[], error_json("bad_gateway", "Upstream"))
        } else {
            let page = format!(
                r#"{{"data":[{}],"has_more":false,"next_page":null}}"#,
                batch_json("acb_made", "pending")
            );
            (200, &[], page)
        }
    }))
    .await;
    let out = client(&base)
        .create_batch_exactly_once(&request())
        .await
        .unwrap();
    assert!(matches!(&out, CreateOutcome::Reconciled(b) if b.id == "acb_made"));
    assert_eq!(count(&seen, "POST", "/agents/calls/batches"), 1);
    let list = seen
        .lock()
        .unwrap()
        .iter()
        .find(|s| s.method == "GET")
        .cloned()
        .unwrap();
    assert!(list.path.contains("agent_id=agent_1"), "{}", list.path);
}

#[tokio::test]
async fn a_lost_create_confirmed_absent_is_sent_again() {
    let (base, seen) = serve(Box::new(|req, n| {
        if req.method == "POST" {
            if n == 0 {
                (500, &[], error_json("internal", "Oops"))
            } else {
                (201, &[], batch_json("acb_second", "pending"))
            }
        } else {
            (
                200,
                &[],
                r#"{"data":[],"has_more":false,"next_page":null}"#.into(),
            )
        }
    }))
    .await;
    let out = client(&base)
        .create_batch_exactly_once(&request())
        .await
        .unwrap();
    assert!(matches!(&out, CreateOutcome::Created(b) if b.id == "acb_second"));
    assert_eq!(count(&seen, "POST", "/agents/calls/batches"), 2);
}

#[tokio::test]
async fn a_lost_create_that_cannot_be_checked_is_never_resent() {
    // The first listing (Cartesia's clock, read before sending) works; every later one fails.
    let (base, seen) = serve(Box::new(|req, n| {
        if req.method == "POST" {
            (504, &[], error_json("timeout", "Gateway"))
        } else if n == 0 {
            (
                200,
                &[],
                r#"{"data":[],"has_more":false,"next_page":null}"#.into(),
            )
        } else {
            (500, &[], error_json("internal", "Oops"))
        }
    }))
    .await;
    let err = client(&base)
        .create_batch_exactly_once(&request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::CreateUnconfirmed { .. }), "{err:?}");
    assert_eq!(count(&seen, "POST", "/agents/calls/batches"), 1);
    let m = err.to_string();
    assert!(
        m.contains("\"March\"") && m.contains("not sent them again"),
        "{m}"
    );
}

#[tokio::test]
async fn a_refused_create_is_final_and_a_busy_one_is_sent_again() {
    let (base, seen) = serve(Box::new(|_, _| {
        (402, &[], error_json("usage_limit", "Limit"))
    }))
    .await;
    let err = client(&base)
        .create_batch_exactly_once(&request())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("usage limit"), "{err}");
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "no create, no re-send and no further listing after a clear refusal"
    );

    // Cartesia's clock is read once before sending (a listing of one batch); a busy answer to
    // the create is certain to have done nothing, so it is sent again without looking.
    let (base, seen) = serve(Box::new(|req, n| match (req.method.as_str(), n) {
        ("GET", _) => (
            200,
            &[],
            r#"{"data":[],"has_more":false,"next_page":null}"#.into(),
        ),
        (_, 0) => (
            429,
            &[("retry-after", "0")],
            error_json("concurrency_limited", "Busy"),
        ),
        _ => (201, &[], batch_json("acb_ok", "pending")),
    }))
    .await;
    let out = client(&base)
        .create_batch_exactly_once(&request())
        .await
        .unwrap();
    assert_eq!(out.batch().id, "acb_ok");
    assert_eq!(count(&seen, "POST", "/agents/calls/batches"), 2);
    assert_eq!(count(&seen, "GET", "/agents/calls/batches"), 1);
}

#[tokio::test]
async fn values_from_a_newer_api_are_shown_not_rejected() {
    let (base, _) = serve(Box::new(|_, _| {
        let body = r#"{"id":"acb_1","status":"throttled","total_calls_scheduled":1,
            "brand_new":true,"created_at":"2026-03-01T12:00:00Z",
            "recipients":[{"id":"r","to_number":"+14155550100","status":"screening",
            "end_reason":"voicemail_detected","created_at":"2026-03-01T12:00:00Z","x":{}}]}"#;
        (200, &[], body.into())
    }))
    .await;
    let b = client(&base).get_batch("acb_1").await.unwrap();
    assert_eq!(b.status.as_str(), "throttled");
    let r = &b.recipients.unwrap()[0];
    assert_eq!(r.status, RecipientStatus::Unknown("screening".into()));
    assert_eq!(
        r.end_reason.as_ref().unwrap().to_string(),
        "voicemail_detected"
    );
}

#[tokio::test]
async fn nothing_listens_means_a_connection_message_and_no_key() {
    // Bind then drop, so the port is (almost certainly) closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client(&format!("http://127.0.0.1:{port}"))
        .list_agents()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Network {
                connected: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("can't reach Cartesia"), "{err}");
    assert!(!format!("{err} {err:?}").contains("secretKEY"));
}

#[test]
fn a_remote_address_must_be_https() {
    let err = Client::new(ClientConfig::new(
        "http://api.cartesia.ai",
        ApiKey::new("k"),
    ))
    .unwrap_err();
    assert!(matches!(err, Error::InsecureBaseUrl { .. }));
    assert!(err.to_string().contains("https://"), "{err}");
}
