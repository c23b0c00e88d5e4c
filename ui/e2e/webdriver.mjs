// A small W3C WebDriver client for driving the real Batchline window through tauri-driver.
// Only what the end-to-end tests need; no browser download, no extra dependencies.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export const appBinary = resolve(
  process.env.BATCHLINE_APP ?? join(import.meta.dirname, '../../target/debug/batchline-app'),
);

/** The US federal holidays of `year` as `YYYY-MM-DD`, each on the day it is observed too. */
function federalHolidays(year) {
  const day = (m, d) => new Date(Date.UTC(year, m, d));
  // The `n`th `weekday` (0 Sunday) of month `m`; n = -1: the last.
  const nth = (m, weekday, n) => {
    if (n < 0) {
      const last = day(m + 1, 0);
      return day(m, last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7));
    }
    const first = day(m, 1);
    return day(m, 1 + ((weekday - first.getUTCDay() + 7) % 7) + 7 * (n - 1));
  };
  const fixed = [day(0, 1), day(5, 19), day(6, 4), day(10, 11), day(11, 25)];
  const observed = fixed.map((d) => {
    const shift = d.getUTCDay() === 6 ? -1 : d.getUTCDay() === 0 ? 1 : 0;
    return new Date(d.getTime() + shift * 86400000);
  });
  const moving = [nth(0, 1, 3), nth(1, 1, 3), nth(4, 1, -1), nth(8, 1, 1), nth(9, 1, 2), nth(10, 4, 4)];
  return new Set([...fixed, ...observed, ...moving].map((d) => d.toISOString().slice(0, 10)));
}

/**
 * The app's clock in every test that sets none of its own (debug builds read
 * BATCHLINE_TEST_NOW; the practice line's clock starts there too): 20:00 UTC on the first weekday
 * (Monday to Friday, no US federal holiday) that has not passed yet. Every US zone is then inside
 * the default calling hours (9:00–20:00): 15:00 in New York (16:00 in summer), 12:00 in Los
 * Angeles, 11:00 in Anchorage, 10:00 in Honolulu, whenever the suite runs. At most a few days
 * ahead of this computer's clock, so starts the page picks relative to it stay ahead of both.
 */
export const E2E_NOW = (() => {
  const at = new Date();
  at.setUTCHours(20, 0, 0, 0);
  if (at.getTime() < Date.now()) at.setUTCDate(at.getUTCDate() + 1);
  const holiday = (d) => federalHolidays(d.getUTCFullYear()).has(d.toISOString().slice(0, 10));
  while ([0, 6].includes(at.getUTCDay()) || holiday(at)) at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString().replace('.000Z', 'Z');
})();

/** The test clock for a window: E2E_NOW unless the test (or the run) names a clock itself. */
function clockEnv(env) {
  const named = (k) => env[k] !== undefined || process.env[k] !== undefined;
  return named('BATCHLINE_TEST_NOW') || named('BATCHLINE_TEST_CLOCK') ? {} : { BATCHLINE_TEST_NOW: E2E_NOW };
}

async function waitForPort(url, deadlineMs) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`tauri-driver did not start at ${url}`);
    await sleep(100);
  }
}

// No WebDriver call may hang a test run: each one gives up after this long.
const CALL_TIMEOUT_MS = 120000;

/** Stops a process and everything it started (it leads its own process group). */
async function stopGroup(child) {
  const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  // The driver's children (WebKitWebDriver and the app) go too, even when the driver went first.
  signal('SIGKILL');
  if (!gone) await Promise.race([exited, sleep(5000)]);
  // A straggler still holding the driver's stderr must not keep this test file alive.
  child.stderr?.destroy();
  child.unref();
}

function startDriver(port, nativePort, home, env) {
  const driver = spawn(
    process.env.TAURI_DRIVER ?? 'tauri-driver',
    ['--port', String(port), '--native-port', String(nativePort)],
    {
      env: {
        ...process.env,
        HOME: home,
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DOWNLOAD_DIR: join(home, 'Downloads'),
        // Debug builds take this as the folder chosen in a save window (the compliance record's).
        BATCHLINE_TEST_SAVE_DIR: join(home, 'Chosen'),
        ...clockEnv(env),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  driver.log = '';
  driver.stderr.on('data', (d) => (driver.log += d));
  return driver;
}

/** A loopback port nobody is listening on right now. */
function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function newSession(env, home) {
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const driver = startDriver(port, nativePort, home, env);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForPort(base, 15000);
    const res = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: { browserName: 'wry', 'tauri:options': { application: appBinary } },
        },
      }),
      signal: AbortSignal.timeout(60000),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`new session failed: ${JSON.stringify(body)}`);
    return new Session(base, body.value.sessionId, driver, home);
  } catch (error) {
    await stopGroup(driver);
    throw new Error(`${error.message}\n${driver.log}`);
  }
}

/**
 * Starts tauri-driver on a free-ish port and opens a session on a fresh Batchline window with
 * its own empty data folder. Returns a Session; call `end()` when done. A window that fails to
 * open is tried once more (a busy display can drop the first one).
 */
