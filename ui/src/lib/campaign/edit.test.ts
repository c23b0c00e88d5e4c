import { describe, expect, it } from 'vitest';
import { checkEdit, fieldsOf } from './edit';
import type { EditForm } from '../host';

const form: EditForm = {
  name: 'Spring recall',
  agentId: 'agent_1',
  fromNumberId: 'num_1',
  concurrency: 4,
  ringingTimeoutSeconds: null,
  maxCallDurationMinutes: 10,
  scheduledAt: '2026-12-09T15:00:00Z',
  timeZone: 'America/New_York',
  recipients: 65,
  disabledReason: null,
};
const now = new Date('2026-12-07T12:00:00Z');

describe('the change-schedule form', () => {
  it('starts from the campaign as it is, in the zone it was scheduled in', () => {
    const f = fieldsOf(form);
    expect(f.local).toBe('2026-12-09T10:00');
    expect(f.zone).toBe('America/New_York');
    expect(f.concurrency).toBe('4');
    expect(f.ringingSeconds).toBe('');
  });

  it('sends the new start with its offset and the numbers as numbers', () => {
    const f = { ...fieldsOf(form), local: '2026-12-10T09:30', concurrency: '2', ringingSeconds: '25' };
    const c = checkEdit(f, now);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.request.scheduledAt).toBe('2026-12-10T09:30:00-05:00');
    expect(c.request.concurrency).toBe(2);
    expect(c.request.ringingTimeoutSeconds).toBe(25);
    expect(c.request.maxCallDurationMinutes).toBe(10);
    expect(c.request.confirmed).toBe(false);
  });

  it('says which field is wrong and why', () => {
    expect(checkEdit({ ...fieldsOf(form), name: '  ' }, now)).toMatchObject({ ok: false, field: 'name' });
    expect(checkEdit({ ...fieldsOf(form), concurrency: '0' }, now)).toMatchObject({ ok: false, field: 'concurrency' });
    expect(checkEdit({ ...fieldsOf(form), ringingSeconds: '3' }, now)).toMatchObject({
      ok: false,
      field: 'ringingSeconds',
      message: 'Ringing time must be between 5 and 80 seconds.',
    });
    expect(checkEdit({ ...fieldsOf(form), maxMinutes: '1.5' }, now)).toMatchObject({ ok: false, field: 'maxMinutes' });
    expect(checkEdit({ ...fieldsOf(form), local: '2026-12-07T06:00' }, now)).toMatchObject({ ok: false, field: 'local' });
  });
});
