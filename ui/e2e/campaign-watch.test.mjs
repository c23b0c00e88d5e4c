// Watching and steering campaigns in the real window, against a fast Cartesia-compatible
// server on loopback: progress reaches the end by itself, the charts have data, the recipients
// table filters and searches, a call shows its transcript, Retry re-dials exactly the failed
// recipients, Cancel stops queued calls while calls in progress finish, the exported CSV has the
// original columns and the results, and batches made elsewhere are listed. What the app did is
// checked on the server itself. Retry and Cancel ask first, with the numbers of the moment; their
// messages go when they stop being true; a cancelled campaign's charts keep every recipient; and
// every count reads 1,200 — in the backend's sentences and the window's own figures alike, though
// this machine's locale is C.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';
import { bigCsv, writeFixture } from './fixtures.mjs';
import { connectTo, forgetKey, launchedParts, launchFile } from './flows.mjs';
import { SERVER_KEY, startServer } from './server.mjs';
import { watchNotifications } from './notifications.mjs';

const WATCHED_CSV = [
  'Phone,First Name,Note',
  '(415) 555-0001,Busy,=1+2',
  '(415) 555-0002,Nobody,',
  '(415) 555-0003,Broken,',
  ...Array.from({ length: 9 }, (_, i) => `(415) 555-01${String(i).padStart(2, '0')},Person ${i + 1},"Hello, ${i + 1}"`),
].join('\n');

let app;
let server;
let notifications;

before(async () => {
  notifications = await watchNotifications();
  server = await startServer({ speed: 400 });
  app = await openApp();
  await connectTo(app, server.url, SERVER_KEY);
});

after(async () => {
  if (app) await forgetKey(app);
  await app?.end();
  await server?.stop();
  notifications?.stop();
});

const num = async (css) => Number((await app.textOf(css)).replace(/\D/g, ''));

/** Waits until nothing matches `css`. */
async function waitGone(css, timeout = 30000) {
  const end = Date.now() + timeout;
  while ((await app.findAll(css)).length > 0) {
    if (Date.now() > end) throw new Error(`${css} is still shown: "${await app.textOf(css)}"`);
    await sleep(200);
  }
}

async function rowsShown() {
  return app.exec(`return [...document.querySelectorAll('[data-testid="recipient-row"]')].map((r) =>
    ({ number: r.dataset.number, status: r.dataset.status }));`);
}

async function batchNamed(name) {
  const list = await server.api('/agents/calls/batches?limit=100');
  const batch = list.data.find((b) => b.name === name);
  assert.ok(batch, `no batch named ${name}: ${list.data.map((b) => b.name)}`);
  return batch;
}

async function attemptsByNumber(batchId) {
  const calls = [];
  let after = '';
  for (;;) {
    const page = await server.api(`/agents/calls?batch_id=${batchId}&limit=100${after}`);
    calls.push(...page.data);
    if (!page.has_more) break;
    after = `&starting_after=${page.data[page.data.length - 1].id}`;
  }
  const by = {};
  for (const c of calls) by[c.telephony_params.to] = (by[c.telephony_params.to] ?? 0) + 1;
  return by;
}

test('a launched campaign moves to done without anyone touching it', async () => {
  const file = writeFixture(app.dataDir, 'watched.csv', WATCHED_CSV);
  assert.match(await launchFile(app, file), /Campaign launched/);
  // A campaign in one part is the campaign, not "part 1 of 1".
  const parts = await launchedParts(app);
  assert.equal(parts.length, 1);
  assert.match(parts[0], /The campaign · 12 recipients/);
  assert.doesNotMatch(parts[0], /1 of 1/);
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="campaign-status"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 90000 });
  assert.equal(await num('[data-testid="progress-total"]'), 12);
  // Done: the tiles tell the answer rate and how the calls ended, all 12 of them.
  await app.waitFor('[data-testid="progress-answer-rate"]', { text: / %$/ });
  const ended = await app.exec(`return [...document.querySelectorAll('[data-testid^="progress-outcome-"]')]
    .reduce((sum, el) => sum + Number(el.textContent.replace(/,/g, '')), 0);`);
  assert.equal(ended, 12);
});

