import {
  ClassificationLabelSchema, type Classification, type FactValue, type Lead, type LeadScore, type ProspectProfile, type QueueItem,
} from '@shared/index';

/**
 * The app side of a field mapping: which LeadForge values can be written to a CRM field, what kind of value
 * each is (for type checks against `describeFields`), and how to read them from a processed lead.
 */

/** What one processed lead offers the sync: the lead, its profile, score, classification and (optional) queued draft. */
export interface SyncLeadInput {
  lead: Lead;
  profile: ProspectProfile;
  score: LeadScore;
  classification: Classification;
  /** The review-queue item (draft) when the lead has one. */
  queueItem?: QueueItem;
}

/** Kind of an app value: drives type checks (text into a number field is an error) and formatting. */
export type AppFieldKind = 'text' | 'number' | 'date' | 'boolean' | 'list' | 'enum';

/** One app field a mapping entry can name. `options` lists the values of a finite (`enum`) field. */
export interface AppFieldDef {
  name: string;
  kind: AppFieldKind;
  label: string;
  options?: readonly string[];
}

/** Seniority buckets (see agents/enrich/seniority.ts). */
export const SENIORITY_OPTIONS = ['c_level', 'founder', 'vp', 'director', 'manager', 'individual'] as const;
/** Email types reported by the email-domain source. */
export const EMAIL_TYPE_OPTIONS = ['business', 'free', 'disposable', 'role', 'invalid', 'none'] as const;

/**
 * Every app field the mapping editor offers, in display order. Profile fields (from enrichment) first, then
 * values LeadForge computes. CRM history fields (`crm*`) are deliberately absent: they come FROM the CRM.
 */
export const APP_FIELDS: readonly AppFieldDef[] = [
  { name: 'email', kind: 'text', label: 'Email' },
  { name: 'firstName', kind: 'text', label: 'First name' },
  { name: 'lastName', kind: 'text', label: 'Last name' },
  { name: 'fullName', kind: 'text', label: 'Full name' },
  { name: 'title', kind: 'text', label: 'Job title' },
  { name: 'phone', kind: 'text', label: 'Phone' },
  { name: 'company', kind: 'text', label: 'Company' },
  { name: 'website', kind: 'text', label: 'Website' },
  { name: 'domain', kind: 'text', label: 'Company domain' },
  { name: 'industry', kind: 'text', label: 'Industry' },
  { name: 'categories', kind: 'list', label: 'Categories' },
  { name: 'description', kind: 'text', label: 'Company description' },
  { name: 'city', kind: 'text', label: 'City' },
  { name: 'country', kind: 'text', label: 'Country' },
  { name: 'employees', kind: 'number', label: 'Employees' },
  { name: 'fundingUsd', kind: 'number', label: 'Funding (USD)' },
  { name: 'status', kind: 'text', label: 'Company status' },
  { name: 'foundedYear', kind: 'number', label: 'Founded (year)' },
  { name: 'linkedinUrl', kind: 'text', label: 'LinkedIn URL' },
  { name: 'seniority', kind: 'enum', label: 'Seniority', options: SENIORITY_OPTIONS },
  { name: 'emailType', kind: 'enum', label: 'Email type', options: EMAIL_TYPE_OPTIONS },
  { name: 'score', kind: 'number', label: 'Lead score (0-100)' },
  { name: 'scoreReasons', kind: 'text', label: 'Score reasons' },
  { name: 'qualified', kind: 'boolean', label: 'Qualified' },
  { name: 'classification', kind: 'enum', label: 'Classification', options: ClassificationLabelSchema.options },
  { name: 'classificationConfidence', kind: 'number', label: 'Classification confidence (0-1)' },
  { name: 'leadId', kind: 'text', label: 'LeadForge lead id' },
  { name: 'companyKey', kind: 'text', label: 'LeadForge company key' },
];

const BY_NAME = new Map(APP_FIELDS.map((f) => [f.name, f]));

/** The definition of an app field; unknown names (e.g. `extra.Investors`) are treated as text. */
export function appFieldDef(name: string): AppFieldDef {
  return BY_NAME.get(name) ?? { name, kind: 'text', label: name };
}

/** True when `name` is a field the mapping may name: a listed app field or a list column kept as `extra.<header>`. */
export function isKnownAppField(name: string): boolean {
  return BY_NAME.has(name) || /^extra\.[^\s].{0,90}$/.test(name);
}

