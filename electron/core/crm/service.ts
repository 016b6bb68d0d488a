import type {
  CrmConnection, CrmFieldInfo, CrmKind, CrmSyncState, FieldMappingEntry, Lead, MappingIssue, Settings, SyncPreview, SyncResult,
} from '@shared/index';
import { UserFacingError } from '../api/types';
import { saveSettings as saveSettingsToStore } from '../services/settings-service';
import type { AdapterFactory } from './adapters';
import type { CrmRuntimeDeps } from './runtime';
import { APP_FIELDS, type SyncLeadInput } from './mapping/app-fields';
import { defaultMapping, customFieldSpecs } from './mapping/defaults';
import { hasErrors, validateMapping } from './mapping/validate';
import { SecretScrubber } from './scrub';
import { MicroBatcher } from './sync/batcher';
import { FieldCache, type SyncContext, type SyncProgress } from './sync/context';
import { syncLeads, type LeadOutcome } from './sync/execute';
import { leadLabel, loadProcessedLeads } from './sync/inputs';
import { planSync } from './sync/plan';
import { SyncStates } from './sync/state';
import { CrmError, type CrmAdapter } from './types';

/** Display name of a CRM. */
export const crmName = (k: CrmKind): string => (k === 'hubspot' ? 'HubSpot' : 'Salesforce');

/** Names of the secrets of one CRM in the {@link SecretStore}. */
export const SECRET_NAMES = {
  hubspot: ['hubspot.accessToken', 'hubspot.refreshToken', 'hubspot.expiresAt'],
  salesforce: ['salesforce.accessToken', 'salesforce.refreshToken', 'salesforce.instanceUrl', 'salesforce.expiresAt'],
} as const;

/** Non-secret facts about a connection, kept in the `settings` collection (record `crmConnection:<kind>`). */
interface ConnectionMeta {
  account?: string;
  user?: string;
  lastTestedAt?: string;
  lastSyncAt?: string;
  lastError?: string;
}

/** What the service needs: the runtime's deps (see CrmRuntimeDeps in runtime.ts) with the adapter factory resolved. */
export type CrmServiceDeps = Omit<CrmRuntimeDeps, 'adapters'> & { adapters: AdapterFactory; now?: () => Date };

interface KindState {
  adapter?: { key: string; promise: Promise<CrmAdapter | undefined> };
  fields?: FieldCache;
  connected?: boolean;
  lock: Promise<unknown>;
  batcher?: MicroBatcher<SyncLeadInput, LeadOutcome>;
}

/**
 * The CRM layer's state and operations behind the `crm:*` handlers, the `sync` stage and the `crm` source:
 * adapters built lazily from settings + secrets (rebuilt when the connection or its settings change), connection
 * status, field mapping, preview and sync (serialised per CRM so two syncs never race to create the same record),
 * per-lead states. Every error message leaving it is scrubbed of secrets.
 */
