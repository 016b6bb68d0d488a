import { z } from 'zod';
import {
  CrmConnectionSchema, CrmFieldInfoSchema, CrmKindSchema, CrmSyncStateSchema, FieldMappingEntrySchema, MappingIssueSchema,
  SyncPreviewSchema, SyncResultSchema,
} from '../domain/crm';
import { Empty, Id } from './app';

/**
 * CRM IPC channels. Secrets travel renderer → main only (a pasted token, a client secret) and are stored in the
 * main process's safeStorage vault; no response ever contains one.
 */
const Kind = z.object({ kind: CrmKindSchema }).strict();
const Secret = z.string().min(8).max(4096);

export const crmChannels = {
  /** Connection state of both CRMs. */
  'crm:status': { request: Empty, response: z.array(CrmConnectionSchema) },
  /** Connects with a pasted token: HubSpot private-app token, or Salesforce instance URL + access token. Tests it first. */
  'crm:connectToken': {
    request: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('hubspot'), accessToken: Secret }).strict(),
      z.object({ kind: z.literal('salesforce'), instanceUrl: z.string().url(), accessToken: Secret }).strict(),
    ]),
    response: CrmConnectionSchema,
  },
  /** Runs the OAuth flow in the system browser (loopback redirect on 127.0.0.1; PKCE for Salesforce). */
  'crm:connectOAuth': { request: Kind, response: CrmConnectionSchema },
  /** Stores an OAuth app's client secret in the vault (HubSpot requires one; Salesforce optional). */
  'crm:saveClientSecret': { request: z.object({ kind: CrmKindSchema, secret: Secret }).strict(), response: z.object({ saved: z.boolean() }) },
  'crm:disconnect': { request: Kind, response: CrmConnectionSchema },
  'crm:test': {
    request: Kind,
    response: z.object({ ok: z.boolean(), account: z.string().optional(), message: z.string(), latencyMs: z.number() }),
  },
  /** The CRM's person/account fields (describeFields). */
  'crm:fields': { request: Kind, response: z.array(CrmFieldInfoSchema) },
  /** The mapping in effect (stored or the CRM's defaults) and its issues against the CRM's fields when connected. */
  'crm:mappingGet': {
    request: Kind,
    response: z.object({ entries: z.array(FieldMappingEntrySchema), issues: z.array(MappingIssueSchema), appFields: z.array(z.string()) }),
  },
  /** Validates and stores a mapping; refuses (stores nothing) when any entry has an error-severity issue. */
  'crm:mappingSave': {
    request: z.object({ kind: CrmKindSchema, entries: z.array(FieldMappingEntrySchema).max(200) }).strict(),
    response: z.object({ saved: z.boolean(), entries: z.array(FieldMappingEntrySchema), issues: z.array(MappingIssueSchema) }),
  },
  /** Dry run: the exact creates, updates, associations and activities a sync would make. Writes nothing. */
  'crm:preview': {
    request: z.object({ kind: CrmKindSchema, leadIds: z.array(Id).max(100_000).optional() }).strict(),
    response: SyncPreviewSchema,
  },
  /** Syncs now (all processed leads, or the given ones); progress arrives as `crm:progress`. */
  'crm:sync': {
    request: z.object({ kind: CrmKindSchema, leadIds: z.array(Id).max(100_000).optional() }).strict(),
    response: SyncResultSchema,
  },
  /** Per-lead sync state (CRM ids, status, the CRM's own error message). */
  'crm:leadStates': { request: Kind, response: z.array(CrmSyncStateSchema.extend({ label: z.string() })) },
} as const;

export const crmEvents = {
  'crm:progress': z.object({
    kind: CrmKindSchema,
    phase: z.enum(['lookup', 'accounts', 'persons', 'associations', 'activities', 'done']),
    done: z.number().int(),
    total: z.number().int(),
    failed: z.number().int(),
  }),
} as const;
