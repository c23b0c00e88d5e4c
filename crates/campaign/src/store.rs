//! The campaign memory on this computer: one SQLite file in the app's data folder.
//!
//! Cartesia keeps batches; it does not know which batches form one campaign, what file they came
//! from, what was about to be sent when the app died, or how progress moved over time. This
//! store keeps exactly that. It is opened with WAL and full sync (a launch's intent must survive
//! a crash or power cut), upgraded in place by versioned migrations, and refuses, without
//! writing a byte, files it does not understand: a newer version's, or a damaged one.
//!
//! The API key is never stored here: nothing in this module accepts one.

use crate::error::{Error, Result};
use crate::schema::{MIGRATIONS, SCHEMA_VERSION};
use cartesia::{CreateBatchRequest, NewRecipient};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A campaign's row id.
pub type CampaignId = i64;
/// A part's (batch row's) id.
pub type PartId = i64;

/// What the person chose for a campaign, as recorded when it is set up.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewCampaign {
    pub name: String,
    pub agent_id: String,
    /// The agent's name as shown when it was chosen (Cartesia may rename it later).
    pub agent_name: Option<String>,
    pub from_number_id: String,
    /// The number itself, e.g. `+14155550100`.
    pub from_number: Option<String>,
    /// When calling starts; `None` is "now".
    pub scheduled_at: Option<DateTime<Utc>>,
    /// The time zone the person picked the start time in, e.g. `America/New_York`.
    pub time_zone: Option<String>,
    pub concurrency: Option<u32>,
    /// The recipient file's name (not its path) and the SHA-256 of its bytes.
    pub source_file_name: Option<String>,
    pub source_sha256: Option<String>,
}

/// A campaign as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaign {
    pub id: CampaignId,
    #[serde(flatten)]
    pub setup: NewCampaign,
    pub recipient_count: u32,
    pub created_at: DateTime<Utc>,
}

/// Where one part stands in its launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LaunchState {
    /// Recorded, never sent.
    Planned,
    /// About to be sent or in flight: whether Cartesia made it must be checked before any resend.
    Sending,
    /// Cartesia made it; `api_batch_id` is set. Never sent again.
    Created,
    /// Cartesia certainly did not make it (a clear refusal); may be sent again.
    Failed,
    /// The answer was lost and the check could not be done: must be checked before any resend.
    Unconfirmed,
    /// Never sent, and never to be: the person cancelled it before it started.
    Withdrawn,
}

impl LaunchState {
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchState::Planned => "planned",
            LaunchState::Sending => "sending",
            LaunchState::Created => "created",
            LaunchState::Failed => "failed",
            LaunchState::Unconfirmed => "unconfirmed",
            LaunchState::Withdrawn => "withdrawn",
        }
    }

    fn parse(s: &str) -> LaunchState {
        match s {
            "planned" => LaunchState::Planned,
            "created" => LaunchState::Created,
            "failed" => LaunchState::Failed,
            "unconfirmed" => LaunchState::Unconfirmed,
            "withdrawn" => LaunchState::Withdrawn,
            // "sending" and anything unreadable: the cautious reading is "may exist, check first".
            _ => LaunchState::Sending,
        }
    }

    /// Whether Cartesia may hold a batch for this part that the store doesn't know the id of.
    pub fn needs_check(self) -> bool {
        matches!(self, LaunchState::Sending | LaunchState::Unconfirmed)
    }
}

/// One part of a campaign: one Cartesia batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub id: PartId,
    pub campaign_id: CampaignId,
    /// 1-based: part `part` of `parts`.
    pub part: u32,
    pub parts: u32,
    /// The batch name sent to Cartesia.
    pub name: String,
    pub recipient_count: u32,
    /// SHA-256 (hex) of the exact request body stored for this part.
    pub payload_sha256: String,
    pub state: LaunchState,
    /// When the latest attempt to create it began, on this computer's clock (shown only).
    pub attempt_started_at: Option<DateTime<Utc>>,
    /// When the latest attempt began on Cartesia's clock, less a margin: where a look-up for
    /// it may stop. `None`: unknown (the look-up must reach the account's first batch).
    pub attempt_horizon: Option<DateTime<Utc>>,
    /// Changes with every attempt: what a launcher compares-and-swaps to claim the part.
    pub claim: Option<String>,
    pub api_batch_id: Option<String>,
    /// When the store learnt Cartesia had made it.
    pub created_at: Option<DateTime<Utc>>,
    /// Why the latest attempt failed, in the person's words.
    pub last_error: Option<String>,
    /// The tracker saw it to the end; it is polled no more (until retried).
    pub tracking_done: bool,
}

/// A batch's progress at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub at: DateTime<Utc>,
    /// The batch status as Cartesia sent it (unknown values kept).
    pub status: String,
    pub scheduled: u32,
    pub dispatched: u32,
    pub finished: u32,
    pub retry_count: u32,
    /// Recipients per status (`queued`, `completed`, …).
    pub by_status: BTreeMap<String, u32>,
    /// Recipients per outcome (`end_reason`) among those that have one.
    pub by_outcome: BTreeMap<String, u32>,
}

