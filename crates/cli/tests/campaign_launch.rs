//! `batchline campaign launch` as a person runs it: the built binary against a sandbox that
//! answers a fifth of all requests with a fault (errors, hangs, dropped connections, creates
//! whose answer is lost), and killed with SIGKILL in the middle of sending. Each part is created
//! exactly once, and every recipient is called once.

#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use campaign::{LaunchState, Store};
use rand::{rngs::StdRng, Rng, SeedableRng};
use recipients::testdata;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ROWS: usize = 12_000;

/// Tuesday 8 December 2026, 9:00 in Chicago and 10:00 in Detroit: the command's clock and the
/// sandbox's, so the calling hours plan the same parts whenever the test runs.
const NOW: &str = "2026-12-08T15:00:00Z";

/// A CRM-style export: numbers written as people write them, call data in three columns.
fn csv(dir: &Path) -> PathBuf {
    let path = dir.join("spring_leads.csv");
    std::fs::write(&path, testdata::crm_export(ROWS)).unwrap();
    path
}

fn expected_numbers() -> HashSet<String> {
    (0..ROWS).map(testdata::e164).collect()
}

struct Setup {
    sb: sandbox::Sandbox,
    dir: tempfile::TempDir,
    file: PathBuf,
    store: PathBuf,
    agent: String,
    number: String,
}

