//! One method per endpoint of the contract: batches, calls, agents and phone numbers.
//!
//! Each method only says what it asks for and how safe it is to ask again (its [`Resend`]);
//! the sending lives in `transport`. The create's extra care — naming the recipient or the
//! size limit a refusal was about — lives here because only the create has a request to
//! point into.

use super::pages::{all_pages, full_page, page_query};
use super::transport::{decode, Resend, ANSWER_LIMIT};
use super::Client;
use crate::error::{Error, RecipientRef, Result, Target};
use crate::types::{
    AgentList, AgentSummary, Call, CallBatch, CreateBatchRequest, Page, PageParams, PhoneNumber,
};
use reqwest::Method;

/// The largest recording Batchline downloads (50 MiB: over two hours of the 8 kHz mono WAV a
/// phone call is, and far past the longest call a campaign allows).
pub const MAX_AUDIO_BYTES: u64 = 50 * 1024 * 1024;

impl Client {
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
                ANSWER_LIMIT,
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

    /// The call's recording (WAV bytes), at most [`MAX_AUDIO_BYTES`].
    pub async fn call_audio(&self, call_id: &str) -> Result<Vec<u8>> {
        self.call_audio_within(call_id, MAX_AUDIO_BYTES).await
    }

    /// The call's recording, refused ([`Error::TooLarge`]) once it passes `limit` bytes: the
    /// reading stops there, so no server can make Batchline hold more.
    pub async fn call_audio_within(&self, call_id: &str, limit: u64) -> Result<Vec<u8>> {
        let target = Target::CallAudio(call_id.to_string());
        let path = format!("/agents/calls/{}/audio", segment(call_id));
        self.with_retries(
            Method::GET,
            &path,
            &[],
            None,
            Resend::Transient,
            limit,
            &target,
        )
        .await
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

    /// One page of an agent's calls, newest first.
    pub async fn list_agent_calls(&self, agent_id: &str, page: &PageParams) -> Result<Page<Call>> {
        let mut query = page_query(page);
        query.push(("agent_id", agent_id.to_string()));
        self.json(
            Method::GET,
            "/agents/calls",
            &query,
            Resend::Transient,
            &Target::Agents,
        )
        .await
    }

    /// An agent's newest calls, at most about `at_most` (whole pages of 100 are read).
    pub async fn recent_agent_calls(&self, agent_id: &str, at_most: usize) -> Result<Vec<Call>> {
        let mut out: Vec<Call> = Vec::new();
        let mut cursor: Option<String> = None;
        while out.len() < at_most {
            let page = self
                .list_agent_calls(agent_id, &full_page(cursor.take()))
                .await?;
            let next = page
                .next_page
                .clone()
                .filter(|c| !c.is_empty())
                .or_else(|| page.data.last().map(|c| c.id.clone()));
            let more = page.has_more && !page.data.is_empty();
            out.extend(page.data);
            match next {
                Some(c) if more => cursor = Some(c),
                _ => break,
            }
        }
        out.truncate(at_most);
        Ok(out)
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
    use crate::error::ApiError;

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
