import { z } from 'zod';
import type { Lead } from '@shared/index';
import type { FlowDef, StageDef } from './types';
import { PipelineEngine } from './engine';
import { MemoryCheckpoint } from './memory-checkpoint';
import { sleep } from './retry';

/** A minimal valid Lead for benchmarks (id `lead-${i}`). */
export function benchLead(i: number): Lead {
  return {
    id: `lead-${i}`,
    dedupeKey: `company:acme${i}.com|Acme ${i}`,
    company: `Acme ${i}`,
    domain: `acme${i}.com`,
    categories: ['B2B'],
    contacts: [],
    extra: {},
    source: { file: 'bench.csv', row: i + 2, importId: 'bench' },
    importedAt: '2025-01-01T00:00:00.000Z',
  };
}

const Out = z.object({ stage: z.string(), ok: z.boolean() });

function stage(name: string, needs: string[], run: () => Promise<unknown> = async () => ({ stage: name, ok: true }), extra: Partial<StageDef> = {}): StageDef {
  return { name, needs, output: Out, run: run as StageDef['run'], ...extra };
}

/**
 * The 7-stage no-op DAG of the overhead benchmark: normalize → {dns, web, social} (fan-out) → merge
 * (fan-in, tolerateFailedNeeds) → score → draft.
 */
export function noopBenchFlow(): FlowDef {
  return {
    name: 'bench-noop',
    stages: [
      stage('normalize', []),
      stage('dns', ['normalize']),
      stage('web', ['normalize']),
      stage('social', ['normalize']),
      stage('merge', ['dns', 'web', 'social'], undefined, { tolerateFailedNeeds: true }),
      stage('score', ['merge']),
      stage('draft', ['score']),
    ],
  };
}

async function runOnce(flow: FlowDef, leads: number, concurrency: number): Promise<number> {
  const leadList = Array.from({ length: leads }, (_, i) => benchLead(i));
  const checkpoint = new MemoryCheckpoint(leadList);
  const engine = new PipelineEngine({ flow, checkpoint, concurrency });
  const run = engine.createRun({ leadIds: leadList.map((l) => l.id) });
  const t0 = performance.now();
  const final = await engine.start(run.id);
  const wallMs = performance.now() - t0;
  if (final.status !== 'done') throw new Error(`bench run ended ${final.status}`);
  return wallMs;
}

/**
 * Engine overhead: runs `leads` leads through the 7 no-op stages of `noopBenchFlow` (in-memory checkpoint,
 * global concurrency `concurrency`, default 16) after a 500-lead warm-up, and times `start()` (ms).
 * overheadMsPerLead = wallMs / leads (every ms is engine overhead since the stages do nothing).
 * @throws Error if the run does not end `done`.
 */
export async function measureEngineOverhead(opts: { leads: number; concurrency?: number }): Promise<{ leads: number; stages: number; wallMs: number; overheadMsPerLead: number }> {
  const flow = noopBenchFlow();
  const concurrency = opts.concurrency ?? 16;
  await runOnce(flow, Math.min(500, opts.leads), concurrency);
  const wallMs = await runOnce(flow, opts.leads, concurrency);
  return { leads: opts.leads, stages: flow.stages.length, wallMs: round(wallMs), overheadMsPerLead: round(wallMs / Math.max(1, opts.leads)) };
}

/**
 * Fan-out efficiency: `leads` leads (default 20) through prep → one source per entry of `latenciesMs`
 * (default [50, 100, 200] ms, each sleeps its latency) → merge (fan-in) → score, with enough concurrency for
 * every source of every lead at once. criticalPathMs = max(latenciesMs); the ratio should be ≈ 1 (≤ 1.1).
 * @throws Error if the run does not end `done`.
 */
export async function measureFanout(opts: { leads?: number; latenciesMs?: number[] } = {}): Promise<{ leads: number; wallMs: number; criticalPathMs: number; wallToCriticalPathRatio: number }> {
  const leads = opts.leads ?? 20;
  const latencies = opts.latenciesMs ?? [50, 100, 200];
  const sources = latencies.map((ms, i) => stage(`source${i}`, ['prep'], async () => (await sleep(ms), { stage: `source${i}`, ok: true })));
  const flow: FlowDef = {
    name: 'bench-fanout',
    stages: [stage('prep', []), ...sources, stage('merge', sources.map((s) => s.name), undefined, { tolerateFailedNeeds: true }), stage('score', ['merge'])],
  };
  const wallMs = await runOnce(flow, leads, Math.max(1, leads * latencies.length));
  const criticalPathMs = Math.max(0, ...latencies);
  return { leads, wallMs: round(wallMs), criticalPathMs, wallToCriticalPathRatio: round(wallMs / Math.max(1, criticalPathMs)) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
