//! Cancel: every created part that still has calls to place is cancelled with Cartesia; parts
//! never sent are withdrawn so nothing sends them later; and when Cancel can't be used, why.

use super::*;
use crate::view;

/// Why a part was withdrawn when its campaign was cancelled.
const WITHDRAWN_BY_CANCEL: &str = "Not sent: the campaign was cancelled before this part started.";

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
    let parts = store.live_parts(campaign_id)?;
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
                        format!(
                            "{} was being sent just now. Cancel again in a few seconds.",
                            capital(this_part(part))
                        ),
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
                    format!(
                        "Batchline is still checking whether Cartesia set up {}. Cancel again \
                         once the campaign shows it started.",
                        this_part(part)
                    ),
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
                    format!(
                        "Every call of {} has already been placed; there is nothing left to \
                         stop.",
                        this_part(part)
                    ),
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
                // Calls under way are not this message's business: the campaign's status line
                // follows them while they last, so nothing here goes stale when they end.
                let message = format!("Cancelled: {} won't be called.", recipients_word(stopped));
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
                            "{} {} may still be calling: try cancelling again.",
                            e.user_message().trim_end(),
                            capital(this_part(part))
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
        nothing_done("Nothing was cancelled.", &mut problems)
    } else {
        // Calls still under way are told by the campaign's status line, which follows them.
        let mut m = format!("Cancelled: {} won't be called.", recipients_word(stopped));
        if !problems.is_empty() {
            m.push_str(&format!(
                " {} were cancelled; the others are listed below and may still be calling.",
                view::parts_of(done.len(), results.len())
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

/// Why Cancel campaign can't be used now, in words; `None` when it can.
pub fn cancel_disabled_reason(o: &view::CampaignOverview, unsent: &Unsent) -> Option<String> {
    use view::CampaignStatus as S;
    match o.status {
        S::Done => Some("Every call has ended: there is nothing left to cancel.".to_owned()),
        S::Cancelled => Some("It is cancelled already.".to_owned()),
        S::Launching => {
            Some("Wait until every part is launched (a few seconds), then cancel.".to_owned())
        }
        S::Failed | S::NotLaunched
            if unsent.parts == 0 && o.parts.iter().all(|p| p.api_batch_id.is_none()) =>
        {
            Some("Nothing was started, so there is nothing to cancel.".to_owned())
        }
        _ => None,
    }
}
