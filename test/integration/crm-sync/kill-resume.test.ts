import { afterEach, describe, expect, it } from 'vitest';
import { SettingsSchema, type CrmSyncState, type QueueItem, type SyncResult } from '@shared/index';
import { Store } from '../../../electron/core/store/store';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../emulators/hubspot';
import { processLeads, tempDir } from '../../unit/crm/helpers';
import { duplicates, manyLeads, runCliAsync } from './helpers';

let hs: HubSpotEmulator | undefined;
afterEach(async () => {
  await hs?.close();
  hs = undefined;
});

/**
 * A real `leadforge sync` child process is SIGKILLed at random moments (during lookups, between the flushed
 * create intents and the writes, in the middle of batch writes, before the CRM ids are checkpointed), then run
 * again until it finishes. The CRM must end with exactly one contact per lead, one company per domain and one
 * note per draft: zero duplicates.
 */
describe('kill mid-sync and resume', () => {
  it('resumes after random SIGKILLs with zero duplicates in the CRM', async () => {
    const N = 1200;
    hs = await startHubSpotEmulator({ rateLimit: false, searchRateLimit: false, latencyMs: 15 });
    const dir = tempDir('leadforge-crm-kill-');
    const store = await Store.open({ dataDir: dir });
    await processLeads(store, manyLeads(N, 4), SettingsSchema.parse({ pipeline: { dnsEnabled: false } }));
    const drafts = [...store.collection<QueueItem>('drafts').values()].length;
    await store.close();
    expect(drafts).toBeGreaterThan(100);
    const env = { HUBSPOT_ACCESS_TOKEN: hs.privateAppToken, HUBSPOT_BASE_URL: hs.url };
    const args = ['sync', '--crm', 'hubspot', '--data-dir', dir, '--json'];

    let seed = 4242;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let kills = 0;
    const contactsAtKill: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      // kill after the child made a random number of CRM requests (a full run makes ~85), whatever its start-up time
      const base = hs.requests.length;
      const after = 1 + Math.floor(rand() * 35);
      const r = await runCliAsync(args, env, { killWhen: () => hs!.requests.length - base >= after });
      if (r.signal === 'SIGKILL') {
        kills++;
        contactsAtKill.push(hs.records('contacts').length);
      } else {
        expect(r.code, r.stderr).toBe(0);
        break;
      }
    }
    expect(kills).toBeGreaterThan(2);
    // at least one kill landed after some writes and before the end
    expect(contactsAtKill.some((n) => n > 0 && n < N), `contacts at each kill: ${contactsAtKill.join(', ')}`).toBe(true);

    const final = await runCliAsync(args, env);
    expect(final.code, `${final.stderr}\n${final.stdout.slice(0, 1500)}`).toBe(0);
    const result = JSON.parse(final.stdout) as SyncResult;
    expect(result.failed).toBe(0);

    const contacts = hs.records('contacts');
    expect(contacts).toHaveLength(N);
    expect(duplicates(contacts, 'email')).toEqual([]);
    expect(duplicates(contacts, 'leadforge_lead_id')).toEqual([]);
    expect(hs.creates.contacts).toBe(N);
    const companies = hs.records('companies');
    expect(companies).toHaveLength(N / 4);
    expect(duplicates(companies, 'domain')).toEqual([]);
    const notes = hs.records('notes');
    expect(duplicates(notes, 'leadforge_activity_key')).toEqual([]);
    expect(notes).toHaveLength(drafts);

    const check = await Store.open({ dataDir: dir });
    try {
      const states = [...check.collection<CrmSyncState>('crmSync').values()].filter((s) => !s.leadId.startsWith('@'));
      expect(states).toHaveLength(N);
      expect(states.filter((s) => s.status !== 'synced' || s.intent)).toEqual([]);
      expect(new Set(states.map((s) => s.personId)).size).toBe(N);
    } finally {
      await check.close();
    }
  }, 300_000);
});
