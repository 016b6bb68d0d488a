/**
 * The IPC wrapper on the REAL built main process, called from the real preload in Chromium: payloads failing
 * their schema are rejected with a clear message and nothing runs; calls from a foreign frame (an iframe, even
 * one showing the app page; a main frame navigated to another page or origin) are refused before the handler
 * runs. "Nothing ran" is observed through `import:pickFile`, whose handler opens a dialog the stand-in records.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IPC_CHANNELS } from '@shared/ipc/channels';
import { methodName } from '@shared/ipc';
import { callBridge, rawInvoke, tryBridge } from '../e2e/harness/bridge';
import { launchApp, type LaunchedApp } from '../e2e/harness/launch';
import { RENDERER_INDEX } from '../e2e/harness/paths';
import type { PageWindow } from '../e2e/harness/page-types';
import { makeAppDirs, type AppDirs } from '../e2e/harness/temp';

const REFUSED = 'LeadForge refused this request: it did not come from the app window.';

let dirs: AppDirs;
let app: LaunchedApp;
let server: Server;
let origin: string;

beforeAll(async () => {
  dirs = makeAppDirs('lf-sec-ipc-');
  app = await launchApp({ userData: dirs.userData, dataDir: dirs.dataDir });
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    if (req.url === '/inner.html') res.end('<!doctype html><title>inner</title><p>inner</p>');
    else res.end('<!doctype html><title>evil</title><iframe src="/inner.html"></iframe>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.quit();
  await new Promise((r) => server?.close(r));
  dirs?.remove();
});

const dialogsOpened = () => app.record.dialogCalls.filter((c) => c.kind === 'open').length;
const backToApp = async () => {
  await app.stub.withGuardsBypassed(() => app.page.goto(pathToFileURL(RENDERER_INDEX).href));
};

describe('the bridge', () => {
  test('window.leadforge has one method per contract channel plus on and pathForFile, and nothing else', async () => {
    const keys = await app.page.evaluate(() => Object.keys((globalThis as unknown as PageWindow).leadforge).sort());
    expect(keys).toEqual([...IPC_CHANNELS.map((c) => methodName(c)), 'on', 'pathForFile'].sort());
    const leaked = await app.page.evaluate(() => ['ipcRenderer', 'require', 'process', 'electron'].filter((k) => k in globalThis));
    expect(leaked).toEqual([]);
  });

  test('on() accepts only contract events, and the listener receives the payload alone', async () => {
    const unknown = await app.page.evaluate(() => {
      try {
        (globalThis as unknown as { leadforge: { on(e: string, l: () => void): void } }).leadforge.on('app:secret', () => undefined);
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    });
    expect(unknown).toMatch(/unknown event "app:secret"/);
    await app.page.evaluate(() => {
      const w = globalThis as unknown as { leadforge: { on(e: string, l: (...a: unknown[]) => void): () => void }; __got?: unknown[][] };
      w.__got = [];
      w.leadforge.on('review:changed', (...args) => w.__got!.push(args));
    });
    app.window!.webContents.send('review:changed', { ids: ['a'] });
    await expect.poll(() => app.page.evaluate(() => (globalThis as unknown as { __got: unknown[][] }).__got)).toEqual([[{ ids: ['a'] }]]);
  });

  test('a trusted call works (the sender check is not simply refusing everything)', async () => {
    const info = await callBridge(app.page, 'app:info', {});
    expect(info.dataDir).toBe(dirs.dataDir);
    app.stub.queueOpenDialog(null);
    expect(await callBridge(app.page, 'import:pickFile', {})).toEqual({ path: null });
    expect(dialogsOpened()).toBe(1);
  });
});

describe('schema validation', () => {
  test('a payload failing its schema is rejected with the channel and field, and the handler does not run', async () => {
    const before = dialogsOpened();
    const extra = await tryBridge(app.page, 'import:pickFile', { sneaky: true });
    expect(extra.ok).toBe(false);
    expect(!extra.ok && extra.message).toMatch(/Invalid request to import:pickFile: .*sneaky/);
    expect(dialogsOpened()).toBe(before);

    const wrongType = await tryBridge(app.page, 'review:get', { id: 42 });
    expect(!wrongType.ok && wrongType.message).toMatch(/Invalid request to review:get: id: .*expected string/i);

    const badEnum = await tryBridge(app.page, 'runs:control', { runId: 'r1', action: 'rm -rf' });
    expect(!badEnum.ok && badEnum.message).toMatch(/Invalid request to runs:control: action:/);

    const notObject = await tryBridge(app.page, 'settings:save', 'settings');
    expect(!notObject.ok && notObject.message).toMatch(/Invalid request to settings:save/);
  });

  test('settings that fail the schema are not stored', async () => {
    const before = await callBridge(app.page, 'settings:get', {});
    const bad = { ...before, pipeline: { ...before.pipeline, concurrency: -3 } };
    const outcome = await tryBridge(app.page, 'settings:save', { settings: bad });
    expect(!outcome.ok && outcome.message).toMatch(/Invalid request to settings:save: settings\.pipeline\.concurrency/);
    expect((await callBridge(app.page, 'settings:get', {})).pipeline.concurrency).toBe(before.pipeline.concurrency);
  });
});

describe('foreign frames are refused before the handler runs', () => {
  test('an iframe showing the app page itself (not the main frame)', async () => {
    // A local page that frames the app's own index.html: the iframe's URL is the app URL, but it is a subframe.
    const host = path.join(dirs.root, 'frame-host.html');
    writeFileSync(host, `<!doctype html><title>host</title><iframe src="${pathToFileURL(RENDERER_INDEX).href}"></iframe>`);
    await app.stub.withGuardsBypassed(() => app.page.goto(pathToFileURL(host).href));
    await expect.poll(() => app.page.frames().length).toBe(2);
    const iframe = app.page.frames().find((f) => f !== app.page.mainFrame())!;
    await iframe.waitForLoadState();
    expect(iframe.url()).toBe(pathToFileURL(RENDERER_INDEX).href);

    const before = dialogsOpened();
    const fromIframe = await rawInvoke(iframe, 'import:pickFile', {});
    expect(fromIframe).toEqual({ ok: false, message: `Error invoking remote method 'import:pickFile': Error: ${REFUSED}` });
    // The host page is a main frame, but not the app page: refused too (through the real preload there).
    const fromHost = await tryBridge(app.page, 'import:pickFile', {});
    expect(fromHost).toEqual({ ok: false, message: `Error invoking remote method 'import:pickFile': Error: ${REFUSED}` });
    expect(dialogsOpened()).toBe(before);
    await backToApp();
  });

  test('a main frame navigated to another origin, and its iframes', async () => {
    await app.stub.withGuardsBypassed(() => app.page.goto(`${origin}/`));
    await expect.poll(() => app.page.frames().length).toBe(2);
    const before = dialogsOpened();
    // The preload runs on every main-frame document, as in Electron: the foreign page gets window.leadforge…
    const fromMain = await tryBridge(app.page, 'import:pickFile', {});
    expect(fromMain).toEqual({ ok: false, message: `Error invoking remote method 'import:pickFile': Error: ${REFUSED}` });
    // …and any channel, even a read, is refused.
    expect((await tryBridge(app.page, 'settings:get', {})).ok).toBe(false);
    const iframe = app.page.frames().find((f) => f !== app.page.mainFrame())!;
    const fromIframe = await rawInvoke(iframe, 'import:pickFile', {});
    expect(fromIframe.ok).toBe(false);
    expect(fromIframe.message).toContain(REFUSED);
    expect(dialogsOpened()).toBe(before);

    // Back on the app page, the same call works again: the refusal was about the sender.
    await backToApp();
    app.stub.queueOpenDialog(null);
    expect(await callBridge(app.page, 'import:pickFile', {})).toEqual({ path: null });
    expect(dialogsOpened()).toBe(before + 1);
  });

  test('refusals are logged with the reason (main log), never shown to the page', () => {
    const log = readFileSync(path.join(dirs.userData, 'logs/main.log'), 'utf8');
    expect(log).toMatch(/IPC import:pickFile refused: sender is not the main frame/);
    expect(log).toMatch(/IPC import:pickFile refused: sender frame is not the app page \(http:\/\/127\.0\.0\.1/);
    expect(log).toMatch(/IPC import:pickFile refused: sender frame is not the app page \(file:.*frame-host\.html\)/);
  });
});
