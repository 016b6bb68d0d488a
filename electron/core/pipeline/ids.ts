import type { Task } from '@shared/index';

/**
 * Record ids the engine writes, in one place so readers (lead detail, lead table) can look records up directly
 * instead of scanning collections.
 */

/** Id of the (lead, stage) task of a run: `${runId}:${leadId}:${stage}`. */
export function taskIdOf(runId: string, leadId: string, stage: string): string {
  return `${runId}:${leadId}:${stage}`;
}

/**
 * Ids of every audit entry the engine may have written for a task: one per attempt (`${taskId}#1` …
 * `${taskId}#${attempts}`, including attempts that failed, were interrupted, or failed before running) and
 * `${taskId}#skip` for a skipped task (also a task skipped in an earlier session and later reset). Some ids may not
 * exist (e.g. the attempt in flight has no entry yet); callers skip missing ones.
 * @param task the task record (id, attempts); an absent task has no entries
 * @returns audit entry ids, oldest attempt first, the skip entry last
 */
export function auditIdsOf(task: Pick<Task, 'id' | 'attempts'>): string[] {
  const ids: string[] = [];
  for (let n = 1; n <= task.attempts; n++) ids.push(`${task.id}#${n}`);
  ids.push(`${task.id}#skip`);
  return ids;
}
