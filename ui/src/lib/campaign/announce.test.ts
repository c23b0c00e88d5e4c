import { describe, expect, it } from 'vitest';
import type { Progress } from '../host';
import { announcement, quarterOf } from './announce';

const at = (finished: number, total = 1200): Progress => ({
  total,
  finished,
  queued: total - finished,
  inFlight: 0,
  completed: finished,
  failed: 0,
  cancelled: 0,
  notSent: 0,
});

describe('what the campaign page announces', () => {
  it('says nothing on the first look, then each change of status in the status line’s words', () => {
    const first = announcement(null, 'dialing', 'Calling: 0 of 1,200 done.', at(0));
    expect(first.say).toBeNull();
    const done = announcement(first.heard, 'done', 'Done: 1,200 answered.', at(1200));
    expect(done.say).toBe('Done: 1,200 answered.');
  });

  it('tells progress once per quarter of the calls, not on every refresh', () => {
    let heard = announcement(null, 'dialing', '', at(0)).heard;
    const said: (string | null)[] = [];
    for (const finished of [10, 200, 299, 300, 301, 450, 600, 601, 899, 900, 1100]) {
      const next = announcement(heard, 'dialing', '', at(finished));
      heard = next.heard;
      said.push(next.say);
    }
    expect(said.filter(Boolean)).toEqual([
      '300 of 1,200 calls have finished.',
      '600 of 1,200 calls have finished.',
      '900 of 1,200 calls have finished.',
    ]);
  });

  it('does not repeat a quarter when a retry reopens calls', () => {
    const heard = { status: 'dialing' as const, quarter: 2 };
    expect(announcement(heard, 'dialing', '', at(350)).say).toBeNull();
    expect(announcement(heard, 'dialing', '', at(350)).heard.quarter).toBe(2);
    expect(quarterOf(at(0, 0))).toBe(0);
  });
});
