import type { Settings } from '@shared/index';

/**
 * What every agent call receives besides its input: the current settings, the engine's abort signal
 * (aborted on timeout, cancel or pause) and an optional clock for deterministic timestamps in tests.
 */
export interface AgentContext {
  settings: Settings;
  signal?: AbortSignal;
  /** Clock used for `fetchedAt` / `synthesizedAt`; defaults to `() => new Date()`. */
  now?: () => Date;
}

/** ISO-8601 timestamp from the context's clock (or the system clock). */
export function nowIso(ctx: { now?: () => Date } | undefined): string {
  return (ctx?.now ? ctx.now() : new Date()).toISOString();
}

/**
 * Throws the signal's reason (an AbortError by default) when `signal` is aborted; otherwise returns.
 * Used at agent entry points so a cancelled/paused task never produces a checkpointed result.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) signal.throwIfAborted();
}
