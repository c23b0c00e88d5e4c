//! The Campaigns page and a campaign's page: progress, charts, recipients, calls, and the
//! actions on a campaign (retry failed, cancel, export). The work is in the campaign crate; this
//! maps it to what the UI shows. A campaign id is Batchline's own number, or `batch:<id>` for a
//! batch made outside Batchline.

use crate::error::IpcError;
use crate::files;
use crate::ipc::Confirmation;
use crate::ipc::{
    ActionResult, CallView, CampaignDetail, CampaignList, CampaignStatus, CampaignSummary,
    OtherBatch, OutcomeSlice, PartSummary, Progress, QuarterHour, RecipientRow, RecipientTable,
    RetryInfo, SavedFile, TimelinePoint, TranscriptLine, UnsentInfo,
};
use crate::state::AppState;
use campaign::view::{self, CampaignOverview, Outcome};
use campaign::{actions, export, CampaignId};
use chrono::{DateTime, Utc};

const EXTERNAL: &str = "batch:";

enum Target {
    Mine(CampaignId),
    External(String),
}

fn target(id: &str) -> Result<Target, IpcError> {
    if let Some(batch) = id.strip_prefix(EXTERNAL) {
        if !batch.is_empty() {
            return Ok(Target::External(batch.to_owned()));
        }
    }
    id.parse().map(Target::Mine).map_err(|_| {
        IpcError::new("That campaign couldn't be found. Open it again from the Campaigns page.")
    })
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

fn status(s: view::CampaignStatus) -> CampaignStatus {
    use view::CampaignStatus as V;
    match s {
        V::NotLaunched => CampaignStatus::NotLaunched,
        V::Launching => CampaignStatus::Launching,
        V::Scheduled => CampaignStatus::Scheduled,
        V::WaitingForCapacity => CampaignStatus::WaitingForCapacity,
        V::Dialing => CampaignStatus::Dialing,
        V::Finishing => CampaignStatus::Finishing,
        V::Done => CampaignStatus::Done,
        V::Cancelled => CampaignStatus::Cancelled,
        V::Failed => CampaignStatus::Failed,
    }
}

fn progress(p: &view::Progress) -> Progress {
    Progress {
        total: p.total,
        queued: p.queued,
        in_flight: p.in_flight,
        completed: p.completed,
        failed: p.failed,
        cancelled: p.cancelled,
        finished: p.finished,
        not_sent: p.not_sent,
    }
}

fn outcome_key(o: Outcome) -> String {
    match o {
        Outcome::Answered => "answered",
        Outcome::NoAnswer => "noAnswer",
        Outcome::Busy => "busy",
        Outcome::NotDialed => "notDialed",
        Outcome::Cancelled => "cancelled",
        Outcome::Other => "other",
    }
    .to_owned()
}

fn summary(o: &CampaignOverview) -> CampaignSummary {
    CampaignSummary {
        id: o.id.to_string(),
        name: o.name.clone(),
        status: status(o.status),
        status_line: o.status_line.clone(),
        agent_id: o.agent_id.clone(),
        agent_name: o.agent_name.clone().unwrap_or_else(|| "Agent".into()),
        from_number: o.from_number.clone(),
        progress: progress(&o.progress),
        scheduled_at: o.scheduled_at.map(time),
        time_zone: o.time_zone.clone(),
        created_at: time(o.created_at),
        parts: o.parts.len() as u32,
        eta: o.eta.map(time),
        source_file_name: o.source_file_name.clone(),
    }
}

fn part(p: &view::PartOverview) -> PartSummary {
    PartSummary {
        part: p.part,
        parts: p.parts,
        name: p.name.clone(),
        status: status(p.status),
        status_line: p.status_line.clone(),
        progress: progress(&p.progress),
        retry_count: p.retry_count,
        launch_problem: p.launch_problem.clone(),
    }
}

fn slices(s: &[view::OutcomeSlice]) -> Vec<OutcomeSlice> {
    s.iter()
        .map(|s| OutcomeSlice {
            key: outcome_key(s.outcome),
            label: s.label.clone(),
            count: s.count,
        })
        .collect()
}

fn row(r: view::RecipientRow) -> RecipientRow {
    RecipientRow {
        index: r.index,
        part: r.part,
        number: r.to_number,
        status: r.status,
        status_label: r.status_label,
        outcome: r.outcome.map(outcome_key).unwrap_or_default(),
        outcome_label: r.outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
        call_id: r.agent_call_id,
        error: r.error_message,
        metadata: r.metadata,
    }
}

fn action(message: String, problems: Vec<String>) -> ActionResult {
    ActionResult { message, problems }
}

fn external_only() -> IpcError {
    IpcError::new(
        "This batch was made outside Batchline: retry, cancel or export it where it was made.",
    )
}

#[tauri::command]
pub async fn list_campaigns(state: tauri::State<'_, AppState>) -> Result<CampaignList, IpcError> {
    let runtime = state.runtime().await?;
    let campaigns = view::overviews(&runtime.store)?
        .iter()
        .map(summary)
        .collect();
    let (other_batches, other_batches_error) =
        match view::other_batches(&runtime.client, &runtime.store).await {
            Ok(list) => (
                list.into_iter()
                    .map(|b| OtherBatch {
                        // The page opens it as `batch:<id>`.
                        id: b.id,
                        name: b.name,
                        status: status(b.status),
                        status_line: b.status_line,
                        agent_id: b.agent_id,
                        progress: progress(&b.progress),
                        created_at: b.created_at.map(time),
                    })
                    .collect(),
                None,
            ),
            Err(e) => (Vec::new(), Some(IpcError::from(e).message)),
        };
    Ok(CampaignList {
        campaigns,
        other_batches,
        other_batches_error,
    })
}

#[tauri::command]
pub async fn campaign_detail(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<CampaignDetail, IpcError> {
    let runtime = state.runtime().await?;
    match target(&id)? {
        Target::Mine(campaign_id) => {
            let o = view::overview(&runtime.store, campaign_id)?;
            let charts = view::charts(&runtime.store, campaign_id)?;
            let retry = actions::retry_preview(&runtime.store, campaign_id)?;
            let unsent = campaign::unsent(&runtime.store, campaign_id)?;
            let cancel_disabled_reason = actions::cancel_disabled_reason(&o, &unsent);
            Ok(CampaignDetail {
                summary: summary(&o),
                parts: o.parts.iter().map(part).collect(),
                timeline: charts
                    .timeline
                    .iter()
                    .map(|p| TimelinePoint {
                        at: time(p.at),
                        queued: p.queued,
                        in_flight: p.in_flight,
                        completed: p.completed,
                        failed: p.failed,
                        cancelled: p.cancelled,
                        not_sent: p.not_sent,
                    })
                    .collect(),
                outcomes: slices(&charts.outcomes),
                per_quarter_hour: charts
                    .finished_per_quarter_hour
                    .iter()
                    .map(|b| QuarterHour {
                        start: time(b.start),
                        finished: b.finished,
                    })
                    .collect(),
                retry: RetryInfo {
                    recipients: retry.recipients_to_redial,
                    disabled_reason: retry.disabled_reason,
                    retry_count: retry.retry_count,
                },
                cancel_disabled_reason,
                unsent: UnsentInfo {
                    parts: unsent.parts,
                    recipients: unsent.recipients,
                },
                external: false,
            })
        }
        Target::External(batch_id) => {
            let batch = runtime.client.get_batch(&batch_id).await?;
            let b = view::batch_summary(&batch, Utc::now());
            let ended = campaign::snapshot_of(&batch);
            let p = progress(&b.progress);
            Ok(CampaignDetail {
                summary: CampaignSummary {
                    id,
                    name: b.name.clone(),
                    status: status(b.status),
                    status_line: b.status_line.clone(),
                    agent_id: b.agent_id.clone(),
                    agent_name: "Agent".into(),
                    from_number: None,
                    progress: p.clone(),
                    scheduled_at: b.scheduled_at.map(time),
                    time_zone: None,
                    created_at: b.created_at.map(time).unwrap_or_default(),
                    parts: 1,
                    eta: None,
                    source_file_name: None,
                },
                parts: vec![PartSummary {
                    part: 1,
                    parts: 1,
                    name: b.name,
                    status: status(b.status),
                    status_line: b.status_line,
                    progress: p,
                    retry_count: b.retry_count,
                    launch_problem: None,
                }],
                timeline: Vec::new(),
                outcomes: slices(&view::outcome_slices([(
                    &ended.by_status,
                    &ended.by_outcome,
                )])),
                per_quarter_hour: Vec::new(),
                retry: RetryInfo {
                    recipients: 0,
                    disabled_reason: Some(external_only().message),
                    retry_count: b.retry_count,
                },
                cancel_disabled_reason: Some(external_only().message),
                unsent: UnsentInfo::default(),
                external: true,
            })
        }
    }
}

#[tauri::command]
pub async fn campaign_recipients(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<RecipientTable, IpcError> {
    let runtime = state.runtime().await?;
    match target(&id)? {
        Target::Mine(campaign_id) => {
            let table = view::recipients(&runtime.client, &runtime.store, campaign_id).await?;
            Ok(RecipientTable {
                columns: table.columns,
                rows: table.rows.into_iter().map(row).collect(),
            })
        }
        Target::External(batch_id) => {
            let batch = runtime.client.get_batch(&batch_id).await?;
            Ok(external_table(batch.recipients.unwrap_or_default()))
        }
    }
}

/// The recipients of a batch made elsewhere: what Cartesia reports, call data as sent.
fn external_table(recipients: Vec<cartesia::BatchRecipient>) -> RecipientTable {
    let mut columns: Vec<String> = Vec::new();
    for r in &recipients {
        for key in r
            .metadata
            .iter()
            .filter_map(|m| m.as_object())
            .flat_map(|m| m.keys())
        {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let rows = recipients
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let status = r.status.as_str().to_owned();
            let reason = r.end_reason.as_ref().map(|e| e.as_str().to_owned());
            let outcome =
                Outcome::of_recipient(&status, reason.as_deref(), r.error_message.is_some());
            let meta = r.metadata.as_ref().and_then(|m| m.as_object());
            RecipientRow {
                index: i as u32 + 1,
                part: 1,
                status_label: view::recipient_status_label(&status, outcome),
                number: r.to_number,
                status,
                outcome: outcome.map(outcome_key).unwrap_or_default(),
                outcome_label: outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
                call_id: r.agent_call_id,
                error: r.error_message,
                metadata: columns
                    .iter()
                    .map(|c| match meta.and_then(|m| m.get(c)) {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(serde_json::Value::Null) | None => String::new(),
                        Some(v) => v.to_string(),
                    })
                    .collect(),
            }
        })
        .collect();
    RecipientTable { columns, rows }
}

#[tauri::command]
pub async fn call_detail(
    call_id: String,
    state: tauri::State<'_, AppState>,
) -> Result<CallView, IpcError> {
    let runtime = state.runtime().await?;
    let c = view::call_detail(&runtime.client, &call_id).await?;
    Ok(CallView {
        id: c.call_id.unwrap_or(call_id),
        number: c.to_number.unwrap_or_default(),
        status_label: c.status_label,
        started_at: c.started_at.map(time),
        ended_at: c.ended_at.map(time),
        duration_seconds: c.duration_seconds,
        end_reason: c.end_reason,
        end_reason_label: c.end_reason_label,
        summary: c.summary,
        transcript: c
            .transcript
            .into_iter()
            .map(|t| TranscriptLine {
                speaker: t.speaker,
                text: t.text,
                at_seconds: t.at_seconds,
            })
            .collect(),
        error: c.error_message,
        transcript_withheld: c.transcript_withheld,
    })
}

/// The person's confirmation, as the core checks it.
pub(crate) fn confirmation(c: Confirmation) -> actions::Confirmation {
    actions::Confirmation {
        confirmed: c.confirmed,
        recipients: c.recipients,
    }
}

/// Checks the confirmation of `steer` for a campaign of this store (not a batch made elsewhere).
fn confirmed_target(
    id: &str,
    store: &campaign::Store,
    steer: actions::Steer,
    c: Confirmation,
) -> Result<CampaignId, IpcError> {
    let Target::Mine(campaign_id) = target(id)? else {
        return Err(external_only());
    };
    actions::check_confirmed(store, campaign_id, steer, &confirmation(c))?;
    Ok(campaign_id)
}

/// Calls again the recipients whose calls failed, once the person confirmed how many.
#[tauri::command]
pub async fn retry_failed(
    id: String,
    confirmation: Confirmation,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let campaign_id = confirmed_target(&id, &runtime.store, actions::Steer::Retry, confirmation)?;
    let outcome = actions::retry_failed(&runtime.client, &runtime.store, campaign_id).await?;
    runtime.tracker.wake();
    Ok(action(outcome.message, outcome.problems))
}

/// Cancels a campaign, once the person confirmed it (and how many people won't be called).
#[tauri::command]
pub async fn cancel_campaign(
    id: String,
    confirmation: Confirmation,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let campaign_id = confirmed_target(&id, &runtime.store, actions::Steer::Cancel, confirmation)?;
    let outcome = actions::cancel(&runtime.client, &runtime.store, campaign_id).await?;
    runtime.tracker.wake();
    Ok(action(outcome.message, outcome.problems))
}

/// Cancels the parts of a campaign that were never sent: nobody in them will be called.
#[tauri::command]
pub async fn withdraw_unsent(
    id: String,
    confirmation: Confirmation,
    state: tauri::State<'_, AppState>,
) -> Result<ActionResult, IpcError> {
    let runtime = state.runtime().await?;
    let campaign_id = confirmed_target(
        &id,
        &runtime.store,
        actions::Steer::WithdrawUnsent,
        confirmation,
    )?;
    let done = campaign::withdraw_unsent(&runtime.store, campaign_id)?;
    Ok(action(
        format!(
            "Cancelled: {} never sent will not be called.",
            view::plural(done.recipients, "person", "people")
        ),
        Vec::new(),
    ))
}

#[tauri::command]
pub async fn export_results<R: tauri::Runtime>(
    id: String,
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> Result<SavedFile, IpcError> {
    let Target::Mine(campaign_id) = target(&id)? else {
        return Err(external_only());
    };
    let runtime = state.runtime().await?;
    let name = runtime.store.campaign(campaign_id)?.setup.name;
    let csv = export::export_results(&runtime.client, &runtime.store, campaign_id).await?;
    files::save_to_downloads(&app, &format!("{} results.csv", files::stem(&name)), &csv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ours_or_marked_as_made_elsewhere() {
        assert!(matches!(target("12"), Ok(Target::Mine(12))));
        assert!(matches!(target("batch:cb_1"), Ok(Target::External(b)) if b == "cb_1"));
        assert!(target("batch:").is_err());
        assert!(target("../etc").is_err());
    }

    #[test]
    fn a_batch_made_elsewhere_lists_its_recipients_with_their_call_data() {
        let recipients: Vec<cartesia::BatchRecipient> = serde_json::from_value(serde_json::json!([
            {"id": "r1", "to_number": "+14155550100", "status": "completed", "agent_call_id": "ac_1",
             "end_reason": "agent_hangup", "metadata": {"name": "Ada"}},
            {"id": "r2", "to_number": "+14155550003", "status": "failed", "end_reason": "error",
             "error_message": "rejected", "metadata": {"name": "Bob", "city": "Oakland"}},
            {"id": "r3", "to_number": "+14155550101", "status": "brand_new_status"},
        ]))
        .expect("recipients");
        let table = external_table(recipients);
        assert_eq!(table.columns, ["name", "city"]);
        assert_eq!(table.rows[0].outcome, "answered");
        assert_eq!(table.rows[1].outcome, "notDialed");
        assert_eq!(table.rows[1].metadata, ["Bob", "Oakland"]);
        assert_eq!(
            table.rows[2].status, "brand_new_status",
            "unknown statuses are shown"
        );
        assert_eq!(table.rows[2].index, 3);
    }
}
