/**
 * Seeds a core's store with a large finished run: `n` leads, one run over them with a task per (lead, stage) of the
 * real lead flow, and one review-queue item per lead, varied deterministically (statuses, scores, confidences,
 * failures). Used by the 10k-size tests and by measure-sizes.ts.
 */
import type { Lead, QueueItem, Run, Task, TaskStatus } from '@shared/index';
import type { LeadforgeCore } from '../../../electron/core/app';

/** What {@link seedLarge} stored, for assertions. */
export interface Seeded {
  run: Run;
  leads: Lead[];
  /** Lead ids whose `draft` task failed (every 97th lead). */
  failedLeadIds: Set<string>;
}

const LABELS = ['high_intent', 'low_intent', 'spam', 'wrong_fit'] as const;

/** Stores `n` leads, a done run over them and `n` queue items. Deterministic: lead i has score i % 101. */
export function seedLarge(core: LeadforgeCore, n: number): Seeded {
  const at = '2026-01-01T00:00:00.000Z';
  const stages = core.engine.stages;
  const leads: Lead[] = [];
  for (let i = 0; i < n; i++) {
    leads.push({
      id: `L${i}`,
      dedupeKey: `email:p${i}@co${i}.com`,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      email: `p${i}@co${i}.com`,
      company: `Company ${i}`,
      domain: `co${i}.com`,
      categories: [],
      contacts: [],
      extra: {},
      source: { file: 'big.csv', row: i + 2, importId: 'imp-big' },
      importedAt: at,
    });
  }
  core.store.collection<Lead>('leads').putMany(leads);
  const run: Run = { id: 'R-big', flow: 'lead', status: 'done', leadIds: leads.map((l) => l.id), stages, label: 'file:/tmp/big.csv', createdAt: at, updatedAt: at, finishedAt: at, elapsedMs: 12_345 };
  core.store.collection<Run>('runs').put(run);
  const failedLeadIds = new Set<string>();
  const tasks: Task[] = [];
  for (let i = 0; i < n; i++) {
    const leadId = `L${i}`;
    const fails = i % 97 === 0;
    if (fails) failedLeadIds.add(leadId);
    for (const stage of stages) {
      let status: TaskStatus = 'done';
      if (fails && stage === 'draft') status = 'failed';
      else if (fails && (stage === 'review' || stage === 'queue')) status = 'skipped';
      const t: Task = { id: `${run.id}:${leadId}:${stage}`, runId: run.id, leadId, stage, status, attempts: status === 'skipped' ? 0 : 1, durationMs: (i % 7) + 0.5 };
      if (stage === 'score') t.output = { score: i % 101, factors: [], qualified: true, agent: 'rules/score@1' };
      if (status === 'failed') t.error = `template broke for ${leadId}`;
      if (status === 'skipped') t.error = 'need draft failed';
      tasks.push(t);
    }
  }
  core.store.collection<Task>('tasks').putMany(tasks);
  const items: QueueItem[] = [];
  for (let i = 0; i < n; i++) {
    const passed = i % 13 !== 0;
    items.push({
      id: `L${i}`,
      leadId: `L${i}`,
      runId: run.id,
      status: !passed ? 'flagged' : i % 11 === 0 ? 'approved' : 'pending',
      draft: { subject: `Idea for Company ${i}`, body: `Hi First${i},\n\nA short note.\n\nBest,\nAlex`, to: { name: `First${i} Last${i}` }, facts: [], template: 't', agent: 'a', attempt: 1 },
      verdict: { passed, issues: passed ? [] : [{ code: 'untraceable_claim', severity: 'error', message: 'x' }], agent: 'rules/review@1' },
      draftAttempts: passed ? 1 : 2,
      score: { score: i % 101, factors: [], qualified: true, agent: 'rules/score@1' },
      classification: { label: LABELS[i % 4], confidence: ((i * 37) % 100) / 100, reasons: [], agent: 'rules/classify@1' },
      ...(i % 11 === 0 && passed ? { decidedAt: new Date(Date.parse(at) + i * 1000).toISOString() } : {}),
      createdAt: at,
      updatedAt: at,
    });
  }
  core.store.collection<QueueItem>('drafts').putMany(items);
  return { run, leads, failedLeadIds };
}
