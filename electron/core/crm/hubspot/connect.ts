import type { Settings } from '@shared/index';
import { OAuthError, TokenManager, runAuthorizationCodeFlow, type OAuthClientConfig, type TokenManagerOptions } from '../oauth';
import type { SecretStore } from '../../secrets';
import { CrmError } from '../types';
import { HubSpotAdapter, type HubSpotAdapterOptions } from './adapter';
import { HUBSPOT_SECRETS } from './constants';

/**
 * Building a HubSpot adapter from settings + the secret store, and the two ways to connect:
 * - a private-app access token (https://developers.hubspot.com/docs/api/private-apps), tested then stored as
 *   `hubspot.accessToken` (headless: `HUBSPOT_ACCESS_TOKEN` through `envSecrets`);
 * - OAuth 2.0 authorization code for a public app (https://developers.hubspot.com/docs/api/oauth-quickstart-guide):
 *   system browser on `settings.crm.hubspot.authorizeUrl`, loopback redirect on 127.0.0.1, `state` check, code
 *   exchange at `<baseUrl>/oauth/v1/token` with the client secret from the vault (`hubspot.clientSecret`); tokens go
 *   to the vault and are refreshed before `expires_in` runs out (and once on a 401) by the {@link TokenManager}.
 * Secrets never appear in errors or logs: every message goes through redaction of the tokens in use.
 */

type HubSpotSettings = Settings['crm']['hubspot'];

export interface CreateHubSpotAdapterOptions {
  settings: Pick<Settings, 'crm'>;
  secrets: SecretStore;
  /** API base URL instead of `settings.crm.hubspot.baseUrl` (CLI `HUBSPOT_BASE_URL`, tests). */
  baseUrlOverride?: string;
  /** Adapter tuning (rate limits, policy test seams, timeouts). */
  adapter?: Partial<Omit<HubSpotAdapterOptions, 'baseUrl' | 'tokens' | 'activity'>>;
  /** Token manager tuning (refresh margin, clock) — tests. */
  tokenManager?: Partial<Pick<TokenManagerOptions, 'marginMs' | 'now'>>;
}

/** The API base in use: the override, else the setting, without a trailing slash. */
function baseUrlOf(o: { settings: Pick<Settings, 'crm'>; baseUrlOverride?: string }): string {
  return (o.baseUrlOverride ?? o.settings.crm.hubspot.baseUrl).replace(/\/+$/, '');
}

/** Plain http is allowed for loopback hosts only (local emulators); everything else must be https. */
function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/**
 * The OAuth client registration for HubSpot, or undefined when OAuth is not configured (no client id or secret).
 * Token endpoint: POST `<baseUrl>/oauth/v1/token` (https://developers.hubspot.com/docs/api/oauth/tokens).
 */
export async function hubspotOAuthClient(hs: HubSpotSettings, baseUrl: string, secrets: SecretStore, opts: { pkce?: boolean } = {}): Promise<OAuthClientConfig | undefined> {
  const clientSecret = await secrets.get(HUBSPOT_SECRETS.clientSecret);
  if (!hs.clientId || !clientSecret) return undefined;
  return {
    authorizeUrl: hs.authorizeUrl,
    tokenUrl: `${baseUrl}/oauth/v1/token`,
    clientId: hs.clientId,
    clientSecret,
    scopes: hs.scopes,
    // HubSpot documents no PKCE for its authorization-code flow; the client secret authenticates the exchange.
    pkce: opts.pkce ?? false,
    allowInsecureHttp: isLoopbackHttp(hs.authorizeUrl) && isLoopbackHttp(baseUrl),
  };
}

/** The token manager over the vault's `hubspot.*` secrets (refreshes OAuth tokens; plain for private-app tokens). */
export function hubspotTokenManager(o: CreateHubSpotAdapterOptions): TokenManager {
  const baseUrl = baseUrlOf(o);
  return new TokenManager({
    kind: 'hubspot',
    secrets: o.secrets,
    client: () => hubspotOAuthClient(o.settings.crm.hubspot, baseUrl, o.secrets),
    ...o.tokenManager,
  });
}

/**
 * Builds the adapter for the stored connection: the access token comes from the vault (`hubspot.accessToken`,
 * refreshed through OAuth when a refresh token and the OAuth client are configured).
 * Input: settings (`crm.hubspot.baseUrl`, `activity`, OAuth client id), the secret store, an optional base URL.
 * Output: a {@link HubSpotAdapter}; nothing is fetched until a method is called.
 * Errors surface on use: CrmError `INVALID_AUTHENTICATION` when no token is stored or HubSpot refuses it.
 */
