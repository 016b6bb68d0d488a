import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { AuditEntry, Lead, PipelineEvent, Run, RunStatus, Task } from '@shared/index';
import type { Checkpoint, Outcome, PipelineEngineOptions, PipelineListener, RunProgress, RunProgressDetail, RunSession, StageContext, TaskReset } from './types';
import { compileFlow, type CompiledFlow } from './flow';
import { EngineError, RunInterruptedError, errorMessage } from './errors';
import { backoffDelayMs, isRetryable, maxAttempts, sleep } from './retry';
import { AttemptAbort, runWithTimeout } from './timeout';
import { sha1, stableStringify } from './hash';
import { Scheduler, WaitGroup } from './scheduler';
import { DONE, FAILED, PENDING, RUNNING, SKIPPED, TaskTable, isTerminal, statusCode, type StatusCode } from './task-table';

/**
 * Run statuses after which `start()` does nothing. `failed` is not among them: a run only fails on an
 * infrastructure error (the checkpoint threw), so a later start() resumes it like a paused run.
 */
const FINISHED: ReadonlySet<RunStatus> = new Set<RunStatus>(['done', 'cancelled']);

/** Result of one attempt as the retry loop sees it. */
type AttemptResult =
  | { kind: 'ok'; output: unknown; durationMs: number }
  | { kind: 'error'; error: string; retryable: boolean; durationMs: number }
  | { kind: 'interrupted'; error: string; durationMs: number }
  | { kind: 'stopped' };
const STOPPED: AttemptResult = { kind: 'stopped' };

/** State of one lead while it has unfinished tasks (only `maxActiveLeads` of these exist per run). */
interface LeadJob {
  li: number;
  leadId: string;
  lead: Lead | undefined;
  leadHash: string | undefined;
  /** Per stage index: stable JSON of its Outcome, computed once when a dependant first hashes it. */
  outcomeJson: (string | undefined)[];
  /** Outcome per stage index once terminal (from this session or the checkpoint). */
  outcomes: (Outcome | undefined)[];
  /** Per stage index: needs not yet terminal. */
  waiting: number[];
  /** Stages not yet terminal. */
  unfinished: number;
}

/** Per-task mutable bookkeeping across the attempts of one session. */
interface TaskRun {
  taskId: string;
  inputHash: string;
  deps: Record<string, Outcome>;
  /** Attempts recorded in the checkpoint (previous sessions + this one so far). */
  attempts: number;
  startedAt: string | undefined;
  t0: number;
  lastError: string | undefined;
}

/** State of a run while `start()` is in progress. */
interface RunState {
  runId: string;
  run: Run;
  leadIds: string[];
  table: TaskTable;
  nextLead: number;
  activeLeads: number;
  leadsDone: number;
  /** Tasks between `ready` and terminal/interrupted (queued, attempting or in backoff). */
  inflight: number;
  stop: 'paused' | 'cancelled' | null;
  /** The run was `pending` (never started): no task records can exist, so no checkpoint reads are needed. */
  fresh: boolean;
  fatal: { error: unknown } | null;
  /** Aborted on pause/cancel/fatal: wakes backoff sleeps; the signal `skipIf` sees. */
  stopCtl: AbortController;
  /** Controllers of attempts currently running (for cancel / pause-abort). */
  attemptCtls: Set<AttemptAbort>;
  /** Attempts of this run still waiting in a resource queue (dropped on pause/cancel/fatal). */
  waiting: WaitGroup;
  finished: boolean;
  pumping: boolean;
  pumpAgain: boolean;
  lastProgressAt: number;
  progressTimer: ReturnType<typeof setTimeout> | undefined;
  promise: Promise<Run>;
  resolve: (run: Run) => void;
  reject: (err: unknown) => void;
  /** performance.now() when this session began (start()). */
  t0: number;
  /** ISO time this session began. */
  startedAt: string;
  /** `run.elapsedMs` when the session began (time spent in earlier sessions, ms). */
  priorElapsedMs: number;
  /** Leads already terminal when the session began. */
  leadsDoneAtStart: number;
  /** Set by suspend(): the run stops like a pause but stays `running` in the checkpoint (resumed at next launch). */
  suspended: boolean;
}

/**
 * The pipeline engine: runs a FlowDef (a DAG of stages) over the leads of a Run, checkpointing every task so a
 * killed process resumes where it stopped.
 *
 * Per (lead, stage) task, id `${runId}:${leadId}:${stage}`: pending → running → done | failed | skipped.
 * - Checkpointing: a task is `putTask`-ed as `running` (attempts = n) right before attempt n starts, and its
 *   terminal record (done + output, or failed + error, or skipped + reason in `error`) is ONE `putTask`.
 *   A task never started has no record: a missing record means `pending`. Tasks of a paused/cancelled run that
 *   had started are put back as `pending` (attempts and last error kept).
 * - Audit: one `appendAudit` per attempt outcome (`${taskId}#${attempt}`), plus one per skip (`${taskId}#skip`,
 *   attempt = attempts + 1, reason in `error`). An attempt interrupted by cancel is audited as failed with
 *   error "aborted: run cancelled".
 * - Scheduling: see Scheduler (resource slot first, then global slot). Leads are processed in a sliding window of
 *   `maxActiveLeads` leads per run; within a lead, every stage whose needs are terminal runs at once (fan-out).
 * - Retries: per stage RetryPolicy, counted per `start()` session (attempt numbers keep growing across
 *   sessions). Output-schema violations and timeouts are retryable; errors with `retryable === false` are not;
 *   skipIf/input-schema failures fail the task at once.
 * - Stage errors (anything thrown, Error or not) are recorded as message strings and never crash the engine.
 *   Listener exceptions are swallowed. Only checkpoint failures are fatal for a run (see `start`).
 * - Timing: each start() stamps `run.startedAt`; when the session ends, its wall time is added to `run.elapsedMs`.
 * - Fairness: attempts yield to the event loop after `yieldEveryMs` of uninterrupted work (CPU-only stages would
 *   otherwise hold timers and I/O until the whole run ends).
 * - Retry failed: `resetFailed` / `retryFailed` put failed tasks (and the ones skipped because of them) back to pending.
 */