async fn setup(seed: u64) -> Setup {
    let sb = sandbox::start(sandbox::SandboxConfig {
        seed,
        hang_secs: 0.3,
        org_concurrency: 100,
        clock_start: Some(NOW.parse().unwrap()),
        ..sandbox::SandboxConfig::default()
    })
    .await
    .unwrap();
    let client = cartesia::Client::new(cartesia::ClientConfig::new(
        sb.base_url(),
        cartesia::ApiKey::new(sb.api_key()),
    ))
    .unwrap();
    let agents = client.list_agents().await.unwrap();
    let agent = agents.iter().find(|a| !a.phone_numbers.is_empty()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    Setup {
        file: csv(dir.path()),
        store: dir.path().join("data").join("campaigns.sqlite"),
        agent: agent.id.clone(),
        number: agent.phone_numbers[0].id.clone(),
        sb,
        dir,
    }
}

impl Setup {
    fn command(&self, name: &str, extra: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_batchline"));
        c.args(["campaign", "launch"])
            .arg(&self.file)
            .args([
                "--name",
                name,
                "--agent",
                &self.agent,
                "--from",
                &self.number,
            ])
            .args(["--concurrency", "60", "--store"])
            .arg(&self.store)
            .args(extra)
            .env("BATCHLINE_TEST_NOW", NOW)
            .env("CARTESIA_BASE_URL", self.sb.base_url())
            .env("CARTESIA_API_KEY", self.sb.api_key());
        c
    }

    /// Runs the command off the async runtime, so the sandbox keeps serving meanwhile.
    async fn run(&self, name: &str, extra: &[&str]) -> Output {
        let mut c = self.command(name, extra);
        tokio::task::spawn_blocking(move || c.output().unwrap())
            .await
            .unwrap()
    }

    /// Runs it until it says every part is with Cartesia (faults may leave parts for a later
    /// run); returns the last output and how many runs it took. `killed`: an earlier run was
    /// killed, perhaps after it had sent everything, so "already launched" is done too.
    async fn run_to_end(&self, name: &str, killed: bool) -> (Output, u32) {
        for runs in 1..=20 {
            let out = self.run(name, &["--consent-confirmed", "--json"]).await;
            let said = stderr(&out);
            if out.status.success() || (killed && said.contains("already launched")) {
                return (out, runs);
            }
            assert!(
                said.contains("Run the same command again") || said.contains("Cartesia"),
                "a run failed for another reason than Cartesia's faults: {said}"
            );
        }
        panic!("the launch of {name} never completed");
    }

    /// What the sandbox received for each batch it made, by name.
    fn received(&self) -> HashMap<String, Vec<Value>> {
        let mut by_name: HashMap<String, Vec<Value>> = HashMap::new();
        for body in self.sb.created_requests() {
            let name = body["name"].as_str().unwrap().to_owned();
            by_name.entry(name).or_default().push(body);
        }
        by_name
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn numbers_of(body: &Value) -> Vec<String> {
    body["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["to_number"].as_str().unwrap().to_owned())
        .collect()
}

/// The parts the calling hours make of the list at [`NOW`], 60 calls at a time: Detroit
/// (Eastern, closing an hour before Chicago) first, then Chicago's; what the first day can't
/// hold is called on Wednesday.
const PART_SIZES: [usize; 6] = [3_000, 5_000, 1_128, 362, 128, 2_382];

/// Every part of `name` was made exactly once, and together they call every row once.
fn each_part_once_and_everyone_once(received: &HashMap<String, Vec<Value>>, name: &str) {
    let mut everyone = Vec::new();
    for (i, size) in PART_SIZES.iter().enumerate() {
        let part = format!("{name} (part {} of {})", i + 1, PART_SIZES.len());
        let made = received.get(&part).map_or(0, Vec::len);
        assert_eq!(made, 1, "{part} was made {made} times");
        let numbers = numbers_of(&received[&part][0]);
        assert_eq!(numbers.len(), *size, "{part}");
        everyone.extend(numbers);
    }
    let once: HashSet<String> = everyone.iter().cloned().collect();
    assert_eq!(
        once.len(),
        everyone.len(),
        "{name}: someone is called twice"
    );
    assert_eq!(once, expected_numbers(), "{name}: not everyone is called");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twelve_thousand_rows_under_faults_make_the_planned_parts_and_call_everyone_once() {
    let s = setup(21).await;

    // Without the consent flag nothing is recorded or sent.
    let refused = s.run("Spring", &[]).await;
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains(campaign::actions::NO_CONSENT),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("--consent-confirmed"));
    assert!(s.sb.created_requests().is_empty());
    assert!(!s.store.exists(), "nothing recorded");

    s.sb.set_faults(0.2);
    // And, whatever the dice say, the answer to the first part's create is lost on its way back:
    // the part is made, and the command must find it rather than send it again.
    s.sb.lose_next_create();
    let (out, runs) = s.run_to_end("Spring", false).await;
    s.sb.set_faults(0.0);
    let stats = s.sb.stats();
    println!("{runs} run(s); sandbox: {stats:?}");
    assert!(stats.faults_lost_create >= 1, "{stats:?}");

    let received = s.received();
    assert_eq!(received.len(), PART_SIZES.len(), "{:?}", received.keys());
    each_part_once_and_everyone_once(&received, "Spring");
    let first = &received["Spring (part 2 of 6)"][0];
    assert_eq!(first["agent_id"], s.agent.as_str());
    assert_eq!(first["from_number_id"], s.number.as_str());
    // Starting now (no start time sent), 5,000 calls of 4 minutes before 19:45 in Chicago.
    assert_eq!(first["target_concurrency_limit"], 32);
    assert!(
        first.get("scheduled_at").is_none_or(Value::is_null),
        "{first}"
    );
    let wednesday = &received["Spring (part 6 of 6)"][0];
    assert_eq!(wednesday["scheduled_at"], "2026-12-09T15:00:00Z");
    assert_eq!(wednesday["target_concurrency_limit"], 60, "alone: all 60");
    assert_eq!(
        first["recipients"][0],
        serde_json::json!({"to_number": "+13125551000",
            "metadata": {"First name": "Person 0", "Plan": "Gold", "Notes": "call after 5, please"}})
    );

    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["parts"], 6);
    assert_eq!(summary["created"], 6);
    assert_eq!(summary["recipients"], ROWS);
    assert_eq!(summary["name"], "Spring");

    // The store holds the campaign as the app records one: each part created, with its batch,
    // and the audit log says what the app's would.
    let store = Store::open(&s.store).unwrap();
    let campaigns = store.campaigns().unwrap();
    assert_eq!(campaigns.len(), 1);
    let c = &campaigns[0];
    assert_eq!(
        c.setup.source_file_name.as_deref(),
        Some("spring_leads.csv")
    );
    assert!(c.setup.agent_name.is_some() && c.setup.from_number.is_some());
    let parts = store.parts(c.id).unwrap();
    assert!(parts.iter().all(|p| p.state == LaunchState::Created));
    let kinds: Vec<String> = store
        .audit_log(50)
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .collect();
    assert!(kinds.iter().any(|k| k == "created"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "launched"), "{kinds:?}");

    // The same command once more calls nobody again.
    let again = s.run("Spring", &["--consent-confirmed"]).await;
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already launched"),
        "{}",
        stderr(&again)
    );
    assert_eq!(s.sb.created_requests().len(), 6);
    drop(s.dir);
    s.sb.shutdown().await;
}

/// Lines of the command's progress until it ends, with when each came.
fn timed_lines(child: &mut std::process::Child) -> impl Iterator<Item = (Instant, String)> {
    let stdout = child.stdout.take().unwrap();
    std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .map(|l| (Instant::now(), l))
}

/// Starts the command with consent, its progress on a pipe.
fn spawn(mut cmd: Command) -> std::process::Child {
    cmd.arg("--consent-confirmed")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// How long the command spends sending, from the first part it sends to its end.
fn sending_span(cmd: Command) -> Duration {
    let mut child = spawn(cmd);
    let first = timed_lines(&mut child).find(|(_, l)| l.contains("sending"));
    child.wait().unwrap();
    first.map_or(Duration::from_millis(500), |(at, _)| at.elapsed())
}

/// Starts the command and kills it (SIGKILL) `delay` after it first says it is sending a part;
/// returns whether it was still running then.
fn kill_while_sending(cmd: Command, delay: Duration) -> bool {
    let mut child = spawn(cmd);
    let mut lines = timed_lines(&mut child);
    if lines.any(|(_, l)| l.contains("sending")) {
        std::thread::sleep(delay);
    }
    let running = child.try_wait().unwrap().is_none();
    if running {
        child.kill().unwrap(); // SIGKILL: no clean-up of any kind
    }
    child.wait().unwrap();
    running
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_killed_while_sending_and_run_again_sends_each_part_once() {
    let s = setup(34).await;
    s.sb.set_faults(0.2);
    let mut rng = StdRng::seed_from_u64(20_260_302);

    // How long sending takes here, so the kills land across all of it.
    let cmd = s.command("Calibration", &[]);
    let span = tokio::task::spawn_blocking(move || sending_span(cmd))
        .await
        .unwrap();
    s.run_to_end("Calibration", true).await;
    let span_ms = u64::try_from(span.as_millis()).unwrap_or(500).max(20);

    let (mut kills, mut mid_launch) = (0, 0);
    for c in 0..4 {
        let name = format!("Killed {c}");
        for _ in 0..2 {
            let delay = Duration::from_millis(rng.random_range(0..span_ms));
            let cmd = s.command(&name, &[]);
            let killed = tokio::task::spawn_blocking(move || kill_while_sending(cmd, delay))
                .await
                .unwrap();
            if !killed {
                continue;
            }
            kills += 1;
            let store = Store::open(&s.store).unwrap();
            let recorded = store
                .campaigns()
                .unwrap()
                .into_iter()
                .find(|x| x.setup.name == name);
            if let Some(campaign) = recorded {
                let states: Vec<LaunchState> = store
                    .parts(campaign.id)
                    .unwrap()
                    .iter()
                    .map(|p| p.state)
                    .collect();
                if states.iter().any(|s| *s != LaunchState::Created) {
                    mid_launch += 1;
                }
            }
        }
        // …then run the same command until it is done.
        s.run_to_end(&name, true).await;
    }
    println!("sending takes ~{span_ms} ms; {kills} kills, {mid_launch} mid-launch");
    assert!(
        mid_launch > 0,
        "no kill landed in the middle of a launch; the test proved nothing"
    );

    s.sb.set_faults(0.0);
    let received = s.received();
    let names = [
        "Calibration",
        "Killed 0",
        "Killed 1",
        "Killed 2",
        "Killed 3",
    ];
    assert_eq!(
        received.len(),
        names.len() * PART_SIZES.len(),
        "{:?}",
        received.keys()
    );
    for name in names {
        each_part_once_and_everyone_once(&received, name);
    }
    let store = Store::open(&s.store).unwrap();
    let campaigns = store.campaigns().unwrap();
    assert_eq!(campaigns.len(), names.len(), "one campaign per name");
    for c in campaigns {
        let parts = store.parts(c.id).unwrap();
        assert!(
            parts.iter().all(|p| p.state == LaunchState::Created),
            "{}",
            c.setup.name
        );
    }
    drop(s.dir);
    s.sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_agents_compared_reach_cartesia_in_the_chosen_shares() {
    let s = setup(33).await;
    let client = cartesia::Client::new(cartesia::ClientConfig::new(
        s.sb.base_url(),
        cartesia::ApiKey::new(s.sb.api_key()),
    ))
    .unwrap();
    let agents = client.list_agents().await.unwrap();
    let b = agents.iter().find(|a| a.id != s.agent).unwrap().id.clone();
    let out = s
        .run(
            "Compared",
            &[
                "--consent-confirmed",
                "--json",
                "--compare-agent",
                &b,
                "--share",
                "25",
                "--seed",
                "7",
            ],
        )
        .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("split with seed 7"),
        "{}",
        stderr(&out)
    );
    let mut per_agent: HashMap<String, usize> = HashMap::new();
    for body in s.sb.created_requests() {
        let agent = body["agent_id"].as_str().unwrap().to_owned();
        *per_agent.entry(agent).or_default() += numbers_of(&body).len();
    }
    assert_eq!(per_agent.get(&s.agent), Some(&(ROWS * 3 / 4)));
    assert_eq!(per_agent.get(&b), Some(&(ROWS / 4)));
    let store = Store::open(&s.store).unwrap();
    let id = store.campaigns().unwrap()[0].id;
    let split = store.campaign_split(id).unwrap().unwrap();
    assert_eq!(
        (split.agent_b_id, split.share_b_percent, split.seed),
        (b, 25, 7)
    );
}
