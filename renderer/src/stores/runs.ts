import { create } from 'zustand';
import type { RunSummary } from '@shared/ipc';
import { api, errorMessage, onEvent } from '../bridge';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
export type RunAction = 'pause' | 'resume' | 'cancel' | 'retryFailed';

interface RunsState {
  runs: RunSummary[];
  status: LoadStatus;
  error?: string;
  selectedRunId: string | null;
  /** Loads every run (runs:list); keeps the selection, else selects the newest run. */
  load: () => Promise<void>;
  select: (runId: string) => void;
  /** Replaces the summaries with a `pipeline:progress` payload (every run's summary). */
  applyProgress: (runs: RunSummary[]) => void;
  /** runs:control; updates the run's summary from the response. Throws the bridge error for the caller to show. */
  control: (runId: string, action: RunAction) => Promise<RunSummary>;
}

function newestFirst(runs: RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Runs and their live progress (runs:list + `pipeline:progress`). */
export const useRuns = create<RunsState>((set, get) => ({
  runs: [],
  status: 'idle',
  selectedRunId: null,
  load: async () => {
    set({ status: get().runs.length ? 'ready' : 'loading', error: undefined });
    try {
      const runs = newestFirst(await api().runsList({}));
      const selected = get().selectedRunId;
      set({
        runs,
        status: 'ready',
        selectedRunId: selected && runs.some((r) => r.id === selected) ? selected : (runs[0]?.id ?? null),
      });
    } catch (e) {
      set({ status: 'error', error: errorMessage(e) });
    }
  },
  select: (runId) => set({ selectedRunId: runId }),
  applyProgress: (incoming) => {
    const byId = new Map(get().runs.map((r) => [r.id, r]));
    for (const r of incoming) byId.set(r.id, r);
    const runs = newestFirst([...byId.values()]);
    const selected = get().selectedRunId;
    set({ runs, status: 'ready', selectedRunId: selected ?? runs[0]?.id ?? null });
  },
  control: async (runId, action) => {
    const summary = await api().runsControl({ runId, action });
    get().applyProgress([summary]);
    return summary;
  },
}));

let subscribed = false;
/** Subscribes the runs store to `pipeline:progress` once for the app's lifetime. */
export function subscribeRunEvents(): void {
  if (subscribed) return;
  subscribed = true;
  onEvent('pipeline:progress', (runs) => useRuns.getState().applyProgress(runs));
}
