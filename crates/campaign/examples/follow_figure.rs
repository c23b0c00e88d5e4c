//! What following a 100,000-recipient campaign (20 parts of 5,000) to its end costs, against
//! the sandbox at a high clock speed: the requests per minute the tracker sends, the bytes it
//! downloads, the CPU it uses (its own threads only: the sandbox and the relays run on others),
//! next to the same figures for the way it worked before (every part not finished downloaded
//! whole at each check: every 3 s while dialing, every minute while waiting), run at the same
//! time against the same campaign through a second relay.
//!
//! `cargo run --release -p campaign --example follow_figure [-- SPEED RECIPIENTS MINUTES]`
//! (defaults 600, 100000, no limit: to the end). The tracker keeps its real intervals (3 s,
//! 60 s); the speed shortens the campaign, and so the time each part spends dialing: at a high
//! speed a part is over between two of the old way's one-minute looks, which makes the old way
//! look cheap. MINUTES stops both after that long (a slower speed, the steady rate while dialing).
#![allow(clippy::unwrap_used)] // a benchmark: any failure should stop it loudly

#[path = "../tests/counting/mod.rs"]
mod counting;

use campaign::{Launcher, NewCampaign, Store, Tracker, TrackerConfig, TrackerEvent};
use cartesia::{ApiKey, BatchStatus, Client, ClientConfig, CreateBatchRequest, NewRecipient};
use counting::{Relay, Traffic};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::{Builder, Runtime};

const PER_PART: usize = 5_000;

fn runtime(name: &str) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(name)
        .enable_all()
        .build()
        .unwrap()
}

/// CPU seconds used so far by this process's threads named `name`.
fn cpu_of(name: &str) -> f64 {
    let ticks_per_s = 100.0; // USER_HZ on Linux
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        let path = task.path();
        let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        if comm.trim() != name {
            continue;
        }
        let stat = std::fs::read_to_string(path.join("stat")).unwrap_or_default();
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        // utime and stime: fields 14 and 15 of stat, 12 and 13 after the name.
        total += fields
            .get(11)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        total += fields
            .get(12)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
    }
    total as f64 / ticks_per_s
}

fn client(base_url: &str, key: &str) -> Client {
    Client::new(ClientConfig::new(base_url, ApiKey::new(key))).unwrap()
}

