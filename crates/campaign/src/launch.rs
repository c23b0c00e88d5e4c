//! Starting a campaign so that nobody is called twice, nobody is called unasked, and no part is
//! lost.
//!
//! A campaign of more than 5,000 recipients is several Cartesia batches ("parts"). Each part's
//! exact request is on disk before anything is sent ([`Store::create_campaign`]). Then, per part:
//! Cartesia's clock is read (the [`Horizon`] a later look-up starts from), the part is *claimed*
//! in the store by compare-and-swap together with that intent, the request goes out, and the
//! outcome is written. Whenever the outcome is in doubt — the answer was lost, or the launcher
//! died between intent and outcome — the part is *checked* before anything else: Cartesia's
//! batches made since the horizon are searched for it (name, agent, number, no more recipients
//! than were sent, not already another part's). Only a confirmed absence lets the request be
//! sent again. A part Cartesia clearly refused can be sent again on its own; a created part is
//! never sent again.
//!
//! Cartesia may schedule fewer recipients than a part was sent (its `total_calls_scheduled`).
//! Such a part is still created — sending it again would call everyone else twice — but the
//! shortfall is recorded with it and in the audit log, and told in words
//! ([`unscheduled_message`]) by the launch's progress and the campaign's status line.
//!
//! Launchers are not alone: the app, a second copy of it and the `batchline` command may all
//! open the same store. A launch holds an exclusive lock on a file beside the store for as long
//! as it runs (a second launcher is told to wait, or at start-up leaves the work to the first),
//! and the claim makes a part's attempt one launcher's even if the lock were bypassed. That is
//! what makes "the one part in doubt" well defined: a match can only be that part's batch.
//!
//! Nobody is called unasked: at start-up ([`Launcher::resume_incomplete`]) only a launch that was
//! running moments before the launcher stopped ([`AUTO_RESUME_WITHIN`]) is finished by itself.
//! Every other unfinished launch (stopped by a refused key, an unpaid account, a network outage,
//! or a crash long ago) has its parts in doubt checked — a look-up calls nobody — and then waits
//! for the person to send the rest or cancel them ([`Store::withdraw`]).

use crate::error::{Error, Result};
use crate::lock::FolderLock;
use crate::store::{AuditEntry, AuditKind, CampaignId, LaunchState, Part, PartId, Store};
use crate::view::{count, plural};
use cartesia::{BatchFingerprint, CallBatch, Client, Horizon};
use chrono::{Duration as Span, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A launch whose launcher last showed signs of life this recently (by this computer's clock)
/// is finished by itself at the next start: the person just launched it and the app stopped
/// under them. Anything older waits for the person. A clock set wrong can only make Batchline
/// ask when it needn't (a heartbeat "from the future" is not recent); what Cartesia did is
/// never judged by it.
pub const AUTO_RESUME_WITHIN: Span = Span::minutes(10);

/// What is happening to one part, for the screen that shows the launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PartProgressState {
    /// Being sent to Cartesia.
    Sending,
    /// An earlier attempt's outcome is unknown: looking for it in Cartesia before anything else.
    Checking,
    /// Cartesia has it. With a message when Cartesia scheduled fewer recipients than were sent
    /// (see [`unscheduled_message`]).
    Created,
    /// Cartesia refused it (the message says why); it can be sent again.
    Failed,
    /// Cartesia couldn't be asked whether it has it; it will be checked before any new attempt.
    Unconfirmed,
}

/// One step of a launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchProgress {
    pub campaign_id: CampaignId,
    pub part_id: PartId,
    pub part: u32,
    pub parts: u32,
    pub recipients: u32,
    pub state: PartProgressState,
    /// For `Failed` and `Unconfirmed`: what went wrong and what to do, in plain words. For
    /// `Created`: set only when Cartesia didn't schedule everyone sent.
    pub message: Option<String>,
}

/// A part that is not created at the end of a launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartProblem {
    pub part: u32,
    pub state: LaunchState,
    pub message: String,
}

/// How a launch ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchReport {
    pub campaign_id: CampaignId,
    pub parts: u32,
    /// Parts Cartesia has, this launch's and earlier ones'.
    pub created: u32,
    /// Parts not created, with why (parts not reached are `planned`, with a message saying so).
    pub problems: Vec<PartProblem>,
}

impl LaunchReport {
    pub fn all_created(&self) -> bool {
        self.created == self.parts
    }

