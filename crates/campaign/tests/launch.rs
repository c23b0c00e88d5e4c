//! Launching against the real sandbox: under injected faults every part ends up created exactly
//! once, a part left in doubt is found rather than sent again, and a failed part can be sent
//! again on its own.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::{LaunchState, Launcher, PartProgressState};
use common::{client_for, env};
use sandbox::SandboxConfig;
use std::collections::HashMap;
use std::time::Duration;

fn quiet() -> SandboxConfig {
    SandboxConfig {
        seed: 5,
        hang_secs: 0.3,
        ..SandboxConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn launches_under_faults_create_each_part_exactly_once() {
    let e = env(quiet(), Duration::from_millis(800)).await;
    let launcher = Launcher::new(e.store.clone());
    const N: u32 = 12;
    const PARTS: u32 = 3;
    e.sb.set_faults(0.2);
    let mut doubts = 0;
    for c in 0..N {
        let id = e.campaign(&format!("Fault run {c}"), PARTS, 5);
        let mut tries = 0;
        loop {
            let report = launcher
                .launch(&e.client, id, |p| {
                    if p.state == PartProgressState::Checking {
                        doubts += 1;
                    }
                })
                .await
                .unwrap();
            if report.all_created() {
                break;
            }
            tries += 1;
            assert!(tries < 30, "campaign {c} never fully created: {report:?}");
        }
    }
    let stats = e.sb.stats();
    let injected = stats.faults_429
        + stats.faults_500
        + stats.faults_503
        + stats.faults_hang
        + stats.faults_drop
        + stats.faults_lost_create;
    println!(
        "faults injected: {injected} ({} lost creates), parts checked after doubt: {doubts}",
        stats.faults_lost_create
    );
    assert!(injected > 0, "the run saw no faults, so it proves nothing");
    assert!(
        stats.faults_lost_create > 0,
        "no create lost its answer: {stats:?}"
    );

    let batches = e.all_batches().await;
    assert_eq!(batches.len(), (N * PARTS) as usize, "{batches:#?}");
    let mut names = HashMap::new();
    for b in &batches {
        *names.entry(b.name.clone()).or_insert(0) += 1;
    }
    assert!(
        names.values().all(|&n| n == 1),
        "a part was made twice: {names:?}"
    );
    assert_eq!(stats.creates_accepted, u64::from(N * PARTS));
    // And the store knows each of them under the right part.
    for c in e.store.campaigns().unwrap() {
        for p in e.store.parts(c.id).unwrap() {
            let id = p.api_batch_id.unwrap();
            let b = batches.iter().find(|b| b.id == id).unwrap();
            assert_eq!(b.name, p.name);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_in_doubt_is_found_not_sent_again() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let launcher = Launcher::new(e.store.clone());
    let id = e.campaign("Crashed", 3, 4);
    let parts = e.store.parts(id).unwrap();
    // As if the app died right after sending part 1 (and before learning its id), and right
    // before sending part 2 (intent written, nothing sent).
    e.store
        .mark_sending(parts[0].id, chrono::Utc::now())
        .unwrap();
    let sent = e
        .client
        .create_batch(&e.store.part_request(parts[0].id).unwrap())
        .await
        .unwrap();
    e.store
        .mark_sending(parts[1].id, chrono::Utc::now())
        .unwrap();

    let mut steps = Vec::new();
    let reports = launcher
        .resume_incomplete(&e.client, |p| steps.push((p.part, p.state)))
        .await
        .unwrap();
    assert_eq!(reports.len(), 1);
    assert!(reports[0].all_created(), "{reports:?}");
    use PartProgressState::*;
    assert_eq!(
        steps,
        [
            (1, Checking),
            (1, Created),
            (2, Checking),
            (2, Sending),
            (2, Created),
            (3, Sending),
            (3, Created)
        ]
    );
    let parts = e.store.parts(id).unwrap();
    assert_eq!(parts[0].api_batch_id.as_deref(), Some(sent.id.as_str()));
    assert_eq!(e.all_batches().await.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_part_is_sent_again_alone() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let launcher = Launcher::new(e.store.clone());
    let id = e.campaign("Retry me", 3, 4);
    let parts = e.store.parts(id).unwrap();

    launcher
        .launch_part(&e.client, parts[0].id, |_| {})
        .await
        .unwrap();
    // The key is refused for part 2: it fails, and part 3 is not attempted with a refused key.
    let wrong = client_for(&e.sb.base_url(), "sk_wrong", Duration::from_secs(5));
    let report = launcher.launch(&wrong, id, |_| {}).await.unwrap();
    assert_eq!(report.created, 1);
    let states: Vec<_> = e.store.parts(id).unwrap().iter().map(|p| p.state).collect();
    assert_eq!(
        states,
        [
            LaunchState::Created,
            LaunchState::Failed,
            LaunchState::Planned
        ]
    );
    assert!(
        report.problems[0].message.contains("key"),
        "{:?}",
        report.problems
    );

    let report = launcher
        .launch_part(&e.client, parts[1].id, |_| {})
        .await
        .unwrap();
    assert_eq!(report.created, 2);
    assert_eq!(
        e.store.part(parts[2].id).unwrap().state,
        LaunchState::Planned
    );
    let report = launcher.launch(&e.client, id, |_| {}).await.unwrap();
    assert!(report.all_created());

    let first = e.store.part(parts[0].id).unwrap().api_batch_id;
    assert_eq!(first, e.store.parts(id).unwrap()[0].api_batch_id);
    assert_eq!(e.all_batches().await.len(), 3);
    // Launching a finished campaign again sends nothing.
    let mut steps = 0;
    launcher
        .launch(&e.client, id, |_| steps += 1)
        .await
        .unwrap();
    assert_eq!(steps, 0);
    assert_eq!(e.all_batches().await.len(), 3);
    let log = e.store.audit_log(10).unwrap();
    assert!(log.iter().any(|a| a.kind == "launched"));
}
