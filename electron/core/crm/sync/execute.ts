import type { CrmSyncState, SyncResult } from '@shared/index';
import { CrmError, type CrmActivity, type CrmErrorInfo, type CrmWrite, type CrmWriteResult } from '../types';
import type { SyncLeadInput } from '../mapping/app-fields';
import { FieldCache, type SyncContext, type SyncProgress } from './context';
import { loadProcessedLeads, type UnprocessedLead } from './inputs';
import { buildPlan, DEFAULT_CHUNK, specAsField, type LeadPlan, type Plan } from './plan';
import { SyncStates } from './state';

/**
 * Sync execution: plans a chunk of leads (see plan.ts), then writes it in dependency order — accounts, persons,
 * associations, the draft activities — and checkpoints per-lead state in `crmSync`.
 *
 * Duplicates are prevented at every step:
 * - a lead (or company) synced before carries its CRM id in its state: it is updated, never created again;
 * - a lead never synced is looked up first (by email, company by domain), so records the rep already has are
 *   updated, not duplicated;
 * - before any create, an `intent` is recorded AND flushed to disk; a process killed after the CRM created the
 *   record but before its id was saved finds the intent on the next sync and looks the record up (by email,
 *   `leadforge_lead_id`, domain / company key upsert, activity key) instead of creating it again;
 * - a write call that throws (timeout, connection dropped after retries) keeps the intent: the create may have
 *   landed, so the next sync looks it up; a per-record rejection clears it (nothing was created);
 * - an unchanged lead (same values hash, same draft version) makes no request at all.
 */

/** Per-lead outcome of a sync. */
export interface LeadOutcome {
  status: 'synced' | 'unchanged' | 'failed' | 'skipped';
  personId?: string;
  accountId?: string;
  activityId?: string;
  created: boolean;
  message?: string;
  code?: string;
}

/** {@link SyncResult} plus each lead's outcome. */
export interface SyncRun {
  result: SyncResult;
  outcomes: Map<string, LeadOutcome>;
}

interface Failure {
  message: string;
  code?: string;
  /** The write call failed without an answer: the create may have landed, keep its intent. */
  keepIntent?: boolean;
}

const infoOf = (err: unknown): Failure => {
  if (err instanceof CrmError) return { message: err.message, ...(err.info.code ? { code: err.info.code } : {}) };
  return { message: err instanceof Error ? err.message : String(err) };
};

const fromInfo = (e: CrmErrorInfo | undefined): Failure => ({ message: e?.message ?? 'rejected by the CRM', ...(e?.code ? { code: e.code } : {}) });

/**
 * Syncs the data dir's processed leads (or the given ones). Input: the sync context, optional lead ids.
 * Output: {@link SyncResult}: records created/updated, leads unchanged, associations and activities written,
 * failed leads with the CRM's own message and code, and the HTTP requests/retries made (adapter.stats delta).
 * Per-record errors are recorded on the lead (status `failed`, `error`, `errorCode`) and never stop the others.
 * @throws CrmError when the CRM refuses the credentials (401/403) while planning; the store's error when it cannot
 *   be written (a sync that cannot checkpoint must stop)
 */
export async function executeSync(ctx: SyncContext, leadIds?: readonly string[]): Promise<SyncResult> {
  const { ready, unprocessed } = loadProcessedLeads(ctx.store, leadIds);
  return (await syncLeads(ctx, ready, unprocessed)).result;
}

/**
 * Syncs the given processed leads. Same as {@link executeSync}, for callers that already hold the inputs (the
 * pipeline's `sync` stage). `unprocessed` leads are counted in `leads` and reported as skipped.
 */
