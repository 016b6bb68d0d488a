import { afterEach, describe, expect, it } from 'vitest';
import { classifyHubSpotError } from '../../../electron/core/crm/hubspot';
import type { CrmError } from '../../../electron/core/crm/types';
import { connectHubSpotOAuth, createHubSpotAdapter, HUBSPOT_REQUIRED_SCOPES } from '../../../electron/core/crm/hubspot';
import { memorySecrets } from '../../../electron/core/secrets';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../emulators/hubspot';
import { FAST_POLICY, settingsFor } from './helpers';

/** How HubSpot failures become retry decisions, and what a missing OAuth scope looks like end to end. */

const ctx = { secrets: ['tok-secret-123'] };
const apiErr = (code: number, body: unknown, headers: Record<string, string> = {}) => Object.assign(new Error('HTTP-Code: …'), { code, body, headers });

describe('classifyHubSpotError', () => {
  it('maps 429s by policy: Retry-After, SECONDLY 1 s, rolling window estimate, DAILY not retried', () => {
    expect(classifyHubSpotError(apiErr(429, { policyName: 'TEN_SECONDLY_ROLLING', message: 'm' }, { 'retry-after': '3' }), ctx)).toMatchObject({ rateLimited: true, retryable: true, retryAfterMs: 3_000 });
    expect(classifyHubSpotError(apiErr(429, { policyName: 'SECONDLY', message: 'You have reached your secondly limit.' }), ctx)).toMatchObject({ retryAfterMs: 1_000 });
    expect(
      classifyHubSpotError(apiErr(429, { policyName: 'TEN_SECONDLY_ROLLING' }, { 'x-hubspot-ratelimit-interval-milliseconds': '10000' }), { ...ctx, tenSecondWaitMs: (w) => w / 4 }),
    ).toMatchObject({ retryAfterMs: 2_500, code: 'TEN_SECONDLY_ROLLING' });
    expect(classifyHubSpotError(apiErr(429, { policyName: 'TEN_SECONDLY_ROLLING' }), ctx)).toMatchObject({ retryAfterMs: 10_000 });
    expect(classifyHubSpotError(apiErr(429, { policyName: 'DAILY', message: 'daily' }), ctx)).toMatchObject({ retryable: false, code: 'RATE_LIMIT_DAILY' });
  });

  it('retries 5xx and network errors, not 4xx or an undocumented 2xx; never echoes a secret', () => {
    expect(classifyHubSpotError(apiErr(502, { category: 'BAD_GATEWAY', message: 'upstream' }), ctx)).toMatchObject({ retryable: true, status: 502, message: 'upstream' });
    expect(classifyHubSpotError(Object.assign(new Error('request to http://x failed, reason: socket hang up'), { type: 'system', code: 'ECONNRESET' }), ctx)).toMatchObject({ retryable: true, code: 'ECONNRESET' });
    expect(classifyHubSpotError(apiErr(400, { category: 'VALIDATION_ERROR', message: 'bad tok-secret-123' }), ctx)).toEqual({ retryable: false, status: 400, code: 'VALIDATION_ERROR', message: 'bad [redacted]' });
    expect(classifyHubSpotError(apiErr(200, {}), ctx)).toMatchObject({ retryable: false, code: 'UNEXPECTED_STATUS' });
    expect(classifyHubSpotError(new Error('boom tok-secret-123'), ctx).message).toBe('unexpected error: boom [redacted]');
  });
});

describe('OAuth scopes', () => {
  let hs: HubSpotEmulator | undefined;
  afterEach(async () => {
    await hs?.close();
    hs = undefined;
  });

  it('names the missing scope when HubSpot answers 403 MISSING_SCOPES; the required scope list covers the adapter', async () => {
    hs = await startHubSpotEmulator({ rateLimit: false, searchRateLimit: false, enforceScopes: true });
    const follow = async (url: string): Promise<void> => {
      const page = await fetch(url, { redirect: 'manual' });
      await fetch(page.headers.get('location')!);
    };
    const secrets = memorySecrets({ 'hubspot.clientSecret': hs.oauth.clientSecret });
    const narrow = settingsFor(hs, { scopes: ['crm.objects.contacts.read'] });
    await connectHubSpotOAuth({ settings: narrow, secrets, openExternal: follow });
    const a = createHubSpotAdapter({ settings: narrow, secrets, adapter: { policy: FAST_POLICY } });
    const err = await a.describeFields('person').catch((e: unknown) => e);
    a.close();
    expect((err as CrmError).info).toMatchObject({ status: 403, code: 'MISSING_SCOPES', retryable: false });
    expect((err as CrmError).message).toContain('required: crm.schemas.contacts.read');

    const full = settingsFor(hs, { scopes: [...HUBSPOT_REQUIRED_SCOPES] });
    await connectHubSpotOAuth({ settings: full, secrets, openExternal: follow });
    const b = createHubSpotAdapter({ settings: full, secrets, adapter: { policy: FAST_POLICY } });
    await b.ensureSchema([]);
    const [p] = await b.writePersons([{ key: 'k', properties: { email: 's@x.io' } }]);
    const [c] = await b.writeAccounts([{ key: 'k', properties: { name: 'S', domain: 's.io' } }]);
    await b.associate([{ key: 'k', personId: p!.id!, accountId: c!.id! }]);
    await b.logActivities([{ key: 'a', leadKey: 'k', personId: p!.id!, accountId: c!.id!, subject: 's', body: 'b', timestamp: '2026-01-01T00:00:00Z' }]);
    hs.seedOwner({ id: '7', email: 'o@x.io', firstName: 'O', lastName: 'W' });
    const h = await b.history({ email: 's@x.io', domain: 's.io' });
    b.close();
    expect(h).toMatchObject({ personId: p!.id, openDeals: 0 });
    expect(hs.requests.filter((e) => e.status === 403)).toHaveLength(1);
  });
});
