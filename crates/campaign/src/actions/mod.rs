//! Steering a campaign: call the unreached again, stop it, or start over from a copy.
//!
//! A campaign is several Cartesia batches, so every action is several requests, and any of them
//! can fail on its own. The rule here is to never half-report: each part gets its own outcome
//! (done, skipped with why, failed with why, or unknown when Cartesia's answer was lost and
//! couldn't be checked), and the summary message says which parts it covers. Trouble that is not
//! about one part (a refused key, the network, Cartesia busy or down) stops the run, and the
//! parts not tried are reported as such instead of waiting out the same failure for each.
//!
//! Retry is not idempotent (a second one re-queues the failed calls again), so a retry whose
//! answer was lost is checked by reading the batch's `retry_count` before anything is reported.

mod cancel;
mod confirm;
mod duplicate;
mod edit;
mod records;
mod retry;
mod unsent;

pub use cancel::{cancel, cancel_disabled_reason};
pub use confirm::{
    check_confirmed, check_launch_confirmed, Confirmation, LaunchConfirmation, Steer, NO_CONSENT,
};
pub use duplicate::{duplicate_setup, DuplicateSetup};
pub use edit::{
    edit_disabled_reason, edit_form, edit_scheduled, Edit, EditForm, EditOutcome, EditRequest,
};
pub use records::{archive, delete, rename, MAX_NAME_CHARS};
pub use retry::{retry_failed, retry_preview};
pub use unsent::{unsent, withdraw_unsent, Unsent};

use crate::error::{Error, Result};
use crate::store::{
    AuditEntry, AuditKind, CampaignId, LaunchState, NewCampaign, Part, PartId, Store,
};
use crate::tracker::snapshot_of;
use crate::view::{self, capital, count, plural};
use cartesia::{BatchStatus, Client, NewRecipient, RecipientStatus};
use serde::Serialize;

/// What "Retry failed" would do, from the latest progress seen (no network).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryPreview {
    /// Recipients whose latest attempt failed or went unanswered, in parts that can be retried.
    pub recipients_to_redial: u32,
    /// Retries done so far (the highest of the parts').
    pub retry_count: u32,
    /// Why the button is disabled, in words; `None` when it can be used.
    pub disabled_reason: Option<String>,
}

/// How one part fared in an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PartResult {
    /// The action was applied.
    Done,
    /// There was nothing to do for this part (the message says why).
    Skipped,
    /// Cartesia refused or couldn't be reached; nothing changed for this part.
    Failed,
    /// Cartesia's answer was lost and couldn't be checked: look again before repeating.
    Unknown,
    /// Not tried, because of an earlier part's trouble that would repeat.
    NotTried,
}

/// One part's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartOutcome {
    pub part_id: PartId,
    pub part: u32,
    pub parts: u32,
    pub result: PartResult,
    /// Recipients concerned: re-queued by a retry, or no longer to be called after a cancel.
    pub recipients: u32,
    /// The part's retry count after the action, when known.
    pub retry_count: Option<u32>,
    /// In words.
    pub message: String,
}

/// What "Retry failed" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryOutcome {
    /// Recipients queued to be called again, over all parts.
    pub requeued: u32,
    /// The highest retry count among the parts after the action.
    pub retry_count: u32,
    pub parts: Vec<PartOutcome>,
    /// A summary in words.
    pub message: String,
    /// Each part that wasn't retried as asked, with why.
    pub problems: Vec<String>,
    /// Cartesia refused the key: the app should send the person to Settings.
    pub key_refused: bool,
}

/// What "Cancel" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelOutcome {
    /// Recipients who won't be called now.
    pub stopped: u32,
    /// Calls already under way, which finish.
    pub still_running: u32,
    pub parts: Vec<PartOutcome>,
    pub message: String,
    pub problems: Vec<String>,
    pub key_refused: bool,
}

/// `part 2 of 3`, or `the campaign` when it is one part.
pub(super) fn part_name(p: &Part) -> String {
    view::part_name(p.part, p.parts).unwrap_or_else(|| "the campaign".to_string())
}

/// `this part`, or `the campaign` when it is one part.
pub(super) fn this_part(p: &Part) -> &'static str {
    if p.parts > 1 {
        "this part"
    } else {
        "the campaign"
    }
}

pub(super) fn outcome(
    p: &Part,
    result: PartResult,
    recipients: u32,
    retry_count: Option<u32>,
    message: String,
) -> PartOutcome {
    PartOutcome {
        part_id: p.id,
        part: p.part,
        parts: p.parts,
        result,
        recipients,
        retry_count,
        message,
    }
}

/// Trouble that would be the same for every other part (key, plan, network, Cartesia itself).
pub(super) fn affects_every_part(e: &cartesia::Error) -> bool {
    !matches!(e.status(), Some(400 | 404 | 409 | 422))
}

/// Problems in words: every part that wasn't handled as asked, named by its part only when
/// the campaign has several.
pub(super) fn problems_of(parts: &[PartOutcome]) -> Vec<String> {
    parts
        .iter()
        .filter(|p| {
            matches!(
                p.result,
                PartResult::Failed | PartResult::Unknown | PartResult::NotTried
            )
        })
        .map(|p| match view::part_name(p.part, p.parts) {
            Some(name) => format!("{}: {}", capital(&name), p.message),
            None => p.message.clone(),
        })
        .collect()
}

