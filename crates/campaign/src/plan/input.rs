//! What a plan is made from: the recipients as sent, the file they came from, the start, and
//! the names of the campaign and its parts.

use super::PlanError;
use crate::store::sha256_hex;
use cartesia::NewRecipient;
use chrono::{DateTime, Utc};
use recipients::Recipient;
/// What Cartesia is sent for one imported recipient: the number, and the row's other columns as
/// call data (text, as imported, in column order).
pub fn new_recipient(r: &Recipient) -> NewRecipient {
    NewRecipient {
        to_number: r.to_number.clone(),
        metadata: (!r.metadata.is_empty()).then(|| {
            r.metadata
                .iter()
                .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
                .collect()
        }),
    }
}

/// [`new_recipient`] without the call-data column `skip` (the consent column, kept here only).
pub(crate) fn new_recipient_without(r: &Recipient, skip: Option<&str>) -> NewRecipient {
    let mut sent = new_recipient(r);
    if let (Some(skip), Some(map)) = (skip, sent.metadata.as_mut()) {
        map.remove(skip);
        if map.is_empty() {
            sent.metadata = None;
        }
    }
    sent
}

/// The recipient file a campaign came from: its name (not its path) and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub name: String,
    pub sha256: String,
}

impl SourceFile {
    pub fn of(name: impl Into<String>, bytes: &[u8]) -> SourceFile {
        SourceFile {
            name: name.into(),
            sha256: sha256_hex(bytes),
        }
    }
}

/// When calling starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Now,
    /// At this instant; `time_zone` is the zone the person picked it in (e.g.
    /// `America/New_York`), kept to show the time as they think of it.
    At {
        utc: DateTime<Utc>,
        time_zone: Option<String>,
    },
}

impl Start {
    /// A start time written as RFC 3339 with its offset (`2026-03-02T09:00:00-05:00`).
    pub fn at(text: &str, time_zone: Option<String>) -> Result<Start, PlanError> {
        let utc = DateTime::parse_from_rfc3339(text.trim())
            .map_err(|_| PlanError::UnreadableStart)?
            .with_timezone(&Utc);
        Ok(Start::At { utc, time_zone })
    }
}

/// The name of part `index` (from 0) of `count`: "Spring leads (part 2 of 3)", or the campaign's
/// own name when it has one part. Every batch Batchline makes is named by it.
pub fn part_name(name: &str, index: usize, count: usize) -> String {
    if count > 1 {
        format!("{name} (part {} of {count})", index + 1)
    } else {
        name.to_owned()
    }
}

/// "spring_leads-2026.csv" → "spring leads 2026"; "Campaign" when nothing is left.
pub(crate) fn name_from_file(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let name = stem.replace(['_', '-'], " ").trim().to_owned();
    if name.is_empty() {
        "Campaign".into()
    } else {
        name
    }
}
