//! The app's clock ([`Clock::install`]) against the sandbox's simulated clock: what the tracker
//! saw is dated by it, and a page's status ("Scheduled" or not) is decided by it — not by this
//! computer's clock. Its own test binary: the app's clock is one per process.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::{CampaignStatus, Clock, Launcher, NewCampaign, Snapshot, Tracker, TrackerEvent};
use cartesia::chrono::{DateTime, Duration, Utc};
use cartesia::{CreateBatchRequest, NewRecipient};
use common::{env, fast_tracking};
use sandbox::SandboxConfig;
use tokio::sync::broadcast::Receiver;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The next progress snapshot that `wanted` accepts (with a guard against hanging forever).
async fn snapshot_where(
    rx: &mut Receiver<TrackerEvent>,
    wanted: impl Fn(&Snapshot) -> bool,
) -> Snapshot {
    tokio::time::timeout(std::time::Duration::from_secs(60), async {
        loop {
            if let TrackerEvent::Progress { snapshot, .. } = rx.recv().await.unwrap() {
                if wanted(&snapshot) {
                    return snapshot;
                }
            }
        }
    })
    .await
    .expect("the tracker never saw it")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_clock_dates_what_the_tracker_sees_and_decides_whether_a_part_has_started() {
    // Far from this computer's date, whatever it is.
    let practice = at("2031-01-15T10:00:00Z");
    let e = env(
        SandboxConfig {
            seed: 5,
            speed: 1.0,
            clock_start: Some(practice),
            ..SandboxConfig::default()
        },
        std::time::Duration::from_secs(5),
    )
    .await;
    // As the app does with BATCHLINE_TEST_CLOCK=server.
    Clock::following(&e.client).install();

    let starts = practice + Duration::hours(2);
    let mut request = CreateBatchRequest::new(
        "Clocked (part 1 of 1)",
        &e.agent,
        &e.number,
        (0..3)
            .map(|i| NewRecipient {
                to_number: format!("+1415555{:04}", 7000 + i),
                metadata: None,
            })
            .collect(),
    );
    request.scheduled_at = Some(starts);
    let id = e
        .store
        .create_campaign(
            &NewCampaign {
                name: "Clocked".into(),
                agent_id: e.agent.clone(),
                from_number_id: e.number.clone(),
                scheduled_at: Some(starts),
                ..NewCampaign::default()
            },
            &[request],
        )
        .unwrap();
    let report = Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    assert!(report.all_created(), "{report:?}");

    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast_tracking());
    let waiting = snapshot_where(&mut tracker.subscribe(), |s| s.status == "pending").await;
    assert!(
        (waiting.at - practice).abs() < Duration::minutes(5),
        "dated by the practice clock: {}",
        waiting.at
    );
    assert_eq!(
        campaign::overview(&e.store, id).unwrap().status,
        CampaignStatus::Scheduled
    );
    tracker.stop().await;

    // The practice clock passes the start; the app hears it with the next answer. Before the
    // tracker has seen any dialing, the page no longer says "Scheduled": by this computer's
    // clock the start would still be years away.
    e.sb.set_clock(starts + Duration::minutes(1));
    e.client.list_agents().await.unwrap();
    let overview = campaign::overview(&e.store, id).unwrap();
    assert_eq!(overview.status, CampaignStatus::WaitingForCapacity);
    assert!(
        !overview.status_line.starts_with("Scheduled"),
        "{}",
        overview.status_line
    );

    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast_tracking());
    let dialing = snapshot_where(&mut tracker.subscribe(), |s| s.dispatched > 0).await;
    assert!(
        dialing.at >= starts,
        "dated by the practice clock: {}",
        dialing.at
    );
    assert!(
        dialing.at - starts < Duration::minutes(10),
        "{}",
        dialing.at
    );
    tracker.stop().await;
    e.sb.shutdown().await;
}
