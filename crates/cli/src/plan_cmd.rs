//! `batchline plan`: when each recipient of a list would be called, in their own local time.
//!
//! The list is read as `batchline import` reads it; each recipient is located from any ZIP code,
//! state or time-zone column the list has (else from the number), and the hours planner cuts
//! them into parts that each run only while every recipient in them is inside the calling hours
//! and their state's rules. `--json` prints the plan in the contract of issue 11:
//! `{"now", "parts": [{"part", "scheduled_at", "ends_by", "target_concurrency_limit",
//! "recipients": [{"row", "to_number", "zones", "state"}]}], "not_scheduled": [{"row",
//! "to_number", "reason"}], "finish_at"}`, times in RFC 3339 with their offset.

use crate::import::{plural, read_list, ReadArgs};
use crate::out::{self, clean, Failure};
use campaign::schedule::LeftOut;
use chrono::{DateTime, Utc};
use clap::Args;
use hours::rules::us_state_rules;
use hours::{CallingHours, Days, PlanInput, DEFAULT_SAFETY_MARGIN_MINUTES};
use serde::Serialize;

#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Calling hours in each recipient's local time, at most 08:00-21:00.
    #[arg(long, default_value = "09:00-20:00", value_name = "FROM-TO")]
    pub hours: String,
    /// Calling days, like mon-sat or mon,wed,fri.
    #[arg(long, default_value = "mon-sat", value_name = "DAYS")]
    pub days: String,
    /// Calls at the same time the campaign may make (shared by parts running at once).
    #[arg(long, default_value_t = campaign::settings::DEFAULT_ORG_CONCURRENCY, value_name = "N")]
    pub concurrency: u32,
    /// Expected minutes per call, ringing included.
    #[arg(long, default_value_t = 3, value_name = "M")]
    pub call_minutes: u32,
    /// No call before this moment (RFC 3339; now when left out).
    #[arg(long, value_name = "RFC3339")]
    pub start: Option<String>,
    /// Plan as if it were this moment (RFC 3339; the clock when left out).
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct PlanJson {
    now: String,
    parts: Vec<PartJson>,
    not_scheduled: Vec<LeftOutJson>,
    finish_at: Option<String>,
}

#[derive(Serialize)]
struct PartJson {
    part: usize,
    scheduled_at: String,
    ends_by: String,
    target_concurrency_limit: u32,
    recipients: Vec<RecipientJson>,
}

#[derive(Serialize)]
struct RecipientJson {
    row: u64,
    to_number: String,
    zones: Vec<&'static str>,
    state: Option<String>,
}

#[derive(Serialize)]
struct LeftOutJson {
    row: u64,
    to_number: String,
    reason: String,
}

impl From<LeftOut> for LeftOutJson {
    fn from(l: LeftOut) -> LeftOutJson {
        LeftOutJson {
            row: l.row,
            to_number: l.to_number,
            reason: l.reason,
        }
    }
}

fn moment(text: &str, option: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "--{option} \"{}\" isn't a date and time. Write it like 2026-03-02T09:00:00-05:00.",
                clean(text)
            )
        })
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

pub(crate) fn run(args: PlanArgs) -> Result<(), Failure> {
    let now = match &args.now {
        Some(text) => moment(text, "now")?,
        None => campaign::app_now(),
    };
    let start = match &args.start {
        Some(text) => moment(text, "start")?,
        None => now,
    };
    let hours = CallingHours {
        days: Days::parse(&args.days).map_err(|e| e.to_string())?,
        ..CallingHours::default()
    }
    .with_range(&args.hours)
    .map_err(|e| e.to_string())?;

    let list = read_list(&args.read)?;
    list.note_left_out(&args.read.file);
    let report = &list.report;
    // Located as the app and `campaign launch` locate them.
    let columns = campaign::schedule::detect_location_columns(&report.recipients);
    let people = campaign::schedule::to_plan(&report.recipients, &columns);
    let input = PlanInput {
        recipients: &people,
        hours,
        rules: us_state_rules(),
        overrides: &[],
        concurrency: args.concurrency,
        call_minutes: args.call_minutes,
        earliest_start: start,
        safety_margin_minutes: DEFAULT_SAFETY_MARGIN_MINUTES,
    };
    let plan = hours::plan(&input, now).map_err(|e| e.to_string())?;

    if args.json {
        let json = PlanJson {
            now: time(now),
            parts: plan
                .parts
                .iter()
                .enumerate()
                .map(|(i, p)| PartJson {
                    part: i + 1,
                    scheduled_at: time(p.scheduled_at),
                    ends_by: time(p.ends_by),
                    target_concurrency_limit: p.target_concurrency_limit,
                    recipients: p
                        .recipients
                        .iter()
                        .map(|&i| {
                            let r = &people[i];
                            RecipientJson {
                                row: r.row,
                                to_number: r.to_number.clone(),
                                zones: r.whereabouts.zones.iter().map(|z| z.name()).collect(),
                                state: r.whereabouts.state().map(str::to_string),
                            }
                        })
                        .collect(),
                })
                .collect(),
            not_scheduled: campaign::schedule::left_out(&people, &plan.not_scheduled)
                .into_iter()
                .map(LeftOutJson::from)
                .collect(),
            finish_at: plan.finish_at.map(time),
        };
        let text = serde_json::to_string_pretty(&json)
            .map_err(|e| format!("Could not write the plan: {e}"))?;
        out::json(&text)?;
        return Ok(());
    }
    let mut text = String::new();
    for (i, p) in plan.parts.iter().enumerate() {
        text.push_str(&format!(
            "Part {}: {} from {} until {} (UTC), {} at a time\n",
            i + 1,
            plural(p.recipients.len(), "recipient", "recipients"),
            p.scheduled_at.format("%a %-d %b %H:%M"),
            p.ends_by.format("%a %-d %b %H:%M"),
            p.target_concurrency_limit
        ));
    }
    if plan.parts.is_empty() {
        text.push_str("No calls can be planned.\n");
    }
    if let Some(finish) = plan.finish_at {
        text.push_str(&format!(
            "The last calls should be over by {} (UTC).\n",
            finish.format("%a %-d %b %H:%M")
        ));
    }
    if !plan.not_scheduled.is_empty() {
        text.push_str(&format!(
            "{} can't be called within {} days:\n",
            plural(plan.not_scheduled.len(), "recipient", "recipients"),
            limits::MAX_SCHEDULE_DAYS_AHEAD
        ));
        for n in plan.not_scheduled.iter().take(10) {
            let r = &people[n.recipient];
            text.push_str(&format!(
                "  row {}: {} — {}\n",
                r.row,
                clean(&r.to_number),
                n.reason
            ));
        }
        if plan.not_scheduled.len() > 10 {
            text.push_str(&format!("  … and {} more\n", plan.not_scheduled.len() - 10));
        }
    }
    out::text(&text)?;
    Ok(())
}
