import type { Classification, ClassificationLabel, Lead, Settings } from '@shared/index';
import { analyseEmail, type EmailAnalysis } from '../email/analyse-email';
import { throwIfAborted, type AgentContext } from '../types';
import { DEAD_STATUS_POINTS, DEAD_STATUS_RE, industryFit, matchRules } from '../util/icp';
import { hostOf } from '../util/text';
import {
  allCaps, digitsInName, junkPunctuation, keyboardMash, placeholderWord, promoWord, unpronounceable, urlLike, PLACEHOLDER_WORDS,
} from './signals';

/**
 * The classify stage's contract. A rule-based implementation ships by default; an LLM implementation
 * must return the same {@link Classification} shape (validated by `ClassificationSchema`).
 */
export interface ClassifyAgent {
  readonly name: string;
  /** Labels one lead. Rejects only when `ctx.signal` is aborted. */
  classify(lead: Lead, ctx: AgentContext): Promise<Classification>;
}

/** Options of the rule-based classifier. */
export interface RuleClassifyOptions {
  /**
   * What to do when the lead lists categories/industry and none of them matches a positive ICP industry rule:
   * `'wrong_fit'` labels it wrong_fit (strict ICP), `'ignore'` lets intent decide (the score still gives no
   * industry points). Default `'ignore'`.
   */
  categoryMismatch?: 'wrong_fit' | 'ignore';
}

type Reason = { code: string; message: string };
type Signal = Reason & { strong: boolean };

const AGENT = 'rules/classify@1';

/** The contact person of a lead: its own name, else the first listed contact. */
export function contactOf(lead: Lead): { fullName?: string; firstName?: string; title?: string } | undefined {
  const full = lead.fullName ?? ([lead.firstName, lead.lastName].filter(Boolean).join(' ') || undefined);
  if (full) return { fullName: full, firstName: lead.firstName, title: lead.title };
  const c = lead.contacts?.[0];
  return c ? { fullName: c.fullName, title: c.title } : undefined;
}

function spamSignals(lead: Lead, email: EmailAnalysis): Signal[] {
  const out: Signal[] = [];
  const add = (code: string, message: string, strong: boolean) => out.push({ code, message, strong });
  if (email.type === 'disposable') add('disposable_email', email.reason, true);
  if (email.localPart && PLACEHOLDER_WORDS.has(email.localPart.split('+')[0])) {
    add('test_email', `email local part "${email.localPart}" is a placeholder`, false);
  }
  const people: [string, string][] = [];
  for (const [k, v] of [['firstName', lead.firstName], ['lastName', lead.lastName], ['fullName', lead.fullName]] as const) {
    if (v) people.push([k, v]);
  }
  (lead.contacts ?? []).slice(0, 5).forEach((c, i) => people.push([`contacts[${i}]`, c.fullName]));
  for (const [field, value] of people) {
    let hit: string | null;
    if ((hit = urlLike(value, { domains: true }))) add('url_in_name', `${field} contains a URL ${hit}`, true);
    if ((hit = placeholderWord(value))) add('placeholder_name', `${field} is a placeholder ${hit}`, true);
    if ((hit = keyboardMash(value))) add('gibberish_name', `${field} "${value}" looks like keyboard mash (${hit})`, true);
    if ((hit = promoWord(value))) add('promo_name', `${field} contains a promotional word ${hit}`, true);
    if ((hit = junkPunctuation(value))) add('junk_punctuation', `${field} contains ${hit}`, true);
    if ((hit = unpronounceable(value))) add('unpronounceable_name', `${field}: ${hit}`, false);
    if (digitsInName(value)) add('digits_in_name', `${field} "${value}" contains digits`, false);
    if (allCaps(value)) add('all_caps_name', `${field} "${value}" is all caps`, false);
  }
  if (lead.company) {
    const c = lead.company;
    let hit: string | null;
    const norm = c.trim().toLowerCase();
    if (PLACEHOLDER_WORDS.has(norm) || /^(test|asdf|qwerty)\d*$/.test(norm) || /^(n\/?a|-+|\?+)$/.test(norm)) {
      add('placeholder_company', `company is a placeholder "${c}"`, true);
    }
    if ((hit = urlLike(c, { domains: false }))) add('url_in_company', `company contains a URL ${hit}`, true);
    if ((hit = junkPunctuation(c))) add('junk_punctuation', `company contains ${hit}`, true);
    const mash = keyboardMash(c);
    if (mash && mash.startsWith('keyboard')) add('gibberish_company', `company "${c}" looks like keyboard mash (${mash})`, true);
    if (allCaps(c) && promoWord(c)) add('all_caps_junk', `company "${c}" is all-caps promotional text`, true);
  }
  return out;
}

