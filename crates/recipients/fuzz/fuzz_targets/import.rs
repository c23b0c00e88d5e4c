//! Any bytes, under any file name, must give a report or a plain error — never a panic — and every
//! data row must be accounted for exactly once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recipients::{import, preview, problems_csv, ImportOptions};

fuzz_target!(|data: &[u8]| {
    let options = ImportOptions::default();
    let _ = preview(data, "fuzz.csv", &options);
    if let Ok(report) = import(data, "fuzz.csv", &options) {
        let accounted = report.recipients.len()
            + report.rejected.len()
            + report.duplicates.len()
            + report.suppressed.len();
        assert_eq!(report.rows as usize, accounted);
        assert!(report
            .recipients
            .iter()
            .all(|r| r.to_number.starts_with('+')));
        let _ = problems_csv(&report);
    }
});
