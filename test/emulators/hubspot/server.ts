import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpAnswer, hubspotError, rateLimitBody } from './errors';
import type { FaultHandle, FaultRule } from './faults';
import { HubSpotEmulatorCore, type HubSpotEmulatorOptions, type OAuthAppConfig, type RequestLogEntry, type TokenInfo } from './core';
import { objectTypeOf, type ObjectType, type PropertyDef } from './model';
import { accountRoutes } from './routes/account';
import { associationRoutes } from './routes/associations';
import { objectRoutes } from './routes/objects';
import { oauthRoutes } from './routes/oauth';
import { propertyRoutes } from './routes/properties';
import { searchRoutes } from './routes/search';
import type { Route, RouteResult } from './routes/types';
import type { Owner, StoredRecord } from './state';

const ROUTES: Route[] = [...oauthRoutes, ...searchRoutes, ...objectRoutes, ...propertyRoutes, ...associationRoutes, ...accountRoutes];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const AUTH_MISSING =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/** Throughput figures for the benchmark (see {@link HubSpotEmulator.throughput}). */
export interface ThroughputReport {
  /** Requests answered (any status) during the measured span. */
  requests: number;
  requestsPerSec: number;
  /** The sustained rate the burst limit allows (max / interval). */
  allowedRequestsPerSec: number;
  recordsPerSec: number;
  /** allowedRequestsPerSec × recordsPerRequest: what the limit allows with full batches. */
  allowedRecordsPerSec: number;
  /** recordsPerSec / allowedRecordsPerSec. */
  ratio: number;
  /** 429s answered during the span. */
  rateLimited: number;
  /** Most requests admitted in any rolling window (never above the limit). */
  peakInWindow: number;
}

/**
 * A running HubSpot emulator: a stateful HTTP server on 127.0.0.1 that answers the paths, payloads, status codes,
 * error bodies, rate limits and OAuth endpoints of the HubSpot APIs that @hubspot/api-client 13 calls. Each route
 * names its doc page (`routes/*.ts`). Point the SDK at it with `new Client({ accessToken, basePath: emulator.url })`.
 */
