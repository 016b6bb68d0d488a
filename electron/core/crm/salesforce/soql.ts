/**
 * SOQL building helpers: literal quoting, LIKE escaping, identifier checks and IN-list batching within the REST
 * API's URI limits.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */

/** Budget for one `/query?q=` URL's encoded query, in bytes. The REST API refuses URIs + headers beyond
 * 16,384 bytes (414 / 431, Salesforce knowledge article 000386264); 4,000 leaves room for headers. */
export const DEFAULT_QUERY_BUDGET = 4_000;

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * A SOQL string literal: `'…'` with backslash, quotes and control characters escaped.
 * @param value any string (untrusted: lead data)
 * @returns the quoted literal
 */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c]!)}'`;
}

/**
 * A LIKE pattern literal matching `value` as a substring: `'%…%'` with `%` and `_` escaped too.
 * @param value the substring to find
 * @returns the quoted pattern
 */
export function soqlLikeContains(value: string): string {
  const inner = soqlString(value).slice(1, -1).replace(/[%_]/g, (c) => `\\${c}`);
  return `'%${inner}%'`;
}

const IDENT_RE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

/**
 * Checks field names (optionally one relationship hop, e.g. `Owner.Name`) before they go into SOQL.
 * @throws Error naming the first invalid one
 */
export function assertFieldNames(names: string[]): void {
  const bad = names.find((n) => !IDENT_RE.test(n));
  if (bad !== undefined) throw new Error(`invalid Salesforce field name ${JSON.stringify(bad)}`);
}

/** Salesforce record ids are 15 or 18 alphanumeric characters. */
export function isSalesforceId(id: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id);
}

/**
 * URI-encodes a SOQL statement for `?q=` strictly (RFC 3986: also `!'()*`), as it travels on the wire (WHATWG URL
 * parsing re-encodes `'` in query strings), so that length budgets measure what is sent.
 */
export function encodeSoql(soql: string): string {
  return encodeURIComponent(soql).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Splits literals into groups so that `prefix + join(group, sep) + suffix`, URI-encoded, stays within `budget`
 * bytes. A single literal longer than the budget gets a group of its own.
 * @param literals already-quoted SOQL literals or conditions
 * @param prefix query text before the list; `suffix` after it; `sep` between items (`,` for IN, ` OR ` for conditions)
 * @param budget max encoded length in bytes (default {@link DEFAULT_QUERY_BUDGET})
 * @returns the groups, in order
 */
export function batchByEncodedLength(literals: string[], opts: { prefix: string; suffix: string; sep: string; budget?: number }): string[][] {
  const budget = opts.budget ?? DEFAULT_QUERY_BUDGET;
  const fixed = encodeSoql(opts.prefix + opts.suffix).length;
  const sepLen = encodeSoql(opts.sep).length;
  const groups: string[][] = [];
  let cur: string[] = [];
  let len = fixed;
  for (const lit of literals) {
    const l = encodeSoql(lit).length;
    if (cur.length > 0 && len + sepLen + l > budget) {
      groups.push(cur);
      cur = [];
      len = fixed;
    }
    len += (cur.length ? sepLen : 0) + l;
    cur.push(lit);
  }
  if (cur.length) groups.push(cur);
  return groups;
}

/** Splits an array into chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The bare host of a website value (`https://www.Acme.com/x` → `acme.com`), or undefined when it has none.
 */
export function websiteDomain(website: string | null | undefined): string | undefined {
  if (!website) return undefined;
  const s = website.trim();
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`);
    return u.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}
