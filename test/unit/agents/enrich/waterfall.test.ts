import { describe, expect, it } from 'vitest';
import type { EnrichmentResult, Lead } from '@shared/index';
import { runWaterfall, WaterfallSource } from '../../../../electron/core/agents/enrich/waterfall';
import { makeResult, type EnrichmentSource } from '../../../../electron/core/agents/enrich/types';
import type { AgentContext } from '../../../../electron/core/agents/types';
import { lead, settings } from '../fixtures/yc';

const ctx: AgentContext = { settings: settings() };

function source(name: string, fields: Record<string, string | number>, calls: string[], confidence = 0.8): EnrichmentSource {
  return { name, run: async (_lead: Lead) => (calls.push(name), makeResult({ source: name, fields, confidence })) };
}
function failing(name: string, calls: string[], how: 'throw' | 'status'): EnrichmentSource {
  return {
    name,
    run: async (): Promise<EnrichmentResult> => {
      calls.push(name);
      if (how === 'throw') throw new Error(`${name} is down`);
      return { source: name, status: 'failed', fields: {}, fieldConfidence: {}, provenance: { source: name, fetchedAt: 'x', confidence: 0 }, error: 'quota' };
    },
  };
}

describe('waterfall', () => {
  it('asks sources in order until every wanted field is filled, first value wins', async () => {
    const calls: string[] = [];
    const res = await runWaterfall(
      [source('cheap', { employees: 40 }, calls), source('mid', { employees: 55, industry: 'SaaS' }, calls), source('pricey', { industry: 'X', fundingUsd: 1 }, calls)],
      lead(), ctx, { fields: ['employees', 'industry'] },
    );
    expect(calls).toEqual(['cheap', 'mid']);
    expect(res.filled).toEqual({ employees: 'cheap', industry: 'mid' });
    expect(res.missing).toEqual([]);
    expect(res.notAsked).toEqual(['pricey']);
    expect(res.results.map((r) => r.fields)).toEqual([{ employees: 40 }, { industry: 'SaaS' }]);
  });

  it('moves past failing sources (thrown or reported) and reports what stays missing', async () => {
    const calls: string[] = [];
    const res = await runWaterfall([failing('a', calls, 'throw'), failing('b', calls, 'status'), source('c', { employees: 12 }, calls)], lead(), ctx, {
      fields: ['employees', 'fundingUsd'],
    });
    expect(calls).toEqual(['a', 'b', 'c']);
    expect(res.results.map((r) => [r.source, r.status, r.error])).toEqual([
      ['a', 'failed', 'a is down'],
      ['b', 'failed', 'quota'],
      ['c', 'ok', undefined],
    ]);
    expect(res.missing).toEqual(['fundingUsd']);
  });

  it('ignores values below minConfidence', async () => {
    const calls: string[] = [];
    const res = await runWaterfall([source('weak', { industry: 'guess' }, calls, 0.2), source('strong', { industry: 'SaaS' }, calls, 0.9)], lead(), ctx, {
      fields: ['industry'], minConfidence: 0.5,
    });
    expect(res.filled).toEqual({ industry: 'strong' });
    expect(res.results[0].status).toBe('empty');
  });

  it('WaterfallSource exposes per-source results (runAll) and a merged result (run)', async () => {
    const calls: string[] = [];
    const w = new WaterfallSource('firmo', [source('a', { employees: 5 }, calls), source('b', { industry: 'SaaS' }, calls)], { fields: ['employees', 'industry'] });
    expect((await w.runAll(lead(), ctx)).map((r) => r.source)).toEqual(['a', 'b']);
    const merged = await w.run(lead(), ctx);
    expect(merged.source).toBe('waterfall:firmo');
    expect(merged.fields).toEqual({ employees: 5, industry: 'SaaS' });
  });

  it('rejects on abort', async () => {
    const ctl = new AbortController();
    ctl.abort(new Error('cancelled'));
    await expect(runWaterfall([source('a', { x: 1 }, [])], lead(), { ...ctx, signal: ctl.signal }, { fields: ['x'] })).rejects.toThrow('cancelled');
  });
});
