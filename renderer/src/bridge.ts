import type { IpcEventName, IpcEventPayload, LeadforgeBridge } from '@shared/ipc';

declare global {
  interface Window {
    /** Exposed by the preload (electron/preload): one method per IPC channel, `on`, `pathForFile`. */
    leadforge?: LeadforgeBridge;
  }
}

/** Thrown when the page runs without the preload (opened in a plain browser, or the preload failed). */
export class BridgeMissingError extends Error {
  override readonly name = 'BridgeMissingError';
  constructor() {
    super('window.leadforge is missing: the app page must be loaded by LeadForge (its preload exposes the bridge).');
  }
}

/** True when the preload exposed `window.leadforge`. */
export function hasBridge(): boolean {
  return typeof window !== 'undefined' && typeof window.leadforge === 'object' && window.leadforge !== null;
}

/**
 * The typed bridge to the main process (`window.leadforge`).
 * @returns the `LeadforgeBridge` (one method per channel of shared/ipc; each returns a Promise of the response)
 * @throws BridgeMissingError when the preload did not expose it
 */
export function api(): LeadforgeBridge {
  const bridge = typeof window !== 'undefined' ? window.leadforge : undefined;
  if (!bridge) throw new BridgeMissingError();
  return bridge;
}

/**
 * Subscribes to a push event from main (`pipeline:progress`, `pipeline:tasks`, `review:changed`, `crm:progress`).
 * @returns the unsubscribe function (a no-op when the bridge is missing)
 */
export function onEvent<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void {
  if (!hasBridge()) return () => undefined;
  return api().on(event, listener);
}

/**
 * A rep-readable message for an error from a bridge call: strips Electron's
 * "Error invoking remote method 'x': Error: " wrapper so the main process's own message shows.
 * @param error anything thrown or rejected
 * @returns the message ('' never: falls back to "Something went wrong")
 */
export function errorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const cleaned = raw.replace(/^Error invoking remote method '[^']*':\s*/, '').replace(/^(\w*Error):\s*/, '');
  return cleaned.trim() || 'Something went wrong';
}