impl Snapshot {
    /// Same progress, whatever the time it was seen.
    pub fn same_progress(&self, other: &Snapshot) -> bool {
        self.status == other.status
            && self.scheduled == other.scheduled
            && self.dispatched == other.dispatched
            && self.finished == other.finished
            && self.retry_count == other.retry_count
            && self.by_status == other.by_status
            && self.by_outcome == other.by_outcome
    }
}

/// A campaign's progress: the latest snapshot of each of its parts, added up.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CampaignProgress {
    pub campaign_id: CampaignId,
    pub parts: u32,
    /// Parts that have at least one snapshot.
    pub parts_seen: u32,
    pub scheduled: u32,
    pub dispatched: u32,
    pub finished: u32,
    pub by_status: BTreeMap<String, u32>,
    pub by_outcome: BTreeMap<String, u32>,
    /// Latest snapshot time among the parts.
    pub updated_at: Option<DateTime<Utc>>,
}

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Created,
    Scheduled,
    Launched,
    Retried,
    Cancelled,
    Exported,
    KeyConnected,
    KeyRemoved,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Created => "created",
            AuditKind::Scheduled => "scheduled",
            AuditKind::Launched => "launched",
            AuditKind::Retried => "retried",
            AuditKind::Cancelled => "cancelled",
            AuditKind::Exported => "exported",
            AuditKind::KeyConnected => "key_connected",
            AuditKind::KeyRemoved => "key_removed",
        }
    }
}

/// An entry to add to the audit log. There is deliberately no field for a key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditEntry<'a> {
    pub campaign_id: Option<CampaignId>,
    pub file_name: Option<&'a str>,
    pub file_sha256: Option<&'a str>,
    /// A short plain description (e.g. "part 2 of 3"); never secrets.
    pub detail: Option<&'a str>,
}

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRecord {
    pub at: DateTime<Utc>,
    /// `AuditKind::as_str`, kept as text so entries from newer versions still show.
    pub kind: String,
    pub campaign_id: Option<CampaignId>,
    pub file_name: Option<String>,
    pub file_sha256: Option<String>,
    pub detail: Option<String>,
}

/// The wizard's state for a campaign being set up, with its imported recipients.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    /// Whatever the app's wizard keeps; stored as JSON and given back unchanged.
    pub wizard: serde_json::Value,
    pub recipients: Vec<NewRecipient>,
    pub source_file_name: Option<String>,
    pub source_sha256: Option<String>,
    /// The file itself, when the app kept it (see [`Store::save_draft_source`]).
    pub source: Option<DraftSource<'static>>,
    pub updated_at: DateTime<Utc>,
}

/// The file a draft's recipients came from, kept whole so every choice about it can still be
/// changed after a restart. Borrowed when saved (a file can be large), owned when loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftSource<'a> {
    pub file_name: Cow<'a, str>,
    pub bytes: Cow<'a, [u8]>,
    /// How the app reads the file (country, phone column, columns kept…); given back unchanged.
    pub settings: serde_json::Value,
    /// A do-not-call file applied to it: its name and content.
    pub suppression: Option<(Cow<'a, str>, Cow<'a, [u8]>)>,
}

/// Snapshot-write cost so far (for the benchmark figure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteStats {
    pub snapshots: u64,
    pub total: Duration,
}

/// The SHA-256 of some bytes, in lowercase hex (files, payloads).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The open store. `Sync`: share it in an `Arc` between the launcher, the tracker and commands.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    snapshot_writes: AtomicU64,
    snapshot_nanos: AtomicU64,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The first 16 bytes of the file (fewer if shorter), or `None` if there is no file yet.
