//! The campaign page's charts: progress over time, what the calls came to, and calls finished
//! per quarter hour.
//!
//! Everything comes from the snapshots the tracker stored (no network), summed over the parts
//! and thinned so a chart stays light however long the campaign ran. Every recipient is in
//! every chart, in some state, at every moment: a part not seen yet counts as waiting (or not
//! sent, or cancelled before it was sent), and the outcome chart counts every recipient whose
//! call ended, however it ended — cancelled included. [`Outcome`] lives here because the
//! outcome chart defines the groups; the recipients table and the call panel use the same ones.

use super::overview::{unseen_progress, Progress};
use crate::error::Result;
use crate::store::{CampaignId, LaunchState, Snapshot, Store};
use chrono::{DateTime, Duration, DurationRound, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Most points [`timeline`] returns: enough for a smooth line, few enough for any chart.
pub const MAX_TIMELINE_POINTS: usize = 300;
/// Width of a bar in the calls-finished chart.
pub const BUCKET_MINUTES: i64 = 15;
/// Most bars in that chart: 31 days' worth (older ones are left out).
pub const MAX_BUCKETS: usize = 31 * 24 * 4;

/// Totals at one moment, for the progress-over-time chart. The fields add up to the campaign's
/// recipients at every point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TimelinePoint {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: DateTime<Utc>,
    pub queued: u32,
    pub in_flight: u32,
    pub completed: u32,
    pub failed: u32,
    /// Never called because the campaign was cancelled.
    pub cancelled: u32,
    /// In parts Cartesia doesn't have (never sent).
    pub not_sent: u32,
}

impl TimelinePoint {
    fn at(at: DateTime<Utc>, p: &Progress) -> TimelinePoint {
        TimelinePoint {
            at,
            queued: p.queued,
            in_flight: p.in_flight,
            completed: p.completed,
            failed: p.failed,
            cancelled: p.cancelled,
            not_sent: p.not_sent,
        }
    }

    /// Recipients in every state together.
    pub fn recipients(&self) -> u32 {
        [
            self.queued,
            self.in_flight,
            self.completed,
            self.failed,
            self.cancelled,
            self.not_sent,
        ]
        .into_iter()
        .fold(0, u32::saturating_add)
    }
}

/// One part's history, for the timeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartHistory {
    /// Where the part's recipients stand before its first snapshot (all of it, when it has
    /// none): waiting, never sent, or cancelled before it was sent.
    pub unseen: Progress,
    /// Its snapshots, oldest first.
    pub snapshots: Vec<Snapshot>,
}

/// What a recipient's latest attempt came to: the one set of outcome words every screen, the
/// export and the notifications use. From `end_reason` (docs/outcomes.md is checked against
/// [`Outcome::TABLE`]):
///
/// | outcome | end reasons |
/// |---|---|
/// | answered | `agent_hangup`, `client_hangup`, `max_duration`, `inactivity`, `client_disconnected` (the call connected, whoever or whatever ended it) |
/// | voicemail | any reason naming a voicemail or answering machine (`voicemail_detected`, `answering_machine`…: none is documented today); in the call panel also a machine greeting in the transcript ([`super::answering_machine`]) |
/// | noAnswer | `dial_no_answer` |
/// | busy | `dial_busy` |
/// | couldntConnect | `dial_failed`, `error` (rejected before or while dialing; the reason is shown with it) |
/// | notDialed | `api_cancelled` (the campaign was cancelled before this recipient's turn) |
/// | other | anything newer than this list (shown with the reason as Cartesia sent it) |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Answered,
    Voicemail,
    NoAnswer,
    Busy,
    CouldntConnect,
    NotDialed,
    Other,
}

impl Outcome {
    /// Every outcome, in the order charts show them.
    pub const ALL: [Outcome; 7] = [
        Outcome::Answered,
        Outcome::Voicemail,
        Outcome::NoAnswer,
        Outcome::Busy,
        Outcome::CouldntConnect,
        Outcome::NotDialed,
        Outcome::Other,
    ];

