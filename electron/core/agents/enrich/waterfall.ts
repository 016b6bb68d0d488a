import type { EnrichmentResult, FactValue, Lead } from '@shared/index';
import { throwIfAborted, type AgentContext } from '../types';
import { failedResult, makeResult, type EnrichmentSource } from './types';

/** Options of {@link runWaterfall}. */
export interface WaterfallOptions {
  /** Fields wanted. A source is asked only while some of them are still missing. */
  fields: string[];
  /** A value counts as found only at or above this confidence (0..1, default 0). */
  minConfidence?: number;
}

/** What a waterfall did: per-source results (trimmed to what each contributed) and the field → source map. */
export interface WaterfallResult {
  /** One result per source asked, in order, each holding only the wanted fields it filled first. */
  results: EnrichmentResult[];
  /** field → `result.source` of the source that filled it. */
  filled: Record<string, string>;
  /** Wanted fields no source filled. */
  missing: string[];
  /** Sources never asked because every field was already filled. */
  notAsked: string[];
}

function confidenceOf(r: EnrichmentResult, field: string): number {
  return r.fieldConfidence?.[field] ?? r.provenance.confidence;
}

/**
 * Tries `sources` in order until every wanted field has a value (the pattern for paid sources: ask the
 * cheapest first, stop as soon as the data is there).
 *
 * Input: sources, lead, context, options `{ fields, minConfidence? }`. Output: {@link WaterfallResult}.
 * A source that rejects (not by abort) or reports 'failed' is recorded with its error and the next one is asked;
 * the first value found for a field wins. Rejects only with the abort reason when `ctx.signal` is aborted.
 */
export async function runWaterfall(sources: EnrichmentSource[], lead: Lead, ctx: AgentContext, options: WaterfallOptions): Promise<WaterfallResult> {
  const wanted = [...new Set(options.fields)];
  const min = options.minConfidence ?? 0;
  const filled: Record<string, string> = {};
  const results: EnrichmentResult[] = [];
  const notAsked: string[] = [];
  for (const source of sources) {
    throwIfAborted(ctx.signal);
    if (wanted.every((f) => f in filled)) {
      notAsked.push(source.name);
      continue;
    }
    const started = Date.now();
    let r: EnrichmentResult;
    try {
      r = await source.run(lead, ctx);
    } catch (err) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? err;
      results.push(failedResult(source.name, err instanceof Error ? err.message : String(err), ctx, 'failed', started));
      continue;
    }
    const fields: Record<string, FactValue> = {};
    const fieldConfidence: Record<string, number> = {};
    if (r.status === 'ok') {
      for (const f of wanted) {
        if (f in filled || !(f in r.fields) || confidenceOf(r, f) < min) continue;
        fields[f] = r.fields[f];
        fieldConfidence[f] = confidenceOf(r, f);
        filled[f] = r.source;
      }
    }
    const contributed = Object.keys(fields).length > 0;
    results.push({
      ...r,
      fields,
      fieldConfidence,
      status: contributed ? 'ok' : r.status === 'ok' ? 'empty' : r.status,
    });
  }
  return { results, filled, missing: wanted.filter((f) => !(f in filled)), notAsked };
}

/**
 * A waterfall packaged as a source. `runAll` returns the per-source results (the flow uses it, so every field
 * keeps its real source); `run` merges them into one result with source `waterfall:<name>` for simple callers.
 */
export class WaterfallSource implements EnrichmentSource {
  constructor(
    readonly name: string,
    private readonly sources: EnrichmentSource[],
    private readonly options: WaterfallOptions,
  ) {}

  /** Per-source results; see {@link runWaterfall}. Rejects only on abort. */
  async runAll(lead: Lead, ctx: AgentContext): Promise<EnrichmentResult[]> {
    return (await runWaterfall(this.sources, lead, ctx, this.options)).results;
  }

  /** One merged result (status 'ok' if any field was found, else 'empty'). Rejects only on abort. */
  async run(lead: Lead, ctx: AgentContext): Promise<EnrichmentResult> {
    const started = Date.now();
    const results = await this.runAll(lead, ctx);
    const fields: Record<string, FactValue> = {};
    const conf: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.fields)) {
      fields[k] = v;
      conf[k] = confidenceOf(r, k);
    }
    const top = Math.max(0, ...Object.values(conf));
    return makeResult({ source: `waterfall:${this.name}`, fields, confidence: top, fieldConfidence: conf, ctx, startedAt: started });
  }
}
