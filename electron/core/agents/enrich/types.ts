import type { EnrichmentResult, FactValue, Lead } from '@shared/index';
import { nowIso, type AgentContext } from '../types';

/**
 * One enrichment source. `name` is stable and short ("list", "email-domain", "dns"): the flow runs it as
 * stage `enrich.<name>` and synthesis ranks it by the part of `result.source` before the first ':'.
 * `run` resolves with a result whose `status` says how it went ('ok' | 'empty' | 'failed' | 'skipped');
 * sources should fail soft (status 'failed' + `error`) and reject only when `ctx.signal` is aborted.
 */
export interface EnrichmentSource {
  readonly name: string;
  /** Resource limiter the flow routes this source's attempts through (e.g. 'dns', 'web'); none by default. */
  readonly resource?: string;
  run(lead: Lead, ctx: AgentContext): Promise<EnrichmentResult>;
}

/**
 * Builds an EnrichmentResult. Input: source label, fields (undefined/empty values dropped), confidence 0..1,
 * optional per-field confidence, ref and timing. Output: a result with status 'ok' when any field remains,
 * else 'empty'. Never throws.
 */
export function makeResult(args: {
  source: string;
  fields: Record<string, FactValue | undefined | null>;
  confidence: number;
  fieldConfidence?: Record<string, number>;
  ref?: string;
  ctx?: { now?: () => Date };
  startedAt?: number;
}): EnrichmentResult {
  const fields: Record<string, FactValue> = {};
  for (const [k, v] of Object.entries(args.fields)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    fields[k] = typeof v === 'string' ? v.trim() : v;
  }
  const fieldConfidence: Record<string, number> = {};
  for (const [k, c] of Object.entries(args.fieldConfidence ?? {})) if (k in fields) fieldConfidence[k] = c;
  return {
    source: args.source,
    status: Object.keys(fields).length > 0 ? 'ok' : 'empty',
    fields,
    fieldConfidence,
    provenance: { source: args.source, fetchedAt: nowIso(args.ctx), confidence: args.confidence, ...(args.ref ? { ref: args.ref } : {}) },
    ...(args.startedAt !== undefined ? { durationMs: Math.max(0, Date.now() - args.startedAt) } : {}),
  };
}

/** A result with status 'failed' (or 'skipped') and an error text; no fields. Never throws. */
export function failedResult(source: string, error: string, ctx?: { now?: () => Date }, status: 'failed' | 'skipped' = 'failed', startedAt?: number): EnrichmentResult {
  return {
    source,
    status,
    fields: {},
    fieldConfidence: {},
    provenance: { source, fetchedAt: nowIso(ctx), confidence: 0 },
    error,
    ...(startedAt !== undefined ? { durationMs: Math.max(0, Date.now() - startedAt) } : {}),
  };
}
