import { app, BrowserWindow, dialog, ipcMain, safeStorage, screen, session, shell } from 'electron';
import path from 'node:path';
import { createCore } from '../core/app';
import { APP_NAME } from '../core/store/data-dir';
import { UserFacingError } from '../core/api/types';
import { chooseDataDir, loadAppConfig } from './app-config';
import { appLocation, isAppUrl, type AppLocation } from './app-url';
import { forwardCoreEvents } from './event-forwarder';
import { registerIpcHandlers, senderRefusal, type IpcHandlers } from './ipc';
import { openMainLog, type MainLog } from './log';
import { createMainOnlyHandlers } from './main-only-handlers';
import { openExternalSafely } from './open-external';
import { secureSession } from './session-security';
import { createVault } from './vault';
import { createMainWindow, guardWebContents } from './window';
import { loadWindowState, trackWindowState } from './window-state';

/** Built files, relative to out/main/index.js. The preload is CommonJS: sandboxed preloads cannot be ESM. */
const PRELOAD = path.join(import.meta.dirname, '../preload/index.cjs');
const INDEX_HTML = path.join(import.meta.dirname, '../renderer/index.html');
/** Longest wait for the core to flush on quit (ms) before quitting anyway (the store's writes are atomic). */
const CLOSE_TIMEOUT_MS = 10_000;

type Core = Awaited<ReturnType<typeof createCore>>;

/** What a started app holds; released on quit. */
interface Running {
  core: Core;
  log: MainLog;
  window?: BrowserWindow;
  stop: Array<() => void | Promise<void>>;
}

/**
 * Starts the desktop app: single-instance lock (a second launch focuses the existing window), sandbox for every
 * renderer, navigation guards on every webContents, then on `ready` opens the core on the data dir, registers
 * the IPC handlers behind the wrapper, opens the window, forwards push events and resumes interrupted runs.
 * On quit, waits for the core to flush (≤ 10 s) before exiting.
 */
export function runApp(): void {
  // userData = <appData>/leadforge (not the product name), the folder the CLI's default data dir points at, so
  // the desktop app and `leadforge` share their data by default. Before the single-instance lock (keyed on it).
  app.setName(APP_NAME);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let running: Running | undefined;
  let location: AppLocation | undefined;
  let quitting: 'no' | 'closing' | 'done' = 'no';
  const earlyLog: string[] = [];
  const note = (message: string): void => (running ? running.log.warn(message) : void earlyLog.push(message));
  const openInBrowser = (url: string): Promise<boolean> => openExternalSafely(shell, url);

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, { openInBrowser, onBlocked: note }));
  app.on('second-instance', () => {
    const win = running?.window;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting === 'done' || !running) return;
    event.preventDefault();
    if (quitting === 'closing') return;
    quitting = 'closing';
    void shutdown(running).finally(() => {
      quitting = 'done';
      app.quit();
    });
  });
  app.on('activate', () => {
    if (running && location && BrowserWindow.getAllWindows().length === 0) void openWindow(running, location);
  });

  void app
    .whenReady()
    .then(async () => {
      const userData = app.getPath('userData');
      const vault = createVault({ file: path.join(userData, 'vault.json'), safeStorage, platform: process.platform });
      const log = openMainLog({ dir: path.join(userData, 'logs'), redact: (t) => vault.redact(t) });
      for (const message of earlyLog.splice(0)) log.warn(message);
      location = appLocation({ indexPath: INDEX_HTML, env: process.env, isPackaged: app.isPackaged });
      const loc = location;
      secureSession(session.defaultSession, (url) => isAppUrl(url, loc));

      const config = await loadAppConfig(userData, (m) => log.warn(m));
      const dataDir = chooseDataDir(config, process.env);
      let core: Core;
      try {
        core = await createCore({
          dataDir,
          secrets: vault,
          version: app.getVersion(),
          openExternal: async (url: string) => {
            if (!(await openInBrowser(url))) throw new UserFacingError(`Refused to open ${url}: only http(s) links open in the browser.`, 'bad_url');
          },
        });
      } catch (err) {
        const ref = log.error('opening the data folder', err);
        dialog.showErrorBox('LeadForge cannot open its data folder', `${dataDir}\n\n${(err as Error).message}\n\n(Reference ${ref})`);
        await log.close();
        app.exit(1);
        return;
      }
      const state: Running = { core, log, stop: [] };
      running = state;
      log.info(`LeadForge ${app.getVersion()} started; data in ${dataDir}`);

      const handlers: IpcHandlers = {
        ...core.api,
        ...createMainOnlyHandlers({
          dialog,
          window: () => (state.window && !state.window.isDestroyed() ? state.window : undefined),
          userData,
          config,
          dataDir,
          downloadsDir: app.getPath('downloads'),
          importErrorsCsv: (importId) => core.importErrorsCsv(importId),
        }),
      };
      state.stop.push(
        registerIpcHandlers({
          ipcMain,
          handlers,
          log,
          checkSender: (event) =>
            senderRefusal(event, {
              isTrustedContents: (contents) => !!state.window && !state.window.isDestroyed() && contents === state.window.webContents,
              isAppUrl: (url) => isAppUrl(url, loc),
            }),
        }),
      );
      state.stop.push(
        forwardCoreEvents({
          events: core.events,
          send: (event, payload) => {
            const win = state.window;
            if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(event, payload);
          },
          onInvalid: (m) => log.warn(m),
        }),
      );
      await openWindow(state, loc);
      core.resumeInterrupted().catch((err: unknown) => log.error('resuming interrupted runs', err));
    })
    .catch((err: unknown) => {
      const ref = running ? running.log.error('starting the app', err) : undefined;
      if (!ref) process.stderr.write(`LeadForge failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
      dialog.showErrorBox('LeadForge could not start', `${(err as Error)?.message ?? String(err)}${ref ? `\n\n(Reference ${ref})` : ''}`);
      app.exit(1);
    });
}

/** Opens the main window with its remembered state and loads the app page. */
async function openWindow(state: Running, loc: AppLocation): Promise<void> {
  const userData = app.getPath('userData');
  const stateFile = path.join(userData, 'window-state.json');
  const saved = await loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
  const win = createMainWindow({ preload: PRELOAD, state: saved });
  state.window = win;
  if (saved.maximized) win.maximize();
  const tracker = trackWindowState(win, stateFile, (err) => state.log.warn(`window state not saved: ${(err as Error).message}`));
  state.stop.push(() => tracker.flush());
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_e, details) => state.log.warn(`renderer gone: ${details.reason}`));
  win.on('closed', () => {
    if (state.window === win) state.window = undefined;
  });
  if (loc.devServerUrl) await win.loadURL(loc.devServerUrl);
  else await win.loadFile(INDEX_HTML);
}

/** Stops events and IPC, saves the window state, flushes and closes the core (bounded wait), closes the log. */
async function shutdown(state: Running): Promise<void> {
  for (const stop of state.stop.splice(0).reverse()) {
    try {
      await stop();
    } catch (err) {
      state.log.error('shutdown step', err);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS)));
  try {
    const outcome = await Promise.race([state.core.close().then(() => 'closed' as const), timeout]);
    if (outcome === 'timeout') state.log.warn(`core did not close within ${CLOSE_TIMEOUT_MS} ms; quitting anyway`);
  } catch (err) {
    state.log.error('closing the core', err);
  } finally {
    clearTimeout(timer);
  }
  state.log.info('LeadForge stopped');
  await state.log.close();
}
