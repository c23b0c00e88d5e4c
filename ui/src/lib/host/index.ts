// The only module that talks to the Tauri backend. Screens call `host`, never `@tauri-apps/*`,
// so the UI also runs in a plain browser (with a demo host) for fast UI tests.

import type { AppInfo, IpcError } from './bindings';

export type { AppInfo, Connection, IpcError } from './bindings';

export interface Host {
  readonly kind: 'tauri' | 'browser';
  appInfo(): Promise<AppInfo>;
}

/** True inside the desktop app's webview. */
export function insideTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Turns whatever a command threw into the `{ code, message }` every screen shows. */
export function asIpcError(error: unknown): IpcError {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { code?: unknown; message: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : null,
      message: String(e.message),
    };
  }
  if (typeof error === 'string') return { code: null, message: error };
  return { code: null, message: 'Something went wrong. Please try again.' };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asIpcError(error);
  }
}

const tauriHost: Host = {
  kind: 'tauri',
  appInfo: () => call<AppInfo>('app_info'),
};

/** Stands in for the backend when the UI runs in a browser (UI tests, design work). */
export const browserHost: Host = {
  kind: 'browser',
  appInfo: async () => ({
    name: 'Batchline',
    version: '0.0.0-browser',
    developmentBuild: true,
    connection: { mode: 'practice' },
  }),
};

export const host: Host = insideTauri() ? tauriHost : browserHost;
