import type {
  ImportPreview, IpcEventName, IpcEventPayload, LeadforgeBridge, LeadRow, OutboxEntry, QueueEntry, QueueFilter, ReviewCounts, ReviewItem,
  RunSummary, TaskDelta,
} from '@shared/ipc';
import { LEAD_PAGE_DEFAULT, statusAt } from '@shared/ipc';
import type { ColumnMapping } from '@shared/domain/lead';
import type { CrmConnection, CrmFieldInfo, CrmKind, CrmSyncState, FieldMappingEntry, SyncOp } from '@shared/domain/crm';
import type { Settings } from '@shared/domain/settings';
import {
  STAGES, fixtureLead, leadDetail, leadRow, queueEntry, reviewItem, runSummary, type FixtureLead,
} from './fixtures';
import type { MockSeed } from './seed';

/**
 * A stateful, in-page stand-in for `window.leadforge` (the preload's bridge) for the renderer's screenshot
 * harness: every channel of shared/ipc answers with realistic data after a short delay, responses are copied
 * (structuredClone) like IPC does, and a 10k-lead run streams `pipeline:*` events. Not used by the real app.
 */

type Listener = (payload: unknown) => void;
const STREAM_RUN = 'run-stream';
const DONE_RUN = 'run-startups';

function remoteError(channel: string, message: string): Error {
  return new Error(`Error invoking remote method '${channel}': Error: ${message}`);
}