    /// Why each part not with Cartesia isn't, in words: `Part 2: …`, or the reason alone when
    /// the campaign is one part (that part is the campaign: no "Part 1:" in front).
    pub fn failures(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| {
                if self.parts > 1 {
                    format!("Part {}: {}", p.part, p.message)
                } else {
                    p.message.clone()
                }
            })
            .collect()
    }
}

/// Outcome of one part's attempt.
enum Step {
    Created,
    /// Cartesia refused this part; the next one may still go.
    Refused,
    /// Cartesia could not be reached or the outcome is unknown: sending more now would only
    /// repeat the trouble.
    Stop,
    /// Another launcher changed the part since it was read: it is that launcher's now.
    Taken,
}

/// What a look-up for a part in doubt found.
enum LookUp {
    /// Cartesia has it (now recorded as created); with what to tell the person if Cartesia
    /// scheduled fewer recipients than were sent.
    Found(Option<String>),
    /// Cartesia certainly doesn't have it.
    Absent,
    /// Cartesia couldn't be asked (now recorded as unconfirmed, with this message).
    Unknown(String),
}

fn progress(part: &Part, state: PartProgressState, message: Option<String>) -> LaunchProgress {
    LaunchProgress {
        campaign_id: part.campaign_id,
        part_id: part.id,
        part: part.part,
        parts: part.parts,
        recipients: part.recipient_count,
        state,
        message,
    }
}

/// Which parts a launch sends.
#[derive(Debug, Clone)]
pub(crate) enum Wanted {
    /// Every part Cartesia doesn't have (the person asked).
    All,
    /// One part (the person asked).
    Only(PartId),
    /// Finishing a launch cut short moments ago: all but those Cartesia refused.
    Interrupted,
    /// These parts (new parts a move just made: see [`crate::carry`]).
    Some(Vec<PartId>),
}

impl Wanted {
    fn includes(&self, p: &Part) -> bool {
        match self {
            Wanted::All => true,
            Wanted::Only(id) => p.id == *id,
            Wanted::Some(ids) => ids.contains(&p.id),
            Wanted::Interrupted => p.state != LaunchState::Failed,
        }
    }
}

/// The lock file that makes one launcher at a time work on a store, across processes.
pub fn launch_lock_path(store: &Path) -> PathBuf {
    let mut name = store
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".launch-lock");
    store.with_file_name(name)
}

/// Runs launches, one at a time per store — in this process and across processes. Keep one per
/// store (e.g. in the app's managed state).
#[derive(Debug)]
pub struct Launcher {
    pub(crate) store: Arc<Store>,
    pub(crate) busy: tokio::sync::Mutex<()>,
    lock_path: PathBuf,
}

impl Launcher {
    pub fn new(store: Arc<Store>) -> Launcher {
        let lock_path = launch_lock_path(store.path());
        Launcher {
            store,
            busy: tokio::sync::Mutex::new(()),
            lock_path,
        }
    }

    /// The store-wide launch lock, or `None` when another launcher (process) holds it.
    pub(crate) fn try_lock_store(&self) -> Result<Option<FolderLock>> {
        FolderLock::try_acquire(&self.lock_path)
    }

    /// Sends every part of the campaign that Cartesia doesn't have yet (planned, failed, or in
    /// doubt — the latter checked first), in order. `on_progress` hears every step.
    pub async fn launch<F>(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        mut on_progress: F,
    ) -> Result<LaunchReport>
    where
        F: FnMut(LaunchProgress) + Send,
    {
        let _guard = self.busy.try_lock().map_err(|_| Error::LaunchInProgress)?;
        let _lock = self.try_lock_store()?.ok_or(Error::LaunchInProgress)?;
        self.run(client, campaign_id, Wanted::All, &mut on_progress)
            .await
    }

    /// Sends one part again (or checks it, if its outcome is in doubt); other parts are untouched.
    pub async fn launch_part<F>(
        &self,
        client: &Client,
        part_id: PartId,
        mut on_progress: F,
    ) -> Result<LaunchReport>
    where
        F: FnMut(LaunchProgress) + Send,
    {
        let _guard = self.busy.try_lock().map_err(|_| Error::LaunchInProgress)?;
        let _lock = self.try_lock_store()?.ok_or(Error::LaunchInProgress)?;
        let part = self.store.part(part_id)?;
        self.run(
            client,
            part.campaign_id,
            Wanted::Only(part_id),
            &mut on_progress,
        )
        .await
    }

