//! A campaign as the list and the top of its page show it: progress, status line and the
//! estimated end.
//!
//! Built from the store alone (each part's latest snapshot, and the recent ones for the finish
//! rate), so the campaign list opens instantly and works offline.

use super::status::{campaign_status, part_status, status_line, CampaignStatus};
use super::{capital, part_name, parts_of, plural, when};
use crate::error::Result;
use crate::store::{Campaign, CampaignId, CarryReason, LaunchState, Part, PartId, Snapshot, Store};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How far back the finish rate behind the estimated end time looks.
pub const ETA_WINDOW_MINUTES: i64 = 30;

/// Recipients by where they stand. `finished = completed + failed` (latest attempts that
/// ended); `in_flight = dispatched − finished`; `not_sent` are in parts Cartesia doesn't have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
            // Everyone else is under way (dialing, on the phone, or a newer word for either),
            // counted from the same list so every recipient is somewhere.
            let placed = [p.queued, p.completed, p.failed, p.cancelled]
                .into_iter()
                .fold(0u32, u32::saturating_add);
            p.in_flight = s.scheduled.saturating_sub(placed);
        }
        p
    }

    pub(super) fn add(&mut self, o: &Progress) {
        self.total += o.total;
        self.queued += o.queued;
        self.in_flight += o.in_flight;
        self.completed += o.completed;
        self.failed += o.failed;
        self.cancelled += o.cancelled;
        self.finished += o.finished;
        self.not_sent += o.not_sent;
    }

    pub(super) fn sub(&mut self, o: &Progress) {
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
    /// When it starts (`None`: at once).
    pub starts_at: Option<DateTime<Utc>>,
    /// For a part planned by calling hours: the latest moment a call of it may start.
    pub ends_by: Option<DateTime<Utc>>,
}

/// A campaign its calling hours stopped with people not called yet: they are in parts that start
/// when their hours open again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoursPause {
    /// People waiting for their hours to open again.
    pub people: u32,
    /// When the first of them is called.
    pub resumes_at: Option<DateTime<Utc>>,
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
    /// Set while the calling hours hold people back until they open again.
    pub paused: Option<HoursPause>,
}

