/**
 * Coalesces single-lead requests made at about the same time into one batch call (the pipeline's `sync` stage and
 * `crm` enrichment source run per lead; the CRM wants batches): requests arriving within `windowMs` of the first,
 * up to `maxBatch`, go to `run` together. Each request resolves with its own result, or rejects with the batch's
 * error.
 *
 * With `maxInFlight`, at most that many batches run at once; requests arriving meanwhile wait and accumulate, and
 * go out (up to `maxBatch` per call) as soon as a batch settles and their window has passed — so a slow CRM gets
 * fuller batches instead of more of them.
 */
export class MicroBatcher<I, O> {
  private pending: Pending<I, O>[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = 0;

  /**
   * @param run processes a batch; returns one result per item, in order
   * @param opts.windowMs wait for more items after the first, in ms (default 25)
   * @param opts.maxBatch flush at once at this many items (default 100)
   * @param opts.maxInFlight batches running at once (default unlimited)
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: { windowMs?: number; maxBatch?: number; maxInFlight?: number } = {},
  ) {}

  /**
   * Queues one item. @returns its result. @throws (rejects) the batch's error; `signal.reason` as soon as `signal`
   * aborts before the result is in (an item not yet sent is dropped from its batch; one already sent is not recalled,
   * its result is ignored).
   */
  submit(item: I, signal?: AbortSignal): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry: Pending<I, O> = { item, at: Date.now(), resolve, reject };
      if (signal) {
        const onAbort = (): void => {
          this.pending = this.pending.filter((p) => p !== entry);
          reject(signal.reason);
          this.schedule();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const detach = (): void => signal.removeEventListener('abort', onAbort);
        entry.resolve = (o) => {
          detach();
          resolve(o);
        };
        entry.reject = (e) => {
          detach();
          reject(e);
        };
      }
      this.pending.push(entry);
      this.drain();
    });
  }

  /** Sends the queued items now (in batches of `maxBatch`), whatever the window and `maxInFlight`. */
  flush(): void {
    while (this.pending.length) this.send(this.pending.splice(0, this.maxBatch));
    this.schedule();
  }

  private get maxBatch(): number {
    return this.opts.maxBatch ?? 100;
  }

  /** Sends what is due (a full batch, or items whose wait is over) while `maxInFlight` allows, then re-arms the timer. */
  private drain(): void {
    const maxInFlight = this.opts.maxInFlight ?? Infinity;
    while (this.pending.length && this.inFlight < maxInFlight && (this.pending.length >= this.maxBatch || this.dueIn() <= 0)) {
      this.send(this.pending.splice(0, this.maxBatch));
    }
    this.schedule();
  }

  /** ms until the oldest waiting item's window is over. */
  private dueIn(): number {
    return this.pending[0]!.at + (this.opts.windowMs ?? 25) - Date.now();
  }

  /** Arms the timer for when the waiting items are due (unless they wait for a batch to settle). */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length || this.inFlight >= (this.opts.maxInFlight ?? Infinity)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, Math.max(0, this.dueIn()));
  }

  private send(batch: Pending<I, O>[]): void {
    if (!batch.length) return;
    this.inFlight++;
    let out: Promise<O[]>;
    try {
      out = this.run(batch.map((b) => b.item));
    } catch (err) {
      out = Promise.reject(err);
    }
    out
      .then(
        (results) => {
          if (!Array.isArray(results) || results.length !== batch.length) {
            const err = new Error(`batch call returned ${Array.isArray(results) ? results.length : 'no'} results for ${batch.length} items`);
            for (const b of batch) b.reject(err);
            return;
          }
          batch.forEach((b, i) => b.resolve(results[i]!));
        },
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        this.inFlight--;
        this.drain();
      });
  }
}

interface Pending<I, O> {
  item: I;
  /** Date.now() when queued. */
  at: number;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}
