//! A test call to yourself and a pilot before the rest, against the real sandbox: the test call
//! is made exactly once whatever goes wrong (a click twice, a lost answer, faults), is followed
//! to its end and stays out of every campaign and of the other batches; a pilot's rest goes out
//! only when released, and then every recipient is called exactly once.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::actions::Confirmation;
use campaign::pilot::{plan_with_pilot, PilotRecord, PilotState};
use campaign::test_call::{
    test_call_request, TestCallAsk, TestCallSettings, TestCallStage, TestCallState,
};
use campaign::{Launcher, PlanInput, Start};
use chrono::Utc;
use common::env;
use sandbox::SandboxConfig;
use std::collections::HashMap;
use std::time::Duration;

fn quiet() -> SandboxConfig {
    SandboxConfig {
        seed: 11,
        hang_secs: 0.3,
        ..SandboxConfig::default()
    }
}

fn ready(n: usize) -> Vec<recipients::Recipient> {
    (0..n)
        .map(|i| recipients::Recipient {
            row: i as u64 + 2,
            to_number: format!("+1212555{:04}", 1000 + i),
            metadata: recipients::Metadata::from_pairs([("Name", format!("Person {i}").as_str())]),
        })
        .collect()
}

fn input<'a>(people: &'a [recipients::Recipient], agent: &str, number: &str) -> PlanInput<'a> {
    PlanInput {
        recipients: people,
        name: "Spring".into(),
        source: None,
        agent_id: agent.into(),
        agent_name: None,
        from_number_id: number.into(),
        from_number: None,
        concurrency: Some(4),
        ringing_timeout_seconds: None,
        max_call_duration_minutes: None,
        start: Start::Now,
        consent_acknowledged: true,
        concurrency_limit: Some(8),
        // Every day, all day as the rules allow: the test never depends on the hour it runs.
        hours: campaign::schedule::HoursChoice {
            days: vec![
                "mon".into(),
                "tue".into(),
                "wed".into(),
                "thu".into(),
                "fri".into(),
                "sat".into(),
                "sun".into(),
            ],
            from: "08:00".into(),
            to: "21:00".into(),
            skip_holidays: false,
            leave_out_unplaced: false,
        },
        location_columns: None,
        call_minutes: Some(1),
        finished_call_seconds: Vec::new(),
        rule_overrides: Vec::new(),
        consent: Default::default(),
        compare: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_call_is_made_once_followed_to_its_end_and_kept_out_of_everything() {
    let e = env(quiet(), Duration::from_millis(800)).await;
    let launcher = Launcher::new(e.store.clone());
    let people = ready(3);
    let settings = TestCallSettings {
        campaign_name: "Spring",
        agent_id: &e.agent,
        from_number_id: &e.number,
        country: "US",
        ..TestCallSettings::default()
    };
    // Checked like any recipient.
    let bad = TestCallAsk {
        to_number: "555-12".into(),
        row: None,
    };
    let said = test_call_request(&bad, &settings, &people)
        .unwrap_err()
        .to_string();
    assert!(
        said.contains("\u{201c}555-12\u{201d} can't be called"),
        "{said}"
    );
    let ask = TestCallAsk {
        to_number: "(415) 555-2671".into(),
        row: Some(3),
    };
    let req = test_call_request(&ask, &settings, &people).unwrap();
    assert_eq!(req.name, "Test call \u{2014} Spring");
    assert_eq!(req.recipients[0].to_number, "+14155552671");
    assert_eq!(
        req.recipients[0].metadata.as_ref().unwrap()["Name"],
        "Person 1",
        "the chosen row's call data"
    );

    // The answer to the create is lost; a second click comes while in doubt.
    e.sb.lose_next_create();
    let first = launcher
        .test_call(&e.client, Some("draft"), &req, Utc::now())
        .await
        .unwrap();
    let again = launcher
        .test_call(&e.client, Some("draft"), &req, Utc::now())
        .await
        .unwrap();
    assert_eq!(first.id, again.id, "a click twice is the same test call");
    // Followed: queued or ringing, then ended.
    let mut stages = Vec::new();
    let mut view = launcher
        .follow_test_call(&e.client, first.id, Utc::now())
        .await
        .unwrap();
    for _ in 0..200 {
        stages.push(view.stage);
        if view.stage == TestCallStage::Ended {
            break;
        }
        e.sb.shift_clock(chrono::Duration::seconds(20));
        view = launcher
            .follow_test_call(&e.client, first.id, Utc::now())
            .await
            .unwrap();
    }
    assert_eq!(view.stage, TestCallStage::Ended, "stages seen: {stages:?}");
    assert!(view.outcome_words.is_some(), "{view:?}");
    if view.outcome_words.as_deref() == Some("Answered") {
        assert!(!view.call.as_ref().unwrap().transcript.is_empty());
    }
    assert_eq!(
        e.store.test_call(first.id).unwrap().state,
        TestCallState::Ended
    );
    // Once over, a new click is a new test call.
    let next = launcher
        .test_call(&e.client, Some("draft"), &req, Utc::now())
        .await
        .unwrap();
    assert_ne!(next.id, first.id);

    let batches = e.all_batches().await;
    let tests = batches
        .iter()
        .filter(|b| b.name == "Test call \u{2014} Spring")
        .count();
    assert_eq!(tests, 2, "exactly one batch per test call: {batches:#?}");
    assert!(
        e.sb.stats().faults_lost_create > 0,
        "the lost answer happened"
    );
    // Never someone else's batch, never a campaign.
    let others = campaign::other_batches(&e.client, &e.store).await.unwrap();
    assert!(
        others.is_empty(),
        "test calls listed as other batches: {others:#?}"
    );
    assert!(e.store.campaigns().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_calls_under_faults_are_each_made_exactly_once() {
    let e = env(quiet(), Duration::from_millis(800)).await;
    let launcher = Launcher::new(e.store.clone());
    let people = ready(1);
    e.sb.set_faults(0.3);
    const N: usize = 8;
    for k in 0..N {
        let name = format!("Run {k}");
        let settings = TestCallSettings {
            campaign_name: &name,
            agent_id: &e.agent,
            from_number_id: &e.number,
            country: "US",
            ..TestCallSettings::default()
        };
        let ask = TestCallAsk {
            to_number: "+14155552671".into(),
            row: None,
        };
        let req = test_call_request(&ask, &settings, &people).unwrap();
        let draft = format!("d{k}");
        let mut tries = 0;
        loop {
            let v = match launcher
                .test_call(&e.client, Some(&draft), &req, Utc::now())
                .await
            {
                Ok(v) => v,
                Err(err) => panic!("{err}"),
            };
            if matches!(v.stage, TestCallStage::Queued | TestCallStage::Ended) {
                break;
            }
            tries += 1;
            assert!(tries < 40, "test call {k} never made: {v:?}");
        }
    }
    let stats = e.sb.stats();
    assert!(
        stats.faults_429
            + stats.faults_500
            + stats.faults_503
            + stats.faults_drop
            + stats.faults_hang
            + stats.faults_lost_create
            > 0,
        "the run saw no faults, so it proves nothing"
    );
    let batches = e.all_batches().await;
    let mut by_name: HashMap<String, u32> = HashMap::new();
    for b in &batches {
        *by_name.entry(b.name.clone()).or_default() += 1;
    }
    assert_eq!(by_name.len(), N, "{by_name:?}");
    assert!(by_name.values().all(|&n| n == 1), "made twice: {by_name:?}");
    let others = campaign::other_batches(&e.client, &e.store).await.unwrap();
    assert!(others.is_empty(), "{others:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pilot_then_the_rest_calls_everyone_exactly_once() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let launcher = Launcher::new(e.store.clone());
    let people = ready(35);
    let now = Utc::now();
    let pilot = plan_with_pilot(&input(&people, &e.agent, &e.number), 10, now).unwrap();
    assert_eq!(
        pilot
            .plan
            .parts
            .iter()
            .map(|p| p.recipients.len())
            .sum::<usize>(),
        10
    );
    assert_eq!(pilot.record.rest_count, 25);
    let too_big = plan_with_pilot(&input(&people, &e.agent, &e.number), 35, now).unwrap_err();
    assert!(too_big.to_string().contains("whole list"), "{too_big}");
    let id = e
        .store
        .create_campaign_with_hours(
            &pilot.plan.setup,
            &pilot.plan.parts,
            &pilot.planned_hours().unwrap(),
        )
        .unwrap();
    let report = launcher.launch(&e.client, id, |_| {}).await.unwrap();
    assert!(report.all_created(), "{report:?}");
    // Only the pilot went out.
    let sent: Vec<String> = e
        .all_batches()
        .await
        .iter()
        .map(|b| b.name.clone())
        .collect();
    assert_eq!(sent, vec!["Spring (pilot)".to_string()]);
    // The campaign's line says the rest waits for the person.
    let line = campaign::overview(&e.store, id).unwrap().status_line;
    assert!(line.contains("The other 25 people are"), "{line}");
    // A restart doesn't send the rest by itself.
    launcher.resume_incomplete(&e.client, |_| {}).await.unwrap();
    assert_eq!(e.all_batches().await.len(), 1);

    // Refused without a confirmation, or with one for fewer people.
    for (confirmation, said) in [
        (Confirmation::default(), "Nothing was sent"),
        (
            Confirmation {
                confirmed: true,
                recipients: 20,
            },
            "25 people would be called",
        ),
    ] {
        let refused = launcher
            .launch_rest(&e.client, id, &confirmation, now, |_| {})
            .await
            .unwrap_err();
        assert!(refused.to_string().contains(said), "{refused}");
    }

    let yes = Confirmation {
        confirmed: true,
        recipients: 25,
    };
    let released = launcher
        .launch_rest(&e.client, id, &yes, Utc::now(), |_| {})
        .await
        .unwrap();
    assert!(released.launch.all_created(), "{released:?}");
    // A second click, or Stop here now, changes nothing.
    let twice = launcher
        .launch_rest(&e.client, id, &yes, Utc::now(), |_| {})
        .await
        .unwrap_err();
    assert!(twice.to_string().contains("already launched"), "{twice}");
    assert!(campaign::pilot::stop_pilot(&e.store, id, &yes, Utc::now()).is_err());
    let line = campaign::overview(&e.store, id).unwrap().status_line;
    assert!(!line.contains("The other"), "{line}");
    let record = PilotRecord::of(&e.store, id).unwrap().unwrap();
    assert_eq!(record.state, PilotState::Released);
    assert!(record.rest.is_empty());

    // On the server: every recipient called exactly once.
    let mut called: HashMap<String, u32> = HashMap::new();
    for req in e.sb.created_requests() {
        for r in req["recipients"].as_array().unwrap() {
            *called
                .entry(r["to_number"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    assert_eq!(called.len(), 35, "{called:?}");
    assert!(called.values().all(|&n| n == 1), "{called:?}");
    let kinds = e.store.parts_of_kind(id, "rest").unwrap();
    assert!(!kinds.is_empty());
    let log = e.store.audit_log(50).unwrap();
    assert!(log.iter().any(|a| a.kind == "pilot_released"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_here_ends_the_campaign_with_its_pilot() {
    let e = env(quiet(), Duration::from_secs(5)).await;
    let launcher = Launcher::new(e.store.clone());
    let people = ready(12);
    let pilot = plan_with_pilot(&input(&people, &e.agent, &e.number), 2, Utc::now()).unwrap();
    let id = e
        .store
        .create_campaign_with_hours(
            &pilot.plan.setup,
            &pilot.plan.parts,
            &pilot.planned_hours().unwrap(),
        )
        .unwrap();
    launcher.launch(&e.client, id, |_| {}).await.unwrap();
    let no = campaign::pilot::stop_pilot(&e.store, id, &Confirmation::default(), Utc::now());
    assert!(no.unwrap_err().to_string().contains("Nothing was changed"));
    let yes = Confirmation {
        confirmed: true,
        recipients: 0,
    };
    campaign::pilot::stop_pilot(&e.store, id, &yes, Utc::now()).unwrap();
    let rest = launcher
        .launch_rest(
            &e.client,
            id,
            &Confirmation {
                confirmed: true,
                recipients: 10,
            },
            Utc::now(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(rest.to_string().contains("You stopped"), "{rest}");
    assert_eq!(e.sb.created_requests().len(), 1);
    let log = e.store.audit_log(50).unwrap();
    assert!(log.iter().any(|a| a.kind == "pilot_stopped"
        && a.detail
            .as_deref()
            .unwrap_or_default()
            .contains("10 recipients not called")));
}
