import type { IpcEventName, IpcEventPayload, ReviewCounts, RunSummary, TaskDelta } from '@shared/ipc';
import type { PipelineEvent } from '@shared/index';
import type { TaskReset } from '../pipeline/types';
import type { CoreEventListener, CoreEvents } from './types';

/** What the push events are made from (implemented by the composed core; a fake in tests). */
export interface CoreEventSource {
  /** Every PipelineEvent of every engine. @returns unsubscribe */
  onPipelineEvent(listener: (e: PipelineEvent) => void): () => void;
  /** Tasks put back to pending outside an attempt (retry failed). @returns unsubscribe */
  onTasksReset(listener: (runId: string, tasks: TaskReset[]) => void): () => void;
  /** Review queue item ids that changed (pipeline saves, rep actions). @returns unsubscribe */
  onQueueChanged(listener: (ids: string[]) => void): () => void;
  /** Ids of runs in progress. */
  activeRunIds(): string[];
  /** Current summary of a run (undefined if unknown). */
  summary(runId: string): RunSummary | undefined;
  /** Review-queue items per status now (sent with `review:changed`). */
  reviewCounts(): ReviewCounts;
}

/** Options of {@link createCoreEvents}. */
export interface CoreEventOptions {
  /** Minimum gap between two batches of the same event, in ms (default 250). */
  intervalMs?: number;
  /** Max task deltas per `pipeline:tasks` batch (default 5000); the rest follow in the next batches. */
  maxTaskBatch?: number;
}

/** {@link CoreEvents} plus what the composition root needs: direct emission and shutdown. */
export interface CoreEventHub extends CoreEvents {
  /** Delivers an event to every listener at once, unthrottled (for `crm:progress`, already throttled by its producer). */
  emit<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void;
  /** Flushes nothing more: clears timers and pending batches, drops listeners. Idempotent. */
  close(): void;
}

/** One throttled stream: runs `flush` at most once per interval, on a trailing timer (never synchronously). */
class Throttle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly intervalMs: number, private readonly flush: () => void) {}

  /** Something changed: schedules a flush at the earliest allowed time (no-op if one is scheduled). */
  mark(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.run(), wait);
    this.timer.unref?.();
  }

  /** Flushes now (run end), cancelling a scheduled flush. */
  now(): void {
    this.cancel();
    this.run();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.timer = undefined;
    this.last = Date.now();
    this.flush();
  }
}

const STATUS_OF: Partial<Record<PipelineEvent['type'], TaskDelta['status']>> = {
  'task.started': 'running',
  'task.succeeded': 'done',
  'task.skipped': 'skipped',
};

/**
 * Builds the core's push events for the renderer from engine events and queue changes, throttled and batched so a
 * 10k-lead run (~90k task events) never floods it:
 * - `pipeline:progress`: RunSummary[] of the runs in progress, at most once per `intervalMs` while any task or
 *   progress event arrives; when a run ends, at once, with that run's final summary included.
 * - `pipeline:tasks`: TaskDelta[] coalesced per (run, lead, stage) since the last batch (latest status wins), so a
 *   batch is proportional to the tasks that changed in the window (and capped at `maxTaskBatch`, the rest follow);
 *   at most once per `intervalMs`, flushed at once when a run ends. Tasks still `running` when a run stops
 *   (pause/cancel put them back) are sent as `pending`; tasks reset by retry-failed are sent as `pending` too.
 * - `review:changed` `{ ids, counts }`: queue item ids changed since the last batch (unique) and the queue's counts
 *   per status at flush time (so the navbar badge never lists the queue), at most once per `intervalMs`.
 * The source is only subscribed while at least one listener is; listener exceptions are swallowed.
 * @returns a {@link CoreEventHub}
 */
