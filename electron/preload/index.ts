import { contextBridge, ipcRenderer } from 'electron';
import type { LeadforgeBridge } from '@shared/ipc';

/** The only API the renderer sees: named methods from the IPC contract, no raw ipcRenderer. */
const bridge: LeadforgeBridge = {
  appInfo: () => ipcRenderer.invoke('app:info', {}),
};

contextBridge.exposeInMainWorld('leadforge', bridge);
