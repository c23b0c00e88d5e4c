//! The planner: what a person chose for a campaign, checked against what Cartesia accepts and
//! turned into every part's exact request — the one set of launch rules for the app and the
//! `batchline` command.
//!
//! Every campaign is planned by calling hours in each recipient's own local time: each recipient
//! is located ([`crate::schedule::locate`]), and [`hours::plan`] cuts the list into parts of at
//! most 5,000, each with its own start, calls at a time and latest start, sized to finish before
//! the hours close for everyone in it. A part that starts now is sent without a start time, so
//! Cartesia begins it at once. A campaign of several parts names them "Spring leads (part 2 of
//! 3)". Everything Cartesia would refuse (a ringing time or call length out of range, a start in
//! the past or too far ahead, more calls at once than the plan allows) is refused here first,
//! before anything is recorded, with words that say what to change and where
//! ([`PlanError::step`]). The planner is a pure function of its input and `now`.

use crate::compare::Compare;
use crate::consent::{self, ConsentCheck, KeptConsent};
use crate::schedule::{self, CallMinutes, HoursChoice, LeftOut, LocationColumns};
use crate::settings::DEFAULT_ORG_CONCURRENCY;
use crate::split::{Side, Split};
use crate::store::{NewCampaign, PlannedHours};
use cartesia::CreateBatchRequest;
use chrono::{DateTime, Duration, Utc};
use hours::RuleOverride;
use limits::{DEFAULT_RINGING_TIMEOUT_SECONDS, MIN_CONCURRENCY};
use recipients::Recipient;
use whereabouts::Whereabouts;

mod check;
mod error;
mod input;
mod sides;

pub(crate) use check::check_setup;
use check::earliest_start;
pub use error::PlanError;
pub(crate) use input::{name_from_file, new_recipient_without};
pub use input::{new_recipient, part_name, SourceFile, Start};
use sides::{fill_concurrency, plan_sides};

/// A part whose start is at most this far ahead starts "now": it is sent without a start time.
pub(crate) const STARTS_NOW_WITHIN_SECONDS: i64 = 60;

/// Everything a campaign is planned from.
#[derive(Debug, Clone)]
pub struct PlanInput<'a> {
    /// The recipients the import found ready, in file order.
    pub recipients: &'a [Recipient],
    /// The campaign's name; empty takes it from the file name.
    pub name: String,
    pub source: Option<SourceFile>,
    pub agent_id: String,
    /// The agent's name as the person saw it, kept with the campaign.
    pub agent_name: Option<String>,
    pub from_number_id: String,
    /// The number itself, e.g. `+14155550100`, kept with the campaign.
    pub from_number: Option<String>,
    /// Most calls of each part at the same time; `None` leaves it to Cartesia.
    pub concurrency: Option<u32>,
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
    pub start: Start,
    /// The person confirmed these people agreed to be called.
    pub consent_acknowledged: bool,
    /// The most calls at the same time the account's plan allows, when known.
    pub concurrency_limit: Option<u32>,
    /// The calling hours, in each recipient's local time.
    pub hours: HoursChoice,
    /// The list's ZIP, state and time-zone columns; `None` finds them in the list.
    pub location_columns: Option<LocationColumns>,
    /// Expected minutes per call, ringing included, as the person set it; `None` goes by
    /// `finished_call_seconds`, else Batchline's default.
    pub call_minutes: Option<u32>,
    /// How long this account's finished calls with the agent lasted, in seconds.
    pub finished_call_seconds: Vec<u32>,
    /// State rules turned off in Settings (each written to the audit log when it was).
    pub rule_overrides: Vec<RuleOverride>,
    /// The consent column, kept with the campaign and not sent, and whether Settings require it.
    pub consent: ConsentCheck,
    /// Two agents compared: the recipients split between the campaign's agent and a second one,
    /// each side in parts of its own.
    pub compare: Option<Compare>,
}