    /// At start-up: a launch cut short moments ago (see [`AUTO_RESUME_WITHIN`]) is finished —
    /// its parts in doubt checked with Cartesia first, its parts never sent sent. Every other
    /// unfinished launch only has its parts in doubt checked (which calls nobody); what was
    /// never sent then waits for the person. Parts Cartesia refused are always left to the
    /// person. When another launcher is at work on the store, it is left to it.
    pub async fn resume_incomplete<F>(
        &self,
        client: &Client,
        mut on_progress: F,
    ) -> Result<Vec<LaunchReport>>
    where
        F: FnMut(LaunchProgress) + Send,
    {
        let _guard = self.busy.lock().await;
        let Some(_lock) = self.try_lock_store()? else {
            return Ok(Vec::new());
        };
        // Moves cut short first: they only stop calls and record who moves; their new parts are
        // sent only when the move began moments ago (see `crate::carry`).
        let carried = self
            .continue_carries(client, None, Utc::now(), &mut on_progress)
            .await?;
        let mut reports = carried.launches;
        for campaign_id in self.store.incomplete_campaigns()? {
            let now = Utc::now();
            let recent = self
                .store
                .launch_running_since(campaign_id)?
                .is_some_and(|t| t <= now && now - t <= AUTO_RESUME_WITHIN);
            let report = if recent {
                self.run(client, campaign_id, Wanted::Interrupted, &mut on_progress)
                    .await?
            } else {
                self.store.launch_ended(campaign_id)?;
                self.check_in_doubt(client, campaign_id, &mut on_progress)
                    .await?
            };
            reports.push(report);
        }
        Ok(reports)
    }

    /// Looks up every part of the campaign whose outcome is in doubt, sending nothing.
    async fn check_in_doubt(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        on_progress: &mut (dyn FnMut(LaunchProgress) + Send),
    ) -> Result<LaunchReport> {
        for part in self.store.parts(campaign_id)? {
            if !part.state.needs_check() {
                continue;
            }
            let req = self.store.part_request(part.id)?;
            let known = self.store.known_batch_ids()?;
            on_progress(progress(&part, PartProgressState::Checking, None));
            match self.look_up(client, &part, &req, &known).await? {
                LookUp::Found(message) => {
                    on_progress(progress(&part, PartProgressState::Created, message));
                }
                LookUp::Absent => {
                    self.store.mark_not_sent(
                        &part,
                        "Batchline stopped before Cartesia set this part up, so it was never \
                         sent. Send it now, or cancel it.",
                    )?;
                }
                LookUp::Unknown(message) => {
                    on_progress(progress(
                        &part,
                        PartProgressState::Unconfirmed,
                        Some(message),
                    ));
                }
            }
        }
        self.report(campaign_id)
    }

    /// One launch run of a campaign: marked as running while it runs, so a crash can be told
    /// from a launch that stopped.
    pub(crate) async fn run(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        wanted: Wanted,
        on_progress: &mut (dyn FnMut(LaunchProgress) + Send),
    ) -> Result<LaunchReport> {
        self.store.launch_heartbeat(campaign_id, Utc::now())?;
        let result = self
            .launch_parts(client, campaign_id, on_progress, wanted)
            .await;
        self.store.launch_ended(campaign_id)?;
        result
    }

    async fn launch_parts(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        on_progress: &mut (dyn FnMut(LaunchProgress) + Send),
        wanted: Wanted,
    ) -> Result<LaunchReport> {
        let parts = self.store.parts(campaign_id)?;
        let mut created_now = 0u32;
        for part in parts.iter().filter(|p| wanted.includes(p)) {
            if matches!(part.state, LaunchState::Created | LaunchState::Withdrawn) {
                continue;
            }
            // Numbers added to the do-not-call list since the part was planned are taken out
            // before it is first sent (see `crate::dnc_enforce`).
            let Some(part) = self.leave_out_listed(part, crate::app_now())? else {
                continue;
            };
            let step = self.launch_one(client, &part, on_progress).await?;
            self.store.launch_heartbeat(campaign_id, Utc::now())?;
            match step {
                Step::Created => created_now += 1,
                Step::Refused | Step::Taken => {}
                Step::Stop => break,
            }
        }
        if created_now > 0 {
            let detail = format!("{created_now} part(s) started");
            self.store.audit(
                AuditKind::Launched,
                &AuditEntry {
                    campaign_id: Some(campaign_id),
                    detail: Some(&detail),
                    ..AuditEntry::default()
                },
            )?;
        }
        self.report(campaign_id)
    }

