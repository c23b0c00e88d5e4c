//! What the person is told when they aren't looking: a campaign has finished, or needs their
//! attention. The app shows these as desktop notifications; when to say something, and the
//! words, are decided here.
//!
//! A campaign counts as finished once every part it sent has been seen to the end (the tracker
//! marks each part done when all its calls have ended). Each piece of news is said once: a
//! finish once per retry (a retry makes the campaign run, and then finish, again), a refused
//! key once until the campaign has other news.

use super::count;
use super::status::UNANSWERED;
use crate::error::Result;
use crate::store::{CampaignId, Store};
use crate::tracker::TrackerEvent;
use std::collections::{BTreeMap, HashMap};

/// One notification: a title and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: &'static str,
    pub body: String,
}

/// What was last said about a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    /// "Finished", after this many retries.
    Finished {
        retry_count: u32,
    },
    KeyRefused,
}

/// Decides, event by event, what the person should hear; remembers what was said so each news
/// is said once. One per app run.
#[derive(Debug, Default)]
pub struct Notices {
    said: HashMap<CampaignId, Said>,
}

impl Notices {
    /// The notice a tracker event calls for, if any. `store` is the store the event's campaign
    /// is in (read only when a part has just finished, to see whether the whole campaign has).
    pub fn heard(&mut self, store: &Store, event: &TrackerEvent) -> Option<Notice> {
        match event {
            TrackerEvent::Progress {
                campaign_id,
                done: true,
                snapshot,
                ..
            } => {
                let said = Said::Finished {
                    retry_count: snapshot.retry_count,
                };
                if self.said.get(campaign_id) == Some(&said) {
                    return None;
                }
                let body = finished_notice(store, *campaign_id).ok().flatten()?;
                self.said.insert(*campaign_id, said);
                Some(Notice {
                    title: "Campaign finished",
                    body,
                })
            }
            TrackerEvent::Progress { .. } => None,
            TrackerEvent::Trouble {
                campaign_id,
                message,
                key_refused: true,
                ..
            } => {
                if self.said.insert(*campaign_id, Said::KeyRefused) == Some(Said::KeyRefused) {
                    return None;
                }
                Some(Notice {
                    title: "A campaign needs your attention",
                    body: message.clone(),
                })
            }
            TrackerEvent::Trouble { .. } => None,
        }
    }
}

/// Whether every part of the campaign was sent and has been seen to the end.
pub fn all_parts_done(store: &Store, campaign_id: CampaignId) -> Result<bool> {
    let parts = store.live_parts(campaign_id)?;
    Ok(!parts.is_empty() && parts.iter().all(|p| p.tracking_done))
}

/// What to tell the person about a campaign, if it has finished: `None` while any part still
/// has calls to make.
pub fn finished_notice(store: &Store, campaign_id: CampaignId) -> Result<Option<String>> {
    if !all_parts_done(store, campaign_id)? {
        return Ok(None);
    }
    let name = store.campaign(campaign_id)?.setup.name;
    let progress = store.campaign_progress(campaign_id)?;
    Ok(Some(finished_message(&name, &progress.by_status)))
}

