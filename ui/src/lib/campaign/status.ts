// One palette and one set of words for statuses, shared by chips, progress bars, charts and the
// recipients table (shared UI.md: never colour alone — every status also has a word and an icon).

import type { CampaignStatus } from '../host';

/** A colour of the status palette; `--st-<tone>` in app.css. */
export type Tone = 'queued' | 'waiting' | 'progress' | 'completed' | 'noanswer' | 'failed' | 'cancelled';

export type Icon = 'clock' | 'hourglass' | 'phone' | 'send' | 'check' | 'stop' | 'alert' | 'pause' | 'dots';

export type Look = { word: string; tone: Tone; icon: Icon };

export function toneVar(tone: Tone): string {
  return `--st-${tone}`;
}

const CAMPAIGN: Record<CampaignStatus, Look> = {
  notLaunched: { word: 'Not launched', tone: 'queued', icon: 'pause' },
  launching: { word: 'Launching', tone: 'progress', icon: 'send' },
  scheduled: { word: 'Scheduled', tone: 'queued', icon: 'clock' },
  waitingForCapacity: { word: 'Waiting for capacity', tone: 'waiting', icon: 'hourglass' },
  dialing: { word: 'Dialing', tone: 'progress', icon: 'phone' },
  finishing: { word: 'Finishing', tone: 'progress', icon: 'dots' },
  done: { word: 'Done', tone: 'completed', icon: 'check' },
  cancelled: { word: 'Cancelled', tone: 'cancelled', icon: 'stop' },
  failed: { word: 'Failed', tone: 'failed', icon: 'alert' },
};

/** Every campaign status, in the order a campaign goes through them (for filters). */
export const CAMPAIGN_STATUSES = Object.keys(CAMPAIGN) as CampaignStatus[];

export function campaignLook(status: CampaignStatus): Look {
  return CAMPAIGN[status] ?? { word: String(status), tone: 'queued', icon: 'dots' };
}

/** Nothing more will happen by itself: no need to keep polling. */
export function isSettled(status: CampaignStatus): boolean {
  return status === 'done' || status === 'cancelled' || status === 'failed';
}

// A recipient's status as Cartesia sends it. No-answer and busy are `failed` with an outcome.
const RECIPIENT: Record<string, Look> = {
  queued: { word: 'Waiting', tone: 'queued', icon: 'clock' },
  dispatched: { word: 'Dialing', tone: 'progress', icon: 'phone' },
  started: { word: 'In a call', tone: 'progress', icon: 'phone' },
  completed: { word: 'Completed', tone: 'completed', icon: 'check' },
  failed: { word: 'Failed', tone: 'failed', icon: 'alert' },
  cancelled: { word: 'Cancelled', tone: 'cancelled', icon: 'stop' },
};

/** Order of recipient statuses in filters; unknown ones follow. */
export const RECIPIENT_STATUSES = Object.keys(RECIPIENT);

/** A status Batchline doesn't know yet is shown with Cartesia's own label, in grey. */
export function recipientLook(status: string, label = ''): Look {
  return RECIPIENT[status] ?? { word: label || status || 'Unknown', tone: 'queued', icon: 'dots' };
}

const OUTCOME_TONE: Record<string, Tone> = {
  answered: 'completed',
  noAnswer: 'noanswer',
  busy: 'noanswer',
  notDialed: 'failed',
  cancelled: 'cancelled',
  other: 'cancelled',
};

/** Order of outcomes in the chart and filters; unknown ones follow. */
export const OUTCOMES = Object.keys(OUTCOME_TONE);

export function outcomeTone(key: string): Tone {
  return OUTCOME_TONE[key] ?? 'cancelled';
}
