//! Recipient lists: whatever spreadsheet a campaign manager drops becomes recipients the Batch Calling
//! API accepts, and an honest account of every row that could not be used and why.
//!
//! Nothing is silently dropped, guessed or reformatted: each data row ends up as a recipient, a
//! rejected row (with a reason in plain words), a duplicate (with the row it repeats) or a suppressed
//! row (on the do-not-call list). Row numbers are the ones the person sees in Excel.
//!
//! ```no_run
//! let bytes = std::fs::read("leads.csv").unwrap();
//! let report = recipients::import(&bytes, "leads.csv", &recipients::ImportOptions::default()).unwrap();
//! for part in recipients::split_into_batches(&report.recipients, recipients::MAX_BATCH) {
//!     println!("{} recipients", part.len());
//! }
//! ```

mod cancel;
mod columns;
mod decode;
mod error;
mod guard;
mod phone;
mod report;
mod table;
#[cfg(feature = "testdata")]
pub mod testdata;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

pub use cancel::Cancel;
pub use error::ImportError;
pub use guard::{MAX_FILE_BYTES, MAX_SHEET_CELLS, MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES};
/// The two halves of [`normalize`], public so tests can prove they agree.
#[doc(hidden)]
pub use phone::{fast_path, full_path};
pub use phone::{normalize, Country, RejectKind, Rejection, E164, MAX_PHONE_CHARS};
pub use report::{
    problems_csv, split_into_batches, DuplicateRow, ImportReport, Metadata, ProblemsFileError,
    Recipient, RejectedRow, SuppressedRow, MAX_BATCH,
};
pub use table::Format;

use columns::Columns;
use decode::Kind;
use limits::MAX_METADATA_BYTES;
use table::{Fields, Table};

/// Which columns become metadata, and under which names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMapping {
    /// Column names left out of the metadata.
    pub exclude: Vec<String>,
    /// `(column name, metadata key)` pairs.
    pub rename: Vec<(String, String)>,
}

/// A do-not-call list: numbers that must never be called, whatever the list says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuppressionList {
    numbers: HashSet<E164>,
    /// Entries of the list that were not readable phone numbers (reported, never guessed).
    pub unreadable: usize,
}

impl SuppressionList {
    /// Reads a do-not-call file in any format a recipient list may have.
    pub fn from_file(
        bytes: &[u8],
        file_name: &str,
        country: Country,
    ) -> Result<SuppressionList, ImportError> {
        let options = ImportOptions {
            country,
            ..ImportOptions::default()
        };
        let report = import(bytes, file_name, &options)?;
        let mut list = SuppressionList {
            unreadable: report.rejected.len(),
            ..SuppressionList::default()
        };
        for r in &report.recipients {
            if let Some(e) = E164::parse(&r.to_number) {
                list.numbers.insert(e);
            }
        }
        Ok(list)
    }

    /// How many distinct numbers the list holds.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    fn contains(&self, n: E164) -> bool {
        self.numbers.contains(&n)
    }
}

/// How to read a file. `Default` reads US numbers and detects everything else.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Country for numbers written without `+` (default: US).
    pub country: Country,
    /// The phone column by name (or `column N`), instead of detecting it.
    pub phone_column: Option<String>,
    /// The first row is data, not column names.
    pub no_header: bool,
    /// Which sheet of a workbook (default: the first with data).
    pub sheet: Option<String>,
    /// Delimiter of a text file (default: detected among `,` `;` tab `|`).
    pub delimiter: Option<u8>,
    pub mapping: ColumnMapping,
    pub suppression: Option<SuppressionList>,
}

/// The first rows of a file and what was detected, for the app to show before importing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub file: String,
    pub format: Format,
    pub encoding: String,
    pub delimiter: Option<String>,
    /// All sheets of a workbook (empty for text files).
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub has_header: bool,
    pub columns: Vec<String>,
    /// The column that would be used for phone numbers, if one was found.
    pub phone_column: Option<String>,
    pub rows: Vec<PreviewRow>,
}