export function createHubSpotAdapter(o: CreateHubSpotAdapterOptions): HubSpotAdapter {
  const baseUrl = baseUrlOf(o);
  const tm = hubspotTokenManager(o);
  // Other secrets to scrub from messages (the access tokens in use are scrubbed by the adapter itself).
  let extra: (string | undefined)[] = [];
  const snapshot = (): void =>
    void Promise.all([o.secrets.get(HUBSPOT_SECRETS.refreshToken), o.secrets.get(HUBSPOT_SECRETS.clientSecret)])
      .then((v) => (extra = v))
      .catch(() => undefined);
  snapshot();
  return new HubSpotAdapter({
    ...o.adapter,
    baseUrl,
    activity: o.settings.crm.hubspot.activity,
    tokens: {
      getAccessToken: () => tm.getAccessToken(),
      handleUnauthorized: async (t) => {
        const fresh = await tm.handleUnauthorized(t);
        snapshot();
        return fresh;
      },
      canRefresh: () => tm.canRefresh(),
    },
    redact: () => extra,
  });
}

/**
 * Connects with a private-app access token: tests it (account info) with the given base URL, then stores it as
 * `hubspot.accessToken` and removes any OAuth refresh token/expiry (the connection is now token-based).
 * @returns the account label (`HubSpot portal <id>`) and `authType: 'token'`
 * @throws CrmError when HubSpot refuses the token (401 INVALID_AUTHENTICATION) or cannot be reached; nothing is stored
 */
export async function connectHubSpotToken(o: {
  settings: Pick<Settings, 'crm'>;
  secrets: SecretStore;
  token: string;
  baseUrlOverride?: string;
  adapter?: CreateHubSpotAdapterOptions['adapter'];
}): Promise<{ account: string; user?: string; authType: 'token' }> {
  const token = o.token.trim();
  if (!token) throw new CrmError('hubspot: the access token is empty', { kind: 'hubspot', code: 'INVALID_AUTHENTICATION', retryable: false });
  const adapter = new HubSpotAdapter({ ...o.adapter, baseUrl: baseUrlOf(o), tokens: { getAccessToken: async () => token } });
  try {
    const info = await adapter.testConnection();
    await o.secrets.set(HUBSPOT_SECRETS.accessToken, token);
    await o.secrets.delete(HUBSPOT_SECRETS.refreshToken);
    await o.secrets.delete(HUBSPOT_SECRETS.expiresAt);
    return { ...info, authType: 'token' };
  } finally {
    adapter.close();
  }
}

/**
 * Connects through OAuth: opens HubSpot's authorize page (settings `authorizeUrl`, `clientId`, `scopes`) in the
 * system browser with a loopback redirect on 127.0.0.1 and a `state`, exchanges the code at `<baseUrl>/oauth/v1/token`
 * with the vault's `hubspot.clientSecret`, stores the tokens (`hubspot.accessToken`, `hubspot.refreshToken`,
 * `hubspot.expiresAt`) and tests them.
 * @param o.openExternal opens a URL in the system browser
 * @param o.timeoutMs how long to wait for the browser, in ms (default 5 min)
 * @returns account label, user, `authType: 'oauth'` and the access-token expiry (ISO-8601)
 * @throws CrmError `OAUTH_CONFIG` when the client id or secret is missing; CrmError wrapping the OAuth failure
 *   (`OAUTH_ACCESS_DENIED`, `OAUTH_STATE_MISMATCH`, `OAUTH_TOKEN_ENDPOINT`, `OAUTH_TIMEOUT`…), never with a secret
 */
export async function connectHubSpotOAuth(
  o: CreateHubSpotAdapterOptions & { openExternal(url: string): Promise<void>; timeoutMs?: number; signal?: AbortSignal; pkce?: boolean },
): Promise<{ account: string; user?: string; authType: 'oauth'; expiresAt?: string }> {
  const baseUrl = baseUrlOf(o);
  const client = await hubspotOAuthClient(o.settings.crm.hubspot, baseUrl, o.secrets, o.pkce !== undefined ? { pkce: o.pkce } : {});
  if (!client) {
    throw new CrmError('hubspot OAuth is not configured: set the app client id in settings and the client secret in the vault', {
      kind: 'hubspot',
      code: 'OAUTH_CONFIG',
      retryable: false,
    });
  }
  let tokens;
  try {
    tokens = await runAuthorizationCodeFlow(client, {
      openBrowser: o.openExternal,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } catch (err) {
    if (err instanceof OAuthError) {
      throw new CrmError(`hubspot ${err.message}`, { kind: 'hubspot', code: `OAUTH_${err.code.toUpperCase()}`, retryable: err.details.retryable ?? false });
    }
    throw err;
  }
  const tm = hubspotTokenManager(o);
  await tm.store(tokens);
  const adapter = createHubSpotAdapter(o);
  try {
    const info = await adapter.testConnection();
    return { ...info, authType: 'oauth', ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}) };
  } finally {
    adapter.close();
  }
}

/** Removes the stored HubSpot tokens (disconnect). The OAuth client secret stays. */
export async function disconnectHubSpot(secrets: SecretStore): Promise<void> {
  for (const name of [HUBSPOT_SECRETS.accessToken, HUBSPOT_SECRETS.refreshToken, HUBSPOT_SECRETS.expiresAt]) await secrets.delete(name);
}
