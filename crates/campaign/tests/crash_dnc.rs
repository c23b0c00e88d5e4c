//! A launch that takes numbers on the do-not-call list out of its parts (a request rewritten
//! before its first attempt, a part of listed people only not sent), killed (SIGKILL) at random
//! moments and restarted: each part is still created exactly once, the server never receives a
//! listed number, and every stored request still matches its hash.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use campaign::{DncSource, LaunchState, NewDncEntry, Store};
use cartesia::chrono::Utc;
use rand::{rngs::StdRng, Rng, SeedableRng};
use sandbox::SandboxConfig;
use std::collections::{HashMap, HashSet};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The probe's part `k`, recipient `i` (see `src/bin/launch_probe.rs`).
fn number(k: u32, i: u32) -> String {
    format!("+1415{:03}{:04}", k % 1000, 5000 + i % 5000)
}

fn probe(url: &str, key: &str, store: &std::path::Path, name: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_campaign-launch-probe"));
    cmd.args(["--base-url", url, "--store"])
        .arg(store)
        .args(["--name", name, "--parts", "4", "--per-part", "500"])
        .args(["--timeout-ms", "700"])
        .env("CARTESIA_API_KEY", key)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn run_blocking(mut c: Command, kill_after: Option<Duration>) -> bool {
    let mut child = c.spawn().unwrap();
    if let Some(delay) = kill_after {
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
        }
    }
    child.wait().unwrap().success()
}

/// Whether every part of campaign `name` is created or not to be sent.
fn settled(path: &std::path::Path, name: &str) -> bool {
    let store = Store::open(path).unwrap();
    let Some(c) = store
        .campaigns()
        .unwrap()
        .into_iter()
        .find(|c| c.setup.name == name)
    else {
        return false;
    };
    store
        .parts(c.id)
        .unwrap()
        .iter()
        .all(|p| matches!(p.state, LaunchState::Created | LaunchState::Withdrawn))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_leaving_listed_numbers_out_killed_at_random_points_sends_each_part_once_without_them(
) {
    let sb = sandbox::start(SandboxConfig {
        seed: 17,
        faults: 0.1,
        hang_secs: 0.3,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batchline.db");
    // Listed before any launch: ten people of part 1, and everyone in part 3.
    let listed: Vec<String> = (0..10)
        .map(|i| number(1, i * 7))
        .chain((0..500).map(|i| number(3, i)))
        .collect();
    {
        let store = Store::open(&path).unwrap();
        let entries: Vec<_> = listed
            .iter()
            .map(|n| NewDncEntry {
                number: n,
                reason: None,
            })
            .collect();
        store
            .dnc_add(&entries, DncSource::Hand, None, None, Utc::now())
            .unwrap();
    }
    let (url, key) = (sb.base_url(), sb.api_key().to_string());
    let mut rng = StdRng::seed_from_u64(5);
    let names = ["Kill 1", "Kill 2", "Kill 3", "Kill 4"];
    for name in names {
        for _ in 0..3 {
            let delay = Duration::from_millis(rng.random_range(0..400));
            let cmd = probe(&url, &key, &path, name);
            tokio::task::spawn_blocking(move || run_blocking(cmd, Some(delay)))
                .await
                .unwrap();
        }
        // The probe says "done" only when every part is created; here one part is never sent,
        // so the launch is over when every part is created or not to be sent.
        let mut done = false;
        for _ in 0..20 {
            let cmd = probe(&url, &key, &path, name);
            tokio::task::spawn_blocking(move || run_blocking(cmd, None))
                .await
                .unwrap();
            if settled(&path, name) {
                done = true;
                break;
            }
        }
        assert!(done, "{name}: the launch never completed");
    }

    sb.set_faults(0.0);
    let listed: HashSet<String> = listed.into_iter().collect();
    let mut made: HashMap<String, usize> = HashMap::new();
    for req in sb.created_requests() {
        *made
            .entry(req["name"].as_str().unwrap().to_string())
            .or_default() += 1;
        for r in req["recipients"].as_array().unwrap() {
            let n = r["to_number"].as_str().unwrap();
            assert!(!listed.contains(n), "{n} is listed and was sent");
        }
    }
    let store = Store::open(&path).unwrap();
    for c in store.campaigns().unwrap() {
        if !names.contains(&c.setup.name.as_str()) {
            continue;
        }
        let parts = store.parts(c.id).unwrap();
        let states: Vec<_> = parts.iter().map(|p| p.state).collect();
        assert_eq!(
            states,
            [
                LaunchState::Created,
                LaunchState::Created,
                LaunchState::Withdrawn,
                LaunchState::Created
            ],
            "{}",
            c.setup.name
        );
        for p in &parts {
            // The hash is checked on every read: a torn rewrite would fail here.
            let req = store.part_request(p.id).unwrap();
            assert_eq!(req.recipients.len() as u32, p.recipient_count);
            if p.state == LaunchState::Created {
                assert_eq!(made.get(&p.name), Some(&1), "{} made once", p.name);
            } else {
                assert_eq!(made.get(&p.name), None, "{} never sent", p.name);
            }
        }
        assert_eq!(parts[0].recipient_count, 490);
    }
}
