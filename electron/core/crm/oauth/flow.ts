import * as oauth from 'oauth4webapi';
import { startLoopbackReceiver, type CallbackPage } from './loopback';
import { createPkcePair } from './pkce';
import { OAuthError, type OAuthClientConfig, type OAuthTokens } from './types';

/**
 * The OAuth 2.0 authorization-code grant for a native app (RFC 6749 §4.1, RFC 8252) on oauth4webapi:
 * system browser + loopback redirect on 127.0.0.1 + `state` + PKCE S256, then the code exchange and refresh
 * (RFC 6749 §6). https://www.rfc-editor.org/rfc/rfc6749#section-4.1, https://www.rfc-editor.org/rfc/rfc8252
 */

/** Default time to wait for the user to finish in the browser: 5 minutes. */
export const DEFAULT_AUTHORIZE_TIMEOUT_MS = 5 * 60_000;

const STANDARD_MEMBERS = new Set(['access_token', 'refresh_token', 'id_token', 'expires_in', 'scope']);

/**
 * Runs the whole authorization-code flow.
 *
 * 1. Starts a loopback receiver on `http://127.0.0.1:<ephemeral port>/callback` (RFC 8252 §7.3).
 * 2. Opens `cfg.authorizeUrl` with response_type=code, client_id, redirect_uri, scope, a random `state` and (when
 *    `cfg.pkce`) code_challenge + code_challenge_method=S256 (verifier of 43 characters, RFC 7636 §4.1).
 * 3. Waits for the redirect; the tab shows "you can close this tab" (or what went wrong).
 * 4. Checks `state` (mismatch → error; the code is not exchanged), then exchanges the code at `cfg.tokenUrl`.
 * 5. Closes the receiver in every case.
 *
 * Nothing is stored: the caller stores the returned tokens (e.g. {@link TokenManager.store}).
 *
 * @param cfg the client registration; endpoints must be https unless `cfg.allowInsecureHttp`
 * @param io.openBrowser opens the URL in the system browser (Electron `shell.openExternal`; the CLI prints it)
 * @param io.timeoutMs how long to wait for the redirect, in ms (default 5 min)
 * @param io.signal aborts the wait
 * @returns the tokens ({@link OAuthTokens}; `expiresAt` from `expires_in` when sent)
 * @throws OAuthError with code `access_denied` (user refused), `authorization_error` (other redirect error),
 *   `state_mismatch`, `timeout`, `aborted`, `browser`, `token_endpoint` (with the server's `error` /
 *   `error_description`), `invalid_response`, `network` or `config`. Messages never contain tokens, the code or
 *   the verifier.
 */
export async function runAuthorizationCodeFlow(
  cfg: OAuthClientConfig,
  io: { openBrowser(url: string): Promise<void>; timeoutMs?: number; signal?: AbortSignal },
): Promise<OAuthTokens> {
  const { as, client, auth, httpOptions } = prepare(cfg);
  const authorizeUrl = new URL(as.authorization_endpoint!);
  const state = oauth.generateRandomState();
  const pkce = cfg.pkce ? await createPkcePair() : undefined;
  if (io.signal?.aborted) throw new OAuthError('OAuth sign-in was cancelled', 'aborted');

  const receiver = await startLoopbackReceiver({ page: (params) => pageFor(params, state) });
  const secrets: string[] = [];
  try {
    const params = authorizeUrl.searchParams;
    params.set('response_type', 'code');
    params.set('client_id', cfg.clientId);
    params.set('redirect_uri', receiver.redirectUri);
    if (cfg.scopes.length > 0) params.set('scope', cfg.scopes.join(' '));
    params.set('state', state);
    if (pkce) {
      params.set('code_challenge', pkce.challenge);
      params.set('code_challenge_method', pkce.method);
      secrets.push(pkce.verifier);
    }
    for (const [k, v] of Object.entries(cfg.extraAuthorizeParams ?? {})) params.set(k, v);

    const callback = await waitForCallback(receiver.callback, authorizeUrl.toString(), io);
    const code = callback.get('code');
    if (code) secrets.push(code);

    // State first: a redirect with a foreign state is not ours, whatever else it says (RFC 6749 §10.12).
    if (callback.get('state') !== state) {
      throw new OAuthError('OAuth sign-in failed: the redirect\'s "state" did not match the request (possible forged redirect); nothing was stored', 'state_mismatch');
    }
    const error = callback.get('error');
    if (error) {
      const description = callback.get('error_description') ?? undefined;
      const what = error === 'access_denied' ? 'access was denied' : `the authorization server answered "${error}"`;
      throw new OAuthError(
        redact(`OAuth sign-in failed: ${what}${description ? ` (${description})` : ''}`, secrets),
        error === 'access_denied' ? 'access_denied' : 'authorization_error',
        { error, ...(description ? { errorDescription: redact(description, secrets) } : {}) },
      );
    }
    if (!code) throw new OAuthError('OAuth sign-in failed: the redirect carried no authorization code', 'authorization_error');

    let validated: URLSearchParams;
    try {
      validated = oauth.validateAuthResponse(as, client, callback, state);
    } catch (err) {
      throw new OAuthError(redact(`OAuth sign-in failed: invalid authorization response (${errMessage(err)})`, secrets), 'authorization_error');
    }
    return await tokenCall('authorization code exchange', secrets, async () => {
      const res = await oauth.authorizationCodeGrantRequest(as, client, auth, validated, receiver.redirectUri, pkce ? pkce.verifier : oauth.nopkce, httpOptions);
      const body = await oauth.processAuthorizationCodeResponse(as, client, res);
      return toTokens(body);
    });
  } finally {
    await receiver.close();
  }
}

