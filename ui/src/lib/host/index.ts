// The only module that talks to the Tauri backend. Screens call `host`, never `@tauri-apps/*`,
// so the UI also runs in a plain browser (with a stand-in host) for fast UI tests.

import type {
  ActionResult,
  CampaignSpending,
  Estimate,
  AgentChoice,
  CallDetail,
  CampaignDetail,
  CampaignList,
  Confirmation,
  DontCallOutcome,
  EditForm,
  EditRequest,
  HistoryLine,
  ProgressEvent,
  RecipientTable,
  AppInfo,
  Draft,
  DncEntry,
  DncFile,
  DncImportChoices,
  DncImportReport,
  DncPage,
  ImportChoices,
  ImportSummary,
  ErrorCode,
  IpcError,
  LaunchConfirmation,
  LaunchEvent,
  LaunchResult,
  OptOuts,
  PilotResults,
  PlanPreview,
  RuleChange,
  SavedFile,
  SavedRecord,
  Settings,
  StateRuleRow,
  TestCallAsk,
  TestCallView,
  WizardState,
} from './bindings';
import { reportKeyTrouble } from './errors';

export type * from './bindings';
export { CAMPAIGN_STATUS_WORDS, OUTCOME_WORDS, PROGRESS_WORDS, RECIPIENT_STATUS_WORDS } from './bindings';
export { onKeyTrouble, whereToFix, type Fix, type FixStep } from './errors';

export interface Host {
  readonly kind: 'tauri' | 'browser';
  appInfo(): Promise<AppInfo>;
  /** Shows the app's log folder in the file manager, for support (the logs never hold the key). */
  openLogFolder(): Promise<void>;
  settings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  /** The state calling rules, in words, with those turned off. */
  stateRules(): Promise<StateRuleRow[]>;
  /** Turns a state rule off (only `confirmed`, with a reason) or back on; the audit log keeps both. */
  changeStateRule(change: RuleChange): Promise<StateRuleRow[]>;
  /** Checks the key with Cartesia, then keeps it in the OS keyring. The key never comes back. */
  connectKey(key: string): Promise<AppInfo>;
  removeKey(): Promise<AppInfo>;
  importFile(fileName: string, bytes: Uint8Array, choices: ImportChoices): Promise<ImportSummary>;
  /** Imports the built-in sample list. */
  importSample(choices: ImportChoices): Promise<ImportSummary>;
  /** Reads the same file again with other choices (column, country, sheet, mapping). */
  reimport(choices: ImportChoices): Promise<ImportSummary>;
  /** Stops the file being read; the import in progress rejects with code `cancelled`. */
  cancelImport(): Promise<void>;
  /** A do-not-call list; `null` removes it. */
  setSuppression(fileName: string | null, bytes: Uint8Array | null): Promise<ImportSummary>;
  saveProblems(): Promise<SavedFile>;
  saveTemplate(): Promise<SavedFile>;
  agents(): Promise<AgentChoice[]>;
  loadDraft(): Promise<Draft | null>;
  saveDraft(wizard: WizardState): Promise<void>;
  discardDraft(): Promise<void>;
  /** The plan the wizard's answers make by calling hours, its days told in `timeZone` (IANA). */
  planPreview(wizard: WizardState, timeZone: string): Promise<PlanPreview>;
  /** The estimate of the wizard's campaign (minutes, cost at the Settings price, assumptions). */
  estimatePreview(wizard: WizardState): Promise<Estimate>;
  /** A campaign's minutes and cost so far, its estimate and two agents compared (`null`: a batch made elsewhere). */
  campaignSpending(id: string): Promise<CampaignSpending | null>;
  /** Launches what the person confirmed on the Confirm step; the backend refuses anything else. */
  launch(
    wizard: WizardState,
    confirmation: LaunchConfirmation,
    onEvent: (event: LaunchEvent) => void,
  ): Promise<LaunchResult>;
  /** Sends the parts of a recorded campaign that Cartesia doesn't have yet; created parts are never resent. */
  resumeLaunch(campaignId: string, confirmation: Confirmation, onEvent: (event: LaunchEvent) => void): Promise<LaunchResult>;
  /** "Call me first": the test call to the person's own number, sent once (a second click finds the first). */
  startTestCall(ask: TestCallAsk, wizard: WizardState): Promise<TestCallView>;
  /** Where the test call is now (queued, ringing, on the phone, ended with its transcript). */
  followTestCall(id: number): Promise<TestCallView>;
  /** A campaign's pilot results, `null` when it didn't start with a pilot. */
  pilotResults(id: string): Promise<PilotResults | null>;
  /** "Launch the rest" after the pilot; `confirmation` names the people it calls. */
  launchRest(id: string, confirmation: Confirmation, onEvent: (event: LaunchEvent) => void): Promise<LaunchResult>;
  /** "Stop here": the campaign ends with its pilot. */
  stopPilot(id: string, confirmation: Confirmation): Promise<void>;

