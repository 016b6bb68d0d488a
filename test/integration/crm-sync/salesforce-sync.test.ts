import { afterEach, describe, expect, it } from 'vitest';
import { SettingsSchema, type Settings } from '@shared/index';
import { createAdapterFactory } from '../../../electron/core/crm/adapters';
import { createCrmRuntime, type CrmRuntime } from '../../../electron/core/crm/runtime';
import { memorySecrets } from '../../../electron/core/secrets';
import { Store } from '../../../electron/core/store/store';
import { customField, SalesforceEmulator } from '../../emulators/salesforce';
import { processLeads, tempDir } from '../../unit/crm/helpers';
import { manyLeads } from './helpers';

const FAST = { requestTimeoutMs: 5_000, totalRequestsWaitMs: 30, concurrentWaitMs: 10, policy: { baseDelayMs: 5, maxDelayMs: 40, breakerResetMs: 50 } };

let em: SalesforceEmulator | undefined;
let store: Store | undefined;
let runtime: CrmRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  await store?.close();
  await em?.close();
  em = undefined;
  store = undefined;
  runtime = undefined;
});

async function setup(mode: 'lead' | 'contact_account', n: number, salesforce: Partial<Settings['crm']['salesforce']> = {}) {
  em = await SalesforceEmulator.start();
  const token = em.plantToken();
  store = await Store.open({ dataDir: tempDir('leadforge-crm-sf-') });
  await processLeads(store, manyLeads(n), SettingsSchema.parse({ pipeline: { dnsEnabled: false } }));
  const settings = SettingsSchema.parse({ crm: { active: 'salesforce', salesforce: { loginUrl: em.url, mode, ...salesforce } } });
  runtime = createCrmRuntime({
    store,
    settings: () => settings,
    secrets: memorySecrets({ 'salesforce.accessToken': token, 'salesforce.instanceUrl': em.url }),
    openExternal: async () => undefined,
    emit: () => undefined,
    adapters: createAdapterFactory({ salesforce: FAST }),
  });
  return { em, runtime, token };
}

