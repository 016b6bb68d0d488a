import { z } from 'zod';

/**
 * CRM sync domain: which CRM, how app fields map onto CRM properties, and the per-lead sync state that makes
 * re-runs update instead of duplicate. Shared by the core (sync engine, adapters), main (IPC) and the renderer.
 */

export const CrmKindSchema = z.enum(['hubspot', 'salesforce']);
export type CrmKind = z.infer<typeof CrmKindSchema>;

/**
 * The two CRM record roles LeadForge writes. `person` = HubSpot contact, Salesforce Lead (lead mode) or Contact
 * (contact mode); `account` = HubSpot company or Salesforce Account (contact mode only).
 */
export const CrmRoleSchema = z.enum(['person', 'account']);
export type CrmRole = z.infer<typeof CrmRoleSchema>;

/**
 * When a mapped value may overwrite the CRM's current value: `always`; `if_empty` (only when the CRM field is
 * empty: the default, so a rep's CRM edits are never clobbered); `never` (set on create only).
 */
export const OverwritePolicySchema = z.enum(['always', 'if_empty', 'never']);
export type OverwritePolicy = z.infer<typeof OverwritePolicySchema>;

/**
 * One mapping entry: an app field (a profile field such as `company`, `title`, `industry`, or a computed one:
 * `score`, `scoreReasons`, `classification`, `classificationConfidence`, `seniority`, `emailType`, `leadId`)
 * → a CRM property/field API name on the person or account record.
 */
export const FieldMappingEntrySchema = z.object({
  appField: z.string().min(1).max(100),
  role: CrmRoleSchema,
  crmField: z.string().min(1).max(100),
  policy: OverwritePolicySchema.default('if_empty'),
});
export type FieldMappingEntry = z.infer<typeof FieldMappingEntrySchema>;

/** A CRM field as `describeFields` reports it (HubSpot property / Salesforce describe field). */
export const CrmFieldInfoSchema = z.object({
  role: CrmRoleSchema,
  /** API name (HubSpot property `name`, Salesforce field `name`). */
  name: z.string(),
  label: z.string(),
  /** CRM type as reported (HubSpot `type`: string|number|date|datetime|enumeration|bool; Salesforce `type`). */
  type: z.string(),
  /** Whether an API client may write it (HubSpot: not `modificationMetadata.readOnlyValue`; Salesforce: createable/updateable). */
  writable: z.boolean(),
  unique: z.boolean().default(false),
  custom: z.boolean().default(false),
  /** Max length in characters, when the CRM reports one. */
  length: z.number().int().optional(),
  /** Allowed values for enumerations / picklists. */
  options: z.array(z.string()).optional(),
});
export type CrmFieldInfo = z.infer<typeof CrmFieldInfoSchema>;

