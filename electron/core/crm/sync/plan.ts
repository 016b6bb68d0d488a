import type { CrmFieldInfo, CrmRole, CrmSyncState, FieldMappingEntry, SyncOp, SyncPreview } from '@shared/index';
import { sha1, stableStringify } from '../../pipeline/hash';
import { appValues, companyKeyOf, leadCompany, leadDomain, leadEmail, type AppValue, type SyncLeadInput } from '../mapping/app-fields';
import { customFieldSpecs, REQUIRED_ON_CREATE } from '../mapping/defaults';
import { formatValue } from '../mapping/format';
import { applyOverwritePolicies, type DesiredValue, type KeptField } from '../mapping/overwrite';
import { validateMapping } from '../mapping/validate';
import type { CrmRecord, CustomFieldSpec } from '../types';
import { FieldCache, type SyncContext } from './context';
import { leadLabel, loadProcessedLeads, type UnprocessedLead } from './inputs';
import { SyncStates } from './state';

/**
 * Sync planning: for each processed lead, the desired CRM values (mapping + formatting), the existing records
 * (sync-state ids first, else looked up by email / LeadForge lead id / domain), their current values, the
 * overwrite policies applied, and the resulting operations. Planning only reads (describeFields and lookups);
 * `planSync` is the dry-run preview and writes nothing, not even sync state.
 */

/** A planned person (contact / Lead / Contact) write. */
export interface PersonPlan {
  action: 'create' | 'update' | 'noop';
  id?: string;
  /** How the existing record was found. */
  matchedBy?: 'state' | 'email' | 'leadId';
  properties: Record<string, string>;
  kept: KeptField[];
}

/** A planned company (HubSpot company / Salesforce Account) write, shared by the leads at that company. */
export interface AccountPlan {
  key: string;
  label: string;
  domain?: string;
  state?: CrmSyncState;
  /** Hash of the account values of the lead that planned it. */
  hash: string;
  action: 'create' | 'update' | 'noop';
  id?: string;
  matchedBy?: 'state' | 'domain';
  properties: Record<string, string>;
  kept: KeptField[];
  /** Leads (of this chunk) at this company. */
  leads: LeadPlan[];
}

/** The draft to log as an activity. `key` = `leadforge:<leadId>:<version>`; `version` = hash of subject + body. */
export interface ActivityPlan {
  key: string;
  version: string;
  subject: string;
  body: string;
  /** A previous sync recorded the intent to create this very activity: look it up before creating it. */
  recover: boolean;
}

/** Everything planned for one lead. */
export interface LeadPlan {
  input: SyncLeadInput;
  leadId: string;
  label: string;
  email?: string;
  companyKey?: string;
  state?: CrmSyncState;
  /** Hash of the person values, the account values and the company key this lead contributes (+ mapping). */
  hash: string;
  /** Set when nothing changed since the last successful sync: no request at all. */
  unchanged?: string;
  /** Set when the lead is not synced (no person and no company, duplicate email…). */
  skip?: string;
  /** Why no person record is written (the account may still be). */
  noPerson?: string;
  person?: PersonPlan;
  account?: AccountPlan;
  /** Whether to associate person and account in this sync. */
  associate: boolean;
  activity?: ActivityPlan;
}

/** A planned chunk of leads. */
export interface Plan {
  leads: LeadPlan[];
  accounts: AccountPlan[];
  /** Mapping entries not synced because the CRM refuses them (missing / read-only field, type mismatch…). */
  excluded: { entry: FieldMappingEntry; message: string }[];
  /** LeadForge custom fields the mapping uses (ensureSchema runs once per connection before the first write). */
  specs: CustomFieldSpec[];
  /** Those of them the CRM does not have yet. */
  missingSpecs: CustomFieldSpec[];
}

/**
 * Leads planned and written per chunk: 10 HubSpot batches (5 Salesforce). Chunks run one after the other (a later
 * chunk sees the companies an earlier one created); bigger chunks mean fewer lookup → write round trips.
 */
export const DEFAULT_CHUNK = 1000;

