//! The store's cost for a big campaign: 50,000 recipients (a draft, then 10 parts of 5,000)
//! launched against an in-process sandbox and tracked to the end. Prints the database size at
//! each stage and what a snapshot write costs.
//!
//! `cargo run --release -p campaign --example store_figure [-- SPEED]` (default speed 2000: the
//! simulated campaign takes many hours; here it runs in well under a minute, and the tracker
//! polls as fast as the sandbox answers, so it writes more snapshots than a real one would).
#![allow(clippy::unwrap_used)] // a benchmark: any failure should stop it loudly

use campaign::{DraftSource, Launcher, NewCampaign, Store, Tracker, TrackerConfig, TrackerEvent};
use cartesia::{ApiKey, Client, ClientConfig, CreateBatchRequest, NewRecipient};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

const RECIPIENTS: usize = 50_000;
const PER_PART: usize = 5_000;

fn sizes(store: &Store) -> String {
    format!(
        "file {}, live data {}",
        mib(store.disk_size().unwrap()),
        mib(store.data_size().unwrap())
    )
}

fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let speed: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000.0);
    let sb = sandbox::start(sandbox::SandboxConfig {
        speed,
        org_concurrency: 60,
        seed: 7,
        ..Default::default()
    })
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(sb.base_url(), ApiKey::new(sb.api_key()))).unwrap();
    let agents = client.list_agents().await.unwrap();
    let (agent, number) = (&agents[0].id, &agents[0].phone_numbers[0].id);

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path().join("batchline.db")).unwrap());
    println!("empty store: {}", sizes(&store));

    let recipients: Vec<NewRecipient> = (0..RECIPIENTS)
        .map(|i| {
            let first = ["Ada", "Grace", "Alan", "Edsger"][i % 4];
            let meta = serde_json::json!({
                "first_name": first,
                "account": format!("ACC-{i:06}"),
                "appointment": "2026-12-03 10:30",
            });
            NewRecipient {
                to_number: format!("+1{}{}", 212 + i / 10_000, 5_550_000 + i % 10_000),
                metadata: meta.as_object().cloned(),
            }
        })
        .collect();

    // The app keeps the file itself with the draft (here a CSV of the same recipients), so
    // every choice about it can still be changed after a restart.
    let mut file = String::from("Phone,first_name,account,appointment\n");
    for r in &recipients {
        let m = r.metadata.as_ref().unwrap();
        file.push_str(&format!(
            "{},{},{},{}\n",
            r.to_number,
            m["first_name"].as_str().unwrap(),
            m["account"].as_str().unwrap(),
            m["appointment"].as_str().unwrap()
        ));
    }
    let source = DraftSource {
        file_name: "reminders.csv".into(),
        bytes: file.into_bytes().into(),
        settings: serde_json::json!({"country": "US"}),
        suppression: None,
    };
    let wizard = serde_json::json!({"step": 4, "name": "Reminders", "start": {"kind": "now"}});
    let t = Instant::now();
    store
        .save_draft_source("current", &source, &recipients)
        .unwrap();
    let draft_save = t.elapsed();
    let t = Instant::now();
    store.save_draft_wizard("current", &wizard).unwrap();
    let wizard_save = t.elapsed();
    let t = Instant::now();
    let loaded = store.load_draft("current").unwrap().unwrap();
    let draft_load = t.elapsed();
    assert_eq!(loaded.recipients.len(), RECIPIENTS);
    println!(
        "with a {RECIPIENTS}-recipient draft and its {:.1} MiB file: {} (file and recipients saved in {:.0} ms, wizard answers in {:.1} ms, loaded in {:.0} ms)",
        source.bytes.len() as f64 / 1048576.0,
        sizes(&store),
        draft_save.as_secs_f64() * 1e3,
        wizard_save.as_secs_f64() * 1e3,
        draft_load.as_secs_f64() * 1e3
    );

    let parts: Vec<CreateBatchRequest> = recipients
        .chunks(PER_PART)
        .enumerate()
        .map(|(i, chunk)| {
            let mut r = CreateBatchRequest::new(
                format!("Reminders (part {} of {})", i + 1, RECIPIENTS / PER_PART),
                agent,
                number,
                chunk.to_vec(),
            );
            r.target_concurrency_limit = Some(30);
            r
        })
        .collect();
    let setup = NewCampaign {
        name: "Reminders".into(),
        agent_id: agent.clone(),
        from_number_id: number.clone(),
        concurrency: Some(30),
        source_file_name: Some("reminders.csv".into()),
        ..Default::default()
    };
    let t = Instant::now();
    let id = store.create_campaign(&setup, &parts).unwrap();
    let record = t.elapsed();
    store.delete_draft("current").unwrap();
    let with_parts = store.data_size().unwrap();
    println!(
        "campaign recorded with its 10 parts' requests (draft removed): {} (recorded in {:.0} ms)",
        sizes(&store),
        record.as_secs_f64() * 1e3
    );

    let t = Instant::now();
    let report = Launcher::new(store.clone())
        .launch(&client, id, |_| {})
        .await
        .unwrap();
    assert!(report.all_created(), "{report:?}");
    println!("launched 10 parts in {:.2} s", t.elapsed().as_secs_f64());

    let config = TrackerConfig {
        // Three seconds of simulated time, as the app would poll a dialing campaign.
        active_interval: Duration::from_secs_f64(3.0 / speed),
        waiting_interval: Duration::from_secs_f64(60.0 / speed),
        error_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_secs(1),
        channel_capacity: 4096,
    };
    let started = Instant::now();
    let tracker = Tracker::start(store.clone(), Some(client.clone()), config);
    let mut rx = tracker.subscribe();
    let mut done = HashSet::new();
    while done.len() < parts.len() {
        match rx.recv().await {
            Ok(TrackerEvent::Progress {
                part_id,
                done: true,
                ..
            }) => {
                done.insert(part_id);
            }
            Ok(_) => {}
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
            Err(e) => panic!("{e}"),
        }
    }
    let tracked = started.elapsed();
    tracker.stop().await;

    let progress = store.campaign_progress(id).unwrap();
    assert_eq!(progress.finished as usize, RECIPIENTS);
    let stats = store.snapshot_write_stats();
    let final_size = store.data_size().unwrap();
    let per = stats.total / u32::try_from(stats.snapshots.max(1)).unwrap_or(u32::MAX);
    let bytes_per = (final_size - with_parts) as f64 / stats.snapshots.max(1) as f64;
    println!(
        "tracked to the end in {:.1} s real ({:.1} h simulated): {} snapshots written",
        tracked.as_secs_f64(),
        tracked.as_secs_f64() * speed / 3600.0,
        stats.snapshots
    );
    println!(
        "snapshot write: {:.3} ms average, {:.2} s in all; about {:.0} bytes each",
        per.as_secs_f64() * 1e3,
        stats.total.as_secs_f64(),
        bytes_per
    );
    println!(
        "final database: {} (+{} live data for snapshots)",
        sizes(&store),
        mib(final_size - with_parts)
    );
    println!("outcomes: {:?}", progress.by_outcome);
    sb.shutdown().await;
}
