// Connecting an account and launching a large file, in the real window, against a
// Cartesia-compatible server on loopback (the `batchline sandbox` command) standing in for
// Cartesia: a wrong key is refused, the right one is kept in the OS keyring and never readable
// from the page, and 12,000 rows go out as 3 batches, checked on the server itself. Launches
// killed while Cartesia was making a part are finished at the next start, each part once and
// never listed as somebody else's batch meanwhile; a part Cartesia takes short is said in words
// and, its answer lost, recognised rather than sent again.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';
import { bigCsv, writeFixture } from './fixtures.mjs';
import { acknowledge, forgetKey, launchAndWait, launchedParts, openAdvanced, prepareFile, setUpAndSchedule } from './flows.mjs';
import { SERVER_KEY as KEY, startRelay, startServer } from './server.mjs';

let app;
let server;
let relay;
let base;

/**
 * Calling hours plan the parts: 12,000 calls fit in one afternoon (as 5,000 + 5,000 + 2,000, in
 * file order) only with enough calls at a time, so the account here allows 1,000 — in the app's
 * Settings, as a person would set it, and on the server.
 */
const ACCOUNT_LIMIT = 1000;

before(async () => {
  server = await startServer({ orgConcurrency: ACCOUNT_LIMIT });
  // The app reaches the server through a relay that a test can cut, as a network outage would.
  relay = await startRelay(server.url);
  base = relay.url;
  const home = mkdtempSync(join(tmpdir(), 'batchline-e2e-'));
  const config = join(home, 'config', 'app.batchline.desktop.dev');
  mkdirSync(config, { recursive: true });
  writeFileSync(
    join(config, 'settings.json'),
    JSON.stringify({
      apiBaseUrl: 'https://api.cartesia.ai',
      defaultCountry: 'US',
      orgConcurrencyLimit: ACCOUNT_LIMIT,
      averageCallMinutes: 2,
    }),
  );
  app = await openApp({ dataDir: home });
});

after(async () => {
  // Leave the test keyring as it was found.
  if (app) await forgetKey(app);
  await app?.end();
  relay?.stop();
  await server?.stop();
});

test('the API address is saved (loopback http is allowed, other http is not)', async () => {
  await app.clickOn('a[href="#/settings"]');
  await app.waitFor('[data-testid="connection-card"]');
  await openAdvanced(app);
  await app.setValue('[data-testid="base-url"]', 'http://example.com');
  await app.clickOn('[data-testid="save-settings"]');
  assert.match(await app.text(await app.waitFor('[data-testid="settings-error"]')), /https/);
  await app.setValue('[data-testid="base-url"]', base);
  await app.clickOn('[data-testid="save-settings"]');
  await app.waitFor('[data-testid="settings-saved"]');
});

test('a wrong API key is refused and nothing is saved', async () => {
  const input = await app.find('[data-testid="api-key"]');
  await app.type(input, 'sk_car_this_is_not_right_0000');
  await app.clickOn('[data-testid="connect"]');
  const error = await app.waitFor('[data-testid="key-error"]');
  assert.match(await app.text(error), /didn.t accept this key/);
  assert.match(await app.textOf('[data-testid="connection-state"]'), /Practice mode/);
});

test('the right key connects and shows only its last four characters', async () => {
  const input = await app.find('[data-testid="api-key"]');
  await app.clear(input);
  await app.type(input, KEY);
  await app.clickOn('[data-testid="connect"]');
  const connected = await app.waitFor('[data-testid="connected-text"]');
  assert.match(await app.text(connected), /key ending demo/);
  assert.equal((await app.findAll('[data-testid="practice-banner"]')).length, 0);
  assert.equal((await app.findAll('[data-testid="api-key"]')).length, 0, 'the key field is gone');
});

