import { z } from 'zod';
import { CrmError, type CrmRecord } from '../types';

/**
 * Boundary validation of what HubSpot returns (through the SDK's deserialiser, which drops unknown fields but checks
 * nothing). Only the fields the adapter uses are checked; a record without an id is refused.
 */

const RecordSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]).optional()).default({}),
  objectWriteTraceId: z.string().optional(),
  _new: z.boolean().optional(),
});
export type HubSpotRecord = { id: string; properties: Record<string, string | null>; objectWriteTraceId?: string; created?: boolean };

const ErrorSchema = z.object({
  message: z.string().default(''),
  category: z.string().optional(),
  context: z.record(z.string(), z.array(z.unknown())).optional(),
});
export type BatchError = { message: string; category?: string; context: Record<string, string[]> };

const BatchSchema = z.object({
  results: z.array(z.unknown()).default([]),
  errors: z.array(z.unknown()).optional(),
});

/**
 * Reads a batch response (`BatchResponseSimplePublicObject[WithErrors]`, upsert variant).
 * @returns the records and the per-input errors of a 207
 * @throws CrmError `BAD_RESPONSE` when the shape is not HubSpot's
 */
export function parseBatch(res: unknown, what: string): { records: HubSpotRecord[]; errors: BatchError[] } {
  const b = BatchSchema.safeParse(res);
  if (!b.success) throw new CrmError(`hubspot ${what}: unexpected response shape`, { kind: 'hubspot', code: 'BAD_RESPONSE', retryable: false });
  const records = b.data.results.map((r) => parseRecord(r, what));
  const errors = (b.data.errors ?? []).flatMap((e) => {
    const p = ErrorSchema.safeParse(e);
    if (!p.success) return [];
    const context: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(p.data.context ?? {})) context[k] = v.map(String);
    return [{ message: p.data.message, ...(p.data.category ? { category: p.data.category } : {}), context }];
  });
  return { records, errors };
}

/** Reads one record. @throws CrmError `BAD_RESPONSE` */
export function parseRecord(r: unknown, what: string): HubSpotRecord {
  const p = RecordSchema.safeParse(r);
  if (!p.success) throw new CrmError(`hubspot ${what}: a record in the response has no id`, { kind: 'hubspot', code: 'BAD_RESPONSE', retryable: false });
  const properties: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(p.data.properties)) properties[k] = v === null || v === undefined ? null : String(v);
  return {
    id: p.data.id,
    properties,
    ...(p.data.objectWriteTraceId ? { objectWriteTraceId: p.data.objectWriteTraceId } : {}),
    ...(p.data._new !== undefined ? { created: p.data._new } : {}),
  };
}

/** A record as the CrmAdapter returns it: the requested properties only (null when empty). */
export function toCrmRecord(r: HubSpotRecord, properties: string[]): CrmRecord {
  const props: Record<string, string | null> = {};
  for (const n of properties) props[n] = r.properties[n] ?? null;
  return { id: r.id, properties: props };
}

/**
 * A domain as LeadForge keys companies: lowercased, without scheme, `www.`, port, path or trailing dot.
 * @returns '' when nothing is left
 */
export function normalizeDomain(d: string | null | undefined): string {
  if (!d) return '';
  return d
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

/** The company key for a company without a domain: `name:` + the name lowercased with spaces collapsed. */
export function companyNameKey(name: string | null | undefined): string {
  const n = (name ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  return n ? `name:${n}` : '';
}
