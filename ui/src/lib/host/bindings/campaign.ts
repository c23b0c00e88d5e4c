// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

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

export type ProgressEvent = { campaignId: string, 
/**
 * Set when the progress could not be checked, in words.
 */
trouble: string | null, keyRefused: boolean, };

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
