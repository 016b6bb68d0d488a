import { afterEach, describe, expect, it } from 'vitest';
import { CrmError, type CrmWrite } from '../../../electron/core/crm/types';
import { createHubSpotAdapter } from '../../../electron/core/crm/hubspot';
import { memorySecrets } from '../../../electron/core/secrets';
import { FAST_POLICY, FIELDS, persons, rig, type Rig } from './helpers';

/** The HubSpot adapter through the real @hubspot/api-client against the emulator. */

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const count = (rg: Rig, method: string, path: RegExp): number => rg.hs.requests.filter((e) => e.method === method && path.test(e.path)).length;

describe('connection and schema', () => {
  it('tests the connection with account info, and refuses a bad token with HubSpot 401', async () => {
    r = await rig();
    expect(await r.adapter.testConnection()).toEqual({ account: `HubSpot portal ${r.hs.portalId}` });

    const bad = createHubSpotAdapter({ settings: r.settings, secrets: memorySecrets({ 'hubspot.accessToken': 'pat-na1-not-a-real-token' }), adapter: { policy: FAST_POLICY } });
    const err = await bad.testConnection().catch((e: unknown) => e);
    bad.close();
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).info).toMatchObject({ status: 401, code: 'INVALID_AUTHENTICATION', retryable: false });
    expect((err as CrmError).message).toContain('Authentication credentials not found');
    expect((err as CrmError).message).not.toContain('pat-na1-not-a-real-token');
  });

  it('describes fields with writability, uniqueness and enumeration options', async () => {
    r = await rig();
    const fields = await r.adapter.describeFields('person');
    const by = new Map(fields.map((f) => [f.name, f]));
    expect(by.get('email')).toMatchObject({ writable: true, unique: true, custom: false, type: 'string' });
    expect(by.get('createdate')).toMatchObject({ writable: false });
    expect(by.get('lifecyclestage')?.options).toContain('customer');
    const companies = new Map((await r.adapter.describeFields('account')).map((f) => [f.name, f]));
    expect(companies.get('domain')).toMatchObject({ unique: false, writable: true });
    expect(companies.get('industry')?.options).toContain('COMPUTER_SOFTWARE');
  });

  it('ensures the leadforge group and properties once (idempotent), with the unique keys', async () => {
    r = await rig();
    const first = await r.adapter.ensureSchema(FIELDS);
    expect(first.missing).toEqual([]);
    expect(first.created.sort()).toEqual(
      ['leadforge_activity_key', 'leadforge_classification', 'leadforge_company_key', 'leadforge_industry', 'leadforge_lead_id', 'leadforge_score', 'leadforge_score_reasons'].sort(),
    );
    const creates = count(r, 'POST', /^\/crm\/v3\/properties\/[^/]+$/);
    const again = await r.adapter.ensureSchema(FIELDS);
    expect(again).toEqual({ created: [], missing: [] });
    expect(count(r, 'POST', /^\/crm\/v3\/properties\/[^/]+$/)).toBe(creates);

    const contactProps = new Map(r.hs.properties('contacts').map((p) => [p.name, p]));
    expect(contactProps.get('leadforge_lead_id')).toMatchObject({ hasUniqueValue: true, groupName: 'leadforge' });
    expect(contactProps.get('leadforge_classification')).toMatchObject({ type: 'enumeration', fieldType: 'select' });
    expect(contactProps.get('leadforge_classification')?.options.map((o) => o.value)).toEqual(['high_intent', 'nurture', 'not_qualified']);
    expect(r.hs.properties('companies').find((p) => p.name === 'leadforge_company_key')?.hasUniqueValue).toBe(true);
    expect(r.hs.properties('notes').some((p) => p.name === 'leadforge_activity_key')).toBe(true);
    const described = (await r.adapter.describeFields('person')).find((f) => f.name === 'leadforge_score');
    expect(described).toMatchObject({ custom: true, writable: true, type: 'number' });
  });

  it('tolerates a property created by someone else meanwhile (409) and reports a key that exists without uniqueness', async () => {
    r = await rig();
    r.hs.seedProperty('contacts', { name: 'leadforge_lead_id', type: 'string', fieldType: 'text', hasUniqueValue: false });
    r.hs.inject({ match: { method: 'POST', path: '/crm/v3/properties/companies' }, fault: { type: 'status', status: 409, category: 'OBJECT_ALREADY_EXISTS', message: "Property named 'x' already exists." } });
    const res = await r.adapter.ensureSchema([]);
    expect(res.missing).toEqual(['leadforge_lead_id']);
  });
});

