//! The account's do-not-call list: numbers (E.164) no campaign of this computer may dial, each
//! with when, from where and why it was added. Adding and removing are written to the audit log
//! in the same transaction, so the list and its history never disagree.

use super::audit::insert_audit;
use super::{from_ms, ms, AuditEntry, AuditKind, CampaignId, Store};
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::collections::HashSet;

/// Where a listed number came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum DncSource {
    /// Imported from a file (its name in `source_name`).
    File,
    /// Marked "Don't call again" from a campaign's results (its name in `source_name`).
    Campaign,
    /// Typed in by hand.
    Hand,
}

impl DncSource {
    fn as_str(self) -> &'static str {
        match self {
            DncSource::File => "file",
            DncSource::Campaign => "campaign",
            DncSource::Hand => "hand",
        }
    }

    fn parse(s: &str) -> DncSource {
        match s {
            "file" => DncSource::File,
            "campaign" => DncSource::Campaign,
            _ => DncSource::Hand,
        }
    }
}

/// A number to add to the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDncEntry<'a> {
    /// E.164, as the recipient importer writes it.
    pub number: &'a str,
    /// Why, as the person wrote it or as Batchline says it ("opted out on the call").
    pub reason: Option<&'a str>,
}

/// A listed number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DncEntry {
    pub number: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub added_at: DateTime<Utc>,
    pub source: DncSource,
    /// The file's or campaign's name.
    pub source_name: Option<String>,
    pub reason: Option<String>,
}

/// What adding many numbers did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DncAdded {
    /// Numbers new to the list.
    pub added: u32,
    /// Numbers that were on it already (their first entry is kept).
    pub already: u32,
}

impl Store {
    /// Makes this store read and write the do-not-call list of `home` instead of its own: the
    /// practice store uses the account's, so there is one list whatever the mode, and a number
    /// marked in practice is on the page and checked at every launch. Set once; `false` when it
    /// already was.
    pub fn keep_dnc_list_in(&self, home: std::sync::Arc<Store>) -> bool {
        self.list_home.set(home).is_ok()
    }

    /// The store keeping the list, when it is not this one.
    pub(super) fn list_home(&self) -> Option<&Store> {
        self.list_home.get().map(|s| s.as_ref())
    }

    /// Adds numbers to the list in one transaction, with one audit entry saying how many and from
    /// where; numbers already listed keep their first entry. `campaign_id` ties the audit entry
    /// to a campaign when they came from its results.
    pub fn dnc_add(
        &self,
        entries: &[NewDncEntry<'_>],
        source: DncSource,
        source_name: Option<&str>,
        campaign_id: Option<CampaignId>,
        now: DateTime<Utc>,
    ) -> Result<DncAdded> {
        let added = self.dnc_add_each(
            entries.iter().cloned(),
            source,
            source_name,
            campaign_id,
            now,
            || true,
        )?;
        Ok(added.unwrap_or_default())
    }

    /// [`Store::dnc_add`] for numbers as they come (a file of any size, never copied whole),
    /// asking `keep_going` every few thousand: when it says no, nothing is written and the
    /// answer is `None`.
    pub fn dnc_add_each<'e>(
        &self,
        entries: impl IntoIterator<Item = NewDncEntry<'e>>,
        source: DncSource,
        source_name: Option<&str>,
        campaign_id: Option<CampaignId>,
        now: DateTime<Utc>,
        mut keep_going: impl FnMut() -> bool,
    ) -> Result<Option<DncAdded>> {
        if let Some(home) = self.list_home() {
            return home.dnc_add_each(entries, source, source_name, None, now, keep_going);
        }
        self.with(|c| {
            let tx = c.transaction()?;
            let mut added = DncAdded::default();
            // The only entry's words, for the audit entry of a number added alone.
            let mut only: Option<(String, Option<String>)> = None;
            let mut seen = 0u64;
            {
                let mut st = tx.prepare_cached(
                    "INSERT OR IGNORE INTO do_not_call
                        (number, added_at, source_kind, source_name, reason)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                for e in entries {
                    if seen.is_multiple_of(4096) && !keep_going() {
                        // Dropped without a commit: rolled back, the list as it was.
                        return Ok(None);
                    }
                    seen += 1;
                    if seen == 1 {
                        only = Some((e.number.to_owned(), e.reason.map(str::to_owned)));
                    }
                    let n = st.execute(params![
                        e.number,
                        ms(now),
                        source.as_str(),
                        source_name,
                        e.reason
                    ])?;
                    if n == 1 {
                        added.added += 1;
                    } else {
                        added.already += 1;
                    }
                }
            }
            if added.added > 0 {
                count_change(&tx)?;
                let detail = match (only, seen, added.added) {
                    (Some((number, reason)), 1, 1) => format!(
                        "{number} added to the do-not-call list{}",
                        reason.map(|r| format!(": {r}")).unwrap_or_default()
                    ),
                    _ => format!("{} numbers added to the do-not-call list", added.added),
                };
                insert_audit(
                    &tx,
                    ms(now),
                    AuditKind::DncAdded,
                    &AuditEntry {
                        campaign_id,
                        file_name: (source == DncSource::File).then_some(source_name).flatten(),
                        detail: Some(&detail),
                        ..AuditEntry::default()
                    },
                )?;
            }
            tx.commit()?;
            Ok(Some(added))
        })
    }

    /// Takes a number off the list, writing why to the audit log in the same transaction.
    /// `false` when it was not listed (nothing written).
    pub fn dnc_remove(&self, number: &str, reason: &str, now: DateTime<Utc>) -> Result<bool> {
        if let Some(home) = self.list_home() {
            return home.dnc_remove(number, reason, now);
        }
        self.with(|c| {
            let tx = c.transaction()?;
            let gone = tx.execute("DELETE FROM do_not_call WHERE number = ?1", [number])? == 1;
            if gone {
                count_change(&tx)?;
                let detail = format!("{number} taken off the do-not-call list: {reason}");
                insert_audit(
                    &tx,
                    ms(now),
                    AuditKind::DncRemoved,
                    &AuditEntry {
                        detail: Some(&detail),
                        ..AuditEntry::default()
                    },
                )?;
            }
            tx.commit()?;
            Ok(gone)
        })
    }

    /// Which of `numbers` are listed (one indexed look-up each, in one read transaction).
    pub fn dnc_listed_among<'n>(
        &self,
        numbers: impl IntoIterator<Item = &'n str>,
    ) -> Result<HashSet<String>> {
        if let Some(home) = self.list_home() {
            return home.dnc_listed_among(numbers);
        }
        self.with(|c| {
            let tx = c.transaction()?;
            let mut found = HashSet::new();
            {
                let mut st = tx.prepare_cached("SELECT 1 FROM do_not_call WHERE number = ?1")?;
                for n in numbers {
                    if !found.contains(n) && st.exists([n])? {
                        found.insert(n.to_owned());
                    }
                }
            }
            tx.commit()?;
            Ok(found)
        })
    }

