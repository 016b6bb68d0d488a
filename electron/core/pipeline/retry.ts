import type { RetryPolicy } from './types';

/** The policy used when a stage declares none: a single attempt, no retry. */
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/**
 * Backoff before the retry that follows failed attempt number `failedAttempt` (1-based), in ms.
 * Exponential growth capped by `maxDelayMs`: cap = min(maxDelayMs, baseDelayMs × factor^(failedAttempt−1)),
 * factor defaulting to 2; with full jitter (`jitter` defaults to true) the delay is uniform in [0, cap),
 * otherwise exactly `cap`. Negative / NaN inputs are treated as 0. Never throws.
 * @param random a [0, 1) source (injectable for tests); defaults to Math.random.
 */
export function backoffDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const base = nonNegative(policy.baseDelayMs);
  const max = nonNegative(policy.maxDelayMs);
  const factor = policy.factor === undefined ? 2 : nonNegative(policy.factor);
  const exp = Math.max(0, Math.floor(failedAttempt) - 1);
  const cap = Math.min(max, base * Math.pow(factor, exp));
  if (!Number.isFinite(cap) || cap <= 0) return 0;
  return policy.jitter === false ? cap : random() * cap;
}

/** Max attempts (≥ 1, integer) a policy allows; `undefined` → 1. */
export function maxAttempts(policy: RetryPolicy | undefined): number {
  const n = Math.floor(policy?.attempts ?? 1);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

/**
 * Whether a thrown value may be retried: false for anything with `retryable === false`
 * (e.g. NonRetryableError), true otherwise (including timeouts and non-Error throws).
 */
export function isRetryable(err: unknown): boolean {
  return !(typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === false);
}

/**
 * Resolves after `ms` milliseconds (0 or less → next macrotask). If `signal` is aborted first (or already),
 * clears the timer and rejects with `signal.reason`.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function nonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}
