//! `campaign launch`: read, plan, record and send (or finish an earlier run's launch).

use super::store::{app_store_path, open_store};
use super::words::{finish, part_words, progress_line, refusal, resumed_words, said};
use super::LaunchArgs;
use crate::import::read_list;
use crate::out::{clean, Failure};
use crate::remote;
use campaign::schedule::HoursChoice;
use campaign::{
    Campaign, LaunchState, Launcher, PartProblem, PlanError, PlanInput, SourceFile, Start, Store,
};
use cartesia::chrono::{DateTime, Utc};
use cartesia::{ApiKey, Client};
use hours::{CallingHours, Days};
use serde::Serialize;
use std::path::PathBuf;

/// What `--consent-confirmed` says, kept with the campaign as its acknowledgement.
const CLI_ACKNOWLEDGEMENT: &str =
    "--consent-confirmed: everyone in the list agreed to be called (batchline campaign launch).";

/// `--hours` and `--days` as the planner takes them, checked.
fn hours_choice(args: &LaunchArgs) -> Result<HoursChoice, PlanError> {
    let hours = CallingHours {
        days: Days::parse(&args.days).map_err(PlanError::Hours)?,
        skip_us_federal_holidays: !args.call_on_holidays,
        ..CallingHours::default()
    }
    .with_range(&args.hours)
    .map_err(PlanError::Hours)?;
    Ok(HoursChoice::of(&hours))
}

/// What a launch did, as `--json` prints it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub campaign_id: String,
    pub name: String,
    /// The campaign store it is recorded in.
    pub store: PathBuf,
    pub recipients: u32,
    pub parts: u32,
    /// Parts Cartesia has.
    pub created: u32,
    /// Whether this run finished a launch an earlier run had started.
    pub resumed: bool,
    pub scheduled_at: Option<DateTime<Utc>>,
    /// Parts not with Cartesia, and why.
    pub problems: Vec<PartProblem>,
}

