import { afterEach, describe, expect, it } from 'vitest';
import type { CrmSyncState, QueueItem } from '@shared/index';
import { defaultMapping } from '../../../electron/core/crm/mapping';
import { executeSync, planSync } from '../../../electron/core/crm/sync';
import type { SyncContext } from '../../../electron/core/crm/sync/context';
import type { Store } from '../../../electron/core/store/store';
import { FakeAdapter, FakeCrm } from './fake-adapter';
import { openStore, personLead, processLeads, makeLead } from './helpers';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function ctxFor(s: Store, adapter: FakeAdapter, over: Partial<SyncContext> = {}): SyncContext {
  return { kind: 'hubspot', adapter, store: s, mapping: defaultMapping('hubspot'), logActivities: true, ...over };
}

const states = (s: Store) => [...s.collection<CrmSyncState>('crmSync').values()];

describe('planSync (dry run)', () => {
  it('previews creates, associations and activities and writes nothing', async () => {
    store = await openStore();
    await processLeads(store, [personLead(1), personLead(2)]);
    const adapter = new FakeAdapter();
    const preview = await planSync(ctxFor(store, adapter));
    expect(preview.leads).toBe(2);
    const persons = preview.ops.filter((o) => o.role === 'person');
    expect(persons.map((o) => o.action)).toEqual(['create', 'create']);
    expect(persons[0]!.properties).toMatchObject({ email: 'bob.lee.1@globex1.com', firstname: 'Bob', lastname: 'Lee', jobtitle: 'VP Sales', leadforge_lead_id: 'p-1', leadforge_classification: 'high_intent' });
    expect(Number(persons[0]!.properties.leadforge_score)).toBeGreaterThan(0);
    expect(preview.ops.filter((o) => o.role === 'account').map((o) => o.properties.domain)).toEqual(['globex1.com', 'initech2.com']);
    expect(preview.counts.associate).toBe(2);
    expect(preview.counts.activity).toBe(2);
    // nothing written anywhere
    expect(adapter.crm.persons.size).toBe(0);
    expect(adapter.count('ensureSchema')).toBe(0);
    expect(['writePersons', 'writeAccounts', 'associate', 'logActivities'].map((m) => adapter.count(m))).toEqual([0, 0, 0, 0]);
    expect(states(store)).toEqual([]);
  });
});

