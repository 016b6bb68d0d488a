import { crmChannels } from '@shared/ipc/crm';
import type { Settings } from '@shared/index';
import { buildLeadFlow, defaultSources } from './agents/flow/lead-flow';
import { createAppApi } from './api/app-api';
import { createCoreEvents, type CoreEventHub } from './api/events';
import { UserFacingError, type CoreApi, type CoreEvents, type CrmApi, type CrmChannel } from './api/types';
import { createCrmRuntime, type CrmRuntime } from './crm/runtime';
import type { PipelineEngine } from './pipeline/engine';
import type { FlowDef } from './pipeline/types';
import type { SecretStore } from './secrets';
import { rowErrorsExport } from './services/import-errors-csv';
import { PipelineService } from './services/pipeline-service';
import { ReviewQueue } from './services/review-queue';
import { StoreCheckpoint } from './services/store-checkpoint';
import { TaskIndex } from './services/task-index';
import { loadSettings, saveSettings } from './services/settings-service';
import { Store } from './store/store';

/** Options of {@link createCore}. */
export interface CreateCoreOptions {
  /** Absolute path of the data dir (created if missing; locked while the core is open). */
  dataDir: string;
  /** Overrides of the stored settings, applied on top of them and never persisted (CLI flags, tests, benchmarks). */
  settings?: Partial<Settings>;
  /** Where CRM tokens live (main: safeStorage vault; CLI: env vars; default: an empty store that refuses writes). */
  secrets?: SecretStore;
  /** Opens a URL in the system browser (OAuth); default: throws "no browser available". */
  openExternal?: (url: string) => Promise<void>;
  /** App version for `app:info` (default `process.env.npm_package_version`, else `0.0.0`). */
  version?: string;
  /** Throttle window of push events in ms (default 250). */
  eventIntervalMs?: number;
  /** Receives the failure message of a run started in the background (default: one line on stderr). */
  onRunError?: (runId: string, message: string) => void;
}

/** The composed core services; main, the CLI and tests all start here. */
export interface LeadforgeCore {
  dataDir: string;
  version: string;
  store: Store;
  /** Current effective settings (stored settings with the `settings` overrides on top). */
  readonly settings: Settings;
  /** The lead flow of the engine new runs start on. */
  readonly flow: FlowDef;
  /** The engine new runs start on (rebuilt after a settings change once no run is in progress). */
  readonly engine: PipelineEngine;
  /** Flow/engine lifecycle, background runs, run summaries. */
  pipeline: PipelineService;
  /** The review-queue workflow. */
  review: ReviewQueue;
  /** Stored tasks by (run, lead, stage) position, kept current by the engine's checkpoint. */
  taskIndex: TaskIndex;
  /** One handler per core IPC channel (app + crm); main registers them behind its IPC wrapper. */
  api: CoreApi;
  /** Throttled push events for the renderer (`pipeline:progress`, `pipeline:tasks`, `review:changed`, `crm:progress`). */
  events: CoreEvents;
  /**
   * An import's row errors as CSV text plus a suggested file name, for main's `import:exportErrors` save dialog.
   * @throws UserFacingError `not_found` for an unknown import id
   */
  importErrorsCsv(importId: string): Promise<{ csv: string; fileName: string }>;
  /**
   * Restarts in the background every run left `running` by a crash, a kill or an app quit; main calls it once at
   * startup. @returns the ids of the restarted runs
   */
  resumeInterrupted(): Promise<string[]>;
  /**
   * Suspends runs in progress (in-flight attempts finish and are checkpointed; the runs resume at the next launch),
   * stops push events, closes the CRM runtime, flushes and releases the data dir lock. Idempotent.
   * @throws the store's final flush error (the lock is released anyway)
   */
  close(): Promise<void>;
}

const readOnlySecrets: SecretStore = {
  get: async () => undefined,
  set: async () => {
    throw new Error('no secret store is configured');
  },
  delete: async () => undefined,
};

/**
 * Opens the data dir (exclusive lock, migrations), loads settings and composes the core: the lead flow (default
 * enrichment sources + the CRM runtime's sources, the CRM runtime's extra stages), the engine (resource limits
 * `dns` + the CRM runtime's), the review queue, the app + CRM IPC handlers and the push events.
 * @param opts see {@link CreateCoreOptions}
 * @returns the open core; call `close()` when done
 * @throws StoreLockedError when another LeadForge process holds the data dir; StoreCorruptError for an unreadable
 *   store; Error naming the setting when the stored settings are invalid
 */
