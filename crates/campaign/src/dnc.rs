//! The account's do-not-call list as a person works with it: a file of any size imported with
//! the recipient importer (the same reading, the same numbers, the same row report), a number
//! added or removed by hand with a reason, the list searched a page at a time and saved as a
//! spreadsheet, and every new campaign's recipients checked against it
//! ([`crate::draft::ImportSession::leave_out_listed`]).
//!
//! The list itself is kept by the store ([`Store::dnc_add_each`] and its neighbours), which
//! writes every change to the audit log in the same transaction. This module holds the rules
//! around it: a reason is required to add or remove by hand, a removal must be confirmed, a
//! number is read exactly as a recipient's would be.

use crate::draft::{Problem, PROBLEMS_SHOWN};
use crate::store::{DncEntry, DncSource, NewDncEntry, Store};
use chrono::{DateTime, Utc};
use recipients::{Cancel, ColumnMapping, Country, ImportError, ImportOptions, Metadata};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use whereabouts::Tz;

/// Why a campaign's recipient was left out because the list holds their number, as the
/// campaign's record keeps it (`campaigns.left_out`).
pub const LEFT_OUT_REASON: &str = "On your do-not-call list.";

/// The headings of the exported list, in order.
pub const EXPORT_COLUMNS: [&str; 4] = ["Number", "Added", "From", "Why"];

/// How many examples of a file's rows [`look`] gives for choosing its phone column.
pub const EXAMPLE_ROWS: usize = 3;

/// What went wrong with the list, in words that say what to do.
#[derive(Debug, thiserror::Error)]
pub enum DncError {
    /// The file couldn't be read as a list (or its reading was cancelled).
    #[error(transparent)]
    File(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] crate::Error),
    /// A typed number that isn't one.
    #[error("\"{value}\" is {reason}. Check the number and try again.")]
    Number { value: String, reason: String },
    #[error("Type the phone number to add.")]
    NoNumber,
    #[error(
        "Write why, for example \"asked not to be called on 3 March\". The reason is kept in the \
         list's history."
    )]
    NoReason,
    #[error("{number} is already on your do-not-call list (added {added}).")]
    AlreadyListed { number: String, added: String },
    #[error("{number} is no longer on your do-not-call list. Nothing was changed.")]
    NotListed { number: String },
    #[error(
        "{number} was not removed: confirm that this number may be called again, then remove it."
    )]
    NotConfirmed { number: String },
    #[error(transparent)]
    Save(#[from] userfile::SaveError),
    #[error("The list couldn't be written as a spreadsheet ({0}). Try again.")]
    Export(String),
}

/// A file about to be imported: its columns, the one that looks like phone numbers, and the
/// first rows, so the person can pick the right column when there are several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DncFile {
    pub file_name: String,
    pub columns: Vec<String>,
    /// The column that looks like phone numbers, if one does.
    pub phone_column: Option<String>,
    /// The first rows, cell by cell.
    pub examples: Vec<Vec<String>>,
}

/// How to import a file into the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DncImportChoices {
    /// Two-letter country for numbers written without a country code (Settings' default).
    pub country: String,
    /// The column with the numbers; `None`: the one that looks like phone numbers.
    pub phone_column: Option<String>,
    /// Why these numbers are on the list, kept with each; optional for a file.
    pub reason: Option<String>,
}

/// What importing a file did, in the shape the recipient import reports in: the numbers added,
/// those already listed, rows repeating an earlier row, and the refused rows by spreadsheet row.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DncImportReport {
    pub file_name: String,
    pub phone_column: String,
    /// Data rows read.
    pub rows: u32,
    pub added: u32,
    /// Numbers the list held already (their first entry is kept).
    pub already: u32,
    /// Rows with the same number as an earlier row of the file.
    pub repeated: u32,
    /// The first refused rows, with why.
    pub refused: Vec<Problem>,
    pub refused_total: u32,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DncPage {
    /// Every number on the list, whatever the search.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    pub entries: Vec<DncEntry>,
    /// More entries match after this page.
    pub more: bool,
}

/// A recipient the list took out of a campaign's file, as the Review step lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ListedRow {
    /// Spreadsheet row.
    pub row: u32,
    pub number: String,
    /// Their name, when the file has a name column.
    pub name: Option<String>,
}

/// The exported list: where it was saved and how many numbers it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub path: PathBuf,
    pub numbers: u64,
}