export class PipelineEngine {
  private readonly flow: CompiledFlow;
  private readonly checkpoint: Checkpoint;
  private readonly scheduler: Scheduler;
  /** Injected clock, or null for the system clock (then ISO strings are cached per millisecond). */
  private readonly clock: (() => Date) | null;
  private isoMs = -1;
  private isoStr = '';
  private readonly maxActiveLeads: number;
  private readonly progressIntervalMs: number;
  private readonly random: () => number;
  private readonly yieldEveryMs: number;
  /** performance.now() of the last yield to the event loop (see `turn`). */
  private lastYield = performance.now();
  /** The pending yield every attempt waits for while the engine has hogged the event loop. */
  private pendingTurn: Promise<void> | null = null;
  private readonly listeners = new Set<PipelineListener>();
  private readonly active = new Map<string, RunState>();
  /** Per stage index: its needs' indexes sorted by stage name (hash order independent of declaration order). */
  private readonly needsByName: number[][];
  /**
   * Per stage index: whether a failure of that stage fails the lead. False when every dependant of the stage is a
   * fan-in that tolerates failed needs (an enrichment source failing is absorbed by synthesize).
   */
  private readonly failureCounts: boolean[];

  /**
   * @throws FlowError for an invalid flow (see validateFlow); EngineError for concurrency < 1, a bad
   *   ResourceLimit or maxActiveLeads < 1.
   */
  constructor(opts: PipelineEngineOptions) {
    this.flow = compileFlow(opts.flow);
    this.checkpoint = opts.checkpoint;
    this.needsByName = this.flow.needs.map((ns) => [...ns].sort((a, b) => (this.flow.names[a] < this.flow.names[b] ? -1 : 1)));
    this.failureCounts = this.flow.dependants.map((ds) => ds.length === 0 || ds.some((d) => !this.flow.stages[d].tolerateFailedNeeds));
    this.scheduler = new Scheduler(opts.concurrency, opts.resources);
    this.clock = opts.now ?? null;
    this.maxActiveLeads = opts.maxActiveLeads ?? Math.max(16, 2 * opts.concurrency, ...Object.values(opts.resources ?? {}).map((r) => 2 * (r.batch ?? 0)));
    if (!Number.isInteger(this.maxActiveLeads) || this.maxActiveLeads < 1) throw new EngineError(`maxActiveLeads must be an integer ≥ 1, got ${opts.maxActiveLeads}`);
    this.progressIntervalMs = opts.progressIntervalMs ?? 100;
    this.random = opts.random ?? Math.random;
    this.yieldEveryMs = opts.yieldEveryMs ?? 10;
  }

  /** Stage names of the engine's flow, in topological order. */
  get stages(): string[] {
    return [...this.flow.names];
  }

  /**
   * Creates and checkpoints (putRun) a new Run `{ status: 'pending', flow, stages (topological), leadIds, label }`.
   * @param opts.leadIds lead ids to process, in processing order (no duplicates; may be empty)
   * @param opts.runId   id to use (default a random UUID)
   * @throws EngineError if `runId` already exists in the checkpoint or leadIds has duplicates.
   */
  createRun(opts: { leadIds: string[]; label?: string; runId?: string }): Run {
    const id = opts.runId ?? randomUUID();
    if (this.checkpoint.getRun(id)) throw new EngineError(`run ${id} already exists`);
    const unique = new Set(opts.leadIds);
    if (unique.size !== opts.leadIds.length) throw new EngineError(`run ${id}: leadIds contain duplicates`);
    const at = this.iso();
    const run: Run = {
      id,
      flow: this.flow.name,
      status: 'pending',
      leadIds: [...opts.leadIds],
      stages: [...this.flow.names],
      ...(opts.label !== undefined ? { label: opts.label } : {}),
      createdAt: at,
      updatedAt: at,
    };
    this.checkpoint.putRun(run);
    return run;
  }

