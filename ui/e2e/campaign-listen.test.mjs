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
import { openApp } from './webdriver.mjs';
import { writeFixture } from './fixtures.mjs';
import { connectTo, forgetKey, launchFile } from './flows.mjs';
import { SERVER_KEY, startServer } from './server.mjs';

const CSV = ['Phone,First Name', '(415) 555-0002,Nobody', ...Array.from({ length: 5 }, (_, i) => `(415) 555-02${i}0,Person ${i + 1}`)].join('\n');

let app;
let server;

before(async () => {
  server = await startServer({ speed: 400 });
  app = await openApp();
  await connectTo(app, server.url, SERVER_KEY);
  const file = writeFixture(app.dataDir, 'listened.csv', CSV);
  assert.match(await launchFile(app, file), /Campaign launched/);
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 90000 });
});

after(async () => {
  if (app) await forgetKey(app);
  await app?.end();
  await server?.stop();
});

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
