import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FlowDef } from '../../../electron/core/pipeline/index';
import { EngineError, auditIdsOf } from '../../../electron/core/pipeline/index';
import { deferred, delay, harness, st } from './helpers';

/** a → b → c, plus `e` (an enrichment-like stage) absorbed by the fan-in `f`; `s` skips itself for odd leads. */
function flowWith(fail: Set<string>): FlowDef {
  const body = (name: string) => async (ctx: { lead: { id: string } }) => {
    if (fail.has(`${ctx.lead.id}:${name}`)) throw Object.assign(new Error(`${name} broke`), { retryable: false });
    return { v: name };
  };
  return {
    name: 'f',
    stages: [
      st('a', [], { run: body('a') as never }),
      st('b', ['a'], { run: body('b') as never }),
      st('c', ['b'], { run: body('c') as never }),
      st('e', [], { run: body('e') as never }),
      st('f', ['e'], { tolerateFailedNeeds: true, output: z.unknown(), run: async () => ({ v: 'f' }) }),
      st('s', ['a'], { skipIf: (ctx) => (ctx.lead.id.endsWith('1') ? 'not for odd leads' : null) }),
    ],
  };
}

describe('PipelineEngine: retry failed', () => {
  it('resets failed tasks and the tasks skipped because of them, leaves other skips and done tasks, and re-runs them', async () => {
    const fail = new Set(['L0:b', 'L1:a']);
    const h = harness(flowWith(fail), 3);
    const first = await h.engine.start('R1');
    expect(first.status).toBe('done');
    expect(h.checkpoint.getTask('R1:L0:c')).toMatchObject({ status: 'skipped', error: 'need b failed' });
    expect(h.checkpoint.getTask('R1:L1:s')).toMatchObject({ status: 'skipped', error: 'need a failed' });
    expect(h.engine.progress('R1').leadsFailed).toBe(2);

    fail.clear();
    const { tasks, leads } = await h.engine.resetFailed('R1');
    expect(leads).toBe(2);
    expect(tasks).toEqual(
      expect.arrayContaining([
        { leadId: 'L0', stage: 'b' }, { leadId: 'L0', stage: 'c' },
        { leadId: 'L1', stage: 'a' }, { leadId: 'L1', stage: 'b' }, { leadId: 'L1', stage: 'c' }, { leadId: 'L1', stage: 's' },
      ]),
    );
    expect(tasks).toHaveLength(6);
    expect(h.checkpoint.getRun('R1')).toMatchObject({ status: 'paused' });
    expect(h.checkpoint.getRun('R1')!.finishedAt).toBeUndefined();
    expect(h.checkpoint.getTask('R1:L0:b')).toMatchObject({ status: 'pending', attempts: 1, error: 'b broke' });
    expect(h.checkpoint.getTask('R1:L0:b')!.output).toBeUndefined();
    expect(h.checkpoint.getTask('R1:L0:a')).toMatchObject({ status: 'done' }); // untouched

    const done = await h.engine.start('R1');
    expect(done.status).toBe('done');
    expect(h.checkpoint.getTask('R1:L0:b')).toMatchObject({ status: 'done', attempts: 2 });
    expect(h.checkpoint.getTask('R1:L0:c')).toMatchObject({ status: 'done' });
    expect(h.checkpoint.getTask('R1:L1:s')).toMatchObject({ status: 'skipped', error: 'not for odd leads' }); // re-decided by skipIf
    expect(h.engine.progress('R1')).toMatchObject({ leadsDone: 3, leadsFailed: 0 });
    // Both attempts of the retried task are in the audit trail, under the ids auditIdsOf names.
    const ids = new Set(h.checkpoint.audit.map((e) => e.id));
    for (const id of auditIdsOf(h.checkpoint.getTask('R1:L0:b')!).slice(0, 2)) expect(ids.has(id)).toBe(true);
  });

  it('leaves failures a fan-in absorbed (they do not fail the lead) unless includeAbsorbed', async () => {
    const fail = new Set(['L0:e']);
    const h = harness(flowWith(fail), 1);
    await h.engine.start('R1');
    expect(h.checkpoint.getTask('R1:L0:e')).toMatchObject({ status: 'failed' });
    expect(h.checkpoint.getTask('R1:L0:f')).toMatchObject({ status: 'done' });
    expect(h.engine.progress('R1').leadsFailed).toBe(0);
    expect(h.engine.failureCountsFor('e')).toBe(false);
    expect(h.engine.failureCountsFor('b')).toBe(true);

    expect((await h.engine.resetFailed('R1')).tasks).toEqual([]);
    expect(h.checkpoint.getRun('R1')!.status).toBe('done'); // nothing written
    expect((await h.engine.resetFailed('R1', { includeAbsorbed: true })).tasks).toEqual([{ leadId: 'L0', stage: 'e' }]);
  });

  it('retries an absorbed failure together with the fan-in that absorbed it when the fan-in failed', async () => {
    let fanInCalls = 0;
    const flow = flowWith(new Set(['L0:e']));
    const f = flow.stages.find((s) => s.name === 'f')!;
    f.run = async (ctx) => {
      fanInCalls++;
      if (fanInCalls === 1) throw Object.assign(new Error('fan-in broke'), { retryable: false });
      return { v: ctx.deps.e.ok ? 'with e' : 'without e' };
    };
    const h = harness(flow, 1);
    await h.engine.start('R1');
    expect(h.checkpoint.getTask('R1:L0:f')).toMatchObject({ status: 'failed' });
    const { tasks } = await h.engine.resetFailed('R1');
    expect(tasks).toEqual([{ leadId: 'L0', stage: 'e' }, { leadId: 'L0', stage: 'f' }]);
  });

  it('retryFailed pauses a run in progress first (in-flight attempts finish), then retries', async () => {
    const gate = deferred();
    let calls = 0;
    const flow: FlowDef = {
      name: 'f',
      stages: [
        st('a', [], {
          run: async (ctx) => {
            calls++;
            if (ctx.lead.id === 'L0' && calls === 1) throw Object.assign(new Error('flaky'), { retryable: false });
            if (ctx.lead.id === 'L1') await gate.promise;
            return { v: 'a' };
          },
        }),
      ],
    };
    const h = harness(flow, 2, { concurrency: 2 });
    void h.engine.start('R1');
    await delay(20);
    expect(h.checkpoint.getTask('R1:L0:a')).toMatchObject({ status: 'failed' });
    const retried = h.engine.retryFailed('R1');
    await delay(10);
    gate.resolve();
    const run = await retried;
    expect(run.status).toBe('done');
    expect(h.checkpoint.getTask('R1:L0:a')).toMatchObject({ status: 'done', attempts: 2 });
    expect(h.checkpoint.getTask('R1:L1:a')).toMatchObject({ status: 'done', attempts: 1 }); // finished, not re-run
  });

  it('is crash-safe: the run is put paused and flushed before any task is reset', async () => {
    const h = harness(flowWith(new Set(['L0:a'])), 1);
    await h.engine.start('R1');
    const log: string[] = [];
    const cp = h.checkpoint;
    const putRun = cp.putRun.bind(cp);
    const putTask = cp.putTask.bind(cp);
    const flush = cp.flush.bind(cp);
    cp.putRun = (r) => (log.push(`run:${r.status}`), putRun(r));
    cp.putTask = (t) => (log.push(`task:${t.stage}:${t.status}`), putTask(t));
    cp.flush = () => (log.push('flush'), flush());
    await h.engine.resetFailed('R1');
    expect(log[0]).toBe('run:paused');
    expect(log[1]).toBe('flush');
    expect(log.slice(2, -1).every((x) => x.startsWith('task:') && x.endsWith(':pending'))).toBe(true);
    expect(log.at(-1)).toBe('flush');
  });

  it('refuses unknown, cancelled and in-progress runs', async () => {
    const gate = deferred();
    const h = harness({ name: 'f', stages: [st('a', [], { run: async () => (await gate.promise, { v: 'a' }) })] }, 1);
    await expect(h.engine.resetFailed('nope')).rejects.toBeInstanceOf(EngineError);
    const p = h.engine.start('R1');
    await expect(h.engine.resetFailed('R1')).rejects.toThrow(/in progress/);
    await h.engine.cancel('R1');
    gate.resolve();
    await p;
    await expect(h.engine.resetFailed('R1')).rejects.toThrow(/cancelled/);
  });
});