test('the key is never readable from the webview', async () => {
  const found = await app.execAsync(`
    const done = arguments[arguments.length - 1];
    const key = arguments[0];
    const invoke = window.__TAURI_INTERNALS__.invoke;
    const seen = [document.documentElement.outerHTML, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie];
    Promise.all(['app_info', 'get_settings', 'list_agents', 'load_draft'].map((c) =>
      invoke(c).then((v) => JSON.stringify(v), (e) => JSON.stringify(e)))).then((answers) => {
      const all = seen.concat(answers).join('\\n');
      done({ leaked: all.includes(key) || all.includes(key.slice(3)), answers: answers.length });
    });
  `, [KEY]);
  assert.deepEqual(found, { leaked: false, answers: 4 });
});

test('a 12,000-row file is launched as 3 batches', async () => {
  const file = writeFixture(app.dataDir, 'big list.csv', bigCsv(12000));
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await app.upload('[data-testid="file-input"]', file);
  await app.waitFor('[data-testid="preview-table"]', { timeout: 60000 });
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]', { timeout: 60000 });
  // Counts are grouped as the backend's sentences are, whatever the computer's locale (C here).
  assert.match(await app.textOf('[data-testid="count-ready"]'), /^12,000(?![\d,])/);
  assert.match(await app.textOf('[data-testid="parts-note"]'), /3 parts/);
  await setUpAndSchedule(app, { start: 'now' });
  const result = await launchAndWait(app);
  assert.match(result, /Campaign launched/);
  const parts = await launchedParts(app);
  assert.equal(parts.length, 3);
  for (const line of parts) assert.match(line, /^Created/);

  // On the server: exactly three batches, of 5,000, 5,000 and 2,000, each created once.
  const list = await server.api('/agents/calls/batches?limit=100');
  const mine = list.data.filter((b) => b.name.startsWith('big list'));
  assert.deepEqual(mine.map((b) => b.name).sort(), ['big list (part 1 of 3)', 'big list (part 2 of 3)', 'big list (part 3 of 3)']);
  const sizes = Object.fromEntries(mine.map((b) => [b.name.match(/part (\d)/)[1], b.total_calls_scheduled]));
  assert.deepEqual(sizes, { 1: 5000, 2: 5000, 3: 2000 });
  const first = await server.api(`/agents/calls/batches/${mine.find((b) => b.name.endsWith('1 of 3)')).id}`);
  assert.equal(first.recipients[0].to_number, '+12015551000');
  assert.equal(first.recipients[0].metadata.Name, 'Person 1');
});

test('a launch that cannot reach Cartesia says so, and launching again creates each part once', async () => {
  await prepareFile(app, writeFixture(app.dataDir, 'offline list.csv', bigCsv(6000)));

  // Cartesia goes out of reach just before Launch.
  await relay.cut();
  await acknowledge(app);
  await app.clickOn('[data-testid="launch"]');
  const outcome = await app.waitFor('[data-testid="launch-result"]', { text: /parts launched/, timeout: 180000 });
  const said = await app.text(outcome);
  assert.match(said, /0 of 2 parts launched/);
  assert.match(said, /Launch again to send only the parts that are missing/);
  // Refused connections mean nothing was sent ("Not created"); a connection cut mid-request can't
  // say, so the part is "Not confirmed yet" until the next launch asks Cartesia.
  for (const line of await launchedParts(app)) assert.match(line, /^(Not created|Not confirmed yet)/);
  assert.match(await app.textOf('[data-testid="launch"]'), /Launch the missing parts/);

  // Back within reach, launching again sends the two parts, each once.
  await relay.restore();
  await app.clickOn('[data-testid="launch"]');
  await app.waitFor('[data-testid="launch-result"]', { text: /Campaign launched/, timeout: 60000 });
  const list = await server.api('/agents/calls/batches?limit=100');
  const mine = list.data.map((b) => b.name).filter((n) => n.startsWith('offline list'));
  assert.deepEqual(mine.sort(), ['offline list (part 1 of 2)', 'offline list (part 2 of 2)']);
});