  /**
   * Runs or resumes a run until every (lead, stage) task is terminal, then marks it `done`, flushes the checkpoint
   * and resolves with the final Run. After `pause()` it resolves with status `paused`, after `cancel()` with
   * `cancelled` (unless every task had already finished: then `done`).
   * Resume: tasks checkpointed done/failed/skipped are never re-run (their output / error feeds dependants);
   * tasks found running or pending are run again. A run already done or cancelled is returned as is,
   * untouched; a `failed` run (checkpoint error) is resumed. Calling start() again while the run is in progress returns the same promise.
   * @throws (rejects) EngineError if the run is unknown or belongs to another flow; EngineError with `cause`
   *   when the checkpoint throws (a put or flush): in-flight attempts are then aborted and the run is put `failed`
   *   (best effort).
   */
  start(runId: string): Promise<Run> {
    const existing = this.active.get(runId);
    if (existing) return existing.promise;
    const run = this.checkpoint.getRun(runId);
    if (!run) return Promise.reject(new EngineError(`unknown run ${runId}`));
    if (FINISHED.has(run.status)) return Promise.resolve(run);
    if (run.flow !== this.flow.name) return Promise.reject(new EngineError(`run ${runId} belongs to flow "${run.flow}", not "${this.flow.name}"`));

    let state: RunState;
    try {
      state = this.initState(run);
    } catch (err) {
      return Promise.reject(new EngineError(`run ${runId}: could not read the checkpoint: ${errorMessage(err)}`, { cause: err }));
    }
    this.active.set(runId, state);
    try {
      const at = state.startedAt;
      state.run = { ...run, status: 'running', stages: [...this.flow.names], updatedAt: at, startedAt: at };
      delete state.run.finishedAt;
      this.checkpoint.putRun(state.run);
      if (this.listeners.size > 0) this.emit({ type: 'run.started', runId, at, total: state.table.leadCount * this.flow.names.length });
      this.pump(state);
    } catch (err) {
      this.fail(state, err);
    }
    return state.promise;
  }

  /**
   * Pauses a run in progress: no new attempt starts (queued attempts and retries in backoff are dropped and their
   * tasks go back to `pending`); in-flight attempts are allowed to finish and are checkpointed (no paid LLM call
   * is wasted), unless `abortInFlight` is set, in which case their signal is aborted with a RunInterruptedError
   * and their tasks go back to `pending`. Resolves with the Run once start() has settled (status `paused`, or
   * `done` if nothing was left). A later start() resumes. On a run not in progress: resolves with it, unchanged.
   * @throws (rejects) EngineError for an unknown run, or as start() rejects.
   */
  pause(runId: string, opts: { abortInFlight?: boolean } = {}): Promise<Run> {
    const state = this.active.get(runId);
    if (!state) {
      const run = this.checkpoint.getRun(runId);
      return run ? Promise.resolve(run) : Promise.reject(new EngineError(`unknown run ${runId}`));
    }
    if (!state.stop && !state.finished) {
      state.stop = 'paused';
      state.stopCtl.abort(new RunInterruptedError('paused'));
      state.waiting.dropWaiting(new RunInterruptedError('paused'));
      if (opts.abortInFlight) for (const ctl of state.attemptCtls) ctl.abort(new RunInterruptedError('paused'));
      this.maybeFinish(state);
    }
    return state.promise;
  }

  /**
   * Stops a run for an app shutdown: exactly like `pause()` (in-flight attempts finish and are checkpointed, queued
   * ones go back to `pending`), but the run stays `running` in the checkpoint, as after a crash, so the next launch
   * resumes it (see the app's `resumeInterrupted`). Resolves with that Run (status `running`, or `done` if nothing
   * was left). On a run not in progress: resolves with it, unchanged.
   * @throws (rejects) EngineError for an unknown run, or as start() rejects.
   */
  suspend(runId: string): Promise<Run> {
    const state = this.active.get(runId);
    if (state && !state.stop && !state.finished) state.suspended = true;
    return this.pause(runId);
  }

  /**
   * Cancels a run: no new attempt starts, in-flight attempts are aborted (signal reason RunInterruptedError,
   * start() does not wait for stages that ignore it), started-but-unfinished tasks go back to `pending`, pending
   * tasks stay pending, and the run is marked `cancelled` (final: start() will not resume it). Resolves with the
   * final Run. On a run not in progress (e.g. paused): marks it cancelled, flushes, resolves; a finished run is
   * returned unchanged.
   * @throws (rejects) EngineError for an unknown run, or as start() rejects.
   */
  cancel(runId: string): Promise<Run> {
    const state = this.active.get(runId);
    if (!state) return this.cancelIdle(runId);
    if (!state.finished && state.stop !== 'cancelled') {
      state.stop = 'cancelled';
      const reason = new RunInterruptedError('cancelled');
      if (!state.stopCtl.signal.aborted) state.stopCtl.abort(reason);
      state.waiting.dropWaiting(reason);
      for (const ctl of state.attemptCtls) ctl.abort(reason);
      this.maybeFinish(state);
    }
    return state.promise;
  }

  /**
   * Current counts of a run: live from the engine's index while it is in progress, otherwise computed from the
   * checkpoint (O(leads × stages) getTask calls).
   * @throws EngineError for an unknown run.
   */
  progress(runId: string): RunProgressDetail {
    const state = this.active.get(runId);
    if (state) return { ...this.snapshot(state), leadsFailed: state.table.countFailedLeads(this.failureCounts) };
    const run = this.checkpoint.getRun(runId);
    if (!run) throw new EngineError(`unknown run ${runId}`);
    const table = this.scanTable(run);
    return {
      counts: table.counts(),
      perStage: table.perStageCounts(),
      leadsDone: table.countTerminalLeads(),
      leadsTotal: run.leadIds.length,
      leadsFailed: table.countFailedLeads(this.failureCounts),
    };
  }

  /**
   * Timing of a run's current session (the start() in progress), or undefined when it is not in progress here.
   * Output: ISO start time, ms since then (monotonic clock), ms of earlier sessions, leads terminal at the start
   * and now. O(1).
   */
  session(runId: string): RunSession | undefined {
    const state = this.active.get(runId);
    if (!state) return undefined;
    return {
      startedAt: state.startedAt,
      sessionMs: Math.max(0, performance.now() - state.t0),
      priorElapsedMs: state.priorElapsedMs,
      leadsDoneAtStart: state.leadsDoneAtStart,
      leadsDone: state.leadsDone,
    };
  }

