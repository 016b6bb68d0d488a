import { describe, expect, it } from 'vitest';
import type { Task } from '@shared/index';
import { MemoryCheckpoint, PipelineEngine, type FlowDef } from '../../../electron/core/pipeline/index';
import { Recorder, aborted, deferred, delay, harness, makeLead, st } from './helpers';

function flowWith(rec: Recorder, body: Partial<Record<string, () => Promise<unknown>>> = {}): FlowDef {
  const mk = (n: string, needs: string[]) => st(n, needs, { run: rec.wrap(n, body[n] ?? (async () => ({ v: `${n}-fresh` }))) as never });
  return { name: 'f', stages: [mk('a', []), mk('b', ['a']), mk('c', ['b'])] };
}

function task(runId: string, leadId: string, stage: string, patch: Partial<Task>): Task {
  return { id: `${runId}:${leadId}:${stage}`, runId, leadId, stage, status: 'done', attempts: 1, ...patch };
}

describe('PipelineEngine: resume', () => {
  it('never re-runs done/failed/skipped tasks and feeds their stored outputs to dependants; re-runs running/pending ones', async () => {
    const rec = new Recorder();
    const h = harness(flowWith(rec), 3);
    h.checkpoint.putRun({ ...h.checkpoint.getRun('R1')!, status: 'running' }); // a killed process
    for (const l of h.leads) h.checkpoint.putTask(task('R1', l.id, 'a', { output: { v: `a-stored-${l.id}` } }));
    h.checkpoint.putTask(task('R1', 'L0', 'b', { output: { v: 'b-stored' } }));
    h.checkpoint.putTask(task('R1', 'L1', 'b', { status: 'running', attempts: 2, output: undefined }));
    h.checkpoint.putTask(task('R1', 'L2', 'b', { status: 'failed', error: 'gone', output: undefined }));

    const run = await h.engine.start('R1');
    expect(run.status).toBe('done');
    expect(rec.count('a')).toBe(0);
    expect(rec.calls.get('L0:b')).toBeUndefined();
    expect(rec.calls.get('L1:b')).toBe(1);
    expect(rec.calls.get('L2:b')).toBeUndefined();
    expect(rec.contexts.get('L1:b')!.deps).toEqual({ a: { ok: true, value: { v: 'a-stored-L1' } } });
    expect(rec.contexts.get('L1:b')!.attempt).toBe(3); // attempt numbers continue across sessions
    expect(rec.contexts.get('L0:c')!.deps).toEqual({ b: { ok: true, value: { v: 'b-stored' } } });
    expect(h.checkpoint.getTask('R1:L2:c')).toMatchObject({ status: 'skipped', error: 'need b failed' });
    expect(h.checkpoint.getTask('R1:L1:b')).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('re-runs a done task whose external effect was lost (effectCommitted false), and only that one', async () => {
    const rec = new Recorder();
    const effects = new Set<string>(['L0']); // L1's effect never reached the disk before the kill
    const flow = flowWith(rec);
    flow.stages[2] = { ...flow.stages[2]!, effectCommitted: ({ leadId }) => effects.has(leadId) };
    const h = harness(flow, 2);
    h.checkpoint.putRun({ ...h.checkpoint.getRun('R1')!, status: 'running' });
    for (const l of h.leads) for (const s of ['a', 'b', 'c']) h.checkpoint.putTask(task('R1', l.id, s, { output: { v: `${s}-stored` } }));

    const run = await h.engine.start('R1');
    expect(run.status).toBe('done');
    expect(rec.calls.get('L0:c')).toBeUndefined();
    expect(rec.calls.get('L1:c')).toBe(1);
    expect(rec.count('a') + rec.count('b')).toBe(0);
    expect(h.checkpoint.getTask('R1:L1:c')).toMatchObject({ status: 'done', attempts: 2, output: { v: 'c-fresh' } });
  });

  it('start() on a finished run returns it at once and does nothing', async () => {
    const rec = new Recorder();
    const h = harness(flowWith(rec), 2);
    const first = await h.engine.start('R1');
    const calls = rec.count();
    const puts = h.checkpoint.taskPuts;
    const again = await h.engine.start('R1');
    expect(again).toEqual(first);
    expect(rec.count()).toBe(calls);
    expect(h.checkpoint.taskPuts).toBe(puts);
  });

  it('checkpoints running before an attempt and the done record (with output) in one putTask', async () => {
    const puts: Task[] = [];
    const leads = [makeLead(0)];
    const checkpoint = new MemoryCheckpoint(leads);
    const orig = checkpoint.putTask.bind(checkpoint);
    checkpoint.putTask = (t) => (puts.push(t), orig(t));
    let seenInside: Task | undefined;
    const flow: FlowDef = { name: 'f', stages: [st('a', [], { run: async () => ((seenInside = checkpoint.getTask('R1:L0:a')), { v: 'out' }) })] };
    const engine = new PipelineEngine({ flow, checkpoint, concurrency: 1 });
    engine.createRun({ leadIds: ['L0'], runId: 'R1' });
    await engine.start('R1');
    expect(seenInside).toMatchObject({ status: 'running', attempts: 1 });
    expect(puts.map((t) => t.status)).toEqual(['running', 'done']);
    expect(puts[1]).toMatchObject({ status: 'done', output: { v: 'out' }, attempts: 1, inputHash: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(puts[1].durationMs).toBeGreaterThanOrEqual(0);
    expect(checkpoint.flushes).toBeGreaterThanOrEqual(1);
  });
});

describe('PipelineEngine: pause / cancel', () => {
  it('pause lets in-flight attempts finish, leaves the rest pending; a later start() resumes without re-running', async () => {
    const rec = new Recorder();
    const gate = deferred();
    const h = harness(flowWith(rec, { b: async () => (await gate.promise, { v: 'b' }) }), 4, { concurrency: 2, maxActiveLeads: 2 });
    const started = h.engine.start('R1');
    while (rec.count('b') < 2) await delay(1); // two b attempts in flight (concurrency 2)
    const paused = h.engine.pause('R1');
    gate.resolve();
    const run = await paused;
    expect(await started).toEqual(run);
    expect(run.status).toBe('paused');
    expect(h.checkpoint.getRun('R1')!.status).toBe('paused');
    const p = h.engine.progress('R1');
    expect(p.counts.done).toBe(4); // L0, L1: a and b (drained)
    expect(p.counts.pending).toBe(8);
    expect(p.counts.running).toBe(0);
    expect(h.checkpoint.getTask('R1:L0:b')).toMatchObject({ status: 'done' });

    const done = await h.engine.start('R1');
    expect(done.status).toBe('done');
    for (const k of rec.calls.keys()) expect(rec.calls.get(k)).toBe(1);
    expect(rec.count()).toBe(12);
  });

  it('pause with abortInFlight aborts attempts and puts their tasks back to pending', async () => {
    let reason: unknown;
    const flow: FlowDef = { name: 'f', stages: [st('slow', [], { run: async (ctx) => { reason = await aborted(ctx.signal); throw reason; } })] };
    const h = harness(flow, 1);
    const started = h.engine.start('R1');
    while (h.checkpoint.getTask('R1:L0:slow')?.status !== 'running') await delay(1);
    await h.engine.pause('R1', { abortInFlight: true });
    expect((await started).status).toBe('paused');
    expect((reason as Error).message).toBe('aborted: run paused');
    expect(h.checkpoint.getTask('R1:L0:slow')).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('cancel aborts in-flight attempts via the signal and marks the run cancelled; pending tasks stay pending', async () => {
    let reason: unknown;
    const started: string[] = [];
    const flow: FlowDef = {
      name: 'f',
      stages: [st('a', [], { run: async (ctx) => { started.push(ctx.lead.id); reason = await aborted(ctx.signal); return new Promise(() => {}); } }), st('b', ['a'])],
    };
    const h = harness(flow, 5, { concurrency: 2 });
    const p = h.engine.start('R1');
    while (started.length < 2) await delay(1);
    const run = await h.engine.cancel('R1');
    expect(await p).toEqual(run);
    expect(run.status).toBe('cancelled');
    expect((reason as Error).message).toBe('aborted: run cancelled');
    expect(h.checkpoint.getTask('R1:L0:a')).toMatchObject({ status: 'pending', attempts: 1 });
    expect(h.checkpoint.getTask('R1:L4:a')).toBeUndefined(); // never started: still pending (no record)
    expect(h.engine.progress('R1').counts).toMatchObject({ pending: 10, running: 0, done: 0, failed: 0 });
    expect(h.checkpoint.audit.filter((a) => a.error === 'aborted: run cancelled')).toHaveLength(2);
    // cancelled is final
    expect((await h.engine.start('R1')).status).toBe('cancelled');
    expect(started).toHaveLength(2);
  });

  it('pause drops attempts waiting for a rate-limited resource at once', async () => {
    let calls = 0;
    const flow: FlowDef = { name: 'f', stages: [st('api', [], { resource: 'api', run: async () => (calls++, { v: 'x' }) })] };
    const h = harness(flow, 6, { concurrency: 4, resources: { api: { concurrency: 4, intervalCap: 1, intervalMs: 60_000 } } });
    const p = h.engine.start('R1');
    while (calls < 1) await delay(1);
    const t0 = performance.now();
    const run = await h.engine.pause('R1');
    expect(performance.now() - t0).toBeLessThan(5_000); // not 60 s per queued call
    expect(await p).toEqual(run);
    expect(run.status).toBe('paused');
    expect(calls).toBe(1);
    expect(h.engine.progress('R1').counts).toMatchObject({ done: 1, pending: 5, running: 0 });
  });

  it('cancel of a paused (idle) run marks it cancelled', async () => {
    const h = harness({ name: 'f', stages: [st('a')] }, 1);
    const run = await h.engine.cancel('R1');
    expect(run.status).toBe('cancelled');
    expect(h.checkpoint.getRun('R1')!.status).toBe('cancelled');
  });
});
