// A Cartesia-compatible server on loopback (the `batchline sandbox` command) standing in for
// Cartesia in end-to-end tests, and a tiny client to check what the app did on it.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The server's own practice key: test data, not a Cartesia secret. */
export const SERVER_KEY = 'sk_sandbox_demo';

const cli = resolve(process.env.BATCHLINE_CLI ?? join(import.meta.dirname, '../../target/debug/batchline'));

/** Starts the server at `speed` simulated seconds per second; `stop()` ends it. */
export async function startServer({ speed = 50 } = {}) {
  const child = spawn(cli, ['sandbox', '--port', '0', '--speed', String(speed)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never outlives the test file, whatever happens in it.
  process.once('exit', () => child.kill('SIGKILL'));
  const url = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) ok(m[0]);
    });
    child.once('exit', (code) => fail(new Error(`sandbox exited (${code}): ${out}`)));
  });
  return {
    url,
    stop: () => child.kill(),
    /** GET or POST on the server with its key; asserts a success and returns the JSON. */
    async api(path, { method = 'GET', body } = {}) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'X-API-Key': SERVER_KEY, 'Cartesia-Version': '2025-04-16', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30000),
      });
      const text = await res.text();
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    },
  };
}
