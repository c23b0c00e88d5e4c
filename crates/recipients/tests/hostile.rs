//! Files built to hurt the importer: a workbook claiming billions of cells, cells repeated without
//! end, a ZIP that unpacks to far more than it weighs, a cell a megabyte long, call data Cartesia
//! would refuse. Every one is generated here (none is committed), and each must end in a plain
//! message or a report — never an abort, never a stall.
//!
//! The allocation bombs run in a child process under `ulimit -v`: on code that trusts the file the
//! child aborts (a failed allocation can't be caught), and the test says so instead of dying with it.

#![allow(clippy::unwrap_used)] // fixtures are built here; a failure there is a test failure

use std::io::Write;

use recipients::{import, import_cancellable, preview, Cancel, ImportError, ImportOptions};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// An inline-string cell.
fn cell(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A sheet part: an optional `<dimension>` and the given `<row>`s.
fn sheet(dimension: Option<&str>, rows: &str) -> String {
    let dim = dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A small list every hostile workbook starts from: a header and two good numbers.
fn list_rows() -> String {
    format!(
        "<row r=\"1\">{}{}</row><row r=\"2\">{}{}</row><row r=\"3\">{}{}</row>",
        cell("A1", "Name"),
        cell("B1", "Phone"),
        cell("A2", "Ann"),
        cell("B2", "(415) 555-2671"),
        cell("A3", "Bob"),
        cell("B3", "(415) 555-2672"),
    )
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn xlsx(sheet_xml: &str) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()),
    ])
}

