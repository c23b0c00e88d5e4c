//! One request and its answer, and the re-sending around it: the only place that touches HTTP.
//!
//! Every endpoint goes through here, so the rules that keep a flaky network safe live in one
//! spot: which failures may be re-sent (see [`Resend`]), how long to wait (`Retry-After`
//! honoured), that a redirect is refused rather than followed, and that the key is scrubbed
//! from any text a server or library hands back before it reaches an error message.

use super::Client;
use crate::error::{ApiError, Error, Result, Target};
use crate::types::ErrorBody;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant};

/// The most any answer may hold before Batchline stops reading it (64 MiB). Cartesia's largest
/// documented answers (a 5,000-recipient batch, a page of calls with transcripts) are a few MiB;
/// the cap is what keeps a misbehaving server from filling this computer's memory.
pub(super) const ANSWER_LIMIT: u64 = 64 * 1024 * 1024;

/// Which failures a request may be re-sent after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Resend {
    /// Idempotent: busy, server trouble, network, time limit.
    Transient,
    /// Not idempotent: only when Cartesia certainly did nothing.
    OnlyIfUnprocessed,
}

impl Client {
    pub(super) async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        resend: Resend,
        target: &Target,
    ) -> Result<T> {
        let bytes = self
            .with_retries(method, path, query, None, resend, ANSWER_LIMIT, target)
            .await?;
        decode(&bytes, target, 200)
    }

    /// Sends, re-sending as `resend` allows. A success whose body can't be decoded is not
    /// re-sent here: the caller decides (it may mean the answer was cut short).
    #[allow(clippy::too_many_arguments)] // one request's parts, each read once
    pub(super) async fn with_retries(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        resend: Resend,
        limit: u64,
        target: &Target,
    ) -> Result<Vec<u8>> {
        let policy = &self.config.retry;
        let started = Instant::now();
        let mut attempt = 1u32;
        loop {
            let error = match self
                .attempt(method.clone(), path, query, body.clone(), limit, target)
                .await
            {
                Ok(bytes) => return Ok(bytes),
                Err(e) => e,
            };
            let may_resend = match resend {
                Resend::Transient => error.is_transient(),
                Resend::OnlyIfUnprocessed => {
                    error.status() == Some(429)
                        || (!error.may_have_been_processed() && error.is_transient())
                }
            };
            if !may_resend || attempt >= policy.max_attempts.max(1) {
                return Err(error);
            }
            let Some(wait) = policy.wait_before(attempt, &error) else {
                return Err(error);
            };
            if started.elapsed() + wait > policy.max_total {
                return Err(error);
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One request and its whole answer, refused past `limit` bytes.
    pub(super) async fn attempt(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        limit: u64,
        target: &Target,
    ) -> Result<Vec<u8>> {
        let url = format!("{}{}", self.base, path);
        let mut rb = self.http.request(method, url);
        if !query.is_empty() {
            rb = rb.query(query);
        }
        if let Some(b) = body {
            rb = rb
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b);
        }
        let resp = rb.send().await.map_err(|e| self.transport(e, target))?;
        let status = resp.status();
        self.server_clock.observe(resp.headers());
        let retry_after = retry_after(resp.headers());
        if status.is_redirection() {
            return Err(Error::Redirected {
                target: target.clone(),
                status: status.as_u16(),
            });
        }
        let bytes = self.read_within(resp, limit, target).await?;
        if status.is_success() {
            return Ok(bytes);
        }
        Err(self.api_error(status, &bytes, target, retry_after))
    }

    /// The answer's body, read piece by piece and given up as soon as it passes `limit` (a
    /// declared length past it is refused before reading anything).
    async fn read_within(
        &self,
        mut resp: reqwest::Response,
        limit: u64,
        target: &Target,
    ) -> Result<Vec<u8>> {
        let too_large = || Error::TooLarge {
            target: target.clone(),
            limit,
        };
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.transport(e, target))? {
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    fn transport(&self, e: reqwest::Error, target: &Target) -> Error {
        if e.is_timeout() {
            Error::Timeout {
                target: target.clone(),
            }
        } else {
            Error::Network {
                target: target.clone(),
                connected: !e.is_connect(),
                detail: self.scrub(&describe(e)),
            }
        }
    }

    fn api_error(
        &self,
        status: StatusCode,
        bytes: &[u8],
        target: &Target,
        retry_after: Option<Duration>,
    ) -> Error {
        let body: ErrorBody = serde_json::from_slice(bytes).unwrap_or_else(|_| ErrorBody {
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            message: String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned(),
            ..ErrorBody::default()
        });
        Error::Api(Box::new(ApiError {
            status: status.as_u16(),
            error_code: body.error_code,
            title: self.scrub(&body.title),
            message: self.scrub(&body.message),
            request_id: body.request_id,
            target: target.clone(),
            recipient: None,
            too_many: None,
            retry_after,
        }))
    }

    /// Removes the key from text a server or library produced, in case it was echoed back.
    fn scrub(&self, text: &str) -> String {
        let key = self.key.expose();
        if key.len() >= 4 && text.contains(key) {
            text.replace(key, &self.key.to_string())
        } else {
            text.to_string()
        }
    }
}

pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8], target: &Target, status: u16) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| Error::UnexpectedResponse {
        target: target.clone(),
        status,
        detail: e.to_string(),
    })
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let ms = (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_milliseconds();
    Some(Duration::from_millis(ms.max(0) as u64))
}

/// A transport error in words, without the request URL (ids are fine, but keep it short).
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }
}
