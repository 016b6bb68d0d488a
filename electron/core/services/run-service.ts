import { resolve } from 'node:path';
import type { PipelineEvent, QueueItem, Run, Task } from '@shared/index';
import type { PipelineEngine } from '../pipeline/engine';
import type { FlowDef } from '../pipeline/types';
import type { Store } from '../store/store';

/** Per-lead result of a finished run. */
export interface RunOutcome {
  run: Run;
  /** Leads whose every task is terminal. */
  processed: number;
  /** Leads with a failed task that no fan-in stage absorbed. */
  failed: number;
  /** Leads that ended with a draft in the review queue. */
  drafts: number;
  /** Leads not drafted because they did not qualify (spam, wrong fit, score under threshold). */
  notQualified: number;
  failures: { leadId: string; stage: string; error: string }[];
}

/**
 * Finds the runs created for `label`, creates one more for the lead ids not yet in any of them,
 * and runs/resumes every unfinished one to completion. Running it again after everything finished does nothing.
 * @param leadIds lead ids the label covers (e.g. every row of a file), in order
 * @returns the outcome of every run under `label` (finished or just run)
 */
export async function processLabel(
  engine: PipelineEngine,
  store: Store,
  flow: FlowDef,
  label: string,
  leadIds: string[],
): Promise<RunOutcome[]> {
  const { runs } = await prepareLabelRuns(engine, store, label, leadIds);
  const outcomes: RunOutcome[] = [];
  for (const run of runs) {
    const final = run.status === 'done' || run.status === 'cancelled' ? run : await engine.start(run.id);
    outcomes.push(summariseRun(store, flow, final));
  }
  return outcomes;
}

/**
 * The label under which runs for a lead-list file are created: `file:<absolute path>`. `leadforge process <file>`
 * and the desktop app's `runs:start` use the same label, so either one resumes the run the other began.
 * @param file path of the list (resolved against the cwd)
 */
export function fileLabel(file: string): string {
  return `file:${resolve(file)}`;
}

/**
 * Finds the runs created for `label` and creates one more (status `pending`, flushed before returning, so a kill
 * never orphans its tasks or duplicates it) for the lead ids no run of the label covers yet.
 * @param leadIds lead ids the label covers (e.g. every row of a file), in order
 * @returns every run of the label (oldest first, the new one last) and the new run, if one was created
 * @throws the store's flush errors
 */
export async function prepareLabelRuns(
  engine: PipelineEngine,
  store: Store,
  label: string,
  leadIds: string[],
): Promise<{ runs: Run[]; created?: Run }> {
  const runs = [...store.collection<Run>('runs').values()].filter((r) => r.label === label);
  const covered = new Set(runs.flatMap((r) => r.leadIds));
  const fresh = [...new Set(leadIds.filter((id) => !covered.has(id)))];
  if (fresh.length === 0) return { runs };
  const created = engine.createRun({ leadIds: fresh, label });
  runs.push(created);
  // The run record must be durable before any of its tasks, so a kill never orphans tasks or duplicates the run.
  await store.flush();
  return { runs, created };
}

/** Computes per-lead counts for a run from its stored tasks and the review queue. */
export function summariseRun(store: Store, flow: FlowDef, run: Run): RunOutcome {
  const tasks = store.collection<Task>('tasks');
  const queue = store.collection<QueueItem>('drafts');
  const absorbed = new Set(flow.stages.filter((s) => s.tolerateFailedNeeds).flatMap((s) => s.needs));
  let processed = 0;
  let failed = 0;
  let drafts = 0;
  let notQualified = 0;
  const failures: RunOutcome['failures'] = [];
  for (const leadId of run.leadIds) {
    let terminal = true;
    let leadFailed = false;
    for (const stage of flow.stages) {
      const t = tasks.get(`${run.id}:${leadId}:${stage.name}`);
      if (!t || t.status === 'pending' || t.status === 'running') terminal = false;
      else if (t.status === 'failed' && !absorbed.has(stage.name)) {
        leadFailed = true;
        failures.push({ leadId, stage: stage.name, error: t.error ?? 'failed' });
      }
    }
    if (terminal) processed++;
    if (leadFailed) failed++;
    const item = queue.get(leadId);
    if (item && item.runId === run.id) drafts++;
    else if (terminal && !leadFailed) notQualified++;
  }
  return { run, processed, failed, drafts, notQualified, failures };
}

/** Subscribes to engine events; returns the unsubscribe function. */
export function watch(engine: PipelineEngine, listener: (e: PipelineEvent) => void): () => void {
  engine.on(listener);
  return () => engine.off(listener);
}
