import { Connection } from 'jsforce';
import type { CrmFieldInfo, CrmHistory, CrmRole, Settings } from '@shared/index';
import type { SecretStore } from '../../secrets';
import { TokenManager } from '../oauth/index';
import { RequestPolicy, type FailureInfo, type RateLimit, type RequestPolicyOptions } from '../policy';
import { CrmError, type CrmActivity, type CrmAdapter, type CrmErrorInfo, type CrmRecord, type CrmWrite, type CrmWriteResult, type CustomFieldSpec, type HistoryQuery } from '../types';
import { salesforceOAuthConfig, isLoopbackUrl } from './oauth-config';
import { classifySalesforceFailure, isAmbiguousFailure, type ClassifyOptions } from './errors';
import { DescribeSchema, IdentitySchema, parseResponse, QueryResultSchema, SaveResultsSchema, VersionResourcesSchema, type DescribeBody } from './responses';
import { assertFieldNames, batchByEncodedLength, chunk, DEFAULT_QUERY_BUDGET, encodeSoql, isSalesforceId, soqlLikeContains, soqlString, websiteDomain } from './soql';
import { parseApiUsage, tameTransport, withCallContext, type CallContext } from './transport';
import { activityMarker, checkInstanceUrl, fieldValue, hasMarker, isoDate, toCrmRecord, toWriteResult, unique, unsupported, type Item } from './records';
import { readSalesforceHistories } from './history';
import { reconcileCreates, reconcileTasks } from './reconcile';

/** `settings.crm.salesforce`. */
export type SalesforceSettings = Settings['crm']['salesforce'];

/** sObject Collections take at most 200 records per request. */
export const SALESFORCE_BATCH_SIZE = 200;
/** Task.Description is a 32,000-character long text area. */
const DESCRIPTION_MAX = 32_000;

export interface SalesforceAdapterOptions {
  /** App settings or their `crm.salesforce` part (loginUrl, clientId, apiVersion, mode, externalIdField). */
  settings: SalesforceSettings | Pick<Settings, 'crm'>;
  /** Tokens: `salesforce.accessToken`, `salesforce.refreshToken`, `salesforce.instanceUrl`, `salesforce.clientSecret`. */
  secrets: SecretStore;
  /** Instance URL to use instead of the stored one (tests, emulators). */
  baseUrlOverride?: string;
  /** Per-HTTP-request timeout in ms (default 60 000). */
  requestTimeoutMs?: number;
  /** Wait after REQUEST_LIMIT_EXCEEDED "TotalRequests" in ms (default 60 000), and after other limit answers (default 5 000). */
  totalRequestsWaitMs?: number;
  concurrentWaitMs?: number;
  /** Rate-limit buckets (default `default`: 25 requests/s, 8 in flight; Salesforce limits concurrency, not rate). */
  limits?: Record<string, RateLimit>;
  /** RequestPolicy overrides (attempts, backoff, test seams). */
  policy?: Partial<Omit<RequestPolicyOptions, 'kind' | 'classify' | 'limits'>>;
  /** Allow an http login/token URL (emulators). Default: only for loopback hosts. */
  allowInsecureHttp?: boolean;
  /** Budget for one query's encoded SOQL, in bytes (default 4 000). */
  queryBudget?: number;
}

type FieldTypes = Map<string, { name: string; type: string; externalId: boolean }>;

/**
 * The Salesforce {@link CrmAdapter} on jsforce 3 (REST API, pinned `settings.apiVersion`).
 *
 * - Modes: `lead` (person = Lead with its Company text field; no account object) or `contact_account`
 *   (person = Contact, account = Account, association = Contact.AccountId).
 * - Reads: SOQL over `GET /query` with `nextRecordsUrl` paging; IN lists and OR'ed LIKEs are batched so each
 *   query URL stays within {@link DEFAULT_QUERY_BUDGET} bytes; every literal escaped ({@link soqlString}).
 * - Writes: sObject Collections (≤200 records a request, `allOrNone: false`), per-record errors kept with
 *   Salesforce's `statusCode` and message. Persons without an id are upserted by `settings.externalIdField`
 *   when set; accounts without an id are upserted by an external-ID field they carry (e.g.
 *   `LeadForge_Company_Key__c`, per describe); otherwise created. A create whose request failed ambiguously
 *   (network error, 5xx) looks up what it may already have created (persons by Email, accounts by Website
 *   domain, tasks by their idempotency marker) before sending the rest again, so retries do not duplicate.
 * - Activities: Task (Subject, Description = draft body + an idempotency marker line, WhoId, WhatId in contact
 *   mode, Status Completed, ActivityDate); {@link findActivity} finds it by the marker, and logging a key again
 *   returns the existing Task.
 * - Every HTTP request runs inside the {@link RequestPolicy} (jsforce's own retries disabled, see transport.ts).
 *   REQUEST_LIMIT_EXCEEDED is rate limited, 5xx and network errors are retried, 401 INVALID_SESSION_ID is
 *   refreshed once through jsforce's refreshFn → {@link TokenManager.handleUnauthorized}.
 *
 * REST API reference: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
 */
