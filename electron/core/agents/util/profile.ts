import type { FactValue, ProspectProfile } from '@shared/index';

/** A profile fact ready for use: its field name, value as text, source and confidence. */
export interface Fact {
  field: string;
  text: string;
  source: string;
  confidence: number;
  value: FactValue;
}

/** Renders a fact value as text (lists joined with ", "). */
export function factText(v: FactValue): string {
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/**
 * The profile's fact for `field`, or undefined when absent or blank. Input: profile, field name.
 * Output: {@link Fact}. Never throws.
 */
export function fact(profile: ProspectProfile | undefined, field: string): Fact | undefined {
  const f = profile?.fields[field];
  if (!f) return undefined;
  const text = factText(f.value).trim();
  if (!text) return undefined;
  return { field, text, source: f.source, confidence: f.confidence, value: f.value };
}

/** The profile's list value for `field` (a string becomes a one-element list; blanks dropped). */
export function factList(profile: ProspectProfile | undefined, field: string): { values: string[]; source: string } | undefined {
  const f = profile?.fields[field];
  if (!f) return undefined;
  const values = (Array.isArray(f.value) ? f.value : [String(f.value)]).map((s) => s.trim()).filter(Boolean);
  return values.length ? { values, source: f.source } : undefined;
}

/** The profile's numeric value for `field` (numbers, or numeric strings such as "1,200,000"). */
export function factNumber(profile: ProspectProfile | undefined, field: string): { value: number; source: string } | undefined {
  const f = profile?.fields[field];
  if (!f) return undefined;
  const n = typeof f.value === 'number' ? f.value : typeof f.value === 'string' ? Number(f.value.replace(/[$,\s]/g, '')) : NaN;
  return Number.isFinite(n) && (typeof f.value === 'number' || /\d/.test(String(f.value))) ? { value: n, source: f.source } : undefined;
}
