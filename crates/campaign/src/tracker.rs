//! Following running campaigns in the background.
//!
//! One task polls every created part that isn't finished, however many windows watch: each part
//! is asked about at most once per tick, often while it is dialing, rarely while it waits (for its
//! start time or for capacity), never once done. Trouble backs off per part. A snapshot is written
//! only when progress changed, and every new one is sent to subscribers (the app forwards them to
//! its windows). What to poll is read from the store each tick, so a restart, a new launch or a
//! retry is picked up without any other bookkeeping.

use crate::store::{CampaignId, Part, PartId, Snapshot, Store};
use cartesia::{BatchStatus, CallBatch, Client};
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
            for part in &active {
                let Some(watch) = watches.get_mut(&part.id) else {
                    continue;
                };
                if watch.due > Instant::now() {
                    continue;
                }
                poll(&store, &client, &events, &config, part, watch).await;
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

async fn poll(
    store: &Store,
    client: &Client,
    events: &broadcast::Sender<TrackerEvent>,
    config: &TrackerConfig,
    part: &Part,
    watch: &mut Watch,
) {
    let Some(batch_id) = part.api_batch_id.as_deref() else {
        watch.due = Instant::now() + config.waiting_interval;
        return;
    };
    match client.get_batch(batch_id).await {
        Ok(batch) => {
            watch.failures = 0;
            let snapshot = snapshot_of(&batch);
            let done = batch.is_done();
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
            let waiting = batch.status == BatchStatus::Pending;
            watch.due = Instant::now()
                + if waiting {
                    config.waiting_interval
                } else {
                    config.active_interval
                };
        }
        Err(e) => {
            watch.failures = watch.failures.saturating_add(1);
            let backoff = config
                .error_backoff
                .saturating_mul(1u32 << (watch.failures - 1).min(16))
                .min(config.max_backoff);
            let wait = e.retry_after().map_or(backoff, |after| after.max(backoff));
            watch.due = Instant::now() + wait;
            // Say so once per run of failures, not on every attempt.
            if watch.failures == 1 {
                trouble(events, part, e.user_message(), e.is_unauthorized());
            }
        }
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
