// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

export type ErrorCode = "key_refused" | "key_for_other_address" | "key_not_saved" | "recipients" | "setup" | "schedule" | "not_confirmed" | "cancelled" | "bad_number" | "no_reason";

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
averageCallMinutes: number, 
/**
 * The calling hours a new campaign starts with; `None`: Monday–Saturday, 9:00–20:00.
 */
callingHours?: HoursChoice, 
/**
 * The state rules the person turned off (each only after a warning, with a reason, and
 * written to the audit log); changed only by [`Settings::change_rule`].
 */
rulesOff: Array<RuleOff>, 
/**
 * Phrases that, said by a recipient on a call, mean "don't call me again" (matched without
 * regard to case); such calls are flagged on the campaign's page.
 */
optOutPhrases: Array<string>, 
/**
 * The manager's own phone number for test calls ("Call me first"), as last used.
 */
testCallNumber?: string, 
/**
 * Every campaign needs a consent column (date and source), filled in for every row: the
 * launch is refused otherwise, naming the rows.
 */
consentRequired: boolean, 
/**
 * The price of one call minute in US dollars, for the estimate and the cost so far; `None`:
 * minutes only.
 */
pricePerMinute?: number, };

export type RuleOff = { 
/**
 * The rule's state, "US-FL".
 */
region: string, 
/**
 * Why, as the person wrote it.
 */
reason: string, 
/**
 * When it was turned off, RFC 3339.
 */
since: string, };

export type RuleChange = { 
/**
 * The rule's state, "US-FL".
 */
region: string, 
/**
 * `false` turns it off, `true` back on.
 */
on: boolean, 
/**
 * Why (required to turn it off).
 */
reason: string, 
/**
 * The person read the warning and confirmed (required to turn it off).
 */
confirmed: boolean, };

export type StateRuleRow = { 
/**
 * "US-FL".
 */
region: string, 
/**
 * "Florida".
 */
name: string, 
/**
 * "8 am–8 pm, at most 3 calls a day to one person".
 */
words: string, 
/**
 * Where the rule comes from.
 */
source: string, note?: string, 
/**
 * Set when the person turned it off.
 */
off?: RuleOff, };

export type ImportChoices = { 
/**
 * Two-letter country for numbers written without a country code.
 */
country: string, phoneColumn: string | null, sheet: string | null, noHeader: boolean, excludedColumns: Array<string>, renamedColumns: Array<ColumnRename>, 
/**
 * The ZIP, state and time-zone columns the recipients are located with; `None`: found in
 * the list.
 */
locationColumns?: LocationColumns, 
/**
 * The column with each person's consent (date and source): kept with the campaign for its
 * compliance record, never sent to Cartesia as call data.
 */
consentColumn?: string, };

export type LocationColumns = { 
/**
 * ZIP code or postal code.
 */
postalCode: string | null, 
/**
 * State, province or region.
 */
region: string | null, 
/**
 * Time zone.
 */
timeZone: string | null, };

export type HoursChoice = { 
/**
 * The calling days, as "mon", "tue", … "sun".
 */
days: Array<string>, 
/**
 * From, "09:00", in each recipient's local time.
 */
from: string, 
/**
 * To, "20:00", in each recipient's local time.
 */
to: string, 
/**
 * Skip the US federal holidays.
 */
skipHolidays: boolean, 
/**
 * Leave out numbers whose time zone can't be known (toll-free, non-geographic), with a
 * reason, instead of calling them in the hours that fit every zone of their country.
 */
leaveOutUnplaced: boolean, };

export type LocationSummary = { 
/**
 * The columns they were located with.
 */
columns: LocationColumns, 
/**
 * Recipients per time zone ("New York (Eastern)"), most first; one with several candidate
 * zones counts in each.
 */
zones: Array<NamedCount>, 
/**
 * Recipients per state or province, most first.
 */
states: Array<NamedCount>, 
/**
 * Recipients who may be in more than one zone (called only in hours that fit all).
 */
severalZones: number, 
/**
 * Recipients whose zone can't be told (left out of the plan).
 */
noZone: number, 
/**
 * The state rules that apply to some of them.
 */
rules: Array<RuleTouch>, };

export type NamedCount = { name: string, recipients: number, };

export type RuleTouch = { 
/**
 * The state's code, "US-FL".
 */
region: string, 
/**
 * "Florida: 8 am–8 pm, at most 3 calls a day to one person".
 */
words: string, recipients: number, 
/**
 * Where the rule comes from.
 */
source: string, };