  // Watching and steering campaigns. A campaign id is Batchline's own, or `batch:<Cartesia id>`
  // for a batch made outside Batchline (listed under "Other batches").
  listCampaigns(): Promise<CampaignList>;
  campaign(id: string): Promise<CampaignDetail>;
  recipients(id: string): Promise<RecipientTable>;
  call(callId: string): Promise<CallDetail>;
  /** `confirmation` names the recipients the button showed; the backend refuses more. */
  retryFailed(id: string, confirmation: Confirmation): Promise<ActionResult>;
  /** Adds these recipients of the campaign to the do-not-call list ("Don't call again"), with why. */
  dontCallAgain(id: string, numbers: string[], reason: string): Promise<DontCallOutcome>;
  /** The campaign's calls in which the recipient asked not to be called again. */
  optOutCalls(id: string): Promise<OptOuts>;
  editForm(id: string): Promise<EditForm>;
  editScheduled(id: string, edit: EditRequest): Promise<ActionResult>;
  /** `confirmation` names the recipients the dialog said won't be called. */
  cancelCampaign(id: string, confirmation: Confirmation): Promise<ActionResult>;
  /** Cancels the parts of a campaign that were never sent (nobody in them is called). */
  withdrawUnsent(id: string, confirmation: Confirmation): Promise<ActionResult>;
  /** Writes the results CSV to the Downloads folder. */
  exportResults(id: string): Promise<SavedFile>;
  /** The call's recording (WAV bytes), fetched by the backend; rejects with a plain message when there is none. */
  callRecording(callId: string): Promise<ArrayBuffer>;
  /** Opens the file manager at a file Batchline saved (in the Downloads folder), with it selected. */
  showInFolder(path: string): Promise<void>;
  /** Saves the campaign's compliance record (HTML and CSV) to Downloads; `timeZone`: the manager's. */
  saveComplianceRecord(id: string, timeZone: string): Promise<SavedRecord | null>;
  /** The campaign's history in words, newest first, told in `timeZone`. */
  campaignHistory(id: string, timeZone: string): Promise<HistoryLine[]>;
  /** Opens a saved record with the system's app for it (only a record Batchline saved in Downloads). */
  openSavedRecord(path: string): Promise<void>;
  /** Renames the campaign here (Cartesia keeps the names its calls were sent with). */
  renameCampaign(id: string, name: string): Promise<ActionResult>;
  /** Archives the campaign (off the default list), or takes it out; archiving must be confirmed. */
  archiveCampaign(id: string, archived: boolean, confirmed: boolean): Promise<ActionResult>;
  /** Deletes the campaign's record from this computer, once confirmed; Cartesia keeps its calls. */
  deleteCampaign(id: string, confirmed: boolean): Promise<ActionResult>;
  /** Makes a new draft with the campaign's recipients and setup; the wizard then opens it. */
  duplicateCampaign(id: string): Promise<void>;
  // The account's do-not-call list (the Do not call page).
  /** One page of the list, newest first; `search` matches a number (as typed), a file or campaign, or a reason. */
  dncPage(search: string, offset: number, limit: number): Promise<DncPage>;
  /** A file's columns and first rows, to choose the column with the numbers. */
  dncLook(fileName: string, bytes: Uint8Array): Promise<DncFile>;
  /** Imports a file into the list (country from Settings); rejects with code `cancelled` after `dncCancelImport`. */
  dncImport(fileName: string, bytes: Uint8Array, choices: Omit<DncImportChoices, 'country'>): Promise<DncImportReport>;
  dncCancelImport(): Promise<void>;
  /** Adds a typed number with why; errors `bad_number` / `no_reason` belong to those fields. */
  dncAdd(number: string, reason: string): Promise<DncEntry>;
  /** Takes a number off the list: only `confirmed`, with why (kept in the history). */
  dncRemove(number: string, reason: string, confirmed: boolean): Promise<void>;
  /** Saves the whole list as CSV in the Downloads folder, times in `timeZone`. */
  dncExport(timeZone: string): Promise<SavedFile>;
  /** Calls `handler` whenever a campaign's progress changes; returns the unsubscribe function. */
  onProgress(handler: (event: ProgressEvent) => void): Promise<() => void>;
}

