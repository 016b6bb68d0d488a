import { StageTimeoutError } from './errors';

export { StageTimeoutError };

/**
 * The abort handle of one attempt. Its AbortController is created lazily on the first read of `signal` (an
 * AbortController costs a few µs; most no-op or CPU-only stages never look at it), and `abort()` works before
 * or after that: a signal read after `abort()` is already aborted with the same reason.
 */
export class AttemptAbort {
  private ctl: AbortController | undefined;
  private abortedReason: { reason: unknown } | undefined;
  private listener: ((reason: unknown) => void) | undefined;

  /** The attempt's AbortSignal (created on first access). */
  get signal(): AbortSignal {
    if (!this.ctl) {
      this.ctl = new AbortController();
      if (this.abortedReason) this.ctl.abort(this.abortedReason.reason);
    }
    return this.ctl.signal;
  }

  /** Whether abort() was called. */
  get aborted(): boolean {
    return this.abortedReason !== undefined;
  }

  /** The reason given to the first abort(), or undefined. */
  get reason(): unknown {
    return this.abortedReason?.reason;
  }

  /** Aborts the attempt (first call wins): aborts the signal if created and notifies runWithTimeout. */
  abort(reason: unknown): void {
    if (this.abortedReason) return;
    this.abortedReason = { reason };
    this.ctl?.abort(reason);
    this.listener?.(reason);
  }

  /** @internal single subscriber used by runWithTimeout (undefined to unsubscribe). */
  onAbort(listener: ((reason: unknown) => void) | undefined): void {
    this.listener = listener;
  }
}

/** Options of `runWithTimeout`. */
export interface TimeoutOptions {
  /** The attempt's abort handle: aborted with a StageTimeoutError on timeout; others may abort it too (cancel). */
  abort: AttemptAbort;
  /** Per-attempt limit in ms; undefined, 0, negative or non-finite → no timeout. */
  timeoutMs?: number;
  /** Stage name for the timeout message. */
  stage: string;
}

/**
 * Runs one attempt `fn()` under a per-attempt timeout (fn reads the signal from `opts.abort.signal` as needed).
 * - Resolves with fn's value if it settles first.
 * - On timeout (ms): aborts `opts.abort` with a `StageTimeoutError` (so the stage's signal is aborted) and
 *   rejects with that error at once, without waiting for a stage that ignores its signal (its late result is
 *   dropped, its late rejection swallowed).
 * - If `opts.abort` is aborted by someone else (cancel), rejects at once with that reason.
 * - A synchronous throw or a rejection of fn (any value, Error or not) rejects with that value.
 */
export function runWithTimeout<T>(fn: () => Promise<T>, opts: TimeoutOptions): Promise<T> {
  const { abort, timeoutMs, stage } = opts;
  if (abort.aborted) return Promise.reject(abort.reason);
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    abort.onAbort((reason) => {
      if (timer !== undefined) clearTimeout(timer);
      reject(reason);
    });
    const done = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      abort.onAbort(undefined);
    };
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs) && timeoutMs > 0) {
      timer = setTimeout(() => abort.abort(new StageTimeoutError(stage, timeoutMs)), timeoutMs);
    }
    let p: Promise<T>;
    try {
      p = Promise.resolve(fn());
    } catch (err) {
      done();
      reject(err);
      return;
    }
    p.then(
      (v) => {
        done();
        resolve(v);
      },
      (err: unknown) => {
        done();
        reject(err);
      },
    );
  });
}