    /// Where every part of a campaign stands, as a launch would report it.
    pub fn report(&self, campaign_id: CampaignId) -> Result<LaunchReport> {
        let parts = self.store.parts(campaign_id)?;
        let created = parts
            .iter()
            .filter(|p| p.state == LaunchState::Created)
            .count();
        let problems = parts
            .iter()
            .filter(|p| p.state != LaunchState::Created)
            .map(|p| PartProblem {
                part: p.part,
                state: p.state,
                message: p.last_error.clone().unwrap_or_else(|| match p.state {
                    LaunchState::Planned => "Not sent yet.".to_string(),
                    LaunchState::Withdrawn => "Cancelled before it was sent.".to_string(),
                    _ => "Batchline will check with Cartesia whether this part was set up \
                          before sending it again."
                        .to_string(),
                }),
            })
            .collect();
        Ok(LaunchReport {
            campaign_id,
            parts: u32::try_from(parts.len()).unwrap_or(u32::MAX),
            created: u32::try_from(created).unwrap_or(u32::MAX),
            problems,
        })
    }

    /// Looks for an in-doubt part's batch in Cartesia, from the horizon of its latest attempt,
    /// and records what was found.
    async fn look_up(
        &self,
        client: &Client,
        part: &Part,
        req: &cartesia::CreateBatchRequest,
        known: &std::collections::HashSet<String>,
    ) -> Result<LookUp> {
        // Without a horizon (a part from an older Batchline, or a file edited by hand), any
        // batch of the account may be it: the look-up must reach the first one to prove absence.
        let horizon = Horizon::from_stored(part.attempt_horizon);
        match client
            .find_created_batch(&BatchFingerprint::of(req), horizon, known)
            .await
        {
            Ok(Some(batch)) => Ok(LookUp::Found(self.record_created(part, &batch)?)),
            Ok(None) => Ok(LookUp::Absent),
            Err(e) => {
                let message = unconfirmed_message(&e);
                self.store.mark_unconfirmed(part.id, &message)?;
                Ok(LookUp::Unknown(message))
            }
        }
    }

    /// Records that Cartesia made `part` as `batch`, with how many recipients it scheduled; when
    /// that is fewer than were sent, also in the audit log, and returns what to tell the person.
    fn record_created(&self, part: &Part, batch: &CallBatch) -> Result<Option<String>> {
        let scheduled = batch.total_calls_scheduled;
        self.store
            .mark_created_scheduled(part.id, &batch.id, scheduled)?;
        let made = Part {
            scheduled_count: Some(scheduled),
            ..part.clone()
        };
        let Some(message) = unscheduled_message(&made) else {
            return Ok(None);
        };
        let detail = format!(
            "part {} of {}: Cartesia scheduled {} of {} recipients",
            part.part,
            part.parts,
            count(scheduled),
            count(part.recipient_count)
        );
        self.store.audit(
            AuditKind::NotAllScheduled,
            &AuditEntry {
                campaign_id: Some(part.campaign_id),
                detail: Some(&detail),
                ..AuditEntry::default()
            },
        )?;
        Ok(Some(message))
    }

    async fn launch_one(
        &self,
        client: &Client,
        part: &Part,
        on_progress: &mut (dyn FnMut(LaunchProgress) + Send),
    ) -> Result<Step> {
        let store = &self.store;
        let emit = |state, message: Option<String>| progress(part, state, message);
        let req = store.part_request(part.id)?;
        let known = store.known_batch_ids()?;

        if part.state.needs_check() {
            on_progress(emit(PartProgressState::Checking, None));
            match self.look_up(client, part, &req, &known).await? {
                LookUp::Found(message) => {
                    on_progress(emit(PartProgressState::Created, message));
                    return Ok(Step::Created);
                }
                // Confirmed absent: another attempt cannot make a second batch.
                LookUp::Absent => {}
                LookUp::Unknown(message) => {
                    on_progress(emit(PartProgressState::Unconfirmed, Some(message)));
                    return Ok(Step::Stop);
                }
            }
        }

        // Where a look-up for this attempt would start, on Cartesia's clock: read before the
        // intent is written, so even a crash right after sending leaves the right horizon.
        let horizon = match client.creation_horizon(&req.agent_id).await {
            Ok(h) => h,
            Err(e) => {
                // Nothing was sent: the part is certainly not made.
                let message = e.user_message();
                store.mark_failed(part.id, &message)?;
                on_progress(emit(PartProgressState::Failed, Some(message)));
                return Ok(Step::Stop);
            }
        };
        // The intent reaches the disk before the request leaves, and claims the part: if
        // another launcher got to it first, this one leaves it alone.
        if !store.claim_for_sending(part, Utc::now(), horizon.at())? {
            return Ok(Step::Taken);
        }
        on_progress(emit(PartProgressState::Sending, None));
        match client
            .create_batch_exactly_once_after(&req, horizon, &known)
            .await
        {
            Ok(outcome) => {
                let message = self.record_created(part, outcome.batch())?;
                on_progress(emit(PartProgressState::Created, message));
                Ok(Step::Created)
            }
            Err(e) if e.may_have_been_processed() => {
                let message = unconfirmed_message(&e);
                store.mark_unconfirmed(part.id, &message)?;
                on_progress(emit(PartProgressState::Unconfirmed, Some(message)));
                Ok(Step::Stop)
            }
            Err(e) => {
                let message = e.user_message();
                store.mark_failed(part.id, &message)?;
                on_progress(emit(PartProgressState::Failed, Some(message)));
                // A refusal about this request's content may not apply to the next part;
                // anything else (key, usage limit, network) would.
                if e.status() == Some(400) {
                    Ok(Step::Refused)
                } else {
                    Ok(Step::Stop)
                }
            }
        }
    }
}