fn options(country: &str, phone_column: Option<String>) -> Result<ImportOptions, ImportError> {
    Ok(ImportOptions {
        country: Country::from_code(country)?,
        phone_column,
        ..ImportOptions::default()
    })
}

/// Looks at a file before importing it: its columns, the phone column guessed as the wizard
/// guesses it, and its first rows.
pub fn look(
    bytes: &[u8],
    file_name: &str,
    country: &str,
    cancel: &Cancel,
) -> Result<DncFile, DncError> {
    let preview =
        recipients::preview_cancellable(bytes, file_name, &options(country, None)?, cancel)?;
    Ok(DncFile {
        file_name: file_name.to_owned(),
        columns: preview.columns,
        phone_column: preview.phone_column,
        examples: preview
            .rows
            .into_iter()
            .take(EXAMPLE_ROWS)
            .map(|r| r.cells)
            .collect(),
    })
}

/// Imports a file into the list in one transaction: every number the recipient importer
/// reads from its phone column (other columns are not kept). `cancel` stops it with
/// [`ImportError::Cancelled`], the list left as it was.
pub fn import(
    store: &Store,
    bytes: &[u8],
    file_name: &str,
    choices: &DncImportChoices,
    cancel: &Cancel,
    now: DateTime<Utc>,
) -> Result<DncImportReport, DncError> {
    let mut options = options(&choices.country, choices.phone_column.clone())?;
    // Only the numbers are kept: the other columns are not read into call data at all.
    let preview = recipients::preview_cancellable(bytes, file_name, &options, cancel)?;
    let phone = options.phone_column.clone().or(preview.phone_column);
    options.mapping = ColumnMapping {
        exclude: preview
            .columns
            .into_iter()
            .filter(|c| Some(c) != phone.as_ref())
            .collect(),
        rename: Vec::new(),
    };
    let report = recipients::import_cancellable(bytes, file_name, &options, cancel)?;
    let reason = choices
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    // In the list's order: each insert then lands next to the one before in the index, which
    // adds a million-number file well over twice as fast as in the file's order.
    let mut numbers: Vec<&str> = report
        .recipients
        .iter()
        .map(|r| r.to_number.as_str())
        .collect();
    numbers.sort_unstable();
    let added = store
        .dnc_add_each(
            numbers.iter().map(|number| NewDncEntry { number, reason }),
            DncSource::File,
            Some(file_name),
            None,
            now,
            || !cancel.is_cancelled(),
        )?
        .ok_or_else(|| ImportError::Cancelled {
            file: file_name.to_owned(),
        })?;
    let mut refused: Vec<Problem> = report.rejected.iter().map(Problem::rejected).collect();
    let refused_total = clamp(refused.len() as u64);
    refused.truncate(PROBLEMS_SHOWN);
    Ok(DncImportReport {
        file_name: file_name.to_owned(),
        phone_column: report.phone_column,
        rows: clamp(report.rows),
        added: added.added,
        already: added.already,
        repeated: clamp(report.duplicates.len() as u64),
        refused,
        refused_total,
    })
}

/// Adds one number typed by hand, read as a recipient's number would be (`country` for
/// numbers without a country code); a reason is required.
pub fn add_by_hand(
    store: &Store,
    typed: &str,
    country: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DncEntry, DncError> {
    let number = read_number(typed, country)?;
    let reason = required(reason)?;
    if let Some(listed) = store.dnc_entry(&number)? {
        return Err(DncError::AlreadyListed {
            number,
            added: added_words(&listed),
        });
    }
    store.dnc_add(
        &[NewDncEntry {
            number: &number,
            reason: Some(reason),
        }],
        DncSource::Hand,
        None,
        None,
        now,
    )?;
    store
        .dnc_entry(&number)?
        .ok_or(DncError::NotListed { number })
}

/// Takes a number off the list, only when the person confirmed it may be called again and
/// said why (both kept in the audit log).
pub fn remove(
    store: &Store,
    number: &str,
    reason: &str,
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<(), DncError> {
    let reason = required(reason)?;
    if !confirmed {
        return Err(DncError::NotConfirmed {
            number: number.to_owned(),
        });
    }
    if store.dnc_remove(number, reason, now)? {
        Ok(())
    } else {
        Err(DncError::NotListed {
            number: number.to_owned(),
        })
    }
}

/// One page of the list, newest first: entries whose number, file or campaign, or reason
/// contains `search`. A search typed like a phone number ("(415) 555-01") matches the digits.
pub fn page(store: &Store, search: &str, offset: u32, limit: u32) -> Result<DncPage, DncError> {
    let mut entries = store.dnc_page(&search_text(search), offset, limit.saturating_add(1))?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    Ok(DncPage {
        total: store.dnc_count()?,
        entries,
        more,
    })
}

/// Which of `numbers` (E.164) are on the list.
pub fn listed_among<'n>(
    store: &Store,
    numbers: impl IntoIterator<Item = &'n str>,
) -> Result<HashSet<String>, DncError> {
    Ok(store.dnc_listed_among(numbers)?)
}

/// The file name the list is saved under on `now`'s date in `zone`.
pub fn export_file_name(now: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "Do-not-call list {}.csv",
        now.with_timezone(&zone).format("%Y-%m-%d")
    )
}

