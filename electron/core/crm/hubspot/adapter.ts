import type http from 'node:http';
import { AssociationTypes } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/companies/models/Filter';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/notes/models/AssociationSpec';
import PQueue from 'p-queue';
import type { CrmFieldInfo, CrmHistory, CrmRole } from '@shared/index';
import { RequestPolicy, type FailureInfo, type RateLimit, type RequestPolicyOptions } from '../policy';
import {
  CrmError,
  type CrmActivity,
  type CrmAdapter,
  type CrmErrorInfo,
  type CrmRecord,
  type CrmWrite,
  type CrmWriteResult,
  type CustomFieldSpec,
  type HistoryQuery,
} from '../types';
import { chunk, isolate, rejectionOf, rounds, type Rejection } from './batch';
import { createHubSpotSdk, createTimeoutAgent, type HubSpotSdk } from './client';
import {
  ACTIVITY_KEY_PROPERTY,
  ASSOCIATION_BATCH_SIZE,
  ASSOCIATION_READ_BATCH_SIZE,
  COMPANY_KEY_PROPERTY,
  LEAD_ID_PROPERTY,
  OBJECT_BATCH_SIZE,
  SEARCH_FILTER_GROUPS,
  SEARCH_IN_VALUES,
  SEARCH_PAGE_SIZE,
} from './constants';
import { AmbiguousWriteError, classifyHubSpotError, httpStatusOf, isAmbiguous, redactSecrets } from './errors';
import { companyNameKey, normalizeDomain, parseBatch, parseRecord, toCrmRecord, type BatchError, type HubSpotRecord } from './records';
import { parseAssociationBatch, parseOwnersPage, readHubSpotHistories } from './history';
import { ensureHubSpotSchema, toFieldInfo, type PropertyInfo } from './schema';

/** Where the adapter gets its access token (the OAuth {@link TokenManager} satisfies it). */
export interface AccessTokenSource {
  /** A valid access token (refreshed first when it is about to expire). */
  getAccessToken(): Promise<string>;
  /** After HubSpot answered 401 for `rejected`: a fresh token to retry once with. Throws when none can be had. */
  handleUnauthorized?(rejected: string): Promise<string>;
  /** Whether a 401 can be cured by a refresh (OAuth with a refresh token). */
  canRefresh?(): Promise<boolean>;
}

export interface HubSpotAdapterOptions {
  /** API base URL (settings `crm.hubspot.baseUrl`: https://api.hubapi.com, or an emulator). */
  baseUrl: string;
  tokens: AccessTokenSource;
  /** Log drafts as notes (default) or tasks (settings `crm.hubspot.activity`). */
  activity?: 'note' | 'task';
  /**
   * Rate-limit buckets. Defaults: `default` 100 requests per 10 250 ms (HubSpot's 100 per 10 s burst limit plus a
   * 250 ms margin for network jitter, so our sliding window never overtakes HubSpot's), concurrency 8; `search`
   * 5 per 1 100 ms, concurrency 2 (https://developers.hubspot.com/docs/api/usage-details).
   */
  limits?: { default?: RateLimit; search?: RateLimit };
  /** More RequestPolicy options (attempts, backoff, test seams). */
  policy?: Partial<Omit<RequestPolicyOptions, 'kind' | 'limits' | 'classify'>>;
  /** Per-request timeout in ms (default 30 000). */
  requestTimeoutMs?: number;
  /** Batch calls in flight at once per operation (default 4). */
  batchConcurrency?: number;
  /** More secret values to scrub from messages (e.g. the OAuth client secret). */
  redact?: () => Iterable<string | undefined>;
}

const DEFAULT_LIMITS = {
  default: { intervalCap: 100, intervalMs: 10_250, concurrency: 8 },
  search: { intervalCap: 5, intervalMs: 1_100, concurrency: 2 },
} satisfies Record<string, RateLimit>;

/** Reconcile-and-resend rounds for an activity create whose outcome was lost. */
const MAX_ACTIVITY_ROUNDS = 8;

type ObjectName = 'contacts' | 'companies' | 'notes' | 'tasks' | 'deals';

/**
 * {@link CrmAdapter} for HubSpot over @hubspot/api-client 13. Every SDK call runs inside the {@link RequestPolicy}
 * (rate limits, retries honouring the limit window, circuit breaker); the SDK's own retries and limiter are off.
 *
 * - Persons = contacts: a write with `id` → batch update; else batch upsert with `idProperty: 'email'`, or by the
 *   unique `leadforge_lead_id` when there is no email (https://developers.hubspot.com/docs/api/crm/contacts).
 * - Accounts = companies: `domain` is not unique in HubSpot, so creates are batch upserts by the unique
 *   `leadforge_company_key` (the normalised domain, else `name:<name>`), which a crash-and-retry cannot duplicate;
 *   {@link findAccountsByDomain} reads that key first, then searches `domain` for companies made by people.
 * - Associations v4, contact → company default type (https://developers.hubspot.com/docs/api/crm/associations/associations-v4).
 * - Activities = notes (`hs_note_body`, `hs_timestamp`) or tasks (`hs_task_subject`, `hs_task_body`,
 *   `hs_task_status`, `hs_timestamp`), created with their contact/company associations in the same call and a
 *   `leadforge_activity_key` (https://developers.hubspot.com/docs/api/crm/notes, https://developers.hubspot.com/docs/api/crm/tasks).
 *   Creates are not idempotent, so a create whose answer was lost (dropped connection, 5xx) is not blindly resent: the
 *   adapter looks the keys up through the contacts' associations and resends only what is missing.
 * - Batches: ≤ 100 inputs a call, results matched by `objectWriteTraceId` (HubSpot does not promise input order);
 *   a batch HubSpot refuses (400/409) is split to find the culprits, so other records still land and each refused one
 *   gets HubSpot's own message.
 *
 * Errors: {@link CrmError} (never with a token in it) when a whole call fails after the policy's retries.
 */
