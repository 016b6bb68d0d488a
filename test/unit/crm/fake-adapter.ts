/**
 * A faithful in-memory CRM behind the CrmAdapter interface, for unit tests of the sync engine: HubSpot-like
 * semantics by default (contacts upserted by `email`, else by the unique `leadforge_lead_id`; companies upserted
 * by the unique `leadforge_company_key`; custom properties created by ensureSchema), batch calls counted as one
 * request per `batchSize` items, and fault injection (per-record rejections, failing calls, answers lost after
 * the CRM applied the write).
 */
import type { CrmFieldInfo, CrmHistory, CrmKind, CrmRole } from '@shared/index';
import { CrmError, type CrmActivity, type CrmAdapter, type CrmRecord, type CrmWrite, type CrmWriteResult, type CustomFieldSpec, type HistoryQuery } from '../../../electron/core/crm/types';

type Props = Record<string, string | null>;
export interface StoredActivity extends CrmActivity { id: string }

const f = (role: CrmRole, name: string, type = 'string', extra: Partial<CrmFieldInfo> = {}): CrmFieldInfo => ({ role, name, label: name, type, writable: true, unique: false, custom: false, ...extra });

/** HubSpot-like standard fields (no leadforge_* custom properties yet). */
export function hubspotFields(): CrmFieldInfo[] {
  return [
    ...['email', 'firstname', 'lastname', 'jobtitle', 'phone', 'company', 'website', 'city', 'country', 'industry'].map((n) => f('person', n)),
    f('person', 'hs_object_id', 'number', { writable: false }),
    f('person', 'lifecyclestage', 'enumeration', { options: ['subscriber', 'lead', 'customer'] }),
    ...['name', 'domain', 'website', 'city', 'country', 'description'].map((n) => f('account', n)),
    f('account', 'industry', 'enumeration', { options: ['COMPUTER_SOFTWARE', 'INTERNET', 'FINANCIAL_SERVICES'] }),
    f('account', 'numberofemployees', 'number'),
  ];
}

export interface FakeOptions {
  kind?: CrmKind;
  objects?: CrmAdapter['objects'];
  batchSize?: number;
  fields?: CrmFieldInfo[];
}

export class FakeCrm {
  readonly persons = new Map<string, Props>();
  readonly accounts = new Map<string, Props>();
  readonly activities: StoredActivity[] = [];
  readonly associations = new Set<string>();
  fields: CrmFieldInfo[];
  private seq = 0;
  constructor(fields: CrmFieldInfo[] = hubspotFields()) {
    this.fields = fields;
  }
  nextId(): string {
    return String(++this.seq + 1000);
  }
  /** Persons whose property equals value (case-insensitive). */
  personsWhere(prop: string, value: string): [string, Props][] {
    return [...this.persons].filter(([, p]) => (p[prop] ?? '').toLowerCase() === value.toLowerCase());
  }
}

export class FakeAdapter implements CrmAdapter {
  readonly kind: CrmKind;
  readonly objects: CrmAdapter['objects'];
  readonly stats = { requests: 0, retries: 0 };
  readonly calls: { method: string; items: number }[] = [];
  readonly batchSize: number;
  /** Return an error to reject one record of a write (HubSpot-style per-record error). */
  reject?: (method: 'writePersons' | 'writeAccounts' | 'associate' | 'logActivities', item: { key: string; properties?: Record<string, string> }) => { message: string; code?: string } | undefined;
  /** Throw before applying (the call failed). */
  failCall?: (method: string) => Error | undefined;
  /** Apply the call, then throw (the answer was lost). */
  loseAnswer?: (method: string) => boolean;
  /** Hook run inside each call (e.g. to kill the process at a chosen point). */
  onCall?: (method: string) => void | Promise<void>;
  historyOf = new Map<string, CrmHistory>();