export class HubSpotEmulator {
  private constructor(
    readonly core: HubSpotEmulatorCore,
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Starts the emulator. Input: {@link HubSpotEmulatorOptions}. @returns once it listens. */
  static async start(opts: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
    const core = new HubSpotEmulatorCore(opts);
    const server = createServer((req, res) => void handle(core, req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new HubSpotEmulator(core, server, `http://127.0.0.1:${port}`);
  }

  /** The authorize page URL (HubSpot: https://app.hubspot.com/oauth/authorize). */
  get authorizeUrl(): string {
    return `${this.url}/oauth/authorize`;
  }
  /** The first private-app token the emulator accepts. */
  get privateAppToken(): string {
    return this.core.opts.privateAppTokens[0]!;
  }
  get portalId(): number {
    return this.core.portalId;
  }
  /** The OAuth app (client id/secret, consent behaviour, token lifetime): mutable. */
  get oauth(): OAuthAppConfig {
    return this.core.oauth;
  }

  // ---- fault injection -------------------------------------------------------------------------------------------

  /** Injects a fault rule (see faults.ts). */
  inject(rule: FaultRule): FaultHandle {
    return this.core.faults.inject(rule);
  }
  /** `count` consecutive 429s (a "429 storm") on matching requests. */
  rateLimitStorm(count: number, opts: { policy?: 'TEN_SECONDLY_ROLLING' | 'SECONDLY'; retryAfterSec?: number; match?: FaultRule['match'] } = {}): FaultHandle {
    return this.inject({
      times: count,
      ...(opts.match ? { match: opts.match } : {}),
      fault: { type: 'rateLimit', ...(opts.policy ? { policy: opts.policy } : {}), ...(opts.retryAfterSec !== undefined ? { retryAfterSec: opts.retryAfterSec } : {}) },
    });
  }
  /**
   * `count` consecutive server errors (default 503) on matching requests; `phase: 'after'` applies the request first
   * (the write happened but the client sees the 5xx).
   */
  serverErrorStorm(count: number, status = 503, opts: { match?: FaultRule['match']; phase?: 'before' | 'after' } = {}): FaultHandle {
    return this.inject({ times: count, ...(opts.match ? { match: opts.match } : {}), fault: { type: 'status', status, ...(opts.phase ? { phase: opts.phase } : {}) } });
  }
  /** Drops the connection of the next `count` matching requests (after processing them, by default). */
  dropConnections(count: number, opts: { phase?: 'before' | 'after'; match?: FaultRule['match'] } = {}): FaultHandle {
    return this.inject({ times: count, ...(opts.match ? { match: opts.match } : {}), fault: { type: 'drop', phase: opts.phase ?? 'after' } });
  }
  /** Delays the next `count` matching responses by `ms`. */
  slowResponses(count: number, ms: number, match?: FaultRule['match']): FaultHandle {
    return this.inject({ times: count, ...(match ? { match } : {}), fault: { type: 'delay', ms } });
  }
  clearFaults(): void {
    this.core.faults.clear();
  }

  /** Changes the burst limit at runtime (`false` = off). */
  setRateLimit(limit: { max: number; intervalMs?: number }): void {
    if (!this.core.burst) throw new Error('the emulator was started with rateLimit: false');
    this.core.burst.max = limit.max;
    if (limit.intervalMs) this.core.burst.intervalMs = limit.intervalMs;
    this.core.burst.reset();
  }

  // ---- seeding -----------------------------------------------------------------------------------------------------

  /** Stores a record directly (no validation, no request counted). @returns its id. */
  seed(type: ObjectType, properties: Record<string, string>, associations: { type: ObjectType; id: string }[] = []): string {
    const rec = this.core.state.create(type, properties);
    this.core.markWritten(rec);
    for (const a of associations) this.core.state.associate(type, rec.id, a.type, a.id);
    return rec.id;
  }
  /** Adds an owner (`archived`: a deactivated user, listed only with `archived=true`). */
  seedOwner(owner: { id: string; email: string; firstName: string; lastName: string; userId?: number; archived?: boolean }): Owner {
    return this.core.state.addOwner({ userId: Number(owner.id) + 1, ...owner });
  }
  /** Adds a property definition directly. */
  seedProperty(type: ObjectType, p: Pick<PropertyDef, 'name' | 'type' | 'fieldType'> & Partial<PropertyDef>): void {
    const at = new Date().toISOString();
    this.core.state.addProperty(type, {
      label: p.name, description: '', groupName: 'contactinformation', options: [], displayOrder: -1, calculated: false, externalOptions: false,
      hasUniqueValue: false, hidden: false, formField: true, modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
      createdAt: at, updatedAt: at, archived: false, ...p,
    });
  }
  /** Issues an OAuth access token directly (skipping the browser). */
  issueAccessToken(opts: { scopes?: string[]; ttlSec?: number } = {}): { accessToken: string; refreshToken: string } {
    const refreshToken = this.core.newToken('emu-refresh');
    const accessToken = this.core.newToken('CJ-emu-access');
    const scopes = opts.scopes ?? ['oauth'];
    this.core.refreshTokens.set(refreshToken, { scopes, userId: 7_000_001, user: 'rep@emulator.test', clientId: this.core.oauth.clientId });
    this.core.tokens.set(accessToken, {
      kind: 'oauth', token: accessToken, scopes, userId: 7_000_001, user: 'rep@emulator.test', refreshToken,
      expiresAt: this.core.now() + (opts.ttlSec ?? this.core.oauth.accessTokenTtlSec) * 1000,
    });
    return { accessToken, refreshToken };
  }
  /** Makes an access token expire now. */
  expireAccessToken(token: string): void {
    const t = this.core.tokens.get(token);
    if (t) t.expiresAt = this.core.now() - 1000;
  }
  /** Access tokens issued through OAuth so far (newest last). */
  oauthTokens(): TokenInfo[] {
    return [...this.core.tokens.values()].filter((t) => t.kind === 'oauth');
  }

  // ---- state for assertions --------------------------------------------------------------------------------------

  /** Live records of one object type. */
  records(type: ObjectType): StoredRecord[] {
    return this.core.state.list(type);
  }
  record(type: ObjectType, id: string): StoredRecord | undefined {
    return this.core.state.get(type, id);
  }
  /** Records created per object type since start (re-running a sync must not raise these). */
  get creates(): Record<ObjectType, number> {
    return { ...this.core.state.creates };
  }
  /** Ids of records of `toType` associated with a record. */
  associated(type: ObjectType, id: string, toType: ObjectType): string[] {
    return this.core.state.associations(type, id, toType).map((e) => e.toId);
  }
  /** Property definitions of an object type. */
  properties(type: string): PropertyDef[] {
    const t = objectTypeOf(type);
    return t ? [...this.core.state.properties.get(t)!.values()] : [];
  }
  /** The request log (method, path, status, fault, duration), oldest first. */
  get requests(): RequestLogEntry[] {
    return this.core.log;
  }
  /** Counters: answered requests, 2xx, 429, other errors, dropped connections; peaks of the rate windows. */
  stats(): typeof this.core.counters & { burstPeak: number; searchPeak: number; creates: Record<ObjectType, number> } {
    return { ...this.core.counters, burstPeak: this.core.burst?.peak ?? 0, searchPeak: this.core.search?.peak ?? 0, creates: this.creates };
  }
  /** Clears the request log and counters (not the records). */
  resetStats(): void {
    this.core.log.length = 0;
    Object.assign(this.core.counters, { served: 0, ok: 0, rateLimited: 0, errors: 0, dropped: 0 });
    this.core.burst?.reset();
    this.core.search?.reset();
  }

  /**
   * Throughput of a measured span for the benchmark: requests served since `sinceMs` (epoch ms) against what the
   * burst limit allows. Input: `records` synced in `elapsedMs`; `recordsPerRequest` a full batch holds (100).
   */
  throughput(opts: { sinceMs: number; elapsedMs: number; records: number; recordsPerRequest?: number }): ThroughputReport {
    const entries = this.core.log.filter((e) => e.at >= opts.sinceMs);
    const secs = Math.max(opts.elapsedMs, 1) / 1000;
    const allowed = this.core.burst ? this.core.burst.max / (this.core.burst.intervalMs / 1000) : Infinity;
    const allowedRecords = allowed * (opts.recordsPerRequest ?? 100);
    const recordsPerSec = opts.records / secs;
    return {
      requests: entries.length,
      requestsPerSec: entries.length / secs,
      allowedRequestsPerSec: allowed,
      recordsPerSec,
      allowedRecordsPerSec: allowedRecords,
      ratio: recordsPerSec / allowedRecords,
      rateLimited: entries.filter((e) => e.status === 429).length,
      peakInWindow: this.core.burst?.peak ?? 0,
    };
  }

  /** Stops listening and closes open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Starts a HubSpot emulator (alias of {@link HubSpotEmulator.start}). */
export const startHubSpotEmulator = (opts: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> => HubSpotEmulator.start(opts);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string): unknown {
  if (!raw) return undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw hubspotError(400, 'VALIDATION_ERROR', `Invalid input JSON on line 1: ${(e as Error).message}`);
  }
}

/** The scope an endpoint needs (https://developers.hubspot.com/docs/api/scopes), for `enforceScopes`. */
function requiredScope(method: string, path: string): string | undefined {
  const write = method !== 'GET' && !/\/(batch\/read|search)$/.test(path);
  const obj = /^\/crm\/v[34]\/(?:objects|associations)\/([^/]+)/.exec(path)?.[1];
  const prop = /^\/crm\/v3\/properties\/([^/]+)/.exec(path)?.[1];
  const t = objectTypeOf(obj ?? prop ?? '');
  const scopeType = t === 'notes' || t === 'tasks' ? 'contacts' : t;
  if (path.startsWith('/crm/v3/owners')) return 'crm.objects.owners.read';
  if (prop && scopeType) return `crm.schemas.${scopeType}.${write ? 'write' : 'read'}`;
  if (obj && scopeType) return `crm.objects.${scopeType}.${write ? 'write' : 'read'}`;
  return undefined;
}

function rateHeaders(core: HubSpotEmulatorCore, token: TokenInfo, now: number): Record<string, string> {
  const h: Record<string, string> = {};
  if (core.burst) {
    h['x-hubspot-ratelimit-interval-milliseconds'] = String(core.burst.intervalMs);
    h['x-hubspot-ratelimit-max'] = String(core.burst.max);
    h['x-hubspot-ratelimit-remaining'] = String(core.burst.remaining(now));
  }
  // Daily headers are sent for private apps only (https://developers.hubspot.com/docs/api/usage-details).
  if (token.kind === 'private') {
    h['x-hubspot-ratelimit-daily'] = String(core.dailyLimit);
    h['x-hubspot-ratelimit-daily-remaining'] = String(Math.max(0, core.dailyLimit - core.dailyUsed));
  }
  return h;
}

async function handle(core: HubSpotEmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = core.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const entry: RequestLogEntry = { at: started, method, path, status: 0, ms: 0 };
  let headers: Record<string, string> = {};
  let dropAfter = false;
  let delayAfter = 0;
  let wrongStatus: number | undefined;

  const finish = (status: number, body: unknown, extra: Record<string, string> = {}, contentType = 'application/json;charset=utf-8'): void => {
    entry.status = status;
    entry.ms = core.now() - started;
    core.log.push(entry);
    if (dropAfter) {
      entry.fault = 'dropped';
      core.counters.dropped++;
      req.socket.destroy();
      return;
    }
    core.counters.served++;
    if (status === 429) core.counters.rateLimited++;
    else if (status >= 200 && status < 300) core.counters.ok++;
    else core.counters.errors++;
    const payload = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': contentType, ...headers, ...extra });
    res.end(payload);
  };

  try {
    const raw = await readBody(req);
    let params: Record<string, string> = {};
    const route = ROUTES.find((r) => {
      if (r.method !== method) return false;
      const m = r.pattern.exec(path);
      if (m) params = { ...(m.groups ?? {}) };
      return !!m;
    });
    if (!route) throw hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to route ${method} ${path}`);

    let token: TokenInfo | undefined;
    if (route.kind !== 'public') {
      const auth = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
      token = auth ? core.tokens.get(auth) : undefined;
      if (!token) throw hubspotError(401, 'INVALID_AUTHENTICATION', AUTH_MISSING);
      if (token.expiresAt !== undefined && token.expiresAt <= core.now()) {
        const ago = Math.max(1, Math.round((core.now() - token.expiresAt) / 1000));
        throw hubspotError(401, 'EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${ago} second(s) ago.`);
      }
      if (core.opts.enforceScopes && token.kind === 'oauth') {
        const need = requiredScope(method, path);
        if (need && !token.scopes.includes(need)) {
          throw hubspotError(403, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
            errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [need] } }],
            links: { scopes: 'https://developers.hubspot.com/scopes' },
          });
        }
      }
    }

    const fault = core.faults.take(method, path);
    if (fault) entry.fault = fault.type;
    if (fault?.type === 'drop' && fault.phase === 'before') {
      entry.status = 0;
      entry.fault = 'dropped';
      core.log.push(entry);
      core.counters.dropped++;
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'drop') dropAfter = true;
    if (fault?.type === 'delay') {
      if (fault.phase === 'before') await sleep(fault.ms);
      else delayAfter = fault.ms;
    }
    if (fault?.type === 'wrongStatus') wrongStatus = fault.status;
    if (fault?.type === 'status' && fault.phase !== 'after') {
      throw hubspotError(fault.status, fault.category ?? (fault.status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR'), fault.message ?? 'internal error');
    }
    if (fault?.type === 'rateLimit') {
      const policy = fault.policy ?? 'TEN_SECONDLY_ROLLING';
      throw new HttpAnswer(429, rateLimitBody(policy, core.portalId), {
        ...(fault.retryAfterSec !== undefined ? { 'retry-after': String(fault.retryAfterSec) } : {}),
        ...(route.kind === 'api' && token ? { ...rateHeaders(core, token, core.now()), 'x-hubspot-ratelimit-remaining': '0' } : {}),
      });
    }

    if (route.kind !== 'public') {
      const now = core.now();
      if (core.dailyUsed >= core.dailyLimit) throw new HttpAnswer(429, rateLimitBody('DAILY', core.portalId));
      if (route.kind === 'search' && core.search && !core.search.tryTake(now)) {
        const wait = core.search.msUntilFree(now);
        throw new HttpAnswer(429, rateLimitBody('SECONDLY', core.portalId), core.opts.retryAfterHeader ? { 'retry-after': String(Math.ceil(wait / 1000)) } : {});
      }
      if (core.burst && !core.burst.tryTake(now)) {
        const wait = core.burst.msUntilFree(now);
        throw new HttpAnswer(429, rateLimitBody('TEN_SECONDLY_ROLLING', core.portalId), {
          ...(route.kind === 'api' ? rateHeaders(core, token!, now) : {}),
          ...(core.opts.retryAfterHeader ? { 'retry-after': String(Math.ceil(wait / 1000)) } : {}),
        });
      }
      core.dailyUsed++;
      if (route.kind === 'api') headers = rateHeaders(core, token!, now);
    }

    const body = raw ? parseBody(raw, String(req.headers['content-type'] ?? '')) : undefined;
    const result: RouteResult = await route.handle({ emu: core, method, path, params, query: url.searchParams, body, headers: req.headers });
    if (fault?.type === 'status') {
      throw hubspotError(fault.status, fault.category ?? 'INTERNAL_ERROR', fault.message ?? 'internal error');
    }
    if (core.opts.latencyMs) await sleep(core.opts.latencyMs);
    if (delayAfter) await sleep(delayAfter);
    const status = wrongStatus !== undefined && result.status >= 200 && result.status < 300 ? wrongStatus : result.status;
    finish(status, result.body, result.headers, result.contentType);
  } catch (err) {
    if (core.opts.latencyMs) await sleep(core.opts.latencyMs);
    if (delayAfter) await sleep(delayAfter);
    if (err instanceof HttpAnswer) {
      const ct = err.headers['content-type'] ?? 'application/json;charset=utf-8';
      finish(err.status, err.body, err.headers, ct);
    } else {
      finish(500, { status: 'error', message: `internal error: ${(err as Error).message}`, correlationId: 'emulator', category: 'INTERNAL_ERROR' });
    }
  }
}
