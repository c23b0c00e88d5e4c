//! Creating a batch exactly once over an unreliable network.
//!
//! A create whose answer is lost (time limit, connection cut after sending, a 5xx from a proxy)
//! may or may not have made the batch. Sending it again could phone thousands of people twice;
//! giving up could lose the campaign. So after such a failure the client looks: it lists the
//! newest batches and matches name, agent and from number, made after the attempt's
//! [`Horizon`], leaving out batches already known to belong to something else. A match means it
//! was created. The recipient count only rules out a batch with *more* recipients than were
//! sent: Cartesia may schedule fewer (a short batch), and that batch is still this create's. Only a confirmed absence (the listing went back past the horizon,
//! or to the account's very first batch) allows another attempt. If the listing itself fails,
//! nothing is re-sent and the caller gets [`Error::CreateUnconfirmed`].
//!
//! The horizon is a moment on **Cartesia's** clock, taken just before the first attempt: the
//! `Date` of its answers and the `created_at` of the newest batch it already had. This
//! computer's clock never decides it: with a clock a few minutes fast, a batch made a second ago
//! would look older than the attempt, and be made again.

use crate::client::{Client, MAX_PAGE_LIMIT};
use crate::error::{Error, Result};
use crate::types::{CallBatch, CreateBatchRequest, PageParams};
use chrono::{DateTime, Duration as Span, Utc};
use std::collections::HashSet;

/// How far apart Cartesia's own clocks may be: the `Date` of an answer and the `created_at` of a
/// batch come from the same service, though perhaps from different machines, and a `Date` has
/// one-second resolution. This computer's clock plays no part.
pub const SERVER_CLOCK_SPREAD: Span = Span::minutes(2);

/// Pages of newest batches looked at before giving up on confirming.
pub const RECONCILE_PAGES: usize = 5;

/// From when, on Cartesia's clock, a batch may be the one an attempt made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    /// Batches made before this moment (Cartesia's time) are older than the attempt.
    Since(DateTime<Utc>),
    /// Unknown: any batch of the account may be it, and only the end of the listing proves
    /// absence.
    Beginning,
}

impl Horizon {
    /// The moment, if known.
    pub fn at(self) -> Option<DateTime<Utc>> {
        match self {
            Horizon::Since(t) => Some(t),
            Horizon::Beginning => None,
        }
    }

    /// From a stored moment (`None`: not known).
    pub fn from_stored(at: Option<DateTime<Utc>>) -> Horizon {
        at.map_or(Horizon::Beginning, Horizon::Since)
    }

