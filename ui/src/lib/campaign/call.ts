// Words for the call panel: its outcome, its duration and its transcript.

import { duration } from '../format';
import type { Outcome } from '../host';

export type Speaker = { label: string; side: 'agent' | 'recipient' | 'system' };

/** The backend says `Agent`, `Recipient` or `System`; anything else is shown as it comes. */
export function speakerLabel(speaker: string): Speaker {
  const s = speaker.toLowerCase();
  if (s === 'agent' || s === 'assistant') return { label: 'Agent', side: 'agent' };
  if (s === 'recipient' || s === 'user') return { label: 'Recipient', side: 'recipient' };
  if (s === 'system') return { label: 'System', side: 'system' };
  return { label: speaker || 'Someone', side: 'system' };
}

/** Seconds into the call as a clock: 0:05, 1:42, 1:02:03. */
export function offsetLabel(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/**
 * The call panel's Duration: how long the conversation lasted. The backend times only calls that
 * were answered, so a call that rang out, was busy or couldn't connect says so instead of
 * passing its ringing off as a conversation.
 */
export function durationText(
  call: { durationSeconds: number | null; endedAt: string | null },
  row: { status: string; outcome: string | null },
): string {
  if (call.durationSeconds !== null) return duration(call.durationSeconds);
  if (call.endedAt || row.outcome) return row.outcome === 'answered' ? '—' : 'No conversation';
  return row.status === 'started' ? 'Still going' : 'Not answered yet';
}

type Said = { status: string; statusLabel: string; outcome: Outcome | null };

/**
 * The recipient as the call panel shows it: the table's row, unless the call itself says more
 * (its transcript shows an answering machine, which the end reason the table reads can't):
 * then the call's outcome and word.
 */
export function asTheCallSays<R extends Said>(row: R, call: { outcome: Outcome | null; statusLabel: string; outcomeReason: string | null } | null): R {
  if (!call?.outcomeReason || call.outcome === null || call.outcome === row.outcome) return row;
  return { ...row, outcome: call.outcome, statusLabel: call.statusLabel };
}

/** The call panel's "How it ended": why the outcome is what it is, then the end reason. */
export function endedText(call: { endReasonLabel: string | null; endedAt: string | null; outcomeReason: string | null }): string {
  const reason = call.endReasonLabel ?? (call.endedAt ? '—' : 'It hasn’t ended yet');
  return call.outcomeReason ? `${call.outcomeReason}. ${call.endReasonLabel ? `${call.endReasonLabel}.` : ''}`.trim() : reason;
}
