//! Launching against the real sandbox: under injected faults every part ends up created exactly
//! once, a part left in doubt is found rather than sent again, a failed part can be sent
//! again on its own, only a launch cut short moments ago finishes by itself at start-up (any
//! other waits for the person), and two launchers on one store never both send.
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

/// What a start-up's resume did, part by part.
async fn start_up(launcher: &Launcher, client: &cartesia::Client) -> Vec<(u32, PartProgressState)> {
    let mut steps = Vec::new();
    launcher
        .resume_incomplete(client, |p| steps.push((p.part, p.state)))
        .await
        .unwrap();
    steps
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
async fn a_launch_cut_short_moments_ago_is_finished_and_its_part_in_doubt_found() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let launcher = Launcher::new(e.store.clone());
    let id = e.campaign("Crashed", 3, 4);
    let parts = e.store.parts(id).unwrap();
    // The launch was running a moment ago.
    e.store.launch_heartbeat(id, chrono::Utc::now()).unwrap();
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

/// A launch that *stopped* (here: the key was refused on part 1) leaves parts never sent. The
/// next start must not send them by itself — not even days later with a working key: they
/// wait for the person, who can send them or cancel them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_launch_is_not_sent_again_by_itself() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let id = e.campaign("Stopped", 3, 4);
    let wrong = client_for(&e.sb.base_url(), "sk_wrong", Duration::from_secs(5));
    let report = Launcher::new(e.store.clone())
        .launch(&wrong, id, |_| {})
        .await
        .unwrap();
    assert_eq!(report.created, 0);

    // The app starts again (a new launcher), now with a key that works.
    let launcher = Launcher::new(e.store.clone());
    let steps = start_up(&launcher, &e.client).await;
    assert_eq!(steps, [], "nothing is sent, nothing even checked");
    assert_eq!(e.all_batches().await.len(), 0, "nobody is called unasked");
    let waiting = campaign::unsent(&e.store, id).unwrap();
    assert_eq!((waiting.parts, waiting.recipients), (3, 12));

    // The person chooses: send them.
    let report = launcher.launch(&e.client, id, |_| {}).await.unwrap();
    assert!(report.all_created());
    assert_eq!(e.all_batches().await.len(), 3);
}

/// An interrupted launch from long ago: what was in flight is looked up (that calls nobody),
/// what was never sent waits; and the person can cancel what waits, which is then never sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_interrupted_launch_is_checked_then_waits_and_can_be_cancelled() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let id = e.campaign("Long ago", 3, 4);
    let parts = e.store.parts(id).unwrap();
    let started = chrono::Utc::now() - chrono::Duration::hours(30);
    e.store.launch_heartbeat(id, started).unwrap();
    // Part 1 was sent and its answer lost; part 2's intent was written, nothing sent.
    e.store.mark_sending(parts[0].id, started).unwrap();
    e.client
        .create_batch(&e.store.part_request(parts[0].id).unwrap())
        .await
        .unwrap();
    e.store.mark_sending(parts[1].id, started).unwrap();

    let launcher = Launcher::new(e.store.clone());
    let steps = start_up(&launcher, &e.client).await;
    use PartProgressState::*;
    assert_eq!(steps, [(1, Checking), (1, Created), (2, Checking)]);
    let states: Vec<_> = e.store.parts(id).unwrap().iter().map(|p| p.state).collect();
    assert_eq!(
        states,
        [
            LaunchState::Created,
            LaunchState::Planned,
            LaunchState::Planned
        ]
    );
    assert_eq!(e.all_batches().await.len(), 1, "only what was already sent");
    assert!(e.store.parts(id).unwrap()[1]
        .last_error
        .as_deref()
        .unwrap_or_default()
        .contains("never sent"));

    let withdrawn = campaign::withdraw_unsent(&e.store, id).unwrap();
    assert_eq!((withdrawn.parts, withdrawn.recipients), (2, 8));
    // Nothing sends a withdrawn part: not a start, not a launch.
    launcher.resume_incomplete(&e.client, |_| {}).await.unwrap();
    launcher.launch(&e.client, id, |_| {}).await.unwrap();
    assert_eq!(e.all_batches().await.len(), 1);
    let log = e.store.audit_log(10).unwrap();
    assert!(log.iter().any(|a| a.kind == "cancelled"), "{log:?}");
}

