import { EnrichmentResultSchema, type EnrichmentResult, type FactValue, type ProfileField, type ProspectProfile } from '@shared/index';
import type { Outcome } from '../../pipeline/types';
import { nowIso, throwIfAborted, type AgentContext } from '../types';
import { normaliseText } from '../util/text';

/** Default source priority, best first; a source ranks by the part of its name before ':' ("list:x.csv#3" → list). */
export const DEFAULT_SOURCE_PRIORITY = ['list', 'crm', 'website', 'email-domain', 'dns'] as const;

/** Relative difference under which two numbers are the same fact (10%). */
export const NUMBER_TOLERANCE = 0.1;

/**
 * A source stage's outcome as the engine hands it over; an ok value should be an EnrichmentResult or an array of
 * them (a waterfall). Values are validated: anything else is listed as a failed source.
 */
export type SourceOutcome = Outcome<unknown>;

/** Input of the synthesize stage. */
export interface SynthesizeInput {
  leadId: string;
  /** Outcomes of the enrichment stages keyed by stage name (e.g. "enrich.list"), in stage order. */
  outcomes: Record<string, SourceOutcome>;
}

/** Options of the rule-based synthesis. */
export interface SynthesizeOptions {
  /** Source kinds, best first (default {@link DEFAULT_SOURCE_PRIORITY}); unknown kinds rank after all listed ones. */
  priority?: readonly string[];
}

/** The synthesize stage's contract; an LLM version must return the same ProspectProfile shape. */
export interface SynthesizeAgent {
  readonly name: string;
  /** Merges source outcomes into one profile. Rejects only when `ctx.signal` is aborted. */
  synthesize(input: SynthesizeInput, ctx: AgentContext): Promise<ProspectProfile>;
}

/** The kind of a source label ("list:Startups.csv#2" → "list"). */
export function sourceKind(source: string): string {
  const i = source.indexOf(':');
  return i < 0 ? source : source.slice(0, i);
}

function asNumber(v: FactValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?[\d,]*\.?\d+\s*$/.test(v)) {
    const n = Number(v.replace(/[,\s]/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function normString(s: string): string {
  let t = normaliseText(s);
  if (/^(https?:\/\/|www\.)/.test(t) || /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/.test(t)) {
    t = t.replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
  }
  return t;
}

/** A comparison key for a value: numbers are compared with tolerance, everything else by this key. */
function valueKey(v: FactValue): string {
  if (Array.isArray(v)) return JSON.stringify([...new Set(v.map(normString))].sort());
  if (typeof v === 'string') return normString(v);
  return JSON.stringify(v);
}

/**
 * True when two values state the same fact: strings equal after case/whitespace/diacritics normalisation (and
 * URL scheme/www/trailing slash), numbers (or numeric strings) within 10% of the larger, string lists equal as
 * normalised sets (a string equals a one-element list). Never throws.
 */
export function sameFact(a: FactValue, b: FactValue): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) {
    const scale = Math.max(Math.abs(na), Math.abs(nb));
    return scale === 0 || Math.abs(na - nb) <= NUMBER_TOLERANCE * scale;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  const la = Array.isArray(a) ? a : [a as string];
  const lb = Array.isArray(b) ? b : [b as string];
  if (la.some((x) => typeof x !== 'string') || lb.some((x) => typeof x !== 'string')) return valueKey(a) === valueKey(b);
  return valueKey(la) === valueKey(lb);
}

interface Candidate {
  field: string;
  value: FactValue;
  source: string;
  confidence: number;
  rank: number;
  result: EnrichmentResult;
}

/**
 * Merges enrichment outcomes into one ProspectProfile.
 *
 * Input: `{ leadId, outcomes }` (stage name → Outcome of an EnrichmentResult or EnrichmentResult[]), options
 * `{ priority? }`, clock. Output: a profile where each field holds the value of the best source (lowest priority
 * rank, then highest confidence, then source name — deterministic), its source, confidence and provenance, and
 * `conflicts`: every differing value (see {@link sameFact}) from other sources, once per distinct value.
 * `sources` lists every stage/result with its status and error: a failed or skipped source, or an output that is
 * not an EnrichmentResult, is listed there and never sinks the lead. Never throws.
 */
export function synthesizeProfile(input: SynthesizeInput, options: SynthesizeOptions = {}, clock?: { now?: () => Date }): ProspectProfile {
  const priority = options.priority ?? DEFAULT_SOURCE_PRIORITY;
  const rankOf = (source: string) => {
    const i = priority.indexOf(sourceKind(source));
    return i < 0 ? priority.length : i;
  };
  const sources: ProspectProfile['sources'] = [];
  const byField = new Map<string, Candidate[]>();

  for (const [stage, outcome] of Object.entries(input.outcomes)) {
    const label = stage.replace(/^enrich\./, '');
    if (!outcome.ok) {
      sources.push({ source: label, status: outcome.status, error: outcome.error });
      continue;
    }
    const list = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
    for (const raw of list) {
      const parsed = EnrichmentResultSchema.safeParse(raw);
      if (!parsed.success) {
        sources.push({ source: label, status: 'failed', error: `invalid enrichment result: ${parsed.error.issues[0]?.message ?? 'unknown'}` });
        continue;
      }
      const r = parsed.data;
      sources.push({ source: r.source, status: r.status, ...(r.error ? { error: r.error } : {}) });
      if (r.status !== 'ok') continue;
      for (const [field, value] of Object.entries(r.fields)) {
        const c: Candidate = { field, value, source: r.source, confidence: r.fieldConfidence[field] ?? r.provenance.confidence, rank: rankOf(r.source), result: r };
        const arr = byField.get(field);
        if (arr) arr.push(c);
        else byField.set(field, [c]);
      }
    }
  }

  const fields: Record<string, ProfileField> = {};
  for (const field of [...byField.keys()].sort()) {
    const cands = byField.get(field)!.sort((a, b) => a.rank - b.rank || b.confidence - a.confidence || a.source.localeCompare(b.source));
    const [best, ...rest] = cands;
    const conflicts: ProfileField['conflicts'] = [];
    for (const c of rest) {
      if (sameFact(best.value, c.value)) continue;
      if (conflicts.some((x) => sameFact(x.value, c.value))) continue;
      conflicts.push({ value: c.value, source: c.source, confidence: c.confidence });
    }
    fields[field] = {
      value: best.value,
      source: best.source,
      confidence: best.confidence,
      provenance: { ...best.result.provenance, confidence: best.confidence },
      conflicts,
    };
  }
  return { leadId: input.leadId, fields, sources, synthesizedAt: nowIso(clock) };
}

/** The default SynthesizeAgent: {@link synthesizeProfile} with a configurable source priority. */
export class RuleSynthesizeAgent implements SynthesizeAgent {
  readonly name = 'rules/synthesize@1';
  constructor(private readonly options: SynthesizeOptions = {}) {}

  async synthesize(input: SynthesizeInput, ctx: AgentContext): Promise<ProspectProfile> {
    throwIfAborted(ctx.signal);
    return synthesizeProfile(input, this.options, ctx);
  }
}
