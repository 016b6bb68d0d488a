/** Public API of the pipeline engine. */
export type {
  Checkpoint,
  FlowDef,
  Outcome,
  PipelineEngineOptions,
  PipelineListener,
  ResourceLimit,
  RetryPolicy,
  RunProgress,
  RunProgressDetail,
  RunSession,
  StageContext,
  TaskReset,
  StageDef,
} from './types';
export { PipelineEngine } from './engine';
export { validateFlow, compileFlow, type CompiledFlow } from './flow';
export { EngineError, FlowError, NonRetryableError, RunInterruptedError, StageTimeoutError, errorMessage } from './errors';
export { NO_RETRY, backoffDelayMs, isRetryable, maxAttempts, sleep } from './retry';
export { AttemptAbort, runWithTimeout, type TimeoutOptions } from './timeout';
export { sha1, stableStringify } from './hash';
export { Scheduler, WaitGroup } from './scheduler';
export { MemoryCheckpoint, type LeadSource } from './memory-checkpoint';
export { measureEngineOverhead, measureFanout } from './bench';
export { taskIdOf, auditIdsOf } from './ids';
