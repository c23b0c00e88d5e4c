//! People added to the list while a part that holds them is already in Cartesia, their call
//! still waiting (scheduled for later, or queued): their part's calls not yet made move through
//! the move protocol ([`crate::carry`]), which leaves listed numbers out of the new parts.

use super::person_name;
use crate::carry::{CarryReport, Replan};
use crate::error::{Error, Result};
use crate::launch::Launcher;
use crate::schedule::KeptPlanning;
use crate::store::{CampaignId, CarryReason, PartId, Store};
use crate::view::plural;
use cartesia::{Client, RecipientStatus};
use chrono::{DateTime, Utc};

/// Remembers how the list stood when it was last applied, so the check runs when the list
/// changed (and at start-up, and again after something couldn't be done), not every time.
#[derive(Debug, Default)]
pub struct DncWatch {
    seen: Option<i64>,
    again: bool,
}

impl DncWatch {
    pub fn new() -> DncWatch {
        DncWatch::default()
    }
}

/// Listed people taken out of one campaign's waiting calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenOut {
    pub campaign_id: CampaignId,
    /// Their names (or numbers), as the person knows them.
    pub people: Vec<String>,
    /// What to tell the person.
    pub message: String,
    /// How the move went.
    pub report: CarryReport,
}

/// Moves the calls still waiting in parts Cartesia has whose recipients include a number on the
/// do-not-call list, so those numbers are never dialed by them (see the module). Runs when the
/// list changed since `watch` last saw it, or something was left to do; a campaign another
/// launcher is busy with is left for the next call. Returns what was done, per campaign.
pub async fn take_out_waiting(
    launcher: &Launcher,
    client: &Client,
    store: &Store,
    watch: &mut DncWatch,
    now: DateTime<Utc>,
) -> Result<Vec<TakenOut>> {
    let mark = store.dnc_mark()?;
    let waiting_moves = store
        .parts_being_carried()?
        .iter()
        .any(|p| p.carry_reason == Some(CarryReason::DoNotCall));
    if watch.seen == Some(mark) && !watch.again && !waiting_moves {
        return Ok(Vec::new());
    }
    watch.seen = Some(mark);
    watch.again = false;
    let mut due: Vec<(CampaignId, Vec<PartId>, Vec<String>)> = Vec::new();
    for part in store.active_parts()? {
        let Some(batch_id) = part.api_batch_id.as_deref() else {
            continue;
        };
        if part.carried_at.is_some() {
            continue;
        }
        let request = store.part_request(part.id)?;
        let listed =
            store.dnc_listed_among(request.recipients.iter().map(|r| r.to_number.as_str()))?;
        if listed.is_empty() {
            continue;
        }
        let batch = match client.get_batch(batch_id).await {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!("do-not-call check: part not read: {}", e.user_message());
                watch.again = true;
                continue;
            }
        };
        let waiting: Vec<&str> = batch
            .recipients
            .iter()
            .flatten()
            .filter(|r| {
                listed.contains(&r.to_number)
                    && r.status == RecipientStatus::Queued
                    && r.agent_call_id.is_none()
            })
            .map(|r| r.to_number.as_str())
            .collect();
        if waiting.is_empty() {
            continue;
        }
        let mut names: Vec<String> = request
            .recipients
            .iter()
            .filter(|r| waiting.contains(&r.to_number.as_str()))
            .map(person_name)
            .collect();
        names.dedup();
        match due.iter_mut().find(|(c, _, _)| *c == part.campaign_id) {
            Some((_, ids, people)) => {
                ids.push(part.id);
                people.extend(names);
            }
            None => due.push((part.campaign_id, vec![part.id], names)),
        }
    }

    let mut done = Vec::new();
    for (campaign_id, parts, people) in due {
        let campaign = store.campaign(campaign_id)?;
        let first = store.part_request(parts[0])?;
        let kept = KeptPlanning::read(store.campaign_calling_hours(campaign_id)?.as_deref());
        // The same plan as before: same name, same earliest start (a start already past means
        // as soon as the hours allow), same hours and rules.
        let recipe = Replan {
            concurrency: campaign.setup.concurrency,
            ..Replan::of_request(&campaign.setup.name, &first, kept)
        };
        let detail = format!(
            "{} on the do-not-call list waiting to be called in {}: their calls taken out",
            plural(
                u32::try_from(people.len()).unwrap_or(u32::MAX),
                "person",
                "people"
            ),
            plural(
                u32::try_from(parts.len()).unwrap_or(u32::MAX),
                "part",
                "parts"
            )
        );
        match launcher
            .carry(
                client,
                campaign_id,
                &parts,
                CarryReason::DoNotCall,
                &recipe,
                None,
                &detail,
                now,
                |_| {},
            )
            .await
        {
            Ok(report) => {
                if !report.waiting.is_empty() {
                    watch.again = true;
                }
                let message = taken_out_message(&people, &campaign.setup.name, &report);
                done.push(TakenOut {
                    campaign_id,
                    people,
                    message,
                    report,
                });
            }
            Err(Error::LaunchInProgress) | Err(Error::Refused(_)) => watch.again = true,
            Err(e) => return Err(e),
        }
    }
    // Moves begun earlier and still waiting for Cartesia's cancel to settle.
    if waiting_moves {
        let ids: Vec<CampaignId> = {
            let mut ids: Vec<CampaignId> = store
                .parts_being_carried()?
                .iter()
                .filter(|p| p.carry_reason == Some(CarryReason::DoNotCall))
                .map(|p| p.campaign_id)
                .collect();
            ids.dedup();
            ids
        };
        for campaign_id in ids {
            if done.iter().any(|t| t.campaign_id == campaign_id) {
                continue;
            }
            match launcher.finish_moves(client, campaign_id, now).await {
                Ok(Some(report)) if report.waiting.is_empty() => {}
                _ => watch.again = true,
            }
        }
    }
    Ok(done)
}

