/**
 * Small, dependency-free text helpers shared by the rule-based agents.
 * Everything here is pure and deterministic.
 */

/**
 * Normalises free text for equality checks: Unicode NFKD without combining marks, lowercase,
 * whitespace collapsed, trimmed. Input: any string. Output: the normalised string. Never throws.
 */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Normalises text for ICP-style matching: lowercase, diacritics removed, intra-word `-`, `_`, `.` and `'`
 * joined ("E-Commerce" → "ecommerce"), every other non-alphanumeric run turned into one space.
 * Output: a space-separated token string. Never throws.
 */
export function normaliseForMatch(s: string): string {
  return normaliseText(s)
    .replace(/(?<=[a-z0-9])[-_.'’](?=[a-z0-9])/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * True when the normalised `pattern` occurs in the normalised `text` starting at a word boundary
 * (so "usa" matches "USA" but not "Jerusalem", "developer" matches "Developers", "ecommerce" matches
 * "E-Commerce"). Case-insensitive. An empty pattern never matches. Never throws.
 */
export function matchesAtWordStart(text: string, pattern: string): boolean {
  const p = normaliseForMatch(pattern);
  if (!p) return false;
  return ` ${normaliseForMatch(text)}`.includes(` ${p}`);
}

/** Escapes a string for literal use inside a RegExp. Output: the escaped string. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Counts whitespace-separated words that contain at least one letter or digit. Output: integer ≥ 0. */
export function countWords(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Turns a lowercase/uppercase token sequence into "Title Case" per word ("acme-labs" → "Acme Labs" when
 * `splitOn` includes "-"). Mixed-case words are kept as written. Output: the cased string.
 */
export function titleCase(s: string, splitOn: RegExp = /[\s_-]+/): string {
  return s
    .split(splitOn)
    .filter(Boolean)
    .map((w) => (w === w.toLowerCase() || w === w.toUpperCase() ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase() : w))
    .join(' ');
}

/**
 * Extracts the host of a website value ("https://www.Acme.com/about" → "acme.com"), without `www.`,
 * lowercase. Input: URL or bare host. Output: the host, or undefined when none can be parsed. Never throws.
 */
export function hostOf(website: string | undefined): string | undefined {
  if (!website) return undefined;
  const raw = website.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    const host = url.hostname.toLowerCase().replace(/\.$/, '').replace(/^www\d*\./, '');
    return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/** Second-level labels that form a public suffix together with a 2-letter ccTLD (co.uk, com.au …). */
const CC_SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'ne', 'or', 'gv']);

/**
 * The registrable label of a domain, i.e. the part a company name is usually built from
 * ("mail.acme-labs.co.uk" → "acme-labs", "acme.com" → "acme"). Heuristic (no public-suffix list):
 * handles `<x>.<2nd-level>.<ccTLD>`. Output: the label, or undefined for a bare TLD. Never throws.
 */
export function registrableLabel(domain: string): string | undefined {
  const parts = domain.toLowerCase().split('.').filter(Boolean);
  if (parts.length < 2) return undefined;
  const tld = parts[parts.length - 1];
  const second = parts[parts.length - 2];
  if (parts.length >= 3 && tld.length === 2 && CC_SECOND_LEVEL.has(second)) return parts[parts.length - 3];
  return second;
}

/** Splits a full name into first and last ("Jane van Doe" → { first: "Jane", last: "van Doe" }). */
export function splitFullName(fullName: string): { first?: string; last?: string } {
  const parts = fullName.trim().replace(/\s+/g, ' ').split(' ').filter(Boolean);
  if (parts.length === 0) return {};
  if (parts.length === 1) return { first: parts[0] };
  return { first: parts[0], last: parts.slice(1).join(' ') };
}