fn ods(table_rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Leads">{table_rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(manifest.as_bytes()).unwrap();
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

fn ods_list() -> String {
    format!(
        "<table:table-row>{}{}</table:table-row><table:table-row>{}{}</table:table-row>",
        ods_cell("Name"),
        ods_cell("Phone"),
        ods_cell("Ann"),
        ods_cell("(415) 555-2671"),
    )
}

/// A raw deflate stream (fixed Huffman codes) of `prefix`, then `run` copies of its last byte, then
/// `suffix`: a few megabytes that unpack to hundreds.
fn deflate_bomb(prefix: &[u8], run: u64, suffix: &[u8]) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, len: u32) {
            self.acc |= value << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// Huffman codes go most significant bit first.
        fn code(&mut self, code: u64, len: u32) {
            let mut rev = 0;
            for i in 0..len {
                rev |= ((code >> i) & 1) << (len - 1 - i);
            }
            self.put(rev, len);
        }
        fn literal(&mut self, b: u8) {
            if b < 144 {
                self.code(0x30 + u64::from(b), 8);
            } else {
                self.code(0x190 + u64::from(b - 144), 9);
            }
        }
    }
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman
    for &b in prefix {
        bits.literal(b);
    }
    let mut left = run;
    while left >= 258 {
        bits.code(0xC5, 8); // length 258 (code 285)
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.literal(*prefix.last().unwrap());
    }
    for &b in suffix {
        bits.literal(b);
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    bits.out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A ZIP written by hand, so one entry can carry a ready-made deflate stream and declare whatever
/// size it likes. Stored entries get their CRC; a deflated one gets none (the reader only checks it
/// once the entry is read to its end, long after a bomb went off).
fn raw_zip(entries: &[(&str, u16, Vec<u8>, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, method, data, declared) in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]); // time, date
            h.extend(if *method == 0 { crc32(data) } else { 0 }.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((*declared as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// An XLSX whose sheet holds one cell of `run` letters, stored as a deflate bomb that claims to be
/// `declared` bytes.
fn xlsx_bomb(run: u64, declared: u64) -> Vec<u8> {
    let whole = sheet(None, &list_rows());
    let head = whole.split("</sheetData>").next().unwrap().to_string()
        + "<row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is><t>a";
    let bomb = deflate_bomb(
        head.as_bytes(),
        run,
        b"</t></is></c></row></sheetData></worksheet>",
    );
    let stored = |name, s: &str| (name, 0, s.as_bytes().to_vec(), s.len() as u64);
    raw_zip(&[
        stored("[Content_Types].xml", CONTENT_TYPES),
        stored("_rels/.rels", RELS),
        stored("xl/workbook.xml", WORKBOOK),
        stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", 8, bomb, declared),
    ])
}

fn error_of(bytes: &[u8], name: &str) -> ImportError {
    match import(bytes, name, &ImportOptions::default()) {
        Ok(r) => panic!(
            "{name} was imported ({} recipients) instead of refused",
            r.recipients.len()
        ),
        Err(e) => e,
    }
}

/// The hostile files that need a memory limit, by name.
fn bomb(case: &str) -> (Vec<u8>, &'static str) {
    match case {
        "far_cell" => {
            let rows = format!(
                "{}<row r=\"1048576\">{}</row>",
                list_rows(),
                cell("XFD1048576", "x")
            );
            (xlsx(&sheet(None, &rows)), "far.xlsx")
        }
        "lower_far_cell" => {
            let rows = format!(
                "{}<row r=\"5\">{}</row>",
                list_rows(),
                cell("xfd1048576", "x")
            );
            (xlsx(&sheet(None, &rows)), "lower.xlsx")
        }
        "row_index_far" => {
            // A cell without a reference sits in its `<row r>`, whatever the cell before it said.
            let far = "<row r=\"1048576\"><c r=\"XFC2\" t=\"inlineStr\"><is><t>a</t></is></c><c t=\"inlineStr\"><is><t>b</t></is></c></row>";
            (
                xlsx(&sheet(None, &format!("{}{far}", list_rows()))),
                "rows.xlsx",
            )
        }
        "empty_cell_moves_column" => {
            // An empty cell's reference moves the column for the next one.
            let far = "<row r=\"1048576\"><c r=\"XFC1048576\"/><c t=\"inlineStr\"><is><t>b</t></is></c></row>";
            (
                xlsx(&sheet(None, &format!("{}{far}", list_rows()))),
                "empty.xlsx",
            )
        }
        "row_past_32_bits" => {
            let far = "<row r=\"4294967300\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>";
            (
                xlsx(&sheet(None, &format!("{}{far}", list_rows()))),
                "wrap.xlsx",
            )
        }
        "ods_repeats" => {
            let rows = format!(
                "{}<table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>",
                ods_list()
            );
            (ods(&rows), "repeats.ods")
        }
        "ods_empty_run" => {
            let rows = format!(
                "{}<table:table-row><table:table-cell table:number-columns-repeated=\"4000000000\"/><table:table-cell/></table:table-row>",
                ods_list()
            );
            (ods(&rows), "empty-run.ods")
        }
        "zip_bomb" => (xlsx_bomb(900 * 1024 * 1024, 2_000), "bomb.xlsx"),
        other => panic!("no such case {other}"),
    }
}

/// The child's side: import the case and print the outcome on one line.
#[test]
fn child_entry() {
    let Ok(case) = std::env::var("HOSTILE_CASE") else {
        return;
    };
    let (bytes, name) = bomb(&case);
    eprintln!("{case}: {} bytes", bytes.len());
    match import(&bytes, name, &ImportOptions::default()) {
        Ok(r) => println!("OUTCOME imported {} recipients", r.recipients.len()),
        Err(e) => println!("OUTCOME {}: {e}", e.code()),
    }
}

/// Runs one case in a child process limited to 1.5 GiB of address space, and returns the outcome
/// line it printed; a child that died is a test failure that says how.
#[cfg(unix)]
fn in_child(case: &str) -> String {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1572864 && exec \"$0\" child_entry --exact --nocapture --test-threads=1")
        .arg(&exe)
        .env("HOSTILE_CASE", case)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let outcome = stdout
        .lines()
        .find_map(|l| l.split_once("OUTCOME ").map(|(_, o)| o.to_string()));
    match outcome {
        Some(o) if out.status.success() => o,
        _ => panic!(
            "reading {case} killed the process ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
                .join(" | ")
        ),
    }
}

#[cfg(unix)]
#[test]
fn a_cell_at_xfd1048576_is_refused_not_allocated() {
    let outcome = in_child("far_cell");
    assert_eq!(
        outcome,
        "sheet_too_big: This spreadsheet claims 17.2 billion cells (1,048,576 rows × 16,384 columns), \
         more than the 16.8 million Batchline reads from one sheet. Save the sheet with only your list \
         and import it again."
    );
}

#[cfg(unix)]
#[test]
fn ods_repeated_cells_are_refused_not_expanded() {
    let outcome = in_child("ods_repeats");
    assert!(outcome.starts_with("sheet_too_big: "), "{outcome}");
    let outcome = in_child("ods_empty_run");
    assert!(outcome.starts_with("sheet_too_big: "), "{outcome}");
}

#[cfg(unix)]
#[test]
fn a_zip_bomb_is_refused_after_reading_no_more_than_the_cap() {
    let outcome = in_child("zip_bomb");
    assert_eq!(
        outcome,
        "too_large: bomb.xlsx unpacks to more than 512 MB, more than any recipient list needs \
         (it may be damaged). Save the sheet with only your list and import it again."
    );
}

#[test]
fn a_claimed_dimension_beyond_the_cap_is_refused() {
    let bytes = xlsx(&sheet(Some("A1:XFD1048576"), &list_rows()));
    let e = error_of(&bytes, "claims.xlsx");
    assert_eq!(e.code(), "sheet_too_big");
    assert!(e.to_string().contains("17.2 billion cells"), "{e}");
}

#[test]
fn a_declared_size_beyond_the_cap_is_refused_before_unpacking() {
    // The entry is tiny, but its header claims 600 MB: refused on the claim alone.
    let bytes = xlsx_bomb(10, 600 * 1024 * 1024);
    assert_eq!(error_of(&bytes, "claims.xlsx").code(), "too_large");
}

#[test]
fn honest_workbooks_still_import() {
    let bytes = xlsx(&sheet(Some("A1:B3"), &list_rows()));
    let report = import(&bytes, "ok.xlsx", &ImportOptions::default()).unwrap();
    assert_eq!(report.recipients.len(), 2);
    // Trailing empty repeats, as LibreOffice writes them, are not counted as cells.
    let rows = format!(
        "{}<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
        ods_list().replace(
            "</table:table-row>",
            "<table:table-cell table:number-columns-repeated=\"1022\"/></table:table-row>"
        )
    );
    let report = import(&ods(&rows), "ok.ods", &ImportOptions::default()).unwrap();
    assert_eq!(report.recipients.len(), 1);
    // A bomb small enough to be a real sheet is read through.
    let report = import(
        &xlsx_bomb(1000, 2_000),
        "ok.xlsx",
        &ImportOptions::default(),
    );
    assert!(report.is_ok() || matches!(report, Err(ImportError::Spreadsheet { .. })));
}

#[test]
fn a_file_over_the_size_limit_is_refused_in_words() {
    let mut big = b"Phone\n".to_vec();
    big.resize(recipients::MAX_FILE_BYTES + 1, b'1');
    let e = error_of(&big, "huge.csv");
    assert_eq!(e.code(), "too_large");
    assert!(
        e.to_string()
            .starts_with("huge.csv is 200 MB; Batchline reads files of at most 200 MB."),
        "{e}"
    );
}

#[test]
fn a_cancelled_import_stops_with_cancelled() {
    let mut csv = String::from("Name,Phone\n");
    for i in 0..5_000 {
        csv.push_str(&format!("P{i},(415) 555-{:04}\n", i % 10_000));
    }
    let cancel = Cancel::new();
    cancel.cancel();
    let e = import_cancellable(
        csv.as_bytes(),
        "long.csv",
        &ImportOptions::default(),
        &cancel,
    )
    .unwrap_err();
    assert_eq!(e.code(), "cancelled");
    assert_eq!(
        e.to_string(),
        "Reading long.csv was cancelled. Choose the file again when you're ready."
    );
    cancel.reset();
    let report = import_cancellable(
        csv.as_bytes(),
        "long.csv",
        &ImportOptions::default(),
        &cancel,
    )
    .unwrap();
    assert_eq!(report.rows, 5_000);
    let _ = preview(csv.as_bytes(), "long.csv", &ImportOptions::default()).unwrap();
}

#[test]
fn a_cell_longer_than_any_phone_number_is_not_one() {
    // A megabyte of `x` in the phone column: every `x` looked like an extension marker, and each look
    // counted the digits before it again (quadratic: a megabyte took minutes).
    let long = "x".repeat(1024 * 1024);
    let csv = format!("Name,Phone\nAnn,(415) 555-2671\nBob,{long}\n");
    let report = import(csv.as_bytes(), "long.csv", &ImportOptions::default()).unwrap();
    assert_eq!(report.recipients.len(), 1);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].row, 3);
    assert_eq!(report.rejected[0].reason, "too long to be a phone number");
}

#[test]
fn call_data_cartesia_would_refuse_is_a_problem_at_import() {
    // {"Notes":"…"} is 12 bytes around the value: 8,180 characters make exactly the limit.
    let at_limit = "n".repeat(limits::MAX_METADATA_BYTES - 12);
    let over = "n".repeat(11_450);
    let csv = format!(
        "Phone,Notes\n(415) 555-2671,{at_limit}\n(415) 555-2672,{over}\n(415) 555-2673,short\n"
    );
    let report = import(csv.as_bytes(), "notes.csv", &ImportOptions::default()).unwrap();
    let ready: Vec<u64> = report.recipients.iter().map(|r| r.row).collect();
    assert_eq!(ready, vec![2, 4]);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].row, 3);
    assert_eq!(
        report.rejected[0].reason,
        "the call data is 11.2 KB; Cartesia accepts at most 8 KB per recipient. Shorten or drop \
         some columns and import again."
    );
    // Dropping the column makes the row fit.
    let options = ImportOptions {
        mapping: recipients::ColumnMapping {
            exclude: vec!["Notes".into()],
            rename: Vec::new(),
        },
        ..ImportOptions::default()
    };
    let report = import(csv.as_bytes(), "notes.csv", &options).unwrap();
    assert_eq!(report.recipients.len(), 3);
}