describe('executeSync', () => {
  it('creates accounts, persons, associations and the draft note; a second sync is a no-op with no request', async () => {
    store = await openStore();
    // two leads at the same company share one account
    await processLeads(store, [personLead(1), personLead(8), personLead(2)]);
    const adapter = new FakeAdapter();
    const r1 = await executeSync(ctxFor(store, adapter));
    expect(r1.failed).toBe(0);
    expect(adapter.crm.persons.size).toBe(3);
    expect(adapter.crm.accounts.size).toBe(2);
    expect(adapter.crm.associations.size).toBe(3);
    expect(adapter.crm.activities.length).toBe(3);
    expect(r1.created).toBe(5);
    expect(r1.associations).toBe(3);
    expect(r1.activities).toBe(3);
    expect(adapter.crm.fields.some((f) => f.name === 'leadforge_score')).toBe(true);
    const lead1 = store.collection<CrmSyncState>('crmSync').get('hubspot:p-1')!;
    expect(lead1).toMatchObject({ status: 'synced', personObject: 'contacts', associated: true });
    expect(lead1.personId).toBeDefined();
    expect(lead1.intent).toBeUndefined();

    const before = adapter.stats.requests;
    const r2 = await executeSync(ctxFor(store, adapter));
    expect(r2).toMatchObject({ unchanged: 3, created: 0, updated: 0, failed: 0, requests: 0 });
    expect(adapter.stats.requests).toBe(before);
  });

  it('re-running after a lead changed updates it (never duplicates) and keeps the rep\'s CRM edits (if_empty)', async () => {
    store = await openStore();
    await processLeads(store, [personLead(1, { phone: undefined })]);
    const adapter = new FakeAdapter();
    await executeSync(ctxFor(store, adapter));
    const [id, contact] = [...adapter.crm.persons][0]!;
    contact.jobtitle = 'Chief Revenue Officer'; // the rep edited the title in the CRM
    contact.city = '';
    // the lead changes in LeadForge: new title and phone
    await processLeads(store, [personLead(1, { title: 'CEO', phone: '+1 415 555 0100', id: 'p-1' })]);
    const preview = await planSync(ctxFor(store, adapter));
    const op = preview.ops.find((o) => o.role === 'person')!;
    expect(op.action).toBe('update');
    expect(op.crmId).toBe(id);
    expect(op.properties.phone).toBe('+1 415 555 0100');
    expect(op.properties.city).toBe('San Francisco'); // empty in the CRM: filled
    expect(op.properties.jobtitle).toBeUndefined();
    expect(op.kept).toContainEqual({ crmField: 'jobtitle', reason: expect.stringContaining('if_empty') });
    const r = await executeSync(ctxFor(store, adapter));
    expect(r.failed).toBe(0);
    expect(adapter.crm.persons.size).toBe(1);
    expect(contact.jobtitle).toBe('Chief Revenue Officer');
    expect(contact.phone).toBe('+1 415 555 0100');
    expect(contact.leadforge_seniority).toBe('c_level'); // LeadForge's own field: policy always
  });

  it('updates a contact the CRM already had (found by email) instead of creating one', async () => {
    store = await openStore();
    await processLeads(store, [personLead(1)]);
    const crm = new FakeCrm();
    crm.persons.set('77', { email: 'BOB.Lee.1@globex1.com', firstname: 'Bobby' });
    const adapter = new FakeAdapter(crm);
    const r = await executeSync(ctxFor(store, adapter));
    expect(r.failed).toBe(0);
    expect(crm.persons.size).toBe(1);
    expect(crm.persons.get('77')!.firstname).toBe('Bobby');
    expect(crm.persons.get('77')!.lastname).toBe('Lee');
    expect(store.collection<CrmSyncState>('crmSync').get('hubspot:p-1')!.personId).toBe('77');
  });

  it('records a per-record error on its lead with the CRM message and syncs the others', async () => {
    store = await openStore();
    await processLeads(store, [personLead(1), personLead(2), personLead(3)]);
    const adapter = new FakeAdapter();
    adapter.reject = (method, item) => (method === 'writePersons' && item.key === 'p-2' ? { message: 'Property values were not valid: phone', code: 'VALIDATION_ERROR' } : undefined);
    const r = await executeSync(ctxFor(store, adapter));
    expect(r.failed).toBe(1);
    expect(r.errors).toEqual([{ leadId: 'p-2', message: 'Property values were not valid: phone', code: 'VALIDATION_ERROR' }]);
    expect(adapter.crm.persons.size).toBe(2);
    const s2 = store.collection<CrmSyncState>('crmSync').get('hubspot:p-2')!;
    expect(s2).toMatchObject({ status: 'failed', error: 'Property values were not valid: phone', errorCode: 'VALIDATION_ERROR' });
    expect(s2.intent).toBeUndefined(); // a rejection created nothing
    expect(store.collection<CrmSyncState>('crmSync').get('hubspot:p-1')!.status).toBe('synced');

    adapter.reject = undefined;
    const again = await executeSync(ctxFor(store, adapter));
    expect(again).toMatchObject({ failed: 0, unchanged: 2, created: 1 });
    expect(adapter.crm.persons.size).toBe(3);
  });

  it('after an answer lost on create (the CRM created the contacts), the next sync finds them: zero duplicates', async () => {
    store = await openStore();
    const leads = [personLead(1), personLead(2, { email: undefined, dedupeKey: 'x-2' })];
    await processLeads(store, leads);
    const adapter = new FakeAdapter();
    adapter.loseAnswer = (m) => m === 'writePersons';
    const r1 = await executeSync(ctxFor(store, adapter));
    expect(r1.failed).toBe(2);
    expect(adapter.crm.persons.size).toBe(2); // created although the answer was lost
    const s = store.collection<CrmSyncState>('crmSync').get('hubspot:p-2')!;
    expect(s.intent).toMatchObject({ op: 'createPerson', key: 'p-2' });
    expect(s.personId).toBeUndefined();

    adapter.loseAnswer = undefined;
    const r2 = await executeSync(ctxFor(store, adapter));
    expect(r2.failed).toBe(0);
    expect(adapter.crm.persons.size).toBe(2);
    expect(adapter.count('findPersonsByLeadId')).toBe(1); // only because of the intent
    const s2 = store.collection<CrmSyncState>('crmSync').get('hubspot:p-2')!;
    expect(s2.intent).toBeUndefined();
    expect(s2.personId).toBe([...adapter.crm.persons].find(([, p]) => p.leadforge_lead_id === 'p-2')![0]);
  });

  it('an activity whose answer was lost is found by its key, not logged twice', async () => {
    store = await openStore();
    await processLeads(store, [personLead(1)]);
    const adapter = new FakeAdapter();
    adapter.loseAnswer = (m) => m === 'logActivities';
    await executeSync(ctxFor(store, adapter));
    expect(adapter.crm.activities).toHaveLength(1);
    adapter.loseAnswer = undefined;
    const r = await executeSync(ctxFor(store, adapter));
    expect(r.failed).toBe(0);
    expect(adapter.crm.activities).toHaveLength(1);
    expect(adapter.count('findActivity')).toBe(1);
    expect(store.collection<CrmSyncState>('crmSync').get('hubspot:p-1')!.activityId).toBe(adapter.crm.activities[0]!.id);
  });

  it('logs the draft again only when the rep edited it', async () => {
    store = await openStore();
    await processLeads(store, [personLead(1)]);
    const adapter = new FakeAdapter();
    await executeSync(ctxFor(store, adapter));
    expect(adapter.crm.activities).toHaveLength(1);
    const q = store.collection<QueueItem>('drafts');
    const item = q.get('p-1')!;
    q.put({ ...item, seenAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
    expect((await executeSync(ctxFor(store, adapter))).activities).toBe(0);
    q.put({ ...item, draft: { ...item.draft, body: `${item.draft.body}\nP.S. edited` }, edited: true });
    const r = await executeSync(ctxFor(store, adapter));
    expect(r.activities).toBe(1);
    expect(adapter.crm.activities).toHaveLength(2);
    expect(adapter.crm.activities[1]!.body).toContain('P.S. edited');
  });

  it('company-only leads write the account; leads without a score are skipped', async () => {
    store = await openStore();
    const company = makeLead({ id: 'c-1', company: 'Globex', domain: 'globex.com', industry: 'Software' });
    await processLeads(store, [company]);
    const adapter = new FakeAdapter();
    const preview = await planSync(ctxFor(store, adapter), ['c-1', 'missing']);
    expect(preview.ops.map((o) => [o.leadId, o.role, o.action])).toEqual([
      ['c-1', 'account', 'create'], ['c-1', 'person', 'skip'], ['missing', 'person', 'skip'],
    ]);
    const r = await executeSync(ctxFor(store, adapter), ['c-1']);
    expect(r.failed).toBe(0);
    expect(adapter.crm.accounts.size).toBe(1);
    expect(adapter.crm.persons.size).toBe(0);
  });
});