export class CrmService {
  readonly scrubber = new SecretScrubber();
  private readonly kinds: Record<CrmKind, KindState> = { hubspot: { lock: Promise.resolve() }, salesforce: { lock: Promise.resolve() } };
  private readonly savedMappings: Partial<Record<CrmKind, FieldMappingEntry[]>> = {};
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly deps: CrmServiceDeps) {
    for (const kind of ['hubspot', 'salesforce'] as const) void this.isConnected(kind).catch(() => undefined);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  // ------------------------------------------------------------------ connection

  /** Cached connection state for synchronous checks (undefined until first known). */
  connectedNow(kind: CrmKind): boolean | undefined {
    return this.kinds[kind].connected;
  }

  /** Whether credentials for `kind` are stored (no request is made). */
  async isConnected(kind: CrmKind): Promise<boolean> {
    const s = this.deps.secrets;
    const token = (await s.get(`${kind}.accessToken`)) ?? (await s.get(`${kind}.refreshToken`));
    const ok = !!token && (kind === 'hubspot' || !!(await s.get('salesforce.instanceUrl')));
    this.kinds[kind].connected = ok;
    return ok;
  }

  /** The CRM user the last test reported (to tell the rep's own records from other reps'), when known. */
  connectedUser(kind: CrmKind): string | undefined {
    return this.meta(kind).user;
  }

  private metaId(kind: CrmKind): string {
    return `crmConnection:${kind}`;
  }

  private meta(kind: CrmKind): ConnectionMeta {
    const rec = this.deps.store.collection<{ id: string; value: ConnectionMeta }>('settings').get(this.metaId(kind));
    return rec?.value ?? {};
  }

  private setMeta(kind: CrmKind, patch: Partial<ConnectionMeta> | null): void {
    if (this.closed) return;
    const col = this.deps.store.collection<{ id: string; value: ConnectionMeta }>('settings');
    if (patch === null) {
      col.delete(this.metaId(kind));
      return;
    }
    const value = Object.fromEntries(Object.entries({ ...this.meta(kind), ...patch }).filter(([, v]) => v !== undefined)) as ConnectionMeta;
    col.put({ id: this.metaId(kind), value });
  }

  /** Connection state of one CRM (from stored credentials and the last test/sync; never a secret). */
  async status(kind: CrmKind): Promise<CrmConnection> {
    const connected = await this.isConnected(kind);
    const s = this.deps.secrets;
    const m = this.meta(kind);
    const settings = this.deps.settings();
    const oauth = !!(await s.get(`${kind}.refreshToken`));
    const baseUrl = kind === 'hubspot' ? settings.crm.hubspot.baseUrl : await s.get('salesforce.instanceUrl');
    const expiresAt = await s.get(`${kind}.expiresAt`);
    return {
      kind,
      connected,
      ...(connected ? { authType: oauth ? ('oauth' as const) : ('token' as const) } : {}),
      ...(connected && m.account ? { account: m.user ? `${m.account} (${m.user})` : m.account } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      ...(connected && expiresAt ? { expiresAt } : {}),
      ...(m.lastTestedAt ? { lastTestedAt: m.lastTestedAt } : {}),
      ...(m.lastSyncAt ? { lastSyncAt: m.lastSyncAt } : {}),
      ...(m.lastError ? { lastError: this.scrubber.scrub(m.lastError) } : {}),
    };
  }

  /** The config a built adapter depends on; a change rebuilds it. */
  private adapterKey(kind: CrmKind): string {
    const crm = this.deps.settings().crm;
    return JSON.stringify(kind === 'hubspot' ? crm.hubspot : crm.salesforce);
  }

  /** Drops the cached adapter (after connect/disconnect). */
  private async resetAdapter(kind: CrmKind): Promise<void> {
    const st = this.kinds[kind];
    const old = st.adapter;
    st.adapter = undefined;
    st.fields = undefined;
    if (old) {
      const a = await old.promise.catch(() => undefined);
      if (a) await this.deps.adapters.close?.(a);
    }
  }

  /**
   * The adapter on the stored credentials, built on first use.
   * @throws UserFacingError `not_connected` when the CRM is not connected; the factory's error otherwise (scrubbed)
   */
  async adapter(kind: CrmKind): Promise<CrmAdapter> {
    const st = this.kinds[kind];
    const key = this.adapterKey(kind);
    if (st.adapter && st.adapter.key !== key) await this.resetAdapter(kind);
    if (!st.adapter) {
      // Claimed synchronously: concurrent first callers (the `crm` source runs for up to 100 leads at once) share one
      // adapter — one request policy, one rate limiter — instead of each building its own.
      const promise = (async () => {
        for (const n of [...SECRET_NAMES[kind], `${kind}.clientSecret`]) this.scrubber.add(await this.deps.secrets.get(n).catch(() => undefined));
        return this.deps.adapters.fromSecrets(kind, this.deps.settings(), this.deps.secrets);
      })();
      st.adapter = { key, promise };
      promise.catch(() => {
        if (st.adapter?.promise === promise) st.adapter = undefined;
      });
    }
    let a: CrmAdapter | undefined;
    try {
      a = await st.adapter.promise;
    } catch (err) {
      throw this.userError(kind, err);
    }
    if (!a) throw new UserFacingError(`${crmName(kind)} is not connected: connect it on the CRM screen first`, 'not_connected');
    return a;
  }

  private fieldCache(kind: CrmKind, adapter: CrmAdapter): FieldCache {
    const st = this.kinds[kind];
    st.fields ??= new FieldCache(adapter);
    return st.fields;
  }

  /**
   * Turns any error into one the rep may see: a UserFacingError with the CRM's own message (scrubbed of every
   * known secret). CrmError 401/403 → code `auth_failed`, 429 → `rate_limited`, others `crm_error`.
   */
  userError(kind: CrmKind, err: unknown): Error {
    if (err instanceof UserFacingError) return new UserFacingError(this.scrubber.scrub(err.message), err.code);
    const msg = this.scrubber.scrub(err instanceof Error ? err.message : String(err));
    if (err instanceof CrmError) {
      const st = err.info.status;
      const code = st === 401 || st === 403 ? 'auth_failed' : st === 429 ? 'rate_limited' : 'crm_error';
      return new UserFacingError(code === 'auth_failed' ? `${crmName(kind)} refused the credentials: ${msg}` : msg, code);
    }
    if (err instanceof Error && err.name === 'OAuthError') return new UserFacingError(msg, `oauth_${(err as { code?: string }).code ?? 'error'}`);
    return new UserFacingError(`${crmName(kind)}: ${msg}`, 'crm_error');
  }

  /**
   * Connects with a pasted token: the adapter factory tests it, then stores it (HubSpot `hubspot.accessToken`;
   * Salesforce `salesforce.accessToken` + `salesforce.instanceUrl`), replacing any OAuth tokens.
   * @throws UserFacingError `auth_failed` with the CRM's message when the test fails (nothing is stored)
   */
  async connectToken(req: { kind: 'hubspot'; accessToken: string } | { kind: 'salesforce'; instanceUrl: string; accessToken: string }): Promise<CrmConnection> {
    const { kind } = req;
    this.scrubber.add(req.accessToken);
    let info: { account?: string; user?: string };
    try {
      info = await this.deps.adapters.connectToken(kind, this.deps.settings(), this.deps.secrets, {
        accessToken: req.accessToken,
        ...(req.kind === 'salesforce' ? { instanceUrl: req.instanceUrl } : {}),
      });
    } catch (err) {
      const e = this.userError(kind, err);
      throw new UserFacingError(e.message.startsWith(crmName(kind)) ? e.message : `${crmName(kind)} refused the token: ${e.message}`, 'auth_failed');
    }
    await this.resetAdapter(kind);
    this.setMeta(kind, { account: info.account, user: info.user, lastTestedAt: this.now().toISOString(), lastError: undefined });
    return this.status(kind);
  }

  /** Runs the OAuth flow (system browser, loopback redirect), stores the tokens (the factory tests them). */
  async connectOAuth(kind: CrmKind): Promise<CrmConnection> {
    let info: { account?: string; user?: string };
    try {
      info = await this.deps.adapters.connectOAuth(kind, this.deps.settings(), this.deps.secrets, this.deps.openExternal);
    } catch (err) {
      throw this.userError(kind, err);
    }
    await this.resetAdapter(kind);
    this.setMeta(kind, { account: info.account, user: info.user, lastTestedAt: this.now().toISOString(), lastError: undefined });
    return this.status(kind);
  }

  /** Stores an OAuth client secret in the vault. */
  async saveClientSecret(kind: CrmKind, secret: string): Promise<{ saved: boolean }> {
    this.scrubber.add(secret);
    await this.deps.secrets.set(`${kind}.clientSecret`, secret);
    return { saved: true };
  }

  /** Deletes the CRM's tokens (the OAuth client secret is kept) and forgets the connection. */
  async disconnect(kind: CrmKind): Promise<CrmConnection> {
    for (const n of SECRET_NAMES[kind]) await this.deps.secrets.delete(n);
    await this.resetAdapter(kind);
    this.setMeta(kind, null);
    return this.status(kind);
  }

  /** Tests the stored connection. Output: ok, account label, message, round-trip latency in ms. Never throws. */
  async test(kind: CrmKind): Promise<{ ok: boolean; account?: string; message: string; latencyMs: number }> {
    const t0 = performance.now();
    try {
      const adapter = await this.adapter(kind);
      const info = await adapter.testConnection();
      const latencyMs = Math.round(performance.now() - t0);
      this.setMeta(kind, { account: info.account, user: info.user, lastTestedAt: this.now().toISOString(), lastError: undefined });
      const account = info.user ? `${info.account} (${info.user})` : info.account;
      return { ok: true, account, message: `Connected to ${crmName(kind)} ${account}`, latencyMs };
    } catch (err) {
      const e = this.userError(kind, err);
      this.setMeta(kind, { lastTestedAt: this.now().toISOString(), lastError: e.message });
      return { ok: false, message: e.message, latencyMs: Math.round(performance.now() - t0) };
    }
  }

  /** The CRM's person and account fields. @throws UserFacingError when not connected or the CRM fails */
  async fields(kind: CrmKind): Promise<CrmFieldInfo[]> {
    const adapter = await this.adapter(kind);
    const cache = this.fieldCache(kind, adapter);
    try {
      const out: CrmFieldInfo[] = [];
      for (const role of this.roles(kind)) out.push(...(await cache.fields(role)));
      return out;
    } catch (err) {
      throw this.userError(kind, err);
    }
  }

  // ------------------------------------------------------------------ mapping

  /** Roles the CRM writes in the current settings (Salesforce lead mode: person only). */
  roles(kind: CrmKind): ('person' | 'account')[] {
    return kind === 'salesforce' && this.deps.settings().crm.salesforce.mode === 'lead' ? ['person'] : ['person', 'account'];
  }

  private stored(kind: CrmKind): FieldMappingEntry[] {
    return this.savedMappings[kind] ?? this.deps.settings().crm.mappings[kind];
  }

  /** The mapping in effect: the stored one, else the CRM's defaults (Salesforce: custom fields the org has). */
  mapping(kind: CrmKind, fields?: CrmFieldInfo[]): FieldMappingEntry[] {
    const stored = this.stored(kind);
    if (stored.length) return stored.map((x) => ({ ...x }));
    return defaultMapping(kind, { salesforceMode: this.deps.settings().crm.salesforce.mode, ...(fields ? { fields } : {}) });
  }

  private async fieldsIfConnected(kind: CrmKind): Promise<CrmFieldInfo[] | undefined> {
    if (!(await this.isConnected(kind))) return undefined;
    try {
      return await this.fields(kind);
    } catch {
      return undefined;
    }
  }

  private validate(kind: CrmKind, entries: FieldMappingEntry[], fields: CrmFieldInfo[] | undefined): MappingIssue[] {
    const creatable = new Set(kind === 'hubspot' ? customFieldSpecs(kind, entries).map((s) => s.name) : []);
    return validateMapping(entries, { kind, roles: this.roles(kind), creatable, ...(fields ? { fields } : {}) });
  }

  /** `crm:mappingGet`: the mapping in effect and its issues against the CRM's fields (when connected). */
  async mappingGet(kind: CrmKind): Promise<{ entries: FieldMappingEntry[]; issues: MappingIssue[]; appFields: string[] }> {
    const fields = await this.fieldsIfConnected(kind);
    const entries = this.mapping(kind, fields);
    return { entries, issues: this.validate(kind, entries, fields), appFields: APP_FIELDS.map((f) => f.name) };
  }

  /**
   * `crm:mappingSave`: validates (against the CRM's fields when connected) and stores the mapping in
   * `settings.crm.mappings[kind]`; refuses (stores nothing, `saved: false`) when an entry has an error.
   */
  async mappingSave(kind: CrmKind, entries: FieldMappingEntry[]): Promise<{ saved: boolean; entries: FieldMappingEntry[]; issues: MappingIssue[] }> {
    const fields = await this.fieldsIfConnected(kind);
    const issues = this.validate(kind, entries, fields);
    if (hasErrors(issues)) return { saved: false, entries, issues };
    const current = this.deps.settings();
    const patch: Partial<Settings> = { crm: { ...current.crm, mappings: { ...current.crm.mappings, [kind]: entries } } };
    try {
      if (this.deps.saveSettings) this.deps.saveSettings(patch);
      else saveSettingsToStore(this.deps.store, patch);
    } catch (err) {
      throw new UserFacingError((err as Error).message, 'invalid');
    }
    this.savedMappings[kind] = entries.map((x) => ({ ...x }));
    this.kinds[kind].fields?.clear();
    return { saved: true, entries, issues };
  }

  // ------------------------------------------------------------------ sync

  private async context(kind: CrmKind, onProgress?: (p: SyncProgress) => void): Promise<SyncContext> {
    const adapter = await this.adapter(kind);
    const fields = this.fieldCache(kind, adapter);
    let mapping = this.stored(kind);
    if (!mapping.length) {
      const described: CrmFieldInfo[] = [];
      if (kind === 'salesforce') for (const role of this.roles(kind)) described.push(...(await fields.fields(role)));
      mapping = this.mapping(kind, kind === 'salesforce' ? described : undefined);
    }
    return {
      kind,
      adapter,
      store: this.deps.store,
      mapping,
      logActivities: this.deps.settings().crm.logDraftActivity,
      fields,
      scrub: (t) => this.scrubber.scrub(t),
      signal: this.abort.signal,
      ...(this.deps.now ? { now: this.deps.now } : {}),
      ...(onProgress ? { onProgress } : {}),
    };
  }

  /** Runs `fn` after every earlier sync of this CRM finished (one sync at a time per CRM). */
  private withLock<T>(kind: CrmKind, fn: () => Promise<T>): Promise<T> {
    const st = this.kinds[kind];
    const run = st.lock.then(fn, fn);
    st.lock = run.catch(() => undefined);
    return run;
  }

  /** `crm:preview`: the dry run. @throws UserFacingError (not connected, the CRM's message) */
  async preview(kind: CrmKind, leadIds?: string[]): Promise<SyncPreview> {
    try {
      const ctx = await this.context(kind);
      return await this.withLock(kind, () => planSync(ctx, leadIds));
    } catch (err) {
      throw this.userError(kind, err);
    }
  }

  /** `crm:sync`: syncs now, progress as `crm:progress`. @throws UserFacingError (not connected, store failure) */
  async sync(kind: CrmKind, leadIds?: string[]): Promise<SyncResult> {
    try {
      const ctx = await this.context(kind, (p) => this.deps.emit('crm:progress', p));
      const { ready, unprocessed } = loadProcessedLeads(this.deps.store, leadIds);
      const run = await this.withLock(kind, () => syncLeads(ctx, ready, unprocessed));
      const r = run.result;
      const firstError = r.errors[0];
      this.setMeta(kind, { lastSyncAt: this.now().toISOString(), lastError: firstError ? `${r.failed} lead(s) failed, e.g.: ${firstError.message}` : undefined });
      return { ...r, errors: r.errors.map((e) => ({ ...e, message: this.scrubber.scrub(e.message) })) };
    } catch (err) {
      const e = this.userError(kind, err);
      this.setMeta(kind, { lastError: e.message });
      throw e;
    }
  }

  /**
   * Syncs one lead for the pipeline's `sync` stage; concurrent calls are batched (one CRM batch call for many
   * leads) and serialised with other syncs of the CRM. @throws UserFacingError when not connected
   */
  syncOne(kind: CrmKind, input: SyncLeadInput): Promise<LeadOutcome> {
    const st = this.kinds[kind];
    st.batcher ??= new MicroBatcher(async (inputs: SyncLeadInput[]) => {
      // No crm:progress for these small batches: the pipeline reports its own progress.
      const ctx = await this.context(kind);
      const unique = [...new Map(inputs.map((i) => [i.lead.id, i])).values()];
      const run = await this.withLock(kind, () => syncLeads(ctx, unique));
      this.setMeta(kind, { lastSyncAt: this.now().toISOString() });
      return inputs.map((i) => {
        const o = run.outcomes.get(i.lead.id) ?? { status: 'failed' as const, created: false, message: 'not synced' };
        return o.message ? { ...o, message: this.scrubber.scrub(o.message) } : o;
      });
    }, { windowMs: 50, maxBatch: 200 });
    return st.batcher.submit(input).catch((err) => {
      throw this.userError(kind, err);
    });
  }

  /** `crm:leadStates`: every lead's sync state for this CRM, with the lead's label. */
  leadStates(kind: CrmKind): (CrmSyncState & { label: string })[] {
    const leads = this.deps.store.collection<Lead>('leads');
    return [...new SyncStates(this.deps.store, kind).leads()].map((s) => {
      const lead = leads.get(s.leadId);
      return { ...s, ...(s.error ? { error: this.scrubber.scrub(s.error) } : {}), label: lead ? leadLabel(lead) : s.leadId };
    });
  }

  /** Stops new work, waits for syncs in progress to reach a checkpoint, releases adapters. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.abort.abort();
    for (const kind of ['hubspot', 'salesforce'] as const) {
      await this.kinds[kind].lock.catch(() => undefined);
      await this.resetAdapter(kind);
    }
    this.closed = true;
  }
}
