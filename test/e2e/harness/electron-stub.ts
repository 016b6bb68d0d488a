/**
 * A stand-in for the `electron` module, so the REAL built main process (out/main/index.js) runs in plain Node
 * with the renderer in Debian's Chromium driven by Playwright. A module-resolution hook (resolve-electron.mjs)
 * maps the bare specifier 'electron' to this file; the harness (launch.ts) configures it with {@link resetStub}.
 *
 * What is emulated, and how faithfully:
 * - `app`: paths (userData → a temp dir), version, whenReady/ready, single-instance lock, quit sequence
 *   (before-quit → windows closed → will-quit → quit, each preventable as in Electron), exit.
 * - `BrowserWindow`: one Playwright browser context + page per window, viewport = window size; the constructor
 *   options are recorded (the security tests assert them); `loadFile`/`loadURL` navigate the page; `web-contents-created`
 *   fires synchronously. `will-navigate` is emulated for http(s) main-frame navigations (via context routing: a
 *   prevented navigation is aborted) and `setWindowOpenHandler` for popups (the popup's first request is handed to
 *   the handler, then the popup is closed when denied).
 * - `ipcMain.handle` + the page side: the real preload bundle runs in the page (init script) with a `require`
 *   shim whose `ipcRenderer.invoke` calls a Playwright binding (arguments and result as JSON text); the binding's `source.frame` becomes the invoke
 *   event's `senderFrame` (one stable object per Playwright Frame, so `senderFrame === sender.mainFrame` holds
 *   exactly for the main frame), so main's sender check runs for real. Rejections carry Electron's
 *   "Error invoking remote method '<channel>': Error: <message>" text.
 * - `webContents.send` dispatches into the page's `ipcRenderer.on` listeners.
 * - `safeStorage`: real AES-256-GCM with a per-test key; availability and the Linux backend are configurable.
 * - `dialog`: queued responses set by the test (an unexpected dialog is recorded and cancelled).
 * - `shell.openExternal`: recorded; optionally followed with an HTTP GET (OAuth against an emulator).
 * - `session.defaultSession`: records the onHeadersReceived listener and the permission handlers.
 * - `screen`: one 1920×1080 display unless configured.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Frame, Page, Route } from 'playwright-core';
import { INVOKE_BINDING } from './constants';

/** A rectangle in px. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Configuration of one app launch (see {@link resetStub}). */
export interface StubConfig {
  /** The Playwright browser windows open pages in (launched by the harness). */
  browser: Browser;
  /** `app.getPath('userData')`. */
  userData: string;
  /** `app.getVersion()` (default: package.json version). */
  version?: string;
  /** What `requestSingleInstanceLock()` returns (default true). */
  singleInstanceLock?: boolean;
  safeStorage?: {
    /** `isEncryptionAvailable()` (default true). */
    available?: boolean;
    /** `getSelectedStorageBackend()` (default 'gnome_libsecret'). */
    backend?: string;
    /** 32-byte AES key (default: random per launch; pass the same key to read a vault across restarts). */
    key?: Buffer;
  };
  /** Display work areas (default one 1920×1080 display). */
  displays?: Rect[];
  /** Follow `shell.openExternal` URLs with an HTTP GET (redirects followed), e.g. an OAuth authorize URL. */
  followExternal?: boolean;
}

/** One recorded dialog call. */
export interface DialogCall {
  kind: 'open' | 'save' | 'error' | 'message';
  options: unknown;
  /** The response given, or undefined for an unexpected dialog (cancelled). */
  response?: unknown;
}