/// What to tell the person about a part Cartesia made with fewer recipients than it was sent
/// (`None` when it took everyone, or when how many it took isn't known): how many, that the
/// part isn't sent again, and how to find and reach the others.
pub(crate) fn unscheduled_message(part: &Part) -> Option<String> {
    let missing = part.unscheduled();
    if missing == 0 {
        return None;
    }
    let scheduled = part.recipient_count - missing;
    let which = if part.parts > 1 {
        format!(" in part {}", part.part)
    } else {
        String::new()
    };
    let listed = if missing == 1 {
        "That person is"
    } else {
        "They are"
    };
    Some(format!(
        "Cartesia accepted {} of the {}{which}; {} not scheduled and won't be called. \
         Batchline doesn't send the part again (everyone else would be called twice). {listed} \
         listed as \u{201c}Not scheduled by Cartesia\u{201d} in the campaign's recipients: call \
         them in a new campaign if you need to.",
        count(scheduled),
        plural(part.recipient_count, "person", "people"),
        plural(missing, "was", "were"),
    ))
}

fn unconfirmed_message(e: &cartesia::Error) -> String {
    match e {
        cartesia::Error::CreateUnconfirmed { .. } => e.user_message(),
        _ => format!(
            "{} Batchline doesn't know yet whether Cartesia set up this part, so it hasn't \
             sent it again; it will check before trying.",
            e.user_message().trim_end()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(part: u32, parts: u32, sent: u32, scheduled: Option<u32>) -> Part {
        Part {
            id: 1,
            campaign_id: 1,
            part,
            parts,
            name: "List".into(),
            recipient_count: sent,
            payload_sha256: String::new(),
            state: LaunchState::Created,
            attempt_started_at: None,
            attempt_horizon: None,
            claim: None,
            api_batch_id: Some("acb_1".into()),
            created_at: None,
            last_error: None,
            tracking_done: false,
            scheduled_count: scheduled,
            starts_at: None,
            ends_by: None,
            carried_at: None,
            carry_reason: None,
            carried_count: None,
            carried_from: None,
        }
    }

    #[test]
    fn a_short_part_is_told_in_words_with_what_to_do() {
        let said = unscheduled_message(&part(2, 3, 5000, Some(4990))).unwrap_or_default();
        assert!(
            said.starts_with(
                "Cartesia accepted 4,990 of the 5,000 people in part 2; 10 were not scheduled \
                 and won't be called."
            ),
            "{said}"
        );
        assert!(said.contains("doesn't send the part again"), "{said}");
        assert!(said.contains("They are listed as"), "{said}");
        let one = unscheduled_message(&part(1, 1, 7, Some(6))).unwrap_or_default();
        assert!(
            one.starts_with("Cartesia accepted 6 of the 7 people; 1 was not scheduled"),
            "a one-part campaign has no part number: {one}"
        );
        assert!(one.contains("That person is listed"), "{one}");
        // Everyone taken, or not known: nothing to say.
        assert_eq!(unscheduled_message(&part(1, 2, 5000, Some(5000))), None);
        assert_eq!(unscheduled_message(&part(1, 2, 5000, None)), None);
    }

    #[test]
    fn a_one_part_campaign_is_not_called_part_1() {
        let report = |parts, part| LaunchReport {
            campaign_id: 1,
            parts,
            created: 0,
            problems: vec![PartProblem {
                part,
                state: LaunchState::Planned,
                message: "Cartesia refused the key.".into(),
            }],
        };
        assert_eq!(report(1, 1).failures(), ["Cartesia refused the key."]);
        assert_eq!(
            report(2, 2).failures(),
            ["Part 2: Cartesia refused the key."]
        );
    }
}