/// What a notification says about a campaign whose every part has finished, from the count of
/// recipients by their latest status.
pub fn finished_message(name: &str, by_status: &BTreeMap<String, u32>) -> String {
    let get = |k: &str| by_status.get(k).copied().unwrap_or(0);
    let answered = get("completed");
    let not_answered = get("failed");
    let cancelled = get("cancelled");
    // The status line's words (view::status): answered, not answered, not dialed.
    let mut text = format!("“{name}” has finished: {} answered", count(answered));
    if not_answered > 0 {
        text.push_str(&format!(
            ", {} {UNANSWERED} (you can retry them)",
            count(not_answered)
        ));
    }
    if cancelled > 0 {
        text.push_str(&format!(", {} not dialed (cancelled)", count(cancelled)));
    }
    text.push('.');
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::store::{NewCampaign, Snapshot};
    use crate::view::test_support::{counts, snap};
    use cartesia::{CreateBatchRequest, NewRecipient};

    #[test]
    fn the_finish_notification_counts_in_words() {
        let mut by = BTreeMap::new();
        by.insert("completed".to_string(), 24);
        by.insert("failed".to_string(), 2);
        assert_eq!(
            finished_message("Spring reminders", &by),
            "“Spring reminders” has finished: 24 answered, 2 not answered (you can retry them)."
        );
        by.remove("failed");
        by.insert("cancelled".to_string(), 1_194);
        assert_eq!(
            finished_message("X", &by),
            "“X” has finished: 24 answered, 1,194 not dialed (cancelled)."
        );
    }

    /// A two-part campaign "Spring reminders", both parts sent, nothing tracked yet.
    fn two_parts() -> (tempfile::TempDir, Store, CampaignId) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("n.db")).unwrap();
        let part = |k: u32| {
            CreateBatchRequest::new(
                format!("P{k}"),
                "agent",
                "num",
                vec![NewRecipient {
                    to_number: format!("+1415555000{k}"),
                    metadata: None,
                }],
            )
        };
        let id = store
            .create_campaign(
                &NewCampaign {
                    name: "Spring reminders".into(),
                    ..NewCampaign::default()
                },
                &[part(1), part(2)],
            )
            .unwrap();
        for (i, p) in store.parts(id).unwrap().iter().enumerate() {
            store.mark_created(p.id, &format!("acb_{i}")).unwrap();
        }
        (dir, store, id)
    }

    /// The tracker's word that a part's calls have all ended (and the store's record of it).
    fn part_done(store: &Store, id: CampaignId, index: usize, retry_count: u32) -> TrackerEvent {
        let part = &store.parts(id).unwrap()[index];
        let snapshot = Snapshot {
            retry_count,
            by_status: counts(&[("completed", 1)]),
            ..snap(0, "completed", 1, 1, 1)
        };
        store.record_snapshot(part.id, &snapshot).unwrap();
        store.set_tracking_done(part.id, true).unwrap();
        TrackerEvent::Progress {
            campaign_id: id,
            part_id: part.id,
            part: part.part,
            parts: part.parts,
            snapshot,
            done: true,
        }
    }

    fn key_refused(id: CampaignId) -> TrackerEvent {
        TrackerEvent::Trouble {
            campaign_id: id,
            part_id: 1,
            message: "Cartesia no longer accepts the saved API key.".into(),
            key_refused: true,
        }
    }

    #[test]
    fn a_campaign_is_announced_finished_once_when_its_last_part_ends() {
        let (_d, store, id) = two_parts();
        let mut notices = Notices::default();
        let first = part_done(&store, id, 0, 0);
        assert_eq!(notices.heard(&store, &first), None, "part 2 still calling");
        assert!(!all_parts_done(&store, id).unwrap());

        let last = part_done(&store, id, 1, 0);
        let notice = notices.heard(&store, &last).expect("finished");
        assert_eq!(notice.title, "Campaign finished");
        assert_eq!(notice.body, "“Spring reminders” has finished: 2 answered.");
        assert_eq!(notices.heard(&store, &last), None, "said once");

        // A retry runs the campaign again: its end is news again.
        let after_retry = part_done(&store, id, 1, 1);
        assert!(notices.heard(&store, &after_retry).is_some());
        assert_eq!(notices.heard(&store, &after_retry), None);
    }

    #[test]
    fn a_refused_key_is_said_once_and_again_after_other_news() {
        let (_d, store, id) = two_parts();
        let mut notices = Notices::default();
        let notice = notices.heard(&store, &key_refused(id)).expect("said");
        assert_eq!(notice.title, "A campaign needs your attention");
        assert!(notice.body.contains("no longer accepts"), "{}", notice.body);
        assert_eq!(notices.heard(&store, &key_refused(id)), None, "said once");

        let trouble = TrackerEvent::Trouble {
            campaign_id: id,
            part_id: 1,
            message: "Cartesia could not be reached.".into(),
            key_refused: false,
        };
        assert_eq!(notices.heard(&store, &trouble), None, "the window says it");

        part_done(&store, id, 0, 0);
        let finished = part_done(&store, id, 1, 0);
        assert!(notices.heard(&store, &finished).is_some());
        assert!(notices.heard(&store, &key_refused(id)).is_some());
    }
}
