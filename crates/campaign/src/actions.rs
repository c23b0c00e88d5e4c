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

use crate::error::{Error, Result};
use crate::store::{
    AuditEntry, AuditKind, CampaignId, LaunchState, NewCampaign, Part, PartId, Store,
};
use crate::tracker::snapshot_of;
use crate::view::count;
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

fn part_name(p: &Part) -> String {
    format!("part {} of {}", p.part, p.parts)
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn outcome(
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
fn affects_every_part(e: &cartesia::Error) -> bool {
    !matches!(e.status(), Some(400 | 404 | 409 | 422))
}

/// Problems in words: every part that wasn't handled as asked.
fn problems_of(parts: &[PartOutcome]) -> Vec<String> {
    parts
        .iter()
        .filter(|p| {
            matches!(
                p.result,
                PartResult::Failed | PartResult::Unknown | PartResult::NotTried
            )
        })
        .map(|p| format!("Part {} of {}: {}", p.part, p.parts, p.message))
        .collect()
}

fn audit_or_note(
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
async fn refresh(client: &Client, store: &Store, part: &Part, batch_id: &str) {
    if let Ok(b) = client.get_batch(batch_id).await {
        if let Err(e) = store.record_snapshot(part.id, &snapshot_of(&b)) {
            tracing::warn!("progress after an action not saved: {e}");
        }
    }
}

/// What "Retry failed" would re-dial, from the latest snapshots.
pub fn retry_preview(store: &Store, campaign_id: CampaignId) -> Result<RetryPreview> {
    store.campaign(campaign_id)?;
    let mut created = 0;
    let mut cancelled = 0;
    let mut failed = 0u32;
    let mut retry_count = 0;
    for part in store.parts(campaign_id)? {
        if part.state != LaunchState::Created {
            continue;
        }
        created += 1;
        let Some(s) = store.last_snapshot(part.id)? else {
            continue;
        };
        retry_count = retry_count.max(s.retry_count);
        if s.status == "cancelled" {
            cancelled += 1;
            continue;
        }
        failed += s.by_status.get("failed").copied().unwrap_or(0);
    }
    let disabled_reason = if created == 0 {
        Some("This campaign hasn't started, so there is nobody to call again.".to_string())
    } else if cancelled == created {
        Some(
            "This campaign was cancelled, and Cartesia can't retry cancelled campaigns. \
             Duplicate it to call the people who still need a call."
                .to_string(),
        )
    } else if failed == 0 {
        Some("Nobody needs another call: no call has failed or gone unanswered.".to_string())
    } else {
        None
    };
    Ok(RetryPreview {
        recipients_to_redial: failed,
        retry_count,
        disabled_reason,
    })
}

/// Calls again, in every created part that isn't cancelled, the recipients whose latest
/// attempt failed or went unanswered (Retry Call Batch). Each part is read first (to know whom
/// and to skip parts with nobody to call), retried parts are tracked again, and the action is
/// written to the audit log. Only store failures before anything was sent are errors; everything
/// else is in the outcome, part by part.
pub async fn retry_failed(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
) -> Result<RetryOutcome> {
    store.campaign(campaign_id)?;
    let parts = store.parts(campaign_id)?;
    let mut results = Vec::new();
    let mut key_refused = false;
    let mut stop: Option<String> = None;
    for part in &parts {
        let (LaunchState::Created, Some(batch_id)) = (part.state, part.api_batch_id.as_deref())
        else {
            results.push(outcome(
                part,
                PartResult::Skipped,
                0,
                None,
                "Never sent to Cartesia, so there is nobody to call again.".to_string(),
            ));
            continue;
        };
        if let Some(why) = &stop {
            results.push(outcome(part, PartResult::NotTried, 0, None, why.clone()));
            continue;
        }
        let before = match client.get_batch(batch_id).await {
            Ok(b) => b,
            Err(e) => {
                key_refused |= e.is_unauthorized();
                if affects_every_part(&e) {
                    stop = Some(format!(
                        "Not tried, because of the trouble with {}.",
                        part_name(part)
                    ));
                }
                results.push(outcome(part, PartResult::Failed, 0, None, e.user_message()));
                continue;
            }
        };
        if before.status == BatchStatus::Cancelled {
            results.push(outcome(
                part,
                PartResult::Skipped,
                0,
                Some(before.retry_count),
                "Cancelled, and Cartesia can't retry cancelled parts.".to_string(),
            ));
            continue;
        }
        let failed = u32::try_from(
            before
                .recipients
                .iter()
                .flatten()
                .filter(|r| r.status == RecipientStatus::Failed)
                .count(),
        )
        .unwrap_or(u32::MAX);
        if failed == 0 {
            results.push(outcome(
                part,
                PartResult::Skipped,
                0,
                Some(before.retry_count),
                "Nobody to call again: no call failed or went unanswered.".to_string(),
            ));
            continue;
        }
        let done = |retry_count: u32| {
            outcome(
                part,
                PartResult::Done,
                failed,
                Some(retry_count),
                format!(
                    "{} will be called again.",
                    capital(&recipients_word(failed))
                ),
            )
        };
        let result = match client.retry_batch(batch_id).await {
            Ok(after) => done(after.retry_count),
            Err(e) if e.may_have_been_processed() => match client.get_batch(batch_id).await {
                Ok(now) if now.retry_count > before.retry_count => done(now.retry_count),
                Ok(_) => outcome(
                    part,
                    PartResult::Failed,
                    0,
                    Some(before.retry_count),
                    format!(
                        "{} It was not retried; you can try again.",
                        e.user_message()
                    ),
                ),
                Err(_) => {
                    stop = Some(format!(
                        "Not tried, because of the trouble with {}.",
                        part_name(part)
                    ));
                    outcome(
                        part,
                        PartResult::Unknown,
                        0,
                        None,
                        "Batchline lost Cartesia's answer and couldn't check whether this part \
                         was retried. Open the campaign again before retrying, so nobody is \
                         called more often than needed."
                            .to_string(),
                    )
                }
            },
            Err(e) => {
                key_refused |= e.is_unauthorized();
                if affects_every_part(&e) {
                    stop = Some(format!(
                        "Not tried, because of the trouble with {}.",
                        part_name(part)
                    ));
                }
                outcome(
                    part,
                    PartResult::Failed,
                    0,
                    Some(before.retry_count),
                    e.user_message(),
                )
            }
        };
        if result.result == PartResult::Done {
            // Followed again by the tracker until the re-queued calls end.
            if let Err(e) = store.set_tracking_done(part.id, false) {
                tracing::warn!("retried part not marked for tracking: {e}");
            }
            refresh(client, store, part, batch_id).await;
        }
        results.push(result);
    }

    let retried: Vec<&PartOutcome> = results
        .iter()
        .filter(|p| p.result == PartResult::Done)
        .collect();
    let requeued: u32 = retried.iter().map(|p| p.recipients).sum();
    let retry_count = results
        .iter()
        .filter_map(|p| p.retry_count)
        .max()
        .unwrap_or(0);
    let mut problems = problems_of(&results);
    if !retried.is_empty() {
        let detail = format!(
            "{} queued to be called again ({})",
            recipients_word(requeued),
            retried
                .iter()
                .map(|p| format!(
                    "part {} of {}: {}, retry {}",
                    p.part,
                    p.parts,
                    p.recipients,
                    p.retry_count.unwrap_or(0)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        );
        audit_or_note(
            store,
            AuditKind::Retried,
            campaign_id,
            &detail,
            &mut problems,
        );
    }
    let message = if retried.is_empty() && problems.is_empty() {
        "Nothing to retry: no call has failed or gone unanswered in a part that can be retried."
            .to_string()
    } else if retried.is_empty() {
        format!("Nothing was retried. {}", problems[0])
    } else {
        let mut m = format!(
            "{} will be called again (retry {}).",
            capital(&recipients_word(requeued)),
            retry_count
        );
        if !problems.is_empty() {
            m.push_str(&format!(
                " Retried {} of {} parts; the others are listed below.",
                retried.len(),
                results.len()
            ));
        }
        m
    };
    Ok(RetryOutcome {
        requeued,
        retry_count,
        parts: results,
        message,
        problems,
        key_refused,
    })
}

fn recipients_word(n: u32) -> String {
    format!(
        "{} {}",
        count(n),
        if n == 1 { "recipient" } else { "recipients" }
    )
}

/// Why a part was withdrawn when its campaign was cancelled.
const WITHDRAWN_BY_CANCEL: &str = "Not sent: the campaign was cancelled before this part started.";

/// Parts of a campaign that were never sent (planned, or refused by Cartesia) and wait for the
/// person: send them, or cancel them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unsent {
    pub parts: u32,
    pub recipients: u32,
}

/// What of the campaign was never sent, if anything.
pub fn unsent(store: &Store, campaign_id: CampaignId) -> Result<Unsent> {
    let mut u = Unsent::default();
    for p in store.parts(campaign_id)? {
        if matches!(p.state, LaunchState::Planned | LaunchState::Failed) {
            u.parts += 1;
            u.recipients += p.recipient_count;
        }
    }
    Ok(u)
}

/// Cancels the parts of a campaign that were never sent, leaving the rest running: nobody in
/// them will be called. Written to the audit log. Returns what was withdrawn.
pub fn withdraw_unsent(store: &Store, campaign_id: CampaignId) -> Result<Unsent> {
    let mut done = Unsent::default();
    for p in store.parts(campaign_id)? {
        if store.withdraw(p.id, "Not sent: cancelled before it started, as you chose.")? {
            done.parts += 1;
            done.recipients += p.recipient_count;
        }
    }
    if done.parts > 0 {
        let detail = format!(
            "{} part(s) never sent were cancelled ({} recipients)",
            done.parts, done.recipients
        );
        store.audit(
            AuditKind::Cancelled,
            &AuditEntry {
                campaign_id: Some(campaign_id),
                detail: Some(&detail),
                ..AuditEntry::default()
            },
        )?;
    }
    Ok(done)
}

/// Stops a campaign (Cancel Call Batch on every created part that still has calls to place;
/// idempotent). Queued calls are never placed; calls under way finish. Parts never sent are
/// marked so they won't be sent later; a part whose launch is still being checked is reported,
/// since it can't be cancelled until Cartesia confirms it exists.
pub async fn cancel(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
) -> Result<CancelOutcome> {
    store.campaign(campaign_id)?;
    let parts = store.parts(campaign_id)?;
    let mut results = Vec::new();
    let mut key_refused = false;
    let mut stop: Option<String> = None;
    let mut still_running = 0u32;
    for part in &parts {
        let batch_id = match (part.state, part.api_batch_id.as_deref()) {
            (LaunchState::Created, Some(id)) => id,
            (LaunchState::Planned | LaunchState::Failed, _) => {
                let r = match store.withdraw(part.id, WITHDRAWN_BY_CANCEL) {
                    Ok(true) => outcome(
                        part,
                        PartResult::Done,
                        part.recipient_count,
                        None,
                        "Never sent; it won't be.".to_string(),
                    ),
                    // Another launcher took it a moment ago: it is being checked or sent.
                    Ok(false) => outcome(
                        part,
                        PartResult::Unknown,
                        0,
                        None,
                        "This part was being sent just now. Cancel again in a few seconds."
                            .to_string(),
                    ),
                    Err(e) => outcome(part, PartResult::Failed, 0, None, e.to_string()),
                };
                results.push(r);
                continue;
            }
            (LaunchState::Withdrawn, _) => {
                results.push(outcome(
                    part,
                    PartResult::Skipped,
                    0,
                    None,
                    "Cancelled before it was sent; nobody in it is called.".to_string(),
                ));
                continue;
            }
            _ => {
                results.push(outcome(
                    part,
                    PartResult::Unknown,
                    0,
                    None,
                    "Batchline is still checking whether Cartesia set up this part. Cancel \
                     again once the campaign shows it started."
                        .to_string(),
                ));
                continue;
            }
        };
        let last = store.last_snapshot(part.id)?;
        match last.as_ref().map(|s| s.status.as_str()) {
            Some("cancelled") => {
                results.push(outcome(
                    part,
                    PartResult::Skipped,
                    0,
                    None,
                    "Already cancelled.".to_string(),
                ));
                continue;
            }
            Some("completed" | "failed") => {
                results.push(outcome(
                    part,
                    PartResult::Skipped,
                    0,
                    None,
                    "Every call of this part has already been placed; there is nothing left \
                     to stop."
                        .to_string(),
                ));
                continue;
            }
            _ => {}
        }
        if let Some(why) = &stop {
            results.push(outcome(part, PartResult::NotTried, 0, None, why.clone()));
            continue;
        }
        let cancelled = match client.cancel_batch(batch_id).await {
            Ok(b) => Ok(b),
            // Cancel is idempotent, but its answer can still be lost: look before reporting.
            Err(e) if e.may_have_been_processed() => match client.get_batch(batch_id).await {
                Ok(b) if b.status == BatchStatus::Cancelled => Ok(b),
                _ => Err(e),
            },
            Err(e) => Err(e),
        };
        match cancelled {
            Ok(b) => {
                let stopped = b
                    .total_calls_scheduled
                    .saturating_sub(b.total_calls_dispatched);
                let running = b
                    .total_calls_dispatched
                    .saturating_sub(b.total_calls_finished);
                still_running += running;
                let mut message =
                    format!("Cancelled: {} won't be called.", recipients_word(stopped));
                if running > 0 {
                    message.push_str(&format!(" {} under way will finish.", count(running)));
                }
                results.push(PartOutcome {
                    retry_count: Some(b.retry_count),
                    ..outcome(part, PartResult::Done, stopped, None, message)
                });
                // So the in-flight calls are followed to their end.
                if let Err(e) = store.set_tracking_done(part.id, false) {
                    tracing::warn!("cancelled part not marked for tracking: {e}");
                }
                refresh(client, store, part, batch_id).await;
            }
            Err(e) => {
                key_refused |= e.is_unauthorized();
                if affects_every_part(&e) {
                    stop = Some(format!(
                        "Not tried, because of the trouble with {}. Try cancelling again.",
                        part_name(part)
                    ));
                }
                results.push(outcome(
                    part,
                    PartResult::Failed,
                    0,
                    None,
                    if e.is_not_found() {
                        e.user_message()
                    } else {
                        format!(
                            "{} This part may still be calling: try cancelling again.",
                            e.user_message().trim_end()
                        )
                    },
                ));
            }
        }
    }

    let done: Vec<&PartOutcome> = results
        .iter()
        .filter(|p| p.result == PartResult::Done)
        .collect();
    let stopped: u32 = done.iter().map(|p| p.recipients).sum();
    let mut problems = problems_of(&results);
    if !done.is_empty() {
        let detail = format!(
            "{} not to be called ({})",
            recipients_word(stopped),
            done.iter()
                .map(|p| format!("part {} of {}", p.part, p.parts))
                .collect::<Vec<_>>()
                .join(", ")
        );
        audit_or_note(
            store,
            AuditKind::Cancelled,
            campaign_id,
            &detail,
            &mut problems,
        );
    }
    let message = if done.is_empty() && problems.is_empty() {
        "Nothing to cancel: every call of this campaign has already been placed or cancelled."
            .to_string()
    } else if done.is_empty() {
        format!("Nothing was cancelled. {}", problems[0])
    } else {
        let mut m = format!("Cancelled: {} won't be called.", recipients_word(stopped));
        if still_running > 0 {
            m.push_str(&format!(
                " {} already under way will finish.",
                capital(&format!(
                    "{} {}",
                    count(still_running),
                    if still_running == 1 { "call" } else { "calls" }
                ))
            ));
        }
        if !problems.is_empty() {
            m.push_str(&format!(
                " {} of {} parts were cancelled; the others are listed below and may still be \
                 calling.",
                done.len(),
                results.len()
            ));
        }
        m
    };
    Ok(CancelOutcome {
        stopped,
        still_running,
        parts: results,
        message,
        problems,
        key_refused,
    })
}

/// A campaign's setup and every recipient of every part, in order, to start a new draft from
/// (the app decides the new name and start time; the setup is returned as it was recorded).
pub fn duplicate_setup(
    store: &Store,
    campaign_id: CampaignId,
) -> Result<(NewCampaign, Vec<NewRecipient>)> {
    let campaign = store.campaign(campaign_id)?;
    let mut recipients = Vec::with_capacity(campaign.recipient_count as usize);
    for part in store.parts(campaign_id)? {
        recipients.extend(store.part_request(part.id)?.recipients);
    }
    if recipients.is_empty() {
        return Err(Error::NotFound {
            what: "campaign's recipient list",
        });
    }
    Ok((campaign.setup, recipients))
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
        let (setup, recipients) = duplicate_setup(&store, id).unwrap();
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