test('a launch Cartesia refused (402) is not sent by itself after a restart: it waits for the person', async () => {
  await prepareFile(app, writeFixture(app.dataDir, 'unpaid list.csv', bigCsv(6000)));
  relay.refuseCreates();
  await acknowledge(app);
  await app.clickOn('[data-testid="launch"]');
  const outcome = await app.waitFor('[data-testid="launch-result"]', { text: /parts launched/, timeout: 60000 });
  assert.match(await app.text(outcome), /0 of 2 parts launched/);
  assert.match(await app.text(outcome), /usage limit/);

  // The plan is paid, and the app is started again (days later, say): nothing goes out by itself.
  relay.acceptCreates();
  const home = app.dataDir;
  await app.end();
  app = await openApp({ dataDir: home });
  await app.clickOn('a[href="#/campaigns"]');
  await app.clickOn('[data-testid="campaign-row"][data-name="unpaid list"] a');
  const waiting = await app.waitFor('[data-testid="unsent"]', { timeout: 30000 });
  assert.match(await app.text(waiting), /“unpaid list” was never sent/);
  assert.match(await app.text(waiting), /6\D?000 people/);
  // The start-up check has long finished against a loopback server: still nothing on it.
  await new Promise((done) => setTimeout(done, 3000));
  const mine = async () =>
    (await server.api('/agents/calls/batches?limit=100')).data.map((b) => b.name).filter((n) => n.startsWith('unpaid list'));
  assert.deepEqual(await mine(), [], 'nobody is called unasked');
  // scripts/screenshots-style: BATCHLINE_SHOTS=folder keeps a picture of what the person sees.
  if (process.env.BATCHLINE_SHOTS) {
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'campaign-unsent.png'), await app.screenshot());
  }

  // The person chooses to send them, and confirms: each part goes out once.
  await app.clickOn('[data-testid="unsent-send"]');
  await app.clickOn('[data-testid="unsent-send-confirm"]');
  await app.waitFor('[data-testid="unsent-done"]', { text: /Sent: 6\D?000 people will be called/, timeout: 60000 });
  assert.deepEqual((await mine()).sort(), ['unpaid list (part 1 of 2)', 'unpaid list (part 2 of 2)']);
});

/** The names of the server's batches that start with `prefix`, sorted. */
async function batchesNamed(prefix) {
  const list = await server.api('/agents/calls/batches?limit=100');
  return list.data.map((b) => b.name).filter((n) => n.startsWith(prefix)).sort();
}