/// Two launchers on one store (two windows, or the app and the command line): while one
/// launches, the other is told to wait, and at start-up leaves the work to the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_launchers_on_one_store_never_both_send() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let id = e.campaign("Twice", 4, 200);
    e.store.launch_heartbeat(id, chrono::Utc::now()).unwrap();
    let other_store = std::sync::Arc::new(campaign::Store::open(e.store.path()).unwrap());
    let (a, b) = (
        Launcher::new(e.store.clone()),
        Launcher::new(other_store.clone()),
    );
    let (ra, rb) = tokio::join!(
        a.launch(&e.client, id, |_| {}),
        b.resume_incomplete(&e.client, |_| {})
    );
    let (rc, rd) = tokio::join!(
        a.resume_incomplete(&e.client, |_| {}),
        b.launch(&e.client, id, |_| {})
    );
    println!("{ra:?}\n{rb:?}\n{rc:?}\n{rd:?}");
    let all = e.all_batches().await;
    assert_eq!(all.len(), 4, "each part once");
    let mut by_name: HashMap<String, u32> = HashMap::new();
    for b in &all {
        *by_name.entry(b.name.clone()).or_default() += 1;
    }
    assert!(by_name.values().all(|n| *n == 1), "{by_name:?}");
    assert!(
        matches!(ra, Err(campaign::Error::LaunchInProgress))
            || matches!(rd, Err(campaign::Error::LaunchInProgress))
            || rb.as_ref().is_ok_and(|r| r.is_empty())
            || rc.as_ref().is_ok_and(|r| r.is_empty()),
        "one of them found the other at work"
    );
}

/// The progress of every step of a launch, with its message.
type Heard = Vec<(u32, PartProgressState, Option<String>)>;

/// Cartesia schedules fewer recipients than part 1 was sent: the launch says so in words (the
/// progress, the campaign's status line), records it (the part, the audit log), and moves on
/// without sending the part again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_batch_is_noticed_said_in_words_and_recorded() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let id = e.campaign("Short", 2, 5);
    e.sb.short_next_create(2);
    let mut heard: Heard = Vec::new();
    let report = Launcher::new(e.store.clone())
        .launch(&e.client, id, |p| heard.push((p.part, p.state, p.message)))
        .await
        .unwrap();
    assert!(report.all_created(), "{report:?}");
    let said = "Cartesia accepted 3 of the 5 people in part 1; 2 were not scheduled";
    let (_, state, message) = &heard[1];
    assert_eq!(*state, PartProgressState::Created, "{heard:?}");
    assert!(
        message.as_deref().unwrap_or_default().contains(said),
        "{heard:?}"
    );
    assert_eq!(heard[3].2, None, "part 2 was taken whole: {heard:?}");

    let overview = campaign::overview(&e.store, id).unwrap();
    assert!(overview.status_line.contains(said), "{overview:?}");
    let log = e.store.audit_log(10).unwrap();
    assert!(
        log.iter().any(|a| a.kind == "not_all_scheduled"
            && a.detail.as_deref().unwrap_or_default().contains("3 of 5")),
        "{log:?}"
    );
    let parts = e.store.parts(id).unwrap();
    assert_eq!(parts[0].scheduled_count, Some(3));
    assert_eq!(parts[1].scheduled_count, Some(5));
    assert_eq!(
        overview.progress.total, 8,
        "what Cartesia has: {overview:?}"
    );
    assert_eq!(e.all_batches().await.len(), 2, "nothing sent twice");
    // The two Cartesia left out are the ones the recipients list names so.
    let table = campaign::recipients(&e.client, &e.store, id).await.unwrap();
    let left_out: Vec<(u32, &str)> = table
        .rows
        .iter()
        .filter(|r| r.status_label == "Not scheduled by Cartesia")
        .map(|r| (r.part, r.to_number.as_str()))
        .collect();
    assert_eq!(left_out, [(1, "+14150015003"), (1, "+14150015004")]);
}

