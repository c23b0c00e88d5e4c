//! Checks what a workbook claims before calamine reads it.
//!
//! calamine trusts a file's structure: it builds one dense grid spanning every cell a sheet names,
//! expands OpenDocument's "repeat this cell N times" literally, reserves room for the size a legacy
//! XLS sheet declares, and unpacks whatever the ZIP holds. A 1.6 KB file naming cells `A1` and
//! `XFD1048576` asks for 17 billion cells (512 GiB); that allocation cannot fail gracefully, it ends
//! the process — and with it a launch in progress. So the archive is walked here first, with every
//! size bounded by what was actually read (never by what a header says), and a file that claims
//! more than a real list ever needs is refused in plain words.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use crate::cancel::Cancel;
use crate::ImportError;

/// The biggest file read at all: a million-row CRM export is well under this.
pub const MAX_FILE_BYTES: usize = 200 * 1024 * 1024;
/// The most cells one sheet may span (rows × columns from its first to its last used cell):
/// every row Excel allows × 16 columns, or 65,536 rows × 256 columns. calamine holds about 32 bytes
/// a cell, so this keeps the grid under 512 MiB.
pub const MAX_SHEET_CELLS: u64 = 16 * 1024 * 1024;
/// The most a workbook may unpack to, all its parts together.
pub const MAX_UNZIPPED_BYTES: u64 = 512 * 1024 * 1024;
/// The most parts a workbook may have; real ones have a few dozen.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// How often (in XML events or records) the walk looks at the cancel flag.
const CHECK_EVERY: u32 = 4096;

/// Refuses a file larger than [`MAX_FILE_BYTES`].
pub(crate) fn check_file_size(bytes: &[u8], file: &str) -> Result<(), ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            file: file.to_string(),
            size: megabytes(bytes.len() as u64),
            limit: megabytes(MAX_FILE_BYTES as u64),
        });
    }
    Ok(())
}

/// Walks a ZIP workbook (XLSX or ODS): bounded unpacking, and the cell extent of every sheet.
pub(crate) fn check_zip(bytes: &[u8], file: &str, cancel: &Cancel) -> Result<(), ImportError> {
    let damaged = |detail: &str| ImportError::Spreadsheet {
        file: file.to_string(),
        detail: detail.to_string(),
    };
    let too_big = || ImportError::Unzipped {
        file: file.to_string(),
        limit: megabytes(MAX_UNZIPPED_BYTES),
    };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a ZIP calamine could read either; it says so in its own words.
        return Ok(());
    };
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(damaged("it holds far more parts than a spreadsheet has"));
    }
    if archive.index_for_name("xl/workbook.bin").is_some() {
        return Err(damaged(
            "it is an Excel binary workbook (.xlsb), which this app doesn't read — save it as .xlsx",
        ));
    }
    // What the headers declare first: refusing costs nothing then.
    let mut declared = 0u64;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            declared = declared.saturating_add(entry.size());
        }
    }
    if declared > MAX_UNZIPPED_BYTES {
        return Err(too_big());
    }
    // Then what the entries really unpack to: a header may lie.
    let mut budget = MAX_UNZIPPED_BYTES;
    for i in 0..archive.len() {
        cancel.check(file)?;
        let Ok(entry) = archive.by_index(i) else {
            continue;
        };
        let mut limited = Counted {
            inner: entry.take(budget + 1),
            read: 0,
        };
        let outcome = scan_xml(&mut limited, file, cancel);
        // Whatever the scan did not need is still unpacked by calamine: count it too.
        let _ = std::io::copy(&mut limited, &mut std::io::sink());
        if limited.read > budget {
            return Err(too_big());
        }
        budget -= limited.read;
        outcome?;
    }
    Ok(())
}

/// A reader that counts what went through it.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// The smallest rectangle holding a set of cells.
#[derive(Debug, Default, Clone, Copy)]
struct Extent {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Extent {
    fn add(&mut self, row: u64, col: u64) {
        let widen = |span: &mut Option<(u64, u64)>, v: u64| {
            *span = Some(match *span {
                None => (v, v),
                Some((lo, hi)) => (lo.min(v), hi.max(v)),
            });
        };
        widen(&mut self.rows, row);
        widen(&mut self.cols, col);
    }

