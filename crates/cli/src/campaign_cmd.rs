//! `batchline campaign launch`: a whole campaign from a spreadsheet, launched the way the app
//! launches one.
//!
//! The list is read as `batchline import` reads it, checked and split into parts by the app's
//! own planner (`campaign::plan`), recorded in a campaign store — by default the app's, so the
//! campaign shows up in Batchline — and sent by the app's own launcher: each part's request is
//! on disk before it is sent, a part whose outcome is in doubt is looked up in Cartesia before
//! anything is sent again, and one launcher at a time (this command or the app) works on a store.
//! Running the same command again after an interruption finishes that campaign instead of
//! starting a second one, so nobody is called twice.
//!
//! The key comes only from `CARTESIA_API_KEY` and the address from `--base-url` or
//! `CARTESIA_BASE_URL`, as for the other commands that talk to Cartesia.

use crate::import::{read_list, ReadArgs};
use crate::out::{self, clean, Failure};
use crate::remote::{self, Connection};
use campaign::schedule::HoursChoice;
use campaign::{
    Campaign, LaunchProgress, LaunchState, Launcher, PartProblem, PartProgressState, PlanError,
    PlanInput, SourceFile, Start, Store,
};
use cartesia::chrono::{DateTime, Utc};
use cartesia::{ApiKey, Client};
use clap::{Args, Parser, Subcommand};
use hours::{CallingHours, Days};
use limits::{MAX_CALL_DURATION_MINUTES, MAX_SCHEDULE_DAYS_AHEAD, RINGING_TIMEOUT_SECONDS};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct CampaignArgs {
    #[command(subcommand)]
    cmd: CampaignCommand,
}

#[derive(Debug, Subcommand)]
enum CampaignCommand {
    /// Launch a campaign from a recipient list, as the app's New campaign wizard does: more than
    /// 5,000 recipients become parts named "NAME (part 2 of 3)", recorded in the app's campaign
    /// store (or --store) and sent so that nobody is called twice. If it is interrupted, run the
    /// same command again: it finishes that campaign.
    Launch(Box<LaunchArgs>),
    /// After a pilot (`launch --pilot N`): plan the rest by the campaign's calling hours as of now
    /// and send it, exactly once. Without --confirm it only says how many people that calls.
    LaunchRest(PilotArgs),
    /// After a pilot: end the campaign with it; the rest is never called. Needs --confirm.
    StopPilot(PilotArgs),
}

/// A campaign that started with a pilot, and the person's confirmation.
#[derive(Debug, Args)]
pub struct PilotArgs {
    /// The campaign's number (as `campaign launch --json` printed it).
    #[arg(long, value_name = "ID")]
    pub campaign: i64,
    /// Confirms the action for this many people (the rest's size, as printed without it).
    #[arg(long, value_name = "PEOPLE")]
    pub confirm: Option<u32>,
    /// The campaign store (default: the app's, in its data folder).
    #[arg(long, value_name = "PATH")]
    pub store: Option<PathBuf>,
    #[command(flatten)]
    pub conn: Connection,
}

