/**
 * Secrets in the running app (issue 3 item 1, issue 4 item 5): with a plain-text keyring backend the vault
 * refuses and nothing is written; with a real one the secret is stored encrypted and appears in no file of the
 * userData folder or data dir, in no IPC response and in no log. Also: a second instance opens nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { callBridge, tryBridge } from '../e2e/harness/bridge';
import { launchApp, type LaunchedApp } from '../e2e/harness/launch';
import { makeAppDirs, type AppDirs } from '../e2e/harness/temp';

const SECRET = 'client-secret-PLANTED-7f3a9c1e5b';

/** Every file under `dir` whose bytes contain `needle` (as text or base64). */
function filesContaining(dir: string, needle: string): string[] {
  if (!existsSync(dir)) return [];
  const hits: string[] = [];
  const b64 = Buffer.from(needle).toString('base64');
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p).toString('latin1');
        if (text.includes(needle) || text.includes(b64)) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}

let dirs: AppDirs | undefined;
let app: LaunchedApp | undefined;
afterEach(async () => {
  await app?.quit();
  app = undefined;
  dirs?.remove();
});

describe('vault in the running app', () => {
  test('the basic_text (plain-text) backend is refused with a clear message, and nothing is written', async () => {
    dirs = makeAppDirs('lf-sec-vault-');
    app = await launchApp({ userData: dirs.userData, dataDir: dirs.dataDir, safeStorage: { backend: 'basic_text' } });
    const outcome = await tryBridge(app.page, 'crm:saveClientSecret', { kind: 'hubspot', secret: SECRET });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(/No OS keyring found .*plain text/);
    expect(existsSync(path.join(dirs.userData, 'vault.json'))).toBe(false);
    await app.quit();
    app = undefined;
    expect(filesContaining(dirs.root, SECRET)).toEqual([]);
  });

  test('a stored secret is encrypted at rest and never comes back out: files, responses, log', async () => {
    dirs = makeAppDirs('lf-sec-vault-');
    app = await launchApp({ userData: dirs.userData, dataDir: dirs.dataDir });
    expect(await callBridge(app.page, 'crm:saveClientSecret', { kind: 'hubspot', secret: SECRET })).toEqual({ saved: true });
    const responses = JSON.stringify([await callBridge(app.page, 'crm:status', {}), await callBridge(app.page, 'settings:get', {}), await callBridge(app.page, 'app:info', {})]);
    expect(responses).not.toContain(SECRET);
    const vault = JSON.parse(readFileSync(path.join(dirs.userData, 'vault.json'), 'utf8')) as { entries: Record<string, string> };
    expect(Object.keys(vault.entries)).toEqual(['hubspot.clientSecret']);
    expect(await app.page.content()).not.toContain(SECRET);
    await app.quit();
    app = undefined;
    expect(filesContaining(dirs.root, SECRET)).toEqual([]);
  });
});

describe('single instance', () => {
  test('without the single-instance lock the app quits at once: no window, no data dir opened', async () => {
    dirs = makeAppDirs('lf-sec-single-');
    app = await launchApp({ userData: dirs.userData, dataDir: dirs.dataDir, singleInstanceLock: false, noWindow: true });
    expect(app.record.quit).toBe(true);
    expect(app.record.windows).toEqual([]);
    expect(existsSync(dirs.dataDir)).toBe(false);
  });
});
