import type { SecretStore } from '../../secrets';
import { refreshTokens } from './flow';
import { OAuthError, type OAuthClientConfig, type OAuthTokens } from './types';

/** Refresh this long before `expiresAt` (5 min). */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
/** A token obtained by a 401-triggered refresh and rejected again within this window is not refreshed again. */
const REJECTED_AGAIN_WINDOW_MS = 60_000;

export interface TokenManagerOptions {
  /** Secret-name prefix, i.e. the CRM kind: tokens live in `<kind>.accessToken`, `<kind>.refreshToken`, `<kind>.expiresAt`. */
  kind: string;
  secrets: SecretStore;
  /**
   * The OAuth client to refresh with (read when a refresh is due: the client secret may live in the vault).
   * Undefined (or returning undefined) = token-only connection: no refresh possible.
   */
  client?: OAuthClientConfig | (() => OAuthClientConfig | undefined | Promise<OAuthClientConfig | undefined>);
  /**
   * Token-response members (`OAuthTokens.extra`) to store as secrets too, e.g. `{ instance_url: 'salesforce.instanceUrl' }`.
   */
  extraSecrets?: Record<string, string>;
  /** Refresh this many ms before `expiresAt` (default 5 min). */
  marginMs?: number;
  /** Called after new tokens were stored (e.g. to point a connection at a new instance URL). Must not throw. */
  onTokens?(tokens: OAuthTokens): void;
  /** Test seams. */
  refreshFn?: (cfg: OAuthClientConfig, refreshToken: string) => Promise<OAuthTokens>;
  now?: () => number;
}

/**
 * Keeps one CRM's OAuth tokens valid, over a {@link SecretStore}.
 *
 * Storage: `<kind>.accessToken`, `<kind>.refreshToken`, `<kind>.expiresAt` (ISO-8601; absent when the server gave
 * no `expires_in`, as Salesforce), plus the `extraSecrets` mapping (Salesforce `instance_url` →
 * `salesforce.instanceUrl`).
 *
 * Use it like this in an adapter:
 * - before each request: `const token = await tm.getAccessToken()` — refreshes proactively when `expiresAt` minus
 *   the margin (5 min) has passed and a refresh token + client are available;
 * - on an "expired/invalid token" answer (Salesforce 401 `INVALID_SESSION_ID`, HubSpot 401):
 *   `const fresh = await tm.handleUnauthorized(tokenThatWasRejected)` then retry the request once with `fresh`.
 *   It refreshes at most once per rejected token: when another caller already replaced the token it just returns
 *   the current one; when a token that a 401-refresh produced is rejected again it throws `refresh_rejected`
 *   (so a misconfigured org cannot loop).
 * Refreshes are single-flight: concurrent callers share one token request.
 *
 * Errors: {@link OAuthError} `not_connected` (no access token stored), `refresh_rejected`, or the refresh's own
 * errors (`token_endpoint` e.g. invalid_grant = refresh token revoked → reconnect; `network`). Never contains a token.
 */
export class TokenManager {
  private inflight: Promise<string> | undefined;
  private lastUnauthorizedRefresh: { token: string; at: number } | undefined;
  private readonly marginMs: number;
  private readonly now: () => number;
  private readonly refreshFn: (cfg: OAuthClientConfig, refreshToken: string) => Promise<OAuthTokens>;

  constructor(private readonly o: TokenManagerOptions) {
    this.marginMs = o.marginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.now = o.now ?? Date.now;
    this.refreshFn = o.refreshFn ?? refreshTokens;
  }

  /** Secret names used, for clearing or inspection (no values). */
  get names(): { accessToken: string; refreshToken: string; expiresAt: string } {
    const k = this.o.kind;
    return { accessToken: `${k}.accessToken`, refreshToken: `${k}.refreshToken`, expiresAt: `${k}.expiresAt` };
  }

  /**
   * A valid access token, refreshed first when it expires within the margin.
   * @returns the access token
   * @throws OAuthError `not_connected` when none is stored; refresh errors when the token has already expired and
   *   the refresh failed (while it is still valid, a failed proactive refresh returns the current token)
   */
  async getAccessToken(): Promise<string> {
    if (this.inflight) return this.inflight;
    const token = await this.o.secrets.get(this.names.accessToken);
    if (!token) throw new OAuthError(`${this.o.kind} is not connected: no access token stored`, 'not_connected');
    const expiresAt = Date.parse((await this.o.secrets.get(this.names.expiresAt)) ?? '');
    if (!Number.isFinite(expiresAt) || expiresAt - this.marginMs > this.now()) return token;
    if (!(await this.canRefresh())) return token;
    try {
      return await this.refresh();
    } catch (err) {
      if (expiresAt > this.now()) return token;
      throw err;
    }
  }