test('the desktop is told when the campaign finishes, once, in words', async () => {
  const [sent] = await notifications.waitFor('Campaign finished', /“watched” has finished/);
  const words = sent.body.match(/^“watched” has finished: (\d+) answered, (\d+) not answered \(you can retry them\)\.$/);
  assert.ok(words, sent.body);
  // 0001, 0002 and 0003 always fail on this server; the rest may or may not answer.
  assert.equal(Number(words[1]) + Number(words[2]), 12, sent.body);
  assert.ok(Number(words[2]) >= 3, sent.body);
  await sleep(2000);
  assert.equal(notifications.list().length, 1, 'announced once');
});

test('the charts are drawn with data', async () => {
  for (const chart of ['chart-timeline', 'chart-outcomes', 'chart-quarter']) {
    const el = await app.waitFor(`[data-testid="${chart}"]`);
    const points = Number(await app.attribute(el, 'data-points'));
    assert.ok(points >= 1, `${chart} has ${points} points`);
  }
  const timeline = await app.find('[data-testid="chart-timeline"]');
  assert.ok(Number(await app.attribute(timeline, 'data-points')) >= 2, 'progress over time has a history');
});

test('the recipients table searches by number and filters by status', async () => {
  await app.waitFor('[data-testid="recipient-row"]');
  assert.equal((await rowsShown()).length, 12);
  await app.setValue('[data-testid="recipient-search"]', '4155550001');
  await app.waitFor('[data-testid="recipients-count"]', { text: /^Showing 1 of 12/ });
  assert.deepEqual((await rowsShown()).map((r) => r.number), ['+14155550001']);
  await app.setValue('[data-testid="recipient-search"]', 'person 3');
  await app.waitFor('[data-testid="recipients-count"]', { text: /^Showing 1 of 12/ });
  await app.setValue('[data-testid="recipient-search"]', '');
  // One Status column and one filter, in the outcome words: busy is busy, not a failure.
  for (const [word, state, number] of [
    ['Busy', 'busy', '+14155550001'],
    ['No answer', 'noAnswer', '+14155550002'],
    ["Couldn't connect", 'couldntConnect', '+14155550003'],
  ]) {
    await app.selectByText('[data-testid="recipient-status-filter"]', word);
    const shown = await rowsShown();
    assert.ok(shown.length >= 1 && shown.every((r) => r.status === state), JSON.stringify(shown));
    assert.ok(shown.some((r) => r.number === number), `${number} is ${word}`);
    const cell = await app.exec(
      `return document.querySelector('[data-testid="recipient-row"][data-number="${number}"] td:nth-child(3)').innerText.trim();`,
    );
    assert.equal(cell, word);
  }
  assert.doesNotMatch(await app.textOf('[data-testid="recipients-table"]'), /Failed|How it ended/);
  await app.selectByText('[data-testid="recipient-status-filter"]', 'All');
});

test('a call opens with its transcript, and the panel closes with Escape', async () => {
  await app.clickInView('[data-testid="recipient-row"][data-status="answered"] td:nth-child(2)');
  const panel = await app.waitFor('[data-testid="call-transcript"]');
  assert.ok((await app.text(panel)).length > 20, 'the transcript has turns');
  assert.match(await app.textOf('[data-testid="call-duration"]'), /\d/);
  await app.exec(`document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));`);
  await sleep(300);
  assert.equal((await app.findAll('[data-testid="call-panel"]')).length, 0);
});

test('an unanswered call has no conversation to time', async () => {
  // 0002 never answers on this server.
  await app.clickInView('[data-testid="recipient-row"][data-number="+14155550002"] td:nth-child(2)');
  const duration = await app.waitFor('[data-testid="call-duration"]');
  assert.equal(await app.text(duration), 'No conversation');
  await app.clickOn('[data-testid="call-close"]');
});

