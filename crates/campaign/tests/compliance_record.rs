//! A campaign planned from a list with a consent column, launched and called to the end on the
//! real sandbox: its compliance record names who launched it and the words they ticked, keeps
//! each number's consent by spreadsheet row (never sent to Cartesia), and lists every call with
//! its time in the recipient's own zone and how it ended.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::consent::ConsentCheck;
use campaign::plan::{PlanInput, SourceFile, Start};
use campaign::{record, LaunchKept};
use cartesia::chrono::{DateTime, Utc};
use common::env;
use sandbox::SandboxConfig;
use std::time::Duration;

const LIST: &str = "Phone,Name,Consent\n\
    (415) 555-0510,Ana,2026-11-02 web form\n\
    (415) 555-0002,Bo,2026-11-03 phone call\n\
    (212) 555-0530,Cy,2026-11-04 <paper> & \"signed\"\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_called_on_the_sandbox_gives_a_record_with_every_attempt_in_local_time() {
    let cfg = SandboxConfig {
        seed: 7,
        speed: 1000.0,
        org_concurrency: 4,
        ..SandboxConfig::default()
    };
    let e = env(cfg, Duration::from_secs(5)).await;
    let list = recipients::import(
        LIST.as_bytes(),
        "spring.csv",
        &recipients::ImportOptions::default(),
    )
    .unwrap();
    // A Tuesday, 11:00 in New York and 8:00 in San Francisco: the planner's "now" (the parts
    // start at once either way for the sandbox, which dials on its own clock).
    let now = DateTime::parse_from_rfc3339("2026-12-08T17:00:00Z")
        .unwrap()
        .to_utc();
    let input = PlanInput {
        recipients: &list.recipients,
        name: "Spring".into(),
        source: Some(SourceFile::of("spring.csv", LIST.as_bytes())),
        agent_id: e.agent.clone(),
        agent_name: Some("Reminder".into()),
        from_number_id: e.number.clone(),
        from_number: None,
        concurrency: Some(2),
        ringing_timeout_seconds: None,
        max_call_duration_minutes: None,
        start: Start::Now,
        consent_acknowledged: true,
        concurrency_limit: Some(4),
        hours: campaign::schedule::HoursChoice::default(),
        location_columns: None,
        call_minutes: None,
        finished_call_seconds: Vec::new(),
        rule_overrides: Vec::new(),
        consent: ConsentCheck {
            column: Some("Consent".into()),
            required: true,
        },
        compare: None,
    };
    let plan = campaign::plan(&input, now).unwrap();
    let id = e
        .store
        .create_campaign_launched(
            &plan.setup,
            &plan.parts,
            &plan.planned_hours(),
            &LaunchKept {
                launched_by: Some("maria".into()),
                acknowledgement: Some("They agreed to be called.".into()),
                consent: plan.consent.clone(),
                ..LaunchKept::default()
            },
        )
        .unwrap();
    e.launch_until_done(id).await;

    // Cartesia was sent the name, never the consent.
    let mut sent = Vec::new();
    for b in e.all_batches().await {
        let batch = e.client.get_batch(&b.id).await.unwrap();
        sent.extend(batch.recipients.into_iter().flatten());
    }
    assert_eq!(sent.len(), 3);
    for r in &sent {
        let keys: Vec<&String> = r
            .metadata
            .as_ref()
            .and_then(|m| m.as_object())
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["Name"], "{:?}", r.metadata);
    }

    let r = record::gather(
        &e.client,
        &e.store,
        id,
        chrono_tz::America::New_York,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(r.launched_by.as_deref(), Some("maria"));
    assert_eq!(
        r.acknowledgement.as_deref(),
        Some("They agreed to be called.")
    );
    assert_eq!(r.consent_column.as_deref(), Some("Consent"));
    assert!(r.launched_at.is_some());
    let person = |n: &str| r.people.iter().find(|p| p.number == n).unwrap();
    let ana = person("+14155550510");
    assert_eq!(ana.row, Some(2));
    assert_eq!(ana.consent.as_deref(), Some("2026-11-02 web form"));
    assert_eq!(ana.zone, Some(chrono_tz::America::Los_Angeles));
    assert_eq!(ana.attempts.len(), 1, "{ana:?}");
    assert_eq!(ana.attempts[0].outcome, "Answered");
    let bo = person("+14155550002");
    assert_eq!(bo.attempts[0].outcome, "No answer");
    let cy = person("+12125550530");
    assert_eq!(cy.zone, Some(chrono_tz::America::New_York));
    assert_eq!(cy.row, Some(4));

    // The page shows Cy's call at its New York time, and what the list said, escaped.
    let started = cy.attempts[0].started.unwrap();
    let local = started
        .with_timezone(&chrono_tz::America::New_York)
        .format("%a %-d %b %Y %H:%M:%S %Z")
        .to_string();
    let page = record::html(&r);
    assert!(page.contains(&local), "{local} in the page");
    assert!(page.contains("2026-11-04 &lt;paper&gt; &amp; &quot;signed&quot;"));
    let parts = r.parts;
    assert!(
        page.contains(&format!(
            "Launched by maria: {parts} part{}, 3 people",
            if parts == 1 { "" } else { "s" }
        )),
        "{page}"
    );
    let csv = String::from_utf8(record::csv(&r).unwrap()).unwrap();
    assert_eq!(csv.lines().filter(|l| l.starts_with("Call,")).count(), 3);
}