describe('persons', () => {
  it('upserts by email: the same list twice makes each contact once, in batches of 100', async () => {
    r = await rig();
    await r.adapter.ensureSchema(FIELDS);
    const writes = persons(150);
    const first = await r.adapter.writePersons(writes);
    expect(first.every((x) => x.ok && x.created === true && x.id)).toBe(true);
    expect(first.map((x) => x.key)).toEqual(writes.map((w) => w.key));
    expect(count(r, 'POST', /contacts\/batch\/upsert$/)).toBe(2);

    const again = await r.adapter.writePersons(writes.map((w) => ({ ...w, properties: { ...w.properties, email: w.properties.email!.toUpperCase(), leadforge_score: '99' } })));
    expect(again.every((x) => x.ok && x.created === false)).toBe(true);
    expect(again.map((x) => x.id)).toEqual(first.map((x) => x.id));
    expect(r.hs.records('contacts')).toHaveLength(150);
    expect(r.hs.creates.contacts).toBe(150);
    expect(r.hs.record('contacts', first[0]!.id!)?.properties).toMatchObject({ leadforge_score: '99', email: writes[0]!.properties.email });

    const found = await r.adapter.findPersonsByEmail(['P0@Example0.com', 'nobody@nowhere.io'], ['firstname', 'leadforge_score']);
    expect([...found.keys()]).toEqual(['p0@example0.com']);
    expect(found.get('p0@example0.com')).toEqual({ id: first[0]!.id, properties: { firstname: 'First0', leadforge_score: '99' } });
  });

  it('upserts persons without email by leadforge_lead_id, and finds them by lead id', async () => {
    r = await rig();
    await r.adapter.ensureSchema([]);
    const w: CrmWrite[] = [{ key: 'lead-a', properties: { firstname: 'No', lastname: 'Mail' } }, { key: 'lead-b', properties: { firstname: 'Also', email: '' } }];
    const first = await r.adapter.writePersons(w);
    const second = await r.adapter.writePersons(w);
    expect(first.map((x) => x.created)).toEqual([true, true]);
    expect(second.map((x) => [x.ok, x.created])).toEqual([[true, false], [true, false]]);
    expect(second.map((x) => x.id)).toEqual(first.map((x) => x.id));
    expect(r.hs.records('contacts')).toHaveLength(2);
    expect(r.hs.record('contacts', first[0]!.id!)?.properties.leadforge_lead_id).toBe('lead-a');
    const found = await r.adapter.findPersonsByLeadId(['lead-a', 'lead-zzz'], ['firstname']);
    expect([...found]).toEqual([['lead-a', { id: first[0]!.id, properties: { firstname: 'No' } }]]);
  });

  it('refuses lead-id upserts before the schema exists, with a clear per-record error', async () => {
    r = await rig();
    const [res] = await r.adapter.writePersons([{ key: 'lead-x', properties: { firstname: 'X' } }]);
    expect(res).toMatchObject({ key: 'lead-x', ok: false, error: { code: 'SCHEMA_MISSING' } });
    expect(await r.adapter.findPersonsByLeadId(['lead-x'], [])).toEqual(new Map());
  });

  it('updates by id and reads records back by id', async () => {
    r = await rig();
    const [c] = await r.adapter.writePersons([{ key: 'k', properties: { email: 'u@x.io', firstname: 'Old' } }]);
    const [u] = await r.adapter.writePersons([{ key: 'k', id: c!.id, properties: { firstname: 'New' } }]);
    expect(u).toEqual({ key: 'k', ok: true, id: c!.id, created: false });
    const got = await r.adapter.getRecords('person', [c!.id!, '999999'], ['firstname', 'jobtitle']);
    expect([...got]).toEqual([[c!.id, { id: c!.id, properties: { firstname: 'New', jobtitle: null } }]]);
  });

  it('keeps per-record errors: bad values fail their own record with HubSpot\'s message, the rest land', async () => {
    r = await rig();
    await r.adapter.ensureSchema(FIELDS);
    const good = persons(6, 'g');
    const writes = [
      ...good.slice(0, 3),
      { key: 'bad-option', properties: { email: 'bo@x.io', leadforge_classification: 'bogus' } },
      { key: 'bad-prop', properties: { email: 'bp@x.io', no_such_prop: 'x' } },
      { key: 'read-only', properties: { email: 'ro@x.io', createdate: '2020-01-01' } },
      ...good.slice(3),
    ];
    const res = await r.adapter.writePersons(writes);
    const by = new Map(res.map((x) => [x.key, x]));
    for (const g of good) expect(by.get(g.key)).toMatchObject({ ok: true, created: true });
    expect(by.get('bad-option')).toMatchObject({ ok: false, error: { code: 'INVALID_OPTION', status: 400 } });
    expect(by.get('bad-option')!.error!.message).toContain('bogus was not one of the allowed options');
    expect(by.get('bad-prop')).toMatchObject({ ok: false, error: { code: 'PROPERTY_DOESNT_EXIST', message: 'Property "no_such_prop" does not exist' } });
    expect(by.get('read-only')).toMatchObject({ ok: false, error: { code: 'READ_ONLY_VALUE' } });
    expect(r.hs.records('contacts')).toHaveLength(6);

    // A missing id (207 OBJECT_NOT_FOUND) and a unique-value clash (409 CONFLICT naming the existing id).
    const [a, b] = await r.adapter.writePersons([{ key: 'a', properties: { email: 'a@clash.io' } }, { key: 'b', properties: { email: 'b@clash.io' } }]);
    const upd = await r.adapter.writePersons([
      { key: 'gone', id: '424242', properties: { firstname: 'X' } },
      { key: 'clash', id: b!.id, properties: { email: 'a@clash.io' } },
      { key: 'fine', id: a!.id, properties: { firstname: 'A' } },
    ]);
    expect(upd[0]).toMatchObject({ key: 'gone', ok: false, error: { code: 'OBJECT_NOT_FOUND' } });
    expect(upd[1]).toMatchObject({ key: 'clash', ok: false, error: { code: 'CONFLICT', status: 409 } });
    expect(upd[1]!.error!.message).toBe(`Contact already exists. Existing ID: ${a!.id}`);
    expect(upd[2]).toMatchObject({ key: 'fine', ok: true, id: a!.id });
  });

  it('sends duplicate emails of one call in separate batches (HubSpot refuses duplicate ids in a batch)', async () => {
    r = await rig();
    const res = await r.adapter.writePersons([
      { key: 'x1', properties: { email: 'dup@x.io', firstname: 'One' } },
      { key: 'x2', properties: { email: 'DUP@x.io', firstname: 'Two' } },
    ]);
    expect(res.map((x) => x.ok)).toEqual([true, true]);
    expect(res[0]!.id).toBe(res[1]!.id);
    expect(r.hs.records('contacts')).toHaveLength(1);
  });
});