  /**
   * Reacts to the CRM rejecting `rejectedToken` (401 / INVALID_SESSION_ID): refreshes once and returns the new token.
   * @param rejectedToken the access token the failed request carried
   * @returns the token to retry with
   * @throws OAuthError `refresh_rejected` when no refresh is possible or the refreshed token was rejected too;
   *   refresh errors otherwise
   */
  async handleUnauthorized(rejectedToken: string): Promise<string> {
    if (this.inflight) return this.inflight;
    const current = await this.o.secrets.get(this.names.accessToken);
    if (current && current !== rejectedToken) return current;
    const last = this.lastUnauthorizedRefresh;
    if (last && last.token === rejectedToken && this.now() - last.at < REJECTED_AGAIN_WINDOW_MS) {
      throw new OAuthError(`${this.o.kind} rejected a freshly refreshed access token: reconnect`, 'refresh_rejected');
    }
    if (!(await this.canRefresh())) {
      throw new OAuthError(`${this.o.kind} rejected the access token (expired or invalid) and it cannot be refreshed: reconnect`, 'refresh_rejected');
    }
    const fresh = await this.refresh();
    this.lastUnauthorizedRefresh = { token: fresh, at: this.now() };
    return fresh;
  }

  /**
   * Refreshes now (single-flight) and stores the result.
   * @returns the new access token
   * @throws OAuthError `refresh_rejected` when no refresh token or client is configured; refresh errors
   */
  refresh(): Promise<string> {
    this.inflight ??= (async () => {
      const refreshToken = await this.o.secrets.get(this.names.refreshToken);
      const cfg = await this.clientConfig();
      if (!refreshToken || !cfg) {
        throw new OAuthError(`${this.o.kind} access token cannot be refreshed (no refresh token or OAuth client): reconnect`, 'refresh_rejected');
      }
      const tokens = await this.refreshFn(cfg, refreshToken);
      await this.store(tokens);
      return tokens.accessToken;
    })().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Stores tokens (after a connect flow or a refresh): access token, refresh token (kept when absent), expiresAt
   * (removed when absent) and the configured extras.
   * @throws the SecretStore's error when it refuses
   */
  async store(tokens: OAuthTokens): Promise<void> {
    const s = this.o.secrets;
    await s.set(this.names.accessToken, tokens.accessToken);
    if (tokens.refreshToken) await s.set(this.names.refreshToken, tokens.refreshToken);
    if (tokens.expiresAt) await s.set(this.names.expiresAt, tokens.expiresAt);
    else await s.delete(this.names.expiresAt);
    for (const [member, name] of Object.entries(this.o.extraSecrets ?? {})) {
      const v = tokens.extra[member];
      if (v) await s.set(name, v);
    }
    try {
      this.o.onTokens?.(tokens);
    } catch {
      // a listener's failure must not lose the stored tokens
    }
  }

  /** Removes every stored token and extra (disconnect). */
  async clear(): Promise<void> {
    for (const name of [...Object.values(this.names), ...Object.values(this.o.extraSecrets ?? {})]) await this.o.secrets.delete(name);
    this.lastUnauthorizedRefresh = undefined;
  }

  /** Whether a refresh is possible (a refresh token and an OAuth client are configured). */
  async canRefresh(): Promise<boolean> {
    return Boolean((await this.o.secrets.get(this.names.refreshToken)) && (await this.clientConfig()));
  }

  /** Connection facts without secrets: whether an access token is stored, its expiry, whether it can refresh. */
  async status(): Promise<{ connected: boolean; expiresAt?: string; canRefresh: boolean }> {
    const expiresAt = await this.o.secrets.get(this.names.expiresAt);
    return {
      connected: Boolean(await this.o.secrets.get(this.names.accessToken)),
      ...(expiresAt ? { expiresAt } : {}),
      canRefresh: await this.canRefresh(),
    };
  }

  private async clientConfig(): Promise<OAuthClientConfig | undefined> {
    const c = this.o.client;
    return typeof c === 'function' ? await c() : c;
  }
}
