//! The sandbox's dialer as the client sees it: concurrency limits of a part and of the account,
//! waiting parts started oldest first, scheduled parts, and retry and cancel.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use cartesia::{BatchStatus, EndReason, NewRecipient, RecipientStatus};
use chrono::{DateTime, Duration as Span, Utc};
use common::{env, recipients};
use std::time::Duration;

#[tokio::test]
async fn concurrency_never_exceeds_batch_or_org_limit() {
    let e = env(3000.0, 6).await;
    let mut ids = vec![];
    for k in 0..3 {
        let b = e
            .create(&e.request(
                &format!("Part {k}"),
                recipients(12, 4000 + k * 100),
                Some(3),
            ))
            .await;
        ids.push(b.id);
    }
    let mut peak = 0;
    let mut samples = 0;
    loop {
        let mut org = 0;
        let mut finished = 0;
        for id in &ids {
            let b = e.client.get_batch(id).await.unwrap();
            let live = b
                .recipients
                .as_ref()
                .unwrap()
                .iter()
                .filter(|r| {
                    matches!(
                        r.status,
                        RecipientStatus::Dispatched | RecipientStatus::Started
                    )
                })
                .count();
            assert!(
                live <= 3,
                "a part ran {live} calls at once, above its limit of 3"
            );
            org += live;
            if b.total_calls_finished == b.total_calls_scheduled {
                finished += 1;
            }
        }
        // The three reads are moments apart, and at 3,000× a moment is seconds of calls: their
        // sum is no reading of the account at one instant. The server's own peak (below) is.
        peak = peak.max(org);
        samples += 1;
        if finished == ids.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let stats = e.sb.stats();
    assert!(
        stats.max_in_flight_org <= 6 && !stats.batch_limit_exceeded,
        "{stats:?}"
    );
    println!("sampled {samples} times, peak {peak} calls at once");
    e.sb.shutdown().await;
}

#[tokio::test]
async fn waiting_parts_start_oldest_first() {
    // Org 5: the first part leaves one slot free, which the third (limit 1) would fit into,
    // but it must wait behind the second.
    let e = env(3000.0, 5).await;
    let first = e
        .create(&e.request("First", recipients(6, 5000), Some(4)))
        .await;
    let second = e
        .create(&e.request("Second", recipients(6, 5100), Some(4)))
        .await;
    let third = e
        .create(&e.request("Third", recipients(6, 5200), Some(1)))
        .await;
    let mut admitted = vec![];
    for b in [&first, &second, &third] {
        let done = e.until_finished(&b.id).await;
        admitted.push(done.admitted_at.unwrap());
    }
    assert!(
        admitted[0] <= admitted[1] && admitted[1] <= admitted[2],
        "{admitted:?}"
    );
    e.sb.shutdown().await;
}

#[tokio::test]
async fn a_scheduled_part_waits_for_its_time() {
    let e = env(300.0, 8).await;
    let probe = e
        .create(&e.request("Probe", recipients(1, 6000), None))
        .await;
    // The sandbox's clock runs fast; its own timestamps say what "now" is there.
    let at: DateTime<Utc> = probe.created_at.unwrap() + Span::seconds(300);
    let mut req = e.request("Later", recipients(2, 6100), None);
    req.scheduled_at = Some(at);
    let created = e.create(&req).await;
    assert_eq!(created.status, BatchStatus::Pending);
    assert_eq!(created.scheduled_at, Some(at));
    assert_eq!(created.total_calls_dispatched, 0);
    let done = e.until_finished(&created.id).await;
    assert!(
        done.admitted_at.unwrap() >= at,
        "{:?} < {at}",
        done.admitted_at
    );
    e.sb.shutdown().await;
}

#[tokio::test]
async fn retry_requeues_failed_calls_and_cancel_stops_the_rest() {
    let e = env(3000.0, 8).await;
    // 0001 busy, 0002 no answer, 0003 fails before dialing; 0010 is drawn from the seed.
    let list: Vec<NewRecipient> = ["+14155550001", "+14155550002", "+14155550003"]
        .iter()
        .map(|n| NewRecipient {
            to_number: n.to_string(),
            metadata: None,
        })
        .collect();
    let b = e.create(&e.request("Retry me", list, Some(2))).await;
    let done = e.until_finished(&b.id).await;
    let rs = done.recipients.unwrap();
    assert!(rs.iter().all(|r| r.status == RecipientStatus::Failed));
    assert_eq!(rs[0].end_reason, Some(EndReason::DialBusy));
    assert_eq!(rs[1].end_reason, Some(EndReason::DialNoAnswer));
    assert!(rs[2].agent_call_id.is_none() && rs[2].error_message.is_some());

    let retried = e.client.retry_batch(&b.id).await.unwrap();
    assert_eq!(retried.retry_count, 1);
    let again = e.until_finished(&b.id).await;
    assert_eq!(again.retry_count, 1);
    let calls = e.client.list_all_calls(&b.id, false).await.unwrap();
    assert!(
        calls.len() >= 4,
        "two dialed recipients, twice each: {}",
        calls.len()
    );

    let long = e
        .create(&e.request("Long", recipients(40, 7000), Some(1)))
        .await;
    let cancelled = e.client.cancel_batch(&long.id).await.unwrap();
    assert_eq!(cancelled.status, BatchStatus::Cancelled);
    let twice = e.client.cancel_batch(&long.id).await.unwrap();
    assert_eq!(twice.status, BatchStatus::Cancelled, "cancel is idempotent");
    let after = e.client.get_batch(&long.id).await.unwrap();
    assert!(after.total_calls_dispatched < 40);
    assert!(after
        .recipients
        .unwrap()
        .iter()
        .any(|r| r.status == RecipientStatus::Cancelled));
    let err = e.client.retry_batch(&long.id).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(
        err.to_string().contains("cancelled parts can't be retried"),
        "{err}"
    );
    e.sb.shutdown().await;
}
