//! Drafts: the wizard's state for a campaign being set up, with its imported recipients.
//!
//! The recipient file is kept whole with how it was read, so every choice about it can still be
//! changed after a restart; saving the wizard's answers alone stays a quick, frequent write.

use super::{from_ms, ms, sha256_hex, Store};
use crate::error::{Error, Result};
use cartesia::NewRecipient;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::borrow::Cow;

/// The wizard's state for a campaign being set up, with its imported recipients.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    /// The wizard's answers as JSON, given back unchanged: [`crate::draft::DraftSetup`]'s stored
    /// form (`{}` until the first answer is saved).
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

impl Store {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::super::test_recipients as recipients;
    use super::*;

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
}
