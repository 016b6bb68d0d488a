import { z } from 'zod';
import { SenderSchema } from './draft';

/**
 * ICP (ideal customer profile) scoring rules. Points are added to a base score and the
 * total is clamped to 0..100. Matching is case-insensitive substring on the profile values.
 */
export const IcpRulesSchema = z.object({
  base: z.number().default(40),
  industries: z.array(z.object({ match: z.string(), points: z.number() })).default([
    { match: 'saas', points: 15 }, { match: 'software', points: 12 }, { match: 'enterprise', points: 12 },
    { match: 'analytics', points: 10 }, { match: 'developer', points: 10 }, { match: 'fintech', points: 8 },
    { match: 'finance', points: 6 }, { match: 'ecommerce', points: 5 }, { match: 'b2b', points: 10 },
    { match: 'marketing', points: 6 }, { match: 'sales', points: 8 },
  ]),
  /** Maximum points the industry/category factor can contribute in total. */
  industryCap: z.number().default(20),
  geographies: z.array(z.object({ match: z.string(), points: z.number() })).default([
    { match: 'united states', points: 10 }, { match: 'usa', points: 10 }, { match: 'san francisco', points: 10 },
    { match: 'new york', points: 8 }, { match: 'california', points: 8 }, { match: 'canada', points: 6 },
    { match: 'united kingdom', points: 6 }, { match: 'london', points: 6 }, { match: 'germany', points: 5 },
  ]),
  /** Company size bands by employees (inclusive min); first match wins, highest min first. */
  sizeBands: z.array(z.object({ min: z.number(), points: z.number(), label: z.string() })).default([
    { min: 1000, points: 5, label: 'enterprise' }, { min: 200, points: 10, label: 'mid-market' },
    { min: 11, points: 12, label: 'growth' }, { min: 1, points: 4, label: 'startup' },
  ]),
  /** Funding bands in USD (inclusive min); first match wins, highest min first. */
  fundingBands: z.array(z.object({ min: z.number(), points: z.number(), label: z.string() })).default([
    { min: 50_000_000, points: 10, label: 'late stage' }, { min: 5_000_000, points: 12, label: 'series A-B' },
    { min: 500_000, points: 8, label: 'seed' }, { min: 1, points: 3, label: 'pre-seed' },
  ]),
  /** Company status (e.g. "Operating", "Dead") substring → points. */
  statuses: z.array(z.object({ match: z.string(), points: z.number() })).default([
    { match: 'operating', points: 5 }, { match: 'acquired', points: -10 }, { match: 'dead', points: -40 },
    { match: 'closed', points: -40 }, { match: 'deadpool', points: -40 },
  ]),
  seniority: z.record(z.string(), z.number()).default({ c_level: 15, founder: 15, vp: 12, director: 10, manager: 5, individual: 0 }),
  email: z.record(z.string(), z.number()).default({ business: 10, free: -5, role: -5, disposable: -30, none: 0 }),
  /** Leads scoring at or above this are qualified and get a draft. */
  qualifyThreshold: z.number().min(0).max(100).default(50),
});
export type IcpRules = z.infer<typeof IcpRulesSchema>;

/** A draft template: text with `{{field}}` placeholders and `{{#field}}…{{/field}}` conditional sections. */
export const DraftTemplateSchema = z.object({
  id: z.string(),
  /** Used when the classification label is one of these (empty = any). */
  when: z.array(z.string()).default([]),
  subject: z.string(),
  body: z.string(),
});
export type DraftTemplate = z.infer<typeof DraftTemplateSchema>;

export const SettingsSchema = z.object({
  sender: SenderSchema.default({ name: 'Alex Morgan', company: 'LeadForge', address: '548 Market St, San Francisco, CA 94104' }),
  /** Pitch sentence describing what the sender offers (used by templates as {{pitch}}). */
  pitch: z.string().default('we help teams like yours turn inbound lists into qualified pipeline without extra headcount'),
  footer: z.object({
    unsubscribeText: z.string().default('Not interested? Reply "unsubscribe" and I will not contact you again.'),
    requireUnsubscribe: z.boolean().default(true),
    requireAddress: z.boolean().default(true),
  }).default({ unsubscribeText: 'Not interested? Reply "unsubscribe" and I will not contact you again.', requireUnsubscribe: true, requireAddress: true }),
  icp: IcpRulesSchema.default(IcpRulesSchema.parse({})),
  templates: z.array(DraftTemplateSchema).default([]),
  pipeline: z.object({
    concurrency: z.number().int().positive().default(8),
    dnsTimeoutMs: z.number().int().positive().default(1500),
    dnsEnabled: z.boolean().default(true),
  }).default({ concurrency: 8, dnsTimeoutMs: 1500, dnsEnabled: true }),
});
export type Settings = z.infer<typeof SettingsSchema>;
