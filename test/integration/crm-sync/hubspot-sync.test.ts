import { afterEach, describe, expect, it } from 'vitest';
import { SettingsSchema } from '@shared/index';
import { processLeads } from '../../unit/crm/helpers';
import { duplicates, hubspotRig, manyLeads, type HubSpotRig } from './helpers';

let rig: HubSpotRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('sync to the HubSpot emulator through @hubspot/api-client', () => {
  it('first sync creates; the second changes nothing (no request); a changed lead is updated, never duplicated', async () => {
    rig = await hubspotRig({ leads: manyLeads(12) });
    const { hs, runtime } = rig;
    const preview = await runtime.api['crm:preview']({ kind: 'hubspot' });
    expect(preview.counts).toMatchObject({ create: 16, associate: 12 });
    expect(hs.records('contacts')).toHaveLength(0);

    const r1 = await runtime.api['crm:sync']({ kind: 'hubspot' });
    expect(r1).toMatchObject({ leads: 12, created: 16, failed: 0, associations: 12 });
    expect(r1.activities).toBeGreaterThan(0);
    const contacts = hs.records('contacts');
    expect(contacts).toHaveLength(12);
    expect(hs.records('companies')).toHaveLength(4);
    expect(hs.records('notes')).toHaveLength(r1.activities);
    const c0 = contacts.find((c) => c.properties.leadforge_lead_id === 'L0')!;
    expect(c0.properties).toMatchObject({ email: expect.stringMatching(/@co0\.example$/), leadforge_classification: expect.any(String) });
    expect(Number(c0.properties.leadforge_score)).toBeGreaterThan(0);
    expect(hs.associated('contacts', c0.id, 'companies')).toHaveLength(1);
    const notes = hs.records('notes');
    expect(hs.associated('notes', notes[0]!.id, 'contacts')).toHaveLength(1);

    hs.resetStats();
    const r2 = await runtime.api['crm:sync']({ kind: 'hubspot' });
    expect(r2).toMatchObject({ unchanged: 12, created: 0, updated: 0, failed: 0, requests: 0 });
    expect(hs.requests).toHaveLength(0);
    expect(hs.creates.contacts).toBe(12);
  });

  it('respects overwrite policies against records a rep edited in HubSpot', async () => {
    rig = await hubspotRig({ leads: manyLeads(3) });
    const { hs, runtime, store } = rig;
    await runtime.api['crm:sync']({ kind: 'hubspot' });
    const contact = hs.records('contacts').find((c) => c.properties.leadforge_lead_id === 'L1')!;
    // the rep edits the title and clears the city in HubSpot
    hs.record('contacts', contact.id)!.properties.jobtitle = 'Chief Growth Officer';
    hs.record('contacts', contact.id)!.properties.city = '';
    // LeadForge re-processes the lead with new data
    const changed = manyLeads(3).map((l) => (l.id === 'L1' ? { ...l, title: 'CEO', phone: '+1 415 555 0101' } : l));
    await processLeads(store, changed);
    const preview = await runtime.api['crm:preview']({ kind: 'hubspot', leadIds: ['L1'] });
    const op = preview.ops.find((o) => o.role === 'person')!;
    expect(op).toMatchObject({ action: 'update', crmId: contact.id });
    expect(op.kept).toContainEqual({ crmField: 'jobtitle', reason: 'HubSpot has a value ("Chief Growth Officer"), policy "if_empty"' });
    const r = await runtime.api['crm:sync']({ kind: 'hubspot' });
    expect(r.failed).toBe(0);
    const after = hs.record('contacts', contact.id)!.properties;
    expect(after.jobtitle).toBe('Chief Growth Officer');
    expect(after.city).toBe('San Francisco');
    expect(after.phone).toBe('+1 415 555 0101');
    expect(after.leadforge_seniority).toBe('c_level');
    expect(hs.records('contacts')).toHaveLength(3);
  });

  it('1,000 leads sync through a 429 storm with zero failures and zero duplicates', async () => {
    rig = await hubspotRig({ leads: manyLeads(1000, 4), emulator: { rateLimit: { max: 100, intervalMs: 10_000 } } });
    const { hs, runtime } = rig;
    const storm = hs.rateLimitStorm(30);
    const r = await runtime.api['crm:sync']({ kind: 'hubspot' });
    expect(storm.hits).toBe(30);
    expect(r.failed).toBe(0);
    expect(r.errors).toEqual([]);
    expect(r.retries).toBeGreaterThanOrEqual(30);
    const contacts = hs.records('contacts');
    expect(contacts).toHaveLength(1000);
    expect(duplicates(contacts, 'email')).toEqual([]);
    expect(hs.records('companies')).toHaveLength(250);
    expect(duplicates(hs.records('companies'), 'domain')).toEqual([]);
    expect(hs.stats().burstPeak).toBeLessThanOrEqual(100);
    const again = await runtime.api['crm:sync']({ kind: 'hubspot' });
    expect(again).toMatchObject({ unchanged: 1000, requests: 0 });
  }, 120_000);
});

describe('the lead flow with the CRM runtime (HubSpot emulator)', () => {
  it('the crm source reads HubSpot history: customers and other reps\' contacts are not drafted; the sync stage writes every lead', async () => {
    const leads = manyLeads(6);
    // start from an empty data dir: the rig processes nothing
    rig = await hubspotRig({ leads: [] });
    const { hs, runtime, store } = rig;
    const owner = hs.seedOwner({ id: '501', email: 'sam@acme.example', firstName: 'Sam', lastName: 'Other' });
    hs.seed('contacts', { email: leads[1]!.email!, lifecyclestage: 'customer' });
    hs.seed('contacts', { email: leads[2]!.email!, hubspot_owner_id: String(owner.id) });
    const runId = await processLeads(store, leads, SettingsSchema.parse({ pipeline: { dnsEnabled: false }, crm: { active: 'hubspot' } }), {
      sources: runtime.sources(),
      stages: runtime.stages(),
      resources: runtime.resources(),
    });
    const task = (leadId: string, stage: string) => store.collection<{ id: string; status: string; output?: unknown; error?: string }>('tasks').get(`${runId}:${leadId}:${stage}`)!;
    const score = (leadId: string) => task(leadId, 'score').output as { qualified: boolean; factors: { code: string; reason: string }[] };
    expect(score('L1').factors.find((f) => f.code === 'crm_customer')?.reason).toMatch(/^Already a customer in the CRM \(lifecycle stage "customer"\) \[from crm:hubspot\]/);
    expect(score('L2').factors.find((f) => f.code === 'crm_owned')?.reason).toMatch(/^Owned by Sam Other in the CRM/);
    expect(task('L1', 'draft').status).toBe('skipped');
    expect(task('L2', 'draft').status).toBe('skipped');
    expect(task('L0', 'draft').status).toBe('done');
    for (const l of leads) expect(task(l.id, 'sync'), l.id).toMatchObject({ status: 'done', output: { kind: 'hubspot', status: 'synced' } });
    const contacts = hs.records('contacts');
    expect(contacts).toHaveLength(6);
    expect(duplicates(contacts, 'email')).toEqual([]);
    // the customer's record was updated, not duplicated, and kept its lifecycle stage
    const customer = contacts.find((c) => c.properties.email === leads[1]!.email)!;
    expect(customer.properties.lifecyclestage).toBe('customer');
    expect(customer.properties.leadforge_lead_id).toBe('L1');
    expect(hs.records('notes').length).toBe(4);
  }, 60_000);
});
