//! A Cartesia-compatible Batch Calling server with a simulated dialer.
//!
//! No machine here reaches Cartesia, and campaign managers need a safe place to practise, so
//! this crate serves the same paths, status codes and JSON shapes as the contract in
//! `cartesia-batch-api.md` on loopback, backed by a seeded, speed-adjustable simulation
//! (see `sim`). It also injects faults on demand so the client's resilience can be tested.

mod http;
mod sim;

pub use sim::SandboxStats;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{oneshot, Notify};

/// The sandbox's own practice key (not a Cartesia secret).
pub const DEFAULT_API_KEY: &str = "sk_sandbox_demo";

/// A fresh key for one run, from the operating system's randomness: a server that anyone on
/// this computer can reach should not accept a key that is written in public code.
pub fn random_api_key() -> String {
    use rand::Rng;
    let bytes: [u8; 24] = rand::rng().random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sk_practice_{hex}")
}

/// How to run the sandbox.
#[derive(Clone)]
pub struct SandboxConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Org-wide agent-call concurrency limit.
    pub org_concurrency: u32,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// Seed for ids, outcomes, durations and faults.
    pub seed: u64,
    /// Share of requests (0..=1) answered with an injected fault.
    pub faults: f64,
    /// The key clients must present.
    pub api_key: String,
    /// How long a "hang" fault holds the request, in real seconds.
    pub hang_secs: f64,
    /// Answer only requests whose `Host` is a loopback name (127.0.0.1, localhost, [::1]): a
    /// web page elsewhere that rebinds its own name to 127.0.0.1 is refused (on by default).
    pub loopback_hosts_only: bool,
    /// What the simulated clock reads at start (it runs on at `speed`); `None`: this
    /// computer's time. Scheduled batches start when this clock reaches their `scheduled_at`.
    pub clock_start: Option<chrono::DateTime<chrono::Utc>>,
}

/// How much faster than life the app's practice line runs.
pub const PRACTICE_SPEED: f64 = 10.0;

impl SandboxConfig {
    /// The app's practice line: a new random key each run, loopback host names only, calls at
    /// `speed` (normally [`PRACTICE_SPEED`]) under the Free plan's limit of `org_concurrency`.
    pub fn practice(speed: f64, org_concurrency: u32, seed: u64) -> Self {
        SandboxConfig {
            api_key: random_api_key(),
            loopback_hosts_only: true,
            speed,
            org_concurrency,
            seed,
            ..SandboxConfig::default()
        }
    }
}

impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("port", &self.port)
            .field("org_concurrency", &self.org_concurrency)
            .field("speed", &self.speed)
            .field("seed", &self.seed)
            .field("faults", &self.faults)
            .field("api_key", &"<redacted>")
            .field("hang_secs", &self.hang_secs)
            .field("loopback_hosts_only", &self.loopback_hosts_only)
            .field("clock_start", &self.clock_start)
            .finish()
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            port: 0,
            org_concurrency: 8,
            speed: 1.0,
            seed: 1,
            faults: 0.0,
            api_key: DEFAULT_API_KEY.to_string(),
            hang_secs: 30.0,
            loopback_hosts_only: true,
            clock_start: None,
        }
    }
}

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("The practice server could not use port {port}: {source}. Close the program using it or pick another port.")]
    Bind {
        port: u16,
        #[source]
        source: std::io::Error,
    },
}

/// State shared by the HTTP handlers and the scheduler.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) sim: Mutex<sim::Sim>,
    pub(crate) wake: Notify,
    pub(crate) api_key: String,
    /// Fault rate as f64 bits, so tests can change it while running.
    pub(crate) faults: AtomicU64,
    /// The next create is made but its answer cut off (a test's deterministic "lost create").
    pub(crate) lose_next_create: std::sync::atomic::AtomicBool,
    /// The next create schedules this many recipients fewer than it was sent (the last ones):
    /// a test's "short batch", which Cartesia's answer reveals only in `total_calls_scheduled`.
    pub(crate) short_next_create: std::sync::atomic::AtomicUsize,
    pub(crate) hang_secs: f64,
    pub(crate) loopback_hosts_only: bool,
    /// The body of every create request that made a batch, in order: what the server received,
    /// for tests that compare two clients' requests.
    pub(crate) created_requests: Mutex<Vec<serde_json::Value>>,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, sim::Sim> {
        // A poisoned lock only means a handler panicked mid-update; the data is still usable.
        self.sim.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running sandbox. Dropping it without `shutdown` leaves the server running until the runtime ends.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<()>,
    scheduler: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("addr", &self.addr).finish()
    }
}

