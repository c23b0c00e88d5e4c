//! Creating a batch exactly once over an unreliable network.
//!
//! A create whose answer is lost (time limit, connection cut after sending, a 5xx from a proxy)
//! may or may not have made the batch. Sending it again could phone thousands of people twice;
//! giving up could lose the campaign. So after such a failure the client looks: it lists the
//! newest batches and matches name, agent, from number and recipient count, created since the
//! first attempt began (minus some clock skew), leaving out batches already known to belong to
//! something else. A match means it was created. Only a confirmed absence (the listing reached
//! batches older than the attempt) allows another attempt. If the listing itself fails, nothing
//! is re-sent and the caller gets [`Error::CreateUnconfirmed`].

use crate::client::{Client, MAX_PAGE_LIMIT};
use crate::error::{Error, Result};
use crate::types::{CallBatch, CreateBatchRequest, PageParams};
use chrono::{DateTime, Duration as Span, Utc};
use std::collections::HashSet;

/// How far apart this computer's clock and Cartesia's may be.
pub const CLOCK_SKEW: Span = Span::minutes(5);

/// Pages of newest batches looked at before giving up on confirming.
pub const RECONCILE_PAGES: usize = 5;

/// What identifies a create among the account's batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchFingerprint {
    pub name: String,
    pub agent_id: String,
    pub from_number_id: String,
    pub recipients: u32,
}

impl BatchFingerprint {
    pub fn of(req: &CreateBatchRequest) -> BatchFingerprint {
        BatchFingerprint {
            name: req.name.clone(),
            agent_id: req.agent_id.clone(),
            from_number_id: req.from_number_id.clone(),
            recipients: u32::try_from(req.recipients.len()).unwrap_or(u32::MAX),
        }
    }

    /// Whether `b` could be the batch this create made, if made at or after `since`.
    pub fn matches(&self, b: &CallBatch, since: DateTime<Utc>) -> bool {
        b.name == self.name
            && b.agent_id == self.agent_id
            && b.from_number_id == self.from_number_id
            && b.total_calls_scheduled == self.recipients
            // A batch with no creation time can't be placed in time: treat it as a candidate
            // only if everything else matches, since missing it would mean a duplicate.
            && b.created_at.is_none_or(|t| t >= since - CLOCK_SKEW)
    }
}

/// How a create ended.
#[derive(Debug, Clone, PartialEq)]
pub enum CreateOutcome {
    /// Cartesia answered the create.
    Created(CallBatch),
    /// The answer was lost, and the batch was found in the account afterwards.
    Reconciled(CallBatch),
}

impl CreateOutcome {
    pub fn batch(&self) -> &CallBatch {
        match self {
            CreateOutcome::Created(b) | CreateOutcome::Reconciled(b) => b,
        }
    }

    pub fn into_batch(self) -> CallBatch {
        match self {
            CreateOutcome::Created(b) | CreateOutcome::Reconciled(b) => b,
        }
    }
}

impl Client {
    /// Creates the batch at most once, and says so only when sure. See the module docs.
    pub async fn create_batch_exactly_once(
        &self,
        req: &CreateBatchRequest,
    ) -> Result<CreateOutcome> {
        self.create_batch_exactly_once_excluding(req, &HashSet::new())
            .await
    }

