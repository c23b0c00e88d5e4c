//! Two agents compared against the real sandbox: the recipients split 70/30 between two agents
//! reach Cartesia in parts of one agent each, in exactly the chosen shares and as the seed drew
//! them; once the calls have ended the campaign page compares the two sides and counts the
//! minutes so far.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::compare::{spending, Compare};
use campaign::split::{Side, Split};
use campaign::{Launcher, PlanInput, Start};
use chrono::Utc;
use common::env;
use sandbox::SandboxConfig;
use std::collections::HashMap;
use std::time::Duration;

fn people(n: usize) -> Vec<recipients::Recipient> {
    (0..n)
        .map(|i| recipients::Recipient {
            row: i as u64 + 2,
            to_number: format!("+1212555{:04}", 1000 + i),
            metadata: recipients::Metadata::from_pairs([("Name", format!("Person {i}").as_str())]),
        })
        .collect()
}

fn every_day() -> campaign::schedule::HoursChoice {
    campaign::schedule::HoursChoice {
        days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .map(String::from)
            .to_vec(),
        from: "08:00".into(),
        to: "21:00".into(),
        skip_holidays: false,
        leave_out_unplaced: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_receives_each_agents_share_in_parts_of_its_own() {
    let e = env(
        SandboxConfig {
            seed: 5,
            hang_secs: 0.3,
            ..SandboxConfig::default()
        },
        Duration::from_millis(800),
    )
    .await;
    let agents = e.client.list_agents().await.unwrap();
    let agent_b = agents[1].id.clone();
    let list = people(100);
    let split = Split {
        agent_b_id: agent_b.clone(),
        agent_b_name: Some(agents[1].name.clone()),
        share_b_percent: 30,
        seed: 20_261_207,
    };
    let input = PlanInput {
        recipients: &list,
        name: "Spring".into(),
        source: None,
        agent_id: e.agent.clone(),
        agent_name: Some(agents[0].name.clone()),
        from_number_id: e.number.clone(),
        from_number: None,
        concurrency: Some(6),
        ringing_timeout_seconds: None,
        max_call_duration_minutes: None,
        start: Start::Now,
        consent_acknowledged: true,
        concurrency_limit: Some(8),
        // Every day, all day as the rules allow: the test never depends on the hour it runs.
        hours: every_day(),
        location_columns: None,
        call_minutes: Some(1),
        finished_call_seconds: Vec::new(),
        rule_overrides: Vec::new(),
        consent: Default::default(),
        compare: Some(Compare::new(split.clone())),
    };
    let plan = campaign::plan(&input, Utc::now()).unwrap();
    let id = e
        .store
        .create_campaign_with_hours(&plan.setup, &plan.parts, &plan.planned_hours())
        .unwrap();
    e.store
        .set_campaign_split(id, plan.split.as_ref().unwrap())
        .unwrap();
    let report = Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    assert_eq!(report.created, report.parts);

    // What the sandbox was asked to call, per agent.
    let mut per_agent: HashMap<String, Vec<String>> = HashMap::new();
    for req in e.sb.created_requests() {
        let agent = req["agent_id"].as_str().unwrap().to_string();
        let numbers = req["recipients"].as_array().unwrap().iter();
        per_agent
            .entry(agent)
            .or_default()
            .extend(numbers.map(|r| r["to_number"].as_str().unwrap().to_string()));
    }
    assert_eq!(
        per_agent.len(),
        2,
        "two agents' parts: {:?}",
        per_agent.keys()
    );
    assert_eq!(per_agent[&e.agent].len(), 70);
    assert_eq!(per_agent[&agent_b].len(), 30);
    // The very people the seed drew for the second agent.
    let drawn: Vec<String> = split
        .assign(100)
        .iter()
        .zip(&list)
        .filter(|(s, _)| **s == Side::B)
        .map(|(_, r)| r.to_number.clone())
        .collect();
    let mut got = per_agent[&agent_b].clone();
    got.sort();
    assert_eq!(got, drawn);

    // Once the calls have ended the page compares the two sides.
    let mut page = spending(&e.client, &e.store, id, Some(0.074))
        .await
        .unwrap();
    for _ in 0..120 {
        let c = page.compared.as_ref().unwrap();
        // A number or two may fail before it is dialed: most calls are enough.
        if c.a.figures.dialed + c.b.figures.dialed >= 95 {
            break;
        }
        e.sb.shift_clock(chrono::Duration::seconds(60));
        tokio::time::sleep(Duration::from_millis(20)).await;
        page = spending(&e.client, &e.store, id, Some(0.074))
            .await
            .unwrap();
    }
    let c = page.compared.unwrap();
    // Each side's calls are its own people's only.
    assert!(
        (65..=70).contains(&c.a.figures.dialed),
        "{}",
        c.a.figures.dialed
    );
    assert!(
        (25..=30).contains(&c.b.figures.dialed),
        "{}",
        c.b.figures.dialed
    );
    assert_eq!((c.a.share_percent, c.b.share_percent), (70, 30));
    assert_eq!(c.b.figures.agent_name, agents[1].name);
    assert!(c.difference.p_value.is_some(), "{}", c.difference.words);
    assert!(page.spent.minutes > 0.0);
    assert!(
        page.spent.words.contains(" so far, $"),
        "{}",
        page.spent.words
    );
}