/** An app value before it is formatted for a CRM field. */
export type AppValue = FactValue;

/**
 * Normalised email of a lead (profile first, then the lead), lowercased; undefined when none.
 */
export function leadEmail(input: Pick<SyncLeadInput, 'lead' | 'profile'>): string | undefined {
  const v = input.profile.fields.email?.value ?? input.lead.email;
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  return s.includes('@') ? s : undefined;
}

/** Normalised registrable domain of a lead's company (profile `domain`, else the lead's), no `www.`. */
export function leadDomain(input: Pick<SyncLeadInput, 'lead' | 'profile'>): string | undefined {
  const v = input.profile.fields.domain?.value ?? input.lead.domain;
  const s = typeof v === 'string' ? v.trim().toLowerCase().replace(/^www\./, '') : '';
  return s && /\./.test(s) ? s : undefined;
}

function text(v: FactValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = Array.isArray(v) ? v.join(', ') : String(v);
  return s.trim() || undefined;
}

/** The lead's company name (profile, else the lead). */
export function leadCompany(input: Pick<SyncLeadInput, 'lead' | 'profile'>): string | undefined {
  return text(input.profile.fields.company?.value) ?? input.lead.company?.trim() ?? undefined;
}

/**
 * The key LeadForge identifies a company (CRM account) by, shared by every lead at that company: the bare
 * domain (`acme.com`) when one is known, else `name:<lowercased, whitespace-collapsed name>`, else undefined (no
 * account is written for the lead). Written to the unique `leadforge_company_key` so a create can be found (and
 * upserted) again; the HubSpot adapter reads the same key when it looks companies up by domain.
 */
export function companyKeyOf(input: Pick<SyncLeadInput, 'lead' | 'profile'>): string | undefined {
  const domain = leadDomain(input);
  if (domain) return domain;
  const name = leadCompany(input)?.toLowerCase().replace(/\s+/g, ' ').trim();
  return name ? `name:${name}` : undefined;
}

/** "+20  Industry/…" lines, one factor a line, as the score's reasons. */
export function scoreReasonsText(score: LeadScore): string {
  return score.factors.map((f) => `${f.points >= 0 ? '+' : ''}${f.points} ${f.reason}`).join('\n');
}

/**
 * Every app value of one processed lead, by app field name: profile fields (falling back to the lead's own
 * fields) plus computed ones (score, scoreReasons, qualified, classification, classificationConfidence, leadId,
 * companyKey). Blank values are absent. Input: {@link SyncLeadInput}. Output: app field → value (deterministic:
 * the same lead gives the same values, so their hash tells whether anything changed). Never throws.
 */
export function appValues(input: SyncLeadInput): Record<string, AppValue> {
  const out: Record<string, AppValue> = {};
  const set = (k: string, v: FactValue | undefined | null) => {
    if (v === undefined || v === null) return;
    if (typeof v === 'string' && !v.trim()) return;
    if (Array.isArray(v) && v.length === 0) return;
    if (typeof v === 'number' && !Number.isFinite(v)) return;
    out[k] = typeof v === 'string' ? v.trim() : v;
  };
  const { lead, profile, score, classification } = input;
  const leadKeys = [
    'firstName', 'lastName', 'fullName', 'email', 'title', 'phone', 'company', 'website', 'domain', 'industry',
    'description', 'city', 'country', 'employees', 'fundingUsd', 'status', 'foundedYear', 'linkedinUrl',
  ] as const;
  for (const k of leadKeys) set(k, lead[k]);
  if (lead.categories.length) set('categories', lead.categories);
  for (const [k, v] of Object.entries(lead.extra)) set(`extra.${k}`, v);
  for (const [k, f] of Object.entries(profile.fields)) set(k, f.value);
  const email = leadEmail(input);
  if (email) out.email = email;
  else delete out.email;
  const domain = leadDomain(input);
  if (domain) out.domain = domain;
  set('score', score.score);
  set('scoreReasons', scoreReasonsText(score));
  set('qualified', score.qualified);
  set('classification', classification.label);
  set('classificationConfidence', Math.round(classification.confidence * 100) / 100);
  set('leadId', lead.id);
  set('companyKey', companyKeyOf(input));
  return out;
}