fn read_header(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut head = Vec::with_capacity(16);
    file.take(16).read_to_end(&mut head)?;
    Ok(Some(head))
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_ms(v: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(v)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// A fresh claim token: unique enough that two launchers never draw the same one.
fn claim_token() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    format!("{}-{nanos:x}-{seq:x}", std::process::id())
}

fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

impl Store {
    /// Opens (creating if absent) the store at `path` and brings it to [`SCHEMA_VERSION`].
    /// A newer or unreadable file is refused and left byte for byte as it was.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_at_version(path.as_ref(), SCHEMA_VERSION)
    }

    /// Opens and migrates up to `target` only: lets tests build files as older versions left them.
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, target: i64) -> Result<Store> {
        let db_err = |e| Error::from_sqlite(e, path);
        // Look before SQLite does: a non-empty file without SQLite's header is not ours, and
        // must not be touched (SQLite would refuse it anyway, but only after opening it).
        match read_header(path) {
            Ok(None) => {}
            Ok(Some(h)) if h.is_empty() => {}
            Ok(Some(h)) if h == SQLITE_HEADER => {}
            Ok(Some(_)) => {
                return Err(Error::Corrupt {
                    path: path.to_path_buf(),
                })
            }
            Err(e) => {
                return Err(Error::Unavailable {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })
            }
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_err)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(db_err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(db_err)?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < 0 {
            return Err(Error::Corrupt {
                path: path.to_path_buf(),
            });
        }
        // Only now that the file is known to be ours may anything be written to it.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db_err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(db_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(db_err)?;
        let mut conn = conn;
        for (i, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(version).unwrap_or(0))
        {
            let next = i as i64 + 1;
            if next > target {
                break;
            }
            let tx = conn.transaction().map_err(db_err)?;
            tx.execute_batch(sql).map_err(db_err)?;
            tx.pragma_update(None, "user_version", next)
                .map_err(db_err)?;
            tx.commit().map_err(db_err)?;
        }
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            snapshot_writes: AtomicU64::new(0),
            snapshot_nanos: AtomicU64::new(0),
        })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's schema version (after opening: [`SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> Result<i64> {
        self.with(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back).
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T> {
        let mut conn = self.lock();
        f(&mut conn).map_err(|e| Error::from_sqlite(e, &self.path))
    }

    #[cfg(test)]
    pub(crate) fn raw<T>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> T {
        self.with(f).unwrap()
    }

    /// Size on disk of the database and its write-ahead log, after folding the log in.
    pub fn disk_size(&self) -> Result<u64> {
        self.with(|c| c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)"))?;
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        Ok(size(&self.path) + size(Path::new(&wal)))
    }

    /// Bytes of live data (pages in use), which unlike the file size drops when data is deleted.
    pub fn data_size(&self) -> Result<u64> {
        self.with(|c| {
            let pragma =
                |name: &str| c.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0));
            let used = pragma("page_count")? - pragma("freelist_count")?;
            Ok(u64::try_from(used * pragma("page_size")?).unwrap_or(0))
        })
    }

    // ---- campaigns and their parts ----

    /// Records a campaign and every part's exact request in one transaction, before anything is
    /// sent: either all of it is on disk or none. Parts are numbered in the given order.
    pub fn create_campaign(
        &self,
        campaign: &NewCampaign,
        parts: &[CreateBatchRequest],
    ) -> Result<CampaignId> {
        let payloads = parts
            .iter()
            .map(|p| serde_json::to_vec(p).map_err(|e| Error::Database(e.to_string())))
            .collect::<Result<Vec<_>>>()?;
        let total: u64 = parts.iter().map(|p| p.recipients.len() as u64).sum();
        let n = parts.len();
        let now = ms(Utc::now());
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO campaigns (name, agent_id, agent_name, from_number_id, from_number,
                    scheduled_at, time_zone, concurrency, source_file_name, source_sha256,
                    recipient_count, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    campaign.name,
                    campaign.agent_id,
                    campaign.agent_name,
                    campaign.from_number_id,
                    campaign.from_number,
                    campaign.scheduled_at.map(ms),
                    campaign.time_zone,
                    campaign.concurrency,
                    campaign.source_file_name,
                    campaign.source_sha256,
                    total as i64,
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            {
                let mut ins = tx.prepare(
                    "INSERT INTO batches (campaign_id, part, parts, name, recipient_count,
                        payload, payload_sha256, state)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'planned')",
                )?;
                for (i, (req, payload)) in parts.iter().zip(&payloads).enumerate() {
                    ins.execute(params![
                        id,
                        i as i64 + 1,
                        n as i64,
                        req.name,
                        req.recipients.len() as i64,
                        payload,
                        sha256_hex(payload)
                    ])?;
                }
            }
            let detail = format!("{} recipients in {} parts", total, n);
            insert_audit(
                &tx,
                now,
                AuditKind::Created,
                &AuditEntry {
                    campaign_id: Some(id),
                    file_name: campaign.source_file_name.as_deref(),
                    file_sha256: campaign.source_sha256.as_deref(),
                    detail: Some(&detail),
                },
            )?;
            if let Some(at) = campaign.scheduled_at {
                let detail = format!("calling starts {}", at.to_rfc3339());
                insert_audit(
                    &tx,
                    now,
                    AuditKind::Scheduled,
                    &AuditEntry {
                        campaign_id: Some(id),
                        detail: Some(&detail),
                        ..AuditEntry::default()
                    },
                )?;
            }
            tx.commit()?;
            Ok(id)
        })
    }

    pub fn campaign(&self, id: CampaignId) -> Result<Campaign> {
        self.with(|c| {
            c.query_row(
                &format!("{CAMPAIGN_SELECT} WHERE id = ?1"),
                [id],
                campaign_row,
            )
            .optional()
        })?
        .ok_or(Error::NotFound { what: "campaign" })
    }

    /// Every campaign, newest first.
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        self.with(|c| {
            let mut st = c.prepare(&format!("{CAMPAIGN_SELECT} ORDER BY id DESC"))?;
            let rows = st.query_map([], campaign_row)?;
            rows.collect()
        })
    }

    /// A campaign's parts in order.
    pub fn parts(&self, campaign_id: CampaignId) -> Result<Vec<Part>> {
        self.with(|c| {
            let mut st = c.prepare(&format!(
                "{PART_SELECT} WHERE campaign_id = ?1 ORDER BY part"
            ))?;
            let rows = st.query_map([campaign_id], part_row)?;
            rows.collect()
        })
    }

    pub fn part(&self, id: PartId) -> Result<Part> {
        self.with(|c| {
            c.query_row(&format!("{PART_SELECT} WHERE id = ?1"), [id], part_row)
                .optional()
        })?
        .ok_or(Error::NotFound {
            what: "campaign part",
        })
    }

    /// The exact request recorded for a part, checked against its recorded hash.
    pub fn part_request(&self, id: PartId) -> Result<CreateBatchRequest> {
        let (payload, hash, campaign, part): (Vec<u8>, String, String, u32) = self
            .with(|c| {
                c.query_row(
                    "SELECT b.payload, b.payload_sha256, c.name, b.part
                     FROM batches b JOIN campaigns c ON c.id = b.campaign_id WHERE b.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
            })?
            .ok_or(Error::NotFound {
                what: "campaign part",
            })?;
        if sha256_hex(&payload) != hash {
            return Err(Error::PayloadMismatch { campaign, part });
        }
        serde_json::from_slice(&payload).map_err(|_| Error::PayloadMismatch { campaign, part })
    }

    /// Claims a part for an attempt to send it, and records the intent before the request
    /// leaves: compare-and-swap on the part as `seen` (its state and claim). `Ok(false)` when
    /// someone else changed it since (another launcher — another window, the `batchline`
    /// command — claimed, created or withdrew it): then this launcher must not send it.
    pub fn claim_for_sending(
        &self,
        seen: &Part,
        at: DateTime<Utc>,
        horizon: Option<DateTime<Utc>>,
    ) -> Result<bool> {
        if matches!(seen.state, LaunchState::Created | LaunchState::Withdrawn) {
            return Ok(false);
        }
        let token = claim_token();
        let changed = self.with(|c| {
            c.execute(
                "UPDATE batches SET state = 'sending', attempt_started_at = ?2,
                    attempt_horizon = ?3, claim = ?4, last_error = NULL
                 WHERE id = ?1 AND state = ?5 AND claim IS ?6",
                params![
                    seen.id,
                    ms(at),
                    horizon.map(ms),
                    token,
                    seen.state.as_str(),
                    seen.claim
                ],
            )
        })?;
        Ok(changed == 1)
    }

    /// Records the intent to send a part, before the request leaves, whatever its claim.
    #[doc(hidden)]
    pub fn mark_sending(&self, id: PartId, at: DateTime<Utc>) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET state = 'sending', attempt_started_at = ?2, last_error = NULL
             WHERE id = ?1 AND state NOT IN ('created', 'withdrawn')",
            params![id, ms(at)],
        )
    }

    /// After a look-up proved Cartesia never made an in-doubt part: back to "not sent", with
    /// why, for the person to send or cancel (compare-and-swap on the part as `seen`).
    pub fn mark_not_sent(&self, seen: &Part, message: &str) -> Result<bool> {
        let changed = self.with(|c| {
            c.execute(
                "UPDATE batches SET state = 'planned', last_error = ?2, claim = ?3
                 WHERE id = ?1 AND state = ?4 AND claim IS ?5",
                params![
                    seen.id,
                    message,
                    claim_token(),
                    seen.state.as_str(),
                    seen.claim
                ],
            )
        })?;
        Ok(changed == 1)
    }

    /// Cancels a part that was never sent (planned or refused), so nothing sends it later.
    /// `Ok(false)` when it is not (or no longer) such a part.
    pub fn withdraw(&self, id: PartId, message: &str) -> Result<bool> {
        let changed = self.with(|c| {
            c.execute(
                "UPDATE batches SET state = 'withdrawn', last_error = ?2, claim = ?3
                 WHERE id = ?1 AND state IN ('planned', 'failed')",
                params![id, message, claim_token()],
            )
        })?;
        Ok(changed == 1)
    }

    /// Notes that a launch of the campaign is running (called as it starts and after each part).
    pub fn launch_heartbeat(&self, campaign_id: CampaignId, at: DateTime<Utc>) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE campaigns SET launch_heartbeat = ?2 WHERE id = ?1",
                params![campaign_id, ms(at)],
            )
        })?;
        Ok(())
    }

    /// Notes that the campaign's launch has ended (however it ended, short of a crash).
    pub fn launch_ended(&self, campaign_id: CampaignId) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE campaigns SET launch_heartbeat = NULL WHERE id = ?1",
                [campaign_id],
            )
        })?;
        Ok(())
    }

    /// When a launch of the campaign last showed it was running, if one was cut short (or is
    /// running now).
    pub fn launch_running_since(&self, campaign_id: CampaignId) -> Result<Option<DateTime<Utc>>> {
        let v: Option<Option<i64>> = self.with(|c| {
            c.query_row(
                "SELECT launch_heartbeat FROM campaigns WHERE id = ?1",
                [campaign_id],
                |r| r.get(0),
            )
            .optional()
        })?;
        match v {
            None => Err(Error::NotFound { what: "campaign" }),
            Some(t) => Ok(t.map(from_ms)),
        }
    }

    /// Records that Cartesia made the part as batch `api_batch_id`.
    pub fn mark_created(&self, id: PartId, api_batch_id: &str) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET state = 'created', api_batch_id = ?2, created_at = ?3,
                last_error = NULL, tracking_done = 0
             WHERE id = ?1",
            params![id, api_batch_id, ms(Utc::now())],
        )
    }

    /// Records that Cartesia certainly did not make the part (so it may be sent again).
    pub fn mark_failed(&self, id: PartId, message: &str) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET state = 'failed', last_error = ?2 WHERE id = ?1 AND state != 'created'",
            params![id, message],
        )
    }

    /// Records that it is unknown whether Cartesia made the part (check before sending again).
    pub fn mark_unconfirmed(&self, id: PartId, message: &str) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET state = 'unconfirmed', last_error = ?2
             WHERE id = ?1 AND state != 'created'",
            params![id, message],
        )
    }

    fn set_state(&self, id: PartId, sql: &str, p: impl rusqlite::Params) -> Result<()> {
        let changed = self.with(|c| c.execute(sql, p))?;
        if changed == 0 {
            // Either gone, or already created (which no later outcome may undo).
            self.part(id)?;
        }
        Ok(())
    }

    /// Campaigns with a part not yet created and not given up on (planned, sending,
    /// unconfirmed): launches that were cut short.
    pub fn incomplete_campaigns(&self) -> Result<Vec<CampaignId>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT DISTINCT campaign_id FROM batches
                 WHERE state IN ('planned', 'sending', 'unconfirmed') ORDER BY campaign_id",
            )?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// Every Cartesia batch id the store has attributed to a part.
    pub fn known_batch_ids(&self) -> Result<HashSet<String>> {
        self.with(|c| {
            let mut st =
                c.prepare("SELECT api_batch_id FROM batches WHERE api_batch_id IS NOT NULL")?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// Created parts the tracker has not yet seen to the end.
    pub fn active_parts(&self) -> Result<Vec<Part>> {
        self.with(|c| {
            let mut st = c.prepare(&format!(
                "{PART_SELECT} WHERE state = 'created' AND tracking_done = 0 ORDER BY id"
            ))?;
            let rows = st.query_map([], part_row)?;
            rows.collect()
        })
    }

    /// Marks a part as followed to the end (or, with `false`, to be followed again: after a retry).
    pub fn set_tracking_done(&self, id: PartId, done: bool) -> Result<()> {
        self.set_state(
            id,
            "UPDATE batches SET tracking_done = ?2 WHERE id = ?1",
            params![id, done],
        )
    }

    // ---- progress ----

    /// Appends a snapshot of a part's progress.
    pub fn record_snapshot(&self, part: PartId, s: &Snapshot) -> Result<()> {
        let by_status =
            serde_json::to_string(&s.by_status).map_err(|e| Error::Database(e.to_string()))?;
        let by_outcome =
            serde_json::to_string(&s.by_outcome).map_err(|e| Error::Database(e.to_string()))?;
        let started = Instant::now();
        self.with(|c| {
            c.prepare_cached(
                "INSERT INTO snapshots (batch_id, at, status, scheduled, dispatched, finished,
                    retry_count, by_status, by_outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                part,
                ms(s.at),
                s.status,
                s.scheduled,
                s.dispatched,
                s.finished,
                s.retry_count,
                by_status,
                by_outcome
            ])
        })?;
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.snapshot_writes.fetch_add(1, Ordering::Relaxed);
        self.snapshot_nanos.fetch_add(nanos, Ordering::Relaxed);
        Ok(())
    }

    /// Snapshot writes made through this handle and the time they took.
    pub fn snapshot_write_stats(&self) -> WriteStats {
        WriteStats {
            snapshots: self.snapshot_writes.load(Ordering::Relaxed),
            total: Duration::from_nanos(self.snapshot_nanos.load(Ordering::Relaxed)),
        }
    }

    /// A part's snapshots, oldest first.
    pub fn snapshots(&self, part: PartId) -> Result<Vec<Snapshot>> {
        self.with(|c| {
            let mut st = c.prepare(&format!(
                "{SNAPSHOT_SELECT} WHERE batch_id = ?1 ORDER BY id"
            ))?;
            let rows = st.query_map([part], snapshot_row)?;
            rows.collect()
        })
    }

    /// A part's snapshots taken at or after `since`, oldest first (the recent past, for rates).
    pub fn snapshots_since(&self, part: PartId, since: DateTime<Utc>) -> Result<Vec<Snapshot>> {
        self.with(|c| {
            let mut st = c.prepare_cached(&format!(
                "{SNAPSHOT_SELECT} WHERE batch_id = ?1 AND at >= ?2 ORDER BY id"
            ))?;
            let rows = st.query_map(params![part, ms(since)], snapshot_row)?;
            rows.collect()
        })
    }

    /// A part's latest snapshot.
    pub fn last_snapshot(&self, part: PartId) -> Result<Option<Snapshot>> {
        self.with(|c| {
            c.query_row(
                &format!("{SNAPSHOT_SELECT} WHERE batch_id = ?1 ORDER BY id DESC LIMIT 1"),
                [part],
                snapshot_row,
            )
            .optional()
        })
    }

    /// The campaign's progress from the latest snapshot of each part.
    pub fn campaign_progress(&self, campaign_id: CampaignId) -> Result<CampaignProgress> {
        let parts = self.parts(campaign_id)?;
        let mut p = CampaignProgress {
            campaign_id,
            parts: count(parts.len() as i64),
            ..CampaignProgress::default()
        };
        for part in &parts {
            let Some(s) = self.last_snapshot(part.id)? else {
                continue;
            };
            p.parts_seen += 1;
            p.scheduled += s.scheduled;
            p.dispatched += s.dispatched;
            p.finished += s.finished;
            for (k, v) in s.by_status {
                *p.by_status.entry(k).or_default() += v;
            }
            for (k, v) in s.by_outcome {
                *p.by_outcome.entry(k).or_default() += v;
            }
            p.updated_at = p.updated_at.max(Some(s.at));
        }
        Ok(p)
    }

    // ---- audit log ----

    /// Adds an entry to the audit log, stamped now.
    pub fn audit(&self, kind: AuditKind, entry: &AuditEntry<'_>) -> Result<()> {
        self.with(|c| insert_audit(c, ms(Utc::now()), kind, entry))
    }

    /// The latest `limit` audit entries, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditRecord>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT at, kind, campaign_id, file_name, file_sha256, detail FROM audit_log
                 ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = st.query_map([limit], |r| {
                Ok(AuditRecord {
                    at: from_ms(r.get(0)?),
                    kind: r.get(1)?,
                    campaign_id: r.get(2)?,
                    file_name: r.get(3)?,
                    file_sha256: r.get(4)?,
                    detail: r.get(5)?,
                })
            })?;
            rows.collect()
        })
    }

    // ---- drafts ----

    /// Saves (replacing) a draft with its recipients, without a kept file (any kept before is
    /// dropped: it no longer matches these recipients).
    pub fn save_draft(
        &self,
        id: &str,
        wizard: &serde_json::Value,
        recipients: &[NewRecipient],
        source_file_name: Option<&str>,
        source_sha256: Option<&str>,
    ) -> Result<()> {
        let wizard = to_json(wizard)?;
        let blob = serde_json::to_vec(recipients).map_err(json_err)?;
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO drafts (id, wizard, updated_at) VALUES (?1, ?2, 0)
                 ON CONFLICT (id) DO UPDATE SET wizard = excluded.wizard",
                params![id, wizard],
            )?;
            let contents = DraftContents {
                recipients: &blob,
                count: recipients.len(),
                file_name: source_file_name,
                sha256: source_sha256,
                source: None,
            };
            write_draft_contents(&tx, id, &contents)?;
            tx.commit()
        })
    }

    /// Saves a draft's wizard answers alone (the quick, frequent save), creating the draft if
    /// needed; its recipients and file are left as they are.
    pub fn save_draft_wizard(&self, id: &str, wizard: &serde_json::Value) -> Result<()> {
        let wizard = to_json(wizard)?;
        self.with(|c| {
            c.execute(
                "INSERT INTO drafts (id, wizard, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET wizard = excluded.wizard,
                    updated_at = excluded.updated_at",
                params![id, wizard, ms(Utc::now())],
            )
        })?;
        Ok(())
    }

    /// Saves the file a draft's recipients come from, with those recipients, in one
    /// transaction; the wizard's answers are left as they are (an empty object for a new draft).
    pub fn save_draft_source(
        &self,
        id: &str,
        source: &DraftSource<'_>,
        recipients: &[NewRecipient],
    ) -> Result<()> {
        let settings = to_json(&source.settings)?;
        let blob = serde_json::to_vec(recipients).map_err(json_err)?;
        let sha256 = sha256_hex(&source.bytes);
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO drafts (id, wizard, updated_at) VALUES (?1, '{}', 0)
                 ON CONFLICT (id) DO NOTHING",
                [id],
            )?;
            let contents = DraftContents {
                recipients: &blob,
                count: recipients.len(),
                file_name: Some(&source.file_name),
                sha256: Some(&sha256),
                source: Some((source, &settings)),
            };
            write_draft_contents(&tx, id, &contents)?;
            tx.commit()
        })
    }

    /// Loads a draft; `None` if there is none with that id.
    pub fn load_draft(&self, id: &str) -> Result<Option<Draft>> {
        type Row = (String, Option<String>, Option<String>, i64);
        type Contents = (
            Vec<u8>,
            Option<Vec<u8>>,
            Option<String>,
            Option<String>,
            Option<Vec<u8>>,
        );
        let (row, contents): (Option<Row>, Option<Contents>) = self.with(|c| {
            let row = c
                .query_row(
                    "SELECT wizard, source_file_name, source_sha256, updated_at
                     FROM drafts WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let contents = c
                .query_row(
                    "SELECT recipients, source_file, source_settings, suppression_file_name,
                        suppression_file
                     FROM draft_contents WHERE draft_id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            Ok((row, contents))
        })?;
        let Some((wizard, source_file_name, source_sha256, updated)) = row else {
            return Ok(None);
        };
        let corrupt = || Error::Corrupt {
            path: self.path.clone(),
        };
        let wizard = serde_json::from_str(&wizard).map_err(|_| corrupt())?;
        let (recipients, source) = match contents {
            None => (Vec::new(), None),
            Some((blob, file, settings, suppression_name, suppression)) => {
                let recipients = serde_json::from_slice(&blob).map_err(|_| corrupt())?;
                let source = match (file, settings, &source_file_name) {
                    (Some(bytes), Some(settings), Some(name)) => Some(DraftSource {
                        file_name: Cow::Owned(name.clone()),
                        bytes: Cow::Owned(bytes),
                        settings: serde_json::from_str(&settings).map_err(|_| corrupt())?,
                        suppression: suppression_name
                            .zip(suppression)
                            .map(|(n, b)| (Cow::Owned(n), Cow::Owned(b))),
                    }),
                    _ => None,
                };
                (recipients, source)
            }
        };
        Ok(Some(Draft {
            id: id.to_string(),
            wizard,
            recipients,
            source_file_name,
            source_sha256,
            source,
            updated_at: from_ms(updated),
        }))
    }

    /// Every draft's id.
    pub fn draft_ids(&self) -> Result<Vec<String>> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT id FROM drafts ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// Moves a draft to another id (e.g. one this version can't read, kept aside rather than
    /// overwritten). An existing draft at `to` is replaced.
    pub fn rename_draft(&self, from: &str, to: &str) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM drafts WHERE id = ?1", [to])?;
            tx.execute("DELETE FROM draft_contents WHERE draft_id = ?1", [to])?;
            tx.execute("UPDATE drafts SET id = ?2 WHERE id = ?1", [from, to])?;
            tx.execute(
                "UPDATE draft_contents SET draft_id = ?2 WHERE draft_id = ?1",
                [from, to],
            )?;
            tx.commit()
        })?;
        Ok(())
    }

    /// Removes a draft (no error if absent).
    pub fn delete_draft(&self, id: &str) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM draft_contents WHERE draft_id = ?1", [id])?;
            tx.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
            tx.commit()
        })?;
        Ok(())
    }
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Database(e.to_string())
}