/**
 * Exchanges a refresh token for new tokens (RFC 6749 §6).
 * @param cfg the client registration (tokenUrl, clientId, clientSecret)
 * @param refreshToken the refresh token
 * @returns the new tokens; `refreshToken` is the server's new one when it rotates, else the one passed in
 *   (Salesforce does not rotate)
 * @throws OAuthError `token_endpoint` (e.g. `invalid_grant`: revoked or expired refresh token → reconnect;
 *   retryable when the server answered 5xx), `invalid_response`, `network` (retryable), `config`
 */
export async function refreshTokens(cfg: OAuthClientConfig, refreshToken: string): Promise<OAuthTokens> {
  const { as, client, auth, httpOptions } = prepare(cfg);
  const tokens = await tokenCall('token refresh', [refreshToken], async () => {
    const res = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, httpOptions);
    return toTokens(await oauth.processRefreshTokenResponse(as, client, res));
  });
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
}

function prepare(cfg: OAuthClientConfig): {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  httpOptions: { [oauth.allowInsecureRequests]?: boolean };
} {
  if (!cfg.clientId) throw new OAuthError('OAuth is not configured: the client id is missing', 'config');
  let authorize: URL, token: URL;
  try {
    authorize = new URL(cfg.authorizeUrl);
    token = new URL(cfg.tokenUrl);
  } catch {
    throw new OAuthError('OAuth is not configured: the authorize or token URL is not a valid URL', 'config');
  }
  for (const u of [authorize, token]) {
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && cfg.allowInsecureHttp)) {
      throw new OAuthError(`OAuth endpoint ${u.origin}${u.pathname} must use https`, 'config');
    }
  }
  return {
    // No discovery: these servers (HubSpot, Salesforce) are configured by endpoint. The issuer is only an id here.
    as: { issuer: token.origin, authorization_endpoint: authorize.toString(), token_endpoint: token.toString() },
    client: { client_id: cfg.clientId },
    auth: cfg.clientSecret ? oauth.ClientSecretPost(cfg.clientSecret) : oauth.None(),
    httpOptions: cfg.allowInsecureHttp ? { [oauth.allowInsecureRequests]: true } : {},
  };
}

function pageFor(params: URLSearchParams, state: string): CallbackPage {
  if (params.get('state') !== state) {
    return { ok: false, title: 'Sign-in refused', text: 'This sign-in response did not come from the request LeadForge made. Return to LeadForge and try again.' };
  }
  if (params.get('error') === 'access_denied') return { ok: false, title: 'Access denied', text: 'LeadForge was not given access. You can close this tab.' };
  if (params.get('error') || !params.get('code')) return { ok: false, title: 'Sign-in failed', text: 'Return to LeadForge for details. You can close this tab.' };
  return { ok: true, title: 'Signed in', text: 'LeadForge is finishing the connection. You can close this tab.' };
}

