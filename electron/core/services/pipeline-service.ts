import type { Run, Settings } from '@shared/index';
import { PipelineEngine } from '../pipeline/engine';
import { errorMessage } from '../pipeline/errors';
import type { Checkpoint, FlowDef, PipelineListener, ResourceLimit, TaskReset } from '../pipeline/types';
import type { Store } from '../store/store';
import { prepareLabelRuns } from './run-service';
import { scanRunProgress, toRunSummary, type RunSummary } from './run-summary';
import type { TaskIndex } from './task-index';

/** What {@link PipelineService} needs from the composition root. */
export interface PipelineServiceDeps {
  store: Store;
  checkpoint: Checkpoint;
  /** Current effective settings (read whenever a flow is built). */
  settings: () => Settings;
  /** Builds the lead flow for the given settings (sources and extra stages included). */
  buildFlow: (settings: Settings) => FlowDef;
  /** Task grid per run (run summaries read it; the checkpoint keeps it current). */
  taskIndex: TaskIndex;
  /** Engine resource limits (e.g. `dns`, `crm`), read whenever an engine is built. */
  resources: () => Record<string, ResourceLimit>;
  /** Receives failures of runs started in the background (default: one line on stderr, message only). */
  onRunError?: (runId: string, message: string) => void;
}

/** Listener of tasks put back to `pending` outside an attempt (retry failed). */
export type TasksResetListener = (runId: string, tasks: TaskReset[]) => void;

/**
 * Owns the lead flow and the pipeline engine for the app and the CLI, and every run started from the app.
 *
 * Settings: `invalidate()` (after settings were saved) rebuilds flow + engine at once when no run is in progress,
 * otherwise at the next start; a run in progress keeps the engine (and settings) it started with until it stops,
 * so a settings change never alters a running run. Runs started from the app run in the background: `start`
 * returns at once and failures are recorded (`lastError`) and reported through `onRunError`.
 * Events of every engine this service built are forwarded to `on` listeners (engines are subscribed only while
 * someone listens, so the CLI pays nothing for them).
 */