/** What the stub recorded during the current launch; read by tests. */
export interface StubRecord {
  windows: BrowserWindowStub[];
  /** Options each BrowserWindow was constructed with (deep copies). */
  windowOptions: Record<string, unknown>[];
  dialogCalls: DialogCall[];
  openedExternal: string[];
  /** Results of followed external URLs (status or error message). */
  followedExternal: Array<{ url: string; status?: number; error?: string }>;
  sandboxEnabled: boolean;
  exitCode?: number;
  quit: boolean;
  headersListener?: (details: { url?: string; responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
  permissionRequestHandler?: (...args: unknown[]) => void;
  permissionCheckHandler?: (...args: unknown[]) => boolean;
  /** Navigations main allowed or blocked, as seen by the emulated will-navigate. */
  navigations: Array<{ url: string; prevented: boolean }>;
  /** Popups (window.open / target=_blank) handed to the window-open handler. */
  popups: Array<{ url: string; action: string }>;
  /** Binding calls refused before reaching ipcMain (no handler). */
  unhandledChannels: string[];
  /** Uncaught page errors and console errors of every window, from its first page on. */
  pageErrors: string[];
  /** Every invoke that reached a handler: channel, time in main (ms), response size on the wire (bytes). */
  invocations: Array<{ channel: string; at: number; ms: number; bytes: number }>;
  /** Events sent to the page: name and size on the wire (bytes). */
  sent: Array<{ channel: string; at: number; bytes: number }>;
}

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown;

/** The `IpcMainInvokeEvent` fields main reads. */
export interface InvokeEvent {
  sender: WebContentsStub;
  senderFrame: FrameStub | null;
  frameId: number;
  processId: number;
  type: 'frame';
}

interface State {
  config: StubConfig;
  record: StubRecord;
  handlers: Map<string, Listener>;
  dialogQueue: { open: unknown[]; save: unknown[]; message: unknown[] };
  readyAt: Promise<void>;
  isReady: boolean;
  quitting: boolean;
  quitDone: Promise<void>;
  resolveQuit: () => void;
  bypassGuards: boolean;
  key: Buffer;
  name: string;
  nextId: number;
}

let state: State | undefined;
const current = (): State => {
  if (!state) throw new Error('electron stub: resetStub() was not called before the main process started');
  return state;
};

const PACKAGE_VERSION = (() => {
  try {
    return (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/**
 * Starts a fresh launch: forgets every listener, handler, window and record of the previous launch.
 * @returns the record of this launch (live object)
 */
export function resetStub(config: StubConfig): StubRecord {
  app.removeAllListeners();
  ipcMain.removeAllListeners();
  let resolveQuit!: () => void;
  const quitDone = new Promise<void>((r) => (resolveQuit = r));
  const record: StubRecord = {
    windows: [], windowOptions: [], dialogCalls: [], openedExternal: [], followedExternal: [], sandboxEnabled: false, quit: false,
    navigations: [], popups: [], unhandledChannels: [], pageErrors: [], invocations: [], sent: [],
  };
  state = {
    config,
    record,
    handlers: new Map(),
    dialogQueue: { open: [], save: [], message: [] },
    isReady: false,
    readyAt: new Promise<void>((resolve) =>
      setImmediate(() => {
        if (state) state.isReady = true;
        app.emit('ready', {});
        resolve();
      }),
    ),
    quitting: false,
    quitDone,
    resolveQuit,
    bypassGuards: false,
    key: config.safeStorage?.key ?? randomBytes(32),
    name: 'leadforge',
    nextId: 1,
  };
  return record;
}

/** Queues the response of the next open dialog: a list of paths, or null to cancel. */
export function queueOpenDialog(paths: string[] | null): void {
  current().dialogQueue.open.push(paths ? { canceled: false, filePaths: paths } : { canceled: true, filePaths: [] });
}

/** Queues the response of the next save dialog: a path, or null to cancel. */
export function queueSaveDialog(filePath: string | null): void {
  current().dialogQueue.save.push(filePath ? { canceled: false, filePath } : { canceled: true, filePath: undefined });
}

/** Lets the test navigate the window itself (simulates a navigation that slipped past the guards). */
export async function withGuardsBypassed<T>(fn: () => Promise<T>): Promise<T> {
  const s = current();
  s.bypassGuards = true;
  try {
    return await fn();
  } finally {
    s.bypassGuards = false;
  }
}

/** Changes safeStorage's behaviour mid-launch (e.g. the keyring becomes unavailable). */
export function setSafeStorage(opts: { available?: boolean; backend?: string }): void {
  const s = current();
  s.config.safeStorage = { ...s.config.safeStorage, ...opts };
}

/**
 * Quits the app as the OS would (app.quit()) and waits for the quit sequence to finish (main's before-quit
 * handler may delay it while the core flushes).
 * @param timeoutMs give up after this long (ms)
 * @throws when the app did not quit in time
 */
export async function quitApp(timeoutMs = 20_000): Promise<void> {
  const s = current();
  app.quit();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    s.quitDone,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`app did not quit within ${timeoutMs} ms`)), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
}

/** Waits until a window has loaded its page. */
export async function waitForWindow(timeoutMs = 30_000): Promise<BrowserWindowStub> {
  const started = Date.now();
  for (;;) {
    const s = current();
    const win = s.record.windows.find((w) => w.loaded);
    if (win) return win;
    if (s.record.exitCode !== undefined) {
      const boxes = s.record.dialogCalls.filter((c) => c.kind === 'error').map((c) => JSON.stringify(c.options));
      throw new Error(`app exited with code ${s.record.exitCode} before opening a window${boxes.length ? `: ${boxes.join('; ')}` : ''}`);
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no window loaded within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The record of the current launch. */
export function stubRecord(): StubRecord {
  return current().record;
}

// ---------------------------------------------------------------------------------------------------- app

class AppStub extends EventEmitter {
  readonly isPackaged = false;
  readonly commandLine = { appendSwitch: (): void => undefined, hasSwitch: (): boolean => false, getSwitchValue: (): string => '' };

  getPath(name: string): string {
    const s = current();
    if (name === 'userData') return s.config.userData;
    if (name === 'temp') return os.tmpdir();
    return path.join(s.config.userData, '..', `electron-${name}`);
  }
  getAppPath(): string {
    return path.resolve(import.meta.dirname, '../../..');
  }
  getVersion(): string {
    return current().config.version ?? PACKAGE_VERSION;
  }
  getName(): string {
    return current().name;
  }
  setName(name: string): void {
    current().name = name;
  }
  getLocale(): string {
    return 'en-US';
  }
  enableSandbox(): void {
    current().record.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return current().config.singleInstanceLock ?? true;
  }
  releaseSingleInstanceLock(): void {}
  whenReady(): Promise<void> {
    return current().readyAt;
  }
  isReady(): boolean {
    return current().isReady;
  }
  focus(): void {}
  setAppUserModelId(): void {}

  /** Electron's quit sequence: before-quit (preventable) → close windows → will-quit (preventable) → quit. */
  quit(): void {
    const s = current();
    if (s.record.quit) return;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    s.quitting = true;
    void (async () => {
      for (const win of [...s.record.windows]) if (!win.isDestroyed()) await win.destroyAsync();
      let stop = false;
      this.emit('will-quit', { preventDefault: () => (stop = true) });
      if (stop) {
        s.quitting = false;
        return;
      }
      s.record.quit = true;
      this.emit('quit', {}, 0);
      s.resolveQuit();
    })();
  }

  exit(code = 0): void {
    const s = current();
    s.record.exitCode = code;
    s.record.quit = true;
    void Promise.all(s.record.windows.map((w) => (w.isDestroyed() ? undefined : w.destroyAsync()))).then(() => s.resolveQuit());
  }
}

export const app = new AppStub();

// ------------------------------------------------------------------------------------------------ ipcMain

class IpcMainStub extends EventEmitter {
  handle(channel: string, listener: Listener): void {
    const s = current();
    if (s.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    s.handlers.set(channel, listener);
  }
  handleOnce(channel: string, listener: Listener): void {
    this.handle(channel, async (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    current().handlers.delete(channel);
  }
}

export const ipcMain = new IpcMainStub();

// ------------------------------------------------------------------------------------------ frames, webContents

/** The WebFrameMain fields main reads; one instance per Playwright Frame (identity matters). */
export interface FrameStub {
  readonly url: string;
  readonly origin: string;
  readonly name: string;
  readonly parent: FrameStub | null;
  readonly top: FrameStub | null;
  readonly frameTreeNodeId: number;
  isDestroyed(): boolean;
}

const frames = new WeakMap<Frame, FrameStub>();
let frameIds = 1;
function frameFor(frame: Frame): FrameStub {
  let stub = frames.get(frame);
  if (stub) return stub;
  const id = frameIds++;
  stub = {
    get url() {
      return frame.url();
    },
    get origin() {
      try {
        return new URL(frame.url()).origin;
      } catch {
        return 'null';
      }
    },
    get name() {
      return frame.name();
    },
    get parent() {
      const p = frame.parentFrame();
      return p ? frameFor(p) : null;
    },
    get top() {
      let f = frame;
      while (f.parentFrame()) f = f.parentFrame()!;
      return frameFor(f);
    },
    frameTreeNodeId: id,
    isDestroyed: () => frame.isDetached(),
  };
  frames.set(frame, stub);
  return stub;
}

export { INVOKE_BINDING };

/**
 * The wire format of payloads between this process and the page: JSON text `{"value": …}`, or for payloads over
 * 32 KB `{"file": "file:///…"}` naming a temp file the page reads with XHR. Chromium's DevTools pipe takes time
 * superlinear in a message's size (about 2.7 s for 3 MB, ~16 ms for 100 KB), which would make 10k-entry responses
 * cost seconds here while Electron's structured clone costs tens of ms; a local file read costs ~0.1 s per 3 MB.
 */
const WIRE_FILE_THRESHOLD = 32 * 1024;
/** Name of the binding the page falls back to when it cannot read a wire file (e.g. a stricter CSP). */
export const TAKE_BINDING = '__leadforgeHarnessTake';

class Wire {
  private dir?: string;
  private seq = 0;
  private readonly files = new Map<string, string>();

  /** Size in bytes of the last encoded payload. */
  lastBytes = 0;

  /** Encodes a value for the page. */
  encode(value: unknown): string {
    const json = JSON.stringify({ value });
    this.lastBytes = json?.length ?? 0;
    if (json === undefined || json.length <= WIRE_FILE_THRESHOLD) return json ?? '{}';
    this.dir ??= mkdtempSync(path.join(os.tmpdir(), 'lf-harness-wire-'));
    const file = path.join(this.dir, `${++this.seq}.json`);
    writeFileSync(file, json);
    const url = pathToFileURL(file).href;
    this.files.set(url, file);
    setTimeout(() => this.release(url), 60_000).unref();
    return JSON.stringify({ file: url });
  }
  /** The text of a wire file (fallback path for the page). */
  take(url: string): string {
    const file = this.files.get(url);
    return file ? readFileSync(file, 'utf8') : '{}';
  }
  private release(url: string): void {
    const file = this.files.get(url);
    this.files.delete(url);
    if (file) rmSync(file, { force: true });
  }
  /** Removes every file (window closed). */
  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.files.clear();
  }
}

export class WebContentsStub extends EventEmitter {
  readonly id: number;
  page?: Page;
  windowOpenHandler?: (details: { url: string; frameName: string; features: string; disposition: string }) => { action: string };
  private destroyed = false;
  /** URL being loaded by loadURL/loadFile: not a will-navigate. */
  loadingUrl?: string;
  readonly wire = new Wire();

  constructor(readonly window: BrowserWindowStub) {
    super();
    this.id = current().nextId++;
  }
  get mainFrame(): FrameStub | undefined {
    return this.page ? frameFor(this.page.mainFrame()) : undefined;
  }
  get session(): typeof session.defaultSession {
    return session.defaultSession;
  }
  setWindowOpenHandler(handler: WebContentsStub['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  /** Pushes an event to the page's `ipcRenderer.on` listeners (fire and forget, in order). */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed || !this.page) return;
    const wire = this.wire.encode(args);
    current().record.sent.push({ channel, at: performance.now(), bytes: this.wire.lastBytes });
    void this.page
      .evaluate(
        ([c, wire]) => (globalThis as unknown as { __leadforgeHarness?: { dispatch(c: string, wire: string): void } }).__leadforgeHarness?.dispatch(c, wire),
        [channel, wire] as const,
      )
      .catch(() => undefined);
  }
  getURL(): string {
    return this.page?.url() ?? '';
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isLoading(): boolean {
    return false;
  }
  openDevTools(): void {}
  markDestroyed(): void {
    this.destroyed = true;
    this.wire.dispose();
    this.emit('destroyed');
  }
}

// ------------------------------------------------------------------------------------------- BrowserWindow

export class BrowserWindowStub extends EventEmitter {
  static getAllWindows(): BrowserWindowStub[] {
    return current().record.windows.filter((w) => !w.isDestroyed());
  }
  static fromWebContents(contents: WebContentsStub): BrowserWindowStub | null {
    return current().record.windows.find((w) => w.webContents === contents) ?? null;
  }
  static getFocusedWindow(): BrowserWindowStub | null {
    return BrowserWindowStub.getAllWindows()[0] ?? null;
  }

  readonly webContents: WebContentsStub;
  readonly options: Record<string, unknown>;
  context?: BrowserContext;
  page?: Page;
  loaded = false;
  private bounds: Rect;
  private maximized = false;
  private visible = false;
  private destroyed = false;
  private readonly ready: Promise<Page>;

  constructor(options: Record<string, unknown> = {}) {
    super();
    const s = current();
    this.options = options;
    s.record.windows.push(this);
    s.record.windowOptions.push(JSON.parse(JSON.stringify(options)) as Record<string, unknown>);
    this.bounds = {
      x: (options.x as number | undefined) ?? 100,
      y: (options.y as number | undefined) ?? 100,
      width: (options.width as number | undefined) ?? 800,
      height: (options.height as number | undefined) ?? 600,
    };
    this.webContents = new WebContentsStub(this);
    app.emit('web-contents-created', {}, this.webContents);
    this.ready = this.createPage();
    this.ready.catch(() => undefined);
  }

  private async createPage(): Promise<Page> {
    const s = current();
    const context = await s.config.browser.newContext({ viewport: { width: this.bounds.width, height: this.bounds.height }, deviceScaleFactor: 1 });
    this.context = context;
    // Payloads cross as JSON text (see Wire): Playwright's own serializer and the DevTools pipe take seconds for
    // a 10k-entry response, far from what Electron's structured clone costs.
    await context.exposeBinding(INVOKE_BINDING, async (source, channel: string, argsJson: string) => {
      const args = JSON.parse(argsJson) as unknown[];
      const at = performance.now();
      const value = await this.invoke(source.frame, channel, args);
      const ms = performance.now() - at;
      const wire = this.webContents.wire.encode(value);
      current().record.invocations.push({ channel, at, ms, bytes: this.webContents.wire.lastBytes });
      return wire;
    });
    await context.exposeBinding(TAKE_BINDING, (_source, url: string) => this.webContents.wire.take(url));
    // Functions the tests pass to page.evaluate may be transpiled by tsx/esbuild with keepNames, which wraps
    // them in `__name(fn, "name")`: give the page a no-op __name so such callbacks run (harness only).
    await context.addInitScript({ content: 'if (typeof globalThis.__name !== "function") Object.defineProperty(globalThis, "__name", { value: (f) => f });' });
    const prefs = (this.options.webPreferences ?? {}) as { preload?: string };
    if (prefs.preload) await context.addInitScript({ content: preloadInitScript(readFileSync(prefs.preload, 'utf8')) });
    await context.route(/^https?:/, (route) => this.routeRequest(route));
    const page = await context.newPage();
    this.trackPopups(context);
    page.on('pageerror', (err) => s.record.pageErrors.push(`[pageerror] ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') s.record.pageErrors.push(`[console] ${msg.text()}`);
    });
    this.page = page;
    this.webContents.page = page;
    return page;
  }

  /** ipcRenderer.invoke → the registered ipcMain handler, with the calling frame as senderFrame. */
  private async invoke(frame: Frame, channel: string, args: unknown[]): Promise<unknown> {
    const s = current();
    const listener = s.handlers.get(channel);
    if (!listener) {
      s.record.unhandledChannels.push(channel);
      throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    }
    const event: InvokeEvent = { sender: this.webContents, senderFrame: frameFor(frame), frameId: frameFor(frame).frameTreeNodeId, processId: 1, type: 'frame' };
    try {
      return await listener(event, ...args);
    } catch (err) {
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
    }
  }

  /**
   * Emulates will-navigate (main-frame navigations of the window's page) and the window-open handler (the first
   * request of a popup, whose frame Playwright cannot name yet) for http(s). A prevented navigation is aborted
   * with ERR_ABORTED, which, like Electron's preventDefault, leaves the page where it was.
   */
  private async routeRequest(route: Route): Promise<void> {
    const s = current();
    const request = route.request();
    if (s.bypassGuards || !request.isNavigationRequest()) return route.continue();
    let frame: Frame | undefined;
    try {
      frame = request.frame();
    } catch {
      frame = undefined; // a popup's first navigation: its frame does not exist yet
    }
    if (!frame || frame.page() !== this.page) {
      const details = { url: request.url(), frameName: '', features: '', disposition: 'foreground-tab' };
      const action = this.webContents.windowOpenHandler?.(details)?.action ?? 'allow';
      s.record.popups.push({ url: request.url(), action });
      return action === 'deny' ? route.abort('aborted') : route.continue();
    }
    if (frame !== this.page!.mainFrame() || this.webContents.loadingUrl === request.url()) return route.continue();
    let prevented = false;
    this.webContents.emit('will-navigate', { preventDefault: () => (prevented = true), url: request.url() }, request.url());
    s.record.navigations.push({ url: request.url(), prevented });
    return prevented ? route.abort('aborted') : route.continue();
  }

  /** Popups (window.open, target=_blank) never become windows here: closed once their request was decided. */
  private trackPopups(context: BrowserContext): void {
    context.on('page', (popup) => {
      if (popup === this.page) return;
      setTimeout(() => void popup.close().catch(() => undefined), 300);
    });
  }

  async loadURL(url: string): Promise<void> {
    const page = await this.ready;
    this.webContents.loadingUrl = url;
    try {
      await page.goto(url, { waitUntil: 'load' });
    } finally {
      this.webContents.loadingUrl = undefined;
    }
    this.loaded = true;
    this.webContents.emit('did-finish-load');
    this.emit('ready-to-show');
  }
  loadFile(file: string, opts: { hash?: string; query?: Record<string, string> } = {}): Promise<void> {
    const url = pathToFileURL(file);
    if (opts.query) for (const [k, v] of Object.entries(opts.query)) url.searchParams.set(k, v);
    if (opts.hash) url.hash = opts.hash;
    return this.loadURL(url.href);
  }

  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.emit('focus');
  }
  isFocused(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  unmaximize(): void {
    this.maximized = false;
    this.emit('unmaximize');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  /** Moves/resizes (emits resize + move as the OS would). */
  setBounds(bounds: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...bounds };
    // Electron resizes synchronously; the page may close before Chromium answers (quit right after), which is fine.
    this.page?.setViewportSize({ width: this.bounds.width, height: this.bounds.height }).catch(() => {});
    this.emit('resize');
    this.emit('move');
  }
  setMenuBarVisibility(): void {}
  setTitle(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Closes as the user would: 'close' (preventable), then destroy. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) void this.destroyAsync(true);
  }
  destroy(): void {
    void this.destroyAsync();
  }
  /** Destroys the window and its page; emits 'closed' (and window-all-closed when the last one closes outside a quit). */
  async destroyAsync(alreadyAskedClose = false): Promise<void> {
    if (this.destroyed) return;
    if (!alreadyAskedClose) this.emit('close', { preventDefault: () => undefined });
    this.destroyed = true;
    this.webContents.markDestroyed();
    await this.context?.close().catch(() => undefined);
    this.emit('closed');
    const s = current();
    if (!s.quitting && BrowserWindowStub.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

export const BrowserWindow = BrowserWindowStub;

/**
 * The init script that runs the real preload bundle (CommonJS) in the page's top frame, the way Electron runs a
 * sandboxed preload: `require('electron')` returns a shim with contextBridge, ipcRenderer and webUtils; no other
 * module can be required. Like Electron with nodeIntegrationInSubFrames off, it does not run in iframes.
 */
export function preloadInitScript(preloadSource: string): string {
  return `(() => {
  if (window.top !== window) return;
  const listeners = new Map();
  const filePaths = new WeakMap();
  const take = window[${JSON.stringify(TAKE_BINDING)}];
  // Decodes the wire format (see Wire in electron-stub.ts): inline JSON, or a temp file read with XHR.
  const wireLog = [];
  const decode = (text) => {
    const wire = JSON.parse(text);
    if (!('file' in wire)) return Promise.resolve(wire.value);
    const start = performance.now();
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', wire.file);
      xhr.onload = () => resolve(xhr.responseText);
      xhr.onerror = () => reject(new Error('wire file unreadable'));
      xhr.send();
    })
      .catch(() => take(wire.file))
      .then((json) => {
        const value = JSON.parse(json).value;
        wireLog.push({ start, end: performance.now(), bytes: json.length });
        return value;
      });
  };
  let events = Promise.resolve();
  const harness = {
    // Events keep their order even when one of them is read from a file.
    dispatch(channel, text) {
      events = events.then(() => decode(text)).then((args) => {
        for (const fn of [...(listeners.get(channel) || [])]) {
          try { fn({ senderId: 0 }, ...args); } catch (err) { console.error(err); }
        }
      }).catch((err) => console.error(err));
    },
    setFilePath(file, p) { filePaths.set(file, p); },
    // Large payloads read from wire files: { start, end } on the page clock (ms), bytes (benchmarks subtract it).
    wireLog,
  };
  Object.defineProperty(window, '__leadforgeHarness', { value: harness });
  const invoke = window[${JSON.stringify(INVOKE_BINDING)}];
  const electron = {
    contextBridge: {
      exposeInMainWorld(key, api) { Object.defineProperty(window, key, { value: api, enumerable: true }); },
    },
    ipcRenderer: {
      invoke: (channel, ...args) => invoke(channel, JSON.stringify(args)).then(decode),
      on(channel, fn) { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel).add(fn); return this; },
      removeListener(channel, fn) { listeners.get(channel)?.delete(fn); return this; },
    },
    webUtils: { getPathForFile: (file) => filePaths.get(file) ?? '' },
  };
  const require = (id) => {
    if (id === 'electron') return electron;
    throw new Error("Cannot find module '" + id + "' (sandboxed preload: only 'electron' can be required)");
  };
  const module = { exports: {} };
  const exports = module.exports;
  (function (require, module, exports) {
${preloadSource}
  })(require, module, exports);
})();`;
}

// ------------------------------------------------------------------------------------------- safeStorage

const MAGIC = Buffer.from('v10');

export const safeStorage = {
  isEncryptionAvailable: (): boolean => current().config.safeStorage?.available ?? true,
  getSelectedStorageBackend: (): string => current().config.safeStorage?.backend ?? 'gnome_libsecret',
  setUsePlainTextEncryption: (): void => undefined,
  /** AES-256-GCM: 'v10' | iv(12) | tag(16) | ciphertext. */
  encryptString(plainText: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current().key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
  },
  decryptString(encrypted: Buffer): string {
    if (!encrypted.subarray(0, 3).equals(MAGIC)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const iv = encrypted.subarray(3, 15);
    const tag = encrypted.subarray(15, 31);
    const decipher = createDecipheriv('aes-256-gcm', current().key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
  },
};

// ------------------------------------------------------------------------------------------------- dialog

const asOptions = (a: unknown, b: unknown): unknown => (b === undefined ? a : b);
function takeDialog(kind: 'open' | 'save' | 'message', options: unknown, fallback: unknown): unknown {
  const s = current();
  const response = s.dialogQueue[kind].shift();
  s.record.dialogCalls.push({ kind, options, response });
  return response ?? fallback;
}

export const dialog = {
  showOpenDialog: async (a: unknown, b?: unknown) => takeDialog('open', asOptions(a, b), { canceled: true, filePaths: [] }),
  showSaveDialog: async (a: unknown, b?: unknown) => takeDialog('save', asOptions(a, b), { canceled: true }),
  showMessageBox: async (a: unknown, b?: unknown) => takeDialog('message', asOptions(a, b), { response: 0, checkboxChecked: false }),
  showErrorBox: (title: string, content: string): void => void current().record.dialogCalls.push({ kind: 'error', options: { title, content } }),
};

// -------------------------------------------------------------------------------------------------- shell

export const shell = {
  async openExternal(url: string): Promise<void> {
    const s = current();
    s.record.openedExternal.push(url);
    if (!s.config.followExternal) return;
    void fetch(url, { redirect: 'follow' })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        s.record.followedExternal.push({ url, status: res.status });
      })
      .catch((err: Error) => s.record.followedExternal.push({ url, error: err.message }));
  },
  openPath: async (): Promise<string> => '',
  showItemInFolder: (): void => undefined,
};

// ------------------------------------------------------------------------------------------------ session

const defaultSession = {
  webRequest: {
    onHeadersReceived(listener: StubRecord['headersListener']): void {
      current().record.headersListener = listener;
    },
  },
  setPermissionRequestHandler(handler: StubRecord['permissionRequestHandler']): void {
    current().record.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: StubRecord['permissionCheckHandler']): void {
    current().record.permissionCheckHandler = handler;
  },
  setDevicePermissionHandler(): void {},
  on(): void {},
};

export const session = { defaultSession, fromPartition: () => defaultSession };

// ------------------------------------------------------------------------------------------- screen, misc

export const screen = {
  getAllDisplays: () =>
    (current().config.displays ?? [{ x: 0, y: 0, width: 1920, height: 1080 }]).map((workArea, i) => ({ id: i + 1, bounds: workArea, workArea, scaleFactor: 1 })),
  getPrimaryDisplay: () => screen.getAllDisplays()[0],
};

export const webUtils = { getPathForFile: (): string => '' };
export const Menu = { setApplicationMenu: (): void => undefined, buildFromTemplate: () => ({}) };
export const nativeTheme = { shouldUseDarkColors: false, themeSource: 'system', on: (): void => undefined };

export default { app, BrowserWindow, ipcMain, safeStorage, dialog, shell, session, screen, webUtils, Menu, nativeTheme };
