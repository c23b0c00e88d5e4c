//! Watching a campaign: where it stands, how it got there, and who was reached.
//!
//! Everything a campaign page shows is derived here, not in the app, so the words and the
//! arithmetic are the same everywhere and can be tested without a window. Status and charts come
//! from the store alone (the tracker's snapshots), so a list of campaigns opens instantly and
//! works offline; only the recipients table and a call's details ask Cartesia, because only
//! Cartesia knows each recipient's latest attempt.
//!
//! Cartesia's batch status is about *dispatch* (`completed` means every call was placed, not that
//! every call ended), so [`CampaignStatus`] is derived from the counters as well as the status:
//! a part is [`CampaignStatus::Done`] only once every recipient's latest attempt has ended.

use crate::error::{Error, Result};
use crate::store::{Campaign, CampaignId, LaunchState, Part, PartId, Snapshot, Store};
use cartesia::{BatchRecipient, Call, CallBatch, Client, NewRecipient};
use chrono::{DateTime, Duration, DurationRound, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// How far back the finish rate behind the estimated end time looks.
pub const ETA_WINDOW_MINUTES: i64 = 30;
/// Most points [`timeline`] returns: enough for a smooth line, few enough for any chart.
pub const MAX_TIMELINE_POINTS: usize = 300;
/// Width of a bar in the calls-finished chart.
pub const BUCKET_MINUTES: i64 = 15;
/// Most bars in that chart: 31 days' worth (older ones are left out).
pub const MAX_BUCKETS: usize = 31 * 24 * 4;

/// Where a campaign (or one of its parts) stands, in the person's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CampaignStatus {
    /// Recorded but not (all) sent to Cartesia: a launch was interrupted or a part refused.
    NotLaunched,
    /// Being sent to Cartesia, or sent with the answer lost (checked before anything is resent).
    Launching,
    /// Waiting for its start time.
    Scheduled,
    /// Due, but nothing dialed yet: the plan's simultaneous calls are taken by other campaigns.
    WaitingForCapacity,
    /// Placing calls.
    Dialing,
    /// Every call placed; the last ones are still running.
    Finishing,
    /// Every recipient's latest attempt has ended.
    Done,
    /// Cancelled: the people not yet called never will be (calls under way still finish).
    Cancelled,
    /// Cartesia refused to start it, or every recipient failed before dialing.
    Failed,
}

impl CampaignStatus {
    /// Whether calls are still to come or under way.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            CampaignStatus::Scheduled
                | CampaignStatus::WaitingForCapacity
                | CampaignStatus::Dialing
                | CampaignStatus::Finishing
        )
    }

    /// A short label for a status chip.
    pub fn label(self) -> &'static str {
        match self {
            CampaignStatus::NotLaunched => "Not started",
            CampaignStatus::Launching => "Starting",
            CampaignStatus::Scheduled => "Scheduled",
            CampaignStatus::WaitingForCapacity => "Waiting for capacity",
            CampaignStatus::Dialing => "Calling",
            CampaignStatus::Finishing => "Finishing",
            CampaignStatus::Done => "Done",
            CampaignStatus::Cancelled => "Cancelled",
            CampaignStatus::Failed => "Failed",
        }
    }
}

/// Recipients by where they stand. `finished = completed + failed` (latest attempts that
/// ended); `in_flight = dispatched − finished`; `not_sent` are in parts Cartesia doesn't have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub total: u32,
    /// Waiting to be dialed.
    pub queued: u32,
    /// Dialing or on the phone.
    pub in_flight: u32,
    /// Reached: the call connected and ended.
    pub completed: u32,
    /// Not reached: no answer, busy, failed before dialing, or an error.
    pub failed: u32,
    /// Never called because the campaign was cancelled.
    pub cancelled: u32,
    pub finished: u32,
    /// In parts that were never sent to Cartesia.
    pub not_sent: u32,
}

impl Progress {
    /// A part's progress as one snapshot saw it. Without per-status counts (a batch from List
    /// Call Batches), queued is what was not dispatched, and completed/failed stay 0.
    pub fn from_snapshot(s: &Snapshot) -> Progress {
        let in_flight = s.dispatched.saturating_sub(s.finished);
        let mut p = Progress {
            total: s.scheduled,
            in_flight,
            finished: s.finished,
            ..Progress::default()
        };
        if s.by_status.is_empty() {
            let undispatched = s.scheduled.saturating_sub(s.dispatched);
            if s.status == "cancelled" {
                p.cancelled = undispatched;
            } else {
                p.queued = undispatched;
            }
        } else {
            let get = |k: &str| s.by_status.get(k).copied().unwrap_or(0);
            p.queued = get("queued");
            p.completed = get("completed");
            p.failed = get("failed");
            p.cancelled = get("cancelled");
        }
        p
    }

    fn add(&mut self, o: &Progress) {
        self.total += o.total;
        self.queued += o.queued;
        self.in_flight += o.in_flight;
        self.completed += o.completed;
        self.failed += o.failed;
        self.cancelled += o.cancelled;
        self.finished += o.finished;
        self.not_sent += o.not_sent;
    }

    fn sub(&mut self, o: &Progress) {
        self.total -= o.total;
        self.queued -= o.queued;
        self.in_flight -= o.in_flight;
        self.completed -= o.completed;
        self.failed -= o.failed;
        self.cancelled -= o.cancelled;
        self.finished -= o.finished;
        self.not_sent -= o.not_sent;
    }

    /// Calls still to end: queued or under way (cancelled ones never will).
    pub fn remaining(&self) -> u32 {
        self.total
            .saturating_sub(self.finished)
            .saturating_sub(self.cancelled)
            .saturating_sub(self.not_sent)
    }
}

/// One part (one Cartesia batch) of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartOverview {
    pub part_id: PartId,
    /// 1-based: part `part` of `parts`.
    pub part: u32,
    pub parts: u32,
    pub name: String,
    pub status: CampaignStatus,
    pub status_line: String,
    pub progress: Progress,
    pub retry_count: u32,
    pub launch_state: LaunchState,
    /// Why it isn't created yet, in words.
    pub launch_problem: Option<String>,
    /// Cartesia's batch status as last seen (unknown values kept).
    pub api_status: Option<String>,
    pub api_batch_id: Option<String>,
    /// When its progress was last seen.
    pub updated_at: Option<DateTime<Utc>>,
}

/// A campaign as the list and the top of its page show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignOverview {
    pub id: CampaignId,
    pub name: String,
    pub agent_id: String,
    pub agent_name: Option<String>,
    pub from_number: Option<String>,
    pub status: CampaignStatus,
    /// What is happening, in plain words.
    pub status_line: String,
    pub progress: Progress,
    /// When calling starts (set when the campaign was scheduled); the app shows it in
    /// `time_zone`.
    pub scheduled_at: Option<DateTime<Utc>>,
    pub time_zone: Option<String>,
    pub created_at: DateTime<Utc>,
    pub source_file_name: Option<String>,
    pub parts: Vec<PartOverview>,
    /// Retries done so far (the highest of the parts').
    pub retry_count: u32,
    /// Estimated end of the last call, from the recent finish rate; `None` when it can't be
    /// told (not dialing, too little history, or the history is stale).
    pub eta: Option<DateTime<Utc>>,
    /// When progress was last seen.
    pub updated_at: Option<DateTime<Utc>>,
}

// ---- status ----

