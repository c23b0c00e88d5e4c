//! Payloads that cross the IPC bridge. The TypeScript types in `ui/src/lib/host/bindings/` are
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
pub use campaign::schedule::{
    CallMinutes, CallMinutesSource, DayPreview, HoursChoice, LeftOut, LocationColumns,
    LocationSummary, NamedCount, PartPreview, PlanPreview, RuleTouch,
};
pub use campaign::settings::{RuleChange, RuleOff, Settings, StateRuleRow};

/// A file Batchline wrote for the user, to show where it went.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
    pub file_name: String,
    pub folder: String,
}

/// A compliance record as saved: the printable page and the spreadsheet, both in Downloads.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedRecord {
    pub html: SavedFile,
    pub csv: SavedFile,
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
    /// The calling hours chosen in When to call; left out: the default from Settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub calling_hours: Option<HoursChoice>,
    /// Expected minutes per call as the person set it; left out: worked out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub call_minutes: Option<u32>,
    /// Start with a pilot of this many calls, then wait for the person; left out: no pilot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pilot: Option<u32>,
    /// Two agents compared: the second agent, its share and the seed fixed when the option was
    /// turned on (kept with the draft, so the split is the same after a restart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub compare: Option<campaign::split::Split>,
    /// The estimate's assumptions the person changed on Confirm (empty: from history/defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub estimate: Option<campaign::estimate::Assumptions>,
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
    /// When calling starts, parts that start later included ("First calls now (New York);
    /// others at 9:00 in their own time zone, last part Tue 9:00 PST."); only for a new launch.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub start_words: Option<String>,
}

// ---- watching and steering campaigns ----

// The Campaigns page, a campaign's page, its recipients and a call are the view's own types
// (`campaign::view`, TypeScript declarations from the campaign crate's `ts` feature).
pub use campaign::actions::{Confirmation, EditForm, EditRequest, Unsent};
pub use campaign::view::{
    CallBatchSummary, CallDetail, CampaignCharts, CampaignDetail, CampaignList, CampaignStatus,
    CampaignSummary, FinishedBucket, Outcome, OutcomeSlice, PartSummary, Progress, RecipientRow,
    RecipientTable, RetryInfo, TimelinePoint, TranscriptLine,
};

/// What the person confirmed on the last step of the wizard before launching.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LaunchConfirmation {
    /// True only from the Launch button of the Confirm step.
    pub confirmed: bool,
    /// The recipients the Confirm step showed; the launch is refused if the list has changed.
    pub recipients: u32,
    /// The consent box: these people agreed to be called.
    pub compliance_acknowledged: bool,
    /// The words of the consent box as the Confirm step showed them (kept with the campaign).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub acknowledgement: Option<String>,
}

/// The outcome of Retry failed or Cancel, in words, with what happened to each part.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionResult {
    pub message: String,
    /// Parts the action could not be applied to, with why.
    pub problems: Vec<String>,
}

