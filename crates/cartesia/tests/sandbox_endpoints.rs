//! The client against the real sandbox over loopback HTTP: every endpoint, and the documented
//! rules (refusals, paging, filters) as a user would notice them.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use cartesia::{
    ApiKey, BatchStatus, CallStatus, Client, ClientConfig, CreateBatchRequest, CreateOutcome,
    EndReason, PageParams,
};
use chrono::{Duration as Span, Utc};
use common::{env, recipients};

#[tokio::test]
async fn agents_and_numbers_are_listed_across_pages() {
    let e = env(100.0, 8).await;
    let agents = e.client.list_agents().await.unwrap();
    assert_eq!(agents.len(), 3);
    assert!(agents.iter().all(|a| !a.name.is_empty()));

    let all = e.client.list_all_phone_numbers().await.unwrap();
    assert_eq!(all.len(), 5);
    let mut paged = vec![];
    let mut page = PageParams {
        limit: Some(2),
        ..PageParams::default()
    };
    loop {
        let p = e
            .client
            .list_phone_numbers(&page, None, None)
            .await
            .unwrap();
        assert!(p.data.len() <= 2);
        paged.extend(p.data.iter().map(|n| n.id.clone()));
        if !p.has_more {
            break;
        }
        page.starting_after = p.data.last().map(|n| n.id.clone());
    }
    assert_eq!(paged, all.iter().map(|n| n.id.clone()).collect::<Vec<_>>());
    let spare = all.iter().find(|n| n.agent.is_none()).unwrap();
    assert!(spare.number.starts_with('+'));
    let mine = e
        .client
        .list_phone_numbers(&PageParams::default(), None, Some(&e.agent))
        .await
        .unwrap();
    assert!(mine
        .data
        .iter()
        .all(|n| n.agent.as_ref().unwrap().id == e.agent));
    e.sb.shutdown().await;
}

#[tokio::test]
async fn a_batch_runs_and_its_calls_can_be_read_and_heard() {
    let e = env(3000.0, 8).await;
    let req = e.request("Spring reminders", recipients(6, 2000), Some(3));
    let outcome = e.client.create_batch_exactly_once(&req).await.unwrap();
    assert!(matches!(outcome, CreateOutcome::Created(_)));
    let created = outcome.into_batch();
    assert_eq!(created.name, "Spring reminders");
    assert_eq!(created.total_calls_scheduled, 6);
    assert_eq!(created.target_concurrency_limit, Some(3));
    assert!(created.recipients.is_none(), "create returns no recipients");

    let done = e.until_finished(&created.id).await;
    assert_eq!(done.status, BatchStatus::Completed);
    let rs = done.recipients.clone().unwrap();
    assert_eq!(rs.len(), 6);
    assert!(rs.iter().all(|r| r.status.is_final()));
    assert_eq!(rs[0].metadata.as_ref().unwrap()["row"], 2);

    let calls = e.client.list_all_calls(&created.id, true).await.unwrap();
    assert!(!calls.is_empty());
    let first_page = e
        .client
        .list_calls(
            &created.id,
            false,
            &PageParams {
                limit: Some(2),
                ..PageParams::default()
            },
        )
        .await
        .unwrap();
    assert!(first_page.data.len() <= 2);
    assert!(first_page.data.iter().all(|c| c.transcript.is_empty()));

    let connected = calls
        .iter()
        .find(|c| c.status == CallStatus::Completed && c.duration().is_some())
        .expect("with seed 11 at least one of six calls connects");
    assert!(!connected.transcript.is_empty(), "expand=transcript");
    let call = e.client.get_call(&connected.id).await.unwrap();
    assert!(call.duration().unwrap() > Span::zero());
    assert!(call.transcript.iter().any(|t| t.role == "assistant"));
    assert!(matches!(
        call.end_reason,
        Some(EndReason::AgentHangup | EndReason::ClientHangup | EndReason::MaxDuration)
    ));
    assert_eq!(
        call.telephony_params.as_ref().unwrap().to.as_deref(),
        Some(
            rs.iter()
                .find(|r| r.agent_call_id.as_deref() == Some(&call.id))
                .unwrap()
                .to_number
                .as_str()
        )
    );
    let wav = e.client.call_audio(&connected.id).await.unwrap();
    assert_eq!(&wav[..4], b"RIFF");

    let missing = e.client.get_call("ac_nope").await.unwrap_err();
    assert!(missing.is_not_found());
    assert!(missing.to_string().contains("ac_nope"), "{missing}");
    e.sb.shutdown().await;
}

