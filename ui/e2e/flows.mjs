// Steps of the New campaign wizard that several end-to-end tests walk through.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setTheme } from './axe.mjs';
import { writeFixture } from './fixtures.mjs';
import { SERVER_KEY, startServer } from './server.mjs';
import { E2E_NOW, openApp } from './webdriver.mjs';

/**
 * `YYYY-MM-DDTHH:MM` in this computer's zone, `days` from now at `hour`:00: ahead from the app's
 * clock (E2E_NOW, perhaps a few days ahead of this computer's), back from this computer's, so a
 * start ahead is ahead for both and one passed is passed for both.
 */
export function localDateTime(days, hour = 10) {
  const from = days >= 0 ? Date.parse(E2E_NOW) : Date.now();
  const d = new Date(from + days * 24 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(hour)}:00`;
}

/** From the Review step to Confirm: picks the agent and number, and the start. */
export async function setUpAndSchedule(
  app,
  { agent = 'Appointment reminder', number = 'Front desk', start = 'now', concurrency = null } = {},
) {
  await app.waitFor('[data-testid="review-counts"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await app.selectByText('[data-testid="agent"]', agent);
  await app.selectByText('[data-testid="from-number"]', number);
  if (concurrency !== null) await app.setValue('[data-testid="concurrency"]', String(concurrency));
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="start-now"]');
  if (start === 'now') {
    await app.clickOn('[data-testid="start-now"]');
  } else {
    await app.clickOn('[data-testid="start-later"]');
    await app.setValue('[data-testid="schedule-time"]', start);
    await app.waitFor('[data-testid="schedule-summary"]');
  }
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="compliance"]');
}

/** On Confirm: ticks the acknowledgement, launches, and waits for the outcome. */
/**
 * Ticks the consent box on Confirm (scrolled clear of the sticky footer first: a long plan puts it
 * below it) and waits until Launch can be pressed. The box is clicked only while it is unticked — a
 * click on a ticked box would untick it — and again if a re-render dropped the first click.
 */
export async function acknowledge(app) {
  await app.waitFor('[data-testid="compliance"]');
  for (let i = 0; i < 100; i += 1) {
    const ready = await app.exec(
      `const box = document.querySelector('[data-testid="compliance"]');
       const launch = document.querySelector('[data-testid="launch"]');
       return { ticked: !!box && box.checked, enabled: !!launch && !launch.disabled };`,
    );
    if (ready.ticked && ready.enabled) return;
    // Confirm's estimate and plan arrive over IPC and may move the box between the scroll and the
    // click ("element click intercepted"): try again on the next turn.
    if (!ready.ticked) await app.clickInView('[data-testid="compliance"]').catch(() => {});
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('the consent box could not be ticked, or Launch stayed disabled');
}

export async function launchAndWait(app) {
  await acknowledge(app);
  await app.clickOn('[data-testid="launch"]');
  const result = await app.waitFor('[data-testid="launch-result"]', { timeout: 60000 });
  return app.text(result);
}

/** Every part's line in the launch progress list. */
export async function launchedParts(app) {
  const lines = await app.exec(
    `return [...document.querySelectorAll('[data-testid="launch-parts"] li')].map((li) => li.innerText.trim());`,
  );
  assert.ok(Array.isArray(lines));
  return lines;
}

/** Opens Settings' Advanced section once it is on screen (it comes with the loaded settings). */
export async function openAdvanced(app) {
  await app.waitFor('[data-testid="base-url"]');
  await app.exec(`document.querySelector('details:has([data-testid="base-url"])').open = true;`);
}

/** Points Settings at `url` and connects with `key` (for a loopback stand-in for Cartesia). */
export async function connectTo(app, url, key) {
  await app.clickOn('a[href="#/settings"]');
  await app.waitFor('[data-testid="connection-card"]');
  await openAdvanced(app);
  await app.setValue('[data-testid="base-url"]', url);
  await app.clickOn('[data-testid="save-settings"]');
  await app.waitFor('[data-testid="settings-saved"]');
  await app.type(await app.find('[data-testid="api-key"]'), key);
  await app.clickOn('[data-testid="connect"]');
  await app.waitFor('[data-testid="connected-text"]');
}

/** Removes the saved key without the UI, so the next test file starts in practice mode. */
export async function forgetKey(app) {
  try {
    await app.execAsync(`const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke('remove_key').then(() => done(), () => done());`);
  } catch {
    // the window may be gone
  }
}

/**
 * Saves the window as `name.png` (and `name-dark.png` with the dark theme) in SCREENSHOTS_DIR when
 * it is set, scrolled so that `at` (a selector) is at the top, else to the top.
 */
export async function shotIfAsked(app, name, at = null, themes = ['light', 'dark']) {
  const dir = process.env.SCREENSHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await app.exec(
    `document.activeElement?.blur();
     const at = arguments[0] ? document.querySelector(arguments[0]) : null;
     if (at) at.scrollIntoView({ block: 'start' });
     else { window.scrollTo(0, 0); document.querySelector('main')?.scrollTo(0, 0); }`,
    [at ?? ''],
  );
  for (const theme of themes) {
    await setTheme(app, theme);
    await sleep(400); // a capture right after a DOM change can show the old frame
    writeFileSync(join(dir, `${name}${theme === 'dark' ? '-dark' : ''}.png`), await app.screenshot());
  }
  if (themes.includes('dark')) await setTheme(app, 'light');
}

/**
 * Imports `file` in a fresh wizard and walks it to Confirm, starting now unless `setup` says;
 * `columns(app)`, when given, makes its choices on the Columns step first.
 */
export async function prepareFile(app, file, setup = {}, columns = null) {
  await importFile(app, file);
  if (columns) await columns(app);
  await app.clickOn('[data-testid="next"]');
  await setUpAndSchedule(app, { start: 'now', ...setup });
}

/** Imports `file` in a fresh wizard (a draft left before is discarded) and waits at the Columns step. */
export async function importFile(app, file) {
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="step-recipients"]');
  if ((await app.findAll('[data-testid="start-over"]')).length > 0) {
    await app.clickOn('[data-testid="start-over"]');
    // A draft is discarded only once confirmed (after a launch there is no draft to ask about).
    const asked = await app.exec(`return !!document.querySelector('dialog[open] [data-testid="start-over-confirm"]');`);
    if (asked) await app.clickOn('[data-testid="start-over-confirm"]');
  }
  await app.waitFor('[data-testid="drop-zone"]');
  await app.upload('[data-testid="file-input"]', file);
  await app.waitFor('[data-testid="preview-table"]', { timeout: 60000 });
}

/** Imports `file` in a fresh wizard and walks it to a launch starting now. */
export async function launchFile(app, file, setup = {}) {
  await prepareFile(app, file, setup);
  return launchAndWait(app);
}

/**
 * A window connected to a fast loopback stand-in for Cartesia, in which `csv` was launched as
 * `name` and followed until done, its page open. `close()` removes the key and ends both.
 */
export async function followedCampaign(name, csv, { speed = 400 } = {}) {
  const server = await startServer({ speed });
  let app = null;
  const close = async () => {
    if (app) await forgetKey(app);
    await app?.end();
    await server.stop();
  };
  try {
    app = await openApp();
    await connectTo(app, server.url, SERVER_KEY);
    assert.match(await launchFile(app, writeFixture(app.dataDir, `${name}.csv`, csv)), /Campaign launched/);
    await app.clickOn('[data-testid="open-campaign"]');
    await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 90000 });
  } catch (error) {
    await close();
    throw error;
  }
  return { app, server, close };
}

/**
 * A fast Cartesia-compatible server and the app connected to it, for a test file's `before`
 * (`env`: the app's extra environment). `closeConnected` ends both, for its `after`.
 */
export async function connectedToServer({ env } = {}) {
  const server = await startServer({ speed: 400 });
  try {
    const app = await openApp(env ? { env } : undefined);
    await connectTo(app, server.url, SERVER_KEY);
    return { app, server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Forgets the key and ends the app and the server of `connectedToServer`. */
export async function closeConnected({ app, server } = {}) {
  if (app) await forgetKey(app);
  await app?.end();
  await server?.stop();
}
