/**
 * Issue 4's journey on the REAL built app: connect HubSpot (the emulator from test/emulators/hubspot, driven by
 * the real @hubspot/api-client inside main) from the CRM screen with a private-app token, preview the sync, sync
 * now, and see the CRM ids on the leads; connect again through OAuth (system browser + loopback redirect); the
 * tokens are then found in no file, response, page or log.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHubSpotEmulator, type HubSpotEmulator } from '../emulators/hubspot';
import { callBridge } from './harness/bridge';
import { launchApp, type LaunchedApp } from './harness/launch';
import { goTo, screenshot, waitForScreen } from './harness/screens';
import { makeAppDirs, type AppDirs } from './harness/temp';

/** A small list of people with business emails (made up for this test). */
const PEOPLE = [
  ['Maya', 'Okafor', 'maya@ledgerly.io', 'VP Sales', 'Ledgerly', 'https://ledgerly.io', 'SaaS', 'San Francisco', 'USA', '45'],
  ['Tom', 'Becker', 'tom.becker@shipwise.com', 'Founder', 'Shipwise', 'https://shipwise.com', 'Software', 'New York', 'USA', '12'],
  ['Priya', 'Raman', 'priya@databloom.ai', 'Head of Growth', 'Databloom', 'https://databloom.ai', 'Analytics', 'London', 'United Kingdom', '80'],
  ['Lucas', 'Moreau', 'lucas@finlytics.fr', 'CEO', 'Finlytics', 'https://finlytics.fr', 'Fintech', 'Paris', 'France', '30'],
  ['Ana', 'Silva', 'ana.silva@cartpilot.com', 'Director of Marketing', 'CartPilot', 'https://cartpilot.com', 'Ecommerce', 'Austin', 'USA', '60'],
  ['Ben', 'Carter', 'ben@devstack.dev', 'CTO', 'DevStack', 'https://devstack.dev', 'Developer tools', 'Seattle', 'USA', '25'],
] as const;
const HEADER = 'First Name,Last Name,Email,Title,Company,Website,Industry,City,Country,Employees';

let dirs: AppDirs;
let app: LaunchedApp;
let hubspot: HubSpotEmulator;

beforeAll(async () => {
  hubspot = await startHubSpotEmulator({ rateLimit: false, searchRateLimit: false });
  dirs = makeAppDirs('lf-crm-');
  // followExternal: the stand-in shell follows the authorize URL like a browser whose user clicks "Connect".
  app = await launchApp({ userData: dirs.userData, dataDir: dirs.dataDir, followExternal: true });
});

afterAll(async () => {
  await app?.quit();
  await hubspot?.close();
  dirs?.remove();
});

