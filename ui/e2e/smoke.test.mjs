// Smoke test of the real app window: it starts, the home screen shows, and a command
// round-trips through IPC (the connection state in the sidebar comes from the backend).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';

let app;

before(async () => {
  app = await openApp();
});

after(async () => {
  await app?.end();
});

test('the home screen shows campaigns in practice mode', async () => {
  assert.equal(await app.textOf('h1'), 'Campaigns');
  assert.match(await app.textOf('[data-testid="practice-banner"]'), /Practice mode — no real calls are made/);
  assert.match(await app.textOf('[data-testid="campaigns-empty"]'), /No campaigns yet/);
  assert.equal(await app.exec('return document.title'), 'Batchline');
});

test('app_info round-trips through IPC and reaches the screen', async () => {
  // The connection badge and the version are filled only from the backend's answer.
  assert.match(await app.textOf('[data-testid="connection-state"]'), /Practice mode/);
  await app.clickOn('a[href="#/settings"]');
  await app.waitFor('h1', { text: 'Settings' });
  const version = await app.textOf('[data-testid="about-version"]');
  assert.match(version, /^Batchline \d+\.\d+\.\d+/);
  assert.doesNotMatch(version, /browser/, 'the browser stand-in must not be used inside the app');
});

test('Settings opens the log folder, where the log tells of the start (and holds no key)', async () => {
  await app.clickOn('a[href="#/settings"]');
  await app.waitFor('[data-testid="open-log-folder"]', { text: 'Open log folder' });
  await app.clickOn('[data-testid="open-log-folder"]');
  // The OS log folder of a development build (XDG_DATA_HOME is the test's own folder).
  const folder = join(app.dataDir, 'data', 'app.batchline.desktop.dev', 'logs');
  // A desktop without a file manager gets a plain error naming the folder, nothing else.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const error = await app.exec(
    `return document.querySelector('[data-testid="log-folder-error"]')?.textContent ?? ''`,
  );
  if (error) assert.match(error, /open that folder yourself/);
  if (error) assert.ok(error.includes(folder), error);
  const log = readFileSync(join(folder, 'batchline.log'), 'utf8');
  assert.match(log, /INFO .*Batchline \d+\.\d+\.\d+ \(development build\) started/);
  assert.match(log, /the window is up/);
  assert.doesNotMatch(log, /sk_(car|practice)_/, 'no key in the log');
});

test('the page has no global Tauri object and no way to run arbitrary commands', async () => {
  assert.equal(await app.exec('return typeof window.__TAURI__'), 'undefined');
  const refused = await app.execAsync(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke('plugin:shell|execute', {}).then(
      () => done('allowed'),
      (e) => done(String(e)));
  `);
  assert.notEqual(refused, 'allowed');
});