/** CRM label for reasons ("HubSpot has a value …"). */
export const crmLabel = (kind: 'hubspot' | 'salesforce') => (kind === 'hubspot' ? 'HubSpot' : 'Salesforce');

/** A CrmFieldInfo standing in for a custom field ensureSchema will create (so values are formatted as it will be). */
export function specAsField(s: CustomFieldSpec): CrmFieldInfo {
  return {
    role: s.role,
    name: s.name,
    label: s.label,
    type: s.type === 'enumeration' ? 'enumeration' : s.type,
    writable: true,
    unique: s.unique ?? false,
    custom: true,
    ...(s.options ? { options: [...s.options] } : {}),
  };
}

/** The draft's version (hash of subject and body): the activity is logged again only when the draft changed. */
export function draftVersion(subject: string, body: string): string {
  return sha1(`${subject}\n${body}`).slice(0, 16);
}

/** Idempotency key of a lead's draft activity. */
export function activityKey(leadId: string, version: string): string {
  return `leadforge:${leadId}:${version}`;
}

const hasName = (v: Record<string, AppValue>) => ['firstName', 'lastName', 'fullName'].some((k) => v[k] !== undefined);

function pick(values: Record<string, AppValue>, names: Iterable<string>): Record<string, AppValue> {
  const out: Record<string, AppValue> = {};
  for (const n of names) if (values[n] !== undefined) out[n] = values[n];
  return out;
}

/** The app fields a role's writes read: mapped fields plus the required-field fallbacks of its object. */
function usedAppFields(entries: FieldMappingEntry[], object: string | undefined): Set<string> {
  const names = new Set(entries.map((x) => x.appField));
  for (const chain of Object.values(REQUIRED_ON_CREATE[object ?? ''] ?? {})) for (const c of chain) if (!c.startsWith('=')) names.add(c);
  return names;
}

interface RoleSetup {
  role: CrmRole;
  object: string;
  entries: FieldMappingEntry[];
  fields: Map<string, CrmFieldInfo>;
  readProps: string[];
  used: Set<string>;
}

/**
 * Computes the desired (formatted) values of one record: every mapped app value the lead has, formatted for the
 * CRM field; values that cannot be written are `kept` with the reason. Required fields of the object are filled
 * from their fallback chain on create.
 */
function desiredValues(setup: RoleSetup, values: Record<string, AppValue>, create: boolean): { desired: DesiredValue[]; kept: KeptField[] } {
  const desired: DesiredValue[] = [];
  const kept: KeptField[] = [];
  for (const entry of setup.entries) {
    const v = values[entry.appField];
    if (v === undefined) continue;
    const f = formatValue(v, setup.fields.get(entry.crmField));
    if (f.ok) desired.push({ crmField: entry.crmField, value: f.value, policy: entry.policy });
    else kept.push({ crmField: entry.crmField, reason: f.reason });
  }
  if (create) {
    for (const [crmField, chain] of Object.entries(REQUIRED_ON_CREATE[setup.object] ?? {})) {
      if (desired.some((d) => d.crmField === crmField)) continue;
      for (const c of chain) {
        const raw = c.startsWith('=') ? c.slice(1) : values[c];
        if (raw === undefined) continue;
        const f = formatValue(raw, setup.fields.get(crmField));
        if (f.ok && f.value.trim()) {
          desired.push({ crmField, value: f.value, policy: 'if_empty' });
          break;
        }
      }
    }
  }
  return { desired, kept };
}

/**
 * Plans one chunk of leads. Input: the sync context, the leads (processed), their states. Output: {@link Plan}.
 * Requests: describeFields (cached), then for changed leads only: getRecords by stored ids, findPersonsByEmail,
 * findPersonsByLeadId (leads with a recorded create intent), findAccountsByDomain. Nothing is written.
 * @throws CrmError when a lookup fails after the request policy's retries
 */
