//! Following running campaigns in the background.
//!
//! One task polls every created part that isn't finished, however many windows watch: each part
//! is asked about at most once per tick, often while it is dialing, rarely while it waits (for its
//! start time or for capacity), never once done. Trouble backs off per part. A snapshot is written
//! only when progress changed, and every new one is sent to subscribers (the app forwards them to
//! its windows). What to poll is read from the store each tick, so a restart, a new launch or a
//! retry is picked up without any other bookkeeping.
//!
//! Only what changed is downloaded whole. When the parts due hold enough recipients, one page of
//! List Call Batches (counts, no recipients) is asked first: a part whose counts are as last seen
//! is not fetched, nor is one that hasn't started (nothing dispatched yet: every recipient is
//! queued). Only a part whose counts moved is fetched with its recipients (Get Call Batch), so a
//! 20-part campaign costs one small request a tick plus one per part that is dialing.

use crate::store::{CampaignId, Part, PartId, Snapshot, Store};
use cartesia::{BatchStatus, CallBatch, Client, PageParams};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, Notify};
use tokio::time::Instant;

/// How often to ask.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackerConfig {
    /// Between polls of a part that is dialing or has calls running.
    pub active_interval: Duration,
    /// Between polls of a part waiting for its start time or for capacity.
    pub waiting_interval: Duration,
    /// First wait after a failed poll; doubled per consecutive failure…
    pub error_backoff: Duration,
    /// …up to this.
    pub max_backoff: Duration,
    /// How many updates a slow subscriber may fall behind before it misses some.
    pub channel_capacity: usize,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        TrackerConfig {
            active_interval: Duration::from_secs(3),
            waiting_interval: Duration::from_secs(60),
            error_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(300),
            channel_capacity: 256,
        }
    }
}

impl TrackerConfig {
    /// For the practice line, which runs faster than life: its calls move within seconds, so
    /// they are followed every second, and a waiting part every 5 s.
    pub fn practice() -> Self {
        TrackerConfig {
            active_interval: Duration::from_secs(1),
            waiting_interval: Duration::from_secs(5),
            ..TrackerConfig::default()
        }
    }
}

/// What the tracker tells subscribers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TrackerEvent {
    /// A part's progress changed (its new snapshot is stored).
    #[serde(rename_all = "camelCase")]
    Progress {
        campaign_id: CampaignId,
        part_id: PartId,
        part: u32,
        parts: u32,
        snapshot: Snapshot,
        /// Every call of this part has ended; it won't be polled again unless retried.
        done: bool,
    },
    /// A part could not be checked; the tracker keeps trying, less often.
    #[serde(rename_all = "camelCase")]
    Trouble {
        campaign_id: CampaignId,
        part_id: PartId,
        message: String,
        /// The key was refused: the app should send the person to Settings.
        key_refused: bool,
    },
}

/// The running tracker. Dropping it stops the task.
#[derive(Debug)]
pub struct Tracker {
    events: broadcast::Sender<TrackerEvent>,
    /// Subscribed before the task started, handed to the first subscriber so it misses nothing.
    first: Mutex<Option<broadcast::Receiver<TrackerEvent>>>,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Debug)]
struct Shared {
    wake: Notify,
    client: Mutex<Option<Client>>,
}

