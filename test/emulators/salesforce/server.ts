import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthServerState, readBody, type OAuthEmulatorClient } from '../oauth/server';
import { eq, RequestError, SfData, type RecordError, type SfRecord, type WriteOutcome } from './data';
import { Faults } from './faults';
import { DEFAULT_CUSTOM_FIELDS, normaliseId, Schema, type FieldSpec } from './schema';
import { aggregateRows, condFields, mapValues, matches, parseSoql, sortRows, SoqlSyntaxError } from './soql';

/**
 * A stateful Salesforce emulator on 127.0.0.1, faithful to the REST API for what the LeadForge adapter uses.
 * Endpoints and their references (REST API Developer Guide, https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/):
 *
 * - `GET  /services/oauth2/authorize`, `POST /services/oauth2/token`: OAuth 2.0 web server flow with PKCE and the
 *   refresh token flow (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm,
 *   https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm). Token responses carry
 *   access_token, refresh_token, instance_url, id, issued_at, signature, token_type, scope and no expires_in.
 * - `GET  /services/oauth2/userinfo` (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_userinfo_endpoint.htm)
 *   and the identity URL `GET /id/{orgId}/{userId}` (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm);
 *   a bad token gets 403 `Bad_OAuth_Token`.
 * - `GET  /services/data/`: versions (resources_versions.htm; not counted against limits).
 * - `GET  /services/data/vXX.X/`: resources by version, incl. `identity` (resources_discoveryresource.htm).
 * - `GET  /services/data/vXX.X/limits` (resources_limits.htm).
 * - `GET  /services/data/vXX.X/query?q=` and `GET …/query/{locator}` (resources_query.htm; 2,000-record batches
 *   with `nextRecordsUrl`, dome_query.htm); aggregate / GROUP BY queries answer `AggregateResult` rows in one page
 *   (see soql.ts).
 * - `GET  /services/data/vXX.X/sobjects/{sObject}/describe` (resources_sobject_describe.htm).
 * - `POST /services/data/vXX.X/sobjects/{sObject}` create (dome_sobject_create.htm: 201 `{id, success, errors}`).
 * - `GET  /services/data/vXX.X/sobjects/{sObject}/{id}[?fields=]` (resources_sobject_retrieve.htm).
 * - `POST /services/data/vXX.X/composite/sobjects` create ≤200 (resources_composite_sobjects_collections_create.htm).
 * - `PATCH /services/data/vXX.X/composite/sobjects` update ≤200 (resources_composite_sobjects_collections_update.htm).
 * - `PATCH /services/data/vXX.X/composite/sobjects/{sObject}/{externalIdField}` upsert ≤200 with `created`
 *   (resources_composite_sobjects_collections_upsert.htm).
 *
 * Errors are `[{message, errorCode, fields?}]` (errorcodes.htm); an invalid or expired token gets 401
 * `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`. Every data API response carries
 * `Sforce-Limit-Info: api-usage=N/M` (headers_api_usage.htm); past the daily limit the answer is 403
 * `[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`. A request URI longer than
 * 16,384 bytes gets 414, URI + headers beyond it 431 (https://help.salesforce.com/s/articleView?id=000386264&type=1).
 */

export interface SalesforceEmulatorOptions {
  /** API versions served (default 58.0-62.0). */
  versions?: string[];
  /** Daily API request limit reported in Sforce-Limit-Info (default 15,000). */
  dailyApiLimit?: number;
  /** Custom fields per object (default: LeadForge_Id__c, LeadForge_Score__c, LeadForge_Score_Reasons__c on Lead and Contact). */
  customFields?: Record<string, FieldSpec[]>;
  /** OAuth clients (default: one public client `leadforge-desktop` requiring PKCE). */
  clients?: OAuthEmulatorClient[];
  /** Records per query batch (default 2,000). */
  queryBatchSize?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  search: string;
  /** HTTP status answered; 0 = connection dropped. */
  status: number;
  fault?: string;
  /** Parsed JSON body of writes. */
  body?: unknown;
  at: number;
}

