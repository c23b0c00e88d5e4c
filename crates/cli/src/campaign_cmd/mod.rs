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

mod launch;
mod pilot;
mod store;
mod words;

pub use launch::{launch, Summary};
pub use store::app_store_path;

use crate::import::ReadArgs;
use crate::out::Failure;
use crate::remote::{self, Connection};
use clap::{Args, Parser, Subcommand};
use limits::{MAX_CALL_DURATION_MINUTES, MAX_SCHEDULE_DAYS_AHEAD, RINGING_TIMEOUT_SECONDS};
use pilot::after_pilot;
use std::path::PathBuf;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    pub(super) fn parsed(extra: &[&str]) -> Result<LaunchArgs, clap::Error> {
        let words = ["leads.csv", "--name", "x", "--agent", "a", "--from", "n"];
        LaunchArgs::parse_from(words.iter().chain(extra))
    }

    #[test]
    fn the_time_zone_goes_only_with_a_start_time() {
        assert!(parsed(&["--time-zone", "UTC"]).is_err());
        let args = parsed(&["--at", "2026-03-02T09:00:00-05:00", "--time-zone", "UTC"]).unwrap();
        assert_eq!(args.time_zone.as_deref(), Some("UTC"));
        assert!(!args.consent_confirmed, "consent is never assumed");
    }
}
