//! What an import found, row by row, and the two things done with it afterwards: splitting the
//! recipients into parts the API accepts, and a problems file a person can fix and import again.

use serde::ser::SerializeMap;
use serde::Serialize;
use std::sync::Arc;

use crate::phone::RejectKind;
use crate::table::Format;
use userfile::neutralize;

/// The most recipients the Batch Calling API takes in one batch.
pub const MAX_BATCH: usize = limits::MAX_RECIPIENTS_PER_BATCH;

/// The other columns of a recipient's row, in column order, keyed by header.
///
/// Stored compactly because a list can hold a million rows: the column names are shared by all rows,
/// and one row's values sit in a single string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    keys: Arc<[Arc<str>]>,
    text: Box<str>,
    /// For each value: its key's index in `keys` and where it ends in `text`.
    spans: Box<[(u32, u32)]>,
}

impl Metadata {
    pub(crate) fn new(keys: Arc<[Arc<str>]>, text: &str, spans: &[(u32, u32)]) -> Metadata {
        Metadata {
            keys,
            text: text.into(),
            spans: spans.into(),
        }
    }

    /// Call data from columns and values in order (e.g. a recipient's call data as it was sent,
    /// to plan them again).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Metadata {
        let mut keys: Vec<Arc<str>> = Vec::new();
        let mut text = String::new();
        let mut spans = Vec::new();
        for (k, v) in pairs {
            let index = match keys.iter().position(|x| x.as_ref() == k) {
                Some(i) => i,
                None => {
                    keys.push(Arc::from(k));
                    keys.len() - 1
                }
            };
            text.push_str(v);
            spans.push((
                u32::try_from(index).unwrap_or(u32::MAX),
                u32::try_from(text.len()).unwrap_or(u32::MAX),
            ));
        }
        Metadata::new(keys.into(), &text, &spans)
    }

    /// The value of one column, if the row had one.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Columns and values in column order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut start = 0usize;
        self.spans.iter().map(move |&(key, end)| {
            let end = end as usize;
            let value = self.text.get(start..end).unwrap_or("");
            start = end;
            let key = self
                .keys
                .get(key as usize)
                .map(|k| k.as_ref())
                .unwrap_or("");
            (key, value)
        })
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

impl Serialize for Metadata {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A row that will be called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipient {
    /// Spreadsheet row number (header = 1).
    pub row: u64,
    /// The number in international form, e.g. `+14155552671`.
    pub to_number: String,
    pub metadata: Metadata,
}

/// A row whose phone cell could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    pub row: u64,
    /// The phone cell exactly as it was.
    pub value: String,
    /// Why, in plain words.
    pub reason: String,
    pub kind: RejectKind,
    /// The whole row, for the problems file.
    #[serde(skip)]
    pub cells: Vec<String>,
}

/// A row whose number already appeared earlier in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateRow {
    pub row: u64,
    /// The phone cell exactly as it was (what the person sees in their spreadsheet).
    pub value: String,
    pub to_number: String,
    /// The row that is kept.
    pub first_row: u64,
    #[serde(skip)]
    pub cells: Vec<String>,
}

/// A row left out because its number is on the do-not-call list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressedRow {
    pub row: u64,
    /// The phone cell exactly as it was.
    pub value: String,
    pub to_number: String,
}

/// Everything an import found. Every data row of the file is in exactly one of
/// `recipients`, `rejected`, `duplicates` or `suppressed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub format: Format,
    pub encoding: String,
    pub phone_column: String,
    /// Data rows read (blank rows and the header not counted).
    pub rows: u64,
    pub recipients: Vec<Recipient>,
    pub rejected: Vec<RejectedRow>,
    pub duplicates: Vec<DuplicateRow>,
    pub suppressed: Vec<SuppressedRow>,
    /// How many parts of at most 5,000 the recipients make.
    pub batches: usize,
    /// The column names, as used for metadata keys (`column N` without a header).
    pub columns: Vec<String>,
    pub has_header: bool,
    /// The delimiter of a text file (`","`, `";"`, `"\t"`, `"|"`).
    pub delimiter: Option<String>,
    /// The sheet read from a workbook.
    pub sheet: Option<String>,
}

/// Splits recipients into consecutive parts of at most `max` (at least 1), keeping their order.
pub fn split_into_batches(recipients: &[Recipient], max: usize) -> Vec<&[Recipient]> {
    recipients.chunks(max.max(1)).collect()
}

