// Calling hours in each recipient's own local time, in the real window: a list across four US
// zones (New York, Chicago, Denver, Los Angeles, by area code) is set up on Tuesday 8 December
// 2026 at 9:30 in New York — 8:30 in Chicago, 7:30 in Denver, 6:30 in Los Angeles — with the
// app's clock and the server's (`batchline sandbox --clock`) both there. When to call shows the
// plan: one day, the four zones, 12 calls, New York first; the launch sends four parts, New York's
// to start at once and the others at 9:00 in their own zone, which the server receives as planned.
// With SCREENSHOTS_DIR set, the Review and When to call steps are saved there (light and dark).

import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';
import { connectTo, forgetKey, launchAndWait, launchedParts, shotIfAsked } from './flows.mjs';
import { SERVER_KEY, startServer } from './server.mjs';

const NOW = '2026-12-08T14:30:00Z';
const FIXTURE = join(import.meta.dirname, 'fixtures', 'four-zones.csv');

let app;
let server;

before(async () => {
  server = await startServer({ speed: 1, clock: NOW });
  app = await openApp({ env: { BATCHLINE_TEST_NOW: NOW } });
  await connectTo(app, server.url, SERVER_KEY);
});

after(async () => {
  if (app) await forgetKey(app);
  await app?.end();
  await server?.stop();
});

/** The window as `name.png` and `name-dark.png` when SCREENSHOTS_DIR asks for them, `at` at the top. */
const shot = (name, at) => shotIfAsked(app, name, at);

test('When to call shows the plan across four zones, and the server receives each part at its planned start', async () => {
  const file = join(app.dataDir, 'four zones.csv');
  copyFileSync(FIXTURE, file);
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await app.upload('[data-testid="file-input"]', file);
  await app.waitFor('[data-testid="preview-table"]', { timeout: 60000 });
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  await shot('wizard-3-review-zones', '[data-testid="review-where"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await app.selectByText('[data-testid="agent"]', 'Appointment reminder');
  await app.selectByText('[data-testid="from-number"]', 'Front desk');
  await app.clickOn('[data-testid="next"]');

  // The step is When to call, with the hours in each recipient's own time and the plan.
  await app.waitFor('#hours-title');
  assert.match(await app.textOf('[aria-current="step"]'), /When to call/);
  const summary = await app.text(await app.waitFor('[data-testid="plan-summary"]', { timeout: 30000 }));
  // Calls start at 9:30 in New York; the last part (Los Angeles) opens at 9:00 there.
  assert.match(summary, /^Calls on 1 day: Tue 9:3\d EST – Tue 9:\d\d PST/);
  const timeline = await app.textOf('[data-testid="plan-timeline"]');
  for (const city of ['New York', 'Chicago', 'Denver', 'Los Angeles']) assert.match(timeline, new RegExp(city));
  assert.match(timeline, /Tue 8 Dec/);
  assert.match(await app.textOf('[data-testid="plan-minutes"]'), /4 minutes per call \(Batchline.s default/);
  await shot('wizard-5-when-to-call');
  await shot('wizard-5-when-to-call-plan', '#hours-title');

  // Hours no one may choose are refused on the page, in words.
  await app.setValue('[data-testid="hours-to"]', '21:30');
  assert.match(await app.textOf('[data-testid="hours-error"]'), /between 8:00 and 21:00/);
  await app.setValue('[data-testid="hours-to"]', '20:00');
  await app.waitFor('[data-testid="plan-summary"]');

  // The minutes per call are the manager's to change; empty goes back to the automatic figure
  // (this agent has no finished calls on the server yet: Batchline's default).
  await app.setValue('[data-testid="call-minutes"]', '9');
  await app.waitFor('[data-testid="plan-minutes"]', { text: /9 minutes per call \(as you set it\)/ });
  await app.setValue('[data-testid="call-minutes"]', '');
  await app.waitFor('[data-testid="plan-minutes"]', { text: /4 minutes per call \(Batchline.s default/ });

  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="compliance"]');
  // Confirm's start tells the parts that start later, each in its own recipients' time.
  await app.waitFor('[data-testid="confirm-start"]', { text: /First calls/ });
  assert.match(
    await app.textOf('[data-testid="confirm-start"]'),
    /^First calls as soon as you launch \(New York\); others at 9:00 in their own time zone, last part Tue 9:00 PST\./,
  );
  const result = await launchAndWait(app);
  assert.match(result, /Campaign launched/);
  assert.match(
    await app.textOf('[data-testid="launch-start"]'),
    /^First calls now \(New York\); others at 9:00 in their own time zone, last part Tue 9:00 PST\.$/,
  );
  const lines = await launchedParts(app);
  assert.equal(lines.length, 4, lines.join('\n'));

  // On the server: New York's part starts at once; the others at 9:00 in their own zone.
  const { data } = await server.api('/agents/calls/batches?limit=100');
  const mine = data.filter((b) => b.name.startsWith('four zones'));
  assert.equal(mine.length, 4, mine.map((b) => b.name).join(', '));
  const byName = Object.fromEntries(
    await Promise.all(
      mine.map(async (b) => {
        const full = await server.api(`/agents/calls/batches/${b.id}`);
        return [b.name, full];
      }),
    ),
  );
  const first = (b) => b.recipients[0].to_number;
  const starts = Object.values(byName)
    .map((b) => [first(b).slice(0, 5), b.scheduled_at ? new Date(b.scheduled_at).toISOString() : 'now'])
    .sort();
  assert.deepEqual(starts, [
    ['+1212', 'now'],
    ['+1213', '2026-12-08T17:00:00.000Z'],
    ['+1303', '2026-12-08T16:00:00.000Z'],
    ['+1312', '2026-12-08T15:00:00.000Z'],
  ]);
  for (const b of Object.values(byName)) assert.equal(b.recipients.length, 3);
});