/// Saves the whole list as a new CSV file in `folder` (Number, Added, From, Why; times in
/// `time_zone`, the person's), written as it is read from the store: a list of any size is
/// never held in memory. The file appears whole or not at all.
pub fn export_csv(
    store: &Store,
    folder: &Path,
    time_zone: &str,
    now: DateTime<Utc>,
) -> Result<Exported, DncError> {
    let zone = time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    let name = export_file_name(now, zone);
    let (to_file, chunks) = sync_channel::<Chunk>(4);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_csv(store, zone, to_file));
        let saved = userfile::save_new_file(folder, &name, Chunks::new(chunks));
        let numbers = writer
            .join()
            .map_err(|_| DncError::Export("the writer stopped".into()))?;
        let path = saved?;
        Ok(Exported {
            path,
            numbers: numbers?,
        })
    })
}

/// A piece of the CSV file, or why the list couldn't be read.
type Chunk = Result<Vec<u8>, String>;

/// How much of the file travels at a time from the store's reader to the file.
const CHUNK_BYTES: usize = 64 * 1024;

/// Reads the list from the store as CSV, a chunk at a time, into `to_file`; how many numbers.
fn write_csv(store: &Store, zone: Tz, to_file: SyncSender<Chunk>) -> Result<u64, DncError> {
    let mut out = csv::Writer::from_writer(ChunkSender {
        buf: "\u{feff}".as_bytes().to_vec(),
        to: to_file.clone(),
    });
    let fail = |e: csv::Error| DncError::Export(e.to_string());
    out.write_record(EXPORT_COLUMNS).map_err(fail)?;
    let mut numbers = 0u64;
    let mut broken: Option<csv::Error> = None;
    let listed = store.dnc_each(|e| {
        if broken.is_some() {
            return;
        }
        let record = [
            userfile::neutralize(&e.number, true).into_owned(),
            e.added_at
                .with_timezone(&zone)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string(),
            userfile::neutralize(&from_words(&e), false).into_owned(),
            userfile::neutralize(e.reason.as_deref().unwrap_or(""), false).into_owned(),
        ];
        match out.write_record(&record) {
            Ok(()) => numbers += 1,
            Err(error) => broken = Some(error),
        }
    });
    if let Err(e) = listed {
        // The file must not appear with part of the list: the reader fails the save.
        let _ = to_file.send(Err(e.to_string()));
        return Err(e.into());
    }
    if let Some(error) = broken {
        return Err(fail(error));
    }
    out.flush().map_err(|e| DncError::Export(e.to_string()))?;
    let last = out
        .into_inner()
        .map_err(|e| DncError::Export(e.error().to_string()))?;
    last.to
        .send(Ok(last.buf))
        .map_err(|_| DncError::Export("the file was closed".into()))?;
    Ok(numbers)
}

/// Hands the CSV on in chunks of [`CHUNK_BYTES`].
struct ChunkSender {
    buf: Vec<u8>,
    to: SyncSender<Chunk>,
}

impl Write for ChunkSender {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK_BYTES {
            let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK_BYTES * 2));
            self.to
                .send(Ok(full))
                .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the file was closed"))?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The file's side of the chunks: a reader that ends when the store's reader is done.
struct Chunks {
    from: Receiver<Chunk>,
    current: Vec<u8>,
    at: usize,
}

impl Chunks {
    fn new(from: Receiver<Chunk>) -> Chunks {
        Chunks {
            from,
            current: Vec::new(),
            at: 0,
        }
    }
}