/// A batch's status from Cartesia's word and counters. Unknown words fall back to the counters.
pub(crate) fn batch_status(
    api_status: &str,
    scheduled: u32,
    dispatched: u32,
    finished: u32,
    scheduled_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> CampaignStatus {
    use CampaignStatus as S;
    let all_finished = finished >= scheduled;
    let waiting = || {
        if scheduled_at.is_some_and(|t| t > now) {
            S::Scheduled
        } else {
            S::WaitingForCapacity
        }
    };
    match api_status {
        "cancelled" => S::Cancelled,
        "failed" => S::Failed,
        "completed" if all_finished => S::Done,
        "completed" => S::Finishing,
        "in_progress" => S::Dialing,
        "pending" if dispatched > 0 => S::Dialing,
        "pending" => waiting(),
        _ if scheduled > 0 && all_finished => S::Done,
        _ if scheduled > 0 && dispatched >= scheduled => S::Finishing,
        _ if dispatched > 0 => S::Dialing,
        _ => waiting(),
    }
}

/// A part's status from its launch state and latest snapshot.
pub(crate) fn part_status(
    state: LaunchState,
    snapshot: Option<&Snapshot>,
    scheduled_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> CampaignStatus {
    match state {
        LaunchState::Planned => CampaignStatus::NotLaunched,
        LaunchState::Sending | LaunchState::Unconfirmed => CampaignStatus::Launching,
        LaunchState::Failed => CampaignStatus::Failed,
        LaunchState::Withdrawn => CampaignStatus::Cancelled,
        LaunchState::Created => match snapshot {
            Some(s) => batch_status(
                &s.status,
                s.scheduled,
                s.dispatched,
                s.finished,
                scheduled_at,
                now,
            ),
            // Not polled yet: as Cartesia made it, pending.
            None => batch_status("pending", 1, 0, 0, scheduled_at, now),
        },
    }
}

/// The campaign's status from its parts' (status, whether Cartesia has the part).
///
/// Anything still running wins (dialing first), then a launch in progress; once nothing runs,
/// a cancel explains the rest, then parts never sent, then all-failed; otherwise it is done
/// (some parts may have failed entirely before dialing: their recipients count as failed).
pub(crate) fn campaign_status(parts: &[(CampaignStatus, bool)]) -> CampaignStatus {
    use CampaignStatus as S;
    if parts.is_empty() {
        return S::NotLaunched;
    }
    let any = |s: S| parts.iter().any(|(p, _)| *p == s);
    for s in [
        S::Dialing,
        S::Launching,
        S::WaitingForCapacity,
        S::Scheduled,
        S::Finishing,
    ] {
        if any(s) {
            return s;
        }
    }
    if any(S::Cancelled) {
        return S::Cancelled;
    }
    if parts.iter().all(|(s, _)| *s == S::Failed) {
        return S::Failed;
    }
    if parts.iter().any(|(_, created)| !created) {
        return S::NotLaunched;
    }
    S::Done
}

/// `5000` → `5,000`.
pub(crate) fn count(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `3 people`, `1 person`: a count with its noun.
pub fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// `Tue 1 Dec 2026, 14:00 UTC` (the app may show `scheduled_at` in the person's zone instead).
pub(crate) fn when(t: DateTime<Utc>) -> String {
    t.format("%a %-d %b %Y, %H:%M UTC").to_string()
}

/// What a status means for these counts, in words.
pub(crate) fn status_line(
    status: CampaignStatus,
    p: &Progress,
    scheduled_at: Option<DateTime<Utc>>,
) -> String {
    use CampaignStatus as S;
    match status {
        S::NotLaunched => "Not started: Batchline hasn't sent this to Cartesia yet.".to_string(),
        S::Launching => "Being set up with Cartesia.".to_string(),
        S::Scheduled => match scheduled_at {
            Some(t) => format!("Scheduled: calling starts {}.", when(t)),
            None => "Scheduled: calling starts at the chosen time.".to_string(),
        },
        S::WaitingForCapacity if p.finished + p.in_flight > 0 => format!(
            "{} of {} done. The rest start as soon as calls free up (your plan's \
             simultaneous calls are all in use).",
            count(p.finished),
            count(p.total)
        ),
        S::WaitingForCapacity => "Waiting for free capacity: your plan's simultaneous calls \
             are all in use by other campaigns. Calling starts by itself when they end."
            .to_string(),
        S::Dialing => format!(
            "Calling: {} of {} done, {} on the phone now.",
            count(p.finished),
            count(p.total),
            count(p.in_flight)
        ),
        S::Finishing => format!(
            "Every call has been placed; waiting for the last {} to end.",
            plural(p.in_flight, "call", "calls")
        ),
        S::Done => {
            let mut s = format!(
                "Finished: {} answered, {} not reached",
                count(p.completed),
                count(p.failed)
            );
            if p.cancelled > 0 {
                s.push_str(&format!(", {} not called (cancelled)", count(p.cancelled)));
            }
            s.push('.');
            s
        }
        S::Cancelled => {
            let mut s = format!(
                "Cancelled: {} never called",
                plural(p.cancelled, "person", "people")
            );
            if p.in_flight > 0 {
                s.push_str(&format!(
                    "; {} already under way will finish",
                    plural(p.in_flight, "call", "calls")
                ));
            }
            s.push_str(&format!(
                ". {} answered, {} not reached.",
                count(p.completed),
                count(p.failed)
            ));
            s
        }
        S::Failed => "No call could be placed: every number failed before dialing.".to_string(),
    }
}

/// Progress of a part that has no snapshot to go by.
fn unseen_progress(part: &Part) -> Progress {
    if part.state == LaunchState::Withdrawn {
        return Progress {
            total: part.recipient_count,
            cancelled: part.recipient_count,
            ..Progress::default()
        };
    }
    if part.state == LaunchState::Created {
        Progress {
            total: part.recipient_count,
            queued: part.recipient_count,
            ..Progress::default()
        }
    } else {
        Progress {
            total: part.recipient_count,
            not_sent: part.recipient_count,
            ..Progress::default()
        }
    }
}

fn part_overview(
    part: &Part,
    snapshot: Option<&Snapshot>,
    scheduled_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> PartOverview {
    let status = part_status(part.state, snapshot, scheduled_at, now);
    let progress = match (part.state, snapshot) {
        (LaunchState::Created, Some(s)) => Progress::from_snapshot(s),
        _ => unseen_progress(part),
    };
    let launch_problem = match part.state {
        LaunchState::Created => None,
        LaunchState::Planned => Some(
            part.last_error
                .clone()
                .unwrap_or_else(|| "Not sent to Cartesia yet.".to_string()),
        ),
        _ => part.last_error.clone(),
    };
    let status_line = match (part.state, &launch_problem) {
        (LaunchState::Failed, Some(why)) => format!("Not started: {why}"),
        (LaunchState::Withdrawn, _) => {
            "Cancelled before it was sent: nobody in this part was called.".to_string()
        }
        (LaunchState::Unconfirmed, _) => "Batchline lost Cartesia's answer while starting this \
             part; it will check with Cartesia before sending it again, so nobody is called \
             twice."
            .to_string(),
        _ => status_line(status, &progress, scheduled_at),
    };
    PartOverview {
        part_id: part.id,
        part: part.part,
        parts: part.parts,
        name: part.name.clone(),
        status,
        status_line,
        progress,
        retry_count: snapshot.map_or(0, |s| s.retry_count),
        launch_state: part.state,
        launch_problem,
        api_status: snapshot.map(|s| s.status.clone()),
        api_batch_id: part.api_batch_id.clone(),
        updated_at: snapshot.map(|s| s.at),
    }
}

fn campaign_line(
    status: CampaignStatus,
    c: &Campaign,
    p: &Progress,
    parts: &[PartOverview],
) -> String {
    use CampaignStatus as S;
    let name = |x: &PartOverview| format!("Part {} of {}", x.part, x.parts);
    match status {
        S::NotLaunched | S::Failed if parts.iter().any(|x| x.launch_problem.is_some()) => {
            let unsent: Vec<&PartOverview> = parts
                .iter()
                .filter(|x| x.launch_state != LaunchState::Created)
                .collect();
            let first = unsent.first().and_then(|x| x.launch_problem.as_deref());
            let head = if unsent.len() == parts.len() {
                "Not started".to_string()
            } else {
                format!(
                    "{} of {} parts not started ({} people)",
                    unsent.len(),
                    parts.len(),
                    count(p.not_sent)
                )
            };
            match first {
                Some(why) => format!("{head}: {why}"),
                None => format!("{head}."),
            }
        }
        S::Launching => match parts
            .iter()
            .find(|x| x.launch_state == LaunchState::Unconfirmed)
        {
            Some(x) => format!(
                "{} is being checked with Cartesia (its answer was lost), so nobody is called \
                 twice.",
                name(x)
            ),
            None => "Being set up with Cartesia.".to_string(),
        },
        _ => {
            let mut line = status_line(status, p, c.setup.scheduled_at);
            if p.not_sent > 0 && status != S::NotLaunched {
                line.push_str(&format!(
                    " {} never sent to Cartesia.",
                    plural(p.not_sent, "person was", "people were")
                ));
            }
            line
        }
    }
}

/// Finish rate (recipients per second) over the snapshots, from the last drop in `finished`
/// (a retry reopens calls) to the newest; `None` without two observations or any progress.
pub(crate) fn finish_rate(snaps: &[Snapshot]) -> Option<f64> {
    let start = snaps
        .windows(2)
        .rposition(|w| w[1].finished < w[0].finished)
        .map_or(0, |i| i + 1);
    let recent = &snaps[start..];
    let (first, last) = (recent.first()?, recent.last()?);
    let secs = (last.at - first.at).num_milliseconds() as f64 / 1000.0;
    if secs <= 0.0 || last.finished <= first.finished {
        return None;
    }
    Some(f64::from(last.finished - first.finished) / secs)
}

/// When the last call should end at `rate` recipients per second, counted from `seen_at`;
/// `None` if that is already past (the history is stale) or nothing is left.
pub(crate) fn estimate_end(
    remaining: u32,
    rate: f64,
    seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if remaining == 0 || !rate.is_finite() || rate <= 0.0 {
        return None;
    }
    let secs = f64::from(remaining) / rate;
    // Beyond a year the figure means nothing (and would overflow).
    if secs > 366.0 * 86_400.0 {
        return None;
    }
    let end = seen_at + Duration::milliseconds((secs * 1000.0) as i64);
    (end >= now).then_some(end)
}

fn build_overview(
    store: &Store,
    c: &Campaign,
    parts: &[Part],
    now: DateTime<Utc>,
) -> Result<CampaignOverview> {
    let mut views = Vec::with_capacity(parts.len());
    let mut progress = Progress::default();
    let mut rate = 0.0;
    let mut updated_at: Option<DateTime<Utc>> = None;
    for part in parts {
        let snapshot = if part.state == LaunchState::Created {
            store.last_snapshot(part.id)?
        } else {
            None
        };
        let view = part_overview(part, snapshot.as_ref(), c.setup.scheduled_at, now);
        if let (Some(s), CampaignStatus::Dialing | CampaignStatus::Finishing) =
            (&snapshot, view.status)
        {
            let recent =
                store.snapshots_since(part.id, s.at - Duration::minutes(ETA_WINDOW_MINUTES))?;
            rate += finish_rate(&recent).unwrap_or(0.0);
        }
        progress.add(&view.progress);
        updated_at = updated_at.max(view.updated_at);
        views.push(view);
    }
    let flags: Vec<(CampaignStatus, bool)> = views
        .iter()
        .map(|v| (v.status, v.launch_state == LaunchState::Created))
        .collect();
    let status = campaign_status(&flags);
    let eta = match (status, updated_at) {
        (
            CampaignStatus::Dialing
            | CampaignStatus::Finishing
            | CampaignStatus::WaitingForCapacity,
            Some(seen),
        ) => estimate_end(progress.remaining(), rate, seen, now),
        _ => None,
    };
    Ok(CampaignOverview {
        id: c.id,
        name: c.setup.name.clone(),
        agent_id: c.setup.agent_id.clone(),
        agent_name: c.setup.agent_name.clone(),
        from_number: c.setup.from_number.clone(),
        status,
        status_line: campaign_line(status, c, &progress, &views),
        progress,
        scheduled_at: c.setup.scheduled_at,
        time_zone: c.setup.time_zone.clone(),
        created_at: c.created_at,
        source_file_name: c.setup.source_file_name.clone(),
        retry_count: views.iter().map(|v| v.retry_count).max().unwrap_or(0),
        parts: views,
        eta,
        updated_at,
    })
}

/// A campaign's status and progress, from the store (no network).
pub fn overview(store: &Store, campaign_id: CampaignId) -> Result<CampaignOverview> {
    overview_at(store, campaign_id, Utc::now())
}

/// [`overview`] as of `now` (for tests and replays).
pub fn overview_at(
    store: &Store,
    campaign_id: CampaignId,
    now: DateTime<Utc>,
) -> Result<CampaignOverview> {
    let c = store.campaign(campaign_id)?;
    let parts = store.parts(campaign_id)?;
    build_overview(store, &c, &parts, now)
}

/// Every campaign's overview, newest first.
pub fn overviews(store: &Store) -> Result<Vec<CampaignOverview>> {
    let now = Utc::now();
    store
        .campaigns()?
        .iter()
        .map(|c| build_overview(store, c, &store.parts(c.id)?, now))
        .collect()
}

// ---- charts ----

/// Totals at one moment, for the progress-over-time chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelinePoint {
    pub at: DateTime<Utc>,
    pub queued: u32,
    pub in_flight: u32,
    pub completed: u32,
    pub failed: u32,
    pub cancelled: u32,
}

/// What a finished call came to, grouped for a person. From `end_reason`:
///
/// | outcome | end reasons |
/// |---|---|
/// | answered | `agent_hangup`, `client_hangup`, `max_duration`, `inactivity`, `client_disconnected` (the call connected, whoever or whatever ended it) |
/// | noAnswer | `dial_no_answer` |
/// | busy | `dial_busy` |
/// | notDialed | `error`, `dial_failed` (no conversation could start: rejected before or while dialing) |
/// | cancelled | `api_cancelled` (never called) |
/// | other | anything newer than this list |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Answered,
    NoAnswer,
    Busy,
    NotDialed,
    Cancelled,
    Other,
}

impl Outcome {
    /// Every outcome, in the order charts show them.
    pub const ALL: [Outcome; 6] = [
        Outcome::Answered,
        Outcome::NoAnswer,
        Outcome::Busy,
        Outcome::NotDialed,
        Outcome::Cancelled,
        Outcome::Other,
    ];

    pub fn of_end_reason(reason: &str) -> Outcome {
        match reason {
            "agent_hangup"
            | "client_hangup"
            | "max_duration"
            | "inactivity"
            | "client_disconnected" => Outcome::Answered,
            "dial_no_answer" => Outcome::NoAnswer,
            "dial_busy" => Outcome::Busy,
            "error" | "dial_failed" => Outcome::NotDialed,
            "api_cancelled" => Outcome::Cancelled,
            _ => Outcome::Other,
        }
    }

    /// A recipient's outcome: from its end reason, or from its status when it ended without
    /// one. `None` while its latest attempt hasn't ended.
    pub fn of_recipient(status: &str, end_reason: Option<&str>, error: bool) -> Option<Outcome> {
        match (end_reason, status) {
            (Some(r), _) => Some(Outcome::of_end_reason(r)),
            (None, "completed") => Some(Outcome::Answered),
            (None, "failed") if error => Some(Outcome::NotDialed),
            (None, "failed") => Some(Outcome::Other),
            (None, "cancelled") => Some(Outcome::Cancelled),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Answered => "Answered",
            Outcome::NoAnswer => "No answer",
            Outcome::Busy => "Line busy",
            Outcome::NotDialed => "Couldn't be dialed",
            Outcome::Cancelled => "Not called (cancelled)",
            Outcome::Other => "Other",
        }
    }
}

/// One slice of the outcome chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeSlice {
    pub outcome: Outcome,
    pub label: String,
    pub count: u32,
}

/// Calls that finished in the 15 minutes from `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FinishedBucket {
    pub start: DateTime<Utc>,
    pub finished: u32,
}

