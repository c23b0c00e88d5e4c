//! What a campaign is on this computer, and keeping it true.
//!
//! Cartesia stores batches; it does not remember what a campaign manager was doing here, how a
//! campaign progressed, or which batches belong together. This crate holds that memory in an
//! embedded SQLite database ([`Store`]), starts campaigns so that nobody is ever called twice
//! ([`Launcher`]: intent recorded first, every doubt settled by asking Cartesia before sending
//! again), and follows running campaigns in the background ([`Tracker`]), recording progress and
//! telling subscribers. No Tauri here: the app forwards the tracker's updates as events.

mod error;
mod launch;
mod schema;
mod store;
mod tracker;

pub use error::{Error, Result};
pub use launch::{LaunchProgress, LaunchReport, Launcher, PartProblem, PartProgressState};
pub use schema::SCHEMA_VERSION;
pub use store::{
    sha256_hex, AuditEntry, AuditKind, AuditRecord, Campaign, CampaignId, CampaignProgress, Draft,
    LaunchState, NewCampaign, Part, PartId, Snapshot, Store, WriteStats,
};
pub use tracker::{snapshot_of, Tracker, TrackerConfig, TrackerEvent};