/// Reads, plans, records and sends the campaign (or finishes the one an earlier run of the
/// same command started). Errs — after printing the summary — unless every part is with
/// Cartesia.
pub async fn launch(
    args: &LaunchArgs,
    key: ApiKey,
    now: DateTime<Utc>,
) -> Result<Summary, Failure> {
    if !args.consent_confirmed {
        return Err(refusal(&PlanError::NoConsent, args));
    }
    let start = match &args.at {
        Some(text) => Start::at(text, args.time_zone.clone()).map_err(|e| refusal(&e, args))?,
        None => Start::Now,
    };
    let hours = hours_choice(args).map_err(|e| refusal(&e, args))?;
    let list = read_list(&args.read)?;
    list.note_left_out(&args.read.file);
    let client = remote::client(&args.conn, key)?;
    let (agent_name, from_number) = chosen(&client, &args.agent, &args.from).await?;
    let input = PlanInput {
        recipients: &list.report.recipients,
        name: args.name.clone(),
        source: Some(SourceFile::of(&list.name, &list.bytes)),
        agent_id: args.agent.clone(),
        agent_name,
        from_number_id: args.from.clone(),
        from_number,
        concurrency: args.concurrency,
        ringing_timeout_seconds: args.ringing_seconds,
        max_call_duration_minutes: args.max_call_minutes,
        start,
        consent_acknowledged: args.consent_confirmed,
        concurrency_limit: args.plan_limit,
        hours,
        location_columns: None,
        call_minutes: args.call_minutes,
        finished_call_seconds: Vec::new(),
        rule_overrides: Vec::new(),
        consent: campaign::consent::ConsentCheck {
            column: args.consent_column.clone(),
            required: args.require_consent,
        },
        compare: args.compare_agent.as_ref().map(|b| {
            let seed = args.seed.unwrap_or_else(|| campaign::split::new_seed(now));
            progress_line(
                args.json,
                &format!("Two agents compared, split with seed {seed}."),
            );
            campaign::compare::Compare::new(campaign::split::Split {
                agent_b_id: b.clone(),
                agent_b_name: None,
                share_b_percent: args.share,
                seed,
            })
        }),
    };
    let (plan, planned_hours) = match args.pilot {
        Some(size) => {
            let pilot = campaign::pilot::plan_with_pilot(&input, size, now)
                .map_err(|e| refusal(&e, args))?;
            let hours = pilot.planned_hours().map_err(said)?;
            (pilot.plan, hours)
        }
        None => {
            let plan = campaign::plan(&input, now).map_err(|e| refusal(&e, args))?;
            let hours = plan.planned_hours();
            (plan, hours)
        }
    };
    for left in &plan.left_out {
        progress_line(
            args.json,
            &format!(
                "Row {} ({}) is not called: {}",
                left.row,
                clean(&left.to_number),
                left.reason
            ),
        );
    }
    let store_path = match &args.store {
        Some(path) => path.clone(),
        None => app_store_path()?,
    };
    let store = open_store(&store_path)?;
    let (campaign_id, resumed) = match earlier_launch(&store, &plan.setup)? {
        Some(earlier) => {
            progress_line(args.json, &resumed_words(&earlier));
            (earlier.id, true)
        }
        None => (
            store
                .create_campaign_launched(
                    &plan.setup,
                    &plan.parts,
                    &planned_hours,
                    &plan.launch_kept(CLI_ACKNOWLEDGEMENT.to_string()),
                )
                .map_err(said)?,
            false,
        ),
    };
    let launcher = Launcher::new(store.clone());
    let json = args.json;
    let report = launcher
        .launch(&client, campaign_id, |p| {
            progress_line(json, &part_words(&p))
        })
        .await
        .map_err(said)?;
    let campaign = store.campaign(campaign_id).map_err(said)?;
    let summary = Summary {
        campaign_id: campaign_id.to_string(),
        name: campaign.setup.name.clone(),
        store: store_path,
        recipients: campaign.recipient_count,
        parts: report.parts,
        created: report.created,
        resumed,
        scheduled_at: campaign.setup.scheduled_at,
        problems: report.problems,
    };
    finish(&summary, args.json)?;
    Ok(summary)
}
/// The agent's name and the number itself, checked against the account: the agent must exist
/// and the number must be one it may call from, as in the app's Setup step.
async fn chosen(
    client: &Client,
    agent_id: &str,
    number_id: &str,
) -> Result<(Option<String>, Option<String>), Failure> {
    let (agents, numbers) = tokio::try_join!(client.list_agents(), client.list_all_phone_numbers())
        .map_err(remote::say)?;
    let choices = campaign::agents::agent_choices(agents, &numbers);
    let Some(agent) = choices.iter().find(|a| a.id == agent_id) else {
        return Err(format!(
            "The account has no agent \"{}\". `batchline agents list` shows its agents; pass \
             one's id to --agent.",
            clean(agent_id)
        )
        .into());
    };
    let Some(number) = agent.numbers.iter().find(|n| n.id == number_id) else {
        let theirs: Vec<String> = agent
            .numbers
            .iter()
            .map(|n| format!("{} ({})", clean(&n.id), clean(&n.number)))
            .collect();
        return Err(format!(
            "\"{}\" can't call from \"{}\". Its numbers: {}. Pass one's id to --from.",
            clean(&agent.name),
            clean(number_id),
            if theirs.is_empty() {
                "none — add one to it in Cartesia".to_string()
            } else {
                theirs.join(", ")
            }
        )
        .into());
    };
    Ok((Some(agent.name.clone()), Some(number.number.clone())))
}

/// The campaign an earlier run of the same command recorded: same name, file, agent and
/// number. One that is fully with Cartesia is not launched again.
fn earlier_launch(
    store: &Store,
    setup: &campaign::NewCampaign,
) -> Result<Option<Campaign>, Failure> {
    let same = |c: &Campaign| {
        c.setup.name == setup.name
            && c.setup.source_sha256 == setup.source_sha256
            && c.setup.agent_id == setup.agent_id
            && c.setup.from_number_id == setup.from_number_id
    };
    let Some(earlier) = store.campaigns().map_err(said)?.into_iter().find(same) else {
        return Ok(None);
    };
    let parts = store.parts(earlier.id).map_err(said)?;
    let open = parts
        .iter()
        .any(|p| !matches!(p.state, LaunchState::Created | LaunchState::Withdrawn));
    if !open {
        return Err(format!(
            "\"{}\" from this file was already launched on {} ({} recipients); nothing was sent \
             again. To call the same list again, give the campaign another --name.",
            clean(&earlier.setup.name),
            earlier.created_at.format("%Y-%m-%d %H:%M UTC"),
            earlier.recipient_count
        )
        .into());
    }
    Ok(Some(earlier))
}