    /// One listed number's entry.
    pub fn dnc_entry(&self, number: &str) -> Result<Option<DncEntry>> {
        if let Some(home) = self.list_home() {
            return home.dnc_entry(number);
        }
        self.with(|c| {
            c.query_row(
                "SELECT number, added_at, source_kind, source_name, reason FROM do_not_call
                 WHERE number = ?1",
                [number],
                entry,
            )
            .optional()
        })
    }

    /// How many numbers are listed.
    pub fn dnc_count(&self) -> Result<u64> {
        if let Some(home) = self.list_home() {
            return home.dnc_count();
        }
        self.with(|c| {
            c.query_row("SELECT COUNT(*) FROM do_not_call", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| u64::try_from(n).unwrap_or(0))
        })
    }

    /// Listed numbers whose number, file/campaign name or reason contains `search` (all when
    /// empty), newest first, `limit` from `offset`.
    pub fn dnc_page(&self, search: &str, offset: u32, limit: u32) -> Result<Vec<DncEntry>> {
        if let Some(home) = self.list_home() {
            return home.dnc_page(search, offset, limit);
        }
        let pattern = format!(
            "%{}%",
            search
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT number, added_at, source_kind, source_name, reason FROM do_not_call
                 WHERE ?1 = '%%' OR number LIKE ?1 ESCAPE '\\'
                    OR source_name LIKE ?1 ESCAPE '\\' OR reason LIKE ?1 ESCAPE '\\'
                 ORDER BY added_at DESC, number LIMIT ?2 OFFSET ?3",
            )?;
            let rows = st.query_map(params![pattern, limit, offset], entry)?;
            rows.collect()
        })
    }

    /// Every listed number, oldest first, handed to `each` one at a time (for an export of any
    /// size without holding the list in memory).
    pub fn dnc_each(&self, mut each: impl FnMut(DncEntry)) -> Result<()> {
        if let Some(home) = self.list_home() {
            return home.dnc_each(each);
        }
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT number, added_at, source_kind, source_name, reason FROM do_not_call
                 ORDER BY added_at, number",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                each(entry(r)?);
            }
            Ok(())
        })
    }
}

