// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

import type { ListedRow } from './dnc';
import type { Split } from './campaign';
import type { Assumptions } from './estimate';

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