#[derive(Debug, Args)]
pub struct LaunchArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// The campaign's name, shown in Cartesia and in Batchline ("" takes it from the file name).
    #[arg(long)]
    pub name: String,
    /// The agent that makes the calls (`batchline agents list` shows them).
    #[arg(long, value_name = "AGENT_ID")]
    pub agent: String,
    /// The id of the phone number the calls come from (one of the agent's).
    #[arg(long = "from", value_name = "NUMBER_ID")]
    pub from: String,
    /// Most calls of each part at the same time (default: Cartesia's, half your plan's limit).
    #[arg(long, value_name = "K")]
    pub concurrency: Option<u32>,
    /// Your plan's limit of calls at the same time, to refuse a larger --concurrency before
    /// anything is recorded (Cartesia checks it in any case).
    #[arg(long, value_name = "N")]
    pub plan_limit: Option<u32>,
    #[arg(long, value_name = "SECONDS", help = range_help("How long each call rings, in seconds", &RINGING_TIMEOUT_SECONDS))]
    pub ringing_seconds: Option<u32>,
    #[arg(long, value_name = "MINUTES", help = range_help("The longest a call may last, in minutes", &MAX_CALL_DURATION_MINUTES))]
    pub max_call_minutes: Option<u32>,
    #[arg(long, value_name = "RFC3339", help = format!("Start at this time instead of now, e.g. 2026-03-02T09:00:00-05:00 (at most {MAX_SCHEDULE_DAYS_AHEAD} days ahead)"))]
    pub at: Option<String>,
    /// The time zone --at is meant in, e.g. America/New_York; the app shows the start in it.
    #[arg(long, value_name = "TZ", requires = "at")]
    pub time_zone: Option<String>,
    /// Calling hours in each recipient's local time, at most 08:00-21:00.
    #[arg(long, default_value = "09:00-20:00", value_name = "FROM-TO")]
    pub hours: String,
    /// Calling days, like mon-sat or mon,wed,fri.
    #[arg(long, default_value = "mon-sat", value_name = "DAYS")]
    pub days: String,
    /// Call on US federal holidays too (skipped by default).
    #[arg(long)]
    pub call_on_holidays: bool,
    /// Expected minutes per call, ringing included (default: 3 plus the ringing time).
    #[arg(long, value_name = "M")]
    pub call_minutes: Option<u32>,
    /// Confirms that everyone in the list agreed to be called. Nothing is launched without it.
    #[arg(long)]
    pub consent_confirmed: bool,
    /// Start with a pilot of N calls (the list's first N ready recipients), then wait: the rest
    /// goes out with `batchline campaign launch-rest`, or never (`stop-pilot`).
    #[arg(long, value_name = "N")]
    pub pilot: Option<u32>,
    /// Compare two agents: split the recipients at random between --agent and this agent, each
    /// side in parts of its own (see --share and --seed).
    #[arg(long, value_name = "AGENT_ID")]
    pub compare_agent: Option<String>,
    /// With --compare-agent: the share of recipients the second agent calls, in percent.
    #[arg(
        long,
        value_name = "PERCENT",
        default_value_t = 50,
        requires = "compare_agent"
    )]
    pub share: u8,
    /// With --compare-agent: the split's seed; the same seed gives the same split (default:
    /// a new one, printed so the split can be made again).
    #[arg(long, value_name = "S", requires = "compare_agent")]
    pub seed: Option<u64>,
    /// The list's column with each person's consent (date and source): kept with the campaign
    /// for its compliance record, not sent to Cartesia.
    #[arg(long, value_name = "COLUMN")]
    pub consent_column: Option<String>,
    /// Refuse the launch unless --consent-column is given and filled in on every row (as the
    /// app's Setting "Every campaign needs a consent column").
    #[arg(long)]
    pub require_consent: bool,
    /// The campaign store to record the campaign in (default: the app's, in its data folder).
    #[arg(long, value_name = "PATH")]
    pub store: Option<PathBuf>,
    /// Print a summary as JSON (progress goes to stderr).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub conn: Connection,
}

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

fn range_help(what: &str, range: &std::ops::RangeInclusive<u32>) -> String {
    format!(
        "{what}: {} to {} (default: Cartesia's)",
        range.start(),
        range.end()
    )
}

impl LaunchArgs {
    /// The arguments of `batchline campaign launch …`, from the words after `launch`.
    pub fn parse_from<I, T>(words: I) -> Result<LaunchArgs, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        #[derive(Debug, Parser)]
        struct Launch {
            #[command(flatten)]
            args: LaunchArgs,
        }
        let words = std::iter::once("launch".into()).chain(words.into_iter().map(Into::into));
        Launch::try_parse_from(words).map(|l| l.args)
    }
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

