import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcContract, ipcEvents, methodName, type IpcChannel, type IpcEventName, type LeadforgeBridge } from '@shared/ipc';

/**
 * The only API the renderer sees: one named method per contract channel (`import:run` → `importRun`) and
 * `on(event, listener)` for the contract's push events. No raw ipcRenderer is exposed.
 */
const api: Record<string, unknown> = {};
for (const channel of Object.keys(ipcContract) as IpcChannel[]) {
  api[methodName(channel)] = (request: unknown) => ipcRenderer.invoke(channel, request ?? {});
}
api.on = (event: IpcEventName, listener: (payload: unknown) => void) => {
  if (!(event in ipcEvents)) throw new Error(`unknown event ${String(event)}`);
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => ipcRenderer.removeListener(event, wrapped);
};

contextBridge.exposeInMainWorld('leadforge', api as LeadforgeBridge);
