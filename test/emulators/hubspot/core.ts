import { randomBytes } from 'node:crypto';
import { FaultPlan } from './faults';
import { DEFAULT_READ_PROPERTIES, type ObjectType } from './model';
import { RollingWindow } from './rate-limit';
import { PortalState, type StoredRecord } from './state';

/** Options of {@link startHubSpotEmulator}. Every field is optional. */
export interface HubSpotEmulatorOptions {
  /** TCP port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** The emulated account's portal (hub) id. Default 62515. */
  portalId?: number;
  /** Private-app access tokens accepted as `Authorization: Bearer …`. Default `['pat-na1-emulator-token']`. */
  privateAppTokens?: string[];
  /**
   * Burst limit: `max` requests per rolling `intervalMs` (default 100 per 10 000 ms — HubSpot's limit for OAuth apps
   * and free/starter private apps; Professional/Enterprise private apps get 190). `false` disables it.
   */
  rateLimit?: { max: number; intervalMs?: number } | false;
  /** CRM search limit (default 5 per 1 000 ms per account). `false` disables it. */
  searchRateLimit?: { max: number; intervalMs?: number } | false;
  /** Daily request limit (default 250 000; private apps only). */
  dailyLimit?: number;
  /** Send `Retry-After` (seconds) on 429s from the real limits (HubSpot documents none; default false). */
  retryAfterHeader?: boolean;
  /** Return batch results in another order than the inputs, as HubSpot may (default true). */
  shuffleBatchResults?: boolean;
  /** Records become visible to CRM search only this long after a write (HubSpot's search index lags; default 0). */
  searchLagMs?: number;
  /** Extra latency added to every response, in ms (default 0). */
  latencyMs?: number;
  /** Refuse calls whose OAuth token lacks the scope the endpoint needs (403 MISSING_SCOPES; default false). */
  enforceScopes?: boolean;
  /**
   * Associated ids per record in an associations v4 batch read answer; the rest is paged with `paging.next.after`, the
   * cursor of the single-record GET /crm/v4/objects/{type}/{id}/associations/{toType}, as HubSpot pages a record's
   * associations in batch reads (https://github.com/HubSpot/hubspot-api-python/issues/135). HubSpot does not document
   * the page size; default: no paging.
   */
  associationBatchReadPageSize?: number;
  /** The public app for the OAuth endpoints. */
  oauth?: Partial<OAuthAppConfig>;
}

export interface OAuthAppConfig {
  clientId: string;
  clientSecret: string;
  /** Scopes the app may request (default: every scope the authorize URL asks for). */
  scopes?: string[];
  /** Access token lifetime in seconds (HubSpot: 1800). */
  accessTokenTtlSec: number;
  /** What the fake consent screen does: redirect with a code (`approve`) or with `error=access_denied` (`deny`). */
  consent: 'approve' | 'deny';
  /** Redirect URIs the app registered; default: any loopback http://127.0.0.1 or http://localhost URI. */
  redirectUris?: string[];
}

export interface TokenInfo {
  kind: 'private' | 'oauth';
  token: string;
  scopes: string[];
  /** Epoch ms (OAuth only). */
  expiresAt?: number;
  refreshToken?: string;
  userId: number;
  user: string;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  /** 'dropped' when the connection was destroyed, else the fault type applied, if any. */
  fault?: string;
  ms: number;
}

/** Shared state and configuration that route handlers use. */
export class HubSpotEmulatorCore {
  readonly state: PortalState;
  readonly faults: FaultPlan;
  readonly portalId: number;
  readonly burst: RollingWindow | undefined;
  readonly search: RollingWindow | undefined;
  readonly dailyLimit: number;
  dailyUsed = 0;
  readonly opts: Required<Omit<HubSpotEmulatorOptions, 'oauth' | 'port' | 'rateLimit' | 'searchRateLimit'>>;
  readonly oauth: OAuthAppConfig;
  readonly tokens = new Map<string, TokenInfo>();
  readonly refreshTokens = new Map<string, { scopes: string[]; userId: number; user: string; clientId: string }>();
  readonly authCodes = new Map<
    string,
    { clientId: string; redirectUri: string; scopes: string[]; expiresAt: number; codeChallenge?: string; method?: string }
  >();
  readonly log: RequestLogEntry[] = [];
  /** Successful (2xx/207) responses and 429s served, for throughput figures. */
  readonly counters = { served: 0, ok: 0, rateLimited: 0, errors: 0, dropped: 0 };
  /** Last-write time per record for the search lag. */
  readonly writtenAt = new Map<string, number>();

