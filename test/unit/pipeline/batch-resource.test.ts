import { describe, expect, it } from 'vitest';
import { PipelineEngine, MemoryCheckpoint, type FlowDef } from '../../../electron/core/pipeline/index';
import { EngineError } from '../../../electron/core/pipeline/errors';
import { deferred, harness, makeLead, st } from './helpers';

/**
 * ResourceLimit.batch: attempts on a batching resource wait for a shared remote batch, so they take no global slot
 * and the default active-lead window is at least 2 × batch (one batch fills while the previous one is in flight).
 */
describe('PipelineEngine: batching resources', () => {
  it('lets more attempts of a batching resource wait at once than the global concurrency, while other stages still run', async () => {
    // A "batch" that only completes once 30 attempts are waiting in it: impossible if each held one of the 2 global slots.
    const gate = deferred();
    let waiting = 0;
    let otherRan = 0;
    const flow: FlowDef = {
      name: 'f',
      stages: [
        st('a'),
        st('crm', ['a'], {
          resource: 'crm',
          run: async () => {
            if (++waiting === 30) gate.resolve();
            await gate.promise;
            return { v: 'x' };
          },
        }),
        st('other', ['a'], { run: async () => (otherRan++, { v: 'y' }) }),
      ],
    };
    const h = harness(flow, 30, { concurrency: 2, resources: { crm: { concurrency: 50, batch: 25 } } });
    const run = await h.engine.start(h.runId);
    expect(run.status).toBe('done');
    expect(waiting).toBe(30);
    expect(otherRan).toBe(30);
  });

  it('without `batch` the same resource is capped by the global concurrency (the stage would never fill a batch)', async () => {
    let inFlight = 0;
    let peak = 0;
    const flow: FlowDef = {
      name: 'f',
      stages: [
        st('crm', [], {
          resource: 'crm',
          run: async () => {
            peak = Math.max(peak, ++inFlight);
            await new Promise((r) => setTimeout(r, 5));
            inFlight--;
            return { v: 'x' };
          },
        }),
      ],
    };
    const h = harness(flow, 40, { concurrency: 2, resources: { crm: { concurrency: 50 } } });
    await h.engine.start(h.runId);
    expect(peak).toBe(2);
  });

  it('keeps 2 × batch leads active by default (and an explicit maxActiveLeads wins)', async () => {
    // Attempts hold until `expected` of them wait at once (or 50 ms pass): the peak shows the window.
    const count = async (expected: number, opts: { batch?: number; maxActiveLeads?: number }): Promise<number> => {
      let active = 0;
      let peak = 0;
      const release = deferred();
      const leads = Array.from({ length: 300 }, (_, i) => makeLead(i));
      const flow: FlowDef = {
        name: 'f',
        stages: [
          st('crm', [], {
            resource: 'crm',
            run: async () => {
              peak = Math.max(peak, ++active);
              if (active === expected) release.resolve();
              await Promise.race([release.promise, new Promise((r) => setTimeout(r, 50))]);
              active--;
              return { v: 'x' };
            },
          }),
        ],
      };
      const engine = new PipelineEngine({
        flow,
        checkpoint: new MemoryCheckpoint(leads),
        concurrency: 4,
        resources: { crm: { concurrency: 1000, ...(opts.batch ? { batch: opts.batch } : {}) } },
        ...(opts.maxActiveLeads ? { maxActiveLeads: opts.maxActiveLeads } : {}),
      });
      const r = engine.createRun({ leadIds: leads.map((l) => l.id) });
      await engine.start(r.id);
      return peak;
    };
    expect(await count(200, { batch: 100 })).toBe(200);
    expect(await count(4, {})).toBe(4); // global concurrency caps a non-batching resource
    expect(await count(50, { batch: 100, maxActiveLeads: 50 })).toBe(50);
  });

  it('refuses a batch size that is not a positive integer', () => {
    const flow: FlowDef = { name: 'f', stages: [st('a')] };
    expect(() => new PipelineEngine({ flow, checkpoint: new MemoryCheckpoint([]), concurrency: 1, resources: { crm: { concurrency: 4, batch: 0 } } })).toThrow(EngineError);
    expect(() => new PipelineEngine({ flow, checkpoint: new MemoryCheckpoint([]), concurrency: 1, resources: { crm: { concurrency: 4, batch: 2.5 } } })).toThrow(/batch must be an integer/);
  });
});