    /// Whether a batch made at `created_at` is older than the attempt.
    fn is_before(self, created_at: Option<DateTime<Utc>>) -> bool {
        match (self, created_at) {
            (Horizon::Since(h), Some(t)) => t < h,
            _ => false,
        }
    }
}

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

    /// How many of the recipients sent Cartesia did not schedule in `b` (0 when it took all).
    pub fn unscheduled(&self, b: &CallBatch) -> u32 {
        self.recipients.saturating_sub(b.total_calls_scheduled)
    }

    /// Whether `b` could be the batch this create made, if the attempt began at `horizon`.
    pub fn matches(&self, b: &CallBatch, horizon: Horizon) -> bool {
        b.name == self.name
            && b.agent_id == self.agent_id
            && b.from_number_id == self.from_number_id
            // Cartesia may schedule fewer than it was sent (a short batch): that batch is still
            // this create's, and sending it again would call the rest twice. One with more
            // recipients than were sent can't be.
            && b.total_calls_scheduled <= self.recipients
            // A batch with no creation time can't be placed in time: treat it as a candidate
            // only if everything else matches, since missing it would mean a duplicate.
            && !horizon.is_before(b.created_at)
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
        let horizon = self.creation_horizon(&req.agent_id).await?;
        self.create_batch_exactly_once_after(req, horizon, known)
            .await
    }

    /// Where, on Cartesia's clock, a create sent from now on begins: a moment no later than the
    /// `Date` of Cartesia's answer to a listing of the agent's newest batch, nor than that
    /// batch's creation, less [`SERVER_CLOCK_SPREAD`]. Costs one small request. Take it (and
    /// store it) before sending, so a look-up after a crash starts from the same place.
    pub async fn creation_horizon(&self, agent_id: &str) -> Result<Horizon> {
        let page = self
            .list_batches(
                Some(agent_id),
                &PageParams {
                    limit: Some(1),
                    starting_after: None,
                    ending_before: None,
                },
            )
            .await?;
        let newest = page.data.first().and_then(|b| b.created_at);
        let moment = match (self.server_now(), newest) {
            (Some(now), Some(newest)) => Some(now.min(newest)),
            (now, newest) => now.or(newest),
        };
        Ok(Horizon::from_stored(
            moment.map(|t| t - SERVER_CLOCK_SPREAD),
        ))
    }

    /// As [`Client::create_batch_exactly_once_excluding`], with the horizon taken beforehand
    /// (see [`Client::creation_horizon`]).
    pub async fn create_batch_exactly_once_after(
        &self,
        req: &CreateBatchRequest,
        horizon: Horizon,
        known: &HashSet<String>,
    ) -> Result<CreateOutcome> {
        let fingerprint = BatchFingerprint::of(req);
        let max_attempts = self.config.create_attempts.max(1);
        let policy = &self.config.retry;
        let mut attempt = 1u32;
        loop {
            let error = match self.create_batch(req).await {
                Ok(b) => return Ok(CreateOutcome::Created(b)),
                Err(e) => e,
            };
            if error.may_have_been_processed() {
                match self.find_created_batch(&fingerprint, horizon, known).await {
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

    /// Looks for a batch a create may have made after `horizon`: newest first, at most
    /// [`RECONCILE_PAGES`] pages of the agent's batches. `Ok(None)` only when the listing went
    /// back past the horizon (or to the very first batch) without a match; when it could not go
    /// that far the absence is not confirmed and this is an error. With several matches, the
    /// oldest is taken (the others would be duplicates made since). Used after a crash, too.
    pub async fn find_created_batch(
        &self,
        fingerprint: &BatchFingerprint,
        horizon: Horizon,
        exclude: &HashSet<String>,
    ) -> Result<Option<CallBatch>> {
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
                if horizon.is_before(b.created_at) {
                    reached_horizon = true;
                    continue;
                }
                if !exclude.contains(&b.id) && fingerprint.matches(b, horizon) {
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
    fn fingerprint_matches_same_intent_after_the_horizon_only() {
        let fp = BatchFingerprint {
            name: "March".into(),
            agent_id: "agent_1".into(),
            from_number_id: "ap_1".into(),
            recipients: 2,
        };
        let since = Horizon::Since(
            DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        );
        assert!(fp.matches(&batch("March", "2026-03-01T12:00:01Z"), since));
        assert!(
            !fp.matches(&batch("March", "2026-03-01T11:59:59Z"), since),
            "too old"
        );
        assert!(
            fp.matches(&batch("March", "2020-01-01T00:00:00Z"), Horizon::Beginning),
            "no horizon: any time"
        );
        assert!(!fp.matches(&batch("April", "2026-03-01T12:00:01Z"), since));
        let mut bigger = batch("March", "2026-03-01T12:00:01Z");
        bigger.total_calls_scheduled = 3;
        assert!(
            !fp.matches(&bigger, since),
            "more recipients than were sent"
        );
        let mut short = batch("March", "2026-03-01T12:00:01Z");
        short.total_calls_scheduled = 1;
        assert!(
            fp.matches(&short, since),
            "Cartesia scheduled fewer: still this one"
        );
        assert_eq!(fp.unscheduled(&short), 1);
        assert_eq!(fp.unscheduled(&bigger), 0);
    }
}