  constructor(opts: HubSpotEmulatorOptions, readonly now: () => number = Date.now) {
    this.portalId = opts.portalId ?? 62515;
    this.state = new PortalState(() => new Date(this.now()));
    this.faults = new FaultPlan(now);
    this.burst = opts.rateLimit === false ? undefined : new RollingWindow(opts.rateLimit?.max ?? 100, opts.rateLimit?.intervalMs ?? 10_000);
    this.search = opts.searchRateLimit === false ? undefined : new RollingWindow(opts.searchRateLimit?.max ?? 5, opts.searchRateLimit?.intervalMs ?? 1_000);
    this.dailyLimit = opts.dailyLimit ?? 250_000;
    this.opts = {
      portalId: this.portalId,
      privateAppTokens: opts.privateAppTokens ?? ['pat-na1-emulator-token'],
      dailyLimit: this.dailyLimit,
      retryAfterHeader: opts.retryAfterHeader ?? false,
      shuffleBatchResults: opts.shuffleBatchResults ?? true,
      searchLagMs: opts.searchLagMs ?? 0,
      latencyMs: opts.latencyMs ?? 0,
      enforceScopes: opts.enforceScopes ?? false,
      associationBatchReadPageSize: opts.associationBatchReadPageSize ?? Infinity,
    };
    this.oauth = {
      clientId: 'emulator-client-id',
      clientSecret: 'emulator-client-secret',
      accessTokenTtlSec: 1800,
      consent: 'approve',
      ...opts.oauth,
    };
    for (const t of this.opts.privateAppTokens) {
      this.tokens.set(t, { kind: 'private', token: t, scopes: ['*'], userId: 9_000_001, user: 'private-app@emulator.test' });
    }
  }

  /** Random opaque token, HubSpot-looking. */
  newToken(prefix: string): string {
    return `${prefix}-${randomBytes(18).toString('base64url')}`;
  }

  /** Orders batch results the way the emulator is configured to (HubSpot does not promise input order). */
  order<T>(items: T[]): T[] {
    return this.opts.shuffleBatchResults && items.length > 1 ? [...items.slice(1), items[0]!] : items;
  }

  markWritten(rec: StoredRecord): void {
    this.writtenAt.set(`${rec.type}:${rec.id}`, this.now());
  }

  /** Whether CRM search sees this record yet. */
  searchable(rec: StoredRecord): boolean {
    if (this.opts.searchLagMs <= 0) return true;
    const at = this.writtenAt.get(`${rec.type}:${rec.id}`) ?? 0;
    return this.now() - at >= this.opts.searchLagMs;
  }

  /**
   * A record as the objects API returns it (`SimplePublicObject`). `properties`: names to return (missing ones as
   * null) plus hs_object_id/create/modified dates; undefined = every stored value (write responses).
   */
  toPublic(rec: StoredRecord, properties?: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    let props: Record<string, string | null>;
    if (properties === undefined) props = { ...rec.properties };
    else {
      const names = properties.length ? properties : DEFAULT_READ_PROPERTIES[rec.type];
      props = {};
      for (const n of [...names, 'hs_object_id', rec.type === 'contacts' ? 'createdate' : rec.type === 'companies' || rec.type === 'deals' ? 'createdate' : 'hs_createdate']) {
        props[n] = rec.properties[n] ?? null;
      }
      const mod = rec.type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
      props[mod] = rec.properties[mod] ?? null;
    }
    return { id: rec.id, properties: props, createdAt: rec.createdAt, updatedAt: rec.updatedAt, archived: false, ...extra };
  }

  /** A batch response body (`BatchResponseSimplePublicObject[WithErrors]`). */
  batchBody(results: unknown[], errors: unknown[], startedAt: string): Record<string, unknown> {
    return {
      status: 'COMPLETE',
      results,
      ...(errors.length ? { numErrors: errors.length, errors } : {}),
      startedAt,
      completedAt: new Date(this.now()).toISOString(),
    };
  }

  /** Records of one type. */
  objects(type: ObjectType): StoredRecord[] {
    return this.state.list(type);
  }
}
