// Generated from crates/limits/src/lib.rs by `cargo test -p limits` with
// UPDATE_BINDINGS=1. Do not edit by hand.

/** Most recipients Cartesia accepts in one batch (a campaign's part). */
export const MAX_RECIPIENTS_PER_BATCH = 5000;

/** Most call data per recipient, in bytes of compact JSON. */
export const MAX_METADATA_BYTES = 8192;

/** How long a call may ring, in seconds. */
export const RINGING_TIMEOUT_SECONDS = { min: 5, max: 80 } as const;

/** How long a call rings when the campaign doesn't say, in seconds. */
export const DEFAULT_RINGING_TIMEOUT_SECONDS = 60;

/** How long one call may last, in minutes. */
export const MAX_CALL_DURATION_MINUTES = { min: 1, max: 480 } as const;

/** How long a call may last when the campaign doesn't say, in minutes. */
export const DEFAULT_MAX_CALL_DURATION_MINUTES = 480;

/** How far ahead a campaign may be scheduled, in days. */
export const MAX_SCHEDULE_DAYS_AHEAD = 30;

/** Fewest calls at the same time a campaign may ask for. */
export const MIN_CONCURRENCY = 1;
