import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OAuthError,
  createPkcePair,
  isValidCodeVerifier,
  refreshTokens,
  runAuthorizationCodeFlow,
  type OAuthClientConfig,
} from '../../../../electron/core/crm/oauth/index';
import { fakeBrowser, startOAuthEmulator, type RunningOAuthEmulator } from '../../../emulators/oauth/server';

let em: RunningOAuthEmulator;
let cfg: OAuthClientConfig;

beforeEach(async () => {
  em = await startOAuthEmulator({ clients: [{ clientId: 'cid-1', clientSecret: 'client-secret-1', requirePkce: true }] });
  em.state.tokenExtras = () => ({ instance_url: 'https://example.my.salesforce.com', hub_id: 42 });
  cfg = {
    authorizeUrl: em.authorizeUrl,
    tokenUrl: em.tokenUrl,
    clientId: 'cid-1',
    clientSecret: 'client-secret-1',
    scopes: ['api', 'refresh_token'],
    pkce: true,
    extraAuthorizeParams: { prompt: 'login consent' },
    allowInsecureHttp: true,
  };
});
afterEach(async () => {
  await em.close();
});

/** Resolves with the OAuthError a promise rejects with. */
async function oauthFailure(p: Promise<unknown>): Promise<OAuthError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OAuthError);
  return err as OAuthError;
}

async function portIsClosed(redirectUri: string): Promise<boolean> {
  return fetch(redirectUri).then(
    () => false,
    () => true,
  );
}

