import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsSchema, type SyncPreview, type SyncResult } from '@shared/index';
import { Store } from '../../../electron/core/store/store';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../emulators/hubspot';
import { processLeads, tempDir } from '../../unit/crm/helpers';
import { duplicates, manyLeads, runCliAsync } from './helpers';

let hs: HubSpotEmulator | undefined;
afterEach(async () => {
  await hs?.close();
  hs = undefined;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A data dir with `n` processed leads (the real lead flow), closed so the CLI can lock it. */
async function processedDataDir(n: number): Promise<string> {
  const dir = tempDir('leadforge-cli-sync-');
  const store = await Store.open({ dataDir: dir });
  await processLeads(store, manyLeads(n), SettingsSchema.parse({ pipeline: { dnsEnabled: false } }));
  await store.close();
  return dir;
}

describe('leadforge sync (CLI) against the HubSpot emulator', () => {
  it('refuses without credentials, naming the variables (exit 1); a bad --crm is a usage error (exit 2)', async () => {
    const dir = tempDir();
    const none = await runCliAsync(['sync', '--crm', 'hubspot', '--data-dir', dir], { HUBSPOT_ACCESS_TOKEN: '', HUBSPOT_BASE_URL: '' });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('HUBSPOT_ACCESS_TOKEN');
    const sf = await runCliAsync(['sync', '--crm', 'salesforce', '--data-dir', dir], { SALESFORCE_INSTANCE_URL: '', SALESFORCE_ACCESS_TOKEN: '' });
    expect(sf.code).toBe(1);
    expect(sf.stderr).toContain('SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN');
    const bad = await runCliAsync(['sync', '--crm', 'pipedrive', '--data-dir', dir]);
    expect(bad.code).toBe(2);
  }, 60_000);

  it('dry run prints the preview, the real run syncs, a re-run changes nothing; the token leaks nowhere', async () => {
    const token = 'pat-na1-PLANTED-cli-token-7f3a9c2e1b';
    hs = await startHubSpotEmulator({ privateAppTokens: [token], rateLimit: false, searchRateLimit: false });
    const dir = await processedDataDir(9);
    const env = { HUBSPOT_ACCESS_TOKEN: token, HUBSPOT_BASE_URL: hs.url };
    const outputs: string[] = [];

    const wrong = await runCliAsync(['sync', '--crm', 'hubspot', '--data-dir', dir], { ...env, HUBSPOT_ACCESS_TOKEN: `${token}-revoked` });
    outputs.push(wrong.stdout, wrong.stderr);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^leadforge: HubSpot refused the credentials: .*Authentication credentials not found/);

    const dry = await runCliAsync(['sync', '--crm', 'hubspot', '--data-dir', dir, '--dry-run', '--json'], env);
    outputs.push(dry.stdout, dry.stderr);
    expect(dry.code, dry.stderr).toBe(0);
    const preview = JSON.parse(dry.stdout) as SyncPreview;
    expect(preview).toMatchObject({ kind: 'hubspot', leads: 9, counts: { create: 12, associate: 9 } });
    expect(hs.records('contacts')).toHaveLength(0);

    const human = await runCliAsync(['sync', '--crm', 'hubspot', '--data-dir', dir, '--dry-run'], env);
    outputs.push(human.stdout, human.stderr);
    expect(human.stdout).toMatch(/^Sync preview for HubSpot \(dry run, nothing written\): 9 leads/);
    expect(human.stdout).toMatch(/CREATE\s+person\s+contacts/);

    const real = await runCliAsync(['sync', '--crm', 'hubspot', '--data-dir', dir, '--json'], env);
    outputs.push(real.stdout, real.stderr);
    expect(real.code, real.stderr).toBe(0);
    const result = JSON.parse(real.stdout) as SyncResult;
    expect(result).toMatchObject({ kind: 'hubspot', leads: 9, created: 12, failed: 0 });
    expect(hs.records('contacts')).toHaveLength(9);

    const again = await runCliAsync(['sync', '--crm', 'hubspot', '--data-dir', dir], env);
    outputs.push(again.stdout, again.stderr);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Synced 9 leads to HubSpot in .*: 0 created, 0 updated, 9 unchanged/);
    expect(hs.records('contacts')).toHaveLength(9);
    expect(duplicates(hs.records('contacts'), 'email')).toEqual([]);

    const stored = filesUnder(dir).map((f) => readFileSync(f, 'utf8'));
    expect(stored.join('\n')).toContain('L0');
    for (const text of [...outputs, ...stored]) expect(text).not.toContain(token);
  }, 120_000);
});