export class HubSpotAdapter implements CrmAdapter {
  readonly kind = 'hubspot' as const;
  readonly objects: { person: string; account: string; activity: string };
  readonly policy: RequestPolicy;
  private readonly agent: http.Agent;
  private readonly sdks = new Map<string, HubSpotSdk>();
  private readonly seen = new Set<string>();
  private readonly stamps: number[] = [];
  private readonly propertyCache = new Map<string, Promise<Map<string, PropertyInfo>>>();
  private ownerDirectory: OwnerDirectory | undefined;
  private ownerRead: Promise<void> | undefined;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly burst: RateLimit;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  /** @param o see {@link HubSpotAdapterOptions} */
  constructor(private readonly o: HubSpotAdapterOptions) {
    this.objects = { person: 'contacts', account: 'companies', activity: o.activity === 'task' ? 'tasks' : 'notes' };
    this.timeoutMs = o.requestTimeoutMs ?? 30_000;
    this.concurrency = o.batchConcurrency ?? 4;
    this.burst = { ...DEFAULT_LIMITS.default, ...o.limits?.default };
    this.now = o.policy?.now ?? Date.now;
    this.sleep = o.policy?.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = o.policy?.random ?? Math.random;
    this.agent = createTimeoutAgent(o.baseUrl, this.timeoutMs);
    // The SDK's first construction loads its generated modules (~0.7 s on a slow machine). Done now, not inside the
    // first rate-limited call: a request that leaves long after its rate-limit token was taken lets HubSpot's window
    // see a burst ours never allowed.
    createHubSpotSdk('warm-up', o.baseUrl, this.agent, this.timeoutMs);
    this.policy = new RequestPolicy({
      ...o.policy,
      kind: 'hubspot',
      limits: { default: this.burst, search: { ...DEFAULT_LIMITS.search, ...o.limits?.search } },
      classify: (err) => this.classify(err),
    });
  }

  get stats(): { requests: number; retries: number } {
    return { requests: this.policy.stats.requests, retries: this.policy.stats.retries };
  }

  /** Stops timers and closes pooled connections. */
  close(): void {
    this.policy.shutdown();
    this.agent.destroy();
  }

  // ---- plumbing ----------------------------------------------------------------------------------------------------

  private get activityObject(): 'notes' | 'tasks' {
    return this.objects.activity as 'notes' | 'tasks';
  }

  private classify(err: unknown): FailureInfo {
    return classifyHubSpotError(err, { secrets: this.secrets(), tenSecondWaitMs: (interval) => this.windowWaitMs(interval) });
  }

  private *secrets(): Iterable<string | undefined> {
    yield* this.seen;
    if (this.o.redact) yield* this.o.redact();
  }

  private redact = (s: string): string => redactSecrets(s, this.secrets());

  /**
   * When our own last `intervalCap` requests leave HubSpot's rolling window of `window` ms (the "rest of the window"
   * after a TEN_SECONDLY_ROLLING 429 without Retry-After). When we have not sent that many, the limit is shared with
   * other apps of the portal and its state unknown: probe again after a tenth of the window.
   */
  private windowWaitMs(window: number): number {
    const cap = this.burst.intervalCap;
    const now = this.now();
    const recent = this.stamps.filter((t) => t > now - window);
    if (recent.length < cap) return window / 10;
    return Math.min(window, Math.max(200, recent[recent.length - cap]! + window - now));
  }

  private sdkFor(token: string): HubSpotSdk {
    let sdk = this.sdks.get(token);
    if (!sdk) {
      if (this.sdks.size >= 2) this.sdks.delete(this.sdks.keys().next().value!);
      sdk = createHubSpotSdk(token, this.o.baseUrl, this.agent, this.timeoutMs);
      this.sdks.set(token, sdk);
    }
    return sdk;
  }

  /** One HTTP request with the current token; on 401 refreshes once (OAuth) and tries again with the new token. */
  private async once<T>(fn: (sdk: HubSpotSdk) => Promise<T>): Promise<T> {
    const token = await this.o.tokens.getAccessToken();
    this.seen.add(token);
    this.stamp();
    try {
      return await fn(this.sdkFor(token));
    } catch (err) {
      if (httpStatusOf(err) !== 401 || !this.o.tokens.handleUnauthorized || !(await this.o.tokens.canRefresh?.())) throw err;
      const fresh = await this.o.tokens.handleUnauthorized(token);
      this.seen.add(fresh);
      this.stamp();
      return await fn(this.sdkFor(fresh));
    }
  }

  private stamp(): void {
    const now = this.now();
    this.stamps.push(now);
    if (this.stamps.length > 4 * this.burst.intervalCap) this.stamps.splice(0, this.stamps.length - 2 * this.burst.intervalCap);
  }

  /** Runs one SDK call under the request policy. */
  private call<T>(label: string, fn: (sdk: HubSpotSdk) => Promise<T>, search = false): Promise<T> {
    return this.policy.run(label, () => this.once(fn), search ? { buckets: ['default', 'search'] } : {});
  }

