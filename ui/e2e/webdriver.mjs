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

  async textOf(css) {
    return this.text(await this.find(css));
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