export class SalesforceAdapter implements CrmAdapter {
  readonly kind = 'salesforce' as const;
  readonly objects: { person: string; account?: string; activity: string };
  readonly stats = { requests: 0, retries: 0 };
  /** The latest `Sforce-Limit-Info` api-usage (daily API requests used / allowed). */
  apiUsage: { used: number; limit: number } | undefined;
  readonly policy: RequestPolicy;
  readonly tokens: TokenManager;
  readonly settings: SalesforceSettings;
  private readonly mode: 'lead' | 'contact_account';
  private connPromise: Promise<Connection> | undefined;
  private conn: Connection | undefined;
  private lastToken: string | undefined;
  private readonly contexts = new WeakMap<object, CallContext>();
  private readonly describes = new Map<string, Promise<DescribeBody>>();
  private readonly classifyOptions: ClassifyOptions;
  private readonly queryBudget: number;

  /** @throws CrmError when the settings are unusable (bad API version). Connection problems surface on first use. */
  constructor(private readonly o: SalesforceAdapterOptions) {
    this.settings = 'crm' in o.settings ? o.settings.crm.salesforce : o.settings;
    this.mode = this.settings.mode;
    this.objects = this.mode === 'lead' ? { person: 'Lead', activity: 'Task' } : { person: 'Contact', account: 'Account', activity: 'Task' };
    this.queryBudget = o.queryBudget ?? DEFAULT_QUERY_BUDGET;
    if (!/^\d{2,3}\.0$/.test(this.settings.apiVersion)) {
      throw new CrmError(`Salesforce API version ${JSON.stringify(this.settings.apiVersion)} is invalid (expected e.g. "62.0")`, { kind: 'salesforce', code: 'CONFIG' });
    }
    const allowHttp = o.allowInsecureHttp ?? isLoopbackUrl(this.settings.loginUrl);
    this.tokens = new TokenManager({
      kind: 'salesforce',
      secrets: o.secrets,
      client: async () => (this.settings.clientId ? salesforceOAuthConfig(this.settings, await o.secrets.get('salesforce.clientSecret'), allowHttp) : undefined),
      extraSecrets: { instance_url: 'salesforce.instanceUrl' },
      onTokens: (t) => {
        const url = t.extra.instance_url;
        if (url && this.conn && !o.baseUrlOverride) this.conn.instanceUrl = url.replace(/\/+$/, '');
      },
    });
    this.classifyOptions = {
      totalRequestsWaitMs: o.totalRequestsWaitMs ?? 60_000,
      concurrentWaitMs: o.concurrentWaitMs ?? 5_000,
      secrets: () => [this.lastToken, this.conn?.accessToken ?? undefined],
      contextOf: (err) => (err && typeof err === 'object' ? this.contexts.get(err) : undefined),
    };
    const userOnRetry = o.policy?.onRetry;
    this.policy = new RequestPolicy({
      ...o.policy,
      kind: 'salesforce',
      limits: o.limits ?? { default: { intervalCap: 25, intervalMs: 1000, concurrency: 8 } },
      classify: (err) => classifySalesforceFailure(err, this.classifyOptions),
      onRetry: (info) => {
        this.stats.retries++;
        userOnRetry?.(info);
      },
    });
  }

  /** Stops the policy's timers. Idempotent. */
  close(): void {
    this.policy.shutdown();
  }

  // ---------------------------------------------------------------- connection