  /**
   * Whether a failed task of `stage` makes its lead count as failed: false for a stage whose every dependant is a
   * fan-in tolerating failed needs (its failure is absorbed). Unknown stage names count (true).
   */
  failureCountsFor(stage: string): boolean {
    const si = this.flow.index.get(stage);
    return si === undefined ? true : this.failureCounts[si];
  }

  /**
   * Puts a run's failed tasks back to `pending` so a later start() runs them again, together with the tasks that
   * were skipped only because a need failed (`need <stage> failed|skipped` where that need is reset too, in
   * topological order). Failures a fan-in absorbed (see `failureCountsFor`) are left alone unless
   * `opts.includeAbsorbed` or the fan-in itself is reset (it then sees a fresh attempt of them). Tasks keep their attempt count (attempt numbers keep growing) and last error; each gets
   * a fresh retry budget in the next session.
   * Checkpoint order (crash-safe): the run is put `paused` (no finishedAt) and flushed first, then the task
   * records are put and flushed, so a crash in between leaves a resumable run whose tasks are either reset or not.
   * Nothing is written when no task qualifies.
   * @returns the tasks reset (lead id + stage name) and how many leads they belong to
   * @throws (rejects) EngineError for an unknown run, a run in progress (pause it first), a cancelled run, a run of
   *   another flow; checkpoint errors as thrown by put/flush.
   */
  async resetFailed(runId: string, opts: { includeAbsorbed?: boolean } = {}): Promise<{ tasks: TaskReset[]; leads: number }> {
    if (this.active.has(runId)) throw new EngineError(`run ${runId} is in progress; pause it before retrying failed tasks`);
    const run = this.checkpoint.getRun(runId);
    if (!run) throw new EngineError(`unknown run ${runId}`);
    if (run.status === 'cancelled') throw new EngineError(`run ${runId} was cancelled; it cannot be resumed`);
    if (run.flow !== this.flow.name) throw new EngineError(`run ${runId} belongs to flow "${run.flow}", not "${this.flow.name}"`);
    const { names, needs, dependants } = this.flow;
    const resets: Task[] = [];
    const out: TaskReset[] = [];
    let leads = 0;
    const S = names.length;
    const reset = new Array<boolean>(S);
    const found = new Array<Task | undefined>(S);
    for (const leadId of run.leadIds) {
      reset.fill(false);
      let any = false;
      for (let si = 0; si < S; si++) {
        const t = (found[si] = this.checkpoint.getTask(`${run.id}:${leadId}:${names[si]}`));
        if (!t) continue;
        if (t.status === 'failed') reset[si] = opts.includeAbsorbed === true || this.failureCounts[si];
        else if (t.status === 'skipped' && t.error?.startsWith('need ')) reset[si] = needs[si].some((ni) => reset[ni]);
      }
      // An absorbed failure is retried too when the fan-in that absorbed it runs again (it gets a fresh input).
      for (let si = S - 1; si >= 0; si--) {
        if (!reset[si] && found[si]?.status === 'failed' && dependants[si].some((d) => reset[d])) reset[si] = true;
      }
      for (let si = 0; si < S; si++) {
        const t = found[si];
        if (!reset[si] || !t) continue;
        any = true;
        const { output: _o, finishedAt: _f, durationMs: _d, startedAt: _s, ...rest } = t;
        resets.push({ ...rest, status: 'pending' });
        out.push({ leadId, stage: names[si] });
      }
      if (any) leads++;
    }
    if (resets.length === 0) return { tasks: [], leads: 0 };
    const { finishedAt: _old, ...rest } = run;
    this.checkpoint.putRun({ ...rest, status: 'paused', updatedAt: this.iso() });
    await this.checkpoint.flush();
    for (const t of resets) this.checkpoint.putTask(t);
    await this.checkpoint.flush();
    return { tasks: out, leads };
  }

  /**
   * Retries a run's failed leads: pauses the run if it is in progress (in-flight attempts finish), then
   * `resetFailed(runId, opts)`, then `start(runId)`. Resolves with the final Run of that start (a run with nothing
   * to reset is started anyway: a done run resolves at once, unchanged).
   * @throws (rejects) as resetFailed and start.
   */
  async retryFailed(runId: string, opts: { includeAbsorbed?: boolean } = {}): Promise<Run> {
    if (this.active.has(runId)) await this.pause(runId);
    await this.resetFailed(runId, opts);
    return this.start(runId);
  }

  /** Whether start(runId) is in progress in this engine. */
  isRunning(runId: string): boolean {
    return this.active.has(runId);
  }

  /**
   * Subscribes to every PipelineEvent of every run (delivered synchronously; a throwing listener is ignored).
   * @returns a function that unsubscribes.
   */
  on(listener: PipelineListener): () => void {
    this.listeners.add(listener);
    return () => this.off(listener);
  }

  /** Unsubscribes a listener given to `on` (no-op if unknown). */
  off(listener: PipelineListener): void {
    this.listeners.delete(listener);
  }

  // ---------------------------------------------------------------- run lifecycle

