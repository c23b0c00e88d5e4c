//! Editing a scheduled campaign before it starts, against the sandbox over loopback: the old
//! batches are cancelled, everyone is in exactly one live batch with the new settings, and an
//! edit is refused once Cartesia says calling started.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::actions::{edit_form, edit_scheduled, Edit};
use campaign::{AuditKind, Launcher, Start};
use cartesia::chrono::{Duration as Span, Utc};
use cartesia::BatchStatus;
use common::{env, recipient};
use sandbox::SandboxConfig;
use std::collections::BTreeMap;
use std::time::Duration;

fn list(part: u32, n: u32) -> Vec<cartesia::NewRecipient> {
    (0..n)
        .map(|i| {
            recipient(
                &format!("+1415{part:03}{:04}", 1000 + i),
                serde_json::json!({ "first_name": format!("P{part}-{i}") }),
            )
        })
        .collect()
}

fn edit_of(e: &common::Env, start: cartesia::chrono::DateTime<Utc>) -> Edit {
    Edit {
        name: "Spring recall (edited)".into(),
        agent_id: e.agent.clone(),
        agent_name: None,
        from_number_id: e.number.clone(),
        from_number: None,
        concurrency: Some(2),
        ringing_timeout_seconds: Some(25),
        max_call_duration_minutes: Some(7),
        start: Start::At {
            utc: start,
            time_zone: Some("America/Chicago".into()),
        },
        concurrency_limit: Some(10),
        confirmed: true,
    }
}

