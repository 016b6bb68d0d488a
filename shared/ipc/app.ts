import { z } from 'zod';
import { ClassificationSchema } from '../domain/classification';
import { ColumnMappingSchema, LeadSchema, RowErrorSchema } from '../domain/lead';
import { ProspectProfileSchema } from '../domain/profile';
import { LeadScoreSchema } from '../domain/score';
import { QueueItemSchema, type QueueItem } from '../domain/review';
import { AuditEntrySchema, RunCountsSchema, RunStatusSchema, TaskStatusSchema, type TaskStatus } from '../domain/run';
import { SettingsSchema } from '../domain/settings';

/**
 * The app's IPC channels (import, pipeline, review, outbox, settings). Each declares its request and response
 * zod schema; main validates every request (and checks the sender frame) before the handler runs.
 */
export const Id = z.string().min(1).max(200);
export const Empty = z.object({}).strict();
/** An absolute or relative file path chosen by the rep (validated again in main: must exist, be a file). */
const FilePath = z.string().min(1).max(4096);

export const ImportPreviewSchema = z.object({
  file: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  delimiter: z.string().optional(),
  headers: z.array(z.string()),
  /** Mapping detected from the headers (synonyms). */
  autoMapping: ColumnMappingSchema,
  /** Mapping in effect: autoMapping with the request's overrides applied. */
  mapping: ColumnMappingSchema,
  headerWarnings: z.array(RowErrorSchema),
  /** First rows (≤ 20) as read, each with the reason it would be rejected under `mapping`, if any. */
  sample: z.array(z.object({ row: z.number(), cells: z.array(z.string()), rejected: z.string().optional() })),
  /** Every lead field a column can map to, for the mapping editor. */
  fields: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportResultSchema = z.object({
  importId: z.string(),
  file: z.string(),
  rows: z.number(),
  imported: z.number(),
  duplicates: z.number(),
  rejected: z.array(RowErrorSchema),
  warnings: z.array(RowErrorSchema),
  /** Leads of the file now stored (new + already known): what a run started for this import processes. */
  leadCount: z.number(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const RunSummarySchema = z.object({
  id: z.string(),
  label: z.string().optional(),
  status: RunStatusSchema,
  stages: z.array(z.string()),
  leadsTotal: z.number(),
  leadsDone: z.number(),
  /** Leads with a failed stage (not counting absorbed enrichment failures). */
  leadsFailed: z.number(),
  counts: RunCountsSchema,
  perStage: z.record(z.string(), RunCountsSchema),
  createdAt: z.string(),
  /** When the current (or last) start() began (ISO-8601). */
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Wall time spent running, summed over sessions, in ms. */
  elapsedMs: z.number().nonnegative(),
  /** Leads finished per second over the current session (0 when idle). */
  leadsPerSec: z.number().nonnegative(),
  /** Estimated ms to finish at the current throughput; absent when unknown or idle. */
  etaMs: z.number().nonnegative().optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/**
 * One-character codes of task statuses in the lead table (`LeadRow.statuses`): `p` pending, `r` running, `d` done,
 * `f` failed, `s` skipped.
 */
export const TASK_STATUS_CODE = { pending: 'p', running: 'r', done: 'd', failed: 'f', skipped: 's' } as const satisfies Record<TaskStatus, string>;
export type TaskStatusCode = (typeof TASK_STATUS_CODE)[TaskStatus];
const STATUS_OF_CODE: Readonly<Record<string, TaskStatus>> = { p: 'pending', r: 'running', d: 'done', f: 'failed', s: 'skipped' };

/**
 * The status of stage `index` in a lead-table row's code string.
 * @param statuses `LeadRow.statuses` (one code per stage of the page's `stages`)
 * @param index the stage's position in `LeadTablePage.stages`
 * @returns the status; `pending` for an index past the end
 */
export function statusAt(statuses: string, index: number): TaskStatus {
  return STATUS_OF_CODE[statuses.charAt(index)] ?? 'pending';
}

/**
 * One row of the Pipeline screen's lead table, compact so 10k rows stay small (about 100 bytes each): per-stage
 * values are positional, aligned with the stage list of the page that carries the row (`LeadTablePage.stages`,
 * the run's stages in flow order).
 */
export const LeadRowSchema = z.object({
  leadId: z.string(),
  name: z.string(),
  company: z.string(),
  email: z.string().optional(),
  /**
   * One status code per stage ({@link TASK_STATUS_CODE}), e.g. `"dddsddddp"`: stage i's status is
   * `statusAt(statuses, i)`. Same length as the page's `stages`.
   */
  statuses: z.string().regex(/^[prdfs]*$/),
  /**
   * Duration in ms (rounded to 0.1 ms) of stage i's task once finished (done, failed or skipped), else null. Same
   * length as the page's `stages`.
   */
  durationsMs: z.array(z.number().nonnegative().nullable()),
  /** First error of a failed stage, `stage: message`. */
  error: z.string().optional(),
  score: z.number().optional(),
});
export type LeadRow = z.infer<typeof LeadRowSchema>;

/** Rows per `runs:leads` page when the request gives no limit; the most a request may ask for is LEAD_PAGE_MAX. */
export const LEAD_PAGE_DEFAULT = 2000;
export const LEAD_PAGE_MAX = 10_000;

/**
 * A page of a run's lead table (`runs:leads`): rows `offset … offset + rows.length - 1` of the run's leads, in the
 * run's lead order, with the stage list their `statuses` and `durationsMs` align with. Main checks the alignment.
 */
export const LeadTablePageSchema = z
  .object({
    runId: z.string(),
    /** The run's stages in flow order: column i of every row's `statuses` / `durationsMs`. */
    stages: z.array(z.string()),
    /** Leads in the run (every page). */
    total: z.number().int().nonnegative(),
    /** Position of `rows[0]` in the run's lead order. */
    offset: z.number().int().nonnegative(),
    rows: z.array(LeadRowSchema),
  })
  .refine((p) => p.rows.every((r) => r.statuses.length === p.stages.length && r.durationsMs.length === p.stages.length), {
    message: 'every row needs one status and one duration per stage',
    path: ['rows'],
  });
export type LeadTablePage = z.infer<typeof LeadTablePageSchema>;

/** A delta for the lead table, pushed with `pipeline:tasks` (batched and throttled in main). */
export const TaskDeltaSchema = z.object({
  runId: z.string(),
  leadId: z.string(),
  stage: z.string(),
  status: TaskStatusSchema,
  durationMs: z.number().optional(),
  error: z.string().optional(),
});
export type TaskDelta = z.infer<typeof TaskDeltaSchema>;

export const LeadDetailSchema = z.object({
  lead: LeadSchema,
  profile: ProspectProfileSchema.optional(),
  classification: ClassificationSchema.optional(),
  score: LeadScoreSchema.optional(),
  tasks: z.array(
    z.object({ stage: z.string(), status: TaskStatusSchema, attempts: z.number(), durationMs: z.number().optional(), error: z.string().optional() }),
  ),
  audit: z.array(AuditEntrySchema),
});
export type LeadDetail = z.infer<typeof LeadDetailSchema>;

/**
 * A review-queue list entry: only what the queue list shows (the full item comes from `review:get`). `id` is
 * also the lead's id (one queue item per lead).
 */
export const QueueEntrySchema = z.object({
  id: z.string(),
  status: QueueItemSchema.shape.status,
  name: z.string(),
  company: z.string(),
  subject: z.string(),
  score: z.number(),
  label: ClassificationSchema.shape.label,
  confidence: z.number(),
  /** The review agent's verdict passed. */
  passed: z.boolean(),
  issueCount: z.number(),
  /** Its body has been on screen (`review:get`): bulk approve accepts it. */
  seen: z.boolean(),
  edited: z.boolean(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

/**
 * The list entry of a queue item (main builds the list with it; the renderer refreshes one entry after an action).
 * Input: the stored item (`seenAt` or the view's `seen`) and the display name/company of its lead. Output: a QueueEntry.
 */
export function queueEntryOf(
  item: Pick<QueueItem, 'id' | 'status' | 'draft' | 'score' | 'classification' | 'verdict' | 'edited'> & { seenAt?: string; seen?: boolean },
  who: { name: string; company: string },
): QueueEntry {
  return {
    id: item.id,
    status: item.status,
    name: who.name,
    company: who.company,
    subject: item.draft.subject,
    score: item.score.score,
    label: item.classification.label,
    confidence: item.classification.confidence,
    passed: item.verdict.passed,
    issueCount: item.verdict.issues.length,
    seen: item.seen ?? item.seenAt !== undefined,
    edited: item.edited === true,
  };
}

/**
 * A page of the review queue (`review:list`): entries `offset …` of the queue matching the filter, riskiest first,
 * and how many match in all (`total`), so the Review screen can show the first screenful before the rest arrives.
 */
export const QueuePageSchema = z.object({
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  entries: z.array(QueueEntrySchema),
});
export type QueuePage = z.infer<typeof QueuePageSchema>;

/** An Outbox entry (`outbox:list`): a list entry plus the recipient's address and when it was decided. */
export const OutboxEntrySchema = QueueEntrySchema.extend({
  email: z.string().optional(),
  updatedAt: z.string(),
  decidedAt: z.string().optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** Review-queue items per status (the navbar badge shows pending + flagged). */
export const ReviewCountsSchema = z.object({
  pending: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
  approved: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type ReviewCounts = z.infer<typeof ReviewCountsSchema>;

export const ReviewItemSchema = QueueItemSchema.extend({
  lead: LeadSchema,
  profile: ProspectProfileSchema.optional(),
  seen: z.boolean(),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

export const QueueFilterSchema = z
  .object({
    status: z.array(QueueItemSchema.shape.status).optional(),
    minScore: z.number().min(0).max(100).optional(),
    maxScore: z.number().min(0).max(100).optional(),
    labels: z.array(ClassificationSchema.shape.label).optional(),
    /** Case-insensitive substring of name, company or subject. */
    text: z.string().max(200).optional(),
  })
  .strict();
export type QueueFilter = z.infer<typeof QueueFilterSchema>;

export const appChannels = {
  'app:info': {
    request: Empty,
    response: z.object({ name: z.string(), version: z.string(), dataDir: z.string(), platform: z.string() }),
  },
  /** Opens the OS file picker (CSV/TSV/XLSX). Main only. */
  'import:pickFile': { request: Empty, response: z.object({ path: z.string().nullable() }) },
  'import:preview': {
    request: z.object({ path: FilePath, mapping: ColumnMappingSchema.optional() }).strict(),
    response: ImportPreviewSchema,
  },
  'import:run': {
    request: z.object({ path: FilePath, mapping: ColumnMappingSchema.optional() }).strict(),
    response: ImportResultSchema,
  },
  /** Saves an import's rejected rows and warnings as CSV (save dialog). Main only. */
  'import:exportErrors': {
    request: z.object({ importId: Id }).strict(),
    response: z.object({ saved: z.boolean(), path: z.string().optional() }),
  },
  /** Creates (or finds) the run for an import's leads and starts it in the background. */
  'runs:start': { request: z.object({ importId: Id }).strict(), response: z.object({ runId: z.string() }) },
  'runs:list': { request: Empty, response: z.array(RunSummarySchema) },
  'runs:control': {
    request: z.object({ runId: Id, action: z.enum(['pause', 'resume', 'cancel', 'retryFailed']) }).strict(),
    response: RunSummarySchema,
  },
  /** A page of a run's lead table (default the first LEAD_PAGE_DEFAULT rows); page through with offset/limit. */
  'runs:leads': {
    request: z
      .object({
        runId: Id,
        offset: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(LEAD_PAGE_MAX).optional(),
      })
      .strict(),
    response: LeadTablePageSchema,
  },
  'leads:detail': { request: z.object({ leadId: Id, runId: Id.optional() }).strict(), response: LeadDetailSchema },
  /** Entries matching the filter, riskiest first: every one, or `limit` of them from `offset`. */
  'review:list': {
    request: z
      .object({
        filter: QueueFilterSchema.optional(),
        offset: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).optional(),
      })
      .strict(),
    response: QueuePageSchema,
  },
  /** Queue items per status (cheap: for the navbar badge). */
  'review:counts': { request: Empty, response: ReviewCountsSchema },
  /** The full item; marks it seen (its body is now on screen). */
  'review:get': { request: z.object({ id: Id }).strict(), response: ReviewItemSchema },
  /** Approve, optionally with the rep's edits (re-reviewed; compliance errors refuse the approval). */
  'review:approve': {
    request: z.object({ id: Id, subject: z.string().min(1).max(300).optional(), body: z.string().min(1).max(20_000).optional() }).strict(),
    response: ReviewItemSchema,
  },
  'review:reject': { request: z.object({ id: Id, reason: z.string().min(1).max(1000) }).strict(), response: ReviewItemSchema },
  /** Re-drafts and re-reviews a pending/flagged item. */
  'review:regenerate': { request: z.object({ id: Id }).strict(), response: ReviewItemSchema },
  /** Puts an approved/rejected item back to pending (undo). Never for a sent one. */
  'review:reopen': { request: z.object({ id: Id }).strict(), response: ReviewItemSchema },
  /** Approves many; refuses any never shown (`review:get`) or not pending/flagged, with the reason. */
  'review:bulkApprove': {
    request: z.object({ ids: z.array(Id).min(1).max(10_000) }).strict(),
    response: z.object({ approved: z.array(z.string()), refused: z.array(z.object({ id: z.string(), reason: z.string() })) }),
  },
  'outbox:list': { request: Empty, response: z.array(OutboxEntrySchema) },
  'settings:get': { request: Empty, response: SettingsSchema },
  'settings:save': { request: z.object({ settings: SettingsSchema }).strict(), response: SettingsSchema },
  /** Lets the rep pick another data folder (used after restart). Main only. */
  'settings:chooseDataDir': {
    request: Empty,
    response: z.object({ path: z.string().nullable(), restartRequired: z.boolean() }),
  },
} as const;

/** Push events of the app (main → renderer), throttled in main. */
export const appEvents = {
  /** Every run's summary, at most ~4 times a second while something runs. */
  'pipeline:progress': z.array(RunSummarySchema),
  /** Lead-table deltas since the last batch (coalesced per task), at most ~4 batches a second. */
  'pipeline:tasks': z.array(TaskDeltaSchema),
  /** Queue item ids changed since the last batch, and the queue's counts after them (for the badge). */
  'review:changed': z.object({ ids: z.array(z.string()), counts: ReviewCountsSchema }),
} as const;
