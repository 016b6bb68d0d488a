import type { QueueItem, Settings } from '@shared/index';
import { buildLeadFlow } from './agents/flow/lead-flow';
import { PipelineEngine } from './pipeline/engine';
import type { FlowDef } from './pipeline/types';
import { StoreCheckpoint } from './services/store-checkpoint';
import { loadSettings } from './services/settings-service';
import { Store } from './store/store';

/** The composed core services; main, the CLI and tests all start here. */
export interface LeadforgeCore {
  dataDir: string;
  store: Store;
  settings: Settings;
  flow: FlowDef;
  engine: PipelineEngine;
  /** Flushes and releases the data dir lock. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the data dir (exclusive lock, migrations), loads settings and builds the lead flow and engine.
 * @param opts.dataDir absolute path of the data dir
 * @param opts.settings optional overrides of stored settings (not persisted)
 * @throws StoreLockedError when another LeadForge process holds the data dir; StoreCorruptError for an unreadable store
 */
export async function createCore(opts: { dataDir: string; settings?: Partial<Settings> }): Promise<LeadforgeCore> {
  const store = await Store.open({ dataDir: opts.dataDir });
  try {
    const settings = { ...loadSettings(store), ...opts.settings };
    const queue = store.collection<QueueItem>('drafts');
    const flow = buildLeadFlow({
      settings,
      saveDraft: (item) => {
        const prev = queue.get(item.leadId);
        // A rep's decision is never overwritten by a re-run.
        if (prev && (prev.status === 'approved' || prev.status === 'rejected')) return;
        const now = new Date().toISOString();
        queue.put({
          id: item.leadId,
          leadId: item.leadId,
          runId: item.runId,
          status: item.verdict.passed ? 'pending' : 'flagged',
          draft: item.draft,
          verdict: item.verdict,
          draftAttempts: item.attempts,
          score: item.score,
          classification: item.classification,
          createdAt: prev?.createdAt ?? now,
          updatedAt: now,
        });
      },
    });
    const engine = new PipelineEngine({
      flow,
      checkpoint: new StoreCheckpoint(store),
      concurrency: settings.pipeline.concurrency,
      resources: { dns: { concurrency: 16 } },
    });
    let closed = false;
    return {
      dataDir: opts.dataDir,
      store,
      settings,
      flow,
      engine,
      close: async () => {
        if (closed) return;
        closed = true;
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
