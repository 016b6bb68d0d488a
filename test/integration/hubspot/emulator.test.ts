import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../emulators/hubspot';

/**
 * The emulator's own contract, over raw HTTP: the status codes, bodies and headers HubSpot documents, since the
 * adapter tests are only as good as the emulator is faithful.
 */

let hs: HubSpotEmulator | undefined;
afterEach(async () => {
  await hs?.close();
  hs = undefined;
});

async function api(method: string, path: string, body?: unknown, token = hs!.privateAppToken): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${hs!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

describe('HubSpot emulator', () => {
  it('answers the documented success codes: batch create 201, upsert 200, read 200/207, basic create 201', async () => {
    hs = await startHubSpotEmulator();
    const created = await api('POST', '/crm/v3/objects/contacts/batch/create', { inputs: [{ properties: { email: 'a@x.io' } }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'COMPLETE', results: [{ properties: { email: 'a@x.io' } }] });
    const id = (created.body.results as { id: string }[])[0]!.id;
    const upsert = await api('POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: [{ id: 'A@x.io', idProperty: 'email', properties: { firstname: 'A' }, objectWriteTraceId: 't1' }] });
    expect(upsert.status).toBe(200);
    expect(upsert.body.results).toMatchObject([{ id, new: false, objectWriteTraceId: 't1' }]);
    const read = await api('POST', '/crm/v3/objects/contacts/batch/read', { idProperty: 'email', inputs: [{ id: 'a@x.io' }, { id: 'zz@x.io' }], properties: ['firstname'] });
    expect(read.status).toBe(207);
    expect(read.body).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['zz@x.io'] } }] });
    expect((await api('POST', '/crm/v3/objects/notes', { properties: { hs_timestamp: '2026-01-01T00:00:00Z' } })).status).toBe(201);
  });

  it('refuses like HubSpot: 401 body, 409 with the existing id, 400 property errors, non-unique idProperty', async () => {
    hs = await startHubSpotEmulator();
    const unauth = await api('GET', '/crm/v3/properties/contacts', undefined, 'nope');
    expect(unauth.status).toBe(401);
    expect(unauth.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION', correlationId: expect.any(String) });
    const { body } = await api('POST', '/crm/v3/objects/contacts', { properties: { email: 'dup@x.io' } });
    const dup = await api('POST', '/crm/v3/objects/contacts/batch/create', { inputs: [{ properties: { email: 'DUP@x.io' } }] });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: 'error', category: 'CONFLICT', message: `Contact already exists. Existing ID: ${String(body.id)}` });
    const bad = await api('POST', '/crm/v3/objects/contacts/batch/create', { inputs: [{ properties: { email: 'b@x.io', lifecyclestage: 'nope' } }, { properties: { email: 'c@x.io' } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.category).toBe('VALIDATION_ERROR');
    expect(String(bad.body.message)).toMatch(/^Property values were not valid: \[\{"isValid":false,.*"error":"INVALID_OPTION","name":"lifecyclestage"/);
    expect(hs.records('contacts')).toHaveLength(1);
    const byDomain = await api('POST', '/crm/v3/objects/companies/batch/upsert', { inputs: [{ id: 'a.io', idProperty: 'domain', properties: {} }] });
    expect(byDomain).toMatchObject({ status: 400, body: { message: 'Unable to perform update/upsert by non-unique 0-2 property' } });
    const prop = { name: 'x_key', label: 'X', type: 'string', fieldType: 'text', groupName: 'contactinformation', hasUniqueValue: true };
    expect((await api('POST', '/crm/v3/properties/contacts', prop)).status).toBe(201);
    expect((await api('POST', '/crm/v3/properties/contacts', prop)).body).toMatchObject({ category: 'OBJECT_ALREADY_EXISTS' });
    expect((await api('POST', '/crm/v3/properties/notes', { ...prop, groupName: 'engagement' })).status).toBe(400);
  });

  it('enforces the ten-secondly burst limit with HubSpot\'s headers and 429 body', async () => {
    hs = await startHubSpotEmulator({ rateLimit: { max: 3, intervalMs: 1_000 } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api('GET', '/crm/v3/properties/contacts'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]!.headers.get('x-hubspot-ratelimit-max')).toBe('3');
    expect(answers[0]!.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('1000');
    expect(answers[0]!.headers.get('x-hubspot-ratelimit-remaining')).toBe('2');
    expect(answers[0]!.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
    expect(answers[3]!.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String),
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: expect.stringMatching(/:62515$/),
    });
    await new Promise((r) => setTimeout(r, 1_050));
    expect((await api('GET', '/crm/v3/properties/contacts')).status).toBe(200);
    expect(hs.stats()).toMatchObject({ rateLimited: 1, burstPeak: 3 });
  });

  it('limits CRM search to its own per-second window, without rate-limit headers', async () => {
    hs = await startHubSpotEmulator({ searchRateLimit: { max: 2, intervalMs: 1_000 } });
    const q = { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] }], limit: 10 };
    const a = [];
    for (let i = 0; i < 3; i++) a.push(await api('POST', '/crm/v3/objects/contacts/search', q));
    expect(a.map((x) => x.status)).toEqual([200, 200, 429]);
    expect(a[0]!.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    expect(a[2]!.body).toMatchObject({ message: 'You have reached your secondly limit.', policyName: 'SECONDLY', errorType: 'RATE_LIMIT' });
  });

  it('searches with IN (lowercase values), CONTAINS_TOKEN wildcards, 200-per-page limit and after paging', async () => {
    hs = await startHubSpotEmulator({ searchRateLimit: false });
    for (let i = 0; i < 450; i++) hs.seed('companies', { name: `C${i}`, domain: i % 2 ? `Shop${i}.com` : `site${i}.io` });
    const search = (body: unknown) => api('POST', '/crm/v3/objects/companies/search', body);
    const inLower = await search({ filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'IN', values: ['shop1.com', 'Shop3.com'] }] }], properties: ['domain'] });
    expect((inLower.body.results as { properties: { domain: string } }[]).map((r) => r.properties.domain)).toEqual(['Shop1.com']);
    const token = await search({ filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'CONTAINS_TOKEN', value: '*.io' }] }], limit: 200 });
    expect(token.body.total).toBe(225);
    expect(token.body.paging).toEqual({ next: { after: '200' } });
    const page2 = await search({ filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'CONTAINS_TOKEN', value: '*.io' }] }], limit: 200, after: '200' });
    expect((page2.body.results as unknown[]).length).toBe(25);
    expect(page2.body.paging).toBeUndefined();
    expect((await search({ limit: 201 })).status).toBe(400);
  });

  it('runs the OAuth endpoints: authorize redirect, code exchange, refresh, token metadata, HubSpot error statuses', async () => {
    hs = await startHubSpotEmulator();
    const redirect = 'http://127.0.0.1:9/callback';
    const auth = await fetch(`${hs.authorizeUrl}?client_id=${hs.oauth.clientId}&redirect_uri=${encodeURIComponent(redirect)}&scope=oauth&state=s1`, { redirect: 'manual' });
    expect(auth.status).toBe(302);
    const loc = new URL(auth.headers.get('location')!);
    expect(loc.searchParams.get('state')).toBe('s1');
    const form = (f: Record<string, string>) =>
      fetch(`${hs!.url}/oauth/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(f) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const base = { client_id: hs.oauth.clientId, client_secret: hs.oauth.clientSecret, redirect_uri: redirect };
    const tok = await form({ ...base, grant_type: 'authorization_code', code: loc.searchParams.get('code')! });
    expect(tok).toMatchObject({ status: 200, body: { token_type: 'bearer', expires_in: 1800, access_token: expect.any(String), refresh_token: expect.any(String) } });
    expect(await form({ ...base, grant_type: 'authorization_code', code: loc.searchParams.get('code')! })).toMatchObject({ status: 400, body: { status: 'BAD_AUTH_CODE' } });
    const refreshed = await form({ client_id: base.client_id, client_secret: base.client_secret, grant_type: 'refresh_token', refresh_token: String(tok.body.refresh_token) });
    expect(refreshed.body.refresh_token).toBe(tok.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(tok.body.access_token);
    expect(await form({ ...base, client_secret: 'x', grant_type: 'refresh_token', refresh_token: 'r' })).toMatchObject({ body: { status: 'BAD_CLIENT_SECRET' } });
    const meta = await fetch(`${hs.url}/oauth/v1/access-tokens/${String(refreshed.body.access_token)}`).then((r) => r.json());
    expect(meta).toMatchObject({ hub_id: 62515, token_type: 'access', user: 'rep@emulator.test' });
    const who = await api('GET', '/account-info/v3/details', undefined, String(refreshed.body.access_token));
    expect(who.body.portalId).toBe(62515);
    expect(who.headers.get('x-hubspot-ratelimit-daily')).toBeNull();
  });

  it('reports throughput against the configured limit', async () => {
    hs = await startHubSpotEmulator({ rateLimit: { max: 100, intervalMs: 10_000 } });
    const since = Date.now();
    for (let i = 0; i < 5; i++) await api('POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: [{ id: `u${i}@x.io`, idProperty: 'email', properties: {} }] });
    const t = hs.throughput({ sinceMs: since, elapsedMs: 1_000, records: 500 });
    expect(t).toMatchObject({ requests: 5, allowedRequestsPerSec: 10, allowedRecordsPerSec: 1_000, recordsPerSec: 500, ratio: 0.5, rateLimited: 0 });
  });
});
