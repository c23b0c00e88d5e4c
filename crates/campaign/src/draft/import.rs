//! The recipient file of the campaign being set up: its bytes, the choices made about reading it
//! (country, phone column, sheet, columns kept or renamed, a do-not-call list) and what the last
//! reading made of it. Every choice can be changed, so the file is kept whole, never the result
//! alone.

use crate::plan::new_recipient;
use crate::schedule::LeftOut;
use crate::store::{PlannedHours, Store};
use cartesia::NewRecipient;
use recipients::{
    Cancel, ColumnMapping, Country, ImportError, ImportOptions, ImportReport, Preview, Recipient,
    SuppressionList,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How a file is read. Sent with every (re)import, and kept with the draft.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportChoices {
    /// Two-letter country for numbers written without a country code.
    pub country: String,
    pub phone_column: Option<String>,
    pub sheet: Option<String>,
    pub no_header: bool,
    pub excluded_columns: Vec<String>,
    pub renamed_columns: Vec<ColumnRename>,
    /// The ZIP, state and time-zone columns the recipients are located with; `None`: found in
    /// the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub location_columns: Option<crate::schedule::LocationColumns>,
    /// The column with each person's consent (date and source): kept with the campaign for its
    /// compliance record, never sent to Cartesia as call data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub consent_column: Option<String>,
}

/// A column whose values reach the agent under another name.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ColumnRename {
    pub from: String,
    pub to: String,
}

impl ImportChoices {
    /// The defaults for a new file: numbers without a country code are read as `country`'s,
    /// everything else is detected.
    pub fn for_country(country: &str) -> ImportChoices {
        ImportChoices {
            country: country.to_owned(),
            ..ImportChoices::default()
        }
    }

    /// Whether `column` is the consent column (compared as the Columns step does).
    pub fn is_consent(&self, column: &str) -> bool {
        self.consent_column
            .as_deref()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case(column.trim()))
    }

    fn options(&self, suppression: Option<SuppressionList>) -> Result<ImportOptions, ImportError> {
        // The consent column is read under its own name (the plan keeps it and doesn't send it).
        let not_consent = |c: &&String| !self.is_consent(c);
        Ok(ImportOptions {
            country: Country::from_code(&self.country)?,
            phone_column: self.phone_column.clone(),
            no_header: self.no_header,
            sheet: self.sheet.clone(),
            delimiter: None,
            mapping: ColumnMapping {
                exclude: self
                    .excluded_columns
                    .iter()
                    .filter(not_consent)
                    .cloned()
                    .collect(),
                rename: self
                    .renamed_columns
                    .iter()
                    .filter(|r| !self.is_consent(&r.from))
                    .map(|r| (r.from.clone(), r.to.clone()))
                    .collect(),
            },
            suppression,
        })
    }
}

/// The recipient file of the campaign being set up, and what the last reading made of it.
/// Cheap to clone: the file and the results are shared.
#[derive(Debug, Clone)]
pub struct ImportSession {
    pub file_name: String,
    pub bytes: Arc<Vec<u8>>,
    pub choices: ImportChoices,
    /// A do-not-call file: its name and content.
    pub suppression: Option<(String, Arc<Vec<u8>>)>,
    /// What the last reading found; `None` until the file is read.
    pub report: Option<Arc<ImportReport>>,
    pub preview: Option<Arc<Preview>>,
    /// Who the account's do-not-call list took out of the last reading (no longer in
    /// `report`'s recipients); `None` until it is checked ([`ImportSession::leave_out_listed`]).
    pub on_list: Option<Arc<Vec<Recipient>>>,
}

impl ImportSession {
    /// A file not read yet.
    pub fn new(file_name: String, bytes: Vec<u8>, choices: ImportChoices) -> ImportSession {
        ImportSession {
            file_name,
            bytes: Arc::new(bytes),
            choices,
            suppression: None,
            report: None,
            preview: None,
            on_list: None,
        }
    }

    /// The same file (and do-not-call list) to be read again with other choices.
    pub fn with_choices(self, choices: ImportChoices) -> ImportSession {
        ImportSession {
            choices,
            report: None,
            preview: None,
            on_list: None,
            ..self
        }
    }

    /// The same file with another do-not-call list (`None`: none), to be read again.
    pub fn with_suppression(self, suppression: Option<(String, Vec<u8>)>) -> ImportSession {
        ImportSession {
            suppression: suppression.map(|(name, bytes)| (name, Arc::new(bytes))),
            report: None,
            preview: None,
            on_list: None,
            ..self
        }
    }

    /// Reads the file with its choices. Takes a while for a large workbook: run it off any
    /// thread that must stay responsive; `cancel` stops it with [`ImportError::Cancelled`].
    pub fn read(self, cancel: &Cancel) -> Result<ImportSession, ImportError> {
        let country = Country::from_code(&self.choices.country)?;
        let suppression = match &self.suppression {
            Some((name, bytes)) => Some(SuppressionList::from_file(bytes, name, country)?),
            None => None,
        };
        let options = self.choices.options(suppression)?;
        let report =
            recipients::import_cancellable(&self.bytes, &self.file_name, &options, cancel)?;
        let preview =
            recipients::preview_cancellable(&self.bytes, &self.file_name, &options, cancel)?;
        Ok(ImportSession {
            report: Some(Arc::new(report)),
            preview: Some(Arc::new(preview)),
            on_list: None,
            ..self
        })
    }

