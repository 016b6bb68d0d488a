import type { Settings } from '@shared/index';
import type { OAuthClientConfig } from '../oauth/index';

type SalesforceSettings = Settings['crm']['salesforce'];

/** Scopes requested: REST API access and a refresh token (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_tokens_scopes.htm). */
export const SALESFORCE_SCOPES = ['api', 'refresh_token'];

/** True for http(s) URLs on a loopback host (127.0.0.0/8, ::1, localhost): local emulators only. */
export function isLoopbackUrl(raw: string): boolean {
  try {
    const h = new URL(raw).hostname;
    return h === 'localhost' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
  } catch {
    return false;
  }
}

/**
 * The OAuth client of the Salesforce connected app for the web server flow with PKCE:
 * `<loginUrl>/services/oauth2/authorize` and `<loginUrl>/services/oauth2/token`
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm).
 * @param sf `settings.crm.salesforce` (loginUrl, clientId = the connected app's consumer key)
 * @param clientSecret the consumer secret when the app requires it for the web server flow (from the vault)
 * @param allowInsecureHttp allow an http loginUrl (default: only for loopback hosts)
 * @throws Error when no clientId is configured
 */
export function salesforceOAuthConfig(sf: SalesforceSettings, clientSecret?: string, allowInsecureHttp?: boolean): OAuthClientConfig {
  if (!sf.clientId) throw new Error('Salesforce OAuth needs the connected app\'s consumer key (settings crm.salesforce.clientId)');
  const base = sf.loginUrl.replace(/\/+$/, '');
  return {
    authorizeUrl: `${base}/services/oauth2/authorize`,
    tokenUrl: `${base}/services/oauth2/token`,
    clientId: sf.clientId,
    ...(clientSecret ? { clientSecret } : {}),
    scopes: SALESFORCE_SCOPES,
    pkce: true,
    allowInsecureHttp: allowInsecureHttp ?? isLoopbackUrl(base),
  };
}
