//! Shared set-up for tests that talk to the real sandbox over loopback.
#![allow(clippy::unwrap_used, dead_code)] // each test file uses a different subset

use campaign::{NewCampaign, Store};
use cartesia::{
    ApiKey, CallBatch, Client, ClientConfig, CreateBatchRequest, NewRecipient, RetryPolicy,
};
use sandbox::{Sandbox, SandboxConfig};
use std::sync::Arc;
use std::time::Duration;

pub struct Env {
    pub sb: Sandbox,
    pub client: Client,
    pub agent: String,
    pub number: String,
    pub store: Arc<Store>,
    pub _dir: tempfile::TempDir,
}

pub fn client_for(base_url: &str, key: &str, timeout: Duration) -> Client {
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

pub async fn env(cfg: SandboxConfig, timeout: Duration) -> Env {
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
    pub fn campaign(&self, name: &str, parts: u32, per_part: u32) -> i64 {
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
    pub async fn all_batches(&self) -> Vec<CallBatch> {
        self.sb.set_faults(0.0);
        self.client.list_all_batches(None).await.unwrap()
    }
}
