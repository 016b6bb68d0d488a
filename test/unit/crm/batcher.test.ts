import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MicroBatcher } from '../../../electron/core/crm/sync/batcher';

/** A batch function that records its calls and answers when told to. */
function recorder<I>() {
  const calls: { items: I[]; resolve: (o: string[]) => void; reject: (e: unknown) => void }[] = [];
  const run = (items: I[]) => new Promise<string[]>((resolve, reject) => void calls.push({ items, resolve, reject }));
  const answer = (k: number) => calls[k]!.resolve(calls[k]!.items.map((i) => `r:${String(i)}`));
  return { calls, run, answer };
}

describe('MicroBatcher', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('gathers items submitted within the window into one call; each gets its own result, in order', async () => {
    const r = recorder<number>();
    const b = new MicroBatcher(r.run, { windowMs: 50 });
    const p = [b.submit(1), b.submit(2)];
    await vi.advanceTimersByTimeAsync(30);
    p.push(b.submit(3));
    expect(r.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(r.calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    r.answer(0);
    expect(await Promise.all(p)).toEqual(['r:1', 'r:2', 'r:3']);
  });

  it('sends a full batch at once, without waiting for the window', async () => {
    const r = recorder<number>();
    const b = new MicroBatcher(r.run, { windowMs: 1000, maxBatch: 3 });
    for (const i of [1, 2, 3, 4]) void b.submit(i);
    await vi.advanceTimersByTimeAsync(0);
    expect(r.calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.calls.map((c) => c.items)).toEqual([[1, 2, 3], [4]]);
  });

  it('with maxInFlight 1, items arriving while a batch is in flight make the next batch (split at maxBatch)', async () => {
    const r = recorder<number>();
    const b = new MicroBatcher(r.run, { windowMs: 10, maxBatch: 4, maxInFlight: 1 });
    const first = b.submit(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(r.calls).toHaveLength(1);
    const later = [1, 2, 3, 4, 5].map((i) => b.submit(i));
    await vi.advanceTimersByTimeAsync(500); // far past the window: still waiting for the batch in flight
    expect(r.calls).toHaveLength(1);
    r.answer(0);
    expect(await first).toBe('r:0');
    await vi.advanceTimersByTimeAsync(0);
    expect(r.calls.map((c) => c.items)).toEqual([[0], [1, 2, 3, 4]]);
    r.answer(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(r.calls.map((c) => c.items)).toEqual([[0], [1, 2, 3, 4], [5]]);
    r.answer(2);
    expect(await Promise.all(later)).toEqual(['r:1', 'r:2', 'r:3', 'r:4', 'r:5']);
  });

  it('rejects every item of a failed batch with its error, and of a batch that answers the wrong number of results', async () => {
    const b = new MicroBatcher<number, string>(async (items) => {
      if (items.includes(1)) throw new Error('HubSpot said no');
      return ['only one'];
    }, { windowMs: 5 });
    const failed = [b.submit(1), b.submit(2)].map((p) => p.catch((e: Error) => e.message));
    await vi.advanceTimersByTimeAsync(5);
    expect(await Promise.all(failed)).toEqual(['HubSpot said no', 'HubSpot said no']);
    const short = [b.submit(3), b.submit(4)].map((p) => p.catch((e: Error) => e.message));
    await vi.advanceTimersByTimeAsync(5);
    expect(await Promise.all(short)).toEqual(['batch call returned 1 results for 2 items', 'batch call returned 1 results for 2 items']);
  });

  it('an aborted item rejects at once with the signal\'s reason: left out of its batch when not sent yet, ignored when in flight', async () => {
    const r = recorder<number>();
    const b = new MicroBatcher(r.run, { windowMs: 20 });
    const ctl = new AbortController();
    const stays = b.submit(1);
    const leaves = b.submit(2, ctl.signal).catch((e: unknown) => e);
    ctl.abort(new Error('paused'));
    expect(await leaves).toMatchObject({ message: 'paused' });
    await vi.advanceTimersByTimeAsync(20);
    expect(r.calls.map((c) => c.items)).toEqual([[1]]);

    const late = new AbortController();
    const inFlight = b.submit(3, late.signal).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(20);
    expect(r.calls.map((c) => c.items)).toEqual([[1], [3]]);
    late.abort(new Error('cancelled'));
    expect(await inFlight).toMatchObject({ message: 'cancelled' });
    r.answer(0);
    r.answer(1);
    expect(await stays).toBe('r:1');
    const already = new AbortController();
    already.abort(new Error('before'));
    await expect(b.submit(4, already.signal)).rejects.toThrow('before');
  });
});
