//! A fuzzing loop that runs on stable Rust: mutates a corpus of messy lists for a number of seconds
//! and feeds each mutant to `import`, `preview` and `problems_csv`, and phone-cell mutants to the fast
//! and full phone paths. Stops at the first panic or broken invariant and saves the input.
//!
//! `cargo run --release -p recipients --example fuzz_loop -- [SECONDS] [--write-seeds DIR]`
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
        let _ = problems_csv(&report);
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
    let seconds: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(30);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ u64::from(std::process::id()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut files, mut phones) = (0u64, 0u64);
    // Quiet the default hook: a panic is reported once, below, with the input that caused it.
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline {
        let (name, seed) = &corpus[rng.below(corpus.len())];
        let data = mutate(&mut rng, seed, &corpus);
        let outcome = catch_unwind(AssertUnwindSafe(|| check_file(&data, name)));
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
        "{files} file executions and {phones} phone executions in {seconds} s, no panic, no disagreement"
    );
}