  /** A batch write under the policy: a 400/409 comes back as a {@link Rejection} instead of a throw. */
  private write<T>(label: string, fn: (sdk: HubSpotSdk) => Promise<T>, ambiguousIsFatal = false): Promise<{ res: T } | { rejection: Rejection }> {
    return this.policy.run(label, async () => {
      try {
        return { res: await this.once(fn) };
      } catch (err) {
        const rejection = rejectionOf(err, this.redact);
        if (rejection) return { rejection };
        if (ambiguousIsFatal) {
          const f = this.classify(err);
          if (isAmbiguous(f)) throw new AmbiguousWriteError(f);
        }
        throw err;
      }
    });
  }

  private async parallel<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
    const q = new PQueue({ concurrency: this.concurrency });
    await Promise.all(items.map((i) => q.add(() => fn(i))));
  }

  private properties(object: ObjectName): Promise<Map<string, PropertyInfo>> {
    let p = this.propertyCache.get(object);
    if (!p) {
      p = this.call(`${object} properties read`, (sdk) => sdk.properties.coreApi.getAll(object, false, undefined, sdk.opts)).then(
        (r) => new Map((r.results as unknown as PropertyInfo[]).map((x) => [x.name, x])),
      );
      p.catch(() => this.propertyCache.delete(object));
      this.propertyCache.set(object, p);
    }
    return p;
  }

  private async hasProperty(object: ObjectName, name: string): Promise<boolean> {
    return (await this.properties(object)).has(name);
  }

  // ---- connection and schema -------------------------------------------------------------------------------------

  /**
   * GET /account-info/v3/details (https://developers.hubspot.com/docs/api/settings/account-information-api).
   * @returns `{ account: 'HubSpot portal <id>', user? }` (user from the OAuth token's metadata, when OAuth)
   * @throws CrmError (401 INVALID_AUTHENTICATION for a bad token)
   */
  async testConnection(): Promise<{ account: string; user?: string }> {
    const info = (await this.call('account info', (sdk) => sdk.getJson('/account-info/v3/details'))) as { portalId?: unknown; uiDomain?: unknown };
    if (typeof info?.portalId !== 'number' && typeof info?.portalId !== 'string') {
      throw new CrmError('hubspot account info: unexpected response shape', { kind: 'hubspot', code: 'BAD_RESPONSE', retryable: false });
    }
    let user: string | undefined;
    if (await this.o.tokens.canRefresh?.()) {
      try {
        const t = await this.call('access token info', async (sdk) => sdk.client.oauth.accessTokensApi.get(await this.o.tokens.getAccessToken(), sdk.opts));
        user = typeof t.user === 'string' ? t.user : undefined;
      } catch {
        // the user label is optional
      }
    }
    return { account: `HubSpot portal ${String(info.portalId)}`, ...(user ? { user } : {}) };
  }

  /** Properties of contacts (person) or companies (account) as {@link CrmFieldInfo} (https://developers.hubspot.com/docs/api/crm/properties). */
  async describeFields(role: CrmRole): Promise<CrmFieldInfo[]> {
    const object: ObjectName = role === 'person' ? 'contacts' : 'companies';
    this.propertyCache.delete(object);
    return [...(await this.properties(object)).values()].filter((p) => !p.archived).map((p) => toFieldInfo(role, object, p));
  }

  /**
   * Creates the property group `leadforge` and the missing properties on contacts, companies and the activity object,
   * plus the adapter's own keys (`leadforge_lead_id` unique on contacts, `leadforge_company_key` unique on companies,
   * `leadforge_activity_key` on notes/tasks). 409 answers (created meanwhile) count as present. Idempotent.
   * @returns names created, and names that could not be created or exist without the needed uniqueness
   */
  async ensureSchema(fields: CustomFieldSpec[]): Promise<{ created: string[]; missing: string[] }> {
    const result = await ensureHubSpotSchema(fields, this.activityObject, {
      call: (label, fn) => this.call(label, fn),
      properties: async (object) => {
        this.propertyCache.delete(object);
        return this.properties(object);
      },
    });
    for (const o of ['contacts', 'companies', 'notes', 'tasks'] as const) this.propertyCache.delete(o);
    return result;
  }

  // ---- reads -------------------------------------------------------------------------------------------------------

  /** Batch read by a unique property (chunks of 100); missing values are simply absent (207 errors ignored). */
  private async readBy(object: ObjectName, idProperty: string | undefined, ids: string[], properties: string[], label: string): Promise<HubSpotRecord[]> {
    const out: HubSpotRecord[] = [];
    await this.parallel(chunk(ids, OBJECT_BATCH_SIZE), async (c) => {
      const res = await this.call(label, (sdk) =>
        objectApi(sdk, object).read({ ...(idProperty ? { idProperty } : {}), inputs: c.map((id) => ({ id })), properties, propertiesWithHistory: [] }, undefined, sdk.opts),
      );
      out.push(...parseBatch(res, label).records);
    });
    return out;
  }

  /** Contacts by email via batch read with `idProperty: 'email'` (consistent, unlike search). Keys lowercased. */
  async findPersonsByEmail(emails: string[], properties: string[]): Promise<Map<string, CrmRecord>> {
    const ids = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
    const recs = await this.readBy('contacts', 'email', ids, [...new Set([...properties, 'email'])], 'contacts batch read by email');
    const out = new Map<string, CrmRecord>();
    for (const r of recs) {
      const email = r.properties.email?.toLowerCase();
      if (email) out.set(email, toCrmRecord(r, properties));
    }
    return out;
  }

  /** Contacts by the unique `leadforge_lead_id` (empty when the property does not exist yet). */
  async findPersonsByLeadId(leadIds: string[], properties: string[]): Promise<Map<string, CrmRecord>> {
    const ids = [...new Set(leadIds.filter(Boolean))];
    if (!ids.length || !(await this.hasProperty('contacts', LEAD_ID_PROPERTY))) return new Map();
    const recs = await this.readBy('contacts', LEAD_ID_PROPERTY, ids, [...new Set([...properties, LEAD_ID_PROPERTY])], 'contacts batch read by lead id');
    const out = new Map<string, CrmRecord>();
    for (const r of recs) {
      const id = r.properties[LEAD_ID_PROPERTY];
      if (id) out.set(id, toCrmRecord(r, properties));
    }
    return out;
  }

  /**
   * Companies by domain (keys normalised: lowercased, no scheme, no `www.`). First a batch read by the unique
   * `leadforge_company_key` (companies LeadForge made; consistent), then CRM search `domain IN [d, www.d]` for the
   * rest (companies made by people; 5 requests/s, 200 per page, `after` paging; IN values must be lowercase —
   * https://developers.hubspot.com/docs/api/crm/search): one search covers 250 domains, as up to 5 filter groups
   * (OR'ed) of one IN filter with 100 values each. Several companies with one domain: the oldest (lowest id).
   */
  async findAccountsByDomain(domains: string[], properties: string[]): Promise<Map<string, CrmRecord>> {
    const wanted = [...new Set(domains.map(normalizeDomain).filter(Boolean))];
    const found = new Map<string, HubSpotRecord>();
    if (!wanted.length) return new Map();
    if (await this.hasProperty('companies', COMPANY_KEY_PROPERTY)) {
      const recs = await this.readBy('companies', COMPANY_KEY_PROPERTY, wanted, [...new Set([...properties, COMPANY_KEY_PROPERTY, 'domain'])], 'companies batch read by key');
      for (const r of recs) {
        const k = r.properties[COMPANY_KEY_PROPERTY];
        if (k) found.set(k, r);
      }
    }
    const rest = wanted.filter((d) => !found.has(d));
    const fromSearch = new Map<string, HubSpotRecord>();
    // Each domain takes two IN values (`d`, `www.d`); one search ORs up to SEARCH_FILTER_GROUPS groups of one IN filter.
    const perFilter = SEARCH_IN_VALUES / 2;
    await this.parallel(chunk(rest, perFilter * SEARCH_FILTER_GROUPS), async (c) => {
      const filterGroups = chunk(c, perFilter).map((g) => ({
        filters: [{ propertyName: 'domain', operator: FilterOperatorEnum.In, values: g.flatMap((d) => [d, `www.${d}`]) }],
      }));
      const asked = new Set(c);
      let after: string | undefined;
      do {
        const page = await this.call(
          'companies search by domain',
          (sdk) =>
            sdk.companies.searchApi.doSearch({
              filterGroups,
              properties: [...new Set([...properties, 'domain'])],
              limit: SEARCH_PAGE_SIZE,
              ...(after ? { after } : {}),
            }, sdk.opts),
          true,
        );
        for (const raw of page.results ?? []) {
          const r = parseRecord(raw, 'companies search');
          const d = normalizeDomain(r.properties.domain);
          const prev = fromSearch.get(d);
          if (asked.has(d) && (!prev || Number(r.id) < Number(prev.id))) fromSearch.set(d, r);
        }
        after = page.paging?.next?.after;
      } while (after);
    });
    for (const [d, r] of fromSearch) found.set(d, r);
    return new Map([...found].map(([d, r]) => [d, toCrmRecord(r, properties)]));
  }

  /** Records by id (batch read, chunks of 100). Missing ids are absent. */
  async getRecords(role: CrmRole, ids: string[], properties: string[]): Promise<Map<string, CrmRecord>> {
    const object: ObjectName = role === 'person' ? 'contacts' : 'companies';
    const recs = await this.readBy(object, undefined, [...new Set(ids)], properties, `${object} batch read`);
    return new Map(recs.map((r) => [r.id, toCrmRecord(r, properties)]));
  }

  // ---- writes ------------------------------------------------------------------------------------------------------

  /**
   * Contacts: `id` → batch update; no id + email → batch upsert `idProperty: 'email'`; no id, no email → batch upsert
   * by `leadforge_lead_id` (value: `properties.leadforge_lead_id`, else the write's key).
   * @returns one result per write, in input order
   */
  async writePersons(writes: CrmWrite[]): Promise<CrmWriteResult[]> {
    const results: CrmWriteResult[] = new Array(writes.length);
    const updates: Pending[] = [];
    const byEmail: Pending[] = [];
    const byLeadId: Pending[] = [];
    writes.forEach((w, index) => {
      const props = { ...w.properties };
      if (w.id) return void updates.push({ index, write: w, props, idValue: w.id });
      const email = (props.email ?? '').trim().toLowerCase();
      if (email) {
        props.email = email;
        byEmail.push({ index, write: w, props, idProperty: 'email', idValue: email });
      } else {
        delete props.email;
        const leadId = props[LEAD_ID_PROPERTY] || w.key;
        byLeadId.push({ index, write: w, props: { ...props, [LEAD_ID_PROPERTY]: leadId }, idProperty: LEAD_ID_PROPERTY, idValue: leadId });
      }
    });
    if (byLeadId.length && !(await this.hasProperty('contacts', LEAD_ID_PROPERTY))) {
      for (const p of byLeadId.splice(0)) results[p.index] = schemaMissing(p.write.key, 'contacts', LEAD_ID_PROPERTY);
    }
    await Promise.all([
      this.updateBatches('contacts', updates, results),
      this.upsertBatches('contacts', [...byEmail, ...byLeadId], results),
    ]);
    return results;
  }

  /**
   * Companies: `id` → batch update; else batch upsert by `leadforge_company_key` (from `properties`, else the
   * normalised `domain`, else `name:<name>`, else `lead:<key>`). Writes sharing a key make one company: the first
   * write's properties win, the others fill gaps; every one of them gets its id (`created` on the first only).
   */
  async writeAccounts(writes: CrmWrite[]): Promise<CrmWriteResult[]> {
    const results: CrmWriteResult[] = new Array(writes.length);
    const updates: Pending[] = [];
    const groups = new Map<string, Pending[]>();
    writes.forEach((w, index) => {
      const props = { ...w.properties };
      if (w.id) return void updates.push({ index, write: w, props, idValue: w.id });
      const key = props[COMPANY_KEY_PROPERTY] || normalizeDomain(props.domain) || companyNameKey(props.name) || `lead:${w.key}`;
      const list = groups.get(key) ?? [];
      list.push({ index, write: w, props: { ...props, [COMPANY_KEY_PROPERTY]: key }, idProperty: COMPANY_KEY_PROPERTY, idValue: key });
      groups.set(key, list);
    });
    const reps: Pending[] = [];
    for (const list of groups.values()) {
      const merged = { ...list[0]!.props };
      for (const p of list.slice(1)) for (const [k, v] of Object.entries(p.props)) if (!merged[k] && v) merged[k] = v;
      reps.push({ ...list[0]!, props: merged });
    }
    if (reps.length && !(await this.hasProperty('companies', COMPANY_KEY_PROPERTY))) {
      for (const r of reps.splice(0)) results[r.index] = schemaMissing(r.write.key, 'companies', COMPANY_KEY_PROPERTY);
    }
    await Promise.all([this.updateBatches('companies', updates, results), this.upsertBatches('companies', reps, results)]);
    for (const list of groups.values()) {
      const first = results[list[0]!.index];
      for (const p of list.slice(1)) results[p.index] = first ? { ...first, key: p.write.key, ...(first.ok ? { created: false } : {}) } : schemaMissing(p.write.key, 'companies', COMPANY_KEY_PROPERTY);
    }
    return results;
  }

  private async updateBatches(object: 'contacts' | 'companies', items: Pending[], results: CrmWriteResult[]): Promise<void> {
    const label = `${object} batch update`;
    const batches = rounds(items, (p) => p.idValue).flatMap((r) => chunk(r, OBJECT_BATCH_SIZE));
    await this.parallel(batches, (c) =>
      isolate(
        c,
        async (part) => {
          const out = await this.write(label, (sdk) =>
            objectApi(sdk, object).update({ inputs: part.map((p) => ({ id: p.idValue, properties: p.props, objectWriteTraceId: String(p.index) })) }, sdk.opts),
          );
          if ('rejection' in out) return out.rejection;
          this.settle(part, parseBatch(out.res, label), results, (p, r) => r.id === p.idValue, false);
          return undefined;
        },
        (p) => p.props,
        (p, error) => (results[p.index] = { key: p.write.key, ok: false, error }),
      ),
    );
  }

  private async upsertBatches(object: 'contacts' | 'companies', items: Pending[], results: CrmWriteResult[]): Promise<void> {
    const label = `${object} batch upsert`;
    const batches = rounds(items, (p) => `${p.idProperty}:${p.idValue.toLowerCase()}`).flatMap((r) => chunk(r, OBJECT_BATCH_SIZE));
    await this.parallel(batches, (c) =>
      isolate(
        c,
        async (part) => {
          const out = await this.write(label, (sdk) =>
            objectApi(sdk, object).upsert({
              inputs: part.map((p) => ({ id: p.idValue, idProperty: p.idProperty!, properties: p.props, objectWriteTraceId: String(p.index) })),
            }, sdk.opts),
          );
          if ('rejection' in out) return out.rejection;
          this.settle(part, parseBatch(out.res, label), results, (p, r) => (r.properties[p.idProperty!] ?? '').toLowerCase() === p.idValue.toLowerCase(), true);
          return undefined;
        },
        (p) => p.props,
        (p, error) => (results[p.index] = { key: p.write.key, ok: false, error }),
      ),
    );
  }

  /** Matches a batch answer to its inputs: by objectWriteTraceId, else by `match`; 207 errors by id/trace context. */
  private settle(
    part: Pending[],
    batch: { records: HubSpotRecord[]; errors: BatchError[] },
    results: CrmWriteResult[],
    match: (p: Pending, r: HubSpotRecord) => boolean,
    upsert: boolean,
  ): void {
    const byTrace = new Map(batch.records.filter((r) => r.objectWriteTraceId).map((r) => [r.objectWriteTraceId!, r]));
    for (const p of part) {
      const r = byTrace.get(String(p.index)) ?? batch.records.find((x) => match(p, x));
      if (r) {
        results[p.index] = { key: p.write.key, ok: true, id: r.id, created: upsert ? r.created === true : false };
        continue;
      }
      const e = batch.errors.find(
        (x) =>
          (x.context.objectWriteTraceId ?? []).includes(String(p.index)) ||
          (x.context.ids ?? []).some((id) => id.toLowerCase() === p.idValue.toLowerCase()),
      );
      results[p.index] = {
        key: p.write.key,
        ok: false,
        error: e
          ? { message: this.redact(e.message), ...(e.category ? { code: e.category } : {}), status: 207 }
          : { message: 'HubSpot returned no result for this record', code: 'NO_RESULT' },
      };
    }
  }

  /**
   * Associates contacts with companies: POST /crm/v4/associations/contacts/companies/batch/associate/default
   * (unlabeled type 279; re-associating is a no-op). Pairs naming a missing record come back in the 200 answer's
   * `errors` and get a failed result.
   */
  async associate(pairs: { key: string; personId: string; accountId: string }[]): Promise<CrmWriteResult[]> {
    const results: CrmWriteResult[] = new Array(pairs.length);
    const items = pairs.map((p, index) => ({ ...p, index }));
    const label = 'contact→company batch associate';
    const batches = rounds(items, (p) => `${p.personId}:${p.accountId}`).flatMap((r) => chunk(r, ASSOCIATION_BATCH_SIZE));
    await this.parallel(batches, (c) =>
      isolate(
        c,
        async (part) => {
          const out = await this.write(label, (sdk) =>
            sdk.associations.batchApi.createDefault('contacts', 'companies', { inputs: part.map((p) => ({ _from: { id: p.personId }, to: { id: p.accountId } })) }, sdk.opts),
          );
          if ('rejection' in out) return out.rejection;
          const res = out.res as { results?: { _from?: { id?: unknown }; to?: { id?: unknown } }[]; errors?: { message?: string; category?: string }[] };
          const done = new Set((res.results ?? []).map((r) => `${String(r._from?.id)}:${String(r.to?.id)}`));
          const err = res.errors?.[0];
          for (const p of part) {
            results[p.index] = done.has(`${p.personId}:${p.accountId}`)
              ? { key: p.key, ok: true }
              : { key: p.key, ok: false, error: { message: this.redact(err?.message ?? 'HubSpot did not confirm the association'), code: err?.category ?? 'NO_RESULT' } };
          }
          return undefined;
        },
        () => ({}),
        (p, error) => (results[p.index] = { key: p.key, ok: false, error }),
      ),
    );
    return results;
  }

  /**
   * Logs drafts as notes or tasks, each created with its contact (and company) association in the same call
   * (POST /crm/v3/objects/{notes|tasks}/batch/create, 201) and `leadforge_activity_key` = `activity.key`.
   * Activities with a key already logged in this call share one record.
   */
  async logActivities(activities: CrmActivity[]): Promise<CrmWriteResult[]> {
    const results: CrmWriteResult[] = new Array(activities.length);
    const object = this.activityObject;
    const first = new Map<string, number>();
    const items: ActivityItem[] = [];
    activities.forEach((a, index) => {
      if (first.has(a.key)) return;
      first.set(a.key, index);
      items.push({ index, activity: a, props: this.activityProperties(a) });
    });
    if (!(await this.hasProperty(object, ACTIVITY_KEY_PROPERTY))) {
      for (const it of items) results[it.index] = schemaMissing(it.activity.leadKey, object, ACTIVITY_KEY_PROPERTY);
    } else {
      await this.parallel(chunk(items, OBJECT_BATCH_SIZE), (c) =>
        isolate(
          c,
          (part) => this.createActivities(part, results),
          (it) => it.props,
          (it, error) => (results[it.index] = { key: it.activity.leadKey, ok: false, error }),
        ),
      );
    }
    activities.forEach((a, index) => {
      const f = first.get(a.key)!;
      if (f !== index) results[index] = { ...results[f]!, key: a.leadKey, ...(results[f]!.ok ? { created: false } : {}) };
    });
    return results;
  }

  private activityProperties(a: CrmActivity): Record<string, string> {
    const ts = new Date(a.timestamp);
    const hsTimestamp = Number.isNaN(ts.getTime()) ? new Date(this.now()).toISOString() : ts.toISOString();
    if (this.activityObject === 'tasks') {
      return {
        hs_task_subject: a.subject,
        hs_task_body: toHtml(a.body),
        hs_task_status: 'NOT_STARTED',
        hs_task_type: 'EMAIL',
        hs_timestamp: hsTimestamp,
        [ACTIVITY_KEY_PROPERTY]: a.key,
      };
    }
    return { hs_note_body: `<p><strong>${escapeHtml(a.subject)}</strong></p>${toHtml(a.body)}`, hs_timestamp: hsTimestamp, [ACTIVITY_KEY_PROPERTY]: a.key };
  }

  /**
   * One create call for activities, reconciling lost answers: a dropped connection or 5xx after sending is not resent
   * blindly; the keys are looked up first and only the missing ones are sent again (with backoff).
   */
  private async createActivities(part: ActivityItem[], results: CrmWriteResult[]): Promise<Rejection | undefined> {
    const object = this.activityObject;
    const label = `${object} batch create`;
    const toContact = object === 'notes' ? AssociationTypes.noteToContact : AssociationTypes.taskToContact;
    const toCompany = object === 'notes' ? AssociationTypes.noteToCompany : AssociationTypes.taskToCompany;
    let pending = part;
    for (let round = 1; pending.length; round++) {
      try {
        const inputs = pending.map((it) => ({
          properties: it.props,
          objectWriteTraceId: String(it.index),
          associations: [
            { to: { id: it.activity.personId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: toContact }] },
            ...(it.activity.accountId ? [{ to: { id: it.activity.accountId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: toCompany }] }] : []),
          ],
        }));
        const out = await this.write(
          label,
          (sdk) => (object === 'notes' ? sdk.notes.batchApi.create({ inputs }, sdk.opts) : sdk.tasks.batchApi.create({ inputs } as unknown as Parameters<HubSpotSdk['tasks']['batchApi']['create']>[0], sdk.opts)),
          true,
        );
        if ('rejection' in out) return out.rejection;
        const batch = parseBatch(out.res, label);
        const byTrace = new Map(batch.records.map((r) => [r.objectWriteTraceId ?? '', r]));
        const byKey = new Map(batch.records.map((r) => [r.properties[ACTIVITY_KEY_PROPERTY] ?? '', r]));
        for (const it of pending) {
          const r = byTrace.get(String(it.index)) ?? byKey.get(it.activity.key);
          results[it.index] = r
            ? { key: it.activity.leadKey, ok: true, id: r.id, created: true }
            : { key: it.activity.leadKey, ok: false, error: { message: 'HubSpot returned no result for this activity', code: 'NO_RESULT' } };
        }
        return undefined;
      } catch (err) {
        if (!(err instanceof CrmError) || err.info.code !== 'AMBIGUOUS_WRITE' || round >= MAX_ACTIVITY_ROUNDS) throw err;
        const existing = await this.activitiesByKey(pending.map((it) => ({ key: it.activity.key, personId: it.activity.personId })));
        for (const it of pending) {
          const id = existing.get(it.activity.key);
          if (id) results[it.index] = { key: it.activity.leadKey, ok: true, id, created: true };
        }
        pending = pending.filter((it) => !existing.has(it.activity.key));
        this.policy.stats.retries++;
        if (pending.length) await this.sleep(Math.round(this.random() * Math.min(30_000, 500 * 2 ** (round - 1))));
      }
    }
    return undefined;
  }

  /**
   * Activity ids by key, through the persons' associations (associations v4 batch read, ≤ 1,000 ids) and a batch read
   * of the associated activities' `leadforge_activity_key`. Consistent right after a write, unlike CRM search.
   */
  private async activitiesByKey(wanted: { key: string; personId: string }[]): Promise<Map<string, string>> {
    const object = this.activityObject;
    const keys = new Set(wanted.map((w) => w.key));
    const persons = [...new Set(wanted.map((w) => w.personId))];
    const activityIds = new Set<string>();
    for (const c of chunk(persons, ASSOCIATION_READ_BATCH_SIZE)) {
      const res = await this.call(`contact→${object} associations read`, (sdk) =>
        sdk.associations.batchApi.getPage('contacts', object, { inputs: c.map((id) => ({ id })) }, sdk.opts),
      );
      for (const r of (res as { results?: { to?: { toObjectId?: unknown }[] }[] }).results ?? []) {
        for (const t of r.to ?? []) if (t.toObjectId !== undefined) activityIds.add(String(t.toObjectId));
      }
    }
    const found = new Map<string, string>();
    const recs = await this.readBy(object, undefined, [...activityIds], [ACTIVITY_KEY_PROPERTY], `${object} batch read`);
    for (const r of recs) {
      const k = r.properties[ACTIVITY_KEY_PROPERTY];
      if (k && keys.has(k) && (!found.has(k) || Number(r.id) < Number(found.get(k)))) found.set(k, r.id);
    }
    return found;
  }

  /** The activity logged with `key` on the person, if any (see {@link activitiesByKey}). */
  async findActivity(key: string, personId: string): Promise<string | undefined> {
    if (!(await this.hasProperty(this.activityObject, ACTIVITY_KEY_PROPERTY))) return undefined;
    return (await this.activitiesByKey([{ key, personId }])).get(key);
  }

  // ---- history -------------------------------------------------------------------------------------------------------

  /**
   * What HubSpot knows about many leads, in batched rounds ({@link readHubSpotHistories}): contacts by email (batch
   * read, `idProperty: 'email'`) and `leadforge_lead_id`, their primary companies (batch read) or companies by domain
   * (batch read by `leadforge_company_key`, then search `domain IN (…)` under the 5/s search bucket), owner names
   * from the cached owners list, open deals through associations v4 batch reads (companies → deals, contacts → deals)
   * and a deals batch read. Every call is ≤ 100 inputs (associations ≤ 1,000) and goes through the request policy.
   * Requests: about 7 per 100 leads (+ 1 owners list per {@link OWNER_CACHE_TTL_MS}), not 3-5 per lead.
   * @returns one history per query, in input order
   * @throws CrmError when a call fails after the policy's retries
   */
  async histories(queries: HistoryQuery[]): Promise<CrmHistory[]> {
    if (!queries.length) return [];
    return readHubSpotHistories(queries, {
      contactsByEmail: (emails, props) => this.findPersonsByEmail(emails, props),
      contactsByLeadId: (ids, props) => this.findPersonsByLeadId(ids, props),
      companiesById: (ids, props) => this.getRecords('account', ids, props),
      companiesByDomain: (domains, props) => this.findAccountsByDomain(domains, props),
      dealIdsOf: (from, ids) => this.associatedIds(from, 'deals', ids),
      dealsById: async (ids, props) => new Map((await this.readBy('deals', undefined, ids, props, 'deals batch read')).map((r) => [r.id, toCrmRecord(r, props)])),
      ownerNames: (ids) => this.ownerNames(ids),
    });
  }

  /**
   * What HubSpot knows about one lead: `histories([query])[0]` (see {@link histories}): the contact (by email when the
   * lead has one, else by `leadforge_lead_id`) and its company (the contact's primary company, else by domain): owner id and name, lifecycle
   * stage, last activity (`notes_last_updated`, else `hs_last_sales_activity_timestamp`), open deals of the company (or
   * of the contact without company), and `isCustomer` when a lifecycle stage is `customer`.
   */
  async history(query: HistoryQuery): Promise<CrmHistory> {
    return (await this.histories([query]))[0]!;
  }

  /**
   * Owner names by id from the owners list (GET /crm/v3/owners, 500 a page; https://developers.hubspot.com/docs/api/crm/owners),
   * read once and kept for {@link OWNER_CACHE_TTL_MS}; an id missing from a list older than
   * {@link OWNER_MISS_REFRESH_MS} triggers one re-read (a new rep). Archived owners are not listed (no name, as a 404
   * by id). Concurrent callers share one read.
   */
  private async ownerNames(ids: string[]): Promise<Map<string, string>> {
    const dir = this.ownerDirectory;
    const age = dir ? this.now() - dir.at : Infinity;
    if (!dir || age >= OWNER_CACHE_TTL_MS || (age >= OWNER_MISS_REFRESH_MS && ids.some((id) => !dir.names.has(id)))) {
      this.ownerRead ??= this.readOwners()
        .then((d) => void (this.ownerDirectory = d))
        .finally(() => (this.ownerRead = undefined));
      await this.ownerRead;
    }
    const names = this.ownerDirectory!.names;
    return new Map(ids.filter((id) => names.has(id)).map((id) => [id, names.get(id)!]));
  }

  private async readOwners(): Promise<OwnerDirectory> {
    const at = this.now();
    const names = new Map<string, string>();
    let after: string | undefined;
    do {
      const cursor = after;
      const page = parseOwnersPage(await this.call('owners read', (sdk) => sdk.owners.getPage(undefined, cursor, OWNERS_PAGE_SIZE, false, sdk.opts)));
      for (const [id, name] of page.names) names.set(id, name);
      after = page.after;
    } while (after);
    return { at, names };
  }

  /**
   * Ids associated with each record (associations v4 batch read, ≤ 1,000 inputs a call). A record whose associations
   * HubSpot paged in the batch answer (`paging.next.after`, a cursor of the single-record endpoint — see
   * https://github.com/HubSpot/hubspot-api-python/issues/135) is read on with GET
   * /crm/v4/objects/{from}/{id}/associations/{to} (500 a page). Records without associations are absent.
   */
  private async associatedIds(from: 'contacts' | 'companies', to: 'deals', ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const label = `${from}→${to} associations batch read`;
    await this.parallel(chunk(ids, ASSOCIATION_READ_BATCH_SIZE), async (c) => {
      const res = await this.call(label, (sdk) => sdk.associations.batchApi.getPage(from, to, { inputs: c.map((id) => ({ id })) }, sdk.opts));
      for (const r of parseAssociationBatch(res, label)) {
        const list = [...(out.get(r.from) ?? []), ...r.to];
        let after = r.after;
        while (after) {
          const cursor = after;
          const page = await this.call(`${from}→${to} associations read`, (sdk) => sdk.associations.basicApi.getPage(from, r.from, to, cursor, 500, sdk.opts));
          const more = parseAssociationBatch({ results: [{ _from: { id: r.from }, to: page.results ?? [], paging: page.paging }] }, `${from}→${to} associations read`)[0]!;
          list.push(...more.to);
          after = more.after;
        }
        out.set(r.from, list);
      }
    });
    return out;
  }
}