interface Result {
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const VERSION_LABELS: Record<string, string> = {
  '58.0': "Summer '23", '59.0': "Winter '24", '60.0': "Spring '24", '61.0': "Summer '24", '62.0': "Winter '25", '63.0': "Spring '25", '64.0': "Summer '25",
};
const MAX_URI_BYTES = 16_384;
const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
const LIMIT_EXCEEDED = [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }];
const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];

export class SalesforceEmulator {
  /** Base URL (`http://127.0.0.1:<port>`): the login host and the instance URL at once. */
  url = '';
  readonly oauth: OAuthServerState;
  readonly schema: Schema;
  readonly data: SfData;
  readonly faults = new Faults();
  /** Every request received, in order. */
  readonly requests: RequestLogEntry[] = [];
  /** Daily API usage as reported in Sforce-Limit-Info. */
  readonly apiUsage: { used: number; max: number };
  readonly orgId = '00D5g000004ABCDEAS';
  readonly userId: string;
  readonly versions: string[];
  private readonly batchSize: number;
  private readonly cursors = new Map<string, SfRecord[]>();
  private server: Server | undefined;

  private constructor(opts: SalesforceEmulatorOptions) {
    this.versions = opts.versions ?? ['58.0', '59.0', '60.0', '61.0', '62.0'];
    this.apiUsage = { used: 0, max: opts.dailyApiLimit ?? 15_000 };
    this.batchSize = opts.queryBatchSize ?? 2000;
    this.schema = new Schema(opts.customFields ?? DEFAULT_CUSTOM_FIELDS);
    this.data = new SfData(this.schema, () => this.userId);
    this.userId = this.data.seed('User', { Username: 'integration@leadforge.test', Name: 'Integration User', Email: 'integration@leadforge.test', IsActive: true });
    this.oauth = new OAuthServerState(opts.clients ?? [{ clientId: 'leadforge-desktop', requirePkce: true }], { reportExpiresIn: false, accessTokenTtlSec: 7200 });
    this.oauth.tokenExtras = ({ clientId }) => {
      const id = `${this.url}/id/${this.orgId}/${this.userId}`;
      const issuedAt = String(Date.now());
      const secret = this.oauth.clients.get(clientId)?.clientSecret ?? '';
      return { instance_url: this.url, id, issued_at: issuedAt, signature: createHmac('sha256', secret).update(id + issuedAt).digest('base64') };
    };
  }

