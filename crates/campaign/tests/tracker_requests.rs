//! What the tracker asks Cartesia for, counted at the server (through a relay in front of the
//! sandbox): a part is downloaded with its recipients only when its counts moved, a part that
//! hasn't started is never downloaded, and a finished part is not asked about again.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;
mod counting;

use campaign::{snapshot_of, Launcher, Tracker, TrackerEvent};
use cartesia::chrono::{Duration as Days, Utc};
use common::{client_for, env, fast_tracking, Env};
use counting::Relay;
use sandbox::SandboxConfig;
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::broadcast::Receiver;

/// Progress events until `parts` distinct parts said `until` (a hang guard, not a timing check).
async fn until(
    rx: &mut Receiver<TrackerEvent>,
    parts: usize,
    until: impl Fn(&TrackerEvent) -> bool,
) {
    let mut seen = HashSet::new();
    tokio::time::timeout(Duration::from_secs(120), async {
        while seen.len() < parts {
            let ev = rx.recv().await.unwrap();
            if let TrackerEvent::Progress { part_id, .. } = &ev {
                if until(&ev) {
                    seen.insert(*part_id);
                }
            }
        }
    })
    .await
    .expect("the parts never got there");
}

/// Launches the campaign, then follows it with a tracker whose requests go through a relay.
async fn launch_and_follow(e: &Env, id: i64) -> (Relay, Tracker) {
    let report = Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    assert!(report.all_created());
    let relay = Relay::start(&e.sb.base_url()).await;
    let client = client_for(&relay.base_url, e.sb.api_key(), Duration::from_secs(5));
    let tracker = Tracker::start(e.store.clone(), Some(client), fast_tracking());
    (relay, tracker)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_is_downloaded_only_when_its_counts_moved_and_never_once_finished() {
    // Two parts dial at a time (each takes half the org's four lines); the others wait.
    let e = env(
        SandboxConfig {
            seed: 11,
            speed: 300.0,
            org_concurrency: 4,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let id = e.campaign("Counted", 4, 120);
    let (relay, tracker) = launch_and_follow(&e, id).await;
    let mut rx = tracker.subscribe();
    until(&mut rx, 4, |ev| {
        matches!(ev, TrackerEvent::Progress { done: true, .. })
    })
    .await;

    let traffic = relay.traffic();
    assert!(traffic.batch_lists() > 0, "{traffic:?}");
    for part in e.store.parts(id).unwrap() {
        let batch_id = part.api_batch_id.as_deref().unwrap();
        let snaps = e.store.snapshots(part.id).unwrap();
        // Each download brought a change that was written; polls that saw the same counts on
        // the list downloaded nothing.
        let gets = traffic.gets_of(batch_id);
        assert!(gets >= 1, "part {} was never downloaded", part.part);
        assert!(
            gets <= snaps.len() as u64,
            "part {}: {gets} downloads for {} changes",
            part.part,
            snaps.len()
        );
        // And what the person sees at the end is exactly Cartesia's final count.
        let api = e.client.get_batch(batch_id).await.unwrap();
        let last = snaps.last().unwrap();
        assert!(
            last.same_progress(&snapshot_of(&api)),
            "{last:?} vs {api:?}"
        );
        assert_eq!(last.finished, 120);
    }
    let written: usize = e
        .store
        .parts(id)
        .unwrap()
        .iter()
        .map(|p| e.store.snapshots(p.id).unwrap().len())
        .sum();
    assert!(
        traffic.batch_gets() <= written as u64,
        "{} downloads for {written} changes",
        traffic.batch_gets()
    );

    // Finished parts are not asked about again, neither on the list nor one by one.
    tracker.wake();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = relay.traffic();
    assert_eq!(after.total(), traffic.total(), "{after:?}");
    tracker.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_that_has_not_started_is_never_downloaded() {
    let e = env(
        SandboxConfig {
            seed: 12,
            speed: 1.0,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let parts = (1..=3)
        .map(|k| {
            (0..60)
                .map(|i| {
                    common::recipient(
                        &format!("+1415{k:03}{:04}", 6000 + i),
                        serde_json::json!({}),
                    )
                })
                .collect()
        })
        .collect();
    let id = e.campaign_of("Later", parts, Some(Utc::now() + Days::days(2)), None);
    let (relay, tracker) = launch_and_follow(&e, id).await;
    let mut rx = tracker.subscribe();
    until(&mut rx, 3, |_| true).await;
    // Several more waiting intervals go by.
    tokio::time::sleep(Duration::from_millis(400)).await;
    tracker.stop().await;

    let traffic = relay.traffic();
    assert_eq!(traffic.batch_gets(), 0, "{traffic:?}");
    assert!(traffic.batch_lists() >= 2, "{traffic:?}");
    for part in e.store.parts(id).unwrap() {
        let snaps = e.store.snapshots(part.id).unwrap();
        assert_eq!(snaps.len(), 1, "part {}: {snaps:?}", part.part);
        // What the list said stands for what the download would have said: everyone waits.
        let api = e
            .client
            .get_batch(part.api_batch_id.as_deref().unwrap())
            .await
            .unwrap();
        assert!(
            snaps[0].same_progress(&snapshot_of(&api)),
            "{snaps:?} vs {api:?}"
        );
        assert_eq!(snaps[0].by_status.get("queued"), Some(&60));
    }
}
