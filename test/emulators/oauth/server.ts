import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small, configurable OAuth 2.0 authorization server for tests: the authorization-code grant (RFC 6749 §4.1)
 * with PKCE (RFC 7636) and the refresh_token grant (RFC 6749 §6), error bodies per RFC 6749 §5.2. The Salesforce
 * and HubSpot emulators mount its two handlers on their own paths and use its token registry to authenticate
 * API calls; it can also run on its own ({@link startOAuthEmulator}).
 *
 * - Authorize (GET): https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1 — validates client_id and redirect_uri
 *   (a loopback `http://127.0.0.1:<any port>/…` per RFC 8252 §7.3, or a registered URI); unknown client or bad
 *   redirect_uri → a 400 page, no redirect (§4.1.2.1). Then "the user" approves or denies per
 *   `settings.decision` and the server redirects (302) with `code` + `state` or `error=access_denied` + `state`.
 * - Token (POST, x-www-form-urlencoded): https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3 and §6; PKCE check
 *   https://www.rfc-editor.org/rfc/rfc7636#section-4.6. Errors: 400 `{error, error_description}` (401 for
 *   invalid_client), `Cache-Control: no-store` (§5.1).
 */

export interface OAuthEmulatorClient {
  clientId: string;
  /** When set, the token endpoint requires it (client_secret_post or HTTP Basic). */
  clientSecret?: string;
  /** Refuse authorization requests without a S256 code_challenge. */
  requirePkce?: boolean;
  /** Non-loopback redirect URIs accepted verbatim. */
  redirectUris?: string[];
}

export interface OAuthEmulatorSettings {
  /** What "the user" answers on the consent page. */
  decision: 'approve' | 'deny';
  /** Redirect with this `state` instead of the request's (to test the client's state check). */
  stateOverride?: string;
  /** How long issued access tokens stay valid on the server, in s. */
  accessTokenTtlSec: number;
  /** Send `expires_in` in token responses (Salesforce does not; HubSpot does). */
  reportExpiresIn: boolean;
  /** Issue a new refresh token on each refresh (HubSpot keeps it; Salesforce keeps it). */
  rotateRefreshTokens: boolean;
  /** Forced answers for the next token-endpoint calls (consumed in order). */
  tokenFailures: { status: number; body: Record<string, string> }[];
  /** Token type to report (`Bearer` for both CRMs). */
  tokenType: string;
}

export interface OAuthGrantInfo {
  clientId: string;
  scope: string;
  grantType: 'authorization_code' | 'refresh_token' | 'planted';
  accessToken: string;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge?: string;
  expiresAt: number;
  used: boolean;
}

interface TokenInfo {
  clientId: string;
  scope: string;
  expiresAt: number;
}

const CHALLENGE_RE = /^[A-Za-z0-9_-]{43}$/;
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The server's state: clients, settings, issued codes and tokens, and a log of endpoint calls. */
export class OAuthServerState {
  readonly settings: OAuthEmulatorSettings = {
    decision: 'approve',
    accessTokenTtlSec: 3600,
    reportExpiresIn: true,
    rotateRefreshTokens: false,
    tokenFailures: [],
    tokenType: 'Bearer',
  };
  readonly clients = new Map<string, OAuthEmulatorClient>();
  readonly codes = new Map<string, CodeGrant>();
  readonly accessTokens = new Map<string, TokenInfo>();
  readonly refreshTokens = new Map<string, { clientId: string; scope: string }>();
  /** Every authorize/token call: endpoint, grant type, answer status, OAuth error if any. */
  readonly log: { endpoint: 'authorize' | 'token'; grantType?: string; status: number; error?: string }[] = [];
  /** Extra members for token responses (e.g. Salesforce instance_url, id, issued_at, signature). */
  tokenExtras: (info: OAuthGrantInfo) => Record<string, string | number> = () => ({});
  /** Test clock (ms). */
  now: () => number = Date.now;

  constructor(clients: OAuthEmulatorClient[] = [], settings: Partial<OAuthEmulatorSettings> = {}) {
    for (const c of clients) this.clients.set(c.clientId, c);
    Object.assign(this.settings, settings);
  }

