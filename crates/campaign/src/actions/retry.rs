//! "Retry failed": what it would re-dial (from the latest progress, no network), and doing it
//! part by part, checking a retry whose answer was lost by its `retry_count` before reporting.

use super::*;
use crate::carry::{replan, Replan};
use crate::dnc_enforce::retry::failed_to_call_again;
use crate::dnc_enforce::{left_out_words, retry_way, RetryWay};
use crate::launch::{Launcher, Wanted};
use crate::schedule::KeptPlanning;
use chrono::{DateTime, Utc};

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
///
/// Cartesia's retry re-dials every failed recipient of a batch, so a part whose failed
/// recipients include a number on the do-not-call list is not retried by Cartesia: its failed
/// recipients except the listed ones go out as a new part, planned in their calling hours as of
/// `now` and sent by the launch protocol (see [`crate::dnc_enforce`]), once per part.
pub async fn retry_failed(
    client: &Client,
    launcher: &Launcher,
    campaign_id: CampaignId,
    now: DateTime<Utc>,
) -> Result<RetryOutcome> {
    let store: &Store = &launcher.store;
    let campaign = store.campaign(campaign_id)?;
    // Parts whose failed calls go out again as a new part: the part, whom, how many listed.
    let mut apart: Vec<(usize, Part, Vec<NewRecipient>, u32)> = Vec::new();
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
        if store.retried_apart(part.id)? {
            results.push(outcome(
                part,
                PartResult::Skipped,
                0,
                Some(before.retry_count),
                "Its failed calls were already made again in a new part (some of its people \
                 are on the do-not-call list), so Cartesia doesn't retry it."
                    .to_string(),
            ));
            continue;
        }
        let failed_numbers = before
            .recipients
            .iter()
            .flatten()
            .filter(|r| r.status == RecipientStatus::Failed)
            .map(|r| r.to_number.as_str());
        let listed = store.dnc_listed_among(failed_numbers.clone())?;
        match retry_way(failed_numbers, &listed) {
            RetryWay::Cartesia => {}
            RetryWay::Nobody { left_out } => {
                results.push(outcome(
                    part,
                    PartResult::Skipped,
                    0,
                    Some(before.retry_count),
                    format!(
                        "Nobody to call again: {} whose call failed {} on the do-not-call list.",
                        if left_out == 1 {
                            "the person"
                        } else {
                            "everyone"
                        },
                        if left_out == 1 { "is" } else { "are" }
                    ),
                ));
                continue;
            }
            RetryWay::NewPart { left_out } => {
                let request = store.part_request(part.id)?;
                let again = failed_to_call_again(&request, &before, &listed);
                apart.push((results.len(), part.clone(), again, left_out));
                // Filled in once the new part is recorded and sent, below.
                results.push(outcome(part, PartResult::NotTried, 0, None, String::new()));
                continue;
            }
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

    for (at, part, again, left_out) in apart {
        results[at] = if let Some(why) = &stop {
            outcome(&part, PartResult::NotTried, 0, None, why.clone())
        } else {
            retry_as_new_part(
                client,
                launcher,
                &campaign.setup.name,
                &part,
                again,
                left_out,
                now,
            )
            .await?
        };
    }

    let retried: Vec<&PartOutcome> = results
        .iter()
        .filter(|p| p.result == PartResult::Done)
        .collect();
    // Retried as new parts: those have their own audit entry.
    let by_cartesia: Vec<&&PartOutcome> =
        retried.iter().filter(|p| p.retry_count.is_some()).collect();
    let requeued: u32 = retried.iter().map(|p| p.recipients).sum();
    let retry_count = results
        .iter()
        .filter_map(|p| p.retry_count)
        .max()
        .unwrap_or(0);
    let mut problems = problems_of(&results);
    if !by_cartesia.is_empty() {
        let detail = format!(
            "{} queued to be called again ({})",
            recipients_word(by_cartesia.iter().map(|p| p.recipients).sum()),
            by_cartesia
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
    // Which way the do-not-call list sent each part's retry, in words.
    let dnc_notes: Vec<&str> = results
        .iter()
        .filter(|p| p.message.contains("do-not-call list"))
        .map(|p| p.message.as_str())
        .collect();
    let message = if retried.is_empty() && problems.is_empty() && dnc_notes.is_empty() {
        "Nothing to retry: no call has failed or gone unanswered in a part that can be retried."
            .to_string()
    } else if retried.is_empty() && problems.is_empty() {
        dnc_notes.join(" ")
    } else if retried.is_empty() {
        nothing_done("Nothing was retried.", &mut problems)
    } else {
        let mut m = if by_cartesia.is_empty() {
            dnc_notes.join(" ")
        } else {
            let mut m = format!(
                "{} will be called again (retry {}).",
                capital(&recipients_word(
                    by_cartesia.iter().map(|p| p.recipients).sum()
                )),
                retry_count
            );
            for note in &dnc_notes {
                m.push(' ');
                m.push_str(note);
            }
            m
        };
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

/// Sends `again` (a part's failed recipients, the listed ones left out) as a new part of the
/// campaign, planned by the campaign's calling hours as of `now`, recorded once for that part
/// (a second retry finds it done) and sent by the launch protocol.
async fn retry_as_new_part(
    client: &Client,
    launcher: &Launcher,
    campaign_name: &str,
    part: &Part,
    again: Vec<NewRecipient>,
    left_out: u32,
    now: DateTime<Utc>,
) -> Result<PartOutcome> {
    let store: &Store = &launcher.store;
    let n = u32::try_from(again.len()).unwrap_or(u32::MAX);
    let failed = |message: String| outcome(part, PartResult::Failed, 0, None, message);
    let (Ok(_guard), Ok(Some(_lock))) = (launcher.busy.try_lock(), launcher.try_lock_store())
    else {
        return Ok(failed(
            "Another launch is running on this computer; nobody was called again. Try again \
             in a moment."
                .to_string(),
        ));
    };
    let request = store.part_request(part.id)?;
    let kept = KeptPlanning::read(store.campaign_calling_hours(part.campaign_id)?.as_deref());
    let recipe = Replan {
        earliest_start: None,
        ..Replan::of_request(&format!("{campaign_name} (retry)"), &request, kept)
    };
    let planned = match replan(&recipe, &again, None, now) {
        Ok(p) => p,
        Err(why) => {
            return Ok(failed(format!(
                "Its failed calls couldn't be planned again ({why}); nobody was called again."
            )))
        }
    };
    let detail = format!(
        "{} of {} queued to be called again in a new part, not by Cartesia's retry: {}",
        recipients_word(n),
        part_name(part),
        left_out_words(left_out)
    );
    let Some(ids) = store.retry_apart(part.campaign_id, part.id, &planned.parts, &detail, now)?
    else {
        return Ok(outcome(
            part,
            PartResult::Skipped,
            0,
            None,
            "Its failed calls were already made again in a new part.".to_string(),
        ));
    };
    launcher
        .run(
            client,
            part.campaign_id,
            Wanted::Some(ids.clone()),
            &mut |_| {},
        )
        .await?;
    let not_fitted = u32::try_from(planned.left_out.len()).unwrap_or(u32::MAX);
    let sent = n.saturating_sub(not_fitted);
    let listed = plural(left_out, "person", "people");
    let mut unsent = None;
    for id in ids {
        let p = store.part(id)?;
        if p.state != LaunchState::Created {
            unsent = unsent.or(p.last_error);
        }
    }
    if let Some(why) = unsent {
        return Ok(outcome(
            part,
            PartResult::Failed,
            0,
            None,
            format!(
                "Its failed calls were set up as a new part (without the {listed} on the \
                 do-not-call list), but it wasn't sent: {why} Send it from the campaign's page."
            ),
        ));
    }
    Ok(outcome(
        part,
        PartResult::Done,
        sent,
        None,
        format!(
            "{} will be called again in a new part, without the {listed} on the do-not-call \
             list (Cartesia's own retry would have called them too).",
            capital(&recipients_word(sent)),
        ),
    ))
}
