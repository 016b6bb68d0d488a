import { z } from 'zod';

export const TaskStatusSchema = z.enum(['pending', 'running', 'done', 'failed', 'skipped']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** One (lead, stage) unit of work in a run, checkpointed in the store. Times are ISO-8601; durations in ms. */
export const TaskSchema = z.object({
  id: z.string(),
  runId: z.string(),
  leadId: z.string(),
  stage: z.string(),
  status: TaskStatusSchema,
  attempts: z.number().int().nonnegative(),
  output: z.unknown().optional(),
  error: z.string().optional(),
  inputHash: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const RunStatusSchema = z.enum(['pending', 'running', 'paused', 'cancelled', 'done', 'failed']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const RunSchema = z.object({
  id: z.string(),
  flow: z.string(),
  status: RunStatusSchema,
  leadIds: z.array(z.string()),
  stages: z.array(z.string()),
  /** Which import(s) created this run; lets `process` find and resume the run for the same file. */
  label: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  /** When the current (or last) processing session began (ISO-8601); set by the engine's start(). */
  startedAt: z.string().optional(),
  /** Wall time in ms spent processing in sessions that have ended (paused, cancelled, finished). */
  elapsedMs: z.number().nonnegative().optional(),
});
export type Run = z.infer<typeof RunSchema>;

/** Counts per task status for one run (optionally per stage). */
export const RunCountsSchema = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
});
export type RunCounts = z.infer<typeof RunCountsSchema>;

/** One audit-trail entry: which stage ran on which lead, with what, how long, and how it ended. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  runId: z.string(),
  leadId: z.string(),
  stage: z.string(),
  attempt: z.number().int().positive(),
  inputHash: z.string(),
  outcome: z.enum(['succeeded', 'failed', 'skipped']),
  output: z.unknown().optional(),
  error: z.string().optional(),
  durationMs: z.number().nonnegative(),
  tokens: z.number().int().nonnegative().optional(),
  costUsd: z.number().nonnegative().optional(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