impl Shared {
    fn client(&self) -> Option<Client> {
        self.client
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Per-part polling state.
#[derive(Debug)]
struct Watch {
    due: Instant,
    failures: u32,
    last: Option<Snapshot>,
    /// Seen to the end: dropped at the next tick, so a retried part starts afresh.
    done: bool,
}

impl Tracker {
    /// Starts polling on the current tokio runtime. With no client (no key yet), it waits for
    /// [`Tracker::set_client`].
    pub fn start(store: Arc<Store>, client: Option<Client>, config: TrackerConfig) -> Tracker {
        let (events, first) = broadcast::channel(config.channel_capacity.max(1));
        let shared = Arc::new(Shared {
            wake: Notify::new(),
            client: Mutex::new(client),
        });
        let task = tokio::spawn(run(store, shared.clone(), events.clone(), config));
        Tracker {
            events,
            first: Mutex::new(Some(first)),
            shared,
            task,
        }
    }

    /// Updates from now on; the first subscriber also gets those sent since the start.
    pub fn subscribe(&self) -> broadcast::Receiver<TrackerEvent> {
        self.first
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_else(|| self.events.subscribe())
    }

    /// Look at the store again now (after a launch or a retry) and poll what is due.
    pub fn wake(&self) {
        self.shared.wake.notify_one();
    }

    /// Uses another client from now on (the key changed), or none (the key was removed).
    pub fn set_client(&self, client: Option<Client>) {
        *self.shared.client.lock().unwrap_or_else(|e| e.into_inner()) = client;
        self.wake();
    }

    /// Stops the task.
    pub async fn stop(mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The recipient counts of a batch, as a snapshot taken now.
pub fn snapshot_of(batch: &CallBatch) -> Snapshot {
    let mut by_status = BTreeMap::new();
    let mut by_outcome = BTreeMap::new();
    for r in batch.recipients.iter().flatten() {
        *by_status.entry(r.status.as_str().to_string()).or_insert(0) += 1;
        if let Some(reason) = &r.end_reason {
            *by_outcome.entry(reason.as_str().to_string()).or_insert(0) += 1;
        }
    }
    Snapshot {
        at: crate::clock::app_now(),
        status: batch.status.as_str().to_string(),
        scheduled: batch.total_calls_scheduled,
        dispatched: batch.total_calls_dispatched,
        finished: batch.total_calls_finished,
        retry_count: batch.retry_count,
        by_status,
        by_outcome,
    }
}

async fn run(
    store: Arc<Store>,
    shared: Arc<Shared>,
    events: broadcast::Sender<TrackerEvent>,
    config: TrackerConfig,
) {
    let mut watches: HashMap<PartId, Watch> = HashMap::new();
    loop {
        let now = Instant::now();
        let active = match store.active_parts() {
            Ok(parts) => parts,
            Err(e) => {
                tracing::warn!("tracker could not read active parts: {e}");
                Vec::new()
            }
        };
        // A part seen to the end and then retried is active again: its old watch (due in a
        // year) must not outlive the finish, or the new attempts would never be followed.
        watches.retain(|id, w| !w.done && active.iter().any(|p| p.id == *id));
        for part in &active {
            watches.entry(part.id).or_insert_with(|| Watch {
                due: now,
                failures: 0,
                last: store.last_snapshot(part.id).ok().flatten(),
                done: false,
            });
        }

        if let Some(client) = shared.client() {
            let now = Instant::now();
            if watches.values().any(|w| w.due <= now) {
                let listed = look_over(&client, &active).await;
                for part in &active {
                    let Some(watch) = watches.get_mut(&part.id) else {
                        continue;
                    };
                    // A part not due yet is looked at too when the list shows it anyway (free
                    // news), unless it is backing off after trouble.
                    let seen = match &listed {
                        Ok(listed) => listed.get(&part.id),
                        Err(_) => None,
                    };
                    let due = watch.due <= now || (seen.is_some() && watch.failures == 0);
                    if !due {
                        continue;
                    }
                    let seen = match &listed {
                        Ok(_) => Listed::Found(seen),
                        Err(e) => Listed::Failed(e),
                    };
                    poll(&store, &client, &events, &config, part, watch, seen).await;
                }
            }
        }

        let next = watches
            .values()
            .map(|w| w.due)
            .min()
            .filter(|_| shared.client().is_some());
        match next {
            Some(at) => {
                tokio::select! {
                    _ = tokio::time::sleep_until(at) => {}
                    _ = shared.wake.notified() => {}
                }
            }
            None => shared.wake.notified().await,
        }
    }
}

/// Parts followed holding fewer recipients than this (all together) are simply fetched: a page
/// of List Call Batches (up to 100 batches without recipients) would cost about as much.
const LIST_WORTH_RECIPIENTS: u64 = 100;
/// At most this many pages of List Call Batches a tick (newest first); a part not on them is
/// fetched on its own.
const LIST_PAGES: usize = 5;

/// What List Call Batches said about a due part this tick.
enum Listed<'a> {
    /// On the list (or `None`: not looked for, or not on the pages read).
    Found(Option<&'a CallBatch>),
    /// The list could not be read: this counts as a failed poll of the part.
    Failed(&'a cartesia::Error),
}

/// The followed parts' batches as List Call Batches shows them (counts, no recipients), by
/// part; empty when fetching the parts themselves costs less.
async fn look_over(
    client: &Client,
    parts: &[Part],
) -> Result<HashMap<PartId, CallBatch>, cartesia::Error> {
    let mut wanted: HashMap<&str, PartId> = parts
        .iter()
        .filter_map(|p| p.api_batch_id.as_deref().map(|b| (b, p.id)))
        .collect();
    let recipients: u64 = parts
        .iter()
        .filter(|p| p.api_batch_id.is_some())
        .map(|p| u64::from(p.recipient_count))
        .sum();
    let mut found = HashMap::new();
    if recipients < LIST_WORTH_RECIPIENTS {
        return Ok(found);
    }
    let mut cursor = None;
    for _ in 0..LIST_PAGES {
        let page = client
            .list_batches(
                None,
                &PageParams {
                    limit: Some(100),
                    starting_after: cursor.take(),
                    ending_before: None,
                },
            )
            .await?;
        for batch in &page.data {
            if let Some(part) = wanted.remove(batch.id.as_str()) {
                found.insert(part, batch.clone());
            }
        }
        cursor = page
            .next_page
            .or_else(|| page.data.last().map(|b| b.id.clone()));
        if wanted.is_empty() || !page.has_more || cursor.is_none() {
            break;
        }
    }
    Ok(found)
}

/// The snapshot a listed batch stands for without its recipients, when its counts say enough:
/// the last one if nothing moved, or "all queued" for a part that hasn't started.
fn unchanged_or_unstarted(listed: &CallBatch, last: Option<&Snapshot>) -> Option<Snapshot> {
    if let Some(last) = last {
        let same = last.status == listed.status.as_str()
            && last.scheduled == listed.total_calls_scheduled
            && last.dispatched == listed.total_calls_dispatched
            && last.finished == listed.total_calls_finished
            && last.retry_count == listed.retry_count;
        if same {
            return Some(last.clone());
        }
    }
    let unstarted = listed.status == BatchStatus::Pending
        && listed.total_calls_dispatched == 0
        && listed.total_calls_finished == 0
        && listed.retry_count == 0;
    unstarted.then(|| {
        let mut s = snapshot_of(listed);
        s.by_status = BTreeMap::from([("queued".to_string(), listed.total_calls_scheduled)]);
        s
    })
}

async fn poll(
    store: &Store,
    client: &Client,
    events: &broadcast::Sender<TrackerEvent>,
    config: &TrackerConfig,
    part: &Part,
    watch: &mut Watch,
    listed: Listed<'_>,
) {
    let Some(batch_id) = part.api_batch_id.as_deref() else {
        watch.due = Instant::now() + config.waiting_interval;
        return;
    };
    let fetched = match listed {
        Listed::Failed(e) => {
            failed(events, config, part, watch, e);
            return;
        }
        Listed::Found(Some(b)) => match unchanged_or_unstarted(b, watch.last.as_ref()) {
            Some(snapshot) => Ok((snapshot, b.is_done(), b.status == BatchStatus::Pending)),
            None => fetch(client, batch_id).await,
        },
        Listed::Found(None) => fetch(client, batch_id).await,
    };
    match fetched {
        Ok((snapshot, done, waiting)) => {
            watch.failures = 0;
            let changed = watch
                .last
                .as_ref()
                .is_none_or(|last| !last.same_progress(&snapshot));
            if changed {
                if let Err(e) = store.record_snapshot(part.id, &snapshot) {
                    // Not saved: try again soon rather than lose the final counts.
                    trouble(events, part, e.to_string(), false);
                    watch.due = Instant::now() + config.error_backoff;
                    return;
                }
                watch.last = Some(snapshot.clone());
                let _ = events.send(TrackerEvent::Progress {
                    campaign_id: part.campaign_id,
                    part_id: part.id,
                    part: part.part,
                    parts: part.parts,
                    snapshot,
                    done,
                });
            }
            if done {
                match store.set_tracking_done(part.id, true) {
                    // Dropped on the next tick; never due again meanwhile.
                    Ok(()) => {
                        watch.done = true;
                        watch.due = Instant::now() + Duration::from_secs(86_400 * 365);
                    }
                    Err(e) => {
                        trouble(events, part, e.to_string(), false);
                        watch.due = Instant::now() + config.error_backoff;
                    }
                }
                return;
            }
            watch.due = Instant::now()
                + if waiting {
                    config.waiting_interval
                } else {
                    config.active_interval
                };
        }
        Err(e) => failed(events, config, part, watch, &e),
    }
}

/// The part's batch with its recipients: its snapshot, whether it is done, whether it waits.
async fn fetch(client: &Client, batch_id: &str) -> Result<(Snapshot, bool, bool), cartesia::Error> {
    let batch = client.get_batch(batch_id).await?;
    Ok((
        snapshot_of(&batch),
        batch.is_done(),
        batch.status == BatchStatus::Pending,
    ))
}

/// A poll that failed: back off, and say so once per run of failures, not on every attempt.
fn failed(
    events: &broadcast::Sender<TrackerEvent>,
    config: &TrackerConfig,
    part: &Part,
    watch: &mut Watch,
    e: &cartesia::Error,
) {
    watch.failures = watch.failures.saturating_add(1);
    let backoff = config
        .error_backoff
        .saturating_mul(1u32 << (watch.failures - 1).min(16))
        .min(config.max_backoff);
    let wait = e.retry_after().map_or(backoff, |after| after.max(backoff));
    watch.due = Instant::now() + wait;
    if watch.failures == 1 {
        trouble(events, part, e.user_message(), e.is_unauthorized());
    }
}

fn trouble(
    events: &broadcast::Sender<TrackerEvent>,
    part: &Part,
    message: String,
    key_refused: bool,
) {
    let _ = events.send(TrackerEvent::Trouble {
        campaign_id: part.campaign_id,
        part_id: part.id,
        message,
        key_refused,
    });
}