describe('accounts', () => {
  it('finds companies by domain (normalised, www and case), preferring the oldest duplicate', async () => {
    r = await rig();
    await r.adapter.ensureSchema([]);
    const older = r.hs.seed('companies', { name: 'Acme', domain: 'www.Acme.io' });
    r.hs.seed('companies', { name: 'Acme (dup)', domain: 'acme.io' });
    r.hs.seed('companies', { name: 'Other', domain: 'other.org' });
    const found = await r.adapter.findAccountsByDomain(['https://www.ACME.io/about', 'nothing.dev'], ['name']);
    expect([...found]).toEqual([['acme.io', { id: older, properties: { name: 'Acme' } }]]);
    expect(r.hs.requests.some((e) => e.path === '/crm/v3/objects/companies/search')).toBe(true);
  });

  it('upserts companies by leadforge_company_key: one company per domain, never duplicated on re-run', async () => {
    r = await rig();
    await r.adapter.ensureSchema(FIELDS);
    const writes: CrmWrite[] = [
      { key: 'l1', properties: { name: 'NewCo', domain: 'newco.com', leadforge_industry: 'SaaS' } },
      { key: 'l2', properties: { name: 'NewCo Inc', domain: 'www.NewCo.com', city: 'Paris' } },
      { key: 'l3', properties: { name: 'No Domain Ltd' } },
    ];
    const first = await r.adapter.writeAccounts(writes);
    expect(first.map((x) => [x.ok, x.created])).toEqual([[true, true], [true, false], [true, true]]);
    expect(first[0]!.id).toBe(first[1]!.id);
    const rec = r.hs.record('companies', first[0]!.id!)!;
    expect(rec.properties).toMatchObject({ name: 'NewCo', domain: 'newco.com', city: 'Paris', leadforge_company_key: 'newco.com' });
    expect(r.hs.record('companies', first[2]!.id!)!.properties.leadforge_company_key).toBe('name:no domain ltd');

    const again = await r.adapter.writeAccounts(writes);
    expect(again.map((x) => x.id)).toEqual(first.map((x) => x.id));
    expect(again.every((x) => x.ok && x.created === false)).toBe(true);
    expect(r.hs.creates.companies).toBe(2);

    const found = await r.adapter.findAccountsByDomain(['newco.com'], ['name']);
    expect(found.get('newco.com')?.id).toBe(first[0]!.id);
    // Found through the consistent key read: no search was needed.
    expect(r.hs.requests.some((e) => e.path === '/crm/v3/objects/companies/search')).toBe(false);
  });

  it('associates contacts with companies (v4 default type), idempotently, and reports missing records per pair', async () => {
    r = await rig();
    await r.adapter.ensureSchema(FIELDS);
    const [p1, p2] = await r.adapter.writePersons(persons(2));
    const [c1] = await r.adapter.writeAccounts([{ key: 'l', properties: { name: 'A', domain: 'a.io' } }]);
    const pairs = [
      { key: 'p-0', personId: p1!.id!, accountId: c1!.id! },
      { key: 'p-1', personId: p2!.id!, accountId: c1!.id! },
      { key: 'p-x', personId: p2!.id!, accountId: '987654' },
    ];
    const res = await r.adapter.associate(pairs);
    expect(res.map((x) => x.ok)).toEqual([true, true, false]);
    expect(res[2]!.error?.message).toContain('do not exist');
    expect(await r.adapter.associate(pairs.slice(0, 2))).toEqual([{ key: 'p-0', ok: true }, { key: 'p-1', ok: true }]);
    expect(r.hs.associated('contacts', p1!.id!, 'companies')).toEqual([c1!.id]);
    expect(r.hs.associated('companies', c1!.id!, 'contacts').sort()).toEqual([p1!.id, p2!.id].sort());
  });
});