export type PlanPreview = { 
/**
 * The manager's zone the days are told in.
 */
timeZone: string, 
/**
 * "Calls on 2 days: Tue 9:00 EST – Wed 19:45 CST (each recipient's own time)".
 */
summary: string, 
/**
 * When calling starts, parts that start later included: "First calls as soon as you
 * launch (New York); others at 9:00 in their own time zone, last part Tue 9:00 PST."
 */
startWords: string, parts: Array<PartPreview>, days: Array<DayPreview>, 
/**
 * The first who are left out, with why.
 */
leftOut: Array<LeftOut>, leftOutTotal: number, 
/**
 * When the last calls should be over, RFC 3339.
 */
finishAt: string | null, callMinutes: CallMinutes, 
/**
 * "4 minutes per call (Batchline's default: …)".
 */
callMinutesWords: string, 
/**
 * The campaign's calls at a time.
 */
callsAtOnce: number, 
/**
 * Where the recipients are.
 */
locations: LocationSummary, 
/**
 * The state rules turned off in Settings that touch this list, in words: "Florida's rule
 * is off (turned off in Settings on Mon 7 Dec 2026: …): its 2 recipients are called in
 * this campaign's hours only."
 */
rulesOff: Array<string>, 
/**
 * Why the launch will be refused for want of consent (Settings require a consent column),
 * naming the rows: "Rows 4 and 9 have no consent. …"; `None` when it won't be.
 */
consentProblem?: string, };

export type PartPreview = { 
/**
 * RFC 3339.
 */
startsAt: string, 
/**
 * It is sent to start at once.
 */
startsNow: boolean, 
/**
 * The latest moment any of its calls may start, RFC 3339.
 */
latestStart: string, callsAtOnce: number, recipients: number, 
/**
 * Its recipients' zones ("New York (America)").
 */
zones: Array<string>, };

export type DayPreview = { 
/**
 * "Tue 8 Dec".
 */
label: string, 
/**
 * The zones called that day.
 */
zones: Array<string>, calls: number, 
/**
 * First start and last call's expected end that day, RFC 3339.
 */
from: string, to: string, 
/**
 * "15:00–21:30 EST", in the manager's zone.
 */
hours: string, };

export type LeftOut = { 
/**
 * Spreadsheet row.
 */
row: number, toNumber: string, reason: string, };

export type CallMinutes = { minutes: number, source: CallMinutesSource, };

export type CallMinutesSource = { "kind": "default" } | { "kind": "chosen" } | { "kind": "finishedCalls", calls: number, };

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
problemsTotal: number, suppressionFile: string | null, 
/**
 * How many recipients the account's do-not-call list took out (not in `ready`), apart from
 * the campaign's own do-not-call file (`suppressed`).
 */
onList: number, 
/**
 * The first [`PROBLEMS_SHOWN`] of them, by spreadsheet row.
 */
onListRows: Array<ListedRow>, 
/**
 * Where the ready recipients are: per time zone and state, and the state rules that
 * touch them (the Review step).
 */
locations: LocationSummary, };

export type PreviewRow = { row: number, cells: Array<string>, 
/**
 * The number as it will be dialled, or why it can't be.
 */
outcome: string, ok: boolean, };

export type Problem = { row: number, kind: ProblemKind, value: string, reason: string, };

export type ProblemKind = "rejected" | "duplicate" | "suppressed";

export type ListedRow = { 
/**
 * Spreadsheet row.
 */
row: number, number: string, 
/**
 * Their name, when the file has a name column.
 */
name: string | null, };

export type DncFile = { fileName: string, columns: Array<string>, 
/**
 * The column that looks like phone numbers, if one does.
 */
phoneColumn: string | null, 
/**
 * The first rows, cell by cell.
 */
examples: Array<Array<string>>, };

export type DncImportChoices = { 
/**
 * Two-letter country for numbers written without a country code (Settings' default).
 */
country: string, 
/**
 * The column with the numbers; `None`: the one that looks like phone numbers.
 */
phoneColumn: string | null, 
/**
 * Why these numbers are on the list, kept with each; optional for a file.
 */
reason: string | null, };

