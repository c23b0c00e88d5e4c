//! How the account's do-not-call list holds up at size: importing a 1,000,000-number CSV file
//! (through the recipient importer, one transaction), checking a 5,000-row campaign list against
//! it, exporting it as CSV, and how much the campaign store grows.
//!
//! ```text
//! cargo run --release -p campaign --example dnc_figure
//! ```

use campaign::dnc::{self, DncImportChoices};
use campaign::Store;
use chrono::Utc;
use recipients::Cancel;
use std::time::Instant;

const LISTED: usize = 1_000_000;
const CAMPAIGN: usize = 5_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path().join("campaigns.sqlite"))?;
    let before = store.disk_size()?;

    // US numbers written the way CRMs export them, every tenth with its country code.
    let mut csv = String::with_capacity(LISTED * 16);
    csv.push_str("Phone\n");
    for i in 0..LISTED {
        let (area, exchange, line) = parts(i);
        if i % 10 == 0 {
            csv.push_str(&format!("+1 {area} {exchange} {line:04}\n"));
        } else {
            csv.push_str(&format!("({area}) {exchange}-{line:04}\n"));
        }
    }
    let file_mb = csv.len() as f64 / 1e6;

    let started = Instant::now();
    let report = dnc::import(
        &store,
        csv.as_bytes(),
        "opt-outs.csv",
        &DncImportChoices {
            country: "US".into(),
            ..DncImportChoices::default()
        },
        &Cancel::new(),
        Utc::now(),
    )?;
    let import_s = started.elapsed().as_secs_f64();
    drop(csv);
    println!(
        "import: {} rows ({file_mb:.1} MB CSV) -> {} added, {} already, {} repeated, {} refused \
         in {import_s:.2} s ({:.0} numbers/s)",
        report.rows,
        report.added,
        report.already,
        report.repeated,
        report.refused_total,
        f64::from(report.rows) / import_s
    );

    // A campaign list: half of it on the do-not-call list, half not.
    let campaign: Vec<String> = (0..CAMPAIGN)
        .map(|i| {
            if i % 2 == 0 {
                let (area, exchange, line) = parts(i * 199 % LISTED);
                format!("+1{area}{exchange}{line:04}")
            } else {
                format!("+1212800{i:04}")
            }
        })
        .collect();
    let started = Instant::now();
    let listed = dnc::listed_among(&store, campaign.iter().map(String::as_str))?;
    let check_ms = started.elapsed().as_secs_f64() * 1e3;
    println!(
        "check: {CAMPAIGN} numbers against {} listed -> {} on the list in {check_ms:.1} ms",
        store.dnc_count()?,
        listed.len()
    );

    let started = Instant::now();
    let exported = dnc::export_csv(&store, dir.path(), "America/New_York", Utc::now())?;
    let export_s = started.elapsed().as_secs_f64();
    let export_mb = std::fs::metadata(&exported.path)?.len() as f64 / 1e6;
    println!(
        "export: {} numbers ({export_mb:.1} MB CSV) in {export_s:.2} s",
        exported.numbers
    );

    let after = store.disk_size()?;
    println!(
        "store: {:.1} MB before, {:.1} MB after ({:.0} bytes per number)",
        before as f64 / 1e6,
        after as f64 / 1e6,
        (after - before) as f64 / report.added.max(1) as f64
    );
    Ok(())
}

/// Area codes in use, so every generated number is a valid one.
const AREAS: [u32; 20] = [
    201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225,
    228,
];

/// The `i`th listed number: area code, exchange and line, all different for each `i`.
fn parts(i: usize) -> (u32, usize, usize) {
    (AREAS[i % 20], 234 + (i / 20) % 50, i / 1000)
}
