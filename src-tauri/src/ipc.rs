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
    /// The OS password store could not be read.
    KeyringUnavailable { message: String },
}

/// What the user set in Settings. The API key is not here: it lives in the OS keyring.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Where Batchline sends API calls once a key is saved (`https://api.cartesia.ai`).
    pub api_base_url: String,
    /// Two-letter country used for phone numbers written without a country code.
    pub default_country: String,
    /// The account plan's limit of simultaneous calls (Free 8, Pro 12, Startup 20, Scale 60).
    pub org_concurrency_limit: u32,
    /// Used for the estimated finish time.
    pub average_call_minutes: f64,
}

/// A choice the user makes about how a file is read. Sent with every (re)import.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ImportChoices {
    pub country: String,
    pub phone_column: Option<String>,
    pub sheet: Option<String>,
    pub no_header: bool,
    pub excluded_columns: Vec<String>,
    pub renamed_columns: Vec<ColumnRename>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ColumnRename {
    pub from: String,
    pub to: String,
}

/// One column of the file other than the phone column: it becomes call data for the agent.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DataColumn {
    pub name: String,
    pub included: bool,
    pub rename_to: Option<String>,
    pub example: String,
}

/// What the import found, as the wizard shows it. Recipients stay in the backend.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub file_name: String,
    /// In words: "CSV file (semicolons)", "Excel workbook".
    pub format_label: String,
    pub encoding: String,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub columns: Vec<String>,
    pub phone_column: String,
    pub data_columns: Vec<DataColumn>,
    pub choices: ImportChoices,
    pub preview_headers: Vec<String>,
    pub preview_rows: Vec<PreviewRow>,
    pub rows: u32,
    pub ready: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub suppressed: u32,
    pub parts: u32,
    pub problems: Vec<Problem>,
    /// All problems, when `problems` holds only the first ones.
    pub problems_total: u32,
    pub suppression_file: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    pub row: u32,
    pub cells: Vec<String>,
    /// The number as it will be dialled, or why it can't be.
    pub outcome: String,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub row: u32,
    pub kind: ProblemKind,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ProblemKind {
    Rejected,
    Duplicate,
    Suppressed,
}

/// A file Batchline wrote for the user, to show where it went.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
    pub file_name: String,
    pub folder: String,
}

/// An agent the user can pick, with the numbers it can call from.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgentChoice {
    pub id: String,
    pub name: String,
    pub description: String,
    pub numbers: Vec<NumberChoice>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NumberChoice {
    pub id: String,
    /// International form, e.g. `+14155550100`; the UI shows it in national form.
    pub number: String,
    pub label: String,
    /// Cartesia's own numbers dial US destinations only.
    pub us_only: bool,
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
    pub step: u32,
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

/// Every exported declaration, in a stable order, as one TypeScript module.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
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
        WizardState::decl(&cfg),
        Draft::decl(&cfg),
        LaunchEvent::decl(&cfg),
        PartState::decl(&cfg),
        LaunchResult::decl(&cfg),
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