describe('runAuthorizationCodeFlow', () => {
  it('runs the code flow with state, PKCE S256 and a loopback redirect, then closes the receiver', async () => {
    let opened = '';
    let page = { status: 0, html: '' };
    const tokens = await runAuthorizationCodeFlow(cfg, {
      openBrowser: async (url) => {
        opened = url;
        page = await fakeBrowser(url);
      },
    });
    const u = new URL(opened);
    const q = u.searchParams;
    expect(`${u.origin}${u.pathname}`).toBe(em.authorizeUrl);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('cid-1');
    expect(q.get('scope')).toBe('api refresh_token');
    expect(q.get('prompt')).toBe('login consent');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(page.status).toBe(200);
    expect(page.html).toContain('You can close this tab');

    expect(em.state.isValidAccessToken(tokens.accessToken)).toBe(true);
    expect(em.state.refreshTokens.has(tokens.refreshToken!)).toBe(true);
    expect(Date.parse(tokens.expiresAt!) - Date.now()).toBeGreaterThan(3500_000);
    expect(tokens.scope).toBe('api refresh_token');
    expect(tokens.extra).toEqual({ instance_url: 'https://example.my.salesforce.com', hub_id: '42', token_type: 'bearer' });
    expect(em.state.log.map((l) => `${l.endpoint}:${l.status}`)).toEqual(['authorize:302', 'token:200']);
    expect(await portIsClosed(q.get('redirect_uri')!)).toBe(true);
  });

  it('sends a code verifier of 43-128 unreserved characters that matches the challenge', async () => {
    let verifier = '';
    let challenge = '';
    const original = em.state.handleToken.bind(em.state);
    em.state.handleToken = (req, res, body) => {
      verifier = new URLSearchParams(body).get('code_verifier') ?? '';
      original(req, res, body);
    };
    await runAuthorizationCodeFlow(cfg, {
      openBrowser: async (url) => {
        challenge = new URL(url).searchParams.get('code_challenge')!;
        await fakeBrowser(url);
      },
    });
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    expect(verifier.length).toBeLessThanOrEqual(128);
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]+$/);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(challenge);
  });

  it('refuses a redirect whose state does not match, without exchanging the code', async () => {
    em.state.settings.stateOverride = 'forged-state';
    let browser: Promise<{ status: number; html: string }> | undefined;
    const err = await oauthFailure(runAuthorizationCodeFlow(cfg, { openBrowser: async (url) => void (browser = fakeBrowser(url)) }));
    expect(err.code).toBe('state_mismatch');
    expect(err.message).toMatch(/state/);
    const page = await browser!;
    expect(page.status).toBe(400);
    expect(page.html).toContain('did not come from the request');
    expect(em.state.log.filter((l) => l.endpoint === 'token')).toEqual([]);
    expect(em.state.accessTokens.size).toBe(0);
  });

  it('reports a denied consent as access_denied', async () => {
    em.state.settings.decision = 'deny';
    const err = await oauthFailure(runAuthorizationCodeFlow(cfg, { openBrowser: async (url) => void (await fakeBrowser(url)) }));
    expect(err.code).toBe('access_denied');
    expect(err.details.error).toBe('access_denied');
    expect(err.message).toContain('access was denied (end-user denied authorization)');
  });

  it("names the token endpoint's error and description, and never the code or verifier", async () => {
    em.state.settings.tokenFailures.push({ status: 400, body: { error: 'invalid_grant', error_description: 'authentication failure' } });
    let code = '';
    const original = em.state.handleToken.bind(em.state);
    const seen: string[] = [];
    em.state.handleToken = (req, res, body) => {
      const f = new URLSearchParams(body);
      code = f.get('code') ?? '';
      seen.push(f.get('code_verifier') ?? '');
      original(req, res, body);
    };
    const err = await oauthFailure(runAuthorizationCodeFlow(cfg, { openBrowser: async (url) => void (await fakeBrowser(url)) }));
    expect(err.code).toBe('token_endpoint');
    expect(err.details).toMatchObject({ error: 'invalid_grant', errorDescription: 'authentication failure', status: 400, retryable: false });
    expect(err.message).toContain('400 "invalid_grant" (authentication failure)');
    expect(code.length).toBeGreaterThan(10);
    expect(err.message).not.toContain(code);
    expect(err.message).not.toContain(seen[0]);
    expect(JSON.stringify(err)).not.toContain(code);
  });

  it('redacts a code the server echoes in its error description', async () => {
    let code = '';
    em.state.handleToken = (_req, res, body) => {
      code = new URLSearchParams(body).get('code') ?? '';
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: `bad code ${code}` }));
    };
    const err = await oauthFailure(runAuthorizationCodeFlow(cfg, { openBrowser: async (url) => void (await fakeBrowser(url)) }));
    expect(err.message).toContain('bad code [redacted]');
    expect(err.message).not.toContain(code);
  });

  it('times out when no redirect arrives, and closes the receiver', async () => {
    let redirect = '';
    const err = await oauthFailure(
      runAuthorizationCodeFlow(cfg, { openBrowser: async (url) => void (redirect = new URL(url).searchParams.get('redirect_uri')!), timeoutMs: 150 }),
    );
    expect(err.code).toBe('timeout');
    expect(await portIsClosed(redirect)).toBe(true);
  });

  it('stops when aborted', async () => {
    const ctl = new AbortController();
    const p = runAuthorizationCodeFlow(cfg, { openBrowser: async () => void setTimeout(() => ctl.abort(), 20), signal: ctl.signal });
    expect((await oauthFailure(p)).code).toBe('aborted');
  });

  it('reports a browser that cannot be opened', async () => {
    const err = await oauthFailure(runAuthorizationCodeFlow(cfg, { openBrowser: async () => Promise.reject(new Error('no browser')) }));
    expect(err.code).toBe('browser');
    expect(err.message).toContain('no browser');
  });

  it('refuses plain-http endpoints unless allowInsecureHttp', async () => {
    const err = await oauthFailure(runAuthorizationCodeFlow({ ...cfg, allowInsecureHttp: false }, { openBrowser: async () => {} }));
    expect(err.code).toBe('config');
    expect(err.message).toContain('must use https');
  });

  it('answers a callback without PKCE with the server error when the client requires it', async () => {
    const err = await oauthFailure(runAuthorizationCodeFlow({ ...cfg, pkce: false }, { openBrowser: async (url) => void (await fakeBrowser(url)) }));
    expect(err.code).toBe('authorization_error');
    expect(err.details.error).toBe('invalid_request');
  });
});

