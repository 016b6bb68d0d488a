import { LEAD_PAGE_DEFAULT, TASK_STATUS_CODE, type LeadDetail, type LeadRow, type LeadTablePage } from '@shared/ipc';
import type { AuditEntry, Classification, Lead, LeadScore, ProspectProfile, Run, Task } from '@shared/index';
import { STAGES } from '../agents/flow/lead-flow';
import { auditIdsOf, taskIdOf } from '../pipeline/ids';
import type { Store } from '../store/store';
import type { TaskIndex } from './task-index';

/** Display name of a lead: full name, else first + last name, else company, else email, else its id. */
export function leadName(lead: Lead | undefined, fallback: string): string {
  if (!lead) return fallback;
  return lead.fullName || [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.company || lead.email || fallback;
}

/** A duration in ms rounded to 0.1 ms (keeps the lead-table payload short). */
const roundMs = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * A page of the Pipeline screen's lead table for a run (`runs:leads`): one compact row per lead (see `LeadRow` in
 * shared/ipc/app.ts) with each stage's status code (missing task = `p`ending), finished tasks' durations (ms, 0.1 ms
 * precision, null until finished), the first failed stage's error (`stage: message`) and the score once scored.
 * Reads the run's task grid from {@link TaskIndex} (array positions, no per-task key lookups) and the leads from the
 * store; O(limit × stages).
 * @param run the run record (its `stages` give the columns)
 * @param page.offset first row (position in the run's lead order; default 0; past the end gives no rows)
 * @param page.limit rows at most (default LEAD_PAGE_DEFAULT)
 * @returns the page: `{ runId, stages, total, offset, rows }`, rows in the run's lead order
 */
export function leadRows(store: Store, index: TaskIndex, run: Run, page: { offset?: number; limit?: number } = {}): LeadTablePage {
  const leads = store.collection<Lead>('leads');
  const { tasks, stages } = index.grid(run);
  const S = stages.length;
  const scoreIdx = stages.indexOf(STAGES.score);
  const total = run.leadIds.length;
  const offset = Math.min(page.offset ?? 0, total);
  const end = Math.min(total, offset + (page.limit ?? LEAD_PAGE_DEFAULT));
  const rows: LeadRow[] = new Array(end - offset);
  for (let i = offset; i < end; i++) {
    const leadId = run.leadIds[i];
    const lead = leads.get(leadId);
    let statuses = '';
    const durationsMs: (number | null)[] = new Array(S);
    let error: string | undefined;
    let score: number | undefined;
    for (let si = 0; si < S; si++) {
      const t = tasks[i * S + si];
      durationsMs[si] = null;
      if (!t) {
        statuses += TASK_STATUS_CODE.pending;
        continue;
      }
      statuses += TASK_STATUS_CODE[t.status];
      if (t.durationMs !== undefined && (t.status === 'done' || t.status === 'failed' || t.status === 'skipped')) durationsMs[si] = roundMs(t.durationMs);
      if (t.status === 'failed' && error === undefined) error = `${stages[si]}: ${t.error ?? 'failed'}`;
      if (si === scoreIdx && t.status === 'done') {
        const s = (t.output as Partial<LeadScore> | undefined)?.score;
        if (typeof s === 'number') score = s;
      }
    }
    const row: LeadRow = { leadId, name: leadName(lead, leadId), company: lead?.company ?? lead?.domain ?? '', statuses, durationsMs };
    if (lead?.email) row.email = lead.email;
    if (error !== undefined) row.error = error;
    if (score !== undefined) row.score = score;
    rows[i - offset] = row;
  }
  return { runId: run.id, stages: [...stages], total, offset, rows };
}

/**
 * The newest run (by createdAt) whose leads include `leadId`, or undefined. Uses a per-run Set of lead ids,
 * cached by run id (a run's lead ids never change after creation).
 */
export class RunLeadIndex {
  private readonly sets = new Map<string, Set<string>>();

  constructor(private readonly store: Store) {}

  /** Whether `run` includes `leadId`. O(1) after the first call for the run. */
  includes(run: Run, leadId: string): boolean {
    let set = this.sets.get(run.id);
    if (!set) {
      set = new Set(run.leadIds);
      this.sets.set(run.id, set);
    }
    return set.has(leadId);
  }

  /** Newest run containing the lead, or undefined. O(runs) after the sets are built. */
  newestRunOf(leadId: string): Run | undefined {
    let best: Run | undefined;
    for (const run of this.store.collection<Run>('runs').values()) {
      if ((!best || run.createdAt >= best.createdAt) && this.includes(run, leadId)) best = run;
    }
    return best;
  }
}

/**
 * A lead's detail for the drawer (`leads:detail`): the lead, its profile / classification / score (outputs of
 * the run's synthesize / classify / score tasks, when done), every stage's task (status, attempts, duration in ms,
 * error or skip reason) and the audit entries of the lead in that run, oldest first. Audit entries are fetched
 * by their deterministic ids (`auditIdsOf`), never by scanning the audit collection: O(stages × attempts).
 * @param run the run to show (undefined = the lead was never processed: no tasks, no audit)
 */
export function leadDetail(store: Store, lead: Lead, run: Run | undefined): LeadDetail {
  const detail: LeadDetail = { lead, tasks: [], audit: [] };
  if (!run) return detail;
  const tasks = store.collection<Task>('tasks');
  const audit = store.collection<AuditEntry>('audit');
  const out = (stage: string): unknown => {
    const t = tasks.get(taskIdOf(run.id, lead.id, stage));
    return t?.status === 'done' ? t.output : undefined;
  };
  const profile = out(STAGES.synthesize) as ProspectProfile | undefined;
  const classification = out(STAGES.classify) as Classification | undefined;
  const score = out(STAGES.score) as LeadScore | undefined;
  if (profile) detail.profile = profile;
  if (classification) detail.classification = classification;
  if (score) detail.score = score;
  for (const stage of run.stages) {
    const t = tasks.get(taskIdOf(run.id, lead.id, stage));
    detail.tasks.push({
      stage,
      status: t?.status ?? 'pending',
      attempts: t?.attempts ?? 0,
      ...(t?.durationMs !== undefined ? { durationMs: t.durationMs } : {}),
      ...(t?.error !== undefined ? { error: t.error } : {}),
    });
    if (!t) continue;
    for (const id of auditIdsOf(t)) {
      const e = audit.get(id);
      if (e) detail.audit.push(e);
    }
  }
  detail.audit.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return detail;
}
