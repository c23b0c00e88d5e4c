//! Where API calls go, and the campaign machinery that goes with it.
//!
//! Without a saved key Batchline runs in practice mode: the sandbox crate's Cartesia-compatible
//! server, started in this process on a loopback port, with demo agents and numbers and no real
//! calls. With a key (from the OS keyring) it talks to the API address in Settings. Each mode has
//! its own campaign store, so practice campaigns never mix with real ones; the practice server
//! lives only as long as the app, so practice campaigns are cleared at each start.

use crate::error::{ErrorCode, IpcError};
use crate::secrets::{Secret, StoredKey};
use campaign::settings::{KeyError, DEFAULT_ORG_CONCURRENCY};
use campaign::{Launcher, Store, Tracker, TrackerConfig};
use cartesia::{ApiKey, Client, ClientConfig};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Practice,
    Account,
}

/// Everything that depends on where calls go. Rebuilt when the key or the API address changes.
#[derive(Debug)]
pub(crate) struct Runtime {
    pub mode: Mode,
    pub client: Client,
    pub store: Arc<Store>,
    pub launcher: Arc<Launcher>,
    pub tracker: Tracker,
}

/// How much faster than real time practice calls run: [`sandbox::PRACTICE_SPEED`], unless
/// `BATCHLINE_PRACTICE_SPEED` says otherwise (the end-to-end tests run the practice line fast).
fn practice_speed() -> f64 {
    std::env::var("BATCHLINE_PRACTICE_SPEED")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(sandbox::PRACTICE_SPEED)
}

/// Starts the practice server on a free loopback port.
pub(crate) async fn start_practice() -> Result<sandbox::Sandbox, IpcError> {
    let config = sandbox::SandboxConfig {
        // Anyone on this computer can reach the port: the key is new each run, never public.
        api_key: sandbox::random_api_key(),
        loopback_hosts_only: true,
        speed: practice_speed(),
        // The Free plan's limit, like the default setting.
        org_concurrency: DEFAULT_ORG_CONCURRENCY,
        seed: rand_seed(),
        clock_start: practice_clock_start(),
        ..sandbox::SandboxConfig::default()
    };
    sandbox::start(config)
        .await
        .map_err(|e| IpcError::new(format!("Practice mode couldn't start: {e}")))
}

/// Where the practice line's simulated clock starts: in a debug build whose test set the app's
/// clock (`BATCHLINE_TEST_NOW`), at that time, so calling hours are planned and dialed by one
/// clock (the app's clock starts there again at each connection); else this computer's time.
fn practice_clock_start() -> Option<chrono::DateTime<chrono::Utc>> {
    match campaign::TestClock::from_env() {
        Ok(Some(campaign::TestClock::Running { start, .. })) => Some(start),
        _ => None,
    }
}

fn rand_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
}

/// A client for the practice server.
pub(crate) fn practice_client(practice: &sandbox::Sandbox) -> Result<Client, IpcError> {
    let mut config = ClientConfig::new(
        practice.base_url(),
        ApiKey::new(practice.api_key().to_owned()),
    );
    config.timeout = Duration::from_secs(15);
    Client::new(config).map_err(|e| IpcError::new(e.user_message()))
}

/// A client for the user's Cartesia account with the saved key, only if the key was checked
/// against this very address: after the address changes nothing is sent until the person
/// enters the key again for it.
pub(crate) fn account_client(base_url: &str, saved: &StoredKey) -> Result<Client, IpcError> {
    if !saved.is_for(base_url) {
        let refused = KeyError::ForOtherAddress {
            key_origin: saved.origin.clone(),
            address: base_url.trim_end_matches('/').to_owned(),
        };
        return Err(IpcError::coded(
            ErrorCode::KeyForOtherAddress,
            refused.to_string(),
        ));
    }
    key_check_client(base_url, &saved.key)
}

