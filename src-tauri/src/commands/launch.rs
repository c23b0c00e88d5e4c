//! Launching the campaign the wizard set up.
//!
//! The plan (every part's exact request) is checked here before anything is stored, then
//! recorded in one transaction, and only then sent through the campaign crate's launcher, which
//! writes its intent before each request and never sends a part Cartesia may already have.

use campaign::new_recipient;
use crate::error::{ErrorCode, IpcError};
use crate::ipc::{
    AgentChoice, LaunchConfirmation, LaunchEvent, LaunchResult, PartState, Settings, StartChoice,
    WizardState,
};
use crate::state::{AppState, ImportSession};
use campaign::{CampaignId, LaunchProgress, LaunchReport, NewCampaign, PartProgressState};
use cartesia::CreateBatchRequest;
use chrono::{DateTime, Duration, Utc};
use recipients::{split_into_batches, MAX_BATCH};
use tauri::ipc::Channel;

/// Cartesia refuses start times more than 30 days ahead.
const MAX_DAYS_AHEAD: i64 = 30;

/// A campaign ready to be recorded: what the person chose and every part's exact request.
#[derive(Debug)]
pub struct Plan {
    pub setup: NewCampaign,
    pub parts: Vec<CreateBatchRequest>,
}

fn invalid(message: impl Into<String>) -> IpcError {
    IpcError::coded(ErrorCode::Setup, message)
}

fn no_recipients(message: impl Into<String>) -> IpcError {
    IpcError::coded(ErrorCode::Recipients, message)
}

fn no_consent() -> IpcError {
    IpcError::coded(ErrorCode::NotConfirmed, campaign::actions::NO_CONSENT)
}

/// Checks the wizard's answers against the import and the settings and turns them into
/// requests, refusing what Cartesia would refuse (and what the person didn't confirm).
pub fn plan(
    wizard: &WizardState,
    import: &ImportSession,
    settings: &Settings,
    agents: &[AgentChoice],
    now: DateTime<Utc>,
) -> Result<Plan, IpcError> {
    let report = import
        .report
        .as_ref()
        .ok_or_else(|| no_recipients("Import your recipients first (step 1)."))?;
    if report.recipients.is_empty() {
        return Err(no_recipients(
            "No recipient in the file can be called. Fix the file and import it again (step 1).",
        ));
    }
    let agent_id = wizard
        .agent_id
        .clone()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| invalid("Choose the agent who makes the calls (step 4, Setup)."))?;
    let from_number_id = wizard
        .from_number_id
        .clone()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| invalid("Choose the number the calls come from (step 4, Setup)."))?;
    if !wizard.compliance_acknowledged {
        return Err(no_consent());
    }
    let limit = settings.org_concurrency_limit.max(1);
    let concurrency = match wizard.concurrency {
        Some(0) => return Err(invalid("Allow at least 1 call at a time (step 4, Setup).")),
        Some(c) if c > limit => {
            return Err(invalid(format!(
                "Your plan allows {limit} calls at the same time; this campaign asks for {c}. \
                 Lower it in step 4, or change your plan's limit in Settings."
            )))
        }
        other => other,
    };
    if let Some(t) = wizard.ringing_timeout_seconds {
        if !(5..=80).contains(&t) {
            return Err(invalid(
                "Ringing time must be between 5 and 80 seconds (step 4, Setup).",
            ));
        }
    }
    if let Some(m) = wizard.max_call_duration_minutes {
        if !(1..=480).contains(&m) {
            return Err(invalid(
                "The longest call must be between 1 and 480 minutes (step 4, Setup).",
            ));
        }
    }
    let (scheduled_at, time_zone) = match &wizard.start {
        StartChoice::Now => (None, None),
        StartChoice::At {
            scheduled_at,
            time_zone,
        } => {
            let at = DateTime::parse_from_rfc3339(scheduled_at)
                .map_err(|_| {
                    IpcError::coded(
                        ErrorCode::Schedule,
                        "The start time couldn't be read. Pick it again (step 5, Schedule).",
                    )
                })?
                .with_timezone(&Utc);
            if at <= now {
                return Err(IpcError::coded(
                    ErrorCode::Schedule,
                    "The start time you picked has already passed. Pick a later time or Start now (step 5, Schedule).",
                ));
            }
            if at > now + Duration::days(MAX_DAYS_AHEAD) {
                return Err(IpcError::coded(
                    ErrorCode::Schedule,
                    "Cartesia can schedule calls at most 30 days ahead. Pick an earlier start (step 5, Schedule).",
                ));
            }
            (Some(at), Some(time_zone.clone()))
        }
    };

    let name = match wizard.name.trim() {
        "" => import_name(&import.file_name),
        n => n.to_owned(),
    };
    let chunks = split_into_batches(&report.recipients, MAX_BATCH);
    let n = chunks.len();
    let parts = chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let recipients = chunk.iter().map(new_recipient).collect();
            let part_name = if n > 1 {
                format!("{name} (part {} of {n})", i + 1)
            } else {
                name.clone()
            };
            let mut req =
                CreateBatchRequest::new(part_name, &agent_id, &from_number_id, recipients);
            req.target_concurrency_limit = concurrency;
            req.scheduled_at = scheduled_at;
            req.ringing_timeout_seconds = wizard.ringing_timeout_seconds;
            req.max_call_duration_minutes = wizard.max_call_duration_minutes;
            req
        })
        .collect();

    let agent = agents.iter().find(|a| a.id == agent_id);
    let number = agent.and_then(|a| a.numbers.iter().find(|n| n.id == from_number_id));
    let setup = NewCampaign {
        name,
        agent_id,
        agent_name: agent.map(|a| a.name.clone()),
        from_number_id,
        from_number: number.map(|n| n.number.clone()),
        scheduled_at,
        time_zone,
        concurrency,
        source_file_name: Some(import.file_name.clone()),
        source_sha256: Some(campaign::sha256_hex(&import.bytes)),
    };
    Ok(Plan { setup, parts })
}

