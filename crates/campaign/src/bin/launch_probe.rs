//! A small program that launches a multi-part campaign against a Cartesia address and a store
//! file, first finishing any launch a previous run was killed in the middle of. The crash tests
//! kill it at random moments and run it again; it is not part of the app.
//!
//! `campaign-launch-probe --base-url URL --store FILE [--name NAME] [--parts N] [--per-part M]
//!  [--timeout-ms T] [--prepare-only yes]`, with the key in `CARTESIA_API_KEY` (never on the
//! command line). `--prepare-only` records the campaign as a launch that was running when its
//! launcher died, sending nothing, so that several probes can then race to finish it.
//! With `--edit yes` the campaign is scheduled two hours ahead and, once launched, edited (new
//! name, start and calls at a time: every part replaced, see `campaign::carry`).
//! With `--pilot yes` the first part's recipients are a pilot and the others are kept as its
//! rest; once the pilot is created the rest is released (see `campaign::pilot`).
//! Exits 0 when every part is created (and, with `--edit`, the edit is finished), 2 when some
//! are not (yet), 1 on bad usage or setup (or when another launcher is at work on the store).

use campaign::actions::{edit_scheduled, Edit};
use campaign::{Launcher, NewCampaign, Start, Store};
use cartesia::{ApiKey, Client, ClientConfig, CreateBatchRequest, NewRecipient, RetryPolicy};
use chrono::{Duration as Span, Utc};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

struct Args {
    base_url: String,
    store: String,
    name: String,
    parts: u32,
    per_part: u32,
    timeout_ms: u64,
    prepare_only: bool,
    edit: bool,
    pilot: bool,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        base_url: String::new(),
        store: String::new(),
        name: "Crash test".into(),
        parts: 4,
        per_part: 50,
        timeout_ms: 2_000,
        prepare_only: false,
        edit: false,
        pilot: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = |v: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number"))
        };
        match flag.as_str() {
            "--base-url" => a.base_url = value,
            "--store" => a.store = value,
            "--name" => a.name = value,
            "--parts" => a.parts = u32::try_from(number(&value)?).map_err(|e| e.to_string())?,
            "--per-part" => {
                a.per_part = u32::try_from(number(&value)?).map_err(|e| e.to_string())?
            }
            "--timeout-ms" => a.timeout_ms = number(&value)?,
            "--prepare-only" => a.prepare_only = value == "yes",
            "--edit" => a.edit = value == "yes",
            "--pilot" => a.pilot = value == "yes",
            other => return Err(format!("unknown option {other}")),
        }
    }
    if a.base_url.is_empty() || a.store.is_empty() {
        return Err("--base-url and --store are required".into());
    }
    Ok(a)
}

fn requests(a: &Args, agent: &str, number: &str) -> Vec<CreateBatchRequest> {
    (1..=a.parts)
        .map(|k| {
            let recipients = (0..a.per_part)
                .map(|i| NewRecipient {
                    to_number: format!("+1415{:03}{:04}", k % 1000, 5000 + i % 5000),
                    metadata: None,
                })
                .collect();
            CreateBatchRequest::new(
                campaign::plan::part_name(&a.name, k as usize - 1, a.parts as usize),
                agent,
                number,
                recipients,
            )
        })
        .collect()
}

