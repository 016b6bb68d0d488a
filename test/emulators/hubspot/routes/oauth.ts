import { createHash, randomUUID } from 'node:crypto';
import { HttpAnswer } from '../errors';
import type { Route, RouteContext } from './types';

/**
 * OAuth 2.0 for HubSpot public apps (https://developers.hubspot.com/docs/api/oauth-quickstart-guide,
 * https://developers.hubspot.com/docs/api/working-with-oauth, token endpoints
 * https://developers.hubspot.com/docs/api/oauth/tokens):
 * - GET /oauth/authorize (HubSpot serves it on app.hubspot.com; here on the same host): the consent screen. The
 *   emulator approves or denies per `oauth.consent` and answers 302 to `redirect_uri` with `code` + `state`
 *   (or `error=access_denied`). `code_challenge` (S256) is honoured when given.
 * - POST /oauth/v1/token, form-encoded: `grant_type=authorization_code` (code, redirect_uri, client_id,
 *   client_secret) or `grant_type=refresh_token` (refresh_token, client_id, client_secret) → 200
 *   `{ token_type: 'bearer', access_token, refresh_token, expires_in }` (expires_in 1800 s; HubSpot refresh
 *   tokens do not rotate). Errors are 400 `{ status: 'BAD_AUTH_CODE' | 'BAD_REFRESH_TOKEN' | 'BAD_CLIENT_ID' |
 *   'BAD_CLIENT_SECRET' | 'BAD_REDIRECT_URI' | 'BAD_GRANT_TYPE' | 'MISSING_PARAMS', message, correlationId }`.
 * - GET /oauth/v1/access-tokens/{token} → token metadata (hub_id, user, scopes, expires_in).
 */

function oauthError(status: string, message: string, http = 400): HttpAnswer {
  return new HttpAnswer(http, { status, message, correlationId: randomUUID(), requestId: randomUUID() });
}