/// The summary when nothing was done (`head`: "Nothing was cancelled."), saying each problem
/// once: a single one goes into the sentence and leaves the list; several stay listed below it.
pub(super) fn nothing_done(head: &str, problems: &mut Vec<String>) -> String {
    match problems.len() {
        0 => head.to_string(),
        1 => format!("{head} {}", problems.remove(0)),
        _ => format!("{head} What went wrong with each part is listed below."),
    }
}

pub(super) fn audit_or_note(
    store: &Store,
    kind: AuditKind,
    campaign_id: CampaignId,
    detail: &str,
    problems: &mut Vec<String>,
) {
    if let Err(e) = store.audit(
        kind,
        &AuditEntry {
            campaign_id: Some(campaign_id),
            detail: Some(detail),
            ..AuditEntry::default()
        },
    ) {
        problems.push(format!(
            "It was done, but Batchline couldn't note it in the campaign's history: {e}"
        ));
    }
}

/// Reads the batch again and records it as the part's latest progress, so the campaign page is
/// right at once (the tracker would catch up on its own; failing here changes nothing).
pub(super) async fn refresh(client: &Client, store: &Store, part: &Part, batch_id: &str) {
    if let Ok(b) = client.get_batch(batch_id).await {
        if let Err(e) = store.record_snapshot(part.id, &snapshot_of(&b)) {
            tracing::warn!("progress after an action not saved: {e}");
        }
    }
}

pub(super) fn recipients_word(n: u32) -> String {
    plural(n, "recipient", "recipients")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::store::Snapshot;
    use cartesia::CreateBatchRequest;
    use chrono::Utc;
    use std::collections::BTreeMap;

    fn store_with(parts: u32) -> (tempfile::TempDir, Store, CampaignId) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("b.db")).unwrap();
        let reqs: Vec<_> = (0..parts)
            .map(|k| {
                CreateBatchRequest::new(
                    format!("P{k}"),
                    "agent",
                    "num",
                    (0..3)
                        .map(|i| NewRecipient {
                            to_number: format!("+1415555{k}{i:03}"),
                            metadata: None,
                        })
                        .collect(),
                )
            })
            .collect();
        let id = store
            .create_campaign(
                &NewCampaign {
                    name: "C".into(),
                    ..NewCampaign::default()
                },
                &reqs,
            )
            .unwrap();
        (dir, store, id)
    }

    fn snapshot(status: &str, failed: u32) -> Snapshot {
        Snapshot {
            at: Utc::now(),
            status: status.into(),
            scheduled: 3,
            dispatched: 3,
            finished: 3,
            retry_count: 1,
            by_status: [
                ("failed".to_string(), failed),
                ("completed".to_string(), 3 - failed),
            ]
            .into_iter()
            .collect::<BTreeMap<_, _>>(),
            by_outcome: BTreeMap::new(),
        }
    }

    #[test]
    fn retry_preview_says_why_not() {
        let (_d, store, id) = store_with(2);
        let p = retry_preview(&store, id).unwrap();
        assert!(p.disabled_reason.unwrap().contains("hasn't started"));
        let parts = store.parts(id).unwrap();
        for (i, part) in parts.iter().enumerate() {
            store.mark_created(part.id, &format!("acb_{i}")).unwrap();
        }
        store
            .record_snapshot(parts[0].id, &snapshot("completed", 0))
            .unwrap();
        store
            .record_snapshot(parts[1].id, &snapshot("completed", 0))
            .unwrap();
        let p = retry_preview(&store, id).unwrap();
        assert_eq!(p.recipients_to_redial, 0);
        assert!(p
            .disabled_reason
            .unwrap()
            .contains("Nobody needs another call"));
        store
            .record_snapshot(parts[1].id, &snapshot("completed", 2))
            .unwrap();
        let p = retry_preview(&store, id).unwrap();
        assert_eq!((p.recipients_to_redial, p.retry_count), (2, 1));
        assert_eq!(p.disabled_reason, None);
        // Failures in a cancelled part can't be retried.
        store
            .record_snapshot(parts[1].id, &snapshot("cancelled", 2))
            .unwrap();
        let p = retry_preview(&store, id).unwrap();
        assert_eq!(p.recipients_to_redial, 0);
        store
            .record_snapshot(parts[0].id, &snapshot("cancelled", 1))
            .unwrap();
        let p = retry_preview(&store, id).unwrap();
        assert!(p.disabled_reason.unwrap().contains("cancelled"));
    }

    #[test]
    fn duplicate_gives_every_recipient_in_order() {
        let (_d, store, id) = store_with(3);
        let copy = duplicate_setup(&store, id).unwrap();
        let (setup, recipients) = (copy.setup, copy.recipients);
        assert_eq!(setup.name, "C");
        assert_eq!(recipients.len(), 9);
        assert_eq!(recipients[0].to_number, "+14155550000");
        assert_eq!(recipients[8].to_number, "+14155552002");
        assert!(matches!(
            duplicate_setup(&store, 999),
            Err(Error::NotFound { .. })
        ));
    }
}
