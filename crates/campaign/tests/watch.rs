//! Watching campaigns against the real sandbox: a launched campaign is followed to Done with
//! the counts, charts and recipients a person would check; a call opens with its transcript;
//! the export holds every recipient with safe cells; batches made elsewhere are listed apart.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::view::{call_recording, not_dialed, Outcome, MAX_TIMELINE_POINTS};
use campaign::{
    call_detail, charts, export_results, other_batches, overview, overviews, recipients, AuditKind,
    CampaignStatus, Launcher, Tracker,
};
use cartesia::{CreateBatchRequest, NewRecipient};
use common::{env, fast_tracking, is, recipient, watch_until};
use sandbox::SandboxConfig;
use serde_json::json;
use std::time::Duration;

fn fast(seed: u64) -> SandboxConfig {
    SandboxConfig {
        seed,
        speed: 1000.0,
        org_concurrency: 8,
        ..SandboxConfig::default()
    }
}

/// `n` ordinary numbers (none ends in a test ending) with two columns of call data.
fn people(part: u32, n: u32) -> Vec<NewRecipient> {
    (0..n)
        .map(|i| {
            recipient(
                &format!("+1212{part}55{:04}", 100 + i),
                json!({"name": format!("Person {part}-{i}"), "city": "Zürich"}),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launched_campaign_is_followed_to_done_with_its_charts_and_recipients() {
    let e = env(fast(11), Duration::from_secs(5)).await;
    let mut first = people(1, 27);
    // The sandbox's fixed outcomes: busy, no answer, failed before dialing.
    for (k, n) in ["+12125550001", "+12125550002", "+12125550003"]
        .iter()
        .enumerate()
    {
        first.insert(
            k * 5,
            recipient(n, json!({"name": format!("Test {n}"), "city": "Köln"})),
        );
    }
    let id = e.campaign_of("Spring reminders", vec![first, people(2, 30)], None, None);
    let before = overview(&e.store, id).unwrap();
    assert_eq!(before.status, CampaignStatus::NotLaunched);
    assert_eq!(before.progress.not_sent, 60);

    let tracker = Tracker::start(e.store.clone(), Some(e.client.clone()), fast_tracking());
    Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    tracker.wake();
    let seen = watch_until(&e.store, id, 20, is(CampaignStatus::Done)).await;
    tracker.stop().await;

    // On the way: it was seen calling, with an estimated end.
    assert!(
        seen.iter()
            .any(|o| o.status == CampaignStatus::Dialing && o.status_line.starts_with("Calling: ")),
        "never seen dialing"
    );
    assert!(
        seen.iter().any(|o| o.eta.is_some()),
        "no estimated end while dialing"
    );
    let done = seen.last().unwrap();
    let p = done.progress;
    assert_eq!((p.total, p.finished, p.queued, p.in_flight), (60, 60, 0, 0));
    assert_eq!(p.completed + p.failed, 60);
    assert!(p.failed >= 3, "{p:?}");
    assert_eq!(done.eta, None);
    assert_eq!(
        done.status_line,
        format!("Done: {} answered, {} not answered.", p.completed, p.failed)
    );
    assert!(done.parts.iter().all(|x| x.status == CampaignStatus::Done));
    assert_eq!(overviews(&e.store).unwrap()[0].id, id);

    let c = charts(&e.store, id).unwrap();
    assert!(!c.timeline.is_empty() && c.timeline.len() <= MAX_TIMELINE_POINTS);
    let last = c.timeline.last().unwrap();
    assert_eq!(
        (last.queued, last.in_flight, last.completed, last.failed),
        (0, 0, p.completed, p.failed)
    );
    let slice = |o: Outcome| c.outcomes.iter().find(|s| s.outcome == o).unwrap().count;
    assert_eq!(c.outcomes.iter().map(|s| s.count).sum::<u32>(), 60);
    assert_eq!(slice(Outcome::Answered), p.completed);
    assert!(slice(Outcome::Busy) >= 1 && slice(Outcome::NoAnswer) >= 1);
    assert!(slice(Outcome::CouldntConnect) >= 1);
    let per_bucket: u32 = c.finished_per_quarter_hour.iter().map(|b| b.finished).sum();
    assert_eq!(per_bucket, 60);

    let table = recipients(&e.client, &e.store, id).await.unwrap();
    assert!(table.problems.is_empty(), "{:?}", table.problems);
    assert_eq!(table.columns, vec!["name", "city"], "in the order sent");
    assert_eq!(table.rows.len(), 60);
    let index: Vec<u32> = table.rows.iter().map(|r| r.index).collect();
    assert_eq!(index, (1..=60).collect::<Vec<_>>());
    assert!(table.rows[..30].iter().all(|r| r.part == 1));
    assert!(table.rows[30..].iter().all(|r| r.part == 2));
    let row = |n: &str| table.rows.iter().find(|r| r.to_number == n).unwrap();
    let busy = row("+12125550001");
    assert_eq!((busy.index, busy.status.as_str()), (1, "failed"));
    assert_eq!(busy.outcome, Some(Outcome::Busy));
    assert_eq!(busy.metadata, vec!["Test +12125550001", "Köln"]);
    assert_eq!(row("+12125550002").status_label, "No answer");
    let never = row("+12125550003");
    assert_eq!(never.outcome, Some(Outcome::CouldntConnect));
    assert!(never.agent_call_id.is_none() && never.error_message.is_some());
    let view = not_dialed(never);
    assert!(!view.dialed);
    assert_eq!(view.error_message, never.error_message);

    // An answered call opens with its times and transcript.
    let answered = table
        .rows
        .iter()
        .find(|r| r.outcome == Some(Outcome::Answered))
        .unwrap();
    let call = call_detail(&e.client, answered.agent_call_id.as_deref().unwrap())
        .await
        .unwrap();
    assert!(call.dialed && call.connected);
    let (start, end) = (call.started_at.unwrap(), call.ended_at.unwrap());
    let secs = (end - start).num_milliseconds() as f64 / 1000.0;
    assert_eq!(call.duration_seconds, Some(secs));
    assert!(secs >= 30.0, "{secs}");
    assert!(!call.transcript.is_empty() && call.summary.is_some());
    assert_eq!(call.transcript[0].speaker, "Agent");
    assert_eq!(call.to_number.as_deref(), Some(answered.to_number.as_str()));

    // Its recording plays; a call that never connected has none to play.
    let wav = call_recording(&e.client, answered.agent_call_id.as_deref().unwrap())
        .await
        .unwrap()
        .expect("an answered call has a recording");
    assert_eq!(&wav[..4], b"RIFF", "a WAV file");
    let unanswered = table
        .rows
        .iter()
        .find(|r| r.outcome == Some(Outcome::NoAnswer) && r.agent_call_id.is_some())
        .unwrap();
    let none = call_recording(&e.client, unanswered.agent_call_id.as_deref().unwrap()).await;
    assert!(matches!(none, Ok(None)), "{none:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_holds_every_recipient_with_call_times_and_safe_cells() {
    let e = env(fast(12), Duration::from_secs(5)).await;
    let mut list = vec![
        recipient(
            "+13125550100",
            json!({"name": "=HYPERLINK(\"http://evil.example\",\"x\")", "note": "-1 Main St"}),
        ),
        recipient(
            "+13125550003",
            json!({"name": "Zoë Ñúñez 山田", "note": "@home"}),
        ),
    ];
    list.extend((0..10).map(|i| {
        recipient(
            &format!("+1312555{:04}", 200 + i),
            json!({"name": format!("P{i}"), "note": ""}),
        )
    }));
    let id = e.campaign_of("Export", vec![list], None, None);
    e.launch_until_done(id).await;

    let bytes = export_results(&e.client, &e.store, id).await.unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "no byte-order mark"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        vec![
            "Phone number",
            "name",
            "note",
            "Status",
            "How it ended",
            "Call ID",
            "Started (UTC)",
            "Duration (seconds)",
            "Error",
            "Retry count"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 12);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    // The formula is neutralized; the phone number is kept as it is.
    assert_eq!(rows[0][0], "+13125550100");
    assert_eq!(rows[0][1], "'=HYPERLINK(\"http://evil.example\",\"x\")");
    assert_eq!(rows[0][2], "'-1 Main St");
    assert_eq!(rows[1][1], "Zoë Ñúñez 山田");
    assert_eq!(rows[1][2], "'@home");
    // Never dialed: no call, an error in words.
    assert_eq!(rows[1][3], "Couldn't connect");
    assert_eq!(rows[1][4], "It failed before dialing");
    assert_eq!(rows[1][5], "");
    assert!(!rows[1][8].is_empty());
    // Answered calls carry their start and length, as Cartesia has them.
    let answered: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] == "Answered").collect();
    assert!(!answered.is_empty());
    for r in answered {
        let call = e.client.get_call(&r[5]).await.unwrap();
        let start = call.start_time.unwrap();
        assert_eq!(r[6], start.format("%Y-%m-%d %H:%M:%S").to_string());
        let secs = call.duration().unwrap().num_milliseconds() as f64 / 1000.0;
        assert_eq!(r[7], secs.round().to_string());
        assert_eq!(r[9], "0");
    }
    let log = e.store.audit_log(10).unwrap();
    assert_eq!(log[0].kind, AuditKind::Exported.as_str());
    assert_eq!(log[0].campaign_id, Some(id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_batches_are_the_ones_not_launched_from_here() {
    let e = env(
        SandboxConfig {
            seed: 13,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let id = e.campaign_of("Ours", vec![people(1, 3)], None, None);
    Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    let direct = e
        .client
        .create_batch(&CreateBatchRequest::new(
            "Made in another tool",
            &e.agent,
            &e.number,
            people(2, 4),
        ))
        .await
        .unwrap();
    let others = other_batches(&e.client, &e.store).await.unwrap();
    assert_eq!(others.len(), 1, "{others:#?}");
    let o = &others[0];
    assert_eq!(
        (o.id.as_str(), o.name.as_str()),
        (direct.id.as_str(), "Made in another tool")
    );
    assert_eq!(o.progress.total, 4);
    assert!(o.status.is_active(), "{o:?}");
    assert!(!o.status_line.is_empty());
}