describe('PKCE', () => {
  it('validates verifier length (43-128) and charset (RFC 7636 §4.1)', () => {
    expect(isValidCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(43))).toBe(true);
    expect(isValidCodeVerifier('A-._~z9'.repeat(18) + 'ab')).toBe(true); // 128
    expect(isValidCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(42) + '+')).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(42) + '=')).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(42) + ' ')).toBe(false);
  });

  it('creates a conforming verifier and its S256 challenge', async () => {
    const { verifier, challenge, method } = await createPkcePair();
    expect(isValidCodeVerifier(verifier)).toBe(true);
    expect(method).toBe('S256');
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect((await createPkcePair()).verifier).not.toBe(verifier);
  });

  it('the emulator refuses a malformed or wrong verifier', async () => {
    const { verifier, challenge } = await createPkcePair();
    const loc = (await fetch(`${em.authorizeUrl}?response_type=code&client_id=cid-1&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}&state=s&code_challenge=${challenge}&code_challenge_method=S256`, { redirect: 'manual' })).headers.get('location')!;
    const code = new URL(loc).searchParams.get('code')!;
    const post = (v: string) =>
      fetch(em.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/cb', client_id: 'cid-1', client_secret: 'client-secret-1', code_verifier: v }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
    expect(await post('short')).toEqual({ status: 400, body: { error: 'invalid_request', error_description: 'invalid code_verifier' } });
    expect((await post('b'.repeat(43))).body.error).toBe('invalid_grant');
    expect((await post(verifier)).status).toBe(200);
    expect((await post(verifier)).body.error).toBe('invalid_grant'); // codes are single-use
  });
});

describe('refreshTokens', () => {
  async function connect() {
    return runAuthorizationCodeFlow(cfg, { openBrowser: async (url) => void (await fakeBrowser(url)) });
  }

  it('exchanges the refresh token and keeps it when the server does not rotate', async () => {
    const first = await connect();
    const next = await refreshTokens(cfg, first.refreshToken!);
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(em.state.isValidAccessToken(next.accessToken)).toBe(true);
    expect(next.refreshToken).toBe(first.refreshToken);
    expect(next.extra.instance_url).toBe('https://example.my.salesforce.com');
  });

  it('returns the rotated refresh token', async () => {
    em.state.settings.rotateRefreshTokens = true;
    const first = await connect();
    const next = await refreshTokens(cfg, first.refreshToken!);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(em.state.refreshTokens.has(next.refreshToken!)).toBe(true);
  });

  it('reports a revoked refresh token as invalid_grant without echoing it', async () => {
    const first = await connect();
    em.state.revokeRefreshTokens();
    const err = await oauthFailure(refreshTokens(cfg, first.refreshToken!));
    expect(err.code).toBe('token_endpoint');
    expect(err.details.error).toBe('invalid_grant');
    expect(err.message).not.toContain(first.refreshToken!);
  });

  it('reports wrong client credentials and an unreachable server', async () => {
    const first = await connect();
    const bad = await oauthFailure(refreshTokens({ ...cfg, clientSecret: 'wrong' }, first.refreshToken!));
    expect(bad.details).toMatchObject({ error: 'invalid_client', status: 401 });
    await em.close();
    const down = await oauthFailure(refreshTokens(cfg, first.refreshToken!));
    expect(down.code).toBe('network');
    expect(down.details.retryable).toBe(true);
  });

  it('marks a 5xx answer as retryable', async () => {
    const first = await connect();
    em.state.settings.tokenFailures.push({ status: 503, body: { error: 'temporarily_unavailable' } });
    const err = await oauthFailure(refreshTokens(cfg, first.refreshToken!));
    expect(err.code).toBe('invalid_response');
    expect(err.details).toMatchObject({ status: 503, retryable: true });
    expect(err.message).toContain('HTTP 503');
  });
});