  constructor(readonly crm: FakeCrm = new FakeCrm(), opts: FakeOptions = {}) {
    this.kind = opts.kind ?? 'hubspot';
    this.objects = opts.objects ?? { person: 'contacts', account: 'companies', activity: 'notes' };
    this.batchSize = opts.batchSize ?? 100;
    if (opts.fields) crm.fields = opts.fields;
  }

  private async enter(method: string, items: number): Promise<void> {
    const n = Math.max(1, Math.ceil(items / this.batchSize));
    this.stats.requests += n;
    this.calls.push({ method, items });
    await this.onCall?.(method);
    const err = this.failCall?.(method);
    if (err) throw err;
  }

  private leave(method: string): void {
    if (this.loseAnswer?.(method)) throw new CrmError(`${this.kind} ${method} failed: socket hang up (gave up after 6 attempts: attempts)`, { kind: this.kind, retryable: true });
  }

  async testConnection() {
    await this.enter('testConnection', 1);
    return { account: 'portal 123', user: 'rep@example.com' };
  }
  async describeFields(role: CrmRole) {
    await this.enter('describeFields', 1);
    return this.crm.fields.filter((x) => x.role === role).map((x) => ({ ...x }));
  }
  async ensureSchema(specs: CustomFieldSpec[]) {
    await this.enter('ensureSchema', 1);
    const created: string[] = [];
    for (const s of specs) {
      if (this.crm.fields.some((x) => x.role === s.role && x.name === s.name)) continue;
      this.crm.fields.push(f(s.role, s.name, s.type, { custom: true, unique: s.unique ?? false, ...(s.options ? { options: [...s.options] } : {}) }));
      created.push(s.name);
    }
    return { created, missing: [] };
  }
  private read(map: Map<string, Props>, id: string, properties: string[]): CrmRecord {
    const p = map.get(id)!;
    return { id, properties: Object.fromEntries(properties.map((k) => [k, p[k] ?? null])) };
  }
  async findPersonsByEmail(emails: string[], properties: string[]) {
    await this.enter('findPersonsByEmail', emails.length);
    const out = new Map<string, CrmRecord>();
    for (const e of emails) {
      const hit = this.crm.personsWhere('email', e)[0];
      if (hit) out.set(e.toLowerCase(), this.read(this.crm.persons, hit[0], properties));
    }
    return out;
  }
  async findPersonsByLeadId(ids: string[], properties: string[]) {
    await this.enter('findPersonsByLeadId', ids.length);
    const out = new Map<string, CrmRecord>();
    for (const id of ids) {
      const hit = this.crm.personsWhere('leadforge_lead_id', id)[0];
      if (hit) out.set(id, this.read(this.crm.persons, hit[0], properties));
    }
    return out;
  }
  async findAccountsByDomain(domains: string[], properties: string[]) {
    await this.enter('findAccountsByDomain', domains.length);
    const out = new Map<string, CrmRecord>();
    if (!this.objects.account) return out;
    for (const d of domains) {
      const hit = [...this.crm.accounts].find(([, p]) => (p.domain ?? '').toLowerCase().replace(/^www\./, '') === d.toLowerCase());
      if (hit) out.set(d.toLowerCase(), this.read(this.crm.accounts, hit[0], properties));
    }
    return out;
  }
  async getRecords(role: CrmRole, ids: string[], properties: string[]) {
    await this.enter(`getRecords.${role}`, ids.length);
    const map = role === 'person' ? this.crm.persons : this.crm.accounts;
    const out = new Map<string, CrmRecord>();
    for (const id of ids) if (map.has(id)) out.set(id, this.read(map, id, properties));
    return out;
  }
  private write(method: 'writePersons' | 'writeAccounts', map: Map<string, Props>, writes: CrmWrite[], uniques: string[]): CrmWriteResult[] {
    return writes.map((w) => {
      const rej = this.reject?.(method, w);
      if (rej) return { key: w.key, ok: false, error: { message: rej.message, ...(rej.code ? { code: rej.code } : {}), status: 400 } };
      for (const k of Object.keys(w.properties)) {
        if (!this.crm.fields.some((x) => x.name === k && x.role === (method === 'writePersons' ? 'person' : 'account'))) {
          return { key: w.key, ok: false, error: { message: `Property "${k}" does not exist`, code: 'PROPERTY_DOESNT_EXIST', status: 400 } };
        }
      }
      if (w.id) {
        const cur = map.get(w.id);
        if (!cur) return { key: w.key, ok: false, error: { message: `Object ${w.id} not found`, code: 'OBJECT_NOT_FOUND', status: 404 } };
        Object.assign(cur, w.properties);
        return { key: w.key, ok: true, id: w.id, created: false };
      }
      for (const u of uniques) {
        const v = w.properties[u];
        if (!v) continue;
        const hit = [...map].find(([, p]) => (p[u] ?? '').toLowerCase() === v.toLowerCase());
        if (hit) {
          Object.assign(hit[1], w.properties);
          return { key: w.key, ok: true, id: hit[0], created: false };
        }
      }
      const id = this.crm.nextId();
      map.set(id, { ...w.properties });
      return { key: w.key, ok: true, id, created: true };
    });
  }
  async writePersons(writes: CrmWrite[]) {
    await this.enter('writePersons', writes.length);
    const r = this.write('writePersons', this.crm.persons, writes, this.kind === 'hubspot' ? ['email', 'leadforge_lead_id'] : []);
    this.leave('writePersons');
    return r;
  }
  async writeAccounts(writes: CrmWrite[]) {
    await this.enter('writeAccounts', writes.length);
    const r = this.write('writeAccounts', this.crm.accounts, writes, this.kind === 'hubspot' ? ['leadforge_company_key'] : []);
    this.leave('writeAccounts');
    return r;
  }
  async associate(pairs: { key: string; personId: string; accountId: string }[]) {
    await this.enter('associate', pairs.length);
    const r = pairs.map((p) => {
      const rej = this.reject?.('associate', p);
      if (rej) return { key: p.key, ok: false, error: { message: rej.message, ...(rej.code ? { code: rej.code } : {}) } };
      if (!this.crm.persons.has(p.personId) || !this.crm.accounts.has(p.accountId)) return { key: p.key, ok: false, error: { message: 'object not found', code: 'OBJECT_NOT_FOUND' } };
      this.crm.associations.add(`${p.personId}|${p.accountId}`);
      return { key: p.key, ok: true };
    });
    this.leave('associate');
    return r;
  }
  async logActivities(acts: CrmActivity[]) {
    await this.enter('logActivities', acts.length);
    const r = acts.map((a) => {
      const rej = this.reject?.('logActivities', { key: a.key });
      if (rej) return { key: a.key, ok: false, error: { message: rej.message, ...(rej.code ? { code: rej.code } : {}) } };
      const id = this.crm.nextId();
      this.crm.activities.push({ ...a, id });
      return { key: a.key, ok: true, id, created: true };
    });
    this.leave('logActivities');
    return r;
  }
  async findActivity(key: string, personId: string) {
    await this.enter('findActivity', 1);
    return this.crm.activities.find((a) => a.key === key && a.personId === personId)?.id;
  }
  /** Histories from `historyOf` (by email, else domain); one call counts ⌈n / batchSize⌉ requests. */
  async histories(queries: HistoryQuery[]): Promise<CrmHistory[]> {
    await this.enter('histories', queries.length);
    return queries.map((q) => (q.email && this.historyOf.get(q.email)) || (q.domain && this.historyOf.get(q.domain)) || { kind: this.kind, openDeals: 0, isCustomer: false });
  }
  async history(query: HistoryQuery): Promise<CrmHistory> {
    return (await this.histories([query]))[0]!;
  }
  /** Requests made by method. */
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}