export type DncImportReport = { fileName: string, phoneColumn: string, 
/**
 * Data rows read.
 */
rows: number, added: number, 
/**
 * Numbers the list held already (their first entry is kept).
 */
already: number, 
/**
 * Rows with the same number as an earlier row of the file.
 */
repeated: number, 
/**
 * The first refused rows, with why.
 */
refused: Array<Problem>, refusedTotal: number, };

export type DncPage = { 
/**
 * Every number on the list, whatever the search.
 */
total: number, entries: Array<DncEntry>, 
/**
 * More entries match after this page.
 */
more: boolean, };

export type DncEntry = { number: string, addedAt: string, source: DncSource, 
/**
 * The file's or campaign's name.
 */
sourceName: string | null, reason: string | null, };

export type DncSource = "file" | "campaign" | "hand";

export type SavedFile = { path: string, fileName: string, folder: string, };

export type SavedRecord = { html: SavedFile, csv: SavedFile, };

export type HistoryLine = { 
/**
 * When, RFC 3339 (UTC).
 */
at: string, 
/**
 * When, in the reader's zone: "Tue 8 Dec 2026 14:02 EST".
 */
when: string, 
/**
 * What happened: "Launched by maria: 3 parts, 12 people".
 */
words: string, };

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

export type WizardState = { step: WizardStep, name: string, agentId: string | null, fromNumberId: string | null, concurrency: number | null, ringingTimeoutSeconds: number | null, maxCallDurationMinutes: number | null, start: StartChoice, complianceAcknowledged: boolean, 
/**
 * The calling hours chosen in When to call; left out: the default from Settings.
 */
callingHours?: HoursChoice, 
/**
 * Expected minutes per call as the person set it; left out: worked out.
 */
callMinutes?: number, 
/**
 * Start with a pilot of this many calls, then wait for the person; left out: no pilot.
 */
pilot?: number, 
/**
 * Two agents compared: the second agent, its share and the seed fixed when the option was
 * turned on (kept with the draft, so the split is the same after a restart).
 */
compare?: Split, 
/**
 * The estimate's assumptions the person changed on Confirm (empty: from history/defaults).
 */
estimate?: Assumptions, };

export type Draft = { wizard: WizardState, import: ImportSummary | null, savedAt: string, };

export type LaunchEvent = { "kind": "part", part: number, parts: number, recipients: number, state: PartState, message: string | null, };

export type PartState = "sending" | "checking" | "created" | "failed" | "unconfirmed";

export type LaunchResult = { campaignId: string, parts: number, created: number, 
/**
 * Why each failed part failed, in plain words; empty when everything was created.
 */
failures: Array<string>, 
/**
 * When calling starts, parts that start later included ("First calls now (New York);
 * others at 9:00 in their own time zone, last part Tue 9:00 PST."); only for a new launch.
 */
startWords?: string, };

export type CampaignStatus = "notLaunched" | "launching" | "scheduled" | "waitingForCapacity" | "dialing" | "finishing" | "done" | "cancelled" | "failed";

export type Progress = { total: number, 
/**
 * Waiting to be dialed.
 */
queued: number, 
/**
 * Dialing or on the phone.
 */
inFlight: number, 
/**
 * Reached: the call connected and ended.
 */
completed: number, 
/**
 * Not reached: no answer, busy, failed before dialing, or an error.
 */
failed: number, 
/**
 * Never called because the campaign was cancelled.
 */
cancelled: number, finished: number, 
/**
 * In parts that were never sent to Cartesia.
 */
notSent: number, };

export type CampaignSummary = { 
/**
 * Its page ([`PageId`] as text).
 */
id: string, name: string, status: CampaignStatus, 
/**
 * What is happening, in plain words.
 */
statusLine: string, agentId: string, agentName: string | null, fromNumber: string | null, progress: Progress, 
/**
 * When calling starts, shown in `time_zone`.
 */
scheduledAt: string | null, timeZone: string | null, createdAt: string | null, 
/**
 * How many parts (Cartesia batches) it was sent in.
 */
parts: number, 
/**
 * Estimated end of the last call, when it can be told.
 */
eta: string | null, sourceFileName: string | null, 
/**
 * Paused by the calling hours: when calling resumes (their hours open again).
 */
resumesAt: string | null, };

export type PartSummary = { part: number, parts: number, name: string, status: CampaignStatus, statusLine: string, progress: Progress, retryCount: number, 
/**
 * Why it isn't created yet, in words.
 */
launchProblem: string | null, 
/**
 * When it starts (`None`: at once).
 */
startsAt: string | null, };

