//! `batchline sandbox`: serve the practice Cartesia-compatible API on loopback until Ctrl-C.
use crate::out::{self, Failure};
use cartesia::chrono;
use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct SandboxArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Calls the practice organization may have in progress at once.
    #[arg(long, default_value_t = 8)]
    pub org_concurrency: u32,
    /// Simulated seconds per real second (10 makes a 2-minute call last 12 seconds); the
    /// practice clock, the dialer's pacing and every call follow it.
    #[arg(long, visible_alias = "clock-speed", default_value_t = 1.0)]
    pub speed: f64,
    /// What the practice clock reads at start, e.g. 2026-03-09T08:55:00-05:00 (default: now).
    /// Scheduled batches start when this clock reaches their start time.
    #[arg(long, value_name = "RFC3339", value_parser = parse_clock)]
    pub clock: Option<chrono::DateTime<chrono::Utc>>,
    /// Seed for ids, call outcomes and durations; the same seed replays the same run.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Share of requests (0 to 1) answered with a simulated failure, for reliability testing.
    #[arg(long, default_value_t = 0.0)]
    pub faults: f64,
    /// The practice key clients must send (the sandbox's own, not a Cartesia key).
    #[arg(long, default_value = sandbox::DEFAULT_API_KEY)]
    pub api_key: String,
    /// How long a simulated hang lasts, in seconds.
    #[arg(long, default_value_t = 30.0)]
    pub hang_secs: f64,
}

pub(crate) fn run(args: SandboxArgs) -> Result<(), Failure> {
    if !(args.speed.is_finite() && args.speed > 0.0) {
        return Err("--speed (--clock-speed) must be a number above 0.".into());
    }
    if !(0.0..=1.0).contains(&args.faults) {
        return Err("--faults must be between 0 and 1.".into());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("Could not start the practice server: {e}"))?;
    runtime.block_on(async move {
        let config = sandbox::SandboxConfig {
            port: args.port,
            org_concurrency: args.org_concurrency.max(1),
            speed: args.speed,
            seed: args.seed,
            faults: args.faults,
            api_key: args.api_key,
            hang_secs: args.hang_secs,
            // It listens on loopback only; names pointed at 127.0.0.1 from elsewhere are refused.
            loopback_hosts_only: true,
            clock_start: args.clock,
        };
        let sb = sandbox::start(config).await.map_err(|e| e.to_string())?;
        out::line(&format!(
            "Sandbox listening on {} with key {}",
            sb.base_url(),
            sb.api_key()
        ))?;
        out::line(&format!(
            "Practice clock: {}, {} simulated second(s) per real second",
            sb.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            args.speed
        ))?;
        let _ = tokio::signal::ctrl_c().await;
        sb.shutdown().await;
        Ok(())
    })
}

/// `--clock`: an RFC 3339 time with its offset, said in words when it isn't one.
fn parse_clock(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| {
            format!(
                "'{s}' is not a time Batchline can read. Write it like 2026-03-09T08:55:00-05:00 \
                 (date, time and offset from UTC)."
            )
        })
}
