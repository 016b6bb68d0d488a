import { create } from 'zustand';
import type { LeadRow, TaskDelta } from '@shared/ipc';
import type { TaskStatus } from '@shared/domain/run';
import { api, errorMessage, onEvent } from '../bridge';
import { mark } from '../perf';
import type { LoadStatus } from './runs';

/**
 * The pipeline lead table of the selected run: up to 10k+ rows kept in a Map (mutated in place) plus a version
 * counter. `pipeline:tasks` deltas are queued and applied in batches once per animation frame, in slices of at most
 * {@link SLICE} deltas, so a streaming 10k-lead run never blocks the main thread; each changed row gets a new row
 * object, so only the (few, virtualised) row components showing it re-render — never all rows.
 */
interface LeadTableState {
  runId: string | null;
  status: LoadStatus;
  error?: string;
  /** leadId → row; replaced row objects on change, the Map itself is mutated in place. */
  rows: Map<string, LeadRow>;
  /** Lead ids in table order (from runs:leads); changes only on load. */
  order: string[];
  /** Bumps after every applied batch (for derived views such as the "failed" filter). */
  version: number;
  load: (runId: string) => Promise<void>;
  /** Queues deltas (from `pipeline:tasks`) for the next frame. */
  enqueue: (deltas: TaskDelta[]) => void;
}

/** Max deltas applied per frame (≈ 1-2 ms of work), the rest waits for the next frame. */
const SLICE = 4000;
const RANK: Record<TaskStatus, number> = { pending: 0, running: 1, done: 2, failed: 2, skipped: 2 };

let queue: TaskDelta[] = [];
let scheduled = false;
/** Deltas that arrived while runs:leads was in flight (applied after, never regressing a status). */
let buffered: TaskDelta[] | null = null;
let loadSeq = 0;

function applyDelta(rows: Map<string, LeadRow>, d: TaskDelta, monotonic: boolean): boolean {
  const row = rows.get(d.leadId);
  if (!row) return false;
  const prev = row.stages[d.stage];
  if (monotonic && prev && RANK[d.status] < RANK[prev]) return false;
  const next: LeadRow = { ...row, stages: { ...row.stages, [d.stage]: d.status } };
  if (d.durationMs !== undefined) next.durations = { ...row.durations, [d.stage]: d.durationMs };
  if (d.status === 'failed' && d.error) next.error = next.error ?? `${d.stage}: ${d.error}`;
  if (d.status !== 'failed' && prev === 'failed' && row.error?.startsWith(`${d.stage}:`)) next.error = undefined;
  rows.set(d.leadId, next);
  return true;
}

export const useLeadTable = create<LeadTableState>((set, get) => ({
  runId: null,
  status: 'idle',
  rows: new Map(),
  order: [],
  version: 0,
  load: async (runId) => {
    const seq = ++loadSeq;
    const same = get().runId === runId && get().status === 'ready';
    buffered = [];
    queue = queue.filter((d) => d.runId === runId);
    set({ runId, status: same ? 'ready' : 'loading', error: undefined, ...(same ? {} : { rows: new Map(), order: [] }) });
    try {
      const list = await api().runsLeads({ runId });
      if (seq !== loadSeq) return;
      const rows = new Map<string, LeadRow>();
      const order: string[] = new Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const row = list[i];
        rows.set(row.leadId, row);
        order[i] = row.leadId;
      }
      const late = buffered ?? [];
      buffered = null;
      for (const d of late) if (d.runId === runId) applyDelta(rows, d, true);
      set({ rows, order, status: 'ready', version: get().version + 1 });
      requestAnimationFrame(() => mark('pipeline:table-rendered', { runId, count: order.length }));
    } catch (e) {
      if (seq !== loadSeq) return;
      buffered = null;
      set({ status: 'error', error: errorMessage(e) });
    }
  },
  enqueue: (deltas) => {
    const runId = get().runId;
    if (!runId) return;
    for (const d of deltas) {
      if (d.runId !== runId) continue;
      if (buffered) buffered.push(d);
      else queue.push(d);
    }
    if (!scheduled && queue.length) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  },
}));

function flush(): void {
  scheduled = false;
  const state = useLeadTable.getState();
  const slice = queue.length > SLICE ? queue.splice(0, SLICE) : queue;
  if (slice === queue) queue = [];
  let changed = false;
  for (const d of slice) if (d.runId === state.runId && applyDelta(state.rows, d, false)) changed = true;
  if (changed) useLeadTable.setState({ version: state.version + 1 });
  if (queue.length && !scheduled) {
    scheduled = true;
    requestAnimationFrame(flush);
  }
}

let subscribed = false;
/** Subscribes the lead table to `pipeline:tasks` once for the app's lifetime. */
export function subscribeLeadTableEvents(): void {
  if (subscribed) return;
  subscribed = true;
  onEvent('pipeline:tasks', (deltas) => useLeadTable.getState().enqueue(deltas));
}

/** Overall status of a lead row: failed > running > pending > done (done = every stage done or skipped). */
export function rowStatus(row: LeadRow, stages: readonly string[]): TaskStatus {
  let anyPending = false;
  let anyRunning = false;
  for (const s of stages) {
    const st = row.stages[s];
    if (st === 'failed') return 'failed';
    if (st === 'running') anyRunning = true;
    else if (st === 'pending' || st === undefined) anyPending = true;
  }
  if (anyRunning) return 'running';
  return anyPending ? 'pending' : 'done';
}