  /**
   * Checks the credentials and the pinned API version: `GET /services/data/vXX.X/` (resources by version, 401 when the
   * token is bad → one refresh), then the identity URL it names.
   * @returns `{ account: <org id>, user: <username> }`
   * @throws CrmError (NOT_FOUND when the org does not serve the pinned version; INVALID_SESSION_ID; NOT_CONNECTED)
   */
  async testConnection(): Promise<{ account: string; user?: string }> {
    let resources;
    try {
      resources = parseResponse(VersionResourcesSchema, await this.call('test connection', (c) => c.request('/')), 'resources by version');
    } catch (err) {
      if (err instanceof CrmError && err.info.status === 404) {
        throw new CrmError(`Salesforce does not serve API version ${this.settings.apiVersion} at this instance (NOT_FOUND)`, { kind: 'salesforce', status: 404, code: 'NOT_FOUND' });
      }
      throw err;
    }
    const identityUrl = resources.identity;
    const ids = identityUrl ? /\/id\/([^/]+)\/([^/?]+)/.exec(new URL(identityUrl).pathname) : null;
    if (!identityUrl || !ids) return { account: 'Salesforce org' };
    if (!(await this.trustedIdentityUrl(identityUrl))) return { account: ids[1]!, user: ids[2]! };
    const url = new URL(identityUrl);
    url.searchParams.set('format', 'json');
    const identity = parseResponse(IdentitySchema, await this.call('identity', (c) => c.request(url.toString())), 'identity');
    return { account: identity.organization_id, user: identity.username ?? identity.display_name ?? identity.user_id };
  }

  /** Field metadata of the person or account object (describe). Account in lead mode: empty. */
  async describeFields(role: CrmRole): Promise<CrmFieldInfo[]> {
    const object = this.objectFor(role);
    if (!object) return [];
    const d = await this.describe(object);
    return d.fields.map((f) => {
      const options = (f.picklistValues ?? []).filter((p) => p.active).map((p) => p.value);
      return {
        role,
        name: f.name,
        label: f.label,
        type: f.type,
        writable: f.createable || f.updateable,
        unique: f.unique,
        custom: f.custom,
        ...(f.length ? { length: f.length } : {}),
        ...(options.length ? { options } : {}),
      };
    });
  }

  /**
   * Salesforce custom fields need the Metadata API (and an admin), so this only checks: fields of the specs that
   * the org lacks are reported `missing`; nothing is created. Account specs are ignored in lead mode.
   */
  async ensureSchema(fields: CustomFieldSpec[]): Promise<{ created: string[]; missing: string[] }> {
    const missing: string[] = [];
    for (const role of ['person', 'account'] as const) {
      const specs = fields.filter((f) => f.role === role);
      const object = this.objectFor(role);
      if (!specs.length || !object) continue;
      const have = new Set((await this.describe(object)).fields.map((f) => f.name.toLowerCase()));
      for (const s of specs) if (!have.has(s.name.toLowerCase())) missing.push(s.name);
    }
    return { created: [], missing };
  }

  // ---------------------------------------------------------------- reads

  /** Persons (Lead/Contact) by Email via SOQL; the oldest record wins when several share an email. Keys lowercased. */
  async findPersonsByEmail(emails: string[], properties: string[]): Promise<Map<string, CrmRecord>> {
    const keys = unique(emails.map((e) => e.trim().toLowerCase()).filter(Boolean));
    const out = new Map<string, CrmRecord>();
    if (!keys.length) return out;
    const fields = this.selectList(['Id', 'Email', 'CreatedDate'], properties);
    const prefix = `SELECT ${fields.join(', ')} FROM ${this.objects.person} WHERE Email IN (`;
    const suffix = ') ORDER BY CreatedDate ASC';
    for (const group of batchByEncodedLength(keys.map(soqlString), { prefix, suffix, sep: ',', budget: this.queryBudget })) {
      for (const row of await this.queryAll('find persons by email', prefix + group.join(',') + suffix)) {
        const k = typeof row.Email === 'string' ? row.Email.toLowerCase() : undefined;
        if (k && !out.has(k)) out.set(k, toCrmRecord(row, properties));
      }
    }
    return out;
  }

