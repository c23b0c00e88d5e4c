//! The calling hours enforced while the app runs: parts whose hours closed with calls waiting move
//! their people into the next hours.

use super::{n32, CarryReport, Replan};
use crate::error::{Error, Result};
use crate::launch::Launcher;
use crate::schedule::KeptPlanning;
use crate::store::{CampaignId, CarryReason, PartId, Store};
use crate::view::plural;
use cartesia::Client;
use chrono::{DateTime, Utc};

/// Created parts of campaigns planned by calling hours whose latest start (`ends_by`) has passed
/// by `now` while calls may still be waiting, by campaign: the hours have closed for their
/// recipients, so their calls left must not be dialed now. Whether calls are still waiting is
/// Cartesia's latest word (the tracker's snapshot); a part not seen yet counts as waiting.
pub fn closing_parts(store: &Store, now: DateTime<Utc>) -> Result<Vec<(CampaignId, Vec<PartId>)>> {
    let mut due: Vec<(CampaignId, Vec<PartId>)> = Vec::new();
    for part in store.active_parts()? {
        if part.carried_at.is_some() || part.ends_by.is_none_or(|t| t > now) {
            continue;
        }
        let waiting = match store.last_snapshot(part.id)? {
            Some(s) => {
                let queued = match s.by_status.get("queued") {
                    Some(&n) => n,
                    None if s.by_status.is_empty() => s.scheduled.saturating_sub(s.dispatched),
                    None => 0,
                };
                s.status != "cancelled" && queued > 0
            }
            None => true,
        };
        if !waiting {
            continue;
        }
        match due.iter_mut().find(|(c, _)| *c == part.campaign_id) {
            Some((_, ids)) => ids.push(part.id),
            None => due.push((part.campaign_id, vec![part.id])),
        }
    }
    Ok(due)
}

/// Enforces the calling hours while the app runs: every part whose hours have closed with calls
/// still waiting ([`closing_parts`]) is stopped (calls in progress finish) and its people not
/// called yet are planned into the next hours their rules allow, through the move of this
/// module — exactly once, whatever stops the app. A campaign another launcher is busy with is
/// left for the next call. Returns what was moved, per campaign.
pub async fn pause_for_hours(
    launcher: &Launcher,
    client: &Client,
    store: &Store,
    now: DateTime<Utc>,
) -> Result<Vec<(CampaignId, CarryReport)>> {
    let mut done = Vec::new();
    for (campaign_id, parts) in closing_parts(store, now)? {
        let Some(kept) = KeptPlanning::read(store.campaign_calling_hours(campaign_id)?.as_deref())
        else {
            continue;
        };
        let campaign = store.campaign(campaign_id)?;
        let first = store.part_request(parts[0])?;
        let recipe = Replan {
            earliest_start: None,
            concurrency: campaign.setup.concurrency,
            ..Replan::of_request(
                &format!("{} (resumed)", campaign.setup.name),
                &first,
                Some(kept),
            )
        };
        let detail = format!(
            "the calling hours closed with calls waiting in {}",
            plural(n32(parts.len()), "part", "parts")
        );
        match launcher
            .carry(
                client,
                campaign_id,
                &parts,
                CarryReason::Hours,
                &recipe,
                None,
                &detail,
                now,
                |_| {},
            )
            .await
        {
            Ok(report) => done.push((campaign_id, report)),
            Err(Error::LaunchInProgress) | Err(Error::Refused(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}