export class PipelineService {
  private readonly deps: PipelineServiceDeps;
  private settingsVersion = 0;
  private flowCache: { version: number; flow: FlowDef } | undefined;
  private current: { version: number; engine: PipelineEngine; flow: FlowDef };
  /** Runs started through this service that are in progress → the engine running them. */
  private readonly active = new Map<string, PipelineEngine>();
  private readonly failures = new Map<string, string>();
  private readonly listeners = new Set<PipelineListener>();
  private readonly resetListeners = new Set<TasksResetListener>();
  /** Engines subscribed for forwarding → their unsubscribe function. */
  private readonly subscribed = new Map<PipelineEngine, () => void>();
  private readonly forward: PipelineListener = (e) => {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a listener's bug must not break a run
      }
    }
  };
  private readonly summaryCache = new Map<string, { key: string; progress: ReturnType<typeof scanRunProgress> }>();

  /** Builds the first flow and engine. @throws FlowError/EngineError for an invalid flow or resource limits. */
  constructor(deps: PipelineServiceDeps) {
    this.deps = deps;
    this.current = this.build();
  }

  /** The engine new runs start on (rebuilt lazily after a settings change, see class docs). */
  get engine(): PipelineEngine {
    return this.current.engine;
  }

  /** The flow of {@link engine}. */
  get flow(): FlowDef {
    return this.current.flow;
  }

  /**
   * The lead flow for the settings in effect now (may be newer than {@link flow} while a run holds the old
   * engine). Cached until the next `invalidate()`.
   */
  latestFlow(): FlowDef {
    if (this.flowCache?.version !== this.settingsVersion) {
      this.flowCache = { version: this.settingsVersion, flow: this.deps.buildFlow(this.deps.settings()) };
    }
    return this.flowCache.flow;
  }

  /**
   * Settings changed: the next run starts with a flow built from them. Rebuilds flow + engine now when no run is in
   * progress, otherwise at the next start. @throws FlowError when the new settings give an invalid flow.
   */
  invalidate(): void {
    this.settingsVersion++;
    if (this.activeRunIds().length === 0) this.refreshEngine();
  }

  /** Ids of the runs in progress (started here or directly on the current engine). */
  activeRunIds(): string[] {
    const ids = new Set(this.active.keys());
    for (const run of this.deps.store.collection<Run>('runs').values()) {
      if (run.status === 'running' && this.current.engine.isRunning(run.id)) ids.add(run.id);
    }
    return [...ids];
  }

  /** Whether a run is in progress in this process. */
  isActive(runId: string): boolean {
    return this.active.has(runId) || this.current.engine.isRunning(runId);
  }

  /** The engine a run is in progress on, else the current engine. */
  engineFor(runId: string): PipelineEngine {
    return this.active.get(runId) ?? this.current.engine;
  }

  /**
   * Finds the runs of `label` and creates one for the lead ids none of them covers (see `prepareLabelRuns`), on the
   * engine built from the latest settings. @returns all runs of the label and the created one. @throws flush errors.
   */
  async ensureRuns(label: string, leadIds: string[]): Promise<{ runs: Run[]; created?: Run }> {
    this.refreshEngine();
    return prepareLabelRuns(this.current.engine, this.deps.store, label, leadIds);
  }

  /**
   * Starts or resumes a run in the background and returns at once (no-op when it is already in progress or finished).
   * The engine is the one built from the latest settings. A failure (e.g. the store cannot be written) is recorded:
   * see {@link lastError}. @throws nothing.
   */
  start(runId: string): void {
    if (this.isActive(runId)) return;
    this.refreshEngine();
    const engine = this.current.engine;
    this.failures.delete(runId);
    this.active.set(runId, engine);
    this.subscribeIfListening(engine);
    engine.start(runId).then(
      () => this.settle(runId, engine),
      (err: unknown) => {
        const message = errorMessage(err);
        this.failures.set(runId, message);
        this.settle(runId, engine);
        (this.deps.onRunError ?? ((id, m) => process.stderr.write(`[leadforge] run ${id} stopped: ${m}\n`)))(runId, message);
      },
    );
  }

  /** Message of the last background failure of a run (cleared when it is started again), or undefined. */
  lastError(runId: string): string | undefined {
    return this.failures.get(runId);
  }

  /**
   * Pauses a run in progress: no new attempt starts, in-flight attempts finish and are checkpointed. A run left
   * `running` by a crash or quit (not in progress here) is marked `paused`, so it is not resumed at startup.
   * @returns the Run once stopped (otherwise unchanged). @throws EngineError for an unknown run; checkpoint errors.
   */
  async pause(runId: string): Promise<Run> {
    if (this.isActive(runId)) return this.engineFor(runId).pause(runId);
    const run = this.deps.checkpoint.getRun(runId);
    if (run?.status !== 'running') return this.engineFor(runId).pause(runId);
    // Interrupted (crash/quit) and not resumed yet: record the rep's pause so resumeInterrupted leaves it alone.
    const paused: Run = { ...run, status: 'paused', updatedAt: new Date().toISOString() };
    this.deps.checkpoint.putRun(paused);
    await this.deps.checkpoint.flush();
    return paused;
  }

  /**
   * Cancels a run (final): in-flight attempts are aborted, unfinished tasks stay pending.
   * @returns the final Run. @throws EngineError for an unknown run.
   */
  cancel(runId: string): Promise<Run> {
    return this.engineFor(runId).cancel(runId);
  }

  /**
   * Retry failed leads: pauses the run if in progress, resets its failed tasks and the tasks skipped because of
   * them to pending (see `PipelineEngine.resetFailed`), tells reset listeners, and starts it in the background.
   * @returns the tasks reset. @throws EngineError for an unknown or cancelled run; checkpoint errors.
   */
  async retryFailed(runId: string): Promise<TaskReset[]> {
    if (this.isActive(runId)) {
      await this.engineFor(runId).pause(runId);
      await this.idle(runId);
    }
    this.refreshEngine();
    const { tasks } = await this.current.engine.resetFailed(runId);
    if (tasks.length > 0) {
      this.summaryCache.delete(runId);
      for (const l of this.resetListeners) {
        try {
          l(runId, tasks);
        } catch {
          // ignore listener bugs
        }
      }
    }
    this.start(runId);
    return tasks;
  }

  /**
   * Restarts, in the background, every run the store says is `running` but that is not in progress here: runs
   * interrupted by a crash, a kill or an app quit (see {@link suspendAll}).
   * @returns the ids of the runs restarted
   */
  resumeInterrupted(): string[] {
    const ids: string[] = [];
    for (const run of this.deps.store.collection<Run>('runs').values()) {
      if (run.status === 'running' && !this.isActive(run.id)) ids.push(run.id);
    }
    for (const id of ids) this.start(id);
    return ids;
  }

  /**
   * For an app quit: suspends every run in progress (in-flight attempts finish and are checkpointed; the runs stay
   * `running` in the store so {@link resumeInterrupted} continues them at the next launch). Resolves when all have
   * stopped. Never rejects.
   */
  async suspendAll(): Promise<void> {
    const ids = this.activeRunIds();
    await Promise.all(ids.map((id) => this.engineFor(id).suspend(id).catch(() => undefined)));
  }

  /**
   * Summary of one run for the Pipeline screen: live counts and throughput while in progress, otherwise counts read
   * from the stored tasks (cached until the run record changes).
   * @returns the summary, or undefined for an unknown run id
   */
  summary(runId: string): RunSummary | undefined {
    const run = this.deps.store.collection<Run>('runs').get(runId);
    if (!run) return undefined;
    const engine = this.engineFor(runId);
    if (engine.isRunning(runId)) {
      const session = engine.session(runId);
      return toRunSummary({ ...run, stages: engine.stages }, engine.progress(runId), session);
    }
    const key = `${run.updatedAt}|${run.status}|${run.stages.length}`;
    let cached = this.summaryCache.get(runId);
    if (cached?.key !== key) {
      const engineNow = this.current.engine;
      cached = { key, progress: scanRunProgress(this.deps.taskIndex.grid(run), (s) => engineNow.failureCountsFor(s)) };
      this.summaryCache.set(runId, cached);
    }
    return toRunSummary(run, cached.progress, undefined);
  }

  /** Summaries of every stored run, newest first. */
  summaries(): RunSummary[] {
    const runs = [...this.deps.store.collection<Run>('runs').values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return runs.map((r) => this.summary(r.id)).filter((s): s is RunSummary => s !== undefined);
  }

  /**
   * Subscribes to the PipelineEvents of every engine this service built (current and older ones still running).
   * @returns the unsubscribe function
   */
  on(listener: PipelineListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) {
      this.subscribeIfListening(this.current.engine);
      for (const engine of this.active.values()) this.subscribeIfListening(engine);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        for (const off of this.subscribed.values()) off();
        this.subscribed.clear();
      }
    };
  }

  /** Subscribes to task resets done by {@link retryFailed}. @returns the unsubscribe function */
  onTasksReset(listener: TasksResetListener): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** Resolves once the run is no longer in progress here. */
  private async idle(runId: string): Promise<void> {
    while (this.active.has(runId)) await new Promise((r) => setImmediate(r));
  }

  private settle(runId: string, engine: PipelineEngine): void {
    if (this.active.get(runId) === engine) this.active.delete(runId);
    this.summaryCache.delete(runId);
    // Drop the subscription of an old engine once nothing runs on it.
    if (engine !== this.current.engine && ![...this.active.values()].includes(engine)) {
      this.subscribed.get(engine)?.();
      this.subscribed.delete(engine);
    }
  }

  private subscribeIfListening(engine: PipelineEngine): void {
    if (this.listeners.size === 0 || this.subscribed.has(engine)) return;
    this.subscribed.set(engine, engine.on(this.forward));
  }

  /** Rebuilds flow + engine if settings changed since they were built (runs in progress keep theirs). */
  private refreshEngine(): void {
    if (this.current.version === this.settingsVersion) return;
    const old = this.current.engine;
    this.current = this.build();
    if (![...this.active.values()].includes(old)) {
      this.subscribed.get(old)?.();
      this.subscribed.delete(old);
    }
    this.subscribeIfListening(this.current.engine);
  }

  private build(): { version: number; engine: PipelineEngine; flow: FlowDef } {
    const settings = this.deps.settings();
    const flow = this.latestFlow();
    const engine = new PipelineEngine({
      flow,
      checkpoint: this.deps.checkpoint,
      concurrency: settings.pipeline.concurrency,
      resources: { dns: { concurrency: 16 }, ...this.deps.resources() },
    });
    return { version: this.settingsVersion, engine, flow };
  }
}
