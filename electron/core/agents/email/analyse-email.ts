import { isDisposableDomain, isFreeMailDomain, isRoleLocalPart } from './domain-lists';

/** What kind of address an email is, from the point of view of prospecting. */
export type EmailType = 'business' | 'free' | 'disposable' | 'role' | 'invalid' | 'none';

/** Result of {@link analyseEmail}. `domain`/`localPart` are lowercase; absent for `none` and unparsable input. */
export interface EmailAnalysis {
  type: EmailType;
  /** The address as analysed (trimmed, lowercase), when one was given. */
  email?: string;
  localPart?: string;
  domain?: string;
  /** Individual flags (a role address on a free domain is `role` with `isFree` true). */
  isFree: boolean;
  isDisposable: boolean;
  isRole: boolean;
  /** Human-readable explanation of the type. */
  reason: string;
}

/** Options of {@link analyseEmail}. */
export interface AnalyseEmailOptions {
  /**
   * The lead's own company domain (from its website). When the email domain equals it (or is a subdomain),
   * the address is treated as business even if a provider list names the domain (the `email-providers` list
   * contains some company domains such as alibaba.com or about.com).
   */
  companyDomain?: string;
}

/** RFC 2606 / RFC 6761 reserved names: never a real mailbox. */
const RESERVED_TLDS = new Set(['test', 'example', 'invalid', 'localhost', 'local']);
const RESERVED_DOMAINS = new Set(['example.com', 'example.net', 'example.org']);

const LOCAL_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Classifies an email address for prospecting.
 *
 * Input: an address (any case, surrounding whitespace allowed) or undefined/empty.
 * Output: {@link EmailAnalysis}; precedence: `none` (no address) → `invalid` (bad syntax or a reserved
 * domain such as example.com / *.test) → `disposable` (disposable-email-domains, incl. wildcards) →
 * `role` (role-based local part, `+tag` ignored) → `free` (email-providers) → `business`.
 * Deterministic, synchronous, no network. Throws only if a bundled list package is missing.
 */
export function analyseEmail(email: string | undefined | null, options: AnalyseEmailOptions = {}): EmailAnalysis {
  const base = { isFree: false, isDisposable: false, isRole: false };
  const raw = (email ?? '').trim().toLowerCase();
  if (!raw) return { type: 'none', ...base, reason: 'no email address' };
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return { type: 'invalid', email: raw, ...base, reason: 'not an email address' };
  const localPart = raw.slice(0, at);
  const domain = raw.slice(at + 1).replace(/\.$/, '');
  if (!LOCAL_RE.test(localPart) || localPart.length > 64 || !DOMAIN_RE.test(domain)) {
    return { type: 'invalid', email: raw, localPart, domain, ...base, reason: `malformed address "${raw}"` };
  }
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (RESERVED_TLDS.has(tld) || RESERVED_DOMAINS.has(domain)) {
    return { type: 'invalid', email: raw, localPart, domain, ...base, reason: `reserved (non-deliverable) domain ${domain}` };
  }
  const role = localPart.split('+')[0];
  const companyDomain = options.companyDomain?.toLowerCase();
  const ownDomain = !!companyDomain && (domain === companyDomain || domain.endsWith(`.${companyDomain}`));
  const flags = {
    isDisposable: !ownDomain && isDisposableDomain(domain),
    isFree: !ownDomain && isFreeMailDomain(domain),
    isRole: isRoleLocalPart(role),
  };
  const common = { email: raw, localPart, domain, ...flags };
  if (flags.isDisposable) return { type: 'disposable', ...common, reason: `${domain} is a disposable email domain` };
  if (flags.isRole) return { type: 'role', ...common, reason: `"${role}@" is a role address, not a person` };
  if (flags.isFree) return { type: 'free', ...common, reason: `${domain} is a free email provider` };
  return { type: 'business', ...common, reason: `${domain} is a company domain` };
}
