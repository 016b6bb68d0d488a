import { describe, expect, it } from 'vitest';
import { OAuthError, TokenManager, type OAuthClientConfig, type OAuthTokens } from '../../../../electron/core/crm/oauth/index';
import { memorySecrets } from '../../../../electron/core/secrets';

const client: OAuthClientConfig = { authorizeUrl: 'https://login.example.com/a', tokenUrl: 'https://login.example.com/t', clientId: 'c', scopes: [], pkce: true };
const T0 = Date.parse('2026-01-01T00:00:00Z');

function setup(initial: Record<string, string>, opts: { failWith?: Error; delayMs?: number } = {}) {
  let now = T0;
  let n = 0;
  const calls: string[] = [];
  const secrets = memorySecrets(initial);
  const tm = new TokenManager({
    kind: 'salesforce',
    secrets,
    client: async () => client,
    extraSecrets: { instance_url: 'salesforce.instanceUrl' },
    now: () => now,
    refreshFn: async (_cfg, rt): Promise<OAuthTokens> => {
      calls.push(rt);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.failWith) throw opts.failWith;
      n++;
      return { accessToken: `access-${n}`, expiresAt: new Date(now + 3600_000).toISOString(), extra: { instance_url: `https://na${n}.example.com` } };
    },
  });
  return { tm, secrets, calls, advance: (ms: number) => (now += ms) };
}

describe('TokenManager', () => {
  it('returns the stored token while it is valid beyond the margin', async () => {
    const { tm, calls } = setup({ 'salesforce.accessToken': 'access-0', 'salesforce.refreshToken': 'r', 'salesforce.expiresAt': new Date(T0 + 10 * 60_000).toISOString() });
    expect(await tm.getAccessToken()).toBe('access-0');
    expect(calls).toEqual([]);
  });

  it('refreshes proactively within 5 minutes of expiry and stores tokens and extras', async () => {
    const { tm, calls, secrets } = setup({ 'salesforce.accessToken': 'access-0', 'salesforce.refreshToken': 'r', 'salesforce.expiresAt': new Date(T0 + 4 * 60_000).toISOString() });
    expect(await tm.getAccessToken()).toBe('access-1');
    expect(calls).toEqual(['r']);
    expect(await secrets.get('salesforce.accessToken')).toBe('access-1');
    expect(await secrets.get('salesforce.refreshToken')).toBe('r');
    expect(await secrets.get('salesforce.instanceUrl')).toBe('https://na1.example.com');
    expect(await secrets.get('salesforce.expiresAt')).toBe(new Date(T0 + 3600_000).toISOString());
  });

  it('keeps using a still-valid token when a proactive refresh fails, and throws once it has expired', async () => {
    const failure = new OAuthError('down', 'network', { retryable: true });
    const { tm, advance } = setup({ 'salesforce.accessToken': 'access-0', 'salesforce.refreshToken': 'r', 'salesforce.expiresAt': new Date(T0 + 60_000).toISOString() }, { failWith: failure });
    expect(await tm.getAccessToken()).toBe('access-0');
    advance(2 * 60_000);
    await expect(tm.getAccessToken()).rejects.toBe(failure);
  });

  it('without expiresAt (Salesforce) or refresh token, never refreshes proactively', async () => {
    const { tm, calls } = setup({ 'salesforce.accessToken': 'access-0', 'salesforce.refreshToken': 'r' });
    expect(await tm.getAccessToken()).toBe('access-0');
    const noRefresh = setup({ 'salesforce.accessToken': 'x', 'salesforce.expiresAt': new Date(T0 - 1).toISOString() });
    expect(await noRefresh.tm.getAccessToken()).toBe('x');
    expect([...calls, ...noRefresh.calls]).toEqual([]);
  });

  it('throws not_connected without a token', async () => {
    const err = await setup({}).tm.getAccessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect((err as OAuthError).code).toBe('not_connected');
  });

  it('refreshes once for concurrent 401s (single flight)', async () => {
    const { tm, calls } = setup({ 'salesforce.accessToken': 'access-0', 'salesforce.refreshToken': 'r' }, { delayMs: 30 });
    const tokens = await Promise.all(Array.from({ length: 5 }, () => tm.handleUnauthorized('access-0')));
    expect(tokens).toEqual(Array(5).fill('access-1'));
    expect(calls).toEqual(['r']);
    // A late caller that still holds the old token gets the new one without another refresh.
    expect(await tm.handleUnauthorized('access-0')).toBe('access-1');
    expect(calls).toHaveLength(1);
  });

  it('refuses to refresh again when the freshly refreshed token is rejected too', async () => {
    const { tm, calls, advance } = setup({ 'salesforce.accessToken': 'access-0', 'salesforce.refreshToken': 'r' });
    const fresh = await tm.handleUnauthorized('access-0');
    const err = (await tm.handleUnauthorized(fresh).catch((e: unknown) => e)) as OAuthError;
    expect(err.code).toBe('refresh_rejected');
    expect(err.message).not.toContain(fresh);
    expect(calls).toHaveLength(1);
    advance(2 * 60 * 60_000); // hours later the same token may legitimately have expired
    expect(await tm.handleUnauthorized(fresh)).toBe('access-2');
  });

  it('refuses when there is nothing to refresh with', async () => {
    const { tm } = setup({ 'salesforce.accessToken': 'access-0' });
    const err = (await tm.handleUnauthorized('access-0').catch((e: unknown) => e)) as OAuthError;
    expect(err.code).toBe('refresh_rejected');
    expect(err.message).toContain('reconnect');
  });

  it('clears every secret it manages and reports status without secrets', async () => {
    const { tm, secrets } = setup({ 'salesforce.accessToken': 'a', 'salesforce.refreshToken': 'r', 'salesforce.expiresAt': '2026-01-01T01:00:00.000Z', 'salesforce.instanceUrl': 'https://x' });
    expect(await tm.status()).toEqual({ connected: true, expiresAt: '2026-01-01T01:00:00.000Z', canRefresh: true });
    await tm.clear();
    for (const n of ['salesforce.accessToken', 'salesforce.refreshToken', 'salesforce.expiresAt', 'salesforce.instanceUrl']) expect(await secrets.get(n)).toBeUndefined();
    expect(await tm.status()).toEqual({ connected: false, canRefresh: false });
  });
});