    /// As [`Client::create_batch_exactly_once`], never taking a batch in `known` for this one
    /// (pass the ids of batches already attributed to other creates, e.g. earlier parts of the
    /// same campaign with the same name and size).
    pub async fn create_batch_exactly_once_excluding(
        &self,
        req: &CreateBatchRequest,
        known: &HashSet<String>,
    ) -> Result<CreateOutcome> {
        let fingerprint = BatchFingerprint::of(req);
        let since = Utc::now();
        let max_attempts = self.config.create_attempts.max(1);
        let policy = &self.config.retry;
        let mut attempt = 1u32;
        loop {
            let error = match self.create_batch(req).await {
                Ok(b) => return Ok(CreateOutcome::Created(b)),
                Err(e) => e,
            };
            if error.may_have_been_processed() {
                match self.find_created_batch(&fingerprint, since, known).await {
                    Ok(Some(b)) => return Ok(CreateOutcome::Reconciled(b)),
                    // Confirmed absent: another attempt cannot make a second batch.
                    Ok(None) => {}
                    Err(cause) => {
                        return Err(Error::CreateUnconfirmed {
                            name: req.name.clone(),
                            cause: Box::new(cause),
                        })
                    }
                }
            } else if !error.is_transient() {
                // A clear refusal (400, 401, 402, 404…): no batch, and sending again won't help.
                return Err(error);
            }
            if attempt >= max_attempts {
                return Err(error);
            }
            // Busy, not sent, or confirmed absent: wait as the read retries do.
            let Some(wait) = policy.wait_before(attempt, &error) else {
                return Err(error);
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// Looks for a batch a create may have made since `since`: newest first, at most
    /// [`RECONCILE_PAGES`] pages of the agent's batches. `Ok(None)` only when the listing went
    /// back past `since` (or to the very first batch) without a match; when it could not go that
    /// far the absence is not confirmed and this is an error. With several matches, the oldest
    /// is taken (the others would be duplicates made since). Used after a crash, too.
    pub async fn find_created_batch(
        &self,
        fingerprint: &BatchFingerprint,
        since: DateTime<Utc>,
        exclude: &HashSet<String>,
    ) -> Result<Option<CallBatch>> {
        let horizon = since - CLOCK_SKEW;
        let mut cursor: Option<String> = None;
        let mut found: Option<CallBatch> = None;
        for _ in 0..RECONCILE_PAGES {
            let page = self
                .list_batches(
                    Some(&fingerprint.agent_id),
                    &PageParams {
                        limit: Some(MAX_PAGE_LIMIT),
                        starting_after: cursor.take(),
                        ending_before: None,
                    },
                )
                .await?;
            let mut reached_horizon = false;
            for b in &page.data {
                if b.created_at.is_some_and(|t| t < horizon) {
                    reached_horizon = true;
                    continue;
                }
                if !exclude.contains(&b.id) && fingerprint.matches(b, since) {
                    // Newest first: a later match in the listing is an older batch.
                    found = Some(b.clone());
                }
            }
            if reached_horizon || !page.has_more {
                return Ok(found);
            }
            cursor = page
                .next_page
                .clone()
                .filter(|c| !c.is_empty())
                .or_else(|| page.data.last().map(|b| b.id.clone()));
            if cursor.is_none() {
                break;
            }
        }
        match found {
            Some(b) => Ok(Some(b)),
            None => Err(Error::UnexpectedResponse {
                target: crate::error::Target::ListBatches,
                status: 200,
                detail: format!(
                    "more than {} batches were made since the attempt began",
                    RECONCILE_PAGES * MAX_PAGE_LIMIT as usize
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(name: &str, created: &str) -> CallBatch {
        serde_json::from_value(serde_json::json!({
            "id": "acb_1", "name": name, "agent_id": "agent_1", "from_number_id": "ap_1",
            "status": "pending", "total_calls_scheduled": 2, "created_at": created,
        }))
        .unwrap()
    }

    #[test]
    fn fingerprint_matches_same_intent_within_skew_only() {
        let fp = BatchFingerprint {
            name: "March".into(),
            agent_id: "agent_1".into(),
            from_number_id: "ap_1".into(),
            recipients: 2,
        };
        let since = DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(fp.matches(&batch("March", "2026-03-01T12:00:01Z"), since));
        assert!(
            fp.matches(&batch("March", "2026-03-01T11:57:00Z"), since),
            "skew"
        );
        assert!(
            !fp.matches(&batch("March", "2026-03-01T11:50:00Z"), since),
            "too old"
        );
        assert!(!fp.matches(&batch("April", "2026-03-01T12:00:01Z"), since));
        let mut other_size = batch("March", "2026-03-01T12:00:01Z");
        other_size.total_calls_scheduled = 3;
        assert!(!fp.matches(&other_size, since));
    }
}