export function createMockBridge(seed: MockSeed, previewFn?: (path: string, mapping?: ColumnMapping) => Promise<ImportPreview>): LeadforgeBridge {
  const listeners = new Map<string, Set<Listener>>();
  const emit = <E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => {
    for (const l of listeners.get(event) ?? []) l(structuredClone(payload));
  };
  const reply = <T>(value: T, ms = 2): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(structuredClone(value)), ms));
  const fail = (channel: string, message: string, ms = 30): Promise<never> =>
    new Promise((_, reject) => setTimeout(() => reject(remoteError(channel, message)), ms));

  let settings: Settings = structuredClone(seed.settings);
  const full = seed.scenario === 'full';
  const fixtures: FixtureLead[] = [];
  const fx = (i: number) => (fixtures[i] ??= fixtureLead(seed.companies, i));

  // ---- review queue ---------------------------------------------------------------------------------------
  const entries = new Map<string, OutboxEntry>();
  const order: string[] = [];
  const indexOf = new Map<string, number>();
  if (full) {
    for (let i = 0; order.length < seed.queueSize; i++) {
      if (!fx(i).qualified) continue;
      const e = queueEntry(fx(i));
      entries.set(e.id, e);
      order.push(e.id);
      indexOf.set(e.id, i);
    }
  }
  const edits = new Map<string, { subject: string; body: string }>();
  const riskSort = (a: OutboxEntry, b: OutboxEntry) => {
    const rank = (e: OutboxEntry) => (e.status === 'flagged' ? 0 : e.status === 'pending' ? 1 : 2);
    return rank(a) - rank(b) || a.confidence - b.confidence || a.id.localeCompare(b.id);
  };
  const matches = (e: OutboxEntry, f: QueueFilter = {}) =>
    (!f.status?.length || f.status.includes(e.status))
    && (!f.labels?.length || f.labels.includes(e.label))
    && (f.minScore === undefined || e.score >= f.minScore)
    && (f.maxScore === undefined || e.score <= f.maxScore)
    && (!f.text || `${e.name} ${e.company} ${e.subject}`.toLowerCase().includes(f.text.toLowerCase()));
  const item = (id: string): ReviewItem => {
    const e = entries.get(id);
    const i = indexOf.get(id);
    if (!e || i === undefined) throw remoteError('review:get', `No draft ${id}`);
    const it = reviewItem(fx(i), settings, e, DONE_RUN);
    const ed = edits.get(id);
    if (ed) {
      it.originalDraft = { ...it.draft };
      it.draft = { ...it.draft, ...ed };
    }
    return it;
  };
  const counts = (): ReviewCounts => {
    const c: ReviewCounts = { pending: 0, flagged: 0, approved: 0, rejected: 0 };
    for (const e of entries.values()) c[e.status]++;
    return c;
  };
  /** The list entry (only the fields review:list sends). */
  const listEntry = ({ email: _e, updatedAt: _u, decidedAt: _d, ...e }: OutboxEntry): QueueEntry => e;
  const change = (id: string, patch: Partial<OutboxEntry>) => {
    const e = entries.get(id);
    if (!e) throw remoteError('review', `No draft ${id}`);
    entries.set(id, { ...e, ...patch, updatedAt: new Date().toISOString() });
    emit('review:changed', { ids: [id], counts: counts() });
  };

  // ---- runs -----------------------------------------------------------------------------------------------
  const streamTotal = seed.streamLeads;
  let cursor = Math.round(streamTotal * 0.18);
  let streamStatus: RunSummary['status'] = 'running';
  const streamStarted = Date.now() - 42_000;
  const failedEvery = 97;
  const stateOf = (i: number, runId: string): 'done' | 'running' | 'pending' | 'failed' => {
    if (runId === DONE_RUN) return i % 131 === 5 ? 'failed' : 'done';
    if (i < cursor) return i % failedEvery === 13 ? 'failed' : 'done';
    if (i < cursor + 40 && streamStatus === 'running') return 'running';
    return 'pending';
  };
  const summaries = (): RunSummary[] => {
    if (!full) return [];
    const doneFailed = Math.floor(688 / 131);
    const streamFailed = Math.floor(cursor / failedEvery);
    const elapsed = Date.now() - streamStarted;
    return [
      runSummary({
        id: STREAM_RUN, label: 'companies_with_domain.csv', status: streamStatus, total: streamTotal, done: cursor - streamFailed,
        running: streamStatus === 'running' ? 40 : 0, failed: streamFailed, skippedDraft: Math.round(cursor * 0.28),
        createdMinutesAgo: 1, elapsedMs: elapsed, leadsPerSec: streamStatus === 'running' ? cursor / (elapsed / 1000) : 0,
      }),
      runSummary({
        id: DONE_RUN, label: 'Startups.csv', status: 'done', total: 688, done: 688 - doneFailed, running: 0, failed: doneFailed,
        skippedDraft: 194, createdMinutesAgo: 95, elapsedMs: 1900, leadsPerSec: 0,
      }),
    ];
  };

  if (full && seed.stream) {
    const step = Math.max(1, Math.round(streamTotal / 90));
    const tick = () => {
      if (streamStatus !== 'running') return;
      const from = cursor;
      cursor = Math.min(streamTotal, cursor + step);
      const deltas: TaskDelta[] = [];
      for (let i = from; i < Math.min(streamTotal, cursor + 40); i++) {
        const l = fx(i);
        const row = leadRow(l, stateOf(i, STREAM_RUN));
        STAGES.forEach((s, k) => {
          const status = statusAt(row.statuses, k);
          deltas.push({ runId: STREAM_RUN, leadId: l.id, stage: s, status, durationMs: row.durationsMs[k] ?? undefined, error: status === 'failed' ? 'queryMx ESERVFAIL' : undefined });
        });
      }
      if (cursor >= streamTotal) streamStatus = 'done';
      emit('pipeline:tasks', deltas);
      emit('pipeline:progress', summaries());
      if (Math.random() < 0.3) emit('review:changed', { ids: [order[Math.floor(Math.random() * Math.max(1, order.length))] ?? 'none'], counts: counts() });
    };
    setInterval(tick, 250);
  }

  // ---- CRM ------------------------------------------------------------------------------------------------
  const connections: Record<CrmKind, CrmConnection> = {
    hubspot: full
      ? { kind: 'hubspot', connected: true, authType: 'token', account: 'Portal 8675309 · acme-sales', baseUrl: 'https://api.hubapi.com', lastTestedAt: new Date(Date.now() - 3_600_000).toISOString(), lastSyncAt: new Date(Date.now() - 1_800_000).toISOString() }
      : { kind: 'hubspot', connected: false },
    salesforce: { kind: 'salesforce', connected: false },
  };
  const hubspotFields: CrmFieldInfo[] = [
    ...['email', 'firstname', 'lastname', 'jobtitle', 'phone', 'company', 'website', 'city', 'country', 'industry', 'lifecyclestage', 'hs_lead_status', 'leadforge_score', 'leadforge_score_reasons', 'leadforge_classification'].map((name) => ({
      role: 'person' as const, name, label: name.replace(/^leadforge_/, 'LeadForge ').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), type: name.includes('score') && !name.includes('reasons') ? 'number' : 'string', writable: name !== 'hs_lead_status' || true, unique: name === 'email', custom: name.startsWith('leadforge'),
    })),
    { role: 'person', name: 'hs_object_id', label: 'Record ID', type: 'number', writable: false, unique: true, custom: false },
    ...['name', 'domain', 'industry', 'city', 'country', 'numberofemployees', 'total_money_raised', 'description', 'leadforge_score'].map((name) => ({
      role: 'account' as const, name, label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), type: name === 'numberofemployees' ? 'number' : 'string', writable: true, unique: false, custom: name.startsWith('leadforge'),
    })),
  ];
  let hubspotMapping: FieldMappingEntry[] = [
    { appField: 'email', role: 'person', crmField: 'email', policy: 'always' },
    { appField: 'firstName', role: 'person', crmField: 'firstname', policy: 'if_empty' },
    { appField: 'lastName', role: 'person', crmField: 'lastname', policy: 'if_empty' },
    { appField: 'title', role: 'person', crmField: 'jobtitle', policy: 'if_empty' },
    { appField: 'score', role: 'person', crmField: 'leadforge_score', policy: 'always' },
    { appField: 'scoreReasons', role: 'person', crmField: 'leadforge_score_reasons', policy: 'always' },
    { appField: 'classification', role: 'person', crmField: 'leadforge_classification', policy: 'always' },
    { appField: 'company', role: 'account', crmField: 'name', policy: 'if_empty' },
    { appField: 'domain', role: 'account', crmField: 'domain', policy: 'never' },
    { appField: 'industry', role: 'account', crmField: 'industry', policy: 'if_empty' },
    { appField: 'employees', role: 'account', crmField: 'numberofemployees', policy: 'if_empty' },
  ];
  const appFields = ['email', 'firstName', 'lastName', 'fullName', 'title', 'seniority', 'company', 'domain', 'website', 'industry', 'categories', 'city', 'country', 'employees', 'fundingUsd', 'score', 'scoreReasons', 'classification', 'classificationConfidence', 'emailType', 'leadId'];
  const crmGuard = (channel: string) => (seed.crmBroken ? fail(channel, `No handler registered for '${channel}'`) : null);

  const leadStates = (kind: CrmKind): (CrmSyncState & { label: string })[] => {
    if (kind !== 'hubspot' || !full) return [];
    return Array.from({ length: 480 }, (_, i) => {
      const l = fx(i);
      const failed = i % 37 === 4;
      return {
        id: `hubspot:${l.id}`, kind: 'hubspot' as const, leadId: l.id, label: `${l.name} · ${l.company.company}`,
        status: failed ? 'failed' as const : 'synced' as const,
        personId: failed ? undefined : String(51_000 + i * 7), personObject: 'contacts', accountId: failed ? undefined : String(9_800_000 + i), associated: !failed,
        error: failed ? `Property values were not valid: [{"isValid":false,"message":"${l.email ?? 'email'} is not a valid email address","error":"INVALID_EMAIL","name":"email"}]` : undefined,
        errorCode: failed ? 'VALIDATION_ERROR' : undefined,
        lastSyncedAt: new Date(Date.now() - 1_800_000).toISOString(), updatedAt: new Date().toISOString(),
      };
    });
  };

  // ---- import ---------------------------------------------------------------------------------------------
  let lastMapping: ColumnMapping | undefined;

  const bridge: LeadforgeBridge = {
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => set.delete(listener as Listener);
    },
    pathForFile: (file) => `/home/rep/Downloads/${(file as { name?: string }).name ?? 'list.csv'}`,

    appInfo: () => reply({ name: 'LeadForge', version: '0.1.0', dataDir: '/home/rep/.config/leadforge', platform: 'linux' }),
    importPickFile: () => reply({ path: seed.pickPath }, 50),
    importPreview: async (req) => {
      lastMapping = req.mapping;
      if (previewFn) return structuredClone(await previewFn(req.path, req.mapping));
      return reply({ ...seed.preview, mapping: { ...seed.preview.mapping, ...(req.mapping ?? {}) } }, 120);
    },
    importRun: (req) => reply({
      importId: 'imp-startups', file: req.path, rows: 688, imported: 683, duplicates: 3,
      rejected: [
        { row: 214, field: 'company', reason: 'No company, email or name: nothing identifies this lead' },
        { row: 519, field: 'company', reason: 'No company, email or name: nothing identifies this lead' },
      ],
      warnings: Array.from({ length: lastMapping ? 12 : 40 }, (_, i) => ({ row: 3 + i * 17, field: 'website', reason: `Website “http//${seed.companies[i % seed.companies.length].company.toLowerCase()}” is not a URL: kept in extra, domain not set` })),
      leadCount: 686,
    }, 400),
    importExportErrors: () => reply({ saved: true, path: '/home/rep/Downloads/Startups-errors.csv' }, 200),

    runsStart: () => reply({ runId: STREAM_RUN }, 100),
    runsList: () => reply(summaries(), 20),
    runsControl: (req) => {
      if (req.runId === STREAM_RUN) {
        if (req.action === 'pause') streamStatus = 'paused';
        else if (req.action === 'resume') streamStatus = 'running';
        else if (req.action === 'cancel') streamStatus = 'cancelled';
      }
      const s = summaries().find((r) => r.id === req.runId);
      if (!s) return fail('runs:control', `No run ${req.runId}`);
      emit('pipeline:progress', summaries());
      return reply(s, 60);
    },
    runsLeads: (req) => {
      const total = req.runId === STREAM_RUN ? streamTotal : 688;
      const offset = Math.min(req.offset ?? 0, total);
      const end = Math.min(total, offset + (req.limit ?? LEAD_PAGE_DEFAULT));
      const rows: LeadRow[] = [];
      for (let i = offset; i < end; i++) rows.push(leadRow(fx(i), stateOf(i, req.runId)));
      return reply({ runId: req.runId, stages: STAGES, total, offset, rows }, 30);
    },
    leadsDetail: (req) => {
      const i = Number(req.leadId.replace('lead-', '')) - 1;
      return reply(leadDetail(fx(i), req.runId ?? DONE_RUN, stateOf(i, req.runId ?? DONE_RUN)), 40);
    },

    reviewList: (req) => {
      const all = order.map((id) => entries.get(id)!).filter((e) => matches(e, req.filter)).sort(riskSort);
      const offset = Math.min(req.offset ?? 0, all.length);
      const page = all.slice(offset, req.limit === undefined ? undefined : offset + req.limit);
      return reply({ total: all.length, offset, entries: page.map(listEntry) }, 5);
    },
    reviewCounts: () => reply(counts(), 2),
    reviewGet: (req) => {
      const e = entries.get(req.id);
      if (e && !e.seen) entries.set(req.id, { ...e, seen: true });
      return reply(item(req.id), 2);
    },
    reviewApprove: (req) => {
      if (req.subject || req.body) {
        if (req.body && !/unsubscribe/i.test(req.body)) return fail('review:approve', 'Approval refused: the unsubscribe line is missing (unsubscribe_missing)');
        edits.set(req.id, { subject: req.subject ?? item(req.id).draft.subject, body: req.body ?? item(req.id).draft.body });
      }
      change(req.id, { status: 'approved', decidedAt: new Date().toISOString(), edited: Boolean(req.subject || req.body) || entries.get(req.id)?.edited, seen: true });
      return reply(item(req.id), 15);
    },
    reviewReject: (req) => {
      change(req.id, { status: 'rejected', decidedAt: new Date().toISOString() });
      const it = item(req.id);
      it.rejectReason = req.reason;
      return reply(it, 15);
    },
    reviewRegenerate: (req) => reply(item(req.id), 400),
    reviewReopen: (req) => {
      change(req.id, { status: 'pending', decidedAt: undefined });
      return reply(item(req.id), 15);
    },
    reviewBulkApprove: (req) => {
      const approved: string[] = [];
      const refused: { id: string; reason: string }[] = [];
      for (const id of req.ids) {
        const e = entries.get(id);
        if (!e) refused.push({ id, reason: 'unknown draft' });
        else if (!e.seen) refused.push({ id, reason: 'never shown: open it before approving' });
        else if (e.status !== 'pending' && e.status !== 'flagged') refused.push({ id, reason: `already ${e.status}` });
        else {
          entries.set(id, { ...e, status: 'approved', decidedAt: new Date().toISOString() });
          approved.push(id);
        }
      }
      emit('review:changed', { ids: approved, counts: counts() });
      return reply({ approved, refused }, 60);
    },
    outboxList: () => reply(order.map((id) => entries.get(id)!).filter((e) => e.status === 'approved'), 10),
    settingsGet: () => reply(settings, 10),
    settingsSave: (req) => {
      settings = structuredClone(req.settings as Settings);
      return reply(settings, 60);
    },
    settingsChooseDataDir: () => reply({ path: '/home/rep/Dropbox/leadforge', restartRequired: true }, 100),

    crmStatus: () => crmGuard('crm:status') ?? reply(Object.values(connections), 20),
    crmConnectToken: (req) => crmGuard('crm:connectToken') ?? (req.accessToken.startsWith('bad')
      ? fail('crm:connectToken', 'HubSpot refused the token (401 UNAUTHORIZED): Authentication credentials not found.')
      : (connections[req.kind] = { kind: req.kind, connected: true, authType: 'token', account: req.kind === 'hubspot' ? 'Portal 8675309 · acme-sales' : '00D5g000004XyZ · rep@acme.com', baseUrl: req.kind === 'salesforce' ? req.instanceUrl : 'https://api.hubapi.com', lastTestedAt: new Date().toISOString() }, reply(connections[req.kind], 300))),
    crmConnectOAuth: (req) => crmGuard('crm:connectOAuth') ?? ((connections[req.kind] = { kind: req.kind, connected: true, authType: 'oauth', account: 'OAuth account', expiresAt: new Date(Date.now() + 1_800_000).toISOString() }), reply(connections[req.kind], 600)),
    crmSaveClientSecret: () => crmGuard('crm:saveClientSecret') ?? reply({ saved: true }, 50),
    crmDisconnect: (req) => crmGuard('crm:disconnect') ?? ((connections[req.kind] = { kind: req.kind, connected: false }), reply(connections[req.kind], 100)),
    crmTest: (req) => crmGuard('crm:test') ?? reply({ ok: connections[req.kind].connected, account: connections[req.kind].account, message: connections[req.kind].connected ? 'Connected: read contacts and companies' : 'Not connected', latencyMs: 182.4 }, 200),
    crmFields: (req) => crmGuard('crm:fields') ?? (req.kind === 'hubspot' ? reply(hubspotFields, 80) : fail('crm:fields', 'Salesforce is not connected')),
    crmMappingGet: (req) => crmGuard('crm:mappingGet') ?? reply({
      entries: req.kind === 'hubspot' ? hubspotMapping : [
        { appField: 'email', role: 'person' as const, crmField: 'Email', policy: 'always' as const },
        { appField: 'company', role: 'person' as const, crmField: 'Company', policy: 'if_empty' as const },
        { appField: 'score', role: 'person' as const, crmField: 'LeadForge_Score__c', policy: 'always' as const },
      ],
      issues: req.kind === 'hubspot' ? [{ index: 10, appField: 'employees', crmField: 'numberofemployees', severity: 'warning' as const, message: 'numberofemployees is a number; non-numeric sizes like “11-50” are sent as their lower bound' }] : [],
      appFields,
    }, 60),
    crmMappingSave: (req) => {
      const guard = crmGuard('crm:mappingSave');
      if (guard) return guard;
      const issues = req.entries.flatMap((e, index) => (e.role === 'person' && !hubspotFields.some((f) => f.name === e.crmField && f.role === e.role))
        ? [{ index, appField: e.appField, crmField: e.crmField, severity: 'error' as const, message: `${e.crmField} is not a HubSpot contact property` }] : []);
      const entriesIn = req.entries.map((e) => ({ ...e, policy: e.policy ?? 'if_empty' as const }));
      if (!issues.length && req.kind === 'hubspot') hubspotMapping = entriesIn;
      return reply({ saved: issues.length === 0, entries: entriesIn, issues }, 120);
    },
    crmPreview: (req) => {
      const guard = crmGuard('crm:preview');
      if (guard) return guard;
      const ops: SyncOp[] = [];
      for (let i = 0; i < 60; i++) {
        const l = fx(i);
        const existing = i % 3 === 0;
        ops.push({ leadId: l.id, label: l.name, action: existing ? (i % 2 ? 'noop' : 'update') : 'create', role: 'person', object: 'contacts', crmId: existing ? String(51_000 + i * 7) : undefined, properties: existing && i % 2 ? {} : { email: l.email ?? '', firstname: l.first, leadforge_score: String(l.score), leadforge_classification: l.label }, kept: existing ? [{ crmField: 'jobtitle', reason: 'if_empty: HubSpot has “Chief Executive Officer”' }] : [], reason: existing && i % 2 ? 'unchanged since last sync' : undefined });
        ops.push({ leadId: l.id, label: l.company.company, action: existing ? 'noop' : 'create', role: 'account', object: 'companies', crmId: existing ? String(9_800_000 + i) : undefined, properties: existing ? {} : { name: l.company.company, domain: l.domain }, kept: [], reason: existing ? 'found by domain' : undefined });
        if (!existing) ops.push({ leadId: l.id, label: l.name, action: 'associate', role: 'association', object: 'contact→company', properties: {}, kept: [] });
        if (!existing) ops.push({ leadId: l.id, label: l.name, action: 'activity', role: 'activity', object: 'notes', properties: { hs_note_body: 'Draft: Idea for ' + l.company.company }, kept: [] });
      }
      const c = { create: 0, update: 0, associate: 0, activity: 0, noop: 0, skip: 0 };
      for (const o of ops) c[o.action]++;
      return reply({ kind: req.kind, leads: 60, ops, counts: c, generatedAt: new Date().toISOString() }, 300);
    },
    crmSync: (req) => {
      const guard = crmGuard('crm:sync');
      if (guard) return guard;
      return new Promise((resolve) => {
        let done = 0;
        const phases = ['lookup', 'accounts', 'persons', 'associations', 'activities'] as const;
        const t = setInterval(() => {
          done += 6;
          const phase = phases[Math.min(phases.length - 1, Math.floor(done / 13))];
          emit('crm:progress', { kind: req.kind, phase: done >= 60 ? 'done' : phase, done: Math.min(60, done), total: 60, failed: done > 30 ? 1 : 0 });
          if (done >= 60) {
            clearInterval(t);
            connections[req.kind] = { ...connections[req.kind], lastSyncAt: new Date().toISOString() };
            resolve({ kind: req.kind, leads: 60, created: 40, updated: 10, unchanged: 9, associations: 40, activities: 40, failed: 1, errors: [{ leadId: 'lead-00005', message: 'Property values were not valid', code: 'VALIDATION_ERROR' }], requests: 14, retries: 2, durationMs: 2480 });
          }
        }, 150);
      });
    },
    crmLeadStates: (req) => crmGuard('crm:leadStates') ?? reply(leadStates(req.kind), 40),
  };
  return bridge;
}
