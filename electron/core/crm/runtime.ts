import type { IpcEventName, IpcEventPayload } from '@shared/ipc';
import type { QueueItem, Settings } from '@shared/index';
import { CRM_HISTORY_BATCH, CrmHistorySource } from '../agents/enrich/crm-source';
import type { EnrichmentSource } from '../agents/enrich/types';
import { createCrmApi } from '../api/crm-api';
import type { CrmApi } from '../api/types';
import type { ResourceLimit, StageDef } from '../pipeline/types';
import type { SecretStore } from '../secrets';
import type { Store } from '../store/store';
import { defaultAdapterFactory, type AdapterFactory } from './adapters';
import { CrmService, crmName } from './service';
import { buildSyncStage } from './sync/stage';

/**
 * What the CRM layer contributes to the composed core (see `createCore` in app.ts): enrichment sources and flow
 * stages for the lead flow, resource limits for the engine, and the `crm:*` IPC handlers.
 */
export interface CrmRuntime {
  /** Enrichment sources to add to the lead flow: the `crm` history source when a CRM is active. */
  sources(): EnrichmentSource[];
  /** Stages to append to the lead flow: the `sync` stage when a CRM is active. */
  stages(): StageDef[];
  /** Engine resource limits the stages/sources use (`crm`; a batching resource while a CRM is active, see CRM_RESOURCE). */
  resources(): Record<string, ResourceLimit>;
  /** The `crm:*` IPC handlers. */
  api: CrmApi;
  /** Stops timers and closes connections (a sync in progress stops at its next checkpoint). Idempotent. */
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
  /**
   * Persists a settings patch and returns the effective settings (the app's settings service, so `settings()`
   * reflects it at once). Default: `saveSettings(store, patch)` from services/settings-service.
   */
  saveSettings?: (patch: Partial<Settings>) => Settings;
  /** Builds adapters and runs OAuth connects (default: HubSpot + Salesforce adapters; tests inject fakes). */
  adapters?: AdapterFactory;
}

/**
 * Engine limit of the `crm` resource while a CRM is active: a batching resource of {@link CRM_HISTORY_BATCH}. The
 * `enrich.crm` and `sync` attempts wait for the batch call they share with other leads (the `crm` source gathers
 * histories, `syncOne` gathers syncs), so they hold no global pipeline slot, and the engine keeps 2 × 100 leads
 * active, so one batch fills while the previous one is in flight — with the engine's defaults (window 16, attempts
 * holding global slots) a batch could never hold more leads than the pipeline's concurrency (8). Up to 200 attempts
 * may wait at once. The request policy rate-limits the CRM calls themselves.
 */
export const CRM_RESOURCE: ResourceLimit = { concurrency: 2 * CRM_HISTORY_BATCH, batch: CRM_HISTORY_BATCH };
/** The `crm` resource while no CRM is active (no stage uses it then; the engine keeps its default window). */
export const CRM_IDLE_RESOURCE: ResourceLimit = { concurrency: 8 };

/**
 * Builds the CRM runtime. Input: {@link CrmRuntimeDeps}. Output: {@link CrmRuntime}. Never throws; connection
 * problems surface when a handler or stage runs.
 *
 * The `crm` source and the `sync` stage are contributed while `settings.crm.active` names a CRM (the core rebuilds
 * its flow after a settings change); at run time they skip with a reason when that CRM is not connected, or
 * (sync) when `settings.crm.syncInPipeline` is off.
 */
export function createCrmRuntime(deps: CrmRuntimeDeps): CrmRuntime {
  const service = new CrmService({ ...deps, adapters: deps.adapters ?? defaultAdapterFactory });
  const drafts = deps.store.collection<QueueItem>('drafts');
  const source = new CrmHistorySource(async () => {
    const kind = deps.settings().crm.active;
    if (!kind) return { skip: 'no CRM is active (settings.crm.active)' };
    if (!(await service.isConnected(kind))) return { skip: `${crmName(kind)} is not connected` };
    return { adapter: await service.adapter(kind), kind, ...(service.connectedUser(kind) ? { user: service.connectedUser(kind)! } : {}) };
  });
  const stage = buildSyncStage({
    settings: deps.settings,
    connected: (kind) => service.connectedNow(kind),
    isConnected: (kind) => service.isConnected(kind),
    queueItem: (leadId) => drafts.get(leadId),
    sync: (kind, input) => service.syncOne(kind, input),
  });
  return {
    sources: () => (deps.settings().crm.active ? [source] : []),
    stages: () => (deps.settings().crm.active ? [stage] : []),
    resources: () => ({ crm: deps.settings().crm.active ? CRM_RESOURCE : CRM_IDLE_RESOURCE }),
    api: createCrmApi(service),
    close: () => service.close(),
  };
}
