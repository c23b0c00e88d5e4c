//! What watching a big campaign costs: one 5,000-recipient part (three call-data columns) is
//! launched against an in-process sandbox and tracked to the end, then each step the campaign
//! page takes is timed (median of N runs): Get Call Batch over loopback, decoding its body
//! alone, the overview (store only), the charts (store only), the recipients table built from a
//! batch already in hand, and `recipients()` end to end. Prints figures; asserts nothing.
//!
//! `cargo run --release -p campaign --example progress_figure [-- RUNS]` (default 15).
#![allow(clippy::unwrap_used)] // a benchmark: any failure should stop it loudly

use campaign::view::build_table;
use campaign::{
    charts, overview, recipients, CampaignStatus, Launcher, NewCampaign, Snapshot, Store, Tracker,
    TrackerConfig,
};
use cartesia::{ApiKey, CallBatch, Client, ClientConfig, CreateBatchRequest, NewRecipient};
use chrono::Utc;
use std::sync::Arc;
use std::time::{Duration, Instant};

const RECIPIENTS: usize = 5_000;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// A campaign still dialing after `n` snapshots taken every 3 s (the app's cadence), the last
/// one now: what a long-running campaign's history looks like to the overview and charts.
fn long_history(store: &Store, n: usize) -> (i64, Duration) {
    let req = CreateBatchRequest::new(
        "History (part 1 of 1)",
        "agent",
        "number",
        vec![NewRecipient {
            to_number: "+12125550100".into(),
            metadata: None,
        }],
    );
    let id = store
        .create_campaign(
            &NewCampaign {
                name: "History".into(),
                ..NewCampaign::default()
            },
            &[req],
        )
        .unwrap();
    let part = store.parts(id).unwrap().remove(0);
    store.mark_sending(part.id, Utc::now()).unwrap();
    store.mark_created(part.id, "acb_history").unwrap();
    let now = Utc::now();
    let t = Instant::now();
    for i in 0..n {
        let finished = (i * RECIPIENTS * 9 / 10 / n) as u32;
        let dispatched = (finished + 60).min(RECIPIENTS as u32);
        let count = |k: &str, v: u32| (k.to_string(), v);
        let snapshot = Snapshot {
            at: now - chrono::Duration::seconds(3 * (n - 1 - i) as i64),
            status: "in_progress".into(),
            scheduled: RECIPIENTS as u32,
            dispatched,
            finished,
            retry_count: 0,
            by_status: [
                count("queued", RECIPIENTS as u32 - dispatched),
                count("started", dispatched - finished),
                count("completed", finished * 8 / 10),
                count("failed", finished - finished * 8 / 10),
            ]
            .into_iter()
            .collect(),
            by_outcome: [
                count("agent_hangup", finished * 6 / 10),
                count("client_hangup", finished * 8 / 10 - finished * 6 / 10),
                count("dial_no_answer", finished - finished * 8 / 10),
            ]
            .into_iter()
            .collect(),
        };
        store.record_snapshot(part.id, &snapshot).unwrap();
    }
    (id, t.elapsed())
}

