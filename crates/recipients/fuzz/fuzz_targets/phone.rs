//! Any text in a phone cell: no panic, and the fast path agrees with the full libphonenumber path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recipients::{fast_path, full_path, normalize, Country};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let country = Country::US;
    let full = full_path(text, country);
    if let Some(fast) = fast_path(text, country) {
        assert_eq!(Ok(fast), full, "fast path disagrees on {text:?}");
    }
    assert_eq!(normalize(text, country), full);
});