test('Retry failed asks first, then re-dials exactly the failed recipients', async () => {
  const NOT_ANSWERED = ['voicemail', 'noAnswer', 'busy', 'couldntConnect'];
  const failedBefore = (await rowsShown()).filter((r) => NOT_ANSWERED.includes(r.status)).map((r) => r.number).sort();
  const batch = await batchNamed('watched');
  const before = await attemptsByNumber(batch.id);
  const button = await app.waitFor('[data-testid="retry-button"]');
  assert.match(await app.text(button), new RegExp(String(failedBefore.length)));
  await app.click(button);
  // Nobody is called yet: the question names how many, in the right plural.
  const question = await app.waitFor('dialog[open]', { text: 'Call them again' });
  const n = failedBefore.length;
  assert.match(
    await app.text(question),
    new RegExp(`Call the ${n} ${n === 1 ? 'recipient whose call wasn’t' : 'recipients whose calls weren’t'} answered again\\?`),
  );
  assert.match(await app.text(question), /Keep as is/);
  await sleep(1000);
  assert.deepEqual(await attemptsByNumber(batch.id), before, 'nobody is called before the answer');
  await app.clickOn('[data-testid="retry-confirm"]');
  const said = await app.waitFor('[data-testid="action-message"]', { text: 'will be called again' });
  assert.match(await app.text(said), new RegExp(`^${n} recipients? will be called again`));
  await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 90000 });
  // They were called: "will be called again" is no longer said.
  await waitGone('[data-testid="action-message"]');
  const afterRetry = await attemptsByNumber(batch.id);
  const redialed = Object.keys(afterRetry).filter((n) => afterRetry[n] > (before[n] ?? 0)).sort();
  // Numbers that failed before dialing have no call record; every other failed one was called again.
  const dialable = failedBefore.filter((n) => n !== '+14155550003');
  assert.deepEqual(redialed, dialable.filter((n) => before[n] !== undefined).sort());
  assert.ok(redialed.includes('+14155550001') && redialed.includes('+14155550002'));
  assert.equal((await server.api(`/agents/calls/batches/${batch.id}`)).retry_count, 1);
  assert.match(await app.textOf('[data-testid="retry-count"]'), /Retried 1 time/);
  // The retried campaign's new finish is announced too.
  const finishes = await notifications.waitFor('Campaign finished', /“watched” has finished/, { count: 2 });
  assert.equal(finishes.length, 2, JSON.stringify(finishes));
});

