//! A campaign's compliance record: what a lawyer asks about a calling campaign, in one
//! printable page and the same as a spreadsheet.
//!
//! Who launched it (the computer's user name) and when, the words they ticked on Confirm, the
//! calling hours and the state rules applied (and any turned off, with the reason given), the
//! do-not-call list, each number's consent as the list gave it, and every attempt with its time
//! in the recipient's own local time (the zone the plan placed them in) and how it ended; then
//! the campaign's history (moves for the night or an edit, retries, cancels).
//!
//! [`Record`] is plain data; [`html`] and [`csv`] are pure functions of it (the HTML is one
//! self-contained file: inline CSS, no scripts, every value escaped). [`gather`] reads it from
//! the store and Cartesia.

mod gather;
pub mod history;
mod render;

pub use gather::gather;
pub use history::{campaign_history, history, when_words, HistoryContext, HistoryLine};
pub use render::{csv, html};

use crate::error::Result;
use crate::store::{CampaignId, Store};
use cartesia::Client;
use chrono::{DateTime, Utc};
use whereabouts::Tz;

/// A record's two files, as saved: the printable page and the spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFiles {
    /// `Spring compliance record.html`, its content.
    pub html: (String, Vec<u8>),
    /// `Spring compliance record.csv`, its content.
    pub csv: (String, Vec<u8>),
}

/// The campaign's compliance record as its two files, as of `now`, campaign-level times told
/// in `zone` (the manager's IANA zone; UTC when it isn't one).
pub async fn record_files(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
    zone: &str,
    now: DateTime<Utc>,
) -> Result<RecordFiles> {
    let record = gather(
        client,
        store,
        campaign_id,
        zone.parse().unwrap_or(Tz::UTC),
        now,
    )
    .await?;
    Ok(RecordFiles {
        html: (
            crate::record_file(&record.name, "html"),
            html(&record).into_bytes(),
        ),
        csv: (crate::record_file(&record.name, "csv"), csv(&record)?),
    })
}

/// One dial attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// When the call started (`None`: it never connected to a start time).
    pub started: Option<DateTime<Utc>>,
    pub ended: Option<DateTime<Utc>>,
    /// How it ended, in the words of the results ("No answer", "Answered").
    pub outcome: String,
    /// Why, in words ("Nobody answered").
    pub why: Option<String>,
}

/// One recipient: the number, where the plan placed them, their consent and their attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// E.164.
    pub number: String,
    /// The spreadsheet row, when kept (with the consent).
    pub row: Option<u64>,
    pub consent: Option<String>,
    /// The time zone the plan placed them in (`None`: unknown).
    pub zone: Option<Tz>,
    /// Their state or province, "US-FL", when known.
    pub region: Option<String>,
    /// Where they stand now, as the results say it ("Answered", "Not dialed").
    pub status: String,
    pub attempts: Vec<Attempt>,
}

/// A state rule as the record tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleApplied {
    /// "Florida".
    pub name: String,
    /// "8 am–8 pm, at most 3 calls a day to one person".
    pub terms: String,
    pub source: String,
    /// When the rule was off for this campaign: what the audit log says of it (the state,
    /// why and when).
    pub off: Option<String>,
}

/// What the record says of the do-not-call list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DncFigures {
    /// The account list's size when the campaign was launched, when recorded.
    pub list_size: Option<u64>,
    /// Numbers of the list taken out of this campaign, when recorded.
    pub taken_out: Vec<String>,
    /// Anything else to say, in words (e.g. what isn't known for an older campaign).
    pub note: Option<String>,
}

/// Everything a compliance record says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    /// When the record was made.
    pub made_at: DateTime<Utc>,
    /// The zone campaign-level times are told in (the manager's).
    pub zone: Tz,
    pub created_at: DateTime<Utc>,
    /// When its first part was sent.
    pub launched_at: Option<DateTime<Utc>>,
    pub launched_by: Option<String>,
    pub acknowledgement: Option<String>,
    pub agent: String,
    pub from_number: Option<String>,
    pub source_file: Option<String>,
    pub source_sha256: Option<String>,
    pub recipients: u32,
    pub parts: u32,
    /// "Mon–Sat, 9:00–20:00 in each recipient's local time; US federal holidays skipped".
    pub hours: Option<String>,
    /// The state rules that touch the list (and any turned off for it).
    pub rules: Vec<RuleApplied>,
    pub dnc: DncFigures,
    /// The consent column's name, when the list had one.
    pub consent_column: Option<String>,
    pub people: Vec<Person>,
    /// What happened, oldest first.
    pub history: Vec<HistoryLine>,
}

/// Notes in the campaign's audit log that its record was saved, under which names. Not being
/// able to note it doesn't take the saved files away (the failure is logged).
pub fn note_saved(store: &Store, campaign_id: CampaignId, page: &str, sheet: &str) {
    let detail = format!("compliance record saved as {page} and {sheet}");
    if let Err(e) = store.audit(
        crate::store::AuditKind::Exported,
        &crate::store::AuditEntry {
            campaign_id: Some(campaign_id),
            detail: Some(&detail),
            ..crate::store::AuditEntry::default()
        },
    ) {
        tracing::warn!("the saved record was not noted in the audit log: {e}");
    }
}

impl RecordFiles {
    /// The names the two files are saved under when the person chose `chosen` (a file name, its
    /// extension whatever it is): the page as `{name}.html`, the spreadsheet next to it as
    /// `{name}.csv`; the record's own names when the chosen one has no name part.
    pub fn names_for(&self, chosen: &std::path::Path) -> (String, String) {
        let stem = chosen
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| self.html.0.trim_end_matches(".html").to_string());
        (format!("{stem}.html"), format!("{stem}.csv"))
    }
}

#[cfg(test)]
mod tests {
    use super::RecordFiles;
    use std::path::Path;

    #[test]
    fn the_spreadsheet_is_saved_next_to_the_page_under_the_chosen_name() {
        let files = RecordFiles {
            html: ("Spring compliance record.html".into(), Vec::new()),
            csv: ("Spring compliance record.csv".into(), Vec::new()),
        };
        let names = |p: &str| files.names_for(Path::new(p));
        assert_eq!(
            names("/tmp/For the lawyer.html"),
            ("For the lawyer.html".into(), "For the lawyer.csv".into())
        );
        assert_eq!(
            names("/tmp/audit"),
            ("audit.html".into(), "audit.csv".into())
        );
        assert_eq!(
            names("/tmp/ .html"),
            (
                "Spring compliance record.html".into(),
                "Spring compliance record.csv".into()
            )
        );
    }
}
