//! The do-not-call list enforced after a campaign exists, against the real sandbox over HTTP: a
//! number listed later is left out of a part's request before it is first sent, out of a retry
//! (a new part instead of Cartesia's retry), and out of a part already scheduled in Cartesia
//! (moved without it) — checked on what the sandbox received and dialed.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::dnc_enforce::{dont_call_again, opt_outs, take_out_waiting, DncWatch};
use campaign::{
    retry_failed, AuditKind, CampaignStatus, DncSource, LaunchState, Launcher, NewDncEntry,
    PartResult, Tracker,
};
use cartesia::chrono::{Duration as Span, Utc};
use cartesia::{NewRecipient, RecipientStatus};
use common::{env, fast_tracking, is, recipient, watch_until};
use sandbox::SandboxConfig;
use serde_json::json;
use std::time::Duration;

/// The sandbox with this seed and clock speed, and a fresh store.
async fn sandbox(seed: u64, speed: f64) -> common::Env {
    let cfg = SandboxConfig {
        seed,
        speed,
        ..SandboxConfig::default()
    };
    env(cfg, Duration::from_secs(5)).await
}

fn people(numbers: &[&str]) -> Vec<NewRecipient> {
    numbers
        .iter()
        .map(|n| recipient(n, json!({"name": format!("Person {n}")})))
        .collect()
}

fn list(store: &campaign::Store, numbers: &[&str]) {
    let entries: Vec<_> = numbers
        .iter()
        .map(|n| NewDncEntry {
            number: n,
            reason: Some("asked on the phone"),
        })
        .collect();
    store
        .dnc_add(&entries, DncSource::Hand, None, None, Utc::now())
        .unwrap();
}

