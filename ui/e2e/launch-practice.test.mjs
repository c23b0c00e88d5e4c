// Launching in practice mode, in the real window: the first run is clearly practice, a start
// time in the past is refused (by the page, and by the backend, which sends the person back to
// the Schedule step), and both a scheduled and an immediate launch reach the
// built-in practice line.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';
import { launchAndWait, launchedParts, localDateTime, setUpAndSchedule } from './flows.mjs';

let app;

before(async () => {
  app = await openApp();
});

after(async () => {
  await app?.end();
});

test('the first run is in practice mode, labelled as such', async () => {
  assert.match(await app.textOf('[data-testid="practice-banner"]'), /Practice mode — no real calls are made/);
  assert.match(await app.textOf('[data-testid="connection-state"]'), /Practice mode/);
});

test('agents and numbers come from the practice line, by name and number', async () => {
  await app.clickOn('[data-testid="try-sample"]');
  await app.waitFor('[data-testid="preview-table"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  const agents = await app.textOf('[data-testid="agent"]');
  assert.match(agents, /Appointment reminder/);
  assert.match(agents, /Customer survey/);
  assert.doesNotMatch(agents, /agent_/, 'no ids on screen');
  await app.selectByText('[data-testid="agent"]', 'Appointment reminder');
  const numbers = await app.textOf('[data-testid="from-number"]');
  assert.match(numbers, /\(415\) 555-0142/);
  assert.doesNotMatch(numbers, /\(212\) 555-0163/, "another agent's number is not offered");
  await app.clickOn('[data-testid="step-review"]');
});

test('a start time in the past is refused before anything is sent', async () => {
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await app.selectByText('[data-testid="agent"]', 'Appointment reminder');
  await app.selectByText('[data-testid="from-number"]', 'Front desk');
  await app.clickOn('[data-testid="next"]');
  await app.clickOn('[data-testid="start-later"]');
  await app.setValue('[data-testid="schedule-time"]', localDateTime(-1));
  const error = await app.waitFor('[data-testid="schedule-error"]');
  assert.match(await app.text(error), /passed|past/i);
  await app.clickOn('[data-testid="next"]');
  assert.equal((await app.findAll('[data-testid="compliance"]')).length, 0, 'stays on Schedule');
  await app.setValue('[data-testid="schedule-time"]', localDateTime(45));
  assert.match(await app.textOf('[data-testid="schedule-error"]'), /30 days/);
  await app.clickOn('[data-testid="step-review"]');
});

test('a launch refused for a start time that has passed goes back to the Schedule step', async () => {
  // The page's clock runs two hours behind, so it lets through a start an hour ago by the
  // backend's clock: the backend refuses the launch and the wizard takes the person to Schedule.
  await app.exec(`
    const Real = Date;
    const shift = -2 * 3600 * 1000;
    class Behind extends Real {
      constructor(...args) { if (args.length === 0) super(Real.now() + shift); else super(...args); }
      static now() { return Real.now() + shift; }
    }
    window.__realDate = Real;
    window.Date = Behind;
  `);
  const anHourAgo = new Date(Date.now() - 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  const local = `${anHourAgo.getFullYear()}-${p(anHourAgo.getMonth() + 1)}-${p(anHourAgo.getDate())}T${p(anHourAgo.getHours())}:${p(anHourAgo.getMinutes())}`;
  try {
    await setUpAndSchedule(app, { start: local });
    await app.clickInView('[data-testid="compliance"]');
    await app.clickOn('[data-testid="launch"]');
    const returned = await app.waitFor('[data-testid="step-returned"]');
    assert.match(await app.text(returned), /already passed/);
    await app.waitFor('[data-testid="schedule-time"]');
    assert.equal((await app.findAll('[data-testid="launch-result"]')).length, 0, 'nothing was launched');
  } finally {
    await app.exec(`if (window.__realDate) window.Date = window.__realDate;`);
  }
  // The acknowledgement stays ticked for the next launch; the next test starts without it.
  await app.clickOn('[data-testid="step-confirm"]');
  await app.clickInView('[data-testid="compliance"]');
  await app.clickOn('[data-testid="step-review"]');
  assert.equal((await app.findAll('[data-testid="step-returned"]')).length, 0, 'the reason goes once the person moves on');
});

test('a scheduled launch is created with its start time', async () => {
  const when = localDateTime(2, 10);
  await setUpAndSchedule(app, { start: when });
  assert.match(await app.textOf('[data-testid="confirm-start"]'), /10:00/);
  assert.match(await app.textOf('[data-testid="confirm-recipients"]'), /^26 /);
  const launchButton = await app.find('[data-testid="launch"]');
  assert.equal(await app.attribute(launchButton, 'disabled'), 'true', 'needs the acknowledgement first');
  const result = await launchAndWait(app);
  assert.match(result, /Campaign launched/);
  // Told in the recipients' own time (the part starts when the hours allow, not before the pick).
  assert.match(result, /Calls will start |First calls /);
  const parts = await launchedParts(app);
  assert.equal(parts.length, 1);
  assert.match(parts[0], /Created/);
  assert.match(parts[0], /26 recipients/);
  await app.clickOn('[data-testid="done"]');
  await app.waitFor('h1', { text: 'Campaigns' });
});

test('an immediate launch starts calling now, from a fresh wizard', async () => {
  await app.clickOn('[data-testid="try-sample"]');
  await app.waitFor('[data-testid="preview-table"]');
  await app.clickOn('[data-testid="next"]');
  await setUpAndSchedule(app, { agent: 'Customer survey', number: 'Survey line', start: 'now' });
  assert.match(await app.textOf('[data-testid="confirm-start"]'), /As soon as you launch/);
  const result = await launchAndWait(app);
  assert.match(result, /Campaign launched/);
  assert.match(result, /Calls are starting now/);
});