  private initState(run: Run): RunState {
    let resolve!: (run: Run) => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<Run>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const fresh = run.status === 'pending';
    const table = fresh ? new TaskTable(run.leadIds.length, this.flow.names) : this.scanTable(run);
    const stopCtl = new AbortController();
    setMaxListeners(0, stopCtl.signal);
    const leadsDone = table.countTerminalLeads();
    return {
      runId: run.id,
      run,
      leadIds: run.leadIds,
      table,
      nextLead: 0,
      activeLeads: 0,
      leadsDone,
      inflight: 0,
      stop: null,
      fresh,
      fatal: null,
      stopCtl,
      attemptCtls: new Set(),
      waiting: new WaitGroup(),
      finished: false,
      pumping: false,
      pumpAgain: false,
      lastProgressAt: -Infinity,
      progressTimer: undefined,
      promise,
      resolve,
      reject,
      t0: performance.now(),
      startedAt: this.iso(),
      priorElapsedMs: run.elapsedMs ?? 0,
      leadsDoneAtStart: leadsDone,
      suspended: false,
    };
  }

  /** Builds the status index of a run from the checkpoint; `running` records count as pending. */
  private scanTable(run: Run): TaskTable {
    const names = this.flow.names;
    const table = new TaskTable(run.leadIds.length, names);
    run.leadIds.forEach((leadId, li) => {
      for (let si = 0; si < names.length; si++) {
        const t = this.checkpoint.getTask(`${run.id}:${leadId}:${names[si]}`);
        if (!t || !isTerminal(statusCode(t.status))) continue;
        const committed = this.flow.stages[si]!.effectCommitted;
        // A done task whose external effect did not reach the disk before a kill is run again (idempotent stage).
        if (committed && t.status === 'done' && !committed({ runId: run.id, leadId, output: t.output })) continue;
        table.set(li, si, statusCode(t.status));
      }
    });
    return table;
  }

  /** Starts leads while the window has room; finishes the run when nothing is left. Re-entrant safe. */
  private pump(state: RunState): void {
    if (state.pumping) {
      state.pumpAgain = true;
      return;
    }
    state.pumping = true;
    try {
      do {
        state.pumpAgain = false;
        while (!state.stop && state.activeLeads < this.maxActiveLeads && state.nextLead < state.leadIds.length) {
          const li = state.nextLead++;
          if (!state.table.leadTerminal(li)) this.startLead(state, li);
        }
      } while (state.pumpAgain);
    } finally {
      state.pumping = false;
    }
    this.maybeFinish(state);
  }

  private maybeFinish(state: RunState): void {
    if (state.finished || state.inflight > 0 || state.pumping) return;
    if (state.stop || state.fatal || (state.activeLeads === 0 && state.nextLead >= state.leadIds.length)) {
      state.finished = true;
      void this.finalize(state);
    }
  }

  private async finalize(state: RunState): Promise<void> {
    if (state.progressTimer !== undefined) clearTimeout(state.progressTimer);
    state.progressTimer = undefined;
    const allDone = state.leadsDone === state.leadIds.length;
    const stopped: RunStatus = state.fatal ? 'failed' : allDone ? 'done' : (state.stop ?? 'done');
    const status: RunStatus = stopped === 'paused' && state.suspended ? 'running' : stopped;
    let error: unknown = state.fatal?.error;
    const at = this.iso();
    const { finishedAt: _old, ...rest } = state.run;
    const elapsedMs = Math.round(state.priorElapsedMs + Math.max(0, performance.now() - state.t0));
    const run: Run = { ...rest, status, updatedAt: at, elapsedMs, ...(status === 'paused' || status === 'running' ? {} : { finishedAt: at }) };
    state.run = run;
    this.emitProgress(state);
    try {
      this.checkpoint.putRun(run);
      await this.checkpoint.flush();
    } catch (err) {
      error ??= err;
    }
    this.active.delete(state.runId);
    if (this.listeners.size > 0) this.emit({ type: 'run.finished', runId: state.runId, at: this.iso(), status: error ? 'failed' : status, counts: state.table.counts() });
    if (error !== undefined) state.reject(new EngineError(`run ${state.runId} failed: ${errorMessage(error)}`, { cause: error }));
    else state.resolve(run);
  }

  /** Infrastructure failure (checkpoint threw): stop everything, abort in-flight attempts, finalize as failed. */
  private fail(state: RunState, err: unknown): void {
    if (state.fatal) return;
    state.fatal = { error: err };
    const reason = new RunInterruptedError('cancelled');
    if (!state.stopCtl.signal.aborted) state.stopCtl.abort(reason);
    state.waiting.dropWaiting(reason);
    for (const ctl of state.attemptCtls) ctl.abort(reason);
    this.maybeFinish(state);
  }

  private async cancelIdle(runId: string): Promise<Run> {
    const run = this.checkpoint.getRun(runId);
    if (!run) throw new EngineError(`unknown run ${runId}`);
    if (FINISHED.has(run.status)) return run;
    const at = this.iso();
    const cancelled: Run = { ...run, status: 'cancelled', updatedAt: at, finishedAt: at };
    this.checkpoint.putRun(cancelled);
    await this.checkpoint.flush();
    return cancelled;
  }

  // ---------------------------------------------------------------- per lead

