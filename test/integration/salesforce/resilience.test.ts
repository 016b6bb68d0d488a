import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectSalesforceOAuth, createSalesforceAdapter } from '../../../electron/core/crm/salesforce/index';
import { CrmError } from '../../../electron/core/crm/types';
import { memorySecrets } from '../../../electron/core/secrets';
import { fakeBrowser } from '../../emulators/oauth/server';
import { SalesforceEmulator } from '../../emulators/salesforce/index';
import { FAST, harness, leads, sfSettings, type Harness } from './helpers';

let h: Harness | undefined;
let em: SalesforceEmulator | undefined;
afterEach(async () => {
  await h?.close();
  await em?.close();
  h = undefined;
  em = undefined;
});

const composite = (r: { method: string; path: string }) => /\/composite\/sobjects/.test(r.path);

describe('Salesforce limits and faults (RequestPolicy owns retries)', () => {
  it('waits out REQUEST_LIMIT_EXCEEDED and succeeds, and reads Sforce-Limit-Info', async () => {
    h = await harness();
    h.em.faults.limitExceeded(3);
    const waits: number[] = [];
    const adapter = createSalesforceAdapter({
      settings: sfSettings(h.em),
      secrets: h.secrets,
      ...FAST,
      totalRequestsWaitMs: 80,
      policy: { ...FAST.policy, onRetry: (i) => i.failure.rateLimited && waits.push(i.delayMs) },
    });
    const res = await adapter.writePersons(leads(10));
    expect(res.every((r) => r.ok)).toBe(true);
    expect(waits).toEqual([80, 80, 80]);
    expect(h.em.faults.fired.limitExceeded).toBe(3);
    expect(h.em.records('Lead')).toHaveLength(10);
    expect(adapter.apiUsage).toEqual({ used: h.em.apiUsage.used, limit: 15_000 });
    expect(adapter.stats.retries).toBe(3);
    adapter.close();
  });

  it('stops at the org daily limit with the CRM message when it does not clear', async () => {
    h = await harness({ emulator: { dailyApiLimit: 3 }, adapter: { policy: { ...FAST.policy, maxRateLimitWaits: 2 } } });
    await h.adapter.findPersonsByEmail(['a@b.com'], []);
    await h.adapter.findPersonsByEmail(['a@b.com'], []);
    await h.adapter.findPersonsByEmail(['a@b.com'], []);
    const err = (await h.adapter.findPersonsByEmail(['a@b.com'], []).catch((e: unknown) => e)) as CrmError;
    expect(err).toBeInstanceOf(CrmError);
    expect(err.message).toContain('TotalRequests Limit exceeded.');
    expect(err.info).toMatchObject({ status: 403, code: 'REQUEST_LIMIT_EXCEEDED' });
  });

  it('retries a 5xx storm to success with no duplicates (creates, queries, upserts)', async () => {
    h = await harness({ externalIdField: 'LeadForge_Lead_Id__c' });
    h.em.faults.storm({ count: 40, probability: 0.5, status: 503 });
    h.em.faults.serverErrors(2, { status: 500, match: composite });
    h.em.faults.serverErrors(1, { status: 502, match: composite });
    const writes = leads(1000);
    const first = await h.adapter.writePersons(writes);
    expect(first.every((r) => r.ok)).toBe(true);
    const found = await h.adapter.findPersonsByEmail(writes.map((w) => w.properties.Email!), ['LeadForge_Lead_Id__c']);
    expect(found.size).toBe(1000);
    const second = await h.adapter.writePersons(writes);
    expect(second.every((r) => r.ok && r.created === false)).toBe(true);
    expect(h.em.records('Lead')).toHaveLength(1000);
    expect(h.em.faults.fired.status).toBeGreaterThan(10);
    // Every injected failure was retried by the policy (plus waits while its circuit breaker was open).
    expect(h.adapter.stats.retries).toBeGreaterThanOrEqual(h.em.faults.fired.status);
  });

  it('creates without an external id survive dropped connections after processing, without duplicates', async () => {
    h = await harness();
    h.em.faults.drop(2, { afterProcessing: true, match: (r) => r.method === 'POST' && composite(r) });
    h.em.faults.storm({ count: 6, probability: 0.5, status: 500 });
    const writes = leads(450);
    const res = await h.adapter.writePersons(writes);
    expect(res.every((r) => r.ok && r.created === true)).toBe(true);
    expect(h.em.records('Lead')).toHaveLength(450);
    expect(new Set(res.map((r) => r.id)).size).toBe(450);
    expect(res.map((r) => r.id).sort()).toEqual(h.em.records('Lead').map((r) => r.Id).sort());
    expect(h.em.faults.fired.dropAfterProcessing).toBe(2);
  });

  it('tasks survive a dropped connection after processing without duplicates', async () => {
    h = await harness();
    const lead = h.em.insert('Lead', { LastName: 'Lee', Company: 'X', Email: 'a@x.com' });
    h.em.faults.drop(1, { afterProcessing: true, match: (r) => r.method === 'POST' && composite(r) });
    const [r] = await h.adapter.logActivities([{ key: 'k', leadKey: 'l', personId: lead, subject: 's', body: 'b', timestamp: '2026-01-01T00:00:00Z' }]);
    expect(r).toMatchObject({ ok: true, created: true });
    expect(h.em.records('Task')).toHaveLength(1);
    expect(r!.id).toBe(h.em.records('Task')[0]!.Id);
  });

  it('retries slow responses (client timeout) and dropped connections', async () => {
    h = await harness({ adapter: { requestTimeoutMs: 150 } });
    h.em.faults.slow(600, 2, (r) => r.method === 'GET');
    h.em.faults.drop(2, { match: (r) => r.method === 'POST' });
    const r = await h.adapter.writePersons(leads(3));
    expect(r.every((x) => x.ok)).toBe(true);
    expect(h.em.records('Lead')).toHaveLength(3);
    expect(h.em.faults.fired).toMatchObject({ delay: 2, drop: 2 });
    expect(h.adapter.stats.retries).toBe(4);
  });

  it("turns jsforce's silent GET retries off: each 503 is one visible policy retry", async () => {
    h = await harness();
    h.em.faults.serverErrors(2, { status: 503 });
    await h.adapter.describeFields('person');
    expect(h.em.dataRequests('GET', /describe$/)).toHaveLength(3);
    expect(h.adapter.stats).toEqual({ requests: 3, retries: 2 });
  });

  it('gives up after the attempts with the CRM message', async () => {
    h = await harness({ adapter: { policy: { ...FAST.policy, maxAttempts: 3 } } });
    h.em.faults.serverErrors(10, { status: 500 });
    const err = (await h.adapter.findPersonsByEmail(['a@b.com'], []).catch((e: unknown) => e)) as CrmError;
    expect(err.message).toMatch(/An unexpected error occurred.*gave up after 3 attempts/);
    expect(err.info).toMatchObject({ status: 500, code: 'UNKNOWN_EXCEPTION', retryable: true });
  });
});

