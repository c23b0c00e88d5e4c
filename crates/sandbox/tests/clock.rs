//! The practice server's simulated clock over loopback HTTP: where it starts (`clock_start`, the
//! CLI's `--clock`), how fast it runs, the test-only `/sandbox/clock` route that reads, sets and
//! advances it, and scheduled batches that start when that clock — not this computer's —
//! reaches them.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use chrono::{DateTime, Duration, Utc};
use reqwest::header::HOST;
use reqwest::StatusCode;
use sandbox::{start, Sandbox, SandboxConfig};
use serde_json::{json, Value};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn server(clock_start: DateTime<Utc>, speed: f64) -> Sandbox {
    start(SandboxConfig {
        speed,
        clock_start: Some(clock_start),
        seed: 11,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

/// One request with the sandbox's key: its status, `Date` header and JSON body.
async fn call(
    sb: &Sandbox,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Option<DateTime<Utc>>, Value) {
    let http = reqwest::Client::new();
    let url = format!("{}{}", sb.base_url(), path);
    let mut rb = match method {
        "POST" => http.post(url),
        _ => http.get(url),
    }
    .header("x-api-key", sb.api_key());
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let resp = rb.send().await.unwrap();
    let status = resp.status();
    let date = resp
        .headers()
        .get("date")
        .and_then(|d| d.to_str().ok())
        .and_then(|d| DateTime::parse_from_rfc2822(d).ok())
        .map(|d| d.with_timezone(&Utc));
    (status, date, resp.json().await.unwrap_or(Value::Null))
}

/// The clock as `GET /sandbox/clock` reads it.
async fn clock(sb: &Sandbox) -> (DateTime<Utc>, f64) {
    let (status, _, v) = call(sb, "GET", "/sandbox/clock", None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    (at(v["now"].as_str().unwrap()), v["speed"].as_f64().unwrap())
}

async fn set_clock(sb: &Sandbox, body: Value) -> (StatusCode, Value) {
    let (status, _, v) = call(sb, "POST", "/sandbox/clock", Some(body)).await;
    (status, v)
}

async fn batch(sb: &Sandbox, id: &str) -> Value {
    let (status, _, v) = call(sb, "GET", &format!("/agents/calls/batches/{id}"), None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

/// `n` ordinary numbers (none ends in a test suffix).
fn ordinary(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("+1305555{:04}", 2000 + i)).collect()
}

/// Creates a batch calling `numbers`, starting at `scheduled_at`.
async fn create_scheduled(sb: &Sandbox, numbers: &[String], scheduled_at: DateTime<Utc>) -> Value {
    let (_, _, agents) = call(sb, "GET", "/agents", None).await;
    let agent = &agents["summaries"][0];
    let recipients: Vec<Value> = numbers.iter().map(|n| json!({ "to_number": n })).collect();
    let (status, _, v) = call(
        sb,
        "POST",
        "/agents/calls/batches",
        Some(json!({
            "name": "Miami morning",
            "agent_id": agent["id"],
            "from_number_id": agent["phone_numbers"][0]["id"],
            "recipients": recipients,
            "target_concurrency_limit": 4,
            "scheduled_at": scheduled_at.to_rfc3339(),
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v
}

fn close(a: DateTime<Utc>, b: DateTime<Utc>, within: Duration) -> bool {
    (a - b).abs() <= within
}

#[tokio::test]
async fn the_clock_starts_where_it_is_told_and_every_answer_is_dated_by_it() {
    let start_at = at("2026-03-09T12:55:00Z");
    let sb = server(start_at, 1.0).await;
    let (now, speed) = clock(&sb).await;
    assert!(close(now, start_at, Duration::seconds(5)), "{now}");
    assert_eq!(speed, 1.0);
    let (status, date, _) = call(&sb, "GET", "/agents", None).await;
    assert_eq!(status, StatusCode::OK);
    let date = date.unwrap();
    assert!(close(date, start_at, Duration::seconds(5)), "Date: {date}");
    assert!(close(sb.now(), start_at, Duration::seconds(5)));

    // A start time is "in the future" by the practice clock, not by this computer's.
    let (_, _, agents) = call(&sb, "GET", "/agents", None).await;
    let agent = &agents["summaries"][0];
    let (status, _, v) = call(
        &sb,
        "POST",
        "/agents/calls/batches",
        Some(json!({
            "name": "Too late",
            "agent_id": agent["id"],
            "from_number_id": agent["phone_numbers"][0]["id"],
            "recipients": [{ "to_number": "+13055552000" }],
            "scheduled_at": (start_at - Duration::minutes(5)).to_rfc3339(),
        })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["message"].as_str().unwrap().contains("future"), "{v}");
    sb.shutdown().await;
}

#[tokio::test]
async fn a_batch_scheduled_three_hours_ahead_starts_after_the_clock_is_advanced_not_before() {
    let start_at = at("2026-03-09T09:55:00-04:00");
    let sb = server(start_at, 1.0).await;
    let scheduled_at = start_at + Duration::hours(3);
    let created = create_scheduled(&sb, &ordinary(3), scheduled_at).await;
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["status"], "pending");

    // Two hours and fifty-nine minutes later by the practice clock: still waiting.
    let (status, v) = set_clock(&sb, json!({ "advance_seconds": 2 * 3600 + 59 * 60 })).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let now = at(v["now"].as_str().unwrap());
    assert!(now < scheduled_at, "{now}");
    assert!(
        close(
            now,
            scheduled_at - Duration::minutes(1),
            Duration::seconds(10)
        ),
        "{now}"
    );
    let b = batch(&sb, &id).await;
    assert_eq!(b["status"], "pending", "{b}");
    assert_eq!(b["total_calls_dispatched"], 0, "{b}");
    assert!(b.get("admitted_at").is_none(), "{b}");
    assert_eq!(sb.stats().calls_dispatched, 0);

    // Set past the start time: the batch starts, at its start time by the practice clock.
    let (status, v) = set_clock(
        &sb,
        json!({ "now": (scheduled_at + Duration::seconds(5)).to_rfc3339() }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let b = batch(&sb, &id).await;
    assert_ne!(b["status"], "pending", "{b}");
    assert_eq!(b["total_calls_dispatched"], 3, "one call per second: {b}");
    let admitted = at(b["admitted_at"].as_str().unwrap());
    assert_eq!(admitted, scheduled_at, "admitted when the clock reached it");
    let (_, _, calls) = call(&sb, "GET", &format!("/agents/calls?batch_id={id}"), None).await;
    let calls = calls["data"].as_array().unwrap();
    assert!(!calls.is_empty());
    for c in calls {
        let made = at(c["created_at"].as_str().unwrap());
        assert!(made >= scheduled_at, "a call made at {made}");
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn the_clock_runs_at_its_speed_and_the_speed_can_be_changed() {
    let start_at = at("2026-11-01T05:30:00Z");
    let sb = server(start_at, 3600.0).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (now, speed) = clock(&sb).await;
    assert_eq!(speed, 3600.0);
    // At least 0.3 s at an hour per second: five simulated minutes or more.
    assert!(now - start_at >= Duration::minutes(5), "{now}");

    let (status, v) = set_clock(&sb, json!({ "speed": 0.5 })).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["speed"], 0.5);
    let before = at(v["now"].as_str().unwrap());
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (after, _) = clock(&sb).await;
    assert!(
        after - before < Duration::seconds(2),
        "half speed: {before} → {after}"
    );
    assert!(after >= before, "never backwards");
    sb.shutdown().await;
}

#[tokio::test]
async fn the_dialer_is_paced_by_the_practice_clock() {
    // A minute of practice time per real second. Numbers ending in 0003 fail before dialing,
    // so nothing but the pace (one dial per simulated second) holds the batch back.
    let start_at = at("2026-03-09T14:00:00Z");
    let sb = server(start_at, 60.0).await;
    let starts = start_at + Duration::seconds(20);
    let numbers: Vec<String> = (0..30)
        .map(|i| format!("+1305{:03}0003", 200 + i))
        .collect();
    let created = create_scheduled(&sb, &numbers, starts).await;
    let id = created["id"].as_str().unwrap().to_string();
    let mut waited = 0;
    while clock(&sb).await.0 < starts + Duration::seconds(15) {
        assert!(waited < 100, "the practice clock stands still");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    let b = batch(&sb, &id).await;
    let (now, _) = clock(&sb).await;
    let dispatched = b["total_calls_dispatched"].as_i64().unwrap();
    // Well under a real second has passed since the start: at real pace, one dial at most.
    assert!(dispatched >= 10, "{dispatched} dialed by {now}");
    let simulated_seconds = (now - starts).num_seconds();
    assert!(
        dispatched <= simulated_seconds + 1,
        "{dispatched} dialed in {simulated_seconds} practice seconds"
    );
    assert_eq!(at(b["admitted_at"].as_str().unwrap()), starts);
    sb.shutdown().await;
}

#[tokio::test]
async fn the_clock_route_moves_only_forward_and_says_what_it_expects() {
    let start_at = at("2026-03-09T12:00:00Z");
    let sb = server(start_at, 1.0).await;
    let refused = [
        json!({ "now": "2026-03-09T11:00:00Z" }),
        json!({ "now": "tomorrow" }),
        json!({ "advance_seconds": -60 }),
        json!({ "now": "2026-03-09T13:00:00Z", "advance_seconds": 60 }),
        json!({ "speed": 0 }),
        json!({ "rewind": 5 }),
        json!([1, 2]),
    ];
    for body in refused {
        let (status, v) = set_clock(&sb, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} → {v}");
        assert!(!v["message"].as_str().unwrap().is_empty(), "{v}");
    }
    let (now, _) = clock(&sb).await;
    assert!(
        close(now, start_at, Duration::seconds(5)),
        "unchanged: {now}"
    );
    let (_, v) = set_clock(&sb, json!({ "now": "2026-03-09T11:00:00Z" })).await;
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("only moves forward"),
        "{v}"
    );

    // Same door as the API: the key, loopback names, and never a fault.
    let url = format!("{}/sandbox/clock", sb.base_url());
    let http = reqwest::Client::new();
    let anonymous = http.get(&url).send().await.unwrap().status();
    assert_eq!(anonymous, StatusCode::UNAUTHORIZED);
    let port = sb.base_url().rsplit(':').next().unwrap().to_owned();
    let rebound = http
        .get(&url)
        .header("x-api-key", sb.api_key())
        .header(HOST, format!("rebind.example.com:{port}"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(rebound, StatusCode::FORBIDDEN);
    sb.set_faults(1.0);
    for _ in 0..20 {
        let (status, _, v) = call(&sb, "GET", "/sandbox/clock", None).await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    let agents = http
        .get(format!("{}/agents", sb.base_url()))
        .header("x-api-key", sb.api_key())
        .timeout(std::time::Duration::from_secs(2))
        .send()
        .await;
    let answered = match agents {
        Ok(r) => r.status() == StatusCode::OK && r.bytes().await.is_ok(),
        Err(_) => false,
    };
    assert!(!answered, "faults still reach the API");
    sb.shutdown().await;
}
