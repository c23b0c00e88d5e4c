//! Prints how fast and how big a full import is, next to a raw `csv` crate pass over the same bytes
//! (the floor nothing can beat). Figures only; nothing is asserted.
//!
//! `cargo run --release -p recipients --example bench_import [-- 5000 100000 1000000]`
//!
//! Each measurement runs in a child process so peak memory (VmHWM) of one size does not hide another's.

use std::process::Command;
use std::time::Instant;

const AREAS: &[u32] = &[201, 212, 213, 312, 415, 617, 702, 718, 805, 917];
const FIRST: &[&str] = &[
    "José", "Ann", "Bob", "Chloé", "Dan", "Eve", "Fatima", "Grace",
];
const CITIES: &[&str] = &[
    "San Francisco",
    "New York",
    "Chicago",
    "Boston",
    "Las Vegas",
];

/// A CRM-like export: mixed phone formats, ~1% unusable cells, ~1% repeated numbers.
fn generate(rows: usize) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 90);
    out.push_str("First Name,Last Name,Phone Number,Email,City,Account ID\r\n");
    for i in 0..rows {
        let n = if i % 100 == 99 { i - 50 } else { i };
        let area = AREAS[n % AREAS.len()];
        let exchange = 200 + (n / AREAS.len() / 10_000) % 800;
        let line = (n / AREAS.len()) % 10_000;
        let phone = match i % 7 {
            _ if i % 100 == 42 => "N/A".to_string(),
            0 | 1 => format!("({area}) {exchange}-{line:04}"),
            2 => format!("+1 {area} {exchange} {line:04}"),
            3 => format!("{area}.{exchange}.{line:04}"),
            4 => format!("1-{area}-{exchange}-{line:04}"),
            _ => format!("{area}{exchange}{line:04}"),
        };
        let first = FIRST[i % FIRST.len()];
        let city = CITIES[i % CITIES.len()];
        out.push_str(&format!(
            "{first},\"Smith, Jr.\",{phone},person{i}@example.com,{city},{i:08}\r\n"
        ));
    }
    out.into_bytes()
}

/// Peak resident memory of this process so far, in KiB.
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn child(mode: &str, rows: usize) {
    let bytes = generate(rows);
    let base = vm_hwm_kib();
    let start = Instant::now();
    let count = if mode == "import" {
        match recipients::import(&bytes, "bench.csv", &recipients::ImportOptions::default()) {
            Ok(r) => r.recipients.len() + r.rejected.len() + r.duplicates.len(),
            Err(e) => {
                eprintln!("{e}");
                0
            }
        }
    } else {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let mut record = csv::StringRecord::new();
        let mut n = 0;
        while reader.read_record(&mut record).unwrap_or(false) {
            n += record.len().min(1);
        }
        n
    };
    let secs = start.elapsed().as_secs_f64();
    println!("{secs} {} {base} {} {count}", vm_hwm_kib(), bytes.len());
}

fn measure(mode: &str, rows: usize) -> Option<(f64, u64, u64, usize)> {
    let exe = std::env::current_exe().ok()?;
    let out = Command::new(exe)
        .args(["--child", mode, &rows.to_string()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Vec<&str> = text.split_whitespace().collect();
    Some((
        v.first()?.parse().ok()?,
        v.get(1)?.parse().ok()?,
        v.get(2)?.parse().ok()?,
        v.get(3)?.parse().ok()?,
    ))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        let mode = args.get(1).cloned().unwrap_or_default();
        let rows = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(0);
        child(&mode, rows);
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![5_000, 100_000, 1_000_000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    println!(
        "{:>9} {:>8} | {:>9} {:>12} {:>10} {:>10} | {:>9} {:>12} | {:>6}",
        "rows",
        "file MB",
        "import s",
        "rows/s",
        "peak MiB",
        "+over file",
        "raw s",
        "raw rows/s",
        "ratio"
    );
    for rows in sizes {
        let (Some(full), Some(raw)) = (measure("import", rows), measure("raw", rows)) else {
            println!("{rows:>9} measurement failed");
            continue;
        };
        let (secs, peak, base, file_bytes) = full;
        println!(
            "{:>9} {:>8.1} | {:>9.3} {:>12.0} {:>10.1} {:>10.1} | {:>9.3} {:>12.0} | {:>5.1}x",
            rows,
            file_bytes as f64 / 1e6,
            secs,
            rows as f64 / secs,
            peak as f64 / 1024.0,
            peak.saturating_sub(base) as f64 / 1024.0,
            raw.0,
            rows as f64 / raw.0,
            secs / raw.0
        );
    }
    println!("peak MiB: VmHWM of the child doing the import, including the generated file held in memory;");
    println!("+over file: the part of the peak reached during the import itself.");
}
