// Progress in numbers and words: the segments of a progress bar, the estimated finish, the start.

import { PROGRESS_WORDS, type CampaignSummary, type Progress } from '../host';
import { duration, plural } from '../format';
import { clockInZone, zoneName } from '../time';
import type { Tone } from './status';

export type SegmentKey = 'completed' | 'failed' | 'cancelled' | 'inFlight' | 'queued' | 'notSent';

export type Segment = { key: SegmentKey; label: string; value: number; tone: Tone };

const SEGMENT_TONE: Record<SegmentKey, Tone> = {
  completed: 'completed',
  failed: 'noanswer',
  cancelled: 'cancelled',
  inFlight: 'progress',
  queued: 'queued',
  notSent: 'queued',
};

/**
 * The words and colours of a progress bar's parts, also used by the charts' legend. The words
 * are the backend's (the status line's: "Done: 1,000 answered, 200 not answered…").
 */
export const SEGMENT_LOOK = Object.fromEntries(
  (Object.keys(SEGMENT_TONE) as SegmentKey[]).map((key) => [key, { label: PROGRESS_WORDS[key] ?? key, tone: SEGMENT_TONE[key] }]),
) as Record<SegmentKey, { label: string; tone: Tone }>;

/**
 * Finished first (completed, failed, cancelled), then in progress, then waiting, then the
 * recipients of parts Cartesia doesn't have yet.
 */
export function segments(p: Progress): Segment[] {
  const order: SegmentKey[] = ['completed', 'failed', 'cancelled', 'inFlight', 'queued', 'notSent'];
  return order.map((key) => ({ key, value: p[key], ...SEGMENT_LOOK[key] }));
}

/** What a bar is out of: the total, or more when counts briefly disagree. */
export function barTotal(p: Progress): number {
  return Math.max(p.total, segments(p).reduce((sum, s) => sum + s.value, 0));
}

/** "about 25 min left — around 2:35 PM PST", or null when no estimate can be told. */
export function etaText(eta: string | null, now: Date, zone: string): string | null {
  if (!eta) return null;
  const at = new Date(eta);
  if (Number.isNaN(at.getTime())) return null;
  const seconds = (at.getTime() - now.getTime()) / 1000;
  if (seconds < 60) return 'should finish any moment now';
  const minutes = Math.round(seconds / 60);
  return `about ${duration(minutes * 60)} left — around ${clockInZone(at, zone, now)} ${zoneName(zone, at)}`;
}

/** "Retried 1 time", "Retried 3 times", or nothing before the first retry. */
export function retriedText(times: number): string {
  if (times <= 0) return '';
  return `Retried ${plural(times, 'time', 'times')}`;
}

export type StartInfo = { label: 'Starts' | 'Started' | 'Launched' | 'Set up'; at: Date };

/**
 * When the campaign starts or started: its scheduled time if it has one, else when it was
 * launched. A campaign nothing of which was sent, or still being sent, was only set up so far,
 * whatever its schedule said.
 */
export function startInfo(c: Pick<CampaignSummary, 'scheduledAt' | 'createdAt' | 'status'>, now: Date): StartInfo | null {
  const at = c.createdAt ? new Date(c.createdAt) : null;
  const created = at && !Number.isNaN(at.getTime()) ? at : null;
  if (c.status === 'notLaunched' || c.status === 'launching') return created && { label: 'Set up', at: created };
  if (c.scheduledAt) {
    const at = new Date(c.scheduledAt);
    if (!Number.isNaN(at.getTime())) return { label: at > now ? 'Starts' : 'Started', at };
  }
  return created && { label: 'Launched', at: created };
}
