import { createHash, hash } from 'node:crypto';

/** Legal-form words dropped from the end of a company name before comparing ("Acme, Inc." ≡ "Acme"). */
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'plc',
  'gmbh', 'ag', 'kg', 'ug', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'pty', 'pte',
  'kk', 'sl', 'sro', 'zoo', 'group', 'holding', 'holdings',
]);

/**
 * Comparable form of a company name: accents removed, lowercase, `&` → `and`, trailing legal forms removed
 * (Inc, LLC, Ltd, GmbH, Corp, Co …), then only letters and digits kept. `"Acme, Inc."` → `acme`,
 * `"Müller GmbH & Co. KG"` → `mullergmbhandco`… (only trailing legal words go). Never empty for a name
 * with a letter or digit (falls back to the full name).
 * @param name clean company name
 */
export function normaliseCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const all = words.join('');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  return words.join('') || all;
}

/** Comparable form of a person name: accents removed, lowercase, single spaces, only letters/digits/spaces. */
function normalisePersonName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

/**
 * The stable dedupe key of a lead, from its normalised identity:
 * - `email:<email>` when it has an email;
 * - `person:<domain>|<company>|<person name>` for a person (from person columns) without email, so two
 *   colleagues at one company stay two leads;
 * - `company:<domain>|<company>` with a domain and a company name;
 * - `company:|<company>` with a company name but no domain;
 * - `domain:<domain>` with a domain but no company name.
 * Company names go through {@link normaliseCompanyName}.
 * @param lead normalised fields (email lowercase, domain lowercase without www.)
 * @param personFromColumns whether the person name came from person columns (not promoted from "Founders")
 * @returns the key
 * @throws Error when the lead has none of email, company, domain (the acceptance rule prevents this)
 */
export function dedupeKeyOf(
  lead: { email?: string; domain?: string; company?: string; fullName?: string },
  personFromColumns = false,
): string {
  if (lead.email) return `email:${lead.email}`;
  const company = lead.company ? normaliseCompanyName(lead.company) : '';
  const domain = lead.domain ?? '';
  if (personFromColumns && lead.fullName) return `person:${domain}|${company}|${normalisePersonName(lead.fullName)}`;
  if (company) return `company:${domain}|${company}`;
  if (domain) return `domain:${domain}`;
  throw new Error('a lead needs an email, a company or a domain to have a dedupe key');
}

/**
 * Deterministic lead id from a dedupe key: `L_` + the first 16 hex digits of sha1(key). Re-importing or
 * resuming an import yields the same ids.
 * @param dedupeKey key from {@link dedupeKeyOf}
 * @returns e.g. `L_3f2a9c0d1e5b7a48`
 */
export function leadIdOf(dedupeKey: string): string {
  const hex = typeof hash === 'function' ? hash('sha1', dedupeKey, 'hex') : createHash('sha1').update(dedupeKey).digest('hex');
  return `L_${hex.slice(0, 16)}`;
}

/** Outcome of {@link Deduper.check}. */
export type DedupeOutcome = 'new' | 'duplicate-in-file' | 'known';

/**
 * Tracks dedupe keys seen during one import (memory: one short string per distinct key, ~40 bytes)
 * and consults the store through `isKnown`.
 */
export class Deduper {
  private readonly seen = new Set<string>();
  /**
   * @param isKnown lookup of keys already stored (called at most once per distinct key of the file); absent = nothing stored
   */
  constructor(private readonly isKnown?: (dedupeKey: string) => boolean) {}

  /**
   * Classifies a key and remembers it: `duplicate-in-file` when an earlier row of this file had it, `known`
   * when the store already has it, else `new`.
   * @param dedupeKey the row's key
   * @param id the lead id derived from the key ({@link leadIdOf}); remembered instead of the longer key when given
   */
  check(dedupeKey: string, id: string = dedupeKey): DedupeOutcome {
    if (this.seen.has(id)) return 'duplicate-in-file';
    this.seen.add(id);
    return this.isKnown?.(dedupeKey) ? 'known' : 'new';
  }
}
