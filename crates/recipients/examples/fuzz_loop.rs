//! A fuzzing loop that runs on stable Rust: mutates a corpus of messy lists for a number of seconds
//! and feeds each mutant to `import`, `preview` and `problems_csv`, and phone-cell mutants to the fast
//! and full phone paths. Stops at the first panic or broken invariant and saves the input.
//!
//! `cargo run --release -p recipients --example fuzz_loop -- [SECONDS] [--write-seeds DIR] [--replay FILE…]`
//!
//! Besides mutating bytes, a third of the files are workbooks built from their structure: XLSX with
//! random used ranges (`<dimension>`, cells near and at `XFD1048576`, rows without numbers), ODS with
//! random row and column repeats, entries stored or compressed, some unpacking to tens of megabytes.
//! Run it under a memory limit (`ulimit -v`) so a file that makes the reader allocate without bound
//! ends the run as a crash instead of filling the machine:
//! `sh -c 'ulimit -v 2097152; exec target/release/examples/fuzz_loop 300'`.
//!
//! `cargo fuzz` (nightly, coverage-guided) runs the same checks from `crates/recipients/fuzz`; this loop
//! is the fallback where only stable is available, and `--write-seeds` gives `cargo fuzz` a corpus.

use recipients::{fast_path, full_path, import, preview, problems_csv, Country, ImportOptions};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// xorshift64*: deterministic, dependency-free randomness is all a mutator needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = vec![
        (
            "crm.csv".into(),
            "\u{feff}\"First Name\",\"Phone\",\"Notes\"\r\n\"José\",\"(415) 555-2671\",\"a, \"\"b\"\"\r\nc\"\r\n\r\n\"Ann\",\"N/A\",\r\n\"Bob\",\"+1 415 555 2671 x20\",\"\"\r\n"
                .into(),
        ),
        (
            "eu.csv".into(),
            encoding_rs::WINDOWS_1252
                .encode("Name;Telefon;Betrag\r\nJürgen;030 901820;12,50\r\nZoë;1,41555E+10;0\r\n")
                .0
                .into_owned(),
        ),
        (
            "notab.tsv".into(),
            b"4155552671\tAnn\tVIP\n415-555-2672\tBob\t\nbad\tCy\tx\n".to_vec(),
        ),
        (
            "pipes.txt".into(),
            b"Name|Mobile\n\"A|B\"|+44 20 7946 0958\n".to_vec(),
        ),
    ];
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Name\tMobile\r\nZoë\t+44 20 7946 0958\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    out.push(("utf16.txt".into(), utf16));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    let _ = sheet.write_string(0, 0, "Phone");
    let _ = sheet.write_number(1, 0, 4155552671.0);
    let _ = sheet.write_string(2, 0, "1.41555E+10");
    if let Ok(bytes) = wb.save_to_buffer() {
        out.push(("book.xlsx".into(), bytes));
    }
    out
}

/// Positions and counts that sit on or across a limit: small, Excel's last row and column, u32 and
/// u64 overflow, and the cap itself.
const EDGES: &[u64] = &[
    0,
    1,
    2,
    255,
    256,
    16_383,
    16_384,
    65_535,
    65_536,
    1_048_575,
    1_048_576,
    4_096,
    16_777_216,
    2_147_483_647,
    4_294_967_295,
    4_294_967_296,
    u64::MAX,
];

fn edge_or_small(rng: &mut Rng) -> u64 {
    if rng.below(3) == 0 {
        EDGES[rng.below(EDGES.len())]
    } else {
        rng.below(40) as u64 + 1
    }
}

