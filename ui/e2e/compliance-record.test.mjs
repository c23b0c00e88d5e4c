// Consent and the compliance record, in the real window against a fast Cartesia-compatible
// server on loopback: with Settings' "Every campaign needs a consent column" on, a list whose
// consent is empty on some rows can't be launched and Confirm names those rows; a list with its
// consent column mapped in the Columns step launches without sending the consent to Cartesia;
// the campaign's compliance record is saved to Downloads (HTML and CSV) and read: who launched
// it (the computer's user name), the words ticked on Confirm, each number's consent and every
// call in the recipient's own time; the campaign's history reads in plain words; the saved page
// is opened in the window and read as a person sees it.
// With SCREENSHOTS_DIR set, the history section and the rendered record are saved there.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { writeFixture } from './fixtures.mjs';
import { acknowledge, closeConnected, connectedToServer, prepareFile, shotIfAsked } from './flows.mjs';

const MISSING = [
  'Phone,First Name,Consent',
  '(415) 555-0510,Ana,2026-11-02 web form',
  '(415) 555-0520,Bo,',
  '(212) 555-0530,Cy,  ',
  '(212) 555-0540,Di,2026-11-05 phone call',
].join('\n');

// 0002 is a number nobody answers on the practice line.
const CONSENTED = [
  'Phone,First Name,Consent',
  '(415) 555-0510,Ana,2026-11-02 web form',
  '(415) 555-0002,Bo,2026-11-03 phone call',
  '(212) 555-0530,Cy,2026-11-04 paper form <b>signed</b>',
].join('\n');

let app;
let server;
// "Open" hands the saved file to the desktop's opener (xdg-open on Linux): a stand-in first on the
// app's PATH notes what it was asked to open, so the test sees the click reach the desktop.
const opener = mkdtempSync(join(tmpdir(), 'batchline-opener-'));
const opened = join(opener, 'opened.log');
writeFileSync(join(opener, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${opened}'\n`);
chmodSync(join(opener, 'xdg-open'), 0o755);

before(async () => {
  // The computer's user name the record names.
  ({ app, server } = await connectedToServer({
    env: { USER: 'maria', USERNAME: 'maria', LOGNAME: 'maria', PATH: `${opener}:${process.env.PATH}` },
  }));
});

after(() => closeConnected({ app, server }));

const shot = (name, at) => shotIfAsked(app, name, at, ['light']);

/** A fresh wizard with `file` imported, its consent column chosen, walked to Confirm. */
async function toConfirm(file, columnsShot = null) {
  await prepareFile(app, file, {}, async () => {
    await app.select('[data-testid="consent-column"]', 'Consent');
    // Read again with the column kept for the record: it is no longer call data.
    await app.waitFor('[data-testid="consent-kept"]');
    if (columnsShot) await shot(columnsShot, '[data-testid="location-columns"]');
  });
}

test('with consent required, a list with empty consent rows is refused on Confirm, naming the rows', async () => {
  await app.clickOn('a[href="#/settings"]');
  await app.waitFor('[data-testid="consent-required"]');
  await app.clickInView('[data-testid="consent-required"]');
  await app.clickOn('[data-testid="save-settings"]');
  await app.waitFor('[data-testid="settings-saved"]');

  await toConfirm(writeFixture(app.dataDir, 'missing consent.csv', MISSING), 'wizard-2-columns-consent');
  const problem = await app.textOf('[data-testid="consent-problem"]').catch(async () =>
    app.text(await app.waitFor('[data-testid="consent-problem"]')),
  );
  assert.match(problem, /Rows 3 and 4 have no consent\./, problem);
  assert.match(problem, /Fill in the consent \(date and source\)/);
  // Ticking the box doesn't make it launchable; the footer says what to do.
  await app.clickInView('[data-testid="compliance"]');
  await sleep(300);
  const state = await app.exec(
    `return { disabled: document.querySelector('[data-testid="launch"]').disabled,
              hint: document.getElementById(document.querySelector('[data-testid="launch"]').getAttribute('aria-describedby'))?.textContent ?? '' };`,
  );
  assert.equal(state.disabled, true);
  assert.match(state.hint, /give every row its consent/);
  await shot('wizard-6-confirm-consent', '[data-testid="compliance"]');
});

let campaignPage;

test('a mapped consent column is kept, not sent; the launched campaign runs to the end', async () => {
  await toConfirm(writeFixture(app.dataDir, 'consented.csv', CONSENTED));
  assert.equal((await app.findAll('[data-testid="consent-problem"]')).length, 0, 'every row has consent');
  await acknowledge(app);
  await app.clickOn('[data-testid="launch"]');
  const result = await app.text(await app.waitFor('[data-testid="launch-result"]', { timeout: 60000 }));
  assert.match(result, /Campaign launched/);

  // Cartesia receives the name, never the consent.
  const { data } = await server.api('/agents/calls/batches?limit=100');
  // Two parts: San Francisco's and New York's recipients, each started in their own hours.
  const mine = data.filter((b) => b.name.startsWith('consented'));
  assert.equal(mine.length, 2, data.map((b) => b.name).join(', '));
  let sent = 0;
  for (const b of mine) {
    const full = await server.api(`/agents/calls/batches/${b.id}`);
    for (const r of full.recipients) {
      assert.deepEqual(Object.keys(r.metadata ?? {}), ['First Name'], JSON.stringify(r));
      sent += 1;
    }
  }
  assert.equal(sent, 3);

  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 90000 });
  campaignPage = true;
});

