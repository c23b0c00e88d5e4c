//! One view over rows of cells, whether they came from delimited text or a spreadsheet, numbered as
//! the person sees them in Excel.
//!
//! Row numbers matter more than they look: "row 14 is too short" is only useful if row 14 is where
//! the person finds it. In text files a quoted field with line breaks is still one spreadsheet row,
//! and a blank line is a blank row, so numbers are counted from records and the gaps between them,
//! not from lines.

use calamine::{Data, Range, Reader};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Cursor;

use crate::phone::number_cell_text;
use crate::ImportError;

/// The kind of file that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Delimited text (comma, semicolon or pipe).
    Csv,
    /// Tab-separated text.
    Tsv,
    /// Excel 2007 and later.
    Xlsx,
    /// Excel 97–2003.
    Xls,
    /// OpenDocument (LibreOffice, Numbers export).
    Ods,
}

/// Cells of one row.
pub(crate) trait Fields {
    fn count(&self) -> usize;
    fn cell(&self, i: usize) -> Option<Cow<'_, str>>;

    fn is_blank(&self) -> bool {
        (0..self.count()).all(|i| self.cell(i).is_none_or(|c| c.trim().is_empty()))
    }
}

impl Fields for csv::StringRecord {
    fn count(&self) -> usize {
        self.len()
    }
    fn cell(&self, i: usize) -> Option<Cow<'_, str>> {
        self.get(i).map(Cow::Borrowed)
    }
}

/// A spreadsheet row; cells become the text a person would see (no `.0` on whole numbers).
pub(crate) struct SheetRow<'a>(pub &'a [Data]);

impl Fields for SheetRow<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }
    fn cell(&self, i: usize) -> Option<Cow<'_, str>> {
        self.0.get(i).map(cell_text)
    }
}

impl Fields for Vec<String> {
    fn count(&self) -> usize {
        self.len()
    }
    fn cell(&self, i: usize) -> Option<Cow<'_, str>> {
        self.get(i).map(|s| Cow::Borrowed(s.as_str()))
    }
}

fn cell_text(d: &Data) -> Cow<'_, str> {
    match d {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s.as_str()),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Float(f) => Cow::Owned(number_cell_text(*f)),
        Data::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => Cow::Owned(excel_date_text(dt.as_f64(), dt.is_duration())),
        Data::Error(e) => Cow::Owned(format!("#{e:?}")),
    }
}

/// Excel stores dates as days since 1899-12-30; show them as ISO dates so they stay unambiguous.
fn excel_date_text(serial: f64, duration: bool) -> String {
    if !serial.is_finite() || duration || !(0.0..3_000_000.0).contains(&serial) {
        return number_cell_text(serial);
    }
    let days = serial.floor() as i64;
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    // Civil-from-days (Howard Hinnant's algorithm) on days since 1970-01-01.
    let z = days - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        let secs = secs.min(86_399);
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// Picks the delimiter that splits the first lines most consistently.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for &d in b",;\t|" {
        let counts = line_counts(text, d, 50);
        let nonzero: Vec<usize> = counts.iter().copied().filter(|c| *c > 0).collect();
        if nonzero.is_empty() {
            continue;
        }
        // The most common per-line count, and on how many lines it occurs.
        let mut mode = (0usize, 0usize);
        for &c in &nonzero {
            let freq = nonzero.iter().filter(|x| **x == c).count();
            if freq > mode.1 || (freq == mode.1 && c > mode.0) {
                mode = (c, freq);
            }
        }
        let score = (mode.1, mode.0);
        if score > (best.1, best.2) {
            best = (d, mode.1, mode.0);
        }
    }
    best.0
}

/// Delimiter occurrences per record for the first `max` records, outside quotes.
fn line_counts(text: &str, delim: u8, max: usize) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut in_quotes = false;
    let mut current = 0usize;
    let mut seen_any = false;
    for &b in text.as_bytes().iter().take(64 * 1024) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => {
                if seen_any {
                    counts.push(current);
                    if counts.len() >= max {
                        return counts;
                    }
                }
                current = 0;
                seen_any = false;
            }
            _ if b == delim && !in_quotes => {
                current += 1;
                seen_any = true;
            }
            _ => seen_any = true,
        }
    }
    if seen_any {
        counts.push(current);
    }
    counts
}

/// Where the rows come from.
pub(crate) enum Table<'a> {
    Text { text: &'a str, delimiter: u8 },
    Sheet { range: &'a Range<Data> },
}

impl std::fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Table::Text { delimiter, .. } => write!(f, "Table::Text({})", *delimiter as char),
            Table::Sheet { range } => write!(f, "Table::Sheet({:?})", range.get_size()),
        }
    }
}

impl Table<'_> {
    /// Calls `f` with each non-blank row and its spreadsheet row number, until `f` returns false.
    pub(crate) fn for_each_row(&self, f: &mut dyn FnMut(u64, &dyn Fields) -> bool) {
        match self {
            Table::Text { text, delimiter } => text_rows(text, *delimiter, f),
            Table::Sheet { range } => {
                let first = range.start().map(|(r, _)| u64::from(r)).unwrap_or(0);
                for (i, row) in range.rows().enumerate() {
                    let fields = SheetRow(row);
                    if fields.is_blank() {
                        continue;
                    }
                    if !f(first + i as u64 + 1, &fields) {
                        return;
                    }
                }
            }
        }
    }
}

