/**
 * Value-level normalisers for lead import: pure functions from one cell's text to a clean value.
 * None of them throws; unusable input yields `undefined` (or an `error` text) so the caller can warn.
 *
 * Cells are data, never formulas: a cell such as `=HYPERLINK(...)`, `+1 555`, `-5` or `@SUM(A1)` is kept
 * verbatim as text. Nothing in LeadForge evaluates it; any later CSV/XLSX export MUST pass such values
 * through {@link escapeFormula} so a spreadsheet does not execute them (CSV/formula injection).
 */
import { createRequire } from 'node:module';
import { isValidEmail } from './validate';

/** Longest cell kept, in characters; longer cells are cut to this length with a row warning. */
export const MAX_CELL_CHARS = 10_000;

// C0/C1 controls (except tab/LF/CR/VT/FF, which become spaces) and invisible format characters.
// eslint-disable-next-line no-control-regex
const STRIP = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** Fast check: does the text contain anything {@link cleanCell} would change (bar length)? */
function needsCleaning(s: string): boolean {
  const n = s.length;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return true;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c < 0x7f) {
      prevSpace = false;
    } else if (c === 32) {
      if (prevSpace) return true;
      prevSpace = true;
    } else if (
      c <= 0xa0 || c === 0xad || c === 0x1680 || (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 ||
      c === 0x202f || c === 0x205f || c === 0x2060 || c === 0x3000 || c === 0xfeff
    ) {
      return true;
    } else {
      prevSpace = false;
    }
  }
  return false;
}

/**
 * Cleans one cell: strips control and zero-width characters, turns every whitespace run (tabs,
 * newlines, NBSP …) into one space and trims. Does not truncate (see {@link truncateCell}).
 * @param raw the cell text as read
 * @returns the clean text (possibly empty)
 */
export function cleanCell(raw: string): string {
  if (raw.length === 0 || !needsCleaning(raw)) return raw;
  return raw.replace(STRIP, '').replace(/\s+/g, ' ').trim();
}

/**
 * Cuts a clean cell to `maxChars` characters (never splitting a surrogate pair).
 * @param value clean text
 * @param maxChars maximum length in UTF-16 code units (default {@link MAX_CELL_CHARS})
 * @returns the value itself when short enough, else its first `maxChars` characters
 */
export function truncateCell(value: string, maxChars = MAX_CELL_CHARS): string {
  if (value.length <= maxChars) return value;
  let cut = maxChars;
  const last = value.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return value.slice(0, cut).trimEnd();
}

/**
 * Whether a value would be interpreted as a formula by a spreadsheet if exported as-is
 * (starts with `=` `+` `-` `@`, tab or CR — the OWASP CSV-injection list).
 * @param value any cell text
 */
export function isFormulaLike(value: string): boolean {
  if (value.length === 0) return false;
  const c = value.charCodeAt(0);
  return c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64 /* @ */ || c === 9 || c === 13;
}

/**
 * Neutralises a value for CSV/XLSX export: prefixes a `'` when {@link isFormulaLike}, so spreadsheets show
 * it as text. (Import never does this: stored leads keep the original text.)
 * @param value any cell text
 * @returns the value, or `'` + value
 */
export function escapeFormula(value: string): string {
  return isFormulaLike(value) ? `'${value}` : value;
}

/**
 * Normalises an email cell: strips `mailto:`, takes the address out of `Name <addr>`, takes the first of
 * several addresses (`a@x.com; b@y.com`), trims trailing dots, lowercases, and checks the syntax with the
 * same rule as `LeadSchema.email` (zod's email regex, ASCII only; ≤ 254 chars).
 * @param value clean cell text (non-empty)
 * @returns `{ email }` or `{ error }` (a reason naming the value)
 */
