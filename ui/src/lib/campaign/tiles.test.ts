import { describe, expect, it } from 'vitest';
import type { OutcomeSlice, Progress } from '../host';
import { answerRate, tiles } from './tiles';

const done: Progress = { total: 100, queued: 0, inFlight: 0, completed: 60, failed: 30, cancelled: 10, finished: 100, notSent: 0 };
const outcomes: OutcomeSlice[] = [
  { outcome: 'answered', label: 'Answered', count: 60 },
  { outcome: 'voicemail', label: 'Voicemail', count: 0 },
  { outcome: 'noAnswer', label: 'No answer', count: 20 },
  { outcome: 'busy', label: 'Busy', count: 10 },
  { outcome: 'couldntConnect', label: "Couldn't connect", count: 0 },
  { outcome: 'notDialed', label: 'Not dialed', count: 10 },
  { outcome: 'other', label: 'Other', count: 0 },
];

describe('campaign tiles', () => {
  it('while calls run: finished, calling now, waiting and the total', () => {
    const running = { ...done, queued: 40, inFlight: 5, finished: 55 };
    expect(tiles(running, outcomes, false).map((t) => [t.label, t.value])).toEqual([
      ['Finished', '55'],
      ['Calling now', '5'],
      ['Waiting', '40'],
      ['Recipients in all', '100'],
    ]);
  });

  it('once settled: the answer rate and each outcome that happened, not zero “in progress” tiles', () => {
    const shown = tiles(done, outcomes, true);
    expect(shown.map((t) => [t.label, t.value, t.tone])).toEqual([
      ['Answer rate', '67 %', 'completed'],
      ['Answered', '60', 'completed'],
      ['No answer', '20', 'noanswer'],
      ['Busy', '10', 'noanswer'],
      ['Not dialed', '10', 'cancelled'],
      ['Recipients in all', '100', null],
    ]);
    expect(shown.map((t) => t.label)).not.toContain('Calling now');
  });

  it('a cancelled campaign with a call still under way keeps the running tiles until it ends', () => {
    expect(tiles({ ...done, inFlight: 1 }, outcomes, true)[1].label).toBe('Calling now');
  });

  it('answer rate is out of the calls made, and absent before any', () => {
    expect(answerRate(outcomes)).toBe('67 %');
    expect(answerRate([{ outcome: 'notDialed', label: 'Not dialed', count: 5 }])).toBeNull();
    expect(answerRate([])).toBeNull();
  });
});
