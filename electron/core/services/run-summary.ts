import type { IpcResponse } from '@shared/ipc';
import type { Run, RunCounts, TaskStatus } from '@shared/index';
import type { RunProgressDetail, RunSession } from '../pipeline/types';
import type { RunTaskGrid } from './task-index';

/** One run as the Pipeline screen lists it (`runs:list`, `pipeline:progress`). */
export type RunSummary = IpcResponse<'runs:list'>[number];

function emptyCounts(): RunCounts {
  return { total: 0, pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
}

/**
 * Counts of a run that is not in progress, from its task grid over the stages it was last processed with (a missing
 * task is `pending`; one stored as `running`, left by a crash, counts as `running`). O(leads × stages) array reads.
 * @param grid the run's tasks (see TaskIndex.grid)
 * @param failureCounts whether a failed task of a stage makes its lead failed (absorbed fan-in failures do not)
 * @returns counts, per-stage counts, leads whose every task is terminal, leads with a counted failure
 */
export function scanRunProgress(grid: RunTaskGrid, failureCounts: (stage: string) => boolean): RunProgressDetail {
  const counts = emptyCounts();
  const perStage: Record<string, RunCounts> = {};
  const { stages, tasks, leadIds } = grid;
  const S = stages.length;
  const stageCounts = stages.map((s) => (perStage[s] = emptyCounts()));
  const counted = stages.map((s) => failureCounts(s));
  let leadsDone = 0;
  let leadsFailed = 0;
  for (let li = 0; li < leadIds.length; li++) {
    let terminal = true;
    let failed = false;
    for (let si = 0; si < S; si++) {
      const status: TaskStatus = tasks[li * S + si]?.status ?? 'pending';
      counts[status]++;
      stageCounts[si][status]++;
      if (status === 'pending' || status === 'running') terminal = false;
      else if (status === 'failed' && counted[si]) failed = true;
    }
    if (terminal) leadsDone++;
    if (failed) leadsFailed++;
  }
  counts.total = leadIds.length * S;
  for (const c of stageCounts) c.total = leadIds.length;
  return { counts, perStage, leadsDone, leadsTotal: leadIds.length, leadsFailed };
}

/**
 * Builds a {@link RunSummary} from a run record, its progress and (when it is in progress) its session timing.
 * elapsedMs = time of ended sessions (`run.elapsedMs`) + the current session's; leadsPerSec = leads finished in the
 * current session / its seconds (0 when idle or nothing finished yet); etaMs = leads left / leadsPerSec in ms
 * (absent when idle or the rate is 0). All times in ms.
 */
export function toRunSummary(run: Run, progress: RunProgressDetail, session: RunSession | undefined): RunSummary {
  let elapsedMs = run.elapsedMs ?? 0;
  let leadsPerSec = 0;
  let etaMs: number | undefined;
  if (session) {
    elapsedMs = session.priorElapsedMs + session.sessionMs;
    const finished = progress.leadsDone - session.leadsDoneAtStart;
    if (session.sessionMs > 0 && finished > 0) {
      leadsPerSec = finished / (session.sessionMs / 1000);
      etaMs = Math.round(((progress.leadsTotal - progress.leadsDone) / leadsPerSec) * 1000);
    }
  }
  const startedAt = session?.startedAt ?? run.startedAt;
  return {
    id: run.id,
    ...(run.label !== undefined ? { label: run.label } : {}),
    status: session ? 'running' : run.status,
    stages: [...run.stages],
    leadsTotal: progress.leadsTotal,
    leadsDone: progress.leadsDone,
    leadsFailed: progress.leadsFailed,
    counts: progress.counts,
    perStage: progress.perStage,
    createdAt: run.createdAt,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(run.finishedAt !== undefined && !session ? { finishedAt: run.finishedAt } : {}),
    elapsedMs: Math.max(0, Math.round(elapsedMs)),
    leadsPerSec: Math.round(leadsPerSec * 100) / 100,
    ...(etaMs !== undefined ? { etaMs: Math.max(0, etaMs) } : {}),
  };
}