/** A problem with one mapping entry found by validating it against `describeFields`. */
export const MappingIssueSchema = z.object({
  index: z.number().int().nonnegative(),
  appField: z.string(),
  crmField: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
export type MappingIssue = z.infer<typeof MappingIssueSchema>;

/** How LeadForge is connected to one CRM (never contains a secret). */
export const CrmConnectionSchema = z.object({
  kind: CrmKindSchema,
  connected: z.boolean(),
  authType: z.enum(['token', 'oauth']).optional(),
  /** Human label of the account: HubSpot portal id / Salesforce org id and user. */
  account: z.string().optional(),
  /** API base URL in use (HubSpot api base, Salesforce instance URL). */
  baseUrl: z.string().optional(),
  /** OAuth access-token expiry (ISO-8601), when known. */
  expiresAt: z.string().optional(),
  lastTestedAt: z.string().optional(),
  lastSyncAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type CrmConnection = z.infer<typeof CrmConnectionSchema>;

/**
 * Per-lead, per-CRM sync state (store collection `crmSync`, id `${kind}:${leadId}`). The CRM ids make re-runs
 * update instead of create; `hash` (of the last written properties + activity) makes an unchanged lead a no-op;
 * `intent` records a write that was started and may have reached the CRM before a crash, so a resumed sync
 * looks the record up before creating it again.
 */
export const CrmSyncStateSchema = z.object({
  id: z.string(),
  kind: CrmKindSchema,
  leadId: z.string(),
  status: z.enum(['synced', 'failed', 'pending']),
  personId: z.string().optional(),
  /** The CRM object the person was written to (`contacts`, `Lead`, `Contact`). */
  personObject: z.string().optional(),
  accountId: z.string().optional(),
  associated: z.boolean().default(false),
  /** CRM id of the draft activity (HubSpot note/task, Salesforce Task) and the draft it holds (queue item updatedAt). */
  activityId: z.string().optional(),
  activityVersion: z.string().optional(),
  hash: z.string().optional(),
  intent: z
    .object({ op: z.enum(['createPerson', 'createAccount', 'createActivity']), key: z.string(), at: z.string() })
    .optional(),
  error: z.string().optional(),
  /** The CRM's own error code when it gave one (HubSpot `category`, Salesforce `errorCode`). */
  errorCode: z.string().optional(),
  lastSyncedAt: z.string().optional(),
  updatedAt: z.string(),
});
export type CrmSyncState = z.infer<typeof CrmSyncStateSchema>;

/** One planned write of a sync (the dry-run preview lists these; nothing is written to produce them). */
export const SyncOpSchema = z.object({
  leadId: z.string(),
  /** Lead label for display: person name or company. */
  label: z.string(),
  action: z.enum(['create', 'update', 'associate', 'activity', 'noop', 'skip']),
  role: z.enum(['person', 'account', 'association', 'activity']),
  /** CRM object API name (e.g. `contacts`, `companies`, `Lead`, `Account`, `notes`, `Task`). */
  object: z.string(),
  /** Existing CRM id for updates/associations. */
  crmId: z.string().optional(),
  /** Properties that will be written (after overwrite policies). */
  properties: z.record(z.string(), z.string()).default({}),
  /** Mapped fields left out, with why (policy `if_empty` and the CRM has a value, `never`, not writable…). */
  kept: z.array(z.object({ crmField: z.string(), reason: z.string() })).default([]),
  reason: z.string().optional(),
});
export type SyncOp = z.infer<typeof SyncOpSchema>;

export const SyncPreviewSchema = z.object({
  kind: CrmKindSchema,
  leads: z.number().int().nonnegative(),
  ops: z.array(SyncOpSchema),
  counts: z.object({
    create: z.number().int(),
    update: z.number().int(),
    associate: z.number().int(),
    activity: z.number().int(),
    noop: z.number().int(),
    skip: z.number().int(),
  }),
  generatedAt: z.string(),
});
export type SyncPreview = z.infer<typeof SyncPreviewSchema>;

export const SyncResultSchema = z.object({
  kind: CrmKindSchema,
  leads: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  associations: z.number().int().nonnegative(),
  activities: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  errors: z.array(z.object({ leadId: z.string(), message: z.string(), code: z.string().optional() })),
  /** HTTP requests made and how many were retried after 429/5xx. */
  requests: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});
export type SyncResult = z.infer<typeof SyncResultSchema>;

/** What the CRM already knows about a lead (the `crm` enrichment source's output fields). */
export const CrmHistorySchema = z.object({
  kind: CrmKindSchema,
  personId: z.string().optional(),
  accountId: z.string().optional(),
  ownerId: z.string().optional(),
  ownerName: z.string().optional(),
  /** HubSpot `lifecyclestage` / Salesforce Lead `Status` or Account `Type`. */
  lifecycleStage: z.string().optional(),
  lastActivityAt: z.string().optional(),
  openDeals: z.number().int().nonnegative().default(0),
  isCustomer: z.boolean().default(false),
});
export type CrmHistory = z.infer<typeof CrmHistorySchema>;
