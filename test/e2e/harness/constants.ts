/** Name of the Playwright binding the preload shim's `ipcRenderer.invoke` calls (see electron-stub.ts). */
export const INVOKE_BINDING = '__leadforgeHarnessInvoke';
