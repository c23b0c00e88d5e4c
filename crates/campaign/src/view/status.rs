//! Where a campaign or one of its parts stands, and how that reads.
//!
//! A status is told from Cartesia's word *and* the counters (its `completed` is about dispatch,
//! not about calls ending), and from what Batchline knows of the launch; the campaign's status
//! is then chosen among its parts'. Kept apart from the figures so the rules can be read, and
//! tested, as one table each.

use super::overview::Progress;
use super::{count, plural, when};
use crate::store::{LaunchState, Snapshot};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Where a campaign (or one of its parts) stands, in the person's terms. Its words
/// ([`CampaignStatus::label`]) are the window's too: the app exports them as a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Every status, in the order a campaign goes through them.
    pub const ALL: [CampaignStatus; 9] = [
        CampaignStatus::NotLaunched,
        CampaignStatus::Launching,
        CampaignStatus::Scheduled,
        CampaignStatus::WaitingForCapacity,
        CampaignStatus::Dialing,
        CampaignStatus::Finishing,
        CampaignStatus::Done,
        CampaignStatus::Cancelled,
        CampaignStatus::Failed,
    ];

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

    /// A short label for a status chip: the word each status line starts with.
    pub fn label(self) -> &'static str {
        match self {
            CampaignStatus::NotLaunched => "Not started",
            CampaignStatus::Launching => "Launching",
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

/// The recipients whose call ended without an answer (no answer, busy, voicemail, couldn't
/// connect), after their count, where the outcomes aren't told one by one.
pub(super) const UNANSWERED: &str = "not answered";

/// The words of a progress bar's parts (the fields of [`Progress`], camelCase as the window
/// receives them), in the bar's order: the same words as the status lines and the recipients.
pub const PROGRESS_WORDS: [(&str, &str); 6] = [
    ("completed", "Answered"),
    ("failed", "Not answered"),
    ("cancelled", "Not dialed"),
    ("inFlight", "Calling now"),
    ("queued", "Waiting"),
    ("notSent", "Not sent yet"),
];

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
                "Done: {} answered, {} {UNANSWERED}",
                count(p.completed),
                count(p.failed)
            );
            if p.cancelled > 0 {
                s.push_str(&format!(", {} not dialed (cancelled)", count(p.cancelled)));
            }
            s.push('.');
            s
        }
        S::Cancelled => {
            let mut s = format!("Cancelled: {} not dialed", count(p.cancelled));
            if p.in_flight > 0 {
                s.push_str(&format!(
                    "; {} already under way will finish",
                    plural(p.in_flight, "call", "calls")
                ));
            }
            s.push_str(&format!(
                ". {} answered, {} {UNANSWERED}.",
                count(p.completed),
                count(p.failed)
            ));
            s
        }
        S::Failed => "No call could be placed: every number failed before dialing.".to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::view::test_support::{snap, t};
    use CampaignStatus as S;

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
            "Done: 1,000 answered, 200 not answered, 12 not dialed (cancelled)."
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
            line.starts_with("Cancelled: 1 not dialed; 1 call already"),
            "{line}"
        );
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    /// The chip's word is the one its status line starts with, and no two statuses share one
    /// (the window's chips and filters show these words, generated from here).
    #[test]
    fn each_status_has_its_own_word_which_its_line_uses() {
        let words: std::collections::HashSet<&str> = S::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(words.len(), S::ALL.len());
        let p = Progress::default();
        for s in [
            S::NotLaunched,
            S::Scheduled,
            S::Dialing,
            S::Done,
            S::Cancelled,
        ] {
            let line = status_line(s, &p, None);
            assert!(line.starts_with(s.label()), "{s:?}: {line}");
        }
    }

    /// The progress bar says what the status lines say: its words are theirs, each its own.
    #[test]
    fn progress_words_are_the_status_lines_words() {
        let p = Progress {
            total: 6,
            completed: 1,
            failed: 2,
            cancelled: 3,
            finished: 6,
            ..Progress::default()
        };
        let line = status_line(S::Done, &p, None).to_lowercase();
        for (field, word) in &PROGRESS_WORDS[..3] {
            assert!(line.contains(&word.to_lowercase()), "{field}: {line}");
        }
        let fields = serde_json::to_value(Progress::default()).unwrap();
        for (field, _) in PROGRESS_WORDS {
            assert!(
                fields.get(field).is_some(),
                "{field} is a field of Progress"
            );
        }
        let words: std::collections::HashSet<&str> = PROGRESS_WORDS.iter().map(|w| w.1).collect();
        assert_eq!(words.len(), PROGRESS_WORDS.len());
    }
}
