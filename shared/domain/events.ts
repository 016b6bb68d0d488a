import type { RunCounts, RunStatus } from './run';

/** Typed pipeline events, emitted by the engine and fed to the CLI, the UI and the audit trail. */
export type PipelineEvent =
  | { type: 'run.started'; runId: string; at: string; total: number }
  | { type: 'run.progress'; runId: string; at: string; counts: RunCounts; perStage: Record<string, RunCounts>; leadsDone: number; leadsTotal: number }
  | { type: 'run.finished'; runId: string; at: string; status: RunStatus; counts: RunCounts }
  | { type: 'task.started'; runId: string; leadId: string; stage: string; attempt: number; at: string }
  | { type: 'task.succeeded'; runId: string; leadId: string; stage: string; attempt: number; durationMs: number; at: string }
  | { type: 'task.failed'; runId: string; leadId: string; stage: string; attempt: number; error: string; willRetry: boolean; durationMs: number; at: string }
  | { type: 'task.skipped'; runId: string; leadId: string; stage: string; reason: string; at: string };

export type PipelineEventType = PipelineEvent['type'];
