import type { ZodType } from 'zod';
import type { AuditEntry, Lead, PipelineEvent, Run, RunCounts, Task } from '@shared/index';

/**
 * Retry with exponential backoff and full jitter: delay(n) = random(0, min(maxDelayMs, baseDelayMs * factor^(n-1))) ms.
 * `attempts` counts every try including the first (1 = no retry).
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  factor?: number;
  jitter?: boolean;
}

/** The result of a dependency as a fan-in stage sees it. */
export type Outcome<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; status: 'failed' | 'skipped'; error: string };

/** What a stage's `run` receives for one lead. */
export interface StageContext {
  runId: string;
  lead: Lead;
  /**
   * Outcomes of the stages named in `needs`. A normal stage only runs when every need succeeded
   * (so every entry is `ok: true`); a stage with `tolerateFailedNeeds` also sees failed/skipped needs.
   */
  deps: Record<string, Outcome>;
  /** 1-based attempt number. */
  attempt: number;
  /**
   * Aborted on timeout (reason: StageTimeoutError), cancel, or pause with `abortInFlight` (reason:
   * RunInterruptedError); a plain pause lets in-flight attempts finish. Long-running stages must honour it.
   * In `skipIf`, this is the run's stop signal (aborted on pause/cancel).
   */
  signal: AbortSignal;
  /** Deterministic key for this task's external effects: `${runId}:${leadId}:${stage}`. */
  idempotencyKey: string;
}

/**
 * A typed pipeline stage. `input` (optional) validates `deps` values of ok needs before the run,
 * as a zod object keyed by need name; `output` validates the result before it is checkpointed.
 */
export interface StageDef<O = unknown> {
  name: string;
  needs: string[];
  input?: ZodType;
  output: ZodType<O>;
  run(ctx: StageContext): Promise<O>;
  /** Return a reason to skip this stage for this lead (task status `skipped`), or null to run it. */
  skipIf?(ctx: StageContext): string | null;
  /** Per-attempt timeout in ms (default: none). */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Name of a resource limiter (e.g. 'dns', 'llm', 'hubspot') the stage's attempts go through. */
  resource?: string;
  /** Fan-in: run even when needs failed or were skipped, receiving their Outcome. */
  tolerateFailedNeeds?: boolean;
  /**
   * For a stage whose effect lives outside the checkpoint (e.g. the queue stage's write to the review queue):
   * whether that effect is durable for a task checkpointed `done`. The store writes collections independently, so
   * a kill can persist the task record but not the effect; on resume, a `done` task for which this returns false
   * is run again (the stage must be idempotent). Called synchronously from the checkpoint scan; keep it O(1).
   */
  effectCommitted?(task: { runId: string; leadId: string; output: unknown }): boolean;
}

/** A flow: a named DAG of stages. */
export interface FlowDef {
  name: string;
  stages: StageDef[];
}

/** Per-resource limiter settings: max concurrent attempts and optional rate (per intervalMs). */
export interface ResourceLimit {
  concurrency: number;
  intervalCap?: number;
  intervalMs?: number;
  /**
   * For a resource whose stages gather concurrent attempts into batched remote calls (e.g. the CRM history: one batch
   * read serves up to 100 leads): the batch size they aim for (integer ≥ 1). Such attempts wait for a remote batch,
   * not for CPU, so they take no global concurrency slot (`concurrency` alone bounds them), and the engine's default
   * active-lead window is at least 2 × `batch` leads, so that one batch can fill while the previous one is in flight.
   */
  batch?: number;
}

/**
 * Where the engine checkpoints runs, tasks and the audit trail. Reads are synchronous (in-memory);
 * writes are durable after `flush()` resolves. Task ids are `${runId}:${leadId}:${stage}`.
 */
export interface Checkpoint {
  getRun(runId: string): Run | undefined;
  putRun(run: Run): void;
  getLead(leadId: string): Lead | undefined;
  getTask(taskId: string): Task | undefined;
  putTask(task: Task): void;
  appendAudit(entry: AuditEntry): void;
  flush(): Promise<void>;
}

export type PipelineListener = (event: PipelineEvent) => void;

/** Options of `new PipelineEngine(...)`. */
export interface PipelineEngineOptions {
  flow: FlowDef;
  checkpoint: Checkpoint;
  /** Global max concurrent task attempts (integer ≥ 1), shared by every run of this engine. */
  concurrency: number;
  /** Limits per resource name (see StageDef.resource); a stage naming an unlisted resource is only globally limited. */
  resources?: Record<string, ResourceLimit>;
  /** Clock for ISO timestamps (default `() => new Date()`); durations use the monotonic `performance.now()`. */
  now?: () => Date;
  /**
   * Max leads per run with work in progress at once (memory bound; default max(16, 2 × concurrency, 2 × the largest
   * `batch` of `resources`)).
   */
  maxActiveLeads?: number;
  /** Min interval between throttled `run.progress` events, in ms (default 100). */
  progressIntervalMs?: number;
  /** [0, 1) source for backoff jitter (default Math.random); inject for deterministic tests. */
  random?: () => number;
  /**
   * Longest stretch in ms the engine keeps the event loop busy before new attempts wait for a `setImmediate` turn
   * (default 10; 0 = never yield). Keeps IPC, timers and store flushes responsive during CPU-only runs.
   */
  yieldEveryMs?: number;
}

/** A run's live (or checkpointed) progress, as `PipelineEngine.progress()` returns it. */
export interface RunProgress {
  counts: RunCounts;
  perStage: Record<string, RunCounts>;
  leadsDone: number;
  leadsTotal: number;
}

/** {@link RunProgress} plus the number of failed leads, as `PipelineEngine.progress()` returns it. */
export interface RunProgressDetail extends RunProgress {
  /** Leads with a failed task whose failure no fan-in absorbed (see `PipelineEngine.failureCountsFor`). */
  leadsFailed: number;
}

/** Timing of a run's current start() session (`PipelineEngine.session`). Times in ms. */
export interface RunSession {
  /** ISO-8601 time the session began. */
  startedAt: string;
  /** ms since the session began (monotonic clock). */
  sessionMs: number;
  /** ms spent in earlier sessions (`run.elapsedMs` at the start). */
  priorElapsedMs: number;
  /** Leads already terminal when the session began. */
  leadsDoneAtStart: number;
  /** Leads terminal now. */
  leadsDone: number;
}

/** A task put back to `pending` by `PipelineEngine.resetFailed`. */
export interface TaskReset {
  leadId: string;
  stage: string;
}