async fn run(a: Args) -> Result<bool, String> {
    let key = std::env::var("CARTESIA_API_KEY").map_err(|_| "CARTESIA_API_KEY is not set")?;
    let mut config = ClientConfig::new(&a.base_url, ApiKey::new(key));
    config.timeout = Duration::from_millis(a.timeout_ms);
    config.retry = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_secs(1),
        max_total: Duration::from_secs(10),
    };
    let client = Client::new(config).map_err(|e| e.to_string())?;
    let store = Arc::new(Store::open(&a.store).map_err(|e| e.to_string())?);
    let launcher = Launcher::new(store.clone());
    let log = |p: campaign::LaunchProgress| println!("part {}/{}: {:?}", p.part, p.parts, p.state);

    if !a.prepare_only {
        launcher
            .resume_incomplete(&client, log)
            .await
            .map_err(|e| e.to_string())?;
    }

    let existing = store
        .campaigns()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|c| c.setup.name == a.name || c.setup.name == format!("{} edited", a.name));
    let id = match existing {
        Some(c) => c.id,
        None => {
            let agents = client.list_agents().await.map_err(|e| e.to_string())?;
            let (agent, number) = agents
                .iter()
                .find_map(|ag| ag.phone_numbers.first().map(|n| (ag, n)))
                .ok_or("no agent with a number")?;
            let scheduled_at = a.edit.then(|| Utc::now() + Span::hours(2));
            let setup = NewCampaign {
                name: a.name.clone(),
                agent_id: agent.id.clone(),
                agent_name: Some(agent.name.clone()),
                from_number_id: number.id.clone(),
                from_number: Some(number.number.clone()),
                scheduled_at,
                ..NewCampaign::default()
            };
            let mut reqs = requests(&a, &agent.id, &number.id);
            for r in &mut reqs {
                r.scheduled_at = scheduled_at;
            }
            if a.pilot {
                let mut pilot = reqs.remove(0);
                pilot.name = format!("{} (pilot)", a.name);
                let rest: Vec<NewRecipient> = reqs.into_iter().flat_map(|r| r.recipients).collect();
                let record = campaign::pilot::PilotRecord {
                    size: a.per_part,
                    state: campaign::pilot::PilotState::Waiting,
                    rest_count: u32::try_from(rest.len()).unwrap_or(u32::MAX),
                    decided_at: None,
                    rest,
                };
                let hours = campaign::PlannedHours {
                    pilot: Some(serde_json::to_string(&record).map_err(|e| e.to_string())?),
                    ..campaign::PlannedHours::default()
                };
                store
                    .create_campaign_with_hours(&setup, &[pilot], &hours)
                    .map_err(|e| e.to_string())?
            } else {
                store
                    .create_campaign(&setup, &reqs)
                    .map_err(|e| e.to_string())?
            }
        }
    };
    if a.prepare_only {
        store
            .launch_heartbeat(id, chrono::Utc::now())
            .map_err(|e| e.to_string())?;
        return Ok(true);
    }
    let report = launcher
        .launch(&client, id, log)
        .await
        .map_err(|e| e.to_string())?;
    println!("created {} of {}", report.created, report.parts);
    if a.pilot && report.all_created() {
        return release(&store, &launcher, &client, id, log).await;
    }
    if !report.all_created() || !a.edit {
        return Ok(report.all_created());
    }
    let parts = store.parts(id).map_err(|e| e.to_string())?;
    if !parts.iter().any(|p| p.carried_at.is_some()) {
        let first = &parts[0];
        let req = store.part_request(first.id).map_err(|e| e.to_string())?;
        let edit = Edit {
            name: format!("{} edited", a.name),
            agent_id: req.agent_id.clone(),
            agent_name: None,
            from_number_id: req.from_number_id.clone(),
            from_number: None,
            concurrency: Some(2),
            ringing_timeout_seconds: None,
            max_call_duration_minutes: None,
            start: Start::At {
                utc: Utc::now() + Span::hours(3),
                time_zone: None,
            },
            concurrency_limit: None,
            confirmed: true,
        };
        let out = edit_scheduled(&store, &launcher, &client, id, &edit, Utc::now(), log)
            .await
            .map_err(|e| e.to_string())?;
        println!("{}", out.message);
    }
    let parts = store.parts(id).map_err(|e| e.to_string())?;
    let edited = parts.iter().any(|p| p.carried_at.is_some())
        && parts.iter().all(|p| {
            p.state == campaign::LaunchState::Created
                && (p.carried_at.is_none() || p.carried_count.is_some())
        });
    Ok(edited)
}

/// Releases the pilot's rest (when it still waits) and says whether every part is created.
async fn release(
    store: &Store,
    launcher: &Launcher,
    client: &Client,
    id: campaign::CampaignId,
    log: impl FnMut(campaign::LaunchProgress) + Send,
) -> Result<bool, String> {
    let record = campaign::pilot::PilotRecord::of(store, id)
        .map_err(|e| e.to_string())?
        .ok_or("no pilot")?;
    if record.state == campaign::pilot::PilotState::Waiting {
        let yes = campaign::actions::Confirmation {
            confirmed: true,
            recipients: record.rest_count,
        };
        launcher
            .launch_rest(client, id, &yes, Utc::now(), log)
            .await
            .map_err(|e| e.to_string())?;
    }
    let report = launcher.report(id).map_err(|e| e.to_string())?;
    let released = campaign::pilot::PilotRecord::of(store, id)
        .map_err(|e| e.to_string())?
        .is_some_and(|r| r.state == campaign::pilot::PilotState::Released);
    Ok(released && report.all_created())
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