#[tokio::test]
async fn refused_creates_say_what_to_fix() {
    let e = env(100.0, 8).await;
    let mut list = recipients(4, 3000);
    list[2].to_number = "+1 415 555".into();
    let err = e
        .client
        .create_batch_exactly_once(&e.request("Bad number", list, None))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    let m = err.to_string();
    assert!(m.starts_with("Recipient 3 (+1 415 555)"), "{m}");

    let err = e
        .client
        .create_batch(&e.request("Too many", recipients(5001, 0), None))
        .await
        .unwrap_err();
    let m = err.to_string();
    assert!(
        m.contains("at most 5000 recipients") && m.contains("5001"),
        "{m}"
    );

    let err = e
        .client
        .create_batch(&e.request("Too fast", recipients(1, 3100), Some(9)))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("concurrency limit of 8"), "{err}");

    let mut past = e.request("Yesterday", recipients(1, 3200), None);
    past.scheduled_at = Some(Utc::now() - Span::days(1));
    let err = e.client.create_batch(&past).await.unwrap_err();
    assert!(err.to_string().contains("in the future"), "{err}");

    let mut no_agent = e.request("Who", recipients(1, 3300), None);
    no_agent.agent_id = "agent_missing".into();
    let err = e.client.create_batch(&no_agent).await.unwrap_err();
    assert!(err.is_not_found());
    assert!(
        err.to_string()
            .contains("no agent with the id agent_missing"),
        "{err}"
    );

    let mut no_number = e.request("From", recipients(1, 3400), None);
    no_number.from_number_id = "ap_missing".into();
    let err = e.client.create_batch(&no_number).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("no from number with the id ap_missing"),
        "{err}"
    );

    // Nothing refused was created.
    assert!(e.client.list_all_batches(None).await.unwrap().is_empty());

    let wrong = Client::new(ClientConfig::new(
        e.sb.base_url(),
        ApiKey::new("sk_car_wrongkey9876"),
    ))
    .unwrap();
    let err = wrong.list_agents().await.unwrap_err();
    assert!(err.is_unauthorized());
    let m = err.to_string();
    assert!(m.contains("Settings") && !m.contains("wrongkey"), "{m}");
    assert!(!format!("{err:?}").contains("wrongkey"));

    let err = e.client.get_batch("acb_unknown").await.unwrap_err();
    assert!(err.to_string().contains("acb_unknown"), "{err}");
    e.sb.shutdown().await;
}

#[tokio::test]
async fn batches_page_newest_first_and_filter_by_agent() {
    let e = env(100.0, 8).await;
    let agents = e.client.list_agents().await.unwrap();
    let other = &agents[1];
    let mut made = vec![];
    for i in 0..7 {
        made.push(
            e.create(&e.request(&format!("Mine {i}"), recipients(1, 8000 + i), None))
                .await
                .id,
        );
    }
    let mut theirs = CreateBatchRequest::new(
        "Theirs",
        &other.id,
        &other.phone_numbers[0].id,
        recipients(1, 8100),
    );
    theirs.target_concurrency_limit = None;
    let theirs = e.create(&theirs).await;

    let mut seen = vec![];
    let mut page = PageParams {
        limit: Some(3),
        ..PageParams::default()
    };
    loop {
        let p = e.client.list_batches(Some(&e.agent), &page).await.unwrap();
        assert!(p.data.len() <= 3);
        assert!(p.data.iter().all(|b| b.recipients.is_none()));
        seen.extend(p.data.iter().map(|b| b.id.clone()));
        if !p.has_more {
            break;
        }
        page.starting_after = p.next_page.clone();
    }
    made.reverse();
    assert_eq!(seen, made, "newest first, every one once");
    let all = e.client.list_all_batches(None).await.unwrap();
    assert_eq!(all.len(), 8);
    assert_eq!(all[0].id, theirs.id);
    let back = e
        .client
        .list_batches(
            Some(&e.agent),
            &PageParams {
                limit: Some(2),
                ending_before: Some(made[4].clone()),
                ..PageParams::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        back.data.iter().map(|b| b.id.clone()).collect::<Vec<_>>(),
        made[2..4]
    );
    e.sb.shutdown().await;
}
