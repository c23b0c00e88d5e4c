//! The tracker against the real sandbox: it follows a campaign to the end, its last snapshot of
//! each part is exactly Cartesia's final count, it writes nothing when nothing changed, every
//! subscriber hears the same thing, and a restart picks up where it left off.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::{snapshot_of, Launcher, Tracker, TrackerConfig, TrackerEvent};
use common::env;
use sandbox::SandboxConfig;
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::broadcast::Receiver;

fn fast() -> TrackerConfig {
    TrackerConfig {
        active_interval: Duration::from_millis(20),
        waiting_interval: Duration::from_millis(60),
        error_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(200),
        channel_capacity: 1024,
    }
}

/// The next event (with a guard against hanging forever, not a timing check).
async fn recv(rx: &mut Receiver<TrackerEvent>) -> TrackerEvent {
    tokio::time::timeout(Duration::from_secs(60), rx.recv())
        .await
        .expect("no event came")
        .unwrap()
}

/// Collects progress events until `parts` distinct parts reported done (a hang guard only).
async fn until_done(rx: &mut Receiver<TrackerEvent>, parts: usize) -> Vec<TrackerEvent> {
    let mut seen = Vec::new();
    let mut done = HashSet::new();
    tokio::time::timeout(Duration::from_secs(120), async {
        while done.len() < parts {
            let ev = rx.recv().await.unwrap();
            if let TrackerEvent::Progress {
                part_id,
                done: true,
                ..
            } = &ev
            {
                done.insert(*part_id);
            }
            seen.push(ev);
        }
    })
    .await
    .expect("the campaign never finished");
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_of_a_finished_campaign_end_at_the_final_counts() {
    let e = env(
        SandboxConfig {
            seed: 3,
            speed: 300.0,
            org_concurrency: 8,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let id = e.campaign("Tracked", 3, 40);
    let report = Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    assert!(report.all_created());

    // The app is closed (or killed) while the campaign is running…
    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast());
    let first = recv(&mut tracker.subscribe()).await;
    assert!(
        matches!(first, TrackerEvent::Progress { done: false, .. }),
        "{first:?}"
    );
    tracker.stop().await;

    // …and opened again, with two windows watching.
    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast());
    let mut rx = tracker.subscribe();
    let mut other = tracker.subscribe();
    let seen = until_done(&mut rx, 3).await;
    let mut seen_by_other = Vec::new();
    while let Ok(ev) = other.try_recv() {
        seen_by_other.push(ev);
    }
    assert!(!seen_by_other.is_empty());
    assert!(
        seen.ends_with(&seen_by_other),
        "the second window heard something else"
    );

    for part in e.store.parts(id).unwrap() {
        let api = e
            .client
            .get_batch(part.api_batch_id.as_deref().unwrap())
            .await
            .unwrap();
        assert!(api.is_done());
        let snaps = e.store.snapshots(part.id).unwrap();
        let last = snaps.last().unwrap();
        assert!(
            last.same_progress(&snapshot_of(&api)),
            "{last:?} vs {api:?}"
        );
        assert_eq!(last.finished, 40);
        assert_eq!(last.by_status.values().sum::<u32>(), 40);
        // Only changes are written, and the restart didn't repeat the last one.
        for w in snaps.windows(2) {
            assert!(
                !w[0].same_progress(&w[1]),
                "unchanged snapshot written: {w:?}"
            );
        }
        assert!(part.tracking_done || e.store.part(part.id).unwrap().tracking_done);
    }
    assert!(e.store.active_parts().unwrap().is_empty());
    let progress = e.store.campaign_progress(id).unwrap();
    assert_eq!((progress.scheduled, progress.finished), (120, 120));

    // A finished campaign is not polled again: no more events, however long we wait.
    tracker.wake();
    let quiet = tokio::time::timeout(Duration::from_millis(300), rx.recv()).await;
    assert!(quiet.is_err(), "a finished part was polled: {quiet:?}");
    tracker.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trouble_is_reported_once_and_tracking_goes_on() {
    let e = env(
        SandboxConfig {
            seed: 4,
            speed: 3000.0,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let id = e.campaign("Bumpy", 1, 10);
    Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    let wrong = common::client_for(&e.sb.base_url(), "sk_wrong", Duration::from_secs(5));
    let tracker = Tracker::start(e.store.clone(), Some(wrong), fast());
    let mut rx = tracker.subscribe();
    match recv(&mut rx).await {
        TrackerEvent::Trouble {
            key_refused,
            message,
            ..
        } => {
            assert!(key_refused);
            assert!(!message.contains("sk_"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // The key is fixed: tracking carries on to the end.
    tracker.set_client(Some(e.client.clone()));
    let events = until_done(&mut rx, 1).await;
    assert!(
        events
            .iter()
            .all(|e| matches!(e, TrackerEvent::Progress { .. })),
        "{events:?}"
    );
    tracker.stop().await;
}
