// The "Change schedule" form of a scheduled campaign: its fields as the person types them, checked
// with the same limits the backend applies (the backend checks again and decides).
import type { EditForm, EditRequest } from '../host';
import { MAX_CALL_DURATION_MINUTES, MIN_CONCURRENCY, RINGING_TIMEOUT_SECONDS } from '../host/limits';
import { checkSchedule, instantToZoned, localZone, rfc3339InZone } from '../time';

export interface EditFields {
  name: string;
  agentId: string;
  fromNumberId: string;
  /** Empty: leave it to Cartesia. */
  concurrency: string;
  ringingSeconds: string;
  maxMinutes: string;
  /** `YYYY-MM-DDTHH:MM` in `zone`. */
  local: string;
  zone: string;
}

/** The form's fields, filled from the campaign as it is now. */
export function fieldsOf(form: EditForm): EditFields {
  const zone = form.timeZone ?? localZone();
  const text = (n: number | null) => (n === null ? '' : String(n));
  return {
    name: form.name,
    agentId: form.agentId,
    fromNumberId: form.fromNumberId,
    concurrency: text(form.concurrency),
    ringingSeconds: text(form.ringingTimeoutSeconds),
    maxMinutes: text(form.maxCallDurationMinutes),
    local: form.scheduledAt ? instantToZoned(new Date(form.scheduledAt), zone) : '',
    zone,
  };
}

type Field = 'name' | 'concurrency' | 'ringingSeconds' | 'maxMinutes' | 'local';
export type EditCheck = { ok: true; request: EditRequest } | { ok: false; field: Field; message: string };

/** A whole number in `range` (empty → null), or why not. */
function wholeIn(text: string, min: number, max: number, what: string, unit = ''): number | null | string {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return `${what} must be a whole number${unit ? ` of ${unit}` : ''}.`;
  const n = Number(t);
  if (n < min || n > max) return `${what} must be between ${min} and ${max}${unit ? ` ${unit}` : ''}.`;
  return n;
}

/** Checks the fields and builds what the backend is sent (not yet confirmed). */
export function checkEdit(f: EditFields, now: Date = new Date()): EditCheck {
  if (f.name.trim() === '') return { ok: false, field: 'name', message: 'Give the campaign a name.' };
  const concurrency = wholeIn(f.concurrency, MIN_CONCURRENCY, 10_000, 'Calls at the same time');
  if (typeof concurrency === 'string') return { ok: false, field: 'concurrency', message: concurrency };
  const ringing = wholeIn(f.ringingSeconds, RINGING_TIMEOUT_SECONDS.min, RINGING_TIMEOUT_SECONDS.max, 'Ringing time', 'seconds');
  if (typeof ringing === 'string') return { ok: false, field: 'ringingSeconds', message: ringing };
  const minutes = wholeIn(f.maxMinutes, MAX_CALL_DURATION_MINUTES.min, MAX_CALL_DURATION_MINUTES.max, 'The longest call', 'minutes');
  if (typeof minutes === 'string') return { ok: false, field: 'maxMinutes', message: minutes };
  const when = checkSchedule(f.local, f.zone, now);
  if (!when.ok) return { ok: false, field: 'local', message: when.message };
  return {
    ok: true,
    request: {
      name: f.name.trim(),
      agentId: f.agentId,
      fromNumberId: f.fromNumberId,
      concurrency,
      ringingTimeoutSeconds: ringing,
      maxCallDurationMinutes: minutes,
      scheduledAt: rfc3339InZone(when.instant, f.zone),
      timeZone: f.zone,
      confirmed: false,
    },
  };
}
