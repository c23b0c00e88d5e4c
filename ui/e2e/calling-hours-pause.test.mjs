// The calling hours enforced while the app runs, in the real window against a loopback server
// (`batchline sandbox --clock`) whose clock the app follows (BATCHLINE_TEST_CLOCK=server): on
// Monday evening in New York another campaign of the account holds every line, so this one's
// calls are still waiting when its recipients' hours close. The app stops them, the page says
// "Paused for the night" and when it resumes; the next morning the rest are called — everyone
// once, every call inside 9:00–20:00 in New York.
// With SCREENSHOTS_DIR set, the paused campaign page is saved there (light and dark).

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';
import { connectTo, forgetKey, launchFile } from './flows.mjs';
import { SERVER_KEY, startServer } from './server.mjs';
import { setTheme } from './axe.mjs';

// Monday 7 December 2026, 18:55 in New York.
const EVENING = '2026-12-07T23:55:00Z';
// Tuesday 8:58 in New York.
const MORNING = '2026-12-08T13:58:00Z';
const PEOPLE = 10;

let app;
let server;

before(async () => {
  server = await startServer({ speed: 30, clock: EVENING, orgConcurrency: 8 });
  app = await openApp({ env: { BATCHLINE_TEST_CLOCK: 'server' } });
  await connectTo(app, server.url, SERVER_KEY);
});

after(async () => {
  if (app) await forgetKey(app);
  await app?.end();
  await server?.stop();
});

async function shot(name) {
  const dir = process.env.SCREENSHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await app.exec('document.activeElement?.blur(); window.scrollTo(0, 0); document.querySelector("main")?.scrollTo(0, 0);');
  for (const [theme, suffix] of [['light', ''], ['dark', '-dark']]) {
    await setTheme(app, theme);
    await sleep(400);
    writeFileSync(join(dir, `${name}${suffix}.png`), await app.screenshot());
  }
  await setTheme(app, 'light');
}

/** New York's wall clock at `iso`, as minutes since midnight. */
function newYorkMinutes(iso) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value);
  return get('hour') * 60 + get('minute');
}

test('calls still waiting when the hours close are paused for the night and made the next morning, once each', async () => {
  // Another campaign of the account (made elsewhere) holds all eight lines all evening.
  const { summaries: agents } = await server.api('/agents');
  const agent = agents.find((a) => a.name === 'Appointment reminder') ?? agents[0];
  const numbers = agent.phone_numbers;
  const busy = Array.from({ length: 240 }, (_, i) => ({ to_number: `+1312555${String(2000 + i).padStart(4, '0')}` }));
  await server.api('/agents/calls/batches', {
    method: 'POST',
    body: { name: 'Busy evening', agent_id: agent.id, from_number_id: numbers[0].id, recipients: busy, target_concurrency_limit: 8 },
  });

  const csv = ['Phone,First name', ...Array.from({ length: PEOPLE }, (_, i) => `(212) 555-${String(200 + i).padStart(4, '0')},P${i}`)].join('\n');
  const file = join(app.dataDir, 'Evening reminders.csv');
  writeFileSync(file, `${csv}\n`);
  assert.match(await launchFile(app, file), /Campaign launched/);
  await app.clickOn('[data-testid="open-campaign"]');

  // The hours close at 20:00 in New York (the last call may start 15 minutes before): paused.
  const line = await app.waitFor('[data-testid="status-line"]', { text: 'Paused for the night', timeout: 240000 });
  assert.match(await app.text(line), new RegExp(`${PEOPLE} people not called yet`));
  await shot('campaign-paused');
  // 9:00 in New York: 14:00 where this window's clock is on UTC.
  const resumes = await app.textOf('[data-testid="campaign-resumes"]');
  assert.match(resumes, /Dec 8, (2:00 PM|14:00|9:00)/, resumes);

  // The night passes.
  await server.api('/sandbox/clock', { method: 'POST', body: { now: MORNING, speed: 60 } });
  await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 240000 });

  const { data: batches } = await server.api('/agents/calls/batches?limit=100');
  const mine = batches.filter((b) => b.name.startsWith('Evening reminders'));
  const perNumber = new Map();
  for (const b of mine) {
    const { data: calls } = await server.api(`/agents/calls?batch_id=${b.id}&limit=100`);
    for (const c of calls) {
      const to = c.telephony_params?.to;
      perNumber.set(to, (perNumber.get(to) ?? 0) + 1);
      const at = c.start_time ?? c.end_time;
      const minutes = newYorkMinutes(at);
      assert.ok(minutes >= 9 * 60 && minutes <= 20 * 60, `a call at ${at} is outside 9:00–20:00 in New York`);
    }
  }
  assert.equal(perNumber.size, PEOPLE, `everyone called: ${[...perNumber.keys()].join(', ')}`);
  assert.ok([...perNumber.values()].every((n) => n === 1), 'nobody called twice');
  assert.doesNotMatch(await app.textOf('[data-testid="status-line"]'), /Paused/);
});
