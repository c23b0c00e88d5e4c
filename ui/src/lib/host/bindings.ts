// Generated from src-tauri/src/ipc.rs by `cargo test -p batchline-app bindings` with
// UPDATE_BINDINGS=1. Do not edit by hand.

export type IpcError = { code: string | null, message: string, };

export type AppInfo = { name: string, version: string, developmentBuild: boolean, connection: Connection, };

export type Connection = { "mode": "practice" } | { "mode": "connected", keyLast4: string, } | { "mode": "keyringUnavailable", message: string, };

export type Settings = { 
/**
 * Where Batchline sends API calls once a key is saved (`https://api.cartesia.ai`).
 */
apiBaseUrl: string, 
/**
 * Two-letter country used for phone numbers written without a country code.
 */
defaultCountry: string, 
/**
 * The account plan's limit of simultaneous calls (Free 8, Pro 12, Startup 20, Scale 60).
 */
orgConcurrencyLimit: number, 
/**
 * Used for the estimated finish time.
 */
averageCallMinutes: number, };

export type ImportChoices = { country: string, phoneColumn: string | null, sheet: string | null, noHeader: boolean, excludedColumns: Array<string>, renamedColumns: Array<ColumnRename>, };

export type ColumnRename = { from: string, to: string, };

export type DataColumn = { name: string, included: boolean, renameTo: string | null, example: string, };

export type ImportSummary = { fileName: string, 
/**
 * In words: "CSV file (semicolons)", "Excel workbook".
 */
formatLabel: string, encoding: string, sheets: Array<string>, sheet: string | null, columns: Array<string>, phoneColumn: string, dataColumns: Array<DataColumn>, choices: ImportChoices, previewHeaders: Array<string>, previewRows: Array<PreviewRow>, rows: number, ready: number, rejected: number, duplicates: number, suppressed: number, parts: number, problems: Array<Problem>, 
/**
 * All problems, when `problems` holds only the first ones.
 */
problemsTotal: number, suppressionFile: string | null, };

export type PreviewRow = { row: number, cells: Array<string>, 
/**
 * The number as it will be dialled, or why it can't be.
 */
outcome: string, ok: boolean, };

export type Problem = { row: number, kind: ProblemKind, value: string, reason: string, };

export type ProblemKind = "rejected" | "duplicate" | "suppressed";

export type SavedFile = { path: string, fileName: string, folder: string, };

export type AgentChoice = { id: string, name: string, description: string, numbers: Array<NumberChoice>, };

export type NumberChoice = { id: string, 
/**
 * International form, e.g. `+14155550100`; the UI shows it in national form.
 */
number: string, label: string, 
/**
 * Cartesia's own numbers dial US destinations only.
 */
usOnly: boolean, };

export type StartChoice = { "kind": "now" } | { "kind": "at", scheduledAt: string, timeZone: string, };

export type WizardState = { step: number, name: string, agentId: string | null, fromNumberId: string | null, concurrency: number | null, ringingTimeoutSeconds: number | null, maxCallDurationMinutes: number | null, start: StartChoice, complianceAcknowledged: boolean, };

export type Draft = { wizard: WizardState, import: ImportSummary | null, savedAt: string, };

export type LaunchEvent = { "kind": "part", part: number, parts: number, recipients: number, state: PartState, message: string | null, };

export type PartState = "sending" | "checking" | "created" | "failed" | "unconfirmed";

export type LaunchResult = { campaignId: string, parts: number, created: number, 
/**
 * Why each failed part failed, in plain words; empty when everything was created.
 */
failures: Array<string>, };
