import { afterEach, describe, expect, it } from 'vitest';
import { customField } from '../../emulators/salesforce/index';
import { harness, leads, type Harness } from './helpers';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Salesforce adapter, lead mode', () => {
  it('describes Lead fields (writable = createable || updateable) and checks custom fields only', async () => {
    h = await harness();
    const fields = await h.adapter.describeFields('person');
    const by = new Map(fields.map((f) => [f.name, f]));
    expect(by.get('LastName')).toMatchObject({ role: 'person', type: 'string', writable: true, length: 80, custom: false });
    expect(by.get('Name')).toMatchObject({ writable: false });
    expect(by.get('IsConverted')).toMatchObject({ writable: false, type: 'boolean' });
    expect(by.get('LeadForge_Lead_Id__c')).toMatchObject({ custom: true, unique: true, writable: true });
    expect(by.get('Status')!.options).toContain('Open - Not Contacted');
    expect(await h.adapter.describeFields('account')).toEqual([]);
    expect(h.adapter.objects).toEqual({ person: 'Lead', activity: 'Task' });

    const schema = await h.adapter.ensureSchema([
      { role: 'person', name: 'LeadForge_Score__c', label: 'Score', type: 'number', fieldType: 'number' },
      { role: 'person', name: 'LeadForge_Missing__c', label: 'Missing', type: 'string', fieldType: 'text' },
      { role: 'account', name: 'LeadForge_Company_Key__c', label: 'Key', type: 'string', fieldType: 'text' },
    ]);
    expect(schema).toEqual({ created: [], missing: ['LeadForge_Missing__c'] });
  });

  it('creates leads in batches of ≤200, finds them by email, and updates them', async () => {
    h = await harness();
    const writes = leads(450);
    writes[3]!.properties.LeadForge_Score__c = '87';
    const created = await h.adapter.writePersons(writes);
    expect(created.every((r) => r.ok && r.created && r.id!.startsWith('00Q'))).toBe(true);
    expect(created.map((r) => r.key)).toEqual(writes.map((w) => w.key));
    const posts = h.em.dataRequests('POST', /\/composite\/sobjects$/);
    expect(posts.map((p) => (p.body as { records: unknown[] }).records.length)).toEqual([200, 200, 50]);
    expect(posts.every((p) => (p.body as { allOrNone: boolean }).allOrNone === false)).toBe(true);
    expect(h.em.records('Lead')).toHaveLength(450);
    expect(h.em.records('Lead').find((r) => r.Email === 'lead3@example3.com')!.LeadForge_Score__c).toBe(87); // sent as a number

    const emails = writes.map((w) => w.properties.Email!.toUpperCase());
    const found = await h.adapter.findPersonsByEmail([...emails, 'nobody@nowhere.com'], ['FirstName', 'Company', 'LeadForge_Score__c', 'Owner.Name']);
    expect(found.size).toBe(450);
    expect(found.get('lead3@example3.com')).toEqual({ id: created[3]!.id, properties: { FirstName: 'First3', Company: 'Company 3', LeadForge_Score__c: '87', 'Owner.Name': 'Integration User' } });
    // IN lists are batched so every query URL stays small.
    const queries = h.em.dataRequests('GET', /\/query$/);
    expect(queries.length).toBeGreaterThan(1);
    expect(Math.max(...queries.map((q) => q.search.length))).toBeLessThan(4_200);

    const updated = await h.adapter.writePersons([{ key: 'lead-3', id: created[3]!.id!, properties: { Title: 'CTO', Company: 'Renamed' } }]);
    expect(updated).toEqual([{ key: 'lead-3', ok: true, id: created[3]!.id, created: false }]);
    const rec = (await h.adapter.getRecords('person', [created[3]!.id!.slice(0, 15)], ['Title', 'Company'])).get(created[3]!.id!.slice(0, 15));
    expect(rec?.properties).toEqual({ Title: 'CTO', Company: 'Renamed' });
  });

  it('keeps per-record errors with the CRM code and message, and writes the valid records', async () => {
    h = await harness();
    const results = await h.adapter.writePersons([
      { key: 'ok', properties: { LastName: 'Fine', Company: 'Acme', Email: 'fine@acme.com' } },
      { key: 'no-company', properties: { LastName: 'Nocompany', Email: 'nc@acme.com' } },
      { key: 'bad-email', properties: { LastName: 'Bad', Company: 'Acme', Email: 'not-an-email' } },
      { key: 'read-only', properties: { LastName: 'Ro', Company: 'Acme', IsConverted: 'true' } },
    ]);
    expect(results[0]).toMatchObject({ key: 'ok', ok: true, created: true });
    expect(results[1]).toEqual({ key: 'no-company', ok: false, error: { message: 'Required fields are missing: [Company]', code: 'REQUIRED_FIELD_MISSING' } });
    expect(results[2]).toEqual({ key: 'bad-email', ok: false, error: { message: 'Email: invalid email address: not-an-email', code: 'INVALID_EMAIL_ADDRESS' } });
    expect(results[3]!.error!.code).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect(h.em.records('Lead').map((r) => r.LastName)).toEqual(['Fine']);

    const upd = await h.adapter.writePersons([{ key: 'gone', id: '00Q5g000000000ZZZZ', properties: { Title: 'x' } }]);
    expect(upd[0]).toMatchObject({ key: 'gone', ok: false, error: { code: 'ENTITY_IS_DELETED' } });
  });

  it('turns a request-level refusal (unknown field) into per-record failures with the CRM message', async () => {
    h = await harness();
    const results = await h.adapter.writePersons(leads(3).map((w) => ({ ...w, properties: { ...w.properties, Favourite_Colour__c: 'blue' } })));
    expect(results).toHaveLength(3);
    for (const r of results) {
      expect(r.ok).toBe(false);
      expect(r.error).toEqual({ message: "No such column 'Favourite_Colour__c' on sobject of type Lead", code: 'INVALID_FIELD', status: 400 });
    }
    expect(h.em.records('Lead')).toHaveLength(0);
    expect(h.em.dataRequests('POST')).toHaveLength(1); // a 400 is not retried
  });

  it('upserts by the configured external-ID field: idempotent, created flag, finds by lead id', async () => {
    h = await harness({ externalIdField: 'LeadForge_Lead_Id__c' });
    const writes = leads(250);
    const first = await h.adapter.writePersons(writes);
    expect(first.every((r) => r.ok && r.created === true)).toBe(true);
    const patches = h.em.dataRequests('PATCH', /\/composite\/sobjects\/Lead\/LeadForge_Lead_Id__c$/);
    expect(patches.map((p) => (p.body as { records: unknown[] }).records.length)).toEqual([200, 50]);
    const again = await h.adapter.writePersons(writes.map((w) => ({ ...w, properties: { ...w.properties, Title: 'VP' } })));
    expect(again.every((r) => r.ok && r.created === false)).toBe(true);
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(h.em.records('Lead')).toHaveLength(250);
    expect(h.em.records('Lead').every((r) => r.Title === 'VP' && typeof r.LeadForge_Lead_Id__c === 'string')).toBe(true);

    const byLead = await h.adapter.findPersonsByLeadId(['lead-7', 'lead-249', 'missing'], ['Email']);
    expect([...byLead.keys()].sort()).toEqual(['lead-249', 'lead-7']);
    expect(byLead.get('lead-7')).toEqual({ id: first[7]!.id, properties: { Email: 'lead7@example0.com' } });
  });

  it('reports a duplicate external id per record', async () => {
    h = await harness({ externalIdField: 'LeadForge_Lead_Id__c' });
    h.em.insert('Lead', { LastName: 'A', Company: 'X', LeadForge_Lead_Id__c: 'dup' });
    h.em.insert('Lead', { LastName: 'B', Company: 'X', LeadForge_Lead_Id__c: 'DUP-2' });
    h.em.data.tables.get('Lead')!.forEach((r) => (r.LeadForge_Lead_Id__c = 'dup')); // two records share a value (bad data)
    const [r] = await h.adapter.writePersons([{ key: 'dup', properties: { LastName: 'C', Company: 'X' } }]);
    expect(r).toMatchObject({ ok: false, error: { code: 'DUPLICATE_EXTERNAL_ID' } });
    // A plain create that collides with a unique value is refused the same way.
    const plain = await harness();
    try {
      plain.em.insert('Lead', { LastName: 'A', Company: 'X', LeadForge_Lead_Id__c: 'taken' });
      const [c] = await plain.adapter.writePersons([{ key: 'k', properties: { LastName: 'B', Company: 'Y', LeadForge_Lead_Id__c: 'taken' } }]);
      expect(c).toMatchObject({ ok: false, error: { code: 'DUPLICATE_VALUE' } });
      expect(c!.error!.message).toMatch(/^duplicate value found: LeadForge_Lead_Id__c duplicates value on record with id: 00Q/);
    } finally {
      await plain.close();
    }
  });

  it('escapes quotes and backslashes in SOQL literals (no injection)', async () => {
    h = await harness();
    h.em.insert('Lead', { LastName: "O'Brien", Company: 'X', Email: "o'brien@x.com" });
    h.em.insert('Lead', { LastName: 'Other', Company: 'X', Email: 'other@x.com' });
    const found = await h.adapter.findPersonsByEmail(["o'brien@x.com", "x' OR Email != '"], ['LastName']);
    expect([...found.keys()]).toEqual(["o'brien@x.com"]);
    await expect(h.adapter.findPersonsByEmail(['a@b.com'], ['Email FROM Lead--'])).rejects.toThrow('invalid Salesforce field name');
  });

  it('follows nextRecordsUrl across query batches', async () => {
    h = await harness({ emulator: { queryBatchSize: 50 } });
    const writes = leads(120);
    await h.adapter.writePersons(writes);
    const found = await h.adapter.findPersonsByEmail(writes.map((w) => w.properties.Email!), []);
    expect(found.size).toBe(120);
    expect(h.em.dataRequests('GET', /\/query\/01g/).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses account writes and associations in lead mode', async () => {
    h = await harness();
    expect(await h.adapter.writeAccounts([{ key: 'a', properties: { Name: 'X' } }])).toEqual([
      { key: 'a', ok: false, error: { message: 'Salesforce lead mode has no accounts (switch to Contact + Account mode)', code: 'NOT_SUPPORTED' } },
    ]);
    expect((await h.adapter.associate([{ key: 'a', personId: 'x', accountId: 'y' }]))[0]!.error!.code).toBe('NOT_SUPPORTED');
    expect((await h.adapter.findAccountsByDomain(['acme.com'], [])).size).toBe(0);
  });
});

