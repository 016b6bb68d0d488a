import { describe, expect, it } from 'vitest';
import { AttemptAbort, StageTimeoutError, backoffDelayMs, isRetryable, NonRetryableError, runWithTimeout, sleep, stableStringify, errorMessage } from '../../../electron/core/pipeline/index';
import { aborted } from './helpers';

describe('backoffDelayMs', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('grows exponentially (factor 2 by default) and is capped', () => {
    const full = (n: number) => backoffDelayMs({ ...policy, jitter: false }, n);
    expect([1, 2, 3, 4, 5, 6].map(full)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs({ ...policy, factor: 3, jitter: false }, 3)).toBe(900);
  });
  it('applies full jitter: uniform in [0, cap)', () => {
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelayMs(policy, 3, () => 0.999)).toBeCloseTo(399.6);
  });
  it('treats nonsense as 0', () => {
    expect(backoffDelayMs({ attempts: 2, baseDelayMs: -5, maxDelayMs: NaN }, 1)).toBe(0);
  });
});

describe('retry helpers', () => {
  it('isRetryable is false only for retryable === false', () => {
    expect(isRetryable(new Error('x'))).toBe(true);
    expect(isRetryable('x')).toBe(true);
    expect(isRetryable(new NonRetryableError('x'))).toBe(false);
    expect(isRetryable({ retryable: false })).toBe(false);
  });
  it('sleep rejects with the abort reason', async () => {
    const ctl = new AbortController();
    const p = sleep(10_000, ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
  it('errorMessage handles non-Errors', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage({ code: 42 })).toBe('{"code":42}');
    expect(errorMessage(undefined)).toBe('undefined thrown');
    expect(errorMessage(null)).toBe('null');
  });
});

describe('runWithTimeout', () => {
  it('aborts the signal with a StageTimeoutError and rejects with it', async () => {
    const abort = new AttemptAbort();
    let seen: unknown;
    const p = runWithTimeout(async () => (seen = await aborted(abort.signal)), { abort, timeoutMs: 20, stage: 'slow' });
    await expect(p).rejects.toBeInstanceOf(StageTimeoutError);
    await expect(p).rejects.toThrow('stage "slow" timed out after 20 ms');
    expect(abort.signal.aborted).toBe(true);
    await Promise.resolve();
    expect(seen).toBeInstanceOf(StageTimeoutError);
  });
  it('does not wait for a stage that ignores its signal', async () => {
    const abort = new AttemptAbort();
    const t0 = performance.now();
    await expect(runWithTimeout(() => new Promise(() => {}), { abort, timeoutMs: 20, stage: 's' })).rejects.toBeInstanceOf(StageTimeoutError);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
  it('rejects at once when aborted from outside, and passes sync throws through', async () => {
    const abort = new AttemptAbort();
    const p = runWithTimeout(() => new Promise(() => {}), { abort, stage: 's' });
    abort.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
    await expect(runWithTimeout(() => { throw 'sync'; }, { abort: new AttemptAbort(), stage: 's' })).rejects.toBe('sync');
    expect(await runWithTimeout(async () => 7, { abort: new AttemptAbort(), timeoutMs: 1000, stage: 's' })).toBe(7);
  });
  it('a signal read after abort() is already aborted', () => {
    const abort = new AttemptAbort();
    abort.abort('why');
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe('why');
  });
});

describe('stableStringify', () => {
  it('sorts keys and drops undefined', () => {
    expect(stableStringify({ b: 1, a: { d: [1, undefined], c: undefined } })).toBe('{"a":{"d":[1,null]},"b":1}');
    expect(stableStringify({ x: 1, y: 2 })).toBe(stableStringify({ y: 2, x: 1 }));
  });
});
