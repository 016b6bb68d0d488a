import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '@shared/index';
import { EngineError, MemoryCheckpoint, PipelineEngine, measureEngineOverhead, measureFanout, type FlowDef } from '../../../electron/core/pipeline/index';
import { Recorder, delay, harness, makeLead, st } from './helpers';

describe('PipelineEngine: events', () => {
  it('emits run.started first, run.finished last, task events in order and a final progress with full counts', async () => {
    const flow: FlowDef = { name: 'f', stages: [st('a'), st('b', ['a']), st('c', ['a'], { run: async () => { throw new Error('x'); } }), st('d', ['c'])] };
    const h = harness(flow, 20, { concurrency: 4 });
    await h.engine.start('R1');
    const types = h.events.map((e) => e.type);
    expect(types[0]).toBe('run.started');
    expect(h.events[0]).toMatchObject({ type: 'run.started', runId: 'R1', total: 80 });
    expect(types.at(-1)).toBe('run.finished');
    expect(types.at(-2)).toBe('run.progress');
    const finalProgress = h.events.at(-2) as Extract<PipelineEvent, { type: 'run.progress' }>;
    expect(finalProgress.counts).toEqual({ total: 80, pending: 0, running: 0, done: 40, failed: 20, skipped: 20 });
    expect(finalProgress.perStage.c).toEqual({ total: 20, pending: 0, running: 0, done: 0, failed: 20, skipped: 0 });
    expect(finalProgress).toMatchObject({ leadsDone: 20, leadsTotal: 20 });
    expect(h.events.at(-1)).toMatchObject({ type: 'run.finished', status: 'done', counts: { done: 40, failed: 20, skipped: 20 } });
    // per task: started before succeeded/failed; skipped tasks never start
    for (const lead of h.leads) {
      const mine = h.events.filter((e) => 'leadId' in e && e.leadId === lead.id).map((e) => `${e.type}:${(e as { stage: string }).stage}`);
      expect(mine.indexOf('task.started:a')).toBeLessThan(mine.indexOf('task.succeeded:a'));
      expect(mine.indexOf('task.succeeded:a')).toBeLessThan(mine.indexOf('task.started:b'));
      expect(mine).toContain('task.failed:c');
      expect(mine).toContain('task.skipped:d');
      expect(mine).not.toContain('task.started:d');
    }
  });

  it('throttles run.progress (~100 ms) but always sends a final one', async () => {
    const flow: FlowDef = { name: 'f', stages: [st('a', [], { run: async () => (await delay(2), { v: 'a' }) }), st('b', ['a'])] };
    const h = harness(flow, 100, { concurrency: 10 });
    const t0 = performance.now();
    await h.engine.start('R1');
    const elapsed = performance.now() - t0;
    const progress = h.events.filter((e) => e.type === 'run.progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(h.events.filter((e) => e.type === 'task.succeeded')).toHaveLength(200);
  });
});

describe('PipelineEngine: scheduling', () => {
  it('a resource limiter caps concurrent attempts of its stages', async () => {
    const rec = new Recorder();
    const flow: FlowDef = { name: 'f', stages: [st('a'), st('llm', ['a'], { resource: 'llm', run: rec.wrap('llm', async () => (await delay(10), { v: 'x' })) as never })] };
    const h = harness(flow, 12, { concurrency: 8, resources: { llm: { concurrency: 2 } } });
    await h.engine.start('R1');
    expect(rec.count('llm')).toBe(12);
    expect(rec.maxRunning).toBeLessThanOrEqual(2);
    expect(rec.maxRunning).toBe(2);
  });

  it('a rate-limited resource starts at most intervalCap attempts per interval', async () => {
    const starts: number[] = [];
    const flow: FlowDef = { name: 'f', stages: [st('api', [], { resource: 'api', run: async () => (starts.push(performance.now()), { v: 'x' }) })] };
    const h = harness(flow, 6, { concurrency: 8, resources: { api: { concurrency: 6, intervalCap: 2, intervalMs: 80 } } });
    await h.engine.start('R1');
    expect(starts).toHaveLength(6);
    starts.sort((x, y) => x - y);
    // any 3 consecutive starts span at least (almost) one interval
    for (let i = 2; i < starts.length; i++) expect(starts[i] - starts[i - 2]).toBeGreaterThanOrEqual(75);
  });

  it('the global concurrency caps all attempts, and the active-lead window bounds memory', async () => {
    const rec = new Recorder();
    const active = new Set<string>();
    let maxLeads = 0;
    const body = (n: string) => rec.wrap(n, async (ctx) => {
      active.add(ctx.lead.id);
      maxLeads = Math.max(maxLeads, active.size);
      await delay(2);
      if (n === 'z') active.delete(ctx.lead.id);
      return { v: n };
    });
    const flow: FlowDef = { name: 'f', stages: [st('a', [], { run: body('a') as never }), st('x', ['a'], { run: body('x') as never }), st('y', ['a'], { run: body('y') as never }), st('z', ['x', 'y'], { run: body('z') as never })] };
    const h = harness(flow, 30, { concurrency: 3, maxActiveLeads: 4 });
    await h.engine.start('R1');
    expect(rec.count()).toBe(120);
    expect(rec.maxRunning).toBeLessThanOrEqual(3);
    expect(maxLeads).toBeLessThanOrEqual(4);
  });
});

describe('PipelineEngine: errors', () => {
  it('createRun refuses duplicates; start refuses an unknown run', async () => {
    const h = harness({ name: 'f', stages: [st('a')] }, 1);
    expect(() => h.engine.createRun({ leadIds: ['L0'], runId: 'R1' })).toThrow(EngineError);
    expect(() => h.engine.createRun({ leadIds: ['L0', 'L0'] })).toThrow(/duplicates/);
    await expect(h.engine.start('nope')).rejects.toBeInstanceOf(EngineError);
    expect(() => new PipelineEngine({ flow: { name: 'f', stages: [st('a')] }, checkpoint: new MemoryCheckpoint(), concurrency: 0 })).toThrow(EngineError);
  });

  it('a checkpoint failure rejects start() with an EngineError and marks the run failed', async () => {
    const checkpoint = new MemoryCheckpoint([makeLead(0), makeLead(1)]);
    const orig = checkpoint.putTask.bind(checkpoint);
    let diskFull = true;
    checkpoint.putTask = (t) => {
      if (diskFull && t.status === 'done') throw new Error('disk full');
      orig(t);
    };
    const engine = new PipelineEngine({ flow: { name: 'f', stages: [st('a'), st('b', ['a'])] }, checkpoint, concurrency: 2 });
    engine.createRun({ leadIds: ['L0', 'L1'], runId: 'R1' });
    await expect(engine.start('R1')).rejects.toThrow(/run R1 failed: disk full/);
    expect(checkpoint.getRun('R1')!.status).toBe('failed');
    expect(engine.isRunning('R1')).toBe(false);
    // a failed run is resumable once the checkpoint works again
    diskFull = false;
    expect((await engine.start('R1')).status).toBe('done');
    expect(checkpoint.getTask('R1:L1:b')!.status).toBe('done');
  });
});

describe('bench helpers (smoke)', () => {
  it('measureEngineOverhead and measureFanout return their figures', async () => {
    const o = await measureEngineOverhead({ leads: 200 });
    expect(o).toMatchObject({ leads: 200, stages: 7 });
    expect(o.overheadMsPerLead).toBeGreaterThan(0);
    const f = await measureFanout({ leads: 4, latenciesMs: [10, 20, 40] });
    expect(f.criticalPathMs).toBe(40);
    expect(f.wallToCriticalPathRatio).toBeGreaterThanOrEqual(1);
  });
});