/// Progress of a part that has no snapshot to go by.
pub(super) fn unseen_progress(part: &Part) -> Progress {
    if part.state == LaunchState::Withdrawn {
        return Progress {
            total: part.recipient_count,
            cancelled: part.recipient_count,
            ..Progress::default()
        };
    }
    if part.state == LaunchState::Created {
        // What Cartesia scheduled, when it said (it may have taken fewer than were sent).
        let scheduled = part.scheduled_count.unwrap_or(part.recipient_count);
        Progress {
            total: scheduled,
            queued: scheduled,
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
    let scheduled_at = part.starts_at.or(scheduled_at);
    let mut status = part_status(part.state, snapshot, scheduled_at, now);
    // A part whose people not called yet moved on isn't cancelled: it ended there.
    let moved = part.carried_count.unwrap_or(0);
    if part.carried_count.is_some() && status == CampaignStatus::Cancelled {
        status = CampaignStatus::Done;
    }
    let mut progress = match (part.state, snapshot) {
        (LaunchState::Created, Some(s)) => Progress::from_snapshot(s),
        _ => unseen_progress(part),
    };
    // People moved to later parts are counted there, not as cancelled here.
    // (Until Cartesia's cancel is seen, they still read as waiting here.)
    if let Some(moved) = part.carried_count {
        let from_cancelled = moved.min(progress.cancelled);
        progress.cancelled -= from_cancelled;
        let from_queued = (moved - from_cancelled).min(progress.queued);
        progress.queued -= from_queued;
        progress.total = progress.total.saturating_sub(from_cancelled + from_queued);
        // Nothing left running in it: it has ended, even before Cartesia's cancel is seen.
        if progress.queued == 0 && progress.in_flight == 0 && part.state == LaunchState::Created {
            status = CampaignStatus::Done;
        }
    }
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
        _ if moved > 0 && status == CampaignStatus::Done => match part.carry_reason {
            Some(CarryReason::Hours) => format!(
                "Stopped when the calling hours closed; {} moved to when their hours open again.",
                plural(moved, "person not called yet", "people not called yet")
            ),
            _ => format!(
                "Stopped when the campaign was changed; {} moved to the new schedule.",
                plural(moved, "person not called yet", "people not called yet")
            ),
        },
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
        starts_at: part.starts_at,
        ends_by: part.ends_by,
    }
}

fn campaign_line(
    status: CampaignStatus,
    c: &Campaign,
    p: &Progress,
    parts: &[PartOverview],
) -> String {
    use CampaignStatus as S;
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
                    "{} not started ({})",
                    parts_of(unsent.len(), parts.len()),
                    plural(p.not_sent, "person", "people")
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
                part_name(x.part, x.parts)
                    .map_or_else(|| "The campaign".to_string(), |n| capital(&n))
            ),
            None => "Being set up with Cartesia.".to_string(),
        },
        _ => {
            let mut line = status_line(status, p, first_start(parts).or(c.setup.scheduled_at));
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

/// The campaign's line, followed by what Cartesia didn't schedule of any part it took short.
fn with_unscheduled(mut line: String, parts: &[Part]) -> String {
    for said in parts.iter().filter_map(crate::launch::unscheduled_message) {
        line.push(' ');
        line.push_str(&said);
    }
    line
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

/// For each part whose failed calls were made again as a new part (the do-not-call list ruled
/// out Cartesia's retry: see [`crate::dnc_enforce`]), how many people went to the new parts.
fn retried_apart(store: &Store, parts: &[Part]) -> Result<std::collections::HashMap<PartId, u32>> {
    let mut again = std::collections::HashMap::new();
    for p in parts {
        if let Some(from) = p.carried_from {
            if store.retried_apart(from)? {
                *again.entry(from).or_insert(0) += p.recipient_count;
            }
        }
    }
    Ok(again)
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
    let again = retried_apart(store, parts)?;
    for part in parts {
        let snapshot = if part.state == LaunchState::Created {
            store.last_snapshot(part.id)?
        } else {
            None
        };
        let mut view = part_overview(part, snapshot.as_ref(), c.setup.scheduled_at, now);
        // Failed calls made again in a new part are counted there, as a retry counts each
        // person once.
        if let Some(&k) = again.get(&part.id) {
            let k = k.min(view.progress.failed);
            view.progress.failed -= k;
            view.progress.finished = view.progress.finished.saturating_sub(k);
            view.progress.total = view.progress.total.saturating_sub(k);
        }
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
    let paused = hours_pause(parts, &views);
    let status_line = match &paused {
        Some(p) => {
            // The hours open at the same local time for everyone: say it as they live it.
            let opens =
                crate::schedule::KeptPlanning::read(store.campaign_calling_hours(c.id)?.as_deref())
                    .map(|k| k.hours.from.trim_start_matches('0').to_string());
            let mut line = format!(
                "Paused for the night: the calling hours closed with {} not called yet. They are \
                 called when their hours open again{}{}.",
                plural(p.people, "person", "people"),
                opens.map_or_else(String::new, |o| format!(", at {o} their time")),
                p.resumes_at
                    .map_or_else(String::new, |t| format!(" (from {})", when(t)))
            );
            if progress.in_flight > 0 {
                line.push_str(&format!(
                    " {} on the phone now {} first.",
                    plural(progress.in_flight, "call", "calls"),
                    if progress.in_flight == 1 {
                        "ends"
                    } else {
                        "end"
                    }
                ));
            }
            line
        }
        None => campaign_line(status, c, &progress, &views),
    };
    let status_line =
        crate::pilot::with_pilot_line(store.pilot_waiting(c.id)?, status, status_line);
    Ok(CampaignOverview {
        id: c.id,
        name: c.setup.name.clone(),
        agent_id: c.setup.agent_id.clone(),
        agent_name: c.setup.agent_name.clone(),
        from_number: c.setup.from_number.clone(),
        status,
        status_line: with_unscheduled(status_line, parts),
        progress,
        scheduled_at: c.setup.scheduled_at,
        time_zone: c.setup.time_zone.clone(),
        created_at: c.created_at,
        source_file_name: c.setup.source_file_name.clone(),
        retry_count: views.iter().map(|v| v.retry_count).max().unwrap_or(0),
        parts: views,
        eta,
        updated_at,
        paused,
    })
}

/// When the first part still waiting for its start begins (parts planned by calling hours each
/// have their own start; the campaign's is only the one first chosen).
fn first_start(parts: &[PartOverview]) -> Option<DateTime<Utc>> {
    parts
        .iter()
        .filter(|p| p.status == CampaignStatus::Scheduled)
        .filter_map(|p| p.starts_at)
        .min()
}

/// People the calling hours moved to parts not started yet, and when the first starts.
fn hours_pause(parts: &[Part], views: &[PartOverview]) -> Option<HoursPause> {
    let paused: Vec<PartId> = parts
        .iter()
        .filter(|p| p.carry_reason == Some(CarryReason::Hours) && p.carried_count.is_some())
        .map(|p| p.id)
        .collect();
    let waiting: Vec<(&Part, &PartOverview)> = parts
        .iter()
        .zip(views)
        .filter(|(p, v)| {
            p.carried_from.is_some_and(|from| paused.contains(&from))
                && matches!(
                    v.status,
                    CampaignStatus::Scheduled
                        | CampaignStatus::NotLaunched
                        | CampaignStatus::Launching
                )
        })
        .collect();
    if waiting.is_empty() {
        return None;
    }
    Some(HoursPause {
        people: waiting.iter().map(|(p, _)| p.recipient_count).sum(),
        resumes_at: waiting.iter().filter_map(|(p, _)| p.starts_at).min(),
    })
}

/// A campaign's status and progress, from the store (no network).
pub fn overview(store: &Store, campaign_id: CampaignId) -> Result<CampaignOverview> {
    overview_at(store, campaign_id, crate::clock::app_now())
}

/// [`overview`] as of `now` (for tests and replays).
pub fn overview_at(
    store: &Store,
    campaign_id: CampaignId,
    now: DateTime<Utc>,
) -> Result<CampaignOverview> {
    let c = store.campaign(campaign_id)?;
    let parts = store.live_parts(campaign_id)?;
    build_overview(store, &c, &parts, now)
}

/// Every campaign's overview, newest first.
pub fn overviews(store: &Store) -> Result<Vec<CampaignOverview>> {
    overviews_at(store, crate::clock::app_now())
}

/// [`overviews`] as of `now`.
pub fn overviews_at(store: &Store, now: DateTime<Utc>) -> Result<Vec<CampaignOverview>> {
    store
        .campaigns()?
        .iter()
        .map(|c| build_overview(store, c, &store.live_parts(c.id)?, now))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::view::test_support::{counts, snap, t};

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
}
