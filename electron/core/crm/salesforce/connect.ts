import type { Settings } from '@shared/index';
import { memorySecrets, type SecretStore } from '../../secrets';
import { OAuthError, runAuthorizationCodeFlow, TokenManager } from '../oauth/index';
import { CrmError } from '../types';
import { SalesforceAdapter, type SalesforceSettings } from './adapter';
import { isLoopbackUrl, salesforceOAuthConfig } from './oauth-config';

/** What a connect flow established (never a secret). */
export interface SalesforceConnectResult {
  authType: 'oauth' | 'token';
  instanceUrl: string;
  /** Org id. */
  account?: string;
  /** Username (token connect, verified) or user id (OAuth, from the identity URL `id`). */
  user?: string;
  /** Access-token expiry when known (Salesforce sends none: sessions end by org policy, refreshed on 401). */
  expiresAt?: string;
}

const SECRET_NAMES = ['salesforce.accessToken', 'salesforce.refreshToken', 'salesforce.expiresAt', 'salesforce.instanceUrl'];

function salesforceSettings(s: SalesforceSettings | Pick<Settings, 'crm'>): SalesforceSettings {
  return 'crm' in s ? s.crm.salesforce : s;
}

function usableInstanceUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackUrl(raw))) return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * Connects Salesforce with the OAuth 2.0 web server flow + PKCE against `settings.loginUrl` in the system browser
 * (loopback redirect on 127.0.0.1; https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm),
 * then stores `salesforce.accessToken`, `salesforce.refreshToken` and `salesforce.instanceUrl` (from the token
 * response's `instance_url`) in the SecretStore. The consumer secret, when the connected app requires one, is read
 * from `salesforce.clientSecret`.
 * @param opts.openExternal opens the authorize URL (Electron shell.openExternal; the CLI prints it)
 * @param opts.timeoutMs how long to wait for the browser, in ms (default 5 min); opts.signal cancels
 * @returns the connection facts (org id and user id parsed from the identity URL `id`)
 * @throws OAuthError (config, access_denied, state_mismatch, timeout, token_endpoint, invalid_response, …); nothing
 *   is stored on failure
 */
export async function connectSalesforceOAuth(opts: {
  settings: SalesforceSettings | Pick<Settings, 'crm'>;
  secrets: SecretStore;
  openExternal(url: string): Promise<void>;
  timeoutMs?: number;
  signal?: AbortSignal;
  allowInsecureHttp?: boolean;
}): Promise<SalesforceConnectResult> {
  const sf = salesforceSettings(opts.settings);
  let cfg;
  try {
    cfg = salesforceOAuthConfig(sf, await opts.secrets.get('salesforce.clientSecret'), opts.allowInsecureHttp);
  } catch (err) {
    throw new OAuthError((err as Error).message, 'config');
  }
  const tokens = await runAuthorizationCodeFlow(cfg, {
    openBrowser: opts.openExternal,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const instanceUrl = usableInstanceUrl(tokens.extra.instance_url);
  if (!instanceUrl) throw new OAuthError('Salesforce token response has no usable instance_url (https required)', 'invalid_response');
  const tm = new TokenManager({ kind: 'salesforce', secrets: opts.secrets, extraSecrets: { instance_url: 'salesforce.instanceUrl' } });
  await tm.store({ ...tokens, extra: { ...tokens.extra, instance_url: instanceUrl } });
  const ids = tokens.extra.id ? /\/id\/([^/]+)\/([^/?]+)/.exec(tokens.extra.id) : null;
  return {
    authType: 'oauth',
    instanceUrl,
    ...(ids ? { account: ids[1]!, user: ids[2]! } : {}),
    ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
  };
}

/**
 * Connects Salesforce with an access token the user pasted (e.g. from `sf org display`). Checks it first
 * (testConnection on `instanceUrl` with the pinned API version) unless `verify` is false, then stores
 * `salesforce.accessToken` + `salesforce.instanceUrl` and forgets any refresh token (a pasted token cannot be
 * refreshed).
 * @param opts.settings needed for the check (apiVersion, mode)
 * @returns the connection facts
 * @throws CrmError (CONFIG for a non-https instance URL; the check's error); nothing is stored on failure
 */
export async function connectSalesforceToken(opts: {
  instanceUrl: string;
  accessToken: string;
  secrets: SecretStore;
  settings: SalesforceSettings | Pick<Settings, 'crm'>;
  verify?: boolean;
}): Promise<SalesforceConnectResult> {
  const instanceUrl = usableInstanceUrl(opts.instanceUrl.trim());
  if (!instanceUrl) throw new CrmError('Salesforce instance URL must be an https URL (e.g. https://yourdomain.my.salesforce.com)', { kind: 'salesforce', code: 'CONFIG' });
  const accessToken = opts.accessToken.trim();
  if (!accessToken) throw new CrmError('Salesforce access token is empty', { kind: 'salesforce', code: 'CONFIG' });
  let label: { account?: string; user?: string } = {};
  if (opts.verify !== false) {
    const probe = new SalesforceAdapter({
      settings: { ...salesforceSettings(opts.settings), clientId: undefined },
      secrets: memorySecrets({ 'salesforce.accessToken': accessToken, 'salesforce.instanceUrl': instanceUrl }),
      policy: { maxAttempts: 2 },
    });
    try {
      label = await probe.testConnection();
    } finally {
      probe.close();
    }
  }
  await opts.secrets.delete('salesforce.refreshToken');
  await opts.secrets.delete('salesforce.expiresAt');
  await opts.secrets.set('salesforce.accessToken', accessToken);
  await opts.secrets.set('salesforce.instanceUrl', instanceUrl);
  return { authType: 'token', instanceUrl, ...label };
}

/** Forgets the Salesforce tokens and instance URL (the consumer secret stays). */
export async function disconnectSalesforce(secrets: SecretStore): Promise<void> {
  for (const n of SECRET_NAMES) await secrets.delete(n);
}