/// A launch of campaign `id` running a moment ago, as the launcher left it when killed right
/// after sending part 1: Cartesia's clock read, the part claimed, the request sent, no answer.
/// Returns the parts as they were before.
async fn sent_and_killed_before_the_answer(e: &common::Env, id: i64) -> Vec<campaign::Part> {
    let parts = e.store.parts(id).unwrap();
    e.store.launch_heartbeat(id, chrono::Utc::now()).unwrap();
    let horizon = e.client.creation_horizon(&e.agent).await.unwrap();
    assert!(e
        .store
        .claim_for_sending(&parts[0], chrono::Utc::now(), horizon.at())
        .unwrap());
    e.client
        .create_batch(&e.store.part_request(parts[0].id).unwrap())
        .await
        .unwrap();
    parts
}

/// The app died after sending part 1, and Cartesia made it short: at start-up the look-up
/// finds it by name, agent, number and time (its recipient count differs from what was sent),
/// so it is not sent again; the shortfall is recorded as if the answer had come.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_crash_a_short_batch_is_recognised_not_sent_again() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let id = e.campaign("Short crash", 2, 5);
    e.sb.short_next_create(1);
    sent_and_killed_before_the_answer(&e, id).await;

    let mut heard: Heard = Vec::new();
    Launcher::new(e.store.clone())
        .resume_incomplete(&e.client, |p| heard.push((p.part, p.state, p.message)))
        .await
        .unwrap();
    use PartProgressState::*;
    let steps: Vec<_> = heard.iter().map(|(n, s, _)| (*n, *s)).collect();
    assert_eq!(
        steps,
        [(1, Checking), (1, Created), (2, Sending), (2, Created)]
    );
    assert!(heard[1]
        .2
        .as_deref()
        .unwrap_or_default()
        .contains("Cartesia accepted 4 of the 5 people in part 1; 1 was not scheduled"));
    assert_eq!(e.all_batches().await.len(), 2, "part 1 was not sent again");
    assert_eq!(e.sb.stats().creates_accepted, 2);
    assert_eq!(e.store.parts(id).unwrap()[0].scheduled_count, Some(4));
}

/// While a part's create is in flight or its answer was lost (and while a launch cut short is
/// being finished at start-up), the batch Cartesia made for it is this campaign's part, never
/// one of the "other batches made outside Batchline"; a batch really made elsewhere still is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_in_doubt_is_never_listed_as_someone_elses() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let id = e.campaign("In flight", 2, 3);
    // Cartesia made part 1; its answer never reached Batchline.
    let parts = sent_and_killed_before_the_answer(&e, id).await;
    let elsewhere = cartesia::CreateBatchRequest::new(
        "Made elsewhere",
        &e.agent,
        &e.number,
        vec![cartesia::NewRecipient {
            to_number: "+14155550199".into(),
            metadata: None,
        }],
    );
    e.client.create_batch(&elsewhere).await.unwrap();
    let others = || async {
        let list = campaign::other_batches(&e.client, &e.store).await.unwrap();
        list.into_iter().map(|b| b.name).collect::<Vec<_>>()
    };
    assert_eq!(others().await, ["Made elsewhere"], "sending");
    e.store
        .mark_unconfirmed(parts[0].id, "the answer was lost")
        .unwrap();
    assert_eq!(others().await, ["Made elsewhere"], "in doubt");

    Launcher::new(e.store.clone())
        .resume_incomplete(&e.client, |_| {})
        .await
        .unwrap();
    assert_eq!(
        others().await,
        ["Made elsewhere"],
        "once found, the part is the campaign's"
    );
    assert_eq!(
        e.all_batches().await.len(),
        3,
        "each part once, and the other"
    );
}
