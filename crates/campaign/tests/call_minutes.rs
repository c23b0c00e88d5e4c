//! The expected minutes per call come from this account's finished calls with the agent, read
//! from the real sandbox: once an agent has finished calls, the plan goes by their usual length
//! (plus ringing) and says so; an agent with no calls yet keeps Batchline's default.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::schedule::{agent_call_seconds, call_minutes, CallMinutesSource};
use common::{env, recipient};
use sandbox::SandboxConfig;
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figure_comes_from_the_agents_finished_calls() {
    let cfg = SandboxConfig {
        seed: 11,
        speed: 1000.0,
        org_concurrency: 8,
        ..SandboxConfig::default()
    };
    let e = env(cfg, Duration::from_secs(5)).await;
    assert!(
        agent_call_seconds(&e.client, &e.agent)
            .await
            .unwrap()
            .is_empty(),
        "no calls yet"
    );
    let before = call_minutes(None, &[], 30);
    assert_eq!(before.source, CallMinutesSource::Default);

    let people = (0..12)
        .map(|i| recipient(&format!("+1212555{:04}", 1000 + i), json!({})))
        .collect();
    let id = e.campaign_of("Lengths", vec![people], None, Some(8));
    e.launch_until_done(id).await;

    // What Cartesia says of the same calls, to compare with.
    let listed = e
        .client
        .recent_agent_calls(&e.agent, campaign::schedule::RECENT_CALLS)
        .await
        .unwrap();
    let completed: Vec<i64> = listed
        .iter()
        .filter(|c| c.status == cartesia::CallStatus::Completed)
        .filter_map(|c| c.duration().map(|d| d.num_seconds()))
        .collect();
    assert!(completed.len() >= 5, "{} completed calls", completed.len());

    let seconds = agent_call_seconds(&e.client, &e.agent).await.unwrap();
    assert_eq!(
        seconds.len(),
        completed.len(),
        "every completed call, no other"
    );
    let mut sorted = seconds.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let figure = call_minutes(None, &seconds, 30);
    assert_eq!(
        figure.source,
        CallMinutesSource::FinishedCalls {
            calls: u32::try_from(seconds.len()).unwrap()
        }
    );
    assert_eq!(figure.minutes, (median + 30).div_ceil(60).max(1));
    assert!(
        figure.words(30).contains(&format!(
            "the usual length of this agent's last {} calls",
            seconds.len()
        )),
        "{}",
        figure.words(30)
    );
    // The person's own figure still wins.
    assert_eq!(call_minutes(Some(7), &seconds, 30).minutes, 7);
}
