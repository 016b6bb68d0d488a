/**
 * The store benchmark workload ("a 10k-lead run"): `leads` leads inserted (one import), then per lead ~8 task
 * records inserted and updated 2-3 times each in roughly lead order over `durationMs`, one audit entry per task
 * and one draft per lead. Record sizes mimic real ones (a YC-style lead with a description, task outputs,
 * a 600-char email draft). Used by write-amplification.test.ts and measure-amplification.ts.
 */
import type { AuditEntry, Lead, Task } from '@shared/index';
import type { Store } from '../../../electron/core/store/index';

/** Workload shape. */
export interface WorkloadOptions {
  /** Number of leads (default 10 000). */
  leads?: number;
  /** Stages (tasks) per lead (default 8). */
  stages?: number;
  /** Wall-clock length of the processing phase in ms (default 5000). */
  durationMs?: number;
  /** Create every pending task at run start (true) or when its lead starts (false, default). */
  upfrontTasks?: boolean;
  /** Leads in flight at once (their tasks interleave; default 8). */
  concurrency?: number;
  /**
   * Order tasks are processed in: 'lead' (lead by lead, all stages: the expected engine order, default),
   * 'stage' (stage by stage over all leads) or 'random' (a stress case: no locality at all).
   */
  order?: 'lead' | 'stage' | 'random';
}

/** Result: the store's stats after the final flush, and the wall time in ms. */
export interface WorkloadResult {
  bytesWritten: number;
  bytesOnDisk: number;
  fileWrites: number;
  ratio: number;
  wallMs: number;
  records: number;
}

const STAGES = ['classify', 'enrich', 'synthesize', 'score', 'draft', 'review', 'crm', 'outbox'];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const hex = (n: number) => (n.toString(16).padStart(8, '0')).repeat(8);

function lead(i: number): Lead {
  return {
    id: `lead_${String(i).padStart(6, '0')}`,
    dedupeKey: `email:founder${i}@company${i}.com`,
    firstName: 'Alex', lastName: `Founder${i}`, fullName: `Alex Founder${i}`,
    email: `founder${i}@company${i}.com`, title: 'CEO & Co-founder', company: `Company ${i} Inc`,
    website: `https://www.company${i}.com`, domain: `company${i}.com`, industry: 'B2B Software and Services',
    categories: ['SaaS', 'Developer Tools', 'AI'],
    description: `Company ${i} builds workflow automation for mid-market finance teams, replacing spreadsheets with an auditable pipeline that syncs with existing ERPs.`,
    city: 'San Francisco', country: 'United States', employees: 10 + (i % 400), fundingUsd: 500_000 * (1 + (i % 20)),
    status: 'Operating', foundedYear: 2015 + (i % 10), linkedinUrl: `https://www.linkedin.com/company/company${i}`,
    contacts: [{ fullName: `Alex Founder${i}`, title: 'CEO' }, { fullName: `Sam Builder${i}`, title: 'CTO' }],
    extra: { batch: 'W21', tags: 'b2b;saas' },
    source: { file: 'yc-companies.csv', row: i + 2, importId: 'imp_1' }, importedAt: '2025-01-01T00:00:00.000Z',
  };
}

function task(runId: string, leadId: string, stage: string, status: Task['status'], attempts: number, withOutput: boolean): Task {
  const t: Task = { id: `${runId}:${leadId}:${stage}`, runId, leadId, stage, status, attempts };
  if (status !== 'pending') { t.inputHash = hex(attempts + leadId.length); t.startedAt = '2025-01-01T00:00:01.000Z'; }
  if (withOutput) {
    t.output = { label: 'b2b_saas', confidence: 0.82, signals: ['pricing page', 'careers: 12 roles'], summary: `Output of ${stage} for ${leadId}` };
    t.finishedAt = '2025-01-01T00:00:01.250Z'; t.durationMs = 250;
  }
  return t;
}

function audit(t: Task): AuditEntry {
  return {
    id: `${t.id}:${t.attempts}`, runId: t.runId, leadId: t.leadId, stage: t.stage, attempt: t.attempts,
    inputHash: t.inputHash ?? hex(1), outcome: 'succeeded', output: t.output, durationMs: 250, tokens: 812, costUsd: 0.0004,
    at: '2025-01-01T00:00:01.250Z',
  };
}