  private startLead(state: RunState, li: number): void {
    const { names, needs } = this.flow;
    const S = names.length;
    const leadId = state.leadIds[li];
    const job: LeadJob = {
      li,
      leadId,
      lead: this.checkpoint.getLead(leadId),
      leadHash: undefined,
      outcomes: new Array<Outcome | undefined>(S),
      outcomeJson: new Array<string | undefined>(S),
      waiting: new Array<number>(S).fill(0),
      unfinished: 0,
    };
    for (let si = 0; si < S; si++) {
      const code = state.table.get(li, si);
      if (isTerminal(code)) job.outcomes[si] = outcomeOf(this.checkpoint.getTask(`${state.runId}:${leadId}:${names[si]}`), code);
      else job.unfinished++;
    }
    state.activeLeads++;
    if (!job.lead) {
      for (let si = 0; si < S; si++) {
        if (isTerminal(state.table.get(li, si))) continue;
        this.finishTask(state, job, si, FAILED, { taskId: `${state.runId}:${leadId}:${names[si]}`, error: `lead ${leadId} not found`, attempts: 0 });
      }
      return;
    }
    const ready: number[] = [];
    for (let si = 0; si < S; si++) {
      if (isTerminal(state.table.get(li, si))) continue;
      let w = 0;
      for (const ni of needs[si]) if (!isTerminal(state.table.get(li, ni))) w++;
      job.waiting[si] = w;
      if (w === 0) ready.push(si);
    }
    for (const si of ready) this.ready(state, job, si);
  }

  /** Called when stage si of a lead has all needs terminal: skip it, fail it, or launch its attempts. */
  private ready(state: RunState, job: LeadJob, si: number): void {
    if (state.stop || state.fatal) return;
    const stage = this.flow.stages[si];
    const taskId = `${state.runId}:${job.leadId}:${stage.name}`;
    const deps: Record<string, Outcome> = {};
    let blocked: string | undefined;
    for (const ni of this.flow.needs[si]) {
      const o = job.outcomes[ni]!;
      deps[this.flow.names[ni]] = o;
      if (!o.ok && blocked === undefined) blocked = `need ${this.flow.names[ni]} ${o.status}`;
    }
    const inputHash = this.inputHash(job, si);
    if (blocked !== undefined && !stage.tolerateFailedNeeds) {
      this.finishTask(state, job, si, SKIPPED, { taskId, error: blocked, inputHash, attempts: 0 });
      return;
    }
    const prevAttempts = state.fresh ? 0 : (this.checkpoint.getTask(taskId)?.attempts ?? 0);
    if (stage.skipIf) {
      let reason: string | null | undefined;
      try {
        reason = stage.skipIf({ runId: state.runId, lead: job.lead!, deps, attempt: prevAttempts + 1, signal: state.stopCtl.signal, idempotencyKey: taskId });
      } catch (err) {
        this.finishTask(state, job, si, FAILED, { taskId, inputHash, attempts: prevAttempts + 1, error: `stage "${stage.name}" skipIf threw: ${errorMessage(err)}`, audit: true });
        return;
      }
      if (reason !== null && reason !== undefined) {
        this.finishTask(state, job, si, SKIPPED, { taskId, error: String(reason) || 'skipped by skipIf', inputHash, attempts: prevAttempts });
        return;
      }
    }
    if (stage.input) {
      const values: Record<string, unknown> = {};
      for (const [k, o] of Object.entries(deps)) if (o.ok) values[k] = o.value;
      const parsed = stage.input.safeParse(values);
      if (!parsed.success) {
        this.finishTask(state, job, si, FAILED, { taskId, inputHash, attempts: prevAttempts + 1, error: `stage "${stage.name}" received invalid input: ${formatIssues(parsed.error.issues)}`, audit: true });
        return;
      }
      const data = parsed.data as Record<string, unknown> | null;
      if (data && typeof data === 'object') for (const k of Object.keys(values)) if (k in data) deps[k] = { ok: true, value: data[k] };
    }
    state.inflight++;
    void this.runTask(state, job, si, { taskId, inputHash, deps, attempts: prevAttempts, startedAt: undefined, t0: 0, lastError: undefined });
  }

  /**
   * sha1 over the lead's stable JSON and the stable JSON of each need's Outcome, needs sorted by name:
   * `sha1(sha1(lead) + "\n" + name + "=" + json + "\n" ...)`. Each JSON is computed once per lead and stage.
   */
  private inputHash(job: LeadJob, si: number): string {
    job.leadHash ??= sha1(stableStringify(job.lead));
    let text = job.leadHash;
    for (const ni of this.needsByName[si]) {
      const json = (job.outcomeJson[ni] ??= stableStringify(job.outcomes[ni]));
      text += `\n${this.flow.names[ni]}=${json}`;
    }
    return sha1(text);
  }

  /** The retry loop of one task. Never rejects: checkpoint failures go to `fail`. */
  private async runTask(state: RunState, job: LeadJob, si: number, t: TaskRun): Promise<void> {
    try {
      const stage = this.flow.stages[si];
      const max = maxAttempts(stage.retry);
      for (let n = 1; ; n++) {
        const turn = this.turn();
        if (turn) await turn;
        let res: AttemptResult = STOPPED;
        if (!state.stop && !state.fatal) {
          try {
            res = await this.scheduler.run(stage.resource, () => this.attempt(state, job, si, t), state.waiting);
          } catch (err) {
            // dropped from a resource queue by pause/cancel; anything else is a checkpoint failure
            if (!(state.stop || state.fatal)) throw err;
          }
        }
        if (res.kind === 'ok') {
          this.finishTask(state, job, si, DONE, { taskId: t.taskId, inputHash: t.inputHash, attempts: t.attempts, output: res.output, run: t, attemptMs: res.durationMs });
          return;
        }
        if (res.kind === 'stopped' || res.kind === 'interrupted') {
          if (res.kind === 'interrupted') this.audit(state, job, si, t, 'failed', res.durationMs, undefined, res.error);
          this.backToPending(state, job, si, t);
          return;
        }
        this.audit(state, job, si, t, 'failed', res.durationMs, undefined, res.error);
        const canRetry = n < max && res.retryable;
        if (!canRetry) {
          this.finishTask(state, job, si, FAILED, { taskId: t.taskId, inputHash: t.inputHash, attempts: t.attempts, error: res.error, run: t, attemptMs: res.durationMs });
          return;
        }
        if (this.listeners.size > 0) this.emit({ type: 'task.failed', runId: state.runId, leadId: job.leadId, stage: stage.name, attempt: t.attempts, error: res.error, willRetry: true, durationMs: res.durationMs, at: this.iso() });
        t.lastError = res.error;
        try {
          await sleep(backoffDelayMs(stage.retry!, n, this.random), state.stopCtl.signal);
        } catch {
          this.backToPending(state, job, si, t);
          return;
        }
      }
    } catch (err) {
      this.fail(state, err);
    } finally {
      state.inflight--;
      this.maybeFinish(state);
    }
  }