export function createCoreEvents(source: CoreEventSource, opts: CoreEventOptions = {}): CoreEventHub {
  const intervalMs = opts.intervalMs ?? 250;
  const maxTaskBatch = opts.maxTaskBatch ?? 5000;
  const listeners = new Set<CoreEventListener>();
  let unsubscribe: (() => void) | undefined;
  let closed = false;

  const deliver = <E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch {
        // a listener's bug must not break the pipeline
      }
    }
  };

  // ---- pipeline:tasks
  const deltas = new Map<string, TaskDelta>();
  /** Per run: keys of tasks last seen `running` (to send them as pending when the run stops). */
  const running = new Map<string, Set<string>>();
  const key = (runId: string, leadId: string, stage: string): string => `${runId}\u0000${leadId}\u0000${stage}`;
  const tasks = new Throttle(intervalMs, () => {
    if (deltas.size === 0) return;
    const batch: TaskDelta[] = [];
    for (const [k, d] of deltas) {
      if (batch.length >= maxTaskBatch) break;
      batch.push(d);
      deltas.delete(k);
    }
    deliver('pipeline:tasks', batch);
    if (deltas.size > 0) tasks.mark();
  });
  const putDelta = (d: TaskDelta): void => {
    const k = key(d.runId, d.leadId, d.stage);
    deltas.delete(k); // re-insert: a task's latest change goes to the back, so older ones leave first when capped
    deltas.set(k, d);
    let set = running.get(d.runId);
    if (d.status === 'running') {
      if (!set) running.set(d.runId, (set = new Set()));
      set.add(k);
    } else set?.delete(k);
    tasks.mark();
  };

  // ---- pipeline:progress
  const finals = new Map<string, RunSummary>();
  const progress = new Throttle(intervalMs, () => {
    const out = new Map<string, RunSummary>(finals);
    finals.clear();
    for (const id of source.activeRunIds()) {
      if (out.has(id)) continue;
      const s = source.summary(id);
      if (s) out.set(id, s);
    }
    if (out.size > 0) deliver('pipeline:progress', [...out.values()]);
  });

  // ---- review:changed
  const changed = new Set<string>();
  const review = new Throttle(intervalMs, () => {
    if (changed.size === 0) return;
    const ids = [...changed];
    changed.clear();
    deliver('review:changed', { ids, counts: source.reviewCounts() });
  });

  const onPipelineEvent = (e: PipelineEvent): void => {
    switch (e.type) {
      case 'task.started':
      case 'task.succeeded':
      case 'task.skipped':
        putDelta({
          runId: e.runId,
          leadId: e.leadId,
          stage: e.stage,
          status: STATUS_OF[e.type]!,
          ...(e.type === 'task.succeeded' ? { durationMs: e.durationMs } : {}),
        });
        progress.mark();
        return;
      case 'task.failed':
        // A failed attempt that will be retried leaves the task running (in backoff).
        putDelta({ runId: e.runId, leadId: e.leadId, stage: e.stage, status: e.willRetry ? 'running' : 'failed', durationMs: e.durationMs, error: e.error });
        progress.mark();
        return;
      case 'run.started':
      case 'run.progress':
        progress.mark();
        return;
      case 'run.finished': {
        const stillRunning = running.get(e.runId);
        running.delete(e.runId);
        if (stillRunning) {
          for (const k of stillRunning) {
            const [runId, leadId, stage] = k.split('\u0000') as [string, string, string];
            deltas.delete(k);
            deltas.set(k, { runId, leadId, stage, status: 'pending' });
          }
        }
        tasks.now();
        const s = source.summary(e.runId);
        if (s) finals.set(e.runId, s);
        progress.now();
        return;
      }
    }
  };

  const onTasksReset = (runId: string, reset: TaskReset[]): void => {
    for (const t of reset) putDelta({ runId, leadId: t.leadId, stage: t.stage, status: 'pending' });
    progress.mark();
  };

  const onQueueChanged = (ids: string[]): void => {
    for (const id of ids) changed.add(id);
    if (changed.size > 0) review.mark();
  };

  const attach = (): void => {
    const offs = [source.onPipelineEvent(onPipelineEvent), source.onTasksReset(onTasksReset), source.onQueueChanged(onQueueChanged)];
    unsubscribe = () => offs.forEach((off) => off());
  };
  const detach = (): void => {
    unsubscribe?.();
    unsubscribe = undefined;
    for (const t of [tasks, progress, review]) t.cancel();
    deltas.clear();
    running.clear();
    finals.clear();
    changed.clear();
  };

  return {
    subscribe(listener) {
      if (closed) return () => undefined;
      listeners.add(listener);
      if (!unsubscribe) attach();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) detach();
      };
    },
    emit(event, payload) {
      if (!closed) deliver(event, payload);
    },
    close() {
      if (closed) return;
      closed = true;
      detach();
      listeners.clear();
    },
  };
}