fn to_json(value: &serde_json::Value) -> Result<String> {
    serde_json::to_string(value).map_err(json_err)
}

/// What a draft holds besides the wizard's answers.
struct DraftContents<'a> {
    /// The recipients as one JSON array.
    recipients: &'a [u8],
    count: usize,
    file_name: Option<&'a str>,
    sha256: Option<&'a str>,
    /// The kept file, with its settings already as JSON text.
    source: Option<(&'a DraftSource<'a>, &'a str)>,
}

/// Replaces a draft's contents (its row in `drafts` must exist), in the caller's transaction.
fn write_draft_contents(
    tx: &Connection,
    id: &str,
    contents: &DraftContents<'_>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE drafts SET recipient_count = ?2, source_file_name = ?3, source_sha256 = ?4,
            updated_at = ?5 WHERE id = ?1",
        params![
            id,
            contents.count as i64,
            contents.file_name,
            contents.sha256,
            ms(Utc::now())
        ],
    )?;
    let (file, settings, suppression_name, suppression) = match contents.source {
        Some((source, settings)) => (
            Some(source.bytes.as_ref()),
            Some(settings),
            source.suppression.as_ref().map(|(n, _)| n.as_ref()),
            source.suppression.as_ref().map(|(_, b)| b.as_ref()),
        ),
        None => (None, None, None, None),
    };
    tx.execute(
        "INSERT OR REPLACE INTO draft_contents (draft_id, recipients, source_file,
            source_settings, suppression_file_name, suppression_file)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            contents.recipients,
            file,
            settings,
            suppression_name,
            suppression
        ],
    )?;
    Ok(())
}

