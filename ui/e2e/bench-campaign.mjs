// Prints (never asserts) what following a 5,000-recipient campaign costs in the real window:
// one progress update (the page's two commands: details and the full recipients table, IPC and
// JSON decode included, then the table re-rendered) and scrolling the 5,000-row table end to end.
// Run by `scripts/bench-campaign` under Xvfb with a debug or release build.

import { openApp } from './webdriver.mjs';
import { bigCsv, writeFixture } from './fixtures.mjs';
import { launchFile, localDateTime } from './flows.mjs';

const N = Number(process.argv[2] ?? 5000);
const app = await openApp({ env: { BATCHLINE_PRACTICE_SPEED: '60' } });
try {
  const file = writeFixture(app.dataDir, 'bench list.csv', bigCsv(N));
  // Scheduled two days ahead: the table holds all 5,000 recipients and nothing else runs during
  // the measurement (a dialing campaign also refreshes the table every few seconds).
  await launchFile(app, file, { start: localDateTime(2) });
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="recipient-row"]', { timeout: 60000 });
  const id = decodeURIComponent((await app.exec('return location.hash')).split('/').pop());

  // A big campaign's table takes seconds a round trip: let the scripts run up to 110 s.
  await app.cmd('POST', '/timeouts', { script: 110000 });
  const update = await app.execAsync(
    `const [id, runs, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
     const invoke = window.__TAURI_INTERNALS__.invoke;
     const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
     const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
     (async () => {
       const detail = [], table = [], rows = [];
       for (let i = 0; i < runs; i++) {
         let t = performance.now();
         await invoke('campaign_detail', { id });
         detail.push(performance.now() - t);
         t = performance.now();
         const r = await invoke('campaign_recipients', { id });
         table.push(performance.now() - t);
         rows.push(r.rows.length);
       }
       done({ detail: median(detail), table: median(table), rows: rows[0] });
     })().catch((e) => done({ error: String(e?.message ?? e) }));`,
    // Fewer runs for a big campaign: the whole script must end within WebDriver's 30 s.
    [id, N > 20000 ? 3 : 9],
  );

  if (update.error) throw new Error(`a progress update failed: ${update.error}`);
  const render = await app.execAsync(
    `const done = arguments[arguments.length - 1];
     const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
     const scroller = document.querySelector('[data-testid="recipients-table"] .scroller') ?? document.querySelector('.scroller');
     const total = scroller.scrollHeight - scroller.clientHeight;
     // One scroll step per frame, every frame timed.
     async function run(step, limit) {
       const frames = [];
       scroller.scrollTop = 0;
       await frame();
       let last = performance.now();
       for (let top = step; top <= Math.min(total, limit); top += step) {
         scroller.scrollTop = top;
         await frame();
         const now = performance.now();
         frames.push(now - last);
         last = now;
       }
       frames.sort((a, b) => a - b);
       return {
         frames: frames.length,
         median: frames[Math.floor(frames.length / 2)],
         p95: frames[Math.floor(frames.length * 0.95)],
         worst: frames[frames.length - 1],
       };
     }
     async function idle(n) {
       const frames = [];
       let last = performance.now();
       for (let i = 0; i < n; i++) {
         await frame();
         const now = performance.now();
         frames.push(now - last);
         last = now;
       }
       frames.sort((a, b) => a - b);
       return { frames: n, median: frames[Math.floor(n / 2)], p95: frames[Math.floor(n * 0.95)], worst: frames[n - 1] };
     }
     (async () => {
       // What a frame costs on this display with nothing changing (the floor for the figures below).
       const still = await idle(120);
       // A page at a time through the whole table (every row replaced each frame)…
       const pages = await run(Math.max(1, Math.round(scroller.clientHeight * 0.9)), total);
       // …and wheel-like steps of 48 px over the first 300 frames.
       const wheel = await run(48, 48 * 300);
       const rendered = document.querySelectorAll('[data-testid="recipient-row"]').length;
       done({ still, pages, wheel, rendered, px: total });
     })();`,
  );

  console.log(`campaign of ${update.rows} recipients`);
  console.log(`progress update, details (campaign_detail round trip): median ${update.detail.toFixed(1)} ms`);
  console.log(`progress update, recipients table (campaign_recipients round trip incl. decode in the webview): median ${update.table.toFixed(1)} ms`);
  const f = (r) => `frame median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, worst ${r.worst.toFixed(1)} ms`;
  console.log(`table rows in the page at a time: ${render.rendered} (of ${update.rows})`);
  console.log(`frames with nothing changing (this display's floor): ${f(render.still)}`);
  console.log(`scrolling a page per frame, end to end (${render.px} px, ${render.pages.frames} frames): ${f(render.pages)}`);
  console.log(`scrolling 48 px per frame (${render.wheel.frames} frames): ${f(render.wheel)}`);
} finally {
  await app.end();
}
