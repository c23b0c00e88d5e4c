//! Payloads that cross the IPC bridge. The TypeScript types in `ui/src/lib/host/bindings.ts` are
//! generated from these; a test fails when the committed file drifts from them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub development_build: bool,
    pub connection: Connection,
}

/// Where calls go: the built-in practice line or the user's Cartesia account.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum Connection {
    /// No key saved: everything runs against the built-in practice server; no real calls.
    Practice,
    /// A key is saved in the OS keyring; only its last four characters ever leave the backend.
    #[serde(rename_all = "camelCase")]
    Connected { key_last4: String },
    /// A key is saved, but it was checked against another API address than the one in Settings
    /// now: nothing is sent until the key is entered again for this address.
    #[serde(rename_all = "camelCase")]
    KeyForOtherAddress {
        key_last4: String,
        /// The origin the key was checked against.
        key_address: String,
        /// The API address in Settings.
        address: String,
    },
    /// The OS password store could not be read.
    KeyringUnavailable { message: String },
}

// The import, the draft, the agents and the settings are the core crate's own types (their
// TypeScript declarations come from `campaign`'s `ts` feature).
pub use campaign::agents::{AgentChoice, NumberChoice};
pub use campaign::draft::{
    ColumnRename, DataColumn, ImportChoices, ImportSummary, PreviewRow, Problem, ProblemKind,
    WizardStep,
};
pub use campaign::settings::Settings;

/// A file Batchline wrote for the user, to show where it went.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
    pub file_name: String,
    pub folder: String,
}

/// When the campaign starts.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StartChoice {
    Now,
    /// RFC 3339 with the offset of the zone the user picked, e.g. `2026-12-01T09:00:00-05:00`.
    #[serde(rename_all = "camelCase")]
    At {
        scheduled_at: String,
        time_zone: String,
    },
}

/// Everything the wizard collected apart from the recipients, autosaved as the draft.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WizardState {
    pub step: WizardStep,
    pub name: String,
    pub agent_id: Option<String>,
    pub from_number_id: Option<String>,
    pub concurrency: Option<u32>,
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
    pub start: StartChoice,
    pub compliance_acknowledged: bool,
}

/// A draft as it was left: the wizard's answers and the imported file, if any.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub wizard: WizardState,
    pub import: Option<ImportSummary>,
    pub saved_at: String,
}

/// What `launch_campaign` sends while it works, one message per part.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LaunchEvent {
    #[serde(rename_all = "camelCase")]
    Part {
        part: u32,
        parts: u32,
        recipients: u32,
        state: PartState,
        message: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum PartState {
    Sending,
    Checking,
    Created,
    Failed,
    /// Cartesia's answer was lost and couldn't be checked: it is checked before anything is resent.
    Unconfirmed,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LaunchResult {
    pub campaign_id: String,
    pub parts: u32,
    pub created: u32,
    /// Why each failed part failed, in plain words; empty when everything was created.
    pub failures: Vec<String>,
}

// ---- watching and steering campaigns ----

/// Where a campaign (or one of its parts) stands, as the status chip shows it.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum CampaignStatus {
    /// Recorded but not (all) sent to Cartesia: a launch failed or was interrupted.
    NotLaunched,
    Launching,
    /// Waiting for its start time.
    Scheduled,
    /// Due, but the plan's simultaneous calls are taken by other campaigns.
    WaitingForCapacity,
    Dialing,
    /// Every call placed; the last ones are still running.
    Finishing,
    Done,
    Cancelled,
    Failed,
}

/// Recipients by where they stand. `finished = completed + failed`.
#[derive(Debug, Clone, Default, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub total: u32,
    pub queued: u32,
    pub in_flight: u32,
    /// Reached and finished (answered calls).
    pub completed: u32,
    /// Not answered, busy, failed before dialing, or an error.
    pub failed: u32,
    /// Never called because the campaign was cancelled.
    pub cancelled: u32,
    pub finished: u32,
    /// In parts that aren't launched (yet).
    pub not_sent: u32,
}