export function normaliseEmail(value: string): { email?: string; error?: string } {
  const fast = value.toLowerCase();
  if (isValidEmail(fast)) return { email: fast };
  let v = value.trim();
  const angle = /<([^<>]+)>/.exec(v);
  if (angle) v = angle[1];
  v = v.replace(/^mailto:/i, '');
  if (/[\s,;]/.test(v)) v = v.split(/[\s,;]+/).find((t) => t.includes('@')) ?? v;
  v = v.replace(/^["'(]+|["').]+$/g, '').toLowerCase();
  if (isValidEmail(v)) return { email: v };
  return { error: `invalid email "${truncateForMessage(value)}"` };
}

/**
 * Platforms whose URLs are usually someone else's profile or a short link, not a company's own site
 * (a startup whose "website" is twitter.com/nowbox). See {@link isPlatformDomain}.
 */
const PLATFORM_HOSTS = new Set([
  'twitter.com', 'x.com', 'facebook.com', 'fb.com', 'instagram.com', 'linkedin.com', 'youtube.com', 'medium.com',
  'github.com', 'angel.co', 'wellfound.com', 'crunchbase.com', 'linktr.ee', 'bit.ly', 'goo.gl', 't.co', 'tinyurl.com',
  'play.google.com', 'apps.apple.com', 'itunes.apple.com', 'sites.google.com', 'docs.google.com', 'producthunt.com',
]);

/**
 * Whether a domain is a profile/shortener platform (twitter.com, linkedin.com, bit.ly, producthunt.com …).
 * Such a domain is only the company's own when the company IS the platform; see {@link platformBelongsTo}.
 * @param domain lowercase domain without `www.`
 */
export function isPlatformDomain(domain: string): boolean {
  return PLATFORM_HOSTS.has(domain);
}

/**
 * Whether a platform domain is the company's own: the company name, letters and digits only, starts with
 * the domain's first label (`Twitter, Inc.` ↔ twitter.com, `Product Hunt` ↔ producthunt.com).
 * @param domain platform domain
 * @param company company name, if any
 */
export function platformBelongsTo(domain: string, company: string | undefined): boolean {
  if (!company) return false;
  const label = domain.slice(0, domain.indexOf('.'));
  const name = company.toLowerCase().replace(/[^a-z0-9]/g, '');
  return label.length > 0 && name.startsWith(label);
}

/** `scheme://host.tld/path` with nothing unusual (the fast path of {@link normaliseWebsite}). */
const SIMPLE_URL = /^(https?):\/\/([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?$/;

/**
 * Normalises a website cell to an http(s) URL and derives the company domain.
 * Adds `https://` when no scheme is given; rejects other schemes (`ftp:`, `javascript:`, `mailto:` …),
 * IP addresses, hosts without a dot and hosts whose TLD is not alphabetic. Credentials and `#fragment` are
 * dropped; IDN hosts become punycode. `domain` = lowercase host without `www.`/`wwwN.`, port and path
 * (for profile/shortener platforms such as twitter.com/… check {@link isPlatformDomain} before using it).
 * @param value clean cell text (non-empty)
 * @returns `{ website, domain }` or `{ error }`
 */
export function normaliseWebsite(value: string): { website?: string; domain?: string; error?: string } {
  // Fast path for the common `http(s)://host.tld/path` (no port, query, credentials, IDN or fragment).
  const simple = SIMPLE_URL.exec(value);
  if (simple) {
    const host = simple[2].toLowerCase();
    if (isPlausibleHost(host) && !/(^|\.)-|-(\.|$)/.test(host)) {
      const path = simple[3] === undefined || simple[3] === '/' ? '' : simple[3];
      const website = `${simple[1].toLowerCase()}://${host}${path}`;
      return { website, domain: host.replace(/^www\d*\./, '') };
    }
  }
  let v = value.trim();
  if (v.startsWith('//')) v = `https:${v}`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v);
  if (scheme && !/^https?$/i.test(scheme[1])) {
    // `acme.com:8080/x` is host:port, not a scheme
    if (!/^[^:/]+\.[^:/]+:\d+/.test(v)) return { error: `not an http(s) URL "${truncateForMessage(value)}"` };
    v = `https://${v}`;
  } else if (!scheme) {
    v = `https://${v}`;
  } else if (!/^https?:\/\//i.test(v)) {
    v = v.replace(/^(https?):\/*/i, '$1://');
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return { error: `invalid website "${truncateForMessage(value)}"` };
  }
  const host = url.hostname.replace(/\.$/, '');
  if (!isPlausibleHost(host)) return { error: `invalid website host "${truncateForMessage(value)}"` };
  const path = url.pathname === '/' ? '' : url.pathname;
  const website = `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}${path}${url.search}`;
  return { website, domain: host.replace(/^www\d*\./, '') };
}

/**
 * Normalises a "domain" cell (`acme.com`, `www.Acme.com`, `https://acme.com/about`) to a bare domain.
 * @param value clean cell text (non-empty)
 * @returns `{ domain }` or `{ error }`
 */
export function normaliseDomain(value: string): { domain?: string; error?: string } {
  const r = normaliseWebsite(value.replace(/^@/, ''));
  return r.domain ? { domain: r.domain } : { error: `invalid domain "${truncateForMessage(value)}"` };
}

function isPlausibleHost(host: string): boolean {
  if (host.length > 253 || !host.includes('.')) return false;
  if (host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host)) return false;
  const tld = host.slice(host.lastIndexOf('.') + 1);
  return /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld);
}

let freeMailDomains: Set<string> | undefined;

/**
 * Whether a domain belongs to a free/ISP mail provider (gmail.com, yahoo.co.uk, t-online.de …, from the
 * `email-providers` list of ~8,700 domains), i.e. says nothing about the person's company.
 * @param domain lowercase domain
 */
export function isFreeMailDomain(domain: string): boolean {
  if (!freeMailDomains) {
    const require = createRequire(import.meta.url);
    freeMailDomains = new Set(require('email-providers/all.json') as string[]);
  }
  return freeMailDomains.has(domain);
}

/**
 * The company domain implied by a business email (`jane@mail.acme.com` → `mail.acme.com`; `www.` stripped);
 * undefined for free-mail/ISP providers.
 * @param email a valid, lowercase email
 */
export function domainFromEmail(email: string): string | undefined {
  const d = email.slice(email.lastIndexOf('@') + 1).replace(/^www\d*\./, '');
  return d && !isFreeMailDomain(d) ? d : undefined;
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame']);
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'mba', 'esq', 'cpa', 'dds', 'msc', 'bsc']);
const bare = (t: string): string => t.toLowerCase().replace(/[.,]/g, '');

/**
 * Splits a person's full name into first and last name.
 * `Doe, Jane` → Jane / Doe; `Dr. Jane van der Berg Jr.` → Jane / van der Berg (honorifics and suffixes are
 * ignored for the split); a single word → first name only.
 * @param fullName clean text
 * @returns `{ firstName?, lastName? }`
 */
export function splitFullName(fullName: string): { firstName?: string; lastName?: string } {
  let name = fullName.trim();
  const comma = name.indexOf(',');
  if (comma > 0) {
    const after = name.slice(comma + 1).trim();
    // "Doe, Jane" (but not "Jane Doe, PhD")
    if (after && !NAME_SUFFIXES.has(bare(after))) name = `${after} ${name.slice(0, comma).trim()}`;
    else name = name.slice(0, comma).trim();
  }
  const tokens = name.split(' ').filter(Boolean);
  while (tokens.length > 1 && HONORIFICS.has(bare(tokens[0]))) tokens.shift();
  while (tokens.length > 1 && NAME_SUFFIXES.has(bare(tokens[tokens.length - 1]))) tokens.pop();
  if (tokens.length === 0) return {};
  if (tokens.length === 1) return { firstName: tokens[0] };
  return { firstName: tokens[0], lastName: tokens.slice(1).join(' ') };
}

/**
 * Splits a people cell ("Founders") into names: separators `,` `;` `|` `/` newline, ` and `, ` & `.
 * Drops empty parts, bare suffixes ("PhD") and repeats (case-insensitive).
 * @param value clean cell text
 * @returns full names in cell order
 */
export function splitPeople(value: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of value.split(/\s*(?:[,;|/\n]|\band\b|&)\s*/i)) {
    const name = part.trim();
    if (!name || NAME_SUFFIXES.has(bare(name)) || !/\p{L}/u.test(name)) continue;
    const k = name.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(name);
  }
  return out;
}

/**
 * Splits a category/tag cell on `,` `;` `|` into distinct, trimmed tags (case-insensitive de-duplication,
 * first spelling kept).
 * @param value clean cell text
 */
export function splitList(value: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of value.split(/[,;|]/)) {
    const t = part.trim();
    if (!t) continue;
    const k = t.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out;
}

const MULTIPLIERS: Record<string, number> = {
  k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mn: 1e6, mio: 1e6, million: 1e6, millions: 1e6,
  b: 1e9, bn: 1e9, billion: 1e9, billions: 1e9,
};
const NUMBER_RE = /^([0-9][0-9.,' ]*?)\s*(k|thousand|mm|mn|mio|m|millions|million|bn|billions|billion|b)?\+?$/;

/**
 * Parses one amount: `$1.2M`, `1,200`, `€2,5 Mio`, `1.200` (European thousands), `10,001+`, `USD 3m`.
 * Currency symbols/codes are dropped (no conversion). With a k/M/B suffix `.` and `,` before 1–2 digits are
 * decimal marks; without one, `1,234,567` and `1.234.567` are thousands groupings.
 * @returns the number, or undefined when the text is not an amount
 */
function parseOne(token: string): number | undefined {
  const t = token
    .trim()
    .toLowerCase()
    .replace(/^(?:approx\.?|about|ca\.?|circa|~|>|<|≈|over|under)\s*/, '')
    .replace(/^(?:us\$|usd|eur|gbp|chf|cad|aud|[$€£¥])\s*/, '')
    .replace(/\s*(?:usd|eur|gbp|chf|cad|aud|dollars?|[$€£])$/, '');
  const m = NUMBER_RE.exec(t);
  if (!m) return undefined;
  const digits = m[1].replace(/[' ]/g, '');
  const mult = m[2] ? MULTIPLIERS[m[2]] : 1;
  let n: number;
  if (/^\d+$/.test(digits)) n = Number(digits);
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits) && !(m[2] && /^\d+,\d{1,2}$/.test(digits))) n = Number(digits.replace(/,/g, ''));
  else if (!m[2] && /^\d{1,3}(\.\d{3})+(,\d+)?$/.test(digits)) n = Number(digits.replace(/\./g, '').replace(',', '.'));
  else if (/^\d+\.\d+$/.test(digits)) n = Number(digits);
  else if (/^\d+,\d{1,2}$/.test(digits)) n = Number(digits.replace(',', '.'));
  else return undefined;
  return Number.isFinite(n) ? n * mult : undefined;
}

/** First number of a range `11-50`, `1 to 5M` (the suffix of the upper bound applies to a bare lower bound). */
function parseRangeLow(value: string): number | undefined {
  const parts = value.split(/\s*(?:–|—|-|\bto\b)\s*/i).filter(Boolean);
  if (parts.length === 2) {
    const low = parseOne(parts[0]);
    if (low === undefined) return undefined;
    const suffix = /(k|m|mm|mn|b|bn|million|billion)\s*$/i.exec(parts[1].trim());
    if (suffix && /^[^a-z]*$/i.test(parts[0].replace(/usd|eur|gbp/gi, ''))) return parseOne(`${parts[0]}${suffix[1]}`) ?? low;
    return low;
  }
  return parseOne(value);
}

/**
 * Parses a money cell to a non-negative number (no currency conversion). Several amounts separated by
 * `;`, `|` or `, ` (comma + space, e.g. YC's "$2800000, $2100000") are summed; words such as
 * "undisclosed amount" are skipped; a range counts as its lower bound.
 * @param value clean cell text
 * @returns the amount in the file's currency units, or undefined when no amount is found
 */
export function parseAmount(value: string): number | undefined {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  let sum: number | undefined;
  for (const part of value.split(/\s*[;|]\s*|,\s+/)) {
    const n = parseRangeLow(part);
    if (n !== undefined && n >= 0) sum = (sum ?? 0) + n;
  }
  return sum;
}

/**
 * Parses a head-count cell to a non-negative integer: `1,200` → 1200; `11-50` → 11 (ranges give their
 * lower bound, so "≥ 50" filters work on bucketed sizes); `10,001+` → 10001; `1.2k` → 1200.
 * @param value clean cell text
 * @returns integer count, or undefined
 */
export function parseCount(value: string): number | undefined {
  const simple = /^(\d{1,12})(?:\s*[-–]\s*\d{1,12})?\+?$/.exec(value);
  if (simple) return Number(simple[1]);
  const n = parseRangeLow(value);
  return n === undefined || n < 0 ? undefined : Math.round(n);
}

/**
 * Extracts a 4-digit year (1600 … next year) from `2010`, `2010.0`, `2010-05-03`, `5/3/2010`, `est. 1998`.
 * @param value clean cell text
 * @returns the year, or undefined
 */
export function parseYear(value: string): number | undefined {
  const m = /(?:^|\D)(1[6-9]\d\d|20\d\d)(?!\d)/.exec(value);
  if (!m) return undefined;
  const y = Number(m[1]);
  return y <= new Date().getUTCFullYear() + 1 ? y : undefined;
}

/**
 * Normalises a LinkedIn cell: adds `https://` to a bare `linkedin.com/...`; other text is kept as is.
 * @param value clean cell text
 */
export function normaliseLinkedin(value: string): string {
  if (/^(?:www\.)?[a-z]{0,3}\.?linkedin\.com\//i.test(value)) return `https://${value}`;
  return value;
}

/** Shortens a value for an error message (≤ 80 characters). */
export function truncateForMessage(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