/// The campaign page's charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignCharts {
    pub timeline: Vec<TimelinePoint>,
    pub outcomes: Vec<OutcomeSlice>,
    pub finished_per_quarter_hour: Vec<FinishedBucket>,
}

/// Progress over time: at each snapshot time, the sum of every part's latest known values
/// (a part not yet seen adds nothing), at most `max_points` points (evenly over time, the
/// first and last always kept).
pub fn merge_timeline(parts: &[Vec<Snapshot>], max_points: usize) -> Vec<TimelinePoint> {
    let mut events: Vec<(DateTime<Utc>, usize, usize)> = parts
        .iter()
        .enumerate()
        .flat_map(|(p, snaps)| snaps.iter().enumerate().map(move |(i, s)| (s.at, p, i)))
        .collect();
    events.sort();
    let mut latest: Vec<Option<Progress>> = vec![None; parts.len()];
    let mut sum = Progress::default();
    let mut points: Vec<TimelinePoint> = Vec::new();
    for (k, &(at, p, i)) in events.iter().enumerate() {
        let next = Progress::from_snapshot(&parts[p][i]);
        if let Some(old) = &latest[p] {
            sum.sub(old);
        }
        sum.add(&next);
        latest[p] = Some(next);
        // One point per moment, once every snapshot of that moment is in.
        if events.get(k + 1).is_some_and(|e| e.0 == at) {
            continue;
        }
        points.push(TimelinePoint {
            at,
            queued: sum.queued,
            in_flight: sum.in_flight,
            completed: sum.completed,
            failed: sum.failed,
            cancelled: sum.cancelled,
        });
    }
    downsample(points, max_points)
}