    /// Takes the numbers on the account's do-not-call list out of the last reading's
    /// recipients: they are never planned, and the Review step lists them. Checked on every
    /// reading, so a number added since is left out too.
    pub fn leave_out_listed(mut self, store: &Store) -> crate::Result<ImportSession> {
        let Some(report) = self.report.take() else {
            return Ok(self);
        };
        let listed =
            store.dnc_listed_among(report.recipients.iter().map(|r| r.to_number.as_str()))?;
        if listed.is_empty() {
            return Ok(ImportSession {
                report: Some(report),
                on_list: Some(Arc::new(Vec::new())),
                ..self
            });
        }
        let mut report = Arc::unwrap_or_clone(report);
        let (on_list, ready): (Vec<Recipient>, Vec<Recipient>) =
            std::mem::take(&mut report.recipients)
                .into_iter()
                .partition(|r| listed.contains(&r.to_number));
        report.recipients = ready;
        report.batches = report.recipients.len().div_ceil(recipients::MAX_BATCH);
        Ok(ImportSession {
            report: Some(Arc::new(report)),
            on_list: Some(Arc::new(on_list)),
            ..self
        })
    }

    /// The campaign's record with who the account's list took out added to the people left
    /// out (`campaigns.left_out`, reason [`crate::dnc::LEFT_OUT_REASON`]): recorded with the
    /// campaign, in the same transaction.
    pub fn with_listed_left_out(&self, hours: PlannedHours) -> PlannedHours {
        let listed = self.listed_left_out();
        if listed.is_empty() {
            return hours;
        }
        let mut all: Vec<LeftOut> = hours
            .left_out
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default();
        all.extend(listed);
        PlannedHours {
            left_out: serde_json::to_string(&all).ok(),
            ..hours
        }
    }

    /// Who the account's list took out, as the campaign's record keeps them.
    pub fn listed_left_out(&self) -> Vec<LeftOut> {
        self.on_list
            .iter()
            .flat_map(|l| l.iter())
            .map(|r| LeftOut {
                row: r.row,
                to_number: r.to_number.clone(),
                reason: crate::dnc::LEFT_OUT_REASON.to_owned(),
            })
            .collect()
    }

    /// The recipients the last reading found ready to call, as Cartesia is sent them (none
    /// before the file is read).
    pub fn ready(&self) -> Vec<NewRecipient> {
        self.report
            .as_ref()
            .map(|r| r.recipients.iter().map(new_recipient).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn read(csv: &str, choices: ImportChoices) -> Result<ImportSession, ImportError> {
        ImportSession::new("leads.csv".into(), csv.as_bytes().to_vec(), choices)
            .read(&Cancel::new())
    }

    #[test]
    fn choices_change_what_is_read() {
        let csv = "Name,Phone,Notes\nAda,020 7946 0958,x\n";
        let us = read(csv, ImportChoices::for_country("US")).unwrap();
        assert_eq!(us.report.unwrap().recipients.len(), 0, "too short for US");
        let gb = read(
            csv,
            ImportChoices {
                excluded_columns: vec!["Notes".into()],
                renamed_columns: vec![ColumnRename {
                    from: "Name".into(),
                    to: "first_name".into(),
                }],
                ..ImportChoices::for_country("gb")
            },
        )
        .unwrap();
        let report = gb.report.unwrap();
        assert_eq!(report.recipients[0].to_number, "+442079460958");
        let keys: Vec<&str> = report.recipients[0]
            .metadata
            .iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["first_name"]);
    }

    #[test]
    fn an_unknown_country_is_refused_in_words() {
        let error = read("Phone\n4155552671\n", ImportChoices::for_country("Narnia")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"Narnia\" is not a country code this app knows. Use a two-letter code such as US, \
             GB or DE."
        );
    }

    #[test]
    fn a_do_not_call_list_is_applied_and_can_be_removed() {
        let session = ImportSession::new(
            "leads.csv".into(),
            b"Phone\n4155552671\n4155550100\n".to_vec(),
            ImportChoices::for_country("US"),
        )
        .with_suppression(Some(("dnc.csv".into(), b"Phone\n415-555-0100\n".to_vec())))
        .read(&Cancel::new())
        .unwrap();
        let report = session.report.clone().unwrap();
        assert_eq!((report.recipients.len(), report.suppressed.len()), (1, 1));
        let again = session.with_suppression(None);
        assert!(again.report.is_none(), "to be read again");
        let report = again.read(&Cancel::new()).unwrap().report.unwrap();
        assert_eq!((report.recipients.len(), report.suppressed.len()), (2, 0));
    }
}
