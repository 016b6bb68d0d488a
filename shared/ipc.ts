import { z } from 'zod';
import { ClassificationSchema } from './domain/classification';
import { ColumnMappingSchema, LeadSchema, RowErrorSchema } from './domain/lead';
import { ProspectProfileSchema } from './domain/profile';
import { LeadScoreSchema } from './domain/score';
import { QueueItemSchema } from './domain/review';
import { AuditEntrySchema, RunCountsSchema, RunStatusSchema, TaskStatusSchema } from './domain/run';
import { SettingsSchema } from './domain/settings';

/**
 * The IPC contract between renderer and main. Every channel declares its request and response zod schema;
 * main validates every request before the handler runs (and checks the sender frame), and the preload exposes
 * one named method per channel on `window.leadforge` (see `LeadforgeBridge`). Push events use `events`.
 */
const Id = z.string().min(1).max(200);
const Empty = z.object({}).strict();

export const ImportPreviewSchema = z.object({
  file: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  delimiter: z.string().optional(),
  headers: z.array(z.string()),
  autoMapping: ColumnMappingSchema,
  mapping: ColumnMappingSchema,
  headerWarnings: z.array(RowErrorSchema),
  sample: z.array(z.object({ row: z.number(), cells: z.array(z.string()), rejected: z.string().optional() })),
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
  counts: RunCountsSchema,
  perStage: z.record(z.string(), RunCountsSchema),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** One row of the pipeline lead table: per-stage status letters keep 10k rows small. */
export const LeadRowSchema = z.object({
  leadId: z.string(),
  name: z.string(),
  company: z.string(),
  email: z.string().optional(),
  /** Stage name → status. */
  stages: z.record(z.string(), TaskStatusSchema),
  /** Stage name → duration in ms (finished tasks only). */
  durations: z.record(z.string(), z.number()),
  error: z.string().optional(),
  score: z.number().optional(),
});
export type LeadRow = z.infer<typeof LeadRowSchema>;

export const LeadDetailSchema = z.object({
  lead: LeadSchema,
  profile: ProspectProfileSchema.optional(),
  classification: ClassificationSchema.optional(),
  score: LeadScoreSchema.optional(),
  tasks: z.array(z.object({ stage: z.string(), status: TaskStatusSchema, attempts: z.number(), durationMs: z.number().optional(), error: z.string().optional() })),
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
  score: z.number(),
  label: ClassificationSchema.shape.label,
  confidence: z.number(),
  passed: z.boolean(),
  issueCount: z.number(),
  subject: z.string(),
  seen: z.boolean(),
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
    labels: z.array(ClassificationSchema.shape.label).optional(),
  })
  .strict();

export const ipcContract = {
  'app:info': { request: Empty, response: z.object({ name: z.string(), version: z.string(), dataDir: z.string() }) },
  'import:pickFile': { request: Empty, response: z.object({ path: z.string().nullable() }) },
  'import:preview': {
    request: z.object({ path: z.string().min(1).max(4096), mapping: ColumnMappingSchema.optional() }).strict(),
    response: ImportPreviewSchema,
  },
  'import:run': {
    request: z.object({ path: z.string().min(1).max(4096), mapping: ColumnMappingSchema.optional() }).strict(),
    response: ImportResultSchema,
  },
  'runs:start': { request: z.object({ importId: Id }).strict(), response: z.object({ runId: z.string() }) },
  'runs:list': { request: Empty, response: z.array(RunSummarySchema) },
  'runs:control': {
    request: z.object({ runId: Id, action: z.enum(['pause', 'resume', 'cancel', 'retryFailed']) }).strict(),
    response: RunSummarySchema,
  },
  'runs:leads': { request: z.object({ runId: Id }).strict(), response: z.array(LeadRowSchema) },
  'leads:detail': { request: z.object({ leadId: Id, runId: Id.optional() }).strict(), response: LeadDetailSchema },
  'review:list': { request: z.object({ filter: QueueFilterSchema.optional() }).strict(), response: z.array(QueueEntrySchema) },
  'review:get': { request: z.object({ id: Id }).strict(), response: ReviewItemSchema },
  'review:approve': {
    request: z.object({ id: Id, subject: z.string().min(1).max(300).optional(), body: z.string().min(1).max(20_000).optional() }).strict(),
    response: ReviewItemSchema,
  },
  'review:reject': { request: z.object({ id: Id, reason: z.string().min(1).max(1000) }).strict(), response: ReviewItemSchema },
  'review:regenerate': { request: z.object({ id: Id }).strict(), response: ReviewItemSchema },
  'review:bulkApprove': {
    request: z.object({ ids: z.array(Id).min(1).max(10_000) }).strict(),
    response: z.object({ approved: z.array(z.string()), refused: z.array(z.object({ id: z.string(), reason: z.string() })) }),
  },
  'outbox:list': { request: Empty, response: z.array(QueueEntrySchema) },
  'settings:get': { request: Empty, response: SettingsSchema },
  'settings:save': { request: z.object({ settings: SettingsSchema }).strict(), response: SettingsSchema },
  'export:rowErrors': {
    request: z.object({ importId: Id }).strict(),
    response: z.object({ saved: z.boolean(), path: z.string().optional() }),
  },
} as const;

/** Push events from main to renderer (throttled in main). */
export const ipcEvents = {
  'pipeline:progress': z.array(RunSummarySchema),
  'review:changed': z.object({ ids: z.array(z.string()) }),
} as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['response']>;
export type IpcEventName = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEventName> = z.infer<(typeof ipcEvents)[E]>;

/** Method name on `window.leadforge` for a channel: `review:bulkApprove` → `reviewBulkApprove`. */
export type MethodName<C extends string> = C extends `${infer A}:${infer B}` ? `${A}${Capitalize<B>}` : C;

/** The object the preload exposes as `window.leadforge`: one method per channel, plus event subscription. */
export type LeadforgeBridge = {
  [C in IpcChannel as MethodName<C>]: (request: IpcRequest<C>) => Promise<IpcResponse<C>>;
} & {
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
};

/** `import:run` → `importRun`. */
export function methodName<C extends IpcChannel>(channel: C): MethodName<C> {
  const [a, b] = channel.split(':') as [string, string];
  return `${a}${b.charAt(0).toUpperCase()}${b.slice(1)}` as MethodName<C>;
}