pub fn run(args: CampaignArgs) -> Result<(), Failure> {
    // A debug build's test may set the clock the plan is made by (BATCHLINE_TEST_NOW), as the
    // app's: calling hours make the time of day matter.
    if let Some(campaign::TestClock::Running { start, speed }) =
        campaign::TestClock::from_env().map_err(|e| e.to_string())?
    {
        campaign::Clock::running_from(start, speed).install();
    }
    let args = match args.cmd {
        CampaignCommand::Launch(args) => args,
        CampaignCommand::LaunchRest(p) => return after_pilot(&p, true),
        CampaignCommand::StopPilot(p) => return after_pilot(&p, false),
    };
    let key = remote::key_from_env()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("Could not start: {e}"))?;
    runtime.block_on(launch(&args, key, campaign::app_now()))?;
    Ok(())
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

/// `launch-rest` (`release`) or `stop-pilot`, through the same core calls as the app's buttons.
fn after_pilot(args: &PilotArgs, release: bool) -> Result<(), Failure> {
    let store_path = match &args.store {
        Some(path) => path.clone(),
        None => app_store_path()?,
    };
    let store = open_store(&store_path)?;
    let record = campaign::pilot::PilotRecord::of(&store, args.campaign)
        .map_err(said)?
        .ok_or_else(|| Failure::from("This campaign didn't start with a pilot.".to_string()))?;
    let Some(people) = args.confirm else {
        return Err(format!(
            "The rest is {} people. Run this again with --confirm {} to {}.",
            record.rest_count,
            record.rest_count,
            if release {
                "call them"
            } else {
                "end the campaign with its pilot (they won't be called)"
            }
        )
        .into());
    };
    let confirmation = campaign::actions::Confirmation {
        confirmed: true,
        recipients: people,
    };
    let now = campaign::app_now();
    if !release {
        campaign::pilot::stop_pilot(&store, args.campaign, &confirmation, now).map_err(said)?;
        println!("Stopped after the pilot: the rest won't be called.");
        return Ok(());
    }
    let key = remote::key_from_env()?;
    let client = remote::client(&args.conn, key)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("Could not start: {e}"))?;
    let released = runtime
        .block_on(Launcher::new(store.clone()).launch_rest(
            &client,
            args.campaign,
            &confirmation,
            now,
            |p| progress_line(false, &part_words(&p)),
        ))
        .map_err(said)?;
    let report = released.launch;
    println!(
        "The rest: {} of {} part(s) with Cartesia.",
        report.created, report.parts
    );
    if report.all_created() {
        Ok(())
    } else {
        Err(report.failures().join("\n").into())
    }
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

/// The campaign store of the app's Cartesia account, in its data folder: the folder the app
/// of this build (release or development) keeps its data in.
pub fn app_store_path() -> Result<PathBuf, String> {
    let data = dirs::data_dir().ok_or(
        "This computer has no folder for app data. Say where to keep the campaign with --store.",
    )?;
    Ok(campaign::default_store_path(&data, cfg!(debug_assertions)))
}

fn open_store(path: &Path) -> Result<Arc<Store>, Failure> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("Could not create the folder {}: {e}", dir.display()))?;
    }
    Ok(Arc::new(Store::open(path).map_err(said)?))
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

fn resumed_words(c: &Campaign) -> String {
    format!(
        "Finishing the launch of \"{}\" recorded on {}, with the settings recorded then: parts \
         in doubt are checked with Cartesia before anything is sent.",
        clean(&c.setup.name),
        c.created_at.format("%Y-%m-%d %H:%M UTC")
    )
}

fn part_words(p: &LaunchProgress) -> String {
    let part = format!(
        "Part {} of {} ({} recipients)",
        p.part, p.parts, p.recipients
    );
    let why = || clean(p.message.as_deref().unwrap_or("")).into_owned();
    match p.state {
        PartProgressState::Sending => format!("{part}: sending…"),
        PartProgressState::Checking => {
            format!("{part}: checking with Cartesia whether an earlier attempt set it up…")
        }
        PartProgressState::Created => format!("{part}: with Cartesia."),
        PartProgressState::Failed => format!("{part}: not sent. {}", why()),
        PartProgressState::Unconfirmed => format!("{part}: not confirmed. {}", why()),
    }
}

