//! Steering campaigns against the real sandbox: retry calls again exactly the people not
//! reached, cancel stops the queue while calls under way finish, and when Cartesia refuses or
//! can't be reached each part's outcome is told, never a half-report.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::{
    cancel, retry_failed, retry_preview, AuditKind, CampaignStatus, Launcher, PartResult, Tracker,
};
use cartesia::chrono::{Duration as Span, Utc};
use cartesia::{NewRecipient, RecipientStatus};
use common::{client_for, env, fast_tracking, is, recipient, watch_until};
use sandbox::SandboxConfig;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

fn plain(prefix: &str, n: u32) -> Vec<NewRecipient> {
    (0..n)
        .map(|i| recipient(&format!("{prefix}{:04}", 100 + i), json!({"row": i})))
        .collect()
}

fn audits(store: &campaign::Store, kind: AuditKind) -> usize {
    store
        .audit_log(100)
        .unwrap()
        .iter()
        .filter(|a| a.kind == kind.as_str())
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_calls_again_exactly_the_people_not_reached() {
    let e = env(
        SandboxConfig {
            seed: 21,
            speed: 1000.0,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let mut list = plain("+1415555", 20);
    for n in [
        "+14155550001",
        "+14155550002",
        "+14155560001",
        "+14155550003",
    ] {
        list.push(recipient(n, json!({"row": n})));
    }
    let id = e.campaign_of("Retry me", vec![list], None, None);
    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast_tracking());
    Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    tracker.wake();
    watch_until(&e.store, id, 20, is(CampaignStatus::Done)).await;

    let batch_id = e.store.parts(id).unwrap()[0].api_batch_id.clone().unwrap();
    let before = e.client.get_batch(&batch_id).await.unwrap();
    let before_by_id: HashMap<String, _> = before
        .recipients
        .clone()
        .unwrap()
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let failed: HashSet<&String> = before_by_id
        .iter()
        .filter(|(_, r)| r.status == RecipientStatus::Failed)
        .map(|(id, _)| id)
        .collect();
    // The fixed test numbers are among them, whatever else the dialer drew.
    for n in ["0001", "0002", "0003"] {
        assert!(
            before_by_id
                .values()
                .any(|r| r.to_number.ends_with(n) && failed.contains(&r.id)),
            "{n} didn't fail"
        );
    }
    let calls_before: HashSet<String> = e
        .client
        .list_all_calls(&batch_id, false)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();

    let preview = retry_preview(&e.store, id).unwrap();
    assert_eq!(preview.recipients_to_redial as usize, failed.len());
    assert_eq!((preview.retry_count, preview.disabled_reason), (0, None));

    let outcome = retry_failed(&e.client, &Launcher::new(e.store.clone()), id, Utc::now())
        .await
        .unwrap();
    assert_eq!(outcome.requeued as usize, failed.len(), "{outcome:?}");
    assert_eq!(outcome.retry_count, 1);
    assert!(outcome.problems.is_empty() && !outcome.key_refused);
    assert_eq!(outcome.parts[0].result, PartResult::Done);
    assert!(
        outcome.message.contains("will be called again (retry 1)"),
        "{}",
        outcome.message
    );
    assert_eq!(audits(&e.store, AuditKind::Retried), 1);
    // The part is followed again, to the end of the new attempts.
    assert!(!e.store.parts(id).unwrap()[0].tracking_done);
    tracker.wake();
    let end = watch_until(&e.store, id, 20, |o| {
        o.status == CampaignStatus::Done && o.retry_count == 1
    })
    .await;
    tracker.stop().await;
    assert_eq!(end.last().unwrap().progress.finished, 24);

    let after = e.client.get_batch(&batch_id).await.unwrap();
    assert_eq!(after.retry_count, 1);
    let mut new_attempts = HashSet::new();
    for r in after.recipients.unwrap() {
        let old = &before_by_id[&r.id];
        if failed.contains(&r.id) {
            // Dialed again: a new call (or, failing before dialing again, none).
            if let Some(call) = &r.agent_call_id {
                assert_ne!(Some(call), old.agent_call_id.as_ref(), "{}", r.to_number);
                new_attempts.insert(call.clone());
            }
            if r.to_number.ends_with("0001") || r.to_number.ends_with("0002") {
                assert_eq!(r.status, RecipientStatus::Failed);
                assert!(r.agent_call_id.is_some());
            }
        } else {
            // Reached the first time: untouched.
            assert_eq!(r.status, old.status, "{}", r.to_number);
            assert_eq!(r.agent_call_id, old.agent_call_id, "{}", r.to_number);
        }
    }
    let calls_after: HashSet<String> = e
        .client
        .list_all_calls(&batch_id, false)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let dialed_again: HashSet<String> = calls_after.difference(&calls_before).cloned().collect();
    assert_eq!(
        dialed_again, new_attempts,
        "calls placed for someone not retried"
    );
    assert!(dialed_again.len() >= 3, "{dialed_again:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_the_queue_while_calls_under_way_finish() {
    let e = env(
        SandboxConfig {
            seed: 22,
            speed: 40.0,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let id = e.campaign_of("Stop me", vec![plain("+1617555", 40)], None, Some(3));
    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast_tracking());
    Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    tracker.wake();
    let batch_id = e.store.parts(id).unwrap()[0].api_batch_id.clone().unwrap();
    // Cancel once a few calls are under way.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let b = e.client.get_batch(&batch_id).await.unwrap();
        if b.total_calls_dispatched >= 3 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never started dialing"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let outcome = cancel(&e.client, &e.store, id).await.unwrap();
    let dispatched_at_cancel = e.sb.stats().calls_dispatched;
    assert_eq!(outcome.parts[0].result, PartResult::Done, "{outcome:?}");
    assert!(outcome.stopped >= 30, "{outcome:?}");
    assert!(
        outcome.still_running >= 1,
        "no call was under way: {outcome:?}"
    );
    assert!(outcome.problems.is_empty());
    // Only what was done: the calls under way are the status line's, which follows them, so
    // the message can't go stale when they end.
    assert_eq!(
        outcome.message,
        format!(
            "Cancelled: {} won't be called.",
            campaign::view::plural(outcome.stopped, "recipient", "recipients")
        )
    );

    let seen = watch_until(&e.store, id, 20, |o| {
        o.status == CampaignStatus::Cancelled && o.progress.in_flight == 0
    })
    .await;
    tracker.stop().await;
    let last = seen.last().unwrap();
    assert_eq!(last.progress.cancelled, outcome.stopped);
    assert!(
        last.status_line.starts_with("Cancelled: ") && !last.status_line.contains("under way"),
        "{}",
        last.status_line
    );

    let b = e.client.get_batch(&batch_id).await.unwrap();
    assert_eq!(b.status.as_str(), "cancelled");
    assert_eq!(b.total_calls_finished, b.total_calls_dispatched);
    assert_eq!(
        b.total_calls_scheduled - b.total_calls_dispatched,
        outcome.stopped
    );
    // No call was placed after the cancel.
    assert_eq!(e.sb.stats().calls_dispatched, dispatched_at_cancel);
    let recipients = b.recipients.unwrap();
    let cancelled: Vec<_> = recipients
        .iter()
        .filter(|r| r.status == RecipientStatus::Cancelled)
        .collect();
    assert_eq!(cancelled.len() as u32, outcome.stopped);
    assert!(cancelled
        .iter()
        .all(|r| r.agent_call_id.is_none()
            && r.end_reason.as_ref().unwrap().as_str() == "api_cancelled"));
    assert!(recipients
        .iter()
        .filter(|r| r.status != RecipientStatus::Cancelled)
        .all(|r| r.status.is_final()));

    // Cancelling again changes nothing; a cancelled campaign can't be retried.
    let again = cancel(&e.client, &e.store, id).await.unwrap();
    assert_eq!(again.parts[0].result, PartResult::Skipped);
    assert!(
        again.message.starts_with("Nothing to cancel"),
        "{}",
        again.message
    );
    assert_eq!(audits(&e.store, AuditKind::Cancelled), 1);
    let preview = retry_preview(&e.store, id).unwrap();
    assert!(preview.disabled_reason.unwrap().contains("cancelled"));
    let retried = retry_failed(&e.client, &Launcher::new(e.store.clone()), id, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (retried.requeued, retried.parts[0].result),
        (0, PartResult::Skipped)
    );
    assert_eq!(audits(&e.store, AuditKind::Retried), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_part_is_accounted_for_when_cartesia_refuses_or_is_unreachable() {
    let e = env(
        SandboxConfig {
            seed: 23,
            hang_secs: 0.2,
            ..SandboxConfig::default()
        },
        Duration::from_secs(2),
    )
    .await;
    // Two parts scheduled for later: part 1 is made, part 2 names a batch Cartesia doesn't have.
    let later = Utc::now() + Span::hours(2);
    let id = e.campaign_of(
        "Half there",
        vec![plain("+1415555", 3), plain("+1415556", 3)],
        Some(later),
        None,
    );
    let parts = e.store.parts(id).unwrap();
    Launcher::new(e.store.clone())
        .launch_part(&e.client, parts[0].id, |_| {})
        .await
        .unwrap();
    e.store.mark_sending(parts[1].id, Utc::now()).unwrap();
    e.store
        .mark_created(parts[1].id, "acb_not_in_this_account")
        .unwrap();
    let o = campaign::overview(&e.store, id).unwrap();
    assert_eq!(o.status, CampaignStatus::Scheduled);
    assert!(
        o.status_line.starts_with("Scheduled: calling starts "),
        "{}",
        o.status_line
    );
    assert_eq!(
        o.scheduled_at.map(|t| t.timestamp_millis()),
        Some(later.timestamp_millis())
    );

    // Every request answered with a fault: nothing is reported as done.
    e.sb.set_faults(1.0);
    let stormy = cancel(&e.client, &e.store, id).await.unwrap();
    e.sb.set_faults(0.0);
    assert!(
        stormy.parts.iter().all(|p| p.result != PartResult::Done),
        "{stormy:?}"
    );
    assert_eq!(stormy.stopped, 0);
    // Each part's trouble is told once: listed, not repeated in the sentence above the list.
    assert_eq!(
        stormy.message,
        "Nothing was cancelled. What went wrong with each part is listed below."
    );
    assert_eq!(stormy.problems.len(), 2, "{:?}", stormy.problems);
    assert!(stormy.problems[0].starts_with("Part 1 of 2: "));
    assert!(stormy.problems[1].starts_with("Part 2 of 2: "));
    assert_eq!(audits(&e.store, AuditKind::Cancelled), 0);

    // A wrong key: said so, for the app to send the person to Settings.
    let wrong = client_for(&e.sb.base_url(), "sk_wrong", Duration::from_secs(2));
    let refused = cancel(&wrong, &e.store, id).await.unwrap();
    assert!(refused.key_refused);
    assert_eq!(refused.parts[0].result, PartResult::Failed);
    assert_eq!(refused.parts[1].result, PartResult::NotTried);
    assert!(
        refused.problems[0].contains("API key"),
        "{:?}",
        refused.problems
    );

    // One part cancelled, the other refused by Cartesia: both told.
    let mixed = cancel(&e.client, &e.store, id).await.unwrap();
    assert_eq!(mixed.parts[0].result, PartResult::Done, "{mixed:?}");
    assert_eq!(mixed.parts[0].recipients, 3);
    assert_eq!(mixed.parts[1].result, PartResult::Failed);
    assert_eq!(mixed.stopped, 3);
    assert_eq!(mixed.problems.len(), 1);
    assert!(
        mixed.problems[0].starts_with("Part 2 of 2: ")
            && mixed.problems[0].contains("acb_not_in_this_account"),
        "{:?}",
        mixed.problems
    );
    assert!(
        mixed.message.contains("1 of 2 parts were cancelled"),
        "{}",
        mixed.message
    );
    assert_eq!(audits(&e.store, AuditKind::Cancelled), 1);

    // Cartesia gone: retry says so for the first part and doesn't wait it out for the next.
    // (A campaign in one part, for below: Cartesia has it.)
    let single = e.campaign_of("Alone", vec![plain("+1415557", 2)], Some(later), None);
    let only = e.store.parts(single).unwrap()[0].id;
    e.store.mark_sending(only, Utc::now()).unwrap();
    e.store.mark_created(only, "acb_alone").unwrap();
    e.sb.shutdown().await;
    let offline = retry_failed(&e.client, &Launcher::new(e.store.clone()), id, Utc::now())
        .await
        .unwrap();
    assert_eq!(offline.requeued, 0);
    assert_eq!(offline.parts[0].result, PartResult::Failed);
    assert_eq!(offline.parts[1].result, PartResult::NotTried);
    assert_eq!(
        offline.message,
        "Nothing was retried. What went wrong with each part is listed below."
    );
    assert!(
        offline.problems[0].starts_with("Part 1 of 2: ")
            && offline.problems[0].contains("can't reach Cartesia"),
        "{:?}",
        offline.problems
    );

    // A campaign in one part: its trouble is said once, in the sentence, and it is "the
    // campaign", never "part 1 of 1".
    let alone = cancel(&e.client, &e.store, single).await.unwrap();
    assert_eq!(alone.parts[0].result, PartResult::Failed, "{alone:?}");
    assert!(alone.problems.is_empty(), "{:?}", alone.problems);
    assert!(
        alone.message.starts_with("Nothing was cancelled. ")
            && alone.message.contains("can't reach Cartesia")
            && alone
                .message
                .ends_with("The campaign may still be calling: try cancelling again."),
        "{}",
        alone.message
    );
    assert!(!alone.message.contains("1 of 1"), "{}", alone.message);
}