fn import_name(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let name = stem.replace(['_', '-'], " ").trim().to_owned();
    if name.is_empty() {
        "Campaign".into()
    } else {
        name
    }
}

fn part_event(p: LaunchProgress) -> LaunchEvent {
    LaunchEvent::Part {
        part: p.part,
        parts: p.parts,
        recipients: p.recipients,
        state: match p.state {
            PartProgressState::Sending => PartState::Sending,
            PartProgressState::Checking => PartState::Checking,
            PartProgressState::Created => PartState::Created,
            PartProgressState::Failed => PartState::Failed,
            PartProgressState::Unconfirmed => PartState::Unconfirmed,
        },
        message: p.message,
    }
}

fn result_of(report: LaunchReport) -> LaunchResult {
    LaunchResult {
        campaign_id: report.campaign_id.to_string(),
        parts: report.parts,
        created: report.created,
        failures: report
            .problems
            .into_iter()
            .map(|p| format!("Part {}: {}", p.part, p.message))
            .collect(),
    }
}

/// Records the campaign, then sends its parts; `on_event` hears each part's progress. Only
/// what the person confirmed on the Confirm step is launched: the consent box ticked, and the
/// very recipient count it showed.
#[tauri::command]
pub async fn launch_campaign(
    wizard: WizardState,
    confirmation: LaunchConfirmation,
    on_event: Channel<LaunchEvent>,
    state: tauri::State<'_, AppState>,
) -> Result<LaunchResult, IpcError> {
    let import = state.current_import().await;
    let ready = import
        .as_ref()
        .and_then(|i| i.report.as_ref())
        .map_or(0, |r| r.recipients.len());
    campaign::actions::check_launch_confirmed(
        &campaign::actions::LaunchConfirmation {
            confirmed: confirmation.confirmed,
            recipients: confirmation.recipients,
            compliance_acknowledged: confirmation.compliance_acknowledged,
        },
        ready,
    )?;
    let import = import.ok_or_else(|| no_recipients("Import your recipients first (step 1)."))?;
    let settings = state.settings.lock().await.clone();
    let runtime = state.runtime().await?;
    let mut agents = state.agents.lock().await.clone();
    if agents.is_empty() {
        // Only for the names stored with the campaign; the launch doesn't depend on them.
        if let Ok((list, numbers)) = tokio::try_join!(
            runtime.client.list_agents(),
            runtime.client.list_all_phone_numbers()
        ) {
            agents = campaign::agents::agent_choices(list, &numbers);
        }
    }
    let plan = plan(&wizard, &import, &settings, &agents, Utc::now())?;
    let campaign_id = runtime.store.create_campaign(&plan.setup, &plan.parts)?;
    // The campaign now holds everything the draft did: from here on, it is the one record.
    if let Err(e) = state.discard_draft().await {
        tracing::warn!("the launched campaign's draft could not be removed: {e}");
    }
    send(&state, campaign_id, on_event).await
}