function draft(runId: string, leadId: string, i: number) {
  return {
    id: `${runId}:${leadId}`, runId, leadId, status: 'pending_review',
    draft: {
      subject: `Quick question about Company ${i}'s finance workflows`,
      body: `Hi Alex,\n\nI noticed Company ${i} is hiring across finance and engineering. ${'We help teams like yours turn inbound lists into qualified pipeline without extra headcount. '.repeat(4)}\n\nWorth a 15-minute call next week?\n\nBest,\nAlex Morgan\n548 Market St, San Francisco, CA 94104\nNot interested? Reply "unsubscribe".`,
      to: { name: 'Alex Founder', email: `founder${i}@company${i}.com`, company: `Company ${i} Inc` },
      facts: [{ field: 'industry', text: 'finance', source: 'website' }], template: 'default', agent: 'rules', attempt: 1,
    },
  };
}

/**
 * Runs the workload against an open store, then flushes it.
 * @param store an open, empty store
 * @param opts workload shape (see {@link WorkloadOptions})
 * @returns byte counters after the final flush: `ratio` = bytesWritten / bytesOnDisk
 */
export async function runLeadWorkload(store: Store, opts: WorkloadOptions = {}): Promise<WorkloadResult> {
  const n = opts.leads ?? 10_000;
  const stages = STAGES.slice(0, opts.stages ?? 8);
  const durationMs = opts.durationMs ?? 5000;
  const window = opts.concurrency ?? 8;
  const runId = 'run_1';
  const leads = store.collection<Lead>('leads');
  const tasks = store.collection<Task>('tasks');
  const audits = store.collection<AuditEntry>('audit');
  const drafts = store.collection<{ id: string }>('drafts');
  const runs = store.collection<{ id: string; status: string; updatedAt: string }>('runs');
  const start = Date.now();

  const ids: string[] = [];
  const batch: Lead[] = [];
  for (let i = 0; i < n; i++) { const l = lead(i); ids.push(l.id); batch.push(l); }
  leads.putMany(batch);
  runs.put({ id: runId, status: 'running', updatedAt: new Date().toISOString() });
  if (opts.upfrontTasks) tasks.putMany(ids.flatMap((id) => stages.map((s) => task(runId, id, s, 'pending', 0, false))));

  // Units = (lead, stage) pairs in processing order. Unit k is started (pending in lazy mode, then running) at
  // step k, 30% get a failed attempt and a second 'running' W steps later, and it is done 2W steps later (task
  // output + audit entry), W = concurrency × stages units in flight. A lead's draft follows its last done task.
  const units: Array<[number, number]> = [];
  if (opts.order === 'stage') for (let s = 0; s < stages.length; s++) for (let i = 0; i < n; i++) units.push([i, s]);
  else for (let i = 0; i < n; i++) for (let s = 0; s < stages.length; s++) units.push([i, s]);
  if (opts.order === 'random') {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = units.length - 1; k > 0; k--) { const j = Math.floor(rnd() * (k + 1)); [units[k], units[j]] = [units[j]!, units[k]!]; }
  }
  const W = window * stages.length;
  const doneCount = new Array<number>(n).fill(0);
  const totalSteps = units.length + 2 * W;
  const chunk = 64;
  for (let step0 = 0; step0 < totalSteps; step0 += chunk) {
    for (let step = step0; step < Math.min(totalSteps, step0 + chunk); step++) {
      const a = units[step];
      if (a) {
        const [i, s] = a;
        if (!opts.upfrontTasks) tasks.put(task(runId, ids[i]!, stages[s]!, 'pending', 0, false));
        tasks.put(task(runId, ids[i]!, stages[s]!, 'running', 1, false));
      }
      const b = units[step - W];
      if (b && b[0] % 10 < 3) tasks.put(task(runId, ids[b[0]]!, stages[b[1]]!, 'running', 2, false));
      const c = units[step - 2 * W];
      if (c) {
        const [i, s] = c;
        const done = task(runId, ids[i]!, stages[s]!, 'done', i % 10 < 3 ? 2 : 1, true);
        tasks.put(done);
        audits.put(audit(done));
        if (++doneCount[i]! === stages.length) drafts.put(draft(runId, ids[i]!, i));
      }
    }
    if ((step0 / chunk) % 50 === 0) runs.put({ id: runId, status: 'running', updatedAt: new Date().toISOString() });
    const wait = start + ((step0 + chunk) / totalSteps) * durationMs - Date.now();
    await sleep(Math.max(0, wait));
  }
  runs.put({ id: runId, status: 'done', updatedAt: new Date().toISOString() });
  await store.flush();
  const st = store.stats();
  return { bytesWritten: st.bytesWritten, bytesOnDisk: st.bytesOnDisk, fileWrites: st.fileWrites, ratio: st.bytesWritten / st.bytesOnDisk, wallMs: Date.now() - start, records: st.records };
}