fn insert_audit(
    c: &Connection,
    at: i64,
    kind: AuditKind,
    e: &AuditEntry<'_>,
) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO audit_log (at, kind, campaign_id, file_name, file_sha256, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            at,
            kind.as_str(),
            e.campaign_id,
            e.file_name,
            e.file_sha256,
            e.detail
        ],
    )?;
    Ok(())
}

const CAMPAIGN_SELECT: &str = "SELECT id, name, agent_id, agent_name, from_number_id, from_number,
    scheduled_at, time_zone, concurrency, source_file_name, source_sha256, recipient_count,
    created_at FROM campaigns";

fn campaign_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Campaign> {
    Ok(Campaign {
        id: r.get(0)?,
        setup: NewCampaign {
            name: r.get(1)?,
            agent_id: r.get(2)?,
            agent_name: r.get(3)?,
            from_number_id: r.get(4)?,
            from_number: r.get(5)?,
            scheduled_at: r.get::<_, Option<i64>>(6)?.map(from_ms),
            time_zone: r.get(7)?,
            concurrency: r.get::<_, Option<i64>>(8)?.map(count),
            source_file_name: r.get(9)?,
            source_sha256: r.get(10)?,
        },
        recipient_count: count(r.get(11)?),
        created_at: from_ms(r.get(12)?),
    })
}