/// A campaign ready to be recorded: what the person chose and every part's exact request.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub setup: NewCampaign,
    pub parts: Vec<CreateBatchRequest>,
    /// Each part's start (also when it is sent without one, to start now).
    pub starts: Vec<DateTime<Utc>>,
    /// Each part's latest start: every recipient in it may be called until then.
    pub ends_by: Vec<DateTime<Utc>>,
    /// Each part's recipients, as indexes into [`PlanInput::recipients`].
    pub members: Vec<Vec<usize>>,
    /// Where each recipient may be, in list order.
    pub places: Vec<Whereabouts>,
    /// The location columns the recipients were located with.
    pub location_columns: LocationColumns,
    pub hours: HoursChoice,
    /// Who can't be called in their hours within 30 days, and why.
    pub left_out: Vec<LeftOut>,
    pub call_minutes: CallMinutes,
    /// The campaign's calls at a time, shared by the parts that run together.
    pub concurrency: u32,
    /// When the last calls should be over.
    pub finish_at: Option<DateTime<Utc>>,
    /// The regions whose state rule was turned off for this plan.
    pub rules_off: Vec<String>,
    /// Each recipient's consent as the list said it (kept with the campaign, not sent).
    pub consent: KeptConsent,
    /// The split between two agents, when the campaign compares two.
    pub split: Option<Split>,
}

impl Plan {
    /// What the launch of this plan keeps with the campaign, in the transaction that records it:
    /// this computer's user, the words confirmed (`acknowledgement`), each recipient's consent
    /// and, for two agents compared, the split. The app and the CLI both launch with it.
    pub fn launch_kept(&self, acknowledgement: String) -> crate::LaunchKept {
        crate::LaunchKept {
            launched_by: crate::consent::this_computer_user(),
            acknowledgement: Some(acknowledgement),
            consent: self.consent.clone(),
            dnc_at_launch: None,
            split: self.split.clone(),
        }
    }

    /// What the store keeps of the hours with the campaign: everything needed to plan its
    /// people again the same way when their calls move (see [`schedule::KeptPlanning`]).
    pub fn planned_hours(&self) -> PlannedHours {
        let kept = schedule::KeptPlanning {
            hours: self.hours.clone(),
            call_minutes: Some(self.call_minutes.minutes),
            rules_off: self.rules_off.clone(),
            location_columns: Some(self.location_columns.clone()),
        };
        PlannedHours {
            calling_hours: serde_json::to_string(&kept).ok(),
            left_out: serde_json::to_string(&self.left_out).ok(),
            ends_by: self.ends_by.iter().copied().map(Some).collect(),
            pilot: None,
        }
    }
}

/// Checks a campaign against the launch rules and plans it by calling hours into requests,
/// refusing what Cartesia would refuse (and what the person didn't confirm). Nothing is
/// recorded or sent.
pub fn plan(input: &PlanInput<'_>, now: DateTime<Utc>) -> Result<Plan, PlanError> {
    plan_as(input, now, true)
}

/// The plan as the wizard shows it before the person has confirmed their consent: [`plan`]
/// without that one check. Never for a launch.
pub fn draft_plan(input: &PlanInput<'_>, now: DateTime<Utc>) -> Result<Plan, PlanError> {
    plan_as(input, now, false)
}