/** Polls `check` until it returns something truthy (a guard against hanging, not a timing check). */
async function until(what, check, timeout = 60000) {
  const end = Date.now() + timeout;
  for (;;) {
    const seen = await check();
    if (seen) return seen;
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/**
 * Launches the file prepared on Confirm; as soon as Cartesia has made part 1 — its answer held
 * back by the relay — the app is killed (SIGKILL, the whole window process group), with part 1
 * in doubt and part 2 never sent.
 */
async function launchAndKillMidCreate(prefix) {
  relay.holdNextCreate();
  await acknowledge(app);
  await app.clickOn('[data-testid="launch"]');
  await until(`Cartesia made ${prefix} part 1`, async () => (await batchesNamed(prefix)).length === 1);
  process.kill(-app.driver.pid, 'SIGKILL');
  await app.end();
}

/** The names under "Other batches" on the Campaigns page, as shown now. */
function otherBatchNames() {
  return app.exec(
    `return [...document.querySelectorAll('[data-testid="other-batch-row"]')].map((r) => r.dataset.name);`,
  );
}

test('a launch killed while Cartesia made a part is finished at start-up, and the part is never listed as somebody else’s', async () => {
  const home = app.dataDir;
  await prepareFile(app, writeFixture(home, 'cut list.csv', bigCsv(6000)));
  // A batch really made outside Batchline: proof that the page has read the account's batches.
  const [agent] = (await server.api('/agents')).summaries;
  await server.api('/agents/calls/batches', {
    method: 'POST',
    body: {
      name: 'Made by hand',
      agent_id: agent.id,
      from_number_id: agent.phone_numbers[0].id,
      recipients: [{ to_number: '+14155550123' }],
    },
  });
  await launchAndKillMidCreate('cut list');

  // Started again moments later: the interrupted launch is finished by itself. Its look-up is
  // held while the Campaigns page is read, so the page is seen while part 1 is still in doubt.
  relay.holdLookUps();
  try {
    app = await openApp({ dataDir: home });
    await app.clickOn('a[href="#/campaigns"]');
    await app.waitFor('[data-testid="campaign-row"][data-name="cut list"][data-status="launching"]', {
      timeout: 30000,
    });
    await app.waitFor('[data-testid="other-batch-row"][data-name="Made by hand"]', { timeout: 30000 });
    assert.deepEqual(await otherBatchNames(), ['Made by hand'], 'the part being finished is the campaign’s own');
    if (process.env.BATCHLINE_SHOTS) {
      writeFileSync(join(process.env.BATCHLINE_SHOTS, 'startup-interrupted.png'), await app.screenshot());
    }
  } finally {
    assert.ok(relay.releaseLookUps() > 0, 'the start-up was looking for part 1 while the page showed');
  }

  // Part 1 is found, not sent again; part 2 goes out; each once.
  await until('part 2 is sent', async () => (await batchesNamed('cut list')).length === 2);
  await app.waitFor('[data-testid="campaign-row"][data-name="cut list"]:not([data-status="launching"])', {
    timeout: 30000,
  });
  assert.deepEqual(await batchesNamed('cut list'), ['cut list (part 1 of 2)', 'cut list (part 2 of 2)']);
  await app.clickOn('a[href="#/new"]');
  await app.clickOn('a[href="#/campaigns"]');
  await app.waitFor('[data-testid="other-batch-row"][data-name="Made by hand"]', { timeout: 30000 });
  assert.deepEqual(await otherBatchNames(), ['Made by hand']);
});

test('a part Cartesia takes short is said in words', async () => {
  await prepareFile(app, writeFixture(app.dataDir, 'short list.csv', bigCsv(6000)));
  relay.shortenNextCreate(10);
  assert.match(await launchAndWait(app), /Campaign launched/);
  const said = /Cartesia accepted 4\D?990 of the 5\D?000 people in part 1; 10 were not scheduled and won’?'?t be called/;
  assert.match(await app.textOf('[data-testid="launch-short"]'), said);
  const [first, second] = await launchedParts(app);
  assert.match(first, /^Created, not for everyone/);
  assert.match(first, said);
  assert.match(second, /^Created\b(?!,)/);
  const batches = (await server.api('/agents/calls/batches?limit=100')).data.filter((b) => b.name.startsWith('short list'));
  assert.deepEqual(batches.map((b) => b.total_calls_scheduled).sort(), [1000, 4990]);

  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="status-line"]', { text: said, timeout: 30000 });
});

test('a short part whose answer was lost is recognised after a kill and restart, not sent again', async () => {
  const home = app.dataDir;
  await prepareFile(app, writeFixture(home, 'short lost.csv', bigCsv(6000)));
  relay.shortenNextCreate(7);
  await launchAndKillMidCreate('short lost');

  app = await openApp({ dataDir: home });
  await until('part 2 is sent', async () => (await batchesNamed('short lost')).length === 2, 60000);
  await app.clickOn('a[href="#/campaigns"]');
  await app.clickOn('[data-testid="campaign-row"][data-name="short lost"] a');
  await app.waitFor('[data-testid="status-line"]', {
    text: /Cartesia accepted 4\D?993 of the 5\D?000 people in part 1; 7 were not scheduled/,
    timeout: 30000,
  });
  // Long after the start-up's work: still each part once.
  await new Promise((done) => setTimeout(done, 3000));
  assert.deepEqual(await batchesNamed('short lost'), ['short lost (part 1 of 2)', 'short lost (part 2 of 2)']);
});

test('removing the key goes back to practice mode', async () => {
  await app.clickOn('a[href="#/settings"]');
  await app.clickOn('[data-testid="remove-key"]');
  await app.clickOn('[data-testid="remove-key-confirm"]');
  await app.waitFor('[data-testid="practice-banner"]');
  assert.match(await app.textOf('[data-testid="connection-state"]'), /Practice mode/);
});
