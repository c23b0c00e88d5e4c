//! "Retry failed": what it would re-dial (from the latest progress, no network), and doing it
//! part by part, checking a retry whose answer was lost by its `retry_count` before reporting.

use super::*;

/// What "Retry failed" would re-dial, from the latest snapshots.
pub fn retry_preview(store: &Store, campaign_id: CampaignId) -> Result<RetryPreview> {
    store.campaign(campaign_id)?;
    let mut created = 0;
    let mut cancelled = 0;
    let mut failed = 0u32;
    let mut retry_count = 0;
    for part in store.live_parts(campaign_id)? {
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
    let parts = store.live_parts(campaign_id)?;
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
                        format!(
                            "Batchline lost Cartesia's answer and couldn't check whether {} was \
                             retried. Open the campaign again before retrying, so nobody is \
                             called more often than needed.",
                            this_part(part)
                        ),
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
        nothing_done("Nothing was retried.", &mut problems)
    } else {
        let mut m = format!(
            "{} will be called again (retry {}).",
            capital(&recipients_word(requeued)),
            retry_count
        );
        if !problems.is_empty() {
            m.push_str(&format!(
                " Retried {}; the others are listed below.",
                view::parts_of(retried.len(), results.len())
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
