// A Cartesia-compatible server on loopback (the `batchline sandbox` command) standing in for
// Cartesia in end-to-end tests, and a tiny client to check what the app did on it.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The server's own practice key: test data, not a Cartesia secret. */
export const SERVER_KEY = 'sk_sandbox_demo';

const cli = resolve(process.env.BATCHLINE_CLI ?? join(import.meta.dirname, '../../target/debug/batchline'));

/**
 * Starts the server at `speed` simulated seconds per second (on `port`, or a free one), taking
 * `apiKey`; `stop()` ends it. A server started again in place of another needs another `seed`,
 * or it hands out the same batch ids again, which Cartesia never does.
 */
export async function startServer({ speed = 50, port = 0, apiKey = SERVER_KEY, seed = 1 } = {}) {
  const child = spawn(
    cli,
    ['sandbox', '--port', String(port), '--speed', String(speed), '--api-key', apiKey, '--seed', String(seed)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
    // A missing binary is an 'error', never an 'exit': without this the test would wait forever.
    child.once('error', (error) => fail(new Error(`the sandbox couldn't start (${cli}): ${error.message}`)));
  });
  return {
    url,
    /** Ends the server and waits until its port is free. */
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill();
      }),
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

/** What Cartesia answers when the account's plan can't pay for more calls. */
const PAYMENT_REQUIRED = JSON.stringify({
  error_code: 'payment_required',
  title: 'Payment required',
  message: 'Your organization has exceeded its usage limit.',
});

/**
 * A loopback TCP relay in front of `url`, to put the server out of reach and back as a network
 * would: `cut()` closes every connection and refuses new ones, `restore()` listens again on the
 * same port. `refuseCreates()` makes it answer every Create Call Batch with 402 (as Cartesia does
 * when the plan's usage is used up) while passing everything else through; `acceptCreates()`
 * ends that.
 */
export async function startRelay(url) {
  const target = new URL(url);
  const sockets = new Set();
  let refusing = false;
  const relay = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // A request's head arrives in one piece from the app's client, so a create can be told
    // from its first bytes, on a fresh connection or a reused one.
    client.on('data', (chunk) => {
      if (refusing && chunk.toString('latin1').startsWith('POST /agents/calls/batches ')) {
        client.pause();
        upstream.destroy();
        client.end(
          `HTTP/1.1 402 Payment Required\r\ncontent-type: application/json\r\n` +
            `content-length: ${Buffer.byteLength(PAYMENT_REQUIRED)}\r\nconnection: close\r\n\r\n${PAYMENT_REQUIRED}`,
        );
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    client.on('end', () => upstream.end());
    upstream.pipe(client);
  });
  const listen = (port) => new Promise((ok, fail) => relay.once('error', fail).listen(port, '127.0.0.1', ok));
  await listen(0);
  const { port } = relay.address();
  return {
    url: `http://127.0.0.1:${port}`,
    async cut() {
      const closed = new Promise((ok) => relay.close(ok));
      for (const s of sockets) s.destroy();
      await closed;
    },
    restore: () => listen(port),
    refuseCreates() {
      refusing = true;
    },
    acceptCreates() {
      refusing = false;
    },
    stop() {
      for (const s of sockets) s.destroy();
      relay.close();
    },
  };
}