  /** Issues an access token directly (a "private app" / planted token). @returns the token. */
  plantAccessToken(opts: { token?: string; clientId?: string; scope?: string; ttlSec?: number } = {}): string {
    const token = opts.token ?? `00D${randomBytes(24).toString('base64url')}`;
    this.accessTokens.set(token, {
      clientId: opts.clientId ?? 'planted',
      scope: opts.scope ?? 'api refresh_token',
      expiresAt: this.now() + (opts.ttlSec ?? this.settings.accessTokenTtlSec) * 1000,
    });
    return token;
  }

  /** Whether a bearer token is known and unexpired. */
  isValidAccessToken(token: string | undefined): boolean {
    if (!token) return false;
    const t = this.accessTokens.get(token);
    return Boolean(t && t.expiresAt > this.now());
  }

  /** Expires one access token, or all of them (the next API call gets a 401). */
  expireAccessTokens(token?: string): void {
    for (const [k, v] of this.accessTokens) if (token === undefined || k === token) v.expiresAt = 0;
  }

  /** Revokes every refresh token (the next refresh gets invalid_grant). */
  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  /** Handles GET on the authorization endpoint. */
  handleAuthorize(req: IncomingMessage, res: ServerResponse): void {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const client = this.clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    // §4.1.2.1: with an unknown client or a bad redirect_uri the server must not redirect.
    if (!client) return this.page(res, 400, 'error=invalid_client_id: unknown client_id');
    if (!this.redirectAllowed(client, redirectUri)) return this.page(res, 400, 'error=redirect_uri_mismatch: redirect_uri must match a registered callback');
    const state = this.settings.stateOverride ?? q.get('state') ?? undefined;
    const redirectError = (error: string, description: string): void => {
      const u = new URL(redirectUri);
      u.searchParams.set('error', error);
      u.searchParams.set('error_description', description);
      if (state !== undefined) u.searchParams.set('state', state);
      this.log.push({ endpoint: 'authorize', status: 302, error });
      res.writeHead(302, { Location: u.toString(), 'Cache-Control': 'no-store' }).end();
    };
    if (q.get('response_type') !== 'code') return redirectError('unsupported_response_type', 'response_type must be code');
    const challenge = q.get('code_challenge') ?? undefined;
    if (challenge !== undefined) {
      if ((q.get('code_challenge_method') ?? 'plain') !== 'S256') return redirectError('invalid_request', 'code_challenge_method must be S256');
      if (!CHALLENGE_RE.test(challenge)) return redirectError('invalid_request', 'invalid code_challenge');
    } else if (client.requirePkce) {
      return redirectError('invalid_request', 'code_challenge is required');
    }
    if (this.settings.decision === 'deny') return redirectError('access_denied', 'end-user denied authorization');
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      scope: q.get('scope') ?? '',
      ...(challenge ? { challenge } : {}),
      expiresAt: this.now() + 10 * 60_000,
      used: false,
    });
    const u = new URL(redirectUri);
    u.searchParams.set('code', code);
    if (state !== undefined) u.searchParams.set('state', state);
    this.log.push({ endpoint: 'authorize', status: 302 });
    res.writeHead(302, { Location: u.toString(), 'Cache-Control': 'no-store' }).end();
  }

  /** Handles POST on the token endpoint. `rawBody` = the request body as received. */
  handleToken(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const form = new URLSearchParams(rawBody);
    const grantType = form.get('grant_type') ?? undefined;
    const fail = (status: number, error: string, description: string): void => {
      this.log.push({ endpoint: 'token', ...(grantType ? { grantType } : {}), status, error });
      sendJson(res, status, { error, error_description: description });
    };
    const forced = this.settings.tokenFailures.shift();
    if (forced) {
      this.log.push({ endpoint: 'token', ...(grantType ? { grantType } : {}), status: forced.status, ...(forced.body.error ? { error: forced.body.error } : {}) });
      return sendJson(res, forced.status, forced.body);
    }
    if (!/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      return fail(400, 'invalid_request', 'body must be application/x-www-form-urlencoded');
    }
    // Client authentication: client_secret_post or client_secret_basic (RFC 6749 §2.3.1).
    let clientId = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const [id, s] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      secret = decodeURIComponent(s ?? '');
    }
    const client = this.clients.get(clientId ?? '');
    if (!client || (client.clientSecret !== undefined && client.clientSecret !== secret)) {
      return fail(401, 'invalid_client', 'invalid client credentials');
    }
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.used || code.expiresAt < this.now() || code.clientId !== client.clientId) {
        return fail(400, 'invalid_grant', 'invalid authorization code');
      }
      if (form.get('redirect_uri') !== code.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri mismatch');
      if (code.challenge !== undefined) {
        const verifier = form.get('code_verifier');
        if (verifier === null) return fail(400, 'invalid_grant', 'code_verifier is required');
        if (!VERIFIER_RE.test(verifier)) return fail(400, 'invalid_request', 'invalid code_verifier');
        if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
          return fail(400, 'invalid_grant', 'invalid code_verifier');
        }
      }
      code.used = true;
      const refreshToken = randomBytes(32).toString('base64url');
      this.refreshTokens.set(refreshToken, { clientId: client.clientId, scope: code.scope });
      return this.issue(res, client.clientId, code.scope, 'authorization_code', refreshToken);
    }
    if (grantType === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      const grant = this.refreshTokens.get(rt);
      if (!grant || grant.clientId !== client.clientId) return fail(400, 'invalid_grant', 'expired access/refresh token');
      let refreshToken: string | undefined;
      if (this.settings.rotateRefreshTokens) {
        this.refreshTokens.delete(rt);
        refreshToken = randomBytes(32).toString('base64url');
        this.refreshTokens.set(refreshToken, grant);
      }
      return this.issue(res, client.clientId, grant.scope, 'refresh_token', refreshToken);
    }
    return fail(400, 'unsupported_grant_type', 'grant type not supported');
  }

  private issue(res: ServerResponse, clientId: string, scope: string, grantType: 'authorization_code' | 'refresh_token', refreshToken?: string): void {
    const accessToken = this.plantAccessToken({ clientId, scope, token: `00D${randomBytes(24).toString('base64url')}` });
    this.log.push({ endpoint: 'token', grantType, status: 200 });
    sendJson(res, 200, {
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      token_type: this.settings.tokenType,
      ...(this.settings.reportExpiresIn ? { expires_in: this.settings.accessTokenTtlSec } : {}),
      ...(scope ? { scope } : {}),
      ...this.tokenExtras({ clientId, scope, grantType, accessToken }),
    });
  }

  private redirectAllowed(client: OAuthEmulatorClient, redirectUri: string): boolean {
    if (client.redirectUris?.includes(redirectUri)) return true;
    try {
      const u = new URL(redirectUri);
      // RFC 8252 §7.3: loopback IP literal, any port; http only.
      return u.protocol === 'http:' && u.hostname === '127.0.0.1' && u.port !== '' && !u.hash;
    } catch {
      return false;
    }
  }

  private page(res: ServerResponse, status: number, text: string): void {
    this.log.push({ endpoint: 'authorize', status, error: text.split(':')[0]!.replace('error=', '') });
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><p>${text}</p>`);
  }
}

/** Reads a request body as UTF-8 (bodies are small in tests). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends a JSON body with `Cache-Control: no-store` (RFC 6749 §5.1). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers });
  res.end(JSON.stringify(body));
}

/** A standalone OAuth emulator on 127.0.0.1 (`/authorize`, `/token`). */
export interface RunningOAuthEmulator {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  state: OAuthServerState;
  close(): Promise<void>;
}

/**
 * Starts a standalone OAuth emulator on 127.0.0.1 with an ephemeral port.
 * @param opts.clients registered clients; opts.settings initial settings
 */
export async function startOAuthEmulator(opts: { clients: OAuthEmulatorClient[]; settings?: Partial<OAuthEmulatorSettings> }): Promise<RunningOAuthEmulator> {
  const state = new OAuthServerState(opts.clients, opts.settings);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/authorize') return state.handleAuthorize(req, res);
    if (req.method === 'POST' && path === '/token') {
      void readBody(req).then((b) => state.handleToken(req, res, b));
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    authorizeUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    state,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * A fake system browser for tests: GETs the authorize URL, follows the redirect to the loopback receiver, and
 * returns what the tab would show.
 */
export async function fakeBrowser(url: string): Promise<{ status: number; html: string }> {
  const first = await fetch(url, { redirect: 'manual' });
  const location = first.headers.get('location');
  if (first.status !== 302 || !location) return { status: first.status, html: await first.text() };
  const second = await fetch(location);
  return { status: second.status, html: await second.text() };
}
