import type { AuditEntry, Lead, Run, Task } from '@shared/index';
import type { Checkpoint } from '../pipeline/types';
import type { Store } from '../store/store';
import type { TaskIndex } from './task-index';

/**
 * The engine's Checkpoint backed by the lowdb store: runs, tasks and audit entries live in their own
 * collections (sharded, coalesced atomic writes). Reads are in-memory; `flush()` resolves when every
 * write made before the call is on disk.
 */
export class StoreCheckpoint implements Checkpoint {
  private readonly runs;
  private readonly tasks;
  private readonly audit;
  private readonly leads;

  /** @param index optional task index kept current with every task written here */
  constructor(private readonly store: Store, private readonly index?: TaskIndex) {
    this.runs = store.collection<Run>('runs');
    this.tasks = store.collection<Task>('tasks');
    this.audit = store.collection<AuditEntry>('audit');
    this.leads = store.collection<Lead>('leads');
  }

  getRun(runId: string): Run | undefined {
    return this.runs.get(runId);
  }
  putRun(run: Run): void {
    this.runs.put(run);
  }
  getLead(leadId: string): Lead | undefined {
    return this.leads.get(leadId);
  }
  getTask(taskId: string): Task | undefined {
    return this.tasks.get(taskId);
  }
  putTask(task: Task): void {
    this.tasks.put(task);
    this.index?.noteTaskPut(task);
  }
  appendAudit(entry: AuditEntry): void {
    this.audit.put(entry);
  }
  flush(): Promise<void> {
    return this.store.flush();
  }
}
