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
export async function startServer({
  speed = 50,
  port = 0,
  apiKey = SERVER_KEY,
  seed = 1,
  orgConcurrency = 8,
  clock = null,
} = {}) {
  const child = spawn(
    cli,
    [
      'sandbox',
      '--port',
      String(port),
      '--speed',
      String(speed),
      '--api-key',
      apiKey,
      '--seed',
      String(seed),
      '--org-concurrency',
      String(orgConcurrency),
      ...(clock ? ['--clock', clock] : []),
    ],
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
    /** Every batch the server holds (up to 100), each whole with its recipients, oldest first. */
    async batchesWithRecipients() {
      const { data } = await this.api('/agents/calls/batches?limit=100');
      const full = [];
      for (const b of data) full.push(await this.api(`/agents/calls/batches/${b.id}`));
      return full.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
    },
  };
}

/** What Cartesia answers when the account's plan can't pay for more calls. */
const PAYMENT_REQUIRED = JSON.stringify({
  error_code: 'payment_required',
  title: 'Payment required',
  message: 'Your organization has exceeded its usage limit.',
});

/** A Create Call Batch's first line, on a fresh connection or a reused one. */
const isCreate = (head) => head.startsWith('POST /agents/calls/batches ');
/** The launcher's look-ups (Cartesia's clock, a part in doubt): the agent's batches, newest first. */
const isLookUp = (head) => /^GET \/agents\/calls\/batches\?[^\r\n]*agent_id=/.test(head);

/**
 * A create request with the last `missing` recipients taken out of its JSON body, once `bytes`
 * holds all of it (`null` until then): what Cartesia scheduling fewer than it was sent looks like.
 */
function shortened(bytes, missing) {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = bytes.subarray(0, end).toString('latin1');
  const length = Number(head.match(/content-length:\s*(\d+)/i)?.[1] ?? NaN);
  assert.ok(Number.isFinite(length), `a create without a content-length: ${head}`);
  const start = end + 4;
  if (bytes.length < start + length) return null;
  const body = JSON.parse(bytes.subarray(start, start + length).toString('utf8'));
  body.recipients = body.recipients.slice(0, Math.max(0, body.recipients.length - missing));
  const json = Buffer.from(JSON.stringify(body));
  const newHead = head.replace(/content-length:\s*\d+/i, `content-length: ${json.length}`);
  return Buffer.concat([Buffer.from(`${newHead}\r\n\r\n`, 'latin1'), json, bytes.subarray(start + length)]);
}

/**
 * A loopback TCP relay in front of `url`, to put the server out of reach and back as a network
 * would: `cut()` closes every connection and refuses new ones, `restore()` listens again on the
 * same port. `refuseCreates()` makes it answer every Create Call Batch with 402 (as Cartesia does
 * when the plan's usage is used up) while passing everything else through; `acceptCreates()`
 * ends that. `holdNextCreate()` passes the next create on but never delivers its answer (the
 * batch is made; the app waits, as when it is killed at that moment). `shortenNextCreate(n)`
 * sends the next create on without its last `n` recipients, so Cartesia schedules fewer than
 * the app sent. `holdLookUps()` keeps the launcher's look-ups (the agent's newest batches)
 * waiting until `releaseLookUps()`, while everything else, the Campaigns page's list included,
 * goes through.
 */
export async function startRelay(url) {
  const target = new URL(url);
  const sockets = new Set();
  let refusing = false;
  let holdNext = false;
  let shortBy = 0;
  let holdingLookUps = false;
  const heldLookUps = [];
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
    // Answers on this connection are swallowed from the held create on.
    let held = false;
    // A create being shortened: its bytes so far, and by how many recipients.
    let gathering = null;
    let missing = 0;
    const forward = (chunk) => {
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    };
    // A request's head arrives in one piece from the app's client, so a create can be told
    // from its first bytes, on a fresh connection or a reused one.
    client.on('data', (chunk) => {
      if (gathering) {
        gathering = Buffer.concat([gathering, chunk]);
      } else {
        const head = chunk.toString('latin1');
        if (refusing && isCreate(head)) {
          client.pause();
          upstream.destroy();
          client.end(
            `HTTP/1.1 402 Payment Required\r\ncontent-type: application/json\r\n` +
              `content-length: ${Buffer.byteLength(PAYMENT_REQUIRED)}\r\nconnection: close\r\n\r\n${PAYMENT_REQUIRED}`,
          );
          return;
        }
        if (holdingLookUps && isLookUp(head)) {
          client.pause();
          heldLookUps.push(() => {
            forward(chunk);
            client.resume();
          });
          return;
        }
        if (isCreate(head)) {
          held = held || holdNext;
          holdNext = false;
          if (shortBy > 0) {
            [gathering, missing, shortBy] = [chunk, shortBy, 0];
          }
        }
        if (!gathering) return forward(chunk);
      }
      const whole = shortened(gathering, missing);
      if (whole) {
        gathering = null;
        forward(whole);
      }
    });
    client.on('end', () => upstream.end());
    upstream.on('data', (chunk) => {
      if (held) return;
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    upstream.on('end', () => {
      if (!held) client.end();
    });
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
    holdNextCreate() {
      holdNext = true;
    },
    shortenNextCreate(n) {
      shortBy = n;
    },
    holdLookUps() {
      holdingLookUps = true;
    },
    /** Lets the held look-ups go on, and those that follow; returns how many were held. */
    releaseLookUps() {
      holdingLookUps = false;
      const n = heldLookUps.length;
      for (const go of heldLookUps.splice(0)) go();
      return n;
    },
    stop() {
      for (const s of sockets) s.destroy();
      relay.close();
    },
  };
}
