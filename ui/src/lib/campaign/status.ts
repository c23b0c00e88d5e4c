// One palette and one set of words for statuses, shared by chips, progress bars, charts and the
// recipients table (shared UI.md: never colour alone — every status also has a word and an icon).
// The words are the backend's (generated into the bindings from `campaign::view`), so a chip says
// what the status line next to it says; the colours and icons are the window's.

import { CAMPAIGN_STATUS_WORDS, OUTCOME_WORDS, RECIPIENT_STATUS_WORDS, type CampaignStatus, type Outcome } from '../host';

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

// A recipient's status as Cartesia sends it. No-answer and busy are `failed` with an outcome.
const RECIPIENT: Record<string, Paint> = {
  queued: { tone: 'queued', icon: 'clock' },
  dispatched: { tone: 'progress', icon: 'phone' },
  started: { tone: 'progress', icon: 'phone' },
  completed: { tone: 'completed', icon: 'check' },
  failed: { tone: 'failed', icon: 'alert' },
  cancelled: { tone: 'cancelled', icon: 'stop' },
};

/** Order of recipient statuses in filters; unknown ones follow. */
export const RECIPIENT_STATUSES = Object.keys(RECIPIENT_STATUS_WORDS);

/** A status Batchline doesn't know yet is shown with the backend's label for it, in grey. */
export function recipientLook(status: string, label = ''): Look {
  const word = RECIPIENT_STATUS_WORDS[status];
  const paint = RECIPIENT[status];
  return word && paint ? { word, ...paint } : { word: label || status || 'Unknown', tone: 'queued', icon: 'dots' };
}

/** How a call ended, in words; `null` (not ended yet) reads as nothing. */
export function outcomeWord(outcome: Outcome | null): string {
  return outcome === null ? '' : (OUTCOME_WORDS[outcome] ?? String(outcome));
}

const OUTCOME_TONE: Record<Outcome, Tone> = {
  answered: 'completed',
  noAnswer: 'noanswer',
  busy: 'noanswer',
  notDialed: 'failed',
  cancelled: 'cancelled',
  other: 'cancelled',
};

/** Order of outcomes in the chart and filters; unknown ones follow. */
export const OUTCOMES = Object.keys(OUTCOME_WORDS) as Outcome[];

export function outcomeTone(key: string): Tone {
  return OUTCOME_TONE[key as Outcome] ?? 'cancelled';
}
