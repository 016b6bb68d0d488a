import CircuitBreaker from 'opossum';
import PQueue from 'p-queue';
import type { CrmKind } from '@shared/index';
import { CrmError } from './types';

/**
 * The one place CRM calls are rate limited and retried. Adapters wrap every SDK call in
 * `policy.run(label, fn, { buckets })`; the SDKs' own retries are off (HubSpot's `numberOfApiCallRetries` counts
 * total attempts and ignores `Retry-After`; jsforce retries GETs silently), so every retry is visible here.
 *
 * - Rate limits: one token bucket per name (p-queue `intervalCap` per `intervalMs`, strict sliding window,
 *   optional concurrency). A call takes a token from each bucket it names, e.g. HubSpot search takes one from
 *   `default` (100-190 per 10 s) and one from `search` (5 per s).
 * - Retries: a failure the adapter's `classify` calls retryable (429, 5xx, dropped connections) is retried up to
 *   `maxAttempts` in total with exponential backoff and full jitter; a rate-limited failure (429 /
 *   REQUEST_LIMIT_EXCEEDED) waits `retryAfterMs` (from `Retry-After` or the limit window) instead, and closes its
 *   buckets for that long so concurrent calls do not pile onto the limit. 429s do not use up attempts unless
 *   they exceed `maxRateLimitWaits`.
 * - Circuit breaker (opossum): when ≥ 50% of ≥ 10 calls in a 10 s window fail with 5xx/network errors, calls
 *   fail fast for `breakerResetMs`, then one trial call decides. A call finding the breaker open waits and tries
 *   again until `maxElapsedMs` has passed; 429s and 4xx never open it.
 */
export interface RateLimit {
  /** Requests allowed per window. */
  intervalCap: number;
  /** Window length in ms. */
  intervalMs: number;
  /** Max requests in flight in this bucket (default: unlimited). */
  concurrency?: number;
}

/** How the adapter reads one failure (SDK exception, HTTP error, network error). */
export interface FailureInfo {
  retryable: boolean;
  /** A rate-limit answer (HubSpot 429, Salesforce REQUEST_LIMIT_EXCEEDED). */
  rateLimited?: boolean;
  /** How long the CRM asked us to wait, in ms (Retry-After, limit interval). */
  retryAfterMs?: number;
  status?: number;
  code?: string;
  /** The CRM's own message, free of secrets. */
  message: string;
}

export interface RequestPolicyOptions {
  kind: CrmKind;
  /** Buckets by name; `default` is taken by every call unless the call names its buckets. */
  limits: Record<string, RateLimit>;
  /** Maps any thrown value to a FailureInfo. */
  classify(err: unknown): FailureInfo;
  /** Attempts per call for non-rate-limit failures, including the first (default 6). */
  maxAttempts?: number;
  /** 429 answers tolerated per call before giving up (default 50). */
  maxRateLimitWaits?: number;
  /** Backoff base and cap in ms (defaults 500 and 30 000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Give up on a call after this long in total, in ms (default 10 min). */
  maxElapsedMs?: number;
  /** Circuit-breaker open time in ms (default 15 000). */
  breakerResetMs?: number;
  /** Called before each retry wait (logging, progress). Must not throw. */
  onRetry?(info: { label: string; attempt: number; delayMs: number; failure: FailureInfo }): void;
  /** Test seams. */
  sleep?(ms: number): Promise<void>;
  random?(): number;
  now?(): number;
}

interface Bucket {
  queue: PQueue;
  /** Epoch ms before which no call may take a token (set after a 429). */
  closedUntil: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Rate limits, retries and a circuit breaker for one CRM connection. See the file comment. */
export class RequestPolicy {
  readonly stats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly buckets = new Map<string, Bucket>();
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly o: Required<Omit<RequestPolicyOptions, 'onRetry'>> & Pick<RequestPolicyOptions, 'onRetry'>;

  /** @throws RangeError for a bucket with a non-positive cap or window. */
  constructor(opts: RequestPolicyOptions) {
    this.o = {
      maxAttempts: 6,
      maxRateLimitWaits: 50,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxElapsedMs: 600_000,
      breakerResetMs: 15_000,
      sleep: realSleep,
      random: Math.random,
      now: Date.now,
      ...opts,
    };
    for (const [name, l] of Object.entries(opts.limits)) {
      if (!(l.intervalCap >= 1) || !(l.intervalMs > 0)) throw new RangeError(`rate limit "${name}": intervalCap ≥ 1 and intervalMs > 0 required`);
      this.buckets.set(name, {
        queue: new PQueue({ intervalCap: l.intervalCap, interval: l.intervalMs, strict: true, ...(l.concurrency ? { concurrency: l.concurrency } : {}) }),
        closedUntil: 0,
      });
    }
    this.breaker = new CircuitBreaker((fn: () => Promise<unknown>) => fn(), {
      timeout: false,
      resetTimeout: this.o.breakerResetMs,
      errorThresholdPercentage: 50,
      volumeThreshold: 10,
      rollingCountTimeout: 10_000,
      // Only server/network failures count towards opening; 429s and 4xx say nothing about the CRM's health.
      errorFilter: (err: unknown) => {
        const f = this.o.classify(err);
        return f.rateLimited === true || !f.retryable;
      },
    });
  }

