//! The campaign memory on this computer: one SQLite file in the app's data folder.
//!
//! Cartesia keeps batches; it does not know which batches form one campaign, what file they came
//! from, what was about to be sent when the app died, or how progress moved over time. This
//! store keeps exactly that. It is opened with WAL and full sync (a launch's intent must survive
//! a crash or power cut), upgraded in place by versioned migrations, and refuses, without
//! writing a byte, files it does not understand: a newer version's, or a damaged one.
//!
//! The API key is never stored here: nothing in this module accepts one.

mod audit;
mod campaigns;
mod compare;
mod dnc;
mod dnc_parts;
mod drafts;
mod launched;
mod moves;
mod parts;
mod pilot;
mod records;
mod snapshots;
mod test_calls;

pub use audit::{AuditEntry, AuditKind, AuditRecord};
pub use campaigns::{Campaign, NewCampaign, PlannedHours};
pub use dnc::{DncAdded, DncEntry, DncSource, NewDncEntry};
pub use drafts::{Draft, DraftSource};
pub use launched::LaunchKept;
pub use moves::{CarryReason, NewPart};
pub use parts::{LaunchState, Part};
pub use snapshots::{CampaignProgress, Snapshot, WriteStats};
pub use test_calls::{TestCallId, TestCallRecord, TestCallState};

use crate::error::{Error, Result};
use crate::schema::{COMPACT_AFTER_UPGRADE_TO, MIGRATIONS, SCHEMA_VERSION};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// A campaign's row id.
pub type CampaignId = i64;
/// A part's (batch row's) id.
pub type PartId = i64;

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
    /// The store whose do-not-call list this one reads and writes, when not its own (the
    /// practice store uses the account's: one list, whatever the mode).
    list_home: std::sync::OnceLock<std::sync::Arc<Store>>,
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
        if (1..COMPACT_AFTER_UPGRADE_TO).contains(&version) && target >= COMPACT_AFTER_UPGRADE_TO {
            // Gives back the space the upgrade freed (about half of a year's store), once. The
            // store works the same without it: a failure (no room for the copy) only costs disk.
            if let Err(error) = conn.execute_batch("VACUUM") {
                tracing::warn!(
                    "the campaign store could not be compacted after its upgrade: {error}"
                );
            }
        }
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            snapshot_writes: AtomicU64::new(0),
            snapshot_nanos: AtomicU64::new(0),
            list_home: std::sync::OnceLock::new(),
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
}

/// Recipients for the tests here: `n` of them, each with a little metadata.
#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
fn test_recipients(n: usize) -> Vec<cartesia::NewRecipient> {
    (0..n)
        .map(|i| cartesia::NewRecipient {
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
