//! Two agents compared through a move: when the calling hours close on a campaign split between
//! two agents, the people not called yet are planned into the next morning, each with the agent
//! they had — the second agent's people in new parts of the second agent only.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::compare::Compare;
use campaign::plan::{plan, PlanInput, Start};
use campaign::schedule::HoursChoice;
use campaign::split::Split;
use campaign::{pause_for_hours, Launcher};
use cartesia::chrono::{DateTime, Utc};
use common::env;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_moved_at_night_keep_their_agent() {
    // Monday 19:10 in New York; the sandbox's day runs 300 times faster than life.
    let e = env(
        SandboxConfig {
            clock_start: Some(at("2026-12-08T00:10:00Z")),
            speed: 300.0,
            org_concurrency: 4,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let agents = e.client.list_agents().await.unwrap();
    let agent_b = agents[1].id.clone();
    let people = list(40);
    let now = e.sb.now();
    let p = plan(
        &PlanInput {
            recipients: &people,
            name: "Evening".into(),
            source: None,
            agent_id: e.agent.clone(),
            agent_name: None,
            from_number_id: e.number.clone(),
            from_number: None,
            concurrency: Some(2),
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
            compare: Some(Compare::new(Split {
                agent_b_id: agent_b.clone(),
                agent_b_name: None,
                share_b_percent: 50,
                seed: 4,
            })),
        },
        now,
    )
    .unwrap();
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

    let mut paused = None;
    for _ in 0..2_000 {
        let moved = pause_for_hours(&launcher, &e.client, &e.store, e.sb.now())
            .await
            .unwrap();
        if let Some((_, report)) = moved.into_iter().next() {
            paused = Some(report);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let report = paused.expect("the hours closed with calls waiting, and nothing was paused");
    assert!(report.moved > 0, "{report:?}");

    // The new parts: each one agent's, holding only that agent's people.
    let parts = e.store.parts(id).unwrap();
    let new: Vec<_> = parts.iter().skip(p.parts.len()).collect();
    assert!(!new.is_empty());
    let mut moved_per_agent: HashMap<String, usize> = HashMap::new();
    for part in new {
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
