import type { Draft, DraftFact, ProspectProfile } from '@shared/index';

/** Builds a profile from plain values (all from one source unless `sources` says otherwise). */
export function makeProfile(fields: Record<string, unknown>, source = 'list:Startups.csv#9', sources: Record<string, string> = {}): ProspectProfile {
  return {
    leadId: 'L1',
    fields: Object.fromEntries(
      Object.entries(fields)
        .filter(([, val]) => val !== undefined)
        .map(([k, val]) => [k, { value: val as string, source: sources[k] ?? source, confidence: 0.9, conflicts: [] }]),
    ),
    sources: [],
    synthesizedAt: '2026-01-01T00:00:00.000Z',
  };
}

const STOP = new Set(['a', 'an', 'and', 'the']);
const tokens = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^\p{L}\p{N}]+/u).filter((t) => t && !STOP.has(t));

/** True when a draft fact comes from the profile: same field and source, and every word of its text is in the value. */
export function factInProfile(f: DraftFact, profile: ProspectProfile): boolean {
  const pf = f.field ? profile.fields[f.field] : undefined;
  if (!pf || pf.source !== f.source) return false;
  const valueTokens = new Set(tokens(Array.isArray(pf.value) ? pf.value.join(' ') : String(pf.value)));
  return tokens(f.text).every((t) => valueTokens.has(t));
}

/** Leftover placeholder patterns a draft must never contain. */
export const PLACEHOLDER_RE = /\{\{|\}\}|\[[A-Za-z ]+\]|<[A-Z_]{3,}>|%[A-Z_]{3,}%/;

export function draftText(d: Draft): string {
  return `${d.subject}\n${d.body}`;
}