impl Read for Chunks {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.current.len() {
            match self.from.recv() {
                Ok(Ok(next)) => {
                    self.current = next;
                    self.at = 0;
                }
                Ok(Err(why)) => return Err(io::Error::other(why)),
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.current.len() - self.at);
        out[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Where a listed number came from, in words: "File: leads.csv", "Campaign: Spring renewals",
/// "Added by hand".
pub fn from_words(e: &DncEntry) -> String {
    match (e.source, e.source_name.as_deref()) {
        (DncSource::File, Some(name)) => format!("File: {name}"),
        (DncSource::File, None) => "A file".into(),
        (DncSource::Campaign, Some(name)) => format!("Campaign: {name}"),
        (DncSource::Campaign, None) => "A campaign's results".into(),
        (DncSource::Hand, _) => "Added by hand".into(),
    }
}

/// Column names (lower case, letters and digits only) that hold a whole name.
const NAME_KEYS: [&str; 5] = [
    "name",
    "fullname",
    "contactname",
    "customername",
    "recipientname",
];

/// A person's name from their row's columns: a name column ("Name", "Full name", "Contact
/// name"…), else first and last name together.
pub fn person_name(metadata: &Metadata) -> Option<String> {
    let key = |k: &str| -> String {
        k.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let value = |wanted: &[&str]| {
        metadata
            .iter()
            .find(|(k, v)| wanted.contains(&key(k).as_str()) && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
    };
    value(&NAME_KEYS).or_else(|| {
        let first = value(&["firstname", "givenname", "first"]);
        let last = value(&["lastname", "surname", "familyname", "last"]);
        match (first, last) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (f, l) => f.or(l),
        }
    })
}

fn read_number(typed: &str, country: &str) -> Result<String, DncError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(DncError::NoNumber);
    }
    let country = Country::from_code(country)?;
    recipients::normalize(typed, country)
        .map(|n| n.to_string())
        .map_err(|r| DncError::Number {
            value: typed.to_owned(),
            reason: r.reason,
        })
}

fn required(reason: &str) -> Result<&str, DncError> {
    match reason.trim() {
        "" => Err(DncError::NoReason),
        r => Ok(r),
    }
}

fn added_words(e: &DncEntry) -> String {
    let when = e.added_at.format("%-d %B %Y");
    match (e.source, e.source_name.as_deref()) {
        (DncSource::File, Some(name)) => format!("{when} from {name}"),
        (DncSource::Campaign, Some(name)) => format!("{when} from the results of {name}"),
        _ => when.to_string(),
    }
}

/// A search typed like a phone number is matched by its digits, as the list stores them.
fn search_text(search: &str) -> String {
    let s = search.trim();
    let phone_like = s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone_like {
        s.chars().filter(char::is_ascii_digit).collect()
    } else {
        s.to_owned()
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("c.db")).unwrap();
        (dir, store)
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-03T15:04:00Z")
            .unwrap()
            .to_utc()
    }

    fn us() -> DncImportChoices {
        DncImportChoices {
            country: "US".into(),
            ..DncImportChoices::default()
        }
    }

    #[test]
    fn a_file_import_reports_added_already_listed_repeated_and_refused_rows() {
        let (_d, s) = store();
        add_by_hand(&s, "(415) 555-0101", "US", "asked on the phone", now()).unwrap();
        let csv = "Name,Phone,Notes\n\
                   Ada,415-555-0101,x\n\
                   Bob,415 555 0102,y\n\
                   Cy,555-12,z\n\
                   Di,+1 415 555 0102,w\n\
                   Ed,(212) 555-0100,v\n";
        let report = import(
            &s,
            csv.as_bytes(),
            "opt-outs.csv",
            &us(),
            &Cancel::new(),
            now(),
        )
        .unwrap();
        assert_eq!(report.phone_column, "Phone");
        assert_eq!(
            (
                report.rows,
                report.added,
                report.already,
                report.repeated,
                report.refused_total
            ),
            (5, 2, 1, 1, 1)
        );
        assert_eq!(report.refused[0].row, 4, "the spreadsheet's row");
        assert_eq!(report.refused[0].value, "555-12");
        assert_eq!(report.refused[0].reason, "too short for a US number");
        assert_eq!(s.dnc_count().unwrap(), 3);
        let bob = s.dnc_entry("+14155550102").unwrap().unwrap();
        assert_eq!(bob.source, DncSource::File);
        assert_eq!(from_words(&bob), "File: opt-outs.csv");
        let ada = s.dnc_entry("+14155550101").unwrap().unwrap();
        assert_eq!(ada.source, DncSource::Hand, "the first entry is kept");
    }