/// One row of a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewRow {
    pub row: u64,
    pub cells: Vec<String>,
}

/// How many rows the import reads between two looks at its cancel flag.
pub const CANCEL_CHECK_ROWS: u64 = 1024;

/// How many data rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// A file opened and decoded, ready to be read row by row.
struct Source<'a> {
    format: Format,
    encoding: String,
    delimiter: Option<u8>,
    sheets: Vec<String>,
    sheet: Option<String>,
    body: Body<'a>,
}

enum Body<'a> {
    Text(Cow<'a, str>),
    Sheet(calamine::Range<calamine::Data>),
}

impl Source<'_> {
    fn table(&self) -> Table<'_> {
        match &self.body {
            Body::Text(text) => Table::Text {
                text,
                delimiter: self.delimiter.unwrap_or(b','),
            },
            Body::Sheet(range) => Table::Sheet { range },
        }
    }
}

fn open<'a>(
    bytes: &'a [u8],
    file: &str,
    options: &ImportOptions,
    cancel: &Cancel,
) -> Result<Source<'a>, ImportError> {
    guard::check_file_size(bytes, file)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            file: file.to_string(),
        });
    }
    match decode::sniff(bytes) {
        Kind::Binary(what) => Err(ImportError::NotAList {
            file: file.to_string(),
            what: what.to_string(),
        }),
        Kind::Zip | Kind::Ole => {
            if decode::sniff(bytes) == Kind::Zip {
                guard::check_zip(bytes, file, cancel)?;
            } else {
                guard::check_xls(bytes, file, cancel)?;
            }
            cancel.check(file)?;
            let wb = table::open_workbook(bytes, file, options.sheet.as_deref())?;
            Ok(Source {
                format: wb.format,
                encoding: match wb.format {
                    Format::Xls => "utf-16le".to_string(),
                    _ => "utf-8".to_string(),
                },
                delimiter: None,
                sheets: wb.sheets,
                sheet: Some(wb.sheet),
                body: Body::Sheet(wb.range),
            })
        }
        Kind::Text => {
            let decoded = decode::decode(bytes);
            if decode::looks_binary(&decoded.text) {
                return Err(ImportError::NotAList {
                    file: file.to_string(),
                    what: "a binary file".to_string(),
                });
            }
            let delimiter = options
                .delimiter
                .unwrap_or_else(|| table::detect_delimiter(&decoded.text));
            Ok(Source {
                format: if delimiter == b'\t' {
                    Format::Tsv
                } else {
                    Format::Csv
                },
                encoding: decoded.encoding.to_string(),
                delimiter: Some(delimiter),
                sheets: Vec::new(),
                sheet: None,
                body: Body::Text(decoded.text),
            })
        }
    }
}

fn delimiter_text(d: Option<u8>) -> Option<String> {
    d.map(|d| (d as char).to_string())
}