/// A progress line: on stdout for a person, on stderr when stdout carries JSON. A reader who
/// stopped reading doesn't stop the launch.
fn progress_line(json: bool, line: &str) {
    if json {
        out::note(line);
    } else {
        let _ = out::line(line);
    }
}

fn finish(s: &Summary, json: bool) -> Result<(), Failure> {
    if json {
        let text = serde_json::to_string_pretty(s)
            .map_err(|e| format!("Could not write the summary as JSON: {e}"))?;
        out::json(&text)?;
    }
    if s.created == s.parts {
        if !json {
            let when = match s.scheduled_at {
                Some(at) => format!("calls start {}", at.format("%Y-%m-%d %H:%M UTC")),
                None => "calling starts now".to_string(),
            };
            out::line(&format!(
                "\"{}\" is launched: {} of {} parts ({} recipients) are with Cartesia; {when}. \
                 Recorded in {}.",
                clean(&s.name),
                s.created,
                s.parts,
                s.recipients,
                clean(&s.store.display().to_string())
            ))?;
        }
        return Ok(());
    }
    let problems: Vec<String> = s
        .problems
        .iter()
        .map(|p| format!("part {}: {}", p.part, clean(&p.message)))
        .collect();
    Err(format!(
        "{} of {} parts of \"{}\" are with Cartesia; {}. Run the same command again to send the \
         rest: each part is checked with Cartesia first, so nobody is called twice.",
        s.created,
        s.parts,
        clean(&s.name),
        problems.join("; ")
    )
    .into())
}

fn said(e: campaign::Error) -> Failure {
    match e {
        campaign::Error::Api(e) => remote::say(e).into(),
        other => other.to_string().into(),
    }
}

/// The planner's refusal in the command's words: which option to change.
/// What `--consent-confirmed` says, kept with the campaign as its acknowledgement.
const CLI_ACKNOWLEDGEMENT: &str =
    "--consent-confirmed: everyone in the list agreed to be called (batchline campaign launch).";

