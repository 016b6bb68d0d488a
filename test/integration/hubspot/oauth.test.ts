import { afterEach, describe, expect, it } from 'vitest';
import { CrmError } from '../../../electron/core/crm/types';
import { connectHubSpotOAuth, connectHubSpotToken, createHubSpotAdapter, disconnectHubSpot } from '../../../electron/core/crm/hubspot';
import { memorySecrets, type SecretStore } from '../../../electron/core/secrets';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../emulators/hubspot';
import { FAST_POLICY, settingsFor } from './helpers';

/**
 * OAuth 2.0 against the emulator's authorize page and token endpoint, through the generic OAuth module: the "browser"
 * GETs the authorize URL, follows HubSpot's 302 to the loopback redirect, and the flow exchanges the code.
 */

let hs: HubSpotEmulator | undefined;
afterEach(async () => {
  await hs?.close();
  hs = undefined;
});

/** A fake system browser: follows the authorize page's redirect to the loopback receiver. */
function browser(seen: string[] = []) {
  return async (url: string): Promise<void> => {
    seen.push(url);
    const page = await fetch(url, { redirect: 'manual' });
    const location = page.headers.get('location');
    if (!location) throw new Error(`authorize page answered ${page.status} without a redirect`);
    await fetch(location);
  };
}

async function setup(opts: { ttlSec?: number } = {}): Promise<{ hs: HubSpotEmulator; secrets: SecretStore; settings: ReturnType<typeof settingsFor> }> {
  hs = await startHubSpotEmulator({ rateLimit: false, searchRateLimit: false, oauth: { accessTokenTtlSec: opts.ttlSec ?? 1800 } });
  const secrets = memorySecrets({ 'hubspot.clientSecret': hs.oauth.clientSecret });
  return { hs, secrets, settings: settingsFor(hs) };
}