/** `HH:MM` of `utc` ("2026-12-08 20:01:02") in `zone`. */
function clockIn(utc, zone) {
  return new Date(`${utc.replace(' ', 'T')}Z`).toLocaleTimeString('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

test('the compliance record is saved as a page and a spreadsheet that say who, what and every call in local time', async () => {
  assert.ok(campaignPage, 'the campaign ran');
  await app.clickInView('[data-testid="save-record"]');
  const saved = await app.text(await app.waitFor('[data-testid="record-saved"]', { timeout: 60000 }));
  assert.match(saved, /consented compliance record\.html/);
  assert.match(saved, /consented compliance record\.csv/);
  // Saved where the person chose (the save window's answer, given by the test), not in Downloads.
  assert.match(saved, /Saved in the folder “Chosen”/);
  assert.ok(!existsSync(join(app.dataDir, 'Downloads', 'consented compliance record.html')));

  const html = readFileSync(join(app.dataDir, 'Chosen', 'consented compliance record.html'), 'utf8');
  assert.match(html, /<th>Launched by \(this computer&#39;s user\)<\/th><td>maria<\/td>/);
  assert.match(html, /I confirm these people agreed to be called and that this campaign follows the calling rules/);
  assert.match(html, /<th>Consent column<\/th><td>Consent<\/td>/);
  assert.match(html, /2026-11-02 web form/);
  // What the list said is shown, never run.
  assert.match(html, /paper form &lt;b&gt;signed&lt;\/b&gt;/);
  assert.doesNotMatch(html, /<b>signed/);
  assert.doesNotMatch(html, /<script/i);
  assert.match(html, /Mon–Sat, 09:00–20:00 in each recipient&#39;s local time/);
  assert.match(html, /America\/Los_Angeles/);
  assert.match(html, /America\/New_York/);
  assert.match(html, /No answer/);
  assert.match(html, /Launched by maria: 2 parts, 3 people/);

  const csv = readFileSync(join(app.dataDir, 'Chosen', 'consented compliance record.csv'), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(
    lines[0],
    'Section,What,Phone number,Spreadsheet row,Consent,Time zone,When (recipient\'s time),When (UTC),Detail',
  );
  assert.ok(lines.includes("Campaign,Launched by (this computer's user),,,,,,,maria"), csv);
  const calls = lines.filter((l) => l.startsWith('Call,'));
  assert.equal(calls.length, 3, csv);
  // Each call's time in the recipient's own zone is the same moment as its UTC time.
  for (const [number, row, zone] of [
    ['+14155550510', '2', 'America/Los_Angeles'],
    ['+12125550530', '4', 'America/New_York'],
  ]) {
    const line = calls.find((l) => l.includes(`,${number},`));
    assert.ok(line, `${number} in\n${csv}`);
    const m = line.match(/,(\d+),([^,]*),([^,]+),\w{3} \d+ \w{3} \d{4} (\d\d:\d\d):\d\d [A-Z]{3},(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),/);
    assert.ok(m, line);
    assert.equal(m[1], row);
    assert.equal(m[3], zone);
    assert.equal(m[4], clockIn(m[5], zone), line);
  }
  // Nobody answered: Cartesia gives no time for a call that didn't connect, and the record says so.
  assert.match(
    calls.find((l) => l.includes('+14155550002')),
    /,\+14155550002,3,2026-11-03 phone call,America\/Los_Angeles,no time: the call didn't connect,,No answer \(Nobody answered\)/,
  );
  // Open and Open the spreadsheet give the saved files to the desktop's own app.
  await app.clickInView('[data-testid="open-record"]');
  await app.clickInView('[data-testid="open-record-csv"]');
  const chosen = join(app.dataDir, 'Chosen');
  let asked = [];
  for (let i = 0; i < 50 && asked.length < 2; i++) {
    await sleep(100);
    asked = existsSync(opened) ? readFileSync(opened, 'utf8').split('\n').filter(Boolean) : [];
  }
  // Each click starts the opener on its own, so the two may note their files in either order.
  assert.deepEqual(asked.sort(), [
    join(chosen, 'consented compliance record.csv'),
    join(chosen, 'consented compliance record.html'),
  ]);
  assert.equal((await app.findAll('[data-testid="record-problem"]')).length, 0);
});

test('the campaign page shows its history in plain words, newest first', async () => {
  await app.exec(`document.querySelector('[data-testid="history"]').open = true;`);
  const lines = await app.exec(
    `return [...document.querySelectorAll('[data-testid="history-lines"] li')].map((li) => li.innerText.trim());`,
  );
  assert.ok(lines.length >= 2, lines.join('\n'));
  const launched = lines.findIndex((l) => /— Launched by maria: 2 parts, 3 people$/.test(l));
  const setUp = lines.findIndex((l) => /— Set up from “consented\.csv”: 3 people in 2 parts$/.test(l));
  assert.ok(launched >= 0 && setUp > launched, `newest first:\n${lines.join('\n')}`);
  // Saving the record is part of the history too, newest first.
  assert.match(lines[0], /— Compliance record saved as consented compliance record\.html and consented compliance record\.csv$/);
  assert.match(lines[launched], /^\w{3} \d{1,2} \w{3} \d{4} \d\d:\d\d /);
  for (const l of lines) assert.doesNotMatch(l, /[{}]|_|batch/i, l);
  await shot('compliance-history', '[data-testid="campaign-record"]');
});

test('the saved record opens as a printable page that reads as it should', async () => {
  const file = join(app.dataDir, 'Chosen', 'consented compliance record.html');
  // The record is a file of its own: open it in the window as a browser would show it.
  await app.cmd('POST', '/url', { url: `file://${file}` });
  await app.waitFor('h1', { text: 'Compliance record: consented' });
  const text = await app.exec('return document.body.innerText;');
  assert.match(text, /Launched by \(this computer's user\)\s+maria/);
  assert.match(text, /paper form <b>signed<\/b>/, 'shown as written');
  assert.equal(await app.exec('return document.scripts.length;'), 0);
  await app.setWindowRect({ width: 1280, height: 800 });
  // The whole page in one picture: the campaign, the rules, every call and the history.
  await app.exec(`document.body.style.zoom = '0.7';`);
  await shot('compliance-record');
});