    #[test]
    fn any_file_the_recipient_importer_reads_can_be_imported() {
        let (_d, s) = store();
        // An Excel 97–2003 workbook: its phone column found among Name, Mobile and Zip.
        let xls = include_bytes!("../../recipients/tests/data/contacts.xls");
        let report = import(&s, xls, "contacts.xls", &us(), &Cancel::new(), now()).unwrap();
        assert_eq!(report.phone_column, "Mobile");
        assert_eq!((report.added, report.refused_total), (2, 1));
        assert!(s.dnc_entry("+12125550142").unwrap().is_some());
        // A CSV saved as UTF-16 with a byte-order mark, numbers written the British way.
        let text = "Téléphone\n020 7946 0958\n";
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let gb = DncImportChoices {
            country: "GB".into(),
            ..DncImportChoices::default()
        };
        let report = import(&s, &utf16, "uk.csv", &gb, &Cancel::new(), now()).unwrap();
        assert_eq!(report.added, 1);
        assert!(s.dnc_entry("+442079460958").unwrap().is_some());
    }

    #[test]
    fn the_phone_column_can_be_chosen_when_a_file_has_several() {
        let (_d, s) = store();
        let csv = b"Office,Mobile\n2125550100,4155550199\n2125550101,4155550198\n";
        let seen = look(csv, "two.csv", "US", &Cancel::new()).unwrap();
        assert_eq!(seen.columns, ["Office", "Mobile"]);
        assert_eq!(seen.examples.len(), 2);
        let choices = DncImportChoices {
            phone_column: Some("Mobile".into()),
            reason: Some("  opted out by text ".into()),
            ..us()
        };
        let report = import(&s, csv, "two.csv", &choices, &Cancel::new(), now()).unwrap();
        assert_eq!(report.added, 2);
        assert!(s.dnc_entry("+12125550100").unwrap().is_none());
        let entry = s.dnc_entry("+14155550199").unwrap().unwrap();
        assert_eq!(entry.reason.as_deref(), Some("opted out by text"));
    }

    #[test]
    fn a_cancelled_import_leaves_the_list_as_it_was() {
        let (_d, s) = store();
        let csv = (0..5_000)
            .map(|i| format!("+1415555{i:04}\n"))
            .collect::<String>();
        let cancel = Cancel::new();
        cancel.cancel();
        let error = import(&s, csv.as_bytes(), "big.csv", &us(), &cancel, now()).unwrap_err();
        assert!(
            matches!(error, DncError::File(ImportError::Cancelled { .. })),
            "{error}"
        );
        assert_eq!(s.dnc_count().unwrap(), 0);
        assert!(s.audit_log(10).unwrap().is_empty());
    }

    #[test]
    fn adding_by_hand_reads_the_number_like_a_recipient_and_needs_a_reason() {
        let (_d, s) = store();
        let short = add_by_hand(&s, "555-12", "US", "asked", now()).unwrap_err();
        assert_eq!(
            short.to_string(),
            "\"555-12\" is too short for a US number. Check the number and try again."
        );
        assert!(matches!(
            add_by_hand(&s, "4155550101", "US", "  ", now()),
            Err(DncError::NoReason)
        ));
        assert!(matches!(
            add_by_hand(&s, " ", "US", "x", now()),
            Err(DncError::NoNumber)
        ));
        assert_eq!(s.dnc_count().unwrap(), 0, "nothing added on a refusal");
        let entry = add_by_hand(&s, "020 7946 0958", "GB", "wrote in", now()).unwrap();
        assert_eq!(entry.number, "+442079460958");
        assert_eq!(from_words(&entry), "Added by hand");
        let again = add_by_hand(&s, "+44 20 7946 0958", "US", "again", now()).unwrap_err();
        assert_eq!(
            again.to_string(),
            "+442079460958 is already on your do-not-call list (added 3 March 2026)."
        );
    }

