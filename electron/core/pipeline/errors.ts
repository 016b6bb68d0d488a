/**
 * Error classes of the pipeline engine and the helper that turns anything thrown into a message.
 */

/** Thrown by `validateFlow` / `compileFlow` (and so by `new PipelineEngine`) for an invalid flow definition. */
export class FlowError extends Error {
  override readonly name = 'FlowError';
}

/** Thrown (or used to reject `start()`) for engine misuse or an infrastructure failure (e.g. the checkpoint threw). */
export class EngineError extends Error {
  override readonly name = 'EngineError';
}

/**
 * Rejection of an attempt that exceeded its stage's `timeoutMs`; also the `reason` of the attempt's aborted signal.
 * `timeoutMs` is the configured limit in ms. Timeouts are retryable (subject to the stage's RetryPolicy).
 */
export class StageTimeoutError extends Error {
  override readonly name = 'StageTimeoutError';
  /**
   * @param stage   stage name, used in the message
   * @param timeoutMs the per-attempt limit that was exceeded, in ms
   */
  constructor(readonly stage: string, readonly timeoutMs: number) {
    super(`stage "${stage}" timed out after ${timeoutMs} ms`);
  }
}

/**
 * A stage may throw this (or any error with `retryable === false`) to fail the task at once, without the
 * remaining retries: e.g. "no domain to look up" is not going to get better on attempt 2.
 */
export class NonRetryableError extends Error {
  override readonly name = 'NonRetryableError';
  readonly retryable = false;
}

/**
 * `reason` of an attempt's signal when the run is cancelled (or paused with `abortInFlight`). The engine treats
 * such an attempt as interrupted: the task goes back to `pending` and is re-run on resume, not marked failed.
 */
export class RunInterruptedError extends Error {
  override readonly name = 'RunInterruptedError';
  /** @param kind why the run stopped: 'cancelled' | 'paused' */
  constructor(readonly kind: 'cancelled' | 'paused') {
    super(`aborted: run ${kind}`);
  }
}

/**
 * Turns any thrown value into a non-empty one-line-ish message: `Error` → its message (or name if empty),
 * string → itself, anything else → JSON (or `String(value)`). Never throws.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name || 'Error';
  if (typeof err === 'string') return err || 'error (empty string thrown)';
  if (err === undefined) return 'undefined thrown';
  try {
    const json = JSON.stringify(err);
    if (json !== undefined && json !== '{}') return json;
  } catch {
    // circular or BigInt: fall through
  }
  try {
    return String(err);
  } catch {
    return 'unprintable value thrown';
  }
}
