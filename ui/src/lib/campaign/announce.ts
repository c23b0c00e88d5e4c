// What a screen reader hears on the campaign page, politely: a sentence when the campaign's
// status changes (it started calling, it is done — with the status line's words) and when
// another quarter of the calls has finished. Never on every refresh: the numbers tick every few
// seconds, and reading each one out would drown everything else.

import type { CampaignStatus, Progress } from '../host';
import { count } from '../format';

export type Heard = { status: CampaignStatus; quarter: number };

/** How many whole quarters of the recipients have finished (0–4). */
export function quarterOf(p: Progress): number {
  if (p.total <= 0) return 0;
  return Math.min(4, Math.floor((p.finished / p.total) * 4));
}

/**
 * The sentence to announce now, given what was last announced (null on the first look, which
 * announces nothing: the page itself is read then), or null when nothing new is worth saying.
 */
export function announcement(
  before: Heard | null,
  status: CampaignStatus,
  statusLine: string,
  p: Progress,
): { say: string | null; heard: Heard } {
  const heard = { status, quarter: quarterOf(p) };
  if (!before) return { say: null, heard };
  if (before.status !== status) return { say: statusLine, heard };
  if (heard.quarter > before.quarter && heard.quarter < 4) {
    return { say: `${count(p.finished)} of ${count(p.total)} calls have finished.`, heard };
  }
  return { say: null, heard: { status, quarter: Math.max(before.quarter, heard.quarter) } };
}
