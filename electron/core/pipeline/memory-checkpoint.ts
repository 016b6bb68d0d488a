import type { AuditEntry, Lead, Run, Task } from '@shared/index';
import type { Checkpoint } from './types';

/** Where MemoryCheckpoint finds leads: a lookup function, a Map by id, or any iterable of leads. */
export type LeadSource = ((leadId: string) => Lead | undefined) | ReadonlyMap<string, Lead> | Iterable<Lead>;

/**
 * In-memory Checkpoint for tests and benchmarks: Maps of runs and tasks by id and an array of audit entries.
 * Stores the objects it is given (no cloning); `flush()` resolves at once and counts calls in `flushes`.
 * Never throws.
 */
export class MemoryCheckpoint implements Checkpoint {
  readonly runs = new Map<string, Run>();
  readonly tasks = new Map<string, Task>();
  readonly audit: AuditEntry[] = [];
  /** Number of putTask calls so far (for "one put per terminal task" checks). */
  taskPuts = 0;
  flushes = 0;
  private readonly lookup: (leadId: string) => Lead | undefined;

  /** @param leads where `getLead` looks leads up (default: no leads) */
  constructor(leads: LeadSource = []) {
    if (typeof leads === 'function') this.lookup = leads;
    else if (leads instanceof Map) this.lookup = (id) => leads.get(id);
    else {
      const byId = new Map<string, Lead>();
      for (const lead of leads as Iterable<Lead>) byId.set(lead.id, lead);
      this.lookup = (id) => byId.get(id);
    }
  }

  /** Run by id, or undefined. */
  getRun(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  /** Inserts or replaces a run by id. */
  putRun(run: Run): void {
    this.runs.set(run.id, run);
  }

  /** Lead by id from the lead source, or undefined. */
  getLead(leadId: string): Lead | undefined {
    return this.lookup(leadId);
  }

  /** Task by id (`${runId}:${leadId}:${stage}`), or undefined. */
  getTask(taskId: string): Task | undefined {
    return this.tasks.get(taskId);
  }

  /** Inserts or replaces a task by id. */
  putTask(task: Task): void {
    this.taskPuts++;
    this.tasks.set(task.id, task);
  }

  /** Appends an audit entry. */
  appendAudit(entry: AuditEntry): void {
    this.audit.push(entry);
  }

  /** No-op; resolves at once. */
  flush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }

  /** Tasks of one run (O(all tasks); for tests). */
  tasksOf(runId: string): Task[] {
    return [...this.tasks.values()].filter((t) => t.runId === runId);
  }
}