/// `A`, `Z`, `AA`, … `XFD` for a one-based column.
fn column_name(mut col: u64) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        out.push(b'A' + rem as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn cell_ref(rng: &mut Rng) -> String {
    let col = edge_or_small(rng).clamp(1, 1 << 40);
    let row = edge_or_small(rng).max(1);
    match rng.below(12) {
        0 => format!("{}{}", column_name(col).to_lowercase(), row),
        1 => format!("${}${}", column_name(col), row),
        2 => String::new(),
        _ => format!("{}{}", column_name(col), row),
    }
}

fn zip_parts(rng: &mut Rng, parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if rng.below(3) == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(data.len() > u32::MAX as usize / 2);
        if w.start_file(name.as_str(), options).is_err() || w.write_all(data).is_err() {
            return Vec::new();
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// Some filler that compresses to almost nothing: up to 64 MB of one byte.
fn filler(rng: &mut Rng) -> Vec<u8> {
    let size = match rng.below(4) {
        0 => 64 << 20,
        1 => 1 << 20,
        _ => rng.below(4096),
    };
    vec![b' '; size]
}

/// An XLSX written from its parts, with a random used range.
fn random_xlsx(rng: &mut Rng) -> Vec<u8> {
    let mut rows = String::new();
    rows.push_str(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Phone</t></is></c></row>"#);
    for _ in 0..rng.below(12) {
        let r = if rng.below(3) == 0 {
            String::new()
        } else {
            format!(" r=\"{}\"", edge_or_small(rng))
        };
        rows.push_str(&format!("<row{r}>"));
        for _ in 0..rng.below(4) + 1 {
            let reference = cell_ref(rng);
            let attr = if reference.is_empty() {
                String::new()
            } else {
                format!(" r=\"{reference}\"")
            };
            match rng.below(4) {
                0 => rows.push_str(&format!("<c{attr}/>")),
                1 => rows.push_str(&format!("<c{attr}><v>4155552671</v></c>")),
                _ => rows.push_str(&format!(
                    "<c{attr} t=\"inlineStr\"><is><t>(415) 555-26{:02}</t></is></c>",
                    rng.below(100)
                )),
            }
        }
        rows.push_str("</row>");
    }
    let dimension = match rng.below(3) {
        0 => String::new(),
        _ => format!("<dimension ref=\"{}:{}\"/>", cell_ref(rng), cell_ref(rng)),
    };
    let pad = if rng.below(8) == 0 {
        String::from_utf8(filler(rng)).unwrap_or_default()
    } else {
        String::new()
    };
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData>{pad}</worksheet>"#
    );
    let parts = vec![
        ("[Content_Types].xml".to_string(), br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec()),
        ("_rels/.rels".to_string(), br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml".to_string(), br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
        ("xl/_rels/workbook.xml.rels".to_string(), br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec()),
        ("xl/worksheets/sheet1.xml".to_string(), sheet.into_bytes()),
    ];
    zip_parts(rng, &parts)
}

/// An ODS written from its parts, with random row and column repeats.
fn random_ods(rng: &mut Rng) -> Vec<u8> {
    let mut rows = String::from(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Phone</text:p></table:table-cell></table:table-row>"#,
    );
    for _ in 0..rng.below(10) {
        let rep = if rng.below(2) == 0 {
            format!(" table:number-rows-repeated=\"{}\"", edge_or_small(rng))
        } else {
            String::new()
        };
        if rng.below(6) == 0 {
            rows.push_str(&format!("<table:table-row{rep}/>"));
            continue;
        }
        rows.push_str(&format!("<table:table-row{rep}>"));
        for _ in 0..rng.below(4) + 1 {
            let rep = if rng.below(2) == 0 {
                format!(" table:number-columns-repeated=\"{}\"", edge_or_small(rng))
            } else {
                String::new()
            };
            match rng.below(3) {
                0 => rows.push_str(&format!("<table:table-cell{rep}/>")),
                1 => rows.push_str(&format!("<table:covered-table-cell{rep} office:value-type=\"float\" office:value=\"4155552671\"/>")),
                _ => rows.push_str(&format!(
                    "<table:table-cell{rep} office:value-type=\"string\"><text:p>(415) 555-26{:02}</text:p></table:table-cell>",
                    rng.below(100)
                )),
            }
        }
        rows.push_str("</table:table-row>");
    }
    let tables = if rng.below(4) == 0 { 2 } else { 1 };
    let mut body = String::new();
    for t in 0..tables {
        body.push_str(&format!(
            "<table:table table:name=\"S{t}\">{rows}</table:table>"
        ));
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    );
    let mut parts = vec![
        ("mimetype".to_string(), b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        ("META-INF/manifest.xml".to_string(), br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#.to_vec()),
        ("content.xml".to_string(), content.into_bytes()),
    ];
    if rng.below(8) == 0 {
        parts.push(("Thumbnails/pad.bin".to_string(), filler(rng)));
    }
    zip_parts(rng, &parts)
}

const INTERESTING: &[u8] = b",;\t|\"\r\n +()-.0123456789Ex#'=\0\xFF\xFE\xEF\xBB\xBF";

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(4) {
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(data.len() + 1);
                data.insert(i, INTERESTING[rng.below(INTERESTING.len())]);
            }
            2 if !data.is_empty() => {
                let i = rng.below(data.len());
                let n = rng.below(8).min(data.len() - i);
                data.drain(i..i + n);
            }
            3 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            4 => {
                // Splice a piece of another seed in.
                let other = &corpus[rng.below(corpus.len())].1;
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + rng.below(64)).min(other.len());
                    let at = rng.below(data.len() + 1);
                    data.splice(at..at, other[a..b].iter().copied());
                }
            }
            _ if !data.is_empty() => {
                // Duplicate a run (repeats rows, quotes, delimiters).
                let a = rng.below(data.len());
                let b = (a + rng.below(32)).min(data.len());
                let piece = data[a..b].to_vec();
                let at = rng.below(data.len() + 1);
                data.splice(at..at, piece);
            }
            _ => {}
        }
    }
    data.truncate(64 * 1024);
    data
}

/// A workbook built from its structure, sometimes with a few bytes of the archive mutated too.
fn random_workbook(rng: &mut Rng, corpus: &[(String, Vec<u8>)]) -> (&'static str, Vec<u8>) {
    let (name, bytes) = if rng.below(2) == 0 {
        ("fuzz.xlsx", random_xlsx(rng))
    } else {
        ("fuzz.ods", random_ods(rng))
    };
    if rng.below(4) == 0 && bytes.len() <= 64 * 1024 {
        (name, mutate(rng, &bytes, corpus))
    } else {
        (name, bytes)
    }
}

fn check_file(data: &[u8], name: &str) -> Result<(), String> {
    let options = ImportOptions::default();
    let _ = preview(data, name, &options);
    if let Ok(report) = import(data, name, &options) {
        let accounted = report.recipients.len()
            + report.rejected.len()
            + report.duplicates.len()
            + report.suppressed.len();
        if report.rows as usize != accounted {
            return Err(format!("rows {} but {} accounted", report.rows, accounted));
        }
        problems_csv(&report).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn check_phone(text: &str) -> Result<(), String> {
    for country in [Country::US, Country::from_code("DE").unwrap_or_default()] {
        let full = full_path(text, country);
        if let Some(fast) = fast_path(text, country) {
            if Ok(fast) != full {
                return Err(format!(
                    "fast path {fast} but full path {full:?} for {text:?}"
                ));
            }
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = seeds();
    if let Some(pos) = args.iter().position(|a| a == "--write-seeds") {
        let dir =
            std::path::PathBuf::from(args.get(pos + 1).cloned().unwrap_or_else(|| "seeds".into()));
        let _ = std::fs::create_dir_all(&dir);
        for (name, bytes) in &corpus {
            let _ = std::fs::write(dir.join(name), bytes);
        }
        println!("wrote {} seeds to {}", corpus.len(), dir.display());
        return;
    }
    if let Some(pos) = args.iter().position(|a| a == "--replay") {
        // Runs saved inputs again (e.g. fuzz_loop_current.bin after an abort).
        for path in &args[pos + 1..] {
            let data = std::fs::read(path).unwrap_or_default();
            let name = if data.starts_with(b"PK") {
                "replay.xlsx"
            } else {
                "replay.csv"
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| check_file(&data, name)));
            println!("{path}: {outcome:?}");
        }
        return;
    }
    let seconds: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(30);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ u64::from(std::process::id()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut files, mut workbooks, mut phones) = (0u64, 0u64, 0u64);
    // Quiet the default hook: a panic is reported once, below, with the input that caused it.
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline {
        let structured = rng.below(3) == 0;
        let (name, data) = if structured {
            workbooks += 1;
            let (name, data) = random_workbook(&mut rng, &corpus);
            (name.to_string(), data)
        } else {
            let (name, seed) = &corpus[rng.below(corpus.len())];
            (name.clone(), mutate(&mut rng, seed, &corpus))
        };
        // Written before the run: if the reader aborts (it can't be caught), the input is kept.
        if structured {
            let _ = std::fs::write("fuzz_loop_current.bin", &data);
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| check_file(&data, &name)));
        files += 1;
        if !matches!(outcome, Ok(Ok(()))) {
            let _ = std::fs::write("fuzz_loop_failure.bin", &data);
            println!("FAILED on a mutant of {name} after {files} files ({outcome:?}); saved fuzz_loop_failure.bin");
            std::process::exit(1);
        }
        for _ in 0..8 {
            let base = [
                "(415) 555-2671",
                "+1 415 555 2671",
                "1-212-555-0142",
                "030 901820",
            ];
            let pick = base[rng.below(base.len())];
            let phone = mutate(&mut rng, pick.as_bytes(), &corpus);
            let text = String::from_utf8_lossy(&phone);
            let outcome = catch_unwind(AssertUnwindSafe(|| check_phone(&text)));
            phones += 1;
            if !matches!(outcome, Ok(Ok(()))) {
                println!("FAILED on phone text {text:?} ({outcome:?})");
                std::process::exit(1);
            }
        }
    }
    println!(
        "{files} file executions ({workbooks} structured workbooks) and {phones} phone executions in {seconds} s, no panic, no disagreement"
    );
}