/// One campaign in the list.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignSummary {
    pub id: String,
    pub name: String,
    pub status: CampaignStatus,
    /// In words: "Scheduled for Tue 1 Dec, 10:00 (New York)", "Waiting for free capacity: …".
    pub status_line: String,
    pub agent_id: String,
    pub agent_name: String,
    pub from_number: Option<String>,
    pub progress: Progress,
    /// RFC 3339; set when the campaign was scheduled.
    pub scheduled_at: Option<String>,
    pub time_zone: Option<String>,
    pub created_at: String,
    pub parts: u32,
    /// RFC 3339 estimate of when the last call ends, when it can be told.
    pub eta: Option<String>,
    pub source_file_name: Option<String>,
}

/// One part (Cartesia batch) of a campaign.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartSummary {
    pub part: u32,
    pub parts: u32,
    pub name: String,
    pub status: CampaignStatus,
    pub status_line: String,
    pub progress: Progress,
    pub retry_count: u32,
    /// Why it isn't created yet, in words.
    pub launch_problem: Option<String>,
}

/// Totals at one moment, for the progress-over-time chart.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelinePoint {
    pub at: String,
    pub queued: u32,
    pub in_flight: u32,
    pub completed: u32,
    pub failed: u32,
    pub cancelled: u32,
    pub not_sent: u32,
}

/// Outcomes: `answered`, `noAnswer`, `busy`, `notDialed`, `other`.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeSlice {
    pub key: String,
    pub label: String,
    pub count: u32,
}

/// Calls that finished in one 15-minute window starting at `start`.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuarterHour {
    pub start: String,
    pub finished: u32,
}

/// What "Retry failed" would do.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetryInfo {
    /// Recipients whose latest attempt failed or went unanswered.
    pub recipients: u32,
    /// Why the button is disabled, in words; `None` when it can be used.
    pub disabled_reason: Option<String>,
    /// Retries done so far (the highest of the parts').
    pub retry_count: u32,
}

/// Parts of a campaign that were never sent and wait for the person: send them, or cancel them.
/// Nothing sends them by itself.
#[derive(Debug, Clone, Copy, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnsentInfo {
    pub parts: u32,
    pub recipients: u32,
}

/// Everything the campaign page shows apart from the recipients table.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignDetail {
    pub summary: CampaignSummary,
    pub parts: Vec<PartSummary>,
    pub timeline: Vec<TimelinePoint>,
    pub outcomes: Vec<OutcomeSlice>,
    pub per_quarter_hour: Vec<QuarterHour>,
    pub retry: RetryInfo,
    /// Why Cancel is disabled (done already, cancelled already); `None` when it can be used.
    pub cancel_disabled_reason: Option<String>,
    /// What was never sent and waits for the person (zero parts: nothing waits).
    pub unsent: UnsentInfo,
    /// A batch made outside Batchline (opened from "Other batches"): no history, no duplicate.
    pub external: bool,
}

/// One recipient of a campaign, as the table shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecipientRow {
    /// 1-based position in the campaign.
    pub index: u32,
    pub part: u32,
    pub number: String,
    /// Cartesia's status as sent (`queued`, `completed`, … or a newer value, kept as is).
    pub status: String,
    pub status_label: String,
    /// Outcome key as in [`OutcomeSlice`], empty while not finished.
    pub outcome: String,
    pub outcome_label: String,
    pub call_id: Option<String>,
    pub error: Option<String>,
    /// Values of the table's metadata columns, in `RecipientTable::columns` order.
    pub metadata: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecipientTable {
    /// The call-data columns (the file's other columns).
    pub columns: Vec<String>,
    pub rows: Vec<RecipientRow>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptLine {
    /// `Agent`, `Recipient` or `System`.
    pub speaker: String,
    pub text: String,
    /// Seconds from the start of the call.
    pub at_seconds: Option<f64>,
}

/// One call, for the call panel.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallView {
    pub id: String,
    pub number: String,
    pub status_label: String,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub duration_seconds: Option<f64>,
    pub end_reason: Option<String>,
    pub end_reason_label: Option<String>,
    pub summary: Option<String>,
    pub transcript: Vec<TranscriptLine>,
    pub error: Option<String>,
    /// The transcript isn't kept for this account (zero data retention).
    pub transcript_withheld: bool,
}

