//! Test calls: the one-recipient batches a manager sends to their own phone before a launch.
//!
//! They are kept apart from campaigns (never in a campaign's figures, parts or exports) but are
//! sent with the same exactly-once columns as parts: the request on disk first, a claim by
//! compare-and-swap with the look-up horizon before the request leaves, and a look-up after a
//! lost answer. Their batches are the store's own, so they are never listed as someone else's.

use super::{from_ms, ms, AuditEntry, AuditKind, Store};
use crate::error::{Error, Result};
use cartesia::CreateBatchRequest;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use std::sync::atomic::{AtomicU64, Ordering};

/// How long a test call not yet followed to its end is taken for "the one in progress": a
/// click after that makes a new one (a test call is over in minutes).
const OPEN_FOR: chrono::Duration = chrono::Duration::hours(1);

/// A test call's row id.
pub type TestCallId = i64;

/// Where a test call stands in its sending (and, once made, whether it was followed to its end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestCallState {
    /// Recorded, not sent.
    Planned,
    /// Being sent, or the launcher stopped while sending: check with Cartesia before anything.
    Sending,
    /// Cartesia has it.
    Created,
    /// Cartesia refused it (certainly not made).
    Failed,
    /// The answer was lost and the look-up couldn't be done: check before sending again.
    Unconfirmed,
    /// Made, and its call is over.
    Ended,
}

impl TestCallState {
    fn as_str(self) -> &'static str {
        match self {
            TestCallState::Planned => "planned",
            TestCallState::Sending => "sending",
            TestCallState::Created => "created",
            TestCallState::Failed => "failed",
            TestCallState::Unconfirmed => "unconfirmed",
            TestCallState::Ended => "ended",
        }
    }

    fn parse(s: &str) -> TestCallState {
        match s {
            "planned" => TestCallState::Planned,
            "created" => TestCallState::Created,
            "failed" => TestCallState::Failed,
            "unconfirmed" => TestCallState::Unconfirmed,
            "ended" => TestCallState::Ended,
            // "sending" and anything unreadable: it may exist; check first.
            _ => TestCallState::Sending,
        }
    }

    /// Whether Cartesia may hold its batch without the store knowing it.
    pub fn needs_check(self) -> bool {
        matches!(self, TestCallState::Sending | TestCallState::Unconfirmed)
    }

    /// Whether a new test call for the same draft would be a second one of this (a click
    /// twice): it isn't over and wasn't refused.
    pub fn is_open(self) -> bool {
        !matches!(self, TestCallState::Failed | TestCallState::Ended)
    }
}

/// One test call as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCallRecord {
    pub id: TestCallId,
    pub draft_id: Option<String>,
    /// The batch name sent: "Test call — {campaign}".
    pub name: String,
    pub to_number: String,
    pub state: TestCallState,
    pub claim: Option<String>,
    pub attempt_horizon: Option<DateTime<Utc>>,
    pub api_batch_id: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT id, draft_id, name, to_number, state, claim, attempt_horizon,
    api_batch_id, last_error, created_at FROM test_calls";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TestCallRecord> {
    Ok(TestCallRecord {
        id: r.get(0)?,
        draft_id: r.get(1)?,
        name: r.get(2)?,
        to_number: r.get(3)?,
        state: TestCallState::parse(&r.get::<_, String>(4)?),
        claim: r.get(5)?,
        attempt_horizon: r.get::<_, Option<i64>>(6)?.map(from_ms),
        api_batch_id: r.get(7)?,
        last_error: r.get(8)?,
        created_at: from_ms(r.get(9)?),
    })
}

