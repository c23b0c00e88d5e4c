// Generated from src-tauri/src/ipc.rs by `cargo test -p batchline-app bindings` with
// UPDATE_BINDINGS=1. Do not edit by hand.

export type ErrorCode = "key_refused" | "key_for_other_address" | "key_not_saved" | "recipients" | "setup" | "schedule" | "not_confirmed" | "cancelled";

export type IpcError = { code: ErrorCode | null, message: string, };

export type AppInfo = { name: string, version: string, developmentBuild: boolean, connection: Connection, };

export type Connection = { "mode": "practice" } | { "mode": "connected", keyLast4: string, } | { "mode": "keyForOtherAddress", keyLast4: string, 
/**
 * The origin the key was checked against.
 */
keyAddress: string, 
/**
 * The API address in Settings.
 */
address: string, } | { "mode": "keyringUnavailable", message: string, };

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

export type ImportChoices = { 
/**
 * Two-letter country for numbers written without a country code.
 */
country: string, phoneColumn: string | null, sheet: string | null, noHeader: boolean, excludedColumns: Array<string>, renamedColumns: Array<ColumnRename>, };

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

export type WizardStep = "recipients" | "columns" | "review" | "setup" | "schedule" | "confirm";

export type WizardState = { step: WizardStep, name: string, agentId: string | null, fromNumberId: string | null, concurrency: number | null, ringingTimeoutSeconds: number | null, maxCallDurationMinutes: number | null, start: StartChoice, complianceAcknowledged: boolean, };

export type Draft = { wizard: WizardState, import: ImportSummary | null, savedAt: string, };

export type LaunchEvent = { "kind": "part", part: number, parts: number, recipients: number, state: PartState, message: string | null, };

export type PartState = "sending" | "checking" | "created" | "failed" | "unconfirmed";

export type LaunchResult = { campaignId: string, parts: number, created: number, 
/**
 * Why each failed part failed, in plain words; empty when everything was created.
 */
failures: Array<string>, };

export type CampaignStatus = "notLaunched" | "launching" | "scheduled" | "waitingForCapacity" | "dialing" | "finishing" | "done" | "cancelled" | "failed";

export type Progress = { total: number, queued: number, inFlight: number, 
/**
 * Reached and finished (answered calls).
 */
completed: number, 
/**
 * Not answered, busy, failed before dialing, or an error.
 */
failed: number, 
/**
 * Never called because the campaign was cancelled.
 */
cancelled: number, finished: number, 
/**
 * In parts that aren't launched (yet).
 */
notSent: number, };

export type CampaignSummary = { id: string, name: string, status: CampaignStatus, 
/**
 * In words: "Scheduled for Tue 1 Dec, 10:00 (New York)", "Waiting for free capacity: …".
 */
statusLine: string, agentId: string, agentName: string, fromNumber: string | null, progress: Progress, 
/**
 * RFC 3339; set when the campaign was scheduled.
 */
scheduledAt: string | null, timeZone: string | null, createdAt: string, parts: number, 
/**
 * RFC 3339 estimate of when the last call ends, when it can be told.
 */
eta: string | null, sourceFileName: string | null, };

export type PartSummary = { part: number, parts: number, name: string, status: CampaignStatus, statusLine: string, progress: Progress, retryCount: number, 
/**
 * Why it isn't created yet, in words.
 */
launchProblem: string | null, };

export type TimelinePoint = { at: string, queued: number, inFlight: number, completed: number, failed: number, cancelled: number, notSent: number, };

export type OutcomeSlice = { key: string, label: string, count: number, };

export type QuarterHour = { start: string, finished: number, };

export type RetryInfo = { 
/**
 * Recipients whose latest attempt failed or went unanswered.
 */
recipients: number, 
/**
 * Why the button is disabled, in words; `None` when it can be used.
 */
disabledReason: string | null, 
/**
 * Retries done so far (the highest of the parts').
 */
retryCount: number, };

export type UnsentInfo = { parts: number, recipients: number, };

export type CampaignDetail = { summary: CampaignSummary, parts: Array<PartSummary>, timeline: Array<TimelinePoint>, outcomes: Array<OutcomeSlice>, perQuarterHour: Array<QuarterHour>, retry: RetryInfo, 
/**
 * Why Cancel is disabled (done already, cancelled already); `None` when it can be used.
 */
cancelDisabledReason: string | null, 
/**
 * What was never sent and waits for the person (zero parts: nothing waits).
 */
unsent: UnsentInfo, 
/**
 * A batch made outside Batchline (opened from "Other batches"): no history, no duplicate.
 */
external: boolean, };

export type RecipientRow = { 
/**
 * 1-based position in the campaign.
 */
index: number, part: number, number: string, 
/**
 * Cartesia's status as sent (`queued`, `completed`, … or a newer value, kept as is).
 */
status: string, statusLabel: string, 
/**
 * Outcome key as in [`OutcomeSlice`], empty while not finished.
 */
outcome: string, outcomeLabel: string, callId: string | null, error: string | null, 
/**
 * Values of the table's metadata columns, in `RecipientTable::columns` order.
 */
metadata: Array<string>, };

export type RecipientTable = { 
/**
 * The call-data columns (the file's other columns).
 */
columns: Array<string>, rows: Array<RecipientRow>, };

export type TranscriptLine = { 
/**
 * `Agent`, `Recipient` or `System`.
 */
speaker: string, text: string, 
/**
 * Seconds from the start of the call.
 */
atSeconds: number | null, };

export type CallView = { id: string, number: string, statusLabel: string, startedAt: string | null, endedAt: string | null, durationSeconds: number | null, endReason: string | null, endReasonLabel: string | null, summary: string | null, transcript: Array<TranscriptLine>, error: string | null, 
/**
 * The transcript isn't kept for this account (zero data retention).
 */
transcriptWithheld: boolean, };

export type OtherBatch = { id: string, name: string, status: CampaignStatus, statusLine: string, agentId: string, progress: Progress, createdAt: string | null, };

export type CampaignList = { campaigns: Array<CampaignSummary>, otherBatches: Array<OtherBatch>, 
/**
 * Why other batches couldn't be listed (the campaigns still show).
 */
otherBatchesError: string | null, };

export type ActionResult = { message: string, 
/**
 * Parts the action could not be applied to, with why.
 */
problems: Array<string>, };

export type Confirmation = { 
/**
 * True only from the button that names the action and its count.
 */
confirmed: boolean, 
/**
 * The recipients the confirmation named: to call again (retry) or never to call (cancel).
 */
recipients: number, };

export type LaunchConfirmation = { 
/**
 * True only from the Launch button of the Confirm step.
 */
confirmed: boolean, 
/**
 * The recipients the Confirm step showed; the launch is refused if the list has changed.
 */
recipients: number, 
/**
 * The consent box: these people agreed to be called.
 */
complianceAcknowledged: boolean, };

export type ProgressEvent = { campaignId: string, 
/**
 * Set when the progress could not be checked, in words.
 */
trouble: string | null, keyRefused: boolean, };
