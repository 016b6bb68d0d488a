import { z } from 'zod';

/** Where a fact came from. `confidence` is 0..1. `fetchedAt` is an ISO-8601 timestamp. */
export const ProvenanceSchema = z.object({
  source: z.string().min(1),
  fetchedAt: z.string(),
  confidence: z.number().min(0).max(1),
  /** Optional pointer to the evidence (URL, DNS name, file:row). */
  ref: z.string().optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** A scalar fact value an enrichment source can report. */
export const FactValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type FactValue = z.infer<typeof FactValueSchema>;

/**
 * One enrichment source's result for one lead: a flat map of profile field → value,
 * every value sharing the result's provenance (a source with mixed confidence reports per-field overrides).
 */
export const EnrichmentResultSchema = z.object({
  source: z.string().min(1),
  status: z.enum(['ok', 'empty', 'failed', 'skipped']),
  fields: z.record(z.string(), FactValueSchema).default({}),
  /** Optional per-field confidence overriding `provenance.confidence`. */
  fieldConfidence: z.record(z.string(), z.number().min(0).max(1)).default({}),
  provenance: ProvenanceSchema,
  error: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
});
export type EnrichmentResult = z.infer<typeof EnrichmentResultSchema>;
