import { afterEach, describe, expect, it } from 'vitest';
import { OAuthError } from '../../../electron/core/crm/oauth/index';
import { connectSalesforceOAuth, connectSalesforceToken, createSalesforceAdapter, disconnectSalesforce } from '../../../electron/core/crm/salesforce/index';
import { CrmError } from '../../../electron/core/crm/types';
import { envSecrets, memorySecrets } from '../../../electron/core/secrets';
import { fakeBrowser } from '../../emulators/oauth/server';
import { SalesforceEmulator } from '../../emulators/salesforce/index';
import { FAST, sfSettings } from './helpers';

let em: SalesforceEmulator;
afterEach(async () => {
  await em?.close();
});

describe('Salesforce connect', () => {
  it('connects with the web server flow + PKCE through a browser, stores tokens and instance URL, then works', async () => {
    em = await SalesforceEmulator.start();
    const secrets = memorySecrets();
    let authorizeUrl = '';
    const result = await connectSalesforceOAuth({
      settings: sfSettings(em),
      secrets,
      openExternal: async (url) => {
        authorizeUrl = url;
        await fakeBrowser(url);
      },
    });
    const q = new URL(authorizeUrl).searchParams;
    expect(new URL(authorizeUrl).pathname).toBe('/services/oauth2/authorize');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('scope')).toBe('api refresh_token');
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(result).toEqual({ authType: 'oauth', instanceUrl: em.url, account: em.orgId, user: em.userId });
    const access = await secrets.get('salesforce.accessToken');
    expect(em.oauth.isValidAccessToken(access)).toBe(true);
    expect(em.oauth.refreshTokens.has((await secrets.get('salesforce.refreshToken'))!)).toBe(true);
    expect(await secrets.get('salesforce.instanceUrl')).toBe(em.url);
    expect(await secrets.get('salesforce.expiresAt')).toBeUndefined(); // Salesforce sends no expires_in

    const adapter = createSalesforceAdapter({ settings: sfSettings(em), secrets, ...FAST });
    expect(await adapter.testConnection()).toEqual({ account: em.orgId, user: 'integration@leadforge.test' });
    adapter.close();
  });

  it('stores nothing when the user denies access', async () => {
    em = await SalesforceEmulator.start();
    em.oauth.settings.decision = 'deny';
    const secrets = memorySecrets();
    const err = await connectSalesforceOAuth({ settings: sfSettings(em), secrets, openExternal: async (u) => void (await fakeBrowser(u)) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect((err as OAuthError).code).toBe('access_denied');
    expect(await secrets.get('salesforce.accessToken')).toBeUndefined();
  });

  it('refuses to start without a consumer key', async () => {
    em = await SalesforceEmulator.start();
    const s = sfSettings(em, { clientId: undefined });
    const err = await connectSalesforceOAuth({ settings: s, secrets: memorySecrets(), openExternal: async () => {} }).catch((e: unknown) => e);
    expect((err as OAuthError).code).toBe('config');
    expect((err as Error).message).toContain('clientId');
  });

  it('connects with a pasted token after checking it, and refuses a bad one without storing it', async () => {
    em = await SalesforceEmulator.start();
    const secrets = memorySecrets({ 'salesforce.refreshToken': 'stale' });
    const token = em.plantToken();
    const ok = await connectSalesforceToken({ instanceUrl: `${em.url}/`, accessToken: token, secrets, settings: sfSettings(em) });
    expect(ok).toEqual({ authType: 'token', instanceUrl: em.url, account: em.orgId, user: 'integration@leadforge.test' });
    expect(await secrets.get('salesforce.accessToken')).toBe(token);
    expect(await secrets.get('salesforce.refreshToken')).toBeUndefined();

    const other = memorySecrets();
    const err = await connectSalesforceToken({ instanceUrl: em.url, accessToken: 'not-a-token', secrets: other, settings: sfSettings(em) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).info).toMatchObject({ status: 401, code: 'INVALID_SESSION_ID' });
    expect(await other.get('salesforce.accessToken')).toBeUndefined();

    const insecure = await connectSalesforceToken({ instanceUrl: 'http://evil.example.com', accessToken: token, secrets: other, settings: sfSettings(em) }).catch((e: unknown) => e);
    expect((insecure as CrmError).info.code).toBe('CONFIG');

    await disconnectSalesforce(secrets);
    expect(await secrets.get('salesforce.accessToken')).toBeUndefined();
    expect(await secrets.get('salesforce.instanceUrl')).toBeUndefined();
  });

  it('reports an API version the org does not serve, and a missing connection', async () => {
    em = await SalesforceEmulator.start({ versions: ['58.0', '59.0'] });
    const secrets = memorySecrets({ 'salesforce.accessToken': em.plantToken(), 'salesforce.instanceUrl': em.url });
    const adapter = createSalesforceAdapter({ settings: sfSettings(em, { apiVersion: '62.0' }), secrets, ...FAST });
    await expect(adapter.testConnection()).rejects.toThrow('does not serve API version 62.0');
    adapter.close();

    const none = createSalesforceAdapter({ settings: sfSettings(em), secrets: memorySecrets(), ...FAST });
    await expect(none.findPersonsByEmail(['a@b.com'], [])).rejects.toThrow(/not connected: no instance URL/);
    none.close();
  });

  it('pins the API version from settings in every request', async () => {
    em = await SalesforceEmulator.start();
    const secrets = memorySecrets({ 'salesforce.accessToken': em.plantToken(), 'salesforce.instanceUrl': em.url });
    const adapter = createSalesforceAdapter({ settings: sfSettings(em, { apiVersion: '59.0' }), secrets, ...FAST });
    await adapter.testConnection();
    await adapter.describeFields('person');
    await adapter.findPersonsByEmail(['x@y.com'], []);
    const data = em.dataRequests();
    expect(data.length).toBe(3);
    expect(data.every((r) => r.path.startsWith('/services/data/v59.0/'))).toBe(true);
    adapter.close();
  });

  it('runs headless from SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN (envSecrets)', async () => {
    em = await SalesforceEmulator.start();
    const env = { SALESFORCE_INSTANCE_URL: em.url, SALESFORCE_ACCESS_TOKEN: em.plantToken() };
    const adapter = createSalesforceAdapter({ settings: sfSettings(em, { loginUrl: 'https://login.salesforce.com', clientId: undefined }), secrets: envSecrets(env), ...FAST });
    expect(await adapter.testConnection()).toEqual({ account: em.orgId, user: 'integration@leadforge.test' });
    const [r] = await adapter.writePersons([{ key: 'k', properties: { LastName: 'Lee', Company: 'Globex' } }]);
    expect(r).toMatchObject({ ok: true, created: true });
    // No refresh token in headless mode: an expired token is a clear reconnect error, not a loop.
    em.oauth.expireAccessTokens();
    await expect(adapter.findPersonsByEmail(['a@b.com'], [])).rejects.toThrow(/cannot be refreshed: reconnect/);
    adapter.close();
  });
});