const PART_SELECT: &str = "SELECT id, campaign_id, part, parts, name, recipient_count,
    payload_sha256, state, attempt_started_at, api_batch_id, created_at, last_error,
    tracking_done, attempt_horizon, claim FROM batches";

fn part_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Part> {
    Ok(Part {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        part: count(r.get(2)?),
        parts: count(r.get(3)?),
        name: r.get(4)?,
        recipient_count: count(r.get(5)?),
        payload_sha256: r.get(6)?,
        state: LaunchState::parse(&r.get::<_, String>(7)?),
        attempt_started_at: r.get::<_, Option<i64>>(8)?.map(from_ms),
        api_batch_id: r.get(9)?,
        created_at: r.get::<_, Option<i64>>(10)?.map(from_ms),
        last_error: r.get(11)?,
        tracking_done: r.get(12)?,
        attempt_horizon: r.get::<_, Option<i64>>(13)?.map(from_ms),
        claim: r.get(14)?,
    })
}

const SNAPSHOT_SELECT: &str = "SELECT at, status, scheduled, dispatched, finished, retry_count,
    by_status, by_outcome FROM snapshots";

fn snapshot_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Snapshot> {
    // A damaged count map shows as empty rather than hiding the whole history.
    let map = |s: String| serde_json::from_str(&s).unwrap_or_default();
    Ok(Snapshot {
        at: from_ms(r.get(0)?),
        status: r.get(1)?,
        scheduled: count(r.get(2)?),
        dispatched: count(r.get(3)?),
        finished: count(r.get(4)?),
        retry_count: count(r.get(5)?),
        by_status: map(r.get(6)?),
        by_outcome: map(r.get(7)?),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn recipients(n: usize) -> Vec<NewRecipient> {
        (0..n)
            .map(|i| NewRecipient {
                to_number: format!("+1415555{:04}", i % 10_000),
                metadata: Some(
                    serde_json::json!({"first_name": "Ada", "row": i})
                        .as_object()
                        .cloned()
                        .unwrap(),
                ),
            })
            .collect()
    }

    #[test]
    fn a_full_disk_is_reported_and_earlier_data_survives() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("b.db")).unwrap();
        let wizard = serde_json::json!({"step": 2});
        store
            .save_draft("d1", &wizard, &recipients(10), Some("list.csv"), None)
            .unwrap();
        // SQLite's own page cap behaves exactly as a full disk would (SQLITE_FULL).
        store.raw(|c| {
            let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            c.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
        });
        let err = store
            .save_draft("d2", &wizard, &recipients(20_000), Some("big.csv"), None)
            .unwrap_err();
        assert!(matches!(err, Error::DiskFull), "{err:?}");
        assert!(err.to_string().contains("disk is full"), "{err}");
        let kept = store.load_draft("d1").unwrap().unwrap();
        assert_eq!(kept.recipients.len(), 10);
        assert!(store.load_draft("d2").unwrap().is_none());
    }

    #[test]
    fn a_created_part_is_never_demoted_by_a_late_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("b.db")).unwrap();
        let req = CreateBatchRequest::new("A", "agent", "num", recipients(3));
        let id = store
            .create_campaign(
                &NewCampaign {
                    name: "A".into(),
                    ..NewCampaign::default()
                },
                &[req],
            )
            .unwrap();
        let part = store.parts(id).unwrap().remove(0);
        store.mark_sending(part.id, Utc::now()).unwrap();
        store.mark_created(part.id, "acb_1").unwrap();
        store.mark_failed(part.id, "late").unwrap();
        store.mark_unconfirmed(part.id, "late").unwrap();
        store.mark_sending(part.id, Utc::now()).unwrap();
        let part = store.part(part.id).unwrap();
        assert_eq!(part.state, LaunchState::Created);
        assert_eq!(part.api_batch_id.as_deref(), Some("acb_1"));
        assert!(matches!(
            store.mark_failed(999, "x"),
            Err(Error::NotFound { .. })
        ));
    }
}