export async function buildPlan(ctx: SyncContext, inputs: SyncLeadInput[]): Promise<Plan> {
  const { adapter, kind } = ctx;
  const objects = adapter.objects;
  const states = new SyncStates(ctx.store, kind);
  const cache = ctx.fields ?? new FieldCache(adapter);
  // Companies are written only when the CRM mode has them AND the mapping maps at least one company field.
  const roles: CrmRole[] = objects.account && ctx.mapping.some((x) => x.role === 'account') ? ['person', 'account'] : ['person'];
  const mapping = ctx.mapping.filter((x) => roles.includes(x.role));
  const specs = customFieldSpecs(kind, mapping);
  const entriesOf = (role: CrmRole) => mapping.filter((x) => x.role === role);

  // While the leads are hashed, fetch the field metadata when some lead surely needs a write (never synced or
  // failed last time); when every lead was synced, wait: an unchanged chunk must make no request at all.
  if (inputs.some((i) => states.lead(i.lead.id)?.status !== 'synced')) void Promise.all(roles.map((r) => cache.fields(r))).catch(() => undefined);

  // 1. Offline: values, hashes, unchanged leads (no request needed for them).
  const plans: LeadPlan[] = [];
  const valuesOf = new Map<string, Record<string, AppValue>>();
  const seenEmails = new Map<string, string>();
  const accountHash = new Map<string, string>();
  for (const input of inputs) {
    const values = appValues(input);
    const leadId = input.lead.id;
    valuesOf.set(leadId, values);
    const state = states.lead(leadId);
    const email = leadEmail(input);
    const companyKey = roles.includes('account') ? companyKeyOf(input) : undefined;
    const pHash = sha1(stableStringify({ o: objects.person, m: entriesOf('person'), v: pick(values, usedAppFields(entriesOf('person'), objects.person)) }));
    const aHash = companyKey ? sha1(stableStringify({ o: objects.account, m: entriesOf('account'), v: pick(values, usedAppFields(entriesOf('account'), objects.account)) })) : '';
    const hash = sha1(`${pHash}\n${aHash}\n${companyKey ?? ''}`);
    const plan: LeadPlan = { input, leadId, label: leadLabel({ ...input.lead, email: input.lead.email ?? email, company: leadCompany(input) }), hash, associate: false, ...(email ? { email } : {}), ...(companyKey ? { companyKey } : {}), ...(state ? { state } : {}) };
    if (companyKey) accountHash.set(leadId, aHash);
    const wantsPerson = kind === 'salesforce' && objects.person === 'Lead' ? true : !!email || hasName(values);
    const q = input.queueItem;
    if (ctx.logActivities && wantsPerson && q && q.status !== 'rejected') {
      const version = draftVersion(q.draft.subject, q.draft.body);
      const key = activityKey(leadId, version);
      if (state?.activityVersion !== version || !state.activityId) {
        plan.activity = { key, version, subject: q.draft.subject, body: q.draft.body, recover: state?.intent?.op === 'createActivity' && state.intent.key === key };
      }
    }
    if (!wantsPerson) plan.noPerson = 'the lead names no person (no email, no name)';
    if (!wantsPerson && !companyKey) plan.skip = 'nothing to write: no person and no company';
    if (email && wantsPerson) {
      const other = seenEmails.get(email);
      if (other) plan.skip = `same email as lead ${other}: synced once`;
      else seenEmails.set(email, leadId);
    }
    if (!plan.skip && state && isUnchanged(plan, state, states, objects.person)) plan.unchanged = 'unchanged since the last sync';
    plans.push(plan);
  }
  const active = plans.filter((p) => !p.skip && !p.unchanged);
  if (active.length === 0) return { leads: plans, accounts: [], excluded: [], specs, missingSpecs: [] };

  // 2. Field metadata and the mapping in effect.
  const setups = new Map<CrmRole, RoleSetup>();
  const excluded: Plan['excluded'] = [];
  const described: CrmFieldInfo[] = [];
  for (const role of roles) described.push(...(await cache.fields(role)));
  const creatable = new Set(kind === 'hubspot' ? specs.map((s) => s.name) : []);
  const issues = validateMapping(mapping, { kind, fields: described, roles, creatable });
  for (const role of roles) {
    const fields = new Map(described.filter((f) => f.role === role).map((f) => [f.name, f]));
    for (const s of specs) if (s.role === role && !fields.has(s.name) && creatable.has(s.name)) fields.set(s.name, specAsField(s));
    const entries: FieldMappingEntry[] = [];
    mapping.forEach((entry, i) => {
      if (entry.role !== role) return;
      const err = issues.find((x) => x.index === i && x.severity === 'error');
      if (err) excluded.push({ entry, message: err.message });
      else entries.push(entry);
    });
    const object = role === 'person' ? objects.person : objects.account!;
    const required = Object.keys(REQUIRED_ON_CREATE[object] ?? {});
    const readProps = [...new Set([...entries.map((x) => x.crmField), ...required])];
    setups.set(role, { role, object, entries, fields, readProps, used: usedAppFields(entries, object) });
  }
  const person = setups.get('person')!;
  const account = setups.get('account');

  // 3. Accounts to plan: one per company key among changed leads (the first lead's values).
  const accounts = new Map<string, AccountPlan>();
  if (account) {
    for (const p of active) {
      if (!p.companyKey) continue;
      let a = accounts.get(p.companyKey);
      if (!a) {
        const st = states.account(p.companyKey);
        const domain = leadDomain(p.input);
        a = { key: p.companyKey, label: leadCompany(p.input) ?? domain ?? p.companyKey, hash: accountHash.get(p.leadId)!, action: 'noop', properties: {}, kept: [], leads: [], ...(domain ? { domain } : {}), ...(st ? { state: st } : {}) };
        accounts.set(p.companyKey, a);
      }
      a.leads.push(p);
      p.account = a;
    }
  }

  // 4. Lookups (persons and accounts in parallel).
  const personNeeds = active.filter((p) => !p.noPerson);
  const [personFound, accountFound] = await Promise.all([
    lookupPersons(ctx, person, personNeeds),
    account ? lookupAccounts(ctx, account, [...accounts.values()]) : Promise.resolve(new Map<string, { record: CrmRecord; by: 'state' | 'domain' }>()),
  ]);

  // 5. Desired values, policies, operations.
  const label = crmLabel(kind);
  for (const a of accounts.values()) {
    const first = a.leads[0]!;
    const values = valuesOf.get(first.leadId)!;
    const hit = accountFound.get(a.key);
    const unchangedAccount = a.state?.status === 'synced' && !a.state.intent && a.state.accountId && a.state.hash === a.hash && hit?.by === 'state';
    const { desired, kept } = desiredValues(account!, values, !hit);
    if (!hit) {
      a.action = 'create';
      a.properties = Object.fromEntries(desired.map((d) => [d.crmField, d.value]));
      a.kept = kept;
      continue;
    }
    a.id = hit.record.id;
    a.matchedBy = hit.by;
    if (unchangedAccount) continue;
    const r = applyOverwritePolicies(desired, hit.record.properties, account!.fields, label);
    a.properties = r.properties;
    a.kept = [...kept, ...r.kept];
    a.action = Object.keys(r.properties).length ? 'update' : 'noop';
  }
  for (const p of personNeeds) {
    const values = valuesOf.get(p.leadId)!;
    const hit = personFound.get(p.leadId);
    const { desired, kept } = desiredValues(person, values, !hit);
    if (!hit) {
      p.person = { action: 'create', properties: Object.fromEntries(desired.map((d) => [d.crmField, d.value])), kept };
    } else {
      const r = applyOverwritePolicies(desired, hit.record.properties, person.fields, label);
      p.person = { action: Object.keys(r.properties).length ? 'update' : 'noop', id: hit.record.id, matchedBy: hit.by, properties: r.properties, kept: [...kept, ...r.kept] };
    }
  }
  for (const p of active) {
    if (!p.person || !p.account) continue;
    const sameIds = p.state?.associated && p.state.personId === p.person.id && p.state.accountId === p.account.id && p.person.id !== undefined;
    p.associate = !sameIds;
  }
  const missingSpecs = specs.filter((sp) => !described.some((f) => f.role === sp.role && f.name === sp.name));
  return { leads: plans, accounts: [...accounts.values()], excluded, specs, missingSpecs };
}

