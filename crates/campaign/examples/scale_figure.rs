//! The store's costs as the history grows: a store of 500 finished campaigns holding 1,000,000
//! calls' history (every part's exact request, its snapshots as a tracker wrote them, the audit
//! log), next to an empty store. Prints what start-up reads, the Campaigns list, opening a
//! campaign (its page and charts), a tracker tick, the file's size, and what compaction gives.
//!
//! `cargo run --release -p campaign --example scale_figure [-- CAMPAIGNS CALLS SNAPSHOTS_PER_PART]`
//! (defaults 500, 1000000, 200). The big store is written straight into the schema in one
//! transaction (seconds, not the hours a tracker would take); `scripts/bench-scale` runs this.
#![allow(clippy::unwrap_used)] // a benchmark: any failure should stop it loudly

use campaign::{view, Store};
use chrono::{Duration as Span, Utc};
use rusqlite::{params, Connection};
use std::path::Path;
use std::time::{Duration, Instant};

const PER_PART: u64 = 5_000;

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Median time of `runs` runs of `f`.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Writes `campaigns` finished campaigns with `calls` recipients in all (parts of at most 5,000)
/// and `snaps` snapshots per part into a fresh store at `path`, as version 6 of the schema
/// kept them (each part's exact request in its row): opening it then times the upgrade.
fn generate(path: &Path, campaigns: u64, calls: u64, snaps: u64) {
    drop(Store::open_at_version(path, 6).unwrap());
    let mut c = Connection::open(path).unwrap();
    c.pragma_update(None, "synchronous", "OFF").unwrap();
    let tx = c.transaction().unwrap();
    let start = Utc::now() - Span::days(365);
    let mut batch_no = 0u64;
    {
        let mut campaign = tx
            .prepare(
                "INSERT INTO campaigns (name, agent_id, agent_name, from_number_id, from_number,
                    time_zone, source_file_name, source_sha256, recipient_count, created_at)
                 VALUES (?1, 'agent_1', 'Reminder agent', 'pn_1', '+14155550100',
                    'America/New_York', ?2, ?3, ?4, ?5)",
            )
            .unwrap();
        let mut part = tx
            .prepare(
                "INSERT INTO batches (campaign_id, part, parts, name, recipient_count, payload,
                    payload_sha256, state, api_batch_id, created_at, tracking_done,
                    scheduled_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'created', ?8, ?9, 1, ?5)",
            )
            .unwrap();
        let mut snapshot = tx
            .prepare(
                "INSERT INTO snapshots (batch_id, at, status, scheduled, dispatched, finished,
                    retry_count, by_status, by_outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8)",
            )
            .unwrap();
        let mut audit = tx
            .prepare(
                "INSERT INTO audit_log (at, kind, campaign_id, file_name, file_sha256, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .unwrap();
        let mut row = 0u64;
        for k in 0..campaigns {
            // Sizes vary (a few hundred to tens of thousands) and add up to `calls`.
            let weight = 1 + (k * 7919) % 9;
            let total = (calls * weight / (campaigns * 5)).max(1);
            let total = if k + 1 == campaigns {
                calls.saturating_sub(row).max(1)
            } else {
                total.min(calls.saturating_sub(row)).max(1)
            };
            let at = start + Span::minutes((k * 1000) as i64);
            let at_ms = at.timestamp_millis();
            let name = format!(
                "Reminders week {} ({})",
                k + 1,
                ["East", "West", "Central"][k as usize % 3]
            );
            let file = format!("{name}.csv");
            let sha = format!("{:064x}", k);
            campaign
                .execute(params![name, file, sha, total as i64, at_ms])
                .unwrap();
            let id = tx.last_insert_rowid();
            audit
                .execute(params![
                    at_ms,
                    "created",
                    id,
                    file,
                    sha,
                    format!("{total} recipients")
                ])
                .unwrap();
            let parts = total.div_ceil(PER_PART);
            for p in 0..parts {
                let n = PER_PART.min(total - p * PER_PART);
                let recipients: Vec<serde_json::Value> = (0..n)
                    .map(|i| {
                        row += 1;
                        let first = ["Ada", "Grace", "Alan"][(i % 3) as usize];
                        serde_json::json!({
                            "to_number": format!("+1415{:07}", row % 10_000_000),
                            "metadata": {"first_name": first,
                                         "account": format!("ACC-{row:07}"),
                                         "appointment": "2026-12-03 10:30"}
                        })
                    })
                    .collect();
                let payload = serde_json::to_vec(&serde_json::json!({
                    "name": format!("{name} (part {} of {parts})", p + 1),
                    "agent_id": "agent_1", "from_number_id": "pn_1",
                    "recipients": recipients,
                }))
                .unwrap();
                batch_no += 1;
                part.execute(params![
                    id,
                    (p + 1) as i64,
                    parts as i64,
                    format!("{name} (part {} of {parts})", p + 1),
                    n as i64,
                    payload,
                    campaign::sha256_hex(&payload),
                    format!("cb_{batch_no:08}"),
                    at_ms
                ])
                .unwrap();
                let part_id = tx.last_insert_rowid();
                for s in 1..=snaps {
                    let finished = n * s / snaps;
                    let dispatched = (finished + 4).min(n);
                    let completed = finished * 7 / 10;
                    let by_status = serde_json::json!({"queued": n - dispatched,
                        "started": dispatched - finished, "completed": completed,
                        "failed": finished - completed});
                    let by_outcome = serde_json::json!({"agent_hangup": completed / 2,
                        "client_hangup": completed - completed / 2,
                        "dial_no_answer": finished - completed});
                    let status = if dispatched < n {
                        "in_progress"
                    } else {
                        "completed"
                    };
                    snapshot
                        .execute(params![
                            part_id,
                            at_ms + (s * 9_000) as i64,
                            status,
                            n as i64,
                            dispatched as i64,
                            finished as i64,
                            by_status.to_string(),
                            by_outcome.to_string()
                        ])
                        .unwrap();
                }
            }
        }
    }
    tx.commit().unwrap();
    c.pragma_update(None, "wal_checkpoint", "TRUNCATE").ok();
}

