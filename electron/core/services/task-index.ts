import type { Run, Task } from '@shared/index';
import type { Store } from '../store/store';

/** Stored tasks of one run as a lead × stage grid (row-major: `tasks[leadIndex * stages.length + stageIndex]`). */
export interface RunTaskGrid {
  runId: string;
  leadIds: readonly string[];
  stages: readonly string[];
  tasks: (Task | undefined)[];
}

interface Entry extends RunTaskGrid {
  stagesKey: string;
  leadIndex: Map<string, number>;
  stageIndex: Map<string, number>;
}

/**
 * An index of stored tasks by (run, lead, stage) position, so the Pipeline screen's lead table reads 10k × 9 tasks
 * by array position instead of 90k string-keyed store lookups. A run's grid is built from the store on first use
 * (O(leads × stages) lookups, once) and then kept current by {@link noteTaskPut}, which `StoreCheckpoint` calls for
 * every task it writes — so tasks must be written through the checkpoint (the engine does) or `forget(runId)`
 * must be called after writing them directly. The grid holds the store's own records (no copies).
 */
export class TaskIndex {
  private readonly grids = new Map<string, Entry>();

  constructor(private readonly store: Store) {}

  /**
   * The grid of a run, built on first use (or again when the run's stage list changed).
   * @returns the grid; entries are undefined for tasks never stored (pending)
   */
  grid(run: Run): RunTaskGrid {
    const stagesKey = run.stages.join('\n');
    let g = this.grids.get(run.id);
    if (g && g.stagesKey === stagesKey && g.leadIds.length === run.leadIds.length) return g;
    const tasks = this.store.collection<Task>('tasks');
    const S = run.stages.length;
    const grid: (Task | undefined)[] = new Array(run.leadIds.length * S);
    run.leadIds.forEach((leadId, li) => {
      const prefix = `${run.id}:${leadId}:`;
      for (let si = 0; si < S; si++) grid[li * S + si] = tasks.get(prefix + run.stages[si]);
    });
    g = {
      runId: run.id,
      leadIds: run.leadIds,
      stages: run.stages,
      tasks: grid,
      stagesKey,
      leadIndex: new Map(run.leadIds.map((id, i) => [id, i])),
      stageIndex: new Map(run.stages.map((s, i) => [s, i])),
    };
    this.grids.set(run.id, g);
    return g;
  }

  /** Records a task just written to the store (no-op for runs without a grid yet). O(1). */
  noteTaskPut(task: Pick<Task, 'id' | 'runId' | 'leadId' | 'stage'>): void {
    const g = this.grids.get(task.runId);
    if (!g) return;
    const li = g.leadIndex.get(task.leadId);
    const si = g.stageIndex.get(task.stage);
    if (li === undefined || si === undefined) return;
    g.tasks[li * g.stages.length + si] = this.store.collection<Task>('tasks').get(task.id);
  }

  /** Drops a run's grid (rebuilt on next use). */
  forget(runId: string): void {
    this.grids.delete(runId);
  }
}
