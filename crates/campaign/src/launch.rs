//! Starting a campaign so that nobody is called twice and no part is lost.
//!
//! A campaign of more than 5,000 recipients is several Cartesia batches ("parts"). Each part's
//! exact request is on disk before anything is sent ([`Store::create_campaign`]). Then, per part:
//! the intent ("sending, since T") is written, the request goes out, and the outcome is written.
//! Whenever the outcome is in doubt — the answer was lost, or the app died between intent and
//! outcome — the part is *checked* before anything else: Cartesia's recent batches are searched
//! for it (name, agent, number, recipient count, made since T, not already another part's). Only
//! a confirmed absence lets the request be sent again. A part Cartesia clearly refused can be
//! sent again on its own; a created part is never sent again.
//!
//! One launch runs at a time per [`Launcher`], which is what makes "the one part in doubt" well
//! defined: at most one part anywhere can be in flight, so a match can only be that part's batch.

use crate::error::{Error, Result};
use crate::store::{AuditEntry, AuditKind, CampaignId, LaunchState, Part, PartId, Store};
use cartesia::{BatchFingerprint, Client};
use chrono::Utc;
use serde::Serialize;
use std::sync::Arc;

/// What is happening to one part, for the screen that shows the launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PartProgressState {
    /// Being sent to Cartesia.
    Sending,
    /// An earlier attempt's outcome is unknown: looking for it in Cartesia before anything else.
    Checking,
    /// Cartesia has it.
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
    /// For `Failed` and `Unconfirmed`: what went wrong and what to do, in plain words.
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
}

/// Outcome of one part's attempt.
enum Step {
    Created,
    /// Cartesia refused this part; the next one may still go.
    Refused,
    /// Cartesia could not be reached or the outcome is unknown: sending more now would only
    /// repeat the trouble.
    Stop,
}

/// Runs launches, one at a time. Keep one per store (e.g. in the app's managed state).
#[derive(Debug)]
pub struct Launcher {
    store: Arc<Store>,
    busy: tokio::sync::Mutex<()>,
}

impl Launcher {
    pub fn new(store: Arc<Store>) -> Launcher {
        Launcher {
            store,
            busy: tokio::sync::Mutex::new(()),
        }
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
        self.launch_locked(client, campaign_id, None, &mut on_progress)
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
        let part = self.store.part(part_id)?;
        self.launch_locked(client, part.campaign_id, Some(part_id), &mut on_progress)
            .await
    }

    /// At start-up: finishes launches the app was closed or killed in the middle of. Parts in
    /// doubt are checked with Cartesia first; parts never sent are sent. Parts Cartesia refused
    /// are left for the person to decide.
    pub async fn resume_incomplete<F>(
        &self,
        client: &Client,
        mut on_progress: F,
    ) -> Result<Vec<LaunchReport>>
    where
        F: FnMut(LaunchProgress) + Send,
    {
        let _guard = self.busy.lock().await;
        let mut reports = Vec::new();
        for campaign_id in self.store.incomplete_campaigns()? {
            let report = self
                .launch_parts(client, campaign_id, &mut on_progress, |p| {
                    p.state != LaunchState::Failed
                })
                .await?;
            reports.push(report);
        }
        Ok(reports)
    }

    async fn launch_locked(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        only: Option<PartId>,
        on_progress: &mut (dyn FnMut(LaunchProgress) + Send),
    ) -> Result<LaunchReport> {
        self.launch_parts(client, campaign_id, on_progress, |p| {
            only.is_none_or(|id| id == p.id)
        })
        .await
    }

    async fn launch_parts(
        &self,
        client: &Client,
        campaign_id: CampaignId,
        on_progress: &mut (dyn FnMut(LaunchProgress) + Send),
        wanted: impl Fn(&Part) -> bool,
    ) -> Result<LaunchReport> {
        let parts = self.store.parts(campaign_id)?;
        let mut created_now = 0u32;
        for part in parts.iter().filter(|p| wanted(p)) {
            if part.state == LaunchState::Created {
                continue;
            }
            match self.launch_one(client, part, on_progress).await? {
                Step::Created => created_now += 1,
                Step::Refused => {}
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

    async fn launch_one(
        &self,
        client: &Client,
        part: &Part,
        on_progress: &mut (dyn FnMut(LaunchProgress) + Send),
    ) -> Result<Step> {
        let store = &self.store;
        let emit = |state, message: Option<String>| LaunchProgress {
            campaign_id: part.campaign_id,
            part_id: part.id,
            part: part.part,
            parts: part.parts,
            recipients: part.recipient_count,
            state,
            message,
        };
        let req = store.part_request(part.id)?;
        let known = store.known_batch_ids()?;

        if part.state.needs_check() {
            on_progress(emit(PartProgressState::Checking, None));
            // Without a recorded start (a file edited by hand), look back from the campaign's
            // creation: earlier than any attempt could have been.
            let since = match part.attempt_started_at {
                Some(t) => t,
                None => store.campaign(part.campaign_id)?.created_at,
            };
            match client
                .find_created_batch(&BatchFingerprint::of(&req), since, &known)
                .await
            {
                Ok(Some(batch)) => {
                    store.mark_created(part.id, &batch.id)?;
                    on_progress(emit(PartProgressState::Created, None));
                    return Ok(Step::Created);
                }
                Ok(None) => {}
                Err(e) => {
                    let message = unconfirmed_message(&e);
                    store.mark_unconfirmed(part.id, &message)?;
                    on_progress(emit(PartProgressState::Unconfirmed, Some(message)));
                    return Ok(Step::Stop);
                }
            }
        }

        // The intent reaches the disk before the request leaves.
        store.mark_sending(part.id, Utc::now())?;
        on_progress(emit(PartProgressState::Sending, None));
        match client
            .create_batch_exactly_once_excluding(&req, &known)
            .await
        {
            Ok(outcome) => {
                store.mark_created(part.id, &outcome.batch().id)?;
                on_progress(emit(PartProgressState::Created, None));
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