describe('HubSpot OAuth', () => {
  it('connects end to end: authorize page → loopback redirect with code + state → token exchange → vault', async () => {
    const { hs, secrets, settings } = await setup();
    const seen: string[] = [];
    const info = await connectHubSpotOAuth({ settings, secrets, openExternal: browser(seen) });
    expect(info).toMatchObject({ account: `HubSpot portal ${hs.portalId}`, user: 'rep@emulator.test', authType: 'oauth' });
    expect(Date.parse(info.expiresAt!)).toBeGreaterThan(Date.now() + 1_700_000);

    const authorize = new URL(seen[0]!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(hs.authorizeUrl);
    expect(authorize.searchParams.get('client_id')).toBe(hs.oauth.clientId);
    expect(authorize.searchParams.get('scope')).toBe(settings.crm.hubspot.scopes.join(' '));
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const [issued] = hs.oauthTokens();
    expect(await secrets.get('hubspot.accessToken')).toBe(issued!.token);
    expect(await secrets.get('hubspot.refreshToken')).toBe(issued!.refreshToken);
    expect(await secrets.get('hubspot.expiresAt')).toBe(info.expiresAt);

    const adapter = createHubSpotAdapter({ settings, secrets, adapter: { policy: FAST_POLICY } });
    await adapter.ensureSchema([]);
    const [res] = await adapter.writePersons([{ key: 'k', properties: { email: 'oauth@x.io' } }]);
    adapter.close();
    expect(res).toMatchObject({ ok: true, created: true });
  });

  it('refreshes before expires_in runs out (no 401 needed)', async () => {
    const { hs, secrets, settings } = await setup({ ttlSec: 6 });
    const tokenManager = { marginMs: 4_500 };
    await connectHubSpotOAuth({ settings, secrets, openExternal: browser(), tokenManager });
    const first = await secrets.get('hubspot.accessToken');
    const issued = hs.oauthTokens().length;
    const adapter = createHubSpotAdapter({ settings, secrets, adapter: { policy: FAST_POLICY }, tokenManager });
    // Wait until the token is inside the refresh margin (it is still valid for another 4.5 s).
    const due = Date.parse((await secrets.get('hubspot.expiresAt'))!) - tokenManager.marginMs;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 100));
    await adapter.describeFields('person');
    adapter.close();
    const second = await secrets.get('hubspot.accessToken');
    expect(second).not.toBe(first);
    expect(hs.oauthTokens()).toHaveLength(issued + 1);
    expect(hs.oauthTokens().at(-1)!.token).toBe(second);
    expect(hs.requests.some((e) => e.status === 401)).toBe(false);
    expect(await secrets.get('hubspot.refreshToken')).toBe(hs.oauthTokens()[0]!.refreshToken);
  });

  it('refreshes once on a 401 and retries the call; a revoked refresh token fails clearly', async () => {
    const { hs, secrets, settings } = await setup();
    await connectHubSpotOAuth({ settings, secrets, openExternal: browser() });
    const adapter = createHubSpotAdapter({ settings, secrets, adapter: { policy: FAST_POLICY } });
    hs.expireAccessToken((await secrets.get('hubspot.accessToken'))!);
    expect((await adapter.testConnection()).account).toBe(`HubSpot portal ${hs.portalId}`);
    const statuses = hs.requests.filter((e) => e.path === '/account-info/v3/details').map((e) => e.status);
    expect(statuses).toEqual([200, 401, 200]);

    hs.expireAccessToken((await secrets.get('hubspot.accessToken'))!);
    hs.core.refreshTokens.clear();
    const err = await adapter.describeFields('account').catch((e: unknown) => e);
    adapter.close();
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).info.retryable).toBe(false);
    expect((err as CrmError).message).toMatch(/refresh/i);
  });

  it('reports a denied consent and stores nothing', async () => {
    const { hs, secrets, settings } = await setup();
    hs.oauth.consent = 'deny';
    const err = await connectHubSpotOAuth({ settings, secrets, openExternal: browser() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).info.code).toBe('OAUTH_ACCESS_DENIED');
    expect(await secrets.get('hubspot.accessToken')).toBeUndefined();
  });

  it('fails on a wrong client secret without echoing it, and refuses to start without a client id/secret', async () => {
    const { secrets, settings } = await setup();
    await secrets.set('hubspot.clientSecret', 'wrong-client-secret-123456');
    const err = await connectHubSpotOAuth({ settings, secrets, openExternal: browser() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).info.code).toMatch(/^OAUTH_/);
    expect(JSON.stringify({ m: (err as Error).message, i: (err as CrmError).info })).not.toContain('wrong-client-secret-123456');
    expect(await secrets.get('hubspot.accessToken')).toBeUndefined();

    const noClient = { ...settings, crm: { ...settings.crm, hubspot: { ...settings.crm.hubspot, clientId: undefined } } };
    const cfg = await connectHubSpotOAuth({ settings: noClient, secrets, openExternal: browser() }).catch((e: unknown) => e);
    expect((cfg as CrmError).info.code).toBe('OAUTH_CONFIG');
  });
});

describe('private-app token', () => {
  it('tests then stores a good token (replacing OAuth tokens), refuses a bad one and stores nothing', async () => {
    const { hs, secrets, settings } = await setup();
    await secrets.set('hubspot.refreshToken', 'old-refresh-token');
    const ok = await connectHubSpotToken({ settings, secrets, token: ` ${hs.privateAppToken} ` });
    expect(ok).toEqual({ account: `HubSpot portal ${hs.portalId}`, authType: 'token' });
    expect(await secrets.get('hubspot.accessToken')).toBe(hs.privateAppToken);
    expect(await secrets.get('hubspot.refreshToken')).toBeUndefined();

    const fresh = memorySecrets();
    const err = await connectHubSpotToken({ settings, secrets: fresh, token: 'pat-na1-bogus-token-000' }).catch((e: unknown) => e);
    expect((err as CrmError).info).toMatchObject({ status: 401, code: 'INVALID_AUTHENTICATION' });
    expect(await fresh.get('hubspot.accessToken')).toBeUndefined();

    await disconnectHubSpot(secrets);
    expect(await secrets.get('hubspot.accessToken')).toBeUndefined();
    expect(await secrets.get('hubspot.clientSecret')).toBe(hs.oauth.clientSecret);
  });
});
