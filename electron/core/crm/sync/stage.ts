import { z } from 'zod';
import {
  ClassificationSchema, CrmKindSchema, LeadScoreSchema, ProspectProfileSchema, type CrmKind, type QueueItem, type Settings,
} from '@shared/index';
import { NonRetryableError } from '../../pipeline/errors';
import type { Outcome, StageContext, StageDef } from '../../pipeline/types';
import type { SyncLeadInput } from '../mapping/app-fields';
import type { LeadOutcome } from './execute';

/** Name of the CRM sync stage of the lead flow. */
export const SYNC_STAGE = 'sync';

/** Output of the `sync` stage (checkpointed per task). */
export const SyncStageOutputSchema = z.object({
  kind: CrmKindSchema,
  status: z.enum(['synced', 'unchanged', 'skipped']),
  personId: z.string().optional(),
  accountId: z.string().optional(),
  activityId: z.string().optional(),
  created: z.boolean(),
  message: z.string().optional(),
});
export type SyncStageOutput = z.infer<typeof SyncStageOutputSchema>;

/** What the `sync` stage needs from the CRM runtime. */
export interface SyncStageDeps {
  settings: () => Settings;
  /** Whether the CRM has credentials (`undefined` while not known yet: the stage then checks when it runs). */
  connected: (kind: CrmKind) => boolean | undefined;
  /** Resolves the connection when it was not known synchronously. */
  isConnected: (kind: CrmKind) => Promise<boolean>;
  /** The lead's review-queue item (its draft), if any. */
  queueItem: (leadId: string) => QueueItem | undefined;
  /** Syncs one lead (the runtime batches concurrent calls and serialises syncs per CRM). */
  sync: (kind: CrmKind, input: SyncLeadInput, idempotencyKey: string) => Promise<LeadOutcome>;
}

const crmName = (k: CrmKind) => (k === 'hubspot' ? 'HubSpot' : 'Salesforce');

function ok<T>(deps: Record<string, Outcome>, name: string, schema: z.ZodType<T>): T | undefined {
  const o = deps[name];
  if (!o?.ok) return undefined;
  const r = schema.safeParse(o.value);
  return r.success ? r.data : undefined;
}

/**
 * The lead flow's CRM `sync` stage (appended through `buildLeadFlow({ extraStages })`).
 *
 * Needs `classify`, `synthesize`, `score` AND `queue`, with `tolerateFailedNeeds`: it runs once the lead's draft
 * is settled, so one pass writes the contact/company with the score AND logs the draft as an activity (waiting
 * only for `score` would sync every qualified lead twice — once without, once with its draft — doubling CRM
 * requests against the rate limit). A `queue` that was skipped (lead not qualified) or failed does not block the
 * sync: the lead's score still goes to the CRM, without a draft. A failed/skipped score or profile skips it.
 *
 * Skipped (with the reason) when no CRM is active, `settings.crm.syncInPipeline` is off, or the active CRM is not
 * connected. Resource `crm` (shared with the `crm` enrichment source). The CRM writes are idempotent by the
 * per-lead sync state (the task's idempotency key is passed along for logs); a per-record CRM rejection fails
 * the task with the CRM's own message (not retried: the request policy already retried 429/5xx).
 * Output: {@link SyncStageOutputSchema}.
 */
export function buildSyncStage(deps: SyncStageDeps): StageDef<SyncStageOutput> {
  return {
    name: SYNC_STAGE,
    needs: ['classify', 'synthesize', 'score', 'queue'],
    tolerateFailedNeeds: true,
    output: SyncStageOutputSchema,
    resource: 'crm',
    timeoutMs: 15 * 60_000,
    retry: { attempts: 2, baseDelayMs: 1000, maxDelayMs: 5000, factor: 2, jitter: true },
    skipIf: (ctx) => {
      const crm = deps.settings().crm;
      if (!crm.active) return 'no CRM is active (settings.crm.active)';
      if (!crm.syncInPipeline) return `syncing in the pipeline is off (settings.crm.syncInPipeline); use "sync now" or leadforge sync`;
      if (deps.connected(crm.active) === false) return `${crmName(crm.active)} is not connected`;
      for (const need of ['classify', 'synthesize', 'score']) {
        const o = ctx.deps[need];
        if (!o?.ok) return `no ${need === 'synthesize' ? 'profile' : need}: ${o && !o.ok ? `${o.status} (${o.error})` : 'missing'}`;
      }
      return null;
    },
    run: async (ctx: StageContext) => {
      const kind = deps.settings().crm.active;
      if (!kind) return { kind: 'hubspot' as const, status: 'skipped' as const, created: false, message: 'no CRM is active' };
      if (!(await deps.isConnected(kind))) return { kind, status: 'skipped' as const, created: false, message: `${crmName(kind)} is not connected` };
      const profile = ok(ctx.deps, 'synthesize', ProspectProfileSchema);
      const score = ok(ctx.deps, 'score', LeadScoreSchema);
      const classification = ok(ctx.deps, 'classify', ClassificationSchema);
      if (!profile || !score || !classification) throw new NonRetryableError('stage input is malformed (classify/synthesize/score)');
      const queueItem = ctx.deps.queue?.ok ? deps.queueItem(ctx.lead.id) : undefined;
      const out = await deps.sync(kind, { lead: ctx.lead, profile, score, classification, ...(queueItem ? { queueItem } : {}) }, ctx.idempotencyKey);
      if (out.status === 'failed') throw new NonRetryableError(`${crmName(kind)}: ${out.message ?? 'sync failed'}`);
      return {
        kind,
        status: out.status === 'unchanged' ? ('unchanged' as const) : out.status === 'skipped' ? ('skipped' as const) : ('synced' as const),
        created: out.created,
        ...(out.personId ? { personId: out.personId } : {}),
        ...(out.accountId ? { accountId: out.accountId } : {}),
        ...(out.activityId ? { activityId: out.activityId } : {}),
        ...(out.message ? { message: out.message } : {}),
      };
    },
  };
}
