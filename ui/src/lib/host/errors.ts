// What the UI does with an error besides showing its message, decided by its code alone.

import type { ErrorCode, IpcError, WizardStep } from './bindings';

/** A wizard step an error sends the person back to. */
export type FixStep = Extract<WizardStep, 'recipients' | 'setup' | 'schedule'>;

/** Where the person can fix what an error is about. */
export type Fix = { kind: 'settings' } | { kind: 'step'; step: FixStep } | { kind: 'here' };

const FIXES: Record<ErrorCode, Fix> = {
  key_refused: { kind: 'settings' },
  key_for_other_address: { kind: 'settings' },
  key_not_saved: { kind: 'here' },
  recipients: { kind: 'step', step: 'recipients' },
  setup: { kind: 'step', step: 'setup' },
  schedule: { kind: 'step', step: 'schedule' },
  not_confirmed: { kind: 'here' },
  cancelled: { kind: 'here' },
  bad_number: { kind: 'here' },
  no_reason: { kind: 'here' },
};

export function whereToFix(code: ErrorCode | null): Fix {
  return code === null ? { kind: 'here' } : FIXES[code];
}

type KeyTroubleHandler = (error: IpcError) => void;
const keyTroubleHandlers = new Set<KeyTroubleHandler>();

/**
 * Calls `handler` whenever any command fails because of the saved key (refused by Cartesia, or
 * checked for another address), whichever screen asked; returns the unsubscribe function.
 */
export function onKeyTrouble(handler: KeyTroubleHandler): () => void {
  keyTroubleHandlers.add(handler);
  return () => keyTroubleHandlers.delete(handler);
}

/** Tells the key-trouble listeners about `error` if it is about the saved key. */
export function reportKeyTrouble(error: IpcError): void {
  if (whereToFix(error.code).kind !== 'settings') return;
  for (const handler of keyTroubleHandlers) handler(error);
}
