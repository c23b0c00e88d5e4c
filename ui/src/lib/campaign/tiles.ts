// The campaign page's number tiles: while calls run, where the recipients stand; once the
// campaign has settled and no call is under way, what the calls came to — the answer rate
// and each outcome that happened, in the backend's words.

import type { OutcomeSlice, Progress } from '../host';
import { count, percent } from '../format';
import { PROGRESS_WORDS } from '../host';
import { outcomeTone, type Tone } from './status';

export type Tile = { key: string; value: string; label: string; tone: Tone | null };

/** Answered out of those whose call was made (not dialed left out): "83 %", or null before any call ended. */
export function answerRate(outcomes: readonly OutcomeSlice[]): string | null {
  const made = outcomes.filter((o) => o.outcome !== 'notDialed').reduce((sum, o) => sum + o.count, 0);
  if (made === 0) return null;
  const answered = outcomes.find((o) => o.outcome === 'answered')?.count ?? 0;
  return percent(answered, made);
}

export function tiles(p: Progress, outcomes: readonly OutcomeSlice[], settled: boolean): Tile[] {
  const total: Tile = { key: 'total', value: count(p.total), label: 'Recipients in all', tone: null };
  if (!settled || p.inFlight > 0) {
    return [
      { key: 'finished', value: count(p.finished), label: 'Finished', tone: null },
      { key: 'in-flight', value: count(p.inFlight), label: PROGRESS_WORDS.inFlight, tone: 'progress' },
      { key: 'queued', value: count(p.queued), label: PROGRESS_WORDS.queued, tone: 'queued' },
      total,
    ];
  }
  const rate = answerRate(outcomes);
  const ended: Tile[] = outcomes
    .filter((o) => o.count > 0)
    .map((o) => ({ key: `outcome-${o.outcome}`, value: count(o.count), label: o.label, tone: outcomeTone(o.outcome) }));
  return [...(rate ? [{ key: 'answer-rate', value: rate, label: 'Answer rate', tone: 'completed' as Tone }] : []), ...ended, total];
}
