//! Launching the campaign the wizard set up.
//!
//! The wizard's answers become a [`campaign::PlanInput`]; the core planner checks them and makes
//! every part's exact request (the same planner the `batchline campaign launch` command uses);
//! the campaign is recorded in one transaction, and only then sent through the campaign crate's
//! launcher, which writes its intent before each request and never sends a part Cartesia may
//! already have.

use crate::error::{ErrorCode, IpcError};
use crate::ipc::{
    AgentChoice, LaunchConfirmation, LaunchEvent, LaunchResult, PartState, Settings, StartChoice,
    WizardState,
};
use crate::state::{AppState, ImportSession};
use campaign::draft::{DraftError, WizardStep};
use campaign::{
    CampaignId, LaunchProgress, LaunchReport, PartProgressState, PlanError, PlanInput, SourceFile,
    Start,
};
use recipients::ImportReport;
use tauri::ipc::Channel;

/// The planner's refusal, with the code that takes the wizard to the step that fixes it.
fn plan_error(e: PlanError) -> IpcError {
    let code = match e.step() {
        WizardStep::Recipients | WizardStep::Columns | WizardStep::Review => ErrorCode::Recipients,
        WizardStep::Setup => ErrorCode::Setup,
        WizardStep::Schedule => ErrorCode::Schedule,
        WizardStep::Confirm => ErrorCode::NotConfirmed,
    };
    IpcError::coded(code, e.to_string())
}

fn no_import() -> IpcError {
    IpcError::coded(ErrorCode::Recipients, DraftError::NoFile.to_string())
}

/// The wizard's answers as the planner takes them. `agents`: the agents last listed, only for
/// the names kept with the campaign; `settings`: the plan's limit and the default hours.
fn plan_input<'a>(
    wizard: &WizardState,
    import: &ImportSession,
    report: &'a ImportReport,
    agents: &[AgentChoice],
    settings: &Settings,
    finished_call_seconds: Vec<u32>,
) -> Result<PlanInput<'a>, PlanError> {
    let start = match &wizard.start {
        StartChoice::Now => Start::Now,
        StartChoice::At {
            scheduled_at,
            time_zone,
        } => Start::at(scheduled_at, Some(time_zone.clone()))?,
    };
    let agent_id = wizard.agent_id.clone().unwrap_or_default();
    let from_number_id = wizard.from_number_id.clone().unwrap_or_default();
    let agent = agents.iter().find(|a| a.id == agent_id);
    let number = agent.and_then(|a| a.numbers.iter().find(|n| n.id == from_number_id));
    Ok(PlanInput {
        recipients: &report.recipients,
        name: wizard.name.clone(),
        source: Some(SourceFile::of(&import.file_name, &import.bytes)),
        agent_name: agent.map(|a| a.name.clone()),
        from_number: number.map(|n| n.number.clone()),
        agent_id,
        from_number_id,
        concurrency: wizard.concurrency,
        ringing_timeout_seconds: wizard.ringing_timeout_seconds,
        max_call_duration_minutes: wizard.max_call_duration_minutes,
        start,
        consent_acknowledged: wizard.compliance_acknowledged,
        concurrency_limit: Some(settings.org_concurrency_limit),
        hours: wizard
            .calling_hours
            .clone()
            .unwrap_or_else(|| settings.default_hours()),
        location_columns: import.choices.location_columns.clone(),
        call_minutes: wizard.call_minutes,
        finished_call_seconds,
        rule_overrides: settings.rule_overrides(),
        consent: campaign::consent::ConsentCheck {
            column: import.choices.consent_column.clone(),
            required: settings.consent_required,
        },
        compare: wizard.compare.clone().map(campaign::compare::Compare::new),
    })
}

/// How long the chosen agent's finished calls lasted.
async fn finished_calls(state: &AppState, agent_id: Option<&str>) -> Vec<u32> {
    agent_history(state, agent_id).await.seconds
}

/// The chosen agent's finished calls, read from Cartesia once per session: how long they lasted
/// (the launch plans with the figure the preview showed) and how they ended (the estimate). A
/// slow or failed read gives none: Batchline's defaults are used, and the wizard never waits
/// longer than a few seconds.
pub(super) async fn agent_history(
    state: &AppState,
    agent_id: Option<&str>,
) -> campaign::compare::AgentHistory {
    let Some(agent_id) = agent_id.filter(|a| !a.is_empty()) else {
        return campaign::compare::AgentHistory::default();
    };
    if let Some(known) = state.call_lengths.lock().await.get(agent_id) {
        return known.clone();
    }
    let history = match state.runtime().await {
        Ok(runtime) => campaign::compare::agent_history_or_none(&runtime.client, agent_id).await,
        Err(_) => campaign::compare::AgentHistory::default(),
    };
    state
        .call_lengths
        .lock()
        .await
        .insert(agent_id.to_owned(), history.clone());
    history
}