/** True when the lead, its company and its draft are exactly as last synced (no request needed). */
function isUnchanged(plan: LeadPlan, state: CrmSyncState, states: SyncStates, personObject: string): boolean {
  if (state.status !== 'synced' || state.intent || state.hash !== plan.hash) return false;
  if (!plan.noPerson && (!state.personId || state.personObject !== personObject)) return false;
  if (plan.activity) return false;
  if (plan.companyKey) {
    const a = states.account(plan.companyKey);
    if (!a || a.status !== 'synced' || a.intent || !a.accountId || a.accountId !== state.accountId) return false;
    if (!plan.noPerson && !state.associated) return false;
  }
  return true;
}

async function lookupPersons(ctx: SyncContext, setup: RoleSetup, plans: LeadPlan[]): Promise<Map<string, { record: CrmRecord; by: 'state' | 'email' | 'leadId' }>> {
  const { adapter } = ctx;
  const found = new Map<string, { record: CrmRecord; by: 'state' | 'email' | 'leadId' }>();
  const byId = plans.filter((p) => p.state?.personId && p.state.personObject === setup.object);
  if (byId.length) {
    const records = await adapter.getRecords('person', byId.map((p) => p.state!.personId!), setup.readProps);
    for (const p of byId) {
      const r = records.get(p.state!.personId!);
      if (r) found.set(p.leadId, { record: r, by: 'state' });
    }
  }
  const byEmail = plans.filter((p) => !found.has(p.leadId) && p.email);
  if (byEmail.length) {
    const records = await adapter.findPersonsByEmail(byEmail.map((p) => p.email!), setup.readProps);
    for (const p of byEmail) {
      const r = records.get(p.email!);
      if (r) found.set(p.leadId, { record: r, by: 'email' });
    }
  }
  // A create that may have reached the CRM before a crash: find it by the lead id LeadForge wrote with it.
  const byLeadId = plans.filter((p) => !found.has(p.leadId) && p.state?.intent?.op === 'createPerson');
  if (byLeadId.length) {
    const records = await adapter.findPersonsByLeadId(byLeadId.map((p) => p.leadId), setup.readProps);
    for (const p of byLeadId) {
      const r = records.get(p.leadId);
      if (r) found.set(p.leadId, { record: r, by: 'leadId' });
    }
  }
  return found;
}