/// How many parts `n` recipients make.
pub(crate) fn batch_count(n: usize) -> usize {
    n.div_ceil(MAX_BATCH)
}

/// The problems file could not be written; nothing is left out without a word.
#[derive(Debug, thiserror::Error)]
#[error("The problems file couldn't be written ({0}). Try again.")]
pub struct ProblemsFileError(String);

/// The rejected and duplicate rows as CSV: `Row`, `Problem`, then the file's own columns, so a person
/// can fix the cells and import the file again. Every cell goes through [`userfile::neutralize`], the
/// rule the campaign export follows too: formulas get a leading apostrophe, phone numbers are kept.
/// A row shorter than the header gets empty cells, so every problem row is in the file.
pub fn problems_csv(report: &ImportReport) -> Result<String, ProblemsFileError> {
    let mut lines: Vec<(u64, String, &[String])> = report
        .rejected
        .iter()
        .map(|r| (r.row, r.reason.clone(), r.cells.as_slice()))
        .chain(report.duplicates.iter().map(|d| {
            (
                d.row,
                format!("same number as row {}", d.first_row),
                d.cells.as_slice(),
            )
        }))
        .collect();
    lines.sort_by_key(|l| l.0);
    let phone_index = report
        .columns
        .iter()
        .position(|c| *c == report.phone_column);
    let fail = |e: &dyn std::fmt::Display| ProblemsFileError(e.to_string());
    // Flexible: a row longer than the header is written whole rather than refused.
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut header = vec!["Row".to_string(), "Problem".to_string()];
    header.extend(
        report
            .columns
            .iter()
            .map(|c| neutralize(c, false).into_owned()),
    );
    out.write_record(&header).map_err(|e| fail(&e))?;
    for (row, problem, cells) in lines {
        let mut record = vec![row.to_string(), neutralize(&problem, false).into_owned()];
        for (i, cell) in cells.iter().enumerate() {
            record.push(neutralize(cell, Some(i) == phone_index).into_owned());
        }
        if record.len() < header.len() {
            record.resize(header.len(), String::new());
        }
        out.write_record(&record).map_err(|e| fail(&e))?;
    }
    let bytes = out.into_inner().map_err(|e| fail(e.error()))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_data_made_from_pairs_reads_back_in_order() {
        let m = Metadata::from_pairs([("Name", "Ada"), ("ZIP", "33101"), ("Note", "")]);
        let back: Vec<(&str, &str)> = m.iter().collect();
        assert_eq!(back, vec![("Name", "Ada"), ("ZIP", "33101"), ("Note", "")]);
        assert_eq!(m.get("ZIP"), Some("33101"));
        assert!(Metadata::from_pairs([]).is_empty());
    }

    #[test]
    fn a_short_row_is_in_the_problems_file_with_empty_cells() {
        // Row 3 has fewer cells than the header (a ragged CSV): it must not vanish from the file.
        let csv = "Name,Phone,Notes\nAda,4155552671,x\nBob,N/A\nCy,415-555-2671,again,extra\n";
        let report = crate::import(
            csv.as_bytes(),
            "leads.csv",
            &crate::ImportOptions::default(),
        )
        .expect("imports");
        let file = problems_csv(&report).expect("written");
        let lines: Vec<&str> = file.lines().collect();
        assert_eq!(lines[0], "Row,Problem,Name,Phone,Notes,column 4");
        assert_eq!(lines[1], "3,not a phone number,Bob,N/A,,");
        assert_eq!(
            lines[2],
            "4,same number as row 2,Cy,415-555-2671,again,extra"
        );
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn batches_keep_order_and_size() {
        let r: Vec<Recipient> = (0..12_345)
            .map(|i| Recipient {
                row: i + 2,
                to_number: String::new(),
                metadata: Metadata::default(),
            })
            .collect();
        let parts = split_into_batches(&r, MAX_BATCH);
        let sizes: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        assert_eq!(sizes, vec![5_000, 5_000, 2_345]);
        assert_eq!(parts[1][0].row, 5_002);
        assert_eq!(batch_count(12_345), 3);
        assert_eq!(batch_count(0), 0);
        assert_eq!(split_into_batches(&r[..3], 0).len(), 3);
    }
}
