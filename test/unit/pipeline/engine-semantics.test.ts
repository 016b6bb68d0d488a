import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NonRetryableError, type FlowDef, type Outcome } from '../../../electron/core/pipeline/index';
import { Recorder, aborted, delay, harness, st } from './helpers';

describe('PipelineEngine: execution semantics', () => {
  it('runs stages in topological order, every task done, run done', async () => {
    const rec = new Recorder();
    const names = ['norm', 'dns', 'web', 'social', 'merge', 'score', 'draft'];
    const needs: Record<string, string[]> = { norm: [], dns: ['norm'], web: ['norm'], social: ['norm'], merge: ['dns', 'web', 'social'], score: ['merge'], draft: ['score'] };
    const flow: FlowDef = { name: 'f', stages: names.map((n) => st(n, needs[n], { run: rec.wrap(n, async () => (await delay(1), { v: n })) as never })) };
    const h = harness(flow, 5);
    const run = await h.engine.start(h.runId);
    expect(run.status).toBe('done');
    expect(run.finishedAt).toBeDefined();
    for (const lead of h.leads) {
      for (const n of names) {
        expect(h.checkpoint.getTask(`R1:${lead.id}:${n}`)?.status).toBe('done');
        for (const need of needs[n]) expect(rec.spans.get(`${lead.id}:${n}`)!.start).toBeGreaterThanOrEqual(rec.spans.get(`${lead.id}:${need}`)!.end);
      }
    }
    expect(rec.count()).toBe(35);
    expect(h.engine.progress('R1')).toMatchObject({ leadsDone: 5, leadsTotal: 5, counts: { total: 35, done: 35, pending: 0 } });
  });

  it('runs independent stages of one lead in parallel (fan-out)', async () => {
    const rec = new Recorder();
    const src = (n: string, ms: number) => st(n, ['norm'], { run: rec.wrap(n, async () => (await delay(ms), { v: n })) as never });
    const flow: FlowDef = { name: 'f', stages: [st('norm'), src('a', 40), src('b', 60), src('c', 80), st('merge', ['a', 'b', 'c'])] };
    const h = harness(flow, 1);
    await h.engine.start(h.runId);
    const spans = ['a', 'b', 'c'].map((n) => rec.spans.get(`L0:${n}`)!);
    // all three overlap: the last one started before the first one ended
    expect(Math.max(...spans.map((s) => s.start))).toBeLessThan(Math.min(...spans.map((s) => s.end)));
  });

  it('fan-in receives a failed branch as an Outcome and the lead still completes; a strict dependant is skipped', async () => {
    let mergeDeps: Record<string, Outcome> | undefined;
    const flow: FlowDef = {
      name: 'f',
      stages: [
        st('norm'),
        st('good', ['norm']),
        st('bad', ['norm'], { run: async () => { throw new Error('source down'); } }),
        st('merge', ['good', 'bad'], { tolerateFailedNeeds: true, run: async (ctx) => ((mergeDeps = ctx.deps), { v: 'merged' }) }),
        st('useBad', ['bad']),
        st('after', ['useBad']),
        st('score', ['merge']),
      ],
    };
    const h = harness(flow, 1);
    const run = await h.engine.start(h.runId);
    expect(run.status).toBe('done');
    expect(mergeDeps).toEqual({ good: { ok: true, value: { v: 'good' } }, bad: { ok: false, status: 'failed', error: 'source down' } });
    const task = (s: string) => h.checkpoint.getTask(`R1:L0:${s}`)!;
    expect(task('merge').status).toBe('done');
    expect(task('score').status).toBe('done');
    expect(task('bad')).toMatchObject({ status: 'failed', error: 'source down', attempts: 1 });
    expect(task('useBad')).toMatchObject({ status: 'skipped', error: 'need bad failed' });
    expect(task('after')).toMatchObject({ status: 'skipped', error: 'need useBad skipped' });
    expect(h.events.filter((e) => e.type === 'task.skipped').map((e) => e.type === 'task.skipped' && e.reason)).toEqual(['need bad failed', 'need useBad skipped']);
    expect(h.engine.progress('R1')).toMatchObject({ leadsDone: 1, counts: { total: 7, done: 4, failed: 1, skipped: 2 } });
  });

  it('skipIf skips with its reason', async () => {
    let called = false;
    const flow: FlowDef = { name: 'f', stages: [st('a'), st('b', ['a'], { skipIf: (ctx) => (ctx.lead.email ? null : 'no email'), run: async () => ((called = true), { v: 'b' }) })] };
    const h = harness(flow, 1);
    await h.engine.start(h.runId);
    expect(called).toBe(false);
    expect(h.checkpoint.getTask('R1:L0:b')).toMatchObject({ status: 'skipped', error: 'no email' });
    expect(h.checkpoint.audit.find((a) => a.stage === 'b')).toMatchObject({ outcome: 'skipped', error: 'no email' });
  });

  it('retries with backoff: fail twice then succeed → 3 attempts, 3 audit entries', async () => {
    let n = 0;
    const flow: FlowDef = {
      name: 'f',
      stages: [st('flaky', [], { retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 }, run: async (ctx) => { n++; if (ctx.attempt < 3) throw new Error(`fail ${ctx.attempt}`); return { v: 'ok' }; } })],
    };
    const h = harness(flow, 1);
    await h.engine.start(h.runId);
    expect(n).toBe(3);
    expect(h.checkpoint.getTask('R1:L0:flaky')).toMatchObject({ status: 'done', attempts: 3, output: { v: 'ok' } });
    const audit = h.checkpoint.audit.filter((a) => a.stage === 'flaky');
    expect(audit.map((a) => [a.attempt, a.outcome, a.error])).toEqual([[1, 'failed', 'fail 1'], [2, 'failed', 'fail 2'], [3, 'succeeded', undefined]]);
    expect(new Set(audit.map((a) => a.inputHash)).size).toBe(1);
    expect(new Set(audit.map((a) => a.id)).size).toBe(3);
    const failed = h.events.filter((e) => e.type === 'task.failed');
    expect(failed.map((e) => e.type === 'task.failed' && e.willRetry)).toEqual([true, true]);
  });

  it('retry exhaustion → failed with the last error', async () => {
    const flow: FlowDef = { name: 'f', stages: [st('x', [], { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, run: async (ctx) => { throw new Error(`nope ${ctx.attempt}`); } }), st('y', ['x'])] };
    const h = harness(flow, 1);
    const run = await h.engine.start(h.runId);
    expect(run.status).toBe('done');
    expect(h.checkpoint.getTask('R1:L0:x')).toMatchObject({ status: 'failed', attempts: 3, error: 'nope 3' });
    expect(h.checkpoint.audit.filter((a) => a.stage === 'x')).toHaveLength(3);
    const failed = h.events.filter((e) => e.type === 'task.failed');
    expect(failed.map((e) => e.type === 'task.failed' && e.willRetry)).toEqual([true, true, false]);
  });

  it('does not retry a NonRetryableError', async () => {
    let n = 0;
    const flow: FlowDef = { name: 'f', stages: [st('x', [], { retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 }, run: async () => { n++; throw new NonRetryableError('no domain'); } })] };
    const h = harness(flow, 1);
    await h.engine.start(h.runId);
    expect(n).toBe(1);
    expect(h.checkpoint.getTask('R1:L0:x')).toMatchObject({ status: 'failed', error: 'no domain' });
  });

  it('records non-Error throws as strings, synchronous throws included', async () => {
    const flow: FlowDef = {
      name: 'f',
      stages: [
        st('obj', [], { run: async () => { throw { code: 42 }; } }),
        st('str', [], { run: async () => { throw 'plain string'; } }),
        st('undef', [], { run: async () => { throw undefined; } }),
        st('sync', [], { run: (() => { throw new Error('sync boom'); }) as never }),
      ],
    };
    const h = harness(flow, 1);
    expect((await h.engine.start(h.runId)).status).toBe('done');
    expect(h.checkpoint.getTask('R1:L0:obj')!.error).toBe('{"code":42}');
    expect(h.checkpoint.getTask('R1:L0:str')!.error).toBe('plain string');
    expect(h.checkpoint.getTask('R1:L0:undef')!.error).toBe('undefined thrown');
    expect(h.checkpoint.getTask('R1:L0:sync')!.error).toBe('sync boom');
  });

  it('a timeout aborts the attempt signal and fails the attempt', async () => {
    let reason: unknown;
    const flow: FlowDef = { name: 'f', stages: [st('slow', [], { timeoutMs: 20, run: async (ctx) => { reason = await aborted(ctx.signal); return { v: 'late' }; } })] };
    const h = harness(flow, 1);
    await h.engine.start(h.runId);
    expect(reason).toBeInstanceOf(Error);
    expect((reason as Error).name).toBe('StageTimeoutError');
    expect(h.checkpoint.getTask('R1:L0:slow')).toMatchObject({ status: 'failed', error: 'stage "slow" timed out after 20 ms' });
  });

  it('an output that violates the schema is a failure naming the stage and the zod issue', async () => {
    const flow: FlowDef = { name: 'f', stages: [st('score', [], { output: z.object({ score: z.number().min(0).max(100) }), run: async () => ({ score: 'high' }) })] };
    const h = harness(flow, 1);
    await h.engine.start(h.runId);
    const t = h.checkpoint.getTask('R1:L0:score')!;
    expect(t.status).toBe('failed');
    expect(t.error).toMatch(/^stage "score" returned invalid output: score: .*number/);
    expect(t.output).toBeUndefined();
  });

  it('validates needs values with the input schema and passes the parsed values', async () => {
    let got: unknown;
    const flow: FlowDef = {
      name: 'f',
      stages: [
        st('a', [], { output: z.object({ n: z.number() }), run: async () => ({ n: 2 }) }),
        st('b', ['a'], { input: z.object({ a: z.object({ n: z.number().transform((x) => x * 10) }) }), run: async (ctx) => ((got = ctx.deps.a), { v: 'b' }) }),
        st('c', ['a'], { input: z.object({ a: z.object({ n: z.string() }) }) }),
      ],
    };
    const h = harness(flow, 1);
    await h.engine.start(h.runId);
    expect(got).toEqual({ ok: true, value: { n: 20 } });
    expect(h.checkpoint.getTask('R1:L0:c')).toMatchObject({ status: 'failed' });
    expect(h.checkpoint.getTask('R1:L0:c')!.error).toMatch(/^stage "c" received invalid input: a\.n: /);
  });

  it('passes a deterministic context and a stable inputHash', async () => {
    const rec = new Recorder();
    const flow: FlowDef = { name: 'f', stages: [st('a'), st('b', ['a'], { run: rec.wrap('b') as never })] };
    const h1 = harness(flow, 2);
    await h1.engine.start(h1.runId);
    const h2 = harness(flow, 2);
    await h2.engine.start(h2.runId);
    expect(rec.contexts.get('L0:b')).toMatchObject({ runId: 'R1', idempotencyKey: 'R1:L0:b', attempt: 1, deps: { a: { ok: true, value: { v: 'a' } } } });
    const hash = (h: typeof h1, lead: string) => h.checkpoint.getTask(`R1:${lead}:b`)!.inputHash;
    expect(hash(h1, 'L0')).toMatch(/^[0-9a-f]{40}$/);
    expect(hash(h1, 'L0')).toBe(hash(h2, 'L0'));
    expect(hash(h1, 'L0')).not.toBe(hash(h1, 'L1'));
  });

  it('fails every task of a lead that is not in the checkpoint', async () => {
    const flow: FlowDef = { name: 'f', stages: [st('a'), st('b', ['a'])] };
    const h = harness(flow, 1);
    h.checkpoint.runs.set('R2', { ...h.checkpoint.getRun('R1')!, id: 'R2', leadIds: ['L0', 'ghost'] });
    const run = await h.engine.start('R2');
    expect(run.status).toBe('done');
    expect(h.checkpoint.getTask('R2:ghost:a')).toMatchObject({ status: 'failed', error: 'lead ghost not found' });
    expect(h.checkpoint.getTask('R2:ghost:b')).toMatchObject({ status: 'failed' });
    expect(h.checkpoint.getTask('R2:L0:b')).toMatchObject({ status: 'done' });
  });

  it('a throwing listener does not break the run', async () => {
    const h = harness({ name: 'f', stages: [st('a'), st('b', ['a'])] }, 3);
    h.engine.on(() => { throw new Error('listener bug'); });
    expect((await h.engine.start(h.runId)).status).toBe('done');
  });
});