describe('Salesforce adapter, contact + account mode', () => {
  it('creates accounts and contacts, associates them, and finds accounts by website domain', async () => {
    h = await harness({ mode: 'contact_account' });
    expect(h.adapter.objects).toEqual({ person: 'Contact', account: 'Account', activity: 'Task' });
    h.em.insert('Account', { Name: 'Old Acme', Website: 'https://www.acme.com/about' });
    h.em.insert('Account', { Name: 'Not Acme', Website: 'notacme.com' });
    const accounts = await h.adapter.writeAccounts([
      { key: 'l1', properties: { Name: 'Globex', Website: 'globex.io', NumberOfEmployees: '120' } },
      { key: 'l2', properties: { Name: 'Initech', Website: 'http://initech.com' } },
      { key: 'l3', properties: { Website: 'nameless.com' } },
    ]);
    expect(accounts[0]).toMatchObject({ ok: true, created: true });
    expect(accounts[2]).toMatchObject({ ok: false, error: { code: 'REQUIRED_FIELD_MISSING' } });
    expect(h.em.records('Account').find((a) => a.Name === 'Globex')!.NumberOfEmployees).toBe(120);

    const byDomain = await h.adapter.findAccountsByDomain(['ACME.com', 'www.globex.io', 'initech.com', 'none.org'], ['Name']);
    expect(Object.fromEntries([...byDomain].map(([k, v]) => [k, v.properties.Name]))).toEqual({ 'acme.com': 'Old Acme', 'globex.io': 'Globex', 'initech.com': 'Initech' });

    const contacts = await h.adapter.writePersons([
      { key: 'l1', properties: { FirstName: 'Ann', LastName: 'Lee', Email: 'ann@globex.io' } },
      { key: 'l2', properties: { FirstName: 'Bob', Email: 'bob@initech.com' } },
    ]);
    expect(contacts[0]).toMatchObject({ ok: true, created: true });
    expect(contacts[0]!.id!.startsWith('003')).toBe(true);
    expect(contacts[1]).toMatchObject({ ok: false, error: { code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' } });

    const assoc = await h.adapter.associate([
      { key: 'l1', personId: contacts[0]!.id!, accountId: accounts[0]!.id! },
      { key: 'bad', personId: contacts[0]!.id!, accountId: 'garbage' },
    ]);
    expect(assoc[0]).toEqual({ key: 'l1', ok: true, id: contacts[0]!.id, created: false });
    expect(assoc[1]).toMatchObject({ key: 'bad', ok: false, error: { code: 'MALFORMED_ID' } });
    expect(h.em.records('Contact')[0]!.AccountId).toBe(accounts[0]!.id);
  });

  it('upserts accounts by an external-ID field they carry (idempotent account creation)', async () => {
    h = await harness({ mode: 'contact_account' });
    const w = [{ key: 'l1', properties: { Name: 'Globex', Website: 'globex.io', LeadForge_Company_Key__c: 'globex.io' } }];
    const a = await h.adapter.writeAccounts(w);
    const b = await h.adapter.writeAccounts(w);
    expect(a[0]).toMatchObject({ ok: true, created: true });
    expect(b[0]).toMatchObject({ ok: true, created: false, id: a[0]!.id });
    expect(h.em.records('Account')).toHaveLength(1);
    expect(h.em.dataRequests('PATCH', /\/composite\/sobjects\/Account\/LeadForge_Company_Key__c$/)).toHaveLength(2);
  });

  it('reports missing custom fields of both objects', async () => {
    h = await harness({ mode: 'contact_account', emulator: { customFields: { Contact: [customField('LeadForge_Score__c', 'double')] } } });
    const r = await h.adapter.ensureSchema([
      { role: 'person', name: 'LeadForge_Score__c', label: 'S', type: 'number', fieldType: 'number' },
      { role: 'person', name: 'LeadForge_Lead_Id__c', label: 'L', type: 'string', fieldType: 'text' },
      { role: 'account', name: 'LeadForge_Company_Key__c', label: 'K', type: 'string', fieldType: 'text' },
    ]);
    expect(r).toEqual({ created: [], missing: ['LeadForge_Lead_Id__c', 'LeadForge_Company_Key__c'] });
  });

  it('reads history: owner, account type, last activity, open opportunities, customer flag', async () => {
    h = await harness({ mode: 'contact_account' });
    const owner = h.em.insert('User', { Username: 'jane@corp.test', Name: 'Jane Owner', Email: 'jane@corp.test', IsActive: true });
    const acct = h.em.insert('Account', { Name: 'Globex', Website: 'globex.io', Type: 'Customer - Direct', OwnerId: owner });
    h.em.insert('Contact', { LastName: 'Lee', Email: 'ann@globex.io', AccountId: acct, OwnerId: owner });
    h.em.insert('Opportunity', { Name: 'Deal 1', AccountId: acct, StageName: 'Prospecting', CloseDate: '2026-12-01' });
    h.em.insert('Opportunity', { Name: 'Deal 2', AccountId: acct, StageName: 'Negotiation/Review', CloseDate: '2026-12-01' });
    h.em.insert('Opportunity', { Name: 'Deal 3', AccountId: acct, StageName: 'Closed Won', CloseDate: '2026-01-01' });
    h.em.insert('Task', { Subject: 'Call', WhatId: acct, Status: 'Completed', ActivityDate: '2026-03-04' });

    const hist = await h.adapter.history({ email: 'Ann@Globex.io' });
    expect(hist).toEqual({
      kind: 'salesforce',
      personId: h.em.records('Contact')[0]!.Id,
      accountId: acct,
      ownerId: owner,
      ownerName: 'Jane Owner',
      lifecycleStage: 'Customer - Direct',
      lastActivityAt: '2026-03-04',
      openDeals: 2,
      isCustomer: true,
    });
    const byDomainOnly = await h.adapter.history({ domain: 'www.globex.io' });
    expect(byDomainOnly).toMatchObject({ accountId: acct, openDeals: 2, isCustomer: true, ownerName: 'Jane Owner' });
    expect(await h.adapter.history({ email: 'nobody@none.org', domain: 'none.org' })).toEqual({ kind: 'salesforce', openDeals: 0, isCustomer: false });
  });
});

describe('Salesforce history, lead mode', () => {
  it('uses Lead.Status as the stage and still flags customer accounts by domain', async () => {
    h = await harness();
    h.em.insert('Lead', { LastName: 'Lee', Company: 'Globex', Email: 'ann@globex.io', Status: 'Working - Contacted' });
    h.em.insert('Account', { Name: 'Globex', Website: 'globex.io', Type: 'Prospect' });
    const hist = await h.adapter.history({ email: 'ann@globex.io', domain: 'globex.io' });
    expect(hist).toMatchObject({ lifecycleStage: 'Working - Contacted', ownerName: 'Integration User', isCustomer: false, openDeals: 0 });
    expect(hist.personId!.startsWith('00Q')).toBe(true);
  });
});
