//! Cartesia's Batch Calling API for Batchline: the objects, an async client for every endpoint
//! of the contract (`cartesia-batch-api.md`), its errors in a campaign manager's words, and the
//! rules that keep a flaky network from losing a campaign or phoning anyone twice.
//!
//! ```no_run
//! # async fn demo() -> cartesia::Result<()> {
//! use cartesia::{ApiKey, Client, ClientConfig, CreateBatchRequest, NewRecipient};
//! let client = Client::new(ClientConfig::new(cartesia::DEFAULT_BASE_URL, ApiKey::new("sk_car_…")))?;
//! let agents = client.list_agents().await?;
//! let req = CreateBatchRequest::new("March outreach", &agents[0].id, &agents[0].phone_numbers[0].id,
//!     vec![NewRecipient { to_number: "+14155559876".into(), metadata: None }]);
//! let batch = client.create_batch_exactly_once(&req).await?.into_batch();
//! println!("{} recipients scheduled", batch.total_calls_scheduled);
//! # Ok(()) }
//! ```
//!
//! No Tauri here: the desktop shell, the CLI and the tests all use this crate directly.

mod client;
mod error;
mod key;
mod origin;
mod reconcile;
mod server_clock;
mod types;

pub use client::{
    validate_base_url, Client, ClientConfig, RetryPolicy, DEFAULT_BASE_URL, MAX_AUDIO_BYTES,
    MAX_PAGE_LIMIT,
};
pub use error::{ApiError, Error, RecipientRef, Result, Target};
pub use key::ApiKey;
pub use origin::{key_may_go_to, origin_of};
pub use reconcile::{
    BatchFingerprint, CreateOutcome, Horizon, RECONCILE_PAGES, SERVER_CLOCK_SPREAD,
};
pub use types::{
    AgentList, AgentPhoneNumber, AgentSummary, BatchRecipient, BatchStatus, Call, CallBatch,
    CallStatus, CreateBatchRequest, EndReason, ErrorBody, NewRecipient, NumberAgent,
    NumberProvider, Page, PageParams, PhoneNumber, RecipientStatus, TelephonyParams,
    TranscriptTurn,
};

/// The time library of the types' fields, so callers need no separate, possibly different, copy.
pub use chrono;

/// The `Cartesia-Version` header sent on every request (batch endpoints need at least this).
pub const API_VERSION: &str = "2026-03-01";

/// The API's published limits (most recipients per batch, most call data per recipient).
pub use limits::{MAX_METADATA_BYTES, MAX_RECIPIENTS_PER_BATCH};
