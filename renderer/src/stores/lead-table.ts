import { create } from 'zustand';
import { TASK_STATUS_CODE, statusAt, type LeadRow, type TaskDelta } from '@shared/ipc';
import type { TaskStatus } from '@shared/domain/run';
import { api, errorMessage, onEvent } from '../bridge';
import { mark } from '../perf';
import type { LoadStatus } from './runs';

/**
 * The pipeline lead table of the selected run: up to 10k+ compact rows (`LeadRow`: per-stage status codes and
 * durations aligned with `stages`) kept in a Map (mutated in place) plus a version counter.
 *
 * Loading: `runs:leads` is read page by page (a small first page, so the table shows at once, then pages of
 * {@link PAGE} rows), each page a short task for the renderer; a fresh table shows the rows as they arrive, a reload
 * of the table on screen swaps them in once complete. `pipeline:tasks` deltas that arrive meanwhile wait and are
 * applied after the last page (never regressing a status).
 *
 * Streaming: deltas are queued and applied once per animation frame, in slices of at most {@link SLICE} deltas, so a
 * 10k-lead run never blocks the main thread; each changed row gets a new row object, so only the (few, virtualised)
 * row components showing it re-render — never all rows.
 */
interface LeadTableState {
  runId: string | null;
  status: LoadStatus;
  error?: string;
  /** The run's stages as the rows' `statuses` / `durationsMs` are aligned (from runs:leads). */
  stages: string[];
  /** leadId → row; replaced row objects on change, the Map itself is mutated in place. */
  rows: Map<string, LeadRow>;
  /** Lead ids in table order (from runs:leads); changes only while loading. */
  order: string[];
  /** Leads in the run (known from the first page; `order.length` catches up while pages load). */
  total: number;
  /** Bumps after every applied batch (for derived views such as the "failed" filter). */
  version: number;
  load: (runId: string) => Promise<void>;
  /** Queues deltas (from `pipeline:tasks`) for the next frame. */
  enqueue: (deltas: TaskDelta[]) => void;
}

/** Rows of the first `runs:leads` page (one screenful and then some: shows the table at once). */
const FIRST_PAGE = 200;
/** Rows of each further page (≈ 200 KB: a few ms to read and store). */
const PAGE = 1000;
/** Max deltas applied per frame (≈ 1-2 ms of work), the rest waits for the next frame. */
const SLICE = 4000;
const RANK: Record<TaskStatus, number> = { pending: 0, running: 1, done: 2, failed: 2, skipped: 2 };

let queue: TaskDelta[] = [];
let scheduled = false;
/** Deltas that arrived while runs:leads pages were in flight (applied after, never regressing a status). */
let buffered: TaskDelta[] | null = null;
let loadSeq = 0;
/** Stage name → column of the loaded table. */
let stageIndex = new Map<string, number>();

const roundMs = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Applies deltas to the rows: each changed row is copied once per call (not once per delta) and replaced, so React
 * sees a new row object and the garbage stays small while 90k deltas stream in.
 * @param monotonic never move a task back to an earlier status (for deltas that may be older than the rows)
 * @returns whether any row changed
 */
function applyDeltas(rows: Map<string, LeadRow>, deltas: readonly TaskDelta[], runId: string | null, monotonic: boolean): boolean {
  const copies = new Map<string, LeadRow>();
  for (const d of deltas) {
    if (d.runId !== runId) continue;
    const si = stageIndex.get(d.stage);
    if (si === undefined) continue;
    let row = copies.get(d.leadId);
    if (!row) {
      const current = rows.get(d.leadId);
      if (!current) continue;
      row = { ...current, durationsMs: current.durationsMs.slice() };
    }
    const prev = statusAt(row.statuses, si);
    if (monotonic && RANK[d.status] < RANK[prev]) continue;
    copies.set(d.leadId, row);
    if (prev !== d.status) row.statuses = `${row.statuses.slice(0, si)}${TASK_STATUS_CODE[d.status]}${row.statuses.slice(si + 1)}`;
    if (d.durationMs !== undefined) row.durationsMs[si] = roundMs(d.durationMs);
    if (d.status === 'failed' && d.error) row.error = row.error ?? `${d.stage}: ${d.error}`;
    if (d.status !== 'failed' && prev === 'failed' && row.error?.startsWith(`${d.stage}:`)) delete row.error;
  }
  for (const [leadId, row] of copies) rows.set(leadId, row);
  return copies.size > 0;
}

export const useLeadTable = create<LeadTableState>((set, get) => ({
  runId: null,
  status: 'idle',
  stages: [],
  rows: new Map(),
  order: [],
  total: 0,
  version: 0,
  load: async (runId) => {
    const seq = ++loadSeq;
    const same = get().runId === runId && get().status === 'ready';
    buffered = [];
    queue = queue.filter((d) => d.runId === runId);
    set({ runId, status: same ? 'ready' : 'loading', error: undefined, ...(same ? {} : { rows: new Map(), order: [], total: 0 }) });
    try {
      const rows = new Map<string, LeadRow>();
      const order: string[] = [];
      let offset = 0;
      for (;;) {
        const page = await api().runsLeads({ runId, offset, limit: offset === 0 ? FIRST_PAGE : PAGE });
        if (seq !== loadSeq) return;
        for (const row of page.rows) {
          rows.set(row.leadId, row);
          order.push(row.leadId);
        }
        offset = page.offset + page.rows.length;
        const complete = offset >= page.total || page.rows.length === 0;
        if (complete || !same) {
          // A fresh table shows each page as it arrives; a reload swaps the rows in once complete.
          stageIndex = new Map(page.stages.map((s, i) => [s, i]));
          if (complete) {
            const late = buffered ?? [];
            buffered = null;
            applyDeltas(rows, late, runId, true);
          }
          const first = get().status !== 'ready';
          set({ rows, order: order.slice(), stages: page.stages, total: page.total, status: 'ready', version: get().version + 1 });
          if (first) requestAnimationFrame(() => mark('pipeline:table-rendered', { runId, count: order.length }));
        }
        if (complete) break;
      }
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
  if (applyDeltas(state.rows, slice, state.runId, false)) useLeadTable.setState({ version: state.version + 1 });
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
export function rowStatus(row: LeadRow): TaskStatus {
  const s = row.statuses;
  if (s.includes(TASK_STATUS_CODE.failed)) return 'failed';
  if (s.includes(TASK_STATUS_CODE.running)) return 'running';
  return s.includes(TASK_STATUS_CODE.pending) ? 'pending' : 'done';
}
