import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refresher } from './refresh';

describe('refresher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A run that takes `ms` to finish, counting how often it started. */
  function slowRun(ms: number) {
    const runs = { count: 0 };
    const run = () => {
      runs.count += 1;
      return new Promise<void>((resolve) => setTimeout(resolve, ms));
    };
    return { runs, run };
  }

  it('runs at once, then folds a burst of requests into one trailing run per gap', async () => {
    const { runs, run } = slowRun(10);
    const r = refresher(run, 500);
    r.request();
    expect(runs.count).toBe(1);
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(20);
      r.request();
    }
    expect(runs.count).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(runs.count).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs.count).toBe(2);
  });

  it('never runs twice at the same time', async () => {
    const { runs, run } = slowRun(1000);
    const r = refresher(run, 100);
    r.request();
    await vi.advanceTimersByTimeAsync(200);
    r.request();
    r.request();
    expect(runs.count).toBe(1);
    await vi.advanceTimersByTimeAsync(900);
    expect(runs.count).toBe(2);
  });

  it('runs now when asked, whatever the gap, after the run in progress', async () => {
    const { runs, run } = slowRun(50);
    const r = refresher(run, 3000);
    r.now();
    r.now();
    expect(runs.count).toBe(1);
    await vi.advanceTimersByTimeAsync(60);
    expect(runs.count).toBe(2);
  });

  it('keeps going after a failed run', async () => {
    let calls = 0;
    const r = refresher(async () => {
      calls += 1;
      throw new Error('offline');
    }, 100);
    r.request();
    await vi.advanceTimersByTimeAsync(150);
    r.request();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2);
  });

  it('does nothing once stopped, not even a run already waiting', async () => {
    const { runs, run } = slowRun(10);
    const r = refresher(run, 500);
    r.request();
    await vi.advanceTimersByTimeAsync(20);
    r.request();
    r.stop();
    await vi.advanceTimersByTimeAsync(1000);
    r.request();
    r.now();
    expect(runs.count).toBe(1);
  });
});