/// Sends the parts of a recorded campaign that Cartesia doesn't have yet (after a failure).
#[tauri::command]
pub async fn resume_launch(
    campaign_id: String,
    confirmation: crate::ipc::Confirmation,
    on_event: Channel<LaunchEvent>,
    state: tauri::State<'_, AppState>,
) -> Result<LaunchResult, IpcError> {
    let id: CampaignId = campaign_id.parse().map_err(|_| {
        IpcError::new("That campaign couldn't be found. Open it from the Campaigns page.")
    })?;
    let runtime = state.runtime().await?;
    campaign::actions::check_confirmed(
        &runtime.store,
        id,
        campaign::actions::Steer::SendUnsent,
        &crate::commands::campaigns::confirmation(confirmation),
    )?;
    send(&state, id, on_event).await
}

async fn send(
    state: &AppState,
    campaign_id: CampaignId,
    on_event: Channel<LaunchEvent>,
) -> Result<LaunchResult, IpcError> {
    let runtime = state.runtime().await?;
    tracing::info!(campaign = campaign_id, "launch started");
    let report = runtime
        .launcher
        .launch(&runtime.client, campaign_id, |p| {
            // The window may have closed; the launch goes on and the store keeps the outcome.
            let _ = on_event.send(part_event(p));
        })
        .await?;
    tracing::info!(
        campaign = campaign_id,
        "launch finished: {} of {} parts at Cartesia",
        report.created,
        report.parts
    );
    runtime.tracker.wake();
    Ok(result_of(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::{ImportChoices, NumberChoice};

    fn import(csv: &str) -> ImportSession {
        let mut session = ImportSession::new(
            "spring-leads.csv".into(),
            csv.as_bytes().to_vec(),
            ImportChoices {
                country: "US".into(),
                ..ImportChoices::default()
            },
        );
        let options = recipients::ImportOptions::default();
        session.report = Some(std::sync::Arc::new(
            recipients::import(csv.as_bytes(), "spring-leads.csv", &options).expect("imports"),
        ));
        session
    }

    fn big_csv(n: usize) -> String {
        let mut s = String::from("Phone,Name\n");
        for i in 0..n {
            s.push_str(&format!(
                "(2{:02}) 555-{:04},Person {i}\n",
                1 + i / 9000,
                1000 + i % 9000
            ));
        }
        s
    }

    fn wizard() -> WizardState {
        WizardState {
            step: crate::ipc::WizardStep::Confirm,
            name: String::new(),
            agent_id: Some("agent_1".into()),
            from_number_id: Some("ap_1".into()),
            concurrency: Some(4),
            ringing_timeout_seconds: None,
            max_call_duration_minutes: None,
            start: StartChoice::Now,
            compliance_acknowledged: true,
        }
    }

    fn agents() -> Vec<AgentChoice> {
        vec![AgentChoice {
            id: "agent_1".into(),
            name: "Appointment reminder".into(),
            description: String::new(),
            numbers: vec![NumberChoice {
                id: "ap_1".into(),
                number: "+14155550142".into(),
                label: "Front desk".into(),
                us_only: true,
            }],
        }]
    }

    #[test]
    fn twelve_thousand_rows_become_three_parts_with_metadata() {
        let session = import(&big_csv(12_000));
        let plan = plan(
            &wizard(),
            &session,
            &Settings::default(),
            &agents(),
            Utc::now(),
        )
        .expect("plan");
        let sizes: Vec<usize> = plan.parts.iter().map(|p| p.recipients.len()).collect();
        assert_eq!(sizes, [5_000, 5_000, 2_000]);
        assert_eq!(plan.parts[1].name, "spring leads (part 2 of 3)");
        assert_eq!(plan.parts[0].target_concurrency_limit, Some(4));
        let first = &plan.parts[0].recipients[0];
        assert_eq!(first.to_number, "+12015551000");
        assert_eq!(
            first.metadata.as_ref().expect("metadata")["Name"],
            "Person 0"
        );
        assert_eq!(
            plan.setup.agent_name.as_deref(),
            Some("Appointment reminder")
        );
        assert_eq!(plan.setup.from_number.as_deref(), Some("+14155550142"));
        assert!(plan.setup.source_sha256.is_some());
    }

    #[test]
    fn what_cartesia_would_refuse_is_refused_first() {
        let session = import("Phone\n+14155552671\n");
        let now = Utc::now();
        let settings = Settings::default();
        let check =
            |w: WizardState| plan(&w, &session, &settings, &agents(), now).expect_err("refused");

        let mut w = wizard();
        w.compliance_acknowledged = false;
        assert!(check(w).message.contains("agreed to be called"));

        let mut w = wizard();
        w.concurrency = Some(settings.org_concurrency_limit + 1);
        assert!(check(w).message.contains("Your plan allows 8"));

        let mut w = wizard();
        w.agent_id = None;
        assert!(check(w).message.contains("Choose the agent"));

        let mut w = wizard();
        w.start = StartChoice::At {
            scheduled_at: (now - Duration::minutes(1)).to_rfc3339(),
            time_zone: "America/New_York".into(),
        };
        let past = check(w);
        assert_eq!(past.code, Some(ErrorCode::Schedule));
        assert!(past.message.contains("already passed"), "{}", past.message);

        let mut w = wizard();
        w.start = StartChoice::At {
            scheduled_at: (now + Duration::days(31)).to_rfc3339(),
            time_zone: "UTC".into(),
        };
        let far = check(w);
        assert_eq!(far.code, Some(ErrorCode::Schedule));
        assert!(far.message.contains("30 days"), "{}", far.message);

        let mut w = wizard();
        w.ringing_timeout_seconds = Some(90);
        assert!(check(w).message.contains("between 5 and 80"));
    }

    #[test]
    fn a_scheduled_start_keeps_its_instant_and_zone() {
        let session = import("Phone\n+14155552671\n");
        let now = Utc::now();
        let at = (now + Duration::days(2))
            .with_timezone(&chrono::FixedOffset::west_opt(5 * 3600).expect("offset"));
        let mut w = wizard();
        w.start = StartChoice::At {
            scheduled_at: at.to_rfc3339(),
            time_zone: "America/New_York".into(),
        };
        let plan = plan(&w, &session, &Settings::default(), &agents(), now).expect("plan");
        assert_eq!(
            plan.parts[0].scheduled_at.map(|t| t.timestamp()),
            Some(at.timestamp())
        );
        assert_eq!(plan.setup.time_zone.as_deref(), Some("America/New_York"));
        let body = serde_json::to_value(&plan.parts[0]).expect("json");
        let sent = body["scheduled_at"].as_str().expect("scheduled_at sent");
        assert!(
            DateTime::parse_from_rfc3339(sent).is_ok(),
            "RFC 3339: {sent}"
        );
        assert_eq!(plan.setup.name, "spring leads");
    }
}
