import { z } from 'zod';
import { SenderSchema } from './draft';
import { CrmKindSchema, FieldMappingEntrySchema } from './crm';

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

/**
 * CRM connection settings (never secrets: tokens and client secrets live in the main process's safeStorage vault,
 * or in environment variables for the headless CLI). Base URLs are settings so tests can point at emulators.
 */
/**
 * OAuth scopes LeadForge asks HubSpot for: read/write contacts and companies, read deals and owners (CRM history),
 * read/write contact and company schemas (the `leadforge` property group). https://developers.hubspot.com/docs/api/scopes
 */
const HUBSPOT_SCOPES = [
  'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.companies.write',
  'crm.objects.deals.read', 'crm.objects.owners.read', 'crm.schemas.contacts.read', 'crm.schemas.contacts.write',
  'crm.schemas.companies.read', 'crm.schemas.companies.write',
];

export const CrmSettingsSchema = z.object({
  /** The CRM the pipeline syncs to after scoring (`sync` stage) and asks for history (`enrich.crm`); null = none. */
  active: CrmKindSchema.nullable().default(null),
  /** Run the `sync` stage in the pipeline after scoring (else only manual "sync now" / `leadforge sync`). */
  syncInPipeline: z.boolean().default(true),
  /** Log the draft to the CRM as an activity (HubSpot note, Salesforce Task) when syncing. */
  logDraftActivity: z.boolean().default(true),
  hubspot: z.object({
    /** API base (https://api.hubapi.com); see https://developers.hubspot.com/docs/api/overview */
    baseUrl: z.string().url().default('https://api.hubapi.com'),
    /** OAuth authorize page (https://app.hubspot.com/oauth/authorize). */
    authorizeUrl: z.string().url().default('https://app.hubspot.com/oauth/authorize'),
    /** Public app client id for OAuth; the client secret is kept in the vault. */
    clientId: z.string().optional(),
    scopes: z.array(z.string()).default(HUBSPOT_SCOPES),
    /** Log the draft as a `note` or a `task`. */
    activity: z.enum(['note', 'task']).default('note'),
  }).default({ baseUrl: 'https://api.hubapi.com', authorizeUrl: 'https://app.hubspot.com/oauth/authorize', scopes: HUBSPOT_SCOPES, activity: 'note' }),
  salesforce: z.object({
    /** OAuth login host (https://login.salesforce.com, https://test.salesforce.com or a My Domain URL). */
    loginUrl: z.string().url().default('https://login.salesforce.com'),
    /** Connected-app consumer key for the OAuth web-server flow with PKCE. */
    clientId: z.string().optional(),
    /** Pinned REST API version. */
    apiVersion: z.string().regex(/^\d{2,3}\.0$/).default('62.0'),
    /** Write Leads, or Contacts + Accounts. */
    mode: z.enum(['lead', 'contact_account']).default('lead'),
    /** Optional external-ID field (e.g. `LeadForge_Id__c`) to upsert persons by instead of find-then-create. */
    externalIdField: z.string().optional(),
  }).default({ loginUrl: 'https://login.salesforce.com', apiVersion: '62.0', mode: 'lead' }),
  /** Field mapping per CRM; empty = the CRM's defaults (see core/crm/mapping). */
  mappings: z.object({
    hubspot: z.array(FieldMappingEntrySchema).default([]),
    salesforce: z.array(FieldMappingEntrySchema).default([]),
  }).default({ hubspot: [], salesforce: [] }),
});
export type CrmSettings = z.infer<typeof CrmSettingsSchema>;

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
  crm: CrmSettingsSchema.default(CrmSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof SettingsSchema>;