/// Every number the sandbox was asked to call, request by request.
fn received(sb: &sandbox::Sandbox) -> Vec<Vec<String>> {
    sb.created_requests()
        .iter()
        .map(|r| {
            r["recipients"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["to_number"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn audited(store: &campaign::Store, kind: AuditKind) -> Vec<String> {
    store
        .audit_log(100)
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == kind.as_str())
        .map(|a| a.detail.unwrap_or_default())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_listed_after_planning_is_not_in_the_request_the_server_receives() {
    let e = sandbox(3, 1000.0).await;
    let id = e.campaign_of(
        "Spring renewals",
        vec![
            people(&["+14155550110", "+14155550111", "+14155550112"]),
            people(&["+14155550113"]),
        ],
        None,
        None,
    );
    // Listed after the campaign was planned, before it launched.
    list(&e.store, &["+14155550111", "+14155550113"]);
    let report = Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();

    assert_eq!(
        received(&e.sb),
        [vec!["+14155550110".to_string(), "+14155550112".to_string()]],
        "only the first part went out, without the listed number"
    );
    let parts = e.store.parts(id).unwrap();
    assert_eq!(parts[0].state, LaunchState::Created);
    assert_eq!(parts[0].recipient_count, 2);
    // The stored request is the one sent, and still matches its hash.
    assert_eq!(
        e.store.part_request(parts[0].id).unwrap().recipients.len(),
        2
    );
    // A part of listed people only is not sent, and says so.
    assert_eq!(parts[1].state, LaunchState::Withdrawn);
    assert_eq!(report.created, 1);
    assert!(
        report.failures()[0].contains("on the do-not-call list, so it was not sent"),
        "{:?}",
        report.failures()
    );
    let left = audited(&e.store, AuditKind::DncLeftOut);
    assert!(
        left.iter()
            .any(|d| d.starts_with("1 person left out: on the do-not-call list (part 1 of 2)")),
        "{left:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_already_sent_is_never_rewritten() {
    let e = env(SandboxConfig::default(), Duration::from_secs(5)).await;
    let id = e.campaign_of(
        "Sent",
        vec![people(&["+14155550120", "+14155550121"])],
        None,
        None,
    );
    let part = e.store.parts(id).unwrap().remove(0);
    // An attempt began and its outcome is unknown: Cartesia may have it as it was sent.
    e.store.mark_sending(part.id, Utc::now()).unwrap();
    e.store.mark_unconfirmed(part.id, "lost").unwrap();
    list(&e.store, &["+14155550121"]);
    Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    assert_eq!(
        e.store.part_request(part.id).unwrap().recipients.len(),
        2,
        "the request of a part in doubt stays as it was sent"
    );
    assert!(audited(&e.store, AuditKind::DncLeftOut).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_with_a_listed_number_goes_out_as_a_new_part_without_it() {
    let e = sandbox(21, 1000.0).await;
    // Numbers ending 0001–0003 always fail on the sandbox.
    let id = e.campaign_of(
        "Spring renewals",
        vec![people(&[
            "+14155550001",
            "+14155550002",
            "+14155560003",
            "+14155550140",
        ])],
        None,
        None,
    );
    e.launch_until_done(id).await;
    list(&e.store, &["+14155550002"]);
    let launcher = Launcher::new(e.store.clone());
    let outcome = retry_failed(&e.client, &launcher, id, Utc::now())
        .await
        .unwrap();
    assert_eq!(outcome.parts[0].result, PartResult::Done, "{outcome:?}");
    assert!(
        outcome
            .message
            .contains("in a new part, without the 1 person on the do-not-call list"),
        "the person is told which way it went: {}",
        outcome.message
    );
    let sent = received(&e.sb);
    assert_eq!(
        sent.len(),
        2,
        "the campaign's part, then the retry's new part"
    );
    let mut retried = sent[1].clone();
    retried.sort();
    assert_eq!(retried, ["+14155550001", "+14155560003"]);
    // Cartesia's retry was not used (it would re-dial the listed number).
    let first = e.store.parts(id).unwrap()[0].api_batch_id.clone().unwrap();
    assert_eq!(e.client.get_batch(&first).await.unwrap().retry_count, 0);
    // Each person is one row of the campaign's table, as after Cartesia's own retry: those
    // called again in the new part, the listed one in the first.
    let table = campaign::recipients(&e.client, &e.store, id).await.unwrap();
    let mut rows: Vec<&str> = table.rows.iter().map(|r| r.to_number.as_str()).collect();
    rows.sort_unstable();
    assert_eq!(
        rows,
        [
            "+14155550001",
            "+14155550002",
            "+14155550140",
            "+14155560003"
        ]
    );
    // Followed to the end, the campaign still counts each of its 4 people once.
    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast_tracking());
    tracker.wake();
    let end = watch_until(&e.store, id, 20, |o| {
        o.status == CampaignStatus::Done && o.parts.len() == 2
    })
    .await;
    tracker.stop().await;
    let progress = end.last().unwrap().progress;
    assert_eq!((progress.total, progress.finished), (4, 4), "{progress:?}");
    // Asking again doesn't send those people a third time.
    let again = retry_failed(&e.client, &launcher, id, Utc::now())
        .await
        .unwrap();
    assert_eq!(received(&e.sb).len(), 2, "{again:?}");
    assert_eq!(again.parts[0].result, PartResult::Skipped);
    let retried_audit = audited(&e.store, AuditKind::Retried);
    assert!(
        retried_audit
            .iter()
            .any(|d| d.contains("not by Cartesia's retry: 1 person left out")),
        "{retried_audit:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_is_called_again_when_everyone_who_failed_is_listed() {
    let e = sandbox(5, 1000.0).await;
    let id = e.campaign_of(
        "Only one failed",
        vec![people(&["+14155550001", "+14155550150"])],
        None,
        None,
    );
    e.launch_until_done(id).await;
    let first = e.store.parts(id).unwrap()[0].api_batch_id.clone().unwrap();
    let failed: Vec<String> = e
        .client
        .get_batch(&first)
        .await
        .unwrap()
        .recipients
        .unwrap()
        .into_iter()
        .filter(|r| r.status == RecipientStatus::Failed)
        .map(|r| r.to_number)
        .collect();
    let failed: Vec<&str> = failed.iter().map(String::as_str).collect();
    list(&e.store, &failed);
    let outcome = retry_failed(&e.client, &Launcher::new(e.store.clone()), id, Utc::now())
        .await
        .unwrap();
    assert_eq!(outcome.parts[0].result, PartResult::Skipped);
    assert!(
        outcome.message.contains("on the do-not-call list"),
        "{}",
        outcome.message
    );
    assert_eq!(received(&e.sb).len(), 1, "no new part");
    assert_eq!(e.client.get_batch(&first).await.unwrap().retry_count, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_part_holding_a_number_listed_later_is_moved_and_that_number_never_dialed() {
    let e = sandbox(8, 1.0).await;
    let start = e.sb.now() + Span::hours(2);
    let numbers = ["+14155550160", "+14155550161", "+14155550162"];
    let id = e.campaign_of("Spring renewals", vec![people(&numbers)], Some(start), None);
    let launcher = Launcher::new(e.store.clone());
    launcher.launch(&e.client, id, |_| {}).await.unwrap();
    let first = e.store.parts(id).unwrap()[0].clone();
    assert_eq!(first.state, LaunchState::Created);

    // Added to the list while the part waits in Cartesia.
    list(&e.store, &["+14155550161"]);
    let mut watch = DncWatch::new();
    let done = take_out_waiting(&launcher, &e.client, &e.store, &mut watch, Utc::now())
        .await
        .unwrap();
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(
        done[0].message,
        "Person +14155550161 was waiting to be called in Spring renewals: the call was taken \
         out. Everyone else waiting in that part is still called (2 people)."
    );
    let sent = received(&e.sb);
    assert_eq!(sent.len(), 2, "the part, then its replacement");
    assert_eq!(sent[1], ["+14155550160", "+14155550162"]);
    let parts = e.store.parts(id).unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].state, LaunchState::Created);
    assert_eq!(
        e.store.part_request(parts[1].id).unwrap().scheduled_at,
        Some(start),
        "the others keep their planned start"
    );
    // Nothing left to do: a second check sends nothing.
    let again = take_out_waiting(&launcher, &e.client, &e.store, &mut watch, Utc::now())
        .await
        .unwrap();
    assert!(again.is_empty());

    // The start comes, everyone else is called; the listed number never is.
    e.sb.set_speed(1000.0);
    e.sb.set_clock(start + Span::seconds(1));
    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast_tracking());
    tracker.wake();
    watch_until(&e.store, id, 30, is(CampaignStatus::Done)).await;
    tracker.stop().await;
    for batch in e.all_batches().await {
        for r in batch.recipients.unwrap_or_default() {
            if r.to_number == "+14155550161" {
                assert!(r.agent_call_id.is_none(), "the listed number was dialed");
                assert_eq!(r.status, RecipientStatus::Cancelled);
            } else if batch.id != first.api_batch_id.clone().unwrap() {
                assert!(r.agent_call_id.is_some(), "{} not called", r.to_number);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_who_asked_on_the_call_is_found_and_added_from_the_results() {
    let e = sandbox(4, 1000.0).await;
    // On the sandbox 0005 answers and asks to be taken off the list; 0004 is a machine.
    let id = e.campaign_of(
        "Spring renewals",
        vec![vec![
            recipient(
                "+14155550005",
                json!({"first_name": "Ana", "last_name": "Ruiz"}),
            ),
            recipient(
                "+14155550004",
                json!({"first_name": "Al", "last_name": "Machine"}),
            ),
        ]],
        None,
        None,
    );
    e.launch_until_done(id).await;
    let phrases = campaign::settings::default_opt_out_phrases();
    let found = opt_outs(&e.client, &e.store, id, &phrases).await.unwrap();
    assert_eq!(found.calls.len(), 1, "{found:?}");
    assert_eq!(found.calls[0].name, "Ana Ruiz");
    assert_eq!(found.calls[0].to_number, "+14155550005");
    assert!(!found.calls[0].listed);
    assert_eq!(
        found.message.as_deref(),
        Some("1 person asked not to be called again")
    );

    let done = dont_call_again(
        &e.store,
        id,
        &["+14155550005".to_string()],
        "Asked on the call",
        Utc::now(),
    )
    .unwrap();
    assert_eq!(done.added, 1);
    assert_eq!(
        done.message,
        "Ana Ruiz added to the do-not-call list: no campaign of yours will call this number again."
    );
    let entry = e.store.dnc_entry("+14155550005").unwrap().unwrap();
    assert_eq!(
        (
            entry.source,
            entry.source_name.as_deref(),
            entry.reason.as_deref()
        ),
        (
            DncSource::Campaign,
            Some("Spring renewals"),
            Some("Asked on the call")
        )
    );
    let after = opt_outs(&e.client, &e.store, id, &phrases).await.unwrap();
    assert!(after.calls[0].listed);
    assert_eq!(after.message, None, "nobody left to add");
    // A number that isn't the campaign's is refused, nothing added.
    assert!(dont_call_again(&e.store, id, &["+19995550000".to_string()], "", Utc::now()).is_err());
    assert_eq!(e.store.dnc_count().unwrap(), 1);
}
