//! Throughput of the simulated dialer: 100 batches × 5,000 recipients at full speed.
//!
//! Prints simulated calls per real second and process CPU time per call (from /proc/self/stat,
//! so Linux only; elsewhere CPU is reported as unavailable). Figures are printed, not asserted.
#![allow(clippy::unwrap_used)] // a benchmark harness; a failure here should stop it loudly

use sandbox::{start, SandboxConfig};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const BATCHES: usize = 100;
const RECIPIENTS: usize = 5000;

/// User + system CPU seconds of this process, if the platform tells us.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may contain spaces) start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    // Clock ticks are 100 per second on every mainstream Linux configuration.
    Some((utime + stime) / 100.0)
}

#[tokio::main]
async fn main() {
    let org = 60; // the "Scale" plan, so many batches run side by side
    let sb = start(SandboxConfig {
        org_concurrency: org,
        speed: 1.0, // real time while the batches are created, so they all compete
        seed: 42,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let key = sb.api_key().to_string();
    let agents: Value = http
        .get(format!("{}/agents", sb.base_url()))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let agent = agents["summaries"][0]["id"].clone();
    let number = agents["summaries"][0]["phone_numbers"][0]["id"].clone();

    let t0 = Instant::now();
    for b in 0..BATCHES {
        let recipients: Vec<Value> = (0..RECIPIENTS)
            .map(|i| json!({"to_number": format!("+1{:03}555{:04}", 200 + b, 1000 + i % 9000)}))
            .collect();
        let body = json!({"name": format!("Bench {b}"), "agent_id": agent, "from_number_id": number,
            "target_concurrency_limit": 6, "recipients": recipients});
        let r = http
            .post(format!("{}/agents/calls/batches", sb.base_url()))
            .header("X-API-Key", &key)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
    }
    let created = t0.elapsed();
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    sb.set_speed(1e7);
    let total = (BATCHES * RECIPIENTS) as u64;
    loop {
        let st = sb.stats();
        if st.calls_finished >= total && st.calls_dispatched >= total {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let wall = t0.elapsed();
    let cpu = cpu_seconds().zip(cpu0).map(|(a, b)| a - b);
    let st = sb.stats();
    println!("batches: {BATCHES} x {RECIPIENTS} recipients, org limit {org}, batch limit 6");
    println!("creates (HTTP, JSON): {:.2} s", created.as_secs_f64());
    println!(
        "wall time to run every call at speed 1e7: {:.2} s",
        wall.as_secs_f64()
    );
    println!(
        "simulated calls per second (real): {:.0}",
        total as f64 / wall.as_secs_f64()
    );
    match cpu {
        Some(c) => println!(
            "CPU: {:.2} s total, {:.2} µs per call (dialing only)",
            c,
            c / total as f64 * 1e6
        ),
        None => println!("CPU: unavailable on this platform"),
    }
    println!(
        "max in flight: org {} (limit {org}), per batch {} (limit 6)",
        st.max_in_flight_org, st.max_in_flight_batch
    );
    sb.shutdown().await;
}