/// Binds 127.0.0.1 and starts serving on the current tokio runtime.
pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
        .await
        .map_err(|source| SandboxError::Bind {
            port: config.port,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
        port: config.port,
        source,
    })?;
    let shared = Arc::new(Shared {
        sim: Mutex::new(sim::Sim::starting_at(
            config.seed,
            config.org_concurrency,
            config.speed,
            config
                .clock_start
                .unwrap_or_else(chrono::Utc::now)
                .timestamp_millis(),
        )),
        wake: Notify::new(),
        api_key: config.api_key,
        faults: AtomicU64::new(config.faults.clamp(0.0, 1.0).to_bits()),
        lose_next_create: std::sync::atomic::AtomicBool::new(false),
        short_next_create: std::sync::atomic::AtomicUsize::new(0),
        hang_secs: config.hang_secs.max(0.0),
        loopback_hosts_only: config.loopback_hosts_only,
        created_requests: Mutex::new(Vec::new()),
    });
    let scheduler = tokio::spawn(run_scheduler(shared.clone()));
    let app = http::router(shared.clone(), config.seed);
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    Ok(Sandbox {
        addr,
        shared,
        stop: Some(tx),
        server,
        scheduler,
    })
}

/// The single dialer task: advance the simulation, then sleep until the next thing is due or
/// a request changes the plan.
async fn run_scheduler(shared: Arc<Shared>) {
    loop {
        let wait = {
            let mut sim = shared.lock();
            sim.step().map(|at| sim.real_wait(at))
        };
        let wait = wait.unwrap_or(std::time::Duration::from_secs(3600));
        if wait.is_zero() {
            tokio::task::yield_now().await;
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = shared.wake.notified() => {}
        }
    }
}

impl Sandbox {
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// Brings the simulation up to date and returns its figures.
    pub fn stats(&self) -> SandboxStats {
        let mut sim = self.shared.lock();
        sim.step();
        sim.stats.clone()
    }

    /// The body of every create request that made a batch, oldest first (a request refused or
    /// faulted is not in it): exactly what a client asked this server to call.
    pub fn created_requests(&self) -> Vec<serde_json::Value> {
        self.shared
            .created_requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Changes the share of requests answered with a fault (0 disables).
    pub fn set_faults(&self, rate: f64) {
        self.shared
            .faults
            .store(rate.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }

    /// Makes the next Create Call Batch create the batch and then cut the connection before
    /// the answer, as a network failure at the worst moment would.
    pub fn lose_next_create(&self) {
        self.shared.lose_next_create.store(true, Ordering::Relaxed);
    }

    /// Makes the next Create Call Batch schedule `missing` fewer recipients than it was sent
    /// (the last ones are left out) and answer with what it scheduled: a batch shorter than
    /// the request, which a client notices only by comparing `total_calls_scheduled`.
    pub fn short_next_create(&self, missing: usize) {
        self.shared
            .short_next_create
            .store(missing, Ordering::Relaxed);
    }

    /// Moves the server's clock (its `Date` header and every time it stamps) by `by`: a server
    /// whose clock is behind or ahead of this computer's.
    pub fn shift_clock(&self, by: chrono::Duration) {
        self.shared.lock().shift_clock(by.num_milliseconds());
        self.shared.wake.notify_one();
    }

    /// The server's time now (the simulated clock).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let ms = self.shared.lock().now_ms();
        chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    /// Sets the server's clock to `at`; it runs on from there at the same speed, and a batch
    /// whose `scheduled_at` it reaches starts.
    pub fn set_clock(&self, at: chrono::DateTime<chrono::Utc>) {
        self.shared.lock().set_now(at.timestamp_millis());
        self.shared.wake.notify_one();
    }

    /// Changes how many simulated seconds pass per real second, from now on (ignored unless > 0).
    pub fn set_speed(&self, speed: f64) {
        self.shared.lock().set_speed(speed);
        self.shared.wake.notify_one();
    }

    /// Stops serving and the dialer.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.scheduler.abort();
        // Hanging requests would hold graceful shutdown; don't wait on them forever.
        let server = &mut self.server;
        if tokio::time::timeout(std::time::Duration::from_secs(2), &mut *server)
            .await
            .is_err()
        {
            server.abort();
        }
    }
}