/// Keeps the first point and the last point of each of `max − 1` equal time spans.
fn downsample(points: Vec<TimelinePoint>, max: usize) -> Vec<TimelinePoint> {
    let (Some(first), Some(last)) = (points.first().copied(), points.last().copied()) else {
        return points;
    };
    if points.len() <= max.max(2) {
        return points;
    }
    let buckets = (max.max(2) - 1) as i64;
    let span = (last.at - first.at).num_milliseconds().max(1);
    let mut out: Vec<TimelinePoint> = vec![first];
    let mut current: Option<(i64, TimelinePoint)> = None;
    for p in points.into_iter().skip(1) {
        let b = ((p.at - first.at).num_milliseconds() * buckets / span).min(buckets - 1);
        if let Some((cb, cp)) = current {
            if cb != b {
                out.push(cp);
            }
        }
        current = Some((b, p));
    }
    if let Some((_, cp)) = current {
        out.push(cp);
    }
    out
}

/// The outcome chart from recipients-per-end-reason counts (all outcomes, in chart order).
pub fn outcome_slices(by_outcome: &BTreeMap<String, u32>) -> Vec<OutcomeSlice> {
    let mut counts: HashMap<Outcome, u32> = HashMap::new();
    for (reason, n) in by_outcome {
        *counts.entry(Outcome::of_end_reason(reason)).or_default() += n;
    }
    Outcome::ALL
        .iter()
        .map(|&o| OutcomeSlice {
            outcome: o,
            label: o.label().to_string(),
            count: counts.get(&o).copied().unwrap_or(0),
        })
        .collect()
}

/// Calls finished per 15 minutes (UTC-aligned), from the rise of `finished` between successive
/// snapshots of each part. A drop (a retry reopening calls) counts nothing; calls finished before
/// a part's first snapshot count at that snapshot. Empty buckets between the first and last
/// non-empty one are included, so bars line up with time; only the latest [`MAX_BUCKETS`] are
/// kept.
pub fn finished_per_bucket(parts: &[Vec<Snapshot>]) -> Vec<FinishedBucket> {
    let width = Duration::minutes(BUCKET_MINUTES);
    let mut buckets: BTreeMap<DateTime<Utc>, u32> = BTreeMap::new();
    for snaps in parts {
        let mut before = 0u32;
        for s in snaps {
            let rise = s.finished.saturating_sub(before);
            before = s.finished;
            if rise == 0 {
                continue;
            }
            let start = s.at.duration_trunc(width).unwrap_or(s.at);
            *buckets.entry(start).or_default() += rise;
        }
    }
    let (Some((&first, _)), Some((&last, _))) =
        (buckets.first_key_value(), buckets.last_key_value())
    else {
        return Vec::new();
    };
    let span = width * i32::try_from(MAX_BUCKETS - 1).unwrap_or(i32::MAX);
    let mut out = Vec::new();
    let mut t = first.max(last - span);
    while t <= last {
        out.push(FinishedBucket {
            start: t,
            finished: buckets.get(&t).copied().unwrap_or(0),
        });
        t += width;
    }
    out
}

/// The charts of a campaign, from every snapshot of its parts (no network).
pub fn charts(store: &Store, campaign_id: CampaignId) -> Result<CampaignCharts> {
    store.campaign(campaign_id)?;
    let mut all = Vec::new();
    let mut by_outcome: BTreeMap<String, u32> = BTreeMap::new();
    for part in store.parts(campaign_id)? {
        let snaps = store.snapshots(part.id)?;
        if let Some(last) = snaps.last() {
            for (k, v) in &last.by_outcome {
                *by_outcome.entry(k.clone()).or_default() += v;
            }
        }
        all.push(snaps);
    }
    Ok(CampaignCharts {
        timeline: merge_timeline(&all, MAX_TIMELINE_POINTS),
        outcomes: outcome_slices(&by_outcome),
        finished_per_quarter_hour: finished_per_bucket(&all),
    })
}

/// Progress over time of a campaign (see [`merge_timeline`]).
pub fn timeline(store: &Store, campaign_id: CampaignId) -> Result<Vec<TimelinePoint>> {
    Ok(charts(store, campaign_id)?.timeline)
}

// ---- recipients ----

/// A recipient's status in words (unknown values are shown as Cartesia sent them).
pub fn recipient_status_label(status: &str, outcome: Option<Outcome>) -> String {
    match status {
        "queued" => "Waiting to be called".to_string(),
        "dispatched" => "Dialing".to_string(),
        "started" => "On the phone".to_string(),
        "completed" => "Answered".to_string(),
        "failed" => match outcome {
            Some(Outcome::NoAnswer) => "No answer".to_string(),
            Some(Outcome::Busy) => "Line busy".to_string(),
            Some(Outcome::NotDialed) => "Couldn't be dialed".to_string(),
            _ => "Not reached".to_string(),
        },
        "cancelled" => "Not called (cancelled)".to_string(),
        "" => "Not sent to Cartesia".to_string(),
        other => format!("Cartesia says \u{201c}{other}\u{201d}"),
    }
}

/// Why a call ended, in words.
pub fn end_reason_label(reason: &str) -> String {
    match reason {
        "agent_hangup" => "The agent ended the call".to_string(),
        "client_hangup" => "The recipient hung up".to_string(),
        "api_cancelled" => "Cancelled before it was called".to_string(),
        "max_duration" => "Reached the longest allowed call length".to_string(),
        "inactivity" => "Ended after a long silence".to_string(),
        "client_disconnected" => "The line dropped".to_string(),
        "dial_busy" => "The line was busy".to_string(),
        "dial_failed" => "The call couldn't be connected".to_string(),
        "dial_no_answer" => "Nobody answered".to_string(),
        "error" => "It failed before dialing".to_string(),
        other => format!("Ended: {other}"),
    }
}

