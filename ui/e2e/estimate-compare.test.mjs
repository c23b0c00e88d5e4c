// The honest estimate and two agents compared, in the real window against a fast
// Cartesia-compatible server on loopback: with a price per minute in Settings, Confirm shows the
// call minutes and their cost as a range with its assumptions; a campaign split 70/30 between two
// agents reaches the server as each agent's own parts in exactly those shares; once its calls
// have ended the campaign page compares the two side by side with the minutes and cost so far.
// Screenshots: docs/screenshots/estimate.png and agents-compared.png.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeFixture } from './fixtures.mjs';
import { acknowledge, closeConnected, connectedToServer } from './flows.mjs';

const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const PEOPLE = 40;
const CSV = [
  'Phone,First Name,Appointment',
  ...Array.from(
    { length: PEOPLE },
    (_, i) => `(415) 555-${String(1200 + i)},Person ${i + 1},Tuesday ${9 + (i % 8)}:00`,
  ),
].join('\n');

let app;
let server;

before(async () => {
  ({ app, server } = await connectedToServer());
});

after(() => closeConnected({ app, server }));

const pause = (ms) => new Promise((done) => setTimeout(done, ms));

test('Confirm shows the estimate with its cost; a 70/30 comparison reaches the server in those shares and is compared on the page', async () => {
  // A price per call minute in Settings.
  await app.clickOn('a[href="#/settings"]');
  await app.waitFor('[data-testid="price-per-minute"]');
  await app.setValue('[data-testid="price-per-minute"]', '0.074');
  await app.clickOn('[data-testid="save-settings"]');
  await app.waitFor('[data-testid="settings-saved"]');

  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await app.upload('[data-testid="file-input"]', writeFixture(app.dataDir, 'spring-compare.csv', CSV));
  await app.waitFor('[data-testid="preview-table"]', { timeout: 60000 });
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await app.selectByText('[data-testid="agent"]', 'Appointment reminder');
  await app.selectByText('[data-testid="from-number"]', 'Front desk');
  await app.clickInView('[data-testid="compare-toggle"]');
  await app.waitFor('[data-testid="agent-b"]');
  await app.selectByText('[data-testid="agent-b"]', 'Customer survey');
  await app.setValue('[data-testid="share-b"]', '30');
  await app.exec(`document.querySelector('[data-testid="share-b"]').dispatchEvent(new Event('change'));`);
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="start-now"]');
  await app.clickOn('[data-testid="start-now"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="compliance"]');

  // The estimate: minutes and their cost as a range, with the assumptions in words.
  const words = await app.text(await app.waitFor('[data-testid="estimate-words"]', { timeout: 30000 }));
  assert.match(words, /^About [\d,]+–[\d,]+ call minutes, \$[\d.,]+–[\d.,]+ at \$0\.074 a minute$/, words);
  assert.match(await app.textOf('[data-testid="estimate-assumptions"]'), /picked up/);
  await app.exec(`document.querySelector('[data-testid="estimate"]').scrollIntoView({ block: 'center' });`);
  await pause(400);
  writeFileSync(join(SHOTS, 'estimate.png'), await app.screenshot());

  await acknowledge(app);
  await app.clickOn('[data-testid="launch"]');
  const result = await app.waitFor('[data-testid="launch-result"]', { timeout: 60000 });
  assert.match(await app.text(result), /Campaign launched/);

  // On the server: two agents' parts, each one agent only, 28 and 12 people.
  const perAgent = new Map();
  for (const b of await server.batchesWithRecipients()) {
    perAgent.set(b.agent_id, (perAgent.get(b.agent_id) ?? 0) + b.recipients.length);
  }
  assert.deepEqual([...perAgent.values()].sort((x, y) => x - y), [12, 28], JSON.stringify([...perAgent]));

  // The page compares the two sides once their calls have ended.
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="spending"]', { timeout: 30000 });
  let ended = 0;
  for (let i = 0; i < 90 && ended < PEOPLE - 2; i += 1) {
    await pause(2000);
    await app.exec(`[...document.querySelectorAll('[data-testid="spending"] button')].find((b) => !b.disabled)?.click();`);
    await pause(500);
    const answered = await app.exec(
      `return [...document.querySelectorAll('[data-testid$="-answered"]')].map((e) => e.textContent);`,
    );
    ended = answered
      .map((t) => Number((/of (\d+) calls/.exec(t) ?? [])[1] ?? 0))
      .reduce((a, b) => a + b, 0);
  }
  assert.ok(ended >= PEOPLE - 2, `${ended} calls ended`);
  assert.match(await app.textOf('[data-testid="side-a"]'), /Appointment reminder.*70 % of recipients/s);
  assert.match(await app.textOf('[data-testid="side-b"]'), /Customer survey.*30 % of recipients/s);
  assert.match(await app.textOf('[data-testid="side-a"]'), /Cost per answered call \$\d/);
  assert.match(await app.textOf('[data-testid="difference"]'), /chance|p = /i);
  assert.match(await app.textOf('[data-testid="spent-words"]'), /call minutes? so far, \$\d/);
  assert.match(await app.textOf('[data-testid="kept-estimate"]'), /Estimated at launch: about/);
  await app.exec(`document.querySelector('[data-testid="spending"]').scrollIntoView({ block: 'start' });`);
  await pause(400);
  writeFileSync(join(SHOTS, 'agents-compared.png'), await app.screenshot());
});
