//! The limits Cartesia's Batch Calling API publishes, in one place with no dependencies, so the
//! importer (which must not pull in an HTTP client), the practice server and the client all refuse
//! exactly what Cartesia refuses. `cartesia` re-exports them.

/// Most recipients Cartesia accepts in one batch.
pub const MAX_RECIPIENTS_PER_BATCH: usize = 5_000;

/// Most call data (a recipient's `metadata`, measured as its compact JSON) Cartesia accepts for one
/// recipient. One recipient over it makes Cartesia refuse the whole batch.
pub const MAX_METADATA_BYTES: usize = 8 * 1024;
