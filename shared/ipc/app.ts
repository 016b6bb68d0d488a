import { z } from 'zod';
import { ClassificationSchema } from '../domain/classification';
import { ColumnMappingSchema, LeadSchema, RowErrorSchema } from '../domain/lead';
import { ProspectProfileSchema } from '../domain/profile';
import { LeadScoreSchema } from '../domain/score';
import { QueueItemSchema } from '../domain/review';
import { AuditEntrySchema, RunCountsSchema, RunStatusSchema, TaskStatusSchema } from '../domain/run';
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

/** One row of the pipeline lead table: per-stage status keeps 10k rows small. */
export const LeadRowSchema = z.object({
  leadId: z.string(),
  name: z.string(),
  company: z.string(),
  email: z.string().optional(),
  /** Stage name → status. */
  stages: z.record(z.string(), TaskStatusSchema),
  /** Stage name → duration in ms (finished tasks only). */
  durations: z.record(z.string(), z.number()),
  /** First error of a failed stage, `stage: message`. */
  error: z.string().optional(),
  score: z.number().optional(),
});
export type LeadRow = z.infer<typeof LeadRowSchema>;

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

/** A review-queue list entry (small; the full item comes from `review:get`). */
export const QueueEntrySchema = z.object({
  id: z.string(),
  leadId: z.string(),
  status: QueueItemSchema.shape.status,
  name: z.string(),
  company: z.string(),
  email: z.string().optional(),
  score: z.number(),
  label: ClassificationSchema.shape.label,
  confidence: z.number(),
  passed: z.boolean(),
  issueCount: z.number(),
  subject: z.string(),
  seen: z.boolean(),
  edited: z.boolean(),
  updatedAt: z.string(),
  decidedAt: z.string().optional(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

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
  'runs:leads': { request: z.object({ runId: Id }).strict(), response: z.array(LeadRowSchema) },
  'leads:detail': { request: z.object({ leadId: Id, runId: Id.optional() }).strict(), response: LeadDetailSchema },
  'review:list': { request: z.object({ filter: QueueFilterSchema.optional() }).strict(), response: z.array(QueueEntrySchema) },
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
  'outbox:list': { request: Empty, response: z.array(QueueEntrySchema) },
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
  'review:changed': z.object({ ids: z.array(z.string()) }),
} as const;
