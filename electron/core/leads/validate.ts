import { z } from 'zod';
import { LeadSchema } from '@shared/index';
import type { Lead } from '@shared/index';

/** The email pattern `LeadSchema.email` uses (zod's default), so a lead that passes here passes the schema. */
const EMAIL_RE = z.regexes.email;

/**
 * Email syntax check, identical to `LeadSchema`'s `z.string().email()` plus the RFC 5321 length limits
 * (≤ 254 characters in total, ≤ 64 before the `@`).
 * @param email lowercase, trimmed address
 */
export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  return at > 0 && at <= 64 && EMAIL_RE.test(email);
}

/** Values that mean "no value" in exported lists; treated as empty cells for mapped fields. */
const PLACEHOLDERS = new Set(['-', '--', '---', '—', '–', '?', 'n/a', 'na', 'n.a.', 'none', 'null', 'nil', 'undefined', 'tbd', '#n/a', 'unknown', '(blank)']);

/** First characters of placeholders (both cases), as a lookup table over char codes < 0x2100. */
const PLACEHOLDER_START = new Uint8Array(0x2100);
for (const p of PLACEHOLDERS) {
  PLACEHOLDER_START[p.charCodeAt(0)] = 1;
  PLACEHOLDER_START[p.toUpperCase().charCodeAt(0)] = 1;
}

/**
 * Whether a clean cell is a "no value" placeholder (`-`, `N/A`, `none`, `null`, `#N/A`, `unknown` …).
 * @param value clean cell text
 */
export function isPlaceholder(value: string): boolean {
  if (value.length > 9 || PLACEHOLDER_START[value.charCodeAt(0)] !== 1) return false;
  return PLACEHOLDERS.has(value.toLowerCase());
}

/** The identifying fields the acceptance rule looks at. */
export interface LeadIdentity {
  company?: string;
  domain?: string;
  email?: string;
  fullName?: string;
  firstName?: string;
  lastName?: string;
}

/**
 * The acceptance rule for a normalised row: a lead needs at least one of company, domain or a valid email
 * (a person name only counts together with a company). Rows failing it are rejected, not imported.
 * @param lead the normalised identity fields of the row
 * @param invalidEmail the raw email text when the row had an email that failed validation (quoted in the reason)
 * @returns undefined when the row is acceptable, else the rejection reason
 */
export function rejectReason(lead: LeadIdentity, invalidEmail?: string): string | undefined {
  if (lead.company || lead.domain || lead.email) return undefined;
  const person = lead.fullName || lead.firstName || lead.lastName;
  const base = person ? `has a person name ("${person}") but no company, domain or email` : 'has no company, domain, email or person name';
  return invalidEmail ? `${base} (${invalidEmail})` : base;
}

/**
 * Full contract check of a built lead against `LeadSchema` (zod). The importer builds leads with cheap
 * checks that guarantee this; previews and tests call it to prove it.
 * @param lead a lead as emitted by the importer
 * @returns the parsed lead
 * @throws ZodError when the lead violates the schema
 */
export function assertLead(lead: Lead): Lead {
  return LeadSchema.parse(lead);
}