/// Live (not cancelled) batches' recipients: number → (batch name, metadata).
async fn live_recipients(
    e: &common::Env,
) -> BTreeMap<String, Vec<(String, Option<serde_json::Value>)>> {
    let mut out: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for b in e.all_batches().await {
        if b.status == BatchStatus::Cancelled {
            continue;
        }
        let full = e.client.get_batch(&b.id).await.unwrap();
        for r in full.recipients.unwrap_or_default() {
            out.entry(r.to_number.clone())
                .or_default()
                .push((b.name.clone(), r.metadata.clone()));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_campaign_is_replaced_with_its_new_settings_and_nobody_is_lost() {
    let e = env(SandboxConfig::default(), Duration::from_secs(5)).await;
    let now = e.sb.now();
    let first_start = now + Span::hours(2);
    let id = e.campaign_of(
        "Spring recall",
        vec![list(1, 40), list(2, 25)],
        Some(first_start),
        Some(4),
    );
    let launcher = Launcher::new(e.store.clone());
    let report = launcher.launch(&e.client, id, |_| {}).await.unwrap();
    assert!(report.all_created());

    let form = edit_form(&e.store, id).unwrap();
    assert_eq!(form.recipients, 65);
    assert_eq!(form.disabled_reason, None);

    // Unconfirmed: nothing changes.
    let mut unconfirmed = edit_of(&e, now + Span::hours(5));
    unconfirmed.confirmed = false;
    let err = edit_scheduled(
        &e.store,
        &launcher,
        &e.client,
        id,
        &unconfirmed,
        now,
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("Nothing was changed"), "{err}");
    assert_eq!(e.all_batches().await.len(), 2);

    // What the planner refuses is refused, in the form's words, before anything changes.
    let mut too_many = edit_of(&e, now + Span::hours(5));
    too_many.concurrency = Some(11);
    let err = edit_scheduled(&e.store, &launcher, &e.client, id, &too_many, now, |_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("allows 10 calls"), "{err}");
    assert!(!err.contains("step"), "{err}");
    let mut ringing = edit_of(&e, now + Span::hours(5));
    ringing.ringing_timeout_seconds = Some(4);
    assert!(
        edit_scheduled(&e.store, &launcher, &e.client, id, &ringing, now, |_| {})
            .await
            .is_err()
    );
    assert_eq!(e.all_batches().await.len(), 2, "nothing was cancelled");

    let new_start = now + Span::hours(5);
    let out = edit_scheduled(
        &e.store,
        &launcher,
        &e.client,
        id,
        &edit_of(&e, new_start),
        now,
        |_| {},
    )
    .await
    .unwrap();
    assert!(out.done, "{}", out.message);
    assert!(out.message.contains("65 recipients"), "{}", out.message);

    // Cartesia: the two old batches cancelled; the 65 people planned again as one list fit in
    // one new batch with the new settings.
    let batches = e.all_batches().await;
    assert_eq!(batches.len(), 3);
    let cancelled = batches
        .iter()
        .filter(|b| b.status == BatchStatus::Cancelled)
        .count();
    assert_eq!(cancelled, 2);
    let sent = e.sb.created_requests();
    let new: Vec<_> = sent.iter().skip(2).collect();
    assert_eq!(new.len(), 1);
    for req in &new {
        assert_eq!(req["name"], "Spring recall (edited)");
        assert_eq!(req["target_concurrency_limit"], 2);
        assert_eq!(req["ringing_timeout_seconds"], 25);
        assert_eq!(req["max_call_duration_minutes"], 7);
        let at =
            cartesia::chrono::DateTime::parse_from_rfc3339(req["scheduled_at"].as_str().unwrap())
                .unwrap();
        assert_eq!(at, new_start);
    }
    // Everyone in exactly one live batch, with their call data.
    let live = live_recipients(&e).await;
    assert_eq!(live.len(), 65);
    assert!(live.values().all(|v| v.len() == 1), "{live:?}");
    assert_eq!(
        live["+14150021003"][0].1.as_ref().unwrap()["first_name"],
        "P2-3"
    );

    // The store: the campaign's new settings, old parts replaced, the audit log says so.
    let c = e.store.campaign(id).unwrap();
    assert_eq!(c.setup.name, "Spring recall (edited)");
    assert_eq!(c.setup.scheduled_at, Some(new_start));
    assert_eq!(c.setup.time_zone.as_deref(), Some("America/Chicago"));
    let parts = e.store.parts(id).unwrap();
    assert_eq!(parts.len(), 3);
    assert!(parts[..2].iter().all(|p| p.replaced()));
    assert!(parts[2..]
        .iter()
        .all(|p| p.state == campaign::LaunchState::Created && p.carried_from.is_some()));
    let kinds: Vec<String> = e
        .store
        .audit_log(100)
        .unwrap()
        .into_iter()
        .filter(|a| a.campaign_id == Some(id))
        .map(|a| a.kind)
        .collect();
    assert!(
        kinds.iter().any(|k| k == AuditKind::Edited.as_str()),
        "{kinds:?}"
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == AuditKind::Moved.as_str())
            .count(),
        1,
        "{kinds:?}"
    );
    let form = edit_form(&e.store, id).unwrap();
    assert_eq!(form.recipients, 65);
    assert_eq!(form.concurrency, Some(2));

    // Every screen shows the campaign as it is now: one part, 65 people, once each.
    let o = campaign::overview(&e.store, id).unwrap();
    assert_eq!(o.parts.len(), 1);
    assert_eq!((o.parts[0].part, o.parts[0].parts), (1, 1));
    assert_eq!(o.progress.total, 65);
    assert_eq!(o.progress.cancelled, 0);
    let table = campaign::recipients(&e.client, &e.store, id).await.unwrap();
    assert_eq!(table.rows.len(), 65);
    let copy = campaign::actions::duplicate_setup(&e.store, id).unwrap();
    assert_eq!(copy.recipients.len(), 65);
    assert_eq!(copy.ringing_timeout_seconds, Some(25));

    // Once Cartesia starts calling, an edit is refused and nothing changes.
    e.sb.set_clock(new_start + Span::minutes(2));
    let mut started = false;
    for _ in 0..200 {
        let b = e
            .client
            .get_batch(parts[2].api_batch_id.as_deref().unwrap())
            .await
            .unwrap();
        if b.total_calls_dispatched > 0 {
            started = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(started, "the sandbox never started the batch");
    let later = e.sb.now();
    let err = edit_scheduled(
        &e.store,
        &launcher,
        &e.client,
        id,
        &edit_of(&e, later + Span::hours(3)),
        later,
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("Calling has started"), "{err}");
    assert_eq!(e.all_batches().await.len(), 3);
    e.sb.shutdown().await;
}

/// A campaign planned by calling hours stays inside them when its start is moved: asked to
/// start at 2:00 in New York, its people are scheduled for 9:00 there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_start_is_planned_inside_the_recipients_hours() {
    let monday = cartesia::chrono::DateTime::parse_from_rfc3339("2026-12-07T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let e = env(
        SandboxConfig {
            clock_start: Some(monday),
            speed: 1.0,
            ..SandboxConfig::default()
        },
        Duration::from_secs(5),
    )
    .await;
    let now = e.sb.now();
    let people: Vec<_> = (0..30)
        .map(|i| recipient(&format!("+1212555{:04}", 1000 + i), serde_json::json!({})))
        .collect();
    let mut req = cartesia::CreateBatchRequest::new("Flu shots", &e.agent, &e.number, people);
    req.scheduled_at = Some(now + Span::hours(20));
    req.target_concurrency_limit = Some(3);
    let id = e
        .store
        .create_campaign_with_hours(
            &campaign::NewCampaign {
                name: "Flu shots".into(),
                agent_id: e.agent.clone(),
                from_number_id: e.number.clone(),
                scheduled_at: req.scheduled_at,
                concurrency: Some(3),
                ..campaign::NewCampaign::default()
            },
            &[req],
            &campaign::PlannedHours {
                calling_hours: Some(
                    serde_json::to_string(&campaign::schedule::HoursChoice::default()).unwrap(),
                ),
                left_out: None,
                ends_by: vec![None],
                pilot: None,
            },
        )
        .unwrap();
    let launcher = Launcher::new(e.store.clone());
    assert!(launcher
        .launch(&e.client, id, |_| {})
        .await
        .unwrap()
        .all_created());

    // Tuesday 2:00 in New York (7:00 UTC): before the hours open.
    let two_am = cartesia::chrono::DateTime::parse_from_rfc3339("2026-12-08T07:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let out = edit_scheduled(
        &e.store,
        &launcher,
        &e.client,
        id,
        &edit_of(&e, two_am),
        now,
        |_| {},
    )
    .await
    .unwrap();
    assert!(out.done, "{}", out.message);
    let sent = e.sb.created_requests();
    let new = sent.last().unwrap();
    let at = cartesia::chrono::DateTime::parse_from_rfc3339(new["scheduled_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let nine_am = cartesia::chrono::DateTime::parse_from_rfc3339("2026-12-08T14:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(at, nine_am, "9:00 in New York, not 2:00");
    assert_eq!(new["recipients"].as_array().unwrap().len(), 30);
    let part = e.store.live_parts(id).unwrap().remove(0);
    assert!(
        part.ends_by.is_some(),
        "the new part knows when its hours close"
    );
    // The page says when calling really starts (the part's start), not the time asked for.
    let o = campaign::view::overview_at(&e.store, id, now).unwrap();
    assert!(o.status_line.contains("14:00 UTC"), "{}", o.status_line);
    e.sb.shutdown().await;
}
