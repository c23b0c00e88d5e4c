// Smoke test of the real app window: it starts, the home screen shows, and a command
// round-trips through IPC (the connection state in the sidebar comes from the backend).

import assert from 'node:assert/strict';
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