  /**
   * Runs one CRM request with rate limiting and retries.
   * @param label what the call does, for errors and logs (e.g. "contacts batch upsert")
   * @param fn performs exactly one HTTP request (through the SDK); called once per attempt
   * @param opts.buckets rate-limit buckets to take a token from (default `['default']`, unknown names ignored)
   * @returns fn's result
   * @throws CrmError with the CRM's message, status and code when the failure is not retryable, or retries are used up
   */
  async run<T>(label: string, fn: () => Promise<T>, opts: { buckets?: string[] } = {}): Promise<T> {
    const names = (opts.buckets ?? ['default']).filter((n) => this.buckets.has(n));
    const started = this.o.now();
    let attempts = 0;
    let rateWaits = 0;
    for (;;) {
      await this.waitOpen(names);
      let failure: FailureInfo;
      try {
        attempts++;
        return (await this.acquire(names, () => {
          this.stats.requests++;
          return this.breaker.fire(fn);
        })) as T;
      } catch (err) {
        if (this.isBreakerOpen(err)) {
          attempts--;
          failure = { retryable: true, message: 'circuit open after repeated server errors', code: 'CIRCUIT_OPEN' };
        } else {
          failure = this.o.classify(err);
        }
      }
      const elapsed = this.o.now() - started;
      let delay: number;
      if (failure.code === 'CIRCUIT_OPEN') {
        delay = Math.min(this.o.breakerResetMs, 5_000);
      } else if (failure.rateLimited) {
        this.stats.rateLimited++;
        rateWaits++;
        if (rateWaits > this.o.maxRateLimitWaits) throw this.error(label, failure, attempts, 'rate limit answers');
        delay = Math.max(failure.retryAfterMs ?? this.backoff(rateWaits), 50);
        const until = this.o.now() + delay;
        for (const n of names) {
          const b = this.buckets.get(n)!;
          b.closedUntil = Math.max(b.closedUntil, until);
        }
      } else {
        if (!failure.retryable) throw this.error(label, failure, attempts);
        if (attempts >= this.o.maxAttempts) throw this.error(label, failure, attempts, 'attempts');
        delay = Math.max(failure.retryAfterMs ?? 0, this.backoff(attempts));
      }
      if (elapsed + delay > this.o.maxElapsedMs) throw this.error(label, failure, attempts, 'time');
      this.stats.retries++;
      this.o.onRetry?.({ label, attempt: attempts, delayMs: delay, failure });
      await this.o.sleep(delay);
    }
  }

  /** Stops the breaker's timers (call when the connection is dropped). */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private backoff(n: number): number {
    const cap = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (n - 1));
    return Math.round(this.o.random() * cap);
  }

  private async waitOpen(names: string[]): Promise<void> {
    for (;;) {
      const until = Math.max(0, ...names.map((n) => this.buckets.get(n)!.closedUntil));
      const wait = until - this.o.now();
      if (wait <= 0) return;
      await this.o.sleep(wait);
    }
  }

  /** Takes one token from every named bucket (in name order, nested), then runs fn. */
  private acquire<T>(names: string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...names].sort();
    const step = (i: number): Promise<T> => {
      if (i >= sorted.length) return fn();
      return this.buckets.get(sorted[i]!)!.queue.add(() => step(i + 1)) as Promise<T>;
    };
    return step(0);
  }

  private isBreakerOpen(err: unknown): boolean {
    return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EOPENBREAKER';
  }

  /** The SDK error is not attached as `cause`: SDK errors can carry request headers (tokens). */
  private error(label: string, f: FailureInfo, attempts: number, exhausted?: string): CrmError {
    const why = exhausted ? ` (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${exhausted})` : '';
    return new CrmError(`${this.o.kind} ${label} failed: ${f.message}${why}`, {
      kind: this.o.kind,
      ...(f.status !== undefined ? { status: f.status } : {}),
      ...(f.code !== undefined ? { code: f.code } : {}),
      retryable: f.retryable,
    });
  }
}