    fn size(&self) -> (u64, u64) {
        let len = |span: Option<(u64, u64)>| span.map_or(0, |(lo, hi)| hi - lo + 1);
        (len(self.rows), len(self.cols))
    }
}

/// Refuses a sheet spanning more than [`MAX_SHEET_CELLS`].
fn check_cells(rows: u64, cols: u64, file: &str) -> Result<(), ImportError> {
    let cells = u128::from(rows) * u128::from(cols);
    if cells > u128::from(MAX_SHEET_CELLS) {
        return Err(ImportError::SheetTooBig {
            file: file.to_string(),
            cells: about(cells),
            rows: thousands(u128::from(rows)),
            columns: thousands(u128::from(cols)),
            limit: about(u128::from(MAX_SHEET_CELLS)),
        });
    }
    Ok(())
}

/// What one XML part claims, read the way calamine reads it: XLSX cells inside `sheetData`
/// (positions from `r`, or counted on from the previous cell), `<dimension ref>`, and OpenDocument
/// tables with their repeat counts.
fn scan_xml(input: impl Read, file: &str, cancel: &Cancel) -> Result<(), ImportError> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(input));
    // Read as leniently as calamine reads (a mismatched end tag must not end the check early while
    // calamine reads on); self-closing elements stay distinguishable here, they hold no value.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    let mut buf = Vec::new();
    let mut xlsx = XlsxSheet::default();
    let mut ods = OdsTable::default();
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(CHECK_EVERY) {
            cancel.check(file)?;
        }
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => return Ok(()),
            // Not XML, or broken: calamine stops at the same place with an error of its own.
            Err(_) => return Ok(()),
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) => {
                xlsx.start(e, false, file)?;
                ods.start(e, false, file)?;
            }
            Event::Empty(e) => {
                xlsx.start(e, true, file)?;
                ods.start(e, true, file)?;
            }
            Event::End(e) => {
                xlsx.end(e.local_name().as_ref());
                ods.end(e.name().as_ref(), file)?;
            }
            _ => {}
        }
    }
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<Vec<u8>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

#[derive(Debug, Default)]
struct XlsxSheet {
    in_data: bool,
    row: u64,
    col: u64,
    cells: Extent,
}

impl XlsxSheet {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool, file: &str) -> Result<(), ImportError> {
        match e.local_name().as_ref() {
            b"dimension" => {
                if let Some((first, last)) = attr(e, b"ref").and_then(|r| parse_range(&r)) {
                    let rows = last.0.abs_diff(first.0) + 1;
                    let cols = last.1.abs_diff(first.1) + 1;
                    check_cells(rows, cols, file)?;
                }
            }
            b"sheetData" if !empty => self.in_data = true,
            b"row" if self.in_data => {
                if let Some((r, _)) = attr(e, b"r").and_then(|r| parse_ref(&r)) {
                    self.row = r;
                }
                if empty {
                    self.end(b"row");
                }
            }
            // A self-closing cell holds nothing, but its reference still moves the column.
            b"c" if self.in_data => {
                // A cell's own reference sets its column for what follows, not the row: calamine keeps
                // counting rows from `<row r>`.
                let (row, col) = match attr(e, b"r").and_then(|r| parse_cell(&r)) {
                    Some((row, col)) => {
                        self.col = col;
                        (row, col)
                    }
                    None => (self.row, self.col),
                };
                // calamine reads positions into 32 bits and wraps past them, so a reference beyond
                // them could land anywhere: refuse it as the size it names.
                if empty {
                    self.end(b"c");
                    return Ok(());
                }
                if row > u64::from(u32::MAX) || col > u64::from(u32::MAX) {
                    check_cells(row.saturating_add(1), col.saturating_add(1), file)?;
                }
                self.cells.add(row, col);
                let (rows, cols) = self.cells.size();
                check_cells(rows, cols, file)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, local: &[u8]) {
        match local {
            b"sheetData" => self.in_data = false,
            b"row" if self.in_data => {
                self.row = self.row.saturating_add(1);
                self.col = 0;
            }
            b"c" if self.in_data => self.col = self.col.saturating_add(1),
            _ => {}
        }
    }
}

/// One OpenDocument table as calamine materialises it: every cell it pushes (runs of empty cells
/// included, unless they end the row), and the grid it then rebuilds from the first to the last row
/// holding something, repeats expanded.
#[derive(Debug, Default)]
struct OdsTable {
    in_row: bool,
    row_repeats: u64,
    row_cells: u64,
    pending_empty: u64,
    row_has_value: bool,
    /// Rows so far, repeats expanded; where the first row with a value starts; widest such row.
    rows: u64,
    first: Option<u64>,
    last_end: u64,
    width: u64,
    pushed: u64,
}

fn repeats(e: &BytesStart<'_>, name: &[u8]) -> u64 {
    attr(e, name).and_then(|v| parse_number(&v)).unwrap_or(1)
}

impl OdsTable {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool, file: &str) -> Result<(), ImportError> {
        match e.name().as_ref() {
            b"table:table" => *self = OdsTable::default(),
            b"table:table-row" => {
                self.in_row = true;
                self.row_repeats = repeats(e, b"table:number-rows-repeated");
                self.row_cells = 0;
                self.pending_empty = 0;
                self.row_has_value = false;
                if empty {
                    self.end(b"table:table-row", file)?;
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" if self.in_row => {
                let n = repeats(e, b"table:number-columns-repeated");
                let has_value = !empty
                    || attr(e, b"office:value-type").is_some()
                    || attr(e, b"table:formula").is_some();
                self.row_cells = self.row_cells.saturating_add(self.pending_empty);
                self.pending_empty = 0;
                if has_value {
                    self.row_cells = self.row_cells.saturating_add(n);
                    self.row_has_value = true;
                } else {
                    self.pending_empty = n;
                }
                self.check(file)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &[u8], file: &str) -> Result<(), ImportError> {
        if name == b"table:table-row" && self.in_row {
            self.in_row = false;
            self.pushed = self.pushed.saturating_add(self.row_cells);
            let start = self.rows;
            self.rows = self.rows.saturating_add(self.row_repeats);
            if self.row_has_value {
                self.first.get_or_insert(start);
                self.last_end = self.rows;
                self.width = self.width.max(self.row_cells);
            }
            self.check(file)?;
        }
        Ok(())
    }

    fn check(&self, file: &str) -> Result<(), ImportError> {
        // Cells pushed while reading rows, before any grid: one row of a billion repeats is enough.
        check_cells(1, self.pushed.saturating_add(self.row_cells), file)?;
        if let Some(first) = self.first {
            check_cells(self.last_end - first, self.width, file)?;
        }
        Ok(())
    }
}

/// `123` as a number; anything else (or too long for a sheet) is `None`.
fn parse_number(text: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(text).ok()?.trim();
    // More digits than u64 holds still names a huge position: read it as the largest.
    if !text.is_empty() && text.len() > 19 && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(u64::MAX);
    }
    text.parse().ok()
}

/// `XFD1048576` as a zero-based `(row, column)`, read like calamine reads it: letters in either
/// case, then digits; `$` markers are ignored (calamine refuses them, so this only errs on the safe side).
fn parse_cell(text: &[u8]) -> Option<(u64, u64)> {
    match parse_ref(text)? {
        (row, Some(col)) => Some((row, col)),
        (_, None) => None,
    }
}

/// A row (`12`) or a cell (`k16384`): the zero-based row and, if letters lead, the column.
fn parse_ref(text: &[u8]) -> Option<(u64, Option<u64>)> {
    let text: Vec<u8> = text.iter().copied().filter(|b| *b != b'$').collect();
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col_text, row_text) = text.split_at(letters);
    if row_text.is_empty() || !row_text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let row = parse_number(row_text)?.checked_sub(1)?;
    if letters == 0 {
        return Some((row, None));
    }
    let mut col = 0u64;
    for b in col_text {
        col = col
            .saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1);
    }
    Some((row, Some(col - 1)))
}

