// Listening to calls and finding what was saved, in the real window against a fast
// Cartesia-compatible server on loopback: an answered call's recording is fetched by the
// backend and handed to the window as a WAV it plays from a blob: URL (the CSP allows media from
// blob: only); the call panel moves to the next and previous recipient without closing, by
// button and by key; after an export, "Show in folder" is offered, and the backend shows only
// files in the Downloads folder.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { writeFixture } from './fixtures.mjs';
import { followedCampaign, forgetKey, localDateTime, prepareFile } from './flows.mjs';

const CSV = ['Phone,First Name', '(415) 555-0002,Nobody', ...Array.from({ length: 5 }, (_, i) => `(415) 555-02${i}0,Person ${i + 1}`)].join('\n');

let app;
let server;
let close = async () => {};

before(async () => {
  ({ app, server, close } = await followedCampaign('listened', CSV));
});

after(() => close());

const openNumber = () => app.exec(`return document.querySelector('[data-testid="call-panel"] h2')?.innerText ?? '';`);
const press = (key, altKey = false) =>
  app.exec(`document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: '${key}', altKey: ${altKey}, bubbles: true }));`);

test('an answered call plays its recording, fetched by the backend', async () => {
  await app.clickInView('[data-testid="recipient-row"][data-status="answered"] td:nth-child(2)');
  await app.clickOn('[data-testid="call-listen"]');
  await app.waitFor('[data-testid="call-audio"]');
  // The window plays it: the element loads the WAV from its blob: URL (CSP media-src blob:).
  const audio = await app.execAsync(`
    const done = arguments[arguments.length - 1];
    const el = document.querySelector('[data-testid="call-audio"]');
    const report = () => done({ src: el.src.slice(0, 5), ready: el.readyState, duration: el.duration, error: el.error && el.error.code });
    if (el.readyState >= 1 || el.error) report();
    else {
      el.addEventListener('loadedmetadata', report, { once: true });
      el.addEventListener('error', report, { once: true });
      setTimeout(report, 5000);
    }
  `);
  assert.equal(audio.src, 'blob:', JSON.stringify(audio));
  assert.equal(audio.error, null, JSON.stringify(audio));
  assert.ok(audio.ready >= 1 && audio.duration > 0.4, `the recording loaded: ${JSON.stringify(audio)}`);
  if (process.env.BATCHLINE_SHOTS) {
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'campaign-call-recording.png'), await app.screenshot());
  }
});

test('the call panel moves to the next and previous recipient without closing', async () => {
  const first = await openNumber();
  await app.clickOn('[data-testid="call-next"]');
  await sleep(300);
  const second = await openNumber();
  assert.notEqual(second, first);
  assert.equal((await app.findAll('[data-testid="call-panel"]')).length, 1);
  await press('k');
  await sleep(300);
  assert.equal(await openNumber(), first, 'K goes back');
  await press('ArrowDown', true);
  await sleep(300);
  assert.equal(await openNumber(), second, 'Alt+Down goes on');
  // A recipient who never answered has no recording to offer.
  await app.clickOn('[data-testid="call-close"]');
  await app.clickInView('[data-testid="recipient-row"][data-number="+14155550002"] td:nth-child(2)');
  await app.waitFor('[data-testid="call-duration"]');
  assert.equal((await app.findAll('[data-testid="call-listen"]')).length, 0);
  assert.equal(await app.exec(`return !!document.querySelector('[data-testid="call-prev"]').disabled;`), true, 'the first recipient has none before');
  await app.clickOn('[data-testid="call-close"]');
});

