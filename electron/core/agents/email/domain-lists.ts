import { createRequire } from 'node:module';

/**
 * Lazily loaded, memoised domain/local-part lists from maintained npm packages:
 * - `email-providers/all.json`: free-mail provider domains (gmail.com, yahoo.com, …),
 * - `disposable-email-domains` (index.json) and its `wildcard.json` (every subdomain is disposable),
 * - `role-based-email-addresses`: role local parts (info, sales, support, …).
 * Loaded on first use (the disposable list is ~120k entries) and kept for the process lifetime.
 */
const require = createRequire(import.meta.url);

let freeDomains: Set<string> | undefined;
let disposableDomains: Set<string> | undefined;
let disposableWildcards: Set<string> | undefined;
let roleLocalParts: Set<string> | undefined;

function loadStrings(id: string): string[] {
  const data: unknown = require(id);
  if (!Array.isArray(data)) throw new Error(`${id} is not a list of strings`);
  return data.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
}

/** Every parent domain of `domain`, itself first ("a.b.c.com" → a.b.c.com, b.c.com, c.com). */
function selfAndParents(domain: string): string[] {
  const parts = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) out.push(parts.slice(i).join('.'));
  return out;
}

/**
 * True when `domain` (lowercase, no trailing dot) is a free-mail provider per `email-providers`.
 * Note: that list also holds a few disposable domains; callers check disposability first.
 * Throws only if the package data is missing or malformed.
 */
export function isFreeMailDomain(domain: string): boolean {
  freeDomains ??= new Set(loadStrings('email-providers/all.json'));
  return freeDomains.has(domain);
}

/**
 * True when `domain` or (for wildcard entries) any parent domain is disposable per `disposable-email-domains`.
 * Throws only if the package data is missing or malformed.
 */
export function isDisposableDomain(domain: string): boolean {
  disposableDomains ??= new Set(loadStrings('disposable-email-domains'));
  disposableWildcards ??= new Set(loadStrings('disposable-email-domains/wildcard.json'));
  if (disposableDomains.has(domain)) return true;
  return selfAndParents(domain).some((d) => disposableWildcards!.has(d));
}

/**
 * True when the local part (lowercase, `+tag` removed) is a role address per `role-based-email-addresses`
 * (e.g. "info", "sales", "support"). Throws only if the package data is missing or malformed.
 */
export function isRoleLocalPart(localPart: string): boolean {
  roleLocalParts ??= new Set(loadStrings('role-based-email-addresses'));
  return roleLocalParts.has(localPart);
}