#[test]
fn a_row_a_million_cells_wide_is_read_in_one_pass() {
    // Found by the fuzz loop (an ODS cell repeated 1,048,576 times across): naming the columns
    // compared each name with every earlier one, hours for one row. A CSV line of commas does the same.
    let csv = format!("Phone{}\n(415) 555-2671\n", ",".repeat(1_048_576));
    let report = import(csv.as_bytes(), "wide.csv", &ImportOptions::default()).unwrap();
    assert_eq!(report.columns.len(), 1_048_577);
    assert_eq!(report.columns[1_048_576], "column 1048577");
    assert_eq!(report.recipients.len(), 1);
}

#[cfg(unix)]
#[test]
fn every_cell_calamine_places_is_measured() {
    // Found by the fuzz loop: calamine reads `xfd1048576` as XFD1048576; the check used to skip it.
    let outcome = in_child("lower_far_cell");
    assert!(outcome.starts_with("sheet_too_big: "), "{outcome}");
    // And a cell without a reference in a far row, or in a row past what 32 bits hold.
    for case in [
        "row_index_far",
        "row_past_32_bits",
        "empty_cell_moves_column",
    ] {
        let outcome = in_child(case);
        assert!(outcome.starts_with("sheet_too_big: "), "{case}: {outcome}");
    }
}
