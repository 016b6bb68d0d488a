/** Window state validation (electron/main/window-state.ts) and the app config / data-dir choice (app-config.ts). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { chooseDataDir, loadAppConfig } from '../../../electron/main/app-config';
import { isAppUrl, appLocation } from '../../../electron/main/app-url';
import { isExternalWebUrl } from '../../../electron/main/open-external';
import { DEFAULT_WINDOW_STATE, loadWindowState, sanitizeWindowState } from '../../../electron/main/window-state';

const SCREEN = [{ x: 0, y: 0, width: 1920, height: 1040 }];
let dir: string;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  test('keeps a sane saved state', () => {
    expect(sanitizeWindowState({ x: 40, y: 30, width: 1400, height: 900, maximized: true }, SCREEN)).toEqual({ x: 40, y: 30, width: 1400, height: 900, maximized: true });
  });

  test('drops x/y of a window saved on a monitor that is gone, clamps sizes, rejects junk', () => {
    expect(sanitizeWindowState({ x: 4000, y: 200, width: 1200, height: 800, maximized: false }, SCREEN)).toEqual({ width: 1200, height: 800, maximized: false });
    expect(sanitizeWindowState({ x: 10, y: 10, width: 99_999, height: 300, maximized: false }, SCREEN)).toEqual({ x: 10, y: 10, width: 1920, height: 640, maximized: false });
    expect(sanitizeWindowState({ width: 'big' }, SCREEN)).toEqual(DEFAULT_WINDOW_STATE);
    expect(sanitizeWindowState(undefined, SCREEN)).toEqual(DEFAULT_WINDOW_STATE);
  });

  test('an unreadable file gives the defaults', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lf-ws-'));
    const file = path.join(dir, 'window-state.json');
    writeFileSync(file, '{ not json');
    expect(await loadWindowState(file, SCREEN)).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('app config and data dir', () => {
  test('env LEADFORGE_DATA_DIR wins, then the folder chosen in Settings, then the default', () => {
    expect(chooseDataDir({ dataDir: '/chosen' }, { LEADFORGE_DATA_DIR: '/from-env' })).toBe('/from-env');
    expect(chooseDataDir({ dataDir: '/chosen' }, {})).toBe('/chosen');
    expect(chooseDataDir({}, { XDG_CONFIG_HOME: '/xdg' })).toMatch(/leadforge$/);
  });

  test('a config with a relative or odd data dir is ignored with a warning naming the file and field', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lf-cfg-'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ dataDir: 'relative/dir' }));
    const warnings: string[] = [];
    expect(await loadAppConfig(dir, (m) => void warnings.push(m))).toEqual({});
    expect(warnings[0]).toContain(path.join(dir, 'config.json'));
    expect(warnings[0]).toContain('dataDir: must be an absolute path');
    expect(readFileSync(path.join(dir, 'config.json'), 'utf8')).toContain('relative/dir'); // left as is
  });
});

describe('app URL and external URLs', () => {
  const loc = appLocation({ indexPath: '/opt/LeadForge/resources/app.asar/out/renderer/index.html', env: {}, isPackaged: true });

  test('only the built index.html (any hash/query) is the app page', () => {
    expect(isAppUrl('file:///opt/LeadForge/resources/app.asar/out/renderer/index.html#/review', loc)).toBe(true);
    expect(isAppUrl('file:///opt/LeadForge/resources/app.asar/out/renderer/other.html', loc)).toBe(false);
    expect(isAppUrl('file:///tmp/index.html', loc)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', loc)).toBe(false);
    expect(isAppUrl('not a url', loc)).toBe(false);
  });

  test('a packaged app ignores ELECTRON_RENDERER_URL; in dev only a localhost dev server is accepted', () => {
    expect(appLocation({ indexPath: '/x/index.html', env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, isPackaged: true }).devServerUrl).toBeUndefined();
    const dev = appLocation({ indexPath: '/x/index.html', env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, isPackaged: false });
    expect(isAppUrl('http://localhost:5173/#/import', dev)).toBe(true);
    expect(appLocation({ indexPath: '/x/index.html', env: { ELECTRON_RENDERER_URL: 'https://evil.test' }, isPackaged: false }).devServerUrl).toBeUndefined();
  });

  test('only plain http(s) URLs may open in the browser', () => {
    expect(isExternalWebUrl('https://app.hubspot.com/oauth/authorize?client_id=1')).toBe(true);
    expect(isExternalWebUrl('http://127.0.0.1:4000/authorize')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/x', 'ms-msdt:/id', 'https://user:pw@host/', 'nonsense']) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});
