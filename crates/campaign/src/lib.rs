//! What a campaign is on this computer, and keeping it true.
//!
//! Cartesia stores batches; it does not remember what a campaign manager was doing here, how a
//! campaign progressed, or which batches belong together. This crate holds that memory in an
//! embedded SQLite database ([`Store`]), starts campaigns so that nobody is ever called twice
//! ([`Launcher`]: intent recorded first, every doubt settled by asking Cartesia before sending
//! again), and follows running campaigns in the background ([`Tracker`]), recording progress and
//! telling subscribers. Campaigns are watched and steered through [`view`] (status, charts,
//! recipients, calls), [`actions`] (retry, cancel, duplicate) and [`export`] (results as CSV).
//! A campaign is set up through [`draft`] (the recipient file, the wizard's answers, the draft
//! kept between runs), [`agents`] (who may call from which number) and [`settings`]. Where the
//! campaigns are kept on this computer: [`default_store_path`] and its neighbours.
//! No Tauri here: the app forwards the tracker's updates as events.

pub mod actions;
pub mod agents;
pub mod carry;
mod clock;
pub mod compare;
pub mod consent;
pub mod dnc;
pub mod dnc_enforce;
pub mod draft;
mod error;
pub mod estimate;
pub mod export;
mod file_names;
mod home;
mod launch;
mod lock;
pub mod pilot;
pub mod plan;
pub mod record;
pub mod schedule;
mod schema;
pub mod settings;
pub mod split;
mod store;
pub mod test_call;
mod tracker;
pub mod view;

pub use actions::{
    cancel, duplicate_setup, retry_failed, retry_preview, unsent, withdraw_unsent, CancelOutcome,
    DuplicateSetup, PartOutcome, PartResult, RetryOutcome, RetryPreview, Unsent,
};
pub use carry::{new_parts, pause_for_hours, undialed, CarryReport};
pub use clock::{app_now, Clock, ClockError, TestClock};
pub use error::{Error, Result};
pub use export::{export_results, results_csv};
pub use file_names::{problems_file, record_file, results_file};
pub use home::{
    app_identifier, clear_practice_store, default_store_path, ACCOUNT_STORE_FILE,
    PRACTICE_STORE_FILE, RELEASE_IDENTIFIER,
};
pub use launch::{
    launch_lock_path, LaunchProgress, LaunchReport, Launcher, PartProblem, PartProgressState,
    AUTO_RESUME_WITHIN,
};
pub use lock::FolderLock;
pub use plan::{draft_plan, new_recipient, plan, Plan, PlanError, PlanInput, SourceFile, Start};
pub use schema::SCHEMA_VERSION;
pub use store::{
    sha256_hex, AuditEntry, AuditKind, AuditRecord, Campaign, CampaignId, CampaignProgress,
    CarryReason, DncAdded, DncEntry, DncSource, Draft, DraftSource, LaunchKept, LaunchState,
    NewCampaign, NewDncEntry, NewPart, Part, PartId, PlannedHours, Snapshot, Store, WriteStats,
};
pub use tracker::{snapshot_of, Tracker, TrackerConfig, TrackerEvent};
pub use view::{
    call_detail, charts, other_batches, overview, overviews, recipients, CallBatchSummary,
    CallDetail, CampaignCharts, CampaignOverview, CampaignStatus, Outcome, PartOverview, Progress,
    RecipientRow, RecipientTable,
};