/// One recipient of a campaign, as the table and the export show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientRow {
    /// 1-based position in the campaign (across parts).
    pub index: u32,
    pub part: u32,
    pub to_number: String,
    /// Cartesia's status as sent (`queued`, `completed`, … or a newer value, kept as is);
    /// empty when Cartesia doesn't have this recipient (part not sent, or not checked).
    pub status: String,
    pub status_label: String,
    pub end_reason: Option<String>,
    pub end_reason_label: Option<String>,
    /// `None` while the latest attempt hasn't ended.
    pub outcome: Option<Outcome>,
    pub agent_call_id: Option<String>,
    pub error_message: Option<String>,
    /// Values of [`RecipientTable::columns`], in that order ("" when absent).
    pub metadata: Vec<String>,
    /// Times the recipient's part was retried.
    pub retry_count: u32,
}

/// Every recipient of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientTable {
    /// The call-data (metadata) columns, in the order first seen in the stored requests.
    pub columns: Vec<String>,
    pub rows: Vec<RecipientRow>,
    /// Parts whose recipients couldn't be checked with Cartesia, with why; their rows show
    /// what was sent, without a status.
    pub problems: Vec<String>,
}

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The metadata columns of requests: keys in the order first seen.
pub fn metadata_columns<'a>(recipients: impl IntoIterator<Item = &'a NewRecipient>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut columns = Vec::new();
    for r in recipients {
        for k in r.metadata.iter().flat_map(|m| m.keys()) {
            if !seen.contains(k.as_str()) {
                seen.insert(k.clone());
                columns.push(k.clone());
            }
        }
    }
    columns
}

/// Joins what was sent for one part with what Cartesia reports, by number and order (the same
/// number twice is matched first to first). Rows come in the order sent; recipients Cartesia
/// reports that weren't sent come last, with their own metadata.
pub(crate) fn join_part(
    part: u32,
    retry_count: u32,
    sent: &[NewRecipient],
    live: Option<&[BatchRecipient]>,
    columns: &HashMap<&str, usize>,
    missing_label: &str,
    next_index: &mut u32,
) -> Vec<RecipientRow> {
    let width = columns.len();
    let meta_of = |m: Option<&serde_json::Map<String, serde_json::Value>>| {
        let mut out = vec![String::new(); width];
        for (k, v) in m.into_iter().flatten() {
            if let Some(&i) = columns.get(k.as_str()) {
                out[i] = cell(v);
            }
        }
        out
    };
    let mut next = || {
        *next_index += 1;
        *next_index
    };
    let unmatched = |r: &NewRecipient, index: u32| RecipientRow {
        index,
        part,
        to_number: r.to_number.clone(),
        status: String::new(),
        status_label: missing_label.to_string(),
        end_reason: None,
        end_reason_label: None,
        outcome: None,
        agent_call_id: None,
        error_message: None,
        metadata: meta_of(r.metadata.as_ref()),
        retry_count,
    };
    let matched = |to_number: &str, b: &BatchRecipient, metadata: Vec<String>, index: u32| {
        let status = b.status.as_str().to_string();
        let end_reason = b.end_reason.as_ref().map(|r| r.as_str().to_string());
        let outcome =
            Outcome::of_recipient(&status, end_reason.as_deref(), b.error_message.is_some());
        RecipientRow {
            index,
            part,
            to_number: to_number.to_string(),
            status_label: recipient_status_label(&status, outcome),
            status,
            end_reason_label: end_reason.as_deref().map(end_reason_label),
            end_reason,
            outcome,
            agent_call_id: b.agent_call_id.clone(),
            error_message: b.error_message.clone(),
            metadata,
            retry_count,
        }
    };
    let Some(live) = live else {
        return sent.iter().map(|r| unmatched(r, next())).collect();
    };
    let aligned = live.len() == sent.len()
        && live
            .iter()
            .zip(sent)
            .all(|(l, s)| l.to_number == s.to_number);
    if aligned {
        return sent
            .iter()
            .zip(live)
            .map(|(s, l)| matched(&s.to_number, l, meta_of(s.metadata.as_ref()), next()))
            .collect();
    }
    let mut by_number: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, l) in live.iter().enumerate() {
        by_number
            .entry(l.to_number.as_str())
            .or_default()
            .push_back(i);
    }
    let mut used = vec![false; live.len()];
    let mut rows = Vec::with_capacity(sent.len().max(live.len()));
    for s in sent {
        let hit = by_number
            .get_mut(s.to_number.as_str())
            .and_then(VecDeque::pop_front);
        rows.push(match hit {
            Some(i) => {
                used[i] = true;
                matched(&s.to_number, &live[i], meta_of(s.metadata.as_ref()), next())
            }
            None => unmatched(s, next()),
        });
    }
    for (i, l) in live.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let meta = l.metadata.as_ref().and_then(|m| m.as_object());
        rows.push(matched(&l.to_number, &live[i], meta_of(meta), next()));
    }
    rows
}

/// One part's stored request and Cartesia's batch (from Get Call Batch): `Ok(None)` when
/// Cartesia doesn't have the part, `Err(why)` when it couldn't be asked.
pub type PartSource = (
    Part,
    cartesia::CreateBatchRequest,
    std::result::Result<Option<CallBatch>, String>,
);

/// Builds the table from stored requests and, per part, Cartesia's batch (or why it's missing),
/// for a caller that already holds the batches (e.g. the tracker's latest Get Call Batch).
pub fn build_table(parts: &[PartSource]) -> RecipientTable {
    let columns = metadata_columns(parts.iter().flat_map(|(_, req, _)| &req.recipients));
    let index: HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut rows = Vec::with_capacity(parts.iter().map(|(_, r, _)| r.recipients.len()).sum());
    let mut problems = Vec::new();
    let mut next = 0u32;
    for (part, req, live) in parts {
        let (batch, label) = match live {
            Ok(Some(b)) => (Some(b), ""),
            Ok(None) => (None, "Not sent to Cartesia"),
            Err(why) => {
                problems.push(format!(
                    "Part {} of {} couldn't be checked: {why}",
                    part.part, part.parts
                ));
                (None, "Couldn't be checked")
            }
        };
        let retry_count = batch.map_or(0, |b| b.retry_count);
        rows.extend(join_part(
            part.part,
            retry_count,
            &req.recipients,
            batch.and_then(|b| b.recipients.as_deref()),
            &index,
            label,
            &mut next,
        ));
    }
    RecipientTable {
        columns,
        rows,
        problems,
    }
}

async fn fetch_table(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
    strict: bool,
) -> Result<RecipientTable> {
    store.campaign(campaign_id)?;
    let mut parts = Vec::new();
    for part in store.parts(campaign_id)? {
        let req = store.part_request(part.id)?;
        let live = match (&part.state, &part.api_batch_id) {
            (LaunchState::Created, Some(id)) => match client.get_batch(id).await {
                Ok(b) => Ok(Some(b)),
                // A refused key or a strict caller: nothing partial.
                Err(e) if strict || e.is_unauthorized() => return Err(Error::Api(e)),
                Err(e) => Err(e.user_message()),
            },
            _ => Ok(None),
        };
        parts.push((part, req, live));
    }
    Ok(build_table(&parts))
}

/// Every recipient of a campaign: what was sent (number, metadata) joined with each one's
/// latest attempt as Cartesia reports it (one Get Call Batch per part). A part Cartesia can't
/// be asked about shows its recipients without a status and is named in `problems`; a refused
/// key is an error.
pub async fn recipients(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
) -> Result<RecipientTable> {
    fetch_table(client, store, campaign_id, false).await
}