export async function launch({ env = {}, dataDir } = {}) {
  const home = dataDir ?? mkdtempSync(join(tmpdir(), 'batchline-e2e-'));
  // The app's data, settings and Downloads folder all live in this one throwaway folder.
  try {
    return await newSession(env, home);
  } catch (error) {
    console.error(`# the window did not open, trying once more: ${error.message.split('\n')[0]}`);
    return newSession(env, home);
  }
}

/** Launches the app and waits until its first screen is ready. */
export async function openApp(options) {
  const app = await launch(options);
  try {
    await app.waitFor('.shell[data-ready="true"]', { timeout: 30000 });
  } catch (error) {
    await app.end();
    throw error;
  }
  return app;
}

export class Session {
  constructor(base, id, driver, dataDir) {
    this.url = `${base}/session/${id}`;
    this.driver = driver;
    this.dataDir = dataDir;
  }

  async cmd(method, path, body) {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const json = await res.json();
    if (!res.ok) {
      const err = new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
      err.webdriver = json.value?.error;
      throw err;
    }
    return json.value;
  }

  /** Runs a script in the page; `args` become `arguments`. */
  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  execAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  async find(css) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return el[ELEMENT];
  }

  async findAll(css) {
    const els = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return els.map((e) => e[ELEMENT]);
  }

  /** Polls until `css` matches an element (and `predicate(text)` holds, if given). */
  async waitFor(css, { timeout = 15000, text } = {}) {
    const end = Date.now() + timeout;
    let last = '';
    for (;;) {
      try {
        const id = await this.find(css);
        if (!text) return id;
        last = await this.text(id);
        if (typeof text === 'string' ? last.includes(text) : text.test(last)) return id;
      } catch (error) {
        if (error.webdriver !== 'no such element' && error.webdriver !== 'stale element reference') {
          throw error;
        }
      }
      if (Date.now() > end) {
        throw new Error(`timed out waiting for ${css}${text ? ` with text ${text} (last: "${last}")` : ''}`);
      }
      await sleep(100);
    }
  }

  text(id) {
    return this.cmd('GET', `/element/${id}/text`);
  }

  /** The text of `css`, once it is there (an answer over IPC may still be on its way). */
  async textOf(css) {
    return this.text(await this.waitFor(css));
  }

  /** The cells of every body row of a table, as trimmed text. */
  tableRows(css) {
    return this.exec(
      `return [...document.querySelectorAll(arguments[0] + ' tbody tr')].map((tr) =>
         [...tr.querySelectorAll('td, th')].map((td) => td.innerText.trim()));`,
      [css],
    );
  }

  click(id) {
    return this.cmd('POST', `/element/${id}/click`, {});
  }

  async clickOn(css) {
    return this.click(await this.waitFor(css));
  }

  /** Scrolls `css` to the middle of its scroll container first (rows of a long table), then clicks. */
  async clickInView(css) {
    const id = await this.waitFor(css);
    await this.exec('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: id }]);
    return this.click(id);
  }

  type(id, value) {
    return this.cmd('POST', `/element/${id}/value`, { text: value });
  }

  clear(id) {
    return this.cmd('POST', `/element/${id}/clear`, {});
  }

  attribute(id, name) {
    return this.cmd('GET', `/element/${id}/attribute/${name}`);
  }

  /** Gives a file input a file from disk, as choosing it in the file dialog would. */
  async upload(css, path) {
    const id = await this.find(css);
    return this.type(id, path);
  }

  async select(css, value) {
    await this.exec(
      `const el = document.querySelector(arguments[0]);
       el.value = arguments[1];
       el.dispatchEvent(new Event('change', { bubbles: true }));`,
      [css, value],
    );
  }

  /** Picks the option of a <select> whose text contains `text`. */
  async selectByText(css, text) {
    const picked = await this.exec(
      `const el = document.querySelector(arguments[0]);
       const option = [...el.options].find((o) => o.textContent.includes(arguments[1]));
       if (!option) return null;
       el.value = option.value;
       el.dispatchEvent(new Event('change', { bubbles: true }));
       return option.value;`,
      [css, text],
    );
    if (picked === null) throw new Error(`no option with text "${text}" in ${css}`);
    return picked;
  }

  /** Sets an input's value as typing would (input and change events), e.g. a datetime-local field. */
  async setValue(css, value) {
    await this.exec(
      `const el = document.querySelector(arguments[0]);
       el.value = arguments[1];
       el.dispatchEvent(new Event('input', { bubbles: true }));
       el.dispatchEvent(new Event('change', { bubbles: true }));`,
      [css, value],
    );
  }

  async screenshot() {
    const b64 = await this.cmd('GET', '/screenshot');
    return Buffer.from(b64, 'base64');
  }

  setWindowRect(rect) {
    return this.cmd('POST', '/window/rect', rect);
  }

  async end() {
    try {
      await fetch(this.url, { method: 'DELETE', signal: AbortSignal.timeout(15000) });
    } catch {
      // the window may already be gone
    }
    await stopGroup(this.driver);
  }
}