export async function syncLeads(ctx: SyncContext, inputs: SyncLeadInput[], unprocessed: readonly UnprocessedLead[] = []): Promise<SyncRun> {
  const started = performance.now();
  const { adapter, kind } = ctx;
  const stats0 = { requests: adapter.stats.requests, retries: adapter.stats.retries };
  const cache = ctx.fields ?? new FieldCache(adapter);
  const c: SyncContext = { ...ctx, fields: cache };
  const size = ctx.chunkSize ?? DEFAULT_CHUNK;
  const outcomes = new Map<string, LeadOutcome>();
  const total = inputs.length;
  let done = 0;
  let failed = 0;
  const progress = (phase: SyncProgress['phase']) => {
    try {
      ctx.onProgress?.({ kind, phase, done, total, failed });
    } catch {
      /* a progress listener never breaks a sync */
    }
  };
  const counters = { created: 0, updated: 0, associations: 0, activities: 0 };
  for (let i = 0; i < inputs.length; i += size) {
    const chunk = inputs.slice(i, i + size);
    if (ctx.signal?.aborted) {
      for (const input of chunk) outcomes.set(input.lead.id, { status: 'skipped', created: false, message: 'sync interrupted: LeadForge is closing' });
      continue;
    }
    progress('lookup');
    await syncChunk(c, chunk, outcomes, counters, progress);
    done += chunk.length;
    failed = [...outcomes.values()].filter((o) => o.status === 'failed').length;
  }
  for (const u of unprocessed) outcomes.set(u.leadId, { status: 'skipped', created: false, message: u.reason });
  progress('done');
  const errors: SyncResult['errors'] = [];
  let unchanged = 0;
  for (const [leadId, o] of outcomes) {
    if (o.status === 'failed') errors.push({ leadId, message: o.message ?? 'failed', ...(o.code ? { code: o.code } : {}) });
    if (o.status === 'unchanged') unchanged++;
  }
  return {
    result: {
      kind,
      leads: inputs.length + unprocessed.length,
      ...counters,
      unchanged,
      failed: errors.length,
      errors,
      requests: adapter.stats.requests - stats0.requests,
      retries: adapter.stats.retries - stats0.retries,
      durationMs: Math.round(performance.now() - started),
    },
    outcomes,
  };
}

