//! The sandbox over real loopback HTTP, checked against the contract's shapes and rules.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use reqwest::{Client, StatusCode};
use sandbox::{start, Sandbox, SandboxConfig};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;

struct Env {
    sb: Sandbox,
    http: Client,
    agent: String,
    number: String,
}

async fn env(speed: f64, org: u32) -> Env {
    let sb = start(SandboxConfig {
        speed,
        org_concurrency: org,
        seed: 7,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let http = Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut e = Env {
        sb,
        http,
        agent: String::new(),
        number: String::new(),
    };
    let agents = e.get("/agents").await;
    e.agent = agents["summaries"][0]["id"].as_str().unwrap().to_string();
    e.number = agents["summaries"][0]["phone_numbers"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    e
}

impl Env {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.sb.base_url(), path)
    }
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut rb = match method {
            "POST" => self.http.post(self.url(path)),
            _ => self.http.get(self.url(path)),
        }
        .header("X-API-Key", self.sb.api_key());
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let resp = rb.send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
    async fn get(&self, path: &str) -> Value {
        let (s, v) = self.call("GET", path, None).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
        v
    }
    fn body(&self, numbers: &[&str], limit: Option<u32>) -> Value {
        let mut b = json!({
            "name": "Spring reminders",
            "agent_id": self.agent,
            "from_number_id": self.number,
            "recipients": numbers.iter().map(|n| json!({"to_number": n, "metadata": {"k": n}})).collect::<Vec<_>>(),
        });
        if let Some(l) = limit {
            b["target_concurrency_limit"] = json!(l);
        }
        b
    }
    async fn create(&self, body: Value) -> Value {
        let (s, v) = self.call("POST", "/agents/calls/batches", Some(body)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v
    }
    async fn batch(&self, id: &str) -> Value {
        self.get(&format!("/agents/calls/batches/{id}")).await
    }
    /// Polls until the batch has finished every call (bounded, so a bug fails instead of hanging).
    async fn until_finished(&self, id: &str) -> Value {
        for _ in 0..2000 {
            let b = self.batch(id).await;
            if b["total_calls_finished"] == b["total_calls_scheduled"] {
                return b;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("batch {id} never finished");
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn numbers(n: usize, start: u32) -> Vec<String> {
    (0..n)
        .map(|i| format!("+1415555{:04}", start + i as u32))
        .collect()
}

const BATCH_KEYS: &[&str] = &[
    "id",
    "name",
    "agent_id",
    "from_number_id",
    "region",
    "target_concurrency_limit",
    "status",
    "total_calls_scheduled",
    "total_calls_dispatched",
    "total_calls_finished",
    "retry_count",
    "created_at",
    "last_updated_at",
];

#[tokio::test]
async fn shapes_match_the_contract_fixtures() {
    let e = env(500.0, 8).await;
    let created = e
        .create(e.body(&["+14155559876", "+14155550101"], Some(4)))
        .await;
    let expect: BTreeSet<String> = BATCH_KEYS.iter().map(|s| s.to_string()).collect();
    assert_eq!(keys(&created), expect);
    assert_eq!(created["status"], "pending");
    assert_eq!(created["total_calls_scheduled"], 2);
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("acb_"));

    let got = e.until_finished(id).await;
    let mut with_recipients = expect.clone();
    with_recipients.insert("recipients".into());
    with_recipients.insert("admitted_at".into());
    assert_eq!(keys(&got), with_recipients);
    for r in got["recipients"].as_array().unwrap() {
        let k = keys(r);
        for f in ["id", "to_number", "status", "created_at", "metadata"] {
            assert!(k.contains(f), "{r}");
        }
    }
    assert_eq!(
        got["recipients"][0]["metadata"],
        json!({"k": "+14155559876"})
    );

    let list = e.get("/agents/calls/batches").await;
    assert_eq!(
        keys(&list),
        ["data", "has_more", "next_page"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert!(list["data"][0].get("recipients").is_none());

    let agents = e.get("/agents").await;
    let a = &agents["summaries"][0];
    assert_eq!(a["name"], "Appointment reminder");
    assert!(a["phone_numbers"][0]["number"]
        .as_str()
        .unwrap()
        .starts_with("+1"));

    let nums = e.get("/agents/phone-numbers?limit=100").await;
    let data = nums["data"].as_array().unwrap();
    assert!(
        data.iter().any(|n| n["agent"].is_null()),
        "one number is free"
    );
    for n in data {
        for f in ["id", "label", "number", "agent", "provider"] {
            assert!(n.get(f).is_some(), "{n}");
        }
    }
    let page1 = e.get("/agents/phone-numbers?limit=2").await;
    assert_eq!(page1["has_more"], true);
    let after = page1["data"][1]["id"].as_str().unwrap();
    let page2 = e
        .get(&format!(
            "/agents/phone-numbers?limit=2&starting_after={after}"
        ))
        .await;
    assert_eq!(page2["data"][0]["id"], data[2]["id"]);
    e.sb.shutdown().await;
}

#[tokio::test]
async fn validation_errors_name_the_problem() {
    let e = env(100.0, 8).await;
    let check = |body: Value, status: StatusCode, needle: &'static str| {
        let e = &e;
        async move {
            let (s, v) = e.call("POST", "/agents/calls/batches", Some(body)).await;
            assert_eq!(s, status, "{v}");
            for f in ["error_code", "title", "message", "request_id"] {
                assert!(v.get(f).is_some(), "{v}");
            }
            assert!(v["message"].as_str().unwrap().contains(needle), "{v}");
        }
    };
    let mut b = e.body(
        &["+14155559876", "+14155550101", "+14155550102", "555-1234"],
        None,
    );
    check(b.clone(), StatusCode::BAD_REQUEST, "recipients[3]").await;
    b["recipients"] = json!([]);
    check(b.clone(), StatusCode::BAD_REQUEST, "5000").await;
    let many: Vec<String> = numbers(5001, 1000);
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    check(e.body(&refs, None), StatusCode::BAD_REQUEST, "5000").await;
    check(
        e.body(&["+14155559876"], Some(9)),
        StatusCode::BAD_REQUEST,
        "concurrency limit of 8",
    )
    .await;
    check(
        e.body(&["+14155559876"], Some(0)),
        StatusCode::BAD_REQUEST,
        "target_concurrency_limit",
    )
    .await;
    let mut b = e.body(&["+14155559876"], None);
    b["ringing_timeout_seconds"] = json!(4);
    check(b, StatusCode::BAD_REQUEST, "ringing_timeout_seconds").await;
    let mut b = e.body(&["+14155559876"], None);
    b["max_call_duration_minutes"] = json!(481);
    check(b, StatusCode::BAD_REQUEST, "max_call_duration_minutes").await;
    let mut b = e.body(&["+14155559876"], None);
    b["scheduled_at"] = json!("2020-01-01T00:00:00Z");
    check(b.clone(), StatusCode::BAD_REQUEST, "future").await;
    b["scheduled_at"] = json!("tomorrow");
    check(b.clone(), StatusCode::BAD_REQUEST, "RFC 3339").await;
    b["scheduled_at"] = json!("2099-01-01T00:00:00+02:00");
    check(b, StatusCode::BAD_REQUEST, "30 days").await;
    let mut b = e.body(&["+14155559876"], None);
    b.as_object_mut().unwrap().remove("name");
    check(b, StatusCode::BAD_REQUEST, "name").await;
    let mut b = e.body(&["+14155559876"], None);
    b["agent_id"] = json!("agent_nope");
    check(b, StatusCode::NOT_FOUND, "agent_nope").await;
    let mut b = e.body(&["+14155559876"], None);
    b["from_number_id"] = json!("ap_nope");
    check(b, StatusCode::NOT_FOUND, "ap_nope").await;
    assert_eq!(e.sb.stats().creates_accepted, 0);
    e.sb.shutdown().await;
}

#[tokio::test]
async fn auth_and_not_found() {
    let e = env(100.0, 8).await;
    let r = e.http.get(e.url("/agents")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let v: Value = r.json().await.unwrap();
    assert!(v["request_id"].is_string());
    let r = e
        .http
        .get(e.url("/agents"))
        .header("X-API-Key", "sk_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = e
        .http
        .get(e.url("/agents"))
        .header("Authorization", format!("Bearer {}", e.sb.api_key()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    for p in [
        "/agents/calls/batches/acb_missing",
        "/agents/calls/ac_missing",
        "/agents/calls/ac_missing/audio",
        "/agents/calls?batch_id=acb_missing",
    ] {
        let (s, v) = e.call("GET", p, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p}");
        assert_eq!(v["error_code"], "not_found");
    }
    for p in [
        "/agents/calls/batches/acb_missing/retry",
        "/agents/calls/batches/acb_missing/cancel",
    ] {
        let (s, _) = e.call("POST", p, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p}");
    }
    e.sb.shutdown().await;
}

#[tokio::test]
async fn concurrency_stays_within_batch_and_org_limits() {
    let e = env(3000.0, 6).await;
    let mut ids = vec![];
    for k in 0..3 {
        let nums = numbers(12, 4000 + k * 100);
        let refs: Vec<&str> = nums.iter().map(String::as_str).collect();
        ids.push(
            e.create(e.body(&refs, Some(3))).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let mut seen_busy = 0;
    loop {
        let mut org = 0;
        let mut finished = 0;
        for id in &ids {
            let b = e.batch(id).await;
            let live = b["recipients"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["status"] == "dispatched" || r["status"] == "started")
                .count();
            assert!(live <= 3, "batch above its limit: {live}");
            org += live;
            if b["total_calls_finished"] == b["total_calls_scheduled"] {
                finished += 1;
            }
        }
        assert!(org <= 6, "org above its limit: {org}");
        seen_busy = seen_busy.max(org);
        if finished == ids.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let st = e.sb.stats();
    assert!(
        st.max_in_flight_org <= 6 && st.max_in_flight_org >= 2,
        "{st:?}"
    );
    assert!(st.max_in_flight_batch <= 3);
    assert!(!st.batch_limit_exceeded);
    assert!(seen_busy >= 1);
    e.sb.shutdown().await;
}

#[tokio::test]
async fn waiting_batches_start_oldest_first() {
    // Org 5: the first batch leaves one slot free, which the third (limit 1) would fit into,
    // but it must wait behind the second.
    let e = env(3000.0, 5).await;
    let a = numbers(6, 5000);
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    let first = e.create(e.body(&refs, Some(4))).await;
    let second = e.create(e.body(&refs, Some(4))).await;
    let third = e.create(e.body(&refs, Some(1))).await;
    let ids: Vec<&str> = [&first, &second, &third]
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    let mut done = vec![];
    for id in &ids {
        done.push(e.until_finished(id).await);
    }
    let admitted: Vec<&str> = done
        .iter()
        .map(|b| b["admitted_at"].as_str().unwrap())
        .collect();
    assert!(
        admitted[0] <= admitted[1] && admitted[1] <= admitted[2],
        "{admitted:?}"
    );
    assert!(done.iter().all(|b| b["status"] == "completed"));
    e.sb.shutdown().await;
}

#[tokio::test]
async fn scheduled_batch_waits_for_its_time() {
    let e = env(300.0, 8).await;
    let probe = e.create(e.body(&["+14155559876"], None)).await;
    let now = chrono_like_add(probe["created_at"].as_str().unwrap(), 300);
    let mut b = e.body(&["+14155559877", "+14155559878"], None);
    b["scheduled_at"] = json!(now);
    let created = e.create(b).await;
    assert_eq!(created["status"], "pending");
    assert_eq!(created["scheduled_at"], json!(now));
    assert_eq!(created["total_calls_dispatched"], 0);
    let done = e.until_finished(created["id"].as_str().unwrap()).await;
    assert!(
        done["admitted_at"].as_str().unwrap() >= now.as_str(),
        "{done}"
    );
    e.sb.shutdown().await;
}

/// Adds seconds to an RFC 3339 UTC time the sandbox printed (format `YYYY-MM-DDTHH:MM:SSZ`).
fn chrono_like_add(t: &str, secs: i64) -> String {
    let hms: Vec<i64> = t[11..19].split(':').map(|x| x.parse().unwrap()).collect();
    let total = hms[0] * 3600 + hms[1] * 60 + hms[2] + secs;
    assert!(total < 86_400, "test ran across midnight; rerun");
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        &t[..10],
        total / 3600,
        total / 60 % 60,
        total % 60
    )
}

#[tokio::test]
async fn test_numbers_and_retry() {
    let e = env(3000.0, 8).await;
    let created = e
        .create(e.body(&["+14155550001", "+14155550002", "+14155550003"], None))
        .await;
    let id = created["id"].as_str().unwrap();
    let done = e.until_finished(id).await;
    assert_eq!(done["status"], "completed");
    let r = done["recipients"].as_array().unwrap();
    assert_eq!(
        (r[0]["status"].as_str(), r[0]["end_reason"].as_str()),
        (Some("failed"), Some("dial_busy"))
    );
    assert_eq!(r[1]["end_reason"], "dial_no_answer");
    assert!(r[0]["agent_call_id"].is_string());
    assert_eq!(r[2]["status"], "failed");
    assert!(r[2]["error_message"].is_string());
    assert!(r[2].get("agent_call_id").is_none());

    let (s, retried) = e
        .call("POST", &format!("/agents/calls/batches/{id}/retry"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(retried["retry_count"], 1);
    assert!(retried.get("recipients").is_none());
    let again = e.until_finished(id).await;
    assert_eq!(again["recipients"][0]["end_reason"], "dial_busy");
    let calls = e
        .get(&format!("/agents/calls?batch_id={id}&limit=100"))
        .await;
    // One entry per dialed attempt: two numbers dialed twice, the pre-dial failure never.
    assert_eq!(calls["data"].as_array().unwrap().len(), 4);
    e.sb.shutdown().await;
}

#[tokio::test]
async fn all_predial_failures_mark_the_batch_failed() {
    let e = env(3000.0, 8).await;
    let created = e
        .create(e.body(&["+14155550003", "+14155550003"], None))
        .await;
    let done = e.until_finished(created["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "failed");
    assert_eq!(done["total_calls_dispatched"], 2);
    e.sb.shutdown().await;
}

#[tokio::test]
async fn retry_touches_only_failed_recipients() {
    let e = env(3000.0, 8).await;
    let nums = numbers(30, 6000);
    let refs: Vec<&str> = nums.iter().map(String::as_str).collect();
    let id = e.create(e.body(&refs, Some(4))).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = e.until_finished(&id).await;
    let completed: Vec<Value> = before["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "completed")
        .cloned()
        .collect();
    assert!(!completed.is_empty());
    e.call("POST", &format!("/agents/calls/batches/{id}/retry"), None)
        .await;
    let after = e.until_finished(&id).await;
    for c in &completed {
        let same = after["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == c["id"])
            .unwrap();
        assert_eq!(same["agent_call_id"], c["agent_call_id"]);
    }
    e.sb.shutdown().await;
}

#[tokio::test]
async fn cancel_is_idempotent_and_blocks_retry() {
    let e = env(20.0, 8).await;
    let nums = numbers(40, 7000);
    let refs: Vec<&str> = nums.iter().map(String::as_str).collect();
    let id = e.create(e.body(&refs, Some(2))).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/agents/calls/batches/{id}/cancel");
    let (s, c1) = e.call("POST", &path, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(c1["status"], "cancelled");
    let (_, c2) = e.call("POST", &path, None).await;
    assert_eq!(c2["status"], "cancelled");
    let b = e.batch(&id).await;
    let cancelled = b["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "cancelled")
        .count();
    assert!(cancelled >= 38, "queued calls never dial: {cancelled}");
    let (s, v) = e
        .call("POST", &format!("/agents/calls/batches/{id}/retry"), None)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("cancelled"));
    e.sb.shutdown().await;
}

#[tokio::test]
async fn list_pages_newest_first() {
    let e = env(100.0, 8).await;
    let mut ids = vec![];
    for _ in 0..7 {
        ids.push(
            e.create(e.body(&["+14155559876"], Some(1))).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    ids.reverse();
    let p1 = e.get("/agents/calls/batches?limit=3").await;
    let got = |p: &Value| -> Vec<String> {
        p["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(got(&p1), ids[0..3]);
    assert_eq!(p1["has_more"], true);
    assert_eq!(p1["next_page"], json!(ids[2]));
    let p2 = e
        .get(&format!(
            "/agents/calls/batches?limit=3&starting_after={}",
            ids[2]
        ))
        .await;
    assert_eq!(got(&p2), ids[3..6]);
    let p3 = e
        .get(&format!(
            "/agents/calls/batches?limit=3&starting_after={}",
            ids[5]
        ))
        .await;
    assert_eq!(got(&p3), ids[6..7]);
    assert_eq!(p3["has_more"], false);
    assert!(p3["next_page"].is_null());
    let back = e
        .get(&format!(
            "/agents/calls/batches?limit=2&ending_before={}",
            ids[3]
        ))
        .await;
    assert_eq!(got(&back), ids[1..3]);
    assert_eq!(back["has_more"], true);
    for bad in ["0", "101", "x"] {
        let (s, _) = e
            .call("GET", &format!("/agents/calls/batches?limit={bad}"), None)
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
    }
    let other = e.get("/agents").await["summaries"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let none = e
        .get(&format!("/agents/calls/batches?agent_id={other}"))
        .await;
    assert!(none["data"].as_array().unwrap().is_empty());
    let mine = e
        .get(&format!(
            "/agents/calls/batches?agent_id={}&limit=100",
            e.agent
        ))
        .await;
    assert_eq!(mine["data"].as_array().unwrap().len(), 7);
    e.sb.shutdown().await;
}

#[tokio::test]
async fn connected_calls_have_times_transcript_and_audio() {
    let e = env(3000.0, 8).await;
    let nums = numbers(20, 8000);
    let refs: Vec<&str> = nums.iter().map(String::as_str).collect();
    let id = e.create(e.body(&refs, Some(4))).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let done = e.until_finished(&id).await;
    let rec = done["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "completed")
        .unwrap()
        .clone();
    let call = e
        .get(&format!(
            "/agents/calls/{}",
            rec["agent_call_id"].as_str().unwrap()
        ))
        .await;
    for f in [
        "id",
        "agent_id",
        "status",
        "agent_name",
        "start_time",
        "end_time",
        "transcript",
        "summary",
        "end_reason",
        "telephony_params",
        "metadata",
        "zdr_enabled",
    ] {
        assert!(call.get(f).is_some(), "{f} missing: {call}");
    }
    assert_eq!(call["status"], "completed");
    assert!(call["start_time"].as_str().unwrap() < call["end_time"].as_str().unwrap());
    assert!(call["transcript"].as_array().unwrap().len() >= 2);
    assert_eq!(call["telephony_params"]["to"], rec["to_number"]);
    let audio = e
        .http
        .get(e.url(&format!(
            "/agents/calls/{}/audio",
            call["id"].as_str().unwrap()
        )))
        .header("X-API-Key", e.sb.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(audio.headers()["content-type"], "audio/wav");
    let bytes = audio.bytes().await.unwrap();
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    assert!(bytes.len() > 1000);
    e.sb.shutdown().await;
}

#[tokio::test]
async fn fault_injection_produces_every_kind() {
    let sb = start(SandboxConfig {
        speed: 100.0,
        seed: 3,
        faults: 0.0,
        hang_secs: 5.0,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let http = Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let agents: Value = http
        .get(format!("{}/agents", sb.base_url()))
        .header("X-API-Key", sb.api_key())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let agent = agents["summaries"][0]["id"].clone();
    let number = agents["summaries"][0]["phone_numbers"][0]["id"].clone();
    sb.set_faults(1.0);
    let mut saw = BTreeSet::new();
    for _ in 0..80 {
        let body = json!({"name": "f", "agent_id": agent, "from_number_id": number,
            "recipients": [{"to_number": "+14155559876"}]});
        let res = http
            .post(format!("{}/agents/calls/batches", sb.base_url()))
            .header("X-API-Key", sb.api_key())
            .json(&body)
            .send()
            .await;
        match res {
            Ok(r) => {
                let status = r.status().as_u16();
                if status == 429 {
                    assert!(r.headers().get("retry-after").is_some());
                }
                match r.bytes().await {
                    Ok(_) => {
                        saw.insert(status.to_string());
                    }
                    Err(_) => {
                        saw.insert("dropped".to_string());
                    }
                }
            }
            Err(e) if e.is_timeout() => {
                saw.insert("timeout".to_string());
            }
            Err(_) => {
                saw.insert("dropped".to_string());
            }
        }
    }
    for kind in ["429", "500", "503", "timeout", "dropped"] {
        assert!(saw.contains(kind), "{kind} never seen: {saw:?}");
    }
    let st = sb.stats();
    assert!(st.faults_lost_create > 0, "{st:?}");
    // Lost creates still made their batch: that is what the client must reconcile.
    assert_eq!(st.creates_accepted, st.faults_lost_create);
    sb.set_faults(0.0);
    let list: Value = http
        .get(format!("{}/agents/calls/batches?limit=100", sb.base_url()))
        .header("X-API-Key", sb.api_key())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        list["data"].as_array().unwrap().len() as u64,
        st.creates_accepted
    );
    sb.shutdown().await;
}