async function lookupAccounts(ctx: SyncContext, setup: RoleSetup, accounts: AccountPlan[]): Promise<Map<string, { record: CrmRecord; by: 'state' | 'domain' }>> {
  const { adapter } = ctx;
  const found = new Map<string, { record: CrmRecord; by: 'state' | 'domain' }>();
  const byId = accounts.filter((a) => a.state?.accountId);
  if (byId.length) {
    const records = await adapter.getRecords('account', byId.map((a) => a.state!.accountId!), setup.readProps);
    for (const a of byId) {
      const r = records.get(a.state!.accountId!);
      if (r) found.set(a.key, { record: r, by: 'state' });
    }
  }
  const byDomain = accounts.filter((a) => !found.has(a.key) && a.domain);
  if (byDomain.length) {
    const records = await adapter.findAccountsByDomain([...new Set(byDomain.map((a) => a.domain!))], setup.readProps);
    for (const a of byDomain) {
      const r = records.get(a.domain!);
      if (r) found.set(a.key, { record: r, by: 'domain' });
    }
  }
  return found;
}

/**
 * The preview operations of a plan, per lead in input order: the company (once, under the first lead at it),
 * the person, the association, the draft activity; `noop` for unchanged leads/records, `skip` with the reason.
 * Excluded mapping entries are listed in `kept` of every person/account op of their role.
 */
