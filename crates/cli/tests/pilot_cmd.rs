//! `batchline campaign launch --pilot N`, then `campaign launch-rest` / `stop-pilot`, as a person
//! runs them against the sandbox: the pilot alone goes out, the rest only once confirmed with
//! its size, and then every recipient has been called exactly once.

#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use recipients::testdata;
use std::collections::HashMap;
use std::process::{Command, Output};

const ROWS: usize = 40;
/// Tuesday 8 December 2026, 9:00 in Chicago: inside the default calling hours.
const NOW: &str = "2026-12-08T15:00:00Z";

fn batchline(sb: &sandbox::Sandbox, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_batchline"));
    c.args(args)
        .env("BATCHLINE_TEST_NOW", NOW)
        .env("CARTESIA_BASE_URL", sb.base_url())
        .env("CARTESIA_API_KEY", sb.api_key());
    c
}

async fn run(mut c: Command) -> Output {
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// How many times the sandbox was asked to call each number.
fn called(sb: &sandbox::Sandbox) -> HashMap<String, u32> {
    let mut n = HashMap::new();
    for req in sb.created_requests() {
        for r in req["recipients"].as_array().unwrap() {
            *n.entry(r["to_number"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pilot_then_the_rest_from_the_command_line_calls_everyone_once() {
    let sb = sandbox::start(sandbox::SandboxConfig {
        seed: 14,
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
    let file = dir.path().join("leads.csv");
    std::fs::write(&file, testdata::crm_export(ROWS)).unwrap();
    let store = dir.path().join("campaigns.sqlite");
    let store = store.to_str().unwrap();

    let mut launch = batchline(&sb, &["campaign", "launch"]);
    launch.arg(&file).args([
        "--name",
        "Leads",
        "--agent",
        &agent.id,
        "--from",
        &agent.phone_numbers[0].id,
        "--consent-confirmed",
        "--pilot",
        "10",
        "--json",
        "--store",
        store,
    ]);
    let out = run(launch).await;
    assert!(out.status.success(), "{}", said(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = summary["campaignId"].as_str().unwrap().to_string();
    assert_eq!(called(&sb).len(), 10, "only the pilot went out");

    let rest = |extra: &[&str]| {
        let mut c = batchline(&sb, &["campaign", "launch-rest", "--campaign", &id]);
        c.args(["--store", store]).args(extra);
        c
    };
    // Without a confirmation it only says how many people that is.
    let asked = run(rest(&[])).await;
    assert!(!asked.status.success());
    assert!(
        said(&asked).contains("The rest is 30 people"),
        "{}",
        said(&asked)
    );
    assert_eq!(called(&sb).len(), 10);
    // Confirmed for fewer than it calls: refused.
    let short = run(rest(&["--confirm", "29"])).await;
    assert!(!short.status.success());
    assert!(
        said(&short).contains("30 people would be called"),
        "{}",
        said(&short)
    );

    let out = run(rest(&["--confirm", "30"])).await;
    assert!(out.status.success(), "{}", said(&out));
    let n = called(&sb);
    assert_eq!(n.len(), ROWS);
    assert!(n.values().all(|&k| k == 1), "{n:?}");
    // Decided: neither again, nor Stop here now.
    let again = run(rest(&["--confirm", "30"])).await;
    assert!(
        said(&again).contains("already launched"),
        "{}",
        said(&again)
    );
    let mut stop = batchline(&sb, &["campaign", "stop-pilot", "--campaign", &id]);
    stop.args(["--store", store, "--confirm", "0"]);
    let stop = run(stop).await;
    assert!(!stop.status.success());
    assert_eq!(called(&sb).len(), ROWS);
}