function isLoopback(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

function redirectAllowed(ctx: RouteContext, uri: string): boolean {
  const list = ctx.emu.oauth.redirectUris;
  if (!list) return isLoopback(uri);
  return list.some((r) => {
    if (r === uri) return true;
    // RFC 8252 §7.3: loopback redirect URIs match on any port.
    try {
      const a = new URL(r);
      const b = new URL(uri);
      return isLoopback(r) && isLoopback(uri) && a.hostname === b.hostname && a.pathname === b.pathname;
    } catch {
      return false;
    }
  });
}

function form(ctx: RouteContext): Record<string, string> {
  const b = ctx.body;
  if (b && typeof b === 'object') return Object.fromEntries(Object.entries(b as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  return {};
}

function issue(ctx: RouteContext, scopes: string[], userId: number, user: string, refreshToken: string): Record<string, unknown> {
  const { emu } = ctx;
  const access = emu.newToken('CJ-emu-access');
  const ttl = emu.oauth.accessTokenTtlSec;
  emu.tokens.set(access, { kind: 'oauth', token: access, scopes, expiresAt: emu.now() + ttl * 1000, refreshToken, userId, user });
  return { token_type: 'bearer', access_token: access, refresh_token: refreshToken, expires_in: ttl };
}

export const oauthRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/oauth\/authorize$/,
    kind: 'public',
    doc: 'https://developers.hubspot.com/docs/api/oauth-quickstart-guide (authorization URL)',
    handle(ctx) {
      const q = ctx.query;
      const clientId = q.get('client_id');
      const redirectUri = q.get('redirect_uri') ?? '';
      const state = q.get('state');
      const page = (msg: string): never => {
        throw new HttpAnswer(400, `<!doctype html><title>HubSpot</title><p>${msg}</p>`, { 'content-type': 'text/html; charset=utf-8' });
      };
      if (clientId !== ctx.emu.oauth.clientId) page('Authorization failed because the client_id is invalid.');
      if (!redirectAllowed(ctx, redirectUri)) page('Authorization failed because the redirect URL does not match the app settings.');
      const scopes = (q.get('scope') ?? '').split(/[ +]/).filter(Boolean);
      const allowed = ctx.emu.oauth.scopes;
      if (allowed && scopes.some((s) => !allowed.includes(s))) page('Authorization failed because there is a mismatch between the scopes in the install URL and the app\'s configured scopes.');
      const target = new URL(redirectUri);
      if (state !== null) target.searchParams.set('state', state);
      if (ctx.emu.oauth.consent === 'deny') {
        target.searchParams.set('error', 'access_denied');
        target.searchParams.set('error_description', 'The user denied the request');
      } else {
        const code = randomUUID();
        const challenge = q.get('code_challenge') ?? undefined;
        ctx.emu.authCodes.set(code, {
          clientId: clientId!,
          redirectUri,
          scopes: [...scopes, ...(q.get('optional_scope') ?? '').split(/[ +]/).filter(Boolean)],
          expiresAt: ctx.emu.now() + 10 * 60_000,
          ...(challenge ? { codeChallenge: challenge, method: q.get('code_challenge_method') ?? 'plain' } : {}),
        });
        target.searchParams.set('code', code);
      }
      return { status: 302, headers: { location: target.toString() }, body: '', contentType: 'text/html; charset=utf-8' };
    },
  },
  {
    method: 'POST',
    pattern: /^\/oauth\/v1\/token$/,
    kind: 'public',
    doc: 'https://developers.hubspot.com/docs/api/oauth/tokens (POST /oauth/v1/token)',
    handle(ctx) {
      const { emu } = ctx;
      const f = form(ctx);
      if (!String(ctx.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
        throw oauthError('MISSING_PARAMS', 'the request body must be application/x-www-form-urlencoded');
      }
      if (!f.grant_type) throw oauthError('MISSING_PARAMS', 'missing grant_type');
      if (f.client_id !== emu.oauth.clientId) throw oauthError('BAD_CLIENT_ID', 'missing or invalid client_id');
      if (f.client_secret !== emu.oauth.clientSecret) throw oauthError('BAD_CLIENT_SECRET', 'missing or invalid client_secret');
      if (f.grant_type === 'authorization_code') {
        const grant = f.code ? emu.authCodes.get(f.code) : undefined;
        if (!grant || grant.expiresAt < emu.now() || grant.clientId !== f.client_id) throw oauthError('BAD_AUTH_CODE', 'missing or unknown auth code');
        if (grant.redirectUri !== f.redirect_uri) throw oauthError('BAD_REDIRECT_URI', 'redirect_uri does not match the one used to get the auth code');
        if (grant.codeChallenge) {
          const v = f.code_verifier ?? '';
          const computed = grant.method === 'S256' ? createHash('sha256').update(v).digest('base64url') : v;
          if (!v || computed !== grant.codeChallenge) throw oauthError('BAD_AUTH_CODE', 'code_verifier does not match the code_challenge');
        }
        emu.authCodes.delete(f.code!);
        const refresh = emu.newToken('emu-refresh');
        const userId = 7_000_001;
        const user = 'rep@emulator.test';
        emu.refreshTokens.set(refresh, { scopes: grant.scopes, userId, user, clientId: grant.clientId });
        return { status: 200, body: issue(ctx, grant.scopes, userId, user, refresh) };
      }
      if (f.grant_type === 'refresh_token') {
        const r = f.refresh_token ? emu.refreshTokens.get(f.refresh_token) : undefined;
        if (!r || r.clientId !== f.client_id) throw oauthError('BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
        return { status: 200, body: issue(ctx, r.scopes, r.userId, r.user, f.refresh_token!) };
      }
      throw oauthError('BAD_GRANT_TYPE', `unsupported grant_type ${f.grant_type}`);
    },
  },
  {
    method: 'GET',
    pattern: /^\/oauth\/v1\/access-tokens\/(?<token>[^/]+)$/,
    kind: 'public',
    doc: 'https://developers.hubspot.com/docs/api/oauth/tokens (GET /oauth/v1/access-tokens/{token})',
    handle(ctx) {
      const { emu } = ctx;
      const t = emu.tokens.get(decodeURIComponent(ctx.params.token!));
      if (!t || t.kind !== 'oauth' || (t.expiresAt ?? 0) < emu.now()) throw oauthError('error', 'The access token is expired or invalid', 404);
      return {
        status: 200,
        body: {
          token: t.token,
          user: t.user,
          hub_domain: 'emulator.hubspot.test',
          scopes: t.scopes,
          hub_id: emu.portalId,
          app_id: 1_234_567,
          expires_in: Math.max(0, Math.round(((t.expiresAt ?? 0) - emu.now()) / 1000)),
          user_id: t.userId,
          token_type: 'access',
        },
      };
    },
  },
];