async function waitForCallback(
  callback: Promise<URLSearchParams>,
  url: string,
  io: { openBrowser(url: string): Promise<void>; timeoutMs?: number; signal?: AbortSignal },
): Promise<URLSearchParams> {
  const timeoutMs = io.timeoutMs ?? DEFAULT_AUTHORIZE_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const failure = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OAuthError(`OAuth sign-in timed out: no answer from the browser within ${Math.round(timeoutMs / 1000)} s`, 'timeout')),
      timeoutMs,
    );
    onAbort = () => reject(new OAuthError('OAuth sign-in was cancelled', 'aborted'));
    io.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const opened = io.openBrowser(url).catch((err: unknown) => {
      throw new OAuthError(`OAuth sign-in failed: could not open the browser (${errMessage(err)})`, 'browser');
    });
    // The browser opener may resolve before or after the redirect arrives (a test "browser" follows it).
    return await Promise.race([opened.then(() => Promise.race([callback, failure])), callback, failure]);
  } finally {
    clearTimeout(timer);
    if (onAbort) io.signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs a token-endpoint call, mapping every failure to an OAuthError free of the given secrets. */
async function tokenCall(what: string, secrets: string[], fn: () => Promise<OAuthTokens>): Promise<OAuthTokens> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof OAuthError) throw err;
    if (err instanceof oauth.ResponseBodyError) {
      const desc = err.error_description ? redact(err.error_description, secrets) : undefined;
      throw new OAuthError(
        redact(`OAuth ${what} failed: the token endpoint answered ${err.status} "${err.error}"${desc ? ` (${desc})` : ''}`, secrets),
        'token_endpoint',
        { error: redact(err.error, secrets), ...(desc ? { errorDescription: desc } : {}), status: err.status, retryable: err.status >= 500 },
      );
    }
    if (err instanceof oauth.WWWAuthenticateChallengeError) {
      const ch = err.cause[0];
      const error = typeof ch?.parameters.error === 'string' ? ch.parameters.error : 'invalid_client';
      throw new OAuthError(`OAuth ${what} failed: the token endpoint answered ${err.status} "${redact(error, secrets)}"`, 'token_endpoint', {
        error: redact(error, secrets),
        status: err.status,
        retryable: false,
      });
    }
    if (err instanceof oauth.OperationProcessingError) {
      // The cause may hold the response body (tokens): only the library's own message is used.
      const status = err.cause instanceof Response ? err.cause.status : undefined;
      throw new OAuthError(
        redact(`OAuth ${what} failed: invalid token endpoint response${status ? ` (HTTP ${status})` : ''}: ${err.message}`, secrets),
        'invalid_response',
        { ...(status !== undefined ? { status, retryable: status >= 500 } : {}) },
      );
    }
    if (err instanceof oauth.UnsupportedOperationError) {
      throw new OAuthError(redact(`OAuth ${what} failed: ${err.message}`, secrets), 'invalid_response');
    }
    const code = (err as { code?: unknown })?.code;
    if (code === oauth.HTTP_REQUEST_FORBIDDEN || code === oauth.REQUEST_PROTOCOL_FORBIDDEN) {
      throw new OAuthError(`OAuth ${what} failed: the token endpoint must use https`, 'config');
    }
    throw new OAuthError(redact(`OAuth ${what} failed: the token endpoint could not be reached (${errMessage(err)})`, secrets), 'network', { retryable: true });
  }
}

function toTokens(body: oauth.TokenEndpointResponse): OAuthTokens {
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (STANDARD_MEMBERS.has(k) || v === undefined || v === null) continue;
    extra[k] = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  }
  return {
    accessToken: body.access_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    ...(typeof body.expires_in === 'number' ? { expiresAt: new Date(Date.now() + body.expires_in * 1000).toISOString() } : {}),
    ...(body.scope ? { scope: body.scope } : {}),
    extra,
  };
}

function errMessage(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } })?.cause?.code;
  const msg = err instanceof Error ? err.message : String(err);
  return typeof cause === 'string' ? `${msg}: ${cause}` : msg;
}

/** Replaces every occurrence of a secret in a message (defence in depth: servers may echo parameters). */
export function redact(message: string, secrets: (string | undefined)[]): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}
