// Keeping screens current without flooding the backend: progress events can arrive many times a
// second, and a campaign's recipients are a big payload.

import { host, type ProgressEvent } from '../host';

export interface Refresher {
  /** Asks for a refresh: runs now, or once the gap since the last run has passed. */
  request(): void;
  /** Runs now (after the one in progress, if any), whatever the gap. */
  now(): void;
  /** No more runs, and no run waiting. */
  stop(): void;
}

/**
 * Runs `run` at most once per `minGapMs`, never two at a time, and folds the requests made
 * meanwhile into one trailing run.
 */
export function refresher(run: () => Promise<void>, minGapMs: number): Refresher {
  let running = false;
  let pending = false;
  let forced = false;
  let stopped = false;
  let lastStart = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function start() {
    if (timer) clearTimeout(timer);
    timer = null;
    running = true;
    pending = false;
    forced = false;
    lastStart = Date.now();
    try {
      await run();
    } catch {
      // `run` shows its own errors; a failed refresh must not stop the next one.
    } finally {
      running = false;
      if (!stopped && forced) void start();
      else if (!stopped && pending) request();
    }
  }

  function request() {
    if (stopped) return;
    if (running) {
      pending = true;
      return;
    }
    const wait = lastStart + minGapMs - Date.now();
    if (wait <= 0) void start();
    else if (!timer) timer = setTimeout(() => void start(), wait);
  }

  return {
    request,
    now() {
      if (stopped) return;
      if (running) forced = true;
      else void start();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** Listens to progress events until the returned function is called (safe before listening starts). */
export function subscribeProgress(handler: (event: ProgressEvent) => void): () => void {
  let unlisten: (() => void) | null = null;
  let done = false;
  host.onProgress(handler).then(
    (stop) => {
      if (done) stop();
      else unlisten = stop;
    },
    () => undefined,
  );
  return () => {
    done = true;
    unlisten?.();
  };
}