fn text_rows(text: &str, delimiter: u8, f: &mut dyn FnMut(u64, &dyn Fields) -> bool) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut record = csv::StringRecord::new();
    let mut row = 0u64;
    let mut prev_end = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return,
            // The text is valid UTF-8 by construction, so errors cannot happen; stop cleanly if they do.
            Err(_) => return,
        }
        // A record's span starts right after the previous one, so blank lines the reader skipped
        // lead it; they are still rows in Excel.
        let start = record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(prev_end);
        let end = reader.position().byte() as usize;
        let span = bytes.get(start..end).unwrap_or(&[]);
        // The `\n` of a CRLF that ended the previous record is not a blank line.
        let span = if start > 0 && bytes.get(start - 1) == Some(&b'\r') {
            span.strip_prefix(b"\n").unwrap_or(span)
        } else {
            span
        };
        let lead = span
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(span.len());
        row += 1 + line_breaks(&span[..lead]);
        prev_end = end;
        if record.is_blank() {
            continue;
        }
        if !f(row, &record) {
            return;
        }
    }
}

fn line_breaks(gap: &[u8]) -> u64 {
    let mut n = 0;
    let mut i = 0;
    while i < gap.len() {
        match gap[i] {
            b'\r' => {
                n += 1;
                if gap.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => n += 1,
            _ => {}
        }
        i += 1;
    }
    n
}

/// A workbook read into memory, with the chosen sheet.
pub(crate) struct Workbook {
    pub format: Format,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub range: Range<Data>,
}

pub(crate) fn open_workbook(
    bytes: &[u8],
    file: &str,
    wanted: Option<&str>,
) -> Result<Workbook, ImportError> {
    // calamine parses untrusted archives; a panic inside it must become a message, not a crash.
    let result = std::panic::catch_unwind(|| open_workbook_inner(bytes, file, wanted));
    match result {
        Ok(r) => r,
        Err(_) => Err(ImportError::Spreadsheet {
            file: file.to_string(),
            detail: "the file is damaged".to_string(),
        }),
    }
}

fn open_workbook_inner(
    bytes: &[u8],
    file: &str,
    wanted: Option<&str>,
) -> Result<Workbook, ImportError> {
    let damaged = |e: calamine::Error| ImportError::Spreadsheet {
        file: file.to_string(),
        detail: plain_calamine_error(&e),
    };
    let mut sheets = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(damaged)?;
    let format = match &sheets {
        calamine::Sheets::Xls(_) => Format::Xls,
        calamine::Sheets::Ods(_) => Format::Ods,
        _ => Format::Xlsx,
    };
    let names = sheets.sheet_names();
    let chosen = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(w.trim()))
            .cloned()
            .ok_or_else(|| ImportError::UnknownSheet {
                file: file.to_string(),
                name: w.to_string(),
                sheets: names.clone(),
            })?,
        None => {
            // The first sheet, unless it is empty and a later one has the list.
            let mut pick = None;
            for n in &names {
                if let Ok(r) = sheets.worksheet_range(n) {
                    if !r.is_empty() {
                        pick = Some((n.clone(), r));
                        break;
                    }
                }
            }
            match pick {
                Some((name, range)) => {
                    return Ok(Workbook {
                        format,
                        sheets: names,
                        sheet: name,
                        range,
                    })
                }
                None => {
                    return Err(ImportError::Empty {
                        file: file.to_string(),
                    })
                }
            }
        }
    };
    let range = sheets.worksheet_range(&chosen).map_err(damaged)?;
    Ok(Workbook {
        format,
        sheets: names,
        sheet: chosen,
        range,
    })
}

fn plain_calamine_error(e: &calamine::Error) -> String {
    match e {
        calamine::Error::Xlsx(calamine::XlsxError::Password)
        | calamine::Error::Xls(calamine::XlsError::Password) => {
            "it is protected by a password".to_string()
        }
        _ => "it is damaged or in a format this app can't read".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, delim: u8) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        Table::Text {
            text,
            delimiter: delim,
        }
        .for_each_row(&mut |row, f| {
            out.push((
                row,
                (0..f.count())
                    .map(|i| f.cell(i).unwrap_or_default().into_owned())
                    .collect(),
            ));
            true
        });
        out
    }

    #[test]
    fn row_numbers_match_the_spreadsheet() {
        let got = rows("h1,h2\n\"a\nb\",1\n\nc,2\r\n\r\nd,3\re,4", b',');
        let numbers: Vec<u64> = got.iter().map(|r| r.0).collect();
        assert_eq!(numbers, vec![1, 2, 4, 6, 7]);
        assert_eq!(got[1].1, vec!["a\nb", "1"]);
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(detect_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(detect_delimiter("a|b\n1|2\n"), b'|');
        assert_eq!(detect_delimiter("\"x,y\";b\n1;2\n"), b';');
        assert_eq!(detect_delimiter("phone\n4155552671\n"), b',');
    }

    #[test]
    fn excel_dates_read_as_iso() {
        assert_eq!(excel_date_text(45292.0, false), "2024-01-01");
        assert_eq!(excel_date_text(45292.5, false), "2024-01-01 12:00:00");
    }
}
