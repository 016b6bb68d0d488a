import type { EnrichmentResult, FactValue, Lead } from '@shared/index';
import { throwIfAborted, type AgentContext } from '../types';
import { hostOf, splitFullName } from '../util/text';
import { makeResult, type EnrichmentSource } from './types';

/** Confidence of a value the list states directly. */
export const LISTED_CONFIDENCE = 0.9;
/** Confidence of a value derived from listed data (name split, domain from website, first contact). */
export const DERIVED_CONFIDENCE = 0.8;

/**
 * The list's own data as an enrichment result.
 *
 * Input: a Lead. Output: `source` "list:<file>#<row>", listed fields at confidence 0.9, derived ones at 0.8:
 * firstName/lastName split from fullName, domain from website, the first `contacts[]` entry as the contact
 * (fullName, firstName, lastName, title) when the row names no person, `contacts` (all names, string[]),
 * and every unmapped column as `extra.<header>`. Status 'empty' when the row has nothing usable. Never throws.
 */
export function rowResult(lead: Lead, ctx?: { now?: () => Date }): EnrichmentResult {
  const fields: Record<string, FactValue | undefined> = {};
  const derived: Record<string, number> = {};
  const set = (k: string, v: FactValue | undefined, conf?: number) => {
    if (v === undefined || (typeof v === 'string' && !v.trim())) return;
    fields[k] = v;
    if (conf !== undefined) derived[k] = conf;
  };
  const keys = [
    'firstName', 'lastName', 'fullName', 'email', 'title', 'phone', 'company', 'website', 'domain', 'industry',
    'description', 'city', 'country', 'employees', 'fundingUsd', 'status', 'foundedYear', 'linkedinUrl',
  ] as const;
  for (const k of keys) set(k, lead[k]);
  if (lead.categories?.length) set('categories', lead.categories.map((c) => c.trim()).filter(Boolean));

  let fullName = lead.fullName ?? ([lead.firstName, lead.lastName].filter(Boolean).join(' ') || undefined);
  if (!lead.fullName && fullName) set('fullName', fullName, DERIVED_CONFIDENCE);
  if (!fullName && lead.contacts?.[0]?.fullName) {
    const c = lead.contacts[0];
    fullName = c.fullName.trim();
    set('fullName', fullName, DERIVED_CONFIDENCE);
    if (!lead.title && c.title) set('title', c.title, DERIVED_CONFIDENCE);
  }
  if (fullName && (!lead.firstName || !lead.lastName)) {
    const { first, last } = splitFullName(fullName);
    if (!lead.firstName) set('firstName', first, DERIVED_CONFIDENCE);
    if (!lead.lastName) set('lastName', last, DERIVED_CONFIDENCE);
  }
  if (!lead.domain) set('domain', hostOf(lead.website), DERIVED_CONFIDENCE);
  if (lead.contacts?.length) set('contacts', lead.contacts.map((c) => c.fullName.trim()).filter(Boolean));
  for (const [k, v] of Object.entries(lead.extra ?? {})) set(`extra.${k}`, v);

  const source = `list:${lead.source.file}#${lead.source.row}`;
  return makeResult({ source, fields, confidence: LISTED_CONFIDENCE, fieldConfidence: derived, ref: `${lead.source.file}:${lead.source.row}`, ctx });
}

/** EnrichmentSource "list": {@link rowResult}. Rejects only when `ctx.signal` is aborted. */
export class RowSource implements EnrichmentSource {
  readonly name = 'list';
  async run(lead: Lead, ctx: AgentContext): Promise<EnrichmentResult> {
    throwIfAborted(ctx.signal);
    return rowResult(lead, ctx);
  }
}