fn refusal(e: &PlanError, args: &LaunchArgs) -> Failure {
    let (lo_ring, hi_ring) = (
        RINGING_TIMEOUT_SECONDS.start(),
        RINGING_TIMEOUT_SECONDS.end(),
    );
    let (lo_len, hi_len) = (
        MAX_CALL_DURATION_MINUTES.start(),
        MAX_CALL_DURATION_MINUTES.end(),
    );
    let file = clean(&args.read.file.display().to_string()).into_owned();
    let at = clean(args.at.as_deref().unwrap_or("")).into_owned();
    match e {
        PlanError::NoRecipients => format!(
            "No recipient in {file} can be called. Run `batchline import {file}` to see why, \
             fix the file and try again."
        ),
        PlanError::NoAgent => "--agent is empty: give the id of the agent who makes the calls \
                               (`batchline agents list`)."
            .to_string(),
        PlanError::NoFromNumber => "--from is empty: give the id of the number the calls come \
                                    from (`batchline numbers list`)."
            .to_string(),
        PlanError::NoConsent => format!(
            "{} Here, that is --consent-confirmed.",
            campaign::actions::NO_CONSENT
        ),
        PlanError::TooFewCalls => "--concurrency must be at least 1.".to_string(),
        PlanError::TooManyCalls { asked, limit } => format!(
            "Your plan allows {limit} calls at the same time; --concurrency asks for {asked}. \
             Lower it."
        ),
        PlanError::RingingTime { asked } => {
            format!("--ringing-seconds {asked}: a call rings {lo_ring} to {hi_ring} seconds.")
        }
        PlanError::CallLength { asked } => {
            format!("--max-call-minutes {asked}: a call may last {lo_len} to {hi_len} minutes.")
        }
        PlanError::UnreadableStart => format!(
            "--at \"{at}\" is not a date and time with its zone, e.g. 2026-03-02T09:00:00-05:00."
        ),
        PlanError::StartPassed => format!(
            "--at \"{at}\" has already passed. Pick a later time, or leave --at out to start now."
        ),
        PlanError::StartTooFar => format!(
            "--at \"{at}\" is too far ahead: Cartesia schedules calls at most \
             {MAX_SCHEDULE_DAYS_AHEAD} days ahead."
        ),
        PlanError::Hours(e) => format!("{e} (--hours, --days, --call-minutes)"),
        PlanError::NobodyInHours { reason } => format!(
            "Nobody in {file} can be called in their calling hours within the next \
             {MAX_SCHEDULE_DAYS_AHEAD} days. {reason} (--hours, --days, --at)"
        ),
        PlanError::Consent(campaign::consent::ConsentError::NoColumn) => {
            "--require-consent needs --consent-column: the list's column with each person's \
             consent (date and source)."
                .to_string()
        }
        PlanError::Consent(e) => format!("{e} (--consent-column)"),
        PlanError::Split(e) => format!("{e} (--compare-agent, --share)"),
        PlanError::CompareNeedsTwoCalls => "Comparing two agents needs --concurrency of at \
                                            least 2, one call at a time for each agent."
            .to_string(),
        PlanError::PilotWithCompare => {
            "--pilot and --compare-agent can't be used together yet: leave one out.".to_string()
        }
        PlanError::PilotTooLarge { size, ready } => format!(
            "--pilot {size} would call the whole list ({ready} ready). Give a smaller --pilot, \
             or leave it out."
        ),
    }
    .into()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    #[test]
    fn the_default_store_is_the_app_accounts_in_its_data_folder() {
        let path = app_store_path().unwrap();
        let id = campaign::app_identifier(cfg!(debug_assertions));
        assert!(
            path.ends_with(Path::new(&id).join("campaigns.sqlite")),
            "{}",
            path.display()
        );
        assert!(path.starts_with(dirs::data_dir().unwrap()));
    }

    fn parsed(extra: &[&str]) -> Result<LaunchArgs, clap::Error> {
        let words = ["leads.csv", "--name", "x", "--agent", "a", "--from", "n"];
        LaunchArgs::parse_from(words.iter().chain(extra))
    }

    #[test]
    fn every_refusal_names_the_option_to_change() {
        let args = parsed(&["--at", "soon"]).unwrap();
        let words = |e: PlanError| refusal(&e, &args).to_string();
        assert!(words(PlanError::NoConsent).contains("--consent-confirmed"));
        assert!(words(PlanError::NoConsent).contains("agreed to be called"));
        assert!(words(PlanError::RingingTime { asked: 90 }).contains("5 to 80 seconds"));
        assert!(words(PlanError::CallLength { asked: 0 }).contains("1 to 480 minutes"));
        assert!(words(PlanError::UnreadableStart).contains("--at \"soon\""));
        assert!(words(PlanError::StartTooFar).contains("30 days"));
        assert!(words(PlanError::TooManyCalls { asked: 9, limit: 8 }).contains("allows 8"));
        assert!(words(PlanError::NoRecipients).contains("batchline import leads.csv"));
        assert!(words(PlanError::Consent(
            campaign::consent::ConsentError::NoColumn
        ))
        .contains("--require-consent needs --consent-column"));
        let missing = words(PlanError::Consent(
            campaign::consent::ConsentError::Missing {
                rows: vec![4, 9],
                total: 2,
            },
        ));
        assert!(
            missing.starts_with("Rows 4 and 9 have no consent."),
            "{missing}"
        );
        assert!(missing.ends_with("(--consent-column)"), "{missing}");
        let args = parsed(&["--consent-column", "Consent", "--require-consent"]).unwrap();
        assert_eq!(args.consent_column.as_deref(), Some("Consent"));
        assert!(args.require_consent);
    }

    #[test]
    fn the_time_zone_goes_only_with_a_start_time() {
        assert!(parsed(&["--time-zone", "UTC"]).is_err());
        let args = parsed(&["--at", "2026-03-02T09:00:00-05:00", "--time-zone", "UTC"]).unwrap();
        assert_eq!(args.time_zone.as_deref(), Some("UTC"));
        assert!(!args.consent_confirmed, "consent is never assumed");
    }
}
