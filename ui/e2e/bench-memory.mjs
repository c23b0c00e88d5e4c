// Prints (never asserts) the app's memory next to the webview's own floor, in one run under one
// display: a bare WebKitGTK window showing one static page (src-tauri/examples/bare_webview.rs,
// path in BATCHLINE_FLOOR), then the app after start, then the app while it follows a
// 5,000-recipient practice campaign (sampled every 30 s). PSS and RSS summed over each one's
// processes (the window's process and the WebKit processes it starts).
// Run by `scripts/bench-app` under Xvfb: `node e2e/bench-memory.mjs [SECONDS] [RECIPIENTS]`.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { appBinary, openApp } from './webdriver.mjs';
import { bigCsv, writeFixture } from './fixtures.mjs';
import { launchFile } from './flows.mjs';

const SECONDS = Number(process.argv[2] ?? 240);
const N = Number(process.argv[3] ?? 5000);
const SPEED = process.env.BATCHLINE_PRACTICE_SPEED ?? '60';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function parents() {
  const map = new Map();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      map.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  return map;
}

function withDescendants(roots) {
  const ppid = parents();
  const all = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of ppid) {
      if (all.has(parent) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

/** {pss, rss} in MiB summed over pids, how many processes, and PSS by process name. */
function memory(pids) {
  let pss = 0;
  let rss = 0;
  let n = 0;
  const by = {};
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const own = Number(/^Pss:\s+(\d+)/m.exec(text)[1]);
      pss += own;
      rss += Number(/^Rss:\s+(\d+)/m.exec(text)[1]);
      n += 1;
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      by[name] = (by[name] ?? 0) + own / 1024;
    } catch {
      // gone, or a kernel thread
    }
  }
  return { pss: pss / 1024, rss: rss / 1024, n, by };
}

const parts = (m) =>
  Object.entries(m.by)
    .sort()
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ');

/** Processes running `binary` (the app started by the WebDriver). */
function processesOf(binary) {
  const want = realpathSync(binary);
  const found = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readlinkSync(`/proc/${e}/exe`) === want) found.push(Number(e));
    } catch {
      // not ours to read
    }
  }
  return found;
}

const show = (m) => `${m.pss.toFixed(0)} MiB PSS / ${m.rss.toFixed(0)} MiB RSS (${m.n} processes)`;

/** The bare webview's memory 3 s after its page loaded. */
async function floor(extraEnv) {
  const child = spawn(process.env.BATCHLINE_FLOOR, [], { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (d) => {
      text += d;
      if (text.includes('the window is up')) resolve();
    });
    child.on('exit', () => reject(new Error(`the bare webview exited: ${text}`)));
  });
  await sleep(3000);
  const m = memory(withDescendants([child.pid]));
  child.kill('SIGTERM');
  await sleep(500);
  return m;
}

const floors = { default: await floor({}), noCompositing: await floor({ WEBKIT_DISABLE_COMPOSITING_MODE: '1' }) };
console.log(
  `floor, bare WebKitGTK window: ${show(floors.default)} [${parts(floors.default)}]; ` +
    `with compositing off: ${show(floors.noCompositing)} [${parts(floors.noCompositing)}]`,
);
const base = process.env.WEBKIT_DISABLE_COMPOSITING_MODE ? floors.noCompositing : floors.default;
const vsFloor = (m) => `${show(m)} = floor + ${(m.pss - base.pss).toFixed(0)} MiB PSS [${parts(m)}]`;

const app = await openApp({ env: { BATCHLINE_PRACTICE_SPEED: SPEED } });
try {
  await app.waitFor('nav');
  await sleep(3000);
  const appPids = () => withDescendants(processesOf(appBinary));
  console.log(`app after start (under WebDriver): ${vsFloor(memory(appPids()))}`);

  const file = writeFixture(app.dataDir, 'memory list.csv', bigCsv(N));
  await launchFile(app, file);
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="recipient-row"]', { timeout: 60000 });
  const samples = [];
  const started = Date.now();
  for (let t = 0; t <= SECONDS; t += 30) {
    await sleep(Math.max(0, started + t * 1000 - Date.now()));
    const m = memory(appPids());
    samples.push(m);
    const finished = await app.exec(`return document.querySelector('[data-testid="progress-finished"]')?.textContent ?? ''`);
    console.log(`  following, ${t} s: ${vsFloor(m)}${finished ? ` (${finished.trim()} calls finished)` : ''}`);
  }
  const first = samples[0];
  const last = samples[samples.length - 1];
  const peak = samples.reduce((a, b) => (b.pss > a.pss ? b : a));
  console.log(
    `app following a ${N.toLocaleString('en-US')}-recipient campaign for ${SECONDS} s (practice speed ${SPEED}): ` +
      `${vsFloor(last)}; change over the window ${(last.pss - first.pss).toFixed(0)} MiB PSS (peak ${peak.pss.toFixed(0)})`,
  );
} finally {
  await app.end();
}