fn plan_as(
    input: &PlanInput<'_>,
    now: DateTime<Utc>,
    needs_consent: bool,
) -> Result<Plan, PlanError> {
    check_setup(input)?;
    let earliest = earliest_start(&input.start, now)?;
    let calling_hours = input.hours.calling_hours().map_err(PlanError::Hours)?;
    if needs_consent && !input.consent_acknowledged {
        return Err(PlanError::NoConsent);
    }
    // The wizard's preview plans without the required consent, and says what is missing.
    let consent = consent::check(
        input.recipients,
        &ConsentCheck {
            required: input.consent.required && needs_consent,
            ..input.consent.clone()
        },
    )
    .map_err(PlanError::Consent)?;
    let name = match input.name.trim() {
        "" => name_from_file(input.source.as_ref().map_or("", |s| s.name.as_str())),
        n => n.to_owned(),
    };
    let ringing = input
        .ringing_timeout_seconds
        .unwrap_or(DEFAULT_RINGING_TIMEOUT_SECONDS);
    let call_minutes =
        schedule::call_minutes(input.call_minutes, &input.finished_call_seconds, ringing);
    let concurrency = input
        .concurrency
        .or(input.concurrency_limit)
        .unwrap_or(DEFAULT_ORG_CONCURRENCY)
        .max(MIN_CONCURRENCY);
    let location_columns = input
        .location_columns
        .clone()
        .unwrap_or_else(|| schedule::detect_location_columns(input.recipients));
    let mut people = schedule::to_plan(input.recipients, &location_columns);
    // Numbers whose zone can't be known, when the person chose to leave them out: no zone, so
    // the planner schedules them nowhere, and they are told why below.
    let mut unplaced = std::collections::HashSet::new();
    if input.hours.leave_out_unplaced {
        for (i, p) in people.iter_mut().enumerate() {
            if matches!(p.whereabouts.basis, whereabouts::Basis::CountryOnly(_)) {
                p.whereabouts.zones.clear();
                unplaced.insert(i);
            }
        }
    }
    let sides = match &input.compare {
        Some(c) => Some(
            c.sides_for(&input.agent_id, input.recipients.len())
                .map_err(PlanError::Split)?,
        ),
        None => None,
    };
    let (by_hours, part_sides, side_limits) = plan_sides(
        &hours::PlanInput {
            recipients: &people,
            hours: calling_hours,
            rules: hours::rules::us_state_rules(),
            overrides: &input.rule_overrides,
            concurrency,
            call_minutes: call_minutes.minutes,
            earliest_start: earliest,
            safety_margin_minutes: hours::DEFAULT_SAFETY_MARGIN_MINUTES,
        },
        sides.as_deref(),
        now,
    )?;
    let mut left_out = schedule::left_out(&people, &by_hours.not_scheduled);
    for (l, n) in left_out.iter_mut().zip(&by_hours.not_scheduled) {
        if unplaced.contains(&n.recipient) {
            l.reason = schedule::UNPLACED_LEFT_OUT.to_string();
        }
    }
    if by_hours.parts.is_empty() {
        return Err(PlanError::NobodyInHours {
            reason: left_out
                .first()
                .map(|l| l.reason.clone())
                .unwrap_or_default(),
        });
    }
    // Each side fills only its own share, so two agents compared are called at the same pace.
    let mut calls_at_once = vec![0; by_hours.parts.len()];
    for (side, limit) in [(Side::A, side_limits.0), (Side::B, side_limits.1)] {
        let of_side: Vec<usize> = (0..part_sides.len())
            .filter(|&i| part_sides[i] == side)
            .collect();
        let parts: Vec<hours::Part> = of_side.iter().map(|&i| by_hours.parts[i].clone()).collect();
        for (&i, calls) in of_side
            .iter()
            .zip(fill_concurrency(&parts, limit, call_minutes.minutes))
        {
            calls_at_once[i] = calls;
        }
    }
    let n = by_hours.parts.len();
    let starts_now = |at: DateTime<Utc>| at <= now + Duration::seconds(STARTS_NOW_WITHIN_SECONDS);
    let parts: Vec<CreateBatchRequest> = by_hours
        .parts
        .iter()
        .zip(&calls_at_once)
        .enumerate()
        .map(|(i, (part, &calls))| {
            let recipients = part
                .recipients
                .iter()
                .map(|&r| new_recipient_without(&input.recipients[r], consent.column.as_deref()))
                .collect();
            let agent = match (part_sides[i], &input.compare) {
                (Side::B, Some(c)) => &c.split.agent_b_id,
                _ => &input.agent_id,
            };
            let mut req = CreateBatchRequest::new(
                part_name(&name, i, n),
                agent,
                &input.from_number_id,
                recipients,
            );
            req.target_concurrency_limit = Some(calls);
            req.scheduled_at = (!starts_now(part.scheduled_at)).then_some(part.scheduled_at);
            req.ringing_timeout_seconds = input.ringing_timeout_seconds;
            req.max_call_duration_minutes = input.max_call_duration_minutes;
            req
        })
        .collect();
    let setup = NewCampaign {
        name,
        agent_id: input.agent_id.clone(),
        agent_name: input.agent_name.clone(),
        from_number_id: input.from_number_id.clone(),
        from_number: input.from_number.clone(),
        scheduled_at: parts.first().and_then(|p| p.scheduled_at),
        time_zone: match &input.start {
            Start::Now => None,
            Start::At { time_zone, .. } => time_zone.clone(),
        },
        concurrency: Some(concurrency),
        source_file_name: input.source.as_ref().map(|s| s.name.clone()),
        source_sha256: input.source.as_ref().map(|s| s.sha256.clone()),
    };
    Ok(Plan {
        setup,
        parts,
        starts: by_hours.parts.iter().map(|p| p.scheduled_at).collect(),
        ends_by: by_hours.parts.iter().map(|p| p.ends_by).collect(),
        members: by_hours.parts.into_iter().map(|p| p.recipients).collect(),
        places: people.into_iter().map(|p| p.whereabouts).collect(),
        location_columns,
        hours: input.hours.clone(),
        left_out,
        call_minutes,
        concurrency,
        finish_at: by_hours.finish_at,
        rules_off: input
            .rule_overrides
            .iter()
            .map(|r| r.region.clone())
            .collect(),
        consent,
        split: input.compare.as_ref().map(|c| c.split.clone()),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests;
