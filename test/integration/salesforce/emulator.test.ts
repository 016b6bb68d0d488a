import { Connection } from 'jsforce';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SalesforceEmulator } from '../../emulators/salesforce/index';

/** The emulator's REST surface as a plain client sees it (status codes, bodies, headers), through jsforce and fetch. */
let em: SalesforceEmulator;
let token: string;
let conn: Connection;
beforeEach(async () => {
  em = await SalesforceEmulator.start();
  token = em.plantToken();
  conn = new Connection({ instanceUrl: em.url, accessToken: token, version: '62.0', logLevel: 'NONE' });
});
afterEach(async () => {
  await em.close();
});

const get = (path: string, auth = token) => fetch(`${em.url}${path}`, { headers: { Authorization: `Bearer ${auth}` } });

describe('Salesforce emulator REST surface', () => {
  it('lists versions without auth and sends Sforce-Limit-Info on data API answers', async () => {
    const versions = (await (await fetch(`${em.url}/services/data/`)).json()) as { version: string; url: string }[];
    expect(versions.at(-1)).toEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    const r = await get('/services/data/v62.0/limits');
    expect(r.headers.get('sforce-limit-info')).toBe('api-usage=1/15000');
    expect(((await r.json()) as { DailyApiRequests: unknown }).DailyApiRequests).toEqual({ Max: 15000, Remaining: 14999 });
  });

  it('answers a bad token with 401 INVALID_SESSION_ID and the identity URL with 403 Bad_OAuth_Token', async () => {
    const r = await get('/services/data/v62.0/limits', 'nope');
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const id = await get(`/id/${em.orgId}/${em.userId}`, 'nope');
    expect([id.status, await id.text()]).toEqual([403, 'Bad_OAuth_Token']);
    expect(((await (await get('/services/oauth2/userinfo')).json()) as { organization_id: string }).organization_id).toBe(em.orgId);
  });

  it('creates one record (201) and retrieves it with attributes; unknown ids are 404 NOT_FOUND', async () => {
    const lead = await conn.sobject('Lead').create({ LastName: 'Lee', Company: 'Globex' });
    expect(lead).toEqual({ id: expect.stringMatching(/^00Q\w{15}$/), success: true, errors: [] });
    expect(em.requests.at(-1)!.status).toBe(201);
    const task = await conn.sobject('Task').create({ Subject: 'Call', WhoId: lead.id });
    const got = await conn.sobject('Task').retrieve(task.id!);
    expect(got).toMatchObject({ attributes: { type: 'Task', url: `/services/data/v62.0/sobjects/Task/${task.id}` }, Subject: 'Call', Status: 'Not Started', Priority: 'Normal', IsClosed: false });
    const missing = await get('/services/data/v62.0/sobjects/Lead/00Q5g00000000zzAAA');
    expect([missing.status, await missing.json()]).toEqual([404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]]);
    const bad = await conn.sobject('Lead').create({ Company: 'X' }).catch((e: { errorCode: string; message: string }) => e);
    expect(bad).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' });
  });

  it('returns SOQL errors like Salesforce', async () => {
    const q = async (soql: string) => {
      const r = await get(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`);
      return { status: r.status, body: (await r.json()) as { errorCode: string; message: string }[] };
    };
    expect((await q('SELECT Id FROM Lead WHERE')).body[0]!.errorCode).toBe('MALFORMED_QUERY');
    expect((await q('SELECT Nope FROM Lead')).body[0]).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining("No such column 'Nope' on entity 'Lead'") });
    expect((await q('SELECT Id FROM Nope')).body[0]!.errorCode).toBe('INVALID_TYPE');
    expect((await q("SELECT Id FROM Task WHERE Description = 'x'")).body[0]).toEqual({ errorCode: 'INVALID_FIELD', message: "field 'Description' can not be filtered in a query call" });
    const r = await get(`/services/data/v62.0/query?q=${'x'.repeat(17_000)}`);
    expect(r.status).toBe(414);
  });

  it('evaluates the SOQL subset: case-insensitive =, LIKE, IN, NOT, OR, ORDER BY, LIMIT, COUNT(), relationships', async () => {
    for (const [n, c] of [['Ann', 'Globex'], ['Bob', 'Initech'], ['Cy', 'globex']]) em.insert('Lead', { LastName: n, Company: c, Email: `${n!.toLowerCase()}@x.com` });
    const rows = async (soql: string) => ((await conn.request(`/query?q=${encodeURIComponent(soql)}`)) as { totalSize: number; records: Record<string, unknown>[] });
    expect((await rows("SELECT LastName FROM Lead WHERE Company = 'GLOBEX' ORDER BY LastName DESC")).records.map((r) => r.LastName)).toEqual(['Cy', 'Ann']);
    expect((await rows("SELECT Id FROM Lead WHERE Email LIKE 'b%' OR (NOT Company IN ('globex'))")).totalSize).toBe(1);
    expect((await rows("SELECT COUNT() FROM Lead WHERE Email != null AND LastName NOT IN ('Ann')")).totalSize).toBe(2);
    expect((await rows('SELECT Id FROM Lead ORDER BY LastName LIMIT 2')).records).toHaveLength(2);
    const owner = (await rows("SELECT Owner.Name, Owner.Username FROM Lead WHERE LastName = 'Ann'")).records[0]!.Owner as Record<string, unknown>;
    expect(owner).toMatchObject({ attributes: { type: 'User' }, Name: 'Integration User', Username: 'integration@leadforge.test' });
  });

  it('sObject Collections: ≤200 records, allOrNone rollback, upsert created flag', async () => {
    const many = { allOrNone: false, records: Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Lead' }, LastName: `L${i}`, Company: 'C' })) };
    const tooMany = await conn.requestPost('/composite/sobjects', many).catch((e: { errorCode: string }) => e);
    expect(tooMany).toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
    const rolled = (await conn.requestPost('/composite/sobjects', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Lead' }, LastName: 'A', Company: 'C' },
        { attributes: { type: 'Lead' }, LastName: 'B' },
      ],
    })) as { success: boolean; errors: { statusCode: string }[] }[];
    expect(rolled.map((r) => [r.success, r.errors[0]!.statusCode])).toEqual([
      [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
      [false, 'REQUIRED_FIELD_MISSING'],
    ]);
    expect(em.records('Lead')).toHaveLength(0);
    const body = { allOrNone: false, records: [{ attributes: { type: 'Lead' }, LeadForge_Lead_Id__c: 'k1', LastName: 'A', Company: 'C' }] };
    const first = (await conn.requestPatch('/composite/sobjects/Lead/LeadForge_Lead_Id__c', body)) as { created: boolean }[];
    const second = (await conn.requestPatch('/composite/sobjects/Lead/LeadForge_Lead_Id__c', body)) as { created: boolean }[];
    expect([first[0]!.created, second[0]!.created]).toEqual([true, false]);
    const notExt = await conn.requestPatch('/composite/sobjects/Lead/LastName', body).catch((e: { errorCode: string }) => e);
    expect(notExt).toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('counts usage and refuses past the daily limit with REQUEST_LIMIT_EXCEEDED', async () => {
    em.apiUsage.max = 2;
    await get('/services/data/v62.0/limits');
    await get('/services/data/v62.0/limits');
    const r = await get('/services/data/v62.0/limits');
    expect(r.status).toBe(403);
    expect(r.headers.get('sforce-limit-info')).toBe('api-usage=3/2');
    expect(await r.json()).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
  });
});