  /** Starts an emulator on 127.0.0.1 with an ephemeral port. */
  static async start(opts: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
    const em = new SalesforceEmulator(opts);
    // Node refuses headers beyond 16 KB itself (431); allow more so the emulator answers like Salesforce.
    em.server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => void em.handle(req, res));
    await new Promise<void>((r) => em.server!.listen(0, '127.0.0.1', r));
    em.url = `http://127.0.0.1:${(em.server.address() as AddressInfo).port}`;
    return em;
  }

  /** Stops the server and drops open connections. */
  close(): Promise<void> {
    return new Promise((r) => {
      if (!this.server) return r();
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }

  /** Issues a valid access token directly (a token "pasted" by the user). */
  plantToken(token?: string): string {
    return this.oauth.plantAccessToken({ ...(token ? { token } : {}), clientId: 'leadforge-desktop' });
  }

  /** Records of one sObject, in insertion order. */
  records(object: string): SfRecord[] {
    return [...this.data.table(object).values()];
  }

  /** Inserts a record without validation (test seeding). @returns its id */
  insert(object: string, fields: Record<string, unknown>): string {
    return this.data.seed(object, fields);
  }

  /** Data API requests (`/services/data/vXX.X/...`) matching a method and a path pattern. */
  dataRequests(method?: string, path?: RegExp): RequestLogEntry[] {
    return this.requests.filter((r) => /^\/services\/data\/v\d/.test(r.path) && (!method || r.method === method) && (!path || path.test(r.path)));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    const url = new URL(raw, 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const entry: RequestLogEntry = { method, path: url.pathname, search: url.search, status: 0, at: Date.now() };
    this.requests.push(entry);
    const isData = /^\/services\/data\/v\d+\.\d\//.test(url.pathname) || /^\/services\/data\/v\d+\.\d$/.test(url.pathname);
    if (method !== 'GET' && body) {
      try {
        entry.body = JSON.parse(body);
      } catch {
        // form bodies (token endpoint) are not logged
      }
    }
    if (Buffer.byteLength(raw) > MAX_URI_BYTES) {
      return this.write(res, entry, { status: 414, text: 'URI Too Long', contentType: 'text/plain' }, false);
    }
    const headerBytes = req.rawHeaders.reduce((n, h) => n + Buffer.byteLength(h) + 2, 0);
    if (Buffer.byteLength(raw) + headerBytes > MAX_URI_BYTES) {
      return this.write(res, entry, { status: 431, text: 'Request Header Fields Too Large', contentType: 'text/plain' }, false);
    }
    const fired = this.faults.take({ method, path: url.pathname }, isData);
    for (const f of fired.filter((x) => x.kind === 'delay')) await new Promise((r) => setTimeout(r, f.delayMs ?? 0));
    const fault = fired.find((x) => x.kind !== 'delay');
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'drop') return this.dropConnection(req, entry);
    if (fault?.kind === 'status') return this.write(res, entry, this.serverError(fault.status ?? 503), isData);
    if (fault?.kind === 'limitExceeded') return this.write(res, entry, { status: 403, body: LIMIT_EXCEEDED }, isData);

    let result: Result;
    try {
      result = this.route(method, url, body, req);
    } catch (err) {
      result = err instanceof RequestError ? { status: err.status, body: err.body() } : { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: `An unexpected error occurred: ${(err as Error).message}` }] };
    }
    if (fault?.kind === 'dropAfterProcessing') return this.dropConnection(req, entry);
    this.write(res, entry, result, isData);
  }

  private dropConnection(req: IncomingMessage, entry: RequestLogEntry): void {
    entry.status = 0;
    req.socket.destroy();
  }

  private serverError(status: number): Result {
    if (status === 502) return { status, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' };
    if (status === 503) return { status, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server is unavailable, please retry your request' }] };
    return { status, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-987654321)' }] };
  }

  private write(res: ServerResponse, entry: RequestLogEntry, r: Result, isData: boolean): void {
    entry.status = r.status;
    const headers: Record<string, string> = { ...r.headers, 'Content-Type': r.contentType ?? 'application/json;charset=UTF-8' };
    if (isData) headers['Sforce-Limit-Info'] = `api-usage=${this.apiUsage.used}/${this.apiUsage.max}`;
    if (res.destroyed) return;
    res.writeHead(r.status, headers);
    res.end(r.text ?? (r.body === undefined ? '' : JSON.stringify(r.body)));
  }

  private bearer(req: IncomingMessage, url: URL): string | undefined {
    const m = /^(?:Bearer|OAuth) (.+)$/i.exec(req.headers.authorization ?? '');
    return m?.[1] ?? url.searchParams.get('oauth_token') ?? undefined;
  }

  private route(method: string, url: URL, body: string, req: IncomingMessage): Result {
    const path = url.pathname;
    if (path === '/services/oauth2/authorize' && method === 'GET') return this.delegate((res) => this.oauth.handleAuthorize(req, res));
    if (path === '/services/oauth2/token' && method === 'POST') return this.delegate((res) => this.oauth.handleToken(req, res, body));
    if (path === '/services/oauth2/userinfo' || /^\/id\/[^/]+\/[^/]+$/.test(path)) {
      if (!this.oauth.isValidAccessToken(this.bearer(req, url))) return { status: 403, text: 'Bad_OAuth_Token', contentType: 'text/plain' };
      return { status: 200, body: this.identity(path === '/services/oauth2/userinfo') };
    }
    if (path === '/services/data' || path === '/services/data/') {
      return { status: 200, body: this.versions.map((v) => ({ label: VERSION_LABELS[v] ?? `v${v}`, url: `/services/data/v${v}`, version: v })) };
    }
    const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
    if (!m) return { status: 404, body: NOT_FOUND };
    const version = m[1]!;
    const rest = (m[2] ?? '/').replace(/\/$/, '') || '/';
    if (!this.versions.includes(version)) return { status: 404, body: NOT_FOUND };
    if (!this.oauth.isValidAccessToken(this.bearer(req, url))) return { status: 401, body: INVALID_SESSION };
    this.apiUsage.used++;
    if (this.apiUsage.used > this.apiUsage.max) return { status: 403, body: LIMIT_EXCEEDED };

    const json = (): unknown => {
      try {
        return JSON.parse(body || 'null');
      } catch (e) {
        throw new RequestError(400, 'JSON_PARSER_ERROR', `Unexpected character: ${(e as Error).message}`);
      }
    };
    let p: RegExpExecArray | null;
    if (rest === '/' && method === 'GET') return { status: 200, body: this.resources(version) };
    if (rest === '/limits' && method === 'GET') return { status: 200, body: this.limits() };
    if (rest === '/query' && method === 'GET') return this.query(version, url.searchParams.get('q') ?? '');
    if ((p = /^\/query\/([^/]+)$/.exec(rest)) && method === 'GET') return this.queryMore(version, p[1]!);
    if ((p = /^\/sobjects\/([^/]+)\/describe$/.exec(rest)) && method === 'GET') {
      if (!this.schema.object(p[1]!)) return { status: 404, body: NOT_FOUND };
      return { status: 200, body: this.schema.describe(p[1]!, version) };
    }
    if ((p = /^\/sobjects\/([^/]+)$/.exec(rest)) && method === 'POST') return this.createOne(p[1]!, json());
    if ((p = /^\/sobjects\/([^/]+)\/([^/]+)$/.exec(rest)) && method === 'GET') return this.retrieve(version, p[1]!, p[2]!, url.searchParams.get('fields'));
    if (rest === '/composite/sobjects' && method === 'POST') return this.collection('create', json());
    if (rest === '/composite/sobjects' && method === 'PATCH') return this.collection('update', json());
    if ((p = /^\/composite\/sobjects\/([^/]+)\/([^/]+)$/.exec(rest)) && method === 'PATCH') return this.collection('upsert', json(), p[1]!, p[2]!);
    return { status: 404, body: NOT_FOUND };
  }

  /** Runs an OAuth handler that writes to a response, capturing what it writes. */
  private delegate(fn: (res: ServerResponse) => void): Result {
    let status = 200;
    let headers: Record<string, string> = {};
    let text = '';
    const fake = {
      writeHead(s: number, h?: Record<string, string>) {
        status = s;
        headers = h ?? {};
        return fake;
      },
      end(t?: string) {
        text = t ?? '';
      },
    } as unknown as ServerResponse;
    fn(fake);
    const { 'Content-Type': contentType, ...rest } = headers;
    return { status, text, contentType: contentType ?? 'text/plain', headers: rest };
  }

  private identity(userinfo: boolean): unknown {
    const user = this.data.table('User').get(this.userId)!;
    const urls = {
      rest: `${this.url}/services/data/v{version}/`,
      sobjects: `${this.url}/services/data/v{version}/sobjects/`,
      query: `${this.url}/services/data/v{version}/query/`,
      profile: `${this.url}/${this.userId}`,
    };
    const idUrl = `${this.url}/id/${this.orgId}/${this.userId}`;
    return userinfo
      ? { sub: idUrl, user_id: this.userId, organization_id: this.orgId, preferred_username: user.Username, nickname: 'integration', name: user.Name, email: user.Email, email_verified: true, urls, active: true, user_type: 'STANDARD', language: 'en_US', locale: 'en_US', utcOffset: 0 }
      : { id: idUrl, asserted_user: true, user_id: this.userId, organization_id: this.orgId, username: user.Username, nick_name: 'integration', display_name: user.Name, email: user.Email, email_verified: true, urls, active: true, user_type: 'STANDARD', language: 'en_US', locale: 'en_US', utcOffset: 0 };
  }

  private resources(version: string): unknown {
    const b = `/services/data/v${version}`;
    return {
      limits: `${b}/limits`, sobjects: `${b}/sobjects`, query: `${b}/query`, queryAll: `${b}/queryAll`, search: `${b}/search`,
      composite: `${b}/composite`, recent: `${b}/recent`, tooling: `${b}/tooling`, identity: `${this.url}/id/${this.orgId}/${this.userId}`,
    };
  }

  private limits(): unknown {
    return {
      DailyApiRequests: { Max: this.apiUsage.max, Remaining: Math.max(0, this.apiUsage.max - this.apiUsage.used) },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 5, Remaining: 5 },
      FileStorageMB: { Max: 20, Remaining: 20 },
      SingleEmail: { Max: 15, Remaining: 15 },
    };
  }

  // ---- SOQL ----

  private query(version: string, soql: string): Result {
    let q;
    try {
      q = parseSoql(soql);
    } catch (e) {
      if (e instanceof SoqlSyntaxError) return { status: 400, body: [{ message: e.message, errorCode: 'MALFORMED_QUERY' }] };
      throw e;
    }
    const spec = this.schema.object(q.from);
    if (!spec) {
      return { status: 400, body: [{ message: `sObject type '${q.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`, errorCode: 'INVALID_TYPE' }] };
    }
    for (const path of [...q.fields, ...q.aggregates.map((a) => a.field), ...q.groupBy, ...condFields(q.where), ...q.orderBy.map((o) => o.field)]) {
      const f = this.resolve(spec.name, path);
      if (!f) {
        return { status: 400, body: [{ message: `No such column '${path}' on entity '${spec.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`, errorCode: 'INVALID_FIELD' }] };
      }
    }
    for (const path of condFields(q.where)) {
      if (this.resolve(spec.name, path)!.filterable === false) {
        return { status: 400, body: [{ message: `field '${path}' can not be filtered in a query call`, errorCode: 'INVALID_FIELD' }] };
      }
    }
    const get = (rec: SfRecord, path: string): unknown => this.getPath(spec.name, rec, path);
    // Id and reference fields accept 15- or 18-character ids.
    const where = mapValues(q.where, (path, v) => {
      const t = this.resolve(spec.name, path)!.type;
      return (t === 'id' || t === 'reference') && typeof v === 'string' ? (normaliseId(v) ?? v) : v;
    });
    let rows = [...this.data.table(spec.name).values()].filter((r) => matches(where, (path) => get(r, path)));
    if (q.aggregates.length || q.groupBy.length) {
      // GROUP BY answers come in one page, without a query locator (sforce_api_calls_soql_select_group_by_considerations.htm).
      let groups = aggregateRows(sortRows(rows, q.orderBy, get), q, get);
      if (q.offset) groups = groups.slice(q.offset);
      if (q.limit !== undefined) groups = groups.slice(0, q.limit);
      const records = groups.map((g) => {
        const out: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
        for (const item of q.select) {
          if (item.kind === 'aggregate') out[item.alias] = g.aggregates[item.alias];
          else out[this.resolve(spec.name, item.path)!.name] = g.values[q.groupBy.find((x) => x.toLowerCase() === item.path.toLowerCase())!];
        }
        return out;
      });
      return { status: 200, body: { totalSize: records.length, done: true, records } };
    }
    rows = sortRows(rows, q.orderBy, get);
    if (q.offset) rows = rows.slice(q.offset);
    if (q.limit !== undefined) rows = rows.slice(0, q.limit);
    if (q.count) return { status: 200, body: { totalSize: rows.length, done: true, records: [] } };
    const records = rows.map((r) => this.shape(version, spec.name, r, q.fields));
    return { status: 200, body: this.page(version, records, records.length, 0) };
  }

  private queryMore(version: string, locatorAndOffset: string): Result {
    const m = /^(.+)-(\d+)$/.exec(locatorAndOffset);
    const all = m ? this.cursors.get(m[1]!) : undefined;
    if (!m || !all) return { status: 400, body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }] };
    return { status: 200, body: this.page(version, all, all.length, Number(m[2]), m[1]) };
  }

  private page(version: string, all: SfRecord[], total: number, offset: number, locator?: string): unknown {
    const batch = all.slice(offset, offset + this.batchSize);
    const done = offset + batch.length >= total;
    let next: string | undefined;
    if (!done) {
      const loc = locator ?? `01g5g${randomBytes(6).toString('hex').toUpperCase()}`;
      this.cursors.set(loc, all);
      next = `/services/data/v${version}/query/${loc}-${offset + batch.length}`;
    }
    return { totalSize: total, done, ...(next ? { nextRecordsUrl: next } : {}), records: batch };
  }

  /** Resolves a field path (`Email`, `Owner.Name`, `Account.Type`) to the field spec at its end. */
  private resolve(object: string, path: string): FieldSpec | undefined {
    const parts = path.split('.');
    if (parts.length === 1) return this.schema.field(object, path);
    if (parts.length !== 2) return undefined;
    const rel = this.schema.object(object)?.fields.find((f) => f.relationshipName?.toLowerCase() === parts[0]!.toLowerCase());
    if (!rel) return undefined;
    for (const target of rel.referenceTo ?? []) {
      const f = this.schema.field(target, parts[1]!);
      if (f) return f;
    }
    return undefined;
  }

  private getPath(object: string, rec: SfRecord, path: string): unknown {
    const parts = path.split('.');
    if (parts.length === 1) return rec[this.schema.field(object, path)!.name] ?? null;
    const rel = this.schema.object(object)!.fields.find((f) => f.relationshipName?.toLowerCase() === parts[0]!.toLowerCase())!;
    const id = rec[rel.name];
    const target = typeof id === 'string' ? this.data.byId(id) : undefined;
    if (!target) return null;
    const f = this.schema.field(target.object, parts[1]!);
    return f ? (target.record[f.name] ?? null) : null;
  }

  private attributes(version: string, object: string, id: string): { type: string; url: string } {
    return { type: object, url: `/services/data/v${version}/sobjects/${object}/${id}` };
  }

  /** A query/retrieve record: attributes, then the fields in order, relationship fields nested. */
  private shape(version: string, object: string, rec: SfRecord, fields: string[]): SfRecord {
    const out: Record<string, unknown> = { attributes: this.attributes(version, object, rec.Id) };
    for (const path of fields) {
      const parts = path.split('.');
      if (parts.length === 1) {
        const f = this.schema.field(object, path)!;
        out[f.name] = rec[f.name] ?? null;
        continue;
      }
      const rel = this.schema.object(object)!.fields.find((f) => f.relationshipName?.toLowerCase() === parts[0]!.toLowerCase())!;
      const id = rec[rel.name];
      const target = typeof id === 'string' ? this.data.byId(id) : undefined;
      if (!target) {
        out[rel.relationshipName!] = null;
        continue;
      }
      const nested = (out[rel.relationshipName!] as Record<string, unknown> | null | undefined) ?? { attributes: this.attributes(version, target.object, target.record.Id) };
      const f = this.schema.field(target.object, parts[1]!);
      if (f) nested[f.name] = target.record[f.name] ?? null;
      out[rel.relationshipName!] = nested;
    }
    return out as SfRecord;
  }

  // ---- sObject rows and collections ----

  private retrieve(version: string, type: string, id: string, fields: string | null): Result {
    const spec = this.schema.object(type);
    if (!spec) return { status: 404, body: NOT_FOUND };
    const id18 = normaliseId(id);
    if (!id18) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: `Provided external ID field does not exist or is not accessible: ${id}` }] };
    const rec = this.data.table(spec.name).get(id18);
    if (!rec) return { status: 404, body: NOT_FOUND };
    const list = fields ? fields.split(',').map((s) => s.trim()).filter(Boolean) : spec.fields.map((f) => f.name);
    for (const f of list) {
      if (!this.resolve(spec.name, f)) return { status: 400, body: [{ message: `No such column '${f}' on sobject of type ${spec.name}`, errorCode: 'INVALID_FIELD' }] };
    }
    return { status: 200, body: this.shape(version, spec.name, rec, list) };
  }

  private createOne(type: string, input: unknown): Result {
    const spec = this.schema.object(type);
    if (!spec) return { status: 404, body: NOT_FOUND };
    if (!isObject(input)) throw new RequestError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
    const out = this.data.create(spec.name, input);
    if (!out.ok) return { status: 400, body: out.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })) };
    return { status: 201, body: { id: out.id, success: true, errors: [] } };
  }

  private collection(op: 'create' | 'update' | 'upsert', input: unknown, type?: string, extFieldName?: string): Result {
    if (!isObject(input) || !Array.isArray(input.records)) throw new RequestError(400, 'JSON_PARSER_ERROR', "The request body must contain a 'records' array");
    const records = input.records as unknown[];
    const allOrNone = input.allOrNone === true;
    if (records.length > 200) throw new RequestError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    let extField: FieldSpec | undefined;
    let urlType: string | undefined;
    if (op === 'upsert') {
      const spec = this.schema.object(type!);
      if (!spec) return { status: 404, body: NOT_FOUND };
      urlType = spec.name;
      extField = this.schema.field(spec.name, extFieldName!);
      if (!extField) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: `Provided external ID field does not exist or is not accessible: ${extFieldName}` }] };
      if (!extField.externalId && !extField.idLookup) {
        throw new RequestError(400, 'INVALID_FIELD', `Field ${extField.name} is not an external ID or indexed field for ${spec.name}`);
      }
    }
    // Request-level validation first (type attribute, deserialisation), as Salesforce parses the whole body before DML.
    const items = records.map((r, i) => {
      if (!isObject(r) || !isObject(r.attributes) || typeof r.attributes.type !== 'string') {
        throw new RequestError(400, 'INVALID_FIELD', `When ${op === 'create' ? 'creating' : 'updating'} records the type attribute is required (record ${i})`);
      }
      const object = this.schema.object(r.attributes.type)?.name;
      if (!object) throw new RequestError(400, 'INVALID_TYPE', `sObject type '${r.attributes.type}' is not supported.`);
      if (urlType && object !== urlType) throw new RequestError(400, 'INVALID_TYPE', `Record type ${object} does not match the URI type ${urlType}`);
      const { attributes: _a, ...fields } = r;
      return { object, fields };
    });
    const snapshot = allOrNone ? this.data.snapshot() : undefined;
    const outcomes: WriteOutcome[] = [];
    try {
      for (const it of items) {
        if (op === 'create') outcomes.push(this.data.create(it.object, it.fields));
        else if (op === 'update') {
          const idKey = Object.keys(it.fields).find((k) => k.toLowerCase() === 'id');
          const id = idKey ? it.fields[idKey] : undefined;
          const rest = { ...it.fields };
          if (idKey) delete rest[idKey];
          outcomes.push(id === undefined ? { ok: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }] } : this.data.update(it.object, id, rest));
        } else outcomes.push(this.data.upsert(it.object, extField!, it.fields));
      }
    } catch (e) {
      if (snapshot) this.data.restore(snapshot);
      throw e;
    }
    const failed = outcomes.some((o) => !o.ok);
    if (snapshot && failed) {
      this.data.restore(snapshot);
      const rolledBack: RecordError = { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] };
      return { status: 200, body: outcomes.map((o) => ({ ...(op === 'upsert' ? { created: false } : {}), success: false, errors: o.ok ? [rolledBack] : o.errors })) };
    }
    return {
      status: 200,
      body: outcomes.map((o) =>
        o.ok
          ? { id: o.id, success: true, errors: [], ...(op === 'upsert' ? { created: o.created } : {}) }
          : { ...(o.id ? { id: o.id } : {}), success: false, errors: o.errors, ...(op === 'upsert' ? { created: false } : {}) },
      ),
    };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export { eq };
