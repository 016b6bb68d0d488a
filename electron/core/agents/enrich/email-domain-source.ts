import type { EnrichmentResult, Lead } from '@shared/index';
import { analyseEmail } from '../email/analyse-email';
import { throwIfAborted, type AgentContext } from '../types';
import { hostOf, registrableLabel, titleCase } from '../util/text';
import { makeResult, type EnrichmentSource } from './types';
import { seniorityOf } from './seniority';

/** Confidence of the email analysis (deterministic list lookups). */
export const EMAIL_CONFIDENCE = 0.85;
/** Confidence of a company name guessed from a domain ("acme-labs.com" → "Acme Labs"). */
export const COMPANY_GUESS_CONFIDENCE = 0.35;
/** Confidence of a seniority inferred from a title. */
export const SENIORITY_CONFIDENCE = 0.7;

/**
 * Guesses a company name from a business domain: the registrable label, split on '-' and title-cased
 * ("acme-labs.co.uk" → "Acme Labs"). Output: the guess, or undefined. Never throws.
 */
export function companyFromDomain(domain: string): string | undefined {
  const label = registrableLabel(domain);
  if (!label || label.length < 2) return undefined;
  return titleCase(label, /-+/);
}

/**
 * Facts derivable from the email address and title alone.
 *
 * Input: a Lead. Output: source "email-domain", fields `emailType` (business|free|disposable|role|invalid|none),
 * `emailDomain`, for a business address `domain` (confidence 0.85) and a `company` guess (0.35) when the list has
 * none, and `seniority` from the title or first contact's title (c_level|founder|vp|director|manager|individual,
 * 0.7). Never throws.
 */
export function emailDomainResult(lead: Lead, ctx?: { now?: () => Date }): EnrichmentResult {
  const companyDomain = lead.domain || hostOf(lead.website);
  const email = analyseEmail(lead.email, { companyDomain });
  const business = email.type === 'business' && email.domain;
  const title = lead.title ?? (lead.firstName || lead.lastName || lead.fullName ? undefined : lead.contacts?.[0]?.title);
  const fields = {
    emailType: email.type,
    emailDomain: email.domain,
    domain: business ? email.domain : undefined,
    company: business && !lead.company ? companyFromDomain(email.domain!) : undefined,
    seniority: seniorityOf(title),
  };
  return makeResult({
    source: 'email-domain',
    fields,
    confidence: EMAIL_CONFIDENCE,
    fieldConfidence: { company: COMPANY_GUESS_CONFIDENCE, seniority: SENIORITY_CONFIDENCE },
    ref: email.email ?? undefined,
    ctx,
  });
}

/** EnrichmentSource "email-domain": {@link emailDomainResult}. Rejects only when `ctx.signal` is aborted. */
export class EmailDomainSource implements EnrichmentSource {
  readonly name = 'email-domain';
  async run(lead: Lead, ctx: AgentContext): Promise<EnrichmentResult> {
    throwIfAborted(ctx.signal);
    return emailDomainResult(lead, ctx);
  }
}