/// Counts a change of the list, in the changing transaction (see `Store::dnc_mark`).
fn count_change(tx: &rusqlite::Connection) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE dnc_changes SET changes = changes + 1 WHERE id = 1",
        [],
    )?;
    Ok(())
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<DncEntry> {
    Ok(DncEntry {
        number: r.get(0)?,
        added_at: from_ms(r.get(1)?),
        source: DncSource::parse(&r.get::<_, String>(2)?),
        source_name: r.get(3)?,
        reason: r.get(4)?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("c.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn numbers_are_added_once_removed_with_a_reason_and_both_are_audited() {
        let (_d, s) = store();
        let now = Utc::now();
        let one = [NewDncEntry {
            number: "+14155550101",
            reason: Some("asked on the phone"),
        }];
        let added = s.dnc_add(&one, DncSource::Hand, None, None, now).unwrap();
        assert_eq!(
            added,
            DncAdded {
                added: 1,
                already: 0
            }
        );
        let again = s
            .dnc_add(&one, DncSource::File, Some("dnc.csv"), None, now)
            .unwrap();
        assert_eq!(
            again,
            DncAdded {
                added: 0,
                already: 1
            }
        );
        let e = s.dnc_entry("+14155550101").unwrap().unwrap();
        assert_eq!(e.source, DncSource::Hand, "the first entry is kept");
        let listed = s
            .dnc_listed_among(["+14155550101", "+14155550102"])
            .unwrap();
        assert_eq!(listed.len(), 1);
        // The change counter moves with each change, and only then.
        let mark = s.dnc_mark().unwrap();
        s.dnc_add(&one, DncSource::Hand, None, None, now).unwrap();
        assert_eq!(s.dnc_mark().unwrap(), mark, "nothing new: no change");
        assert!(!s.dnc_remove("+14155550102", "typo", now).unwrap());
        assert_eq!(s.dnc_mark().unwrap(), mark);
        assert!(s
            .dnc_remove("+14155550101", "added by mistake", now)
            .unwrap());
        assert_eq!(s.dnc_count().unwrap(), 0);
        let log = s.audit_log(10).unwrap();
        let kinds: Vec<_> = log.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["dnc_removed", "dnc_added"]);
        assert!(log[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("added by mistake"));
    }

    #[test]
    fn a_store_told_to_keep_its_list_elsewhere_reads_and_writes_only_that_list() {
        let (_d, account) = store();
        let account = std::sync::Arc::new(account);
        let (_p, practice) = store();
        let now = Utc::now();
        let one = |n| NewDncEntry {
            number: n,
            reason: Some("asked"),
        };
        account
            .dnc_add(&[one("+14155550101")], DncSource::Hand, None, None, now)
            .unwrap();
        assert!(practice.keep_dnc_list_in(account.clone()));
        assert!(!practice.keep_dnc_list_in(account.clone()), "set once");
        assert_eq!(practice.dnc_count().unwrap(), 1);
        assert_eq!(
            practice.dnc_listed_among(["+14155550101"]).unwrap().len(),
            1
        );
        practice
            .dnc_add(
                &[one("+14155550102")],
                DncSource::Campaign,
                Some("Practice"),
                Some(7),
                now,
            )
            .unwrap();
        assert!(account.dnc_entry("+14155550102").unwrap().is_some());
        assert!(practice.dnc_remove("+14155550101", "mistake", now).unwrap());
        assert_eq!(account.dnc_count().unwrap(), 1);
        assert_eq!(practice.dnc_page("", 0, 10).unwrap().len(), 1);
        // The practice file's own table stays empty; the account's log has both changes, with
        // no practice campaign's id in it.
        let own: i64 =
            practice.raw(|c| c.query_row("SELECT COUNT(*) FROM do_not_call", [], |r| r.get(0)));
        assert_eq!(own, 0);
        let log = account.audit_log(10).unwrap();
        assert_eq!(log.len(), 3);
        assert!(log.iter().all(|r| r.campaign_id.is_none()));
    }

    #[test]
    fn search_matches_number_name_and_reason_and_treats_wildcards_as_text() {
        let (_d, s) = store();
        let now = Utc::now();
        let many: Vec<String> = (0..30).map(|i| format!("+1415555{i:04}")).collect();
        let entries: Vec<_> = many
            .iter()
            .map(|n| NewDncEntry {
                number: n,
                reason: None,
            })
            .collect();
        s.dnc_add(
            &entries,
            DncSource::File,
            Some("spring_100%.csv"),
            None,
            now,
        )
        .unwrap();
        assert_eq!(s.dnc_page("", 0, 10).unwrap().len(), 10);
        assert_eq!(s.dnc_page("", 25, 10).unwrap().len(), 5);
        assert_eq!(s.dnc_page("5550012", 0, 50).unwrap().len(), 1);
        assert_eq!(s.dnc_page("100%", 0, 50).unwrap().len(), 30);
        assert_eq!(s.dnc_page("1_0", 0, 50).unwrap().len(), 0);
        let mut seen = 0;
        s.dnc_each(|_| seen += 1).unwrap();
        assert_eq!(seen, 30);
    }
}
