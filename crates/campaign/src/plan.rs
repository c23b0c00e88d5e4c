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
use crate::consent::{self, ConsentCheck, ConsentError, KeptConsent};
use crate::draft::WizardStep;
use crate::schedule::{self, CallMinutes, HoursChoice, LeftOut, LocationColumns};
use crate::settings::DEFAULT_ORG_CONCURRENCY;
use crate::split::{Side, Split, SplitError};
use crate::store::{sha256_hex, NewCampaign, PlannedHours};
use cartesia::{CreateBatchRequest, NewRecipient};
use chrono::{DateTime, Duration, Utc};
use hours::{HoursError, RuleOverride};
use limits::{
    DEFAULT_RINGING_TIMEOUT_SECONDS, MAX_CALL_DURATION_MINUTES, MAX_SCHEDULE_DAYS_AHEAD,
    MIN_CONCURRENCY, RINGING_TIMEOUT_SECONDS,
};
use recipients::Recipient;
use whereabouts::Whereabouts;

/// A part whose start is at most this far ahead starts "now": it is sent without a start time.
pub(crate) const STARTS_NOW_WITHIN_SECONDS: i64 = 60;

/// What Cartesia is sent for one imported recipient: the number, and the row's other columns as
/// call data (text, as imported, in column order).
pub fn new_recipient(r: &Recipient) -> NewRecipient {
    NewRecipient {
        to_number: r.to_number.clone(),
        metadata: (!r.metadata.is_empty()).then(|| {
            r.metadata
                .iter()
                .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
                .collect()
        }),
    }
}

/// [`new_recipient`] without the call-data column `skip` (the consent column, kept here only).
pub(crate) fn new_recipient_without(r: &Recipient, skip: Option<&str>) -> NewRecipient {
    let mut sent = new_recipient(r);
    if let (Some(skip), Some(map)) = (skip, sent.metadata.as_mut()) {
        map.remove(skip);
        if map.is_empty() {
            sent.metadata = None;
        }
    }
    sent
}

/// The recipient file a campaign came from: its name (not its path) and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub name: String,
    pub sha256: String,
}

impl SourceFile {
    pub fn of(name: impl Into<String>, bytes: &[u8]) -> SourceFile {
        SourceFile {
            name: name.into(),
            sha256: sha256_hex(bytes),
        }
    }
}

/// When calling starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Now,
    /// At this instant; `time_zone` is the zone the person picked it in (e.g.
    /// `America/New_York`), kept to show the time as they think of it.
    At {
        utc: DateTime<Utc>,
        time_zone: Option<String>,
    },
}

impl Start {
    /// A start time written as RFC 3339 with its offset (`2026-03-02T09:00:00-05:00`).
    pub fn at(text: &str, time_zone: Option<String>) -> Result<Start, PlanError> {
        let utc = DateTime::parse_from_rfc3339(text.trim())
            .map_err(|_| PlanError::UnreadableStart)?
            .with_timezone(&Utc);
        Ok(Start::At { utc, time_zone })
    }
}

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

/// Why a campaign can't be launched as set up, in the words the person reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("No recipient in the file can be called. Fix the file and import it again (step 1).")]
    NoRecipients,
    #[error("Choose the agent who makes the calls (step 4, Setup).")]
    NoAgent,
    #[error("Choose the number the calls come from (step 4, Setup).")]
    NoFromNumber,
    #[error("{}", crate::actions::NO_CONSENT)]
    NoConsent,
    /// A pilot as large as the list: nothing would be left to launch after it.
    #[error(
        "A pilot of {size} calls would call the whole list ({ready} ready). Choose a smaller \
         pilot, or launch without one (step 6, Confirm)."
    )]
    PilotTooLarge { size: u32, ready: u32 },
    /// Settings require a consent column and the list's is missing or has empty rows.
    #[error("{0}")]
    Consent(ConsentError),
    #[error("Allow at least {MIN_CONCURRENCY} call at a time (step 4, Setup).")]
    TooFewCalls,
    /// Two agents compared can't be split as chosen.
    #[error("{0}")]
    Split(SplitError),
    #[error(
        "Comparing two agents needs at least 2 calls at a time, one for each agent (step 4, Setup)."
    )]
    CompareNeedsTwoCalls,
    /// A pilot takes the list's first people; two agents compared split the whole list.
    #[error(
        "A pilot and two agents compared can't be used together yet: turn off the pilot (step 6, \
         Confirm) or the comparison (step 4, Setup)."
    )]
    PilotWithCompare,
    #[error(
        "Your plan allows {limit} calls at the same time; this campaign asks for {asked}. \
         Lower it in step 4, or change your plan's limit in Settings."
    )]
    TooManyCalls { asked: u32, limit: u32 },
    #[error(
        "Ringing time must be between {} and {} seconds (step 4, Setup).",
        RINGING_TIMEOUT_SECONDS.start(),
        RINGING_TIMEOUT_SECONDS.end()
    )]
    RingingTime { asked: u32 },
    #[error(
        "The longest call must be between {} and {} minutes (step 4, Setup).",
        MAX_CALL_DURATION_MINUTES.start(),
        MAX_CALL_DURATION_MINUTES.end()
    )]
    CallLength { asked: u32 },
    #[error("The start time couldn't be read. Pick it again (step 5, When to call).")]
    UnreadableStart,
    #[error(
        "The start time you picked has already passed. Pick a later time or Start now \
         (step 5, When to call)."
    )]
    StartPassed,
    #[error(
        "Cartesia can schedule calls at most {MAX_SCHEDULE_DAYS_AHEAD} days ahead. Pick an \
         earlier start (step 5, When to call)."
    )]
    StartTooFar,
    /// The calling hours or the minutes per call can't be used.
    #[error("{0} (step 5, When to call)")]
    Hours(HoursError),
    /// Nobody on the list can be called in their hours within 30 days.
    #[error(
        "Nobody on the list can be called in their calling hours within the next \
         {MAX_SCHEDULE_DAYS_AHEAD} days. {reason} (step 5, When to call)"
    )]
    NobodyInHours { reason: String },
}

