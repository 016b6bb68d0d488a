/**
 * Electron main process entry (bundled to out/main/index.js). Everything lives in small modules:
 * lifecycle.ts (start-up, single instance, quit), window.ts (secure BrowserWindow), ipc.ts (the one IPC wrapper),
 * session-security.ts (CSP, permissions), vault.ts (safeStorage secrets), event-forwarder.ts (push events).
 */
import { runApp } from './lifecycle';

runApp();
