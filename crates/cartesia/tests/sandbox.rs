//! The client against the real sandbox over loopback HTTP: every endpoint, the documented rules
//! as a user would notice them, and the fault run (exactly one batch per create intent).
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use cartesia::{
    ApiKey, BatchStatus, CallBatch, CallStatus, Client, ClientConfig, CreateBatchRequest,
    CreateOutcome, EndReason, NewRecipient, PageParams, RecipientStatus, RetryPolicy,
};
use chrono::{DateTime, Duration as Span, Utc};
use sandbox::{Sandbox, SandboxConfig};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

struct Env {
    sb: Sandbox,
    client: Client,
    agent: String,
    number: String,
}

async fn env_with(cfg: SandboxConfig, timeout: Duration) -> Env {
    let sb = sandbox::start(cfg).await.unwrap();
    let mut config = ClientConfig::new(sb.base_url(), ApiKey::new(sb.api_key()));
    config.timeout = timeout;
    config.retry = RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(2),
        max_total: Duration::from_secs(30),
    };
    config.create_attempts = 8;
    let client = Client::new(config).unwrap();
    let agents = client.list_agents().await.unwrap();
    let agent = agents[0].id.clone();
    let number = agents[0].phone_numbers[0].id.clone();
    Env {
        sb,
        client,
        agent,
        number,
    }
}

async fn env(speed: f64, org: u32) -> Env {
    env_with(
        SandboxConfig {
            speed,
            org_concurrency: org,
            seed: 11,
            ..SandboxConfig::default()
        },
        Duration::from_secs(10),
    )
    .await
}

fn recipients(n: usize, start: u32) -> Vec<NewRecipient> {
    (0..n)
        .map(|i| {
            let mut m = serde_json::Map::new();
            m.insert("row".into(), serde_json::json!(i + 2));
            NewRecipient {
                to_number: format!("+1415555{:04}", start + i as u32),
                metadata: Some(m),
            }
        })
        .collect()
}

impl Env {
    fn request(
        &self,
        name: &str,
        list: Vec<NewRecipient>,
        limit: Option<u32>,
    ) -> CreateBatchRequest {
        let mut r = CreateBatchRequest::new(name, &self.agent, &self.number, list);
        r.target_concurrency_limit = limit;
        r
    }

    async fn create(&self, req: &CreateBatchRequest) -> CallBatch {
        self.client
            .create_batch_exactly_once(req)
            .await
            .unwrap()
            .into_batch()
    }

    /// Polls until every call of the batch has ended (bounded, so a bug fails instead of hanging).
    async fn until_finished(&self, id: &str) -> CallBatch {
        for _ in 0..3000 {
            let b = self.client.get_batch(id).await.unwrap();
            if b.total_calls_finished == b.total_calls_scheduled {
                return b;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("batch {id} never finished");
    }
}

#[tokio::test]
async fn agents_and_numbers_are_listed_across_pages() {
    let e = env(100.0, 8).await;
    let agents = e.client.list_agents().await.unwrap();
    assert_eq!(agents.len(), 3);
    assert!(agents.iter().all(|a| !a.name.is_empty()));

    let all = e.client.list_all_phone_numbers().await.unwrap();
    assert_eq!(all.len(), 5);
    let mut paged = vec![];
    let mut page = PageParams {
        limit: Some(2),
        ..PageParams::default()
    };
    loop {
        let p = e
            .client
            .list_phone_numbers(&page, None, None)
            .await
            .unwrap();
        assert!(p.data.len() <= 2);
        paged.extend(p.data.iter().map(|n| n.id.clone()));
        if !p.has_more {
            break;
        }
        page.starting_after = p.data.last().map(|n| n.id.clone());
    }
    assert_eq!(paged, all.iter().map(|n| n.id.clone()).collect::<Vec<_>>());
    let spare = all.iter().find(|n| n.agent.is_none()).unwrap();
    assert!(spare.number.starts_with('+'));
    let mine = e
        .client
        .list_phone_numbers(&PageParams::default(), None, Some(&e.agent))
        .await
        .unwrap();
    assert!(mine
        .data
        .iter()
        .all(|n| n.agent.as_ref().unwrap().id == e.agent));
    e.sb.shutdown().await;
}

#[tokio::test]
async fn a_batch_runs_and_its_calls_can_be_read_and_heard() {
    let e = env(3000.0, 8).await;
    let req = e.request("Spring reminders", recipients(6, 2000), Some(3));
    let outcome = e.client.create_batch_exactly_once(&req).await.unwrap();
    assert!(matches!(outcome, CreateOutcome::Created(_)));
    let created = outcome.into_batch();
    assert_eq!(created.name, "Spring reminders");
    assert_eq!(created.total_calls_scheduled, 6);
    assert_eq!(created.target_concurrency_limit, Some(3));
    assert!(created.recipients.is_none(), "create returns no recipients");

    let done = e.until_finished(&created.id).await;
    assert_eq!(done.status, BatchStatus::Completed);
    let rs = done.recipients.clone().unwrap();
    assert_eq!(rs.len(), 6);
    assert!(rs.iter().all(|r| r.status.is_final()));
    assert_eq!(rs[0].metadata.as_ref().unwrap()["row"], 2);

    let calls = e.client.list_all_calls(&created.id, true).await.unwrap();
    assert!(!calls.is_empty());
    let first_page = e
        .client
        .list_calls(
            &created.id,
            false,
            &PageParams {
                limit: Some(2),
                ..PageParams::default()
            },
        )
        .await
        .unwrap();
    assert!(first_page.data.len() <= 2);
    assert!(first_page.data.iter().all(|c| c.transcript.is_empty()));

    let connected = calls
        .iter()
        .find(|c| c.status == CallStatus::Completed && c.duration().is_some())
        .expect("with seed 11 at least one of six calls connects");
    assert!(!connected.transcript.is_empty(), "expand=transcript");
    let call = e.client.get_call(&connected.id).await.unwrap();
    assert!(call.duration().unwrap() > Span::zero());
    assert!(call.transcript.iter().any(|t| t.role == "assistant"));
    assert!(matches!(
        call.end_reason,
        Some(EndReason::AgentHangup | EndReason::ClientHangup | EndReason::MaxDuration)
    ));
    assert_eq!(
        call.telephony_params.as_ref().unwrap().to.as_deref(),
        Some(
            rs.iter()
                .find(|r| r.agent_call_id.as_deref() == Some(&call.id))
                .unwrap()
                .to_number
                .as_str()
        )
    );
    let wav = e.client.call_audio(&connected.id).await.unwrap();
    assert_eq!(&wav[..4], b"RIFF");

    let missing = e.client.get_call("ac_nope").await.unwrap_err();
    assert!(missing.is_not_found());
    assert!(missing.to_string().contains("ac_nope"), "{missing}");
    e.sb.shutdown().await;
}

#[tokio::test]
async fn refused_creates_say_what_to_fix() {
    let e = env(100.0, 8).await;
    let mut list = recipients(4, 3000);
    list[2].to_number = "+1 415 555".into();
    let err = e
        .client
        .create_batch_exactly_once(&e.request("Bad number", list, None))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    let m = err.to_string();
    assert!(m.starts_with("Recipient 3 (+1 415 555)"), "{m}");

    let err = e
        .client
        .create_batch(&e.request("Too many", recipients(5001, 0), None))
        .await
        .unwrap_err();
    let m = err.to_string();
    assert!(
        m.contains("at most 5000 recipients") && m.contains("5001"),
        "{m}"
    );

    let err = e
        .client
        .create_batch(&e.request("Too fast", recipients(1, 3100), Some(9)))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("concurrency limit of 8"), "{err}");

    let mut past = e.request("Yesterday", recipients(1, 3200), None);
    past.scheduled_at = Some(Utc::now() - Span::days(1));
    let err = e.client.create_batch(&past).await.unwrap_err();
    assert!(err.to_string().contains("in the future"), "{err}");

    let mut no_agent = e.request("Who", recipients(1, 3300), None);
    no_agent.agent_id = "agent_missing".into();
    let err = e.client.create_batch(&no_agent).await.unwrap_err();
    assert!(err.is_not_found());
    assert!(
        err.to_string()
            .contains("no agent with the id agent_missing"),
        "{err}"
    );

    let mut no_number = e.request("From", recipients(1, 3400), None);
    no_number.from_number_id = "ap_missing".into();
    let err = e.client.create_batch(&no_number).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("no from number with the id ap_missing"),
        "{err}"
    );