/// The agents last listed, or listed now: only for the names stored with the campaign, so the
/// launch never depends on them.
async fn known_agents(state: &AppState, runtime: &crate::connection::Runtime) -> Vec<AgentChoice> {
    let agents = state.agents.lock().await.clone();
    if !agents.is_empty() {
        return agents;
    }
    match tokio::try_join!(
        runtime.client.list_agents(),
        runtime.client.list_all_phone_numbers()
    ) {
        Ok((list, numbers)) => campaign::agents::agent_choices(list, &numbers),
        Err(_) => Vec::new(),
    }
}

pub(super) fn part_event(p: LaunchProgress) -> LaunchEvent {
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

pub(super) fn result_of(report: LaunchReport) -> LaunchResult {
    LaunchResult {
        campaign_id: report.campaign_id.to_string(),
        parts: report.parts,
        created: report.created,
        failures: report.failures(),
        start_words: None,
    }
}

/// Records the campaign, then sends its parts; `on_event` hears each part's progress. Only
/// what the person confirmed on the Confirm step is launched: the consent box ticked, and the
/// very recipient count it showed.
#[tauri::command]
pub(crate) async fn launch_campaign(
    wizard: WizardState,
    confirmation: LaunchConfirmation,
    on_event: Channel<LaunchEvent>,
    state: tauri::State<'_, AppState>,
) -> Result<LaunchResult, IpcError> {
    let import = state.current_import().await;
    let report = import.as_ref().and_then(|i| i.report.clone());
    campaign::actions::check_launch_confirmed(
        &campaign::actions::LaunchConfirmation {
            confirmed: confirmation.confirmed,
            recipients: confirmation.recipients,
            compliance_acknowledged: confirmation.compliance_acknowledged,
        },
        report.as_ref().map_or(0, |r| r.recipients.len()),
    )?;
    let (Some(import), Some(report)) = (import, report) else {
        return Err(no_import());
    };
    let settings = state.settings.lock().await.clone();
    let runtime = state.runtime().await?;
    let agents = known_agents(&state, &runtime).await;
    let lengths = finished_calls(&state, wizard.agent_id.as_deref()).await;
    let input =
        plan_input(&wizard, &import, &report, &agents, &settings, lengths).map_err(plan_error)?;
    // With a pilot, only its first calls are parts; the rest waits for the person.
    let (plan, planned_hours) = match wizard.pilot.filter(|n| *n > 0) {
        Some(size) => {
            let pilot = campaign::pilot::plan_with_pilot(&input, size, campaign::app_now())
                .map_err(plan_error)?;
            let hours = pilot.planned_hours()?;
            (pilot.plan, hours)
        }
        None => {
            let plan = campaign::plan(&input, campaign::app_now()).map_err(plan_error)?;
            let hours = plan.planned_hours();
            (plan, hours)
        }
    };
    let kept = plan.launch_kept(campaign::consent::acknowledgement_words(
        confirmation.acknowledgement.as_deref(),
    ));
    let campaign_id = runtime.store.create_campaign_launched(
        &plan.setup,
        &plan.parts,
        // Who the do-not-call list took out at Review is kept with the campaign.
        &import.with_listed_left_out(planned_hours),
        &kept,
    )?;
    // The campaign now holds everything the draft did: from here on, it is the one record.
    if let Err(e) = state.discard_draft().await {
        tracing::warn!("the launched campaign's draft could not be removed: {e}");
    }
    let history = agent_history(&state, wizard.agent_id.as_deref()).await;
    super::estimate::keep(
        &runtime.store,
        campaign_id,
        &plan,
        &history.calls,
        &super::estimate::assumptions(&wizard, &settings),
    );
    let start_words = campaign::schedule::start_words(&plan, true);
    let result = send(&state, campaign_id, on_event).await?;
    Ok(LaunchResult {
        start_words: Some(start_words),
        ..result
    })
}

/// The plan the wizard's answers make, as the When to call and Confirm steps show it (before
/// the consent is given), its days told in `time_zone` (the manager's).
#[tauri::command]
pub(crate) async fn plan_preview(
    wizard: WizardState,
    time_zone: String,
    state: tauri::State<'_, AppState>,
) -> Result<campaign::schedule::PlanPreview, IpcError> {
    let import = state.current_import().await.ok_or_else(no_import)?;
    let report = import.report.clone().ok_or_else(no_import)?;
    let settings = state.settings.lock().await.clone();
    let agents = state.agents.lock().await.clone();
    let lengths = finished_calls(&state, wizard.agent_id.as_deref()).await;
    let input =
        plan_input(&wizard, &import, &report, &agents, &settings, lengths).map_err(plan_error)?;
    campaign::schedule::plan_preview(&input, &settings.rules_off, &time_zone, campaign::app_now())
        .map_err(plan_error)
}

/// Sends the parts of a recorded campaign that Cartesia doesn't have yet (after a failure).
#[tauri::command]
pub(crate) async fn resume_launch(
    campaign_id: String,
    confirmation: campaign::actions::Confirmation,
    on_event: Channel<LaunchEvent>,
    state: tauri::State<'_, AppState>,
) -> Result<LaunchResult, IpcError> {
    let id = campaign_id.parse::<campaign::view::PageId>()?.campaign()?;
    let runtime = state.runtime().await?;
    campaign::actions::check_confirmed(
        &runtime.store,
        id,
        campaign::actions::Steer::SendUnsent,
        &confirmation,
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
#[path = "launch_parity.rs"]
mod parity;

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::ipc::{ImportChoices, NumberChoice};
    use chrono::Utc;

    fn import(csv: &str) -> (ImportSession, ImportReport) {
        let session = ImportSession::new(
            "spring-leads.csv".into(),
            csv.as_bytes().to_vec(),
            ImportChoices {
                country: "US".into(),
                ..ImportChoices::default()
            },
        );
        let options = recipients::ImportOptions::default();
        let report = recipients::import(csv.as_bytes(), "spring-leads.csv", &options).unwrap();
        (session, report)
    }

    fn wizard() -> WizardState {
        WizardState {
            step: WizardStep::Confirm,
            name: String::new(),
            agent_id: Some("agent_1".into()),
            from_number_id: Some("ap_1".into()),
            concurrency: Some(4),
            ringing_timeout_seconds: Some(30),
            max_call_duration_minutes: Some(10),
            start: StartChoice::Now,
            compliance_acknowledged: true,
            calling_hours: None,
            call_minutes: None,
            pilot: None,
            compare: None,
            estimate: None,
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

    /// A Tuesday, 10:00 in San Francisco: inside the default calling hours.
    fn now() -> chrono::DateTime<Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-12-08T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Plans the wizard's answers as `launch_campaign` does, with a plan limit of 8.
    fn launch_plan(w: &WizardState, csv: &str) -> Result<campaign::Plan, IpcError> {
        let (session, report) = import(csv);
        let settings = Settings {
            org_concurrency_limit: 8,
            ..Settings::default()
        };
        let input = plan_input(w, &session, &report, &agents(), &settings, Vec::new())
            .map_err(plan_error)?;
        campaign::plan(&input, now()).map_err(plan_error)
    }

    #[test]
    fn every_answer_of_the_wizard_reaches_the_plan() {
        let mut w = wizard();
        // Thursday 10:00 in San Francisco.
        let at = now() + chrono::Duration::days(2);
        w.start = StartChoice::At {
            scheduled_at: at.to_rfc3339(),
            time_zone: "America/New_York".into(),
        };
        let plan = launch_plan(&w, "Phone,Name\n+14155552671,Ada\n").unwrap();
        let part = &plan.parts[0];
        assert_eq!(
            (part.agent_id.as_str(), part.from_number_id.as_str()),
            ("agent_1", "ap_1")
        );
        assert_eq!(part.target_concurrency_limit, Some(1), "one recipient");
        assert_eq!(plan.setup.concurrency, Some(4));
        assert_eq!(part.ringing_timeout_seconds, Some(30));
        assert_eq!(part.max_call_duration_minutes, Some(10));
        assert_eq!(
            part.scheduled_at.map(|t| t.timestamp()),
            Some(at.timestamp())
        );
        assert_eq!(part.recipients[0].metadata.as_ref().unwrap()["Name"], "Ada");
        assert_eq!(plan.setup.name, "spring leads", "from the file name");
        assert_eq!(plan.setup.time_zone.as_deref(), Some("America/New_York"));
        assert_eq!(
            plan.setup.agent_name.as_deref(),
            Some("Appointment reminder")
        );
        assert_eq!(plan.setup.from_number.as_deref(), Some("+14155550142"));
        assert_eq!(
            plan.setup.source_sha256,
            Some(campaign::sha256_hex(b"Phone,Name\n+14155552671,Ada\n"))
        );
    }

    #[test]
    fn each_refusal_sends_the_wizard_to_the_step_that_fixes_it() {
        let csv = "Phone\n+14155552671\n";
        let code = |change: fn(&mut WizardState)| {
            let mut w = wizard();
            change(&mut w);
            let e = launch_plan(&w, csv).unwrap_err();
            (e.code, e.message)
        };
        let (c, m) = code(|w| {
            w.start = StartChoice::At {
                scheduled_at: (now() - chrono::Duration::minutes(1)).to_rfc3339(),
                time_zone: "UTC".into(),
            }
        });
        assert_eq!(c, Some(ErrorCode::Schedule));
        assert!(m.contains("already passed"), "{m}");
        let (c, m) = code(|w| {
            w.start = StartChoice::At {
                scheduled_at: "next Tuesday".into(),
                time_zone: "UTC".into(),
            }
        });
        assert_eq!(c, Some(ErrorCode::Schedule));
        assert!(m.contains("couldn't be read"), "{m}");
        let (c, m) = code(|w| w.ringing_timeout_seconds = Some(90));
        assert_eq!(c, Some(ErrorCode::Setup));
        assert!(m.contains("between 5 and 80"), "{m}");
        let (c, m) = code(|w| w.concurrency = Some(9));
        assert_eq!(c, Some(ErrorCode::Setup));
        assert!(m.contains("Your plan allows 8"), "{m}");
        let (c, _) = code(|w| w.from_number_id = None);
        assert_eq!(c, Some(ErrorCode::Setup));
        let (c, m) = code(|w| w.compliance_acknowledged = false);
        assert_eq!(c, Some(ErrorCode::NotConfirmed));
        assert!(m.contains("agreed to be called"), "{m}");
        let e = launch_plan(&wizard(), "Phone\nnot a number\n").unwrap_err();
        assert_eq!(e.code, Some(ErrorCode::Recipients));
        let (c, m) = code(|w| {
            w.calling_hours = Some(campaign::schedule::HoursChoice {
                to: "22:00".into(),
                ..campaign::schedule::HoursChoice::default()
            })
        });
        assert_eq!(c, Some(ErrorCode::Schedule));
        assert!(m.contains("8:00–21:00"), "{m}");
    }

    #[test]
    fn a_state_rule_turned_off_in_settings_reaches_the_plan_and_the_preview() {
        // 20:30 in Miami (Tue 8 Dec 2026); the campaign's hours are 8:00–21:00, Florida's 8–20.
        let (session, report) = import("Phone\n+13055550100\n");
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-09T01:30:00Z")
            .unwrap()
            .to_utc();
        let mut w = wizard();
        w.calling_hours = Some(campaign::schedule::HoursChoice {
            from: "08:00".into(),
            to: "21:00".into(),
            ..campaign::schedule::HoursChoice::default()
        });
        let on = Settings::default();
        let (off, _) = on
            .change_rule(
                &crate::ipc::RuleChange {
                    region: "US-FL".into(),
                    on: false,
                    reason: "Not telemarketing: appointment reminders".into(),
                    confirmed: true,
                },
                now,
            )
            .unwrap();
        let first_start = |settings: &Settings| {
            let input = plan_input(&w, &session, &report, &agents(), settings, Vec::new()).unwrap();
            campaign::plan(&input, now).unwrap().starts[0]
        };
        // Florida's rule on: 8:00 tomorrow in Miami; off: now, in the campaign's 8–21.
        assert_eq!(
            first_start(&on),
            chrono::DateTime::parse_from_rfc3339("2026-12-09T13:00:00Z").unwrap()
        );
        assert_eq!(first_start(&off), now);
        let input = plan_input(&w, &session, &report, &agents(), &off, Vec::new()).unwrap();
        let shown =
            campaign::schedule::plan_preview(&input, &off.rules_off, "America/New_York", now)
                .unwrap();
        assert_eq!(
            shown.rules_off,
            vec![
                "Florida's rule is off (turned off in Settings on Tue 8 Dec 2026: \"Not \
                 telemarketing: appointment reminders\"): its 1 recipient on this list is called \
                 in this campaign's hours only."
                    .to_owned()
            ]
        );
    }

    #[test]
    fn the_hours_come_from_the_wizard_else_from_settings() {
        // 10:00 in San Francisco; Settings' hours begin at 11:00, the wizard's at 9:00.
        let (session, report) = import("Phone\n+14155552671\n");
        let settings = Settings {
            calling_hours: Some(campaign::schedule::HoursChoice {
                from: "11:00".into(),
                ..campaign::schedule::HoursChoice::default()
            }),
            ..Settings::default()
        };
        let start = |w: &WizardState| {
            let input = plan_input(w, &session, &report, &agents(), &settings, Vec::new()).unwrap();
            campaign::plan(&input, now()).unwrap().starts[0]
        };
        assert_eq!(start(&wizard()), now() + chrono::Duration::hours(1));
        let mut w = wizard();
        w.calling_hours = Some(campaign::schedule::HoursChoice::default());
        assert_eq!(start(&w), now());
    }
}
