//! What the sandbox test files share: a sandbox with a client pointed at it (`Env`), and the
//! small builders every test needs (recipients, a create request, "wait until it ends").
//!
//! Each `tests/*.rs` file is its own test binary; each pulls this in with `mod common;`, so
//! the setup is written once and all of them start the sandbox the same way.

use cartesia::{
    ApiKey, CallBatch, Client, ClientConfig, CreateBatchRequest, NewRecipient, RetryPolicy,
};
use sandbox::{Sandbox, SandboxConfig};
use std::time::Duration;

pub(crate) struct Env {
    pub sb: Sandbox,
    pub client: Client,
    pub agent: String,
    pub number: String,
}

pub(crate) async fn env_with(cfg: SandboxConfig, timeout: Duration) -> Env {
    let sb = sandbox::start(cfg).await.unwrap();
    let mut config = ClientConfig::new(sb.base_url(), ApiKey::new(sb.api_key()));
    config.timeout = timeout;
    config.retry = RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(2),
        max_total: Duration::from_secs(30),
    };
    config.create_attempts = 8;
    let client = Client::new(config).unwrap();
    let agents = client.list_agents().await.unwrap();
    let agent = agents[0].id.clone();
    let number = agents[0].phone_numbers[0].id.clone();
    Env {
        sb,
        client,
        agent,
        number,
    }
}

pub(crate) async fn env(speed: f64, org: u32) -> Env {
    env_with(
        SandboxConfig {
            speed,
            org_concurrency: org,
            seed: 11,
            ..SandboxConfig::default()
        },
        Duration::from_secs(10),
    )
    .await
}

pub(crate) fn recipients(n: usize, start: u32) -> Vec<NewRecipient> {
    (0..n)
        .map(|i| {
            let mut m = serde_json::Map::new();
            m.insert("row".into(), serde_json::json!(i + 2));
            NewRecipient {
                to_number: format!("+1415555{:04}", start + i as u32),
                metadata: Some(m),
            }
        })
        .collect()
}

impl Env {
    pub(crate) fn request(
        &self,
        name: &str,
        list: Vec<NewRecipient>,
        limit: Option<u32>,
    ) -> CreateBatchRequest {
        let mut r = CreateBatchRequest::new(name, &self.agent, &self.number, list);
        r.target_concurrency_limit = limit;
        r
    }

    #[allow(dead_code)] // not every test binary creates through it
    pub(crate) async fn create(&self, req: &CreateBatchRequest) -> CallBatch {
        self.client
            .create_batch_exactly_once(req)
            .await
            .unwrap()
            .into_batch()
    }

    /// Polls until every call of the batch has ended (bounded, so a bug fails instead of hanging).
    #[allow(dead_code)] // not every test binary waits for a batch to end
    pub(crate) async fn until_finished(&self, id: &str) -> CallBatch {
        for _ in 0..3000 {
            let b = self.client.get_batch(id).await.unwrap();
            if b.total_calls_finished == b.total_calls_scheduled {
                return b;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("batch {id} never finished");
    }
}
