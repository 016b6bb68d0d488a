/**
 * Coalesces single-lead requests made at about the same time into one batch call (the pipeline's `sync` stage
 * runs per lead; the CRM wants batches): requests arriving within `windowMs` of the first, up to `maxBatch`,
 * go to `run` together. Each request resolves with its own result, or rejects with the batch's error.
 */
export class MicroBatcher<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param run processes a batch; returns one result per item, in order
   * @param opts.windowMs wait for more items after the first, in ms (default 25)
   * @param opts.maxBatch flush at once at this many items (default 100)
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: { windowMs?: number; maxBatch?: number } = {},
  ) {}

  /** Queues one item. @returns its result. @throws (rejects) the batch's error. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= (this.opts.maxBatch ?? 100)) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.opts.windowMs ?? 25);
    });
  }

  /** Sends the queued items now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((b) => b.item)).then(
      (out) => batch.forEach((b, i) => b.resolve(out[i]!)),
      (err) => batch.forEach((b) => b.reject(err)),
    );
  }
}