/** How long the owners list is trusted, in ms. */
export const OWNER_CACHE_TTL_MS = 15 * 60_000;
/** A list at least this old (ms) is re-read when a record names an owner it lacks. */
export const OWNER_MISS_REFRESH_MS = 60_000;
/** Owners per page (the owners API's maximum). */
const OWNERS_PAGE_SIZE = 500;

interface OwnerDirectory {
  /** this.now() when the read started. */
  at: number;
  names: Map<string, string>;
}

const HUBSPOT_DEFINED = AssociationSpecAssociationCategoryEnum.HubspotDefined;

/** The batch API of one object type (contacts, companies, deals, notes and tasks share the generated shape). */
function objectApi(sdk: HubSpotSdk, object: ObjectName): HubSpotSdk['contacts']['batchApi'] {
  const o = object === 'contacts' ? sdk.contacts : object === 'companies' ? sdk.companies : object === 'deals' ? sdk.deals : object === 'notes' ? sdk.notes : sdk.tasks;
  return o.batchApi as unknown as HubSpotSdk['contacts']['batchApi'];
}

interface Pending {
  index: number;
  write: CrmWrite;
  props: Record<string, string>;
  idProperty?: string;
  idValue: string;
}

interface ActivityItem {
  index: number;
  activity: CrmActivity;
  props: Record<string, string>;
}

function schemaMissing(key: string, object: string, property: string): CrmWriteResult {
  const error: CrmErrorInfo = {
    message: `HubSpot ${object} property "${property}" does not exist yet: run the schema set-up (ensureSchema) first`,
    code: 'SCHEMA_MISSING',
  };
  return { key, ok: false, error };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plain text → HubSpot's HTML note/task body (paragraphs, line breaks). */
function toHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