/// "Ana Ruiz was waiting to be called in Spring renewals: the call was taken out."
fn taken_out_message(people: &[String], campaign: &str, report: &CarryReport) -> String {
    let mut m = match people {
        [one] => format!("{one} was waiting to be called in {campaign}: the call was taken out."),
        _ => {
            let mut shown: Vec<&str> = people.iter().take(3).map(String::as_str).collect();
            if people.len() > 3 {
                shown.push("…");
            }
            format!(
                "{} on the do-not-call list were waiting to be called in {campaign} ({}): their \
                 calls were taken out.",
                plural(
                    u32::try_from(people.len()).unwrap_or(u32::MAX),
                    "person",
                    "people"
                ),
                shown.join(", ")
            )
        }
    };
    if report.moved > 0 {
        m.push_str(&format!(
            " Everyone else waiting in that part is still called ({}).",
            plural(report.moved, "person", "people")
        ));
    }
    if !report.waiting.is_empty() {
        m.push_str(" Cartesia is still stopping the calls; Batchline finishes this by itself.");
    }
    m
}

impl Launcher {
    /// Finishes the moves of one campaign begun earlier and not finished (see
    /// [`crate::carry`]); `None` when another launch is running (try later).
    pub async fn finish_moves(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        now: DateTime<Utc>,
    ) -> Result<Option<CarryReport>> {
        let Ok(_guard) = self.busy.try_lock() else {
            return Ok(None);
        };
        let Some(_lock) = self.try_lock_store()? else {
            return Ok(None);
        };
        self.continue_carries(client, Some(campaign_id), now, &mut |_| {})
            .await
            .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_person_is_told_who_was_taken_out_of_which_campaign() {
        let report = CarryReport {
            moved: 4,
            ..CarryReport::default()
        };
        assert_eq!(
            taken_out_message(&["Ana Ruiz".into()], "Spring renewals", &report),
            "Ana Ruiz was waiting to be called in Spring renewals: the call was taken out. \
             Everyone else waiting in that part is still called (4 people)."
        );
        let many: Vec<String> = ["A", "B", "C", "D"].iter().map(|s| s.to_string()).collect();
        let said = taken_out_message(&many, "Spring", &CarryReport::default());
        assert!(
            said.starts_with(
                "4 people on the do-not-call list were waiting to be called in Spring (A, B, C, …)"
            ),
            "{said}"
        );
    }
}
