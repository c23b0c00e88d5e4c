//! The HTTP client: one method per endpoint of the contract, with the retry rules that make each
//! one safe.
//!
//! Reads and Cancel are idempotent, so they are retried on "busy" and server or network trouble
//! (exponential backoff with jitter, honouring `Retry-After`, bounded in attempts and total time).
//! Retry Call Batch is not idempotent (a second one re-queues the failed calls again), so it is
//! re-sent only when Cartesia certainly did not act on it (429, or no connection at all). Create
//! is sent exactly once per call of [`Client::create_batch`]; see `reconcile` for the safe loop.

use crate::error::{ApiError, Error, RecipientRef, Result, Target};
use crate::key::ApiKey;
use crate::types::{
    AgentList, AgentSummary, Call, CallBatch, CreateBatchRequest, ErrorBody, Page, PageParams,
    PhoneNumber,
};
use crate::API_VERSION;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Cartesia's production address.
pub const DEFAULT_BASE_URL: &str = "https://api.cartesia.ai";

/// Most items a list endpoint returns per page.
pub const MAX_PAGE_LIMIT: u32 = 100;

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

/// Which failures a request may be re-sent after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resend {
    /// Idempotent: busy, server trouble, network, time limit.
    Transient,
    /// Not idempotent: only when Cartesia certainly did nothing.
    OnlyIfUnprocessed,
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

    // ---- batches ----

    /// Create Call Batch, sent once. Use [`Client::create_batch_exactly_once`] unless you do
    /// the reconciling yourself: a lost answer here does not mean no batch was made.
    pub async fn create_batch(&self, req: &CreateBatchRequest) -> Result<CallBatch> {
        let target = Target::CreateBatch {
            name: req.name.clone(),
            agent_id: req.agent_id.clone(),
            from_number_id: req.from_number_id.clone(),
            recipients: req.recipients.len(),
        };
        let body = serde_json::to_vec(req).map_err(|e| Error::Setup {
            detail: e.to_string(),
        })?;
        let result = self
            .attempt(
                Method::POST,
                "/agents/calls/batches",
                &[],
                Some(body),
                &target,
            )
            .await;
        match result {
            Ok(bytes) => decode(&bytes, &target, 201),
            Err(e) => Err(describe_create_rejection(e, req)),
        }
    }

    /// Get Call Batch: the batch with every recipient.
    pub async fn get_batch(&self, batch_id: &str) -> Result<CallBatch> {
        let target = Target::Batch(batch_id.to_string());
        let path = format!("/agents/calls/batches/{}", segment(batch_id));
        self.json(Method::GET, &path, &[], Resend::Transient, &target)
            .await
    }

    /// One page of List Call Batches, newest first, optionally for one agent.
    pub async fn list_batches(
        &self,
        agent_id: Option<&str>,
        page: &PageParams,
    ) -> Result<Page<CallBatch>> {
        let mut query = page_query(page);
        if let Some(a) = agent_id {
            query.push(("agent_id", a.to_string()));
        }
        self.json(
            Method::GET,
            "/agents/calls/batches",
            &query,
            Resend::Transient,
            &Target::ListBatches,
        )
        .await
    }

    /// Every batch (optionally of one agent), newest first, following the cursors.
    pub async fn list_all_batches(&self, agent_id: Option<&str>) -> Result<Vec<CallBatch>> {
        all_pages(
            Target::ListBatches,
            |cursor| {
                let page = full_page(cursor);
                async move { self.list_batches(agent_id, &page).await }
            },
            |b: &CallBatch| b.id.clone(),
        )
        .await
    }

    /// Retry Call Batch: re-queues the recipients whose latest attempt failed. Not re-sent
    /// after an ambiguous failure (a second retry would queue them again); check the batch's
    /// `retry_count` before trying again.
    pub async fn retry_batch(&self, batch_id: &str) -> Result<CallBatch> {
        let target = Target::RetryBatch(batch_id.to_string());
        let path = format!("/agents/calls/batches/{}/retry", segment(batch_id));
        self.json(Method::POST, &path, &[], Resend::OnlyIfUnprocessed, &target)
            .await
    }

    /// Cancel Call Batch (idempotent, so retried like a read).
    pub async fn cancel_batch(&self, batch_id: &str) -> Result<CallBatch> {
        let target = Target::CancelBatch(batch_id.to_string());
        let path = format!("/agents/calls/batches/{}/cancel", segment(batch_id));
        self.json(Method::POST, &path, &[], Resend::Transient, &target)
            .await
    }

    // ---- calls ----

    /// Get Call, with its transcript when Cartesia kept one.
    pub async fn get_call(&self, call_id: &str) -> Result<Call> {
        let target = Target::Call(call_id.to_string());
        let path = format!("/agents/calls/{}", segment(call_id));
        self.json(Method::GET, &path, &[], Resend::Transient, &target)
            .await
    }

    /// The call's recording (WAV bytes).
    pub async fn call_audio(&self, call_id: &str) -> Result<Vec<u8>> {
        let target = Target::CallAudio(call_id.to_string());
        let path = format!("/agents/calls/{}/audio", segment(call_id));
        let bytes = self
            .with_retries(Method::GET, &path, &[], None, Resend::Transient, &target)
            .await?;
        Ok(bytes)
    }

    /// One page of the calls of a batch (one entry per dial attempt).
    pub async fn list_calls(
        &self,
        batch_id: &str,
        expand_transcript: bool,
        page: &PageParams,
    ) -> Result<Page<Call>> {
        let mut query = page_query(page);
        query.push(("batch_id", batch_id.to_string()));
        if expand_transcript {
            query.push(("expand", "transcript".to_string()));
        }
        self.json(
            Method::GET,
            "/agents/calls",
            &query,
            Resend::Transient,
            &Target::ListCalls(batch_id.to_string()),
        )
        .await
    }

    /// Every call of a batch, following the cursors.
    pub async fn list_all_calls(
        &self,
        batch_id: &str,
        expand_transcript: bool,
    ) -> Result<Vec<Call>> {
        all_pages(
            Target::ListCalls(batch_id.to_string()),
            |cursor| {
                let page = full_page(cursor);
                async move { self.list_calls(batch_id, expand_transcript, &page).await }
            },
            |c: &Call| c.id.clone(),
        )
        .await
    }

    // ---- agents and numbers ----

    /// List Agents (not paged).
    pub async fn list_agents(&self) -> Result<Vec<AgentSummary>> {
        let list: AgentList = self
            .json(
                Method::GET,
                "/agents",
                &[],
                Resend::Transient,
                &Target::Agents,
            )
            .await?;
        Ok(list.summaries)
    }

    /// One page of the org's phone numbers, optionally searched (`q`) or for one agent.
    pub async fn list_phone_numbers(
        &self,
        page: &PageParams,
        search: Option<&str>,
        agent_id: Option<&str>,
    ) -> Result<Page<PhoneNumber>> {
        let mut query = page_query(page);
        if let Some(q) = search {
            query.push(("q", q.to_string()));
        }
        if let Some(a) = agent_id {
            query.push(("agent_id", a.to_string()));
        }
        self.json(
            Method::GET,
            "/agents/phone-numbers",
            &query,
            Resend::Transient,
            &Target::PhoneNumbers,
        )
        .await
    }

    /// Every phone number of the org.
    pub async fn list_all_phone_numbers(&self) -> Result<Vec<PhoneNumber>> {
        all_pages(
            Target::PhoneNumbers,
            |cursor| {
                let page = full_page(cursor);
                async move { self.list_phone_numbers(&page, None, None).await }
            },
            |n: &PhoneNumber| n.id.clone(),
        )
        .await
    }

    // ---- plumbing ----

    async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        resend: Resend,
        target: &Target,
    ) -> Result<T> {
        let bytes = self
            .with_retries(method, path, query, None, resend, target)
            .await?;
        decode(&bytes, target, 200)
    }

    /// Sends, re-sending as `resend` allows. A success whose body can't be decoded is not
    /// re-sent here: the caller decides (it may mean the answer was cut short).
    async fn with_retries(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        resend: Resend,
        target: &Target,
    ) -> Result<Vec<u8>> {
        let policy = &self.config.retry;
        let started = Instant::now();
        let mut attempt = 1u32;
        loop {
            let error = match self
                .attempt(method.clone(), path, query, body.clone(), target)
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

    /// One request and its whole answer.
    async fn attempt(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
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
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| self.transport(e, target))?
            .to_vec();
        if status.is_success() {
            return Ok(bytes);
        }
        Err(self.api_error(status, &bytes, target, retry_after))
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

/// Follows cursors until `has_more` is false. A cursor seen twice means the server is looping;
/// that is reported rather than followed forever.
pub(crate) async fn all_pages<T, F, Fut>(
    target: Target,
    mut fetch: F,
    id_of: impl Fn(&T) -> String,
) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    loop {
        let page = fetch(cursor.take()).await?;
        let next = page
            .next_page
            .clone()
            .filter(|c| !c.is_empty())
            .or_else(|| page.data.last().map(&id_of));
        let has_more = page.has_more;
        out.extend(page.data);
        if !has_more {
            return Ok(out);
        }
        match next {
            Some(c) if seen.insert(c.clone()) => cursor = Some(c),
            _ => {
                return Err(Error::UnexpectedResponse {
                    target,
                    status: 200,
                    detail: "a list kept saying there was more, but gave no new place to continue"
                        .into(),
                })
            }
        }
    }
}

fn full_page(cursor: Option<String>) -> PageParams {
    PageParams {
        limit: Some(MAX_PAGE_LIMIT),
        starting_after: cursor,
        ending_before: None,
    }
}

fn page_query(page: &PageParams) -> Vec<(&'static str, String)> {
    let mut q = Vec::new();
    if let Some(l) = page.limit {
        q.push(("limit", l.clamp(1, MAX_PAGE_LIMIT).to_string()));
    }
    if let Some(c) = &page.starting_after {
        q.push(("starting_after", c.clone()));
    }
    if let Some(c) = &page.ending_before {
        q.push(("ending_before", c.clone()));
    }
    q
}

fn decode<T: DeserializeOwned>(bytes: &[u8], target: &Target, status: u16) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| Error::UnexpectedResponse {
        target: target.clone(),
        status,
        detail: e.to_string(),
    })
}