async fn time_async<T, F, Fut>(runs: usize, mut f: F) -> (Duration, T)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f().await);
        times.push(t.elapsed());
    }
    (median(times), last.unwrap())
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    (median(times), last.unwrap())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(15)
        .max(1);
    let sb = sandbox::start(sandbox::SandboxConfig {
        speed: 5000.0,
        org_concurrency: 60,
        seed: 9,
        ..Default::default()
    })
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(sb.base_url(), ApiKey::new(sb.api_key()))).unwrap();
    let agents = client.list_agents().await.unwrap();
    let (agent, number) = (&agents[0].id, &agents[0].phone_numbers[0].id);
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path().join("batchline.db")).unwrap());

    let list: Vec<NewRecipient> = (0..RECIPIENTS)
        .map(|i| {
            let first = ["Ada", "Grace", "Alan", "Edsger"][i % 4];
            let meta = serde_json::json!({
                "first_name": first,
                "account": format!("ACC-{i:06}"),
                "appointment": "2026-12-03 10:30",
            });
            NewRecipient {
                to_number: format!("+1212{:07}", 5_550_000 + i),
                metadata: meta.as_object().cloned(),
            }
        })
        .collect();
    let mut req = CreateBatchRequest::new("Figure (part 1 of 1)", agent, number, list);
    req.target_concurrency_limit = Some(60);
    let id = store
        .create_campaign(
            &NewCampaign {
                name: "Figure".into(),
                agent_id: agent.clone(),
                from_number_id: number.clone(),
                ..NewCampaign::default()
            },
            &[req],
        )
        .unwrap();
    let tracker = Tracker::start(
        store.clone(),
        Some(client.clone()),
        TrackerConfig {
            active_interval: Duration::from_millis(100),
            ..TrackerConfig::default()
        },
    );
    Launcher::new(store.clone())
        .launch(&client, id, |_| {})
        .await
        .unwrap();
    tracker.wake();
    let t = Instant::now();
    loop {
        if overview(&store, id).unwrap().status == CampaignStatus::Done {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tracker.stop().await;
    println!(
        "5,000-recipient campaign tracked to the end in {:.1} s (sandbox speed 5000), {} snapshots",
        t.elapsed().as_secs_f64(),
        store.snapshot_write_stats().snapshots
    );

    let part = store.parts(id).unwrap().remove(0);
    let batch_id = part.api_batch_id.clone().unwrap();
    let (fetch, batch) = time_async(runs, || client.get_batch(&batch_id)).await;
    let batch = batch.unwrap();
    let body = serde_json::to_vec(&batch).unwrap();
    let (decode, _) = time(runs, || serde_json::from_slice::<CallBatch>(&body).unwrap());
    let (over, o) = time(runs, || overview(&store, id).unwrap());
    let (chart, c) = time(runs, || charts(&store, id).unwrap());
    let stored = store.part_request(part.id).unwrap();
    let (stored_read, _) = time(runs, || store.part_request(part.id).unwrap());
    let source = [(part.clone(), stored, Ok(Some(batch)))];
    let (join, table) = time(runs, || build_table(&source));
    let (whole, _) = time_async(runs, || recipients(&client, &store, id)).await;

    println!("median of {runs} runs, release build:");
    println!("| step | time |");
    println!("|---|---|");
    println!(
        "| Get Call Batch over loopback ({:.2} MiB body, {} recipients) | {} |",
        body.len() as f64 / (1024.0 * 1024.0),
        RECIPIENTS,
        ms(fetch)
    );
    println!("| decode that body alone | {} |", ms(decode));
    println!(
        "| overview (status, progress, ETA; store only) | {} |",
        ms(over)
    );
    println!(
        "| charts ({} snapshots -> {} timeline points, {} quarter hours) | {} |",
        store.snapshots(part.id).unwrap().len(),
        c.timeline.len(),
        c.finished_per_quarter_hour.len(),
        ms(chart)
    );
    println!(
        "| read the stored request (hash checked) | {} |",
        ms(stored_read)
    );
    println!(
        "| recipients table from a batch in hand ({} rows x {} columns) | {} |",
        table.rows.len(),
        table.columns.len(),
        ms(join)
    );
    println!(
        "| recipients() end to end (fetch + decode + join) | {} |",
        ms(whole)
    );
    println!("overview: {}", o.status_line);
    sb.shutdown().await;

    const SNAPSHOTS: usize = 20_000;
    let (history, written) = long_history(&store, SNAPSHOTS);
    println!(
        "\nA campaign still dialing after {SNAPSHOTS} snapshots (3 s apart, {:.1} h; written in {:.1} s):",
        (SNAPSHOTS * 3) as f64 / 3600.0,
        written.as_secs_f64()
    );
    let (over, o) = time(runs, || overview(&store, history).unwrap());
    let (chart, c) = time(runs, || charts(&store, history).unwrap());
    println!("| step | time |");
    println!("|---|---|");
    println!(
        "| overview incl. ETA from the last 30 min (600 snapshots) | {} |",
        ms(over)
    );
    println!(
        "| charts ({SNAPSHOTS} snapshots -> {} timeline points, {} quarter hours) | {} |",
        c.timeline.len(),
        c.finished_per_quarter_hour.len(),
        ms(chart)
    );
    println!(
        "overview: {} (estimated end {})",
        o.status_line,
        o.eta.map_or("unknown".to_string(), |t| t.to_rfc3339())
    );
}