export async function createCore(opts: CreateCoreOptions): Promise<LeadforgeCore> {
  const store = await Store.open({ dataDir: opts.dataDir });
  let crm: CrmRuntime | undefined;
  try {
    let settings: Settings = { ...loadSettings(store), ...opts.settings };
    const queueListeners = new Set<(ids: string[]) => void>();
    const notifyQueue = (ids: string[]): void => {
      for (const l of queueListeners) {
        try {
          l(ids);
        } catch {
          // ignore listener bugs
        }
      }
    };
    // Built below; the CRM runtime and the flow's queue stage reach them through this holder.
    const late: { events?: CoreEventHub; review?: ReviewQueue; pipeline?: PipelineService } = {};
    /** Validates and stores a settings patch (one level deep), updates the effective settings, rebuilds the flow. */
    const applySettings = (patch: Partial<Settings>): Settings => {
      const saved = saveSettings(store, patch);
      settings = { ...saved, ...opts.settings };
      late.pipeline?.invalidate();
      return settings;
    };
    crm = createCrmRuntime({
      store,
      settings: () => settings,
      secrets: opts.secrets ?? readOnlySecrets,
      openExternal:
        opts.openExternal ??
        (async () => {
          throw new UserFacingError('No browser available to open the sign-in page', 'no_browser');
        }),
      emit: (event, payload) => late.events?.emit(event, payload),
      saveSettings: applySettings,
    });
    const crmRuntime = crm;
    const taskIndex = new TaskIndex(store);
    const pipeline = new PipelineService({
      store,
      checkpoint: new StoreCheckpoint(store, taskIndex),
      taskIndex,
      settings: () => settings,
      buildFlow: (s) =>
        buildLeadFlow({
          settings: s,
          sources: [...defaultSources(), ...crmRuntime.sources()],
          extraStages: crmRuntime.stages(),
          saveDraft: (item) => late.review!.saveFromPipeline(item),
          hasDraft: (leadId) => store.collection('drafts').has(leadId),
        }),
      resources: () => crmRuntime.resources(),
      ...(opts.onRunError ? { onRunError: opts.onRunError } : {}),
    });
    late.pipeline = pipeline;
    const review = new ReviewQueue({ store, settings: () => settings, flow: () => pipeline.latestFlow(), onChanged: notifyQueue });

    late.review = review;
    const hub = createCoreEvents(
      {
        onPipelineEvent: (l) => pipeline.on(l),
        onTasksReset: (l) => pipeline.onTasksReset(l),
        onQueueChanged: (l) => {
          queueListeners.add(l);
          return () => queueListeners.delete(l);
        },
        activeRunIds: () => pipeline.activeRunIds(),
        summary: (runId) => pipeline.summary(runId),
        reviewCounts: () => review.counts(),
      },
      opts.eventIntervalMs !== undefined ? { intervalMs: opts.eventIntervalMs } : {},
    );
    late.events = hub;

    const version = opts.version ?? process.env.npm_package_version ?? '0.0.0';
    const appApi = createAppApi({
      dataDir: opts.dataDir,
      version,
      store,
      pipeline,
      review,
      taskIndex,
      settings: () => settings,
      saveSettings: (next) => {
        try {
          return applySettings(next);
        } catch (err) {
          throw new UserFacingError((err as Error).message, 'invalid');
        }
      },
    });
    // The CRM runtime's api may be a Proxy: bind each CRM channel explicitly instead of spreading it.
    const crmApi = Object.fromEntries(
      (Object.keys(crmChannels) as CrmChannel[]).map((ch) => [ch, (req: never) => (crmRuntime.api[ch] as (r: never) => Promise<unknown>)(req)]),
    ) as unknown as CrmApi;
    const api: CoreApi = { ...appApi, ...crmApi };

    // The Review screen's first list is the slowest call of a large queue: prepare its entries in the background.
    void review.warm();

    let closing: Promise<void> | undefined;
    return {
      dataDir: opts.dataDir,
      version,
      store,
      get settings() {
        return settings;
      },
      get flow() {
        return pipeline.flow;
      },
      get engine() {
        return pipeline.engine;
      },
      pipeline,
      review,
      taskIndex,
      api,
      events: hub,
      importErrorsCsv: async (importId) => rowErrorsExport(store, importId),
      resumeInterrupted: async () => pipeline.resumeInterrupted(),
      close: () =>
        (closing ??= (async () => {
          await pipeline.suspendAll();
          hub.close();
          await crmRuntime.close().catch(() => undefined);
          await store.close();
        })()),
    };
  } catch (err) {
    await crm?.close().catch(() => undefined);
    await store.close();
    throw err;
  }
}