/// `A1:XFD1048576` (or a single cell).
fn parse_range(text: &[u8]) -> Option<((u64, u64), (u64, u64))> {
    let mut parts = text.split(|b| *b == b':');
    let first = parse_cell(parts.next()?)?;
    let last = match parts.next() {
        Some(p) => parse_cell(p)?,
        None => first,
    };
    Some((first, last))
}

/// Walks a legacy XLS workbook stream: each sheet's declared DIMENSIONS (calamine reserves room for
/// all of it) and the cells its records place.
pub(crate) fn check_xls(bytes: &[u8], file: &str, cancel: &Cancel) -> Result<(), ImportError> {
    let Ok(mut cfb) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(());
    };
    let stream = ["/Workbook", "/Book"]
        .into_iter()
        .find_map(|name| cfb.open_stream(name).ok());
    let Some(stream) = stream else {
        return Ok(());
    };
    let mut data = Vec::new();
    // The stream lives inside the file, so it can't be bigger than the file.
    if stream
        .take(bytes.len() as u64)
        .read_to_end(&mut data)
        .is_err()
    {
        return Ok(());
    }
    check_biff(&data, file, cancel)
}

fn check_biff(data: &[u8], file: &str, cancel: &Cancel) -> Result<(), ImportError> {
    let u16_at = |d: &[u8], at: usize| -> Option<u64> {
        d.get(at..at + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |d: &[u8], at: usize| -> Option<u64> {
        d.get(at..at + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let mut cells = Extent::default();
    let mut at = 0usize;
    let mut records = 0u32;
    while let (Some(typ), Some(len)) = (u16_at(data, at), u16_at(data, at + 2)) {
        records = records.wrapping_add(1);
        if records.is_multiple_of(CHECK_EVERY) {
            cancel.check(file)?;
        }
        let start = at + 4;
        let Some(r) = data.get(start..start + len as usize) else {
            return Ok(());
        };
        at = start + len as usize;
        match typ {
            // BOF: a new sheet starts.
            0x0809 => cells = Extent::default(),
            // DIMENSIONS, read exactly as calamine does (including its wrapping arithmetic).
            0x0200 => {
                let dims = match r.len() {
                    10 => (u16_at(r, 0), u16_at(r, 2), u16_at(r, 4), u16_at(r, 6)),
                    14 => (u32_at(r, 0), u32_at(r, 4), u16_at(r, 8), u16_at(r, 10)),
                    _ => continue,
                };
                let (Some(rf), Some(rl), Some(cf), Some(cl)) = dims else {
                    continue;
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    let span = |last: u64, first: u64| {
                        u64::from(
                            ((last - 1) as u32)
                                .wrapping_sub(first as u32)
                                .wrapping_add(1),
                        )
                    };
                    check_cells(span(rl, rf), span(cl, cf), file)?;
                }
            }
            // Cell records: Number, Label, BoolErr, Rk, LabelSst, Formula, RString.
            0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00D6 => {
                if let (Some(row), Some(col)) = (u16_at(r, 0), u16_at(r, 2)) {
                    cells.add(row, col);
                }
            }
            // MulRk: one row, a first and a last column.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(r, 0),
                    u16_at(r, 2),
                    u16_at(r, r.len().saturating_sub(2)),
                ) {
                    cells.add(row, first);
                    cells.add(row, last.max(first));
                }
            }
            _ => continue,
        }
        let (rows, cols) = cells.size();
        check_cells(rows, cols, file)?;
    }
    Ok(())
}

/// `17 billion`, `16.8 million`, `52,000`: sizes a person reads at a glance.
fn about(n: u128) -> String {
    let words = [
        (1_000_000_000_000u128, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
    ];
    for (unit, word) in words {
        if n >= unit {
            let tenths = (n * 10 + unit / 2) / unit;
            return if tenths.is_multiple_of(10) || tenths >= 1000 {
                format!("{} {word}", thousands(tenths / 10))
            } else {
                format!("{}.{} {word}", tenths / 10, tenths % 10)
            };
        }
    }
    thousands(n)
}

fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `200 MB`, `3.4 MB`.
pub(crate) fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_like_calamine() {
        assert_eq!(parse_cell(b"A1"), Some((0, 0)));
        assert_eq!(parse_cell(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell(b"$B$3"), Some((2, 1)));
        assert_eq!(parse_cell(b"k16384"), Some((16_383, 10)));
        assert_eq!(parse_cell(b"bgqcu31"), Some((30, 1_048_574)));
        assert_eq!(parse_ref(b"12"), Some((11, None)));
        assert_eq!(parse_cell(b"A0"), None);
        assert_eq!(
            parse_cell(b"A99999999999999999999999"),
            Some((u64::MAX - 1, 0))
        );
        assert_eq!(
            parse_range(b"A1:XFD1048576"),
            Some(((0, 0), (1_048_575, 16_383)))
        );
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number_at(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn xls_claims_and_cells_are_bounded() {
        let cancel = Cancel::new();
        let bof = record(0x0809, &[0u8; 16]);
        // DIMENSIONS (BIFF8): rows 0..1,048,576, columns 0..16,384 — calamine would reserve it all.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(1_048_576u32.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(16_384u16.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        let claimed = [bof.clone(), record(0x0200, &dims)].concat();
        let e = check_biff(&claimed, "old.xls", &cancel).unwrap_err();
        assert_eq!(e.code(), "sheet_too_big");
        // Cells spanning exactly the cap pass; one column more does not.
        let at_cap = [bof.clone(), number_at(0, 0), number_at(65_535, 255)].concat();
        assert!(check_biff(&at_cap, "old.xls", &cancel).is_ok());
        let over = [bof.clone(), number_at(0, 0), number_at(65_535, 256)].concat();
        assert!(check_biff(&over, "old.xls", &cancel).is_err());
        // Each sheet is measured on its own.
        let two = [bof.clone(), number_at(0, 0), bof, number_at(65_535, 256)].concat();
        assert!(check_biff(&two, "old.xls", &cancel).is_ok());
    }

    #[test]
    fn sizes_read_at_a_glance() {
        assert_eq!(about(17_179_869_184), "17.2 billion");
        assert_eq!(about(16_777_216), "16.8 million");
        assert_eq!(about(2_000_000_000), "2 billion");
        assert_eq!(about(52_000), "52,000");
        assert_eq!(megabytes(200 * 1024 * 1024), "200 MB");
        assert_eq!(megabytes(3_565_158), "3.4 MB");
    }
}