test('after an export, Show in folder is offered; the backend shows only files it saved', async () => {
  await app.clickOn('[data-testid="export-button"]');
  await app.waitFor('[data-testid="saved-notice"]', { text: 'listened results' });
  await app.waitFor('[data-testid="show-in-folder"]');
  if (process.env.BATCHLINE_SHOTS) {
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'campaign-exported.png'), await app.screenshot());
  }
  const refused = await app.execAsync(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke('show_in_folder', { path: '/etc/passwd' }).then(() => done('shown'), (e) => done(e.message));
  `);
  assert.match(refused, /no longer in your Downloads folder/);
});

const listNames = (testid) =>
  app.exec(`return [...document.querySelectorAll('[data-testid="${testid}"]')].map((r) => r.dataset.name);`);

test('on the Campaigns list a campaign is renamed, archived, shown again, put back and deleted', async () => {
  await app.exec(`location.hash = '#/campaigns';`);
  await app.waitFor('[data-testid="campaign-row"][data-name="listened"]');
  assert.equal((await app.findAll('[data-testid="campaign-sort"]')).length, 1);

  // Rename: the list shows the new name.
  await app.clickOn('[data-testid="campaign-row"][data-name="listened"] [data-testid="campaign-manage"] summary');
  await app.clickOn('[data-testid="rename-campaign"]');
  await app.setValue('[data-testid="rename-input"]', 'Listened again');
  await app.clickOn('[data-testid="rename-confirm"]');
  await app.waitFor('[data-testid="campaign-row"][data-name="Listened again"]');
  assert.match(await app.textOf('[data-testid="campaigns-changed"]'), /In Cartesia its calls keep the name/);

  // Archive asks, saying nothing changes in Cartesia; then the campaign is off the list.
  await app.clickOn('[data-testid="campaign-row"][data-name="Listened again"] [data-testid="campaign-manage"] summary');
  await app.clickOn('[data-testid="archive-campaign"]');
  const question = await app.exec(`return [...document.querySelectorAll('dialog')].filter((d) => d.open).map((d) => d.innerText).join(' ');`);
  assert.match(question, /Nothing changes in Cartesia/);
  await app.clickOn('[data-testid="archive-confirm"]');
  await app.waitFor('[data-testid="show-archived"]');
  assert.deepEqual(await listNames('campaign-row'), []);

  // Show archived lists it apart; put back, it is on the list again.
  await app.clickOn('[data-testid="show-archived"]');
  await app.waitFor('[data-testid="archived-row"][data-name="Listened again"]');
  await app.clickOn('[data-testid="archived-row"] [data-testid="campaign-manage"] summary');
  await app.clickOn('[data-testid="unarchive-campaign"]');
  await app.waitFor('[data-testid="campaign-row"][data-name="Listened again"]');

  // Delete asks (danger), then the record is gone here while Cartesia keeps the batch.
  await app.clickOn('[data-testid="campaign-row"][data-name="Listened again"] [data-testid="campaign-manage"] summary');
  if (process.env.BATCHLINE_SHOTS) {
    await sleep(300);
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'campaigns-manage.png'), await app.screenshot());
  }
  await app.clickOn('[data-testid="delete-campaign"]');
  const del = await app.exec(`return [...document.querySelectorAll('dialog')].filter((d) => d.open).map((d) => d.innerText).join(' ');`);
  assert.match(del, /Nothing changes in Cartesia/);
  await app.clickOn('[data-testid="delete-confirm"]');
  await app.waitFor('[data-testid="other-batch-row"]', { timeout: 30000 });
  assert.deepEqual(await listNames('campaign-row'), []);
  const batches = await server.api('/agents/calls/batches?limit=100');
  assert.equal(batches.data.length, 1, 'the batch is still in the account');
  if (process.env.BATCHLINE_SHOTS) {
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'campaigns-after-delete.png'), await app.screenshot());
  }
});

test('the wizard keeps Back and Next in view, and Start over asks before discarding a draft', async () => {
  const many = ['Phone,First Name', ...Array.from({ length: 40 }, (_, i) => `(415) 555-03${String(i).padStart(2, '0')},Person ${i}`)];
  const file = writeFixture(app.dataDir, 'draft to keep.csv', many.join('\n'));
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await app.upload('[data-testid="file-input"]', file);
  await app.waitFor('[data-testid="preview-table"]', { timeout: 60000 });
  const inView = () =>
    app.exec(`const r = document.querySelector('[data-testid="next"]').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;`);
  await app.exec(`document.querySelector('main').scrollTop = 0;`);
  const long = await app.exec(`const m = document.querySelector('main'); return m.scrollHeight > m.clientHeight + 100;`);
  assert.equal(long, true, 'the step is longer than the window');
  assert.equal(await inView(), true, 'Next is on screen at the top of a long step');

  await app.clickOn('[data-testid="start-over"]');
  await app.waitFor('dialog[open] [data-testid="start-over-confirm"]');
  assert.match(await app.textOf('dialog[open]'), /draft to keep/);
  await app.exec(`[...document.querySelectorAll('dialog[open] button')].find((b) => b.textContent.trim() === 'Keep my draft').click();`);
  await sleep(300);
  assert.equal((await app.findAll('[data-testid="preview-table"]')).length, 1, 'keeping it keeps the draft');

  await app.clickOn('[data-testid="start-over"]');
  await app.clickOn('dialog[open] [data-testid="start-over-confirm"]');
  await app.waitFor('[data-testid="drop-zone"]');
});

test('the time zone is found by typing, common zones first, and the start reads with the month by name', async () => {
  const file = writeFixture(app.dataDir, 'zones.csv', 'Phone\n(415) 555-0400\n');
  await prepareFile(app, file, { start: localDateTime(3) });
  await app.clickOn('[data-testid="back"]');
  await app.waitFor('[data-testid="schedule-zone-search"]');
  const groups = await app.exec(`return [...document.querySelectorAll('#zone optgroup')].map((g) => g.label);`);
  assert.ok(groups.includes('Common') && groups.includes('All time zones'), String(groups));
  const firstCommon = await app.exec(`return document.querySelector('#zone optgroup[label="Common"] option').textContent;`);
  assert.equal(firstCommon, 'New York (America)');

  await app.setValue('[data-testid="schedule-zone-search"]', 'tokyo');
  await sleep(200);
  const offered = await app.exec(`return [...document.querySelectorAll('#zone option')].map((o) => o.textContent);`);
  assert.ok(offered.includes('Tokyo (Asia)'), String(offered));
  assert.ok(offered.length <= 4, `narrowed down: ${offered}`);
  await app.selectByText('[data-testid="schedule-zone"]', 'Tokyo (Asia)');
  const summary = await app.textOf('[data-testid="schedule-summary"]');
  assert.match(summary, /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/, summary);
  assert.match(summary, /GMT\+9|JST/, summary);
  if (process.env.BATCHLINE_SHOTS) {
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'wizard-schedule-zones.png'), await app.screenshot());
  }
  await app.clickOn('[data-testid="start-over"]');
  await app.clickOn('dialog[open] [data-testid="start-over-confirm"]');
  await app.waitFor('[data-testid="drop-zone"]');
});

test('practice mode says practice campaigns are cleared on close; Settings says where a key is found and why Connect waits', async () => {
  await forgetKey(app);
  // The key went without the UI: the window reads the connection afresh.
  await app.exec(`location.hash = '#/settings'; location.reload();`);
  await app.waitFor('.shell[data-ready="true"]', { timeout: 30000 });
  await app.waitFor('[data-testid="practice-banner"]');
  assert.match(await app.textOf('[data-testid="practice-banner"]'), /Practice campaigns are cleared when you close Batchline/);
  await app.waitFor('[data-testid="api-key"]');
  assert.match(await app.textOf('[data-testid="key-where"]'), /https:\/\/play\.cartesia\.ai\/keys/);
  assert.equal(await app.exec(`return document.querySelector('[data-testid="connect"]').disabled;`), true);
  assert.match(await app.textOf('[data-testid="connect-why"]'), /Paste your API key/);
  await app.type(await app.find('[data-testid="api-key"]'), 'sk_c');
  assert.match(await app.textOf('[data-testid="connect-why"]'), /too short/);
  await app.type(await app.find('[data-testid="api-key"]'), 'ar_long_enough_now');
  await sleep(200);
  assert.equal((await app.findAll('[data-testid="connect-why"]')).length, 0, 'nothing left to explain once it can be pressed');
  assert.equal(await app.exec(`return document.querySelector('[data-testid="connect"]').disabled;`), false);
  if (process.env.BATCHLINE_SHOTS) {
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'settings-key-where.png'), await app.screenshot());
  }
});