describe('sync to the Salesforce emulator through jsforce', () => {
  it('lead mode: creates Leads with LeadForge fields and Tasks; a re-run changes nothing; a rep\'s edit is kept', async () => {
    const { em, runtime } = await setup('lead', 8);
    const m = await runtime.api['crm:mappingGet']({ kind: 'salesforce' });
    expect(m.entries.map((e) => e.crmField)).toContain('LeadForge_Score__c');
    expect(m.issues.filter((i) => i.severity === 'error')).toEqual([]);

    const preview = await runtime.api['crm:preview']({ kind: 'salesforce' });
    expect(preview.counts).toMatchObject({ create: 8, associate: 0 });
    const r1 = await runtime.api['crm:sync']({ kind: 'salesforce' });
    expect(r1).toMatchObject({ leads: 8, created: 8, failed: 0 });
    const leads = em.records('Lead');
    expect(leads).toHaveLength(8);
    const l0 = leads.find((l) => l.LeadForge_Lead_Id__c === 'L0')!;
    expect(l0).toMatchObject({ Company: 'Company AAA', LastName: 'Lee', LeadForge_Classification__c: expect.any(String) });
    expect(typeof l0.LeadForge_Score__c === 'number' || typeof l0.LeadForge_Score__c === 'string').toBe(true);
    expect(em.records('Task')).toHaveLength(r1.activities);
    expect(r1.activities).toBeGreaterThan(0);

    const before = em.requests.length;
    const r2 = await runtime.api['crm:sync']({ kind: 'salesforce' });
    expect(r2).toMatchObject({ unchanged: 8, requests: 0 });
    expect(em.requests.length).toBe(before);

    // the rep edits a Lead's title in Salesforce; LeadForge's next change to that lead keeps it
    em.data.table('Lead').get(l0.Id)!.Title = 'Chief Revenue Officer';
    await processLeads(store!, manyLeads(1).map((l) => ({ ...l, title: 'CEO', phone: '+1 415 555 0199' })));
    const r3 = await runtime.api['crm:sync']({ kind: 'salesforce', leadIds: ['L0'] });
    expect(r3).toMatchObject({ updated: 1, failed: 0 });
    const after = em.data.table('Lead').get(l0.Id)!;
    expect(after.Title).toBe('Chief Revenue Officer');
    expect(after.Phone).toBe('+1 415 555 0199');
    expect(em.records('Lead')).toHaveLength(8);
  }, 60_000);

  it('contact + account mode: Accounts once per company, Contacts linked by AccountId', async () => {
    const { em, runtime } = await setup('contact_account', 9);
    const r1 = await runtime.api['crm:sync']({ kind: 'salesforce' });
    expect(r1).toMatchObject({ leads: 9, created: 12, associations: 9, failed: 0 });
    const accounts = em.records('Account');
    expect(accounts).toHaveLength(3);
    const contacts = em.records('Contact');
    expect(contacts).toHaveLength(9);
    expect(new Set(contacts.map((c) => c.AccountId))).toEqual(new Set(accounts.map((a) => a.Id)));
    expect((await runtime.api['crm:sync']({ kind: 'salesforce' })).unchanged).toBe(9);
  }, 60_000);

  it('without the custom fields the defaults leave them out, and a per-record error is kept per lead', async () => {
    em = await SalesforceEmulator.start({ customFields: { Lead: [customField('Company_Code__c', 'string', { unique: true, length: 80 })] } });
    const token = em.plantToken();
    store = await Store.open({ dataDir: tempDir('leadforge-crm-sf-') });
    await processLeads(store, manyLeads(3), SettingsSchema.parse({ pipeline: { dnsEnabled: false } }));
    const settings = SettingsSchema.parse({ crm: { active: 'salesforce', salesforce: { loginUrl: em.url, mode: 'lead' } } });
    runtime = createCrmRuntime({
      store, settings: () => settings, secrets: memorySecrets({ 'salesforce.accessToken': token, 'salesforce.instanceUrl': em.url }),
      openExternal: async () => undefined, emit: () => undefined, adapters: createAdapterFactory({ salesforce: FAST }),
    });
    const m = await runtime.api['crm:mappingGet']({ kind: 'salesforce' });
    expect(m.entries.some((e) => e.crmField.startsWith('LeadForge_'))).toBe(false);
    // a mapping naming a missing custom field is refused
    const refused = await runtime.api['crm:mappingSave']({ kind: 'salesforce', entries: [...m.entries, { appField: 'score', role: 'person', crmField: 'LeadForge_Score__c', policy: 'always' }] });
    expect(refused.saved).toBe(false);
    expect(refused.issues.at(-1)!.message).toContain('ask your Salesforce admin');
    // Salesforce refuses records (a unique field): those leads fail with Salesforce's own message and code, the other syncs
    const saved = await runtime.api['crm:mappingSave']({ kind: 'salesforce', entries: [...m.entries, { appField: 'company', role: 'person', crmField: 'Company_Code__c', policy: 'always' }] });
    expect(saved.saved).toBe(true);
    expect(saved.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const r = await runtime.api['crm:sync']({ kind: 'salesforce' });
    expect(r.failed).toBe(2);
    expect(r.errors.map((e) => e.code)).toEqual(['DUPLICATE_VALUE', 'DUPLICATE_VALUE']);
    expect(r.errors[0]!.message).toMatch(/^duplicate value found: Company_Code__c duplicates value on record with id: /);
    expect(em.records('Lead')).toHaveLength(1);
    const states = await runtime.api['crm:leadStates']({ kind: 'salesforce' });
    const failed = states.filter((s) => s.status === 'failed');
    expect(failed.map((s) => [s.error, s.errorCode])).toEqual(r.errors.map((e) => [e.message, e.code]));
  }, 60_000);
});