impl PlanError {
    /// The wizard step where the person fixes it.
    pub fn step(&self) -> WizardStep {
        match self {
            PlanError::NoRecipients => WizardStep::Recipients,
            PlanError::NoAgent
            | PlanError::NoFromNumber
            | PlanError::TooFewCalls
            | PlanError::TooManyCalls { .. }
            | PlanError::RingingTime { .. }
            | PlanError::CallLength { .. }
            | PlanError::Split(_)
            | PlanError::CompareNeedsTwoCalls => WizardStep::Setup,
            PlanError::UnreadableStart
            | PlanError::StartPassed
            | PlanError::StartTooFar
            | PlanError::Hours(_)
            | PlanError::NobodyInHours { .. } => WizardStep::Schedule,
            PlanError::NoConsent
            | PlanError::PilotTooLarge { .. }
            | PlanError::PilotWithCompare => WizardStep::Confirm,
            PlanError::Consent(_) => WizardStep::Columns,
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

/// An hours plan, each part's side, and each side's calls at a time.
type SidesPlan = (hours::Plan, Vec<Side>, (u32, u32));

/// The hours plan of everyone, or of each side apart when two agents are compared: a side's
/// parts hold only its own people and get the calls at a time in proportion to its size, so
/// the two sides never ask for more than the campaign's limit between them (and the hours
/// hold for each side as for everyone). Returns each part's side, in part order, and each
/// side's calls at a time.
fn plan_sides(
    everyone: &hours::PlanInput<'_>,
    sides: Option<&[Side]>,
    now: DateTime<Utc>,
) -> Result<SidesPlan, PlanError> {
    let Some(sides) = sides else {
        let p = hours::plan(everyone, now).map_err(PlanError::Hours)?;
        let n = p.parts.len();
        return Ok((p, vec![Side::A; n], (everyone.concurrency, 0)));
    };
    let of = |side: Side| -> Vec<usize> {
        (0..everyone.recipients.len())
            .filter(|&i| sides.get(i) == Some(&side))
            .collect()
    };
    let (a, b) = (of(Side::A), of(Side::B));
    let (calls_a, calls_b) = crate::compare::share_calls(everyone.concurrency, a.len(), b.len())
        .ok_or(PlanError::CompareNeedsTwoCalls)?;
    let mut parts: Vec<(hours::Part, Side)> = Vec::new();
    let mut not_scheduled = Vec::new();
    let mut finish_at = None;
    for (side, members, calls) in [(Side::A, a, calls_a), (Side::B, b, calls_b)] {
        if members.is_empty() {
            continue;
        }
        let people: Vec<hours::Recipient> = members
            .iter()
            .map(|&i| everyone.recipients[i].clone())
            .collect();
        let p = hours::plan(
            &hours::PlanInput {
                recipients: &people,
                concurrency: calls,
                ..everyone.clone()
            },
            now,
        )
        .map_err(PlanError::Hours)?;
        for mut part in p.parts {
            part.recipients = part.recipients.iter().map(|&r| members[r]).collect();
            parts.push((part, side));
        }
        for mut left in p.not_scheduled {
            left.recipient = members[left.recipient];
            not_scheduled.push(left);
        }
        finish_at = finish_at.max(p.finish_at);
    }
    parts.sort_by_key(|(p, side)| (p.scheduled_at, *side == Side::B));
    not_scheduled.sort_by_key(|n| n.recipient);
    let part_sides = parts.iter().map(|(_, side)| *side).collect();
    let plan = hours::Plan {
        parts: parts.into_iter().map(|(p, _)| p).collect(),
        not_scheduled,
        finish_at,
    };
    Ok((plan, part_sides, (calls_a, calls_b)))
}

/// Each part's calls at a time: at least what the hours planner gave it (the fewest that finish
/// it in time), raised into whatever the campaign's limit leaves free while it runs, so a part
/// alone goes as fast as the person allowed. Parts running together never ask for more than the
/// limit between them, nor a part for more calls than it has recipients.
fn fill_concurrency(parts: &[hours::Part], limit: u32, call_minutes: u32) -> Vec<u32> {
    let mut calls: Vec<u32> = parts.iter().map(|p| p.target_concurrency_limit).collect();
    let span = |p: &hours::Part| (p.scheduled_at, p.busy_until(call_minutes));
    for i in 0..parts.len() {
        let (from, until) = span(&parts[i]);
        // The most the others hold at any moment of this part's span: it peaks at a start.
        let others_at = |t: DateTime<Utc>| -> u32 {
            parts
                .iter()
                .enumerate()
                .filter(|&(j, p)| j != i && p.scheduled_at <= t && t < p.busy_until(call_minutes))
                .map(|(j, _)| calls[j])
                .sum()
        };
        let peak = std::iter::once(from)
            .chain(
                parts
                    .iter()
                    .map(|p| p.scheduled_at)
                    .filter(|&t| from < t && t < until),
            )
            .map(others_at)
            .max()
            .unwrap_or(0);
        let room = limit.saturating_sub(peak);
        let most = u32::try_from(parts[i].recipients.len()).unwrap_or(u32::MAX);
        calls[i] = calls[i].max(room.min(most));
    }
    calls
}

/// The recipients and the setup values, in the order the wizard asks for them (the schedule and
/// the consent come after).
pub(crate) fn check_setup(input: &PlanInput<'_>) -> Result<(), PlanError> {
    if input.recipients.is_empty() {
        return Err(PlanError::NoRecipients);
    }
    if input.agent_id.trim().is_empty() {
        return Err(PlanError::NoAgent);
    }
    if input.from_number_id.trim().is_empty() {
        return Err(PlanError::NoFromNumber);
    }
    if let Some(asked) = input.concurrency {
        if asked < MIN_CONCURRENCY {
            return Err(PlanError::TooFewCalls);
        }
        if let Some(limit) = input.concurrency_limit.map(|l| l.max(MIN_CONCURRENCY)) {
            if asked > limit {
                return Err(PlanError::TooManyCalls { asked, limit });
            }
        }
    }
    if let Some(asked) = input.ringing_timeout_seconds {
        if !RINGING_TIMEOUT_SECONDS.contains(&asked) {
            return Err(PlanError::RingingTime { asked });
        }
    }
    if let Some(asked) = input.max_call_duration_minutes {
        if !MAX_CALL_DURATION_MINUTES.contains(&asked) {
            return Err(PlanError::CallLength { asked });
        }
    }
    Ok(())
}

/// No call before this: now, or the picked moment when it is later than now and at most the
/// published days ahead.
fn earliest_start(start: &Start, now: DateTime<Utc>) -> Result<DateTime<Utc>, PlanError> {
    match start {
        Start::Now => Ok(now),
        Start::At { utc, .. } if *utc <= now => Err(PlanError::StartPassed),
        Start::At { utc, .. } if *utc > now + Duration::days(MAX_SCHEDULE_DAYS_AHEAD.into()) => {
            Err(PlanError::StartTooFar)
        }
        Start::At { utc, .. } => Ok(*utc),
    }
}

/// The name of part `index` (from 0) of `count`: "Spring leads (part 2 of 3)", or the campaign's
/// own name when it has one part. Every batch Batchline makes is named by it.
pub fn part_name(name: &str, index: usize, count: usize) -> String {
    if count > 1 {
        format!("{name} (part {} of {count})", index + 1)
    } else {
        name.to_owned()
    }
}

/// "spring_leads-2026.csv" → "spring leads 2026"; "Campaign" when nothing is left.
pub(crate) fn name_from_file(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let name = stem.replace(['_', '-'], " ").trim().to_owned();
    if name.is_empty() {
        "Campaign".into()
    } else {
        name
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn import(csv: &str) -> recipients::ImportReport {
        recipients::import(
            csv.as_bytes(),
            "spring_leads.csv",
            &recipients::ImportOptions::default(),
        )
        .unwrap()
    }

    fn rows(n: usize) -> recipients::ImportReport {
        let mut s = String::from("Phone,Name,Plan\n");
        for i in 0..n {
            s.push_str(&format!(
                "(2{:02}) 555-{:04},Person {i},Gold\n",
                1 + i / 9000,
                1000 + i % 9000
            ));
        }
        import(&s)
    }

    fn input(recipients: &[Recipient]) -> PlanInput<'_> {
        PlanInput {
            recipients,
            name: "Spring leads".into(),
            source: Some(SourceFile::of("spring_leads.csv", b"the bytes")),
            agent_id: "agent_1".into(),
            agent_name: Some("Appointment reminder".into()),
            from_number_id: "ap_1".into(),
            from_number: Some("+14155550142".into()),
            concurrency: Some(4),
            ringing_timeout_seconds: None,
            max_call_duration_minutes: None,
            start: Start::Now,
            consent_acknowledged: true,
            concurrency_limit: Some(8),
            hours: HoursChoice::default(),
            location_columns: None,
            call_minutes: None,
            finished_call_seconds: Vec::new(),
            rule_overrides: Vec::new(),
            consent: ConsentCheck::default(),
            compare: None,
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T14:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn refused(change: impl FnOnce(&mut PlanInput<'_>)) -> PlanError {
        let report = rows(3);
        let mut i = input(&report.recipients);
        change(&mut i);
        plan(&i, now()).unwrap_err()
    }

    fn accepted(change: impl FnOnce(&mut PlanInput<'_>)) -> Plan {
        let report = rows(3);
        let mut i = input(&report.recipients);
        change(&mut i);
        plan(&i, now()).unwrap()
    }

    #[test]
    fn twelve_thousand_rows_become_three_named_parts_in_file_order() {
        let report = rows(12_000);
        let mut i = input(&report.recipients);
        (i.concurrency, i.concurrency_limit) = (Some(100), Some(100));
        // Monday 9:00 in New Jersey and Washington DC: the whole day is open.
        let plan = plan(&i, now()).unwrap();
        let sizes: Vec<usize> = plan.parts.iter().map(|p| p.recipients.len()).collect();
        assert_eq!(sizes, [5_000, 5_000, 2_000]);
        let names: Vec<&str> = plan.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Spring leads (part 1 of 3)",
                "Spring leads (part 2 of 3)",
                "Spring leads (part 3 of 3)"
            ]
        );
        assert_eq!(plan.parts[1].recipients[0].to_number, "+12015556000");
        assert_eq!(plan.parts[2].recipients[1_999].to_number, "+12025553999");
        for part in &plan.parts {
            assert_eq!(part.agent_id, "agent_1");
            assert_eq!(part.from_number_id, "ap_1");
            assert_eq!(part.scheduled_at, None, "all three start now");
        }
        let calls: Vec<u32> = plan
            .parts
            .iter()
            .map(|p| p.target_concurrency_limit.unwrap())
            .collect();
        assert_eq!(
            calls.iter().sum::<u32>(),
            100,
            "the campaign's limit, shared"
        );
        // 5,000 calls of 4 minutes in the 645 minutes to 19:45 need 32 at a time.
        assert!(calls[1] >= 32 && calls[2] >= 13, "{calls:?}");
        assert_eq!(plan.setup.name, "Spring leads");
        assert_eq!(plan.setup.concurrency, Some(100));
        assert!(plan.left_out.is_empty());
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn each_part_starts_when_its_recipients_hours_open() {
        // New York and Los Angeles at 8:00 in New York (5:00 in Los Angeles).
        let report = import("Phone\n+12125550100\n+13105550100\n+12125550101\n");
        let plan = plan(&input(&report.recipients), at("2026-03-03T13:00:00Z")).unwrap();
        let starts: Vec<Option<String>> = plan
            .parts
            .iter()
            .map(|p| p.scheduled_at.map(|t| t.to_rfc3339()))
            .collect();
        assert_eq!(
            starts,
            [
                Some("2026-03-03T14:00:00+00:00".to_string()), // 9:00 in New York
                Some("2026-03-03T17:00:00+00:00".to_string()), // 9:00 in Los Angeles
            ]
        );
        let numbers: Vec<Vec<&str>> = plan
            .parts
            .iter()
            .map(|p| p.recipients.iter().map(|r| r.to_number.as_str()).collect())
            .collect();
        assert_eq!(
            numbers,
            [vec!["+12125550100", "+12125550101"], vec!["+13105550100"]]
        );
        assert_eq!(plan.setup.scheduled_at, Some(at("2026-03-03T14:00:00Z")));
        // The last call in Los Angeles starts by 19:45 there.
        assert!(plan.ends_by[1] <= at("2026-03-04T03:45:00Z"));
        let kept = plan.planned_hours();
        assert_eq!(kept.ends_by.len(), 2);
        assert!(kept.calling_hours.unwrap().contains("\"from\":\"09:00\""));
    }

    #[test]
    fn a_part_that_can_start_now_is_sent_without_a_start_time() {
        let report = import("Phone\n+12125550100\n");
        // 10:00:30 in New York: the planner starts at the next whole minute.
        let plan = plan(&input(&report.recipients), at("2026-03-03T15:00:30Z")).unwrap();
        assert_eq!(plan.parts[0].scheduled_at, None);
        assert_eq!(plan.starts[0], at("2026-03-03T15:01:00Z"));
        assert_eq!(
            plan.parts[0].target_concurrency_limit,
            Some(1),
            "one recipient"
        );
    }

    #[test]
    fn who_cant_be_called_in_their_hours_is_left_out_and_said_why() {
        // Sundays only: Alabama allows no Sunday calls, New York does.
        let report = import("Phone\n+12125550100\n+12055550100\n");
        let mut i = input(&report.recipients);
        i.hours.days = vec!["sun".into()];
        let plan = plan(&i, at("2026-03-03T14:00:00Z")).unwrap();
        assert_eq!(plan.parts.len(), 1);
        assert_eq!(plan.parts[0].recipients[0].to_number, "+12125550100");
        // Sunday 8 March, 9:00 in New York (daylight saving time has begun).
        assert_eq!(plan.starts[0], at("2026-03-08T13:00:00Z"));
        assert_eq!(plan.left_out.len(), 1);
        assert_eq!(
            (plan.left_out[0].row, plan.left_out[0].to_number.as_str()),
            (3, "+12055550100")
        );
        assert!(
            plan.left_out[0].reason.contains("don't open"),
            "{}",
            plan.left_out[0].reason
        );
        assert!(plan
            .planned_hours()
            .left_out
            .unwrap()
            .contains("+12055550100"));

        let alabama = import("Phone\n+12055550100\n");
        let mut i = input(&alabama.recipients);
        i.hours.days = vec!["sun".into()];
        let e = super::plan(&i, now()).unwrap_err();
        assert!(matches!(e, PlanError::NobodyInHours { .. }), "{e}");
        assert_eq!(e.step(), WizardStep::Schedule);
        assert!(
            e.to_string()
                .starts_with("Nobody on the list can be called"),
            "{e}"
        );
    }

    #[test]
    fn hours_wider_than_the_federal_ones_are_refused_at_when_to_call() {
        let e = refused(|i| i.hours.to = "21:30".into());
        assert_eq!(e, PlanError::Hours(HoursError::WiderThanFederal));
        assert_eq!(e.step(), WizardStep::Schedule);
        assert!(e.to_string().ends_with("(step 5, When to call)"), "{e}");
        let e = refused(|i| i.hours.days.clear());
        assert_eq!(e, PlanError::Hours(HoursError::NoDays));
    }

    #[test]
    fn a_toll_free_number_fits_every_us_zone_or_is_left_out_when_the_person_says_so() {
        let report = import("Phone\n+18005550199\n+12125550100\n");
        let mut i = input(&report.recipients);
        // 14:00 UTC on a Monday: 9:00 in New York, 4:00 in Honolulu.
        let everyone = plan(&i, now()).unwrap();
        assert!(everyone.left_out.is_empty());
        let toll_free_part = everyone
            .members
            .iter()
            .position(|m| m.contains(&0))
            .unwrap();
        assert!(
            everyone.starts[toll_free_part] >= at("2026-03-02T19:00:00Z"),
            "not before 9:00 in Honolulu: {}",
            everyone.starts[toll_free_part]
        );
        i.hours.leave_out_unplaced = true;
        let placed_only = plan(&i, now()).unwrap();
        assert_eq!(placed_only.left_out.len(), 1);
        assert_eq!(placed_only.left_out[0].to_number, "+18005550199");
        assert_eq!(placed_only.left_out[0].reason, schedule::UNPLACED_LEFT_OUT);
        assert_eq!(placed_only.parts.len(), 1);
        assert_eq!(placed_only.parts[0].recipients.len(), 1);
    }

    #[test]
    fn a_state_rule_holds_unless_turned_off() {
        // Florida allows 8:00-20:00; the campaign asks 8:00-21:00; it is 20:30 in Miami.
        let report = import("Phone\n+13055550100\n");
        let mut i = input(&report.recipients);
        i.hours.from = "08:00".into();
        i.hours.to = "21:00".into();
        let now = at("2026-03-04T01:30:00Z");
        let by_rule = plan(&i, now).unwrap();
        assert_eq!(
            by_rule.starts[0],
            at("2026-03-04T13:00:00Z"),
            "8:00 tomorrow"
        );
        i.rule_overrides = vec![RuleOverride {
            region: "US-FL".into(),
            reason: "tested".into(),
        }];
        let off = plan(&i, now).unwrap();
        assert_eq!(off.parts[0].scheduled_at, None, "called now, until 20:45");
    }

    #[test]
    fn one_part_keeps_the_plain_name() {
        let plan = accepted(|_| {});
        assert_eq!(plan.parts.len(), 1);
        assert_eq!(plan.parts[0].name, "Spring leads");
    }

    #[test]
    fn exactly_five_thousand_is_one_part_and_one_more_is_two() {
        let report = rows(5_001);
        let mut i = input(&report.recipients[..5_000]);
        (i.concurrency, i.concurrency_limit) = (Some(100), Some(100));
        assert_eq!(plan(&i, now()).unwrap().parts.len(), 1);
        i.recipients = &report.recipients;
        let plan = plan(&i, now()).unwrap();
        assert_eq!(plan.parts[1].name, "Spring leads (part 2 of 2)");
        assert_eq!(plan.parts[1].recipients.len(), 1);
    }

    #[test]
    fn each_recipient_carries_its_row_as_call_data_in_column_order() {
        let plan = accepted(|_| {});
        let first = &plan.parts[0].recipients[0];
        assert_eq!(first.to_number, "+12015551000");
        let data = first.metadata.as_ref().unwrap();
        let keys: Vec<&str> = data.keys().map(String::as_str).collect();
        assert_eq!(keys, ["Name", "Plan"]);
        assert_eq!(data["Name"], "Person 0");
        let bare = import("Phone\n+14155552671\n");
        let only_numbers = new_recipient(&bare.recipients[0]);
        assert_eq!(only_numbers.metadata, None, "no empty call data is sent");
    }

    #[test]
    fn the_campaign_keeps_who_calls_from_where_and_the_file_it_came_from() {
        let plan = accepted(|_| {});
        assert_eq!(
            plan.setup.agent_name.as_deref(),
            Some("Appointment reminder")
        );
        assert_eq!(plan.setup.from_number.as_deref(), Some("+14155550142"));
        assert_eq!(
            plan.setup.source_file_name.as_deref(),
            Some("spring_leads.csv")
        );
        assert_eq!(
            plan.setup.source_sha256.as_deref(),
            Some(sha256_hex(b"the bytes").as_str())
        );
    }

    #[test]
    fn an_empty_name_comes_from_the_file_name() {
        assert_eq!(
            accepted(|i| i.name = "  ".into()).setup.name,
            "spring leads"
        );
        let report = rows(6_000);
        let mut i = input(&report.recipients);
        (i.concurrency, i.concurrency_limit) = (Some(100), Some(100));
        i.name = String::new();
        i.source = Some(SourceFile::of("q3-renewals.final.xlsx", b""));
        let plan = plan(&i, now()).unwrap();
        assert_eq!(plan.setup.name, "q3 renewals.final");
        assert_eq!(plan.parts[0].name, "q3 renewals.final (part 1 of 2)");
        assert_eq!(name_from_file("__.csv"), "Campaign");
        assert_eq!(name_from_file(""), "Campaign");
        assert_eq!(
            accepted(|i| {
                i.name = String::new();
                i.source = None;
            })
            .setup
            .name,
            "Campaign"
        );
    }

    #[test]
    fn nobody_to_call_is_refused_at_the_recipients_step() {
        let report = rows(1);
        let mut i = input(&report.recipients[..0]);
        i.name = "x".into();
        let e = plan(&i, now()).unwrap_err();
        assert_eq!(e, PlanError::NoRecipients);
        assert_eq!(e.step(), WizardStep::Recipients);
        assert!(e
            .to_string()
            .contains("No recipient in the file can be called"));
    }

    #[test]
    fn agent_and_number_are_required() {
        let e = refused(|i| i.agent_id = " ".into());
        assert_eq!(
            (e.clone(), e.step()),
            (PlanError::NoAgent, WizardStep::Setup)
        );
        assert!(e.to_string().starts_with("Choose the agent"));
        let e = refused(|i| i.from_number_id = String::new());
        assert_eq!(e, PlanError::NoFromNumber);
        assert!(e.to_string().starts_with("Choose the number"));
    }

    #[test]
    fn the_consent_column_is_kept_not_sent_and_required_only_when_settings_say_so() {
        let report = import(
            "Phone,Name,Consent\n(212) 555-0101,Ada,2026-01-02 web form\n\
             (212) 555-0102,Bo,\n(212) 555-0103,Cy,signed\n",
        );
        let mut i = input(&report.recipients);
        i.consent = ConsentCheck {
            column: Some("Consent".into()),
            required: false,
        };
        let p = plan(&i, now()).unwrap();
        let sent = &p.parts[0].recipients[0];
        let keys: Vec<&String> = sent.metadata.iter().flatten().map(|(k, _)| k).collect();
        assert_eq!(keys, ["Name"], "the consent is not call data");
        let kept: Vec<(u64, &str)> = p
            .consent
            .rows
            .iter()
            .map(|r| (r.row, r.consent.as_str()))
            .collect();
        assert_eq!(kept, [(2, "2026-01-02 web form"), (4, "signed")]);

        // Required: row 3 has none, so the launch is refused — the preview still plans.
        i.consent.required = true;
        let e = plan(&i, now()).unwrap_err();
        assert!(e.to_string().starts_with("Row 3 has no consent."), "{e}");
        assert_eq!(e.step(), WizardStep::Columns);
        assert!(draft_plan(&i, now()).is_ok());
        i.consent.column = None;
        let e = plan(&i, now()).unwrap_err();
        assert!(e.to_string().contains("none is chosen"), "{e}");
    }

    fn compared(share: u8, seed: u64) -> Option<Compare> {
        Some(Compare::new(Split {
            agent_b_id: "agent_2".into(),
            agent_b_name: Some("Friendly reminder".into()),
            share_b_percent: share,
            seed,
        }))
    }

    /// Each part's recipients' phone numbers, with the part's agent.
    fn by_agent(p: &Plan) -> Vec<(String, Vec<String>)> {
        p.parts
            .iter()
            .map(|r| {
                let numbers = r.recipients.iter().map(|x| x.to_number.clone()).collect();
                (r.agent_id.clone(), numbers)
            })
            .collect()
    }

    #[test]
    fn two_agents_get_exact_shares_in_parts_of_their_own_and_share_the_calls_at_a_time() {
        let report = rows(1000);
        let mut i = input(&report.recipients);
        i.concurrency = Some(10);
        i.concurrency_limit = Some(20);
        i.compare = compared(30, 7);
        let p = plan(&i, now()).unwrap();
        let count = |agent: &str| -> usize {
            by_agent(&p)
                .iter()
                .filter(|(a, _)| a == agent)
                .map(|(_, n)| n.len())
                .sum()
        };
        assert_eq!((count("agent_1"), count("agent_2")), (700, 300));
        assert!(p.parts.iter().any(|r| r.agent_id == "agent_2"));
        // Every part holds one side only: the side the seed drew for each of its people.
        let sides = i.compare.as_ref().unwrap().split.assign(1000);
        for (part, members) in p.parts.iter().zip(&p.members) {
            let want = if part.agent_id == "agent_2" {
                Side::B
            } else {
                Side::A
            };
            assert!(members.iter().all(|&m| sides[m] == want), "{}", part.name);
        }
        // Parts running together never ask for more than the campaign's 10 calls at a time.
        let busy = |k: usize| {
            (
                p.starts[k],
                p.ends_by[k] + Duration::minutes(p.call_minutes.minutes.into()),
            )
        };
        for k in 0..p.parts.len() {
            let t = p.starts[k];
            let total: u32 = (0..p.parts.len())
                .filter(|&j| busy(j).0 <= t && t < busy(j).1)
                .filter_map(|j| p.parts[j].target_concurrency_limit)
                .sum();
            assert!(total <= 10, "{total} calls at once at {t}");
        }
        assert_eq!(p.split.as_ref().map(|s| s.share_b_percent), Some(30));

        // The same seed: the same parts; another seed: another split.
        assert_eq!(by_agent(&plan(&i, now()).unwrap()), by_agent(&p));
        i.compare = compared(30, 8);
        assert_ne!(by_agent(&plan(&i, now()).unwrap()), by_agent(&p));
    }

    #[test]
    fn two_agents_compared_need_two_agents_and_two_calls_at_a_time() {
        let e = refused(|i| {
            i.compare = compared(50, 1);
            i.concurrency = Some(1);
        });
        assert_eq!(e, PlanError::CompareNeedsTwoCalls);
        assert_eq!(e.step(), WizardStep::Setup);
        let e = refused(|i| {
            i.compare = compared(50, 1);
            i.compare.as_mut().unwrap().split.agent_b_id = "agent_1".into();
        });
        assert_eq!(e.step(), WizardStep::Setup);
        assert!(
            e.to_string().contains("not the campaign's own agent"),
            "{e}"
        );
        // Not with a pilot (its rest would lose the split).
        let report = rows(3);
        let mut i = input(&report.recipients);
        i.compare = compared(50, 1);
        let e = crate::pilot::plan_with_pilot(&i, 1, now()).unwrap_err();
        assert_eq!(
            (e.clone(), e.step()),
            (PlanError::PilotWithCompare, WizardStep::Confirm)
        );
    }

    #[test]
    fn without_consent_nothing_is_planned() {
        let report = rows(3);
        let mut i = input(&report.recipients);
        i.consent_acknowledged = false;
        let shown = draft_plan(&i, now()).unwrap();
        assert_eq!(shown.parts.len(), 1, "shown before the consent is given");
        let e = refused(|i| i.consent_acknowledged = false);
        assert_eq!(e, PlanError::NoConsent);
        assert_eq!(e.step(), WizardStep::Confirm);
        assert_eq!(e.to_string(), crate::actions::NO_CONSENT);
    }

    #[test]
    fn calls_at_once_are_at_least_one_and_at_most_the_plan_allows() {
        let e = refused(|i| i.concurrency = Some(0));
        assert_eq!(
            (e.clone(), e.step()),
            (PlanError::TooFewCalls, WizardStep::Setup)
        );
        assert_eq!(
            e.to_string(),
            "Allow at least 1 call at a time (step 4, Setup)."
        );
        let e = refused(|i| i.concurrency = Some(9));
        assert_eq!(e, PlanError::TooManyCalls { asked: 9, limit: 8 });
        assert!(e
            .to_string()
            .starts_with("Your plan allows 8 calls at the same time; this campaign asks for 9."));
        assert_eq!(
            accepted(|i| i.concurrency = Some(8)).setup.concurrency,
            Some(8)
        );
        assert_eq!(
            accepted(|i| i.concurrency = Some(1)).setup.concurrency,
            Some(1)
        );
        // Not set: the plan's limit, no more than there are recipients.
        let plan = accepted(|i| i.concurrency = None);
        assert_eq!(plan.setup.concurrency, Some(8));
        assert_eq!(plan.parts[0].target_concurrency_limit, Some(3));
        // A limit set to 0 by mistake still allows one call at a time.
        let plan = accepted(|i| {
            i.concurrency = Some(1);
            i.concurrency_limit = Some(0);
        });
        assert_eq!(plan.setup.concurrency, Some(1));
        // Without a known limit, only Cartesia can say.
        assert_eq!(
            accepted(|i| {
                i.concurrency = Some(50);
                i.concurrency_limit = None;
            })
            .setup
            .concurrency,
            Some(50)
        );
    }

    #[test]
    fn ringing_time_is_five_to_eighty_seconds() {
        for asked in [4, 81, 0] {
            let e = refused(|i| i.ringing_timeout_seconds = Some(asked));
            assert_eq!(e, PlanError::RingingTime { asked });
            assert_eq!(e.step(), WizardStep::Setup);
            assert_eq!(
                e.to_string(),
                "Ringing time must be between 5 and 80 seconds (step 4, Setup)."
            );
        }
        for ok in [5, 80] {
            let plan = accepted(|i| i.ringing_timeout_seconds = Some(ok));
            assert_eq!(plan.parts[0].ringing_timeout_seconds, Some(ok));
        }
    }

    #[test]
    fn a_call_lasts_one_to_four_hundred_eighty_minutes() {
        for asked in [0, 481] {
            let e = refused(|i| i.max_call_duration_minutes = Some(asked));
            assert_eq!(e, PlanError::CallLength { asked });
            assert_eq!(
                e.to_string(),
                "The longest call must be between 1 and 480 minutes (step 4, Setup)."
            );
        }
        for ok in [1, 480] {
            let plan = accepted(|i| i.max_call_duration_minutes = Some(ok));
            assert_eq!(plan.parts[0].max_call_duration_minutes, Some(ok));
        }
    }

    #[test]
    fn a_start_must_be_after_now_and_at_most_thirty_days_ahead() {
        let at = |utc| Start::At {
            utc,
            time_zone: Some("America/New_York".into()),
        };
        for past in [now(), now() - Duration::seconds(1)] {
            let e = refused(|i| i.start = at(past));
            assert_eq!(
                (e.clone(), e.step()),
                (PlanError::StartPassed, WizardStep::Schedule)
            );
            assert!(e.to_string().contains("already passed"));
        }
        let e = refused(|i| i.start = at(now() + Duration::days(30) + Duration::seconds(1)));
        assert_eq!(
            (e.clone(), e.step()),
            (PlanError::StartTooFar, WizardStep::Schedule)
        );
        assert!(e
            .to_string()
            .starts_with("Cartesia can schedule calls at most 30 days ahead."));

        // A second from now starts now; 29 days ahead (a Tuesday, 10:00 in New Jersey) then.
        let soon = accepted(|i| i.start = at(now() + Duration::seconds(1)));
        assert_eq!(soon.parts[0].scheduled_at, None);
        let ok = now() + Duration::days(29);
        let plan = accepted(|i| i.start = at(ok));
        assert!(plan.parts.iter().all(|p| p.scheduled_at == Some(ok)));
        assert_eq!(plan.setup.scheduled_at, Some(ok));
        assert_eq!(plan.setup.time_zone.as_deref(), Some("America/New_York"));
    }

    #[test]
    fn a_written_start_keeps_its_instant_and_refuses_what_it_cant_read() {
        let start =
            Start::at("2026-03-03T09:00:00-05:00", Some("America/New_York".into())).unwrap();
        let plan = accepted(|i| i.start = start);
        assert_eq!(
            plan.setup.scheduled_at.map(|t| t.to_rfc3339()),
            Some("2026-03-03T14:00:00+00:00".to_string())
        );
        let body = serde_json::to_value(&plan.parts[0]).unwrap();
        let sent = body["scheduled_at"].as_str().unwrap();
        assert!(
            DateTime::parse_from_rfc3339(sent).is_ok(),
            "RFC 3339: {sent}"
        );

        let e = Start::at("tomorrow at nine", None).unwrap_err();
        assert_eq!(
            (e.clone(), e.step()),
            (PlanError::UnreadableStart, WizardStep::Schedule)
        );
        assert!(e.to_string().contains("couldn't be read"));
    }

    #[test]
    fn the_rules_are_checked_in_the_wizards_order() {
        // Several things wrong: the person is sent to the earliest step first.
        let e = refused(|i| {
            i.agent_id = String::new();
            i.consent_acknowledged = false;
            i.ringing_timeout_seconds = Some(1);
            i.start = Start::At {
                utc: now(),
                time_zone: None,
            };
        });
        assert_eq!(e, PlanError::NoAgent);
        let e = refused(|i| {
            i.ringing_timeout_seconds = Some(1);
            i.start = Start::At {
                utc: now(),
                time_zone: None,
            };
        });
        assert_eq!(e, PlanError::RingingTime { asked: 1 });
        let e = refused(|i| {
            i.consent_acknowledged = false;
            i.start = Start::At {
                utc: now(),
                time_zone: None,
            };
        });
        assert_eq!(e, PlanError::StartPassed);
    }
}