export function planOps(objects: { person: string; account?: string; activity: string }, plan: Plan): SyncOp[] {
  const ops: SyncOp[] = [];
  const excludedKept = (role: CrmRole) => plan.excluded.filter((x) => x.entry.role === role).map((x) => ({ crmField: x.entry.crmField, reason: `not synced: ${x.message}` }));
  const emitted = new Set<string>();
  for (const p of plan.leads) {
    const base = { leadId: p.leadId, label: p.label };
    if (p.skip) {
      ops.push({ ...base, action: 'skip', role: 'person', object: objects.person, properties: {}, kept: [], reason: p.skip });
      continue;
    }
    if (p.unchanged) {
      ops.push({ ...base, action: 'noop', role: 'person', object: objects.person, properties: {}, kept: [], reason: p.unchanged, ...(p.state?.personId ? { crmId: p.state.personId } : {}) });
      continue;
    }
    const a = p.account;
    if (a && !emitted.has(a.key)) {
      emitted.add(a.key);
      ops.push({
        ...base, label: a.label, action: a.action, role: 'account', object: objects.account!, properties: a.properties, kept: [...a.kept, ...excludedKept('account')],
        ...(a.id ? { crmId: a.id } : {}),
        ...(a.action === 'noop' ? { reason: 'the company is up to date' } : a.matchedBy === 'domain' ? { reason: `existing company found by domain ${a.domain}` } : {}),
      });
    }
    if (p.person) {
      ops.push({
        ...base, action: p.person.action, role: 'person', object: objects.person, properties: p.person.properties, kept: [...p.person.kept, ...excludedKept('person')],
        ...(p.person.id ? { crmId: p.person.id } : {}),
        ...(p.person.action === 'noop' ? { reason: 'nothing to change (values equal or kept by overwrite policies)' } : p.person.matchedBy === 'email' ? { reason: `existing record found by email ${p.email}` } : p.person.matchedBy === 'leadId' ? { reason: 'found by LeadForge lead id (resuming an interrupted sync)' } : {}),
      });
    } else if (p.noPerson) {
      ops.push({ ...base, action: 'skip', role: 'person', object: objects.person, properties: {}, kept: [], reason: p.noPerson });
    }
    if (p.associate && a) {
      ops.push({ ...base, action: 'associate', role: 'association', object: `${objects.person}→${objects.account}`, properties: {}, kept: [], ...(a.id ? { crmId: a.id } : {}), reason: `link to ${a.label}` });
    }
    if (p.activity) {
      ops.push({ ...base, action: 'activity', role: 'activity', object: objects.activity, properties: { subject: p.activity.subject }, kept: [], reason: p.state?.activityId ? 'the draft changed since it was logged' : 'log the draft' });
    }
  }
  return ops;
}

/** Counts ops by action. */
export function countOps(ops: readonly SyncOp[]): SyncPreview['counts'] {
  const counts = { create: 0, update: 0, associate: 0, activity: 0, noop: 0, skip: 0 };
  for (const o of ops) counts[o.action]++;
  return counts;
}

/**
 * The dry-run sync preview: the exact creates, updates, associations and activities a sync would make now.
 * Input: the sync context and optional lead ids (default: every processed lead). Output: {@link SyncPreview}
 * (`leads` = leads considered; requested leads that are not processed yet appear as `skip` ops).
 * Writes nothing: no CRM write, no ensureSchema, no sync state.
 * @throws CrmError when describeFields or a lookup fails after the request policy's retries
 */
export async function planSync(ctx: SyncContext, leadIds?: readonly string[]): Promise<SyncPreview> {
  const { ready, unprocessed } = loadProcessedLeads(ctx.store, leadIds);
  const ops: SyncOp[] = [];
  const size = ctx.chunkSize ?? DEFAULT_CHUNK;
  const cache = ctx.fields ?? new FieldCache(ctx.adapter);
  for (let i = 0; i < ready.length; i += size) {
    const plan = await buildPlan({ ...ctx, fields: cache }, ready.slice(i, i + size));
    ops.push(...planOps(ctx.adapter.objects, plan));
  }
  ops.push(...unprocessedOps(ctx.adapter.objects.person, unprocessed));
  return { kind: ctx.kind, leads: ready.length + unprocessed.length, ops, counts: countOps(ops), generatedAt: (ctx.now?.() ?? new Date()).toISOString() };
}

/** `skip` ops for leads that cannot be synced yet. */
export function unprocessedOps(personObject: string, unprocessed: readonly UnprocessedLead[]): SyncOp[] {
  return unprocessed.map((u) => ({ leadId: u.leadId, label: u.label, action: 'skip' as const, role: 'person' as const, object: personObject, properties: {}, kept: [], reason: u.reason }));
}