/// A client for checking a newly pasted key against `base_url`.
pub(crate) fn key_check_client(base_url: &str, key: &Secret) -> Result<Client, IpcError> {
    let config = ClientConfig::new(base_url, ApiKey::new(key.expose().to_owned()));
    Client::new(config).map_err(|e| IpcError::new(e.user_message()))
}

/// The campaign store file of a mode.
pub(crate) fn store_path(data_dir: &Path, mode: Mode) -> PathBuf {
    data_dir.join(match mode {
        Mode::Practice => campaign::PRACTICE_STORE_FILE,
        Mode::Account => campaign::ACCOUNT_STORE_FILE,
    })
}

/// Opens (creating if needed) the campaign store of a mode.
pub(crate) fn open_store(data_dir: &Path, mode: Mode) -> Result<Arc<Store>, IpcError> {
    std::fs::create_dir_all(data_dir).map_err(|e| {
        IpcError::new(format!(
            "Batchline couldn't create its data folder {} ({e}). Check the disk and its permissions.",
            data_dir.display()
        ))
    })?;
    Ok(Arc::new(Store::open(store_path(data_dir, mode))?))
}

/// Starts the tracker of a mode's store. Must run inside the async runtime.
pub(crate) fn build_runtime(mode: Mode, client: Client, store: Arc<Store>) -> Runtime {
    let launcher = Arc::new(Launcher::new(store.clone()));
    let config = match mode {
        // The practice line runs faster than real time; so does its progress.
        Mode::Practice => TrackerConfig {
            active_interval: Duration::from_secs(1),
            waiting_interval: Duration::from_secs(5),
            ..TrackerConfig::default()
        },
        Mode::Account => TrackerConfig::default(),
    };
    install_clock(&client);
    let tracker = Tracker::start(store.clone(), Some(client.clone()), config);
    Runtime {
        mode,
        client,
        store,
        launcher,
        tracker,
    }
}

/// Makes "now" for the app's decisions this computer's time, or — in a debug build started with
/// `BATCHLINE_TEST_CLOCK` / `BATCHLINE_TEST_NOW` — a test's clock (see `campaign::Clock`),
/// following this connection's server.
fn install_clock(client: &Client) {
    let clock = campaign::Clock::from_env(client).unwrap_or_else(|e| {
        tracing::error!("{e} This computer's clock is used instead.");
        campaign::Clock::system()
    });
    if clock.is_test() {
        tracing::warn!("a test clock decides what time it is: {}", clock.now());
    }
    clock.install();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// The first line of the practice server's answer to `GET /agents` with this `Host`.
    fn status_line(practice: &sandbox::Sandbox, host: &str) -> String {
        let addr = practice.base_url().replace("http://", "");
        let mut sock = std::net::TcpStream::connect(addr).expect("connects");
        let request = format!(
            "GET /agents HTTP/1.1\r\nHost: {host}\r\nx-api-key: {}\r\nConnection: close\r\n\r\n",
            practice.api_key()
        );
        sock.write_all(request.as_bytes()).expect("sent");
        let mut answer = String::new();
        sock.read_to_string(&mut answer).expect("answer");
        answer.lines().next().unwrap_or_default().to_owned()
    }

    #[test]
    fn each_practice_run_has_its_own_key_and_answers_only_loopback_names() {
        let first = tauri::async_runtime::block_on(start_practice()).expect("practice");
        let second = tauri::async_runtime::block_on(start_practice()).expect("practice");
        assert_ne!(
            first.api_key(),
            sandbox::DEFAULT_API_KEY,
            "not the public key"
        );
        assert_ne!(first.api_key(), second.api_key(), "a new key each run");
        assert!(first.api_key().len() >= 32, "long enough not to guess");

        let port = first
            .base_url()
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_owned();
        assert!(status_line(&first, &format!("127.0.0.1:{port}")).contains(" 200 "));
        let rebound = status_line(&first, &format!("rebind.example.com:{port}"));
        assert!(rebound.contains(" 403 "), "{rebound}");
        for practice in [first, second] {
            tauri::async_runtime::block_on(practice.shutdown());
        }
    }
}
