import { z } from 'zod';
import { FactValueSchema, ProvenanceSchema } from './enrichment';

/** One profile field: the chosen value, its provenance, and every conflicting value seen. */
export const ProfileFieldSchema = z.object({
  value: FactValueSchema,
  source: z.string(),
  confidence: z.number().min(0).max(1),
  provenance: ProvenanceSchema.optional(),
  conflicts: z
    .array(z.object({ value: FactValueSchema, source: z.string(), confidence: z.number().min(0).max(1) }))
    .default([]),
});
export type ProfileField = z.infer<typeof ProfileFieldSchema>;

/**
 * The synthesized prospect profile: field name → field. Well-known names include
 * firstName, lastName, fullName, email, title, seniority, company, domain, website, industry, categories,
 * description, city, country, employees, fundingUsd, status, emailType (business|free|disposable|role),
 * mxFound (boolean).
 */
export const ProspectProfileSchema = z.object({
  leadId: z.string(),
  fields: z.record(z.string(), ProfileFieldSchema),
  sources: z.array(z.object({ source: z.string(), status: z.string(), error: z.string().optional() })),
  synthesizedAt: z.string(),
});
export type ProspectProfile = z.infer<typeof ProspectProfileSchema>;