async function syncChunk(
  ctx: SyncContext,
  chunk: SyncLeadInput[],
  outcomes: Map<string, LeadOutcome>,
  counters: { created: number; updated: number; associations: number; activities: number },
  progress: (phase: SyncProgress['phase']) => void,
): Promise<void> {
  const { adapter, kind } = ctx;
  const states = new SyncStates(ctx.store, kind);
  const now = () => (ctx.now?.() ?? new Date()).toISOString();
  const errors = new Map<string, Failure>();
  const keptIntents = new Set<string>();
  const scrub = ctx.scrub ?? ((t: string) => t);
  const fail = (leadId: string, what: string, f: Failure) => {
    if (!errors.has(leadId)) errors.set(leadId, { message: scrub(what ? `${what}: ${f.message}` : f.message), ...(f.code ? { code: f.code } : {}) });
  };

  let plan: Plan;
  try {
    plan = await buildPlan(ctx, chunk);
    // Before the first write of a connection: LeadForge's custom fields (and the adapter's own, e.g. HubSpot's
    // activity key property) exist, whatever a killed earlier run got to. Idempotent; once per field cache.
    const schemaKey = [kind, ...plan.specs.map((s) => `${s.role}:${s.name}`)];
    if (plan.leads.some((p) => !p.skip && !p.unchanged) && !ctx.fields!.isEnsured(schemaKey)) {
      const r = await adapter.ensureSchema(plan.specs);
      ctx.fields!.markEnsured(schemaKey);
      ctx.fields!.addCreated(plan.missingSpecs.filter((s) => r.created.includes(s.name)).map(specAsField));
    }
  } catch (err) {
    // Credentials refused: nothing can sync; stop instead of marking every lead failed.
    if (err instanceof CrmError && (err.info.status === 401 || err.info.status === 403)) throw err;
    const raw = infoOf(err);
    const f = { ...raw, message: scrub(raw.message) };
    const at = now();
    for (const input of chunk) {
      const id = input.lead.id;
      const prev = states.lead(id);
      states.put({ ...(prev ?? states.blankLead(id, at)), status: 'failed', error: f.message, errorCode: f.code, updatedAt: at });
      outcomes.set(id, { status: 'failed', created: false, message: f.message, ...(f.code ? { code: f.code } : {}) });
    }
    await states.flush();
    return;
  }

  const active = plan.leads.filter((p) => !p.skip && !p.unchanged);
  for (const p of plan.leads) {
    if (p.skip) outcomes.set(p.leadId, { status: 'skipped', created: false, message: p.skip });
    else if (p.unchanged) outcomes.set(p.leadId, { status: 'unchanged', created: false, ...(p.state?.personId ? { personId: p.state.personId } : {}), ...(p.state?.accountId ? { accountId: p.state.accountId } : {}) });
  }

  // Accounts.
  progress('accounts');
  const accountIds = new Map<string, string>();
  const accountFailed = new Map<string, Failure>();
  const accountCreated = new Set<string>();
  {
    const creates = plan.accounts.filter((a) => a.action === 'create');
    const updates = plan.accounts.filter((a) => a.action === 'update');
    for (const a of plan.accounts) if (a.action === 'noop' && a.id) accountIds.set(a.key, a.id);
    await withIntents(states, creates.map((a) => ({ state: a.state ?? states.blankAccount(a.key, now()), op: 'createAccount' as const, key: a.key })), now);
    const writes: CrmWrite[] = [
      ...creates.map((a) => ({ key: a.key, properties: a.properties })),
      ...updates.map((a) => ({ key: a.key, id: a.id!, properties: a.properties })),
    ];
    const results = matchResults(writes, await call(() => adapter.writeAccounts(writes), writes), (w) => [w.key]);
    const byKey = new Map(plan.accounts.map((a) => [a.key, a]));
    for (const [w, r] of results) {
      const a = byKey.get(w.key);
      if (!a) continue;
      const id = r.id ?? a.id;
      if (r.ok && id) {
        accountIds.set(a.key, id);
        if (r.created ?? a.action === 'create') {
          counters.created++;
          accountCreated.add(a.key);
        } else counters.updated++;
      } else accountFailed.set(a.key, r.failure ?? fromInfo(r.error));
    }
    const at = now();
    for (const a of plan.accounts) {
      const prev = states.account(a.key) ?? a.state ?? states.blankAccount(a.key, at);
      const id = accountIds.get(a.key);
      const f = accountFailed.get(a.key);
      if (id) states.put({ ...prev, accountId: id, status: 'synced', hash: a.hash, intent: undefined, error: undefined, errorCode: undefined, lastSyncedAt: at, updatedAt: at });
      else if (f) states.put({ ...prev, status: 'failed', error: scrub(f.message), errorCode: f.code, intent: f.keepIntent ? prev.intent : undefined, updatedAt: at });
    }
  }
  for (const p of active) {
    if (p.account && accountFailed.has(p.account.key)) fail(p.leadId, 'company', accountFailed.get(p.account.key)!);
  }

  // Persons.
  progress('persons');
  const personIds = new Map<string, string>();
  const personCreated = new Set<string>();
  const personFailed = new Map<string, Failure>();
  {
    const withPerson = active.filter((p) => p.person);
    const creates = withPerson.filter((p) => p.person!.action === 'create');
    const updates = withPerson.filter((p) => p.person!.action === 'update');
    for (const p of withPerson) if (p.person!.action === 'noop' && p.person!.id) personIds.set(p.leadId, p.person!.id);
    await withIntents(states, creates.map((p) => ({ state: states.lead(p.leadId) ?? states.blankLead(p.leadId, now()), op: 'createPerson' as const, key: p.email ?? p.leadId })), now);
    const writes: CrmWrite[] = [
      ...creates.map((p) => ({ key: p.leadId, properties: p.person!.properties })),
      ...updates.map((p) => ({ key: p.leadId, id: p.person!.id!, properties: p.person!.properties })),
    ];
    const results = matchResults(writes, await call(() => adapter.writePersons(writes), writes), (w) => [w.key]);
    const byId = new Map(withPerson.map((p) => [p.leadId, p]));
    for (const [w, r] of results) {
      const p = byId.get(w.key);
      if (!p) continue;
      const id = r.id ?? p.person!.id;
      if (r.ok && id) {
        personIds.set(p.leadId, id);
        if (r.created ?? p.person!.action === 'create') {
          counters.created++;
          personCreated.add(p.leadId);
        } else counters.updated++;
      } else {
        const f = r.failure ?? fromInfo(r.error);
        personFailed.set(p.leadId, f);
        if (f.keepIntent) keptIntents.add(p.leadId);
        fail(p.leadId, '', f);
      }
    }
  }

  // Associations.
  progress('associations');
  const associated = new Set<string>();
  {
    const pairs = active
      .filter((p) => p.account && personIds.has(p.leadId) && accountIds.has(p.account.key))
      .filter((p) => p.associate || personCreated.has(p.leadId) || accountCreated.has(p.account!.key) || p.state?.personId !== personIds.get(p.leadId) || p.state?.accountId !== accountIds.get(p.account!.key))
      .map((p) => ({ key: p.leadId, personId: personIds.get(p.leadId)!, accountId: accountIds.get(p.account!.key)! }));
    for (const p of active) {
      if (p.account && personIds.has(p.leadId) && accountIds.has(p.account.key) && !pairs.some((x) => x.key === p.leadId)) associated.add(p.leadId);
    }
    const results = matchResults(pairs, await call(() => adapter.associate(pairs), pairs), (x) => [x.key]);
    for (const [x, r] of results) {
      if (r.ok) {
        associated.add(x.key);
        counters.associations++;
      } else fail(x.key, 'association', r.failure ?? fromInfo(r.error));
    }
  }

  // Activities (the draft), for leads whose person exists. Sent one CRM batch at a time, each batch's create
  // intents flushed just before it and its ids recorded just after, so a crash leaves at most one batch to look up.
  progress('activities');
  const activityIds = new Map<string, { id: string; version: string }>();
  {
    const todo = active.filter((p) => p.activity && personIds.has(p.leadId));
    const toCreate: LeadPlan[] = [];
    const recover = todo.filter((p) => p.activity!.recover);
    await pool(recover, 8, async (p) => {
      try {
        const id = await adapter.findActivity(p.activity!.key, personIds.get(p.leadId)!);
        if (id) activityIds.set(p.leadId, { id, version: p.activity!.version });
        else toCreate.push(p);
      } catch (err) {
        fail(p.leadId, 'activity lookup', infoOf(err));
        keptIntents.add(p.leadId);
      }
    });
    toCreate.push(...todo.filter((p) => !p.activity!.recover));
    const group = kind === 'hubspot' ? 100 : 200;
    for (let g = 0; g < toCreate.length; g += group) {
      const batch = toCreate.slice(g, g + group);
      await withIntents(states, batch.map((p) => ({ state: states.lead(p.leadId) ?? states.blankLead(p.leadId, now()), op: 'createActivity' as const, key: p.activity!.key })), now);
      const acts: CrmActivity[] = batch.map((p) => ({
        key: p.activity!.key,
        leadKey: p.leadId,
        personId: personIds.get(p.leadId)!,
        ...(p.account && accountIds.has(p.account.key) ? { accountId: accountIds.get(p.account.key)! } : {}),
        subject: p.activity!.subject,
        body: p.activity!.body,
        timestamp: now(),
      }));
      const byKey = new Map(batch.map((p) => [p.activity!.key, p]));
      const results = matchResults(acts, await call(() => adapter.logActivities(acts), acts), (a) => [a.key, a.leadKey]);
      const at = now();
      for (const [a, r] of results) {
        const p = byKey.get(a.key);
        if (!p) continue;
        const st = states.lead(p.leadId);
        if (r.ok && r.id) {
          activityIds.set(p.leadId, { id: r.id, version: p.activity!.version });
          counters.activities++;
          if (st) states.put({ ...st, activityId: r.id, activityVersion: p.activity!.version, intent: undefined, updatedAt: at });
        } else {
          const f = r.failure ?? fromInfo(r.error);
          fail(p.leadId, 'activity', f);
          if (f.keepIntent) keptIntents.add(p.leadId);
          else if (st) states.put({ ...st, intent: undefined, updatedAt: at });
        }
      }
    }
  }

  // Checkpoint every active lead.
  const at = now();
  for (const p of active) {
    const prev = states.lead(p.leadId) ?? p.state ?? states.blankLead(p.leadId, at);
    const personId = personIds.get(p.leadId) ?? (personFailed.has(p.leadId) ? prev.personId : undefined);
    const accountId = p.account ? (accountIds.get(p.account.key) ?? prev.accountId) : undefined;
    const act = activityIds.get(p.leadId);
    const f = errors.get(p.leadId);
    const next: CrmSyncState = {
      ...prev,
      personId,
      personObject: personId ? adapter.objects.person : undefined,
      accountId,
      associated: associated.has(p.leadId) || (!!prev.associated && prev.personId === personId && prev.accountId === accountId && !!personId),
      ...(act ? { activityId: act.id, activityVersion: act.version } : {}),
      // The intent stays only when a create call failed without an answer (it may have reached the CRM).
      intent: keptIntents.has(p.leadId) ? prev.intent : undefined,
      status: f ? 'failed' : 'synced',
      hash: f ? prev.hash : p.hash,
      error: f?.message,
      errorCode: f?.code,
      lastSyncedAt: f ? prev.lastSyncedAt : at,
      updatedAt: at,
    };
    states.put(next);
    const created = personCreated.has(p.leadId);
    outcomes.set(p.leadId, {
      status: f ? 'failed' : 'synced',
      created,
      ...(personId ? { personId } : {}),
      ...(accountId ? { accountId } : {}),
      ...(act ? { activityId: act.id } : {}),
      ...(f ? { message: f.message, ...(f.code ? { code: f.code } : {}) } : {}),
    });
  }
  await states.flush();
}