describe('activities', () => {
  it('logs notes associated with the contact and company in one call, and finds them by key', async () => {
    r = await rig();
    await r.adapter.ensureSchema(FIELDS);
    const [p] = await r.adapter.writePersons(persons(1));
    const [c] = await r.adapter.writeAccounts([{ key: 'l', properties: { name: 'A', domain: 'a.io' } }]);
    const acts = [
      { key: 'leadforge:p-0:v1', leadKey: 'p-0', personId: p!.id!, accountId: c!.id!, subject: 'Idea for <A>', body: 'Hi Ann,\n\nLine two & more.', timestamp: '2026-11-20T10:00:00.000Z' },
      { key: 'leadforge:p-0:v1', leadKey: 'p-0b', personId: p!.id!, subject: 'same key', body: 'x', timestamp: '2026-11-20T10:00:00.000Z' },
    ];
    const res = await r.adapter.logActivities(acts);
    expect(res[0]).toMatchObject({ key: 'p-0', ok: true, created: true });
    expect(res[1]).toMatchObject({ key: 'p-0b', ok: true, created: false, id: res[0]!.id });
    expect(count(r, 'POST', /notes\/batch\/create$/)).toBe(1);
    const note = r.hs.record('notes', res[0]!.id!)!;
    expect(note.properties.hs_note_body).toBe('<p><strong>Idea for &lt;A&gt;</strong></p><p>Hi Ann,</p><p>Line two &amp; more.</p>');
    expect(note.properties.hs_timestamp).toBe('2026-11-20T10:00:00.000Z');
    expect(r.hs.associated('notes', note.id, 'contacts')).toEqual([p!.id]);
    expect(r.hs.associated('notes', note.id, 'companies')).toEqual([c!.id]);
    expect(await r.adapter.findActivity('leadforge:p-0:v1', p!.id!)).toBe(note.id);
    expect(await r.adapter.findActivity('leadforge:p-0:v2', p!.id!)).toBeUndefined();
  });

  it('logs tasks when the settings say task', async () => {
    r = await rig({ settings: { activity: 'task' } });
    expect(r.adapter.objects).toEqual({ person: 'contacts', account: 'companies', activity: 'tasks' });
    await r.adapter.ensureSchema(FIELDS);
    const [p] = await r.adapter.writePersons(persons(1));
    const [t] = await r.adapter.logActivities([{ key: 'k1', leadKey: 'p-0', personId: p!.id!, subject: 'Follow up', body: 'Send the draft', timestamp: '2026-11-21T09:00:00Z' }]);
    expect(t).toMatchObject({ ok: true, created: true });
    expect(r.hs.record('tasks', t!.id!)!.properties).toMatchObject({ hs_task_subject: 'Follow up', hs_task_body: '<p>Send the draft</p>', hs_task_status: 'NOT_STARTED' });
    expect(r.hs.associated('tasks', t!.id!, 'contacts')).toEqual([p!.id]);
    expect(await r.adapter.findActivity('k1', p!.id!)).toBe(t!.id);
  });

  it('fails an activity for a missing contact on its own, the others land', async () => {
    r = await rig();
    await r.adapter.ensureSchema(FIELDS);
    const [p] = await r.adapter.writePersons(persons(1));
    const res = await r.adapter.logActivities([
      { key: 'a', leadKey: 'la', personId: p!.id!, subject: 's', body: 'b', timestamp: '2026-11-21T09:00:00Z' },
      { key: 'b', leadKey: 'lb', personId: '555555', subject: 's', body: 'b', timestamp: '2026-11-21T09:00:00Z' },
    ]);
    expect(res.map((x) => x.ok)).toEqual([true, false]);
    expect(res[1]!.error).toMatchObject({ code: 'VALIDATION_ERROR', status: 400 });
    expect(r.hs.records('notes')).toHaveLength(1);
  });
});