export type TimelinePoint = { at: string, queued: number, inFlight: number, completed: number, failed: number, 
/**
 * Never called because the campaign was cancelled.
 */
cancelled: number, 
/**
 * In parts Cartesia doesn't have (never sent).
 */
notSent: number, };

export type Outcome = "answered" | "voicemail" | "noAnswer" | "busy" | "couldntConnect" | "notDialed" | "other";

export type OutcomeSlice = { outcome: Outcome, label: string, count: number, };

export type FinishedBucket = { start: string, finished: number, };

export type CampaignCharts = { timeline: Array<TimelinePoint>, outcomes: Array<OutcomeSlice>, finishedPerQuarterHour: Array<FinishedBucket>, };

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

export type Unsent = { parts: number, recipients: number, };

export type CampaignDetail = { summary: CampaignSummary, parts: Array<PartSummary>, retry: RetryInfo, 
/**
 * Why Cancel is disabled (done already, cancelled already); `None` when it can be used.
 */
cancelDisabledReason: string | null, 
/**
 * What was never sent and waits for the person (zero parts: nothing waits).
 */
unsent: Unsent, 
/**
 * A batch made outside Batchline (opened from "Other batches"): no history, no duplicate.
 */
external: boolean, 
/**
 * The person archived it (off the Campaigns list; its page offers to put it back).
 */
archived: boolean, timeline: Array<TimelinePoint>, outcomes: Array<OutcomeSlice>, finishedPerQuarterHour: Array<FinishedBucket>, };

export type RecipientRow = { 
/**
 * 1-based position in the campaign (across parts).
 */
index: number, part: number, toNumber: string, 
/**
 * Cartesia's status as sent (`queued`, `completed`, … or a newer value, kept as is);
 * empty when Cartesia doesn't have this recipient (part not sent, or not checked).
 */
status: string, statusLabel: string, endReason: string | null, endReasonLabel: string | null, 
/**
 * `None` while the latest attempt hasn't ended.
 */
outcome: Outcome | null, agentCallId: string | null, errorMessage: string | null, 
/**
 * Values of [`RecipientTable::columns`], in that order ("" when absent).
 */
metadata: Array<string>, 
/**
 * Times the recipient's part was retried.
 */
retryCount: number, };

export type RecipientTable = { 
/**
 * The call-data (metadata) columns, in the order first seen in the stored requests.
 */
columns: Array<string>, rows: Array<RecipientRow>, 
/**
 * Parts whose recipients couldn't be checked with Cartesia, with why; their rows show
 * what was sent, without a status.
 */
problems: Array<string>, };

export type TranscriptLine = { 
/**
 * `Agent`, `Recipient`, `System`, or the role as sent when it is another.
 */
speaker: string, text: string, 
/**
 * Seconds from the start of the call.
 */
atSeconds: number | null, };

export type CallDetail = { 
/**
 * `None` when the recipient was never dialed.
 */
callId: string | null, 
/**
 * Whether a call was placed at all.
 */
dialed: boolean, 
/**
 * Whether someone picked up: the call is or was on the phone, or ended the way an
 * answered call ends. A start time alone doesn't say so (some servers set it at dialing).
 */
connected: boolean, 
/**
 * Cartesia's call status as sent (empty when not dialed).
 */
status: string, statusLabel: string, startedAt: string | null, endedAt: string | null, 
/**
 * How long the conversation lasted: end − start (Cartesia sends no duration), only for a
 * call that was answered and ended (ringing is not a conversation).
 */
durationSeconds: number | null, endReason: string | null, endReasonLabel: string | null, 
/**
 * How the call ended ([`call_outcome`]); `None` while it is on. It can say more than the
 * recipients table: an answering machine shows only in the transcript.
 */
outcome: Outcome | null, 
/**
 * Why the outcome isn't the end reason's, in words ("The transcript shows an answering
 * machine"); `None` when the end reason alone says it.
 */
outcomeReason: string | null, summary: string | null, transcript: Array<TranscriptLine>, 
/**
 * The account keeps no transcripts or recordings (zero data retention).
 */
transcriptWithheld: boolean, errorMessage: string | null, toNumber: string | null, fromNumber: string | null, };