/// Ids are opaque: anything outside the URL-safe set is percent-encoded so an id can never
/// change the path it is put into.
fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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

/// Whole numbers in a text, reading "5,000" as 5000.
fn numbers_in(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut current: Option<usize> = None;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = c.to_digit(10) {
            current = Some(
                current
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(d as usize),
            );
        } else if c == ','
            && current.is_some()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
        {
            continue;
        } else if let Some(n) = current.take() {
            out.push(n);
        }
    }
    out.extend(current);
    out
}

/// Adds to a create's 400 which recipient it was about, or the size limit it named.
fn describe_create_rejection(e: Error, req: &CreateBatchRequest) -> Error {
    let Error::Api(mut api) = e else {
        return e;
    };
    if matches!(api.status, 400 | 413 | 422) {
        if let Some(pos) = api.message.find("recipients[") {
            let rest = &api.message[pos + "recipients[".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(index) = digits.parse::<usize>() {
                api.recipient = Some(RecipientRef {
                    index,
                    to_number: req.recipients.get(index).map(|r| r.to_number.clone()),
                });
            }
        } else if api.message.to_ascii_lowercase().contains("recipients") {
            let sent = req.recipients.len();
            api.too_many = numbers_in(&api.message)
                .into_iter()
                .filter(|&n| n >= 100 && n < sent)
                .max()
                .map(|limit| (limit, sent));
        }
    }
    Error::Api(api)
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

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert_eq!(segment("acb_1"), "acb_1");
        assert_eq!(segment("../agents?x=1"), "..%2Fagents%3Fx%3D1");
    }

    #[test]
    fn numbers_in_reads_thousands_separators() {
        assert_eq!(
            numbers_in("between 1 and 5,000 items (got 5001)"),
            vec![1, 5000, 5001]
        );
        assert_eq!(
            numbers_in("at most 1000 recipients, 3 , 4"),
            vec![1000, 3, 4]
        );
    }

    #[test]
    fn a_create_rejection_names_the_recipient_or_the_limit() {
        let req = CreateBatchRequest::new(
            "N",
            "a",
            "p",
            (0..1200)
                .map(|i| crate::NewRecipient {
                    to_number: format!("+1415555{i:04}"),
                    metadata: None,
                })
                .collect(),
        );
        let api = |message: &str| {
            Error::Api(Box::new(ApiError {
                status: 400,
                error_code: None,
                title: "Invalid request".into(),
                message: message.into(),
                request_id: None,
                target: Target::ListBatches,
                recipient: None,
                too_many: None,
                retry_after: None,
            }))
        };
        let e = describe_create_rejection(api("recipients[7].to_number is bad"), &req);
        assert!(
            e.to_string().starts_with("Recipient 8 (+14155550007)"),
            "{e}"
        );
        let e = describe_create_rejection(
            api("recipients must contain between 1 and 1,000 items."),
            &req,
        );
        assert!(e.to_string().contains("at most 1000 recipients"), "{e}");
        assert!(e.to_string().contains("1200"), "{e}");
    }
}