describe('PipelineEngine: sessions, elapsed time and suspend', () => {
  it('records startedAt, sums elapsedMs over sessions and reports the live session', async () => {
    const gate = deferred();
    const h = harness({ name: 'f', stages: [st('a', [], { run: async (ctx) => (ctx.lead.id === 'L1' ? await gate.promise : undefined, { v: 'a' }) })] }, 3, {
      concurrency: 1,
    });
    const p = h.engine.start('R1');
    await delay(30);
    const s = h.engine.session('R1')!;
    expect(s.leadsDoneAtStart).toBe(0);
    expect(s.leadsDone).toBe(1);
    expect(s.sessionMs).toBeGreaterThanOrEqual(25);
    expect(h.checkpoint.getRun('R1')!.startedAt).toBe(s.startedAt);
    const paused = h.engine.pause('R1');
    gate.resolve();
    const r1 = await paused;
    await p;
    expect(r1.status).toBe('paused');
    expect(r1.elapsedMs).toBeGreaterThanOrEqual(25);
    expect(h.engine.session('R1')).toBeUndefined();

    await delay(20); // idle time is not counted
    const r2 = await h.engine.start('R1');
    expect(r2.status).toBe('done');
    expect(r2.elapsedMs).toBeGreaterThanOrEqual(r1.elapsedMs!);
    expect(r2.elapsedMs! - r1.elapsedMs!).toBeLessThan(20);
  });

  it('suspend stops like pause but leaves the run `running` in the checkpoint for the next launch', async () => {
    const gate = deferred();
    let finished = 0;
    const h = harness(
      { name: 'f', stages: [st('a', [], { run: async () => (await gate.promise, finished++, { v: 'a' }) })] },
      20,
      { concurrency: 2 },
    );
    const p = h.engine.start('R1');
    await delay(10);
    const suspended = h.engine.suspend('R1');
    gate.resolve();
    const run = await suspended;
    await p;
    expect(finished).toBe(2); // the two in-flight attempts finished
    expect(run.status).toBe('running');
    expect(run.finishedAt).toBeUndefined();
    expect(h.checkpoint.getRun('R1')!.status).toBe('running');
    expect(h.engine.isRunning('R1')).toBe(false);
    expect(h.checkpoint.tasksOf('R1').filter((t) => t.status === 'done')).toHaveLength(2);
    expect((await h.engine.start('R1')).status).toBe('done');
  });
});
