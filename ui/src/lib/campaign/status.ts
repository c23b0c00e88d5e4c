// One palette and one set of words for statuses, shared by chips, progress bars, charts and the
// recipients table (shared UI.md: never colour alone — every status also has a word and an icon).
// The words are the backend's (generated into the bindings from `campaign::view`), so a chip says
// what the status line next to it says; the colours and icons are the window's.

import { CAMPAIGN_STATUS_WORDS, OUTCOME_WORDS, RECIPIENT_STATUS_WORDS, type CampaignStatus, type Outcome, type RecipientRow } from '../host';

/** A colour of the status palette; `--st-<tone>` in app.css. */
export type Tone = 'queued' | 'waiting' | 'progress' | 'completed' | 'noanswer' | 'failed' | 'cancelled';

export type Icon = 'clock' | 'hourglass' | 'phone' | 'send' | 'check' | 'stop' | 'alert' | 'pause' | 'dots';

export type Look = { word: string; tone: Tone; icon: Icon };

export function toneVar(tone: Tone): string {
  return `--st-${tone}`;
}

type Paint = Omit<Look, 'word'>;

const CAMPAIGN: Record<CampaignStatus, Paint> = {
  notLaunched: { tone: 'queued', icon: 'pause' },
  launching: { tone: 'progress', icon: 'send' },
  scheduled: { tone: 'queued', icon: 'clock' },
  waitingForCapacity: { tone: 'waiting', icon: 'hourglass' },
  dialing: { tone: 'progress', icon: 'phone' },
  finishing: { tone: 'progress', icon: 'dots' },
  done: { tone: 'completed', icon: 'check' },
  cancelled: { tone: 'cancelled', icon: 'stop' },
  failed: { tone: 'failed', icon: 'alert' },
};

/** Every campaign status, in the order a campaign goes through them (for filters). */
export const CAMPAIGN_STATUSES = Object.keys(CAMPAIGN_STATUS_WORDS) as CampaignStatus[];

export function campaignLook(status: CampaignStatus): Look {
  const paint = CAMPAIGN[status];
  return paint ? { word: CAMPAIGN_STATUS_WORDS[status], ...paint } : { word: String(status), tone: 'queued', icon: 'dots' };
}

/** Nothing more will happen by itself: no need to keep polling. */
export function isSettled(status: CampaignStatus): boolean {
  return status === 'done' || status === 'cancelled' || status === 'failed';
}

// A recipient reads as one word (the backend's `statusLabel`): where the call is while it runs
// (Cartesia's queued / dispatched / started), then how it ended (its outcome). One column, one
// filter, one colour: busy is orange like no answer, not a red failure.
const UNDER_WAY: Record<string, Paint> = {
  queued: { tone: 'queued', icon: 'clock' },
  dispatched: { tone: 'progress', icon: 'phone' },
  started: { tone: 'progress', icon: 'phone' },
};

const OUTCOME_PAINT: Record<Outcome, Paint> = {
  answered: { tone: 'completed', icon: 'check' },
  voicemail: { tone: 'noanswer', icon: 'send' },
  noAnswer: { tone: 'noanswer', icon: 'phone' },
  busy: { tone: 'noanswer', icon: 'phone' },
  couldntConnect: { tone: 'failed', icon: 'alert' },
  notDialed: { tone: 'cancelled', icon: 'stop' },
  other: { tone: 'queued', icon: 'dots' },
};

/** Order of outcomes in the chart; unknown ones follow. */
export const OUTCOMES = Object.keys(OUTCOME_WORDS) as Outcome[];

/** Every value of the recipients' Status filter, in the order a call goes through them. */
export const RECIPIENT_STATES: readonly string[] = [...Object.keys(RECIPIENT_STATUS_WORDS), ...OUTCOMES];

/** The value a recipient has in the Status filter: its outcome once the call ended, else its status. */
export function recipientState(row: Pick<RecipientRow, 'status' | 'outcome'>): string {
  return row.outcome ?? row.status;
}

/** The word of a Status filter value (the backend's words), or the value itself. */
export function stateWord(state: string): string {
  return RECIPIENT_STATUS_WORDS[state] ?? OUTCOME_WORDS[state as Outcome] ?? state;
}

/** A recipient's one word, colour and icon. A status Batchline doesn't know yet is shown with the backend's label for it, in grey. */
export function recipientLook(row: Pick<RecipientRow, 'status' | 'statusLabel' | 'outcome'>): Look {
  const paint = row.outcome ? OUTCOME_PAINT[row.outcome] : UNDER_WAY[row.status];
  const word = row.statusLabel || stateWord(recipientState(row)) || 'Unknown';
  return paint ? { word, ...paint } : { word, tone: 'queued', icon: 'dots' };
}

/** How a call ended, in words; `null` (not ended yet) reads as nothing. */
export function outcomeWord(outcome: Outcome | null): string {
  return outcome === null ? '' : (OUTCOME_WORDS[outcome] ?? String(outcome));
}

export function outcomeTone(key: string): Tone {
  return OUTCOME_PAINT[key as Outcome]?.tone ?? 'queued';
}