describe('Salesforce session refresh', () => {
  async function oauthHarness() {
    em = await SalesforceEmulator.start();
    const secrets = memorySecrets();
    await connectSalesforceOAuth({ settings: sfSettings(em), secrets, openExternal: async (u) => void (await fakeBrowser(u)) });
    const adapter = createSalesforceAdapter({ settings: sfSettings(em), secrets, ...FAST });
    return { em, secrets, adapter };
  }

  it('refreshes once on INVALID_SESSION_ID and retries (concurrent calls share one refresh)', async () => {
    const { em: e, secrets, adapter } = await oauthHarness();
    await adapter.writePersons(leads(5));
    const before = await secrets.get('salesforce.accessToken');
    e.oauth.expireAccessTokens();
    const results = await Promise.all([adapter.findPersonsByEmail(['lead0@example0.com'], []), adapter.describeFields('person'), adapter.writePersons(leads(2, 'more'))]);
    expect(results[0].size).toBe(1);
    expect(results[2].every((r) => r.ok)).toBe(true);
    const after = await secrets.get('salesforce.accessToken');
    expect(after).not.toBe(before);
    expect(e.oauth.isValidAccessToken(after)).toBe(true);
    expect(e.oauth.log.filter((l) => l.grantType === 'refresh_token')).toHaveLength(1);
    expect(e.dataRequests().filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(e.records('Lead')).toHaveLength(7);
    adapter.close();
  });

  it('does not loop when the refreshed token is rejected too', async () => {
    const { em: e, adapter } = await oauthHarness();
    e.oauth.settings.accessTokenTtlSec = -1; // every new token is born expired
    e.oauth.expireAccessTokens();
    const err = (await adapter.findPersonsByEmail(['a@b.com'], []).catch((x: unknown) => x)) as CrmError;
    expect(err).toBeInstanceOf(CrmError);
    expect(err.info).toMatchObject({ status: 401, code: 'INVALID_SESSION_ID', retryable: false });
    expect(err.message).toContain('reconnect');
    expect(e.oauth.log.filter((l) => l.grantType === 'refresh_token')).toHaveLength(1);
    adapter.close();
  });

  it('reports a revoked refresh token as a reconnect error', async () => {
    const { em: e, adapter } = await oauthHarness();
    e.oauth.revokeRefreshTokens();
    e.oauth.expireAccessTokens();
    const err = (await adapter.describeFields('person').catch((x: unknown) => x)) as CrmError;
    expect(err.info).toMatchObject({ status: 401, code: 'INVALID_SESSION_ID' });
    expect(err.message).toContain('invalid_grant');
    adapter.close();
  });
});

describe('secrets never leak', () => {
  it('a planted token appears in no error, retry report or console output', async () => {
    const planted = 'PLANTED-00D-SECRET-TOKEN-0123456789abcdef';
    em = await SalesforceEmulator.start();
    em.plantToken(planted);
    const secrets = memorySecrets({ 'salesforce.accessToken': planted, 'salesforce.instanceUrl': em.url, 'salesforce.refreshToken': 'PLANTED-REFRESH-zyxwvu' });
    const seen: string[] = [];
    const logged: unknown[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a)));
    const adapter = createSalesforceAdapter({
      settings: sfSettings(em),
      secrets,
      ...FAST,
      policy: { ...FAST.policy, maxAttempts: 2, onRetry: (i) => void seen.push(JSON.stringify(i)) },
    });
    const failures: unknown[] = [];
    const capture = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => void failures.push(e));
    try {
      em.faults.serverErrors(2, { status: 500 });
      await capture(adapter.findPersonsByEmail(['a@b.com'], []));
      em.faults.clear();
      em.faults.drop(2);
      await capture(adapter.describeFields('person'));
      em.faults.clear();
      await capture(adapter.writePersons([{ key: 'k', properties: { LastName: 'x', Company: 'y', Bogus__c: '1' } }]).then((r) => failures.push(r)));
      em.oauth.expireAccessTokens(planted); // 401 → refresh with an unknown refresh token → invalid_grant
      await capture(adapter.testConnection());
    } finally {
      spies.forEach((s) => s.mockRestore());
      adapter.close();
    }
    expect(failures.length).toBeGreaterThanOrEqual(4);
    const text = [
      ...failures.map((e) => (e instanceof Error ? `${e.message}\n${e.stack}\n${JSON.stringify(e)}\n${JSON.stringify((e as CrmError).info)}\n${String((e as Error).cause)}` : JSON.stringify(e))),
      ...seen,
      ...logged.map((l) => JSON.stringify(l)),
    ].join('\n');
    expect(text).not.toContain(planted);
    expect(text).not.toContain('PLANTED-REFRESH');
    expect(text).toContain('INVALID_SESSION_ID'); // the failures are real
  });
});