function wrongFitReasons(lead: Lead, email: EmailAnalysis, settings: Settings, opts: Required<RuleClassifyOptions>): Reason[] {
  const out: Reason[] = [];
  if (lead.status) {
    const dead = matchRules([lead.status], settings.icp.statuses).find((m) => m.points <= DEAD_STATUS_POINTS);
    if (dead || DEAD_STATUS_RE.test(lead.status)) {
      out.push({ code: 'company_inactive', message: `company status is "${lead.status}"` });
    }
  }
  const hasDomain = !!(lead.domain || hostOf(lead.website));
  if (!lead.company?.trim() && !hasDomain && email.type !== 'business') {
    out.push({ code: 'no_company', message: 'no company name, no website and no business email domain' });
  }
  const values = [lead.industry ?? '', ...(lead.categories ?? [])].filter((v) => v.trim());
  const fit = industryFit(values, settings.icp);
  for (const ex of fit.excluded) {
    out.push({ code: 'icp_excluded', message: `"${ex.value}" matches the ICP exclusion "${ex.match}" (${ex.points} points)` });
  }
  if (opts.categoryMismatch === 'wrong_fit' && fit.hasValues && fit.positive.length === 0 && fit.excluded.length === 0) {
    out.push({ code: 'icp_no_match', message: `industry/categories "${values.join(', ')}" match no ICP industry` });
  }
  return out;
}

/**
 * Rule-based lead classification (deterministic, no network).
 *
 * Input: a Lead and Settings (ICP statuses/industries drive wrong_fit). Output: a Classification with
 * label, confidence 0..1 and reasons [{code, message}]. Precedence: spam (a disposable email or one strong
 * junk signal such as a URL, keyboard mash or placeholder in a name field, or two weak ones) → wrong_fit
 * (inactive status, no company and no business domain, ICP exclusion, optionally no ICP category match) →
 * high_intent (business email, or a named contact at a company with a website and no free/role email) →
 * low_intent. Never throws.
 */
export function classifyLead(lead: Lead, settings: Settings, options: RuleClassifyOptions = {}): Classification {
  const opts: Required<RuleClassifyOptions> = { categoryMismatch: options.categoryMismatch ?? 'ignore' };
  const companyDomain = lead.domain || hostOf(lead.website);
  const email = analyseEmail(lead.email, { companyDomain });
  const result = (label: ClassificationLabel, confidence: number, reasons: Reason[]): Classification => ({
    label,
    confidence: Math.round(Math.min(0.99, Math.max(0, confidence)) * 100) / 100,
    reasons,
    agent: AGENT,
  });

  const spam = spamSignals(lead, email);
  const strong = spam.filter((s) => s.strong);
  if (strong.length > 0 || spam.length >= 2) {
    const base = email.type === 'disposable' ? 0.9 : strong.length > 0 ? 0.8 : 0.6;
    return result('spam', base + 0.05 * (spam.length - 1), spam.map(({ code, message }) => ({ code, message })));
  }

  const wrong = wrongFitReasons(lead, email, settings, opts);
  if (wrong.length > 0) {
    const base = wrong.some((w) => w.code === 'company_inactive' || w.code === 'icp_excluded') ? 0.9 : wrong[0].code === 'no_company' ? 0.8 : 0.6;
    return result('wrong_fit', base + 0.03 * (wrong.length - 1), wrong);
  }

  const contact = contactOf(lead);
  const company = lead.company?.trim();
  const website = !!companyDomain;
  const positives: Reason[] = [];
  const negatives: Reason[] = [];
  if (email.type === 'business') positives.push({ code: 'business_email', message: email.reason });
  if (email.type === 'free') negatives.push({ code: 'free_email', message: email.reason });
  if (email.type === 'role') negatives.push({ code: 'role_email', message: email.reason });
  if (email.type === 'invalid') negatives.push({ code: 'invalid_email', message: email.reason });
  if (contact?.fullName) positives.push({ code: 'named_contact', message: `named contact "${contact.fullName}"` });
  else negatives.push({ code: 'no_contact', message: 'no contact person' });
  if (company && website) positives.push({ code: 'company_with_website', message: `company "${company}" with website ${companyDomain}` });
  else if (!website) negatives.push({ code: 'no_website', message: 'no company website or domain' });
  if (contact?.title) positives.push({ code: 'has_title', message: `title "${contact.title}"` });

  const freeOrRole = email.type === 'free' || email.type === 'role' || email.type === 'invalid';
  const high = email.type === 'business' || (!!contact?.fullName && !!company && website && !freeOrRole);
  if (high) return result('high_intent', 0.55 + 0.1 * positives.length - 0.05 * negatives.length, [...positives, ...negatives]);
  return result('low_intent', 0.55 + 0.1 * negatives.length - 0.05 * positives.length, [...negatives, ...positives]);
}

/** The default ClassifyAgent: {@link classifyLead} behind the agent interface. */
export class RuleClassifyAgent implements ClassifyAgent {
  readonly name = AGENT;
  constructor(private readonly options: RuleClassifyOptions = {}) {}

  /** See {@link classifyLead}. Rejects with the abort reason when `ctx.signal` is aborted. */
  async classify(lead: Lead, ctx: AgentContext): Promise<Classification> {
    throwIfAborted(ctx.signal);
    return classifyLead(lead, ctx.settings, this.options);
  }
}