/** Failure of one write, with whether the intent must be kept (the call failed without an answer). */
type Result = CrmWriteResult & { failure?: Failure };

/**
 * Runs one adapter write call over `items`; a throw (after the request policy's retries) becomes one failed
 * result per item carrying the error and `keepIntent` (the CRM may have applied the write before the answer was
 * lost). No call is made for an empty list.
 */
async function call(fn: () => Promise<CrmWriteResult[]>, items: readonly { key: string }[]): Promise<Result[]> {
  if (items.length === 0) return [];
  try {
    return await fn();
  } catch (err) {
    const f = infoOf(err);
    return items.map((x) => ({ key: x.key, ok: false, failure: { ...f, keepIntent: true } }));
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Pairs each input item with its result: the result at the same index when its key is one of the item's keys
 * (adapters answer in input order), else the result carrying one of the item's keys; an item without a result gets
 * a failure ("no answer for this record"), with its intent kept.
 */
function matchResults<T>(items: readonly T[], results: Result[], keysOf: (t: T) => string[]): [T, Result][] {
  const byKey = new Map<string, Result>();
  for (const r of results) if (!byKey.has(r.key)) byKey.set(r.key, r);
  return items.map((item, i) => {
    const keys = keysOf(item);
    const same = results[i];
    const r = same && keys.includes(same.key) ? same : keys.map((k) => byKey.get(k)).find((x) => x !== undefined);
    return [item, r ?? { key: keys[0]!, ok: false, failure: { message: 'the CRM gave no answer for this record', keepIntent: true } }];
  });
}

/** Records a create intent on each state and makes them durable before the create is sent. */
async function withIntents(states: SyncStates, items: { state: CrmSyncState; op: 'createPerson' | 'createAccount' | 'createActivity'; key: string }[], now: () => string): Promise<void> {
  if (items.length === 0) return;
  const at = now();
  for (const x of items) states.put({ ...x.state, intent: { op: x.op, key: x.key, at }, updatedAt: at });
  await states.flush();
}

