import PQueue from 'p-queue';
import type { ResourceLimit } from './types';
import { EngineError } from './errors';

/**
 * Admission control for task attempts: one global p-queue (max concurrent attempts across all runs of an engine)
 * plus one p-queue per named resource (concurrency and optional intervalCap per intervalMs, sliding window).
 *
 * Order: an attempt of a stage with a configured resource first waits for its resource slot (and rate token),
 * THEN for a global slot, which it gets with priority over attempts that hold no resource. Consequences:
 * - no deadlock: global-slot holders never wait for anything, so the wait-for graph has no cycle;
 * - a global slot is never held while waiting on a slow or rate-limited resource, so e.g. a 1 req/s API cannot
 *   starve the other stages of global slots;
 * - the rate token is spent when the resource slot is granted; the attempt starts once a global slot frees
 *   (usually at once, and ahead of non-resource work). If the global queue is saturated, up to
 *   `resource.concurrency` attempts could start in a burst later than their tokens: keep a rate-limited
 *   resource's concurrency at or below its intervalCap if the remote API punishes bursts.
 * A stage whose `resource` has no entry in `resources` is limited by the global queue only.
 * Attempts on a resource with a `batch` size skip the global queue: they wait for a remote batch call they share with
 * other leads (not for CPU), and holding global slots while waiting would cap every batch at the global concurrency
 * and starve the other stages meanwhile. Their resource's `concurrency` bounds them.
 */
export class Scheduler {
  private readonly global: PQueue;
  private readonly resources = new Map<string, PQueue>();
  /** Resources whose attempts skip the global queue (ResourceLimit.batch). */
  private readonly batched = new Set<string>();

  /**
   * @param concurrency global max concurrent attempts (integer ≥ 1)
   * @param resources   per-resource limits by name
   * @throws EngineError for a non-positive/non-integer concurrency or an invalid ResourceLimit.
   */
  constructor(concurrency: number, resources: Record<string, ResourceLimit> = {}) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new EngineError(`concurrency must be an integer ≥ 1, got ${concurrency}`);
    this.global = new PQueue({ concurrency });
    for (const [name, limit] of Object.entries(resources)) {
      const { concurrency: c, intervalCap, intervalMs } = limit;
      if (!Number.isInteger(c) || c < 1) throw new EngineError(`resource "${name}": concurrency must be an integer ≥ 1, got ${c}`);
      if (limit.batch !== undefined) {
        if (!Number.isInteger(limit.batch) || limit.batch < 1) throw new EngineError(`resource "${name}": batch must be an integer ≥ 1, got ${limit.batch}`);
        this.batched.add(name);
      }
      const rated = intervalCap !== undefined || intervalMs !== undefined;
      if (rated) {
        if (!Number.isInteger(intervalCap) || intervalCap! < 1) throw new EngineError(`resource "${name}": intervalCap must be an integer ≥ 1, got ${intervalCap}`);
        if (!Number.isFinite(intervalMs) || intervalMs! <= 0) throw new EngineError(`resource "${name}": intervalMs must be a finite number > 0, got ${intervalMs}`);
      }
      this.resources.set(
        name,
        rated ? new PQueue({ concurrency: c, intervalCap: intervalCap!, interval: intervalMs!, strict: true }) : new PQueue({ concurrency: c }),
      );
    }
  }

  /**
   * Runs `fn` once a slot of `resource` (if configured) and a global slot are free; resolves/rejects as fn does.
   * @param resource the stage's resource name, or undefined
   * @param group    if given, `group.dropWaiting(reason)` removes this call from the resource queue while it still
   *   waits there (a rate-limited queue can hold work for a long time) and rejects it with `reason`; once fn
   *   has been handed to the global queue it is no longer affected.
   */
  run<T>(resource: string | undefined, fn: () => Promise<T>, group?: WaitGroup): Promise<T> {
    const rq = resource === undefined ? undefined : this.resources.get(resource);
    if (rq === undefined) return this.global.add(fn);
    const inner = this.batched.has(resource!) ? fn : () => this.global.add(fn, { priority: 1 });
    if (group === undefined) return rq.add(inner);
    const ctl = group.enter();
    return rq.add(
      () => {
        group.leave(ctl);
        return inner();
      },
      { signal: ctl.signal },
    );
  }

  /** Attempts currently holding a global slot. */
  get running(): number {
    return this.global.pending;
  }
}

/**
 * The calls of one run still waiting in resource queues, so that pause/cancel can drop them at once instead of
 * waiting for rate-limit tokens just to learn that they must not start.
 */
export class WaitGroup {
  private readonly waiting = new Set<AbortController>();

  /** @internal registers one waiting call; returns the controller whose signal p-queue watches. */
  enter(): AbortController {
    const ctl = new AbortController();
    this.waiting.add(ctl);
    return ctl;
  }

  /** @internal the call left the resource queue (it is starting): it can no longer be dropped. */
  leave(ctl: AbortController): void {
    this.waiting.delete(ctl);
  }

  /** Rejects every call still waiting for a resource slot with `reason`. Returns how many were dropped. */
  dropWaiting(reason: unknown): number {
    const n = this.waiting.size;
    for (const ctl of this.waiting) ctl.abort(reason);
    this.waiting.clear();
    return n;
  }
}