export type CallBatchSummary = { id: string, name: string, agentId: string, status: CampaignStatus, statusLine: string, 
/**
 * Cartesia's status as sent.
 */
apiStatus: string, 
/**
 * From the batch's counters (List Call Batches has no per-recipient detail, so completed
 * and failed are not split).
 */
progress: Progress, retryCount: number, createdAt: string | null, scheduledAt: string | null, };

export type CampaignList = { campaigns: Array<CampaignSummary>, 
/**
 * Campaigns the person archived: off the default list, shown on request.
 */
archived: Array<CampaignSummary>, 
/**
 * Batches in the account that no campaign here launched.
 */
otherBatches: Array<CallBatchSummary>, 
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
 * The recipients the confirmation named.
 */
recipients: number, };

export type EditForm = { name: string, agentId: string, fromNumberId: string, concurrency: number | null, ringingTimeoutSeconds: number | null, maxCallDurationMinutes: number | null, 
/**
 * RFC 3339.
 */
scheduledAt: string | null, timeZone: string | null, recipients: number, 
/**
 * Why it can't be edited, in words; `None` when it can (Cartesia is asked again on saving).
 */
disabledReason: string | null, };

export type EditRequest = { name: string, agentId: string, fromNumberId: string, concurrency: number | null, ringingTimeoutSeconds: number | null, maxCallDurationMinutes: number | null, 
/**
 * RFC 3339 with its offset.
 */
scheduledAt: string, 
/**
 * The zone the person picked the time in, e.g. `America/New_York`.
 */
timeZone: string | null, 
/**
 * True only from the form's confirmation.
 */
confirmed: boolean, };

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
complianceAcknowledged: boolean, 
/**
 * The words of the consent box as the Confirm step showed them (kept with the campaign).
 */
acknowledgement?: string, };

export type ProgressEvent = { campaignId: string, 
/**
 * Set when the progress could not be checked, in words.
 */
trouble: string | null, keyRefused: boolean, };

export type DontCallOutcome = { 
/**
 * Numbers new to the list.
 */
added: number, 
/**
 * Numbers that were on it already.
 */
already: number, 
/**
 * In words.
 */
message: string, };

export type OptOutCall = { 
/**
 * Their number (E.164).
 */
toNumber: string, 
/**
 * Their name as sent with the call, else their number.
 */
name: string, 
/**
 * What they said (the phrase matched).
 */
phrase: string, 
/**
 * Already on the do-not-call list.
 */
listed: boolean, };

export type OptOuts = { 
/**
 * Each call (one per number) where the recipient asked not to be called again.
 */
calls: Array<OptOutCall>, 
/**
 * "4 people asked not to be called again", counting those not yet listed; `None` when
 * nobody is left to add.
 */
message: string | null, 
/**
 * Calls whose transcript couldn't be read (told, not hidden).
 */
unread: number, };

export type TestCallAsk = { 
/**
 * Their own phone number, as typed.
 */
toNumber: string, 
/**
 * The spreadsheet row whose call data the agent gets; `None`: the first ready row.
 */
row: number | null, };

export type TestCallStage = "sending" | "queued" | "ringing" | "onThePhone" | "ended" | "notSent";

export type TestCallView = { id: number, stage: TestCallStage, 
/**
 * The stage in words ("Ringing").
 */
stageWords: string, toNumber: string, 
/**
 * What went wrong, or what the stage needs said, in plain words.
 */
message: string | null, 
/**
 * The call once dialed: how it ended, the summary and the transcript when it is over.
 */
call: CallDetail | null, 
/**
 * How it ended, in a word, once over ("Answered", "No answer").
 */
outcomeWords: string | null, };

export type PilotState = "waiting" | "released" | "stopped";

export type PilotCall = { 
/**
 * How it ended, in a word.
 */
outcomeWords: string, summary: string | null, transcript: Array<TranscriptLine>, 
/**
 * How long the conversation lasted.
 */
durationSeconds: number | null, };

export type PilotResults = { size: number, state: PilotState, 
/**
 * Where it stands, in a sentence.
 */
stateWords: string, 
/**
 * How many people the rest is.
 */
rest: number, 
/**
 * The pilot's calls over, and answered.
 */
finished: number, answered: number, 
/**
 * "6 of 10 answered (60 %)".
 */
answeredWords: string, 
/**
 * Every pilot call's outcome so far, in chart order.
 */
outcomes: Array<OutcomeSlice>, 
/**
 * A few answered calls with their transcripts.
 */
calls: Array<PilotCall>, 
/**
 * Every pilot call is over.
 */
done: boolean, };