  /**
   * Stages that resolve without real I/O (the rule-based agents) chain attempts through microtasks only, which would
   * keep timers and I/O (IPC, store flushes, progress events) waiting until a whole run ends. So once the engine has
   * run for `yieldEveryMs` without a macrotask break, the next attempts wait for one `setImmediate` turn (all of them
   * share it). @returns the turn to await, or null when no yield is due
   */
  private turn(): Promise<void> | null {
    if (this.pendingTurn) return this.pendingTurn;
    if (this.yieldEveryMs <= 0 || performance.now() - this.lastYield < this.yieldEveryMs) return null;
    this.pendingTurn = new Promise<void>((resolve) =>
      setImmediate(() => {
        this.pendingTurn = null;
        this.lastYield = performance.now();
        resolve();
      }),
    );
    return this.pendingTurn;
  }

  /** One attempt, run inside the scheduler's slot(s). Marks the task running first. Never rejects for stage errors. */
  private async attempt(state: RunState, job: LeadJob, si: number, t: TaskRun): Promise<AttemptResult> {
    if (state.stop || state.fatal) return STOPPED;
    const stage = this.flow.stages[si];
    const attempt = ++t.attempts;
    const at = this.iso();
    if (t.startedAt === undefined) {
      t.startedAt = at;
      t.t0 = performance.now();
    }
    this.checkpoint.putTask({
      id: t.taskId,
      runId: state.runId,
      leadId: job.leadId,
      stage: stage.name,
      status: 'running',
      attempts: attempt,
      inputHash: t.inputHash,
      startedAt: t.startedAt,
      ...(t.lastError !== undefined ? { error: t.lastError } : {}),
    });
    if (state.table.set(job.li, si, RUNNING)) this.progressDirty(state);
    if (this.listeners.size > 0) this.emit({ type: 'task.started', runId: state.runId, leadId: job.leadId, stage: stage.name, attempt, at });

    const abort = new AttemptAbort();
    state.attemptCtls.add(abort);
    const start = performance.now();
    try {
      const ctx: StageContext = {
        runId: state.runId,
        lead: job.lead!,
        deps: t.deps,
        attempt,
        get signal() {
          return abort.signal;
        },
        idempotencyKey: t.taskId,
      };
      const value = await runWithTimeout(() => stage.run(ctx), { abort, timeoutMs: stage.timeoutMs, stage: stage.name });
      const parsed = stage.output.safeParse(value);
      const durationMs = round(performance.now() - start);
      if (!parsed.success) return { kind: 'error', error: `stage "${stage.name}" returned invalid output: ${formatIssues(parsed.error.issues)}`, retryable: true, durationMs };
      return { kind: 'ok', output: parsed.data, durationMs };
    } catch (err) {
      const durationMs = round(performance.now() - start);
      if (abort.reason instanceof RunInterruptedError) return { kind: 'interrupted', error: abort.reason.message, durationMs };
      return { kind: 'error', error: errorMessage(err), retryable: isRetryable(err), durationMs };
    } finally {
      state.attemptCtls.delete(abort);
    }
  }

  /** A started task of a stopping run goes back to pending (attempts and last error kept). */
  private backToPending(state: RunState, job: LeadJob, si: number, t: TaskRun): void {
    if (t.startedAt === undefined) return; // never marked running: nothing to undo
    this.checkpoint.putTask({
      id: t.taskId,
      runId: state.runId,
      leadId: job.leadId,
      stage: this.flow.names[si],
      status: 'pending',
      attempts: t.attempts,
      inputHash: t.inputHash,
      ...(t.lastError !== undefined ? { error: t.lastError } : {}),
    });
    if (state.table.set(job.li, si, PENDING)) this.progressDirty(state);
  }