/// The way the tracker worked before: each part not finished downloaded whole at each check.
async fn old_way(client: Client, batches: Vec<String>) {
    let mut due: HashMap<String, Instant> =
        batches.into_iter().map(|b| (b, Instant::now())).collect();
    while !due.is_empty() {
        let now = Instant::now();
        let mut finished = Vec::new();
        for (id, at) in due.iter_mut() {
            if *at > now {
                continue;
            }
            match client.get_batch(id).await {
                Ok(b) if b.is_done() => finished.push(id.clone()),
                Ok(b) => {
                    let wait = if b.status == BatchStatus::Pending {
                        60
                    } else {
                        3
                    };
                    *at = Instant::now() + Duration::from_secs(wait);
                }
                Err(_) => *at = Instant::now() + Duration::from_secs(5),
            }
        }
        for id in finished {
            due.remove(&id);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn report(label: &str, t: &Traffic, minutes: f64, cpu: f64) {
    let gets = t.batch_gets();
    let lists = t.batch_lists();
    println!(
        "{label}: {:.1} requests/min ({} Get Call Batch, {} List Call Batches pages in {:.1} min), \
         {:.1} MiB downloaded ({:.2} MiB/min), CPU {:.2} s ({:.2}% of a core)",
        (gets + lists) as f64 / minutes,
        gets,
        lists,
        minutes,
        t.bytes_down as f64 / 1048576.0,
        t.bytes_down as f64 / 1048576.0 / minutes,
        cpu,
        cpu / (minutes * 60.0) * 100.0,
    );
}

fn main() {
    let arg = |i: usize, default: f64| {
        std::env::args()
            .nth(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let (speed, recipients) = (arg(1, 600.0), arg(2, 100_000.0) as usize);
    let limit = Duration::from_secs_f64(arg(3, 1e6) * 60.0);
    let server = runtime("sandbox");
    let sb = server
        .block_on(sandbox::start(sandbox::SandboxConfig {
            speed,
            org_concurrency: 60,
            seed: 16,
            ..Default::default()
        }))
        .unwrap();
    let new_relay = server.block_on(Relay::start(&sb.base_url()));
    let old_relay = server.block_on(Relay::start(&sb.base_url()));

    let follower = runtime("tracker");
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path().join("batchline.db")).unwrap());
    let direct = client(&sb.base_url(), sb.api_key());
    let (batches, parts) = follower.block_on(async {
        let agents = direct.list_agents().await.unwrap();
        let (agent, number) = (&agents[0].id, &agents[0].phone_numbers[0].id);
        let all: Vec<NewRecipient> = (0..recipients)
            .map(|i| NewRecipient {
                to_number: format!("+1{}555{:04}", 201 + i / 10_000, i % 10_000),
                metadata: serde_json::json!({"first_name": "Ada", "row": i})
                    .as_object()
                    .cloned(),
            })
            .collect();
        let reqs: Vec<CreateBatchRequest> = all
            .chunks(PER_PART)
            .enumerate()
            .map(|(k, chunk)| {
                let name = format!(
                    "Follow (part {} of {})",
                    k + 1,
                    recipients.div_ceil(PER_PART)
                );
                CreateBatchRequest::new(name, agent, number, chunk.to_vec())
            })
            .collect();
        let setup = NewCampaign {
            name: "Follow".into(),
            agent_id: agent.clone(),
            from_number_id: number.clone(),
            ..NewCampaign::default()
        };
        let id = store.create_campaign(&setup, &reqs).unwrap();
        let report = Launcher::new(store.clone())
            .launch(&direct, id, |_| {})
            .await
            .unwrap();
        assert!(report.all_created());
        let parts = store.parts(id).unwrap();
        let batches: Vec<String> = parts
            .iter()
            .filter_map(|p| p.api_batch_id.clone())
            .collect();
        (batches, parts.len())
    });

    let baseline = runtime("baseline");
    let old = baseline.spawn(old_way(client(&old_relay.base_url, sb.api_key()), batches));

    let started = Instant::now();
    let cpu_before = cpu_of("tracker");
    let snapshots = follower.block_on(async {
        let tracker = Tracker::start(
            store.clone(),
            Some(client(&new_relay.base_url, sb.api_key())),
            TrackerConfig::default(),
        );
        let mut rx = tracker.subscribe();
        let mut done = HashSet::new();
        let mut events = 0u64;
        let deadline = tokio::time::Instant::now() + limit;
        while done.len() < parts {
            let Ok(event) = tokio::time::timeout_at(deadline, rx.recv()).await else {
                break;
            };
            if let TrackerEvent::Progress {
                part_id, done: d, ..
            } = event.unwrap()
            {
                events += 1;
                if d {
                    done.insert(part_id);
                }
            }
        }
        tracker.stop().await;
        events
    });
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    let tracker_cpu = cpu_of("tracker") - cpu_before;
    let new_traffic = new_relay.traffic();
    let finished = store.active_parts().unwrap().is_empty();
    if finished {
        baseline.block_on(old).unwrap();
    } else {
        old.abort();
    }
    let old_minutes = started.elapsed().as_secs_f64() / 60.0;

    println!(
        "{recipients} recipients in {parts} parts, org limit 60, sandbox speed {speed}: followed {} \
         in {minutes:.1} min ({:.1} simulated hours); {snapshots} progress updates written",
        if finished { "to the end" } else { "(stopped before the end)" },
        minutes * speed / 60.0
    );
    report("tracker now", &new_traffic, minutes, tracker_cpu);
    report(
        "every part downloaded whole at each check (before; no store writes)",
        &old_relay.traffic(),
        old_minutes,
        cpu_of("baseline"),
    );
}
