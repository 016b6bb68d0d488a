import type { IpcEventName, IpcEventPayload } from '@shared/ipc';
import type { Settings } from '@shared/index';
import type { EnrichmentSource } from '../agents/enrich/types';
import type { CrmApi } from '../api/types';
import type { ResourceLimit, StageDef } from '../pipeline/types';
import type { SecretStore } from '../secrets';
import type { Store } from '../store/store';

/**
 * What the CRM layer contributes to the composed core (see `createCore` in app.ts): enrichment sources and flow
 * stages for the lead flow, resource limits for the engine, and the `crm:*` IPC handlers.
 *
 * STATUS: interface fixed; `createCrmRuntime` is being filled in by the CRM-sync work (issue 4). Until then it
 * contributes nothing and its handlers refuse with "CRM sync is not available yet".
 */
export interface CrmRuntime {
  /** Enrichment sources to add to the lead flow (the `crm` history source when a CRM is active and connected). */
  sources(): EnrichmentSource[];
  /** Stages to append to the lead flow after `score` (the `sync` stage when a CRM is active). */
  stages(): StageDef[];
  /** Engine resource limits the stages/sources use (e.g. `crm`). */
  resources(): Record<string, ResourceLimit>;
  /** The `crm:*` IPC handlers. */
  api: CrmApi;
  /** Stops timers and closes connections. Idempotent. */
  close(): Promise<void>;
}

/** What {@link createCrmRuntime} needs from the composition root. */
export interface CrmRuntimeDeps {
  store: Store;
  /** Current settings (read on every use: the rep may change them while the app runs). */
  settings: () => Settings;
  secrets: SecretStore;
  /** Opens a URL in the system browser (OAuth). The CLI passes one that prints the URL. */
  openExternal: (url: string) => Promise<void>;
  /** Emits a push event for the renderer (`crm:progress`). */
  emit: <E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => void;
}

/**
 * Builds the CRM runtime. Input: {@link CrmRuntimeDeps}. Output: {@link CrmRuntime}. Never throws; connection
 * problems surface when a handler or stage runs.
 */
export function createCrmRuntime(_deps: CrmRuntimeDeps): CrmRuntime {
  const refuse = async (): Promise<never> => {
    throw new Error('CRM sync is not available yet');
  };
  const api = new Proxy({} as CrmApi, { get: () => refuse });
  return { sources: () => [], stages: () => [], resources: () => ({}), api, close: async () => {} };
}