struct Figures {
    open: Duration,
    startup_reads: Duration,
    list: Duration,
    listed: usize,
    detail_newest: Duration,
    detail_oldest: Duration,
    tick: Duration,
    size: u64,
}

fn figures(path: &Path) -> Figures {
    let t = Instant::now();
    let store = Store::open(path).unwrap();
    let open = t.elapsed();
    let now = Utc::now();
    // What start-up and the Campaigns page read besides the list itself.
    let startup_reads = median(5, || {
        (
            store.active_parts().unwrap(),
            store.incomplete_campaigns().unwrap(),
            store.known_batch_ids().unwrap(),
            store.parts_awaiting_cartesia().unwrap(),
        )
    });
    let mut listed = 0;
    let list = median(5, || {
        let l = view::list(&store, Ok(Vec::new()), now).unwrap();
        listed = l.campaigns.len();
        l
    });
    let ids: Vec<i64> = store.campaigns().unwrap().iter().map(|c| c.id).collect();
    let (newest, oldest) = (ids.first().copied(), ids.last().copied());
    let detail = |id: Option<i64>| {
        id.map_or(Duration::ZERO, |id| {
            median(5, || view::detail(&store, id, now).unwrap())
        })
    };
    Figures {
        open,
        startup_reads,
        list,
        listed,
        detail_newest: detail(newest),
        detail_oldest: detail(oldest),
        tick: median(9, || store.active_parts().unwrap()),
        size: store.disk_size().unwrap(),
    }
}

fn main() {
    let arg = |i: usize, default: u64| {
        std::env::args()
            .nth(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let (campaigns, calls, snaps) = (arg(1, 500), arg(2, 1_000_000), arg(3, 200));
    let dir = tempfile::tempdir().unwrap();
    let empty_path = dir.path().join("empty.db");
    drop(Store::open(&empty_path).unwrap());
    let big_path = dir.path().join("big.db");
    let t = Instant::now();
    generate(&big_path, campaigns, calls, snaps);
    println!(
        "generated {campaigns} finished campaigns, {calls} calls, {snaps} snapshots per part in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    drop(Store::open(&big_path).unwrap());
    println!(
        "upgrade to schema {} (parts' requests to their own table), once: {}",
        campaign::SCHEMA_VERSION,
        ms(t.elapsed())
    );

    let (e, b) = (figures(&empty_path), figures(&big_path));
    let row = |what: &str, empty: String, big: String| {
        println!("{what}: {big} (empty store: {empty})");
    };
    row("open the store (schema check)", ms(e.open), ms(b.open));
    row(
        "start-up reads (parts to follow, unfinished launches, known batches)",
        ms(e.startup_reads),
        ms(b.startup_reads),
    );
    row(
        &format!("Campaigns list ({} campaigns)", b.listed),
        ms(e.list),
        ms(b.list),
    );
    row(
        "open the newest campaign (page + charts)",
        "-".into(),
        ms(b.detail_newest),
    );
    row(
        "open the oldest campaign (page + charts)",
        "-".into(),
        ms(b.detail_oldest),
    );
    row("tracker tick (what to follow)", ms(e.tick), ms(b.tick));
    row("database file", mib(e.size), mib(b.size));

    // Where the bytes are, and what compaction gives.
    let c = Connection::open(&big_path).unwrap();
    let sum = |sql: &str| -> u64 {
        c.query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
            .unwrap()
            .unwrap_or(0)
            .max(0) as u64
    };
    let payloads = sum("SELECT sum(length(payload)) FROM part_requests");
    let snapshot_bytes = sum(
        "SELECT sum(length(by_status) + length(by_outcome) + length(status) + 40) FROM snapshots",
    );
    let snapshot_rows = sum("SELECT count(*) FROM snapshots");
    println!(
        "of which: parts' exact requests {} (needed to resend a part and for the recipients table), \
         {snapshot_rows} snapshots ~{}",
        mib(payloads),
        mib(snapshot_bytes)
    );
    drop(c);
    let store = Store::open(&big_path).unwrap();
    let before = store.disk_size().unwrap();
    drop(store);
    let c = Connection::open(&big_path).unwrap();
    let t = Instant::now();
    c.execute_batch("VACUUM").unwrap();
    let vacuum = t.elapsed();
    drop(c);
    let after = Store::open(&big_path).unwrap().disk_size().unwrap();
    println!(
        "VACUUM of the big store: {} ({} -> {})",
        ms(vacuum),
        mib(before),
        mib(after)
    );
}