/** Every file under `dir` containing `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (readFileSync(p).toString('latin1').includes(needle)) hits.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return hits;
}

describe('CRM: HubSpot from the app', () => {
  test('process a small list first (import → run)', async () => {
    const { page } = app;
    // Test set-up through the contract: HubSpot's API base is the emulator; DNS lookups off.
    const settings = await callBridge(page, 'settings:get', {});
    await callBridge(page, 'settings:save', {
      settings: { ...settings, pipeline: { ...settings.pipeline, dnsEnabled: false }, crm: { ...settings.crm, hubspot: { ...settings.crm.hubspot, baseUrl: hubspot.url } } },
    });
    const csv = path.join(dirs.root, 'people.csv');
    writeFileSync(csv, `${HEADER}\n${PEOPLE.map((p) => p.join(',')).join('\n')}\n`);
    await goTo(page, 'import', ['ready', 'empty']);
    app.stub.queueOpenDialog([csv]);
    await page.getByTestId('import-pick-file').click();
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-result-imported').textContent()).toBe(String(PEOPLE.length));
    await page.getByTestId('import-start-run').click();
    await waitForScreen(page, 'pipeline');
    await expect.poll(() => page.getByTestId('pipeline-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
  });

  test('connect with a private-app token', async () => {
    const { page } = app;
    await goTo(page, 'crm');
    await screenshot(page, '20-crm-disconnected');
    await page.getByTestId('crm-token-input').fill(hubspot.privateAppToken);
    await page.getByTestId('crm-connect-token').click();
    await expect.poll(() => page.getByTestId('crm-connection').getAttribute('data-connected'), { timeout: 30_000 }).toBe('true');
    const status = await callBridge(page, 'crm:status', {});
    expect(status.find((c) => c.kind === 'hubspot')).toMatchObject({ kind: 'hubspot', connected: true });
    await screenshot(page, '21-crm-connected');
  });

  test('preview, then sync now: contacts land in HubSpot and the leads show their CRM ids', async () => {
    const { page } = app;
    await page.getByTestId('crm-tab-sync').click();
    await page.getByTestId('crm-preview').click();
    await page.getByTestId('crm-preview-table').first().waitFor();
    expect(hubspot.records('contacts')).toHaveLength(0); // a preview writes nothing
    await screenshot(page, '22-crm-preview');

    await page.getByTestId('crm-sync-now').click();
    await page.getByTestId('crm-sync-result').waitFor({ timeout: 60_000 });
    await expect.poll(() => hubspot.records('contacts').length, { timeout: 30_000 }).toBe(PEOPLE.length);
    const emails = hubspot.records('contacts').map((r) => r.properties.email).sort();
    expect(emails).toEqual(PEOPLE.map((p) => p[2]).sort());
    // The preview on screen is refreshed after the sync: nothing is left to create.
    const creates = page.getByTestId('crm-preview-counts').locator('[data-action="create"]');
    await expect.poll(() => creates.getAttribute('data-count'), { timeout: 30_000 }).toBe('0');
    await screenshot(page, '23-crm-synced');

    await page.getByTestId('crm-tab-leads').click();
    await page.getByTestId('crm-lead-states').waitFor();
    const states = await callBridge(page, 'crm:leadStates', { kind: 'hubspot' });
    expect(states).toHaveLength(PEOPLE.length);
    const contactIds = new Set(hubspot.records('contacts').map((r) => r.id));
    for (const s of states) {
      expect(contactIds.has(s.personId!), JSON.stringify(s)).toBe(true);
      await page.getByTestId(`crm-lead-${s.leadId}`).waitFor();
    }
    await screenshot(page, '24-crm-lead-states');

    // Syncing again creates nothing new.
    const created = hubspot.creates;
    await callBridge(page, 'crm:sync', { kind: 'hubspot' });
    expect(hubspot.creates).toEqual(created);
  });

  test('OAuth: disconnect, then connect again through the system browser (loopback redirect)', async () => {
    const { page } = app;
    await page.getByTestId('crm-tab-connection').click();
    await page.getByTestId('crm-disconnect').click();
    await expect.poll(() => page.getByTestId('crm-connection').getAttribute('data-connected')).toBe('false');
    const settings = await callBridge(page, 'settings:get', {});
    await callBridge(page, 'settings:save', {
      settings: { ...settings, crm: { ...settings.crm, hubspot: { ...settings.crm.hubspot, clientId: hubspot.oauth.clientId, authorizeUrl: hubspot.authorizeUrl } } },
    });
    await page.reload(); // the CRM screen picks up the client id
    await goTo(page, 'crm');
    await page.getByTestId('crm-client-secret-input').fill(hubspot.oauth.clientSecret);
    await page.getByTestId('crm-save-client-secret').click();
    const opened = app.record.openedExternal.length;
    await page.getByTestId('crm-connect-oauth').click();
    await expect.poll(() => page.getByTestId('crm-connection').getAttribute('data-connected'), { timeout: 30_000 }).toBe('true');
    const authorize = new URL(app.record.openedExternal[opened]!);
    expect(authorize.origin + authorize.pathname).toBe(hubspot.authorizeUrl);
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(hubspot.oauthTokens().length).toBeGreaterThan(0);
    await screenshot(page, '25-crm-oauth-connected');
  });

  test('the token is never in a file, the page, a response or the log (only encrypted in the vault)', async () => {
    const token = hubspot.privateAppToken;
    const oauthToken = hubspot.oauthTokens().at(-1)!.token;
    expect(await app.page.content()).not.toContain(token);
    expect(await app.page.content()).not.toContain(oauthToken);
    const responses = JSON.stringify([
      await callBridge(app.page, 'crm:status', {}),
      await callBridge(app.page, 'settings:get', {}),
      await callBridge(app.page, 'crm:leadStates', { kind: 'hubspot' }),
    ]);
    expect(responses).not.toContain(token);
    expect(responses).not.toContain(oauthToken);
    await app.quit();
    expect(filesContaining(dirs.root, token)).toEqual([]);
    expect(filesContaining(dirs.root, oauthToken)).toEqual([]);
    expect(filesContaining(dirs.root, hubspot.oauth.clientSecret)).toEqual([]);
    expect(filesContaining(dirs.root, Buffer.from(token).toString('base64'))).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dirs.userData, 'vault.json'), 'utf8')).entries).toHaveProperty(['hubspot.accessToken']);
  });
});
