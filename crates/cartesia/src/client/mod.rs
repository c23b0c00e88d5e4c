//! The HTTP client: one method per endpoint of the contract, with the retry rules that make each
//! one safe.
//!
//! Reads and Cancel are idempotent, so they are retried on "busy" and server or network trouble
//! (exponential backoff with jitter, honouring `Retry-After`, bounded in attempts and total time).
//! Retry Call Batch is not idempotent (a second one re-queues the failed calls again), so it is
//! re-sent only when Cartesia certainly did not act on it (429, or no connection at all). Create
//! is sent exactly once per call of [`Client::create_batch`]; see `reconcile` for the safe loop.
//!
//! The parts: `config` (the address, time limit and retry policy a caller sets), `transport`
//! (one request, the re-sending around it and the error mapping), `pages` (following cursors)
//! and `endpoints` (one method per endpoint). This file holds the client itself.

mod config;
mod endpoints;
mod pages;
mod transport;

pub use config::{validate_base_url, ClientConfig, RetryPolicy, DEFAULT_BASE_URL};
pub use endpoints::MAX_AUDIO_BYTES;
pub use pages::MAX_PAGE_LIMIT;

use crate::error::{Error, Result};
use crate::key::ApiKey;
use crate::API_VERSION;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::Duration;

/// An async Cartesia Batch Calling client. Cheap to clone (shares its connection pool).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    key: ApiKey,
    pub(crate) config: ClientConfig,
    /// Cartesia's clock as its answers tell it (shared by clones).
    pub(crate) server_clock: std::sync::Arc<crate::server_clock::ServerClock>,
}

impl Client {
    /// Builds a client. Fails on an unusable address or key; nothing is sent yet.
    pub fn new(config: ClientConfig) -> Result<Client> {
        let url = validate_base_url(&config.base_url)?;
        let mut key_value =
            HeaderValue::from_str(config.api_key.expose()).map_err(|_| Error::UnusableKey)?;
        key_value.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(HeaderName::from_static("x-api-key"), key_value);
        headers.insert(
            HeaderName::from_static("cartesia-version"),
            HeaderValue::from_static(API_VERSION),
        );
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            // The key travels in a header that redirects would carry to wherever they point;
            // the API never redirects, so none is followed (a 3xx becomes `Error::Redirected`).
            .redirect(reqwest::redirect::Policy::none())
            // A secure address stays secure for every request this client sends.
            .https_only(url.scheme() == "https")
            .user_agent(concat!("batchline/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Setup {
                detail: e.to_string(),
            })?;
        Ok(Client {
            http,
            base: url.as_str().trim_end_matches('/').to_string(),
            key: config.api_key.clone(),
            config,
            server_clock: Default::default(),
        })
    }

    /// The address requests go to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Cartesia's time now, from the `Date` of its latest answer; `None` before any answer
    /// that had one. Never this computer's clock.
    pub fn server_now(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.server_clock.now()
    }

    /// The key's last four characters, for display.
    pub fn key_last4(&self) -> String {
        self.key.last4()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_debug_output_hides_the_key() {
        let c = Client::new(ClientConfig::new(
            "https://api.cartesia.ai",
            ApiKey::new("sk_car_TOPSECRETzz99"),
        ))
        .unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("zz99"));
        assert_eq!(c.key_last4(), "zz99");
    }
}