/// Looks at a file without importing it: detected format, encoding, columns, phone column, first rows.
pub fn preview(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<Preview, ImportError> {
    preview_cancellable(bytes, file_name, options, &Cancel::new())
}

/// [`preview`] that stops with [`ImportError::Cancelled`] once `cancel` is set.
pub fn preview_cancellable(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
    cancel: &Cancel,
) -> Result<Preview, ImportError> {
    let source = open(bytes, file_name, options, cancel)?;
    let table = source.table();
    let cols = Columns::detect(&table, options, file_name, false)?;
    let mut rows = Vec::new();
    table.for_each_row(&mut |row, fields| {
        if Some(row) == cols.header_row {
            return true;
        }
        rows.push(PreviewRow {
            row,
            cells: all_cells(fields),
        });
        rows.len() < PREVIEW_ROWS
    });
    Ok(Preview {
        file: file_name.to_string(),
        format: source.format,
        encoding: source.encoding.clone(),
        delimiter: delimiter_text(source.delimiter),
        sheets: source.sheets.clone(),
        sheet: source.sheet.clone(),
        has_header: cols.header_row.is_some(),
        phone_column: cols.phone.map(|i| cols.names[i].clone()),
        columns: cols.names,
        rows,
    })
}

fn all_cells(fields: &dyn Fields) -> Vec<String> {
    (0..fields.count())
        .map(|i| fields.cell(i).unwrap_or_default().into_owned())
        .collect()
}

/// Reads a recipient list. `Err` only when the file holds no list at all; row problems are in the report.
pub fn import(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    import_cancellable(bytes, file_name, options, &Cancel::new())
}

/// [`import`] that stops with [`ImportError::Cancelled`] once `cancel` is set (checked every
/// [`CANCEL_CHECK_ROWS`] rows and throughout the workbook check).
pub fn import_cancellable(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
    cancel: &Cancel,
) -> Result<ImportReport, ImportError> {
    let source = open(bytes, file_name, options, cancel)?;
    let table = source.table();
    let cols = Columns::detect(&table, options, file_name, true)?;
    let phone = cols.phone.unwrap_or(0);
    let mut meta = MetaBuilder::new(&cols, phone, &options.mapping);
    // Room for every line up front: growing a million-entry vector copies it again and again.
    let expected = match &source.body {
        Body::Text(text) => text.bytes().filter(|b| *b == b'\n').count(),
        Body::Sheet(range) => range.height(),
    };

    let mut recipients = Vec::with_capacity(expected);
    let mut rejected = Vec::new();
    let mut duplicates = Vec::new();
    let mut suppressed = Vec::new();
    let mut first_seen: NumberMap<u64> = NumberMap::default();
    first_seen.reserve(expected);
    let mut rows = 0u64;
    let mut cancelled = false;

    table.for_each_row(&mut |row, fields| {
        if Some(row) == cols.header_row {
            return true;
        }
        if rows.is_multiple_of(CANCEL_CHECK_ROWS) && cancel.is_cancelled() {
            cancelled = true;
            return false;
        }
        rows += 1;
        let value = fields.cell(phone).unwrap_or_default();
        let number = match normalize(&value, options.country) {
            Ok(n) => n,
            Err(r) => {
                rejected.push(RejectedRow {
                    row,
                    value: value.into_owned(),
                    reason: r.reason,
                    kind: r.kind,
                    cells: all_cells(fields),
                });
                return true;
            }
        };
        if options
            .suppression
            .as_ref()
            .is_some_and(|s| s.contains(number))
        {
            suppressed.push(SuppressedRow {
                row,
                value: value.into_owned(),
                to_number: number.to_string(),
            });
            return true;
        }
        match first_seen.entry(number) {
            std::collections::hash_map::Entry::Occupied(first) => {
                duplicates.push(DuplicateRow {
                    row,
                    value: value.into_owned(),
                    to_number: number.to_string(),
                    first_row: *first.get(),
                    cells: all_cells(fields),
                });
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                let metadata = meta.build(fields);
                let size = json_len(&metadata);
                if size > MAX_METADATA_BYTES {
                    rejected.push(RejectedRow {
                        row,
                        value: value.into_owned(),
                        reason: call_data_too_large(size),
                        kind: RejectKind::CallDataTooLarge,
                        cells: all_cells(fields),
                    });
                    return true;
                }
                slot.insert(row);
                recipients.push(Recipient {
                    row,
                    to_number: number.into(),
                    metadata,
                });
            }
        }
        true
    });

    if cancelled {
        return Err(ImportError::Cancelled {
            file: file_name.to_string(),
        });
    }
    if rows == 0 {
        return Err(ImportError::HeaderOnly {
            file: file_name.to_string(),
        });
    }
    let batches = report::batch_count(recipients.len());
    Ok(ImportReport {
        file: file_name.to_string(),
        format: source.format,
        encoding: source.encoding.clone(),
        phone_column: cols
            .phone
            .map(|i| cols.names[i].clone())
            .unwrap_or_default(),
        rows,
        recipients,
        rejected,
        duplicates,
        suppressed,
        batches,
        has_header: cols.header_row.is_some(),
        columns: cols.names,
        delimiter: delimiter_text(source.delimiter),
        sheet: source.sheet.clone(),
    })
}

/// Builds each recipient's metadata with two allocations, reusing its buffers between rows.
struct MetaBuilder {
    /// Every key in use; shared by all rows built from it.
    keys: Arc<[Arc<str>]>,
    /// For each column: its index in `keys`, or `None` for the phone column and excluded columns.
    by_column: Vec<Option<u32>>,
    text: String,
    spans: Vec<(u32, u32)>,
}

impl MetaBuilder {
    fn new(cols: &Columns, phone: usize, mapping: &ColumnMapping) -> MetaBuilder {
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let mut keys: Vec<Arc<str>> = Vec::new();
        let mut by_column = Vec::new();
        for (i, name) in cols.names.iter().enumerate() {
            if i == phone || mapping.exclude.iter().any(|e| same(e, name)) {
                by_column.push(None);
                continue;
            }
            let key = mapping
                .rename
                .iter()
                .find(|(from, _)| same(from, name))
                .map(|(_, to)| to.trim())
                .unwrap_or(name);
            by_column.push(Some(index_u32(keys.len())));
            keys.push(Arc::from(key));
        }
        MetaBuilder {
            keys: keys.into(),
            by_column,
            text: String::new(),
            spans: Vec::new(),
        }
    }

    fn build(&mut self, fields: &dyn Fields) -> Metadata {
        self.text.clear();
        self.spans.clear();
        for i in 0..fields.count() {
            let key = match self.by_column.get(i) {
                Some(Some(k)) => *k,
                Some(None) => continue,
                None => self.widen(i),
            };
            if let Some(value) = fields.cell(i) {
                if !value.trim().is_empty() {
                    self.text.push_str(&value);
                    self.spans.push((key, index_u32(self.text.len())));
                }
            }
        }
        Metadata::new(self.keys.clone(), &self.text, &self.spans)
    }

    /// A row wider than the rows the columns were named from: its extra cells are `column N`.
    fn widen(&mut self, column: usize) -> u32 {
        let mut keys = self.keys.to_vec();
        while self.by_column.len() <= column {
            self.by_column.push(Some(index_u32(keys.len())));
            keys.push(Arc::from(format!("column {}", self.by_column.len())));
        }
        self.keys = keys.into();
        index_u32(self.keys.len() - 1)
    }
}

/// The size Cartesia measures a recipient's call data by: its compact JSON, as it is sent.
fn json_len(metadata: &Metadata) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing strings to a counter cannot fail.
    let _ = serde_json::to_writer(&mut count, metadata);
    count.0
}

/// `the call data is 11.2 KB; Cartesia accepts at most 8 KB per recipient. …` (rounded up, so a
/// row just over the limit never reads as "8.0 KB").
fn call_data_too_large(bytes: usize) -> String {
    let kb = |b: usize| {
        let tenths = (b * 10).div_ceil(1024);
        if tenths.is_multiple_of(10) {
            format!("{} KB", tenths / 10)
        } else {
            format!("{}.{} KB", tenths / 10, tenths % 10)
        }
    };
    format!(
        "the call data is {}; Cartesia accepts at most {} per recipient. Shorten or drop some \
         columns and import again.",
        kb(bytes),
        kb(MAX_METADATA_BYTES)
    )
}

fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Numbers are already well-mixed integers read from a local file; SipHash's flood resistance buys
/// nothing here and costs a noticeable share of a million-row import.
#[derive(Debug, Default, Clone, Copy)]
struct NumberHasher(u64);

impl std::hash::Hasher for NumberHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type NumberMap<V> = HashMap<E164, V, std::hash::BuildHasherDefault<NumberHasher>>;