describe('history', () => {
  it('reads owner, lifecycle stage, last activity, open deals and customer status', async () => {
    r = await rig();
    await r.adapter.ensureSchema([]);
    r.hs.seedOwner({ id: '501', email: 'sam@corp.io', firstName: 'Sam', lastName: 'Rep' });
    const company = r.hs.seed('companies', { name: 'Big', domain: 'big.io', lifecyclestage: 'customer' });
    const contact = r.hs.seed('contacts', { email: 'cto@big.io', lifecyclestage: 'customer', hubspot_owner_id: '501' }, [{ type: 'companies', id: company }]);
    r.hs.seed('deals', { dealname: 'Open', dealstage: 'qualifiedtobuy' }, [{ type: 'companies', id: company }]);
    r.hs.seed('deals', { dealname: 'Won', dealstage: 'closedwon' }, [{ type: 'companies', id: company }]);
    r.hs.seed('notes', { hs_timestamp: '2026-10-01T12:00:00.000Z', hs_note_body: 'call' }, [{ type: 'contacts', id: contact }]);

    const h = await r.adapter.history({ email: 'CTO@big.io', domain: 'big.io' });
    expect(h).toEqual({
      kind: 'hubspot',
      personId: contact,
      accountId: company,
      ownerId: '501',
      ownerName: 'Sam Rep',
      lifecycleStage: 'customer',
      lastActivityAt: '2026-10-01T12:00:00.000Z',
      openDeals: 1,
      isCustomer: true,
    });
    expect(await r.adapter.history({ email: 'nobody@none.io', domain: 'none.io', leadId: 'zz' })).toEqual({ kind: 'hubspot', openDeals: 0, isCustomer: false });
    const byDomain = await r.adapter.history({ domain: 'www.big.io' });
    expect(byDomain).toMatchObject({ accountId: company, openDeals: 1, isCustomer: true });
  });
});
