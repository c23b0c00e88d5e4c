//! Where the client talks to and how hard it tries: the address (checked so the key never goes
//! out in the clear), the per-request time limit and the retry policy.
//!
//! Kept apart from the sending itself so the settings a caller fills in, and the rules for
//! what counts as a usable address, can be read (and tested) without any HTTP machinery.

use crate::error::{Error, Result};
use crate::key::ApiKey;
use reqwest::Url;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Cartesia's production address.
pub const DEFAULT_BASE_URL: &str = "https://api.cartesia.ai";

/// How hard to try again after a transient failure.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Wait before the first retry; doubled each time, with jitter.
    pub base_delay: Duration,
    /// Longest single wait (a longer `Retry-After` ends the retries instead).
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(10),
            max_total: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1-based): `base · 2^(retry-1)`, capped, then
    /// "equal jitter" (half fixed, half random) so many clients don't retry in step.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        let capped = exp.min(self.max_delay);
        let half = capped / 2;
        half + half.mul_f64(jitter_unit())
    }

    /// The wait before retry number `retry` after `error`: the backoff, or longer if Cartesia
    /// asked for it with `Retry-After`. `None` when Cartesia asked for more than `max_delay`
    /// (better to report "busy" than to hang on).
    pub fn wait_before(&self, retry: u32, error: &Error) -> Option<Duration> {
        let backoff = self.backoff(retry);
        match error.retry_after() {
            Some(after) if after > self.max_delay => None,
            Some(after) => Some(backoff.max(after)),
            None => Some(backoff),
        }
    }
}

/// Where and how to reach Cartesia.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `https://api.cartesia.ai`, or `http://127.0.0.1:PORT` for the sandbox.
    pub base_url: String,
    pub api_key: ApiKey,
    /// Limit for each single request (connecting, sending and reading the answer).
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Attempts [`Client::create_batch_exactly_once`] may make when Cartesia confirms that an
    /// earlier one did not create the batch.
    ///
    /// [`Client::create_batch_exactly_once`]: super::Client::create_batch_exactly_once
    pub create_attempts: u32,
}

impl ClientConfig {
    /// Defaults: 30 s per request, [`RetryPolicy::default`], 4 create attempts.
    pub fn new(base_url: impl Into<String>, api_key: ApiKey) -> ClientConfig {
        ClientConfig {
            base_url: base_url.into(),
            api_key,
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            create_attempts: 4,
        }
    }
}

/// Checks the address: a URL, `http` or `https`, and `https` unless it is this computer.
pub fn validate_base_url(url: &str) -> Result<Url> {
    let trimmed = url.trim().trim_end_matches('/');
    let parsed = Url::parse(trimmed).map_err(|_| Error::InvalidBaseUrl {
        url: trimmed.to_string(),
    })?;
    let Some(host) = parsed.host_str() else {
        return Err(Error::InvalidBaseUrl {
            url: trimmed.to_string(),
        });
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if loopback => Ok(parsed),
        "http" => Err(Error::InsecureBaseUrl {
            url: trimmed.to_string(),
        }),
        _ => Err(Error::InvalidBaseUrl {
            url: trimmed.to_string(),
        }),
    }
}

/// Uniform in [0, 1), from a process-wide SplitMix64 stream (jitter needs spread, not secrecy).
fn jitter_unit() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x2545_F491_4F6C_DD1D);
    let _ = STATE.compare_exchange(0, seed | 1, Ordering::Relaxed, Ordering::Relaxed);
    let mut z = STATE
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_for_this_computer() {
        for ok in [
            "https://api.cartesia.ai",
            "https://api.cartesia.ai/",
            "http://127.0.0.1:8787",
            "http://localhost:1",
            "http://[::1]:9",
        ] {
            assert!(validate_base_url(ok).is_ok(), "{ok}");
        }
        for insecure in [
            "http://api.cartesia.ai",
            "http://10.0.0.2:80",
            "http://127.example.com",
        ] {
            assert!(
                matches!(
                    validate_base_url(insecure),
                    Err(Error::InsecureBaseUrl { .. })
                ),
                "{insecure}"
            );
        }
        for bad in ["api.cartesia.ai", "ftp://x", "", "https://"] {
            assert!(
                matches!(validate_base_url(bad), Err(Error::InvalidBaseUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            max_total: Duration::from_secs(10),
        };
        for _ in 0..50 {
            let d1 = p.backoff(1);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d3 = p.backoff(3);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            let d9 = p.backoff(40);
            assert!(d9 >= Duration::from_millis(500) && d9 <= Duration::from_secs(1));
        }
        let spread: std::collections::HashSet<_> = (0..20).map(|_| p.backoff(5)).collect();
        assert!(spread.len() > 1, "jitter should spread the waits");
    }
}