    /// Each outcome with what it means and the documented end reasons that map to it (the
    /// source of docs/outcomes.md, which a test keeps equal).
    pub const TABLE: [(Outcome, &'static str, &'static [&'static str]); 7] = [
        (
            Outcome::Answered,
            "Someone picked up and the call ended, whoever or whatever ended it.",
            &[
                "agent_hangup",
                "client_hangup",
                "max_duration",
                "inactivity",
                "client_disconnected",
            ],
        ),
        (
            Outcome::Voicemail,
            "An answering machine or voicemail took the call. Cartesia documents no such reason today; \
             any reason naming a voicemail or answering machine counts, and in the call panel a \
             machine's greeting at the start of the transcript (below).",
            &[],
        ),
        (
            Outcome::NoAnswer,
            "The phone rang until the ringing time ran out.",
            &["dial_no_answer"],
        ),
        (Outcome::Busy, "The line was busy.", &["dial_busy"]),
        (
            Outcome::CouldntConnect,
            "The call couldn't be put through (for example the number doesn't exist or the carrier \
             refused it); the reason is shown with it.",
            &["dial_failed", "error"],
        ),
        (
            Outcome::NotDialed,
            "Never called: the campaign was cancelled before this recipient's turn.",
            &["api_cancelled"],
        ),
        (
            Outcome::Other,
            "Ended for a reason Batchline doesn't know yet; the reason is shown as Cartesia sent it.",
            &[],
        ),
    ];

    pub fn of_end_reason(reason: &str) -> Outcome {
        if let Some((o, _, _)) = Outcome::TABLE.iter().find(|(_, _, r)| r.contains(&reason)) {
            return *o;
        }
        let r = reason.to_ascii_lowercase();
        if r.contains("voicemail") || r.contains("machine") {
            Outcome::Voicemail
        } else {
            Outcome::Other
        }
    }

    /// A recipient's outcome: from its end reason, or from its status when it ended without
    /// one (a failed call without a reason couldn't connect). `None` while its latest attempt
    /// hasn't ended.
    pub fn of_recipient(status: &str, end_reason: Option<&str>) -> Option<Outcome> {
        match (end_reason, status) {
            (Some(r), _) => Some(Outcome::of_end_reason(r)),
            (None, "completed") => Some(Outcome::Answered),
            (None, "failed") => Some(Outcome::CouldntConnect),
            (None, "cancelled") => Some(Outcome::NotDialed),
            _ => None,
        }
    }

    /// The outcome's word, the same on every screen, in the export and in notifications.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Answered => "Answered",
            Outcome::Voicemail => "Voicemail",
            Outcome::NoAnswer => "No answer",
            Outcome::Busy => "Busy",
            Outcome::CouldntConnect => "Couldn't connect",
            Outcome::NotDialed => "Not dialed",
            Outcome::Other => "Other",
        }
    }
}

/// One slice of the outcome chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OutcomeSlice {
    pub outcome: Outcome,
    pub label: String,
    pub count: u32,
}

/// Calls that finished in the 15 minutes from `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FinishedBucket {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start: DateTime<Utc>,
    pub finished: u32,
}

/// The campaign page's charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CampaignCharts {
    pub timeline: Vec<TimelinePoint>,
    pub outcomes: Vec<OutcomeSlice>,
    pub finished_per_quarter_hour: Vec<FinishedBucket>,
}