/** True inside the desktop app's webview. */
export function insideTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Every code the backend may send; the compiler checks this list against the generated union. */
const ERROR_CODES: Record<ErrorCode, true> = {
  key_refused: true,
  key_for_other_address: true,
  key_not_saved: true,
  recipients: true,
  setup: true,
  schedule: true,
  not_confirmed: true,
  cancelled: true,
  bad_number: true,
  no_reason: true,
};

function errorCode(code: unknown): ErrorCode | null {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : null;
}

/** Turns whatever a command threw into the `{ code, message }` every screen shows. */
export function asIpcError(error: unknown): IpcError {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { code?: unknown; message: unknown };
    return { code: errorCode(e.code), message: String(e.message) };
  }
  if (typeof error === 'string') return { code: null, message: error };
  return { code: null, message: 'Something went wrong. Please try again.' };
}

async function call<T>(command: string, args?: Record<string, unknown> | Uint8Array, headers?: Record<string, string>): Promise<T> {
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return await invoke<T>(command, args, headers ? { headers } : undefined);
  } catch (error) {
    const e = asIpcError(error);
    reportKeyTrouble(e);
    throw e;
  }
}

const tauriHost: Host = {
  kind: 'tauri',
  appInfo: () => call('app_info'),
  openLogFolder: () => call('open_log_folder'),
  settings: () => call('get_settings'),
  saveSettings: (settings) => call('save_settings', { settings }),
  stateRules: () => call('state_rules'),
  changeStateRule: (change) => call('change_state_rule', { change }),
  connectKey: (key) => call('connect_key', { key }),
  removeKey: () => call('remove_key'),
  importFile: (fileName, bytes, choices) =>
    call('import_file', bytes, {
      'x-file-name': encodeURIComponent(fileName),
      'x-choices': encodeURIComponent(JSON.stringify(choices)),
    }),
  importSample: (choices) => call('import_sample', { choices }),
  reimport: (choices) => call('reimport', { choices }),
  cancelImport: () => call('cancel_import'),
  setSuppression: (fileName, bytes) =>
    call('set_suppression', bytes ?? new Uint8Array(), {
      'x-file-name': encodeURIComponent(fileName ?? ''),
    }),
  saveProblems: () => call('save_problems'),
  saveTemplate: () => call('save_template'),
  agents: () => call('list_agents'),
  loadDraft: () => call('load_draft'),
  saveDraft: (wizard) => call('save_draft', { wizard }),
  discardDraft: () => call('discard_draft'),
  planPreview: (wizard, timeZone) => call('plan_preview', { wizard, timeZone }),
  estimatePreview: (wizard) => call('estimate_preview', { wizard }),
  campaignSpending: (id) => call('campaign_spending', { id }),
  launch: async (wizard, confirmation, onEvent) => {
    const { Channel } = await import('@tauri-apps/api/core');
    const channel = new Channel<LaunchEvent>();
    channel.onmessage = onEvent;
    return call('launch_campaign', { wizard, confirmation, onEvent: channel });
  },
  resumeLaunch: async (campaignId, confirmation, onEvent) => {
    const { Channel } = await import('@tauri-apps/api/core');
    const channel = new Channel<LaunchEvent>();
    channel.onmessage = onEvent;
    return call('resume_launch', { campaignId, confirmation, onEvent: channel });
  },
  startTestCall: (ask, wizard) => call('start_test_call', { ask, wizard }),
  followTestCall: (id) => call('follow_test_call', { id }),
  pilotResults: (id) => call('pilot_results', { id }),
  launchRest: async (id, confirmation, onEvent) => {
    const { Channel } = await import('@tauri-apps/api/core');
    const channel = new Channel<LaunchEvent>();
    channel.onmessage = onEvent;
    return call('launch_rest', { id, confirmation, onEvent: channel });
  },
  stopPilot: (id, confirmation) => call('stop_pilot', { id, confirmation }),
  listCampaigns: () => call('list_campaigns'),
  campaign: (id) => call('campaign_detail', { id }),
  recipients: (id) => call('campaign_recipients', { id }),
  call: (callId) => call('call_detail', { callId }),
  retryFailed: (id, confirmation) => call('retry_failed', { id, confirmation }),
  dontCallAgain: (id, numbers, reason) => call('dont_call_again', { id, numbers, reason }),
  optOutCalls: (id) => call('opt_out_calls', { id }),
  cancelCampaign: (id, confirmation) => call('cancel_campaign', { id, confirmation }),
  withdrawUnsent: (id, confirmation) => call('withdraw_unsent', { id, confirmation }),
  editForm: (id) => call('edit_form', { id }),
  editScheduled: (id, edit) => call('edit_scheduled', { id, edit }),
  exportResults: (id) => call('export_results', { id }),
  callRecording: (callId) => call('call_recording', { callId }),
  showInFolder: (path) => call('show_in_folder', { path }),
  saveComplianceRecord: (id, timeZone) => call('save_compliance_record', { id, timeZone }),
  campaignHistory: (id, timeZone) => call('campaign_history', { id, timeZone }),
  openSavedRecord: (path) => call('open_saved_record', { path }),
  renameCampaign: (id, name) => call('rename_campaign', { id, name }),
  archiveCampaign: (id, archived, confirmed) => call('archive_campaign', { id, archived, confirmed }),
  deleteCampaign: (id, confirmed) => call('delete_campaign', { id, confirmed }),
  duplicateCampaign: (id) => call('duplicate_campaign', { id }),
  dncPage: (search, offset, limit) => call('dnc_page', { search, offset, limit }),
  dncLook: (fileName, bytes) => call('dnc_look', bytes, { 'x-file-name': encodeURIComponent(fileName) }),
  dncImport: (fileName, bytes, choices) =>
    call('dnc_import', bytes, {
      'x-file-name': encodeURIComponent(fileName),
      'x-choices': encodeURIComponent(JSON.stringify({ country: '', ...choices })),
    }),
  dncCancelImport: () => call('dnc_cancel_import'),
  dncAdd: (number, reason) => call('dnc_add', { number, reason }),
  dncRemove: (number, reason, confirmed) => call('dnc_remove', { number, reason, confirmed }),
  dncExport: (timeZone) => call('dnc_export', { timeZone }),
  onProgress: async (handler) => {
    const { listen } = await import('@tauri-apps/api/event');
    return listen<ProgressEvent>('campaign-progress', (event) => handler(event.payload));
  },
};

