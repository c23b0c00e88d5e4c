//! The limits Cartesia's Batch Calling API publishes, in one place with no dependencies, so the
//! importer (which must not pull in an HTTP client), the planner, the practice server, the client
//! and the wizard all refuse exactly what Cartesia refuses. `cartesia` re-exports them, and
//! [`typescript`] writes them as the UI's `ui/src/lib/host/limits.ts` (a test fails when that file
//! drifts), so the wizard's range checks are these numbers too.

use std::ops::RangeInclusive;

/// Most recipients Cartesia accepts in one batch.
pub const MAX_RECIPIENTS_PER_BATCH: usize = 5_000;

/// Most call data (a recipient's `metadata`, measured as its compact JSON) Cartesia accepts for one
/// recipient. One recipient over it makes Cartesia refuse the whole batch.
pub const MAX_METADATA_BYTES: usize = 8 * 1024;

/// How long a call may ring before it counts as unanswered, in seconds.
pub const RINGING_TIMEOUT_SECONDS: RangeInclusive<u32> = 5..=80;

/// How long Cartesia lets a phone ring when a batch doesn't say.
pub const DEFAULT_RINGING_TIMEOUT_SECONDS: u32 = 60;

/// How long one call may last, in minutes.
pub const MAX_CALL_DURATION_MINUTES: RangeInclusive<u32> = 1..=480;

/// How long a call may last when a batch doesn't say, in minutes.
pub const DEFAULT_MAX_CALL_DURATION_MINUTES: u32 = 480;

/// How far ahead a batch may be scheduled, in days (a start must also be in the future).
pub const MAX_SCHEDULE_DAYS_AHEAD: u32 = 30;

/// Fewest calls at the same time a batch may ask for (the most is the account's plan limit).
pub const MIN_CONCURRENCY: u32 = 1;

/// The limits as a TypeScript module, for the UI (`ui/src/lib/host/limits.ts`).
pub fn typescript() -> String {
    let consts: [(&str, &str, String); 8] = [
        (
            "Most recipients Cartesia accepts in one batch (a campaign's part).",
            "MAX_RECIPIENTS_PER_BATCH",
            MAX_RECIPIENTS_PER_BATCH.to_string(),
        ),
        (
            "Most call data per recipient, in bytes of compact JSON.",
            "MAX_METADATA_BYTES",
            MAX_METADATA_BYTES.to_string(),
        ),
        (
            "How long a call may ring, in seconds.",
            "RINGING_TIMEOUT_SECONDS",
            range(&RINGING_TIMEOUT_SECONDS),
        ),
        (
            "How long a call rings when the campaign doesn't say, in seconds.",
            "DEFAULT_RINGING_TIMEOUT_SECONDS",
            DEFAULT_RINGING_TIMEOUT_SECONDS.to_string(),
        ),
        (
            "How long one call may last, in minutes.",
            "MAX_CALL_DURATION_MINUTES",
            range(&MAX_CALL_DURATION_MINUTES),
        ),
        (
            "How long a call may last when the campaign doesn't say, in minutes.",
            "DEFAULT_MAX_CALL_DURATION_MINUTES",
            DEFAULT_MAX_CALL_DURATION_MINUTES.to_string(),
        ),
        (
            "How far ahead a campaign may be scheduled, in days.",
            "MAX_SCHEDULE_DAYS_AHEAD",
            MAX_SCHEDULE_DAYS_AHEAD.to_string(),
        ),
        (
            "Fewest calls at the same time a campaign may ask for.",
            "MIN_CONCURRENCY",
            MIN_CONCURRENCY.to_string(),
        ),
    ];
    let mut out = String::from(
        "// Generated from crates/limits/src/lib.rs by `cargo test -p limits` with\n\
         // UPDATE_BINDINGS=1. Do not edit by hand.\n",
    );
    for (doc, name, value) in consts {
        out.push_str(&format!("\n/** {doc} */\nexport const {name} = {value};\n"));
    }
    out
}

fn range(r: &RangeInclusive<u32>) -> String {
    format!("{{ min: {}, max: {} }} as const", r.start(), r.end())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn the_ui_limits_module_is_current() {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/host/limits.ts");
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            if let Err(e) = std::fs::write(&path, &fresh) {
                panic!("could not write {}: {e}", path.display());
            }
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/host/limits.ts is out of date with crates/limits; run \
             `UPDATE_BINDINGS=1 cargo test -p limits` and commit the result"
        );
    }

    #[test]
    fn the_module_states_each_range_as_cartesia_publishes_it() {
        let ts = super::typescript();
        assert!(ts.contains("export const RINGING_TIMEOUT_SECONDS = { min: 5, max: 80 } as const;"));
        assert!(
            ts.contains("export const MAX_CALL_DURATION_MINUTES = { min: 1, max: 480 } as const;")
        );
        assert!(ts.contains("export const MAX_SCHEDULE_DAYS_AHEAD = 30;"));
        assert!(ts.contains("export const MAX_RECIPIENTS_PER_BATCH = 5000;"));
    }
}