/// Progress over time: at each snapshot time, the sum of every part's latest known values (a
/// part not seen yet adds its `unseen` progress, so every recipient is counted at every
/// moment), at most `max_points` points (evenly over time, the first and last always kept).
pub fn merge_timeline(parts: &[PartHistory], max_points: usize) -> Vec<TimelinePoint> {
    let mut events: Vec<(DateTime<Utc>, usize, usize)> = parts
        .iter()
        .enumerate()
        .flat_map(|(p, h)| {
            h.snapshots
                .iter()
                .enumerate()
                .map(move |(i, s)| (s.at, p, i))
        })
        .collect();
    events.sort();
    let mut latest: Vec<Progress> = parts.iter().map(|h| h.unseen).collect();
    let mut sum = Progress::default();
    for p in &latest {
        sum.add(p);
    }
    let mut points: Vec<TimelinePoint> = Vec::new();
    for (k, &(at, p, i)) in events.iter().enumerate() {
        let next = Progress::from_snapshot(&parts[p].snapshots[i]);
        sum.sub(&latest[p]);
        sum.add(&next);
        latest[p] = next;
        // One point per moment, once every snapshot of that moment is in.
        if events.get(k + 1).is_some_and(|e| e.0 == at) {
            continue;
        }
        points.push(TimelinePoint::at(at, &sum));
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

/// How many recipients ended each way (in [`Outcome::ALL`] order), from one part's counts by
/// status and by end reason.
///
/// Statuses say who ended (completed: answered; failed: not answered; cancelled: not dialed),
/// end reasons say how, when there is one: the failed are split by their reasons (voicemail, no
/// answer, busy, couldn't connect…), and those without one couldn't connect. Without statuses
/// (a batch as listed), the end reasons alone are counted.
fn outcome_counts(
    by_status: &BTreeMap<String, u32>,
    by_outcome: &BTreeMap<String, u32>,
) -> HashMap<Outcome, u32> {
    let mut reasons: HashMap<Outcome, u32> = HashMap::new();
    for (reason, n) in by_outcome {
        let e = reasons.entry(Outcome::of_end_reason(reason)).or_default();
        *e = e.saturating_add(*n);
    }
    if by_status.is_empty() {
        return reasons;
    }
    let get = |k: &str| by_status.get(k).copied().unwrap_or(0);
    let reason = |o: Outcome| reasons.get(&o).copied().unwrap_or(0);
    let cancelled = get("cancelled");
    let mut counts: HashMap<Outcome, u32> = HashMap::new();
    // A voicemail greeting ends a call Cartesia may call completed: counted as voicemail.
    let completed = get("completed");
    let voicemail = reason(Outcome::Voicemail).min(completed);
    counts.insert(Outcome::Answered, completed - voicemail);
    counts.insert(Outcome::Voicemail, voicemail);
    counts.insert(Outcome::NotDialed, cancelled);
    // A reason can outlive its attempt (a retried recipient waits again): never count more
    // of a reason than there are failed recipients to carry it.
    let mut left = get("failed");
    let failed_reasons = [
        (
            Outcome::Voicemail,
            reason(Outcome::Voicemail).saturating_sub(voicemail),
        ),
        (Outcome::NoAnswer, reason(Outcome::NoAnswer)),
        (Outcome::Busy, reason(Outcome::Busy)),
        (Outcome::CouldntConnect, reason(Outcome::CouldntConnect)),
        // Cancelled while being dialed, when a server says so with a failed status.
        (
            Outcome::NotDialed,
            reason(Outcome::NotDialed).saturating_sub(cancelled),
        ),
        (Outcome::Other, reason(Outcome::Other)),
    ];
    for (o, n) in failed_reasons {
        let take = n.min(left);
        *counts.entry(o).or_default() += take;
        left -= take;
    }
    *counts.entry(Outcome::CouldntConnect).or_default() += left;
    counts
}

/// The outcome chart (all outcomes, in chart order) from each part's latest counts by status
/// and by end reason.
pub fn outcome_slices<'a>(
    parts: impl IntoIterator<Item = (&'a BTreeMap<String, u32>, &'a BTreeMap<String, u32>)>,
) -> Vec<OutcomeSlice> {
    let mut counts: HashMap<Outcome, u32> = HashMap::new();
    for (by_status, by_outcome) in parts {
        for (o, n) in outcome_counts(by_status, by_outcome) {
            let e = counts.entry(o).or_default();
            *e = e.saturating_add(n);
        }
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
pub fn finished_per_bucket<S: AsRef<[Snapshot]>>(parts: &[S]) -> Vec<FinishedBucket> {
    let width = Duration::minutes(BUCKET_MINUTES);
    let mut buckets: BTreeMap<DateTime<Utc>, u32> = BTreeMap::new();
    for snaps in parts {
        let mut before = 0u32;
        for s in snaps.as_ref() {
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
    let mut histories = Vec::new();
    // Latest counts by status and by end reason of each part.
    let mut ended: Vec<(BTreeMap<String, u32>, BTreeMap<String, u32>)> = Vec::new();
    for part in store.live_parts(campaign_id)? {
        let unseen = unseen_progress(&part);
        let snapshots = if part.state == LaunchState::Created {
            store.snapshots(part.id)?
        } else {
            Vec::new()
        };
        match snapshots.last() {
            Some(last) => ended.push((last.by_status.clone(), last.by_outcome.clone())),
            // A part cancelled before it was sent: its recipients were never called.
            None if unseen.cancelled > 0 => ended.push((
                BTreeMap::from([("cancelled".to_string(), unseen.cancelled)]),
                BTreeMap::new(),
            )),
            None => {}
        }
        histories.push(PartHistory { unseen, snapshots });
    }
    let snapshots: Vec<&[Snapshot]> = histories.iter().map(|h| h.snapshots.as_slice()).collect();
    Ok(CampaignCharts {
        timeline: merge_timeline(&histories, MAX_TIMELINE_POINTS),
        outcomes: outcome_slices(ended.iter().map(|(s, o)| (s, o))),
        finished_per_quarter_hour: finished_per_bucket(&snapshots),
    })
}

/// Progress over time of a campaign (see [`merge_timeline`]).
pub fn timeline(store: &Store, campaign_id: CampaignId) -> Result<Vec<TimelinePoint>> {
    Ok(charts(store, campaign_id)?.timeline)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::view::test_support::{counts, snap, t};

    #[test]
    fn timeline_sums_each_parts_latest_values() {
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
        let points = merge_timeline(&[created(4, a), created(2, b)], 300);
        let at: Vec<i64> = points.iter().map(|p| (p.at - t(0)).num_seconds()).collect();
        assert_eq!(at, vec![0, 10, 20]);
        // Part b, not seen yet at 0 s, is waiting with its 2 recipients.
        assert_eq!((points[0].queued, points[0].in_flight), (5, 1));
        assert_eq!((points[1].queued, points[1].in_flight), (5, 1));
        assert!(points.iter().all(|p| p.recipients() == 6), "{points:?}");
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
        let points = merge_timeline(&[created(5000, part)], 300);
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

    /// A part Cartesia has, with its snapshots.
    fn created(recipients: u32, snapshots: Vec<Snapshot>) -> PartHistory {
        PartHistory {
            unseen: Progress {
                total: recipients,
                queued: recipients,
                ..Progress::default()
            },
            snapshots,
        }
    }

    fn with(mut s: Snapshot, by: &[(&str, u32)]) -> Snapshot {
        s.by_status = counts(by);
        s
    }

    #[test]
    fn a_cancelled_campaign_keeps_every_recipient_in_its_timeline() {
        // 200 people in part 1: a few calls, then Cancel while one call is under way; part 2
        // (50 people) was cancelled before it was sent.
        let part = vec![
            with(snap(0, "pending", 200, 0, 0), &[("queued", 200)]),
            with(
                snap(10, "in_progress", 200, 6, 4),
                &[
                    ("queued", 194),
                    ("started", 2),
                    ("completed", 3),
                    ("failed", 1),
                ],
            ),
            with(
                snap(11, "cancelled", 200, 6, 5),
                &[
                    ("cancelled", 194),
                    ("started", 1),
                    ("completed", 4),
                    ("failed", 1),
                ],
            ),
            with(
                snap(40, "cancelled", 200, 6, 6),
                &[("cancelled", 194), ("completed", 5), ("failed", 1)],
            ),
        ];
        let withdrawn = PartHistory {
            unseen: Progress {
                total: 50,
                cancelled: 50,
                ..Progress::default()
            },
            snapshots: Vec::new(),
        };
        let points = merge_timeline(&[created(200, part), withdrawn], 300);
        assert_eq!(points.len(), 4);
        for p in &points {
            assert_eq!(p.recipients(), 250, "someone is missing at {p:?}");
        }
        let after_cancel = points[2];
        assert_eq!(
            (
                after_cancel.queued,
                after_cancel.in_flight,
                after_cancel.cancelled
            ),
            (0, 1, 244)
        );
        let last = points[3];
        assert_eq!(
            (
                last.queued,
                last.in_flight,
                last.completed,
                last.failed,
                last.cancelled
            ),
            (0, 0, 5, 1, 244)
        );
        // A part never sent is counted as such, before and after the others move.
        let unsent = PartHistory {
            unseen: Progress {
                total: 7,
                not_sent: 7,
                ..Progress::default()
            },
            snapshots: Vec::new(),
        };
        let one = vec![with(snap(0, "pending", 3, 0, 0), &[("queued", 3)])];
        let points = merge_timeline(&[created(3, one), unsent], 300);
        assert_eq!((points[0].queued, points[0].not_sent), (3, 7));
        assert_eq!(points[0].recipients(), 10);
    }

    #[test]
    fn every_ended_recipient_is_in_the_outcome_chart() {
        // What a server answered for a cancelled campaign: no end reason for the cancelled,
        // none for one failed call, and a stale no-answer reason on a recipient queued again.
        let by_status = counts(&[
            ("completed", 5),
            ("failed", 1),
            ("cancelled", 194),
            ("queued", 1),
        ]);
        let by_reason = counts(&[("agent_hangup", 5), ("dial_no_answer", 2)]);
        let slices = outcome_slices([(&by_status, &by_reason)]);
        let got: Vec<(Outcome, u32)> = slices.iter().map(|s| (s.outcome, s.count)).collect();
        assert_eq!(
            got,
            vec![
                (Outcome::Answered, 5),
                (Outcome::Voicemail, 0),
                (Outcome::NoAnswer, 1),
                (Outcome::Busy, 0),
                (Outcome::CouldntConnect, 0),
                (Outcome::NotDialed, 194),
                (Outcome::Other, 0),
            ]
        );
        assert_eq!(slices.iter().map(|s| s.count).sum::<u32>(), 200);
        // Failed without any reason (couldn't connect), and cancelled by reason alone: still
        // counted.
        let slices = outcome_slices([(
            &counts(&[("failed", 3)]),
            &counts(&[("dial_busy", 1), ("api_cancelled", 1)]),
        )]);
        let got: Vec<u32> = slices.iter().map(|s| s.count).collect();
        assert_eq!(got, vec![0, 0, 0, 1, 1, 1, 0]);
        // A voicemail greeting on a completed call is a voicemail, not an answer.
        let slices = outcome_slices([(
            &counts(&[("completed", 4), ("failed", 1)]),
            &counts(&[
                ("agent_hangup", 2),
                ("voicemail_detected", 2),
                ("dial_busy", 1),
            ]),
        )]);
        let got: Vec<u32> = slices.iter().map(|s| s.count).collect();
        assert_eq!(got, vec![2, 2, 0, 1, 0, 0, 0]);
        let labels: std::collections::HashSet<&str> =
            slices.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(
            labels.len(),
            Outcome::ALL.len(),
            "each outcome has its own label"
        );
    }

    #[test]
    fn outcomes_are_grouped_for_people() {
        let none = BTreeMap::new();
        let slices = outcome_slices([(
            &none,
            &counts(&[
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
                ("something_new", 1),
            ]),
        )]);
        let got: Vec<(Outcome, u32)> = slices.iter().map(|s| (s.outcome, s.count)).collect();
        assert_eq!(
            got,
            vec![
                (Outcome::Answered, 10),
                (Outcome::Voicemail, 1),
                (Outcome::NoAnswer, 3),
                (Outcome::Busy, 2),
                (Outcome::CouldntConnect, 2),
                (Outcome::NotDialed, 4),
                (Outcome::Other, 1),
            ]
        );
        assert_eq!(serde_json::to_value(Outcome::NoAnswer).unwrap(), "noAnswer");
        assert_eq!(Outcome::of_recipient("queued", None), None);
        assert_eq!(
            Outcome::of_recipient("failed", None),
            Some(Outcome::CouldntConnect)
        );
        assert_eq!(
            Outcome::of_recipient("cancelled", None),
            Some(Outcome::NotDialed)
        );
        assert_eq!(
            Outcome::of_end_reason("answering_machine"),
            Outcome::Voicemail
        );
        assert_eq!(Outcome::of_end_reason("hung_up_by_robot"), Outcome::Other);
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
}