  /** Persons by LeadForge lead id through `settings.externalIdField`; empty when none is configured. */
  async findPersonsByLeadId(leadIds: string[], properties: string[]): Promise<Map<string, CrmRecord>> {
    const ext = this.settings.externalIdField;
    const out = new Map<string, CrmRecord>();
    const ids = unique(leadIds.filter(Boolean));
    if (!ext || !ids.length) return out;
    assertFieldNames([ext]);
    const byLower = new Map(ids.map((i) => [i.toLowerCase(), i]));
    const fields = this.selectList(['Id', ext, 'CreatedDate'], properties);
    const prefix = `SELECT ${fields.join(', ')} FROM ${this.objects.person} WHERE ${ext} IN (`;
    const suffix = ') ORDER BY CreatedDate ASC';
    for (const group of batchByEncodedLength(ids.map(soqlString), { prefix, suffix, sep: ',', budget: this.queryBudget })) {
      for (const row of await this.queryAll('find persons by lead id', prefix + group.join(',') + suffix)) {
        const v = fieldValue(row, ext);
        const key = typeof v === 'string' ? byLower.get(v.toLowerCase()) : undefined;
        if (key && !out.has(key)) out.set(key, toCrmRecord(row, properties));
      }
    }
    return out;
  }

  /**
   * Accounts by website domain: `Website LIKE '%domain%'` (OR'ed, batched), then exact host comparison without
   * `www.`; the oldest account wins. Empty in lead mode.
   */
  async findAccountsByDomain(domains: string[], properties: string[]): Promise<Map<string, CrmRecord>> {
    const out = new Map<string, CrmRecord>();
    if (!this.objects.account) return out;
    return this.accountsByDomain(domains, properties, out);
  }

