//! The calling hours enforced while calls run, against the sandbox's simulated clock over
//! loopback: a part still dialing as the hours close is stopped, its people not called yet are
//! planned into the next morning, and when the night has passed everyone has been called once —
//! every call inside 9:00–20:00 in New York.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::compare::Compare;
use campaign::plan::{plan, Plan, PlanInput, Start};
use campaign::schedule::HoursChoice;
use campaign::split::Split;
use campaign::{pause_for_hours, CarryReason, CarryReport, Launcher, Tracker};
use cartesia::chrono::{DateTime, Duration as Span, Timelike, Utc};
use chrono_tz::America::New_York;
use common::{env, fast_tracking};
use sandbox::SandboxConfig;
use std::collections::HashMap;
use std::time::Duration;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn list(n: usize) -> Vec<recipients::Recipient> {
    let mut csv = String::from("Phone,Name\n");
    for i in 0..n {
        // Numbers ending 0002 ring until the ringing time is up: each call takes that long.
        csv.push_str(&format!("(212) {}-0002,P{i}\n", 201 + i));
    }
    recipients::import(
        csv.as_bytes(),
        "evening.csv",
        &recipients::ImportOptions::default(),
    )
    .unwrap()
    .recipients
}

/// Monday 19:10 in New York; the sandbox's day runs 300 times faster than life.
async fn evening() -> common::Env {
    env(
        SandboxConfig {
            clock_start: Some(at("2026-12-08T00:10:00Z")),
            speed: 300.0,
            org_concurrency: 4,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await
}

/// The person expects calls of one minute, ringing included, but these ring for 80 seconds:
/// the evening's parts still have calls waiting when their hours close.
fn evening_plan(
    e: &common::Env,
    people: &[recipients::Recipient],
    concurrency: u32,
    compare: Option<Compare>,
) -> Plan {
    plan(
        &PlanInput {
            recipients: people,
            name: "Evening".into(),
            source: None,
            agent_id: e.agent.clone(),
            agent_name: None,
            from_number_id: e.number.clone(),
            from_number: None,
            concurrency: Some(concurrency),
            ringing_timeout_seconds: Some(80),
            max_call_duration_minutes: Some(5),
            start: Start::Now,
            consent_acknowledged: true,
            concurrency_limit: Some(4),
            hours: HoursChoice::default(),
            location_columns: None,
            call_minutes: Some(1),
            finished_call_seconds: Vec::new(),
            rule_overrides: Vec::new(),
            consent: campaign::consent::ConsentCheck::default(),
            compare,
        },
        e.sb.now(),
    )
    .unwrap()
}

/// The app's watch: checks the hours as the clock runs, until a part is stopped.
async fn first_pause(launcher: &Launcher, e: &common::Env) -> CarryReport {
    for _ in 0..2_000 {
        let moved = pause_for_hours(launcher, &e.client, &e.store, e.sb.now())
            .await
            .unwrap();
        if let Some((_, report)) = moved.into_iter().next() {
            return report;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the hours closed with calls waiting, and nothing was paused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_dialing_as_the_hours_close_resumes_next_morning_and_calls_everyone_once() {
    let e = evening().await;
    let people = list(40);
    let p = evening_plan(&e, &people, 1, None);
    let tonight = p.ends_by[0];
    assert!(
        tonight <= at("2026-12-08T01:00:00Z"),
        "the first part ends by 20:00"
    );
    let id = e
        .store
        .create_campaign_with_hours(&p.setup, &p.parts, &p.planned_hours())
        .unwrap();
    let launcher = Launcher::new(e.store.clone());
    assert!(launcher
        .launch(&e.client, id, |_| {})
        .await
        .unwrap()
        .all_created());
    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast_tracking());

    let report = first_pause(&launcher, &e).await;
    assert!(report.moved > 0, "{report:?}");
    assert!(report.waiting.is_empty(), "{report:?}");
    let resumes = report.resumes_at.unwrap();
    assert_eq!(resumes.with_timezone(&New_York).hour(), 9, "{resumes}");
    assert!(resumes > tonight);

    // The campaign page says so.
    tracker.wake();
    let o = campaign::view::overview_at(&e.store, id, e.sb.now()).unwrap();
    let pause = o.paused.clone().expect("shown as paused");
    assert_eq!(pause.resumes_at, Some(resumes));
    assert!(
        o.status_line.starts_with("Paused for the night")
            && o.status_line.contains("at 9:00 their time"),
        "{}",
        o.status_line
    );
    let stopped = e
        .store
        .parts(id)
        .unwrap()
        .into_iter()
        .find(|p| p.carry_reason == Some(CarryReason::Hours))
        .unwrap();
    assert_eq!(stopped.carried_count, Some(report.moved));

    // A second check changes nothing: the move happened once.
    assert!(pause_for_hours(&launcher, &e.client, &e.store, e.sb.now())
        .await
        .unwrap()
        .is_empty());

    // Morning: everything runs to the end.
    e.sb.set_clock(resumes - Span::minutes(1));
    let mut calls = Vec::new();
    for _ in 0..3_000 {
        calls.clear();
        let batches: Vec<_> = e
            .client
            .list_all_batches(None)
            .await
            .unwrap()
            .into_iter()
            .filter(|b| b.name.starts_with("Evening"))
            .collect();
        for b in &batches {
            calls.extend(e.client.list_all_calls(&b.id, false).await.unwrap());
        }
        if batches.iter().all(|b| b.is_done()) && calls.len() >= 40 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut per_number: HashMap<String, u32> = HashMap::new();
    for c in &calls {
        let to = c
            .telephony_params
            .as_ref()
            .and_then(|t| t.to.clone())
            .unwrap_or_default();
        *per_number.entry(to).or_default() += 1;
        // Each rang out: it was dialed 80 seconds before it ended.
        let ended = c.end_time.unwrap().with_timezone(&New_York);
        let dialed = ended - Span::seconds(80);
        let day = ended.date_naive();
        let open = day.and_hms_opt(9, 0, 0).unwrap();
        let close = day.and_hms_opt(20, 0, 0).unwrap();
        assert!(
            dialed.naive_local() >= open && ended.naive_local() <= close,
            "a call rang from {dialed} to {ended} in New York"
        );
    }
    assert_eq!(per_number.len(), 40, "everyone called: {per_number:?}");
    assert!(
        per_number.values().all(|&n| n == 1),
        "someone called twice: {per_number:?}"
    );
    tracker.stop().await;
    e.sb.shutdown().await;
}

/// Two agents compared through the move: the people not called yet go to next morning's parts
/// of the agent they had — the second agent's people in parts of the second agent only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_moved_at_night_keep_their_agent() {
    let e = evening().await;
    let agents = e.client.list_agents().await.unwrap();
    let people = list(40);
    let split = Split {
        agent_b_id: agents[1].id.clone(),
        agent_b_name: None,
        share_b_percent: 50,
        seed: 4,
    };
    let p = evening_plan(&e, &people, 2, Some(Compare::new(split)));
    // Whose each number is, as first sent.
    let mut agent_of: HashMap<String, String> = HashMap::new();
    for part in &p.parts {
        for r in &part.recipients {
            agent_of.insert(r.to_number.clone(), part.agent_id.clone());
        }
    }
    let id = e
        .store
        .create_campaign_with_hours(&p.setup, &p.parts, &p.planned_hours())
        .unwrap();
    e.store
        .set_campaign_split(id, p.split.as_ref().unwrap())
        .unwrap();
    let launcher = Launcher::new(e.store.clone());
    assert!(launcher
        .launch(&e.client, id, |_| {})
        .await
        .unwrap()
        .all_created());
    let report = first_pause(&launcher, &e).await;
    assert!(report.moved > 0, "{report:?}");

    // The new parts: each one agent's, holding only that agent's people.
    let parts = e.store.parts(id).unwrap();
    let mut moved_per_agent: HashMap<String, usize> = HashMap::new();
    for part in parts.iter().skip(p.parts.len()) {
        let req = e.store.part_request(part.id).unwrap();
        for r in &req.recipients {
            assert_eq!(
                agent_of[&r.to_number], req.agent_id,
                "{} changed agent",
                r.to_number
            );
        }
        *moved_per_agent.entry(req.agent_id.clone()).or_default() += req.recipients.len();
    }
    assert_eq!(
        moved_per_agent.len(),
        2,
        "both agents had people waiting: {moved_per_agent:?}"
    );
    assert_eq!(
        moved_per_agent.values().sum::<usize>(),
        report.moved as usize
    );
}