    #[test]
    fn removing_needs_a_reason_and_a_confirmation() {
        let (_d, s) = store();
        add_by_hand(&s, "4155550101", "US", "asked", now()).unwrap();
        let unconfirmed = remove(&s, "+14155550101", "added by mistake", false, now());
        assert!(matches!(unconfirmed, Err(DncError::NotConfirmed { .. })));
        assert!(matches!(
            remove(&s, "+14155550101", "", true, now()),
            Err(DncError::NoReason)
        ));
        assert_eq!(s.dnc_count().unwrap(), 1, "still listed");
        remove(&s, "+14155550101", "added by mistake", true, now()).unwrap();
        assert_eq!(s.dnc_count().unwrap(), 0);
        assert!(matches!(
            remove(&s, "+14155550101", "again", true, now()),
            Err(DncError::NotListed { .. })
        ));
        let log = s.audit_log(10).unwrap();
        assert!(log[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("added by mistake"));
    }

    #[test]
    fn search_pages_through_and_matches_a_number_as_it_is_typed() {
        let (_d, s) = store();
        let csv = (0..25)
            .map(|i| format!("415555{i:04}\n"))
            .collect::<String>();
        import(
            &s,
            format!("Phone\n{csv}").as_bytes(),
            "list.csv",
            &us(),
            &Cancel::new(),
            now(),
        )
        .unwrap();
        add_by_hand(&s, "2125550100", "US", "angry customer", now()).unwrap();
        let first = page(&s, "", 0, 10).unwrap();
        assert_eq!(
            (first.total, first.entries.len(), first.more),
            (26, 10, true)
        );
        let last = page(&s, "", 20, 10).unwrap();
        assert_eq!((last.entries.len(), last.more), (6, false));
        let typed = page(&s, "(415) 555-0012", 0, 10).unwrap();
        assert_eq!(typed.entries.len(), 1);
        assert_eq!(typed.entries[0].number, "+14155550012");
        assert_eq!(typed.total, 26, "the total is the whole list");
        let why = page(&s, "ANGRY", 0, 10).unwrap();
        assert_eq!(why.entries[0].number, "+12125550100");
        assert_eq!(page(&s, "list.csv", 0, 50).unwrap().entries.len(), 25);
    }

    #[test]
    fn the_export_has_plain_headings_local_times_and_every_number() {
        let (d, s) = store();
        add_by_hand(&s, "4155550101", "US", "=HYPERLINK(\"x\")", now()).unwrap();
        import(
            &s,
            b"Phone\n2125550100\n",
            "spring.csv",
            &us(),
            &Cancel::new(),
            now(),
        )
        .unwrap();
        let folder = d.path().join("Downloads");
        let saved = export_csv(&s, &folder, "America/New_York", now()).unwrap();
        assert_eq!(saved.numbers, 2);
        assert_eq!(
            saved.path.file_name().unwrap().to_string_lossy(),
            "Do-not-call list 2026-03-03.csv"
        );
        let text = std::fs::read_to_string(&saved.path).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "Number,Added,From,Why");
        assert_eq!(
            lines[1],
            "+12125550100,2026-03-03 10:04 EST,File: spring.csv,"
        );
        assert_eq!(
            lines[2],
            "+14155550101,2026-03-03 10:04 EST,Added by hand,\"'=HYPERLINK(\"\"x\"\")\""
        );
        let again = export_csv(&s, &folder, "America/New_York", now()).unwrap();
        assert!(again.path.ends_with("Do-not-call list 2026-03-03 (2).csv"));
    }

    #[test]
    fn a_large_list_is_exported_whole() {
        let (d, s) = store();
        let numbers: Vec<String> = (0..20_000).map(|i| format!("+1415{i:07}")).collect();
        let entries: Vec<_> = numbers
            .iter()
            .map(|n| NewDncEntry {
                number: n,
                reason: None,
            })
            .collect();
        s.dnc_add(&entries, DncSource::File, Some("big.csv"), None, now())
            .unwrap();
        let saved = export_csv(&s, d.path(), "UTC", now()).unwrap();
        assert_eq!(saved.numbers, 20_000);
        let text = std::fs::read_to_string(&saved.path).unwrap();
        assert_eq!(text.lines().count(), 20_001);
        assert!(text.lines().last().unwrap().starts_with("+14150019999,"));
    }

    #[test]
    fn a_name_is_found_in_the_usual_columns() {
        let m = Metadata::from_pairs([("First name", "Ana"), ("Last_Name", "Ruiz")]);
        assert_eq!(person_name(&m).as_deref(), Some("Ana Ruiz"));
        let m = Metadata::from_pairs([("Full Name", "Bo Li"), ("first", "Bo")]);
        assert_eq!(person_name(&m).as_deref(), Some("Bo Li"));
        let m = Metadata::from_pairs([("Company", "Acme")]);
        assert_eq!(person_name(&m), None);
    }
}