  /** Records by id (SOQL `Id IN (…)`), keyed by the ids as given (15 or 18 characters). */
  async getRecords(role: CrmRole, ids: string[], properties: string[]): Promise<Map<string, CrmRecord>> {
    const object = this.objectFor(role);
    const out = new Map<string, CrmRecord>();
    const valid = unique(ids.filter(isSalesforceId));
    if (!object || !valid.length) return out;
    const fields = this.selectList(['Id'], properties);
    const prefix = `SELECT ${fields.join(', ')} FROM ${object} WHERE Id IN (`;
    const byPrefix = new Map<string, string[]>();
    for (const id of valid) byPrefix.set(id.slice(0, 15), [...(byPrefix.get(id.slice(0, 15)) ?? []), id]);
    for (const group of batchByEncodedLength(valid.map(soqlString), { prefix, suffix: ')', sep: ',', budget: this.queryBudget })) {
      for (const row of await this.queryAll(`get ${object} records`, prefix + group.join(',') + ')')) {
        const id = String(row.Id);
        for (const asked of byPrefix.get(id.slice(0, 15)) ?? []) out.set(asked, toCrmRecord(row, properties));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- writes

  /** Creates, updates or upserts persons (see the class comment). One result per write, in order. */
  async writePersons(writes: CrmWrite[]): Promise<CrmWriteResult[]> {
    return this.writeRecords(this.objects.person, writes, this.settings.externalIdField);
  }

  /** Creates, updates or upserts accounts. In lead mode every write fails with code NOT_SUPPORTED. */
  async writeAccounts(writes: CrmWrite[]): Promise<CrmWriteResult[]> {
    if (!this.objects.account) return writes.map((w) => unsupported(w.key, 'accounts'));
    return this.writeRecords(this.objects.account, writes, undefined);
  }

  /** Sets Contact.AccountId (sObject Collections update). In lead mode every pair fails with code NOT_SUPPORTED. */
  async associate(pairs: { key: string; personId: string; accountId: string }[]): Promise<CrmWriteResult[]> {
    if (this.mode === 'lead') return pairs.map((p) => unsupported(p.key, 'associations'));
    const results: CrmWriteResult[] = new Array(pairs.length);
    const items: Item[] = pairs.map((p, idx) => ({ idx, key: p.key, record: { Id: p.personId, AccountId: p.accountId } }));
    for (const c of chunk(items, SALESFORCE_BATCH_SIZE)) await this.saveChunk('Contact', 'associate contacts with accounts', c, { op: 'update' }, results);
    return results;
  }

  /**
   * Logs drafts as completed Tasks (sObject Collections create, ≤200 a request). Description ends with a marker
   * line `LeadForge-Activity-Key: <key>` that {@link findActivity} looks for. Idempotent by key: the persons'
   * Tasks are checked for the marker before sending, so a key logged before returns its Task (`created: false`).
   * Results are keyed by `leadKey`, in input order.
   */
  async logActivities(activities: CrmActivity[]): Promise<CrmWriteResult[]> {
    const results: CrmWriteResult[] = new Array(activities.length);
    // One Task per activity key: a key repeated in the input shares the first one's result.
    const firstOfKey = new Map<string, number>();
    const items: Item[] = [];
    activities.forEach((a, idx) => {
      if (firstOfKey.has(a.key)) return;
      firstOfKey.set(a.key, idx);
      const marker = activityMarker(a.key);
      const body = a.body.length + marker.length + 2 > DESCRIPTION_MAX ? a.body.slice(0, DESCRIPTION_MAX - marker.length - 3) + '…' : a.body;
      items.push({
        idx,
        key: a.leadKey,
        record: {
          Subject: a.subject.length > 255 ? `${a.subject.slice(0, 254)}…` : a.subject,
          Description: `${body}\n\n${marker}`,
          WhoId: a.personId,
          ...(a.accountId && this.mode === 'contact_account' ? { WhatId: a.accountId } : {}),
          Status: 'Completed',
          ActivityDate: isoDate(a.timestamp),
        },
      });
    });
    const markers = new Map(items.map((it) => [it, activityMarker(activities[it.idx]!.key)]));
    for (const c of chunk(items, SALESFORCE_BATCH_SIZE)) {
      await this.saveChunk(
        'Task',
        'log tasks',
        c,
        // Tasks are looked up by marker before the first send too: logging the same key again never duplicates.
        { op: 'create', checkFirst: true, reconcile: (conn, pending, since) => reconcileTasks((q) => this.queryDirect(conn, q), pending, markers, since, this.queryBudget) },
        results,
      );
    }
    activities.forEach((a, idx) => {
      const first = firstOfKey.get(a.key)!;
      if (first !== idx) results[idx] = { ...results[first]!, key: a.leadKey, ...(results[first]!.ok ? { created: false } : {}) };
    });
    return results;
  }

  /** The Task on `personId` whose Description carries the marker of `key`, if any. */
  async findActivity(key: string, personId: string): Promise<string | undefined> {
    if (!isSalesforceId(personId)) return undefined;
    const marker = activityMarker(key);
    const rows = await this.queryAll('find task', `SELECT Id, Description FROM Task WHERE WhoId = ${soqlString(personId)} ORDER BY CreatedDate DESC`);
    const hit = rows.find((r) => typeof r.Description === 'string' && hasMarker(r.Description, marker));
    return hit ? String(hit.Id) : undefined;
  }

  /**
   * What Salesforce knows about many leads, in batched SOQL rounds ({@link readSalesforceHistories}): persons by the
   * external-ID field (when configured), else by Email, with `Owner.Name`, Status (lead mode) and LastActivityDate in
   * the same queries; accounts (the contacts', else by website domain; read in both modes) with Type, owner and
   * LastActivityDate; open Opportunities counted per AccountId in one aggregate query (`IsClosed = false`).
   * isCustomer = Account.Type contains "Customer". IN lists and OR'ed LIKEs are split so each query URL stays within
   * the query budget, so N leads cost about 4 queries per ~100 leads, not 3-4 per lead.
   * @returns one history per query, in input order
   * @throws CrmError when a query fails after the policy's retries
   */
  async histories(queries: HistoryQuery[]): Promise<CrmHistory[]> {
    if (!queries.length) return [];
    return readSalesforceHistories(queries, { mode: this.mode, externalIdField: this.settings.externalIdField }, {
      personsByLeadId: (ids, fields) => this.findPersonsByLeadId(ids, fields),
      personsByEmail: (emails, fields) => this.findPersonsByEmail(emails, fields),
      accountsById: (ids, fields) => this.getRecords('account', ids, fields),
      accountsByDomain: (domains, fields) => this.accountsByDomain(domains, fields, new Map()),
      openOpportunities: (ids) => this.openOpportunities(ids),
    });
  }

  /** What Salesforce knows about one lead: `histories([query])[0]` (see {@link histories}). */
  async history(query: HistoryQuery): Promise<CrmHistory> {
    return (await this.histories([query]))[0]!;
  }

  /**
   * Open opportunities per account: `SELECT AccountId, COUNT(Id) FROM Opportunity WHERE IsClosed = false AND AccountId
   * IN (…) GROUP BY AccountId`, the IN list batched within the query budget. A GROUP BY answer comes in one page
   * (no query locator: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_group_by_considerations.htm);
   * the count is the implied alias `expr0`
   * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions.htm).
   * @returns count by account id as given (15 or 18 characters); accounts without open opportunities are absent
   */
  private async openOpportunities(accountIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const valid = unique(accountIds.filter(isSalesforceId));
    if (!valid.length) return out;
    const asked = new Map<string, string[]>();
    for (const id of valid) asked.set(id.slice(0, 15), [...(asked.get(id.slice(0, 15)) ?? []), id]);
    const prefix = 'SELECT AccountId, COUNT(Id) FROM Opportunity WHERE IsClosed = false AND AccountId IN (';
    const suffix = ') GROUP BY AccountId';
    for (const group of batchByEncodedLength(valid.map(soqlString), { prefix, suffix, sep: ',', budget: this.queryBudget })) {
      for (const row of await this.queryAll('count open opportunities', prefix + group.join(',') + suffix)) {
        const id = fieldValue(row, 'AccountId');
        const n = fieldValue(row, 'expr0');
        if (typeof id !== 'string' || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
          throw new CrmError('Salesforce count open opportunities: unexpected aggregate row', { kind: 'salesforce', code: 'INVALID_RESPONSE', retryable: false });
        }
        for (const a of asked.get(id.slice(0, 15)) ?? []) out.set(a, n);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- internals

  private objectFor(role: CrmRole): string | undefined {
    return role === 'person' ? this.objects.person : this.objects.account;
  }

  /** Field list for SELECT: the required ones plus the requested properties, checked and deduplicated (SOQL refuses duplicates). */
  private selectList(required: string[], properties: string[]): string[] {
    assertFieldNames(properties);
    const seen = new Set<string>();
    return [...required, ...properties].filter((f) => {
      const k = f.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  private async accountsByDomain(domains: string[], properties: string[], out: Map<string, CrmRecord>): Promise<Map<string, CrmRecord>> {
    const wanted = new Set(domains.map((d) => d.trim().toLowerCase().replace(/^www\./, '')).filter(Boolean));
    if (!wanted.size) return out;
    const fields = this.selectList(['Id', 'Website', 'CreatedDate'], properties);
    const prefix = `SELECT ${fields.join(', ')} FROM Account WHERE `;
    const suffix = ' ORDER BY CreatedDate ASC';
    const conds = [...wanted].map((d) => `Website LIKE ${soqlLikeContains(d)}`);
    for (const group of batchByEncodedLength(conds, { prefix, suffix, sep: ' OR ', budget: this.queryBudget })) {
      for (const row of await this.queryAll('find accounts by domain', prefix + group.join(' OR ') + suffix)) {
        const d = websiteDomain(typeof row.Website === 'string' ? row.Website : undefined);
        if (d && wanted.has(d) && !out.has(d)) out.set(d, toCrmRecord(row, properties));
      }
    }
    return out;
  }

  private async connection(): Promise<Connection> {
    this.connPromise ??= (async () => {
      const raw = this.o.baseUrlOverride ?? (await this.o.secrets.get('salesforce.instanceUrl'));
      if (!raw) {
        throw new CrmError('Salesforce is not connected: no instance URL is stored (connect first, or set SALESFORCE_INSTANCE_URL)', { kind: 'salesforce', code: 'NOT_CONNECTED', retryable: false });
      }
      const instanceUrl = checkInstanceUrl(raw);
      const conn = new Connection({
        instanceUrl,
        version: this.settings.apiVersion,
        logLevel: 'NONE',
        refreshFn: (c, callback) => {
          this.tokens.handleUnauthorized(c.accessToken ?? '').then(
            (token) => callback(null, token),
            (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
          );
        },
      });
      tameTransport(conn, {
        timeoutMs: this.o.requestTimeoutMs ?? 60_000,
        onRequest: () => void this.stats.requests++,
        onLimitInfo: (h) => {
          const u = parseApiUsage(h);
          if (u) this.apiUsage = u;
        },
      });
      this.conn = conn;
      return conn;
    })().catch((err: unknown) => {
      this.connPromise = undefined;
      throw err;
    });
    return this.connPromise;
  }

  /**
   * Runs one logical call (normally one HTTP request) inside the policy. `onFailure` sees each failed attempt's
   * classification before the policy decides to retry.
   */
  private async call<T>(label: string, fn: (conn: Connection) => Promise<T>, onFailure?: (f: FailureInfo) => void): Promise<T> {
    const conn = await this.connection();
    return this.policy.run(label, async () => {
      const ctx: CallContext = { requests: 0 };
      try {
        const token = await this.tokens.getAccessToken();
        this.lastToken = token;
        conn.accessToken = token;
        return await withCallContext(ctx, () => fn(conn));
      } catch (err) {
        if (err && typeof err === 'object') this.contexts.set(err, ctx);
        onFailure?.(classifySalesforceFailure(err, this.classifyOptions));
        throw err;
      }
    });
  }

  /** A SOQL query with every page (`nextRecordsUrl`), each page one policy call. */
  private async queryAll(label: string, soql: string): Promise<Record<string, unknown>[]> {
    let page = parseResponse(QueryResultSchema, await this.call(label, (c) => c.request(`/query?q=${encodeSoql(soql)}`)), label);
    const rows = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      const next = page.nextRecordsUrl;
      page = parseResponse(QueryResultSchema, await this.call(`${label} (next page)`, (c) => c.request(next)), label);
      rows.push(...page.records);
    }
    return rows;
  }

  /** The same queries from inside an attempt (no nested policy call). */
  private async queryDirect(conn: Connection, soql: string): Promise<Record<string, unknown>[]> {
    let page = parseResponse(QueryResultSchema, await conn.request(`/query?q=${encodeSoql(soql)}`), 'reconcile query');
    const rows = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      page = parseResponse(QueryResultSchema, await conn.request(page.nextRecordsUrl), 'reconcile query');
      rows.push(...page.records);
    }
    return rows;
  }

  private describe(object: string): Promise<DescribeBody> {
    let p = this.describes.get(object);
    if (!p) {
      p = this.call(`describe ${object}`, (c) => c.describe(object)).then((d) => parseResponse(DescribeSchema, d, `describe ${object}`));
      p.catch(() => this.describes.delete(object));
      this.describes.set(object, p);
    }
    return p;
  }

  private async fieldTypes(object: string): Promise<FieldTypes> {
    const d = await this.describe(object);
    return new Map(d.fields.map((f) => [f.name.toLowerCase(), { name: f.name, type: f.type, externalId: f.externalId }]));
  }

  /** Converts CRM strings to JSON values of the field's type ('' clears the field). Unknown fields pass as strings. */
  private toSalesforceValues(types: FieldTypes, props: Record<string, string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
      const t = types.get(k.toLowerCase());
      const name = t?.name ?? k;
      if (v === '') out[name] = null;
      else if (t && ['int', 'double', 'currency', 'percent'].includes(t.type) && Number.isFinite(Number(v))) out[name] = Number(v);
      else if (t?.type === 'boolean' && (v === 'true' || v === 'false')) out[name] = v === 'true';
      else out[name] = v;
    }
    return out;
  }

  private async writeRecords(object: string, writes: CrmWrite[], personExtField: string | undefined): Promise<CrmWriteResult[]> {
    const results: CrmWriteResult[] = new Array(writes.length);
    if (!writes.length) return results;
    const types = await this.fieldTypes(object);
    const updates: Item[] = [];
    const upserts = new Map<string, Item[]>();
    const creates: Item[] = [];
    writes.forEach((w, idx) => {
      const record = this.toSalesforceValues(types, w.properties);
      if (w.id) return void updates.push({ idx, key: w.key, record: { ...record, Id: w.id } });
      const ext = personExtField ?? (object === 'Account' ? [...types.values()].find((t) => t.externalId && record[t.name] !== undefined && record[t.name] !== null)?.name : undefined);
      if (ext) {
        const name = types.get(ext.toLowerCase())?.name ?? ext;
        if (record[name] === undefined || record[name] === null) record[name] = w.key;
        upserts.set(name, [...(upserts.get(name) ?? []), { idx, key: w.key, record }]);
      } else creates.push({ idx, key: w.key, record });
    });
    for (const c of chunk(updates, SALESFORCE_BATCH_SIZE)) await this.saveChunk(object, `update ${object} records`, c, { op: 'update' }, results);
    for (const [ext, items] of upserts) {
      for (const c of chunk(items, SALESFORCE_BATCH_SIZE)) await this.saveChunk(object, `upsert ${object} records by ${ext}`, c, { op: 'upsert', extField: ext }, results);
    }
    for (const c of chunk(creates, SALESFORCE_BATCH_SIZE)) {
      await this.saveChunk(object, `create ${object} records`, c, { op: 'create', reconcile: (conn, pending, since) => reconcileCreates((q) => this.queryDirect(conn, q), object, pending, since, this.queryBudget) }, results);
    }
    return results;
  }

  /**
   * Sends one sObject Collections request (≤200 records) through the policy and fills `results`. Request-level
   * refusals (400/404: e.g. INVALID_FIELD) become per-record failures with Salesforce's code and message; auth,
   * limit and server failures that outlast the retries throw.
   */
  private async saveChunk(
    object: string,
    label: string,
    items: Item[],
    how:
      | { op: 'update' }
      | { op: 'upsert'; extField: string }
      | { op: 'create'; checkFirst?: boolean; reconcile: (conn: Connection, pending: Item[], since: number) => Promise<Map<Item, { id: string; created: boolean }>> },
    results: CrmWriteResult[],
  ): Promise<void> {
    const done = new Map<Item, CrmWriteResult>();
    // `ambiguous`: a previous attempt may have created records; `precheck`: nothing sent yet, look first (Tasks).
    let ambiguous = false;
    let precheck = how.op === 'create' && how.checkFirst === true;
    let last: FailureInfo | undefined;
    const since = Date.now();
    try {
      await this.call(
        label,
        async (conn) => {
          if ((ambiguous || precheck) && how.op === 'create') {
            const open = items.filter((i) => !done.has(i));
            for (const [item, found] of await how.reconcile(conn, open, since)) {
              done.set(item, { key: item.key, ok: true, id: found.id, created: !precheck && found.created });
            }
            ambiguous = precheck = false;
          }
          const pending = items.filter((i) => !done.has(i));
          if (!pending.length) return;
          const records = pending.map((i) => i.record);
          const raw =
            how.op === 'update'
              ? await conn.update(object, records as { Id: string }[], { allOrNone: false })
              : how.op === 'upsert'
                ? await conn.upsert(object, records, how.extField, { allOrNone: false })
                : await conn.create(object, records, { allOrNone: false });
          const parsed = parseResponse(SaveResultsSchema, raw, label);
          if (parsed.length !== pending.length) {
            throw new CrmError(`Salesforce ${label}: ${parsed.length} results for ${pending.length} records`, { kind: 'salesforce', code: 'INVALID_RESPONSE', retryable: false });
          }
          pending.forEach((item, j) => done.set(item, toWriteResult(item, parsed[j]!, how.op)));
        },
        (f) => {
          last = f;
          if (isAmbiguousFailure(f)) ambiguous = true;
        },
      );
    } catch (err) {
      const status = err instanceof CrmError ? err.info.status : undefined;
      if (!(status === 400 || status === 404) || !last) throw err;
      const error: CrmErrorInfo = { message: last.message, ...(last.code ? { code: last.code } : {}), status };
      for (const item of items) if (!done.has(item)) done.set(item, { key: item.key, ok: false, error });
    }
    for (const item of items) results[item.idx] = done.get(item)!;
  }


  /** Only send the token to the identity URL when it is on the instance/login host or a Salesforce https host. */
  private async trustedIdentityUrl(url: string): Promise<boolean> {
    const u = new URL(url);
    const origins = [this.conn?.instanceUrl, this.settings.loginUrl].filter(Boolean).map((x) => new URL(x!).origin);
    if (origins.includes(u.origin)) return true;
    return u.protocol === 'https:' && /(^|\.)(salesforce\.com|force\.com|salesforce-setup\.com)$/i.test(u.hostname);
  }
}