    // Nothing refused was created.
    assert!(e.client.list_all_batches(None).await.unwrap().is_empty());

    let wrong = Client::new(ClientConfig::new(
        e.sb.base_url(),
        ApiKey::new("sk_car_wrongkey9876"),
    ))
    .unwrap();
    let err = wrong.list_agents().await.unwrap_err();
    assert!(err.is_unauthorized());
    let m = err.to_string();
    assert!(m.contains("Settings") && !m.contains("wrongkey"), "{m}");
    assert!(!format!("{err:?}").contains("wrongkey"));

    let err = e.client.get_batch("acb_unknown").await.unwrap_err();
    assert!(err.to_string().contains("acb_unknown"), "{err}");
    e.sb.shutdown().await;
}

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

#[tokio::test]
async fn batches_page_newest_first_and_filter_by_agent() {
    let e = env(100.0, 8).await;
    let agents = e.client.list_agents().await.unwrap();
    let other = &agents[1];
    let mut made = vec![];
    for i in 0..7 {
        made.push(
            e.create(&e.request(&format!("Mine {i}"), recipients(1, 8000 + i), None))
                .await
                .id,
        );
    }
    let mut theirs = CreateBatchRequest::new(
        "Theirs",
        &other.id,
        &other.phone_numbers[0].id,
        recipients(1, 8100),
    );
    theirs.target_concurrency_limit = None;
    let theirs = e.create(&theirs).await;

    let mut seen = vec![];
    let mut page = PageParams {
        limit: Some(3),
        ..PageParams::default()
    };
    loop {
        let p = e.client.list_batches(Some(&e.agent), &page).await.unwrap();
        assert!(p.data.len() <= 3);
        assert!(p.data.iter().all(|b| b.recipients.is_none()));
        seen.extend(p.data.iter().map(|b| b.id.clone()));
        if !p.has_more {
            break;
        }
        page.starting_after = p.next_page.clone();
    }
    made.reverse();
    assert_eq!(seen, made, "newest first, every one once");
    let all = e.client.list_all_batches(None).await.unwrap();
    assert_eq!(all.len(), 8);
    assert_eq!(all[0].id, theirs.id);
    let back = e
        .client
        .list_batches(
            Some(&e.agent),
            &PageParams {
                limit: Some(2),
                ending_before: Some(made[4].clone()),
                ..PageParams::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        back.data.iter().map(|b| b.id.clone()).collect::<Vec<_>>(),
        made[2..4]
    );
    e.sb.shutdown().await;
}

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
    e.sb.lose_next_create();
    let outcome = e
        .client
        .create_batch_exactly_once(&req)
        .await
        .expect("the create is confirmed");
    assert!(
        matches!(outcome, CreateOutcome::Reconciled(_)),
        "the answer was lost, so the batch was found by looking: {outcome:?}"
    );
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
