//! A launch killed (SIGKILL) at random moments and restarted ends with every part created
//! exactly once. The sandbox runs here; the launch runs in a separate process
//! (`campaign-launch-probe`) so it can really be killed mid-write or mid-request.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::{LaunchState, Store};
use rand::{rngs::StdRng, Rng, SeedableRng};
use sandbox::SandboxConfig;
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;

const PARTS: u32 = 5;
const CAMPAIGNS: u32 = 6;

fn probe(base_url: &str, key: &str, store: &std::path::Path, name: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_campaign-launch-probe"));
    cmd.args(["--base-url", base_url, "--store"])
        .arg(store)
        .args([
            "--name",
            name,
            "--parts",
            &PARTS.to_string(),
            "--per-part",
            "1000",
        ])
        .args(["--timeout-ms", "700"])
        .env("CARTESIA_API_KEY", key)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Runs the probe to the end (several runs if faults leave parts for later); returns how long
/// the first run took.
async fn run_to_end(cmd: impl Fn() -> Command) -> Duration {
    let mut first = None;
    for _ in 0..20 {
        let mut c = cmd();
        let started = std::time::Instant::now();
        let status = tokio::task::spawn_blocking(move || c.status().unwrap())
            .await
            .unwrap();
        first.get_or_insert(started.elapsed());
        if status.success() {
            return first.unwrap_or_default();
        }
    }
    panic!("the launch never completed");
}

/// What the probe prints once its launch is done, just before an edit or a pilot's release
/// begins: the phase the kills of those tests aim at.
const LAUNCHED: &str = "created ";

/// Starts `cmd` and kills it (SIGKILL: no clean-up of any kind) `delay` after it printed a
/// line starting with `marker` (after its start when `None`), unless it ended by then; whether
/// it was killed. A run that ends before the line is not killed.
async fn killed_after(mut cmd: Command, marker: Option<&'static str>, delay: Duration) -> bool {
    use std::io::BufRead;
    if marker.is_some() {
        cmd.stdout(Stdio::piped());
    }
    let mut child = cmd.spawn().unwrap();
    let out = child.stdout.take();
    tokio::task::spawn_blocking(move || {
        let reached = match (out, marker) {
            (Some(out), Some(marker)) => {
                let mut lines = std::io::BufReader::new(out).lines();
                let reached = lines
                    .by_ref()
                    .any(|l| l.is_ok_and(|l| l.starts_with(marker)));
                // Keep reading, so the probe never waits on a full pipe.
                std::thread::spawn(move || lines.for_each(drop));
                reached
            }
            _ => true,
        };
        if reached {
            std::thread::sleep(delay);
        }
        let running = reached && child.try_wait().unwrap().is_none();
        if running {
            child.kill().unwrap();
        }
        child.wait().unwrap();
        running
    })
    .await
    .unwrap()
}

/// Runs `cmd` once to its end: how long it ran after printing a line starting with `marker`
/// (`None` when it printed none).
async fn time_after_line(mut cmd: Command, marker: &'static str) -> Option<Duration> {
    use std::io::BufRead;
    cmd.stdout(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let out = child.stdout.take().unwrap();
    tokio::task::spawn_blocking(move || {
        let seen = std::io::BufReader::new(out)
            .lines()
            .any(|l| l.is_ok_and(|l| l.starts_with(marker)))
            .then(std::time::Instant::now);
        child.wait().unwrap();
        seen.map(|at| at.elapsed())
    })
    .await
    .unwrap()
}

fn state_of(path: &std::path::Path, name: &str) -> Option<Vec<LaunchState>> {
    let store = Store::open(path).ok()?;
    let c = store
        .campaigns()
        .ok()?
        .into_iter()
        .find(|c| c.setup.name == name)?;
    Some(store.parts(c.id).ok()?.iter().map(|p| p.state).collect())
}

/// A sandbox and a fresh folder for the probes' store.
/// Runs `cmd` for `name` and kills it at a random moment of the `span_ms` after its launch is
/// done, three times, restarting each time, then lets it finish. Returns how many kills left
/// the store as `caught` says (the moment the test is about).
async fn killed_thrice_then_finished(
    cmd: &impl Fn(&str) -> Command,
    name: &str,
    rng: &mut StdRng,
    span_ms: u64,
    path: &std::path::Path,
    caught: &impl Fn(&Store, &campaign::Campaign) -> bool,
) -> u32 {
    let mut n = 0;
    for _ in 0..3 {
        let delay = Duration::from_millis(rng.random_range(0..span_ms));
        if !killed_after(cmd(name), Some(LAUNCHED), delay).await {
            continue;
        }
        let store = Store::open(path).unwrap();
        let found = store.campaigns().unwrap();
        if let Some(camp) = found.iter().find(|x| x.setup.name.starts_with(name)) {
            n += u32::from(caught(&store, camp));
        }
    }
    run_to_end(|| cmd(name)).await;
    n
}

/// A sandbox (with faults) and a store folder in which `campaigns` campaigns named
/// "{prefix} {c}" are each run by the probe with `--{mode} yes` and killed thrice at random
/// moments (see [`killed_thrice_then_finished`]), then finished; a calibration run first tells
/// how long a whole run takes. Returns the server, the folder, and how many kills `caught`.
async fn killed_runs(
    seed: u64,
    mode: &str,
    prefix: &str,
    campaigns: u32,
    rng: &mut StdRng,
    caught: impl Fn(&Store, &campaign::Campaign) -> bool,
) -> (sandbox::Sandbox, tempfile::TempDir, u32) {
    let (sb, dir) = server_and_folder(SandboxConfig {
        seed,
        faults: 0.1,
        hang_secs: 0.3,
        ..SandboxConfig::default()
    })
    .await;
    let path = dir.path().join("batchline.db");
    let (url, key) = (sb.base_url(), sb.api_key().to_string());
    let flag = format!("--{mode}");
    let cmd = |name: &str| {
        let mut c = probe(&url, &key, &path, name);
        c.args([flag.as_str(), "yes"]);
        c
    };
    // How long the edit or the release takes once the launch is done: the kills land across it
    // (spread over a whole run, too few of them landed in it to test anything).
    let span = match time_after_line(cmd("Calibration"), LAUNCHED).await {
        Some(after) => after,
        None => run_to_end(|| cmd("Calibration")).await,
    };
    run_to_end(|| cmd("Calibration")).await;
    let span_ms = u64::try_from(span.as_millis()).unwrap_or(1000).max(20);
    let mut n = 0;
    for c in 0..campaigns {
        let name = format!("{prefix} {c}");
        n += killed_thrice_then_finished(&cmd, &name, rng, span_ms, &path, &caught).await;
    }
    println!(
        "the phase after the launch takes ~{span_ms} ms; {n} kills caught it at the moment tested"
    );
    (sb, dir, n)
}

async fn server_and_folder(cfg: SandboxConfig) -> (sandbox::Sandbox, tempfile::TempDir) {
    (
        sandbox::start(cfg).await.unwrap(),
        tempfile::tempdir().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_killed_at_random_points_creates_each_part_once() {
    let (sb, dir) = server_and_folder(SandboxConfig {
        seed: 9,
        faults: 0.15,
        hang_secs: 0.4,
        ..SandboxConfig::default()
    })
    .await;
    let path = dir.path().join("batchline.db");
    let (url, key) = (sb.base_url(), sb.api_key().to_string());
    let mut rng = StdRng::seed_from_u64(20_261_128);

    // How long an uninterrupted launch takes here, so kills land across the whole of one.
    let span = run_to_end(|| probe(&url, &key, &path, "Calibration")).await;
    let span_ms = u64::try_from(span.as_millis()).unwrap_or(1000).max(20);

    let (mut kills, mut in_doubt, mut between) = (0, 0, 0);
    for c in 0..CAMPAIGNS {
        let name = format!("Killed {c}");
        // Kill it up to three times at random moments, restarting each time…
        for _ in 0..3 {
            let delay = Duration::from_millis(rng.random_range(0..span_ms));
            if !killed_after(probe(&url, &key, &path, &name), None, delay).await {
                continue;
            }
            kills += 1;
            if let Some(states) = state_of(&path, &name) {
                if states.iter().any(|s| s.needs_check()) {
                    in_doubt += 1;
                } else if states.contains(&LaunchState::Created)
                    && states.iter().any(|s| *s != LaunchState::Created)
                {
                    between += 1;
                }
            }
        }
        // …then let it finish.
        run_to_end(|| probe(&url, &key, &path, &name)).await;
    }
    println!(
        "launch takes ~{span_ms} ms; {kills} kills: {in_doubt} with a part in flight, {between} between parts"
    );
    assert!(
        in_doubt > 0,
        "no kill landed while a part was in flight; the test proved nothing"
    );

    sb.set_faults(0.0);
    let client = common::client_for(&url, &key, Duration::from_secs(5));
    let batches = client.list_all_batches(None).await.unwrap();
    let mut per_name: HashMap<&str, u32> = HashMap::new();
    for b in &batches {
        *per_name.entry(b.name.as_str()).or_default() += 1;
    }
    assert_eq!(
        per_name.len(),
        ((CAMPAIGNS + 1) * PARTS) as usize,
        "{per_name:?}"
    );
    assert!(
        per_name.values().all(|&n| n == 1),
        "a part was created twice: {per_name:?}"
    );

    let store = Store::open(&path).unwrap();
    assert_eq!(store.campaigns().unwrap().len(), (CAMPAIGNS + 1) as usize);
    for c in store.campaigns().unwrap() {
        for p in store.parts(c.id).unwrap() {
            assert_eq!(p.state, LaunchState::Created);
            let b = batches
                .iter()
                .find(|b| Some(&b.id) == p.api_batch_id.as_ref())
                .unwrap();
            assert_eq!(b.name, p.name);
            assert_eq!(b.total_calls_scheduled, 1000);
        }
    }
    sb.shutdown().await;
}

/// Two processes (two copies of the app, or the app and the command line) start at once and
/// both find the same interrupted launch. Each part must still be created exactly once: the
/// store-wide launch lock lets one finish it while the other leaves it alone, and every attempt
/// is claimed in the store by compare-and-swap. Several rounds, so the race really happens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_finishing_one_interrupted_launch_create_each_part_once() {
    let (sb, dir) = server_and_folder(SandboxConfig {
        seed: 13,
        ..SandboxConfig::default()
    })
    .await;
    let path = dir.path().join("batchline.db");
    let (url, key) = (sb.base_url(), sb.api_key().to_string());
    const ROUNDS: u32 = 4;
    let mut refused = 0;
    for round in 0..ROUNDS {
        let name = format!("Raced {round}");
        let status = probe(&url, &key, &path, &name)
            .args(["--prepare-only", "yes"])
            .status()
            .unwrap();
        assert!(status.success(), "the interrupted launch is recorded");
        let children: Vec<_> = (0..2)
            .map(|_| probe(&url, &key, &path, &name).spawn().unwrap())
            .collect();
        let codes = tokio::task::spawn_blocking(move || {
            children
                .into_iter()
                .map(|mut c| c.wait().unwrap().code())
                .collect::<Vec<_>>()
        })
        .await
        .unwrap();
        // The one that found the other at work exits 1 ("already being started").
        refused += codes.iter().filter(|c| **c == Some(1)).count();
        // Whatever they left undone (nothing, normally) is finished by one more run.
        run_to_end(|| probe(&url, &key, &path, &name)).await;
    }
    println!(
        "{refused} of {} processes found the other at work",
        2 * ROUNDS
    );

    let client = common::client_for(&url, &key, Duration::from_secs(5));
    let batches = client.list_all_batches(None).await.unwrap();
    let mut per_name: HashMap<String, u32> = HashMap::new();
    for b in &batches {
        *per_name.entry(b.name.clone()).or_default() += 1;
    }
    assert_eq!(
        batches.len(),
        (ROUNDS * PARTS) as usize,
        "each part once: {per_name:?}"
    );
    assert!(per_name.values().all(|&n| n == 1), "{per_name:?}");
    sb.shutdown().await;
}

/// An edit of a scheduled campaign killed (SIGKILL) at random moments — before its intent,
/// between cancelling the old batches and recording the new parts, while sending them — and
/// restarted: every recipient ends up in exactly one live batch, with the edited settings, and
/// no batch is made twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_killed_at_random_points_replaces_every_part_once() {
    const EDITED: u32 = 8;
    let mut rng = StdRng::seed_from_u64(20_261_207);
    let (sb, _dir, mid_move) =
        killed_runs(21, "edit", "Edited", EDITED, &mut rng, |store, camp| {
            store
                .parts(camp.id)
                .unwrap()
                .iter()
                .any(|p| p.carried_at.is_some() && p.carried_count.is_none())
        })
        .await;
    let (url, key) = (sb.base_url(), sb.api_key().to_string());
    assert!(
        mid_move > 0,
        "no kill landed mid-move; the test proved nothing"
    );

    sb.set_faults(0.0);
    let client = common::client_for(&url, &key, Duration::from_secs(5));
    let batches = client.list_all_batches(None).await.unwrap();
    let mut per_name: HashMap<String, u32> = HashMap::new();
    let mut live: HashMap<String, Vec<String>> = HashMap::new();
    for b in &batches {
        *per_name.entry(b.name.clone()).or_default() += 1;
        if b.status == cartesia::BatchStatus::Cancelled {
            continue;
        }
        assert!(
            b.name.contains(" edited"),
            "an old part still runs: {}",
            b.name
        );
        let full = client.get_batch(&b.id).await.unwrap();
        for r in full.recipients.unwrap_or_default() {
            live.entry(r.to_number).or_default().push(b.name.clone());
        }
    }
    assert!(
        per_name.values().all(|&n| n == 1),
        "a batch was made twice: {per_name:?}"
    );
    // Each campaign's PARTS × 1000 recipients are distinct numbers across campaigns' parts only
    // by part, so count per campaign name.
    for c in (0..EDITED)
        .map(|c| format!("Edited {c}"))
        .chain(["Calibration".to_string()])
    {
        let mine: Vec<_> = batches
            .iter()
            .filter(|b| b.name.starts_with(&format!("{c} edited")))
            .collect();
        // The edit plans everyone again as one list: 5,000 people fit in one new part.
        assert_eq!(mine.len(), 1, "{c}: {per_name:?}");
        let old: Vec<_> = batches
            .iter()
            .filter(|b| b.name.starts_with(&format!("{c} (part")))
            .collect();
        assert_eq!(old.len(), PARTS as usize);
        assert!(old
            .iter()
            .all(|b| b.status == cartesia::BatchStatus::Cancelled));
        let total: u32 = mine.iter().map(|b| b.total_calls_scheduled).sum();
        assert_eq!(total, PARTS * 1000, "{c}: someone lost or doubled");
    }
    sb.shutdown().await;
}

/// A pilot's release ("Launch the rest") killed at random points — before the decision, between
/// recording the rest's parts and sending them, while they are sent — and restarted: every
/// recipient of the campaign is called exactly once (the pilot's and the rest's, on the server),
/// and no batch is made twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_release_of_the_rest_killed_at_random_points_calls_everyone_once() {
    const RELEASED: u32 = 8;
    let mut rng = StdRng::seed_from_u64(2_026_120_714);
    let (sb, _dir, mid_release) =
        killed_runs(33, "pilot", "Piloted", RELEASED, &mut rng, |store, camp| {
            store
                .parts_of_kind(camp.id, "rest")
                .unwrap()
                .iter()
                .any(|id| store.part(*id).unwrap().state != LaunchState::Created)
        })
        .await;
    let (url, key) = (sb.base_url(), sb.api_key().to_string());
    assert!(
        mid_release > 0,
        "no kill landed between the decision and the rest being sent; the test proved nothing"
    );

    sb.set_faults(0.0);
    let client = common::client_for(&url, &key, Duration::from_secs(5));
    let batches = client.list_all_batches(None).await.unwrap();
    let mut per_name: HashMap<String, u32> = HashMap::new();
    for b in &batches {
        *per_name.entry(b.name.clone()).or_default() += 1;
    }
    assert!(
        per_name.values().all(|&n| n == 1),
        "a batch was made twice: {per_name:?}"
    );
    for c in (0..RELEASED)
        .map(|c| format!("Piloted {c}"))
        .chain(["Calibration".to_string()])
    {
        let mut called: HashMap<String, u32> = HashMap::new();
        for b in batches
            .iter()
            .filter(|b| b.name == c || b.name.starts_with(&format!("{c} (")))
        {
            let full = client.get_batch(&b.id).await.unwrap();
            for r in full.recipients.unwrap_or_default() {
                *called.entry(r.to_number).or_default() += 1;
            }
        }
        assert_eq!(
            called.len(),
            (PARTS * 1000) as usize,
            "{c}: not everyone was called"
        );
        assert!(
            called.values().all(|&n| n == 1),
            "{c}: someone called twice"
        );
    }
    sb.shutdown().await;
}
