//! A call an answering machine took, against the real sandbox: Cartesia reports it as answered
//! (its end reason is the agent hanging up), so the recipients table says Answered; opened in
//! the call panel, its transcript shows the machine's greeting and it reads Voicemail, saying why.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::view::{Outcome, MACHINE_IN_TRANSCRIPT};
use campaign::{call_detail, recipients};
use common::{env, recipient};
use sandbox::SandboxConfig;
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_machine_that_picked_up_reads_as_voicemail_in_the_call_panel() {
    let cfg = SandboxConfig {
        seed: 4,
        speed: 1000.0,
        org_concurrency: 4,
        ..SandboxConfig::default()
    };
    let e = env(cfg, Duration::from_secs(5)).await;
    // The sandbox's answering machine (ending 0004) and an ordinary number beside it.
    let people = vec![
        recipient("+12125550004", json!({"name": "Machine"})),
        recipient("+12125550321", json!({"name": "Person"})),
    ];
    let id = e.campaign_of("Machines", vec![people], None, None);
    e.launch_until_done(id).await;

    let table = recipients(&e.client, &e.store, id).await.unwrap();
    let machine = table
        .rows
        .iter()
        .find(|r| r.to_number == "+12125550004")
        .unwrap();
    // The table reads end reasons only: the agent hung up on a call that connected.
    assert_eq!(machine.end_reason.as_deref(), Some("agent_hangup"));
    assert_eq!(machine.outcome, Some(Outcome::Answered));

    let call = call_detail(&e.client, machine.agent_call_id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(call.outcome, Some(Outcome::Voicemail));
    assert_eq!(call.status_label, "Voicemail");
    assert_eq!(call.outcome_reason.as_deref(), Some(MACHINE_IN_TRANSCRIPT));
    assert!(call.transcript[0].text.contains("leave a message"));

    // The results file says the same as the call panel; the person who answered stays Answered.
    let csv = campaign::export::export_results(&e.client, &e.store, id)
        .await
        .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let line = |number: &str| {
        text.lines()
            .find(|l| l.contains(number))
            .unwrap_or_default()
            .to_string()
    };
    let machine_line = line("12125550004");
    assert!(machine_line.contains(",Voicemail,"), "{machine_line}");
    assert!(
        machine_line.contains(MACHINE_IN_TRANSCRIPT),
        "{machine_line}"
    );
    assert!(!line("12125550321").contains("Voicemail"));
}