test('the results export has the original columns, the results, and no live formulas', async () => {
  await app.clickOn('[data-testid="export-button"]');
  const notice = await app.waitFor('[data-testid="saved-notice"]', { text: 'results' });
  assert.match(await app.text(notice), /Downloads/);
  const file = join(app.dataDir, 'Downloads', 'watched results.csv');
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r?\n/);
  assert.equal(lines.length, 1 + 12, text);
  const header = lines[0].split(',');
  for (const column of ['Phone number', 'First Name', 'Note', 'Status', 'How it ended', 'Call ID', 'Started (UTC)', 'Duration (seconds)', 'Error', 'Retry count']) {
    assert.ok(header.some((h) => h.replace(/"/g, '') === column), `${column} in ${header}`);
  }
  const busy = lines.find((l) => l.includes('Busy'));
  assert.match(busy, /'=1\+2/, 'a formula is neutralized');
  // The table's one word, then why: busy is busy, not a failure.
  assert.match(busy, /,Busy,The line was busy,/);
  assert.match(text, /Hello, 3/);
});

test('Duplicate makes a new draft with the same recipients and setup', async () => {
  await app.clickOn('[data-testid="duplicate-button"]');
  await app.waitFor('h1', { text: 'New campaign' });
  await app.waitFor('[data-testid="campaign-name"]');
  assert.equal(await app.exec('return document.querySelector(\'[data-testid="campaign-name"]\').value'), 'watched (copy)');
  await app.clickOn('[data-testid="step-review"]');
  await app.waitFor('[data-testid="review-counts"]');
  assert.equal(await num('[data-testid="count-ready"] .n'), 12);
  await app.clickOn('[data-testid="step-columns"]');
  const preview = await app.textOf('[data-testid="preview-table"]');
  assert.match(preview, /Hello, 3/, 'the call data came along');
});

test('Cancel stops queued calls while calls in progress finish', async () => {
  const file = writeFixture(app.dataDir, 'long list.csv', bigCsv(1200));
  assert.match(await launchFile(app, file, { concurrency: 1 }), /Campaign launched/);
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="dialing"]', { timeout: 30000 });
  await app.clickOn('[data-testid="cancel-button"]');
  // The question is asked with the numbers read just now, in the right plurals.
  const question = await app.text(await app.waitFor('dialog[open]', { text: 'Cancel the campaign' }));
  const waiting = question.match(/The ([\d,]+) recipients? still waiting won’t be called\./);
  assert.ok(waiting, question);
  assert.match(question, /The 1 call in progress finishes normally\.|A call that has already started finishes normally\./);
  assert.doesNotMatch(question, /\b1 calls\b|\b1 recipients\b/);
  await app.clickOn('[data-testid="cancel-confirm"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="cancelled"]', { timeout: 30000 });
  // One call at a time: the calling hours spread the long list over several days, so it goes
  // out in parts; part 1 is the one dialing.
  const { data } = await server.api('/agents/calls/batches?limit=100');
  const part1 = data.find((b) => /^long list \(part 1 of \d+\)$/.test(b.name));
  const batch = await batchNamed(part1?.name ?? 'long list');
  const first = await server.api(`/agents/calls/batches/${batch.id}`);
  assert.equal(first.status, 'cancelled');
  const stopped = first.total_calls_scheduled - first.total_calls_dispatched;
  // Fewer may wait by the time of the click, never more than the question said.
  assert.ok(stopped <= Number(waiting[1].replace(/,/g, '')), `${stopped} stopped, question said ${waiting[1]}`);
  const message = await app.textOf('[data-testid="action-message"]');
  assert.match(message, /^Cancelled: [\d,]+ recipients won’t be called\.$|^Cancelled: [\d,]+ recipients won't be called\.$/);
  await sleep(2000);
  const later = await server.api(`/agents/calls/batches/${batch.id}`);
  assert.equal(later.total_calls_dispatched, first.total_calls_dispatched, 'nothing dialed after cancelling');
  assert.ok(later.total_calls_dispatched < 1200, 'queued calls were not made');
  assert.equal(later.total_calls_finished, later.total_calls_dispatched, 'calls in progress finished');
  assert.ok(later.recipients.some((r) => r.status === 'cancelled'));
  const retry = await app.waitFor('[data-testid="retry-button"]');
  assert.equal(await app.attribute(retry, 'disabled'), 'true', 'a cancelled campaign cannot be retried');

  // Once the call under way has ended, nothing on the page still says one is.
  // …and the tiles tell how the calls ended instead of zero "calling now".
  await app.waitFor('[data-testid="progress-answer-rate"]', { timeout: 30000 });
  assert.equal(await app.exec('return !!document.querySelector(arguments[0]);', ['[data-testid="progress-in-flight"]']), false);
  const line = await app.waitFor('[data-testid="status-line"]', { text: /answered/ });
  assert.doesNotMatch(await app.text(line), /under way/);
  assert.doesNotMatch(await app.textOf('[data-testid="campaign-page"]'), /under way will finish/);

  // Every count grouped the same way, though this machine's locale is C: the backend's
  // sentence and the window's own figures.
  // Counted over every part: the parts planned for later days were cancelled whole.
  const allParts = await Promise.all(
    data.filter((b) => b.name.startsWith('long list')).map((b) => server.api(`/agents/calls/batches/${b.id}`)),
  );
  const cancelled = allParts.flatMap((p) => p.recipients).filter((r) => r.status === 'cancelled').length;
  const grouped = cancelled.toLocaleString('en-US');
  assert.ok(cancelled >= 1000, `${cancelled} cancelled`);
  assert.match(await app.text(line), new RegExp(`^Cancelled: ${grouped} not dialed\\.`));
  assert.equal(await app.textOf('[data-testid="progress-total"]'), '1,200');
  assert.match(await app.textOf('[data-testid="campaign-page"]'), new RegExp(`${grouped} not dialed`));
  assert.equal(await app.textOf('[data-testid="progress-outcome-notDialed"]'), grouped);

  // The charts keep every recipient: the cancelled are a series of their own, and among how calls ended.
  const timeline = await app.waitFor('[data-testid="chart-timeline"]');
  const series = (await app.attribute(timeline, 'data-series')).split('|');
  assert.deepEqual(series, ['Answered', 'Not answered', 'Not dialed', 'Calling now', 'Waiting'].filter((s) => series.includes(s)));
  assert.ok(series.includes('Not dialed'), series.join(', '));
  const outcomes = (await app.attribute(await app.find('[data-testid="chart-outcomes"]'), 'data-series')).split('|');
  assert.ok(outcomes.includes('Not dialed'), outcomes.join(', '));
  if (process.env.BATCHLINE_SHOTS) {
    // The charts with their titles, under the progress figures.
    await app.exec(`document.querySelector('[data-testid="chart-timeline"]').closest('figure').scrollIntoView({ block: 'start' });
      document.querySelector('main.content').scrollBy(0, -16);`);
    await sleep(800);
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'campaign-cancelled.png'), await app.screenshot());
  }
});

test('batches made outside Batchline are listed and open the same way', async () => {
  const numbers = await server.api('/agents/phone-numbers?limit=100');
  const agents = await server.api('/agents');
  const from = numbers.data[0];
  await server.api('/agents/calls/batches', {
    method: 'POST',
    body: {
      name: 'Made elsewhere',
      agent_id: from.agent?.id ?? agents.summaries[0].id,
      from_number_id: from.id,
      recipients: [{ to_number: '+14155550150' }, { to_number: '+14155550151' }],
    },
  });
  await app.clickOn('a[href="#/campaigns"]');
  await app.waitFor('[data-testid="other-batch-row"][data-name="Made elsewhere"]', { timeout: 30000 });
  const listed = await app.exec(
    `return [...document.querySelectorAll('[data-testid="other-batch-row"]')].map((r) => r.dataset.name);`,
  );
  assert.deepEqual(listed, ['Made elsewhere'], "Batchline's own campaigns are not listed as other batches");
  await app.clickOn('[data-testid="other-batch-row"][data-name="Made elsewhere"] a');
  await app.waitFor('[data-testid="campaign-page"]', { text: 'Made elsewhere' });
  await app.waitFor('[data-testid="recipient-row"]');
  assert.equal((await rowsShown()).length, 2);
});

test('a key that stops working is announced on the desktop and on the campaign page', async () => {
  const file = writeFixture(app.dataDir, 'long again.csv', bigCsv(300));
  assert.match(await launchFile(app, file, { concurrency: 1 }), /Campaign launched/);
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="dialing"]', { timeout: 30000 });
  // The account's key is revoked: the same address now answers only to another key.
  const port = new URL(server.url).port;
  await server.stop();
  server = await startServer({ speed: 400, port, apiKey: 'sk_sandbox_other', seed: 2 });
  await notifications.waitFor('A campaign needs your attention', /key/i, { timeout: 30000 });
  const banner = await app.waitFor('[data-testid="key-refused"]', { timeout: 30000 });
  assert.match(await app.text(banner), /Connect again in Settings/);
  // Every other screen says it too, with the way out.
  await app.clickOn('a[href="#/campaigns"]');
  const trouble = await app.waitFor('[data-testid="key-trouble"]');
  assert.match(await app.text(trouble), /saved API key/);
  await app.clickOn('[data-testid="open-settings"]');
  await app.waitFor('h1', { text: 'Settings' });
});