/// [`recipients`], but any part that can't be checked is an error (for exports).
pub async fn recipients_complete(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
) -> Result<RecipientTable> {
    fetch_table(client, store, campaign_id, true).await
}

// ---- one call ----

/// One line of a call's transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptLine {
    /// `Agent`, `Recipient`, `System`, or the role as sent when it is another.
    pub speaker: String,
    pub text: String,
    /// Seconds from the start of the call.
    pub at_seconds: Option<f64>,
}

/// One call, for the call panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallDetail {
    /// `None` when the recipient was never dialed.
    pub call_id: Option<String>,
    /// Whether a call was placed at all.
    pub dialed: bool,
    /// Whether someone picked up (the call has a start time).
    pub connected: bool,
    /// Cartesia's call status as sent (empty when not dialed).
    pub status: String,
    pub status_label: String,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// End − start (Cartesia sends no duration).
    pub duration_seconds: Option<f64>,
    pub end_reason: Option<String>,
    pub end_reason_label: Option<String>,
    pub summary: Option<String>,
    pub transcript: Vec<TranscriptLine>,
    /// The account keeps no transcripts or recordings (zero data retention).
    pub transcript_withheld: bool,
    pub error_message: Option<String>,
    pub to_number: Option<String>,
    pub from_number: Option<String>,
}

fn call_status_label(c: &Call) -> String {
    let reason = c.end_reason.as_ref().map(|r| r.as_str());
    match c.status.as_str() {
        "created" => "Dialing".to_string(),
        "started" => "On the phone".to_string(),
        "completed" => "Answered".to_string(),
        "failed" => recipient_status_label("failed", reason.map(Outcome::of_end_reason)),
        other => format!("Cartesia says \u{201c}{other}\u{201d}"),
    }
}

/// The call panel's contents for a call Cartesia returned.
pub fn call_detail_of(c: &Call) -> CallDetail {
    let speaker = |role: &str| match role {
        "assistant" | "agent" => "Agent".to_string(),
        "user" => "Recipient".to_string(),
        "system" => "System".to_string(),
        other => other.to_string(),
    };
    let end_reason = c.end_reason.as_ref().map(|r| r.as_str().to_string());
    CallDetail {
        call_id: Some(c.id.clone()),
        dialed: true,
        connected: c.start_time.is_some(),
        status: c.status.as_str().to_string(),
        status_label: call_status_label(c),
        started_at: c.start_time,
        ended_at: c.end_time,
        duration_seconds: c.duration().map(|d| d.num_milliseconds() as f64 / 1000.0),
        end_reason_label: end_reason.as_deref().map(end_reason_label),
        end_reason,
        summary: c.summary.clone().filter(|s| !s.trim().is_empty()),
        transcript: c
            .transcript
            .iter()
            .map(|t| TranscriptLine {
                speaker: speaker(&t.role),
                text: t.text.clone(),
                at_seconds: t.start_timestamp,
            })
            .collect(),
        transcript_withheld: c.zdr_enabled,
        error_message: c.error_message.clone(),
        to_number: c.telephony_params.as_ref().and_then(|t| t.to.clone()),
        from_number: c.telephony_params.as_ref().and_then(|t| t.from.clone()),
    }
}

/// A call's details (Get Call, with its transcript when Cartesia kept one).
pub async fn call_detail(client: &Client, call_id: &str) -> Result<CallDetail> {
    Ok(call_detail_of(&client.get_call(call_id).await?))
}

/// The call panel for a recipient who was never dialed (no call to fetch): why, in words.
pub fn not_dialed(row: &RecipientRow) -> CallDetail {
    let status_label = if row.status == "failed" {
        "Not dialed".to_string()
    } else {
        row.status_label.clone()
    };
    CallDetail {
        call_id: None,
        dialed: false,
        connected: false,
        status: row.status.clone(),
        status_label,
        started_at: None,
        ended_at: None,
        duration_seconds: None,
        end_reason: row.end_reason.clone(),
        end_reason_label: row.end_reason_label.clone(),
        summary: None,
        transcript: Vec::new(),
        transcript_withheld: false,
        error_message: row.error_message.clone(),
        to_number: Some(row.to_number.clone()),
        from_number: None,
    }
}

// ---- batches made elsewhere ----

/// A batch in the account that no campaign of this store launched.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallBatchSummary {
    pub id: String,
    pub name: String,
    pub agent_id: String,
    pub status: CampaignStatus,
    pub status_line: String,
    /// Cartesia's status as sent.
    pub api_status: String,
    /// From the batch's counters (List Call Batches has no per-recipient detail, so completed
    /// and failed are not split).
    pub progress: Progress,
    pub retry_count: u32,
    pub created_at: Option<DateTime<Utc>>,
    pub scheduled_at: Option<DateTime<Utc>>,
}

/// A listed batch as a summary, as of `now`.
pub fn batch_summary(b: &CallBatch, now: DateTime<Utc>) -> CallBatchSummary {
    let snapshot = crate::tracker::snapshot_of(b);
    let status = batch_status(
        &snapshot.status,
        snapshot.scheduled,
        snapshot.dispatched,
        snapshot.finished,
        b.scheduled_at,
        now,
    );
    let progress = Progress::from_snapshot(&snapshot);
    let status_line = match status {
        // Without recipients, answered and not reached can't be told apart.
        CampaignStatus::Done => format!("Finished: {} calls ended.", count(progress.finished)),
        CampaignStatus::Cancelled => format!(
            "Cancelled: {} never called.",
            plural(progress.cancelled, "person", "people")
        ),
        s => status_line(s, &progress, b.scheduled_at),
    };
    CallBatchSummary {
        id: b.id.clone(),
        name: b.name.clone(),
        agent_id: b.agent_id.clone(),
        status,
        status_line,
        api_status: snapshot.status,
        progress,
        retry_count: b.retry_count,
        created_at: b.created_at,
        scheduled_at: b.scheduled_at,
    }
}

