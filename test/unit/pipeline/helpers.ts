import { z } from 'zod';
import type { Lead, PipelineEvent } from '@shared/index';
import { MemoryCheckpoint, PipelineEngine, type FlowDef, type PipelineEngineOptions, type StageContext, type StageDef } from '../../../electron/core/pipeline/index';

/** A minimal valid lead `L${i}`. */
export function makeLead(i: number, extra: Partial<Lead> = {}): Lead {
  return {
    id: `L${i}`,
    dedupeKey: `company:c${i}.com|C${i}`,
    company: `C${i}`,
    domain: `c${i}.com`,
    categories: [],
    contacts: [],
    extra: {},
    source: { file: 't.csv', row: i + 2, importId: 'imp' },
    importedAt: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
}

export const Any = z.unknown();
export const Val = z.object({ v: z.string() });

/** A stage returning `{ v: name }` unless `run` is given. */
export function st(name: string, needs: string[] = [], extra: Partial<StageDef> = {}): StageDef {
  return { name, needs, output: Val, run: async () => ({ v: name }), ...extra };
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    else signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
  });
}

/** A promise with its resolve exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export interface Harness {
  engine: PipelineEngine;
  checkpoint: MemoryCheckpoint;
  events: PipelineEvent[];
  leads: Lead[];
  runId: string;
}

/** Engine + in-memory checkpoint + recorded events + a created run over `leadCount` leads. */
export function harness(flow: FlowDef, leadCount = 1, opts: Partial<PipelineEngineOptions> & { checkpoint?: MemoryCheckpoint } = {}): Harness {
  const leads = Array.from({ length: leadCount }, (_, i) => makeLead(i));
  const checkpoint = opts.checkpoint ?? new MemoryCheckpoint(leads);
  const engine = new PipelineEngine({ concurrency: 8, random: () => 0.5, ...opts, flow, checkpoint });
  const events: PipelineEvent[] = [];
  engine.on((e) => events.push(e));
  const run = engine.createRun({ leadIds: leads.map((l) => l.id), runId: 'R1' });
  return { engine, checkpoint, events, leads, runId: run.id };
}

/** Records [start, end] (performance.now) and invocation counts per `${leadId}:${stage}`. */
export class Recorder {
  readonly spans = new Map<string, { start: number; end: number }>();
  readonly calls = new Map<string, number>();
  readonly contexts = new Map<string, StageContext>();
  private running = 0;
  maxRunning = 0;

  /** Wraps a stage body so its calls are recorded. */
  wrap(stage: string, body: (ctx: StageContext) => Promise<unknown> = async () => ({ v: stage })): (ctx: StageContext) => Promise<unknown> {
    return async (ctx) => {
      const key = `${ctx.lead.id}:${stage}`;
      this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
      this.contexts.set(key, ctx);
      const start = performance.now();
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        return await body(ctx);
      } finally {
        this.running--;
        this.spans.set(key, { start, end: performance.now() });
      }
    };
  }

  count(stage?: string): number {
    let n = 0;
    for (const [k, v] of this.calls) if (!stage || k.endsWith(`:${stage}`)) n += v;
    return n;
  }
}