function unavailable(): Promise<never> {
  return Promise.reject<never>({ code: null, message: 'This works in the Batchline desktop app only.' });
}

/** Stands in for the backend when the UI runs in a browser (UI tests, design work). */
export const browserHost: Host = {
  kind: 'browser',
  appInfo: async () => ({
    name: 'Batchline',
    version: '0.0.0-browser',
    developmentBuild: true,
    connection: { mode: 'practice' },
  }),
  settings: async () => ({
    apiBaseUrl: 'https://api.cartesia.ai',
    defaultCountry: 'US',
    orgConcurrencyLimit: 8,
    averageCallMinutes: 2,
    rulesOff: [],
    consentRequired: false,
    optOutPhrases: ['stop calling', 'take me off your list', 'do not call', "don't call", 'remove my number', 'unsubscribe'],
  }),
  saveSettings: async (s) => s,
  stateRules: async () => [],
  changeStateRule: unavailable,
  openLogFolder: unavailable,
  connectKey: unavailable,
  removeKey: unavailable,
  importFile: unavailable,
  importSample: unavailable,
  reimport: unavailable,
  cancelImport: async () => undefined,
  setSuppression: unavailable,
  saveProblems: unavailable,
  saveTemplate: unavailable,
  agents: async () => [],
  loadDraft: async () => null,
  saveDraft: async () => undefined,
  discardDraft: async () => undefined,
  planPreview: unavailable,
  estimatePreview: unavailable,
  campaignSpending: async () => null,
  launch: unavailable,
  resumeLaunch: unavailable,
  startTestCall: unavailable,
  followTestCall: unavailable,
  pilotResults: async () => null,
  launchRest: unavailable,
  stopPilot: unavailable,
  listCampaigns: async () => ({ campaigns: [], archived: [], otherBatches: [], otherBatchesError: null }),
  campaign: unavailable,
  recipients: unavailable,
  call: unavailable,
  retryFailed: unavailable,
  dontCallAgain: unavailable,
  optOutCalls: async () => ({ calls: [], message: null, unread: 0 }),
  editForm: unavailable,
  editScheduled: unavailable,
  cancelCampaign: unavailable,
  withdrawUnsent: unavailable,
  exportResults: unavailable,
  callRecording: unavailable,
  showInFolder: unavailable,
  saveComplianceRecord: unavailable,
  campaignHistory: async () => [],
  openSavedRecord: unavailable,
  renameCampaign: unavailable,
  archiveCampaign: unavailable,
  deleteCampaign: unavailable,
  duplicateCampaign: unavailable,
  dncPage: async () => ({ total: 0, entries: [], more: false }),
  dncLook: unavailable,
  dncImport: unavailable,
  dncCancelImport: async () => undefined,
  dncAdd: unavailable,
  dncRemove: unavailable,
  dncExport: unavailable,
  onProgress: async () => () => undefined,
};

export let host: Host = insideTauri() ? tauriHost : browserHost;

/** Tests swap in their own host. */
export function useHost(replacement: Host): void {
  host = replacement;
}