/// Batches in the account (List Call Batches, every page, newest first) that no campaign in
/// this store launched: made with another tool, or on another computer.
pub async fn other_batches(client: &Client, store: &Store) -> Result<Vec<CallBatchSummary>> {
    let known = store.known_batch_ids()?;
    let now = Utc::now();
    Ok(client
        .list_all_batches(None)
        .await?
        .iter()
        .filter(|b| !known.contains(&b.id))
        .map(|b| batch_summary(b, now))
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use cartesia::{EndReason, RecipientStatus};
    use CampaignStatus as S;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000 + secs, 0).unwrap()
    }

    fn snap(at: i64, status: &str, total: u32, dispatched: u32, finished: u32) -> Snapshot {
        Snapshot {
            at: t(at),
            status: status.into(),
            scheduled: total,
            dispatched,
            finished,
            retry_count: 0,
            by_status: BTreeMap::new(),
            by_outcome: BTreeMap::new(),
        }
    }

    fn counts(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    type Case = (LaunchState, Option<Snapshot>, Option<DateTime<Utc>>, S);

    #[test]
    fn part_status_table() {
        let now = t(0);
        let later = Some(t(3600));
        let earlier = Some(t(-3600));
        let created = LaunchState::Created;
        let cases: Vec<Case> = vec![
            (LaunchState::Planned, None, None, S::NotLaunched),
            (LaunchState::Sending, None, None, S::Launching),
            (LaunchState::Unconfirmed, None, None, S::Launching),
            (LaunchState::Failed, None, None, S::Failed),
            (created, None, later, S::Scheduled),
            (created, None, None, S::WaitingForCapacity),
            (
                created,
                Some(snap(0, "pending", 10, 0, 0)),
                later,
                S::Scheduled,
            ),
            (
                created,
                Some(snap(0, "pending", 10, 0, 0)),
                earlier,
                S::WaitingForCapacity,
            ),
            (
                created,
                Some(snap(0, "pending", 10, 0, 0)),
                None,
                S::WaitingForCapacity,
            ),
            (
                created,
                Some(snap(0, "in_progress", 10, 4, 1)),
                None,
                S::Dialing,
            ),
            (
                created,
                Some(snap(0, "completed", 10, 10, 7)),
                None,
                S::Finishing,
            ),
            (
                created,
                Some(snap(0, "completed", 10, 10, 10)),
                None,
                S::Done,
            ),
            (
                created,
                Some(snap(0, "cancelled", 10, 4, 2)),
                None,
                S::Cancelled,
            ),
            (
                created,
                Some(snap(0, "cancelled", 10, 4, 4)),
                None,
                S::Cancelled,
            ),
            (
                created,
                Some(snap(0, "failed", 10, 10, 10)),
                None,
                S::Failed,
            ),
            // Newer words fall back to the counters.
            (
                created,
                Some(snap(0, "paused", 10, 0, 0)),
                later,
                S::Scheduled,
            ),
            (created, Some(snap(0, "paused", 10, 3, 0)), None, S::Dialing),
            (
                created,
                Some(snap(0, "paused", 10, 10, 9)),
                None,
                S::Finishing,
            ),
            (
                created,
                Some(snap(0, "archived", 10, 10, 10)),
                None,
                S::Done,
            ),
        ];
        for (state, s, at, want) in cases {
            assert_eq!(
                part_status(state, s.as_ref(), at, now),
                want,
                "{state:?} {s:?} {at:?}"
            );
        }
    }

    #[test]
    fn campaign_status_table() {
        let c = |s: S| (s, true);
        let unsent = |s: S| (s, false);
        let cases: Vec<(Vec<(S, bool)>, S)> = vec![
            (vec![], S::NotLaunched),
            (vec![c(S::Done), c(S::Done)], S::Done),
            (vec![c(S::Done), c(S::Dialing)], S::Dialing),
            (
                vec![c(S::Finishing), c(S::WaitingForCapacity)],
                S::WaitingForCapacity,
            ),
            (vec![c(S::Finishing), c(S::Done)], S::Finishing),
            (vec![c(S::Scheduled), c(S::Scheduled)], S::Scheduled),
            (vec![c(S::Dialing), unsent(S::Launching)], S::Dialing),
            (vec![c(S::Done), unsent(S::Launching)], S::Launching),
            (vec![c(S::Done), unsent(S::NotLaunched)], S::NotLaunched),
            (vec![c(S::Done), unsent(S::Failed)], S::NotLaunched),
            (vec![unsent(S::Failed), unsent(S::Failed)], S::Failed),
            (vec![c(S::Failed)], S::Failed),
            (vec![c(S::Failed), c(S::Done)], S::Done),
            (vec![c(S::Cancelled), c(S::Done)], S::Cancelled),
            (vec![c(S::Cancelled), unsent(S::Failed)], S::Cancelled),
            (vec![c(S::Cancelled), c(S::Finishing)], S::Finishing),
            (vec![unsent(S::NotLaunched)], S::NotLaunched),
        ];
        for (parts, want) in cases {
            assert_eq!(campaign_status(&parts), want, "{parts:?}");
        }
    }

    #[test]
    fn status_lines_speak_plainly() {
        let p = Progress {
            total: 5000,
            finished: 1200,
            in_flight: 8,
            completed: 1000,
            failed: 200,
            queued: 3792,
            ..Progress::default()
        };
        assert_eq!(
            status_line(S::Dialing, &p, None),
            "Calling: 1,200 of 5,000 done, 8 on the phone now."
        );
        assert_eq!(
            status_line(S::Scheduled, &p, Some(t(0))),
            format!("Scheduled: calling starts {}.", when(t(0)))
        );
        assert!(when(t(0)).ends_with("UTC"), "{}", when(t(0)));
        let done = Progress {
            in_flight: 0,
            cancelled: 12,
            ..p
        };
        assert_eq!(
            status_line(S::Done, &done, None),
            "Finished: 1,000 answered, 200 not reached, 12 not called (cancelled)."
        );
        let line = status_line(
            S::Cancelled,
            &Progress {
                cancelled: 1,
                in_flight: 1,
                ..p
            },
            None,
        );
        assert!(
            line.starts_with("Cancelled: 1 person never called; 1 call already"),
            "{line}"
        );
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn progress_from_counts_and_from_a_list_entry() {
        let mut s = snap(0, "in_progress", 10, 6, 4);
        s.by_status = counts(&[
            ("queued", 4),
            ("dispatched", 1),
            ("started", 1),
            ("completed", 3),
            ("failed", 1),
        ]);
        let p = Progress::from_snapshot(&s);
        assert_eq!(
            (
                p.total,
                p.queued,
                p.in_flight,
                p.completed,
                p.failed,
                p.finished
            ),
            (10, 4, 2, 3, 1, 4)
        );
        assert_eq!(p.remaining(), 6);
        let listed = Progress::from_snapshot(&snap(0, "cancelled", 10, 6, 5));
        assert_eq!(
            (listed.queued, listed.cancelled, listed.in_flight),
            (0, 4, 1)
        );
    }

    #[test]
    fn eta_from_recent_finish_rate() {
        // 60 finished per minute, after a retry reopened some calls.
        let snaps = vec![
            snap(0, "in_progress", 1000, 500, 400),
            snap(60, "in_progress", 1000, 500, 300),
            snap(120, "in_progress", 1000, 600, 360),
            snap(180, "in_progress", 1000, 700, 420),
        ];
        let rate = finish_rate(&snaps).unwrap();
        assert!((rate - 1.0).abs() < 1e-9, "{rate}");
        let end = estimate_end(580, rate, t(180), t(181)).unwrap();
        assert_eq!(end, t(180 + 580));
        // Stale history, nothing left, or no progress: unknown.
        assert_eq!(estimate_end(580, rate, t(180), t(100_000)), None);
        assert_eq!(estimate_end(0, rate, t(180), t(181)), None);
        assert_eq!(finish_rate(&snaps[..1]), None);
        assert_eq!(
            finish_rate(&[snap(0, "x", 9, 1, 1), snap(9, "x", 9, 2, 1)]),
            None
        );
        assert_eq!(estimate_end(10, 0.0, t(0), t(0)), None);
    }

    #[test]
    fn timeline_sums_each_parts_latest_values() {
        let with = |mut s: Snapshot, by: &[(&str, u32)]| {
            s.by_status = counts(by);
            s
        };
        let a = vec![
            with(
                snap(0, "in_progress", 4, 1, 0),
                &[("queued", 3), ("dispatched", 1)],
            ),
            with(
                snap(20, "completed", 4, 4, 4),
                &[("completed", 3), ("failed", 1)],
            ),
        ];
        let b = vec![
            with(snap(10, "pending", 2, 0, 0), &[("queued", 2)]),
            with(
                snap(20, "in_progress", 2, 1, 0),
                &[("queued", 1), ("started", 1)],
            ),
        ];
        let points = merge_timeline(&[a, b], 300);
        let at: Vec<i64> = points.iter().map(|p| (p.at - t(0)).num_seconds()).collect();
        assert_eq!(at, vec![0, 10, 20]);
        assert_eq!((points[0].queued, points[0].in_flight), (3, 1));
        assert_eq!((points[1].queued, points[1].in_flight), (5, 1));
        let last = points[2];
        assert_eq!(
            (last.queued, last.in_flight, last.completed, last.failed),
            (1, 1, 3, 1)
        );
    }

    #[test]
    fn timeline_is_downsampled_evenly_keeping_both_ends() {
        let part: Vec<Snapshot> = (0..5000)
            .map(|i| snap(i * 3, "in_progress", 5000, i as u32, i as u32))
            .collect();
        let points = merge_timeline(&[part], 300);
        assert!(
            points.len() <= 300 && points.len() > 250,
            "{}",
            points.len()
        );
        assert_eq!(points[0].at, t(0));
        assert_eq!(points.last().unwrap().at, t(4999 * 3));
        assert!(points.windows(2).all(|w| w[0].at < w[1].at));
        assert!(merge_timeline(&[], 300).is_empty());
    }

    #[test]
    fn outcomes_are_grouped_for_people() {
        let slices = outcome_slices(&counts(&[
            ("agent_hangup", 5),
            ("client_hangup", 2),
            ("max_duration", 1),
            ("inactivity", 1),
            ("client_disconnected", 1),
            ("dial_no_answer", 3),
            ("dial_busy", 2),
            ("error", 1),
            ("dial_failed", 1),
            ("api_cancelled", 4),
            ("voicemail_detected", 1),
        ]));
        let got: Vec<(Outcome, u32)> = slices.iter().map(|s| (s.outcome, s.count)).collect();
        assert_eq!(
            got,
            vec![
                (Outcome::Answered, 10),
                (Outcome::NoAnswer, 3),
                (Outcome::Busy, 2),
                (Outcome::NotDialed, 2),
                (Outcome::Cancelled, 4),
                (Outcome::Other, 1),
            ]
        );
        assert_eq!(serde_json::to_value(Outcome::NoAnswer).unwrap(), "noAnswer");
        assert_eq!(Outcome::of_recipient("queued", None, false), None);
        assert_eq!(
            Outcome::of_recipient("failed", None, true),
            Some(Outcome::NotDialed)
        );
    }

    #[test]
    fn finished_calls_per_quarter_hour_from_rises() {
        let a = vec![
            snap(0, "in_progress", 100, 10, 0),
            snap(60, "in_progress", 100, 20, 10),
            snap(16 * 60, "in_progress", 100, 40, 30),
            // A retry reopens 5 calls; they finish again later.
            snap(17 * 60, "in_progress", 100, 40, 25),
            snap(50 * 60, "completed", 100, 100, 100),
        ];
        let b = vec![snap(2 * 60, "completed", 5, 5, 5)];
        let buckets = finished_per_bucket(&[a, b]);
        // t(0) sits on a quarter-hour boundary (1_800_000_000 s = 2,000,000 × 900 s).
        assert_eq!(t(0).duration_trunc(Duration::minutes(15)).unwrap(), t(0));
        let got: Vec<(i64, u32)> = buckets
            .iter()
            .map(|b| ((b.start - t(0)).num_minutes(), b.finished))
            .collect();
        assert_eq!(got, vec![(0, 15), (15, 20), (30, 0), (45, 75)]);
        let total: u32 = buckets.iter().map(|b| b.finished).sum();
        assert_eq!(total, 10 + 20 + 75 + 5);
        // A damaged time far in the past doesn't make millions of empty bars.
        let odd = vec![
            Snapshot {
                at: DateTime::<Utc>::UNIX_EPOCH,
                ..snap(0, "in_progress", 9, 1, 1)
            },
            snap(0, "completed", 9, 9, 9),
        ];
        let buckets = finished_per_bucket(&[odd]);
        assert_eq!(buckets.len(), MAX_BUCKETS);
        assert_eq!(buckets.last().unwrap().finished, 8);
    }

    fn sent(numbers: &[&str]) -> Vec<NewRecipient> {
        numbers
            .iter()
            .enumerate()
            .map(|(i, n)| NewRecipient {
                to_number: n.to_string(),
                metadata: serde_json::json!({"name": format!("N{i}"), "n": i})
                    .as_object()
                    .cloned(),
            })
            .collect()
    }

    fn live(numbers: &[&str]) -> Vec<BatchRecipient> {
        numbers
            .iter()
            .enumerate()
            .map(|(i, n)| BatchRecipient {
                id: format!("r{i}"),
                to_number: n.to_string(),
                status: if i == 0 {
                    RecipientStatus::Failed
                } else {
                    RecipientStatus::Unknown("voicemail".into())
                },
                agent_call_id: None,
                end_reason: (i == 0).then_some(EndReason::DialBusy),
                error_message: None,
                metadata: Some(serde_json::json!({"name": "from cartesia"})),
                created_at: None,
            })
            .collect()
    }

    #[test]
    fn rows_join_by_number_and_order_and_keep_unknown_statuses() {
        let s = sent(&["+1", "+2", "+1"]);
        let columns = metadata_columns(&s);
        assert_eq!(
            columns,
            vec!["name", "n"],
            "keys in the order they were sent"
        );
        let idx: HashMap<&str, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        // Same order: zipped.
        let mut next = 0;
        let rows = join_part(
            1,
            2,
            &s,
            Some(&live(&["+1", "+2", "+1"])),
            &idx,
            "",
            &mut next,
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].status_label, "Line busy");
        assert_eq!(rows[0].outcome, Some(Outcome::Busy));
        assert_eq!(rows[1].status, "voicemail");
        assert_eq!(
            rows[1].status_label,
            "Cartesia says \u{201c}voicemail\u{201d}"
        );
        assert_eq!(rows[2].metadata, vec!["N2", "2"]);
        assert_eq!((rows[2].index, rows[2].retry_count), (3, 2));
        // Reordered, one missing, one extra: matched by number, first to first.
        let rows = join_part(
            2,
            0,
            &s,
            Some(&live(&["+1", "+9", "+1"])),
            &idx,
            "",
            &mut next,
        );
        let got: Vec<(u32, &str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.index,
                    r.to_number.as_str(),
                    r.status.as_str(),
                    r.metadata[0].as_str(), // "name", the first key sent
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (4, "+1", "failed", "N0"),
                (5, "+2", "", "N1"),
                (6, "+1", "voicemail", "N2"),
                (7, "+9", "voicemail", "from cartesia"),
            ]
        );
        // Not sent: every row from the request, labelled.
        let rows = join_part(3, 0, &s, None, &idx, "Not sent to Cartesia", &mut next);
        assert!(rows
            .iter()
            .all(|r| r.status.is_empty() && r.status_label == "Not sent to Cartesia"));
        assert_eq!(rows.last().unwrap().index, 10);
    }

    #[test]
    fn a_call_and_a_recipient_never_dialed_in_words() {
        let c: Call = serde_json::from_value(serde_json::json!({
            "id": "ac_1", "status": "completed", "start_time": "2026-03-01T12:00:00.250Z",
            "end_time": "2026-03-01T12:01:30.750Z", "end_reason": "client_hangup",
            "summary": "Confirmed.", "telephony_params": {"to": "+14155550100", "from": "+1"},
            "transcript": [{"role": "assistant", "text": "Hi", "start_timestamp": 0.5},
                           {"role": "user", "text": "Hello"}]
        }))
        .unwrap();
        let d = call_detail_of(&c);
        assert_eq!(d.duration_seconds, Some(90.5));
        assert_eq!(d.end_reason_label.as_deref(), Some("The recipient hung up"));
        assert_eq!(d.transcript[0].speaker, "Agent");
        assert_eq!(d.transcript[1].speaker, "Recipient");
        assert!(d.connected && d.dialed);
        let row = RecipientRow {
            index: 1,
            part: 1,
            to_number: "+14155550003".into(),
            status: "failed".into(),
            status_label: "Couldn't be dialed".into(),
            end_reason: Some("error".into()),
            end_reason_label: Some(end_reason_label("error")),
            outcome: Some(Outcome::NotDialed),
            agent_call_id: None,
            error_message: Some("The carrier rejected it.".into()),
            metadata: vec![],
            retry_count: 0,
        };
        let d = not_dialed(&row);
        assert!(!d.dialed && d.call_id.is_none());
        assert_eq!(d.status_label, "Not dialed");
        assert_eq!(d.error_message.as_deref(), Some("The carrier rejected it."));
    }
}