/// A batch found in the account that Batchline didn't launch.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OtherBatch {
    pub id: String,
    pub name: String,
    pub status: CampaignStatus,
    pub status_line: String,
    pub agent_id: String,
    pub progress: Progress,
    pub created_at: Option<String>,
}

/// The Campaigns page.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignList {
    pub campaigns: Vec<CampaignSummary>,
    pub other_batches: Vec<OtherBatch>,
    /// Why other batches couldn't be listed (the campaigns still show).
    pub other_batches_error: Option<String>,
}

/// What the person confirmed before calls are made again or cancelled. The command refuses a
/// request without it, or one that names fewer recipients than the action would now affect.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Confirmation {
    /// True only from the button that names the action and its count.
    pub confirmed: bool,
    /// The recipients the confirmation named: to call again (retry) or never to call (cancel).
    pub recipients: u32,
}

/// What the person confirmed on the last step of the wizard before launching.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LaunchConfirmation {
    /// True only from the Launch button of the Confirm step.
    pub confirmed: bool,
    /// The recipients the Confirm step showed; the launch is refused if the list has changed.
    pub recipients: u32,
    /// The consent box: these people agreed to be called.
    pub compliance_acknowledged: bool,
}

/// The outcome of Retry failed or Cancel, in words, with what happened to each part.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionResult {
    pub message: String,
    /// Parts the action could not be applied to, with why.
    pub problems: Vec<String>,
}

/// Sent as the `campaign-progress` event whenever a campaign's progress changes.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressEvent {
    pub campaign_id: String,
    /// Set when the progress could not be checked, in words.
    pub trouble: Option<String>,
    pub key_refused: bool,
}

/// Every exported declaration, in a stable order, as one TypeScript module.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
        crate::error::ErrorCode::decl(&cfg),
        crate::error::IpcError::decl(&cfg),
        AppInfo::decl(&cfg),
        Connection::decl(&cfg),
        Settings::decl(&cfg),
        ImportChoices::decl(&cfg),
        ColumnRename::decl(&cfg),
        DataColumn::decl(&cfg),
        ImportSummary::decl(&cfg),
        PreviewRow::decl(&cfg),
        Problem::decl(&cfg),
        ProblemKind::decl(&cfg),
        SavedFile::decl(&cfg),
        AgentChoice::decl(&cfg),
        NumberChoice::decl(&cfg),
        StartChoice::decl(&cfg),
        WizardStep::decl(&cfg),
        WizardState::decl(&cfg),
        Draft::decl(&cfg),
        LaunchEvent::decl(&cfg),
        PartState::decl(&cfg),
        LaunchResult::decl(&cfg),
        CampaignStatus::decl(&cfg),
        Progress::decl(&cfg),
        CampaignSummary::decl(&cfg),
        PartSummary::decl(&cfg),
        TimelinePoint::decl(&cfg),
        OutcomeSlice::decl(&cfg),
        QuarterHour::decl(&cfg),
        RetryInfo::decl(&cfg),
        UnsentInfo::decl(&cfg),
        CampaignDetail::decl(&cfg),
        RecipientRow::decl(&cfg),
        RecipientTable::decl(&cfg),
        TranscriptLine::decl(&cfg),
        CallView::decl(&cfg),
        OtherBatch::decl(&cfg),
        CampaignList::decl(&cfg),
        ActionResult::decl(&cfg),
        Confirmation::decl(&cfg),
        LaunchConfirmation::decl(&cfg),
        ProgressEvent::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/ipc.rs by `cargo test -p batchline-app bindings` with\n\
         // UPDATE_BINDINGS=1. Do not edit by hand.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_are_current() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/host/bindings.ts");
        let fresh = super::typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/host/bindings.ts is out of date with src-tauri/src/ipc.rs; run \
             `UPDATE_BINDINGS=1 cargo test -p batchline-app bindings` and commit the result"
        );
    }
}