export type Split = { 
/**
 * The second agent.
 */
agentBId: string, agentBName?: string, 
/**
 * The share of recipients given to the second agent, in percent (1–99).
 */
shareBPercent: number, 
/**
 * What makes the split reproducible.
 */
seed: number, };

export type Side = "A" | "B";

export type SideFigures = { agentName: string, 
/**
 * Calls that were dialed and ended.
 */
dialed: number, 
/**
 * Of them, answered by a person.
 */
answered: number, 
/**
 * `answered / dialed`, 0–1 (`None` before any call ended).
 */
answeredShare?: number, 
/**
 * Average length of the answered calls, in seconds.
 */
averageSeconds?: number, 
/**
 * Cost of each answered call, in US dollars, when a price per minute is set.
 */
costPerAnswered?: number, };

export type Difference = { pValue?: number, 
/**
 * Under 0.05.
 */
beyondChance: boolean, words: string, };

export type Assumptions = { 
/**
 * Share of calls picked up, 0–1.
 */
pickedUpShare?: number, 
/**
 * Minutes a picked-up call lasts.
 */
minutesPerCall?: number, 
/**
 * Price of one call minute in US dollars (Settings; none: minutes only).
 */
pricePerMinute?: number, };

export type Range = { low: number, high: number, };

export type Basis = { "kind": "history", calls: number, } | { "kind": "default" } | { "kind": "chosen" };

export type Estimate = { calls: number, pickedUpShare: Range, pickedUpBasis: Basis, minutesPerCall: Range, minutesBasis: Basis, 
/**
 * Total call minutes.
 */
minutes: Range, 
/**
 * In US dollars, when a price per minute is set.
 */
cost?: Range, pricePerMinute?: number, 
/**
 * "about 1,700–2,100 call minutes, $125–155 at $0.074 a minute".
 */
words: string, 
/**
 * "45–57 % picked up (from this agent's last 300 calls); 3.1–3.6 minutes a call (…)".
 */
assumptionsWords: string, };

export type Spent = { minutes: number, cost?: number, 
/**
 * "412 call minutes so far, $30.49".
 */
words: string, };

export type KeptEstimate = { estimate: Estimate, finishAt?: string, };

export type OutcomeCount = { outcome: Outcome, label: string, count: number, };

export type SideView = { figures: SideFigures, 
/**
 * The side's share of the recipients as chosen, in percent.
 */
sharePercent: number, outcomes: Array<OutcomeCount>, };

export type Compared = { a: SideView, b: SideView, difference: Difference, };

export type CampaignSpending = { estimate?: KeptEstimate, spent: Spent, compared?: Compared, 
/**
 * Parts whose calls couldn't be read just now (the figures leave them out).
 */
problems: Array<string>, };

/** A campaign's (or part's) status in words, in the order a campaign goes through them. */
export const CAMPAIGN_STATUS_WORDS: Record<CampaignStatus, string> = {
  "notLaunched": "Not started",
  "launching": "Launching",
  "scheduled": "Scheduled",
  "waitingForCapacity": "Waiting for capacity",
  "dialing": "Calling",
  "finishing": "Finishing",
  "done": "Done",
  "cancelled": "Cancelled",
  "failed": "Failed",
};

/** A recipient whose call is under way in words (Cartesia's statuses), in the order a call goes through them; an ended call reads as its outcome. */
export const RECIPIENT_STATUS_WORDS: Record<string, string> = {
  "queued": "Waiting",
  "dispatched": "Dialing",
  "started": "On the phone",
};

/** How a call ended, in words, in the order the charts show them. */
export const OUTCOME_WORDS: Record<Outcome, string> = {
  "answered": "Answered",
  "voicemail": "Voicemail",
  "noAnswer": "No answer",
  "busy": "Busy",
  "couldntConnect": "Couldn't connect",
  "notDialed": "Not dialed",
  "other": "Other",
};

/** The parts of a progress bar (fields of Progress) in words, in the bar's order. */
export const PROGRESS_WORDS: Record<string, string> = {
  "completed": "Answered",
  "failed": "Not answered",
  "cancelled": "Not dialed",
  "inFlight": "Calling now",
  "queued": "Waiting",
  "notSent": "Not sent yet",
};