fn token() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    format!(
        "t{}-{nanos:x}-{:x}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

impl Store {
    /// The draft's test call that isn't over yet (begun within the hour), or a new one for `request` (recorded, not
    /// sent), in one transaction: a click twice finds the first. `Ok((record, true))` when new.
    pub fn begin_test_call(
        &self,
        draft_id: Option<&str>,
        request: &CreateBatchRequest,
        now: DateTime<Utc>,
    ) -> Result<(TestCallRecord, bool)> {
        let payload = serde_json::to_vec(request).map_err(|e| Error::Database(e.to_string()))?;
        let to = request
            .recipients
            .first()
            .map(|r| r.to_number.clone())
            .unwrap_or_default();
        let (id, fresh) = self.with(|c| {
            let tx = c.transaction()?;
            let open: Option<TestCallRecord> = tx
                .query_row(
                    &format!(
                        "{SELECT} WHERE draft_id IS ?1 AND created_at > ?2 ORDER BY id DESC LIMIT 1"
                    ),
                    params![draft_id, ms(now - OPEN_FOR)],
                    row,
                )
                .optional()?;
            if let Some(open) = open.filter(|t| t.state.is_open()) {
                return Ok((open.id, false));
            }
            tx.execute(
                "INSERT INTO test_calls (draft_id, name, to_number, payload, state, created_at)
                 VALUES (?1, ?2, ?3, ?4, 'planned', ?5)",
                params![draft_id, request.name, to, payload, ms(now)],
            )?;
            let id = tx.last_insert_rowid();
            let detail = format!("test call to {to}");
            super::audit::insert_audit(
                &tx,
                ms(now),
                AuditKind::TestCall,
                &AuditEntry {
                    detail: Some(&detail),
                    ..AuditEntry::default()
                },
            )?;
            tx.commit()?;
            Ok((id, true))
        })?;
        Ok((self.test_call(id)?, fresh))
    }

    pub fn test_call(&self, id: TestCallId) -> Result<TestCallRecord> {
        self.with(|c| {
            c.query_row(&format!("{SELECT} WHERE id = ?1"), [id], row)
                .optional()
        })?
        .ok_or(Error::NotFound { what: "test call" })
    }

    /// The exact request recorded for a test call.
    pub fn test_call_request(&self, id: TestCallId) -> Result<CreateBatchRequest> {
        let payload: Vec<u8> = self
            .with(|c| {
                c.query_row("SELECT payload FROM test_calls WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()
            })?
            .ok_or(Error::NotFound { what: "test call" })?;
        serde_json::from_slice(&payload).map_err(|e| Error::Database(e.to_string()))
    }

    /// Claims a test call for an attempt and records the intent (with the look-up horizon)
    /// before the request leaves: compare-and-swap on the call as `seen`. `Ok(false)`: someone
    /// else changed it since, and this attempt must not send.
    pub fn claim_test_call(
        &self,
        seen: &TestCallRecord,
        at: DateTime<Utc>,
        horizon: Option<DateTime<Utc>>,
    ) -> Result<bool> {
        if matches!(seen.state, TestCallState::Created | TestCallState::Ended) {
            return Ok(false);
        }
        let changed = self.with(|c| {
            c.execute(
                "UPDATE test_calls SET state = 'sending', attempt_started_at = ?2,
                    attempt_horizon = ?3, claim = ?4, last_error = NULL
                 WHERE id = ?1 AND state = ?5 AND claim IS ?6",
                params![
                    seen.id,
                    ms(at),
                    horizon.map(ms),
                    token(),
                    seen.state.as_str(),
                    seen.claim
                ],
            )
        })?;
        Ok(changed == 1)
    }

    /// Records where a test call's attempt ended: `Created` with its batch, `Failed` or
    /// `Unconfirmed` with why, `Planned` after a look-up proved it absent, `Ended` once its call
    /// is over. A made test call is never demoted.
    pub fn set_test_call_state(
        &self,
        id: TestCallId,
        state: TestCallState,
        api_batch_id: Option<&str>,
        message: Option<&str>,
    ) -> Result<()> {
        let guard = match state {
            TestCallState::Ended => "state IN ('created', 'ended')",
            TestCallState::Created => "state != 'ended'",
            _ => "state NOT IN ('created', 'ended')",
        };
        self.with(|c| {
            c.execute(
                &format!(
                    "UPDATE test_calls SET state = ?2, api_batch_id = COALESCE(?3, api_batch_id),
                        last_error = ?4, claim = ?5 WHERE id = ?1 AND {guard}"
                ),
                params![id, state.as_str(), api_batch_id, message, token()],
            )
        })?;
        Ok(())
    }
}

impl Store {
    /// Test calls Cartesia may be making without the store knowing the batch, each as its
    /// batch would be recognised, from its latest attempt's horizon (see
    /// [`Store::parts_awaiting_cartesia`]).
    pub(super) fn test_calls_awaiting_cartesia(
        &self,
    ) -> Result<Vec<(cartesia::BatchFingerprint, cartesia::Horizon)>> {
        let rows: Vec<(Vec<u8>, Option<i64>)> = self.with(|c| {
            let mut st = c.prepare(
                "SELECT payload, attempt_horizon FROM test_calls
                 WHERE state IN ('planned', 'sending', 'unconfirmed')",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(payload, horizon)| {
                let req: CreateBatchRequest = serde_json::from_slice(&payload).ok()?;
                Some((
                    cartesia::BatchFingerprint::of(&req),
                    cartesia::Horizon::from_stored(horizon.map(from_ms)),
                ))
            })
            .collect())
    }
}
