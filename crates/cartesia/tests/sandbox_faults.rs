//! The fault run (exactly one batch per create intent, whatever the network does) and the lost
//! create that must be found even when this computer's clock runs ahead of Cartesia's.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use cartesia::{CallBatch, CreateOutcome};
use chrono::{Duration as Span, Utc};
use common::{env, env_with, recipients};
use sandbox::SandboxConfig;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// THE FAULT TEST: a fifth of requests fail in every way the sandbox knows (busy, 500, 503,
/// hang past the time limit, cut connection, create done but answer lost). Forty create
/// intents — several sharing a name and size, so only the exclusion of known parts tells them
/// apart — must yield exactly forty batches, one per intent, and reads must still succeed.
#[tokio::test]
async fn under_faults_each_create_intent_makes_exactly_one_batch() {
    let e = env_with(
        SandboxConfig {
            speed: 50.0,
            org_concurrency: 8,
            seed: 23,
            faults: 0.2,
            hang_secs: 3.0,
            ..SandboxConfig::default()
        },
        Duration::from_millis(600),
    )
    .await;
    let mut known: HashSet<String> = HashSet::new();
    let mut intents: HashMap<String, String> = HashMap::new();
    let mut reconciled = 0;
    for i in 0..40u32 {
        let name = format!("Intent {}", i % 10);
        let req = e.request(&name, recipients(2, 100 * (i % 10)), Some(1));
        let outcome = e
            .client
            .create_batch_exactly_once_excluding(&req, &known)
            .await
            .unwrap_or_else(|err| panic!("intent {i}: {err} ({err:?})"));
        if matches!(outcome, CreateOutcome::Reconciled(_)) {
            reconciled += 1;
        }
        let id = outcome.into_batch().id;
        assert!(
            known.insert(id.clone()),
            "intent {i} was given an earlier intent's part"
        );
        intents.insert(id, name);
    }
    // Reads recover from the same faults.
    for id in intents.keys().take(15) {
        e.client.get_batch(id).await.unwrap();
    }
    let faulty = e.client.list_all_batches(Some(&e.agent)).await.unwrap();

    let stats = e.sb.stats();
    e.sb.set_faults(0.0);
    let all = e.client.list_all_batches(None).await.unwrap();
    assert_eq!(
        all.len(),
        40,
        "one batch per intent: no duplicates, none lost"
    );
    assert_eq!(faulty.len(), 40);
    let ids: HashSet<String> = all.iter().map(|b| b.id.clone()).collect();
    assert_eq!(ids, known);
    for b in &all {
        assert_eq!(intents[&b.id], b.name);
    }
    let lost = stats.faults_lost_create;
    let total = stats.faults_429
        + stats.faults_500
        + stats.faults_503
        + stats.faults_hang
        + stats.faults_drop
        + lost;
    println!("faults injected: {stats:?}; creates reconciled: {reconciled}");
    assert!(total >= 10, "the run must actually meet faults: {stats:?}");
    assert_eq!(
        stats.creates_accepted, 40,
        "the server made exactly 40 batches"
    );
    e.sb.shutdown().await;
}

/// Creates `req` exactly once while the sandbox loses the create's answer: the outcome must
/// come from looking the batch up.
async fn create_losing_the_answer(
    e: &common::Env,
    req: &cartesia::CreateBatchRequest,
) -> CreateOutcome {
    e.sb.lose_next_create();
    let outcome = e
        .client
        .create_batch_exactly_once(req)
        .await
        .expect("the create is confirmed");
    assert!(
        matches!(outcome, CreateOutcome::Reconciled(_)),
        "the answer was lost, so the batch was found by looking: {outcome:?}"
    );
    outcome
}

/// This computer's clock is 6 minutes ahead of Cartesia's (here: Cartesia's clock is set 6
/// minutes behind). A create whose answer is lost must still be found — judging "made since
/// the attempt began" by this computer's clock made the new batch look too old, and the create
/// went out twice. And with an account that already has older batches, the look-up still stops
/// at the right place.
#[tokio::test]
async fn a_lost_create_is_found_when_this_computers_clock_is_fast() {
    let e = env(1.0, 4).await;
    // An older batch of the same agent, with another name: history the look-up walks past.
    let old = e.request("Older campaign", recipients(1, 900), None);
    e.client.create_batch(&old).await.unwrap();
    e.sb.shift_clock(-Span::minutes(6));
    let before = Utc::now();
    assert!(
        before - e.sb.now() > Span::minutes(5),
        "the server's clock is behind this computer's"
    );

    let req = e.request("Fast clock", recipients(3, 0), None);
    create_losing_the_answer(&e, &req).await;
    let server_now = e.client.server_now().expect("Cartesia's Date was heard");
    assert!(
        (server_now - e.sb.now()).num_seconds().abs() <= 2,
        "the client's idea of Cartesia's time is Cartesia's, not this computer's"
    );
    let all = e.client.list_all_batches(None).await.unwrap();
    let made: Vec<&CallBatch> = all.iter().filter(|b| b.name == "Fast clock").collect();
    assert_eq!(made.len(), 1, "one batch, not two: {all:#?}");
    assert_eq!(e.sb.stats().creates_accepted, 2);
    e.sb.shutdown().await;
}

/// Cartesia may schedule fewer recipients than it was sent. When that create's answer is
/// lost, the look-up must still recognise the short batch as this create's (by name, agent,
/// number and time): matching on the recipient count made it look absent, and the same people
/// were sent again.
#[tokio::test]
async fn a_short_batch_whose_answer_was_lost_is_found_not_sent_again() {
    let e = env(1.0, 4).await;
    let req = e.request("Short and lost", recipients(5, 0), None);
    e.sb.short_next_create(2);
    let outcome = create_losing_the_answer(&e, &req).await;
    assert_eq!(outcome.batch().total_calls_scheduled, 3, "{outcome:?}");
    assert_eq!(
        cartesia::BatchFingerprint::of(&req).unscheduled(outcome.batch()),
        2,
        "two of the five were not scheduled"
    );
    let all = e.client.list_all_batches(None).await.unwrap();
    let made = all.iter().filter(|b| b.name == "Short and lost").count();
    assert_eq!(made, 1, "one batch, not two: {all:#?}");
    assert_eq!(e.sb.stats().creates_accepted, 1);

    // A batch with more recipients than were sent is never this create's.
    let mut bigger = cartesia::BatchFingerprint::of(&req);
    bigger.recipients = 2;
    let horizon = cartesia::Horizon::Beginning;
    assert_eq!(
        e.client
            .find_created_batch(&bigger, horizon, &HashSet::new())
            .await
            .unwrap(),
        None
    );
    e.sb.shutdown().await;
}