  /**
   * Records a terminal task in ONE putTask (+ audit + event), then releases its dependants and, when the lead
   * has nothing left, the lead's window slot.
   */
  private finishTask(
    state: RunState,
    job: LeadJob,
    si: number,
    code: StatusCode,
    f: { taskId: string; attempts: number; inputHash?: string; output?: unknown; error?: string; run?: TaskRun; attemptMs?: number; audit?: boolean },
  ): void {
    const name = this.flow.names[si];
    const at = this.iso();
    const status = code === DONE ? 'done' : code === FAILED ? 'failed' : 'skipped';
    const startedAt = f.run?.startedAt;
    const task: Task = {
      id: f.taskId,
      runId: state.runId,
      leadId: job.leadId,
      stage: name,
      status,
      attempts: f.attempts,
      ...(code === DONE ? { output: f.output } : {}),
      ...(f.error !== undefined ? { error: f.error } : {}),
      ...(f.inputHash !== undefined ? { inputHash: f.inputHash } : {}),
      ...(startedAt !== undefined ? { startedAt, durationMs: round(performance.now() - f.run!.t0) } : {}),
      finishedAt: at,
    };
    this.checkpoint.putTask(task);
    state.table.set(job.li, si, code);
    job.outcomes[si] = code === DONE ? { ok: true, value: f.output } : { ok: false, status, error: f.error ?? status } as Outcome;

    if (code === DONE) {
      this.audit(state, job, si, f.run!, 'succeeded', f.attemptMs ?? 0, f.output, undefined);
      if (this.listeners.size > 0) this.emit({ type: 'task.succeeded', runId: state.runId, leadId: job.leadId, stage: name, attempt: f.attempts, durationMs: f.attemptMs ?? 0, at });
    } else if (code === FAILED) {
      if (f.audit) this.appendAudit(state, job, name, f.attempts, f.inputHash ?? '', 'failed', 0, undefined, f.error);
      if (this.listeners.size > 0) this.emit({ type: 'task.failed', runId: state.runId, leadId: job.leadId, stage: name, attempt: f.attempts, error: f.error ?? 'failed', willRetry: false, durationMs: f.attemptMs ?? 0, at });
    } else {
      this.appendAudit(state, job, name, f.attempts + 1, f.inputHash ?? '', 'skipped', 0, undefined, f.error, `${f.taskId}#skip`);
      if (this.listeners.size > 0) this.emit({ type: 'task.skipped', runId: state.runId, leadId: job.leadId, stage: name, reason: f.error ?? 'skipped', at });
    }
    this.progressDirty(state);

    // Lead completion is decided before releasing dependants: a dependant finishing synchronously (skip)
    // re-enters here, and the lead must be released exactly once.
    if (--job.unfinished === 0) {
      state.activeLeads--;
      state.leadsDone++;
      this.progressDirty(state);
      this.pump(state);
      return;
    }
    for (const d of this.flow.dependants[si]) {
      if (isTerminal(state.table.get(job.li, d))) continue;
      if (--job.waiting[d] === 0) this.ready(state, job, d);
    }
  }

  private audit(state: RunState, job: LeadJob, si: number, t: TaskRun, outcome: AuditEntry['outcome'], durationMs: number, output: unknown, error: string | undefined): void {
    this.appendAudit(state, job, this.flow.names[si], t.attempts, t.inputHash, outcome, durationMs, output, error);
  }

  private appendAudit(
    state: RunState,
    job: LeadJob,
    stage: string,
    attempt: number,
    inputHash: string,
    outcome: AuditEntry['outcome'],
    durationMs: number,
    output: unknown,
    error: string | undefined,
    id?: string,
  ): void {
    const taskId = `${state.runId}:${job.leadId}:${stage}`;
    this.checkpoint.appendAudit({
      id: id ?? `${taskId}#${attempt}`,
      runId: state.runId,
      leadId: job.leadId,
      stage,
      attempt: Math.max(1, attempt),
      inputHash,
      outcome,
      ...(outcome === 'succeeded' ? { output } : {}),
      ...(error !== undefined ? { error } : {}),
      durationMs,
      at: this.iso(),
    });
  }

  // ---------------------------------------------------------------- events

  private snapshot(state: RunState): RunProgress {
    return { counts: state.table.counts(), perStage: state.table.perStageCounts(), leadsDone: state.leadsDone, leadsTotal: state.leadIds.length };
  }

  /** Throttled run.progress: emits at once if the last one is ≥ progressIntervalMs old, else schedules a trailing one. */
  private progressDirty(state: RunState): void {
    if (this.listeners.size === 0 || state.progressTimer !== undefined || state.finished) return;
    const wait = state.lastProgressAt + this.progressIntervalMs - performance.now();
    if (wait <= 0) {
      this.emitProgress(state);
      return;
    }
    state.progressTimer = setTimeout(() => {
      state.progressTimer = undefined;
      if (!state.finished) this.emitProgress(state);
    }, wait);
    state.progressTimer.unref?.();
  }

  private emitProgress(state: RunState): void {
    state.lastProgressAt = performance.now();
    if (this.listeners.size > 0) this.emit({ type: 'run.progress', runId: state.runId, at: this.iso(), ...this.snapshot(state) });
  }

  /** Delivers an event to every listener (callers check `listeners.size` first to skip building it). */
  private emit(event: PipelineEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a listener's bug must not break the run
      }
    }
  }

  private iso(): string {
    if (this.clock) return this.clock().toISOString();
    const ms = Date.now();
    if (ms !== this.isoMs) {
      this.isoMs = ms;
      this.isoStr = new Date(ms).toISOString();
    }
    return this.isoStr;
  }
}

/** Outcome of a task read from the checkpoint (terminal code from the index; record may lack details). */
function outcomeOf(task: Task | undefined, code: StatusCode): Outcome {
  if (code === DONE) return { ok: true, value: task?.output };
  const status = code === FAILED ? 'failed' : 'skipped';
  return { ok: false, status, error: task?.error ?? status };
}

/** `path: message; path: message` from zod issues (root path shown as `(root)`). */
function formatIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`).join('; ');
}

function round(ms: number): number {
  return Math.max(0, Math.round(ms * 1000) / 1000);
}
