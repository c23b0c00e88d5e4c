//! Shared set-up for tests that talk to the real sandbox over loopback.
#![allow(clippy::unwrap_used, dead_code)] // each test file uses a different subset

use campaign::{
    CampaignOverview, CampaignStatus, Launcher, NewCampaign, Store, Tracker, TrackerConfig,
};
use cartesia::chrono::{DateTime, Utc};
use cartesia::{
    ApiKey, CallBatch, Client, ClientConfig, CreateBatchRequest, NewRecipient, RetryPolicy,
};
use sandbox::{Sandbox, SandboxConfig};
use std::sync::Arc;
use std::time::Duration;

pub(crate) struct Env {
    pub sb: Sandbox,
    pub client: Client,
    pub agent: String,
    pub number: String,
    pub store: Arc<Store>,
    pub _dir: tempfile::TempDir,
}

pub(crate) fn client_for(base_url: &str, key: &str, timeout: Duration) -> Client {
    let mut config = ClientConfig::new(base_url, ApiKey::new(key));
    config.timeout = timeout;
    config.retry = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(1),
        max_total: Duration::from_secs(10),
    };
    Client::new(config).unwrap()
}

pub(crate) async fn env(cfg: SandboxConfig, timeout: Duration) -> Env {
    let sb = sandbox::start(cfg).await.unwrap();
    let client = client_for(&sb.base_url(), sb.api_key(), timeout);
    // Tests that want faults switch them on after this set-up.
    let agents = client.list_agents().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path().join("batchline.db")).unwrap());
    Env {
        agent: agents[0].id.clone(),
        number: agents[0].phone_numbers[0].id.clone(),
        sb,
        client,
        store,
        _dir: dir,
    }
}

impl Env {
    /// Records a campaign of `parts` parts of `per_part` recipients each; part names are distinct.
    pub(crate) fn campaign(&self, name: &str, parts: u32, per_part: u32) -> i64 {
        let reqs: Vec<_> = (1..=parts)
            .map(|k| {
                let recipients = (0..per_part)
                    .map(|i| NewRecipient {
                        to_number: format!("+1415{:03}{:04}", k, 5000 + i),
                        metadata: None,
                    })
                    .collect();
                CreateBatchRequest::new(
                    format!("{name} (part {k} of {parts})"),
                    &self.agent,
                    &self.number,
                    recipients,
                )
            })
            .collect();
        let setup = NewCampaign {
            name: name.into(),
            agent_id: self.agent.clone(),
            from_number_id: self.number.clone(),
            ..NewCampaign::default()
        };
        self.store.create_campaign(&setup, &reqs).unwrap()
    }

    /// Every batch in the account, read with faults switched off.
    pub(crate) async fn all_batches(&self) -> Vec<CallBatch> {
        self.sb.set_faults(0.0);
        self.client.list_all_batches(None).await.unwrap()
    }
}

/// A recipient with call data.
pub(crate) fn recipient(number: &str, metadata: serde_json::Value) -> NewRecipient {
    NewRecipient {
        to_number: number.to_string(),
        metadata: metadata.as_object().cloned(),
    }
}

/// Polls as fast as the sandbox answers (tests only).
pub(crate) fn fast_tracking() -> TrackerConfig {
    TrackerConfig {
        active_interval: Duration::from_millis(20),
        waiting_interval: Duration::from_millis(60),
        error_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(200),
        channel_capacity: 4096,
    }
}

/// Reads the campaign's overview until `done` says so; every overview seen is kept. Fails
/// after `secs` (a guard against hanging, not a timing check).
pub(crate) async fn watch_until(
    store: &Store,
    id: i64,
    secs: u64,
    mut done: impl FnMut(&CampaignOverview) -> bool,
) -> Vec<CampaignOverview> {
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let o = campaign::overview(store, id).unwrap();
        let stop = done(&o);
        seen.push(o);
        if stop {
            return seen;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the campaign never got there: {:#?}",
            seen.last()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub(crate) fn is(status: CampaignStatus) -> impl Fn(&CampaignOverview) -> bool {
    move |o| o.status == status
}

impl Env {
    /// Records a campaign with these parts' recipients (part names distinct).
    pub(crate) fn campaign_of(
        &self,
        name: &str,
        parts: Vec<Vec<NewRecipient>>,
        scheduled_at: Option<DateTime<Utc>>,
        concurrency: Option<u32>,
    ) -> i64 {
        let n = parts.len();
        let reqs: Vec<_> = parts
            .into_iter()
            .enumerate()
            .map(|(k, recipients)| {
                let mut req = CreateBatchRequest::new(
                    format!("{name} (part {} of {n})", k + 1),
                    &self.agent,
                    &self.number,
                    recipients,
                );
                req.scheduled_at = scheduled_at;
                req.target_concurrency_limit = concurrency;
                req
            })
            .collect();
        let setup = NewCampaign {
            name: name.into(),
            agent_id: self.agent.clone(),
            from_number_id: self.number.clone(),
            scheduled_at,
            concurrency,
            ..NewCampaign::default()
        };
        self.store.create_campaign(&setup, &reqs).unwrap()
    }

    /// Launches the campaign with a tracker following it, and returns once it is done.
    pub(crate) async fn launch_until_done(&self, id: i64) {
        let tracker = Tracker::start(
            self.store.clone(),
            Some(self.client.clone()),
            fast_tracking(),
        );
        Launcher::new(self.store.clone())
            .launch(&self.client, id, |_| {})
            .await
            .unwrap();
        tracker.wake();
        watch_until(&self.store, id, 20, is(CampaignStatus::Done)).await;
        tracker.stop().await;
    }
}
