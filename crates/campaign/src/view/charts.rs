//! The campaign page's charts: progress over time, what the calls came to, and calls finished
//! per quarter hour.
//!
//! Everything comes from the snapshots the tracker stored (no network), summed over the parts
//! and thinned so a chart stays light however long the campaign ran. [`Outcome`] lives here
//! because the outcome chart defines the groups; the recipients table and the call panel use
//! the same ones.

use super::overview::Progress;
use crate::error::Result;
use crate::store::{CampaignId, Snapshot, Store};
use chrono::{DateTime, Duration, DurationRound, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Most points [`timeline`] returns: enough for a smooth line, few enough for any chart.
pub const MAX_TIMELINE_POINTS: usize = 300;
/// Width of a bar in the calls-finished chart.
pub const BUCKET_MINUTES: i64 = 15;
/// Most bars in that chart: 31 days' worth (older ones are left out).
pub const MAX_BUCKETS: usize = 31 * 24 * 4;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::view::test_support::{counts, snap, t};

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
}
