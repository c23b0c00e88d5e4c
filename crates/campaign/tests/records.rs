//! Keeping the Campaigns list tidy against the real sandbox: a campaign whose calls are still to
//! come can be neither archived nor deleted; once it is over, archive and delete need the
//! person's confirmation, archive moves it to the archived list and back, rename changes the
//! name the list shows, and each is in the audit log. Delete removes Batchline's record only:
//! the batch is still in the Cartesia account, now listed with the batches made elsewhere.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod common;

use campaign::view::{detail, list};
use campaign::{actions, cancel, other_batches, AuditKind, Error, Launcher};
use cartesia::chrono::{Duration as Span, Utc};
use common::{env, recipient};
use sandbox::SandboxConfig;
use serde_json::json;
use std::time::Duration;

fn names(l: &[campaign::view::CampaignSummary]) -> Vec<&str> {
    l.iter().map(|c| c.name.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_campaign_is_renamed_archived_and_deleted_here_only() {
    let e = env(SandboxConfig::default(), Duration::from_secs(5)).await;
    let later = Utc::now() + Span::days(2);
    let people = vec![
        recipient("+14155550170", json!({})),
        recipient("+14155550171", json!({})),
    ];
    let id = e.campaign_of("Spring reminders", vec![people], Some(later), None);
    Launcher::new(e.store.clone())
        .launch(&e.client, id, |_| {})
        .await
        .unwrap();
    let now = Utc::now();

    // Scheduled: its calls are still to come, so it stays in sight.
    for refused in [
        actions::delete(&e.store, id, true, now),
        actions::archive(&e.store, id, true, true, now),
    ] {
        let err = refused.unwrap_err();
        assert!(matches!(err, Error::Refused(_)), "{err:?}");
        assert!(err.to_string().contains("Cancel it first"), "{err}");
    }

    cancel(&e.client, &e.store, id).await.unwrap();
    let now = Utc::now();

    // Unconfirmed: nothing happens.
    let err = actions::archive(&e.store, id, true, false, now).unwrap_err();
    assert!(matches!(err, Error::NotConfirmed(_)), "{err:?}");
    let err = actions::delete(&e.store, id, false, now).unwrap_err();
    assert!(matches!(err, Error::NotConfirmed(_)), "{err:?}");
    assert_eq!(
        names(&list(&e.store, Ok(vec![]), now).unwrap().campaigns),
        ["Spring reminders"]
    );

    // Rename: trimmed; an empty name is refused.
    let err = actions::rename(&e.store, id, "   ", now).unwrap_err();
    assert!(err.to_string().contains("needs a name"), "{err}");
    let said = actions::rename(&e.store, id, "  Spring follow-up ", now).unwrap();
    assert!(
        said.contains("In Cartesia its calls keep the name"),
        "{said}"
    );

    // Archive: off the list, on the archived list; and back.
    let said = actions::archive(&e.store, id, true, true, now).unwrap();
    assert!(said.contains("Show archived"), "{said}");
    let shown = list(&e.store, Ok(vec![]), now).unwrap();
    assert!(shown.campaigns.is_empty());
    assert_eq!(names(&shown.archived), ["Spring follow-up"]);
    // Its page says so (and offers to put it back).
    assert!(detail(&e.store, id, now).unwrap().archived);
    actions::archive(&e.store, id, false, false, now).unwrap();
    let shown = list(&e.store, Ok(vec![]), now).unwrap();
    assert_eq!(names(&shown.campaigns), ["Spring follow-up"]);
    assert!(shown.archived.is_empty());
    assert!(!detail(&e.store, id, now).unwrap().archived);

    // Delete: gone from Batchline; the batch is still in Cartesia, now among the others.
    assert!(other_batches(&e.client, &e.store).await.unwrap().is_empty());
    let said = actions::delete(&e.store, id, true, now).unwrap();
    assert!(said.contains("still in your Cartesia account"), "{said}");
    assert!(list(&e.store, Ok(vec![]), now)
        .unwrap()
        .campaigns
        .is_empty());
    assert!(
        e.store.parts(id).unwrap().is_empty(),
        "its parts went with it"
    );
    let others = other_batches(&e.client, &e.store).await.unwrap();
    assert_eq!(others.len(), 1, "Cartesia still has it");

    let log: Vec<(String, Option<String>)> = e
        .store
        .audit_log(20)
        .unwrap()
        .into_iter()
        .filter(|a| a.campaign_id == Some(id))
        .map(|a| (a.kind, a.detail))
        .collect();
    let kinds: Vec<&str> = log.iter().map(|(k, _)| k.as_str()).collect();
    for kind in [
        AuditKind::Renamed,
        AuditKind::Archived,
        AuditKind::Unarchived,
        AuditKind::Deleted,
    ] {
        assert!(kinds.contains(&kind.as_str()), "{kind:?} in {kinds:?}");
    }
    let renamed = log.iter().find(|(k, _)| k == "renamed").unwrap();
    assert_eq!(
        renamed.1.as_deref(),
        Some("renamed from \u{201c}Spring reminders\u{201d} to \u{201c}Spring follow-up\u{201d}")
    );
    assert_eq!(
        actions::delete(&e.store, id, true, now)
            .unwrap_err()
            .to_string(),
        Error::NotFound { what: "campaign" }.to_string(),
        "deleting twice says it's gone"
    );
}