impl ActionResult {
    pub fn new(message: String, problems: Vec<String>) -> Self {
        ActionResult { message, problems }
    }
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

/// The words of every status and outcome, as the core says them, for the window's chips,
/// filters and charts: one vocabulary for the backend's sentences and the UI.
fn vocabulary() -> String {
    fn key(value: impl Serialize) -> String {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
    fn table<'a>(
        doc: &str,
        name: &str,
        ty: &str,
        entries: impl IntoIterator<Item = (String, &'a str)>,
    ) -> String {
        let body: Vec<String> = entries
            .into_iter()
            .map(|(k, word)| format!("  {}: {},", serde_json::json!(k), serde_json::json!(word)))
            .collect();
        format!(
            "/** {doc} */\nexport const {name}: {ty} = {{\n{}\n}};\n\n",
            body.join("\n")
        )
    }
    use campaign::view::{recipient_status_word, RECIPIENT_STATUSES};
    [
        table(
            "A campaign's (or part's) status in words, in the order a campaign goes through them.",
            "CAMPAIGN_STATUS_WORDS",
            "Record<CampaignStatus, string>",
            CampaignStatus::ALL.map(|s| (key(s), s.label())),
        ),
        table(
            "A recipient whose call is under way in words (Cartesia's statuses), in the order a call goes through them; an ended call reads as its outcome.",
            "RECIPIENT_STATUS_WORDS",
            "Record<string, string>",
            RECIPIENT_STATUSES.map(|s| (s.to_owned(), recipient_status_word(s).unwrap_or(s))),
        ),
        table(
            "How a call ended, in words, in the order the charts show them.",
            "OUTCOME_WORDS",
            "Record<Outcome, string>",
            Outcome::ALL.map(|o| (key(o), o.label())),
        ),
        table(
            "The parts of a progress bar (fields of Progress) in words, in the bar's order.",
            "PROGRESS_WORDS",
            "Record<string, string>",
            campaign::view::PROGRESS_WORDS.map(|(k, w)| (k.to_owned(), w)),
        ),
    ]
    .concat()
}

/// One file of the generated bindings folder: its name (without `.ts`), its declarations in a
/// stable order, and any text that follows them.
struct BindingsFile {
    name: &'static str,
    decls: Vec<String>,
    extra: String,
}

/// The header every generated file starts with.
const BINDINGS_HEADER: &str =
    "// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by\n\
     // `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.\n\n";

/// The name a ts-rs declaration (`type Name = …`, maybe after a doc comment) declares.
fn declared_name(decl: &str) -> String {
    let mut rest = decl.trim_start();
    if rest.starts_with("/*") {
        rest = rest[rest.find("*/").map_or(rest.len(), |i| i + 2)..].trim_start();
    }
    rest.strip_prefix("type ")
        .or_else(|| rest.strip_prefix("interface "))
        .unwrap_or(rest)
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The identifiers a TypeScript text uses outside its comments and string literals.
fn identifiers(text: &str) -> std::collections::BTreeSet<String> {
    let mut code = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
                code.push(' ');
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                code.push(' ');
            }
            '"' => {
                let mut escaped = false;
                for n in chars.by_ref() {
                    if !escaped && n == '"' {
                        break;
                    }
                    escaped = !escaped && n == '\\';
                }
                code.push(' ');
            }
            c => code.push(c),
        }
    }
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every exported declaration, in a stable order, as a folder of TypeScript modules, one per
/// domain, each importing the names it uses from the others, plus an `index.ts` re-exporting
/// them all: `(file name, contents)` pairs.
pub fn typescript_bindings() -> Vec<(String, String)> {
    let cfg = ts_rs::Config::default();
    macro_rules! decls {
        ($($t:ty),* $(,)?) => {
            vec![$(<$t as TS>::decl(&cfg)),*]
        };
    }
    let files = [
        BindingsFile {
            name: "shell",
            decls: decls!(
                crate::error::ErrorCode,
                crate::error::IpcError,
                AppInfo,
                Connection,
                ActionResult,
            ),
            extra: String::new(),
        },
        BindingsFile {
            name: "settings",
            decls: decls!(Settings, RuleOff, RuleChange, StateRuleRow,),
            extra: String::new(),
        },
        BindingsFile {
            name: "wizard",
            decls: decls!(
                ImportChoices,
                LocationColumns,
                HoursChoice,
                LocationSummary,
                NamedCount,
                RuleTouch,
                PlanPreview,
                PartPreview,
                DayPreview,
                LeftOut,
                CallMinutes,
                CallMinutesSource,
                ColumnRename,
                DataColumn,
                ImportSummary,
                PreviewRow,
                Problem,
                ProblemKind,
                AgentChoice,
                NumberChoice,
                StartChoice,
                WizardStep,
                WizardState,
                Draft,
                LaunchEvent,
                PartState,
                LaunchResult,
                LaunchConfirmation,
            ),
            extra: String::new(),
        },
        BindingsFile {
            name: "record",
            decls: decls!(SavedFile, SavedRecord, campaign::record::HistoryLine,),
            extra: String::new(),
        },
        BindingsFile {
            name: "dnc",
            decls: decls!(
                campaign::dnc::ListedRow,
                campaign::dnc::DncFile,
                campaign::dnc::DncImportChoices,
                campaign::dnc::DncImportReport,
                campaign::dnc::DncPage,
                campaign::DncEntry,
                campaign::DncSource,
                campaign::dnc_enforce::DontCallOutcome,
                campaign::dnc_enforce::OptOutCall,
                campaign::dnc_enforce::OptOuts,
            ),
            extra: String::new(),
        },
        BindingsFile {
            name: "campaign",
            decls: decls!(
                CampaignStatus,
                Progress,
                CampaignSummary,
                PartSummary,
                TimelinePoint,
                Outcome,
                OutcomeSlice,
                FinishedBucket,
                CampaignCharts,
                RetryInfo,
                Unsent,
                CampaignDetail,
                RecipientRow,
                RecipientTable,
                TranscriptLine,
                CallDetail,
                CallBatchSummary,
                CampaignList,
                Confirmation,
                EditForm,
                EditRequest,
                ProgressEvent,
                campaign::test_call::TestCallAsk,
                campaign::test_call::TestCallStage,
                campaign::test_call::TestCallView,
                campaign::pilot::PilotState,
                campaign::pilot::PilotCall,
                campaign::pilot::PilotResults,
                campaign::split::Split,
                campaign::split::Side,
                campaign::split::SideFigures,
                campaign::split::Difference,
            ),
            extra: vocabulary(),
        },
        BindingsFile {
            name: "estimate",
            decls: decls!(
                campaign::estimate::Assumptions,
                campaign::estimate::Range,
                campaign::estimate::Basis,
                campaign::estimate::Estimate,
                campaign::estimate::Spent,
                campaign::compare::KeptEstimate,
                campaign::compare::OutcomeCount,
                campaign::compare::SideView,
                campaign::compare::Compared,
                campaign::compare::CampaignSpending,
            ),
            extra: String::new(),
        },
    ];
    let declared: Vec<Vec<String>> = files
        .iter()
        .map(|f| f.decls.iter().map(|d| declared_name(d)).collect())
        .collect();
    let mut out = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let mut body = String::new();
        for decl in &file.decls {
            body.push_str("export ");
            body.push_str(decl);
            body.push_str("\n\n");
        }
        body.push_str(&file.extra);
        let used = identifiers(&body);
        let mut text = String::from(BINDINGS_HEADER);
        let mut imported = false;
        for (j, other) in files.iter().enumerate() {
            if i == j {
                continue;
            }
            let names: Vec<&str> = declared[j]
                .iter()
                .filter(|n| used.contains(n.as_str()) && !declared[i].contains(n))
                .map(String::as_str)
                .collect();
            if !names.is_empty() {
                text.push_str(&format!(
                    "import type {{ {} }} from './{}';\n",
                    names.join(", "),
                    other.name
                ));
                imported = true;
            }
        }
        if imported {
            text.push('\n');
        }
        text.push_str(&body);
        text.truncate(text.trim_end().len());
        text.push('\n');
        out.push((format!("{}.ts", file.name), text));
    }
    let mut index = String::from(BINDINGS_HEADER);
    for file in &files {
        index.push_str(&format!("export * from './{}';\n", file.name));
    }
    out.push(("index.ts".to_owned(), index));
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    #[test]
    fn bindings_are_current() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/host/bindings");
        let fresh = super::typescript_bindings();
        let listed = || -> BTreeSet<String> {
            std::fs::read_dir(&dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            for extra in listed() {
                if !fresh.iter().any(|(name, _)| *name == extra) {
                    std::fs::remove_file(dir.join(&extra)).unwrap();
                }
            }
            for (name, text) in &fresh {
                std::fs::write(dir.join(name), text).unwrap();
            }
        }
        let expected: BTreeSet<String> = fresh.iter().map(|(name, _)| name.clone()).collect();
        assert!(
            listed() == expected,
            "ui/src/lib/host/bindings/ holds {:?}, the generator writes {:?}; run \
             `UPDATE_BINDINGS=1 cargo test -p batchline-app bindings` and commit the result",
            listed(),
            expected
        );
        for (name, text) in &fresh {
            let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            assert!(
                committed == *text,
                "ui/src/lib/host/bindings/{name} is out of date with src-tauri/src/ipc.rs; run \
                 `UPDATE_BINDINGS=1 cargo test -p batchline-app bindings` and commit the result"
            );
        }
    }
}
