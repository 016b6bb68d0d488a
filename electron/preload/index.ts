/**
 * The preload of the sandboxed renderer (bundled to out/preload/index.cjs, CommonJS, self-contained: a sandboxed
 * preload can only `require('electron')` and a few Node shims, never ESM or npm packages).
 *
 * Exposes ONE object, `window.leadforge` (type `LeadforgeBridge` in shared/ipc.ts):
 * - one method per contract channel (`review:bulkApprove` → `reviewBulkApprove(request)`), each an
 *   `ipcRenderer.invoke`; main validates every request and checks the sender;
 * - `on(event, listener)` for the contract's push events only; returns the unsubscribe function, and the
 *   listener receives the payload alone (never the IpcRendererEvent, which would leak `sender`);
 * - `pathForFile(file)`: the absolute path of a dropped File (webUtils.getPathForFile), '' when it has none.
 * No raw ipcRenderer is exposed. See https://www.electronjs.org/docs/latest/tutorial/context-isolation
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { IpcEventName, LeadforgeBridge } from '@shared/ipc';
import { IPC_CHANNELS, IPC_EVENTS, methodName } from '@shared/ipc/channels';

const events: ReadonlySet<string> = new Set(IPC_EVENTS);
const bridge: Record<string, unknown> = {};

for (const channel of IPC_CHANNELS) {
  bridge[methodName(channel)] = (request?: unknown) => ipcRenderer.invoke(channel, request ?? {});
}

bridge.on = (event: IpcEventName, listener: (payload: unknown) => void): (() => void) => {
  if (!events.has(event)) throw new Error(`leadforge.on: unknown event "${String(event)}"`);
  if (typeof listener !== 'function') throw new TypeError('leadforge.on: listener must be a function');
  const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => {
    ipcRenderer.removeListener(event, wrapped);
  };
};

bridge.pathForFile = (file: File): string => {
  try {
    return webUtils.getPathForFile(file);
  } catch {
    return '';
  }
};

contextBridge.exposeInMainWorld('leadforge', Object.freeze(bridge) as unknown as LeadforgeBridge);
