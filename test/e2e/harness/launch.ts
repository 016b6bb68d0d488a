import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { register as registerTsx } from 'tsx/esm/api';
import { launchChromium } from './chromium';
import type * as Stub from './electron-stub';
import { nativeImport } from './native-import.mjs';
import { MAIN_BUNDLE } from './paths';

/** The electron stand-in module, as loaded by Node (the same instance the main bundle imports). */
export type StubModule = typeof Stub;

const HARNESS_DIR = path.dirname(new URL(import.meta.url).pathname);
const STUB_URL = pathToFileURL(path.join(HARNESS_DIR, 'electron-stub.ts')).href;

let hooksRegistered = false;
let launches = 0;

/**
 * Registers, once per process, tsx (so Node can load the TypeScript stub) and the hook mapping 'electron' to it
 * (and keeping each launch's bundle chunks in that launch's module graph).
 * @returns the stub module
 */
export async function loadStub(): Promise<StubModule> {
  if (!hooksRegistered) {
    registerTsx();
    register(pathToFileURL(path.join(HARNESS_DIR, 'resolve-electron.mjs')).href, {
      data: { stubUrl: STUB_URL, bundleDirUrl: pathToFileURL(`${path.dirname(MAIN_BUNDLE)}${path.sep}`).href },
    });
    hooksRegistered = true;
  }
  return nativeImport<StubModule>(STUB_URL);
}

/** Options of {@link launchApp}. */
export interface LaunchOptions {
  /** userData folder (created); window state, vault.json, config.json and logs live here. */
  userData: string;
  /** Data dir to open: written to userData/config.json as the rep's choice before start. */
  dataDir?: string;
  /** safeStorage behaviour; the key defaults to one derived from userData (same "OS keyring" across restarts). */
  safeStorage?: Stub.StubConfig['safeStorage'];
  /** Follow shell.openExternal URLs with a GET (OAuth against an emulator). */
  followExternal?: boolean;
  singleInstanceLock?: boolean;
  displays?: Stub.Rect[];
  /** Do not wait for a window (e.g. a launch expected to fail). */
  noWindow?: boolean;
}

/** A running app: the real main bundle in this process, its window a Playwright page. */
export interface LaunchedApp {
  stub: StubModule;
  record: Stub.StubRecord;
  browser: Browser;
  window?: Stub.BrowserWindowStub;
  page: Page;
  /** Page errors and console errors seen so far (`[pageerror] …`, `[console] …`). */
  pageErrors: string[];
  /** Quits the app (before-quit → core flushed and closed) and closes the browser. */
  quit(): Promise<void>;
}

/**
 * Starts the real built main process (out/main/index.js) with the electron stand-in and waits for its window
 * to load the real renderer. Each launch imports the bundle afresh (a new module instance: `?launch=N`), so a
 * "restart" is quit() followed by another launchApp() on the same userData/data dir.
 * @throws when the main process exits or no window loads within 30 s
 */
export async function launchApp(opts: LaunchOptions): Promise<LaunchedApp> {
  const stub = await loadStub();
  mkdirSync(opts.userData, { recursive: true });
  if (opts.dataDir) writeFileSync(path.join(opts.userData, 'config.json'), `${JSON.stringify({ dataDir: opts.dataDir })}\n`);
  const browser = await launchChromium();
  const key = opts.safeStorage?.key ?? createHash('sha256').update(`keyring:${opts.userData}`).digest();
  const record = stub.resetStub({
    browser,
    userData: opts.userData,
    safeStorage: { ...opts.safeStorage, key },
    followExternal: opts.followExternal,
    singleInstanceLock: opts.singleInstanceLock,
    displays: opts.displays,
  });
  launches += 1;
  await nativeImport(`${pathToFileURL(MAIN_BUNDLE).href}?launch=${launches}`);
  const quit = async (): Promise<void> => {
    try {
      if (!record.quit) await stub.quitApp();
    } finally {
      await browser.close().catch(() => undefined);
    }
  };
  if (opts.noWindow) {
    await new Promise((r) => setTimeout(r, 200));
    return { stub, record, browser, page: undefined as unknown as Page, pageErrors: record.pageErrors, quit };
  }
  let window: Stub.BrowserWindowStub;
  try {
    window = await stub.waitForWindow();
  } catch (err) {
    await quit();
    throw err;
  }
  return { stub, record, browser, window, page: window.page!, pageErrors: record.pageErrors, quit };
}
